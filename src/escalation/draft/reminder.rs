//! The reminder of a case that waits too long for level 2 or the Datacenter:
//! to the same mailbox, in the same thread as the escalation (In-Reply-To
//! and References name its Message-ID), saying since when and how many
//! working days it has waited.

use super::{Destination, Draft, signature};
use crate::ledger::CaseRow;
use crate::policy::Mailbox;

/// What the reminder follows up.
pub struct Original<'a> {
    pub destination: Destination,
    pub subject: &'a str,
    /// Message-ID of the escalation, when known.
    pub message_id: Option<String>,
}

pub fn reminder(
    case: &CaseRow,
    original: &Original<'_>,
    age: u32,
    from: &Mailbox,
    to: &Mailbox,
) -> Draft {
    let ticket = &case.ticket;
    let mut body = String::new();
    body.push_str(&format!("Señores {}:\n\n", to.name));
    body.push_str(&format!(
        "Les recordamos el ticket {ticket}, que les escalamos el {} y sigue sin respuesta: lleva {}. Quien lo solicitó es {} ({}).\n\n",
        case.changed_at,
        crate::spanish::count(age as usize, "día hábil", "días hábiles"),
        case.caller_name,
        case.caller_email
    ));
    body.push_str(&format!(
        "El correo original va en este mismo hilo («{}»). Por favor respondan con el ticket {ticket} para informar al usuario y cerrar el caso.\n",
        original.subject
    ));
    signature(&mut body, from);
    let subject = if original.subject.starts_with("RE: ") {
        original.subject.to_string()
    } else {
        format!("RE: {} (recordatorio)", original.subject)
    };
    Draft {
        destination: original.destination,
        from: from.clone(),
        to: to.clone(),
        subject,
        body,
        attachments: Vec::new(),
        message_id: super::new_message_id(ticket, original.destination),
        in_reply_to: original.message_id.clone(),
    }
}
