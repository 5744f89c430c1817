//! The `--json` report: serde types mirroring the documented schema. Keys
//! are English; messages are the Spanish texts people read.

use serde::Serialize;

use super::{Counts, FileResult};
use crate::form::{Form, RowStatus};

#[derive(Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub totals: Totals,
}

#[derive(Serialize)]
pub struct Totals {
    pub files: usize,
    pub files_with_errors: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Serialize)]
pub struct FileReport {
    pub input: String,
    /// The first sheet validated; `sheets` lists them all.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub ticket: Option<String>,
    pub status: &'static str,
    pub error: Option<ErrorReport>,
    pub counts: Counts,
    pub outputs: OutputsReport,
    /// File-level warnings (header, ticket, other sheets).
    pub file_warnings: Vec<FileWarning>,
    pub rows: Vec<RowReport>,
    /// Rows under the table left out as its footer (signatures, totals).
    pub footer_rows: Vec<FooterRowReport>,
}

#[derive(Serialize)]
pub struct FooterRowReport {
    pub row: u32,
    pub sheet: Option<String>,
    pub text: String,
}

#[derive(Serialize)]
pub struct ErrorReport {
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Serialize)]
pub struct FileWarning {
    pub code: &'static str,
    pub message: String,
    pub help: Option<std::borrow::Cow<'static, str>>,
}

#[derive(Serialize)]
pub struct OutputsReport {
    pub clean: Option<String>,
    pub rejections: Option<String>,
    /// Outputs of an earlier run left as they were (this run wrote none).
    pub earlier: Vec<String>,
    /// Why the outputs on disk do not belong together, when they do not.
    pub mismatch: Option<String>,
}

#[derive(Serialize)]
pub struct RowReport {
    pub row: u32,
    /// The sheet the row is in (`None` for CSV).
    pub sheet: Option<String>,
    pub status: &'static str,
    pub issues: Vec<IssueReport>,
}

#[derive(Serialize)]
pub struct IssueReport {
    pub code: &'static str,
    pub severity: &'static str,
    pub field: Option<&'static str>,
    pub cell: Option<String>,
    pub message: String,
    pub help: Option<std::borrow::Cow<'static, str>>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn build(results: &[FileResult]) -> Report {
    let mut totals = Counts::default();
    let files: Vec<FileReport> = results
        .iter()
        .map(|r| {
            let report = file_report(r);
            totals.add(report.counts);
            report
        })
        .collect();
    Report {
        version: 1,
        totals: Totals {
            files: files.len(),
            files_with_errors: files.iter().filter(|f| f.error.is_some()).count(),
            counts: totals,
        },
        files,
    }
}

fn file_report(result: &FileResult) -> FileReport {
    let path = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string());
    let outputs = OutputsReport {
        clean: path(&result.outputs.clean),
        rejections: path(&result.outputs.rejections),
        earlier: result
            .outputs
            .earlier
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        mismatch: result.outputs.mismatch.clone(),
    };
    let status = result.status().key();
    match &result.outcome {
        Err(e) => FileReport {
            input: result.input.display_name(),
            sheet: None,
            sheets: Vec::new(),
            ticket: None,
            status,
            error: Some(ErrorReport {
                code: e.code(),
                message: e.message.clone(),
                help: e.help.clone(),
            }),
            counts: Counts::default(),
            outputs,
            file_warnings: Vec::new(),
            rows: Vec::new(),
            footer_rows: Vec::new(),
        },
        Ok(form) => FileReport {
            input: result.input.display_name(),
            sheet: form.sheets().first().map(|s| s.to_string()),
            sheets: form.sheets().iter().map(|s| s.to_string()).collect(),
            ticket: form.ticket.clone(),
            status,
            error: None,
            counts: Counts::of(form),
            outputs,
            file_warnings: form
                .warnings
                .iter()
                .map(|w| FileWarning {
                    code: w.code(),
                    message: w.message.clone(),
                    help: w.help.clone(),
                })
                .collect(),
            rows: rows(form),
            footer_rows: form
                .footer
                .iter()
                .map(|f| FooterRowReport {
                    row: f.number,
                    sheet: f.sheet.clone(),
                    text: f.text.clone(),
                })
                .collect(),
        },
    }
}

fn rows(form: &Form) -> Vec<RowReport> {
    form.rows
        .iter()
        .map(|row| RowReport {
            row: row.row.number,
            sheet: form.section_of(row).sheet.clone(),
            status: match row.status {
                RowStatus::Accepted => "accepted",
                RowStatus::Rejected => "rejected",
            },
            // The fixes first, in the order they were made, then the issues.
            issues: row
                .row
                .fixes()
                .map(|f| IssueReport {
                    code: f.code(),
                    severity: f.rule.severity.key(),
                    field: Some(f.field.key()),
                    cell: form.cell_of(row, Some(f.field)).map(|c| c.to_string()),
                    message: f.text(),
                    help: None,
                    before: Some(f.before.to_string()),
                    after: Some(f.after.to_string()),
                })
                .chain(row.issues.iter().map(|i| IssueReport {
                    code: i.code(),
                    severity: i.severity().key(),
                    field: i.field.map(|f| f.key()),
                    cell: form.cell_of(row, i.field).map(|c| c.to_string()),
                    message: i.message.clone(),
                    help: i.help.clone(),
                    before: None,
                    after: None,
                }))
                .collect(),
        })
        .collect()
}
