//! E-mail update: the Datacenter replaces the caller's login address with a
//! new one, which must be a valid address and not the current login.

use super::question::{OPTIONAL_DESCRIPTION, Prompt, Question};
use super::{Destination, Request, TO_DATACENTER};
use crate::case::answers::{self, Answer};
use crate::case::checklist::Ready;
use crate::case::file::quoted;
use crate::case::{Caller, Case, Details, Item};

pub struct ActualizacionCorreo;

const QUESTIONS: &[Question] = &[
    Question {
        when: |case, _| {
            answers::check_email(&case.details.new_email).map_or(true, |v| v.is_empty())
        },
        prompt: Prompt::Checked {
            message: "Correo nuevo:",
            hint: "La dirección que reemplaza a la actual",
            check: new_address,
            store: |d, v| d.new_email = v,
        },
    },
    OPTIONAL_DESCRIPTION,
];

/// The new address as it is typed: present, valid, and not the current login.
fn new_address(caller: &Caller, value: &str) -> Answer {
    match answers::check_email(value) {
        Ok(v) if v.is_empty() => Err("Este dato es obligatorio.".to_string()),
        Ok(v) if v == caller.get(Item::Usuario) => {
            Err("Es el mismo usuario actual; escriba la dirección nueva.".to_string())
        }
        checked => checked,
    }
}

impl Request for ActualizacionCorreo {
    fn key(&self) -> &'static str {
        "actualizacion_correo"
    }

    fn label(&self) -> &'static str {
        "Actualización de correo electrónico"
    }

    fn short(&self) -> &'static str {
        "correo"
    }

    fn required_items(&self) -> &'static [Item] {
        &[Item::Usuario]
    }

    fn check_details(&self, case: &Case, ready: &mut Ready, missing: &mut Vec<String>) {
        match answers::check_email(&case.details.new_email) {
            Ok(v) if v.is_empty() => missing.push(
                "Correo nuevo [solicitud.correo_nuevo]: falta la dirección nueva.".to_string(),
            ),
            Ok(v) if v == ready.caller.get(Item::Usuario) => missing.push(format!(
                "Correo nuevo [solicitud.correo_nuevo]: «{v}» es el mismo usuario actual; escriba la dirección nueva."
            )),
            Ok(v) => ready.new_email = v,
            Err(why) => missing.push(format!("Correo nuevo [solicitud.correo_nuevo]: {why}")),
        }
    }

    fn render_details(&self, details: &Details, out: &mut String) {
        out.push_str("# Actualización de correo: la dirección nueva.\n");
        out.push_str(&format!("correo_nuevo = {}\n", quoted(&details.new_email)));
    }

    fn questions(&self) -> &'static [Question] {
        QUESTIONS
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
        vec![
            (
                "Usuario actual",
                ready.caller.get(Item::Usuario).to_string(),
            ),
            ("Correo nuevo", ready.new_email.clone()),
        ]
    }
}
