//! Read: the only stage that touches input bytes. A file becomes one or more
//! raw sheets; what the file really is (workbook, CSV, PDF, image...) is decided
//! by its content, never by its extension.

pub mod csv;
pub mod isolated;
mod ods_scan;
pub mod sheet;
pub mod sniff;
pub mod workbook;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::rules::archivo;
use sheet::RawSheet;
use sniff::Content;
pub use workbook::Reading;

/// Where a form comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    /// CSV on standard input (`-`).
    Stdin,
}

impl Input {
    /// How reports name it.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// The file name without folders, for messages about other files.
    pub fn file_name(&self) -> String {
        match self {
            Input::Path(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Input::Stdin => "entrada estándar".to_string(),
        }
    }
}

/// Reads every sheet of a workbook, or the one sheet of a CSV, whole.
pub fn read_all(
    input: &Input,
    sheet_name: Option<&str>,
    limits: &Limits,
) -> Result<Vec<RawSheet>, FileError> {
    read(input, sheet_name, limits, Reading::Whole)?
        .into_iter()
        .map(RawSheet::complete)
        .collect()
}

/// Reads every sheet of a workbook, or the one sheet of a CSV.
/// `sheet_name` restricts a workbook to one sheet. A CSV's sheet has its
/// first rows read and the rest left to read (`RawSheet::rest`); so has an
/// XLSX sheet when `reading` is `Reading::Streamed`.
pub fn read(
    input: &Input,
    sheet_name: Option<&str>,
    limits: &Limits,
    reading: Reading,
) -> Result<Vec<RawSheet>, FileError> {
    let name = input.display_name();
    crate::memory::reading(&name);
    let too_big = || limits::exceeded(Limit::PartBytes, limits, &name, "el archivo es más grande");
    let (bytes, extension) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(limits.max_part_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|e| {
                    FileError::new(
                        &archivo::ARCHIVO_NO_ENCONTRADO,
                        format!("No se pudo leer la entrada estándar: {e}."),
                    )
                })?;
            if buf.len() as u64 > limits.max_part_bytes {
                return Err(too_big());
            }
            (buf, Some("csv".to_string()))
        }
        Input::Path(path) => {
            // Workbooks are compressed: their parts are checked when opened. A
            // file on disk larger than the limit is refused before reading it.
            if std::fs::metadata(path).is_ok_and(|m| m.len() > limits.max_part_bytes) {
                return Err(too_big());
            }
            (read_file(path)?, extension(path))
        }
    };
    match sniff::detect(&bytes) {
        Content::Empty => Err(FileError::new(
            &archivo::ARCHIVO_VACIO,
            format!("El archivo {name} está vacío (0 bytes)."),
        )
        .with_help("Pida de nuevo el formato a quien lo envió: el adjunto llegó vacío.")),
        Content::Zip | Content::Ole => workbook::read(
            bytes,
            extension.as_deref(),
            &name,
            sheet_name,
            limits,
            reading,
        ),
        Content::Text => Ok(vec![csv::read(bytes, limits, &name)?]),
        Content::Other(what) => Err(FileError::new(
            &archivo::ARCHIVO_NO_ES_HOJA,
            format!("El archivo {name} no es una hoja de cálculo: parece {what}."),
        )
        .with_help(
            "Pida el formato de creación de usuarios en Excel (.xlsx), LibreOffice (.ods) o CSV.",
        )),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no existe".to_string(),
            std::io::ErrorKind::PermissionDenied => "no hay permiso para leerlo".to_string(),
            _ if path.is_dir() => "es una carpeta".to_string(),
            _ => format!("no se pudo leer ({e})"),
        };
        FileError::new(
            &archivo::ARCHIVO_NO_ENCONTRADO,
            format!("El archivo {} {why}.", path.display()),
        )
        .with_help(
            "Revise la ruta y el nombre del archivo; si está abierto en otro programa, ciérrelo.",
        )
    })
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}
