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
    let rejected = common::rejection_table(&w.path("formato.rechazos.xlsx"));
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
    let rejected = common::rejection_table(&w.path("libro.rechazos.xlsx"));
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

// 5. People on sheets that are not validated.

#[test]
fn people_on_another_sheet_without_the_header_are_named_in_a_warning_not_lost_silently() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let users = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(users, 0, &headers(), &[valid_row(1)]);
    // The list goes on in another sheet, without the header.
    let more = book.add_worksheet().set_name("Hoja2").unwrap();
    for (r, row) in [valid_row(2), valid_row(3)].iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            more.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    // Another list with a header of its own that is not the form's.
    let other = book.add_worksheet().set_name("Hoja3").unwrap();
    let own = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    fill(
        other,
        0,
        &["NOMBRES", "APELLIDOS", "CEDULA", "CORREO"],
        &[own(&["LUIS", "ROJAS", "80000001", "l@x.co"])],
    );
    // A sheet of notes: text, but nothing like a person.
    let notes = book.add_worksheet().set_name("Notas").unwrap();
    notes.write_string(0, 0, "Enviado por").unwrap();
    notes.write_string(0, 1, "Rectoría").unwrap();
    notes.write_string(0, 2, "el lunes").unwrap();
    notes.write_number(1, 0, 2026.0).unwrap();
    notes.write_string(1, 1, "ticket").unwrap();
    notes.write_string(1, 2, "en trámite").unwrap();
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(row_codes(file).len(), 1);
    let not_validated: Vec<String> = warnings_of(file)
        .into_iter()
        .filter(|(c, _)| c == "HOJA_NO_VALIDADA")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        not_validated,
        [
            "La hoja «Hoja2» no se validó y tiene 2 filas que parecen personas (filas 1 a 2): si lo son, cópielas a la hoja del formato, debajo del encabezado.",
            "La hoja «Hoja3» no se validó y tiene 1 fila que parece una persona (fila 2): si lo son, cópielas a la hoja del formato, debajo del encabezado.",
        ]
    );
    // The terminal report says it too.
    let out = w
        .sigce()
        .args(["validar", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("La hoja «Hoja2» no se validó"), "{text}");
}

#[test]
fn a_hidden_sheet_with_people_is_named_in_a_warning_and_validated_with_hoja() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let users = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(users, 0, &headers(), &[valid_row(1)]);
    users.set_active(true);
    let hidden = book.add_worksheet().set_name("Oculta").unwrap();
    fill(hidden, 0, &headers(), &[valid_row(2)]);
    hidden.set_hidden(true);
    // A hidden sheet of lists (as many forms have) is no people.
    let lists = book.add_worksheet().set_name("Listas").unwrap();
    for (r, v) in ["CC", "CE", "TI"].iter().enumerate() {
        lists.write_string(r as u32, 0, *v).unwrap();
    }
    lists.set_hidden(true);
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(file["sheets"], serde_json::json!(["Usuarios"]));
    assert_eq!(row_codes(file).len(), 1);
    let not_validated: Vec<String> = warnings_of(file)
        .into_iter()
        .filter(|(c, _)| c == "HOJA_NO_VALIDADA")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        not_validated,
        [
            "La hoja oculta «Oculta» tiene filas que parecen personas y no se validó; si es la correcta, use --hoja \"Oculta\"."
        ]
    );
    let (code, json) = w.validate_json(&[path.to_str().unwrap(), "--hoja", "Oculta"]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(file["sheet"], "Oculta");
    assert!(
        !warnings_of(file)
            .iter()
            .any(|(c, _)| c == "HOJA_NO_VALIDADA"),
        "{file}"
    );
}

#[test]
fn a_form_only_on_a_hidden_sheet_is_not_found_but_the_error_names_it() {
    let w = Workdir::new();
    let path = w.path("libro.xlsx");
    let mut book = Workbook::new();
    let cover = book.add_worksheet().set_name("Portada").unwrap();
    cover
        .write_string(0, 0, "Formato de creación de usuarios")
        .unwrap();
    let hidden = book.add_worksheet().set_name("Datos").unwrap();
    fill(hidden, 0, &headers(), &[valid_row(1)]);
    hidden.set_hidden(true);
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 2, &json);
    let error = &json["files"][0]["error"];
    assert_eq!(error["code"], "ENCABEZADO_NO_ENCONTRADO");
    // The hidden sheet is not listed as searched, but the help names it.
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("de las hojas «Portada» una fila"),
        "{error}"
    );
    assert!(
        error["help"].as_str().unwrap().contains("--hoja \"Datos\""),
        "{error}"
    );
}

#[test]
fn the_template_instructions_sheet_does_not_look_like_people() {
    let w = Workdir::new();
    let bytes = sigce::write::template_xlsx::build(&sigce::write::template_xlsx::Options {
        ticket: Some("123456"),
        rows: 20,
    })
    .unwrap();
    let path = w.write("plantilla.xlsx", bytes);
    let limits = sigce::limits::Limits::default();
    let mut sheets = sigce::read::read_all(&sigce::read::Input::Path(path), None, &limits).unwrap();
    // The instructions hold example values (a document, e-mails, a phone).
    let instructions = &sheets[0];
    assert_eq!(instructions.name.as_deref(), Some("Instrucciones"));
    assert!(
        instructions
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.display() == "52123456"))
    );
    let users = sheets
        .iter_mut()
        .find(|s| s.name.as_deref() == Some("Usuarios"))
        .unwrap();
    let header = users
        .rows
        .iter()
        .position(|r| r.cell(0).display() == "PRIMER NOMBRE")
        .unwrap();
    let number = users.rows[header].number;
    users.rows.truncate(header + 1);
    for n in 1..=3u32 {
        users.rows.push(sigce::read::sheet::RawRow {
            number: number + n,
            cells: valid_row(n)
                .into_iter()
                .map(sigce::read::sheet::RawCell::Text)
                .collect(),
        });
    }
    let opts = sigce::pipeline::BuildOptions {
        rules: sigce::policy::Settings::default(),
        ticket: None,
        file_stem: None,
        file: "plantilla.xlsx",
    };
    let form = sigce::pipeline::build(sheets, &opts).unwrap();
    assert_eq!(form.rows.len(), 3);
    let codes: Vec<&str> = form.warnings.iter().map(|w| w.code()).collect();
    assert!(!codes.contains(&"HOJA_NO_VALIDADA"), "{codes:?}");
}

// 6. A header repeated without every required column.

#[test]
fn a_repeated_header_missing_a_column_is_a_file_error_not_rows_read_with_the_wrong_columns() {
    let w = Workdir::new();
    let own = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let permute = |mut row: Vec<String>| {
        row.swap(2, 3);
        row.swap(8, 10);
        row
    };
    let mut second = permute(own(&headers()));
    second[11] = "CONTACTO".into();
    let mut third = valid_row(3);
    third[0] = "MARIA".into();
    third[10] = "maria@gmail.com".into();
    let text = csv(&[
        own(&headers()),
        valid_row(1),
        second,
        permute(valid_row(2)),
        permute(third),
    ]);
    let input = w.write("f.csv", text);
    let (code, json) = w.validate_json(&[input.to_str().unwrap(), "--formato", "csv"]);
    assert_exit_code(code, 2, &json);
    let error = &json["files"][0]["error"];
    assert_eq!(error["code"], "COLUMNAS_FALTANTES");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("la fila 3 parece repetir el encabezado, pero sin TELEFONO: las filas de abajo no se pueden leer con seguridad"),
        "{message}"
    );
    assert!(message.contains("«CONTACTO» (L3)"), "{message}");
    assert!(message.contains("«CORREO ALTERNO» (I3)"), "{message}");
    assert!(
        error["help"]
            .as_str()
            .unwrap()
            .contains("Corrija la fila 3"),
        "{error}"
    );
    // Nothing is written: no row read with the first header's order.
    assert!(!w.path("f.limpio.csv").exists());
    assert!(!w.path("f.rechazos.xlsx").exists());
}

#[test]
fn a_repeated_header_missing_a_column_far_down_a_long_sheet_stops_the_file() {
    let w = Workdir::new();
    let path = w.path("largo.xlsx");
    let mut rows: Vec<Vec<String>> = (1..=150).map(valid_row).collect();
    let mut header: Vec<String> = headers().iter().map(|s| s.to_string()).collect();
    header.swap(2, 3);
    header[11] = "CELULAR DE CONTACTO".into();
    rows.insert(120, header);
    let mut book = Workbook::new();
    fill(book.add_worksheet(), 0, &headers(), &rows);
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 2, &json);
    let error = &json["files"][0]["error"];
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("la fila 122 parece repetir el encabezado, pero sin TELEFONO"),
        "{error}"
    );
    assert!(!w.path("largo.limpio.xlsx").exists());
}

#[test]
fn a_long_sheet_without_the_header_beside_a_long_form_is_only_looked_at_in_its_first_rows() {
    let w = Workdir::new();
    let path = w.path("largo.xlsx");
    let mut book = Workbook::new();
    let users = book.add_worksheet().set_name("Usuarios").unwrap();
    fill(
        users,
        0,
        &headers(),
        &(1..=100).map(valid_row).collect::<Vec<_>>(),
    );
    let more = book.add_worksheet().set_name("Hoja2").unwrap();
    for r in 0..100u32 {
        for (c, v) in valid_row(200 + r)
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
        {
            more.write_string(r, c as u16, v).unwrap();
        }
    }
    book.save(&path).unwrap();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(row_codes(file).len(), 100);
    let warning = warnings_of(file)
        .into_iter()
        .find(|(c, _)| c == "HOJA_NO_VALIDADA")
        .unwrap();
    assert_eq!(
        warning.1,
        "La hoja «Hoja2» no se validó y tiene al menos 64 filas que parecen personas (filas 1 a 64): si lo son, cópielas a la hoja del formato, debajo del encabezado."
    );
}

/// An ODS table of text cells, for `ods_book`.
fn ods_table(name: &str, style: &str, rows: &[Vec<String>]) -> String {
    let mut xml = format!("<table:table table:name=\"{name}\" table:style-name=\"{style}\">");
    for row in rows {
        xml.push_str("<table:table-row>");
        for value in row {
            if value.is_empty() {
                xml.push_str("<table:table-cell/>");
            } else {
                xml.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{value}</text:p></table:table-cell>"
                ));
            }
        }
        xml.push_str("</table:table-row>");
    }
    xml.push_str("</table:table>");
    xml
}

/// An ODS workbook of the given tables; style "oculta" hides a table.
fn ods_book(tables: &[String]) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:automatic-styles><style:style style:name="visible" style:family="table"><style:table-properties table:display="true"></style:table-properties></style:style><style:style style:name="oculta" style:family="table"><style:table-properties table:display="false"></style:table-properties></style:style></office:automatic-styles><office:body><office:spreadsheet>{}</office:spreadsheet></office:body></office:document-content>"#,
        tables.concat()
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_hidden_ods_sheet_read_in_a_child_process_stays_hidden_and_is_named_in_a_warning() {
    let w = Workdir::new();
    let own: Vec<String> = headers().iter().map(|s| s.to_string()).collect();
    let bytes = ods_book(&[
        ods_table("Usuarios", "visible", &[own.clone(), valid_row(1)]),
        ods_table("Oculta", "oculta", &[own, valid_row(2)]),
    ]);
    let path = w.write("libro.ods", bytes);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_exit_code(code, 0, &json);
    let file = &json["files"][0];
    assert_eq!(file["sheets"], serde_json::json!(["Usuarios"]));
    assert_eq!(row_codes(file).len(), 1);
    assert!(
        warnings_of(file)
            .iter()
            .any(|(c, m)| c == "HOJA_NO_VALIDADA"
                && m.starts_with("La hoja oculta «Oculta» tiene filas que parecen personas")),
        "{file}"
    );
}
