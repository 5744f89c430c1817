//! CSV forms: encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
//! Windows-1252 as Spanish-locale Excel saves) and delimiter (`,` `;` tab) are
//! detected; ragged records are kept with their width for a row error.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::sheet::{RawCell, RawRow, RawSheet, RowStream, SourceKind, column_letters};
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::rules::archivo;

/// Rows read before the form is built: enough for the header search, and
/// the whole of a usual form (a few dozen rows), which then needs nothing
/// more.
const FIRST_ROWS: usize = 64;
const _: () = assert!(FIRST_ROWS >= crate::headers::HEADER_SCAN_ROWS);

/// Decodes the CSV and reads its first records; the others are read one at a
/// time while the form is built (`RawSheet::rest`).
pub fn read(bytes: Vec<u8>, limits: &Limits, name: &str) -> Result<RawSheet, FileError> {
    let text = decode(bytes);
    let delimiter = detect_delimiter(&text);
    check_record_widths(text.as_bytes(), delimiter, limits, name)?;
    // Line breaks bound the records, capped by the row limit: the form
    // reserves its rows once instead of doubling a large vector.
    let records = line_breaks(text.as_bytes()).min(limits.max_rows as usize) + 1;
    let reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let mut records = Records {
        reader,
        record: ::csv::StringRecord::new(),
        number: 0,
        left: records,
        limits: *limits,
        name: name.to_string(),
        delimiter,
        done: false,
        spare: None,
        strings: Vec::new(),
    };
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

/// The records of a decoded CSV as rows, checked against the limits.
struct Records {
    reader: ::csv::Reader<std::io::Cursor<Vec<u8>>>,
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

impl super::sheet::Rows for Records {
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
            .get_ref()
            .get(start.byte() as usize..end as usize)
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
            if i == row.cells.len() {
                row.cells.push(RawCell::Empty);
            }
            let cell = &mut row.cells[i];
            match cell {
                RawCell::Text(s) if !field.is_empty() => {
                    s.clear();
                    s.push_str(field);
                }
                _ if field.is_empty() => {
                    if let RawCell::Text(s) | RawCell::Error(s) = std::mem::take(cell) {
                        self.strings.push(s);
                    }
                }
                _ => {
                    let mut s = self.strings.pop().unwrap_or_default();
                    s.clear();
                    s.push_str(field);
                    *cell = RawCell::Text(s);
                }
            }
        }
        Ok(row)
    }
}

/// The file error of a quote opened at `line` that swallowed the lines after it.
fn unclosed_quote(name: &str, line: u64, col: usize, record: u32) -> FileError {
    FileError::new(
        &archivo::CSV_COMILLAS,
        format!(
            "El archivo {name} tiene unas comillas sin cerrar en la línea {line} (columna {} del registro {record}): desde ahí las líneas siguientes quedaron dentro de una sola celda, y esas filas se perderían. No se procesó el archivo.",
            column_letters(col)
        ),
    )
    .with_help(format!(
        "Abra el CSV en Excel o en un editor de texto y revise las comillas de la línea {line}: cada texto que empieza con comillas debe terminar con ellas. Guárdelo de nuevo y valide otra vez."
    ))
}

/// Every record within `Limits::max_record_fields` fields, counted on the
/// bytes before the CSV reader makes a field of each: 128 MB of `;;;;`
/// would otherwise become 134 million empty cells (4 GB). Quotes are read
/// as the CSV reader reads them: a field that starts with one runs to the
/// closing one (`""` inside is a quote), and its delimiters and line breaks
/// belong to it; a quote later in a field is a character. `\r`, `\n` and
/// `\r\n` end a record.
fn check_record_widths(
    bytes: &[u8],
    delimiter: u8,
    limits: &Limits,
    name: &str,
) -> Result<(), FileError> {
    let max = limits.max_record_fields();
    let (mut fields, mut record) = (1usize, 1u64);
    let (mut at_start, mut quoted, mut closing, mut after_cr) = (true, false, false, false);
    for &b in bytes {
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
fn line_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Bytes to text: BOMs first; UTF-16 without BOM by its zero bytes; UTF-8
/// when valid; UTF-8 with the bad bytes marked (U+FFFD, which the mojibake
/// rule reports on its cell) when the file is otherwise UTF-8; else
/// Windows-1252, as Spanish-locale Excel saves.
pub fn decode(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        return into_text(bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match utf16_without_bom(&bytes) {
        Some(true) => return UTF_16LE.decode_without_bom_handling(&bytes).0.into_owned(),
        Some(false) => return UTF_16BE.decode_without_bom_handling(&bytes).0.into_owned(),
        None => {}
    }
    if std::str::from_utf8(&bytes).is_ok() || has_utf8_sequences(&bytes) {
        return into_text(bytes);
    }
    WINDOWS_1252
        .decode_without_bom_handling(&bytes)
        .0
        .into_owned()
}

/// UTF-8 bytes as text without a copy; invalid bytes become U+FFFD.
fn into_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// UTF-16 without BOM: `Some(true)` for little-endian, `Some(false)` for
/// big-endian. Letters, digits, delimiters and line breaks of a form (ASCII
/// and Latin-1) have a zero high byte, so most characters have a zero on one
/// side; others have their zero on the other side (U+0100 «Ā» is 00 01 in
/// little-endian, the ideographic space U+3000 is 00 30), fewer of them. The
/// sample must also read as text: no broken surrogate pair, few controls.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(2048) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut odd_zeros, mut even_zeros, mut both) = (0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        match (pair[0] == 0, pair[1] == 0) {
            (true, true) => both += 1,
            (false, true) => odd_zeros += 1,
            (true, false) => even_zeros += 1,
            (false, false) => {}
        }
    }
    let little = odd_zeros >= even_zeros;
    let (high, low) = if little {
        (odd_zeros, even_zeros)
    } else {
        (even_zeros, odd_zeros)
    };
    if high * 2 < pairs || low * 2 > high || both * 10 > pairs {
        return None;
    }
    let encoding = if little { UTF_16LE } else { UTF_16BE };
    let text = encoding.decode_without_bom_handling(sample).0;
    // The sample's end may cut a surrogate pair: its last character is not judged.
    let mut chars = text.chars();
    chars.next_back();
    let (mut count, mut odd) = (0usize, 0usize);
    for c in chars {
        count += 1;
        odd += usize::from(c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')));
    }
    (odd * 20 <= count).then_some(little)
}

/// Whether the bytes are mostly UTF-8: more valid multi-byte characters
/// than invalid sequences, so the bad bytes are damage inside a UTF-8 file.
/// A Windows-1252 file can hold a pair of bytes that happens to be valid
/// UTF-8 ("Ã‘" is C3 91), but its other accented letters are invalid.
fn has_utf8_sequences(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
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
    fn invalid_bytes_inside_a_utf8_file_stay_local() {
        let text = decode(b"MU\xC3\x91OZ;G\xC3\x93MEZ;PE\xD1A\n".to_vec());
        assert_eq!(text, "MUÑOZ;GÓMEZ;PE\u{FFFD}A\n");
        // Windows-1252 with a pair of bytes that is valid UTF-8 by chance.
        let text = decode(b"PE\xC3\x91A;MAR\xCDA;PE\xD1A\n".to_vec());
        assert_eq!(text, "PEÃ‘A;MARÍA;PEÑA\n");
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let le: Vec<u8> = "NOMBRE;CARGO\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(le), "NOMBRE;CARGO\n");
        let be: Vec<u8> = "NOMBRE;CARGO\n"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(be), "NOMBRE;CARGO\n");
    }

    #[test]
    fn utf16_without_bom_with_a_zero_low_byte_is_still_utf16() {
        // «Ā» (U+0100) is 00 01 in little-endian, the ideographic space
        // (U+3000) is 00 30: zeros on both sides of the pairs.
        let text = "PRIMER NOMBRE;PRIMER APELLIDO;CARGO\nĀNA;PÉREZ\u{3000}GÓMEZ;DOCENTE\nĀĀĀ\u{3000}\u{3000};B;C\n";
        for little in [true, false] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| {
                    if little {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect();
            assert_eq!(utf16_without_bom(&bytes), Some(little));
            assert_eq!(decode(bytes.clone()), text, "little-endian: {little}");
            assert_eq!(
                crate::read::sniff::detect(&bytes),
                crate::read::sniff::Content::Text
            );
        }
        // Windows-1252 and UTF-8 text, with or without a stray NUL, is not UTF-16.
        assert_eq!(utf16_without_bom(b"MU\xD1OZ;PE\xD1A\n"), None);
        assert_eq!(utf16_without_bom(b"NOMBRE;CA\x00RGO\nANA;DOCENTE\n"), None);
        assert_eq!(utf16_without_bom("ÑANDÚ;ÁRBOL\n".as_bytes()), None);
    }

    #[test]
    fn decodes_utf8_bom_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFMU\xC3\x91OZ".to_vec()), "MUÑOZ");
        assert_eq!(decode(b"MU\xD1OZ".to_vec()), "MUÑOZ");
        assert_eq!(decode("MUÑOZ".as_bytes().to_vec()), "MUÑOZ");
        assert_eq!(decode(b"\xFF\xFEM\x00\xD1\x00".to_vec()), "MÑ");
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
    fn limits_refuse_the_file() {
        let limits = Limits {
            max_cell_chars: 5,
            max_columns: 3,
            max_rows: 2,
            ..Limits::default()
        };
        let err = |bytes: &[u8]| read(bytes.to_vec(), &limits, "f.csv").unwrap_err().message;
        assert!(err(b"a;b\nabcdef;x\n").contains("la celda A2 tiene 6 caracteres"));
        assert!(err(b"a;b;c;d\n").contains("la celda D1"));
        assert!(err(b"a\nb\nc\n").contains("más de 2 registros"));
        assert!(
            read(b"a;b;c;\n".to_vec(), &limits, "f.csv").is_ok(),
            "an empty fourth field is no data"
        );
    }

    #[test]
    fn keeps_record_numbers_and_widths() {
        let sheet = read(
            b"A;B\r\n1;2;3\n\n4;5\r\n".to_vec(),
            &Limits::default(),
            "f.csv",
        )
        .unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[2].number, 3);
        let widths: Vec<usize> = sheet.rows.iter().map(|r| r.cells.len()).collect();
        assert_eq!(widths, [2, 3, 2]);
    }

    #[test]
    fn a_row_handed_back_holds_the_next_record_exactly() {
        let mut text: String = (1..=FIRST_ROWS).map(|i| format!("{i};x\n")).collect();
        text.push_str("ANA;;PEREZ;EXTRA\n;B\nC;;\n");
        let sheet = read(text.into_bytes(), &Limits::default(), "f.csv").unwrap();
        let mut rest = sheet.rest.unwrap();
        let mut seen = Vec::new();
        while let Some(row) = rest.next() {
            let row = row.unwrap();
            seen.push((row.number, row.cells.clone()));
            rest.recycle(row);
        }
        let t = |s: &str| RawCell::Text(s.to_string());
        let first = FIRST_ROWS as u32;
        assert_eq!(
            seen,
            [
                (
                    first + 1,
                    vec![t("ANA"), RawCell::Empty, t("PEREZ"), t("EXTRA")]
                ),
                (first + 2, vec![RawCell::Empty, t("B")]),
                (first + 3, vec![t("C"), RawCell::Empty, RawCell::Empty]),
            ]
        );
    }

    #[test]
    fn records_past_the_first_rows_are_read_on_demand() {
        let text: String = (1..=100).map(|i| format!("{i};x\n")).collect();
        let limits = Limits {
            max_rows: 80,
            ..Limits::default()
        };
        let sheet = read(text.into_bytes(), &limits, "f.csv").unwrap();
        assert_eq!(sheet.rows.len(), FIRST_ROWS);
        let rest = sheet.rest.expect("the other records are left to read");
        assert!(rest.size_hint().1.is_some_and(|n| n >= 80 - FIRST_ROWS));
        let read_later: Vec<_> = rest.collect();
        // Rows up to the limit, then the error, then nothing.
        assert_eq!(read_later.len(), 80 - FIRST_ROWS + 1);
        assert_eq!(
            read_later[0].as_ref().unwrap().number,
            FIRST_ROWS as u32 + 1
        );
        let last = read_later.last().unwrap().as_ref().unwrap_err();
        assert!(
            last.message.contains("más de 80 registros"),
            "{}",
            last.message
        );
    }

    #[test]
    fn a_quoted_cell_with_a_line_break_is_one_cell() {
        let text = "NOMBRE;CARGO;TELEFONO\nANA;\"DOCENTE\nAREA\";3101234567\nEVA;\"SEDE NORTE;\nJORNADA; TARDE\";1\nLUIS;RECTOR;3101234568\n";
        let sheet = read(text.as_bytes().to_vec(), &Limits::default(), "f.csv").unwrap();
        assert_eq!(sheet.rows.len(), 4);
        assert_eq!(
            sheet.rows[1].cells[1],
            RawCell::Text("DOCENTE\nAREA".into())
        );
        // One delimiter on a line is no swallowed record.
        assert_eq!(
            sheet.rows[2].cells[1],
            RawCell::Text("SEDE NORTE;\nJORNADA; TARDE".into())
        );
        assert_eq!(sheet.rows[3].cells[0], RawCell::Text("LUIS".into()));
    }

    #[test]
    fn an_unclosed_quote_that_swallows_records_is_a_file_error_naming_its_line() {
        let mut text = String::from("NOMBRE;CARGO;TELEFONO\n");
        for i in 2..50 {
            text.push_str(&format!("P{i};DOCENTE;310{i:07}\n"));
        }
        // Line 50 opens a quote that closes only at the end of line 52.
        text.push_str(
            "ANA;\"DOCENTE;3101234567\nLUIS;RECTOR;3101234568\nEVA;\"COORDINADORA\";3101234569\n",
        );
        let err = read(text.clone().into_bytes(), &Limits::default(), "f.csv").unwrap_err();
        assert_eq!(err.code(), "CSV_COMILLAS");
        assert!(err.message.contains("línea 50"), "{}", err.message);
        assert!(
            err.help
                .as_deref()
                .unwrap()
                .contains("revise las comillas de la línea 50")
        );
        // A quote that never closes, past the first rows: the rows read on
        // end in the error.
        let mut text: String = (1..=100)
            .map(|i| format!("P{i};DOCENTE;3101234567\n"))
            .collect();
        text.push_str("ANA;\"DOCENTE\nLUIS\nEVA\n");
        let sheet = read(text.into_bytes(), &Limits::default(), "f.csv").unwrap();
        let last = sheet.rest.unwrap().last().unwrap().unwrap_err();
        assert_eq!(last.code(), "CSV_COMILLAS");
        assert!(last.message.contains("línea 101"), "{}", last.message);
    }
}
