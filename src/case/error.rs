//! What stops a case from being escalated: a case file that cannot be read,
//! a record missing what its request needs, a destination without an
//! address, a ledger that cannot be written. Each has a stable code, a
//! Spanish message, the list of items when there are several, and what to do.

use std::fmt;

use miette::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    pub code: &'static str,
    pub message: String,
    /// Each missing or invalid item, one line each.
    pub items: Vec<String>,
    pub help: Option<String>,
}

/// Codes of case errors (stable, for `--json` and scripts).
pub mod code {
    pub const CASO_ILEGIBLE: &str = "CASO_ILEGIBLE";
    pub const CASO_INVALIDO: &str = "CASO_INVALIDO";
    pub const CASO_INCOMPLETO: &str = "CASO_INCOMPLETO";
    pub const DESTINO_SIN_DIRECCION: &str = "DESTINO_SIN_DIRECCION";
    pub const YA_ESCALADO: &str = "YA_ESCALADO";
    pub const HISTORIAL_NO_DISPONIBLE: &str = "HISTORIAL_NO_DISPONIBLE";
    pub const ESCRITURA_FALLIDA: &str = "ESCRITURA_FALLIDA";
    pub const CONFIGURACION_INVALIDA: &str = "CONFIGURACION_INVALIDA";
    pub const LISTADO_INVALIDO: &str = "LISTADO_INVALIDO";
    /// Retired: it named both an interview left with Esc and a ledger with
    /// nothing sent to level 2 for the ticket; those are now
    /// `ATENCION_INTERRUMPIDA` and `SIN_USUARIOS_ENVIADOS`. Kept so that no
    /// later code reuses the name with another meaning.
    pub const SIN_RESPUESTAS: &str = "SIN_RESPUESTAS";
    /// Level 2's list cannot be compared: the ledger has no users of that
    /// ticket sent to level 2.
    pub const SIN_USUARIOS_ENVIADOS: &str = "SIN_USUARIOS_ENVIADOS";
    /// The interview was left (Esc, Ctrl+C): what was answered is saved.
    pub const ATENCION_INTERRUMPIDA: &str = "ATENCION_INTERRUMPIDA";
    /// The case is closed: reopen it before escalating or answering again.
    pub const CASO_CERRADO: &str = "CASO_CERRADO";
    /// The ledger has no case with that ticket.
    pub const CASO_NO_ENCONTRADO: &str = "CASO_NO_ENCONTRADO";
    /// The change does not start from the case's state (closing a case
    /// never answered without saying why, answering one not escalated).
    pub const ESTADO_NO_PERMITIDO: &str = "ESTADO_NO_PERMITIDO";
}

impl CaseError {
    pub fn new(code: &'static str, message: impl Into<String>) -> CaseError {
        CaseError {
            code,
            message: message.into(),
            items: Vec::new(),
            help: None,
        }
    }

    pub fn with_items(mut self, items: Vec<String>) -> CaseError {
        self.items = items;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> CaseError {
        self.help = Some(help.into());
        self
    }
}

impl From<crate::error::FileError> for CaseError {
    fn from(e: crate::error::FileError) -> CaseError {
        CaseError {
            code: e.rule.code,
            message: e.message,
            items: Vec::new(),
            help: e.help,
        }
    }
}

/// A ledger that cannot be used stops the case with the ledger's own code.
impl From<crate::ledger::LedgerError> for CaseError {
    fn from(e: crate::ledger::LedgerError) -> CaseError {
        CaseError::new(e.code, e.message).with_help(e.help)
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for item in &self.items {
            write!(f, "\n  - {item}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CaseError {}

impl Diagnostic for CaseError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}
