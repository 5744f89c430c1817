//! The forms of a user-creation case through the validator, and what the
//! e-mail and the report need from its results: counts, the users to
//! create, the rows to correct, the people already sent.

use std::path::{Path, PathBuf};

use crate::case::checklist::Ready;
use crate::diagnostic::{Issue, Severity};
use crate::escalation::draft::{FormSummary, Forms};
use crate::field::Field;
use crate::form::{CheckedRow, Form};
use crate::ledger::SentUser;
use crate::limits::Limits;
use crate::pipeline::Edit;
use crate::policy::Settings;
use crate::read::Input;
use crate::report::FileResult;
use crate::rules::batch::historial;
use crate::rules::fila;
use crate::write::clean::CleanFormat;

use super::{Options, validate};

/// The forms, through the whole validator: strict (a form with one wrong row
/// is not received), the case's ticket on every row, compared with the ledger.
pub(super) fn validate_forms(
    ready: &Ready,
    dir: &Path,
    opts: &Options,
    edits: &[(PathBuf, Vec<Edit>)],
) -> validate::Pending {
    validate::prepare(validate::Plan {
        inputs: ready
            .forms
            .iter()
            .map(|p| (Input::Path(p.clone()), None))
            .collect(),
        output_dir: Some(dir.to_path_buf()),
        format: CleanFormat::XLSX,
        strict: true,
        rules: Settings {
            keep_accents: opts.policy.keep_accents,
            policy: opts.policy,
        },
        ticket: Some(ready.caller.ticket().to_string()),
        sheet: None,
        limits: Limits::default(),
        threads: 1,
        // Before the first escalation there is no ledger to compare with.
        ledger: opts.ledger.exists().then(|| opts.ledger.clone()),
        edits: edits.to_vec(),
    })
}

/// What the e-mail needs from the validator's results.
pub(super) fn summarize(results: &[FileResult]) -> Forms {
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
                summary.to_check = to_check(form);
                summary.manual = manual(form);
                for row in form.accepted() {
                    let r = &row.row;
                    forms.users.push(SentUser {
                        document_type: r.get(Field::TipoDocumento).unwrap_or_default().to_string(),
                        document: r
                            .get(Field::NumeroDocumento)
                            .unwrap_or_default()
                            .to_string(),
                        email: r.get(Field::Correo).unwrap_or_default().to_string(),
                        name: r.full_name(),
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
                            row.row.full_name(),
                            row.row.number,
                            issue.message
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
                issue.message
            ));
        }
    }
    out
}

/// "Fila 7, ANA PEREZ, J7 CORREO ELECTRONICO: ..." for the warnings of the
/// rows that go to level 2, and in strict mode of a refused form's rows (all
/// of them go back). People sent before are listed apart, from the ledger.
fn to_check(form: &Form) -> Vec<String> {
    let held_back = form
        .rejected()
        .filter(|r| !has_own_errors(r))
        .flat_map(|row| {
            row.issues
                .iter()
                .filter(|i| i.severity() == Severity::Warning)
                .map(move |i| (row, i))
        });
    form.to_check()
        .chain(held_back)
        .filter(|(_, i)| {
            i.rule != &historial::DOCUMENTO_YA_ENVIADO && i.rule != &historial::CORREO_YA_ENVIADO
        })
        .map(|(row, issue)| {
            let place = form
                .place_of(row, issue.field)
                .map(|p| format!(", {p}"))
                .unwrap_or_default();
            format!(
                "Fila {}{}, {}{place}: {}",
                row.row.number,
                form.sheet_note(row),
                row.row.full_name(),
                issue.message
            )
        })
        .collect()
}

/// "Fila 7, J7 CORREO ELECTRONICO: «a» → «b» (2026-03-02 10:32)" for every
/// cell changed by hand, in the order they were changed.
fn manual(form: &Form) -> Vec<String> {
    form.manual
        .iter()
        .map(|m| {
            let row = form
                .rows
                .iter()
                .find(|r| r.row.number == m.row && form.section_of(r).sheet == m.sheet);
            let place = row
                .and_then(|r| form.place_of(r, Some(m.field)))
                .unwrap_or_else(|| m.field.header().to_string());
            let sheet = match (&m.sheet, form.has_many_sheets()) {
                (Some(s), true) => format!(" (hoja «{s}»)"),
                _ => String::new(),
            };
            let when = crate::dates::local_minute(&m.at).unwrap_or_else(|| m.at.clone());
            format!(
                "Fila {}{sheet}, {place}: {} → {} ({when})",
                m.row,
                crate::diagnostic::quote(&m.before),
                crate::diagnostic::quote(&m.after)
            )
        })
        .collect()
}

/// The people already sent to level 2, as warnings for the agent.
pub(super) fn warn_already_sent(forms: &Forms, warnings: &mut Vec<String>) {
    warnings.extend(
        forms
            .already_sent
            .iter()
            .map(|s| format!("Según el historial, ya se envió a nivel 2: {s}")),
    );
}

/// Puts the validator's outputs in place once the case is recorded. The
/// draft carries them as attachments already, so a failure here is told,
/// not fatal.
pub(super) fn publish(pending: validate::Pending, warnings: &mut Vec<String>) -> Vec<FileResult> {
    let validation = pending.publish();
    for result in &validation {
        if let Err(e) = &result.outcome
            && e.rule == &crate::write::codes::ESCRITURA_FALLIDA
        {
            warnings.push(format!(
                "El correo ya lleva los adjuntos, pero su copia en la carpeta no se pudo dejar: {}",
                e.message
            ));
        }
    }
    validation
}
