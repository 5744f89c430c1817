//! Tests of CSV reading: encodings, delimiters, limits and quoted cells.

use super::*;
use crate::read::sheet::RawCell;

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

#[test]
fn an_excel_text_formula_is_read_as_the_text_it_shows() {
    use super::records::excel_text;
    assert_eq!(excel_text("=\"0123\""), "0123");
    assert_eq!(excel_text("=\"105001000108\""), "105001000108");
    assert_eq!(excel_text("=\"DOCENTE \"\"A\"\"\""), "DOCENTE \"A\"");
    assert_eq!(excel_text("=\"\""), "");
    // Not one literal: kept as written.
    assert_eq!(excel_text("=\"a\"&\"b\""), "=\"a\"&\"b\"");
    assert_eq!(excel_text("=SUMA(A1)"), "=SUMA(A1)");
    assert_eq!(excel_text("0123"), "0123");
}

/// Every row of a sheet, the first ones and those read on, or the error
/// that ends them.
fn all_rows(sheet: RawSheet) -> Vec<Result<crate::read::sheet::RawRow, String>> {
    let mut rows: Vec<_> = sheet.rows.into_iter().map(Ok).collect();
    if let Some(rest) = sheet.rest {
        rows.extend(rest.map(|r| r.map_err(|e| e.message)));
    }
    rows
}

#[test]
fn a_csv_read_in_small_pieces_gives_the_rows_of_the_csv_read_whole() {
    // Accents cut between pieces, a quoted cell with a line break across
    // them, a BOM, and rows past the first ones (read on, freeing pieces).
    let mut text = String::from("\u{FEFF}NOMBRE;CARGO;TELEFONO\n");
    for i in 2..200 {
        text.push_str(&format!("MUÑOZ {i};\"DOCENTE\nÁREA {i}\";310{i:07}\n"));
    }
    let whole = all_rows(read(text.clone().into_bytes(), &Limits::default(), "f.csv").unwrap());
    assert_eq!(whole.len(), 199);
    assert_eq!(
        whole[150].as_ref().unwrap().cells[1],
        RawCell::Text("DOCENTE\nÁREA 151".into())
    );
    for size in [1, 2, 7, 64, 1000] {
        let pieces = Pieces::new(text.as_bytes().chunks(size).map(<[u8]>::to_vec).collect());
        let rows = all_rows(read(pieces, &Limits::default(), "f.csv").unwrap());
        assert_eq!(rows, whole, "pieces of {size} bytes");
    }
}

#[test]
fn an_unclosed_quote_is_found_when_the_csv_is_read_in_pieces() {
    let mut text: String = (1..=100)
        .map(|i| format!("P{i};DOCENTE;3101234567\n"))
        .collect();
    text.push_str("ANA;\"DOCENTE\nLUIS;A;B\nEVA\n");
    let pieces = Pieces::new(text.as_bytes().chunks(5).map(<[u8]>::to_vec).collect());
    let rows = all_rows(read(pieces, &Limits::default(), "f.csv").unwrap());
    let last = rows.last().unwrap().as_ref().unwrap_err();
    assert!(last.contains("línea 101"), "{last}");
}

#[test]
fn a_windows_1252_csv_read_in_pieces_is_decoded_whole() {
    let text = b"NOMBRE;APELLIDO\nJOS\xC9;MU\xD1OZ\n".to_vec();
    let pieces = Pieces::new(text.chunks(3).map(<[u8]>::to_vec).collect());
    let rows = all_rows(read(pieces, &Limits::default(), "f.csv").unwrap());
    assert_eq!(
        rows[1].as_ref().unwrap().cells[1],
        RawCell::Text("MUÑOZ".into())
    );
}
