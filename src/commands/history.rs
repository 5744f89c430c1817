//! `sigce historial [TICKET]`: reads the ledger, never writes it.

use crate::case::CaseError;
use crate::cli::HistorialArgs;
use crate::ledger::{Escalation, Ledger};
use crate::policy::Policy;

pub fn run(args: &HistorialArgs, policy: &Policy) -> Result<Vec<Escalation>, CaseError> {
    let path = crate::ledger::path(args.historial.as_deref(), policy.ledger.as_deref());
    let Some(ledger) = Ledger::open_read_only(&path)? else {
        return Ok(Vec::new());
    };
    let escalations = match &args.ticket {
        Some(t) => ledger.case(t)?,
        None => ledger.recent(args.ultimos)?,
    };
    Ok(escalations)
}
