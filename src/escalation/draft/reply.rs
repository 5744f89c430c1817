//! The answer to the person who called, for a case that carries no forms
//! (a password, an e-mail update, connectivity, a module incident): what
//! the team that handled it answered, in the agent's words, and what to do
//! if it is not solved.

use super::{Destination, Draft, signature};
use crate::case::checklist::Ready;
use crate::policy::Mailbox;

/// `handled_by`: where the case was escalated; `answer`: what that team
/// said, as the agent writes it for the caller.
pub fn reply(
    ready: &Ready,
    handled_by: Destination,
    answer: &str,
    from: &Mailbox,
    to: &Mailbox,
) -> Draft {
    let ticket = ready.caller.ticket();
    let team = match handled_by {
        Destination::Datacenter => "el Datacenter",
        _ => "el equipo de soporte de SIGCE",
    };
    let mut body = String::new();
    body.push_str(&format!("Buen día, {}:\n\n", to.name));
    body.push_str(&format!(
        "Le informamos que su solicitud de {} (ticket {ticket}) fue atendida por {team}:\n\n",
        ready.request.label().to_lowercase()
    ));
    for line in answer.trim().lines() {
        body.push_str("  ");
        body.push_str(line.trim_end());
        body.push('\n');
    }
    body.push_str(&format!(
        "\nSi el problema continúa, responda a este correo indicando el ticket {ticket}.\n"
    ));
    signature(&mut body, from);
    Draft {
        destination: Destination::Requester,
        from: from.clone(),
        to: to.clone(),
        subject: format!(
            "[SIGCE] Ticket {ticket} - Su solicitud fue atendida ({})",
            ready.request.label()
        ),
        body,
        attachments: Vec::new(),
        message_id: super::new_message_id(ticket, Destination::Requester),
        in_reply_to: None,
    }
}
