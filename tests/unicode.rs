//! Characters that look like letters but are not what the form needs, end to
//! end through `sigce validar`: fillers and tag characters are invisible,
//! full-width and mathematical letters are folded with a recorded fix, and
//! letters of other alphabets (Cyrillic, Greek look-alikes) are rejected with
//! the offending character named, never written to the clean file.

mod common;

use common::{Workdir, read_book, text_rows};
use serde_json::Value;

/// A CSV form with the valid rows of `common::valid_row`, each changed by `edit`.
fn form(edits: &[(usize, &str)]) -> String {
    let mut text = common::headers().join(",");
    text.push('\n');
    for (n, (column, value)) in edits.iter().enumerate() {
        let mut row = common::valid_row(n as u32 + 1);
        row[*column] = value.to_string();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

fn issue<'a>(file: &'a Value, row: u64, code: &str) -> Option<&'a Value> {
    file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == row)?["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
}

fn status(file: &Value, row: u64) -> &str {
    file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == row)
        .unwrap()["status"]
        .as_str()
        .unwrap()
}

const NOMBRE: usize = 0;
const APELLIDO: usize = 2;
const CORREO: usize = 8;
const CARGO: usize = 9;
const TELEFONO: usize = 11;

#[test]
fn look_alikes_and_fillers_never_reach_the_clean_file() {
    let w = Workdir::new();
    let input = w.write(
        "unicode_4444.csv",
        form(&[
            (NOMBRE, "\u{3164}"),                          // row 2: a lone Hangul filler
            (APELLIDO, "\u{FFA0}\u{FFA0}"),                // row 3: half-width fillers
            (CARGO, "\u{3164}"),                           // row 4
            (NOMBRE, "P\u{410}BLO"),                       // row 5: Cyrillic А
            (APELLIDO, "\u{3A1}\u{395}\u{3A1}EZ"),         // row 6: Greek Ρ Ε Ρ
            (CARGO, "DOC\u{415}NTE"),                      // row 7: Cyrillic Е
            (CORREO, "ana@g\u{43E}\u{43E}gle.com"),        // row 8: Cyrillic о in the domain
            (NOMBRE, "\u{FF2C}\u{FF35}\u{FF29}\u{FF33}"),  // row 9: full-width ＬＵＩＳ
            (NOMBRE, "\u{1D400}\u{1D40D}\u{1D400}"),       // row 10: mathematical bold 𝐀𝐍𝐀
            (NOMBRE, "MAR\u{E0041}IA"),                    // row 11: a tag character inside
            (TELEFONO, "\u{FF13}\u{FF11}\u{FF10}1234567"), // row 12: full-width digits
            (TELEFONO, "310123456\u{B2}"),                 // row 13: a superscript two
        ]),
    );
    let (code, json) = w.validate_json(&["--formato", "csv", input.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let file = &json["files"][0];

    for row in [2, 3, 4] {
        assert_eq!(status(file, row), "rejected", "row {row}");
        let blank = issue(file, row, "CAMPO_OBLIGATORIO").unwrap_or_else(|| panic!("{file}"));
        assert!(
            blank["message"].as_str().unwrap().contains("vacío"),
            "{blank}"
        );
    }

    let cyrillic = issue(file, 5, "CARACTERES_NO_LATINOS").expect("row 5");
    assert_eq!(cyrillic["field"], "primer_nombre");
    let message = cyrillic["message"].as_str().unwrap();
    assert!(message.contains("«P\u{410}BLO»"), "{message}");
    assert!(message.contains("U+0410"), "{message}");
    assert!(message.contains("cirílica"), "{message}");
    let greek = issue(file, 6, "CARACTERES_NO_LATINOS").expect("row 6");
    assert!(greek["message"].as_str().unwrap().contains("U+03A1"));
    assert!(greek["message"].as_str().unwrap().contains("griega"));
    assert!(issue(file, 7, "CARACTERES_NO_LATINOS").is_some());
    let domain = issue(file, 8, "CARACTERES_NO_LATINOS").expect("row 8");
    assert_eq!(domain["field"], "correo");
    assert!(domain["message"].as_str().unwrap().contains("dominio"));
    assert!(domain["message"].as_str().unwrap().contains("U+043E"));
    for row in [5, 6, 7, 8, 13] {
        assert_eq!(status(file, row), "rejected", "row {row}");
    }
    assert!(issue(file, 13, "TELEFONO_INVALIDO").is_some(), "{file}");

    // Folded with a recorded fix, then accepted.
    for (row, before, after) in [
        (9, "\u{FF2C}\u{FF35}\u{FF29}\u{FF33}", "LUIS"),
        (10, "\u{1D400}\u{1D40D}\u{1D400}", "ANA"),
        (12, "\u{FF13}\u{FF11}\u{FF10}1234567", "3101234567"),
    ] {
        assert_eq!(status(file, row), "accepted", "row {row}: {file}");
        let fix = issue(file, row, "CARACTERES_COMPATIBLES").expect("a recorded fix");
        assert_eq!(fix["severity"], "fix");
        assert_eq!(fix["before"], before);
        assert_eq!(fix["after"], after);
    }
    assert_eq!(status(file, 11), "accepted");
    assert!(issue(file, 11, "CARACTERES_INVISIBLES").is_some());

    let clean = std::fs::read_to_string(w.path("unicode_4444.limpio.csv")).unwrap();
    assert!(clean.is_ascii(), "only plain letters and digits: {clean}");
    assert!(clean.contains(",LUIS,"), "{clean}");
    assert!(clean.contains(",ANA,"), "{clean}");
    assert!(clean.contains(",MARIA,"), "{clean}");
    assert!(clean.contains(",3101234567"), "{clean}");

    // The rejection workbook keeps the look-alike as written and explains it.
    let path = w.path("unicode_4444.rechazos.xlsx");
    let rows = common::rejection_table(&path);
    let pablo = rows.iter().find(|r| r[0] == "5").expect("row 5 rejected");
    assert_eq!(pablo[1], "P\u{410}BLO");
    assert!(pablo.last().unwrap().contains("U+0410"), "{pablo:?}");
    let summary = text_rows(&read_book(&path)[1].1);
    assert!(
        summary.iter().any(|r| r[0].contains("otro alfabeto")),
        "{summary:?}"
    );
}

#[test]
fn the_corrections_sheet_lists_a_folded_full_width_name() {
    let w = Workdir::new();
    let input = w.write(
        "ancho_4445.csv",
        form(&[(NOMBRE, "\u{FF21}\u{FF2E}\u{FF21}")]),
    );
    let (code, _) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 0);
    let book = read_book(&w.path("ancho_4445.limpio.xlsx"));
    let corrections = text_rows(&book[1].1);
    assert!(
        corrections
            .iter()
            .any(|r| r.iter().any(|c| c.contains("CARACTERES_COMPATIBLES"))
                && r.iter().any(|c| c == "\u{FF21}\u{FF2E}\u{FF21}")
                && r.iter().any(|c| c == "ANA")),
        "{corrections:?}"
    );
}
