//! `sigce caso nuevo`: a blank, commented case file to fill by hand.

use std::path::PathBuf;

use crate::case::error::code;
use crate::case::{Case, CaseError, Item, file};
use crate::cli::CasoNuevoArgs;
use crate::write;

pub fn new(args: &CasoNuevoArgs) -> Result<PathBuf, CaseError> {
    let mut case = Case {
        request: args.tipo.clone().unwrap_or_default(),
        ..Case::default()
    };
    case.caller.set(Item::Aplicacion, "SIGCE");
    if let Some(t) = &args.ticket {
        case.caller.set(Item::Ticket, t.as_str());
    }
    let path = args
        .salida
        .clone()
        .unwrap_or_else(|| PathBuf::from(file::file_name(case.caller.ticket())));
    if path.exists() && !args.sobrescribir {
        return Err(CaseError::new(
            code::ESCRITURA_FALLIDA,
            format!("{} ya existe; no se reemplazó.", path.display()),
        )
        .with_help(
            "Complete ese caso y escálelo, use otro nombre con -o, o agregue --sobrescribir.",
        ));
    }
    write::write_atomic(&path, file::render(&case).as_bytes()).map_err(|e| {
        CaseError::new(
            code::ESCRITURA_FALLIDA,
            format!(
                "No se pudo escribir {}: {}.",
                path.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Revise que la carpeta existe y se puede escribir.")
    })?;
    Ok(path)
}
