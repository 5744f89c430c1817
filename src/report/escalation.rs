//! Reports of `sigce escalar` and `sigce atender`: where the case went, the
//! draft written, what to watch; and the same as JSON for programs.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::FileResult;
use super::text::Palette;
use crate::case::CaseError;
use crate::escalation::{Destination, ListAnswers, Outcome, mailbox_line};
use crate::spanish::{agree, count};

pub fn write(out: &mut dyn Write, outcome: &Outcome<FileResult>, color: bool) -> io::Result<()> {
    block(out, outcome, color)?;
    writeln!(
        out,
        "\nAbra el archivo .eml con Outlook o Thunderbird, revíselo y envíelo desde {}.",
        outcome.draft.from.address
    )
}

/// One case: where it went, to whom, the draft and what to watch.
fn block(out: &mut dyn Write, outcome: &Outcome<FileResult>, color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    let (bold, green, yellow, dim) = (p.bold, p.green, p.yellow, p.dim);
    if outcome.destination == Destination::Requester && !outcome.validation.is_empty() {
        super::text::write(out, &outcome.validation, color)?;
    }
    let (mark, style) = match outcome.destination {
        Destination::Requester if !outcome.validation.is_empty() => ("↩", yellow),
        _ => ("✔", green),
    };
    writeln!(
        out,
        "{style}{mark}{style:#} {bold}Ticket {} · {} → {}{bold:#}",
        outcome.ready.caller.ticket(),
        outcome.ready.request.label(),
        outcome.destination.label()
    )?;
    writeln!(
        out,
        "  {dim}Para:{dim:#} {}",
        mailbox_line(&outcome.draft.to)
    )?;
    writeln!(out, "  {dim}Asunto:{dim:#} {}", outcome.draft.subject)?;
    if let Some(forms) = &outcome.forms {
        for f in &forms.forms {
            match &f.error {
                Some((message, _)) => writeln!(
                    out,
                    "  {dim}Formato:{dim:#} {}: {}",
                    shown(&f.file),
                    shown(message)
                )?,
                None => writeln!(
                    out,
                    "  {dim}Formato:{dim:#} {}: {} · {} · {} ({} por corregir) · {}",
                    shown(&f.file),
                    count(f.rows, "fila", "filas"),
                    count(f.accepted, "aceptada", "aceptadas"),
                    count(f.rejected, "rechazada", "rechazadas"),
                    f.to_fix,
                    count(f.fixes, "corrección", "correcciones")
                )?,
            }
        }
    }
    let names: Vec<std::borrow::Cow<'_, str>> = outcome
        .draft
        .attachments
        .iter()
        .map(|a| shown(&a.name))
        .collect();
    writeln!(
        out,
        "  {dim}Adjuntos:{dim:#} {}",
        if names.is_empty() {
            "ninguno".to_string()
        } else {
            names.join(", ")
        }
    )?;
    writeln!(
        out,
        "  {dim}Correo:{dim:#} {}",
        shown(&outcome.path.display().to_string())
    )?;
    for w in &outcome.warnings {
        writeln!(out, "  {yellow}⚠{yellow:#} {}", shown(w))?;
    }
    Ok(())
}

/// `sigce responder`: each answer written, then each ticket and row of the
/// list that got none, with why: nobody of the list goes unmentioned.
pub fn write_list(
    out: &mut dyn Write,
    done: &ListAnswers<FileResult>,
    color: bool,
) -> io::Result<()> {
    let p = Palette::new(color);
    let (bold, red, yellow, dim) = (p.bold, p.red, p.yellow, p.dim);
    writeln!(
        out,
        "{bold}Listado de nivel 2: {}{bold:#}\n",
        shown(&done.list.display().to_string())
    )?;
    for outcome in &done.answered {
        block(out, outcome, color)?;
        writeln!(out)?;
    }
    for s in &done.skipped {
        writeln!(
            out,
            "{red}✘{red:#} {bold}Ticket {} · sin respuesta{bold:#} {dim}({} del listado · {}){dim:#}",
            shown(&s.ticket),
            count(s.rows, "fila", "filas"),
            s.error.code
        )?;
        writeln!(out, "  {}", shown(&s.error.message))?;
        if let Some(help) = &s.error.help {
            writeln!(out, "  {dim}Qué hacer:{dim:#} {}", shown(help))?;
        }
        writeln!(out)?;
    }
    if !done.without_ticket.is_empty() {
        let rows: Vec<String> = done
            .without_ticket
            .iter()
            .map(|(row, document, known)| match known {
                Some(t) => format!(
                    "fila {row} (documento {}, que se pidió en el ticket {})",
                    shown(document),
                    shown(t)
                ),
                None => format!("fila {row} (documento {})", shown(document)),
            })
            .collect();
        let n = done.without_ticket.len();
        writeln!(
            out,
            "{yellow}⚠{yellow:#} {} del listado no {} ticket y no se {}: {}.\n  {dim}Qué hacer:{dim:#} pregunte a nivel 2 de qué ticket {} y responda ese caso con «sigce escalar CASO --responder LISTADO».\n",
            count(n, "fila", "filas"),
            agree(n, "tiene", "tienen"),
            agree(n, "respondió", "respondieron"),
            rows.join(", "),
            agree(n, "es", "son"),
        )?;
    }
    let skipped = match done.skipped.len() {
        0 => "ningún ticket sin respuesta".to_string(),
        n => format!("{} sin respuesta", count(n, "ticket", "tickets")),
    };
    writeln!(
        out,
        "{bold}{}, {skipped}.{bold:#}",
        count(
            done.answered.len(),
            "respuesta escrita",
            "respuestas escritas"
        ),
    )?;
    if let Some(first) = done.answered.first() {
        writeln!(
            out,
            "Abra cada archivo .eml con Outlook o Thunderbird, revíselo y envíelo desde {}; luego cierre cada caso con «sigce cerrar TICKET».",
            first.draft.from.address
        )?;
    }
    Ok(())
}

/// `sigce responder` as JSON.
pub fn json_list(done: &ListAnswers<FileResult>) -> Value {
    json!({
        "list": done.list.display().to_string(),
        "answered": done.answered.iter().map(json).collect::<Vec<_>>(),
        "skipped": done.skipped.iter().map(|s| json!({
            "ticket": s.ticket,
            "rows": s.rows,
            "error": {
                "code": s.error.code,
                "message": s.error.message,
                "help": s.error.help,
            },
        })).collect::<Vec<_>>(),
        "without_ticket": done.without_ticket.iter().map(|(row, document, known)| json!({
            "row": row,
            "document": document,
            "requested_in": known,
        })).collect::<Vec<_>>(),
    })
}

/// File names and messages come from people's files: shown, never sent
/// to the terminal as control sequences.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    crate::io_text::for_people(text)
}

pub fn json(outcome: &Outcome<FileResult>) -> Value {
    let d = &outcome.draft;
    json!({
        "ticket": outcome.ready.caller.ticket(),
        "request_type": outcome.ready.request.key(),
        "checklist": {
            "complete": true,
            "missing": [],
            "warnings": outcome.ready.warnings,
        },
        "routing": {
            "destination": outcome.destination.key(),
            "reason": outcome.reason,
            "from": d.from.address,
            "to": d.to.address,
        },
        "draft": {
            "path": outcome.path.display().to_string(),
            "subject": d.subject,
            "attachments": d.attachments.iter().map(|a| json!({
                "name": a.name,
                "content_type": a.content_type,
                "bytes": a.bytes.len(),
            })).collect::<Vec<_>>(),
        },
        "forms": outcome.forms.as_ref().map(|f| f.forms.iter().map(|s| json!({
            "file": s.file,
            "rows": s.rows,
            "accepted": s.accepted,
            "rejected": s.rejected,
            "to_fix": s.to_fix,
            "fixes": s.fixes,
            "error": s.error.as_ref().map(|(m, _)| m),
        })).collect::<Vec<_>>()),
        "warnings": outcome.warnings,
    })
}

pub fn json_error(e: &CaseError) -> Value {
    let incomplete = e.code == crate::case::error::code::CASO_INCOMPLETO;
    json!({
        "checklist": {
            "complete": !incomplete,
            "missing": if incomplete { e.items.clone() } else { Vec::new() },
        },
        "error": {
            "code": e.code,
            "message": e.message,
            "items": e.items,
            "help": e.help,
        },
    })
}
