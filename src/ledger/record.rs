//! Recording an escalation: one immediate transaction holding the check
//! that the ticket did not go there already, the record with its users, the
//! case's new state with its event, and the writing of the draft, so that
//! either all of it happens or none.

use std::time::Duration;

use rusqlite::{Transaction, TransactionBehavior, params};

use super::cases::{self, Identity, PersonResult, State, Step};
use super::query::last_sent;
use super::{Escalation, Ledger, LedgerError, Recorded, unavailable};

impl Ledger {
    /// Records one escalation and its users in one transaction. `write` runs
    /// inside it (it writes the e-mail draft): if it fails, nothing is
    /// recorded; if the process dies before the commit, SQLite's journal
    /// undoes the partial record when the database is next opened.
    ///
    /// With `once`, the ticket must not have been escalated to the same
    /// destination before: the check and the record are one immediate
    /// transaction, so of several runs escalating one ticket at the same
    /// time exactly one records it and writes its draft.
    ///
    /// The ticket's case moves to `state` (escalated, returned, or answered
    /// with level 2's `results`) in the same transaction; a closed case is
    /// refused (`Recorded::Closed`) and must be reopened first.
    ///
    /// A ledger failure comes back as `E`, the caller's error, which is also
    /// what `write` fails with.
    pub fn record<E: From<LedgerError>>(
        &mut self,
        entry: &Escalation,
        once: bool,
        state: State,
        results: &[PersonResult],
        write: impl FnOnce() -> Result<(), E>,
    ) -> Result<Recorded, E> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| unavailable(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        if once && let Some(at) = last_sent(&tx, &entry.ticket, &entry.destination).map_err(fail)? {
            return Ok(Recorded::AlreadySent { at });
        }
        if cases::state_of(&tx, &entry.ticket).map_err(fail)? == Some(State::Cerrado) {
            return Ok(Recorded::Closed);
        }
        let id = insert(&tx, entry).map_err(fail)?;
        let waiting_for = match state {
            State::Escalado | State::Devuelto => entry.destination.as_str(),
            _ => cases::LEVEL1,
        };
        let note = match state {
            State::Devuelto => format!("Formato devuelto a la institución ({}).", entry.recipient),
            State::Respondido => format!("Respuesta al usuario redactada ({}).", entry.recipient),
            _ => {
                let to_whom = match entry.destination.as_str() {
                    "datacenter" => "al Datacenter",
                    _ => "a nivel 2",
                };
                format!(
                    "Escalado {to_whom} ({}): {}",
                    entry.recipient, entry.subject
                )
            }
        };
        let step = Step {
            ticket: &entry.ticket,
            state,
            waiting_for,
            agent: &entry.agent,
            note: &note,
            escalation_id: Some(id),
        };
        let identity = Identity {
            request_type: &entry.request_type,
            caller_name: &entry.caller_name,
            caller_email: &entry.caller_email,
        };
        cases::apply(&tx, &step, Some(&identity)).map_err(fail)?;
        for p in results {
            tx.execute(
                "INSERT INTO results (ticket, document, email, name, created, login, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![entry.ticket, p.document, p.email, p.name, p.created, p.login, p.reason],
            )
            .map_err(fail)?;
        }
        write()?;
        tx.commit().map_err(fail)?;
        Ok(Recorded::Done)
    }
}

/// The escalation and its users, inside the open transaction; its id.
fn insert(tx: &Transaction<'_>, entry: &Escalation) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO escalations (ticket, request_type, destination, recipient, subject, draft, caller_name, caller_email, message_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            entry.ticket,
            entry.request_type,
            entry.destination,
            entry.recipient,
            entry.subject,
            entry.draft,
            entry.caller_name,
            entry.caller_email,
            entry.message_id
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare(
        "INSERT INTO users (escalation_id, document_type, document, email, name) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, u) in entry.users.iter().enumerate() {
        insert.execute(params![id, u.document_type, u.document, u.email, u.name])?;
        if i == entry.users.len() / 2 {
            test_pause();
        }
    }
    Ok(id)
}

/// Stops halfway through recording when `SIGCE_PRUEBA_PAUSA_HISTORIAL_MS`
/// is set, so a test can kill the process mid-transaction at a known point.
fn test_pause() {
    if let Some(ms) = std::env::var("SIGCE_PRUEBA_PAUSA_HISTORIAL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}
