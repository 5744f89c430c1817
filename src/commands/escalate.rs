//! `sigce escalar`: checklist → (validator, for user creation) → routing →
//! ledger check → draft → .eml written and recorded in one step.
//! `--responder` drafts level 1's answer from level 2's returned list.

use std::path::{Path, PathBuf};

use crate::case::checklist::{self, Ready};
use crate::case::error::code;
use crate::case::{Case, CaseError, Item};
use crate::cli::CleanFormat;
use crate::config::Policy;
use crate::escalation::draft::{self, Created, FormSummary, Forms};
use crate::escalation::{self, Attachment, Destination, Draft, eml, returned, route};
use crate::field::Field;
use crate::form::{CheckedRow, Form};
use crate::ledger::{Escalation, Ledger, Recorded, SentUser};
use crate::limits::Limits;
use crate::read::Input;
use crate::report::FileResult;
use crate::rules::{Issue, RuleOptions, Severity, fila, historial};
use crate::write;

use super::validate;

/// An attachment larger than this is refused: no mail server carries it.
const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// Attachments above this size may bounce; the agent is warned.
const LARGE_ATTACHMENTS: usize = 20 * 1024 * 1024;

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
        .then(|| validate_forms(&ready, &dir, opts));
    let forms = pending.as_ref().map(|p| summarize(&p.results));
    let received = forms.as_ref().is_some_and(Forms::received);
    let destination = ready.request.route(received);
    let to = route::mailbox(destination, &opts.policy.mail, &ready.caller)?;
    let from = opts.policy.mail.level1.clone();

    if let Some(forms) = &forms {
        warnings.extend(
            forms
                .already_sent
                .iter()
                .map(|s| format!("Según el historial, ya se envió a nivel 2: {s}")),
        );
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
    if let Recorded::AlreadySent { at } =
        record_and_write(&mut ledger, &ready, &draft, &path, users, once)?
    {
        return Err(already_escalated(&ticket, destination, &at, &ledger));
    }
    // Recorded: the validator's outputs go in place. The draft carries them
    // as attachments already, so a failure here is told, not fatal.
    let validation = pending.map(validate::Pending::publish).unwrap_or_default();
    for result in &validation {
        if let Err(e) = &result.outcome
            && e.rule == &crate::rules::archivo::ESCRITURA_FALLIDA
        {
            warnings.push(format!(
                "El correo ya lleva los adjuntos, pero su copia en la carpeta no se pudo dejar: {}",
                e.message
            ));
        }
    }
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

fn already_escalated(
    ticket: &str,
    destination: Destination,
    at: &str,
    ledger: &Ledger,
) -> CaseError {
    CaseError::new(
        code::YA_ESCALADO,
        format!(
            "El ticket {ticket} ya se escaló a {} el {at} (según el historial {}). No se escribió nada.",
            destination.label(),
            ledger.path().display()
        ),
    )
    .with_help(format!(
        "Vea lo enviado con «sigce historial {ticket}». Si de verdad hay que enviarlo otra vez, use --reenviar."
    ))
}

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
    let list = returned::read(list)?;
    let mut created = Vec::new();
    let mut missing = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for user in requested {
        if !seen.insert(user.document.clone()) {
            continue;
        }
        match list.logins.get(&user.document.to_uppercase()) {
            Some(login) => created.push(Created {
                login: login.clone(),
                user,
            }),
            None => missing.push(user),
        }
    }
    let mut warnings = ready.warnings.clone();
    let extra = list.logins.keys().filter(|d| !seen.contains(*d)).count();
    if extra > 0 {
        warnings.push(format!(
            "El listado de nivel 2 tiene {extra} {} que no se pidieron en el ticket {ticket}; no se incluyen en la respuesta.",
            if extra == 1 { "usuario" } else { "usuarios" }
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
    let draft = draft::answer(&ready, &from, &to, &created, &missing);
    let dir = output_dir(case, opts);
    std::fs::create_dir_all(&dir).map_err(|e| write_failed(&dir, e))?;
    let path = dir.join(format!("ticket_{ticket}_respuesta.eml"));
    record_and_write(&mut ledger, &ready, &draft, &path, Vec::new(), false)?;
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

/// The forms, through the whole validator: strict (a form with one wrong row
/// is not received), the case's ticket on every row, compared with the ledger.
fn validate_forms(ready: &Ready, dir: &Path, opts: &Options) -> validate::Pending {
    validate::prepare(validate::Config {
        inputs: ready
            .forms
            .iter()
            .map(|p| (Input::Path(p.clone()), None))
            .collect(),
        output_dir: Some(dir.to_path_buf()),
        format: CleanFormat::Xlsx,
        strict: true,
        rules: RuleOptions {
            keep_accents: opts.policy.keep_accents,
            policy: opts.policy,
        },
        ticket: Some(ready.caller.ticket().to_string()),
        sheet: None,
        limits: Limits::default(),
        threads: 1,
        // Before the first escalation there is no ledger to compare with.
        ledger: opts.ledger.exists().then(|| opts.ledger.clone()),
    })
}

fn full_name(form_row: &crate::normalize::NormalizedRow) -> String {
    [
        Field::PrimerNombre,
        Field::SegundoNombre,
        Field::PrimerApellido,
        Field::SegundoApellido,
    ]
    .iter()
    .filter_map(|f| form_row.get(*f))
    .collect::<Vec<_>>()
    .join(" ")
}

/// What the e-mail needs from the validator's results.
fn summarize(results: &[FileResult]) -> Forms {
    let mut forms = Forms::default();
    for result in results {
        let mut summary = FormSummary {
            file: result.input.file_name(),
            ..FormSummary::default()
        };
        match &result.outcome {
            Err(e) => summary.error = Some((e.message.clone(), e.help.clone())),
            Ok(form) => {
                let counts = crate::report::Counts::of(form);
                summary.rows = counts.rows;
                summary.accepted = counts.accepted;
                summary.rejected = counts.rejected;
                summary.fixes = counts.fixes;
                summary.to_fix = form.rejected().filter(|r| has_own_errors(r)).count();
                summary.problems = problems(form);
                for row in form.accepted() {
                    let r = &row.row;
                    forms.users.push(SentUser {
                        document_type: r.get(Field::TipoDocumento).unwrap_or_default().to_string(),
                        document: r
                            .get(Field::NumeroDocumento)
                            .unwrap_or_default()
                            .to_string(),
                        email: r.get(Field::Correo).unwrap_or_default().to_string(),
                        name: full_name(r),
                    });
                }
                for row in &form.rows {
                    for issue in row.issues.iter().filter(|i| {
                        i.rule == &historial::DOCUMENTO_YA_ENVIADO
                            || i.rule == &historial::CORREO_YA_ENVIADO
                    }) {
                        let sheet = form
                            .sheet_of(row)
                            .map(|s| format!(", hoja «{s}»"))
                            .unwrap_or_default();
                        forms.already_sent.push(format!(
                            "{} (fila {}{sheet}): {}",
                            full_name(&row.row),
                            row.row.number,
                            issue.text()
                        ));
                    }
                }
            }
        }
        forms.forms.push(summary);
    }
    forms
}

/// An error the row itself must correct (not strict mode's refusal of the whole form).
fn own_error(issue: &Issue) -> bool {
    issue.severity() == Severity::Error && issue.rule != &fila::FORMATO_NO_RECIBIDO
}

fn has_own_errors(row: &CheckedRow) -> bool {
    row.issues.iter().any(own_error)
}

/// "Fila 5, C5 CORREO: ..." for every error of a form, in row order.
fn problems(form: &Form) -> Vec<String> {
    let mut out = Vec::new();
    for row in form.rejected() {
        for issue in row.issues.iter().filter(|i| own_error(i)) {
            let place = form
                .place_of(row, issue.field)
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            out.push(format!(
                "Fila {}{}{place}: {}",
                row.row.number,
                form.sheet_note(row),
                issue.text()
            ));
        }
    }
    out
}

/// An attachment read from `path`, or given as `bytes` (an output not in
/// place yet), named after `path`.
fn read_attachment(
    path: &Path,
    bytes: Option<std::io::Result<Vec<u8>>>,
) -> Result<Attachment, CaseError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = bytes
        .map(|read| read.map_err(crate::regular_file::Refused::Io))
        .unwrap_or_else(|| crate::regular_file::read(path, MAX_ATTACHMENT_BYTES));
    let bytes = bytes.map_err(|refused| {
        CaseError::new(
            code::CASO_INVALIDO,
            format!("No se pudo leer el adjunto {}: {}.", path.display(), refused.reason()),
        )
        .with_help("Revise que el archivo existe y no está abierto en otro programa. No se escribió ningún correo.")
    })?;
    Ok(Attachment {
        content_type: Attachment::content_type_of(&name),
        name,
        bytes,
    })
}

/// Level 2 gets the clean files; the requester the rejection workbooks;
/// screenshots go with any case that has them.
fn attachments(
    ready: &Ready,
    destination: Destination,
    pending: Option<&validate::Pending>,
) -> Result<Vec<Attachment>, CaseError> {
    let mut attached = Vec::new();
    for result in pending.map_or(&[][..], |p| p.results.as_slice()) {
        let output = match destination {
            Destination::Requester => result.outputs.rejections.as_deref(),
            _ => result.outputs.clean.as_deref(),
        };
        // Not in place yet: read from where it was written, named as it will be.
        if let Some(dest) = output {
            let staged = pending.and_then(|p| p.staged_bytes(dest));
            attached.push(read_attachment(dest, staged)?);
        }
    }
    for shot in &ready.screenshots {
        attached.push(read_attachment(shot, None)?);
    }
    Ok(attached)
}

fn warn_if_large(draft: &Draft, warnings: &mut Vec<String>) {
    let total: usize = draft.attachments.iter().map(|a| a.bytes.len()).sum();
    if total > LARGE_ATTACHMENTS {
        warnings.push(format!(
            "Los adjuntos pesan {:.1} MB: algunos servidores de correo rechazan mensajes de más de 20 MB; si rebota, envíe los adjuntos por separado.",
            total as f64 / (1024.0 * 1024.0)
        ));
    }
}

fn write_failed(path: &Path, e: std::io::Error) -> CaseError {
    let why = crate::io_text::writing(&e);
    CaseError::new(
        code::ESCRITURA_FALLIDA,
        format!("No se pudo escribir {}: {why}.", path.display()),
    )
    .with_help("Revise que la carpeta existe y se puede escribir (o indique otra con --salida).")
}

/// Writes the .eml inside the ledger's transaction: both happen or neither.
/// `once`: refused (nothing written) if the ticket already went there.
fn record_and_write(
    ledger: &mut Ledger,
    ready: &Ready,
    draft: &Draft,
    path: &Path,
    users: Vec<SentUser>,
    once: bool,
) -> Result<Recorded, CaseError> {
    let bytes = eml::render(draft).map_err(|e| write_failed(path, e))?;
    let entry = Escalation {
        ticket: ready.caller.ticket().to_string(),
        request_type: ready.request.key().to_string(),
        destination: draft.destination.key().to_string(),
        sent_at: String::new(),
        recipient: draft.to.address.clone(),
        subject: draft.subject.clone(),
        draft: path.display().to_string(),
        caller_name: ready.caller.get(Item::Nombre).to_string(),
        caller_email: ready.caller.get(Item::Correo).to_string(),
        users,
    };
    ledger.record(&entry, once, || {
        write::write_atomic(path, &bytes).map_err(|e| write_failed(path, e))
    })
}
