//! The request types level 1 handles, one file each holding everything that
//! is its own: its key, label and short word, the identification items it
//! needs, its details in `[solicitud]` (checked, written to the case file,
//! asked by `sigce atender`), where it goes and why, and its lines in the
//! e-mail, as one `Request` table entry. The rest of the program goes
//! through `RequestType::ALL`: a new type is one file here, its `mod` line
//! and its line in that table.

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
use crate::text::letters_key;

pub use question::{Prompt, Question};

/// What a request type is and does. Each type's file fills one in whole,
/// so that what a type has (or has not) is read in one place.
pub struct Request {
    /// The value of `tipo` in the case file (and the ledger, and JSON).
    pub key: &'static str,
    /// For people: subjects, bodies, prompts.
    pub label: &'static str,
    /// The word agents use for it (`--tipo incidente`).
    pub short: &'static str,
    /// Identification items it needs beyond those every case needs.
    pub required_items: &'static [Item],
    /// Checks its details in `[solicitud]`: what they hold goes into the
    /// `Ready` case, what is missing or wrong into the list (one line each).
    pub check_details: fn(&Case, &mut Ready, &mut Vec<String>),
    /// Writes its keys of `[solicitud]`, each with its comment, into a case file.
    pub render_details: fn(&Details, &mut String),
    /// What `sigce atender` asks after the identification block, in order.
    pub questions: &'static [Question],
    /// Where it goes when everything is in order.
    pub destination: Destination,
    /// Why it goes there, in one sentence.
    pub reason: &'static str,
    /// For a request whose forms go through the validator.
    pub forms: Option<FormsRoute>,
    /// How the subject and the first paragraph name it, with what it is about.
    pub summary: fn(&Ready) -> String,
    /// Its lines of the e-mail's SOLICITUD block, after the type: label and value.
    pub body_lines: fn(&Ready) -> Vec<(&'static str, String)>,
    /// Whether the e-mail says if screenshots came (without one, level 2
    /// needs longer).
    pub tells_screenshots: bool,
}

/// The route of a request with forms: when one cannot be received whole,
/// the case goes back to the requester with the rejections.
pub struct FormsRoute {
    /// Why it goes back, in one sentence.
    pub returned_reason: &'static str,
}

impl Request {
    /// Where it goes; `forms_received` says whether the validator accepted
    /// every form whole (for a request with forms).
    pub fn route(&self, forms_received: bool) -> Destination {
        if self.forms.is_some() && !forms_received {
            Destination::Requester
        } else {
            self.destination
        }
    }

    /// Why it went to `destination`, in one sentence.
    pub fn reason(&self, destination: Destination) -> &'static str {
        match &self.forms {
            Some(forms) if destination == Destination::Requester => forms.returned_reason,
            _ => self.reason,
        }
    }

    /// Whether its forms go through the validator (and level 2's returned
    /// list can be answered).
    pub fn sends_forms(&self) -> bool {
        self.forms.is_some()
    }
}

/// The summary of a request that is only its label.
fn label_only(ready: &Ready) -> String {
    ready.request.label().to_string()
}

/// The summary of a request about the caller's login: its label and the login.
fn label_and_login(ready: &Ready) -> String {
    format!(
        "{} ({})",
        ready.request.label(),
        ready.caller.get(Item::Usuario)
    )
}

/// No details of its own: nothing to check, write or list.
fn no_details_to_check(_: &Case, _: &mut Ready, _: &mut Vec<String>) {}

fn no_details_to_render(_: &Details, _: &mut String) {}

fn no_body_lines(_: &Ready) -> Vec<(&'static str, String)> {
    Vec::new()
}

/// Why the password, e-mail and connectivity requests go to the Datacenter,
/// as the procedure says it for the three of them.
const TO_DATACENTER: &str =
    "Contraseñas, actualización de correo y conectividad van al Datacenter.";

/// A request type: a handle on its definition, compared by key.
#[derive(Clone, Copy)]
pub struct RequestType(&'static Request);

impl RequestType {
    /// Every request type, in the order lists, prompts and blank case files show them.
    pub const ALL: [RequestType; 5] = [
        RequestType(&creacion_usuarios::REQUEST),
        RequestType(&recuperacion_contrasena::REQUEST),
        RequestType(&actualizacion_correo::REQUEST),
        RequestType(&conectividad::REQUEST),
        RequestType(&incidente_modulo::REQUEST),
    ];

    pub fn key(self) -> &'static str {
        self.0.key
    }

    pub fn label(self) -> &'static str {
        self.0.label
    }

    /// The key, the label or the short word, in any case, with or without accents.
    pub fn parse(text: &str) -> Option<RequestType> {
        let key = letters_key(text);
        RequestType::ALL.into_iter().find(|t| {
            letters_key(t.key()) == key
                || letters_key(t.label()) == key
                || letters_key(t.short) == key
        })
    }
}

impl Deref for RequestType {
    type Target = Request;

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
            for name in [t.key(), t.label(), t.short] {
                assert_eq!(RequestType::parse(name), Some(t), "{name}");
            }
        }
    }
}
