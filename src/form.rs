//! A form as the pipeline leaves it: the checked rows of one input file,
//! the sections (sheet and header) they were read with, the ticket and the
//! file-level warnings. Every later stage (partition, writers, reports, the
//! escalation) reads this type; `pipeline` builds it.

use crate::diagnostic::{Issue, ManualFix, Severity};
use crate::field::Field;
use crate::headers::HeaderMap;
use crate::normalize::NormalizedRow;
use crate::read::sheet::{CellRef, SourceKind};
use crate::rules::pie::FooterRow;

/// Whether a row goes to the clean file or back to the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone)]
pub struct CheckedRow {
    pub row: NormalizedRow,
    pub issues: Vec<Issue>,
    pub status: RowStatus,
    /// Index in `Form::sections` of the sheet and header the row was read with.
    pub section: usize,
    /// The row's cells in the school's own columns (not of the form), by
    /// column, as written; only the non-blank ones.
    pub extra: Box<[(u16, Box<str>)]>,
}

impl CheckedRow {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity() == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        if severity == Severity::Fix {
            return self.row.fix_count();
        }
        self.issues
            .iter()
            .filter(|i| i.severity() == severity)
            .count()
    }
}

/// Rows read with one header: a sheet from its header down, or from a
/// header repeated among its rows down to the next one.
#[derive(Debug, Clone)]
pub struct Section {
    /// Sheet name; `None` for CSV.
    pub sheet: Option<String>,
    pub header: HeaderMap,
}

/// One readable form: every visible sheet of a workbook that holds it.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: SourceKind,
    /// At least one; a row's `section` says which it was read with.
    pub sections: Vec<Section>,
    pub ticket: Option<String>,
    /// The institution the form names above its table, if it does.
    pub institution: Option<String>,
    /// File-level warnings (header, ticket, other sheets).
    pub warnings: Vec<Issue>,
    pub rows: Vec<CheckedRow>,
    /// Rows under the table left out as its footer (signatures, totals),
    /// named in the report and in `warnings`.
    pub footer: Vec<FooterRow>,
    /// The cells changed by hand before the rows were checked (`sigce
    /// web`), in row order, and within a row in the order they were made;
    /// never any from the command line.
    pub manual: Vec<ManualFix>,
}

impl Form {
    /// The sheets validated, in workbook order (none for CSV).
    pub fn sheets(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for name in self.sections.iter().filter_map(|s| s.sheet.as_deref()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether rows come from more than one sheet, so places must name it.
    pub fn has_many_sheets(&self) -> bool {
        // A sheet's sections follow each other: first and last tell, in
        // constant time (this is asked for every row).
        match (self.sections.first(), self.sections.last()) {
            (Some(first), Some(last)) => first.sheet != last.sheet,
            _ => false,
        }
    }

    /// The section a row was read with.
    pub fn section_of(&self, row: &CheckedRow) -> &Section {
        &self.sections[row.section.min(self.sections.len() - 1)]
    }

    /// The sheet a row is in, when the form has more than one.
    pub fn sheet_of(&self, row: &CheckedRow) -> Option<&str> {
        if !self.has_many_sheets() {
            return None;
        }
        self.section_of(row).sheet.as_deref()
    }

    /// " (hoja «Copia»)" after a row's number when the form has more than
    /// one sheet; empty otherwise.
    pub fn sheet_note(&self, row: &CheckedRow) -> String {
        self.sheet_of(row)
            .map(|s| format!(" (hoja «{s}»)"))
            .unwrap_or_default()
    }

    /// The cell a field's issue points at, when the row's header has that column.
    pub fn cell_of(&self, row: &CheckedRow, field: Option<Field>) -> Option<CellRef> {
        let col = self.section_of(row).header.column(field?)?;
        Some(CellRef {
            row: row.row.number,
            col,
        })
    }

    /// Where an issue about `field` is, for people: "I9 CODIGO DANE", or the
    /// field alone when the form has no such column; `None` for the whole row.
    pub fn place_of(&self, row: &CheckedRow, field: Option<Field>) -> Option<String> {
        let field = field?;
        Some(match self.cell_of(row, Some(field)) {
            Some(cell) => format!("{cell} {}", field.header()),
            None => field.header().to_string(),
        })
    }

    /// The changes made by hand in a row, in the order they were made.
    pub fn manual_of<'a>(&'a self, row: &'a CheckedRow) -> impl Iterator<Item = &'a ManualFix> {
        let sheet = self.section_of(row).sheet.as_deref();
        self.manual
            .iter()
            .filter(move |m| m.row == row.row.number && m.sheet.as_deref() == sheet)
    }

    pub fn accepted(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Accepted)
    }

    /// The warnings of accepted rows: what reaches level 2 with the person
    /// and is worth a look before the account is created (a probable typo
    /// in a domain, a person sent before, a landline of seven digits).
    pub fn to_check(&self) -> impl Iterator<Item = (&CheckedRow, &Issue)> {
        self.accepted().flat_map(|row| {
            row.issues
                .iter()
                .filter(|i| i.severity() == Severity::Warning)
                .map(move |i| (row, i))
        })
    }

    pub fn rejected(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Rejected)
    }
}
