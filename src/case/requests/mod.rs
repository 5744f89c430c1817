//! The request types level 1 handles, one file each holding everything that
//! is its own: its key, label and short word, the identification items it
//! needs, its details in `[solicitud]` (checked, written to the case file,
//! asked by `sigce atender`), where it goes and why, and its lines in the
//! e-mail. The rest of the program goes through `RequestType::ALL`: a new
//! type is one file here and its line in that table.

mod actualizacion_correo;
pub mod conectividad;
mod creacion_usuarios;
pub mod incidente_modulo;
pub mod question;
mod recuperacion_contrasena;

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use super::checklist::Ready;
use super::{Case, Destination, Details, Item};
use crate::normalize::letters_key;

pub use question::{Prompt, Question};

/// What a request type is and does. Only `key`, `label`, `short`,
/// `questions`, `route` and `reason` must be written; the rest defaults to a
/// request without details of its own.
pub trait Request: Send + Sync {
    /// The value of `tipo` in the case file (and the ledger, and JSON).
    fn key(&self) -> &'static str;

    /// For people: subjects, bodies, prompts.
    fn label(&self) -> &'static str;

    /// The word agents use for it (`--tipo incidente`).
    fn short(&self) -> &'static str;

    /// Identification items it needs beyond those every case needs.
    fn required_items(&self) -> &'static [Item] {
        &[]
    }

    /// Checks its details in `[solicitud]`: what they hold goes into
    /// `ready`, what is missing or wrong into `missing` (one line each).
    fn check_details(&self, _case: &Case, _ready: &mut Ready, _missing: &mut Vec<String>) {}

    /// Writes its keys of `[solicitud]`, each with its comment, into a case file.
    fn render_details(&self, _details: &Details, _out: &mut String) {}

    /// What `sigce atender` asks after the identification block, in order.
    fn questions(&self) -> &'static [Question];

    /// Where it goes; `forms_received` says whether the validator accepted
    /// every form whole (for a request with forms).
    fn route(&self, forms_received: bool) -> Destination;

    /// Why it went to `destination`, in one sentence.
    fn reason(&self, destination: Destination) -> &'static str;

    /// Whether its forms go through the validator (and level 2's returned
    /// list can be answered).
    fn sends_forms(&self) -> bool {
        false
    }

    /// How the subject and the first paragraph name it, with what it is about.
    fn summary(&self, _ready: &Ready) -> String {
        self.label().to_string()
    }

    /// Its lines of the e-mail's SOLICITUD block, after the type: label and value.
    fn body_lines(&self, _ready: &Ready) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Whether the e-mail says if screenshots came (without one, level 2
    /// needs longer).
    fn tells_screenshots(&self) -> bool {
        false
    }
}

/// Why the password, e-mail and connectivity requests go to the Datacenter,
/// as the procedure says it for the three of them.
const TO_DATACENTER: &str =
    "Contraseñas, actualización de correo y conectividad van al Datacenter.";

/// A request type: a handle on its definition, compared by key.
#[derive(Clone, Copy)]
pub struct RequestType(&'static dyn Request);

impl RequestType {
    /// Every request type, in the order lists, prompts and blank case files show them.
    pub const ALL: [RequestType; 5] = [
        RequestType(&creacion_usuarios::CreacionUsuarios),
        RequestType(&recuperacion_contrasena::RecuperacionContrasena),
        RequestType(&actualizacion_correo::ActualizacionCorreo),
        RequestType(&conectividad::Conectividad),
        RequestType(&incidente_modulo::IncidenteModulo),
    ];

    pub fn key(self) -> &'static str {
        self.0.key()
    }

    pub fn label(self) -> &'static str {
        self.0.label()
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

impl Deref for RequestType {
    type Target = dyn Request;

    fn deref(&self) -> &Self::Target {
        self.0
    }
}

impl PartialEq for RequestType {
    fn eq(&self, other: &RequestType) -> bool {
        self.key() == other.key()
    }
}

impl Eq for RequestType {}

impl Hash for RequestType {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Debug for RequestType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestType({})", self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(key: &str) -> RequestType {
        RequestType::parse(key).unwrap()
    }

    #[test]
    fn request_types_parse_from_keys_labels_and_loose_spellings() {
        for t in RequestType::ALL {
            assert_eq!(RequestType::parse(t.key()), Some(t));
            assert_eq!(RequestType::parse(t.label()), Some(t));
        }
        assert_eq!(
            RequestType::parse("recuperación de contraseña"),
            Some(of("recuperacion_contrasena"))
        );
        assert_eq!(
            RequestType::parse("Contraseña"),
            Some(of("recuperacion_contrasena"))
        );
        assert_eq!(
            RequestType::parse("incidente"),
            Some(of("incidente_modulo"))
        );
        assert_eq!(RequestType::parse("soporte"), None);
    }

    #[test]
    fn each_request_type_goes_where_the_procedure_says() {
        assert_eq!(of("creacion_usuarios").route(true), Destination::Level2);
        assert_eq!(of("creacion_usuarios").route(false), Destination::Requester);
        assert_eq!(
            of("recuperacion_contrasena").route(true),
            Destination::Datacenter
        );
        assert_eq!(
            of("actualizacion_correo").route(true),
            Destination::Datacenter
        );
        assert_eq!(of("conectividad").route(true), Destination::Datacenter);
        assert_eq!(of("incidente_modulo").route(true), Destination::Level2);
    }

    #[test]
    fn each_name_of_a_type_parses_to_that_type_only() {
        for t in RequestType::ALL {
            for name in [t.key(), t.label(), t.short()] {
                assert_eq!(RequestType::parse(name), Some(t), "{name}");
            }
        }
    }
}
