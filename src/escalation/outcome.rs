//! What an escalation did, for the reports: the complete case, where it went
//! and why, the draft and where it was written, the forms' summary and what
//! the agent should watch.

use std::path::PathBuf;

use super::draft::Forms;
use super::{Destination, Draft};
use crate::case::CaseError;
use crate::case::checklist::Ready;
use crate::policy::Mailbox;

/// What an escalation did. `R` is the validator's result for each form of a
/// user-creation case: the validator and its report live in the layers above
/// this one, so the outcome only carries their results to the report.
#[derive(Debug)]
pub struct Outcome<R> {
    pub ready: Ready,
    pub destination: Destination,
    /// Why the case went to `destination`, in one sentence.
    pub reason: &'static str,
    pub draft: Draft,
    pub path: PathBuf,
    pub forms: Option<Forms>,
    /// The validator's results, for the report (user creation only).
    pub validation: Vec<R>,
    pub warnings: Vec<String>,
}

/// What `sigce responder` did with level 2's list of several tickets.
#[derive(Debug)]
pub struct ListAnswers<R> {
    pub list: PathBuf,
    /// One answer per case, in the order the list names the tickets.
    pub answered: Vec<Outcome<R>>,
    /// Tickets of the list that got no answer, with why (no case, closed,
    /// already answered, people of another case...).
    pub skipped: Vec<Skipped>,
    /// Rows with an empty TICKET cell: `(row, document, the ticket the
    /// ledger has for that document)`. They belong to no case and are named
    /// so that nobody vanishes from the list.
    pub without_ticket: Vec<(u32, String, Option<String>)>,
}

/// A ticket of level 2's list that was not answered.
#[derive(Debug)]
pub struct Skipped {
    pub ticket: String,
    /// How many rows of the list name it.
    pub rows: usize,
    pub error: CaseError,
}

/// The mailbox line of a report: `Nombre <dirección>`.
pub fn mailbox_line(m: &Mailbox) -> String {
    if m.name.is_empty() {
        m.address.clone()
    } else {
        format!("{} <{}>", m.name, m.address)
    }
}
