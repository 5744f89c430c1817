//! `sigce escalar --responder`: level 1's answer to the requester, from
//! the users the ledger says went to level 2 and level 2's returned list.

use std::path::Path;

use crate::case::error::code;
use crate::case::{Case, CaseError, checklist};
use crate::escalation::{Destination, draft, returned, route};
use crate::ledger::{Ledger, PersonResult, Recorded, SentUser, State};

use super::record::{closed, record_and_write, write_failed};
use super::{Options, Outcome, output_dir};

/// Level 1's answer to the requester from level 2's returned list.
pub fn respond(case: &Case, list: &Path, opts: &Options) -> Result<Outcome, CaseError> {
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
    let requested: Vec<SentUser> = ledger
        .case(&ticket)?
        .into_iter()
        .filter(|e| e.destination == Destination::Level2.key())
        .flat_map(|e| e.users)
        .collect();
    if requested.is_empty() {
        return Err(CaseError::new(
            code::SIN_RESPUESTAS,
            format!(
                "El historial {} no tiene usuarios del ticket {ticket} enviados a nivel 2: no hay con qué comparar el listado.",
                ledger.path().display()
            ),
        )
        .with_help("Escale primero el caso con «sigce escalar», o indique con --historial el historial con que se escaló."));
    }
    let path_of_list = list;
    let list = returned::read(list)?;
    // A list that names tickets must name this one; only its rows count.
    if list.has_tickets && !list.tickets().contains(&ticket) {
        return Err(CaseError::new(
            code::LISTADO_INVALIDO,
            format!(
                "El listado {} es del ticket {}, no del {ticket}.",
                path_of_list.display(),
                list.tickets().join(", ")
            ),
        )
        .with_help("Use el listado de este ticket, o responda ese ticket con su propio caso."));
    }
    let list = list.of_ticket(&ticket);
    let returned::Comparison {
        created,
        not_created,
        missing,
        extra,
    } = returned::compare(requested, &list);
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
            if extra.len() == 1 { "1 persona".to_string() } else { format!("{} personas", extra.len()) },
            if extra.len() == 1 { "pidió" } else { "pidieron" }
        ));
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "{} de lo pedido no aparecen en el listado de nivel 2 (se dicen en la respuesta).",
            missing.len()
        ));
    }
    let from = opts.policy.mail.level1.clone();
    let to = route::mailbox(Destination::Requester, &opts.policy.mail, &ready.caller)?;
    let draft = draft::answer(&ready, &from, &to, &created, &not_created, &missing);
    let dir = output_dir(case, opts);
    std::fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;
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
        &mut ledger,
        &ready,
        &draft,
        &path,
        Vec::new(),
        false,
        State::Respondido,
        &results,
    )? {
        Recorded::Closed => return Err(closed(&ticket, &ledger)),
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
