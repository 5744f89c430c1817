//! `sigce escalar`: checklist → (validator, for user creation) → routing →
//! ledger check → draft → .eml written and recorded in one step.
//! `--responder` drafts level 1's answer from level 2's returned list.

mod answer;
mod attach;
mod forms;
mod record;

use std::path::PathBuf;

use crate::case::checklist;
use crate::case::{Case, CaseError};
use crate::escalation::draft::{self, Forms};
use crate::escalation::{self, Destination, route};
use crate::ledger::{Ledger, Recorded, State};
use crate::policy::Policy;
use crate::report::FileResult;

use super::validate;

pub use answer::{respond, respond_list, respond_note, respond_ticket};
pub use attach::MAX_ATTACHMENT_BYTES;
use attach::{attachments, warn_if_large};
use forms::{publish, summarize, validate_forms, warn_already_sent};
pub(crate) use record::{agent as record_agent, write_failed as write_error};
use record::{already_escalated, closed, record_and_write, write_failed};

pub struct Options {
    /// Where the draft (and, for user creation, the validator's files) go;
    /// by default the case file's folder.
    pub output_dir: Option<PathBuf>,
    pub ledger: PathBuf,
    /// Escalate again a ticket already escalated to the same destination.
    pub resend: bool,
    pub policy: &'static Policy,
}

/// What an escalation did, with the validator's results of its forms.
pub type Outcome = escalation::Outcome<FileResult>;

/// What `sigce responder` did.
pub type ListAnswers = escalation::ListAnswers<FileResult>;
use escalation::Skipped;

fn output_dir(case: &Case, opts: &Options) -> PathBuf {
    opts.output_dir
        .clone()
        .unwrap_or_else(|| case.base_dir.clone())
}

/// Escalates a case. Everything is checked before anything is written:
/// the validator's outputs stay under temporary names until the case is
/// recorded with its draft, so a refusal (already escalated, a ledger that
/// cannot be written) leaves the folder as it was.
pub fn run(case: &Case, opts: &Options) -> Result<Outcome, CaseError> {
    run_edited(case, opts, &[])
}

/// `run` for a case whose forms had cells changed by hand on the page
/// (`edits`, by form file): the forms are validated with those changes, and
/// the e-mail lists them (who asked: the caller).
pub fn run_edited(
    case: &Case,
    opts: &Options,
    edits: &[(PathBuf, Vec<crate::pipeline::Edit>)],
) -> Result<Outcome, CaseError> {
    let ready = checklist::check(case)?;
    // Opened first: without a usable ledger nothing is validated or written.
    let mut ledger = Ledger::open(&opts.ledger)?;
    let dir = output_dir(case, opts);
    let mut warnings = ready.warnings.clone();
    let ticket = ready.caller.ticket().to_string();
    // Where a case goes is known before any work except for user creation
    // (its forms decide): a repeated escalation is refused at once. The
    // refusal that counts is the one inside the record's transaction.
    if !opts.resend && !ready.request.sends_forms() {
        let destination = ready.request.route(true);
        if let Some(at) = ledger.previous(&ticket, destination.key())? {
            return Err(already_escalated(&ticket, destination, &at, &ledger));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;

    let pending = ready
        .request
        .sends_forms()
        .then(|| validate_forms(&ready, &dir, opts, edits));
    let forms = pending.as_ref().map(|p| summarize(&p.results));
    let received = forms.as_ref().is_some_and(Forms::received);
    let destination = ready.request.route(received);
    let to = route::mailbox(destination, &opts.policy.mail, &ready.caller)?;
    let from = opts.policy.mail.level1.clone();

    if let Some(forms) = &forms {
        warn_already_sent(forms, &mut warnings);
    }
    let mut draft = draft::escalation(&ready, destination, &from, &to, forms.as_ref());
    draft.attachments = attachments(&ready, destination, pending.as_ref())?;
    warn_if_large(&draft, &mut warnings);
    let users = match (&forms, destination) {
        (Some(f), Destination::Level2) => f.users.clone(),
        _ => Vec::new(),
    };
    let path = dir.join(format!("ticket_{ticket}_{}.eml", destination.key()));
    // A form returned to the school may be returned again; sending the same
    // ticket twice to level 2 or the Datacenter is the mistake to stop.
    let once = destination != Destination::Requester && !opts.resend;
    let state = match destination {
        Destination::Requester => State::Devuelto,
        _ => State::Escalado,
    };
    match record_and_write(&mut ledger, &ready, &draft, &path, users, once, state, &[])? {
        Recorded::Done => {}
        Recorded::AlreadySent { at } => {
            return Err(already_escalated(&ticket, destination, &at, &ledger));
        }
        Recorded::Closed => return Err(closed(&ticket, &ledger)),
    }
    // Recorded: the validator's outputs go in place.
    let validation = pending
        .map(|p| publish(p, &mut warnings))
        .unwrap_or_default();
    Ok(Outcome {
        reason: ready.request.reason(destination),
        ready,
        destination,
        draft,
        path,
        forms,
        validation,
        warnings,
    })
}
