//! E-mail update: the Datacenter replaces the caller's login address with a
//! new one, which must be a valid address and not the current login.

use super::question::{OPTIONAL_DESCRIPTION, Prompt, Question};
use super::{Destination, Request, TO_DATACENTER, label_and_login};
use crate::case::answers::{self, Answer};
use crate::case::checklist::Ready;
use crate::case::file::quoted;
use crate::case::{Caller, Case, Details, Item};

const QUESTIONS: &[Question] = &[
    Question {
        key: "correo_nuevo",
        unanswered: |case| new_address(&case.caller, &case.details.new_email).is_err(),
        prompt: Prompt::Checked {
            message: "Correo nuevo:",
            hint: "La dirección que reemplaza a la actual",
            check: new_address,
            store: |d, v| d.new_email = v,
        },
    },
    OPTIONAL_DESCRIPTION,
];

/// The new address as answered: present, valid, and not the current login.
fn new_address(caller: &Caller, value: &str) -> Answer {
    match answers::check_email(value) {
        Ok(v) if v.is_empty() => Err(super::question::MANDATORY.to_string()),
        Ok(v) if v == caller.get(Item::Usuario) => {
            Err("Es el mismo usuario actual; escriba la dirección nueva.".to_string())
        }
        checked => checked,
    }
}

pub const REQUEST: Request = Request {
    key: "actualizacion_correo",
    label: "Actualización de correo electrónico",
    short: "correo",
    required_items: &[Item::Usuario],
    check_details,
    render_details,
    questions: QUESTIONS,
    destination: Destination::Datacenter,
    reason: TO_DATACENTER,
    forms: None,
    summary: label_and_login,
    body_lines: |ready| {
        vec![
            (
                "Usuario actual",
                ready.caller.get(Item::Usuario).to_string(),
            ),
            ("Correo nuevo", ready.new_email.clone()),
        ]
    },
    tells_screenshots: false,
};

fn check_details(case: &Case, ready: &mut Ready, missing: &mut Vec<String>) {
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

fn render_details(details: &Details, out: &mut String) {
    out.push_str("# Actualización de correo: la dirección nueva.\n");
    out.push_str(&format!("correo_nuevo = {}\n", quoted(&details.new_email)));
}
