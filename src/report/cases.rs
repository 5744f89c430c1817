//! `sigce casos`: the board of cases with their age in working days and
//! who they wait for, and the answers of `casos buscar` in the sentences an
//! agent reads out on the phone («sí: enviado a nivel 2 el …, creado el …»).

use std::io::{self, Write};

use super::text::Palette;
use crate::dates;
use crate::ledger::{CaseEvent, CaseRow, Found, State};

/// Who a case waits for, as a phrase («espera al Datacenter»).
pub fn waits_for(key: &str) -> &'static str {
    match key {
        "nivel1" => "espera a nivel 1 (usted)",
        "nivel2" => "espera a nivel 2",
        "datacenter" => "espera al Datacenter",
        "solicitante" => "espera a la institución o al usuario",
        _ => "no espera a nadie",
    }
}

/// The request type's name, as the interview says it.
pub fn request_label(key: &str) -> &str {
    crate::case::requests::RequestType::parse(key).map_or(key, |t| t.label())
}

/// «desde hoy», «hace 1 día hábil».
pub fn since(age: u32) -> String {
    match age {
        0 => "desde hoy".to_string(),
        n => format!("hace {}", days(n)),
    }
}

/// «3 de diciembre de 2026» from a local `AAAA-MM-DD HH:MM`.
pub fn day(local: &str) -> String {
    local
        .get(..10)
        .and_then(dates::parse_iso)
        .map_or_else(|| local.to_string(), dates::spanish)
}

pub fn days(n: u32) -> String {
    crate::spanish::count(n as usize, "día hábil", "días hábiles")
}

/// A case on the board, as JSON.
#[derive(serde::Serialize)]
pub struct BoardEntry<'a> {
    #[serde(flatten)]
    pub case: &'a CaseRow,
    pub age_working_days: u32,
    pub overdue: bool,
}

pub fn entries(cases: &[CaseRow], today: time::Date, wait_days: u32) -> Vec<BoardEntry<'_>> {
    cases
        .iter()
        .map(|case| BoardEntry {
            case,
            age_working_days: case.age(today),
            overdue: case.overdue(today, wait_days),
        })
        .collect()
}

pub fn write_board(
    out: &mut dyn Write,
    cases: &[CaseRow],
    today: time::Date,
    wait_days: u32,
    color: bool,
) -> io::Result<()> {
    let p = Palette::new(color);
    let (bold, dim, red) = (p.bold, p.dim, p.red);
    if cases.is_empty() {
        return writeln!(out, "No hay casos que mostrar.");
    }
    let overdue = cases.iter().filter(|c| c.overdue(today, wait_days)).count();
    for case in cases {
        let age = case.age(today);
        let late = case.overdue(today, wait_days);
        let flag = if late {
            format!(" {red}· esperando más de {}{red:#}", days(wait_days))
        } else {
            String::new()
        };
        writeln!(
            out,
            "{bold}Ticket {}{bold:#} · {} · {} · {} {}{flag}",
            case.ticket,
            request_label(&case.request_type),
            case.state.key(),
            waits_for(&case.waiting_for),
            since(age)
        )?;
        let shown = crate::io_text::for_people;
        writeln!(
            out,
            "  {dim}Solicitante:{dim:#} {} <{}> · {dim}abierto el{dim:#} {}",
            shown(&case.caller_name),
            shown(&case.caller_email),
            day(&case.opened_at)
        )?;
    }
    writeln!(out)?;
    let total = crate::spanish::count(cases.len(), "caso", "casos");
    write!(out, "{total}")?;
    if overdue > 0 {
        write!(
            out,
            "; {red}{overdue} {} más de {}{red:#}: «sigce casos recordar» escribe el recordatorio",
            if overdue == 1 { "espera" } else { "esperan" },
            days(wait_days)
        )?;
    }
    writeln!(
        out,
        ". {dim}(días hábiles de Colombia, sin festivos){dim:#}"
    )
}

/// What `casos buscar` found, person by person.
pub fn write_found(
    out: &mut dyn Write,
    text: &str,
    found: &[Found],
    color: bool,
) -> io::Result<()> {
    let p = Palette::new(color);
    let (bold, dim) = (p.bold, p.dim);
    let shown = crate::io_text::for_people;
    if found.is_empty() {
        return writeln!(
            out,
            "No hay ningún caso ni persona con «{}» en el historial: no se ha pedido (o se pidió con otro documento o correo).",
            shown(text)
        );
    }
    for f in found {
        let case = &f.case;
        match &f.person {
            None => writeln!(
                out,
                "{bold}Ticket {}{bold:#}: {} de {}, {} ({}).",
                case.ticket,
                request_label(&case.request_type).to_lowercase(),
                shown(&case.caller_name),
                case.state.key(),
                state_sentence(case)
            )?,
            Some(person) => {
                let mut line = format!(
                    "{bold}{}{bold:#} ({} {}): ",
                    shown(&person.name),
                    person.document_type,
                    person.document
                );
                if let Some(sent) = &person.sent_at {
                    line.push_str(&format!(
                        "enviado a nivel 2 el {} con el ticket {}",
                        day(sent),
                        case.ticket
                    ));
                }
                match (&person.result, &person.result_at) {
                    (Some(r), Some(at)) if r.created => line.push_str(&format!(
                        "; creado el {} con el usuario {} (contraseña inicial: su número de documento)",
                        day(at),
                        shown(&r.login)
                    )),
                    (Some(r), Some(at)) => line.push_str(&format!(
                        "; no creado según nivel 2 el {}: {}",
                        day(at),
                        shown(&r.reason)
                    )),
                    _ if case.state == State::Escalado => {
                        line.push_str("; nivel 2 no ha respondido todavía")
                    }
                    _ => {}
                }
                line.push_str(&format!(". {dim}Caso {}.{dim:#}", case.state.key()));
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}

fn state_sentence(case: &CaseRow) -> String {
    match case.state {
        State::Cerrado => format!("cerrado el {}", day(&case.changed_at)),
        _ => format!(
            "{} desde el {}",
            waits_for(&case.waiting_for),
            day(&case.changed_at)
        ),
    }
}

/// A case's history, oldest first.
pub fn write_events(out: &mut dyn Write, events: &[CaseEvent]) -> io::Result<()> {
    for e in events {
        writeln!(
            out,
            "  {} · {} · {} {}",
            e.at,
            e.state.key(),
            crate::io_text::for_people(&e.note),
            if e.agent.is_empty() {
                String::new()
            } else {
                format!("({})", crate::io_text::for_people(&e.agent))
            }
        )?;
    }
    Ok(())
}
