//! Write: the clean file for level 2 and the rejection workbook for the
//! school. Every output is built in memory, written to a temporary file in the
//! destination folder and renamed into place, so no half-written file is ever left.

pub mod clean_csv;
pub mod clean_xlsx;
pub mod rejections_xlsx;
pub mod template_xlsx;

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Writes `bytes` to `path` through a temporary file and an atomic rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".sigce-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

/// Column widths that fit the longest value, within reason.
pub(crate) fn fit_columns(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        let width = (*w).clamp(8, 60) as f64 + 2.0;
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

/// Tracks the widest value of each column while rows are written.
pub(crate) struct Widths(pub Vec<usize>);

impl Widths {
    pub fn new(headers: &[&str]) -> Self {
        Widths(headers.iter().map(|h| h.chars().count()).collect())
    }

    pub fn see(&mut self, col: usize, value: &str) {
        let n = value.chars().count();
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(n);
        }
    }
}
