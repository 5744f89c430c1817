//! CSV forms: encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
//! Windows-1252 as Spanish-locale Excel saves) and delimiter (`,` `;` tab) are
//! detected; ragged records are kept with their width for a row error.
//!
//! A field that is exactly Excel's text formula `="…"` (how a CSV meant for
//! Excel keeps `0123` or a 12-digit code from turning into a number, ours
//! included: `write::clean::csv_excel`) is read as the text it shows, as a
//! workbook's formula is read by its value.
//!
//! The text is decoded in `decode`, its records become rows in `records`.

mod decode;
pub mod pieces;
mod records;
#[cfg(test)]
mod tests;

use super::sheet::{RawSheet, RowStream, SourceKind};
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
pub use decode::decode;
use decode::decode_pieces;
pub(crate) use decode::utf16_without_bom;
pub use pieces::Pieces;
use records::Records;

/// Rows read before the form is built: enough for the header search, and
/// the whole of a usual form (a few dozen rows), which then needs nothing
/// more.
const FIRST_ROWS: usize = 64;
const _: () = assert!(FIRST_ROWS >= crate::read::sheet::HEADER_SCAN_ROWS);

/// Decodes the CSV and reads its first records; the others are read one at a
/// time while the form is built (`RawSheet::rest`), and the text behind
/// them is freed as they are.
pub fn read(pieces: impl Into<Pieces>, limits: &Limits, name: &str) -> Result<RawSheet, FileError> {
    let text = decode_pieces(pieces.into());
    let delimiter = detect_delimiter(&first_lines(&text, DELIMITER_LINES));
    check_record_widths(&text, delimiter, limits, name)?;
    // Line breaks bound the records, capped by the row limit: the form
    // reserves its rows once instead of doubling a large vector.
    let records = line_breaks(&text).min(limits.max_rows as usize) + 1;
    let mut records = Records::new(text, delimiter, records, limits, name);
    let rows = records
        .by_ref()
        .take(FIRST_ROWS)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RawSheet {
        kind: SourceKind::Csv,
        name: None,
        rows,
        rest: Some(RowStream::new(records)),
        hidden: false,
    })
}

/// The lines the delimiter is told from.
const DELIMITER_LINES: usize = 40;

/// The text up to the end of its `lines`-th line, or all of it.
fn first_lines(text: &Pieces, lines: usize) -> String {
    let mut sample = Vec::new();
    let mut seen = 0;
    for piece in text.iter() {
        for (i, b) in piece.iter().enumerate() {
            seen += usize::from(*b == b'\n');
            if seen == lines {
                sample.extend_from_slice(&piece[..=i]);
                return String::from_utf8_lossy(&sample).into_owned();
            }
        }
        sample.extend_from_slice(piece);
    }
    String::from_utf8_lossy(&sample).into_owned()
}

/// Every record within `Limits::max_record_fields` fields, counted on the
/// bytes before the CSV reader makes a field of each: 128 MB of `;;;;`
/// would otherwise become 134 million empty cells (4 GB). Quotes are read
/// as the CSV reader reads them: a field that starts with one runs to the
/// closing one (`""` inside is a quote), and its delimiters and line breaks
/// belong to it; a quote later in a field is a character. `\r`, `\n` and
/// `\r\n` end a record.
fn check_record_widths(
    text: &Pieces,
    delimiter: u8,
    limits: &Limits,
    name: &str,
) -> Result<(), FileError> {
    let max = limits.max_record_fields();
    let (mut fields, mut record) = (1usize, 1u64);
    let (mut at_start, mut quoted, mut closing, mut after_cr) = (true, false, false, false);
    for &b in text.iter().flatten() {
        if quoted {
            if closing {
                closing = false;
                if b == b'"' {
                    continue;
                }
                quoted = false;
            } else {
                closing = b == b'"';
                continue;
            }
        }
        let cr = after_cr;
        after_cr = false;
        match b {
            b'"' if at_start => {
                quoted = true;
                at_start = false;
            }
            b'\r' | b'\n' => {
                if !(b == b'\n' && cr) {
                    record += 1;
                }
                after_cr = b == b'\r';
                fields = 1;
                at_start = true;
            }
            _ if b == delimiter => {
                fields += 1;
                at_start = true;
                if fields > max {
                    let what = format!("el registro {record} tiene más de {max} campos");
                    return Err(limits::exceeded(Limit::Columns, limits, name, &what));
                }
            }
            _ => at_start = false,
        }
    }
    Ok(())
}

/// Line breaks in the text.
fn line_breaks(text: &Pieces) -> usize {
    text.iter()
        .map(|piece| piece.iter().filter(|&&b| b == b'\n').count())
        .sum()
}

/// The delimiter that splits the first lines into the most consistent,
/// widest records.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text
        .lines()
        .take(DELIMITER_LINES)
        .collect::<Vec<_>>()
        .join("\n");
    let mut best = (b',', 0usize);
    for delimiter in [b',', b';', b'\t'] {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        let widths: Vec<usize> = reader.records().flatten().map(|r| r.len()).collect();
        let mut counts = std::collections::HashMap::new();
        for w in widths.iter().filter(|w| **w > 1) {
            *counts.entry(*w).or_insert(0usize) += 1;
        }
        // Score: how many records share the modal width, times that width.
        let score = counts.iter().map(|(w, n)| w * n * n).max().unwrap_or(0);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}
