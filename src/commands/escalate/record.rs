//! Writing an escalation: the .eml inside the ledger's transaction, and the
//! errors of that step (a folder that cannot be written, a ticket already
//! escalated).

use std::path::Path;

use crate::case::checklist::Ready;
use crate::case::error::code;
use crate::case::{CaseError, Item};
use crate::escalation::{Destination, Draft, eml};
use crate::ledger::{Escalation, Ledger, PersonResult, Recorded, SentUser, State};
use crate::write;

pub(super) fn already_escalated(
    ticket: &str,
    destination: Destination,
    at: &str,
    ledger: &Ledger,
) -> CaseError {
    CaseError::new(
        code::YA_ESCALADO,
        format!(
            "El ticket {ticket} ya se escaló {} el {at} (según el historial {}). No se escribió nada.",
            crate::spanish::to(destination.label()),
            ledger.path().display()
        ),
    )
    .with_help(format!(
        "Vea lo enviado con «sigce historial {ticket}». Si de verdad hay que enviarlo otra vez, use --reenviar."
    ))
}

pub(crate) fn closed(ticket: &str, ledger: &Ledger) -> CaseError {
    CaseError::new(
        code::CASO_CERRADO,
        format!(
            "El caso del ticket {ticket} está cerrado (según el historial {}). No se escribió nada.",
            ledger.path().display()
        ),
    )
    .with_help(format!(
        "Si hay que seguir con él, reábralo con «sigce casos reabrir {ticket} --nota MOTIVO» y vuelva a intentarlo."
    ))
}

pub(crate) fn write_failed(path: &Path, e: std::io::Error) -> CaseError {
    let why = crate::io_text::writing(&e);
    CaseError::new(
        code::ESCRITURA_FALLIDA,
        format!("No se pudo escribir {}: {why}.", path.display()),
    )
    .with_help("Revise que la carpeta existe y se puede escribir (o indique otra con --salida).")
}

/// Writes the .eml inside the ledger's transaction: both happen or neither.
/// `once`: refused (nothing written) if the ticket already went there.
#[allow(clippy::too_many_arguments)]
pub(super) fn record_and_write(
    ledger: &mut Ledger,
    ready: &Ready,
    draft: &Draft,
    path: &Path,
    users: Vec<SentUser>,
    once: bool,
    state: State,
    results: &[PersonResult],
) -> Result<Recorded, CaseError> {
    let bytes = eml::render(draft).map_err(|e| write_failed(path, e))?;
    let entry = Escalation {
        ticket: ready.caller.ticket().to_string(),
        request_type: ready.request.key().to_string(),
        destination: draft.destination.key().to_string(),
        sent_at: String::new(),
        recipient: draft.to.address.clone(),
        subject: draft.subject.clone(),
        // Absolute: the ledger is read from any folder later.
        draft: std::path::absolute(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
        caller_name: ready.caller.get(Item::Nombre).to_string(),
        caller_email: ready.caller.get(Item::Correo).to_string(),
        users,
        message_id: draft.message_id.clone(),
        agent: agent(),
    };
    ledger.record(&entry, once, state, results, || {
        write::write_atomic(path, &bytes).map_err(|e| write_failed(path, e))
    })
}

/// Who is working: the session's user name, for the case's history.
pub(crate) fn agent() -> String {
    std::env::var("USERNAME")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "nivel 1".to_string())
}
