//! `sigce historial`: the escalations of a ticket, or the latest ones.

use std::io::{self, Write};

use super::text::Palette;
use crate::ledger::Escalation;

pub fn write(
    out: &mut dyn Write,
    escalations: &[Escalation],
    ticket: Option<&str>,
    color: bool,
) -> io::Result<()> {
    let p = Palette::new(color);
    let (bold, dim) = (p.bold, p.dim);
    if escalations.is_empty() {
        return match ticket {
            Some(t) => writeln!(out, "El ticket {t} no tiene escalamientos en el historial."),
            None => writeln!(out, "El historial no tiene escalamientos todavía."),
        };
    }
    for e in escalations {
        writeln!(
            out,
            "{bold}{} · ticket {} · {} → {}{bold:#}",
            e.sent_at, e.ticket, e.request_type, e.destination
        )?;
        let shown = crate::io_text::for_people;
        writeln!(out, "  {dim}Para:{dim:#} {}", shown(&e.recipient))?;
        writeln!(out, "  {dim}Asunto:{dim:#} {}", shown(&e.subject))?;
        writeln!(
            out,
            "  {dim}Solicitante:{dim:#} {} <{}>",
            shown(&e.caller_name),
            shown(&e.caller_email)
        )?;
        writeln!(out, "  {dim}Correo:{dim:#} {}", shown(&e.draft))?;
        if ticket.is_some() {
            for u in &e.users {
                writeln!(
                    out,
                    "    {} {}  {}  {}",
                    u.document_type, u.document, u.name, u.email
                )?;
            }
        } else if !e.users.is_empty() {
            writeln!(out, "  {dim}Usuarios:{dim:#} {}", e.users.len())?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{dim}(horas de Colombia){dim:#}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_ledger_never_reach_the_terminal_as_escape_sequences() {
        let e = Escalation {
            ticket: "108805".into(),
            request_type: "creacion_usuarios".into(),
            destination: "nivel2".into(),
            sent_at: "2026-12-02 09:00".into(),
            recipient: "soportesigce@asegest.com".into(),
            subject: "[SIGCE] Ticket 108805\u{1b}]0;titulo\u{7}".into(),
            draft: "/casos/\u{1b}[2Jticket_108805_nivel2.eml".into(),
            caller_name: "MARTA\u{202e}".into(),
            caller_email: "rectoria@iesanjose.edu.co".into(),
            users: Vec::new(),
            message_id: String::new(),
            agent: String::new(),
        };
        let mut out = Vec::new();
        write(&mut out, &[e], None, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("ticket_108805_nivel2.eml"), "{text}");
    }
}
