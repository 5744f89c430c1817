//! Write: the clean file for level 2 and the rejection workbook for the
//! school. Every output is built in memory, written to a temporary file in the
//! destination folder and renamed into place, so no half-written file is ever left.

pub mod clean;
pub mod codes;
pub mod output_set;
pub mod rejections_xlsx;
pub mod stamp;
pub mod template;
pub mod template_xlsx;
pub mod wrap;

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Writes `bytes` to `path` through a temporary file and an atomic rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Runs `fill` on a temporary file beside `path`, then renames it into place.
/// If `fill` or the rename fails, the temporary file is removed and whatever
/// was at `path` stays as it was.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    output_set::StagedFile::write(path, fill)?.place()
}

/// A writer that keeps the first I/O error and swallows what comes after
/// it. The zip writer inside a workbook writer finishes the archive in its
/// `Drop` when an earlier write failed, and prints that second failure in
/// English on stderr ("ZipWriter::drop: failed to finalize archive"). Behind
/// a latch every write succeeds, so the workbook writer ends normally and
/// prints nothing; `finish` then returns the error the disk gave first.
pub struct Latch<W: Write> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Latch<W> {
    pub fn new(inner: W) -> Self {
        Latch { inner, error: None }
    }

    /// Flushes and returns the first error seen, if any.
    pub fn finish(mut self) -> std::io::Result<()> {
        if self.error.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.error = Some(e);
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl<W: Write> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Ok(buf.len());
        }
        match self.inner.write_all(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                self.error = Some(e);
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        if let Err(e) = self.inner.flush() {
            self.error = Some(e);
        }
        Ok(())
    }
}

/// The system's error behind a workbook writer's error, so the reason
/// (a full disk, a denied permission) is told as such.
pub fn io_error(e: XlsxError) -> std::io::Error {
    match e {
        XlsxError::IoError(e) => e,
        XlsxError::ZipError(zip::result::ZipError::Io(e)) => e,
        other => std::io::Error::other(other),
    }
}

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap()
}

/// Text cells, so ids never become numbers when the file is opened.
pub(crate) fn text_format() -> Format {
    Format::new()
        .set_num_format("@")
        .set_align(FormatAlign::Top)
}

/// Rows above which a sheet is written in constant-memory mode.
pub(crate) const CONSTANT_MEMORY_ROWS: usize = 5_000;

pub(crate) fn new_sheet(
    book: &mut rust_xlsxwriter::Workbook,
    constant_memory: bool,
) -> Result<&mut Worksheet, XlsxError> {
    if constant_memory {
        book.add_worksheet_with_constant_memory()
    } else {
        Ok(book.add_worksheet())
    }
}

/// Column widths that fit the longest value, within reason.
pub(crate) fn fit_columns(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        let width = (*w).clamp(8, 60) as f64 + 2.0;
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

/// Text format on whole columns, set before any cell: every value is written
/// as a string, and a cell typed later in the column stays text too. Setting
/// it per column instead of per cell keeps the format lookup out of the loop.
pub(crate) fn text_columns(sheet: &mut Worksheet, columns: usize) -> Result<(), XlsxError> {
    let text = text_format();
    for col in 0..columns {
        sheet.set_column_format(col as u16, &text)?;
    }
    Ok(())
}

/// Tracks the widest value of each column while rows are written.
pub(crate) struct Widths(pub Vec<usize>);

impl Widths {
    /// Starts from the headers' widths: bold capitals take about 6/5 of the
    /// unit a column is measured in, and a header must fit on its one line
    /// (its row has no room for a second).
    pub fn new(headers: &[&str]) -> Self {
        Widths(
            headers
                .iter()
                .map(|h| h.chars().count() * 6 / 5 + 1)
                .collect(),
        )
    }

    pub fn see(&mut self, col: usize, value: &str) {
        let n = value.chars().count();
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_halfway_leaves_the_previous_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.limpio.xlsx");
        std::fs::write(&path, b"anterior").unwrap();
        let result = write_atomic_with(&path, |file| {
            file.write_all(b"la mitad de")?;
            Err(std::io::Error::other("disco lleno"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"anterior");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("f.limpio.xlsx")]);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_gets_the_permissions_of_an_ordinary_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ordinary = dir.path().join("ordinario.txt");
        std::fs::write(&ordinary, b"x").unwrap();
        let output = dir.path().join("f.limpio.xlsx");
        write_atomic(&output, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&output), mode(&ordinary));
    }

    #[test]
    fn a_complete_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"anterior").unwrap();
        write_atomic(&path, b"nuevo").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"nuevo");
    }
}
