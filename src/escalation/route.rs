//! The mailbox of each destination. Where a request goes is the request
//! type's own (`case::requests`); the addresses come from `sigce.toml`.

use crate::case::error::{CaseError, code};
use crate::case::{Caller, Item};
use crate::policy::{Mailbox, Mailboxes};

pub use crate::case::Destination;

/// Why level 1's answer goes to the requester (`sigce escalar --responder`).
pub const ANSWER_REASON: &str = "Respuesta a quien solicitó con los usuarios que creó nivel 2.";

/// The mailbox of a destination: the requester's is the caller's e-mail; the
/// Datacenter has no default, so without `[correo] datacenter` the case is
/// refused.
pub fn mailbox(
    destination: Destination,
    mail: &Mailboxes,
    caller: &Caller,
) -> Result<Mailbox, CaseError> {
    match destination {
        Destination::Level2 => Ok(mail.level2.clone()),
        Destination::Datacenter => mail.datacenter.clone().ok_or_else(|| {
            CaseError::new(
                code::DESTINO_SIN_DIRECCION,
                "Este caso va al Datacenter, pero no hay una dirección de correo del Datacenter configurada.",
            )
            .with_help("Agregue la clave «datacenter» en la sección [correo] de sigce.toml, por ejemplo:\n  [correo]\n  datacenter = \"direccion.del.datacenter@dominio.gov.co\"\nVea «sigce config --ejemplo». No se escribió ningún correo.")
        }),
        Destination::Requester => Ok(Mailbox {
            name: caller.get(Item::Nombre).to_string(),
            address: caller.get(Item::Correo).to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_datacenter_needs_a_configured_address() {
        let mut mail = Mailboxes::default();
        let mut caller = Caller::default();
        caller.set(Item::Correo, "ana@colegio.edu.co");
        let e = mailbox(Destination::Datacenter, &mail, &caller).unwrap_err();
        assert_eq!(e.code, code::DESTINO_SIN_DIRECCION);
        assert!(e.help.unwrap().contains("datacenter = "));
        mail.datacenter = Some(Mailbox {
            name: "DC".into(),
            address: "dc@x.gov.co".into(),
        });
        assert_eq!(
            mailbox(Destination::Datacenter, &mail, &caller)
                .unwrap()
                .address,
            "dc@x.gov.co"
        );
        assert_eq!(
            mailbox(Destination::Level2, &mail, &caller)
                .unwrap()
                .address,
            "soportesigce@asegest.com"
        );
        assert_eq!(
            mailbox(Destination::Requester, &mail, &caller)
                .unwrap()
                .address,
            "ana@colegio.edu.co"
        );
    }
}
