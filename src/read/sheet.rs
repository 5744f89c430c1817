//! The raw sheet: what the readers produce and every later stage consumes.
//! Cells keep their absolute position so reports can name the cell a person sees.

use std::fmt;

/// How many rows from the top may hold the header. Declared here, with the
/// sheets, because the streaming readers must read at least these rows
/// before handing a sheet to the header search.
pub const HEADER_SCAN_ROWS: usize = 30;

/// One cell as read, before any cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RawCell {
    #[default]
    Empty,
    Text(String),
    /// A numeric cell of a workbook. CSV never produces numbers: its cells are text.
    Number(f64),
    /// A spreadsheet error value such as `#N/A` or `#REF!`.
    Error(String),
}

impl RawCell {
    /// Whether the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(s) => crate::text::is_blank(s),
            RawCell::Number(_) | RawCell::Error(_) => false,
        }
    }

    /// The text a person sees in the cell: whole numbers without decimals.
    pub fn display(&self) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(s) => s.clone(),
            RawCell::Number(n) => number_text(*n),
            RawCell::Error(e) => e.clone(),
        }
    }
}

/// Whole numbers become their integer text (`105001000019.0` → `105001000019`);
/// other numbers keep their shortest decimal form.
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of a sheet; `cells[i]` is column `i` (0 = column A).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// The row number a person sees (1-based; for CSV the record number).
    pub number: u32,
    pub cells: Vec<RawCell>,
}

impl RawRow {
    pub fn cell(&self, col: usize) -> &RawCell {
        self.cells.get(col).unwrap_or(&RawCell::Empty)
    }

    /// Index one past the last non-blank cell.
    pub fn width(&self) -> usize {
        self.cells
            .iter()
            .rposition(|c| !c.is_blank())
            .map_or(0, |i| i + 1)
    }
}

/// What kind of file the rows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl SourceKind {
    pub fn is_csv(self) -> bool {
        self == SourceKind::Csv
    }
}

/// A sheet of rows, read from one file.
#[derive(Debug)]
pub struct RawSheet {
    pub kind: SourceKind,
    /// Sheet name; `None` for CSV.
    pub name: Option<String>,
    /// The rows read so far: all of them, unless `rest` has more. For CSV
    /// every record is a row, blank ones included, with all its fields (the
    /// width of a ragged record is its number of cells).
    pub rows: Vec<RawRow>,
    /// The rows not read yet, read one at a time while the form is built: a
    /// large CSV is never in memory as cells all at once.
    pub rest: Option<RowStream>,
    /// A hidden sheet, read only to warn when it holds people: it is
    /// validated only when `--hoja` names it (it is not hidden then).
    pub hidden: bool,
}

impl RawSheet {
    /// Reads the rows not read yet, for a caller that needs them all at once.
    pub fn complete(mut self) -> Result<RawSheet, crate::error::FileError> {
        if let Some(rest) = self.rest.take() {
            for row in rest {
                self.rows.push(row?);
            }
        }
        Ok(self)
    }
}

/// A source of rows read on demand; an error ends the sheet.
pub trait Rows: Iterator<Item = Result<RawRow, crate::error::FileError>> + Send {
    /// Takes back a row the caller is done with, so its allocations can hold
    /// the next one.
    fn recycle(&mut self, _row: RawRow) {}
}

/// The rows of a sheet not read yet.
pub struct RowStream(Box<dyn Rows>);

impl RowStream {
    pub fn new(rows: impl Rows + 'static) -> Self {
        RowStream(Box::new(rows))
    }

    pub fn recycle(&mut self, row: RawRow) {
        self.0.recycle(row);
    }
}

impl Iterator for RowStream {
    type Item = Result<RawRow, crate::error::FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl fmt::Debug for RowStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RowStream")
    }
}

/// An A1-style cell reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    pub row: u32,
    pub col: usize,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row)
    }
}

/// Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_cover_two_and_three_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn whole_numbers_lose_their_decimals() {
        assert_eq!(number_text(40030330.0), "40030330");
        assert_eq!(number_text(105001000019.0), "105001000019");
        assert_eq!(number_text(12.5), "12.5");
    }

    #[test]
    fn cell_ref_is_a1() {
        assert_eq!(CellRef { row: 7, col: 10 }.to_string(), "K7");
    }
}
