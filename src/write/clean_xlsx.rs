//! `<stem>.limpio.xlsx`: the accepted rows for level 2, every cell text, plus
//! a "Correcciones" sheet listing each automatic change.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Widths, fit_columns, header_format, text_format};
use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;
use crate::rules::Severity;

pub fn build(form: &Form) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = header_format();
    let text = text_format();

    let headers: Vec<&str> = std::iter::once(TICKET_HEADER)
        .chain(Field::ALL.iter().map(|f| f.header()))
        .collect();
    let sheet = book.add_worksheet();
    sheet.set_name("Usuarios")?;
    let mut widths = Widths::new(&headers);
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &head)?;
    }
    let ticket = form.ticket.as_deref().unwrap_or("");
    let mut r = 0u32;
    for row in form.accepted() {
        r += 1;
        sheet.write_string_with_format(r, 0, ticket, &text)?;
        widths.see(0, ticket);
        for field in Field::ALL {
            let value = row.row.get(field).unwrap_or("");
            let col = field.index() + 1;
            sheet.write_string_with_format(r, col as u16, value, &text)?;
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

    let fix_headers = [
        "FILA",
        "CELDA",
        "CAMPO",
        "CODIGO",
        "ANTES",
        "DESPUES",
        "DESCRIPCION",
    ];
    let sheet = book.add_worksheet();
    sheet.set_name("Correcciones")?;
    let mut widths = Widths::new(&fix_headers);
    for (col, h) in fix_headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &head)?;
    }
    let mut r = 0u32;
    for row in form.accepted() {
        for fix in row.issues.iter().filter(|i| i.severity() == Severity::Fix) {
            r += 1;
            let cell = form
                .cell_of(row.row.number, fix.field)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let values = [
                row.row.number.to_string(),
                cell,
                fix.field.map_or("", |f| f.header()).to_string(),
                fix.code().to_string(),
                fix.before.clone().unwrap_or_default(),
                fix.after.clone().unwrap_or_default(),
                fix.rule.summary.to_string(),
            ];
            for (col, v) in values.iter().enumerate() {
                sheet.write_string_with_format(r, col as u16, v, &text)?;
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
