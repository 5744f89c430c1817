//! Read: the only stage that touches input bytes. A file becomes one or more
//! raw sheets; what the file really is (workbook, CSV, PDF, image...) is decided
//! by its content, never by its extension.

pub mod codes;
pub mod csv;
pub mod isolated;
mod mail_links;
mod ods_scan;
pub mod sheet;
pub mod sniff;
pub mod workbook;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::io_text;
use crate::limits::{self, Limit, Limits};
use csv::Pieces;
use sheet::RawSheet;
use sniff::Content;
pub use workbook::Reading;

/// Where a form comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    /// CSV on standard input (`-`).
    Stdin,
    /// A file already in memory (an upload), with the name it came with:
    /// read exactly as a file of that name.
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
}

impl Input {
    /// How reports name it: exactly, control characters included. The JSON
    /// report keeps it so (JSON escapes them); what a person reads on a
    /// terminal shows it through `io_text::for_people`.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// The name without folders nor extension, where a ticket may be written.
    pub fn file_stem(&self) -> Option<String> {
        match self {
            Input::Path(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()),
            Input::Stdin => None,
            Input::Bytes { name, .. } => Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned()),
        }
    }

    /// The file name without folders, for messages about other files and
    /// the progress line: its control characters shown, never obeyed.
    pub fn file_name(&self) -> String {
        let name = match self {
            Input::Path(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Input::Stdin => "entrada estándar".to_string(),
            Input::Bytes { name, .. } => Path::new(name)
                .file_name()
                .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
        };
        io_text::for_people(&name).into_owned()
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
    // Read in pieces: a CSV is read on from them, freeing each behind it; a
    // workbook is put whole.
    let (pieces, extension) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(limits.max_part_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|e| {
                    FileError::new(
                        &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
                        format!(
                            "No se pudo leer la entrada estándar: {}.",
                            io_text::reading(&e)
                        ),
                    )
                })?;
            if buf.len() as u64 > limits.max_part_bytes {
                return Err(too_big());
            }
            (Pieces::from(buf), Some("csv".to_string()))
        }
        Input::Path(path) => match read_file(path, limits.max_part_bytes)? {
            Some(pieces) => (Pieces::new(pieces), extension(path)),
            None => return Err(too_big()),
        },
        Input::Bytes { name, bytes } => {
            if bytes.len() as u64 > limits.max_part_bytes {
                return Err(too_big());
            }
            (Pieces::from(bytes.clone()), extension(Path::new(name)))
        }
    };
    match sniff::detect(pieces.first()) {
        Content::Empty => Err(FileError::new(
            &crate::read::codes::ARCHIVO_VACIO,
            format!("El archivo {name} está vacío (0 bytes)."),
        )
        .with_help("Pida de nuevo el formato a quien lo envió: el adjunto llegó vacío.")),
        Content::Zip | Content::Ole => workbook::read(
            pieces.into_whole(),
            extension.as_deref(),
            &name,
            sheet_name,
            limits,
            reading,
        ),
        Content::Text => Ok(vec![csv::read(pieces, limits, &name)?]),
        Content::Other(what) => Err(FileError::new(
            &crate::read::codes::ARCHIVO_NO_ES_HOJA,
            format!("El archivo {name} no es una hoja de cálculo: parece {what}."),
        )
        .with_help(
            "Pida el formato de creación de usuarios en Excel (.xlsx), LibreOffice (.ods) o CSV.",
        )),
        Content::Export(export) => {
            let saved_as = match input {
                Input::Path(path) => self::extension(path),
                Input::Bytes { name, .. } => self::extension(Path::new(name)),
                Input::Stdin => None,
            };
            Err(export_error(export, &name, saved_as.as_deref()))
        }
    }
}

/// A sheet Excel saved as a web page or as XML 2003: what it is, and how to
/// turn it into a workbook (Excel opens it and saves it as .xlsx).
fn export_error(export: sniff::Export, name: &str, extension: Option<&str>) -> FileError {
    let what = match export {
        sniff::Export::WebPage => "una página web (HTML)",
        sniff::Export::Xml2003 => "una «Hoja de cálculo XML 2003»",
    };
    let saved_as = extension
        .map(|e| format!(" guardada con extensión .{e}"))
        .unwrap_or_default();
    FileError::new(
        &crate::read::codes::ARCHIVO_NO_ES_HOJA,
        format!(
            "El archivo {name} no es un libro de Excel: es {what}{saved_as}. Ábralo en Excel y guárdelo como Libro de Excel (.xlsx)."
        ),
    )
    .with_help(
        "Abra el archivo en Excel (acepte el aviso de que el formato no coincide con la extensión), use Archivo > Guardar como > «Libro de Excel (*.xlsx)» y valide el archivo nuevo. Si no tiene Excel, pida a la institución que lo envíe guardado así.",
    )
}

/// The bytes of a regular file, or `None` when it holds more than `limit`
/// (workbooks are compressed: their parts are checked when opened). See
/// `regular_file`: a FIFO or a device is refused, never read.
fn read_file(path: &Path, limit: u64) -> Result<Option<Vec<Vec<u8>>>, FileError> {
    use crate::regular_file::{self, Refused};
    match regular_file::read_pieces(path, limit, csv::pieces::PIECE) {
        Ok(pieces) => Ok(Some(pieces)),
        Err(Refused::TooBig) => Ok(None),
        Err(refused) => Err(unreadable(path, refused)),
    }
}

/// Why the file at `path` cannot be read, as the file's error.
fn unreadable(path: &Path, refused: crate::regular_file::Refused) -> FileError {
    use crate::regular_file::Refused;
    match refused {
        Refused::TooBig => FileError::new(
            &crate::limits::LIMITE_SUPERADO,
            format!("El archivo {} es más grande que el límite.", path.display()),
        ),
        Refused::NotRegular(what) => FileError::new(
            &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
            format!("La ruta {} {what}.", path.display()),
        )
        .with_help(
            "Indique la ruta de un archivo de hoja de cálculo guardado en el disco (.xlsx, .xls, .ods o .csv); para leer de una tubería use «-» (entrada estándar).",
        ),
        // «El archivo X no hay permiso para leerlo» was no sentence, and
        // the code said the file was missing when it is there.
        Refused::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => FileError::new(
            &crate::read::codes::ARCHIVO_SIN_PERMISO,
            format!(
                "No hay permiso para leer el archivo {} (o está abierto y bloqueado por otro programa).",
                path.display()
            ),
        )
        .with_help(crate::read::codes::ARCHIVO_SIN_PERMISO.doc.todo),
        Refused::Io(e) => FileError::new(
            &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
            format!("El archivo {} {}.", path.display(), io_text::reading(&e)),
        )
        .with_help(
            "Revise la ruta y el nombre del archivo; si está abierto en otro programa, ciérrelo.",
        ),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regular_file::Refused;
    use std::io::{Error, ErrorKind};

    /// A file without read permission was «El archivo X no hay permiso para
    /// leerlo», under the code of a missing file.
    #[test]
    fn a_file_without_permission_has_its_own_code_and_sentence() {
        let path = Path::new("cerrado.csv");
        let e = unreadable(path, Refused::Io(Error::from(ErrorKind::PermissionDenied)));
        assert_eq!(e.code(), "ARCHIVO_SIN_PERMISO");
        assert!(
            e.message
                .starts_with("No hay permiso para leer el archivo cerrado.csv"),
            "{}",
            e.message
        );
        assert!(e.help.as_deref().is_some_and(|h| h.contains("cópielo")));
        let e = unreadable(path, Refused::Io(Error::from(ErrorKind::NotFound)));
        assert_eq!(e.code(), "ARCHIVO_NO_ENCONTRADO");
        assert_eq!(e.message, "El archivo cerrado.csv no existe.");
    }
}
