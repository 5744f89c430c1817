//! `<stem>.limpio.xlsx`: the accepted rows for level 2, every cell text, plus
//! a "Correcciones" sheet listing each automatic change.

use std::borrow::Cow;

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Widths, fit_columns, header_format, text_columns};
use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;
use crate::normalize::NormalizedRow;

pub fn build(form: &Form) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Fast compression: the file goes to level 2's import, where a few more
    // kilobytes cost nothing and a large batch is written several times faster.
    book.set_zip_compression_level(1);
    let head = header_format();

    let headers: Vec<&str> = std::iter::once(TICKET_HEADER)
        .chain(Field::ALL.iter().map(|f| f.header()))
        .collect();
    // Constant memory for large batches: rows go to a temporary file as they
    // are written, so they never sit in memory twice. A form of a few hundred
    // rows is faster without the temporary files.
    let large = form.rows.len() > CONSTANT_MEMORY_ROWS;
    let sheet = new_sheet(&mut book, large)?;
    sheet.set_name("Usuarios")?;
    text_columns(sheet, headers.len())?;
    let mut widths = Widths::new(&headers);
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &head)?;
    }
    let ticket = form.ticket.as_deref().unwrap_or("");
    let mut r = 0u32;
    for row in form.accepted() {
        r += 1;
        sheet.write_string(r, 0, ticket)?;
        widths.see(0, ticket);
        for field in Field::ALL {
            let value = row.row.get(field).unwrap_or("");
            let col = field.index() + 1;
            sheet.write_string(r, col as u16, value)?;
            widths.see(col, value);
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, r, (headers.len() - 1) as u16)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    fit_columns(sheet, &widths.0)?;

    // One line per changed cell: the value as written, the value sent, and
    // every correction between them (each explained by `sigce reglas CODIGO`).
    let fix_headers = ["FILA", "CELDA", "CAMPO", "ANTES", "DESPUES", "CORRECCIONES"];
    let sheet = new_sheet(&mut book, large)?;
    sheet.set_name("Correcciones")?;
    text_columns(sheet, fix_headers.len())?;
    let mut widths = Widths::new(&fix_headers);
    for (col, h) in fix_headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &head)?;
    }
    let mut r = 0u32;
    for row in form.accepted() {
        for change in changed_cells(&row.row) {
            r += 1;
            let cell = form
                .cell_of(row.row.number, Some(change.field))
                .map(|c| c.to_string())
                .unwrap_or_default();
            let number = row.row.number.to_string();
            let values = [
                number.as_str(),
                cell.as_str(),
                change.field.header(),
                &change.before,
                change.after,
                change.codes.as_str(),
            ];
            for (col, v) in values.iter().enumerate() {
                sheet.write_string(r, col as u16, *v)?;
                widths.see(col, v);
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if r > 0 {
        sheet.autofilter(0, 0, r, (fix_headers.len() - 1) as u16)?;
    }
    fit_columns(sheet, &widths.0)?;
    book.save_to_buffer()
}

/// Rows above which the workbook is written in constant-memory mode.
const CONSTANT_MEMORY_ROWS: usize = 5_000;

fn new_sheet(
    book: &mut Workbook,
    constant_memory: bool,
) -> Result<&mut rust_xlsxwriter::Worksheet, XlsxError> {
    if constant_memory {
        book.add_worksheet_with_constant_memory()
    } else {
        Ok(book.add_worksheet())
    }
}

/// The corrections of one cell: the value as written, the value sent, and
/// the rules that changed it, in order.
pub struct CellChange<'a> {
    pub field: Field,
    pub before: Cow<'a, str>,
    pub after: &'a str,
    pub codes: String,
}

/// A row's fixes grouped by cell, in field order. Made from the row's fix
/// log: no normalization runs again to write them.
pub fn changed_cells(row: &NormalizedRow) -> Vec<CellChange<'_>> {
    let mut changes: Vec<CellChange<'_>> = Vec::new();
    for (field, rule) in &row.fix_log.0 {
        match changes.iter_mut().find(|c| c.field == *field) {
            Some(change) => {
                change.codes.push_str(", ");
                change.codes.push_str(rule.code);
            }
            None => changes.push(CellChange {
                field: *field,
                before: row.fields[field.index()].original(),
                after: row.get(*field).unwrap_or_default(),
                codes: rule.code.to_string(),
            }),
        }
    }
    changes.sort_by_key(|c| c.field);
    changes
}
