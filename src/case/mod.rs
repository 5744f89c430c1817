//! A help-desk case: who called (the identification block the script asks for
//! every case), what they need (the request type, one file each in
//! `requests/`) and that type's details.
//! It lives in a TOML file, `caso_<ticket>.toml`, that `sigce atender` writes
//! and `sigce escalar` reads; a person can also fill it by hand, so its keys
//! are Spanish and every error names the line.

pub mod answers;
pub mod checklist;
pub mod destination;
pub mod error;
pub mod file;
pub mod requests;

use std::path::PathBuf;

pub use destination::Destination;
pub use error::CaseError;
pub use requests::{Request, RequestType};

/// The identification block, asked for every case, in the script's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Aplicacion,
    Ticket,
    Cedula,
    Nombre,
    Cargo,
    Telefono,
    Celular,
    Correo,
    Usuario,
    Poblacion,
    Ciudad,
    Dane,
}

impl Item {
    pub const COUNT: usize = 12;
    pub const ALL: [Item; Item::COUNT] = [
        Item::Aplicacion,
        Item::Ticket,
        Item::Cedula,
        Item::Nombre,
        Item::Cargo,
        Item::Telefono,
        Item::Celular,
        Item::Correo,
        Item::Usuario,
        Item::Poblacion,
        Item::Ciudad,
        Item::Dane,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The key in `[llamante]`.
    pub fn key(self) -> &'static str {
        match self {
            Item::Aplicacion => "aplicacion",
            Item::Ticket => "ticket",
            Item::Cedula => "cedula",
            Item::Nombre => "nombre",
            Item::Cargo => "cargo",
            Item::Telefono => "telefono",
            Item::Celular => "celular",
            Item::Correo => "correo",
            Item::Usuario => "usuario",
            Item::Poblacion => "poblacion",
            Item::Ciudad => "ciudad",
            Item::Dane => "dane",
        }
    }

    /// How the e-mail body and the checklist name it.
    pub fn label(self) -> &'static str {
        match self {
            Item::Aplicacion => "Aplicación",
            Item::Ticket => "Ticket de mesa de ayuda",
            Item::Cedula => "Cédula",
            Item::Nombre => "Nombre completo",
            Item::Cargo => "Cargo",
            Item::Telefono => "Teléfono",
            Item::Celular => "Celular",
            Item::Correo => "Correo electrónico",
            Item::Usuario => "Usuario (login)",
            Item::Poblacion => "Población llamante",
            Item::Ciudad => "Ciudad",
            Item::Dane => "Código DANE",
        }
    }

    /// What the agent asks, and the hint shown under the question.
    pub fn question(self) -> (&'static str, &'static str) {
        match self {
            Item::Aplicacion => ("Aplicación", "Esta mesa atiende SIGCE"),
            Item::Ticket => (
                "Número de ticket de mesa de ayuda",
                "Solo dígitos, por ejemplo 108805",
            ),
            Item::Cedula => ("Cédula de quien llama", "Solo dígitos, sin puntos"),
            Item::Nombre => ("Nombre completo", "Nombres y apellidos"),
            Item::Cargo => ("Cargo", "Por ejemplo RECTOR, DOCENTE, SECRETARIA"),
            Item::Telefono => (
                "Teléfono fijo",
                "Un solo número, con indicativo (601...); vacío si no tiene",
            ),
            Item::Celular => ("Celular", "Un solo número de 10 dígitos (3...)"),
            Item::Correo => ("Correo electrónico de contacto", "usuario@dominio.com"),
            Item::Usuario => (
                "Usuario de SIGCE (login)",
                "El correo con el que ingresa; vacío si aún no tiene usuario",
            ),
            Item::Poblacion => (
                "Población llamante",
                "Colegio, Secretaría de Educación, MEN...",
            ),
            Item::Ciudad => ("Ciudad", "Municipio desde el que llama"),
            Item::Dane => (
                "Código DANE del establecimiento",
                "12 dígitos; vacío si no llama desde un colegio",
            ),
        }
    }
}

/// Who called. Every value is kept as typed (trimmed); checks normalize.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    values: [String; Item::COUNT],
}

impl Caller {
    pub fn get(&self, item: Item) -> &str {
        &self.values[item.index()]
    }

    pub fn set(&mut self, item: Item, value: impl Into<String>) {
        self.values[item.index()] = value.into().trim().to_string();
    }

    /// The ticket number (digits), once the checklist has passed.
    pub fn ticket(&self) -> &str {
        self.get(Item::Ticket)
    }
}

/// The details of the request; which are needed depends on its type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// Forms for user creation, relative to the case file's folder.
    pub forms: Vec<PathBuf>,
    pub module: String,
    pub description: String,
    pub procedure: String,
    /// Screenshots, relative to the case file's folder.
    pub screenshots: Vec<PathBuf>,
    /// The new address, for an e-mail update.
    pub new_email: String,
    /// What the caller sees, for connectivity.
    pub symptom: String,
}

/// One case, as read from its file or gathered by `sigce atender`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    /// `tipo` as written (checked by the checklist).
    pub request: String,
    pub caller: Caller,
    pub details: Details,
    /// The folder relative paths are resolved from (the case file's).
    pub base_dir: PathBuf,
}

impl Case {
    pub fn request_type(&self) -> Option<RequestType> {
        RequestType::parse(&self.request)
    }

    /// A path of the case, resolved from the case file's folder.
    pub fn resolve(&self, path: &std::path::Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_in_index_order() {
        for (i, item) in Item::ALL.iter().enumerate() {
            assert_eq!(item.index(), i);
        }
    }
}
