//! The «Para corregir» table: one line per row that goes back to the
//! school, as the school wrote it. Rows with something to correct come
//! first; rows that are fine but go back with the form (strict mode) follow,
//! marked as such and never called errors. Each cell with a problem is
//! filled (red: correct it; yellow: check it) and carries a note; the last
//! column says, cell by cell, what to change.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Url, Worksheet, XlsxError};

use super::fit;
use super::layout::{Column, Layout};
use crate::diagnostic::{Issue, Severity};
use crate::form::{CheckedRow, Form};
use crate::rules::fila::FORMATO_NO_RECIBIDO;
use crate::write::wrap::{LINE_HEIGHT, lines, text_chars};

const RED: u32 = 0xFFC7CE;
const YELLOW: u32 = 0xFFEB9C;
const GREEN: u32 = 0xC6EFCE;
/// How a row goes back: with something to correct, or fine but returned
/// with the form because the form is received whole or not at all.
pub(super) fn is_held_back(row: &CheckedRow) -> bool {
    let mut errors = row
        .issues
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .peekable();
    errors.peek().is_some() && errors.all(|i| i.code() == FORMATO_NO_RECIBIDO.code)
}

/// The rows in the order the school reads them.
pub(super) fn in_order(form: &Form) -> impl Iterator<Item = &CheckedRow> {
    let to_correct = form.rejected().filter(|r| !is_held_back(r));
    to_correct.chain(form.rejected().filter(|r| is_held_back(r)))
}

/// The cell formats of the table: plain, filled, and each as a link.
pub(super) struct Formats {
    plain: Format,
    red: Format,
    yellow: Format,
    green: Format,
}

impl Formats {
    pub fn new() -> Formats {
        let base = Format::new()
            .set_num_format("@")
            .set_align(FormatAlign::Top)
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_border_color(0xBFBFBF);
        Formats {
            red: base.clone().set_background_color(RED),
            yellow: base.clone().set_background_color(YELLOW),
            green: base.clone().set_background_color(GREEN),
            plain: base,
        }
    }

    fn of(&self, worst: Option<Severity>) -> &Format {
        match worst {
            Some(Severity::Error) => &self.red,
            Some(Severity::Warning) => &self.yellow,
            _ => &self.plain,
        }
    }
}

/// The header row, tall enough for its wrapped titles.
pub(super) fn header(sheet: &mut Worksheet, layout: &Layout, r: u32) -> Result<(), XlsxError> {
    let head = super::super::header_format().set_align(FormatAlign::VerticalCenter);
    let tallest = layout
        .columns
        .iter()
        .zip(&layout.widths)
        .map(|(c, w)| lines(layout.title(*c), w.saturating_sub(1)))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(r, LINE_HEIGHT * tallest as f64 + 2.0)?;
    for (i, column) in layout.columns.iter().enumerate() {
        sheet.write_string_with_format(r, i as u16, layout.title(*column), &head)?;
    }
    Ok(())
}

/// One row, at sheet row `r`; `noted`: its problem cells carry notes.
pub(super) fn row(
    sheet: &mut Worksheet,
    form: &Form,
    row: &CheckedRow,
    r: u32,
    layout: &Layout,
    formats: &Formats,
    noted: bool,
) -> Result<(), XlsxError> {
    let held_back = is_held_back(row);
    let observations = observations(row);
    let mut cells: Vec<(u16, String, Option<Severity>, Vec<&Issue>)> = Vec::new();
    for (i, column) in layout.columns.iter().enumerate() {
        let (value, issues): (String, Vec<&Issue>) = match column {
            Column::Sheet => (form.sheet_of(row).unwrap_or("").to_string(), Vec::new()),
            // Strict mode's refusal of the whole form is said by the row's
            // green number, not as a problem of the row.
            Column::Row => (
                row.row.number.to_string(),
                visible(row)
                    .filter(|i| i.field.is_none() && i.code() != FORMATO_NO_RECIBIDO.code)
                    .collect(),
            ),
            Column::Field(f) => (
                fit::original(&row.row.original(*f)).into_owned(),
                visible(row).filter(|i| i.field == Some(*f)).collect(),
            ),
            Column::School(s) => (school_value(form, row, &layout.school[*s]), Vec::new()),
            Column::Observations => (fit::cell(&observations).into_owned(), Vec::new()),
        };
        let worst = issues.iter().map(|i| i.severity()).max();
        cells.push((i as u16, value, worst, issues));
    }
    // The height first: a large sheet is written row by row and a row's
    // height cannot change once the next one starts.
    let tallest = cells
        .iter()
        .zip(&layout.widths)
        .map(|((_, value, ..), w)| lines(value, text_chars(*w)))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(r, LINE_HEIGHT * tallest as f64)?;
    for (col, value, worst, issues) in &cells {
        let format = if held_back && layout.columns[usize::from(*col)] == Column::Row {
            &formats.green
        } else {
            formats.of(*worst)
        };
        match crate::text::split_link(value) {
            // Shown as the school wrote it: the text, with its link.
            Some((text, target)) => {
                sheet.write_url_with_format(r, *col, Url::new(target).set_text(text), format)?
            }
            None => sheet.write_string_with_format(r, *col, value, format)?,
        };
        if noted && !issues.is_empty() {
            sheet.insert_note(r, *col, &note(issues))?;
        }
    }
    Ok(())
}

/// What the row holds in the school's column titled `title`.
fn school_value(form: &Form, row: &CheckedRow, title: &str) -> String {
    let header = &form.section_of(row).header;
    row.extra
        .iter()
        .find(|(col, _)| header.other_column_name(usize::from(*col)) == Some(title))
        .map(|(_, v)| fit::original(v).into_owned())
        .unwrap_or_default()
}

/// Errors and warnings: what the school must read. Fixes were done for them.
fn visible(row: &CheckedRow) -> impl Iterator<Item = &Issue> {
    row.issues.iter().filter(|i| i.severity() != Severity::Fix)
}

/// A cell's note: what is wrong with it and, for the help desk when the
/// school calls, the rule's code (the only place a code is shown).
fn note(issues: &[&Issue]) -> Note {
    let mut text: Vec<String> = issues.iter().map(|i| i.message.clone()).collect();
    let codes: Vec<&str> = issues.iter().map(|i| i.code()).collect();
    text.push(format!("(Código de la revisión: {})", codes.join(", ")));
    Note::new(fit::note(&text.join("\n")))
        .set_author("Revisión SIGCE")
        .set_width(320)
        .set_height(120)
}

/// One line per problem: "[CORREO ELECTRONICO] Error: message Qué hacer:
/// help". The column is named by its title, not by the cell of the school's
/// original file: this table has other rows and columns. A row held back
/// says it is fine, without calling anything an error.
pub fn observations(row: &CheckedRow) -> String {
    let held_back = is_held_back(row);
    let mut lines = Vec::new();
    for issue in visible(row) {
        let mut line = String::new();
        if let Some(field) = issue.field {
            line.push_str(&format!("[{}] ", field.header()));
        }
        let label = match issue.severity() {
            _ if issue.code() == FORMATO_NO_RECIBIDO.code => "Sin errores",
            Severity::Error => "Error",
            _ if held_back => "Puede revisar",
            _ => "Advertencia",
        };
        line.push_str(&format!("{label}: {}", issue.message));
        if let Some(help) = &issue.help {
            line.push_str(&format!(" Qué hacer: {help}"));
        }
        lines.push(line);
    }
    // The row's standing first: a held-back row opens with «Sin errores».
    if held_back {
        lines.sort_by_key(|l| !l.contains("Sin errores: "));
    }
    lines.join("\n")
}
