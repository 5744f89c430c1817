//! Password recovery: the Datacenter resets the password of the caller's
//! login, so the login is required.

use super::question::{OPTIONAL_DESCRIPTION, Question};
use super::{Destination, Request, TO_DATACENTER};
use crate::case::Item;
use crate::case::checklist::Ready;

pub struct RecuperacionContrasena;

impl Request for RecuperacionContrasena {
    fn key(&self) -> &'static str {
        "recuperacion_contrasena"
    }

    fn label(&self) -> &'static str {
        "Recuperación de contraseña"
    }

    fn short(&self) -> &'static str {
        "contrasena"
    }

    fn required_items(&self) -> &'static [Item] {
        &[Item::Usuario]
    }

    fn questions(&self) -> &'static [Question] {
        &[OPTIONAL_DESCRIPTION]
    }

    fn route(&self, _forms_received: bool) -> Destination {
        Destination::Datacenter
    }

    fn reason(&self, _destination: Destination) -> &'static str {
        TO_DATACENTER
    }

    fn summary(&self, ready: &Ready) -> String {
        format!("{} ({})", self.label(), ready.caller.get(Item::Usuario))
    }

    fn body_lines(&self, ready: &Ready) -> Vec<(&'static str, String)> {
        vec![("Usuario", ready.caller.get(Item::Usuario).to_string())]
    }
}
