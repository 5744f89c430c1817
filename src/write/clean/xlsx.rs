//! `<stem>.limpio.xlsx`: the accepted rows for level 2, every cell text, plus
//! a "Correcciones" sheet listing each automatic change.

use std::borrow::Cow;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::{CleanFormatSpec, Context, Pairing};
use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;
use crate::normalize::NormalizedRow;
use crate::write::stamp::Partner;
use crate::write::{
    CONSTANT_MEMORY_ROWS, Latch, Widths, fit_columns, header_format, io_error, text_columns,
};

pub fn build(form: &Form) -> Result<Vec<u8>, XlsxError> {
    workbook(form, SHEET_DATA_ROWS, false)?.save_to_buffer()
}

/// Writes the workbook into `out` as it is assembled, without a copy of the
/// whole file in memory. `parallel`: the two sheets are filled at the same
/// time, on a spare core. `stamp`: which run wrote it (`crate::write::stamp`).
pub fn write(
    form: &Form,
    out: impl std::io::Write + Send,
    parallel: bool,
    stamp: &crate::write::stamp::Stamp,
) -> Result<(), XlsxError> {
    let mut book = workbook(form, SHEET_DATA_ROWS, parallel)?;
    book.set_properties(&stamp.properties());
    book.save_to_writer(out)
}

/// The clean workbook in the table of clean-file formats.
pub(super) const SPEC: CleanFormatSpec = CleanFormatSpec {
    extension: "xlsx",
    label: "Libro de Excel (.limpio.xlsx)",
    pairing: Pairing::Stamped,
    write: write_staged,
};

/// Writes the workbook into its staged file, stamped with the run.
fn write_staged(
    form: &Form,
    file: &mut std::fs::File,
    context: &Context<'_>,
) -> std::io::Result<Partner> {
    // Behind a latch, a full disk stops nothing midway: the workbook writer
    // ends quietly and the first error is returned here (flushed here too:
    // a drop would hide it).
    let mut out = Latch::new(std::io::BufWriter::new(file));
    write(form, &mut out, context.side_by_side, context.stamp).map_err(io_error)?;
    out.finish()?;
    Ok(Partner::Workbook)
}

/// Data rows below the header of one sheet: Excel's limit is 1,048,576 rows.
const SHEET_DATA_ROWS: u32 = 1_048_575;

/// Makes the worksheets of the workbook: standalone, so that two sheets can
/// be filled at the same time and added in order at the end.
struct SheetMaker<'b> {
    /// Constant memory (large batches) ties a sheet to its workbook.
    book: Option<std::sync::Mutex<&'b mut Workbook>>,
}

impl SheetMaker<'_> {
    fn sheet(&self) -> Result<Worksheet, XlsxError> {
        match &self.book {
            Some(book) => book
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .new_worksheet_with_constant_memory(),
            None => Ok(Worksheet::new()),
        }
    }
}

/// A sheet that continues on "Name 2", "Name 3"... when it is full, so a
/// large batch (about eight corrections per row) never exceeds Excel's row
/// limit and nothing is left out.
struct Pages<'h> {
    name: &'static str,
    headers: &'h [&'h str],
    per_page: u32,
    /// Landscape, one page wide, the header on every page.
    for_print: bool,
    done: Vec<Worksheet>,
    /// The current page and its number (from 1).
    page: Option<(Worksheet, u32)>,
    /// Lines written on the current page.
    row: u32,
    widths: Widths,
}

impl<'h> Pages<'h> {
    fn new(
        name: &'static str,
        headers: &'h [&'h str],
        per_page: u32,
        for_print: bool,
    ) -> Pages<'h> {
        Pages {
            name,
            headers,
            per_page,
            for_print,
            done: Vec::new(),
            page: None,
            row: 0,
            widths: Widths::new(headers),
        }
    }

    /// Starts the next page with its header.
    fn open(&mut self, maker: &SheetMaker<'_>) -> Result<(), XlsxError> {
        let number = match self.page.take() {
            Some((sheet, n)) => {
                self.done.push(self.finish(sheet)?);
                n + 1
            }
            None => 1,
        };
        let name = if number == 1 {
            self.name.to_string()
        } else {
            format!("{} {number}", self.name)
        };
        let head = header_format();
        let mut sheet = maker.sheet()?;
        sheet.set_name(name)?;
        if self.for_print {
            sheet
                .set_landscape()
                .set_print_fit_to_pages(1, 0)
                .set_repeat_rows(0, 0)?;
        }
        text_columns(&mut sheet, self.headers.len())?;
        for (col, h) in self.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &head)?;
        }
        self.page = Some((sheet, number));
        self.row = 0;
        self.widths = Widths::new(self.headers);
        Ok(())
    }

    /// Writes one line, on a new page when the current one is full.
    fn line(&mut self, maker: &SheetMaker<'_>, values: &[&str]) -> Result<(), XlsxError> {
        if self.page.is_none() || self.row >= self.per_page {
            self.open(maker)?;
        }
        self.row += 1;
        let Some((sheet, _)) = &mut self.page else {
            unreachable!("a page was opened just above")
        };
        for (col, v) in values.iter().enumerate() {
            sheet.write_string(self.row, col as u16, *v)?;
            self.widths.see(col, v);
        }
        Ok(())
    }

    /// Finishes the last page (a sheet without lines still gets its header)
    /// and gives every page, in order.
    fn close(mut self, maker: &SheetMaker<'_>) -> Result<Vec<Worksheet>, XlsxError> {
        if self.page.is_none() {
            self.open(maker)?;
        }
        if let Some((sheet, _)) = self.page.take() {
            let last = self.finish(sheet)?;
            self.done.push(last);
        }
        Ok(self.done)
    }

    /// Freezes the header, filters and fits a page.
    fn finish(&self, mut sheet: Worksheet) -> Result<Worksheet, XlsxError> {
        sheet.set_freeze_panes(1, 0)?;
        if self.row > 0 {
            sheet.autofilter(0, 0, self.row, (self.headers.len() - 1) as u16)?;
        }
        fit_columns(&mut sheet, &self.widths.0)?;
        Ok(sheet)
    }
}

fn workbook(form: &Form, per_page: u32, parallel: bool) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    // Fast compression: the file goes to level 2's import, where a few more
    // kilobytes cost nothing and a large batch is written several times faster.
    book.set_zip_compression_level(1);

    // Constant memory for large batches: rows go to a temporary file as they
    // are written, so they never sit in memory twice. A form of a few hundred
    // rows is faster without the temporary files.
    let large = form.rows.len() > CONSTANT_MEMORY_ROWS;
    let (users, fixes, checks) = {
        let maker = SheetMaker {
            book: large.then(|| std::sync::Mutex::new(&mut book)),
        };
        // A thread of its own pays only for a large batch; a usual form is
        // written faster than a thread starts.
        if parallel && large {
            std::thread::scope(|scope| {
                let fixes = scope.spawn(|| corrections(form, per_page, &maker));
                let users = users(form, per_page, &maker);
                let fixes = fixes
                    .join()
                    .unwrap_or_else(|_| Err(XlsxError::ParameterError("hilo".into())));
                (users, fixes, to_check(form, per_page, &maker))
            })
        } else {
            (
                users(form, per_page, &maker),
                corrections(form, per_page, &maker),
                to_check(form, per_page, &maker),
            )
        }
    };
    for sheet in users?.into_iter().chain(checks?).chain(fixes?) {
        book.push_worksheet(sheet);
    }
    Ok(book)
}

/// The "Usuarios" pages: the accepted rows as level 2 imports them.
fn users(form: &Form, per_page: u32, maker: &SheetMaker<'_>) -> Result<Vec<Worksheet>, XlsxError> {
    let headers: Vec<&str> = std::iter::once(TICKET_HEADER)
        .chain(Field::ALL.iter().map(|f| f.header()))
        .collect();
    let ticket = form.ticket.as_deref().unwrap_or("");
    let mut users = Pages::new("Usuarios", &headers, per_page, true);
    let mut values: Vec<&str> = Vec::with_capacity(headers.len());
    for row in form.accepted() {
        values.clear();
        values.push(ticket);
        values.extend(Field::ALL.iter().map(|f| row.row.get(*f).unwrap_or("")));
        users.line(maker, &values)?;
    }
    users.close(maker)
}

/// The "Correcciones" pages: one line per changed cell, with the value as
/// written, the value sent, and every correction between them (each
/// explained by `sigce reglas CODIGO`); a cell changed by hand has a line
/// per change before it, marked «A MANO» with when, apart from the rules'.
fn corrections(
    form: &Form,
    per_page: u32,
    maker: &SheetMaker<'_>,
) -> Result<Vec<Worksheet>, XlsxError> {
    let fix_headers = ["FILA", "CELDA", "CAMPO", "ANTES", "DESPUES", "CORRECCIONES"];
    let mut fixes = Pages::new("Correcciones", &fix_headers, per_page, true);
    for row in form.accepted() {
        let place = |field: Field| {
            let cell = form
                .cell_of(row, Some(field))
                .map(|c| c.to_string())
                .unwrap_or_default();
            match form.sheet_of(row) {
                Some(sheet) => format!("hoja «{sheet}» {cell}"),
                None => cell,
            }
        };
        let number = row.row.number.to_string();
        let mut manual: Vec<_> = form.manual_of(row).collect();
        manual.sort_by_key(|m| m.field);
        let mut manual = manual.into_iter().peekable();
        let changes = changed_cells(&row.row);
        for change in &changes {
            while let Some(m) = manual.next_if(|m| m.field <= change.field) {
                let line = manual_line(&number, &place(m.field), m);
                fixes.line(maker, &line.each_ref().map(String::as_str))?;
            }
            let cell = place(change.field);
            fixes.line(
                maker,
                &[
                    number.as_str(),
                    cell.as_str(),
                    change.field.header(),
                    &change.before,
                    change.after,
                    change.codes.as_str(),
                ],
            )?;
        }
        for m in manual {
            let line = manual_line(&number, &place(m.field), m);
            fixes.line(maker, &line.each_ref().map(String::as_str))?;
        }
    }
    fixes.close(maker)
}

/// The Correcciones line of a change made by hand.
fn manual_line(number: &str, cell: &str, fix: &crate::diagnostic::ManualFix) -> [String; 6] {
    let when = crate::dates::local_minute(&fix.at).unwrap_or_else(|| fix.at.clone());
    [
        number.to_string(),
        cell.to_string(),
        fix.field.header().to_string(),
        fix.before.clone(),
        fix.after.clone(),
        format!("{MANUAL} el {when}"),
    ]
}

/// How the Correcciones sheet marks a change made by hand, apart from the
/// rules' codes.
pub const MANUAL: &str = "A MANO";

/// The «Revisar» pages, only when there is something to check: the warnings
/// of accepted rows (a probable typo in a domain, a person sent before),
/// which would otherwise reach level 2 unseen. «Usuarios» keeps exactly its
/// columns, since level 2 imports it.
fn to_check(
    form: &Form,
    per_page: u32,
    maker: &SheetMaker<'_>,
) -> Result<Vec<Worksheet>, XlsxError> {
    if form.to_check().next().is_none() {
        return Ok(Vec::new());
    }
    let headers = ["FILA", "PERSONA", "DOCUMENTO", "CAMPO", "QUE REVISAR"];
    let mut checks = Pages::new("Revisar", &headers, per_page, true);
    for (row, issue) in form.to_check() {
        let number = format!("{}{}", row.row.number, form.sheet_note(row));
        let document = format!(
            "{} {}",
            row.row.get(Field::TipoDocumento).unwrap_or_default(),
            row.row.get(Field::NumeroDocumento).unwrap_or_default()
        );
        let what = match &issue.help {
            Some(help) => format!("{} {help}", issue.message),
            None => issue.message.clone(),
        };
        checks.line(
            maker,
            &[
                number.as_str(),
                &row.row.full_name(),
                document.trim(),
                issue.field.map_or("", |f| f.header()),
                &what,
            ],
        )?;
    }
    checks.close(maker)
}

/// The corrections of one cell: the value as written, the value sent, and
/// the rules that changed it, in order.
pub struct CellChange<'a> {
    pub field: Field,
    pub before: Cow<'a, str>,
    pub after: &'a str,
    pub codes: String,
}

/// A row's fixes grouped by cell, in field order, from the fixes the row
/// recorded: the cell as written, the value sent, and the codes in order.
pub fn changed_cells(row: &NormalizedRow) -> Vec<CellChange<'_>> {
    let mut changes: Vec<CellChange<'_>> = Vec::new();
    for fix in row.fixes() {
        let (field, rule) = (fix.field, fix.rule);
        match changes.iter_mut().find(|c| c.field == field) {
            Some(change) => {
                change.codes.push_str(", ");
                change.codes.push_str(rule.code);
            }
            None => changes.push(CellChange {
                field,
                before: row.original(field),
                after: row.get(field).unwrap_or_default(),
                codes: rule.code.to_string(),
            }),
        }
    }
    changes.sort_by_key(|c| c.field);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partition;
    use crate::pipeline::{self, BuildOptions};
    use crate::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};
    use crate::rules::testing::{VALID, header_row};
    use calamine::{Reader, Xlsx};

    /// A form of `n` valid rows typed in lowercase: two fixes per row.
    fn form(n: u32) -> Form {
        edited_form(n, &[])
    }

    /// `form(n)` with cells changed by hand.
    fn edited_form(n: u32, edits: &[pipeline::Edit]) -> Form {
        let header = header_row();
        let mut rows = vec![header];
        for i in 0..n {
            let cells = VALID
                .iter()
                .map(|(f, v)| match f {
                    Field::PrimerNombre | Field::PrimerApellido => RawCell::Text(v.to_lowercase()),
                    Field::NumeroDocumento => RawCell::Text(format!("10304{i:05}")),
                    Field::Correo => RawCell::Text(format!("u{i}@colegio.edu.co")),
                    _ => RawCell::Text(v.to_string()),
                })
                .collect();
            rows.push(RawRow {
                number: i + 2,
                cells,
            });
        }
        let sheet = RawSheet {
            kind: SourceKind::Xlsx,
            name: Some("Hoja1".into()),
            rows,
            rest: None,
            hidden: false,
        };
        let mut form = pipeline::build_edited(
            vec![sheet],
            &BuildOptions {
                rules: crate::policy::Settings::default(),
                ticket: Some("123456"),
                file_stem: None,
                file: "f.xlsx",
            },
            edits,
        )
        .unwrap();
        partition::partition(&mut form, false);
        form
    }

    fn sheets(bytes: Vec<u8>) -> Vec<(String, usize)> {
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let rows = book.worksheet_range(&name).unwrap().height();
                (name, rows)
            })
            .collect()
    }

    /// Every sheet's cells, by name.
    fn contents(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).unwrap();
                let rows = range
                    .rows()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect();
                (name, rows)
            })
            .collect()
    }

    #[test]
    fn a_large_batch_filled_in_parallel_gives_the_same_workbook() {
        let f = form(CONSTANT_MEMORY_ROWS as u32 + 200);
        let one = contents(
            workbook(&f, 4_000, false)
                .unwrap()
                .save_to_buffer()
                .unwrap(),
        );
        let two = contents(workbook(&f, 4_000, true).unwrap().save_to_buffer().unwrap());
        let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Usuarios",
                "Usuarios 2",
                "Correcciones",
                "Correcciones 2",
                "Correcciones 3"
            ]
        );
        assert_eq!(one, two);
        assert_eq!(one[0].1[1][0], "123456", "ticket on every row");
    }

    #[test]
    fn full_sheets_continue_on_the_next_one_and_nothing_is_left_out() {
        let f = form(12);
        assert_eq!(f.accepted().count(), 12);
        // 12 users and 24 corrections, 10 lines per sheet below the header.
        let got = sheets(workbook(&f, 10, false).unwrap().save_to_buffer().unwrap());
        let expected: Vec<(String, usize)> = [
            ("Usuarios", 11),
            ("Usuarios 2", 3),
            ("Correcciones", 11),
            ("Correcciones 2", 11),
            ("Correcciones 3", 5),
        ]
        .iter()
        .map(|(n, r)| (n.to_string(), *r))
        .collect();
        assert_eq!(got, expected);
        // Below the limit, one sheet of each.
        let got = sheets(build(&f).unwrap());
        assert_eq!(
            got,
            [
                ("Usuarios".to_string(), 13),
                ("Correcciones".to_string(), 25)
            ]
        );
    }

    #[test]
    fn a_cell_changed_by_hand_has_its_own_line_marked_a_mano_before_the_rules_line() {
        let edit = |field, value: &str| pipeline::Edit {
            sheet: Some("Hoja1".into()),
            row: 2,
            field,
            value: value.into(),
            at: "2026-03-02T15:32:00Z".into(),
        };
        // The phone typed with a space (the rules take it out), and the
        // surname retyped: two lines for it, the hand's then the rule's.
        let f = edited_form(
            2,
            &[
                edit(Field::Telefono, "310 765 4321"),
                edit(Field::PrimerApellido, "ramirez"),
            ],
        );
        assert_eq!(f.manual.len(), 2);
        assert_eq!(f.manual[1].before, "perez", "what the school wrote");
        let book = contents(build(&f).unwrap());
        let fixes = &book.iter().find(|(n, _)| n == "Correcciones").unwrap().1;
        let of_row_2: Vec<&Vec<String>> = fixes.iter().filter(|l| l[0] == "2").collect();
        let apellido: Vec<_> = of_row_2
            .iter()
            .filter(|l| l[2] == Field::PrimerApellido.header())
            .collect();
        assert_eq!(apellido.len(), 2, "{of_row_2:?}");
        assert_eq!(
            apellido[0][3..],
            ["perez", "ramirez", "A MANO el 2026-03-02 10:32"]
        );
        assert_eq!(apellido[1][3..5], ["ramirez", "RAMIREZ"]);
        let telefono: Vec<_> = of_row_2
            .iter()
            .filter(|l| l[2] == Field::Telefono.header())
            .collect();
        assert_eq!(telefono[0][3..5], ["3101234567", "310 765 4321"]);
        assert!(telefono[0][5].starts_with("A MANO"));
        // The other row, not changed by hand, has no such line.
        assert!(
            fixes
                .iter()
                .filter(|l| l[0] == "3")
                .all(|l| !l[5].contains("A MANO"))
        );
        let users = &book.iter().find(|(n, _)| n == "Usuarios").unwrap().1;
        assert!(users[1].contains(&"RAMIREZ".to_string()), "{:?}", users[1]);
    }
}
