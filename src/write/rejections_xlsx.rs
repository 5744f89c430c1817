//! `<stem>.rechazos.xlsx`: the rejected rows as the school wrote them, with
//! their original row numbers, an OBSERVACIONES column in plain Spanish, each
//! offending cell highlighted (red: error, yellow: warning) with a note, and a
//! "Resumen" sheet. Meant to be sent back to the school as it is.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};

use super::{CONSTANT_MEMORY_ROWS, Widths, fit_columns, header_format, new_sheet, text_format};
use crate::diagnostic::{Issue, Severity};
use crate::field::Field;
use crate::form::{CheckedRow, Form};

const RED: u32 = 0xFFC7CE;
const YELLOW: u32 = 0xFFEB9C;
/// Characters per line of the OBSERVACIONES column.
const OBSERVATIONS_WIDTH: usize = 60;

/// Characters a cell may hold in Excel (UTF-16 units, as Excel counts them).
const CELL_CHARS: usize = 32_767;
/// A note holds a little less: the writer counts its XML wrapping too.
const NOTE_CHARS: usize = CELL_CHARS - 54;

/// A text of the report, cut to what a cell holds, saying so at the end.
fn fit_cell(text: &str) -> Cow<'_, str> {
    fit(text, CELL_CHARS, || MORE.to_string())
}

/// The same for a cell's note.
fn fit_note(text: &str) -> Cow<'_, str> {
    fit(text, NOTE_CHARS, || MORE.to_string())
}

/// A value as the school wrote it, cut to what a cell holds when it is
/// longer (`--limite-celda` may let such a value in; its row is rejected),
/// saying how long it was.
fn fit_original(text: &str) -> Cow<'_, str> {
    fit(text, CELL_CHARS, || {
        format!(
            "… (recortado: {} caracteres en total)",
            text.chars().count()
        )
    })
}

const MORE: &str = "… (texto recortado: vea el informe de sigce)";

/// `text` when it fits in `limit` UTF-16 units; else its start and `more`,
/// together within the limit.
fn fit<'a>(text: &'a str, limit: usize, more: impl FnOnce() -> String) -> Cow<'a, str> {
    // UTF-8 never has fewer bytes than UTF-16 units: short texts end here.
    if text.len() <= limit || text.encode_utf16().count() <= limit {
        return Cow::Borrowed(text);
    }
    let more = more();
    let room = limit.saturating_sub(more.encode_utf16().count());
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{more}", &text[..end]))
}

pub struct Context<'a> {
    pub file: &'a str,
}

pub fn build(form: &Form, ctx: &Context<'_>) -> Result<Vec<u8>, XlsxError> {
    workbook(form, ctx)?.save_to_buffer()
}

/// Writes the workbook into `out` as it is assembled, without a copy of the
/// whole file in memory.
/// `stamp`: which run wrote it, and its clean partner (`super::stamp`).
pub fn write(
    form: &Form,
    ctx: &Context<'_>,
    out: impl std::io::Write + Send,
    stamp: &super::stamp::Stamp,
) -> Result<(), XlsxError> {
    let mut book = workbook(form, ctx)?;
    book.set_properties(&stamp.properties());
    book.save_to_writer(out)
}

fn workbook(form: &Form, ctx: &Context<'_>) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(1);
    let head = header_format();
    let formats = Formats {
        text: text_format(),
        red: text_format().set_background_color(RED),
        yellow: text_format().set_background_color(YELLOW),
        wrap: text_format().set_text_wrap(),
    };

    // A form read from several sheets says which one each row is in, in a
    // column of its own before the row number.
    let many = form.has_many_sheets();
    let first = usize::from(many);
    let mut headers = if many {
        vec!["HOJA", "FILA"]
    } else {
        vec!["FILA"]
    };
    headers.extend(Field::ALL.iter().map(|f| f.header()));
    headers.push("OBSERVACIONES");
    let obs_col = headers.len() - 1;

    // Rows go straight to a temporary file when there are many; a short
    // list is faster kept in memory.
    let large = form.rejected().nth(CONSTANT_MEMORY_ROWS).is_some();
    let sheet = new_sheet(&mut book, large)?;
    sheet.set_name("Rechazos")?;
    let mut widths = Widths::new(&headers);
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &head)?;
    }
    let columns = Columns {
        first,
        observations: obs_col,
    };
    let mut r = 0u32;
    for row in form.rejected() {
        r += 1;
        write_row(sheet, form, row, r, &columns, &formats, &mut widths)?;
    }
    widths.0[obs_col] = OBSERVATIONS_WIDTH;
    sheet.set_freeze_panes(1, 1 + first as u16)?;
    sheet.autofilter(0, 0, r, obs_col as u16)?;
    // Schools print it: landscape, as wide as the page, header on every page.
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    fit_columns(sheet, &widths.0)?;

    summary(&mut book, form, ctx, &head, &formats.text)?;
    Ok(book)
}

/// The cell formats of the rejection sheet.
struct Formats {
    text: Format,
    red: Format,
    yellow: Format,
    wrap: Format,
}

/// Where the rejection sheet's columns are: the row number's (after the
/// sheet's, when a form has many) and the observations'.
struct Columns {
    first: usize,
    observations: usize,
}

/// One rejected row: its number, its original values, each cell with a
/// problem filled and noted, and the observations.
fn write_row(
    sheet: &mut Worksheet,
    form: &Form,
    row: &CheckedRow,
    r: u32,
    columns: &Columns,
    formats: &Formats,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let Formats {
        text,
        red,
        yellow,
        wrap,
    } = formats;
    let (first, obs_col) = (columns.first, columns.observations);
    let row_cell_issues: Vec<&Issue> = visible(row).filter(|i| i.field.is_none()).collect();
    if let Some(name) = form.sheet_of(row) {
        sheet.write_string_with_format(r, 0, name, text)?;
        widths.see(0, name);
    }
    let number = row.row.number.to_string();
    let number_col = first as u16;
    match worst(&row_cell_issues) {
        Some(sev) => {
            sheet.write_string_with_format(r, number_col, &number, fill(sev, red, yellow))?
        }
        None => sheet.write_string_with_format(r, number_col, &number, text)?,
    };
    if !row_cell_issues.is_empty() {
        sheet.insert_note(r, number_col, &note(&row_cell_issues))?;
    }
    for field in Field::ALL {
        let col = field.index() + 1 + first;
        let original = row.row.original(field);
        let value: &str = &fit_original(&original);
        let issues: Vec<&Issue> = visible(row).filter(|i| i.field == Some(field)).collect();
        match worst(&issues) {
            Some(sev) => {
                sheet.write_string_with_format(r, col as u16, value, fill(sev, red, yellow))?
            }
            None => sheet.write_string_with_format(r, col as u16, value, text)?,
        };
        if !issues.is_empty() {
            sheet.insert_note(r, col as u16, &note(&issues))?;
        }
        widths.see(col, value);
    }
    let observations = observations(form, row);
    sheet.write_string_with_format(r, obs_col as u16, fit_cell(&observations), wrap)?;
    // Row height for the wrapped text, since not every program fits it on opening.
    let lines: usize = observations
        .lines()
        .map(|l| l.chars().count().div_ceil(OBSERVATIONS_WIDTH).max(1))
        .sum();
    sheet.set_row_height(r, 15.0 * lines.max(1) as f64)?;
    Ok(())
}

/// Errors and warnings: what the school must read. Fixes were done for them.
fn visible(row: &CheckedRow) -> impl Iterator<Item = &Issue> {
    row.issues.iter().filter(|i| i.severity() != Severity::Fix)
}

fn worst(issues: &[&Issue]) -> Option<Severity> {
    issues.iter().map(|i| i.severity()).max()
}

fn fill<'f>(sev: Severity, red: &'f Format, yellow: &'f Format) -> &'f Format {
    if sev == Severity::Error { red } else { yellow }
}

fn note(issues: &[&Issue]) -> Note {
    let text: Vec<String> = issues.iter().map(|i| i.message.clone()).collect();
    Note::new(fit_note(&text.join("\n")))
        .set_author("SIGCE")
        .set_width(320)
        .set_height(120)
}

/// One line per problem: "[CELDA] Error: message Qué hacer: help".
pub fn observations(form: &Form, row: &CheckedRow) -> String {
    let mut lines = Vec::new();
    for issue in visible(row) {
        let mut line = String::new();
        if let Some(cell) = form.cell_of(row, issue.field) {
            line.push_str(&format!("[{cell}] "));
        }
        let label = match issue.severity() {
            Severity::Error => "Error",
            _ => "Advertencia",
        };
        line.push_str(&format!("{label}: {}", issue.message));
        if let Some(help) = &issue.help {
            line.push_str(&format!(" Qué hacer: {help}"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn summary(
    book: &mut Workbook,
    form: &Form,
    ctx: &Context<'_>,
    head: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name("Resumen")?;
    let count = |sev: Severity| -> usize { form.rows.iter().map(|r| r.count(sev)).sum() };
    let rows: Vec<(&str, String)> = vec![
        ("Archivo", ctx.file.to_string()),
        (
            "Hoja",
            match form.sheets().as_slice() {
                [] => "(CSV)".to_string(),
                sheets => sheets.join(", "),
            },
        ),
        (
            "Ticket",
            form.ticket
                .clone()
                .unwrap_or_else(|| "(sin ticket)".to_string()),
        ),
        ("Filas con datos", form.rows.len().to_string()),
        ("Filas aceptadas", form.accepted().count().to_string()),
        ("Filas rechazadas", form.rejected().count().to_string()),
        ("Errores", count(Severity::Error).to_string()),
        ("Advertencias", count(Severity::Warning).to_string()),
        ("Correcciones automáticas", count(Severity::Fix).to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *k, head)?;
        sheet.write_string_with_format(i as u32, 1, v, text)?;
    }
    let start = rows.len() as u32 + 1;
    for (col, h) in ["CODIGO", "TIPO", "FILAS", "DESCRIPCION"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(start, col as u16, *h, head)?;
    }
    let mut by_code: BTreeMap<(std::cmp::Reverse<Severity>, &str), (usize, &str)> = BTreeMap::new();
    for row in form.rejected() {
        let mut seen = std::collections::HashSet::new();
        for issue in visible(row) {
            if seen.insert(issue.code()) {
                let e = by_code
                    .entry((std::cmp::Reverse(issue.severity()), issue.code()))
                    .or_insert((0, issue.rule.summary));
                e.0 += 1;
            }
        }
    }
    for (i, ((sev, code), (n, summary))) in by_code.iter().enumerate() {
        let r = start + 1 + i as u32;
        sheet.write_string_with_format(r, 0, *code, text)?;
        sheet.write_string_with_format(r, 1, sev.0.label(), text)?;
        sheet.write_string_with_format(r, 2, n.to_string(), text)?;
        sheet.write_string_with_format(r, 3, *summary, text)?;
    }
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(2, 8)?;
    sheet.set_column_width(3, 90)?;
    Ok(())
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn texts_longer_than_a_cell_are_cut_and_say_so() {
        assert_eq!(fit_cell("corto"), "corto");
        let long = "x".repeat(40_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(cut.ends_with("vea el informe de sigce)"));
    }

    #[test]
    fn an_original_longer_than_a_cell_is_cut_and_says_how_long_it_was() {
        assert_eq!(fit_original("DOCENTE"), "DOCENTE");
        let long = "A".repeat(35_000);
        let cut = fit_original(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_CHARS);
        assert!(
            cut.ends_with("… (recortado: 35000 caracteres en total)"),
            "{}",
            &cut[cut.len() - 60..]
        );
        // Excel counts UTF-16 units: characters outside the BMP count twice.
        let wide = "𝐀".repeat(20_000);
        let cut = fit_original(&wide);
        assert!(cut.encode_utf16().count() <= CELL_CHARS);
        assert!(cut.ends_with("(recortado: 20000 caracteres en total)"));
        assert!(fit_note(&long).encode_utf16().count() <= NOTE_CHARS);
    }
}
