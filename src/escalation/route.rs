//! The routing of the procedure: passwords, e-mail updates and connectivity
//! go to the Datacenter; module incidents to level 2; user creation to
//! level 2 when its forms can be received, otherwise back to the requester.

use crate::case::error::{CaseError, code};
use crate::case::{Caller, Item, RequestType};
use crate::config::{Mailbox, Mailboxes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    Level2,
    Datacenter,
    /// Back to whoever asked (a form that cannot be received, or level 2's answer).
    Requester,
}

impl Destination {
    /// In file names, the ledger and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Destination::Level2 => "nivel2",
            Destination::Datacenter => "datacenter",
            Destination::Requester => "solicitante",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Destination::Level2 => "nivel 2",
            Destination::Datacenter => "el Datacenter",
            Destination::Requester => "quien lo solicitó",
        }
    }
}

/// Where a request goes. For user creation, `forms_received` says whether
/// the validator accepted every form whole.
pub fn route(request: RequestType, forms_received: bool) -> Destination {
    match request {
        RequestType::CreacionUsuarios if forms_received => Destination::Level2,
        RequestType::CreacionUsuarios => Destination::Requester,
        RequestType::RecuperacionContrasena
        | RequestType::ActualizacionCorreo
        | RequestType::Conectividad => Destination::Datacenter,
        RequestType::IncidenteModulo => Destination::Level2,
    }
}

/// Why level 1's answer goes to the requester (`sigce escalar --responder`).
pub const ANSWER_REASON: &str = "Respuesta a quien solicitó con los usuarios que creó nivel 2.";

/// Why a case went to `destination`, in one sentence; `forms` says whether
/// it carried user-creation forms.
pub fn reason(destination: Destination, forms: bool) -> &'static str {
    match (destination, forms) {
        (Destination::Level2, true) => {
            "Todos los formatos se reciben: van a nivel 2 con el archivo limpio para crear los usuarios."
        }
        (Destination::Requester, true) => {
            "Algún formato no se puede recibir: vuelve a quien lo solicitó con el archivo de rechazos."
        }
        (Destination::Requester, false) => ANSWER_REASON,
        (Destination::Level2, false) => "Los incidentes de módulo van a nivel 2.",
        (Destination::Datacenter, _) => {
            "Contraseñas, actualización de correo y conectividad van al Datacenter."
        }
    }
}

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
    fn each_request_type_goes_where_the_procedure_says() {
        use RequestType::*;
        assert_eq!(route(CreacionUsuarios, true), Destination::Level2);
        assert_eq!(route(CreacionUsuarios, false), Destination::Requester);
        assert_eq!(route(RecuperacionContrasena, true), Destination::Datacenter);
        assert_eq!(route(ActualizacionCorreo, true), Destination::Datacenter);
        assert_eq!(route(Conectividad, true), Destination::Datacenter);
        assert_eq!(route(IncidenteModulo, true), Destination::Level2);
    }

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
