//! Nothing lost: rows that used to vanish or be read wrong with exit 0.
//! Data only outside the form's columns, every visible sheet of a workbook,
//! a header repeated among the data, and an unclosed CSV quote.

mod common;

use common::{Workdir, assert_exit, headers, read_book, row_codes, text_rows, valid_row};
use rust_xlsxwriter::{Formula, Workbook, Worksheet};
use serde_json::Value;

/// Writes `header` in `header_row` (0-based) and each row below it.
fn fill(sheet: &mut Worksheet, header_row: u32, header: &[&str], rows: &[Vec<String>]) {
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(header_row, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet
                    .write_string(header_row + 1 + r as u32, c as u16, v)
                    .unwrap();
            }
        }
    }
}

/// A row with only the given cells: (column, value).
fn only(cells: &[(usize, &str)], width: usize) -> Vec<String> {
    let mut row = vec![String::new(); width];
    for (c, v) in cells {
        row[*c] = v.to_string();
    }
    row
}

fn rows_of(file: &Value) -> Vec<&Value> {
    file["rows"].as_array().unwrap().iter().collect()
}

fn message_of(row: &Value, code: &str) -> String {
    row["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {row}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

fn warnings_of(file: &Value) -> Vec<(String, String)> {
    file["file_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// 1. Rows whose only content sits in unmapped columns.

#[test]
fn a_row_with_data_only_outside_the_form_is_rejected_not_dropped() {
    let w = Workdir::new();
    let path = w.path("formato.xlsx");
    let mut header = headers();
    header.push("SEDE"); // M
    header.push("No."); // N
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut first = valid_row(1);
    first.push("PRINCIPAL".into());
    first.push("1".into());
    let rows = vec![
        // 2: mapped data and extra data: processed as always.
        first,
        // 3: a person written under SEDE, numbered.
        only(&[(12, "ANA PEREZ"), (13, "2")], 14),
        // 4: a numbered template row, otherwise empty.
        only(&[(13, "3")], 14),
        // 5: something pasted to the right of the table.
        only(&[(15, "LUIS ROJAS 52123456")], 16),
        // 6: a number that is no counter under "No.".
        only(&[(13, "52123456")], 14),
    ];
    fill(sheet, 0, &header, &rows);
    // 7: a formula that gives "" (blank text), and its counter.
    sheet.set_formula_result_default("");
    sheet.write_formula(6, 12, Formula::new("=\"\"")).unwrap();
    sheet.write_number(6, 13, 6.0).unwrap();
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let file = &json["files"][0];
    let codes = row_codes(file);
    let numbers: Vec<(u64, &str)> = codes.iter().map(|(n, s, _)| (*n, s.as_str())).collect();
    assert_eq!(
        numbers,
        [
            (2, "accepted"),
            (3, "rejected"),
            (5, "rejected"),
            (6, "rejected")
        ]
    );
    // Row 2 has no new error for its extra cell.
    assert!(!codes[0].2.contains(&"DATOS_FUERA_DEL_FORMATO".to_string()));
    for (_, _, c) in &codes[1..] {
        assert_eq!(c, &["DATOS_FUERA_DEL_FORMATO".to_string()]);
    }
    let rows = rows_of(file);
    let three = message_of(rows[1], "DATOS_FUERA_DEL_FORMATO");
    assert!(
        three.starts_with(
            "La fila 3 tiene datos solo en columnas que no son del formato: «ANA PEREZ» (M3, SEDE)."
        ),
        "{three}"
    );
    assert!(message_of(rows[2], "DATOS_FUERA_DEL_FORMATO").contains("«LUIS ROJAS 52123456» (P5)"));
    assert!(message_of(rows[3], "DATOS_FUERA_DEL_FORMATO").contains("«52123456» (N6, No.)"));

    // The rejection workbook shows the rows, their number and the error.
    let book = read_book(&w.path("formato.rechazos.xlsx"));
    let rejected = text_rows(&book[0].1);
    let numbers: Vec<&str> = rejected[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["3", "5", "6"]);
    let observations = rejected[1].last().unwrap();
    assert!(
        observations.contains("«ANA PEREZ» (M3, SEDE)"),
        "{observations}"
    );
    assert!(
        observations.contains("Qué hacer: Pase esos datos"),
        "{observations}"
    );
    // The accepted row is in the clean file.
    let clean = read_book(&w.path("formato.limpio.xlsx"));
    assert_eq!(clean[0].1.len(), 2);
}

#[test]
fn a_csv_row_with_data_only_past_the_header_is_rejected() {
    let w = Workdir::new();
    let mut text = headers().join(";");
    text.push('\n');
    text.push_str(&valid_row(1).join(";"));
    text.push('\n');
    // Twelve empty fields, then a value in a thirteenth the header lacks.
    text.push_str(&format!("{}EXTRA\n", ";".repeat(12)));
    let input = w.write("f.csv", text);
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1);
    let file = &json["files"][0];
    let codes = row_codes(file);
    assert_eq!(codes.len(), 2);
    assert_eq!(codes[1].0, 3);
    assert_eq!(codes[1].2, ["DATOS_FUERA_DEL_FORMATO"]);
    assert!(message_of(rows_of(file)[1], "DATOS_FUERA_DEL_FORMATO").contains("«EXTRA» (M3)"));
}

// 2. Sheet choice.

/// The twelve headers in another order: surnames and e-mails swapped.
fn swapped() -> (Vec<&'static str>, impl Fn(Vec<String>) -> Vec<String>) {
    let mut header = headers();
    header.swap(2, 8);
    (header, |mut row: Vec<String>| {
        row.swap(2, 8);
        row
    })
}

#[test]
fn every_visible_sheet_with_the_form_is_validated_into_one_output() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let a = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(a, 0, &headers(), &[valid_row(1), valid_row(2)]);
    let (header, reorder) = swapped();
    let b = book.add_worksheet().set_name("Usuarios (2)").unwrap();
    b.write_string(0, 0, "Segunda lista").unwrap();
    let mut bad = valid_row(4);
    bad[8] = "sin arroba".into();
    let mut lower = valid_row(3);
    lower[0] = "ana".into();
    fill(b, 2, &header, &[reorder(lower), reorder(bad)]);
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let file = &json["files"][0];
    assert_eq!(
        file["sheets"],
        serde_json::json!(["Usuarios", "Usuarios (2)"])
    );
    let places: Vec<(String, u64, String)> = rows_of(file)
        .iter()
        .map(|r| {
            (
                r["sheet"].as_str().unwrap().to_string(),
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Usuarios", 2, "accepted"),
        ("Usuarios", 3, "accepted"),
        ("Usuarios (2)", 4, "accepted"),
        ("Usuarios (2)", 5, "rejected"),
    ];
    assert_eq!(
        places,
        expected.map(|(s, n, st)| (s.to_string(), n, st.to_string()))
    );
    // The second sheet was read with its own column order.
    let clean = text_rows(&read_book(&w.path("libro.limpio.xlsx"))[0].1);
    assert_eq!(clean.len(), 4);
    assert_eq!(clean[3][3], "PEREZ");
    assert_eq!(clean[3][9], "p3@colegio.edu.co");
    // The corrections name the sheet of the cell.
    let corrections = text_rows(&read_book(&w.path("libro.limpio.xlsx"))[1].1);
    assert_eq!(
        corrections[1][..3],
        ["4", "hoja «Usuarios (2)» A4", "PRIMER NOMBRE"]
    );
    // The rejection workbook names the sheet of each row.
    let rejected = text_rows(&read_book(&w.path("libro.rechazos.xlsx"))[0].1);
    assert_eq!(rejected[0][..2], ["HOJA", "FILA"]);
    assert_eq!(rejected[1][..2], ["Usuarios (2)", "5"]);
    // The issue's cell is the one of its own sheet's header (CORREO in C).
    let issue = &rows_of(file)[3]["issues"];
    let cell = issue
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["field"] == "correo")
        .unwrap();
    assert_eq!(cell["cell"], "C5");
    // The terminal report says the sheet.
    let out = w
        .sigce()
        .args(["validar", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("hojas «Usuarios», «Usuarios (2)»"), "{text}");
    assert!(
        text.contains("Fila 5 (hoja «Usuarios (2)») rechazada"),
        "{text}"
    );
}

#[test]
fn a_hidden_first_sheet_is_not_validated_instead_of_the_visible_one() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let old = book.add_worksheet().set_name("Vieja").unwrap();
    fill(old, 0, &headers(), &[valid_row(7)]);
    old.set_hidden(true);
    let very = book.add_worksheet().set_name("Listas").unwrap();
    fill(very, 0, &headers(), &[valid_row(8)]);
    very.set_very_hidden(true);
    let users = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(users, 0, &headers(), &[valid_row(1)]);
    users.set_active(true);
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(file["sheet"], "Usuarios");
    assert_eq!(file["sheets"], serde_json::json!(["Usuarios"]));
    assert_eq!(row_codes(file).len(), 1);
    // Named with --hoja, a hidden sheet is validated.
    let (code, json) = w.validate_json(&[path.to_str().unwrap(), "--hoja", "Vieja"]);
    assert_exit_code(code, 0, &json);
    assert_eq!(json["files"][0]["sheet"], "Vieja");
    let (_, json) = w.validate_json(&[path.to_str().unwrap(), "--hoja", "Listas"]);
    assert_eq!(json["files"][0]["sheet"], "Listas");
}

fn assert_exit_code(code: i32, expected: i32, json: &Value) {
    assert_eq!(code, expected, "{json}");
}

#[test]
fn a_form_like_sheet_missing_columns_beside_a_complete_one_is_a_file_error_naming_it() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let a = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(a, 0, &headers(), &[valid_row(1)]);
    let b = book.add_worksheet().set_name("Docentes").unwrap();
    let short: Vec<&str> = headers().into_iter().take(6).collect();
    fill(b, 0, &short, &[valid_row(2)[..6].to_vec()]);
    book.save(&path).unwrap();
    let out = w
        .sigce()
        .args(["validar", "--json", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &json["files"][0]["error"];
    assert_eq!(error["code"], "COLUMNAS_FALTANTES");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("hoja «Docentes»"),
        "{error}"
    );
    assert!(!w.path("libro.limpio.xlsx").exists());
}

#[test]
fn the_same_person_on_two_sheets_is_a_duplicate_naming_the_sheet() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let a = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(a, 0, &headers(), &[valid_row(1)]);
    let b = book.add_worksheet().set_name("Copia").unwrap();
    fill(b, 0, &headers(), &[valid_row(2), valid_row(1)]);
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let rows = rows_of(&json["files"][0]);
    assert_eq!(rows[2]["sheet"], "Copia");
    let message = message_of(rows[2], "DOCUMENTO_DUPLICADO");
    assert!(
        message.contains("fila 2 de la hoja «Usuarios»"),
        "{message}"
    );
}

// 3. A header repeated among the data.

fn csv(rows: &[Vec<String>]) -> String {
    rows.iter().map(|r| r.join(";") + "\n").collect()
}

#[test]
fn a_csv_header_repeated_with_another_order_remaps_the_rows_below_it() {
    let w = Workdir::new();
    let (header, reorder) = swapped();
    let own = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let text = csv(&[
        own(&headers()),
        valid_row(1),
        valid_row(2),
        own(&header),
        reorder(valid_row(3)),
        reorder(valid_row(4)),
        // The same order again: not a person either.
        own(&header),
        reorder(valid_row(5)),
    ]);
    let input = w.write("f.csv", text);
    let (code, json) = w.validate_json(&[input.to_str().unwrap(), "--formato", "csv"]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    let numbers: Vec<u64> = row_codes(file).iter().map(|r| r.0).collect();
    assert_eq!(numbers, [2, 3, 5, 6, 8]);
    let warnings = warnings_of(file);
    let repeated: Vec<&str> = warnings
        .iter()
        .filter(|(c, _)| c == "ENCABEZADO_REPETIDO")
        .map(|(_, m)| m.as_str())
        .collect();
    assert_eq!(
        repeated,
        [
            "La fila 4 repite el encabezado con otro orden de columnas; las filas siguientes se leyeron con ese orden.",
            "La fila 7 repite el encabezado; no se tomó como una persona."
        ]
    );
    let clean = std::fs::read_to_string(w.path("f.limpio.csv")).unwrap();
    for n in [3, 4, 5] {
        let line = clean
            .lines()
            .find(|l| l.contains(&format!("p{n}@colegio.edu.co")))
            .unwrap();
        assert!(line.contains(",PEREZ,GOMEZ,"), "{line}");
    }
}

#[test]
fn a_header_repeated_in_a_workbook_sheet_remaps_the_rows_below_it() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let (header, reorder) = swapped();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut bad = reorder(valid_row(3));
    bad[2] = "sin arroba".into();
    let own = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    fill(sheet, 0, &headers(), &[valid_row(1), own(&header), bad]);
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let file = &json["files"][0];
    let rows = rows_of(file);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["row"], 4);
    let issue = rows[1]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["field"] == "correo")
        .unwrap()
        .clone();
    // CORREO is column C under the repeated header.
    assert_eq!(issue["cell"], "C4");
    assert!(
        warnings_of(file)
            .iter()
            .any(|(c, m)| c == "ENCABEZADO_REPETIDO"
                && m.starts_with(
                    "La fila 3 de la hoja «Sheet1» repite el encabezado con otro orden"
                ))
    );
}

// 4. An unclosed CSV quote.

#[test]
fn an_unclosed_csv_quote_is_a_file_error_naming_its_line_and_writes_nothing() {
    let w = Workdir::new();
    let mut rows = vec![headers().iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for n in 1..49 {
        rows.push(valid_row(n));
    }
    // Line 50: the cargo opens a quote that never closes.
    let mut bad = valid_row(49);
    bad[9] = "\"DOCENTE".into();
    rows.push(bad);
    for n in 50..60 {
        rows.push(valid_row(n));
    }
    let input = w.write("f.csv", csv(&rows));
    let out = w
        .sigce()
        .args(["validar", "--json", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &json["files"][0]["error"];
    assert_eq!(error["code"], "CSV_COMILLAS");
    assert!(
        error["message"].as_str().unwrap().contains("línea 50"),
        "{error}"
    );
    assert!(
        error["help"]
            .as_str()
            .unwrap()
            .contains("revise las comillas de la línea 50"),
        "{error}"
    );
    assert_eq!(w.files(), ["f.csv"]);
}

#[test]
fn a_quoted_csv_cell_with_a_line_break_is_still_one_cell() {
    let w = Workdir::new();
    let mut rows = vec![headers().iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    let mut first = valid_row(1);
    first[9] = "\"DOCENTE\nAREA\"".into();
    rows.push(first);
    rows.push(valid_row(2));
    let input = w.write("f.csv", csv(&rows));
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let numbers: Vec<u64> = row_codes(&json["files"][0]).iter().map(|r| r.0).collect();
    assert_eq!(numbers, [2, 3]);
}

#[test]
fn two_long_sheets_with_the_form_are_both_read_to_their_last_row() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let a = book.add_worksheet().set_name("Usuarios").unwrap();
    let first: Vec<Vec<String>> = (1..=150).map(valid_row).collect();
    fill(a, 0, &headers(), &first);
    let b = book.add_worksheet().set_name("Más usuarios").unwrap();
    let second: Vec<Vec<String>> = (151..=300).map(valid_row).collect();
    fill(b, 0, &headers(), &second);
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(file["counts"]["accepted"], 300);
    let rows = rows_of(file);
    assert_eq!(rows[299]["sheet"], "Más usuarios");
    assert_eq!(rows[299]["row"], 151);
}

#[test]
fn the_mail_returning_a_form_of_several_sheets_names_the_sheet_of_each_problem() {
    let w = Workdir::new();
    let mut book = Workbook::new();
    let a = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(a, 0, &headers(), &[valid_row(1)]);
    let b = book.add_worksheet().set_name("Docentes").unwrap();
    let mut bad = valid_row(2);
    bad[8] = "sin arroba".into();
    fill(b, 0, &headers(), &[bad]);
    book.save(w.path("libro.xlsx")).unwrap();
    let case = std::fs::read_to_string(common::casos().join("caso_108805.toml"))
        .unwrap()
        .replace("formato_108805.csv", "libro.xlsx");
    let case = w.write("caso.toml", case);
    let out = w
        .sigce()
        .arg("--config")
        .arg(common::casos().join("sigce.toml"))
        .arg("escalar")
        .arg(&case)
        .arg("-o")
        .arg(w.path("salida"))
        .arg("--historial")
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let eml = std::fs::read_dir(w.path("salida"))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".eml"))
        .expect("a message");
    let bytes = std::fs::read(eml.path()).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let body = message.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(
        body.contains("Fila 2 (hoja «Docentes»), I2 CORREO ELECTRONICO:"),
        "{body}"
    );
}
