//! Why the ledger could not be used: one error with a stable code, a Spanish
//! message that says why (SQLite's own English text only as a detail) and
//! what to do. The layers above turn it into their own error.

use std::fmt;
use std::path::Path;

/// The code of every ledger error (stable, for `--json` and scripts).
pub const HISTORIAL_NO_DISPONIBLE: &str = "HISTORIAL_NO_DISPONIBLE";

const HELP: &str = "Cierre el otro programa que lo usa, o indique otro archivo con --historial. Si está dañado, guárdelo aparte (renómbrelo) y sigce empezará uno nuevo.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerError {
    pub code: &'static str,
    pub message: String,
    pub help: &'static str,
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LedgerError {}

/// Why the ledger could not be used, in Spanish where SQLite says why.
pub(super) trait Why {
    fn why(&self) -> String;
}

impl Why for rusqlite::Error {
    fn why(&self) -> String {
        use rusqlite::ErrorCode;
        let why = match self.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                return "el archivo está dañado o no es un historial de sigce".to_string();
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                return "otro programa lo tiene bloqueado".to_string();
            }
            Some(ErrorCode::ReadOnly) => "es de solo lectura",
            Some(ErrorCode::PermissionDenied) => "no hay permiso para usarlo",
            Some(ErrorCode::CannotOpen) => "no se puede abrir",
            Some(ErrorCode::DiskFull) => "no queda espacio en el disco",
            Some(ErrorCode::SystemIoFailure) => {
                "el disco o la unidad de red falló al leer o escribir"
            }
            Some(ErrorCode::FileLockingProtocolFailed) => {
                "la unidad no permite bloquear el archivo (use un historial en un disco local)"
            }
            Some(ErrorCode::TooBig) => "un dato es demasiado grande",
            _ => "error de la base de datos",
        };
        // SQLite's own text (English) only as a detail.
        format!("{why} (detalle: {self})")
    }
}

impl Why for std::io::Error {
    fn why(&self) -> String {
        crate::io_text::writing(self)
    }
}

/// The ledger at `path` cannot be used, because of `e`.
pub(super) fn unavailable(path: &Path, e: impl Why) -> LedgerError {
    let why = e.why();
    LedgerError {
        code: HISTORIAL_NO_DISPONIBLE,
        message: format!("No se pudo usar el historial {}: {why}.", path.display()),
        help: HELP,
    }
}

/// A ledger written by a newer version of sigce: refused, not misread.
pub(super) fn newer(path: &Path, version: i32) -> LedgerError {
    LedgerError {
        code: HISTORIAL_NO_DISPONIBLE,
        message: format!(
            "El historial {} es de una versión más nueva de sigce (esquema {version}; esta versión conoce hasta el {}).",
            path.display(),
            super::schema::VERSION
        ),
        help: "Actualice sigce en este equipo, o indique otro historial con --historial.",
    }
}
