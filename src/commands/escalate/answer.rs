//! Level 1's answer to the requester, from the users the ledger says went
//! to level 2 and level 2's returned list: `sigce escalar CASO --responder
//! LISTADO` for one case, `sigce responder LISTADO` for a list of several
//! tickets, each answered from its case in the ledger.

use std::path::{Path, PathBuf};

use crate::case::checklist::Ready;
use crate::case::error::code;
use crate::case::requests::RequestType;
use crate::case::{Caller, Case, CaseError, Item, checklist};
use crate::escalation::{Destination, draft, returned, route};
use crate::ledger::{Ledger, PersonResult, Recorded, SentUser, State};

use super::record::{closed, record_and_write, write_failed};
use super::{ListAnswers, Options, Outcome, Skipped, output_dir};

/// Level 1's answer to the requester from level 2's returned list.
pub fn respond(case: &Case, list_path: &Path, opts: &Options) -> Result<Outcome, CaseError> {
    let ready = checklist::check(case)?;
    if !ready.request.sends_forms() {
        return Err(CaseError::new(
            code::CASO_INVALIDO,
            format!(
                "--responder es para casos de creación de usuarios, y este caso es de {}.",
                ready.request.label().to_lowercase()
            ),
        )
        .with_help(
            "Use --responder con el caso de creación de usuarios cuyo listado devolvió nivel 2.",
        ));
    }
    let ticket = ready.caller.ticket().to_string();
    let mut ledger = Ledger::open(&opts.ledger)?;
    let list = list_of(list_path, &ticket)?;
    answer(
        &mut ledger,
        ready,
        list_path,
        &list,
        &output_dir(case, opts),
        opts,
    )
}

/// The rows of level 2's list for `ticket`: a list that names tickets must
/// name this one, and only its rows count.
fn list_of(list_path: &Path, ticket: &str) -> Result<returned::Returned, CaseError> {
    let list = returned::read(list_path)?;
    if list.has_tickets && !list.tickets().iter().any(|t| t == ticket) {
        return Err(CaseError::new(
            code::LISTADO_INVALIDO,
            format!(
                "El listado {} es del ticket {}, no del {ticket}.",
                list_path.display(),
                list.tickets().join(", ")
            ),
        )
        .with_help("Use el listado de este ticket, o responda ese ticket con su propio caso. No se escribió ninguna respuesta."));
    }
    Ok(list.of_ticket(ticket))
}

/// The answer of one case from level 2's list, with the case as the ledger
/// keeps it (no case file needed): what «Casos» does with a list dropped on
/// a case's page. The same checks and draft as `sigce escalar CASO
/// --responder LISTADO`; the answer goes beside the case's escalation, or
/// to `output_dir`.
pub fn respond_ticket(
    ticket: &str,
    list_path: &Path,
    output_dir: Option<&Path>,
    opts: &Options,
) -> Result<Outcome, CaseError> {
    if Ledger::open_read_only(&opts.ledger)?.is_none() {
        return Err(no_ledger(opts));
    }
    let mut ledger = Ledger::open(&opts.ledger)?;
    let (ready, dir) = caller_of(&ledger, ticket)?;
    let list = list_of(list_path, ticket)?;
    let dir = output_dir.map_or(dir, Path::to_path_buf);
    answer(&mut ledger, ready, list_path, &list, &dir, opts)
}

/// The answer of one case from its rows of level 2's list, written and
/// recorded (state `respondido`) in one step.
fn answer(
    ledger: &mut Ledger,
    ready: Ready,
    path_of_list: &Path,
    list: &returned::Returned,
    dir: &Path,
    opts: &Options,
) -> Result<Outcome, CaseError> {
    let ticket = ready.caller.ticket().to_string();
    let requested: Vec<SentUser> = ledger
        .case(&ticket)?
        .into_iter()
        .filter(|e| e.destination == Destination::Level2.key())
        .flat_map(|e| e.users)
        .collect();
    if requested.is_empty() {
        return Err(CaseError::new(
            code::SIN_USUARIOS_ENVIADOS,
            format!(
                "El historial {} no tiene usuarios del ticket {ticket} enviados a nivel 2: no hay con qué comparar el listado.",
                ledger.path().display()
            ),
        )
        .with_help("Escale primero el caso con «sigce escalar», o indique con --historial el historial con que se escaló."));
    }
    let returned::Comparison {
        created,
        not_created,
        missing,
        extra,
    } = returned::compare(requested, list);
    // People of another case in this list: it is not this case's list.
    for document in &extra {
        if let Some(other) =
            ledger.earlier(crate::rules::batch::historial::Column::Document, document)?
            && other.ticket != ticket
        {
            return Err(CaseError::new(
                code::LISTADO_INVALIDO,
                format!(
                    "El listado {} trae personas de otro caso: el documento {document} se pidió en el ticket {}, no en el {ticket}.",
                    path_of_list.display(),
                    other.ticket
                ),
            )
            .with_help("Revise con nivel 2 que sea el listado de este ticket; no se escribió ninguna respuesta."));
        }
    }
    if created.is_empty() && not_created.is_empty() {
        return Err(CaseError::new(
            code::LISTADO_INVALIDO,
            format!(
                "Ninguna persona del listado {} se pidió en el ticket {ticket}.",
                path_of_list.display()
            ),
        )
        .with_help("Revise que sea el listado de este ticket; no se escribió ninguna respuesta."));
    }
    let mut warnings = ready.warnings.clone();
    if !extra.is_empty() {
        warnings.push(format!(
            "El listado de nivel 2 trae {} que no se {} en el ticket {ticket}; no se incluyen en la respuesta.",
            crate::spanish::count(extra.len(), "persona", "personas"),
            crate::spanish::agree(extra.len(), "pidió", "pidieron")
        ));
    }
    if !missing.is_empty() {
        let n = missing.len();
        warnings.push(format!(
            "{} no {} en el listado de nivel 2 (se {} en la respuesta).",
            crate::spanish::count(n, "persona pedida", "personas pedidas"),
            crate::spanish::agree(n, "aparece", "aparecen"),
            crate::spanish::agree(n, "dice", "dicen"),
        ));
    }
    let from = opts.policy.mail.level1.clone();
    let to = route::mailbox(Destination::Requester, &opts.policy.mail, &ready.caller)?;
    let draft = draft::answer(&ready, &from, &to, &created, &not_created, &missing);
    std::fs::create_dir_all(dir).map_err(|e| write_failed(dir, e))?;
    let path = dir.join(format!("ticket_{ticket}_respuesta.eml"));
    // Each person's result, for «¿ya tengo usuario?» later.
    let results: Vec<PersonResult> = created
        .iter()
        .map(|c| PersonResult {
            document: c.user.document.clone(),
            email: c.user.email.clone(),
            name: c.user.name.clone(),
            created: true,
            login: c.login.clone(),
            reason: String::new(),
        })
        .chain(not_created.iter().map(|(u, reason)| PersonResult {
            document: u.document.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            created: false,
            login: String::new(),
            reason: reason.clone(),
        }))
        .chain(missing.iter().map(|u| PersonResult {
            document: u.document.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            created: false,
            login: String::new(),
            reason: "No aparece en el listado de nivel 2.".to_string(),
        }))
        .collect();
    match record_and_write(
        ledger,
        &ready,
        &draft,
        &path,
        Vec::new(),
        false,
        State::Respondido,
        &results,
    )? {
        Recorded::Closed => return Err(closed(&ticket, ledger)),
        Recorded::Done | Recorded::AlreadySent { .. } => {}
    }
    Ok(Outcome {
        ready,
        destination: Destination::Requester,
        reason: route::ANSWER_REASON,
        draft,
        path,
        forms: None,
        validation: Vec::new(),
        warnings,
    })
}

/// `sigce responder LISTADO`: level 2's list of several tickets split by
/// its TICKET column, each ticket answered from its case in the ledger
/// (caller, people sent). Each ticket is its own transaction: one that
/// cannot be answered is reported and the others go on.
pub fn respond_list(
    list_path: &Path,
    output_dir: Option<&Path>,
    opts: &Options,
) -> Result<ListAnswers, CaseError> {
    let list = returned::read(list_path)?;
    if !list.has_tickets {
        return Err(CaseError::new(
            code::LISTADO_INVALIDO,
            format!(
                "El listado {} no tiene columna TICKET: no se sabe de qué caso es cada persona.",
                list_path.display()
            ),
        )
        .with_help("Responda el caso con «sigce escalar CASO --responder LISTADO», o pida a nivel 2 el listado con la columna TICKET. No se escribió ninguna respuesta."));
    }
    if Ledger::open_read_only(&opts.ledger)?.is_none() {
        return Err(no_ledger(opts));
    }
    let mut ledger = Ledger::open(&opts.ledger)?;
    // A row without ticket is never given to a case on a guess; the ticket
    // the ledger knows for its document is only said, for the agent to ask.
    let mut without_ticket = Vec::new();
    for r in list.without_ticket() {
        let known = ledger
            .earlier(
                crate::rules::batch::historial::Column::Document,
                &r.document,
            )?
            .map(|e| e.ticket);
        without_ticket.push((r.row, r.document.clone(), known));
    }
    let mut done = ListAnswers {
        list: list_path.to_path_buf(),
        answered: Vec::new(),
        skipped: Vec::new(),
        without_ticket,
    };
    for ticket in list.tickets() {
        let rows = list.naming(&ticket);
        let answered = caller_of(&ledger, &ticket).and_then(|(ready, dir)| {
            let dir = output_dir.map_or(dir, Path::to_path_buf);
            answer(&mut ledger, ready, list_path, &rows, &dir, opts)
        });
        match answered {
            Ok(outcome) => done.answered.push(outcome),
            Err(error) => done.skipped.push(Skipped {
                ticket,
                rows: rows.rows.len(),
                error,
            }),
        }
    }
    Ok(done)
}

/// `sigce responder --ticket T --mensaje TEXTO`: the answer to the caller
/// of a case that carries no forms, with what the Datacenter or level 2
/// answered; written beside the case's escalation and recorded (state
/// `respondido`) in one step.
pub fn respond_note(
    ticket: &str,
    message: &str,
    output_dir: Option<&Path>,
    opts: &Options,
) -> Result<Outcome, CaseError> {
    if message.trim().is_empty() {
        return Err(CaseError::new(
            code::CASO_INVALIDO,
            "--mensaje está vacío: la respuesta necesita lo que contestó el equipo que atendió el caso.",
        )
        .with_help("Escriba la respuesta entre comillas, por ejemplo: --mensaje \"Se restableció la contraseña; ingrese con su número de documento.\""));
    }
    if Ledger::open_read_only(&opts.ledger)?.is_none() {
        return Err(no_ledger(opts));
    }
    let mut ledger = Ledger::open(&opts.ledger)?;
    let (ready, dir, handled_by) = case_of(&ledger, ticket, false)?;
    let dir = output_dir.map_or(dir, Path::to_path_buf);
    let from = opts.policy.mail.level1.clone();
    let to = route::mailbox(Destination::Requester, &opts.policy.mail, &ready.caller)?;
    let draft = draft::reply(&ready, handled_by, message, &from, &to);
    std::fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;
    let path = dir.join(format!("ticket_{ticket}_respuesta.eml"));
    match record_and_write(
        &mut ledger,
        &ready,
        &draft,
        &path,
        Vec::new(),
        false,
        State::Respondido,
        &[],
    )? {
        Recorded::Closed => return Err(closed(ticket, &ledger)),
        Recorded::Done | Recorded::AlreadySent { .. } => {}
    }
    Ok(Outcome {
        ready,
        destination: Destination::Requester,
        reason: route::ANSWER_REASON,
        draft,
        path,
        forms: None,
        validation: Vec::new(),
        warnings: Vec::new(),
    })
}

fn no_ledger(opts: &Options) -> CaseError {
    CaseError::new(
        code::CASO_NO_ENCONTRADO,
        format!(
            "No hay historial en {}: ningún caso se ha escalado con él.",
            opts.ledger.display()
        ),
    )
    .with_help("Indique con --historial el historial con que se escalaron los casos. No se escribió ninguna respuesta.")
}

/// The case of `ticket` as the ledger keeps it, ready to be answered, and
/// the folder of its e-mail to level 2 (where its answer goes).
fn caller_of(ledger: &Ledger, ticket: &str) -> Result<(Ready, PathBuf), CaseError> {
    case_of(ledger, ticket, true).map(|(ready, dir, _)| (ready, dir))
}

/// The case of `ticket` as the ledger keeps it, ready to be answered: its
/// caller, the folder of its last escalation (where the answer goes) and
/// where it was escalated. `forms`: whether the answer is a level-2 list
/// (user creation) or a message (every other request).
fn case_of(
    ledger: &Ledger,
    ticket: &str,
    forms: bool,
) -> Result<(Ready, PathBuf, Destination), CaseError> {
    let Some(case) = ledger.case_row(ticket)? else {
        return Err(CaseError::new(
            code::CASO_NO_ENCONTRADO,
            format!(
                "El ticket {ticket} no tiene caso en el historial {}.",
                ledger.path().display()
            ),
        )
        .with_help(
            "Revise el número con nivel 2, o use el historial con que se escaló (--historial).",
        ));
    };
    let Some(request) = RequestType::parse(&case.request_type) else {
        return Err(CaseError::new(
            code::CASO_INVALIDO,
            format!(
                "El caso del ticket {ticket} es de un tipo que esta versión no conoce ({}).",
                case.request_type
            ),
        ));
    };
    if request.sends_forms() != forms {
        return Err(if forms {
            CaseError::new(
                code::CASO_INVALIDO,
                format!("El caso del ticket {ticket} no es de creación de usuarios."),
            )
            .with_help(format!("Un listado de nivel 2 solo responde casos de creación de usuarios; responda este con «sigce responder --ticket {ticket} --mensaje TEXTO»."))
        } else {
            CaseError::new(
                code::CASO_INVALIDO,
                format!("El caso del ticket {ticket} es de creación de usuarios: su respuesta sale del listado de nivel 2."),
            )
            .with_help("Use «sigce responder LISTADO» con el listado que devolvió nivel 2.")
        });
    }
    match case.state {
        State::Cerrado => return Err(closed(ticket, ledger)),
        State::Respondido => {
            return Err(CaseError::new(
                code::ESTADO_NO_PERMITIDO,
                format!(
                    "El caso del ticket {ticket} ya se respondió el {}.",
                    case.changed_at
                ),
            )
            .with_help(format!(
                "Vea la respuesta con «sigce casos buscar {ticket}». Si hay que responder otra vez, use «sigce escalar CASO --responder LISTADO»."
            )));
        }
        _ => {}
    }
    let mut caller = Caller::default();
    caller.set(Item::Ticket, ticket);
    caller.set(Item::Nombre, case.caller_name);
    caller.set(Item::Correo, case.caller_email);
    let escalated = ledger.case(ticket)?.into_iter().rev().find(|e| {
        e.destination == Destination::Level2.key() || e.destination == Destination::Datacenter.key()
    });
    let Some(escalated) = escalated else {
        return Err(CaseError::new(
            code::ESTADO_NO_PERMITIDO,
            format!("El caso del ticket {ticket} no se ha escalado a nivel 2 ni al Datacenter: no hay respuesta que dar todavía."),
        )
        .with_help(format!("Escálelo con «sigce escalar CASO»; vea su historia con «sigce casos buscar {ticket}».")));
    };
    let handled_by = if escalated.destination == Destination::Datacenter.key() {
        Destination::Datacenter
    } else {
        Destination::Level2
    };
    let dir = Path::new(&escalated.draft)
        .parent()
        .map(Path::to_path_buf)
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("."));
    let ready = Ready {
        request,
        caller,
        forms: Vec::new(),
        module: None,
        symptom: None,
        description: String::new(),
        procedure: String::new(),
        new_email: String::new(),
        screenshots: Vec::new(),
        warnings: Vec::new(),
    };
    Ok((ready, dir, handled_by))
}
