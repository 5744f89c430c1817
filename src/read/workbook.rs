//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine. Formula cells give
//! their cached value (an XLSX formula saved without one makes the file a
//! FORMULAS_SIN_CALCULAR error); error values stay errors so rules can point
//! at them.

use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::sheet::{RawCell, RawRow, RawSheet, RowStream, SourceKind};
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::rules::archivo;

type Bytes = Cursor<Vec<u8>>;

thread_local! {
    static INSIDE_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a spreadsheet reader, whose panics are
/// caught and reported as a damaged file (the panic hook stays quiet then).
pub fn inside_reader() -> bool {
    INSIDE_READER.get()
}

enum Book {
    Xlsx(Xlsx<Bytes>),
    Xlsb(Xlsb<Bytes>),
    Xls(Xls<Bytes>),
    Ods(Ods<Bytes>),
}

/// Why a container could not be opened.
enum OpenFailure {
    Password,
    Broken(String),
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
    if bytes.starts_with(b"PK") {
        facts = check_zip_parts(&bytes, limits, name)?;
        super::ods_scan::check(&bytes, limits, name)?;
    }
    let may_have_links = facts.may_have_links;
    let (book, kind) = open(bytes, extension).map_err(|failure| match failure {
        OpenFailure::Password => FileError::new(
            &archivo::ARCHIVO_PROTEGIDO,
            format!("El archivo {name} está protegido con contraseña y no se puede leer."),
        )
        .with_help(
            "Pida a la institución que quite la contraseña (Archivo > Información > Proteger libro) y lo envíe de nuevo.",
        ),
        OpenFailure::Broken(detail) => damaged(format!(
            "El archivo {name} parece una hoja de cálculo pero está dañado o incompleto: {}.",
            crate::io_text::library(&detail)
        )),
    })?;

    let names = sheet_names(&book, false);
    // Hidden sheets are read too, their first rows only, so the report can
    // say when one holds people; they are never validated unless named.
    let mut hidden: Vec<String> = Vec::new();
    let wanted: Vec<String> = match sheet_name {
        // Hidden sheets are validated only when named: a person never sees
        // them (here they are only looked at, in `hidden_sheets`). A sheet
        // whose part an earlier sheet already names holds the same cells:
        // it is read once, under the first name.
        None => {
            let copies = copied_sheets(&book, &facts.sheet_parts);
            let visible = Some(sheet_names(&book, true))
                .filter(|visible| !visible.is_empty())
                .unwrap_or_else(|| names.clone());
            hidden = names
                .iter()
                .filter(|n| !visible.contains(n) && !copies.contains(n))
                .cloned()
                .collect();
            visible
                .into_iter()
                .filter(|n| !copies.contains(n))
                .collect()
        }
        Some(wanted) => {
            let found = names
                .iter()
                .find(|n| n.as_str() == wanted)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)));
            match found {
                Some(n) => vec![n.clone()],
                None => {
                    return Err(FileError::new(
                        &archivo::HOJA_NO_ENCONTRADA,
                        format!(
                            "El archivo {name} no tiene una hoja llamada «{wanted}». Sus hojas son: {}.",
                            quoted_list(&names)
                        ),
                    )
                    .with_help("Escriba en --hoja el nombre exacto de una de esas hojas, o quite --hoja para que se busque sola."));
                }
            }
        }
    };

    let mut book = book;
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
        let rows = match &mut book {
            // XLSX is streamed cell by cell, so limits stop a hostile sheet
            // before its cells are in memory.
            Book::Xlsx(b) => {
                let mut rows = xlsx_rows(b, &sheet, limits, name)
                    .map_err(|e| sheet_failure(e, &sheet, name))?;
                // Best effort: a sheet whose links cannot be read still has its
                // values. Reading the links parses the whole sheet again, so it
                // is skipped when no sheet declares an external link.
                if may_have_links {
                    let links = mail_links(b, &sheet);
                    for row in &mut rows {
                        links.apply(row, limits, name)?;
                    }
                }
                rows
            }
            Book::Xlsb(b) => {
                xlsb_rows(b, &sheet, limits, name).map_err(|e| sheet_failure(e, &sheet, name))?
            }
            _ => {
                let range = range_of(&mut book, &sheet)
                    .map_err(|detail| sheet_failure(Failure::Read(detail), &sheet, name))?;
                check_range(&range, limits, name, &sheet)?;
                rows_of(&range)
            }
        };
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

fn sheet_failure(failure: Failure, sheet: &str, name: &str) -> FileError {
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

/// The links of a sheet's cells to `mailto:` addresses, by position.
struct MailLinks(Vec<((u32, usize), String)>);

/// Best effort: a sheet whose links cannot be read still has its values.
fn mail_links(book: &mut Xlsx<Bytes>, sheet: &str) -> MailLinks {
    let links = book.hyperlinks_by_sheet_name(sheet).unwrap_or_default();
    let mut found: Vec<((u32, usize), String)> = links
        .into_iter()
        .filter_map(|link| {
            let target = link.target?;
            let mailto = target
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
            mailto.then(|| {
                (
                    (link.range.start.0 + 1, link.range.start.1 as usize),
                    target,
                )
            })
        })
        .collect();
    found.sort_by_key(|(at, _)| *at);
    MailLinks(found)
}

impl MailLinks {
    /// A cell that shows a name ("Correo de María") but links to
    /// `mailto:maria@colegio.edu.co` holds its address only in the link. It is
    /// read as "Correo de María <mailto:maria@colegio.edu.co>", which the
    /// e-mail normalizer unwraps with a recorded fix, so the address is
    /// neither lost nor changed silently. Cells that already show an address
    /// are left alone.
    ///
    /// The cell is checked against the cell limit as it will be, link
    /// included: a 20 MB target must not ride past `--limite-celda`.
    fn apply(&self, row: &mut RawRow, limits: &Limits, name: &str) -> Result<(), FileError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let first = self.0.partition_point(|((r, _), _)| *r < row.number);
        for ((r, col), target) in &self.0[first..] {
            if *r != row.number {
                break;
            }
            if let Some(RawCell::Text(text)) = row.cells.get_mut(*col)
                && !text.contains('@')
            {
                let chars = text.chars().count() + target.chars().count() + 3;
                if chars > limits.max_cell_chars {
                    let what = format!(
                        "la celda {}{} tendría {chars} caracteres con la dirección de su vínculo mailto:",
                        super::sheet::column_letters(*col),
                        row.number
                    );
                    return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
                }
                *text = format!("{text} <{target}>");
            }
        }
        Ok(())
    }
}

/// The XLSX sheets of one file, read as `Reading::Streamed`.
struct Streamed<'a> {
    kind: SourceKind,
    name: &'a str,
    limits: Limits,
    may_have_links: bool,
    concurrent: bool,
}

/// Rows read before the form is built: enough for the header search, and
/// the whole of a usual form (a few dozen rows), which then needs nothing
/// more.
const FIRST_ROWS: usize = 64;
const _: () = assert!(FIRST_ROWS >= crate::headers::HEADER_SCAN_ROWS);
/// Rows handed from the reading thread at a time.
const BATCH_ROWS: usize = 256;

impl Streamed<'_> {
    fn sheets(
        &self,
        mut book: Xlsx<Bytes>,
        wanted: Vec<String>,
    ) -> Result<Vec<RawSheet>, FileError> {
        let mut firsts = Vec::new();
        for sheet in &wanted {
            let mut rows = Vec::with_capacity(FIRST_ROWS);
            let mut more = false;
            let read = each_xlsx_row(&mut book, sheet, &self.limits, self.name, |row| {
                if rows.len() == FIRST_ROWS {
                    more = true;
                    return false;
                }
                rows.push(row);
                true
            });
            match read {
                Ok(()) => {}
                // Out of order from the start: the sheet is read whole.
                Err(Failure::Unordered) => {
                    rows = sorted_rows(&mut book, sheet, &self.limits, self.name)
                        .map_err(|e| sheet_failure(e, sheet, self.name))?;
                    more = false;
                }
                Err(e) => return Err(sheet_failure(e, sheet, self.name)),
            }
            let links = if self.may_have_links {
                mail_links(&mut book, sheet)
            } else {
                MailLinks(Vec::new())
            };
            for row in &mut rows {
                links.apply(row, &self.limits, self.name)?;
            }
            firsts.push((sheet.clone(), rows, more, links));
        }
        // The one sheet that is read on takes the workbook into its thread.
        let book = std::sync::Arc::new(std::sync::Mutex::new(Some(book)));
        Ok(firsts
            .into_iter()
            .map(|(sheet, rows, more, links)| {
                let after = rows.last().map_or(0, |r| r.number);
                let rest = more.then(|| {
                    RowStream::new(SheetRest {
                        book: std::sync::Arc::clone(&book),
                        sheet: sheet.clone(),
                        after,
                        links: Some(links),
                        limits: self.limits,
                        name: self.name.to_string(),
                        concurrent: self.concurrent,
                        state: RestState::NotStarted,
                    })
                });
                RawSheet {
                    kind: self.kind,
                    name: Some(sheet),
                    rows,
                    rest,
                    hidden: false,
                }
            })
            .collect())
    }
}

/// The rows of an XLSX sheet after its first ones, read in a thread that
/// owns the workbook (the cell reader borrows it) and hands them over in
/// batches.
struct SheetRest {
    book: std::sync::Arc<std::sync::Mutex<Option<Xlsx<Bytes>>>>,
    sheet: String,
    /// The number of the last row already read.
    after: u32,
    links: Option<MailLinks>,
    limits: Limits,
    name: String,
    concurrent: bool,
    state: RestState,
}

enum RestState {
    NotStarted,
    Reading {
        /// One message per batch the thread may read (when not concurrent).
        ask: std::sync::mpsc::SyncSender<()>,
        batches: std::sync::mpsc::Receiver<Result<Vec<RawRow>, FileError>>,
        current: std::vec::IntoIter<RawRow>,
    },
    Done,
}

impl SheetRest {
    fn start(&mut self) -> RestState {
        let book = self.book.lock().ok().and_then(|mut slot| slot.take());
        let Some(mut book) = book else {
            return RestState::Done;
        };
        let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let (send, batches) = std::sync::mpsc::sync_channel(if self.concurrent { 4 } else { 1 });
        let (sheet, after, limits, name, concurrent) = (
            self.sheet.clone(),
            self.after,
            self.limits,
            self.name.clone(),
            self.concurrent,
        );
        let links = self.links.take().unwrap_or(MailLinks(Vec::new()));
        let spawned = std::thread::Builder::new()
            .name("lector".into())
            .spawn(move || {
                INSIDE_READER.set(true);
                crate::memory::reading(&name);
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    if !concurrent && asked.recv().is_err() {
                        return Ok(());
                    }
                    let mut batch = Vec::with_capacity(BATCH_ROWS);
                    let mut too_long = None;
                    each_xlsx_row(&mut book, &sheet, &limits, &name, |mut row| {
                        if row.number <= after {
                            return true;
                        }
                        if let Err(e) = links.apply(&mut row, &limits, &name) {
                            too_long = Some(e);
                            return false;
                        }
                        batch.push(row);
                        if batch.len() < BATCH_ROWS {
                            return true;
                        }
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
                        send.send(Ok(full)).is_ok() && (concurrent || asked.recv().is_ok())
                    })?;
                    if let Some(e) = too_long {
                        return Err(Failure::Limit(e));
                    }
                    if !batch.is_empty() {
                        let _ = send.send(Ok(batch));
                    }
                    Ok(())
                }));
                INSIDE_READER.set(false);
                let failure = match result {
                    Ok(Ok(())) => return,
                    Ok(Err(failure)) => sheet_failure(failure, &sheet, &name),
                    Err(_) => damaged(format!(
                        "El archivo {name} parece una hoja de cálculo pero su contenido está dañado: el lector no pudo interpretarlo."
                    )),
                };
                let _ = send.send(Err(failure));
            });
        match spawned {
            Ok(_) => RestState::Reading {
                ask,
                batches,
                current: Vec::new().into_iter(),
            },
            Err(_) => RestState::Done,
        }
    }
}

impl super::sheet::Rows for SheetRest {}

impl Iterator for SheetRest {
    type Item = Result<RawRow, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match &mut self.state {
                RestState::NotStarted => {
                    self.state = self.start();
                    if matches!(self.state, RestState::Done) {
                        return Some(Err(damaged(format!(
                            "No se pudo seguir leyendo la hoja «{}» del archivo {}.",
                            self.sheet, self.name
                        ))));
                    }
                }
                RestState::Reading {
                    ask,
                    batches,
                    current,
                } => {
                    if let Some(row) = current.next() {
                        return Some(Ok(row));
                    }
                    if !self.concurrent {
                        let _ = ask.send(());
                    }
                    match batches.recv() {
                        Ok(Ok(rows)) => *current = rows.into_iter(),
                        Ok(Err(e)) => {
                            self.state = RestState::Done;
                            return Some(Err(e));
                        }
                        // The thread ended: every row was handed over.
                        Err(_) => self.state = RestState::Done,
                    }
                }
                RestState::Done => return None,
            }
        }
    }
}

/// A file that looks like a workbook but cannot be read, and what to do.
fn damaged(message: String) -> FileError {
    FileError::new(&archivo::ARCHIVO_DANADO, message).with_help(
        "Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx. Si no abre, pida que lo envíen otra vez.",
    )
}

enum Failure {
    Limit(FileError),
    Read(String),
    /// Cells out of row order while rows were being handed over.
    Unordered,
}

/// What the ZIP directory and the small parts around the sheets tell
/// before calamine opens the container.
struct ZipFacts {
    /// Some sheet may hold external hyperlinks (a mailto: link is a
    /// relationship of its sheet), so they are read only then.
    may_have_links: bool,
    /// The part each `<sheet>` of xl/workbook.xml points at, in order
    /// (empty when unknown).
    sheet_parts: Vec<String>,
}

/// Parts that hold cells: sheets, their shared strings, ODS content.
fn holds_cells(part: &str) -> bool {
    part.contains("worksheets/")
        || part.ends_with("sharedStrings.xml")
        || part.ends_with("sharedStrings.bin")
        || part == "content.xml"
}

/// The smallest an entry of xl/sharedStrings.xml can be (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// Every part of a ZIP container must decompress within the limit, parts
/// without cells (styles...) within a tighter one, and all of them
/// together within the part limit too. The central directory declares each
/// part's size, and the zip reader never produces more than declared, so
/// this bounds what calamine can inflate. Shared strings must fit the count
/// they announce, which calamine reserves before reading them.
fn check_zip_parts(bytes: &[u8], limits: &Limits, name: &str) -> Result<ZipFacts, FileError> {
    let unknown = ZipFacts {
        may_have_links: true,
        sheet_parts: Vec::new(),
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a readable ZIP: calamine reports the damage.
        return Ok(unknown);
    };
    let mut sheet_rels = Vec::new();
    let mut shared_strings = None;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let part_name = part.name().unwrap_or_default().to_string();
        if part_name.starts_with("xl/worksheets/_rels/") && part_name.ends_with(".rels") {
            sheet_rels.push(i);
        }
        if part_name.ends_with("sharedStrings.xml") {
            shared_strings = Some((i, part.size()));
        }
        let size_mb = part.size() / (1024 * 1024);
        if part.size() > limits.max_part_bytes {
            let what = format!("su parte «{part_name}» se descomprime a {size_mb} MB");
            return Err(limits::exceeded(Limit::PartBytes, limits, name, &what));
        }
        if !holds_cells(&part_name) && part.size() > limits.max_other_part_bytes() {
            let what = format!(
                "su parte «{part_name}», que no tiene celdas, se descomprime a {size_mb} MB"
            );
            return Err(limits::exceeded(Limit::OtherPartBytes, limits, name, &what));
        }
        total = total.saturating_add(part.size());
        if total > limits.max_part_bytes {
            let what = format!(
                "sus partes juntas se descomprimen a más de {} MB",
                total / (1024 * 1024)
            );
            return Err(limits::exceeded(Limit::PartBytes, limits, name, &what));
        }
    }
    if let Some((i, size)) = shared_strings {
        check_shared_strings(&mut archive, i, size, name)?;
    }
    let sheet_parts = sheet_parts(&mut archive, limits);
    let mut text = String::new();
    for i in sheet_rels {
        text.clear();
        let read = archive
            .by_index(i)
            .map_err(std::io::Error::other)
            .and_then(|mut part| part.read_to_string(&mut text));
        if read.is_err() || text.contains("relationships/hyperlink") {
            return Ok(ZipFacts {
                may_have_links: true,
                sheet_parts,
            });
        }
    }
    Ok(ZipFacts {
        may_have_links: false,
        sheet_parts,
    })
}

/// calamine reserves room for as many strings as the `<sst uniqueCount>`
/// of xl/sharedStrings.xml says, before reading one: 10^11 in a 1 KB part
/// is a request for terabytes. A count the part cannot hold is refused.
fn check_shared_strings(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
    name: &str,
) -> Result<(), FileError> {
    let mut head = Vec::new();
    let Ok(part) = archive.by_index(index) else {
        return Ok(());
    };
    let part_name = part.name().unwrap_or_default().to_string();
    if part.take(4096).read_to_end(&mut head).is_err() {
        return Ok(());
    }
    let head = String::from_utf8_lossy(&head);
    let Some(sst) = head.find("sst").and_then(|at| head[at..].split('>').next()) else {
        return Ok(());
    };
    let Some(count) = attribute(sst, "uniqueCount").and_then(|v| v.trim().parse::<u128>().ok())
    else {
        return Ok(());
    };
    if count <= u128::from(size / MIN_SHARED_STRING_BYTES) {
        return Ok(());
    }
    Err(damaged(format!(
        "El archivo {name} dice en su parte «{part_name}» que tiene {count} textos, pero esa parte solo tiene {size} bytes: el archivo está dañado o hecho para agotar la memoria del equipo. No se procesó."
    )))
}

/// The value of attribute `key`, written exactly so, in the text of one
/// start tag.
pub(super) fn tag_attribute<'t>(tag: &'t str, key: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let attr = rest[..eq]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let end = after[1..].find(quote)?;
        if attr == key {
            return Some(&after[1..1 + end]);
        }
        rest = &after[1 + end + 1..];
    }
    None
}

/// The value of attribute `key` (any namespace prefix) in the text of one
/// start tag.
fn attribute<'t>(tag: &'t str, key: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let before = rest[..eq].trim_end();
        let attr = before
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_end = after[1..].find(quote)?;
        let value = &after[1..1 + value_end];
        let local = attr.rsplit(':').next().unwrap_or(attr);
        if attr == key || local == key {
            return Some(value);
        }
        rest = &after[1 + value_end + 1..];
    }
    None
}

/// The start tags named `element` (any namespace prefix) in `xml`.
fn start_tags<'x>(xml: &'x str, element: &'x str) -> impl Iterator<Item = &'x str> + 'x {
    xml.split('<').skip(1).filter_map(move |piece| {
        let tag = piece.split('>').next()?;
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next()?;
        let local = tag_name.rsplit(':').next()?;
        (local == element).then_some(tag)
    })
}

/// The part each `<sheet>` of xl/workbook.xml points at, in order, through
/// xl/_rels/workbook.xml.rels. Empty when either cannot be read.
fn sheet_parts(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Vec<String> {
    let mut read = |path: &str| -> Option<String> {
        let part = archive.by_name(path).ok()?;
        let mut text = String::new();
        part.take(limits.max_other_part_bytes())
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    let target = |rels: &str, id: &str| {
        start_tags(rels, "Relationship")
            .find(|tag| attribute(tag, "Id") == Some(id))
            .and_then(|tag| attribute(tag, "Target"))
            .map_or_else(String::new, |t| t.trim_start_matches('/').to_string())
    };
    if let (Some(workbook), Some(rels)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    {
        let targets: std::collections::HashMap<&str, &str> = start_tags(&rels, "Relationship")
            .filter_map(|tag| Some((attribute(tag, "Id")?, attribute(tag, "Target")?)))
            .collect();
        return start_tags(&workbook, "sheet")
            .map(|tag| {
                attribute(tag, "id")
                    .and_then(|id| targets.get(id))
                    .map_or_else(String::new, |t| t.trim_start_matches('/').to_string())
            })
            .collect();
    }
    let Some(rels) = read("xl/_rels/workbook.bin.rels") else {
        return Vec::new();
    };
    let Some(workbook) = archive.by_name("xl/workbook.bin").ok().and_then(|part| {
        let mut bytes = Vec::new();
        part.take(limits.max_other_part_bytes())
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    }) else {
        return Vec::new();
    };
    xlsb_sheet_ids(&workbook)
        .iter()
        .map(|id| target(&rels, id))
        .collect()
}

/// The relationship id of each BrtBundleSh record of an XLSB workbook.bin,
/// in order (each record: a type and a length in 7-bit groups, then the
/// payload).
fn xlsb_sheet_ids(bytes: &[u8]) -> Vec<String> {
    let mut ids = Vec::new();
    let mut at = 0;
    let byte = |at: &mut usize| -> Option<u8> {
        let b = *bytes.get(*at)?;
        *at += 1;
        Some(b)
    };
    while at < bytes.len() {
        let Some(first) = byte(&mut at) else { break };
        let typ = if first & 0x80 != 0 {
            let Some(second) = byte(&mut at) else { break };
            u16::from(first & 0x7F) | (u16::from(second & 0x7F) << 7)
        } else {
            u16::from(first)
        };
        let mut len = 0usize;
        for i in 0..4 {
            let Some(b) = byte(&mut at) else { return ids };
            len |= usize::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(payload) = bytes.get(at..at + len) else {
            break;
        };
        at += len;
        match typ {
            0x009C => {
                let id = payload.get(8..12).and_then(|n| {
                    let units = u32::from_le_bytes(n.try_into().ok()?) as usize;
                    let raw = payload.get(12..12 + units.checked_mul(2)?)?;
                    let utf16: Vec<u16> = raw
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&utf16).ok()
                });
                ids.push(id.unwrap_or_default());
            }
            0x0090 => break,
            _ => {}
        }
    }
    ids
}

/// Sheets whose part an earlier sheet already points at: a hostile
/// workbook names one part from a thousand sheets so it is parsed a
/// thousand times. Excel never writes that; such a sheet holds exactly the
/// cells of the first one.
fn copied_sheets(book: &Book, sheet_parts: &[String]) -> Vec<String> {
    let metadata = match book {
        Book::Xlsx(b) => b.sheets_metadata(),
        Book::Xlsb(b) => b.sheets_metadata(),
        _ => return Vec::new(),
    };
    if metadata.len() != sheet_parts.len() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    metadata
        .iter()
        .zip(sheet_parts)
        .filter(|(_, part)| !part.is_empty() && !seen.insert(part.as_str()))
        .map(|(sheet, _)| sheet.name.clone())
        .collect()
}

/// Reads an XLSX sheet cell by cell and hands over each row once its last
/// cell is read, refusing the sheet at the first cell past a limit. `emit`
/// returns whether to go on. Cells out of row order (hand-made files) stop
/// it with `Failure::Unordered`: rows already handed over would be
/// incomplete, so the caller reads the sheet whole instead.
fn each_xlsx_row(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
    mut emit: impl FnMut(RawRow) -> bool,
) -> Result<(), Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    // Rows are as wide as the previous one, usually: one allocation per row.
    let mut width = 0;
    let mut current: Option<RawRow> = None;
    let mut text = SheetText::new(limits);
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| Failure::Read(e.to_string()))?
    {
        let (row, col) = cell.pos;
        let value = cell_of_ref(&cell.value);
        if value.is_blank() {
            uncalculated(&cell, name, sheet)?;
            continue;
        }
        check_cell(row, col, &value, limits, name)?;
        text.add(&value, limits, name, sheet)?;
        let number = row + 1;
        match &mut current {
            Some(open) if open.number == number => set_cell(open, col as usize, value),
            Some(open) if open.number > number => return Err(Failure::Unordered),
            _ => {
                if let Some(done) = current.take() {
                    width = width.max(done.cells.len());
                    if !emit(done) {
                        return Ok(());
                    }
                }
                let mut new = RawRow {
                    number,
                    cells: Vec::with_capacity(width.max(col as usize + 1)),
                };
                set_cell(&mut new, col as usize, value);
                current = Some(new);
            }
        }
    }
    if let Some(done) = current {
        emit(done);
    }
    Ok(())
}

/// Bytes of text of the cells of one sheet read so far: a small XLSX
/// whose million cells all point at one long shared string is gigabytes of
/// text once read. Past `Limits::max_sheet_text_bytes` the sheet is refused.
struct SheetText {
    bytes: u64,
    max: u64,
}

impl SheetText {
    fn new(limits: &Limits) -> Self {
        SheetText {
            bytes: 0,
            max: limits.max_sheet_text_bytes(),
        }
    }

    #[inline]
    fn add(
        &mut self,
        value: &RawCell,
        limits: &Limits,
        name: &str,
        sheet: &str,
    ) -> Result<(), Failure> {
        if let RawCell::Text(t) = value {
            self.bytes += t.len() as u64;
            if self.bytes > self.max {
                return Err(Failure::Limit(limits::sheet_text_exceeded(
                    limits, name, sheet,
                )));
            }
        }
        Ok(())
    }
}

/// A cell against the limits, before it is kept.
fn check_cell(
    row: u32,
    col: u32,
    value: &RawCell,
    limits: &Limits,
    name: &str,
) -> Result<(), Failure> {
    let at = || {
        format!(
            "{}{}",
            super::sheet::column_letters(col as usize),
            row as u64 + 1
        )
    };
    if row >= limits.max_rows {
        let what = format!("tiene datos en la celda {}", at());
        return Err(Failure::Limit(limits::exceeded(
            Limit::Rows,
            limits,
            name,
            &what,
        )));
    }
    if col >= limits.max_columns {
        let what = format!("tiene datos en la celda {}", at());
        return Err(Failure::Limit(limits::exceeded(
            Limit::Columns,
            limits,
            name,
            &what,
        )));
    }
    if let RawCell::Text(text) = value
        && text.len() > limits.max_cell_chars
        && text.chars().count() > limits.max_cell_chars
    {
        let what = format!(
            "la celda {} tiene {} caracteres",
            at(),
            text.chars().count()
        );
        return Err(Failure::Limit(limits::exceeded(
            Limit::CellChars,
            limits,
            name,
            &what,
        )));
    }
    Ok(())
}

/// The whole sheet at once, in row order whatever the order of its cells.
fn xlsx_rows(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut rows = Vec::new();
    match each_xlsx_row(book, sheet, limits, name, |row| {
        rows.push(row);
        true
    }) {
        Ok(()) => Ok(rows),
        Err(Failure::Unordered) => sorted_rows(book, sheet, limits, name),
        Err(other) => Err(other),
    }
}

/// A sheet whose cells are out of row order: every cell is gathered, then
/// rows are put in order and the pieces of each row joined.
fn sorted_rows(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    gathered_rows(
        || {
            let cell = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| Failure::Read(e.to_string()))?;
            let Some(cell) = cell else {
                return Ok(None);
            };
            uncalculated(&cell, name, sheet)?;
            Ok(Some((cell.pos, cell_of_ref(&cell.value))))
        },
        limits,
        name,
        sheet,
    )
}

/// A formula cell without a stored result (`<c><f>A2</f></c>`, or an
/// empty `<v>`): files written by scripts leave formulas uncalculated, and
/// read as empty the cell would make its row lose a value or vanish. A
/// cached empty text (`t="str"` with an empty `<v>`, Excel's result of
/// `=""`) is a result, read as text, and passes.
fn uncalculated(
    cell: &calamine::XlsxCellFormulaMetadataRecord<'_>,
    name: &str,
    sheet: &str,
) -> Result<(), Failure> {
    if cell.formula.is_none() || !matches!(cell.value, DataRef::Empty) {
        return Ok(());
    }
    let (row, col) = cell.pos;
    let at = format!(
        "{}{}",
        super::sheet::column_letters(col as usize),
        row as u64 + 1
    );
    let formula = match &cell.formula {
        Some(calamine::XlsxFormulaMetadata::Normal { formula })
        | Some(calamine::XlsxFormulaMetadata::Shared { formula, .. }) => {
            let short: String = formula.chars().take(60).collect();
            format!(" (={short})")
        }
        _ => String::new(),
    };
    Err(Failure::Limit(
        FileError::new(
            &archivo::FORMULAS_SIN_CALCULAR,
            format!(
                "El archivo {name} tiene fórmulas guardadas sin su resultado: la celda {at}{formula} de la hoja «{sheet}» no tiene valor calculado, y leída así parecería vacía."
            ),
        )
        .with_help(
            "Ábralo en Excel o LibreOffice y guárdelo de nuevo: así se calculan las fórmulas. Luego valídelo otra vez.",
        ),
    ))
}

/// An XLSB sheet read cell by cell, like XLSX: calamine's whole-sheet
/// range is dense, so one cell in XFD1048576 asked for 512 GB.
fn xlsb_rows(
    book: &mut Xlsb<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    gathered_rows(
        || {
            let cell = reader
                .next_cell()
                .map_err(|e| Failure::Read(e.to_string()))?;
            Ok(cell.map(|c| (c.get_position(), cell_of_ref(c.get_value()))))
        },
        limits,
        name,
        sheet,
    )
}

/// The cells `next` hands over, each checked against the limits as it
/// comes, put in row order and joined into rows.
fn gathered_rows(
    mut next: impl FnMut() -> Result<Option<((u32, u32), RawCell)>, Failure>,
    limits: &Limits,
    name: &str,
    sheet: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut cells = Vec::new();
    let mut text = SheetText::new(limits);
    while let Some(((row, col), value)) = next()? {
        if !value.is_blank() {
            check_cell(row, col, &value, limits, name)?;
            text.add(&value, limits, name, sheet)?;
            cells.push((row, col, value));
        }
    }
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let mut rows: Vec<RawRow> = Vec::new();
    for (row, col, value) in cells {
        match rows.last_mut() {
            Some(last) if last.number == row + 1 => set_cell(last, col as usize, value),
            _ => {
                let mut new = RawRow {
                    number: row + 1,
                    cells: Vec::new(),
                };
                set_cell(&mut new, col as usize, value);
                rows.push(new);
            }
        }
    }
    Ok(rows)
}

fn set_cell(row: &mut RawRow, col: usize, value: RawCell) {
    if row.cells.len() <= col {
        row.cells.resize(col + 1, RawCell::Empty);
    }
    row.cells[col] = value;
}

/// For formats read whole (XLS, XLSB, ODS): the sheet's size and cells
/// against the limits, before the rows are built.
fn check_range(
    range: &Range<Data>,
    limits: &Limits,
    name: &str,
    sheet: &str,
) -> Result<(), FileError> {
    let Some((start_row, start_col)) = range.start() else {
        return Ok(());
    };
    let (end_row, end_col) = range.end().unwrap_or((start_row, start_col));
    if end_row >= limits.max_rows {
        let what = format!("llega a la fila {}", end_row as u64 + 1);
        return Err(limits::exceeded(Limit::Rows, limits, name, &what));
    }
    if end_col >= limits.max_columns {
        let what = format!(
            "llega a la columna {}",
            super::sheet::column_letters(end_col as usize)
        );
        return Err(limits::exceeded(Limit::Columns, limits, name, &what));
    }
    // The rows built from the range copy its text once more.
    let mut text: u64 = 0;
    let max_text = limits.max_sheet_text_bytes();
    for cell in range.used_cells() {
        if let (_, _, Data::String(s)) = cell {
            text += s.len() as u64;
            if text > max_text {
                return Err(limits::sheet_text_exceeded(limits, name, sheet));
            }
        }
        if let (r, c, Data::String(s)) = cell
            && s.chars().count() > limits.max_cell_chars
        {
            let at = format!(
                "{}{}",
                super::sheet::column_letters(start_col as usize + c),
                start_row as usize + r + 1
            );
            let what = format!("la celda {at} tiene {} caracteres", s.chars().count());
            return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
        }
    }
    Ok(())
}

fn open(bytes: Vec<u8>, extension: Option<&str>) -> Result<(Book, SourceKind), OpenFailure> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        if is_encrypted_ooxml(&bytes) {
            return Err(OpenFailure::Password);
        }
        return match open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)) {
            Ok(b) => Ok((Book::Xls(b), SourceKind::Xls)),
            Err(calamine::XlsError::Password) => Err(OpenFailure::Password),
            Err(e) => Err(OpenFailure::Broken(e.to_string())),
        };
    }
    // A ZIP container: try the format the extension names first, then the others,
    // and report the first failure (the most likely one).
    let order: [SourceKind; 3] = match extension {
        Some("ods") => [SourceKind::Ods, SourceKind::Xlsx, SourceKind::Xlsb],
        Some("xlsb") => [SourceKind::Xlsb, SourceKind::Xlsx, SourceKind::Ods],
        _ => [SourceKind::Xlsx, SourceKind::Ods, SourceKind::Xlsb],
    };
    let mut first_failure = None;
    for kind in order {
        let cursor = Cursor::new(bytes.clone());
        let result = match kind {
            SourceKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map(Book::Xlsx)
                .map_err(|e| match e {
                    calamine::XlsxError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
            SourceKind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map(Book::Ods)
                .map_err(|e| match e {
                    calamine::OdsError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
            _ => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
                .map(Book::Xlsb)
                .map_err(|e| match e {
                    calamine::XlsbError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
        };
        match result {
            Ok(book) => return Ok((book, kind)),
            Err(OpenFailure::Password) => return Err(OpenFailure::Password),
            Err(f) => {
                first_failure.get_or_insert(f);
            }
        }
    }
    Err(first_failure.unwrap_or(OpenFailure::Broken("formato desconocido".into())))
}

/// Excel saves a password-protected .xlsx as an OLE file holding an
/// "EncryptedPackage" stream; its directory names are UTF-16LE.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Worksheets only: chart sheets and dialog sheets hold no cells.
/// `visible_only` leaves out hidden and very hidden sheets.
fn sheet_names(book: &Book, visible_only: bool) -> Vec<String> {
    let sheets = match book {
        Book::Xlsx(b) => b.sheets_metadata(),
        Book::Xlsb(b) => b.sheets_metadata(),
        Book::Xls(b) => b.sheets_metadata(),
        Book::Ods(b) => b.sheets_metadata(),
    };
    sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .filter(|s| !visible_only || s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

fn range_of(book: &mut Book, sheet: &str) -> Result<Range<Data>, String> {
    match book {
        Book::Xlsx(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xlsb(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xls(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Ods(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
    }
}

/// Non-empty rows with their absolute row numbers and column positions.
fn rows_of(range: &Range<Data>) -> Vec<RawRow> {
    let Some((start_row, start_col)) = range.start() else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let mut row = vec![RawCell::Empty; start_col as usize];
        row.extend(cells.iter().map(cell));
        while matches!(row.last(), Some(RawCell::Empty)) {
            row.pop();
        }
        rows.push(RawRow {
            number: start_row + i as u32 + 1,
            cells: row,
        });
    }
    rows
}

fn cell(data: &Data) -> RawCell {
    match data {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Int(i) => RawCell::Number(*i as f64),
        Data::Float(f) => RawCell::Number(*f),
        Data::Bool(b) => RawCell::Text(if *b { "VERDADERO" } else { "FALSO" }.to_string()),
        Data::Error(e) => RawCell::Error(e.to_string()),
        other => RawCell::Text(other.to_string()),
    }
}

fn cell_of_ref(data: &DataRef<'_>) -> RawCell {
    match data {
        DataRef::Empty => RawCell::Empty,
        DataRef::SharedString(s) => RawCell::Text((*s).to_string()),
        DataRef::String(s) => RawCell::Text(s.clone()),
        DataRef::Int(i) => RawCell::Number(*i as f64),
        DataRef::Float(f) => RawCell::Number(*f),
        DataRef::Bool(b) => RawCell::Text(if *b { "VERDADERO" } else { "FALSO" }.to_string()),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
        DataRef::DateTime(d) => RawCell::Text(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawCell::Text(s.clone()),
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ")
}
