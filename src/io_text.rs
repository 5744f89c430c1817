//! What people read about files: why reading or writing one failed, in
//! Spanish, and a file or sheet name shown without the control characters
//! that would drive the terminal. A leaf: it imports nothing of the crate, so
//! readers, writers, the configuration and the reporters can all use it.
//!
//! The operating system and the libraries word their errors in English
//! ("Permission denied (os error 13)", "Xml error: ..."). A person reads a
//! Spanish sentence first; the library's own text may follow only as a detail
//! in parentheses, for whoever reports the problem.

use std::borrow::Cow;
use std::error::Error;
use std::io::{self, ErrorKind};

/// Why reading a file failed, as a clause that follows "El archivo X ...":
/// "no existe", "no hay permiso para leerlo", "es una carpeta, no un archivo".
pub fn reading(e: &io::Error) -> String {
    reason(e, Access::Read)
}

/// Why writing a file (or creating its folder) failed, as a clause that
/// follows "No se pudo escribir X: ...".
pub fn writing(e: &io::Error) -> String {
    reason(e, Access::Write)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

fn reason(e: &io::Error, access: Access) -> String {
    let e = innermost(e);
    let read = access == Access::Read;
    let known = match e.kind() {
        ErrorKind::NotFound if read => "no existe",
        ErrorKind::NotFound => "la carpeta no existe",
        ErrorKind::PermissionDenied if read => {
            "no hay permiso para leerlo (o está abierto y bloqueado por otro programa)"
        }
        ErrorKind::PermissionDenied => {
            "no hay permiso para escribir ahí (o el archivo está abierto en otro programa, como Excel)"
        }
        ErrorKind::IsADirectory => "es una carpeta, no un archivo",
        ErrorKind::NotADirectory => "una parte de la ruta no es una carpeta",
        ErrorKind::StorageFull => "el disco está lleno",
        ErrorKind::QuotaExceeded => "se acabó el espacio asignado en el disco (cuota)",
        ErrorKind::ReadOnlyFilesystem => "el disco o la carpeta es de solo lectura",
        ErrorKind::FileTooLarge => "es demasiado grande para el disco",
        ErrorKind::InvalidFilename => "el nombre o la ruta no son válidos en este equipo",
        ErrorKind::AlreadyExists => "ya existe un archivo con ese nombre",
        ErrorKind::DirectoryNotEmpty => "la carpeta no está vacía",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "otro programa lo está usando",
        ErrorKind::TimedOut => "el disco no respondió a tiempo (¿una unidad de red o USB?)",
        ErrorKind::StaleNetworkFileHandle
        | ErrorKind::NotConnected
        | ErrorKind::ConnectionAborted
        | ErrorKind::ConnectionReset
        | ErrorKind::BrokenPipe
        | ErrorKind::NetworkDown
        | ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable => "la unidad de red dejó de estar disponible",
        ErrorKind::UnexpectedEof if read => "terminó antes de lo esperado: está incompleto",
        ErrorKind::WriteZero | ErrorKind::UnexpectedEof => {
            "no se pudo escribir completo (¿disco lleno o desconectado?)"
        }
        ErrorKind::OutOfMemory => "no hay memoria suficiente en el equipo",
        ErrorKind::Interrupted => "la operación se interrumpió",
        ErrorKind::Unsupported => "el sistema no permite esa operación en esa ruta",
        ErrorKind::CrossesDevices => "no se puede mover de un disco a otro",
        ErrorKind::InvalidData if read && e.to_string().contains("UTF-8") => {
            "no es texto en UTF-8 (guárdelo con codificación UTF-8)"
        }
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let what = match access {
        Access::Read => "no se pudo leer",
        Access::Write => "no se pudo escribir",
    };
    let detail = e.to_string();
    let spanish = library_text(&detail);
    match spanish {
        Some(text) => format!("{what}: {text}"),
        None => format!("{what} (detalle: {detail})"),
    }
}

/// The deepest `io::Error` inside `e`: a writer wraps a disk error in its own
/// (`io::Error::other(XlsxError::IoError(..))`), and the inner kind says more.
fn innermost(e: &io::Error) -> &io::Error {
    let mut best = e;
    let mut next: Option<&(dyn Error + 'static)> = e.get_ref().map(|inner| inner as _);
    while let Some(err) = next {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            if io.kind() != ErrorKind::Other || best.kind() == ErrorKind::Other {
                best = io;
            }
            next = io.get_ref().map(|inner| inner as _);
        } else {
            next = err.source();
        }
    }
    best
}

/// A library's error text ("Xml error: unrecognized entity", "Zip error: ...",
/// "disk I/O error") as a Spanish sentence with the text as its detail.
/// Meant for the reasons a spreadsheet reader or writer gives.
pub fn library(detail: &str) -> String {
    library_text(detail)
        .unwrap_or_else(|| format!("el lector no pudo interpretarlo (detalle: {detail})"))
}

/// The Spanish sentence for a known library text, if it is one.
fn library_text(detail: &str) -> Option<String> {
    // (fragment, lowercase, the Spanish sentence). The first match wins.
    const KNOWN: &[(&str, &str)] = &[
        (
            "zipwriter",
            "no se pudo terminar de escribir el archivo comprimido",
        ),
        ("xml", "el contenido XML está dañado"),
        ("expecting '", "el contenido XML está dañado"),
        ("zip", "el contenedor comprimido (ZIP) está dañado"),
        (
            "invalid ole",
            "la estructura del libro de Excel 97-2003 está dañada",
        ),
        (
            "cfb error",
            "la estructura del libro de Excel 97-2003 está dañada",
        ),
        ("no space left", "el disco está lleno"),
        ("disk full", "el disco está lleno"),
        ("disk i/o error", "falló el disco al leer o escribir"),
        ("permission denied", "no hay permiso"),
        ("access is denied", "no hay permiso"),
        ("read-only file system", "el disco es de solo lectura"),
        ("is a directory", "es una carpeta, no un archivo"),
        ("not found", "falta una parte interna del libro"),
        ("did not contain valid utf-8", "el texto no está en UTF-8"),
        (
            "exceeds excel's limit",
            "un texto supera el máximo de una celda de Excel",
        ),
        ("i/o error", "falló la lectura o escritura en el disco"),
        ("parse", "un valor interno no se pudo interpretar"),
        ("unrecognized", "un dato interno no se reconoce"),
        ("invalid", "un dato interno no es válido"),
        ("unexpected end", "está incompleto"),
        ("end of stream", "está incompleto"),
    ];
    let lower = detail.to_lowercase();
    KNOWN
        .iter()
        .find(|(fragment, _)| lower.contains(fragment))
        .map(|(_, spanish)| format!("{spanish} (detalle: {})", for_people(detail)))
}

/// A name (file, folder, sheet) or any text from outside, safe to print on a
/// terminal: control characters (C0, DEL, C1) and the bidirectional controls
/// that reorder what is shown (U+202E...) become visible marks, so
/// `\x1b[2J` shows as `␛[2J` instead of clearing the screen and the name is
/// still recognizable. Text without them is returned as it is.
pub fn for_people(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            // The Control Pictures block has one sign for each C0 control.
            '\0'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c if is_hidden_control(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like `for_people`, for a text of several lines: its line breaks stay.
pub fn for_people_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_hidden_control(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(for_people).collect();
    Cow::Owned(lines.join("\n"))
}

/// A character a terminal acts on, or that changes how the text around it
/// is shown, instead of showing itself.
fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_io_error_reads_in_spanish() {
        let cases = [
            (ErrorKind::NotFound, "no existe"),
            (ErrorKind::PermissionDenied, "no hay permiso para leerlo"),
            (ErrorKind::IsADirectory, "es una carpeta"),
            (ErrorKind::StorageFull, "el disco está lleno"),
            (
                ErrorKind::ReadOnlyFilesystem,
                "el disco o la carpeta es de solo lectura",
            ),
        ];
        for (kind, spanish) in cases {
            let text = reading(&io::Error::from(kind));
            assert!(text.starts_with(spanish), "{kind:?}: {text}");
        }
        let text = writing(&io::Error::from(ErrorKind::PermissionDenied));
        assert!(text.starts_with("no hay permiso para escribir"), "{text}");
        let utf8 = std::fs::read_to_string(file_with(b"\xff\xfe\xfd")).unwrap_err();
        assert_eq!(
            reading(&utf8),
            "no es texto en UTF-8 (guárdelo con codificación UTF-8)"
        );
    }

    fn file_with(bytes: &[u8]) -> tempfile::TempPath {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), bytes).unwrap();
        file.into_temp_path()
    }

    #[test]
    fn an_unknown_error_keeps_its_text_only_as_a_detail_after_spanish() {
        let e = io::Error::other("something odd");
        assert_eq!(reading(&e), "no se pudo leer (detalle: something odd)");
        // A disk error wrapped by a writer is told by its own kind.
        let wrapped = io::Error::other(io::Error::from(ErrorKind::StorageFull));
        assert_eq!(writing(&wrapped), "el disco está lleno");
        let zip = io::Error::other("ZipWriter::drop: failed to finalize archive");
        assert_eq!(
            writing(&zip),
            "no se pudo escribir: no se pudo terminar de escribir el archivo comprimido (detalle: ZipWriter::drop: failed to finalize archive)"
        );
        let sqlite = io::Error::other("disk I/O error");
        assert!(writing(&sqlite).starts_with("no se pudo escribir: falló el disco"));
    }

    #[test]
    fn library_errors_are_told_in_spanish_first() {
        assert_eq!(
            library("Xml error: unrecognized entity `x`"),
            "el contenido XML está dañado (detalle: Xml error: unrecognized entity `x`)"
        );
        assert!(library("Zip error: invalid Zip archive").starts_with("el contenedor comprimido"));
        assert!(library("who knows").starts_with("el lector no pudo interpretarlo (detalle: "));
    }

    #[test]
    fn control_characters_in_names_are_shown_not_obeyed() {
        assert!(matches!(for_people("formato.xlsx"), Cow::Borrowed(_)));
        assert_eq!(for_people("MUÑOZ «A».xlsx"), "MUÑOZ «A».xlsx");
        assert_eq!(
            for_people("a\u{1b}[2Jb\u{1b}]0;title\u{7}c"),
            "a␛[2Jb␛]0;title␇c"
        );
        assert_eq!(for_people("x\u{202e}fdp.xlsx"), "x\\u{202e}fdp.xlsx");
        assert_eq!(for_people("a\u{9b}b\u{7f}\n"), "a\\u{9b}b␡␊");
        assert_eq!(for_people("\u{2066}a\u{2069}"), "\\u{2066}a\\u{2069}");
        assert_eq!(for_people_lines("a\u{1b}\nb"), "a␛\nb");
        assert_eq!(for_people_lines("a\nb"), "a\nb");
    }
}
