//! XLSX sheets read as `Reading::Streamed`: the first rows now, the rest in
//! a thread of its own that owns the workbook and hands rows over in
//! batches while the form is built.

use calamine::Xlsx;

use super::cells::{each_xlsx_row, sorted_rows};
use super::links::mail_links;
use super::{Bytes, Failure, INSIDE_READER, damaged, sheet_failure};
use crate::error::FileError;
use crate::limits::Limits;
use crate::read::mail_links::MailLinks;
use crate::read::sheet::{RawRow, RawSheet, RowStream, SourceKind};

/// The XLSX sheets of one file, read as `Reading::Streamed`.
pub(super) struct Streamed<'a> {
    pub(super) kind: SourceKind,
    pub(super) name: &'a str,
    pub(super) limits: Limits,
    pub(super) may_have_links: bool,
    pub(super) concurrent: bool,
}

/// Rows read before the form is built: enough for the header search, and
/// the whole of a usual form (a few dozen rows), which then needs nothing
/// more.
pub(super) const FIRST_ROWS: usize = 64;
const _: () = assert!(FIRST_ROWS >= crate::read::sheet::HEADER_SCAN_ROWS);
/// Rows handed from the reading thread at a time.
const BATCH_ROWS: usize = 256;

impl Streamed<'_> {
    pub(super) fn sheets(
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
                MailLinks::default()
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
        let links = self.links.take().unwrap_or_default();
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

impl crate::read::sheet::Rows for SheetRest {}

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
