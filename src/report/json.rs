//! The `--json` report: serde types mirroring the documented schema. Keys
//! are English; messages are the Spanish texts people read.

use serde::Serialize;

use super::{Counts, FileResult};
use crate::form::{CheckedRow, Form, RowStatus};

#[derive(Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub files: Vec<FileReport<'a>>,
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
pub struct FileReport<'a> {
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
    pub rows: Rows<'a>,
    /// Rows under the table left out as its footer (signatures, totals).
    pub footer_rows: Vec<FooterRowReport>,
}

/// A form's rows, each put together as it is written: a report of 100k
/// rows (about 300 MB of JSON) is never whole in memory.
pub struct Rows<'a>(Option<&'a Form>);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows = self
            .0
            .map(|form| form.rows.iter().map(move |row| row_report(form, row)));
        serializer.collect_seq(rows.into_iter().flatten())
    }
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
    /// The cells changed by hand (`sigce web`), apart from the automatic
    /// fixes of `issues`; absent when there are none (the command line
    /// never makes any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub manual_corrections: Vec<ManualReport>,
}

/// A change made by hand: the cell, what it held, what was typed, when.
#[derive(Serialize)]
pub struct ManualReport {
    pub kind: &'static str,
    pub field: &'static str,
    pub cell: Option<String>,
    pub before: String,
    pub after: String,
    /// UTC, `AAAA-MM-DDTHH:MM:SSZ`.
    pub at: String,
    pub message: String,
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

pub fn build(results: &[FileResult]) -> Report<'_> {
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

fn file_report(result: &FileResult) -> FileReport<'_> {
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
            rows: Rows(None),
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
            rows: Rows(Some(form)),
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

fn row_report(form: &Form, row: &CheckedRow) -> RowReport {
    RowReport {
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
        manual_corrections: form
            .manual_of(row)
            .map(|m| ManualReport {
                kind: "manual",
                field: m.field.key(),
                cell: form.cell_of(row, Some(m.field)).map(|c| c.to_string()),
                before: m.before.clone(),
                after: m.after.clone(),
                at: m.at.clone(),
                message: m.text(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::pipeline::{BuildOptions, Edit, build_edited};
    use crate::read::Input;
    use crate::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};
    use crate::report::Outputs;
    use crate::rules::testing::{VALID, header_row};

    fn result(edits: &[Edit]) -> FileResult {
        let header = header_row();
        let person = RawRow {
            number: 2,
            cells: VALID
                .iter()
                .map(|(f, v)| match f {
                    Field::Correo => RawCell::Text("ana.perez@colegio".into()),
                    _ => RawCell::Text(v.to_string()),
                })
                .collect(),
        };
        let sheet = RawSheet {
            kind: SourceKind::Csv,
            name: None,
            rows: vec![header, person],
            rest: None,
            hidden: false,
        };
        let opts = BuildOptions {
            rules: crate::policy::Settings::default(),
            ticket: Some("123456"),
            file_stem: None,
            file: "f.csv",
        };
        let mut form = build_edited(vec![sheet], &opts, edits).unwrap();
        crate::partition::partition(&mut form, false);
        FileResult {
            input: Input::Path("f.csv".into()),
            outcome: Ok(form),
            outputs: Outputs::default(),
        }
    }

    #[test]
    fn a_change_made_by_hand_is_reported_apart_from_the_fixes_with_before_after_and_when() {
        let edit = Edit {
            sheet: None,
            row: 2,
            field: Field::Correo,
            value: "Ana.Perez@colegio.edu.co".into(),
            at: "2026-03-02T15:32:00Z".into(),
        };
        let json = serde_json::to_value(build(&[result(&[edit])])).unwrap();
        let row = &json["files"][0]["rows"][0];
        assert_eq!(row["status"], "accepted");
        let manual = &row["manual_corrections"][0];
        assert_eq!(manual["kind"], "manual");
        assert_eq!(manual["field"], Field::Correo.key());
        assert_eq!(manual["before"], "ana.perez@colegio");
        assert_eq!(manual["after"], "Ana.Perez@colegio.edu.co");
        assert_eq!(manual["at"], "2026-03-02T15:32:00Z");
        assert!(
            manual["message"]
                .as_str()
                .unwrap()
                .contains("2026-03-02 10:32"),
            "{manual}"
        );
        // The rules' own fix of the typed value stays an automatic fix.
        let fixes: Vec<&serde_json::Value> = row["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "fix")
            .collect();
        assert!(
            fixes
                .iter()
                .all(|f| f["before"] == "Ana.Perez@colegio.edu.co"),
            "{fixes:?}"
        );
    }

    #[test]
    fn a_form_without_changes_by_hand_has_no_manual_key() {
        let json = serde_json::to_string(&build(&[result(&[])])).unwrap();
        assert!(!json.contains("manual"), "{json}");
    }
}
