//! `sigce plantilla`: writes the blank form, never over an existing file
//! unless asked (it may be a form someone already filled).

use std::path::PathBuf;

use crate::cli::PlantillaArgs;
use crate::error::FileError;
use crate::write;

/// Writes the template; returns the path written.
pub fn run(args: &PlantillaArgs) -> Result<PathBuf, FileError> {
    let path = args
        .salida
        .clone()
        .unwrap_or_else(|| PathBuf::from(args.formato.default_file_name()));
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
    let bytes = args
        .formato
        .build(args.ticket.as_deref(), args.filas)
        .map_err(|e| failed(crate::io_text::library(&e)))?;
    write::write_atomic(&path, &bytes).map_err(|e| {
        failed(crate::io_text::writing(&e))
            .with_help("Revise que la carpeta existe y que el archivo no está abierto en Excel.")
    })?;
    Ok(path)
}
