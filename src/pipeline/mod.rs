//! The pipeline: the library API every front end calls. One input (a path,
//! standard input, or bytes with a name) becomes its checked form — read,
//! headers, cell rules, normalizer, row rules — and then the batch step
//! takes every form of a run: duplicates across them, earlier escalations,
//! and the decision of each row. It touches no output folder: writing is the
//! front end's (`commands::validate` writes next to the inputs; a web page
//! would offer downloads).

mod build;
mod elsewhere;
mod institution;

pub use build::{BuildOptions, build, build_edited};

use crate::error::FileError;
use crate::field::Field;
use crate::form::Form;
use crate::limits::Limits;
use crate::partition;
use crate::policy::Settings;
use crate::read::{self, Input, Reading};
use crate::rules::batch::duplicados::{self, RowRef};
use crate::rules::batch::historial::{self, Lookup};

/// What a front end sets once, before its first input: the memory budget
/// of the process (`--limite-memoria-mb`, `None` for the default) and the
/// executable that reads XLS, XLSB and ODS in a child process (a reader
/// that exhausts memory or aborts takes only the child down); `None` for
/// this process's own executable, when it is `sigce` itself.
pub fn guard(memory_mb: Option<usize>, child: Option<std::path::PathBuf>) {
    crate::memory::set_budget_mb(crate::memory::budget_for(memory_mb));
    match child {
        Some(exe) => read::isolated::enable_with(exe),
        None => read::isolated::enable(),
    }
}

/// What checking one input needs besides the input.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub settings: Settings,
    /// The ticket given by the agent (`--ticket`), over the form's own.
    pub ticket: Option<&'a str>,
    /// The one sheet to validate (`--hoja`).
    pub sheet: Option<&'a str>,
    pub limits: &'a Limits,
    /// A thread may read a workbook ahead while its rows are checked.
    pub spare_core: bool,
    /// Cells changed by hand (`sigce web`), made before the rows are checked.
    pub edits: &'a [Edit],
}

/// A cell changed by hand before its form is checked: `sigce web`'s
/// «corregir en la página», with the school on the phone. The form is then
/// checked as if the school had written `value` there; `Form::manual`
/// records it (`diagnostic::ManualFix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The sheet of the row (`None` for CSV).
    pub sheet: Option<String>,
    /// The row number a person sees.
    pub row: u32,
    pub field: Field,
    /// The text typed.
    pub value: String,
    /// When (`dates::now_utc`).
    pub at: String,
}

/// One input → its checked form, or why it cannot be processed. A sheet
/// read on whose cells come out of row order (hand-made files), or a
/// workbook with several long sheets holding the form, is read again whole
/// and put in order.
pub fn check(input: &Input, opts: &Options<'_>) -> Result<Form, FileError> {
    let stem = input.file_stem();
    let name = input.display_name();
    let build_opts = BuildOptions {
        rules: opts.settings,
        ticket: opts.ticket,
        file_stem: stem.as_deref(),
        file: &name,
    };
    let streamed = Reading::Streamed {
        concurrent: opts.spare_core,
    };
    let sheets = read::read(input, opts.sheet, opts.limits, streamed)?;
    match build_edited(sheets, &build_opts, opts.edits) {
        Err(e) if e.read_whole => {
            let sheets = read::read(input, opts.sheet, opts.limits, Reading::Whole)?;
            build_edited(sheets, &build_opts, opts.edits)
        }
        result => result,
    }
}

/// Where the batch step looks for earlier escalations (`--historial`).
pub enum History<'a> {
    /// Not asked for.
    Off,
    /// Asked for, but the record cannot be read: why, for every form.
    Unavailable(String),
    Lookup(&'a dyn Lookup),
}

/// The batch step over every form of a run, in input order: duplicates
/// across all of them (`names[i]` names `forms[i]` in messages), the people
/// already sent in earlier cases, then each row accepted or rejected (in
/// strict mode a form with a rejected row is refused whole).
pub fn batch(forms: &mut [&mut Form], names: &[String], history: History<'_>, strict: bool) {
    duplicates(forms, names);
    match history {
        History::Off => {}
        History::Unavailable(message) => history_unavailable(forms, &message),
        History::Lookup(lookup) => earlier_escalations(forms, lookup),
    }
    for form in forms.iter_mut() {
        partition::partition(form, strict);
    }
}

fn duplicates(forms: &mut [&mut Form], names: &[String]) {
    let mut refs = Vec::new();
    let mut positions = Vec::new();
    for (f, form) in forms.iter().enumerate() {
        for (r, row) in form.rows.iter().enumerate() {
            refs.push(RowRef {
                file: f,
                sheet: form.sheet_of(row),
                row: &row.row,
            });
            positions.push((f, r));
        }
    }
    let found = duplicados::check(&refs, names);
    drop(refs);
    for (i, issue) in found {
        let (f, r) = positions[i];
        // Exactly one more: a bad batch has one on most of its rows.
        let issues = &mut forms[f].rows[r].issues;
        issues.reserve_exact(1);
        issues.push(issue);
    }
}

/// Warns about rows already sent to level 2. A record that cannot be read
/// is a file warning: it never stops the validation.
fn earlier_escalations(forms: &mut [&mut Form], lookup: &dyn Lookup) {
    let mut failure = None;
    for form in forms.iter_mut() {
        for row in &mut form.rows {
            let found = historial::check(&row.row, |column, value| {
                match lookup.earlier(column, value) {
                    Ok(found) => found,
                    Err(message) => {
                        failure.get_or_insert(message);
                        None
                    }
                }
            });
            row.issues.extend(found);
        }
    }
    if let Some(message) = failure {
        history_unavailable(forms, &message);
    }
}

fn history_unavailable(forms: &mut [&mut Form], message: &str) {
    for form in forms.iter_mut() {
        form.warnings.push(
            historial::HISTORIAL_NO_DISPONIBLE
                .issue(None, message)
                .with_help(historial::HISTORIAL_NO_DISPONIBLE.doc.todo),
        );
    }
}
