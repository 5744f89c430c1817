//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine. Formula cells give
//! their cached value (an XLSX formula saved without one makes the file a
//! FORMULAS_SIN_CALCULAR error); error values stay errors so rules can point
//! at them.
//!
//! This module picks the sheets and sequences the reading; the container
//! checks, the opened book, the cells, the mail links and the streamed rest
//! of a sheet live in the submodules named after them.

mod book;
mod cells;
mod links;
mod stream;
mod xls_links;
mod zip_parts;

use std::io::Cursor;

use calamine::Reader;

use super::mail_links::MailLinks;
use super::sheet::{RawRow, RawSheet, SourceKind};
use crate::error::FileError;
use crate::limits::Limits;
use book::{Book, OpenFailure, copied_sheets, open, range_of, sheet_names};
use cells::{check_range, each_xlsx_row, rows_of, xlsb_rows, xlsx_rows};
use links::mail_links;
use stream::{FIRST_ROWS, Streamed};
pub(super) use zip_parts::tag_attribute;
use zip_parts::{ZipFacts, check_zip_parts};

pub(super) type Bytes = Cursor<Vec<u8>>;

thread_local! {
    pub(super) static INSIDE_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a spreadsheet reader, whose panics are
/// caught and reported as a damaged file (the panic hook stays quiet then).
pub fn inside_reader() -> bool {
    INSIDE_READER.get()
}

/// Reads the sheets of a workbook; `sheet_name` keeps only that sheet.
/// Formats read whole go to a child process when the binary allows it
/// (`super::isolated`): a reader that aborts there takes only this file.
pub fn read(
    bytes: Vec<u8>,
    extension: Option<&str>,
    name: &str,
    sheet_name: Option<&str>,
    limits: &Limits,
    reading: Reading,
) -> Result<Vec<RawSheet>, FileError> {
    if super::isolated::enabled() && !is_xlsx(&bytes) {
        // The ZIP's declared sizes are checked here as well, so a bomb is
        // refused without starting a process.
        if bytes.starts_with(b"PK") {
            check_zip_parts(&bytes, limits, name)?;
        }
        if let Some(result) = super::isolated::read(&bytes, extension, name, sheet_name, limits) {
            return result;
        }
    }
    read_here(bytes, extension, name, sheet_name, limits, reading)
}

/// Whether a ZIP container holds an XLSX workbook (the format read in
/// process, cell by cell).
fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
        && zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|zip| zip.index_for_name("xl/workbook.xml").is_some())
}

/// Reads the sheets of a workbook in this process.
pub fn read_here(
    bytes: Vec<u8>,
    extension: Option<&str>,
    name: &str,
    sheet_name: Option<&str>,
    limits: &Limits,
    reading: Reading,
) -> Result<Vec<RawSheet>, FileError> {
    // The spreadsheet readers parse untrusted binary formats; if one of them
    // ever panics on a malformed file, that file is damaged, not the run.
    INSIDE_READER.set(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_unguarded(bytes, extension, name, sheet_name, limits, reading)
    }));
    INSIDE_READER.set(false);
    result.unwrap_or_else(|_| {
        Err(damaged(format!(
            "El archivo {name} parece una hoja de cálculo pero su contenido está dañado: el lector no pudo interpretarlo."
        )))
    })
}

fn read_unguarded(
    bytes: Vec<u8>,
    extension: Option<&str>,
    name: &str,
    sheet_name: Option<&str>,
    limits: &Limits,
    reading: Reading,
) -> Result<Vec<RawSheet>, FileError> {
    // Without a zip directory (XLS, or a damaged file) links are looked for.
    let mut facts = ZipFacts {
        may_have_links: true,
        sheet_parts: Vec::new(),
    };
    let mut ods = super::ods_scan::Scan::default();
    let mut xls = Vec::new();
    if bytes.starts_with(b"PK") {
        facts = check_zip_parts(&bytes, limits, name)?;
        ods = super::ods_scan::check(&bytes, limits, name)?;
    } else {
        xls = xls_links::mail_links(&bytes, limits.max_part_bytes);
    }
    let may_have_links = facts.may_have_links;
    let (mut book, kind) = open(bytes, extension).map_err(|f| open_failure(f, name))?;
    let links = SheetLinks::of(&book, ods, xls);
    let names = sheet_names(&book, false);
    let (wanted, hidden) = chosen_sheets(&book, &names, &facts.sheet_parts, sheet_name, name)?;
    let hidden = hidden_sheets(&mut book, kind, &hidden, limits, name);
    let mut book = match (book, reading) {
        (Book::Xlsx(xlsx), Reading::Streamed { concurrent }) => {
            let streamed = Streamed {
                kind,
                name,
                limits: *limits,
                may_have_links,
                concurrent,
            };
            let sheets = streamed.sheets(xlsx, wanted)?;
            return Ok(in_workbook_order(sheets, hidden, &names));
        }
        (book, _) => book,
    };

    let mut sheets = Vec::new();
    for sheet in wanted {
        let rows = whole_sheet_rows(&mut book, &sheet, limits, name, may_have_links, &links)?;
        sheets.push(RawSheet {
            kind,
            name: Some(sheet),
            rows,
            rest: None,
            hidden: false,
        });
    }
    Ok(in_workbook_order(sheets, hidden, &names))
}

/// Why a container could not be opened, as the file's error.
fn open_failure(failure: OpenFailure, name: &str) -> FileError {
    match failure {
        OpenFailure::Password => FileError::new(
            &crate::read::codes::ARCHIVO_PROTEGIDO,
            format!("El archivo {name} está protegido con contraseña y no se puede leer."),
        )
        .with_help(
            "Pida a la institución que quite la contraseña (Archivo > Información > Proteger libro) y lo envíe de nuevo.",
        ),
        OpenFailure::Broken(detail) => damaged(format!(
            "El archivo {name} parece una hoja de cálculo pero está dañado o incompleto: {}.",
            crate::io_text::library(&detail)
        )),
    }
}

/// The sheets to validate and the hidden ones to look at. Hidden sheets
/// are read too, their first rows only, so the report can say when one
/// holds people; they are validated only when named: a person never sees
/// them. A sheet whose part an earlier sheet already names holds the same
/// cells: it is read once, under the first name.
fn chosen_sheets(
    book: &Book,
    names: &[String],
    sheet_parts: &[String],
    sheet_name: Option<&str>,
    name: &str,
) -> Result<(Vec<String>, Vec<String>), FileError> {
    let Some(wanted) = sheet_name else {
        let copies = copied_sheets(book, sheet_parts);
        let visible = Some(sheet_names(book, true))
            .filter(|visible| !visible.is_empty())
            .unwrap_or_else(|| names.to_vec());
        let hidden = names
            .iter()
            .filter(|n| !visible.contains(n) && !copies.contains(n))
            .cloned()
            .collect();
        let visible = visible
            .into_iter()
            .filter(|n| !copies.contains(n))
            .collect();
        return Ok((visible, hidden));
    };
    let found = names
        .iter()
        .find(|n| n.as_str() == wanted)
        .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)));
    match found {
        Some(n) => Ok((vec![n.clone()], Vec::new())),
        None => Err(FileError::new(
            &crate::read::codes::HOJA_NO_ENCONTRADA,
            format!(
                "El archivo {name} no tiene una hoja llamada «{wanted}». Sus hojas son: {}.",
                quoted_list(names)
            ),
        )
        .with_help("Escriba en --hoja el nombre exacto de una de esas hojas, o quite --hoja para que se busque sola.")),
    }
}

/// The `mailto:` links of the sheets of an XLS or ODS book, by sheet name
/// (an XLSX book's are read with each sheet, from the book).
struct SheetLinks(Vec<(String, MailLinks)>);

impl SheetLinks {
    /// The ODS walk's links, or the XLS links by BOUNDSHEET order, which
    /// is calamine's order of the sheets.
    fn of(book: &Book, ods: super::ods_scan::Scan, xls: Vec<MailLinks>) -> SheetLinks {
        match book {
            Book::Ods(_) => SheetLinks(ods.links),
            Book::Xls(b) => SheetLinks(
                b.sheets_metadata()
                    .iter()
                    .map(|s| s.name.clone())
                    .zip(xls)
                    .filter(|(_, links)| !links.is_empty())
                    .collect(),
            ),
            _ => SheetLinks(Vec::new()),
        }
    }

    fn of_sheet(&self, sheet: &str) -> Option<&MailLinks> {
        self.0.iter().find(|(n, _)| n == sheet).map(|(_, l)| l)
    }
}

/// Every row of one sheet, read whole.
fn whole_sheet_rows(
    book: &mut Book,
    sheet: &str,
    limits: &Limits,
    name: &str,
    may_have_links: bool,
    links: &SheetLinks,
) -> Result<Vec<RawRow>, FileError> {
    match book {
        // XLSX is streamed cell by cell, so limits stop a hostile sheet
        // before its cells are in memory.
        Book::Xlsx(b) => {
            let mut rows =
                xlsx_rows(b, sheet, limits, name).map_err(|e| sheet_failure(e, sheet, name))?;
            // Best effort: a sheet whose links cannot be read still has its
            // values. Reading the links parses the whole sheet again, so it
            // is skipped when no sheet declares an external link.
            if may_have_links {
                let links = mail_links(b, sheet);
                for row in &mut rows {
                    links.apply(row, limits, name)?;
                }
            }
            Ok(rows)
        }
        Book::Xlsb(b) => {
            xlsb_rows(b, sheet, limits, name).map_err(|e| sheet_failure(e, sheet, name))
        }
        _ => {
            let range = range_of(book, sheet)
                .map_err(|detail| sheet_failure(Failure::Read(detail), sheet, name))?;
            check_range(&range, limits, name, sheet)?;
            let mut rows = rows_of(&range);
            if let Some(links) = links.of_sheet(sheet) {
                for row in &mut rows {
                    links.apply(row, limits, name)?;
                }
            }
            Ok(rows)
        }
    }
}

/// The first rows of each hidden sheet, marked hidden. Best effort: a
/// hidden sheet that cannot be read is left out (it is not validated, and
/// before it was not read at all).
fn hidden_sheets(
    book: &mut Book,
    kind: SourceKind,
    hidden: &[String],
    limits: &Limits,
    name: &str,
) -> Vec<RawSheet> {
    let mut sheets = Vec::new();
    for sheet in hidden {
        let rows = match book {
            Book::Xlsx(b) => {
                let mut rows = Vec::new();
                each_xlsx_row(b, sheet, limits, name, |row| {
                    rows.push(row);
                    rows.len() < FIRST_ROWS
                })
                .ok()
                .map(|()| rows)
            }
            Book::Xlsb(b) => xlsb_rows(b, sheet, limits, name).ok(),
            _ => range_of(book, sheet)
                .ok()
                .filter(|range| check_range(range, limits, name, sheet).is_ok())
                .map(|range| rows_of(&range)),
        };
        let Some(mut rows) = rows else {
            continue;
        };
        rows.truncate(FIRST_ROWS);
        sheets.push(RawSheet {
            kind,
            name: Some(sheet.clone()),
            rows,
            rest: None,
            hidden: true,
        });
    }
    sheets
}

/// The sheets read and the hidden ones together, in the workbook's order.
fn in_workbook_order(
    mut sheets: Vec<RawSheet>,
    hidden: Vec<RawSheet>,
    names: &[String],
) -> Vec<RawSheet> {
    if hidden.is_empty() {
        return sheets;
    }
    sheets.extend(hidden);
    let position = |s: &RawSheet| names.iter().position(|n| Some(n) == s.name.as_ref());
    sheets.sort_by_key(position);
    sheets
}

/// How a workbook's sheets are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every row of every sheet before returning.
    Whole,
    /// The first rows of each sheet; the rest of an XLSX sheet is read, in a
    /// thread of its own, while the form is built. `concurrent`: the thread
    /// reads ahead on a spare core; otherwise it reads only when asked, so a
    /// run never uses more than one core at a time.
    Streamed { concurrent: bool },
}

pub(super) fn sheet_failure(failure: Failure, sheet: &str, name: &str) -> FileError {
    match failure {
        Failure::Limit(e) => e,
        Failure::Read(detail) => damaged(format!(
            "No se pudo leer la hoja «{sheet}» del archivo {name}: {}.",
            crate::io_text::library(&detail)
        )),
        Failure::Unordered => FileError {
            read_whole: true,
            ..damaged(format!(
                "Las celdas de la hoja «{sheet}» del archivo {name} no están en orden de filas."
            ))
        },
    }
}

/// A file that looks like a workbook but cannot be read, and what to do.
pub(super) fn damaged(message: String) -> FileError {
    FileError::new(&crate::read::codes::ARCHIVO_DANADO, message).with_help(
        "Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx. Si no abre, pida que lo envíen otra vez.",
    )
}

pub(super) enum Failure {
    Limit(FileError),
    Read(String),
    /// Cells out of row order while rows were being handed over.
    Unordered,
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ")
}
