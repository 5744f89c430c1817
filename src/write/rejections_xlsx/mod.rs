//! `<stem>.rechazos.xlsx`: the workbook a school secretary receives when a
//! form cannot be received. It says what it is (institution, ticket, date)
//! and what to do in plain sentences (`heading`); lists the rows that go
//! back as the school wrote them, its own extra columns included, with each
//! problem cell filled and noted and a last column that says what to change
//! (`table`); and sums the review up (`summary`). The school corrects this
//! same file and sends it back: it validates again with its ticket, and the
//! columns added here are known to the header reader as annotations.
//!
//! Nothing a school reads names a rule code or the help desk's tools; a
//! cell's note keeps the code for the help desk when the school calls.
//! It prints on letter paper, landscape, one page wide, with the header on
//! every page (`layout` keeps the widths printable).

mod fit;
mod heading;
mod layout;
mod summary;
mod table;

use rust_xlsxwriter::{Workbook, XlsxError};

pub use layout::{OBSERVATIONS, ROW, SHEET};
pub use table::observations;

use super::{CONSTANT_MEMORY_ROWS, new_sheet};
use crate::form::Form;

pub struct Context<'a> {
    /// The file's name as the school sent it.
    pub file: &'a str,
    /// The date of the review, as people read it («3 de diciembre de 2026»).
    pub date: &'a str,
}

pub const SHEET_NAME: &str = "Para corregir";

/// Rows of the table whose problem cells carry a note. The writer keeps
/// every note in memory until it saves (about 6 KB a row), so past this
/// many rows the cells are only filled: the row's last column says the same
/// text, and «Resumen» tells the school so.
pub const NOTED_ROWS: usize = 5_000;

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
    let layout = layout::Layout::of(form);
    let held_back = form.rejected().any(table::is_held_back);

    // Rows go straight to a temporary file when there are many; a short
    // list is faster kept in memory.
    let large = form.rejected().nth(CONSTANT_MEMORY_ROWS).is_some();
    let sheet = new_sheet(&mut book, large)?;
    sheet.set_name(SHEET_NAME)?;
    for (col, w) in layout.widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *w as f64 + 1.0)?;
    }
    let header_row = heading::write(sheet, form, ctx, &layout, held_back)?;
    table::header(sheet, &layout, header_row)?;
    let formats = table::Formats::new();
    let mut r = header_row;
    for (k, row) in table::in_order(form).enumerate() {
        r += 1;
        table::row(sheet, form, row, r, &layout, &formats, k < NOTED_ROWS)?;
    }
    let first_field = layout.index(layout::Column::Field(crate::field::Field::ALL[0]));
    sheet.set_freeze_panes(header_row + 1, first_field)?;
    sheet.autofilter(header_row, 0, r, layout.last())?;
    // Schools print it: letter paper, landscape, one page wide, the header
    // on every page, the page number at the foot.
    sheet
        .set_landscape()
        .set_paper_size(1)
        .set_margins(0.25, 0.25, 0.4, 0.4, 0.2, 0.2)
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(header_row, header_row)?
        .set_footer("&CPágina &P de &N");

    summary::write(&mut book, form, ctx)?;
    Ok(book)
}
