//! Password recovery: the Datacenter resets the password of the caller's
//! login, so the login is required.

use super::question::OPTIONAL_DESCRIPTION;
use super::{
    Destination, Request, TO_DATACENTER, label_and_login, no_details_to_check, no_details_to_render,
};
use crate::case::Item;

pub const REQUEST: Request = Request {
    key: "recuperacion_contrasena",
    label: "Recuperación de contraseña",
    short: "contrasena",
    required_items: &[Item::Usuario],
    check_details: no_details_to_check,
    render_details: no_details_to_render,
    questions: &[OPTIONAL_DESCRIPTION],
    destination: Destination::Datacenter,
    reason: TO_DATACENTER,
    forms: None,
    summary: label_and_login,
    body_lines: |ready| vec![("Usuario", ready.caller.get(Item::Usuario).to_string())],
    tells_screenshots: false,
};
