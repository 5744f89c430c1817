//! CSV forms: encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
//! Windows-1252 as Spanish-locale Excel saves) and delimiter (`,` `;` tab) are
//! detected; ragged records are kept with their width for a row error.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::sheet::{RawCell, RawRow, RawSheet, SourceKind};

pub fn read(bytes: &[u8]) -> RawSheet {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut widths = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let mut number: u32 = 0;
    // The text is valid UTF-8 already, so the reader's only errors are I/O on a
    // byte slice, which cannot happen; stop rather than loop if one ever does.
    while let Ok(true) = reader.read_record(&mut record) {
        number += 1;
        let cells: Vec<RawCell> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    RawCell::Empty
                } else {
                    RawCell::Text(f.to_string())
                }
            })
            .collect();
        widths.push(record.len());
        rows.push(RawRow { number, cells });
    }
    RawSheet {
        kind: SourceKind::Csv,
        name: None,
        rows,
        record_widths: Some(widths),
    }
}

/// Bytes to text: BOMs first, then UTF-8 if valid, else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiter that splits the first lines into the most consistent,
/// widest records.
pub fn detect_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(40).collect::<Vec<_>>().join("\n");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFMU\xC3\x91OZ"), "MUÑOZ");
        assert_eq!(decode(b"MU\xD1OZ"), "MUÑOZ");
        assert_eq!(decode("MUÑOZ".as_bytes()), "MUÑOZ");
        assert_eq!(decode(b"\xFF\xFEM\x00\xD1\x00"), "MÑ");
    }

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        // Commas inside values do not fool it.
        assert_eq!(
            detect_delimiter("NOMBRE;CARGO\nANA;DOCENTE, AREA 1\nLUIS;RECTOR\n"),
            b';'
        );
    }

    #[test]
    fn keeps_record_numbers_and_widths() {
        let sheet = read(b"A;B\r\n1;2;3\n\n4;5\r\n");
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[2].number, 3);
        assert_eq!(sheet.record_widths, Some(vec![2, 3, 2]));
    }
}
