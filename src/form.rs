//! A form after header mapping, normalization and the row rules: the
//! pipeline from raw sheets to checked rows for one input file.

use crate::error::FileError;
use crate::field::Field;
use crate::headers::{self, HeaderMap};
use crate::normalize::{NormalizedRow, normalize_row};
use crate::read::sheet::{CellRef, RawCell, RawRow, RawSheet, SourceKind};
use crate::rules::{self, Issue, RuleOptions, Severity, archivo, fila};
use crate::ticket;

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

/// One readable form.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: SourceKind,
    pub sheet: Option<String>,
    pub header: HeaderMap,
    pub ticket: Option<String>,
    /// File-level warnings (header, ticket, other sheets).
    pub warnings: Vec<Issue>,
    pub rows: Vec<CheckedRow>,
    /// The options the rows were normalized with, to make their fixes again.
    pub rules: RuleOptions,
}

impl Form {
    /// The cell a field's issue points at, when the form has that column.
    pub fn cell_of(&self, row_number: u32, field: Option<Field>) -> Option<CellRef> {
        let col = self.header.column(field?)?;
        Some(CellRef {
            row: row_number,
            col,
        })
    }

    /// Where an issue about `field` is, for people: "I9 CODIGO DANE", or the
    /// field alone when the form has no such column; `None` for the whole row.
    pub fn place_of(&self, row_number: u32, field: Option<Field>) -> Option<String> {
        let field = field?;
        Some(match self.cell_of(row_number, Some(field)) {
            Some(cell) => format!("{cell} {}", field.header()),
            None => field.header().to_string(),
        })
    }

    pub fn accepted(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Accepted)
    }

    pub fn rejected(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Rejected)
    }

    /// A row's automatic changes, with their before and after.
    pub fn fixes_of(&self, row: &CheckedRow) -> Vec<Issue> {
        row.row.fixes(self.rules)
    }

    /// Every issue of a row in report order: its fixes, then the rest.
    pub fn issues_of(&self, row: &CheckedRow) -> Vec<Issue> {
        let mut all = self.fixes_of(row);
        all.extend(row.issues.iter().cloned());
        all
    }
}

/// What `build` needs besides the sheets.
pub struct BuildOptions<'a> {
    pub rules: RuleOptions,
    pub ticket: Option<&'a str>,
    /// The input's file name without extension, for a ticket in the name.
    pub file_stem: Option<&'a str>,
    /// How messages name the file.
    pub file: &'a str,
}

/// Headers → ticket → normalize → row rules, for one file's sheets.
pub fn build(sheets: Vec<RawSheet>, opts: &BuildOptions<'_>) -> Result<Form, FileError> {
    let located = headers::locate(&sheets, opts.file, opts.rules.policy)?;
    let sheet = sheets
        .into_iter()
        .nth(located.sheet_index)
        .expect("locate returns the index of an existing sheet");
    let header = located.header;
    let RawSheet {
        kind,
        name,
        rows: first_rows,
        rest,
    } = sheet;
    // A CSV record's width is its number of cells (the reader keeps them all).
    let header_width = kind
        .is_csv()
        .then(|| first_rows[header.row_index].cells.len());
    let expected = first_rows.len() + rest.as_ref().map_or(0, |r| r.size_hint().1.unwrap_or(0));
    let mut rows = Vec::with_capacity(expected.saturating_sub(header.row_index + 1));
    // The first value of the TICKET column, for the ticket when nothing else gives it.
    let mut ticket_cell: Option<RawCell> = None;
    let mut check = |raw: &RawRow| {
        let ticket_blank = header.ticket_column.is_none_or(|c| raw.cell(c).is_blank());
        if let (None, false, Some(c)) = (&ticket_cell, ticket_blank, header.ticket_column) {
            ticket_cell = Some(raw.cell(c).clone());
        }
        let all_blank = Field::ALL
            .iter()
            .filter_map(|f| header.column(*f))
            .all(|c| raw.cell(c).is_blank());
        if all_blank && ticket_blank {
            return;
        }
        let width = kind.is_csv().then_some(raw.cells.len());
        let cells: [Option<&RawCell>; Field::COUNT] =
            Field::ALL.map(|f| header.column(f).map(|c| raw.cell(c)));
        let mut row = normalize_row(raw.number, cells, opts.rules);
        let mut issues = rules::check_row(&mut row, opts.rules);
        if let (Some(expected), Some(found)) = (header_width, width)
            && expected != found
        {
            issues.push(
                fila::FILA_IRREGULAR
                    .issue(
                        None,
                        format!(
                            "La fila {} tiene {found} columnas y el encabezado {expected}: los valores pueden estar corridos de columna.",
                            raw.number
                        ),
                    )
                    .with_help("Abra el CSV en una hoja de cálculo y revise esa fila: suele faltar o sobrar un separador (; o ,) o unas comillas."),
            );
        }
        rows.push(CheckedRow {
            row,
            issues,
            status: RowStatus::Accepted,
        });
    };
    for raw in &first_rows[header.row_index + 1..] {
        check(raw);
    }
    if let Some(mut rest) = rest {
        while let Some(raw) = rest.next() {
            let raw = raw?;
            check(&raw);
            // The row's cells were copied where needed: the reader may reuse them.
            rest.recycle(raw);
        }
    }
    let found_ticket = ticket::find(
        opts.ticket,
        &first_rows[..header.row_index],
        &header,
        ticket_cell.as_ref(),
        opts.file_stem,
    );
    let mut warnings = header.warnings.clone();
    warnings.extend(found_ticket.warnings);
    if rows.is_empty() {
        return Err(FileError::new(
            &archivo::FORMULARIO_SIN_FILAS,
            format!(
                "El formato {} tiene encabezado (fila {}) pero ninguna fila con datos debajo.",
                opts.file, header.row_number
            ),
        )
        .with_help("Pida a la institución el formato con las personas a las que se les debe crear usuario."));
    }
    Ok(Form {
        kind,
        sheet: name,
        header,
        ticket: found_ticket.number,
        warnings,
        rows,
        rules: opts.rules,
    })
}
