//! A help-desk case: who called (the identification block the script asks for
//! every case), what they need (the request type) and that type's details.
//! It lives in a TOML file, `caso_<ticket>.toml`, that `sigce atender` writes
//! and `sigce escalar` reads; a person can also fill it by hand, so its keys
//! are Spanish and every error names the line.

pub mod answers;
pub mod checklist;
pub mod error;
pub mod file;

use std::path::PathBuf;

use crate::text::letters_key;

pub use error::CaseError;

/// The request types level 1 handles; anything else in a module is an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestType {
    CreacionUsuarios,
    RecuperacionContrasena,
    ActualizacionCorreo,
    Conectividad,
    IncidenteModulo,
}

impl RequestType {
    pub const ALL: [RequestType; 5] = [
        RequestType::CreacionUsuarios,
        RequestType::RecuperacionContrasena,
        RequestType::ActualizacionCorreo,
        RequestType::Conectividad,
        RequestType::IncidenteModulo,
    ];

    /// The value of `tipo` in the case file (and the ledger, and JSON).
    pub fn key(self) -> &'static str {
        match self {
            RequestType::CreacionUsuarios => "creacion_usuarios",
            RequestType::RecuperacionContrasena => "recuperacion_contrasena",
            RequestType::ActualizacionCorreo => "actualizacion_correo",
            RequestType::Conectividad => "conectividad",
            RequestType::IncidenteModulo => "incidente_modulo",
        }
    }

    /// For people: subjects, bodies, prompts.
    pub fn label(self) -> &'static str {
        match self {
            RequestType::CreacionUsuarios => "Creación de usuarios",
            RequestType::RecuperacionContrasena => "Recuperación de contraseña",
            RequestType::ActualizacionCorreo => "Actualización de correo electrónico",
            RequestType::Conectividad => "Conectividad",
            RequestType::IncidenteModulo => "Incidente de módulo",
        }
    }

    /// The word agents use for it (`--tipo incidente`).
    fn short(self) -> &'static str {
        match self {
            RequestType::CreacionUsuarios => "creacion",
            RequestType::RecuperacionContrasena => "contrasena",
            RequestType::ActualizacionCorreo => "correo",
            RequestType::Conectividad => "conectividad",
            RequestType::IncidenteModulo => "incidente",
        }
    }

    /// The key, the label or the short word, in any case, with or without accents.
    pub fn parse(text: &str) -> Option<RequestType> {
        let key = letters_key(text);
        RequestType::ALL.into_iter().find(|t| {
            letters_key(t.key()) == key
                || letters_key(t.label()) == key
                || letters_key(t.short()) == key
        })
    }
}

/// The SIGCE modules an incident can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Evaluaciones,
    ProyectoEducativo,
    PlanMejoramiento,
    PlanApoyo,
    MediosTic,
    Reportes,
    Mantenimiento,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Evaluaciones,
        Module::ProyectoEducativo,
        Module::PlanMejoramiento,
        Module::PlanApoyo,
        Module::MediosTic,
        Module::Reportes,
        Module::Mantenimiento,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Module::Evaluaciones => "Evaluaciones",
            Module::ProyectoEducativo => "Proyecto Educativo Institucional",
            Module::PlanMejoramiento => "Plan de Mejoramiento Institucional",
            Module::PlanApoyo => "Plan de Apoyo al Mejoramiento",
            Module::MediosTic => "Medios y tecnologías de la Información y la Comunicación",
            Module::Reportes => "Reportes del Sistema",
            Module::Mantenimiento => "Mantenimiento",
        }
    }

    /// The abbreviations the schools use for the plans.
    fn short(self) -> Option<&'static str> {
        match self {
            Module::ProyectoEducativo => Some("PEI"),
            Module::PlanMejoramiento => Some("PMI"),
            Module::PlanApoyo => Some("PAM"),
            Module::MediosTic => Some("MTIC"),
            _ => None,
        }
    }

    /// The label or the abbreviation, in any case, with or without accents.
    pub fn parse(text: &str) -> Option<Module> {
        let key = letters_key(text);
        Module::ALL
            .into_iter()
            .find(|m| letters_key(m.label()) == key || m.short() == Some(key.as_str()))
    }
}

/// What the caller sees when the connection fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symptom {
    SistemaCaido,
    BaseDatos,
    SinRespuesta,
    SeQuedaPensando,
    Otro,
}

impl Symptom {
    pub const ALL: [Symptom; 5] = [
        Symptom::SistemaCaido,
        Symptom::BaseDatos,
        Symptom::SinRespuesta,
        Symptom::SeQuedaPensando,
        Symptom::Otro,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Symptom::SistemaCaido => "sistema_caido",
            Symptom::BaseDatos => "base_datos_desconectada",
            Symptom::SinRespuesta => "servidor_sin_respuesta",
            Symptom::SeQuedaPensando => "se_queda_pensando",
            Symptom::Otro => "otro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Symptom::SistemaCaido => "El sistema está caído (no carga)",
            Symptom::BaseDatos => "Base de datos desconectada",
            Symptom::SinRespuesta => "El servidor no responde",
            Symptom::SeQuedaPensando => "El sistema se queda pensando",
            Symptom::Otro => "Otro (descríbalo)",
        }
    }

    pub fn parse(text: &str) -> Option<Symptom> {
        let key = letters_key(text);
        Symptom::ALL
            .into_iter()
            .find(|s| letters_key(s.key()) == key || letters_key(s.label()) == key)
    }
}

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
    fn request_types_modules_and_symptoms_parse_from_keys_labels_and_loose_spellings() {
        for t in RequestType::ALL {
            assert_eq!(RequestType::parse(t.key()), Some(t));
            assert_eq!(RequestType::parse(t.label()), Some(t));
        }
        assert_eq!(
            RequestType::parse("recuperación de contraseña"),
            Some(RequestType::RecuperacionContrasena)
        );
        assert_eq!(
            RequestType::parse("Contraseña"),
            Some(RequestType::RecuperacionContrasena)
        );
        assert_eq!(
            RequestType::parse("incidente"),
            Some(RequestType::IncidenteModulo)
        );
        assert_eq!(RequestType::parse("soporte"), None);
        for m in Module::ALL {
            assert_eq!(Module::parse(&m.label().to_lowercase()), Some(m));
        }
        assert_eq!(Module::parse("pmi"), Some(Module::PlanMejoramiento));
        assert_eq!(Module::parse("Matrícula"), None);
        for s in Symptom::ALL {
            assert_eq!(Symptom::parse(s.key()), Some(s));
        }
        assert_eq!(
            Symptom::parse("se queda pensando"),
            Some(Symptom::SeQuedaPensando)
        );
        assert_eq!(Symptom::parse("lento"), None);
    }

    #[test]
    fn items_are_in_index_order() {
        for (i, item) in Item::ALL.iter().enumerate() {
            assert_eq!(item.index(), i);
        }
    }
}
