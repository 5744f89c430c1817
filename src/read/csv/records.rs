//! The records of a decoded CSV as rows, read one at a time and checked
//! against the limits; a quoted field that swallowed further records is a
//! file error naming its line.

use super::Pieces;
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::read::sheet::{RawCell, RawRow, column_letters};

/// The records of a decoded CSV as rows, checked against the limits.
pub(super) struct Records {
    reader: ::csv::Reader<Pieces>,
    record: ::csv::StringRecord,
    number: u32,
    /// At most this many records are left (for the size hint).
    left: usize,
    limits: Limits,
    name: String,
    delimiter: u8,
    done: bool,
    /// A row handed back, whose cells hold the next record.
    spare: Option<RawRow>,
    /// Strings of cells that came back empty, for the next texts.
    strings: Vec<String>,
}

impl crate::read::sheet::Rows for Records {
    fn recycle(&mut self, row: RawRow) {
        self.spare = Some(row);
    }
}

impl Iterator for Records {
    type Item = Result<RawRow, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        // The text before this record is never read again.
        let at = self.reader.position().byte();
        self.reader.get_mut().release_before(at);
        // The text is valid UTF-8 already, so the reader's only errors are
        // I/O on memory, which cannot happen; stop rather than loop if one does.
        let row = match self.reader.read_record(&mut self.record) {
            Ok(true) => match self.swallowed_lines() {
                Some(e) => Err(e),
                None => self.row(),
            },
            _ => {
                self.done = true;
                return None;
            }
        };
        self.left = self.left.saturating_sub(1);
        // An error ends the sheet.
        self.done = row.is_err();
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(if self.done { 0 } else { self.left }))
    }
}

impl Records {
    /// The records of `text`, split at `delimiter`; at most `left` of them
    /// (for the size hint).
    pub(super) fn new(
        text: Pieces,
        delimiter: u8,
        left: usize,
        limits: &Limits,
        name: &str,
    ) -> Records {
        let reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text);
        Records {
            reader,
            record: ::csv::StringRecord::new(),
            number: 0,
            left,
            limits: *limits,
            name: name.to_string(),
            delimiter,
            done: false,
            spare: None,
            strings: Vec::new(),
        }
    }

    /// A quoted field that swallowed what look like further records: a line
    /// of its text after a break holds two delimiters or more (three fields
    /// of a record), or its quote never closes before the end of the file.
    /// A quoted cell with a line break inside ("DOCENTE\nAREA", as Excel
    /// writes it, even "Sede norte; jornada\ntarde") is one cell.
    fn swallowed_lines(&self) -> Option<FileError> {
        let record = &self.record;
        // The usual record has no line break: one scan, nothing more.
        if !record.as_slice().contains('\n') {
            return None;
        }
        let start = record.position()?;
        let end = self.reader.position().byte();
        let raw = self
            .reader
            .get_ref()
            .range(start.byte(), end)
            .unwrap_or_default();
        let unclosed = raw.iter().filter(|b| **b == b'"').count() % 2 == 1;
        let delimiter = char::from(self.delimiter);
        let mut line = start.line();
        for (col, field) in record.iter().enumerate() {
            if let Some((_, after)) = field.split_once('\n') {
                let records_inside = after.lines().any(|l| l.matches(delimiter).nth(1).is_some());
                if records_inside || unclosed {
                    return Some(unclosed_quote(&self.name, line, col, self.number + 1));
                }
            }
            line += field.matches('\n').count() as u64;
        }
        None
    }

    fn row(&mut self) -> Result<RawRow, FileError> {
        let (limits, name, record) = (&self.limits, self.name.as_str(), &self.record);
        self.number += 1;
        let number = self.number;
        if number > limits.max_rows {
            let what = format!("tiene más de {} registros", limits.max_rows);
            return Err(limits::exceeded(Limit::Rows, limits, name, &what));
        }
        if let Some(col) = record
            .iter()
            .enumerate()
            .skip(limits.max_columns as usize)
            .find(|(_, f)| !f.trim().is_empty())
            .map(|(i, _)| i)
        {
            let what = format!("tiene datos en la celda {}{number}", column_letters(col));
            return Err(limits::exceeded(Limit::Columns, limits, name, &what));
        }
        if let Some((col, field)) = record.iter().enumerate().find(|(_, f)| {
            f.len() > limits.max_cell_chars && f.chars().count() > limits.max_cell_chars
        }) {
            let what = format!(
                "la celda {}{number} tiene {} caracteres",
                column_letters(col),
                field.chars().count()
            );
            return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
        }
        // The cells of a row handed back are refilled: no allocation per
        // cell once the rows are as long as the longest value seen.
        let mut row = self.spare.take().unwrap_or(RawRow {
            number,
            cells: Vec::new(),
        });
        row.number = number;
        for cell in row.cells.drain(record.len().min(row.cells.len())..) {
            if let RawCell::Text(s) | RawCell::Error(s) = cell {
                self.strings.push(s);
            }
        }
        for (i, field) in record.iter().enumerate() {
            let field = excel_text(field);
            if i == row.cells.len() {
                row.cells.push(RawCell::Empty);
            }
            let cell = &mut row.cells[i];
            match cell {
                RawCell::Text(s) if !field.is_empty() => {
                    s.clear();
                    s.push_str(&field);
                }
                _ if field.is_empty() => {
                    if let RawCell::Text(s) | RawCell::Error(s) = std::mem::take(cell) {
                        self.strings.push(s);
                    }
                }
                _ => {
                    let mut s = self.strings.pop().unwrap_or_default();
                    s.clear();
                    s.push_str(&field);
                    *cell = RawCell::Text(s);
                }
            }
        }
        Ok(row)
    }
}

/// The text an Excel text formula `="…"` shows (its quotes doubled
/// inside); any other field as it is.
pub(super) fn excel_text(field: &str) -> std::borrow::Cow<'_, str> {
    let Some(inner) = field
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return field.into();
    };
    // Every quote inside is doubled, or the field is not one literal
    // (`="a"&"b"` is a formula of two).
    if inner.replace("\"\"", "").contains('"') {
        return field.into();
    }
    inner.replace("\"\"", "\"").into()
}

/// The file error of a quote opened at `line` that swallowed the lines after it.
fn unclosed_quote(name: &str, line: u64, col: usize, record: u32) -> FileError {
    FileError::new(
        &crate::read::codes::CSV_COMILLAS,
        format!(
            "El archivo {name} tiene unas comillas sin cerrar en la línea {line} (columna {} del registro {record}): desde ahí las líneas siguientes quedaron dentro de una sola celda, y esas filas se perderían. No se procesó el archivo.",
            column_letters(col)
        ),
    )
    .with_help(format!(
        "Abra el CSV en Excel o en un editor de texto y revise las comillas de la línea {line}: cada texto que empieza con comillas debe terminar con ellas. Guárdelo de nuevo y valide otra vez."
    ))
}
