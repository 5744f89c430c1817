//! The case commands: `sigce casos` (the board of open cases, with their
//! age in working days and who they wait for), `casos buscar` (the
//! everyday «¿ya tengo usuario?»), `casos recordar` (a reminder in the
//! thread of an escalation that waits too long), `casos reabrir` and
//! `sigce cerrar`. Each change of state is one ledger transaction; a
//! reminder's draft is written inside it.

use std::path::{Path, PathBuf};

use crate::case::CaseError;
use crate::case::Destination;
use crate::case::error::code;
use crate::cli::{CasosList, CerrarArgs, ReabrirArgs, RecordarArgs};
use crate::escalation::{draft, eml};
use crate::ledger::{CaseEvent, CaseFilter, CaseRow, Found, Ledger, State, Transition};
use crate::policy::Policy;

use super::escalate::record_agent as agent;

/// The board: the cases asked for, the longest waiting first.
pub struct Board {
    pub cases: Vec<CaseRow>,
    pub today: time::Date,
    pub wait_days: u32,
}

fn ledger(explicit: Option<&Path>, policy: &Policy) -> Result<Ledger, CaseError> {
    let path = crate::ledger::path(explicit, policy.ledger.as_deref());
    Ok(Ledger::open(&path)?)
}

/// The ledger for reading commands; `None` before the first case (listing
/// must not create a ledger as a side effect).
fn existing(explicit: Option<&Path>, policy: &Policy) -> Result<Option<Ledger>, CaseError> {
    let path = crate::ledger::path(explicit, policy.ledger.as_deref());
    if !path.exists() {
        return Ok(None);
    }
    // Opened for writing: a ledger of the first release is migrated first.
    Ok(Some(Ledger::open(&path)?))
}

pub fn board(
    list: &CasosList,
    explicit: Option<&Path>,
    policy: &Policy,
) -> Result<Board, CaseError> {
    let today = crate::dates::today();
    let Some(ledger) = existing(explicit, policy)? else {
        return Ok(Board {
            cases: Vec::new(),
            today,
            wait_days: policy.wait_days,
        });
    };
    let filter = CaseFilter {
        states: if list.estado.is_empty() {
            State::ALL.into_iter().filter(|s| s.is_open()).collect()
        } else {
            list.estado.clone()
        },
        request_type: list.tipo.clone(),
        waiting_for: list.destino.clone(),
        since: list.desde.clone(),
    };
    let mut cases = ledger.cases(&filter)?;
    if list.pendientes {
        cases.retain(|c| c.overdue(today, policy.wait_days));
    }
    Ok(Board {
        cases,
        today,
        wait_days: policy.wait_days,
    })
}

/// What `casos buscar` found, and the history of the case whose ticket it is.
#[derive(serde::Serialize)]
pub struct Search {
    pub found: Vec<Found>,
    pub history: Vec<CaseEvent>,
}

pub fn search(text: &str, explicit: Option<&Path>, policy: &Policy) -> Result<Search, CaseError> {
    let Some(ledger) = existing(explicit, policy)? else {
        return Ok(Search {
            found: Vec::new(),
            history: Vec::new(),
        });
    };
    Ok(Search {
        found: ledger.search(text)?,
        history: ledger.events(text.trim())?,
    })
}

/// Closes a case: after its answer, or without one when the agent says why.
pub fn close(args: &CerrarArgs, policy: &Policy) -> Result<String, CaseError> {
    let mut ledger = ledger(args.ledger.historial.as_deref(), policy)?;
    let ticket = &args.ticket;
    let (from, note): (Vec<State>, String) = match &args.sin_respuesta {
        Some(reason) if reason.trim().is_empty() => {
            return Err(CaseError::new(
                code::ESTADO_NO_PERMITIDO,
                "--sin-respuesta necesita el motivo.",
            )
            .with_help(
                "Por ejemplo: --sin-respuesta \"el Datacenter respondió directamente al usuario\".",
            ));
        }
        Some(reason) => (
            vec![
                State::Abierto,
                State::Escalado,
                State::Devuelto,
                State::Respondido,
                State::Reabierto,
            ],
            format!("Cerrado sin respuesta redactada: {}", reason.trim()),
        ),
        None => (
            vec![State::Respondido],
            match &args.nota {
                Some(n) => format!("Cerrado: {}", n.trim()),
                None => "Cerrado.".to_string(),
            },
        ),
    };
    let ok = || Ok::<(), CaseError>(());
    match ledger.transition(ticket, &from, Some((State::Cerrado, "")), &agent(), &note, &[], ok)? {
        Transition::Done => Ok(format!("Caso {ticket} cerrado.")),
        Transition::NoCase => Err(no_case(ticket, &ledger)),
        Transition::NotAllowed(State::Cerrado) => Err(CaseError::new(
            code::ESTADO_NO_PERMITIDO,
            format!("El caso {ticket} ya está cerrado."),
        )
        .with_help(format!("Para seguir con él: sigce casos reabrir {ticket} --nota MOTIVO"))),
        Transition::NotAllowed(state) => Err(CaseError::new(
            code::ESTADO_NO_PERMITIDO,
            format!(
                "El caso {ticket} está {} y nunca se le respondió al usuario.",
                state.key()
            ),
        )
        .with_help(format!(
            "Redacte la respuesta (sigce escalar CASO --responder LISTADO) o, si ya se respondió por otro medio o no hace falta, ciérrelo diciendo por qué: sigce cerrar {ticket} --sin-respuesta \"MOTIVO\""
        ))),
    }
}

pub fn reopen(
    args: &ReabrirArgs,
    explicit: Option<&Path>,
    policy: &Policy,
) -> Result<String, CaseError> {
    let mut ledger = ledger(explicit, policy)?;
    let ticket = &args.ticket;
    let note = format!("Reabierto: {}", args.nota.trim());
    let ok = || Ok::<(), CaseError>(());
    match ledger.transition(
        ticket,
        &[State::Cerrado],
        Some((State::Reabierto, crate::ledger::LEVEL1)),
        &agent(),
        &note,
        &[],
        ok,
    )? {
        Transition::Done => Ok(format!("Caso {ticket} reabierto.")),
        Transition::NoCase => Err(no_case(ticket, &ledger)),
        Transition::NotAllowed(state) => Err(CaseError::new(
            code::ESTADO_NO_PERMITIDO,
            format!("El caso {ticket} no está cerrado (está {}).", state.key()),
        )
        .with_help("Solo un caso cerrado se reabre.")),
    }
}

/// A reminder written: for which ticket, where.
pub struct Reminded {
    pub ticket: String,
    pub path: PathBuf,
    pub age: u32,
    pub to: String,
    /// The message written, for a front end that shows it.
    pub draft: draft::Draft,
}

/// Drafts a reminder for each ticket (or each overdue case), in the thread
/// of its escalation, and records it in the case's history.
pub fn remind(
    args: &RecordarArgs,
    explicit: Option<&Path>,
    policy: &Policy,
) -> Result<Vec<Reminded>, CaseError> {
    let mut ledger = ledger(explicit, policy)?;
    let today = crate::dates::today();
    let cases: Vec<CaseRow> = if args.tickets.is_empty() {
        let open = CaseFilter {
            states: vec![State::Escalado],
            ..CaseFilter::default()
        };
        ledger
            .cases(&open)?
            .into_iter()
            .filter(|c| c.overdue(today, policy.wait_days))
            .collect()
    } else {
        let mut cases = Vec::new();
        for t in &args.tickets {
            match ledger.case_row(t)? {
                Some(c) if matches!(c.waiting_for.as_str(), "nivel2" | "datacenter") => {
                    cases.push(c)
                }
                Some(c) => {
                    return Err(CaseError::new(
                        code::ESTADO_NO_PERMITIDO,
                        format!(
                            "El caso {t} no espera a nivel 2 ni al Datacenter (está {}).",
                            c.state.key()
                        ),
                    )
                    .with_help("Solo se recuerda un caso escalado que espera respuesta."));
                }
                None => return Err(no_case(t, &ledger)),
            }
        }
        cases
    };
    let mut done = Vec::new();
    for case in cases {
        let destination = match case.waiting_for.as_str() {
            "datacenter" => Destination::Datacenter,
            _ => Destination::Level2,
        };
        let Some((recipient, subject, message_id, eml_path)) =
            ledger.last_message(&case.ticket, destination.key())?
        else {
            continue;
        };
        let message_id = Some(message_id)
            .filter(|m| !m.is_empty())
            .or_else(|| eml::message_id_of(Path::new(&eml_path)));
        let mut to = match destination {
            Destination::Datacenter => {
                policy
                    .mail
                    .datacenter
                    .clone()
                    .unwrap_or(crate::policy::Mailbox {
                        name: "Datacenter".to_string(),
                        address: String::new(),
                    })
            }
            _ => policy.mail.level2.clone(),
        };
        to.address = recipient;
        let age = case.age(today);
        let original = draft::Original {
            destination,
            subject: &subject,
            message_id,
        };
        let reminder = draft::reminder(&case, &original, age, &policy.mail.level1, &to);
        let dir = args.salida.clone().unwrap_or_else(|| {
            Path::new(&eml_path)
                .parent()
                .filter(|d| d.is_dir())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        });
        let path = free_name(&dir, &case.ticket);
        let bytes = eml::render(&reminder).map_err(|e| super::escalate::write_error(&path, e))?;
        let note = format!(
            "Recordatorio {} después de {} ({}).",
            crate::spanish::to(destination.label()),
            crate::report::cases::days(age),
            path.display()
        );
        let write = || {
            std::fs::create_dir_all(&dir).map_err(|e| super::escalate::write_error(&dir, e))?;
            crate::write::write_atomic(&path, &bytes)
                .map_err(|e| super::escalate::write_error(&path, e))
        };
        ledger.transition(
            &case.ticket,
            &[case.state],
            None,
            &agent(),
            &note,
            &[],
            write,
        )?;
        done.push(Reminded {
            ticket: case.ticket.clone(),
            path,
            age,
            to: to.address.clone(),
            draft: reminder,
        });
    }
    Ok(done)
}

/// `ticket_N_recordatorio.eml`, numbered when a reminder was written already.
fn free_name(dir: &Path, ticket: &str) -> PathBuf {
    let first = dir.join(format!("ticket_{ticket}_recordatorio.eml"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("ticket_{ticket}_recordatorio_{n}.eml")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn no_case(ticket: &str, ledger: &Ledger) -> CaseError {
    CaseError::new(
        code::CASO_NO_ENCONTRADO,
        format!(
            "El historial {} no tiene un caso con el ticket {ticket}.",
            ledger.path().display()
        ),
    )
    .with_help("Revise el número con «sigce casos buscar TEXTO», o indique con --historial el historial donde está.")
}
