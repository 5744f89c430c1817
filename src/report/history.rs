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
        writeln!(out, "  {dim}Para:{dim:#} {}", e.recipient)?;
        writeln!(out, "  {dim}Asunto:{dim:#} {}", e.subject)?;
        writeln!(
            out,
            "  {dim}Solicitante:{dim:#} {} <{}>",
            e.caller_name, e.caller_email
        )?;
        writeln!(out, "  {dim}Correo:{dim:#} {}", e.draft)?;
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
