//! `sigce plantilla`: writes the blank form, never over an existing file
//! unless asked (it may be a form someone already filled).

use std::path::PathBuf;

use crate::cli::{CleanFormat, PlantillaArgs};
use crate::error::FileError;
use crate::field::Field;
use crate::write::{self, template_xlsx};

/// Writes the template; returns the path written.
pub fn run(args: &PlantillaArgs) -> Result<PathBuf, FileError> {
    let path = args.salida.clone().unwrap_or_else(|| {
        PathBuf::from(match args.formato {
            CleanFormat::Xlsx => "formato_creacion_usuarios_sigce.xlsx",
            CleanFormat::Csv => "formato_creacion_usuarios_sigce.csv",
        })
    });
    let failed = |detail: String| {
        FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "No se pudo escribir la plantilla {}: {detail}.",
                path.display()
            ),
        )
    };
    if path.exists() && !args.sobrescribir {
        return Err(failed("ya existe un archivo con ese nombre".to_string())
            .with_help("Indique otro nombre con -o, o use --sobrescribir si de verdad quiere reemplazarlo."));
    }
    let bytes = match args.formato {
        CleanFormat::Xlsx => template_xlsx::build(&template_xlsx::Options {
            ticket: args.ticket.as_deref(),
            rows: args.filas,
        })
        .map_err(|e| failed(crate::io_text::library(&e.to_string())))?,
        CleanFormat::Csv => {
            header_csv().map_err(|e| failed(crate::io_text::library(&e.to_string())))?
        }
    };
    write::write_atomic(&path, &bytes).map_err(|e| {
        failed(crate::io_text::writing(&e))
            .with_help("Revise que la carpeta existe y que el archivo no está abierto en Excel.")
    })?;
    Ok(path)
}

/// The header row alone, as the validator expects it.
fn header_csv() -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(Field::ALL.iter().map(|f| f.header()))?;
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
