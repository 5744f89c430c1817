//! Forms as schools and education offices really make them: headers over
//! two merged rows, their own wording of the column names, a numbering
//! column, and a footer of signatures and totals under the table.

mod common;

use common::{Workdir, valid_row};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;

/// A person's values after a "No." counter, in the columns of the
/// two-row header below (same order as the template).
fn person(n: u32) -> Vec<String> {
    let mut row = vec![n.to_string()];
    row.extend(valid_row(n));
    row
}

fn write_row(sheet: &mut Worksheet, r: u32, values: &[String]) {
    for (c, v) in values.iter().enumerate() {
        if !v.is_empty() {
            sheet.write_string(r, c as u16, v).unwrap();
        }
    }
}

/// The two header rows of a government form: NOMBRES and APELLIDOS merged
/// over PRIMER/SEGUNDO, DOCUMENTO over TIPO/NÚMERO, the others merged down.
fn two_row_header(sheet: &mut Worksheet, top: u32) {
    let f = Format::new().set_bold();
    sheet.merge_range(top, 0, top + 1, 0, "No.", &f).unwrap();
    sheet.merge_range(top, 1, top, 2, "NOMBRES", &f).unwrap();
    sheet.merge_range(top, 3, top, 4, "APELLIDOS", &f).unwrap();
    sheet.merge_range(top, 5, top, 6, "DOCUMENTO", &f).unwrap();
    for (col, sub) in [(1, "PRIMER"), (2, "SEGUNDO"), (3, "PRIMER"), (4, "SEGUNDO")] {
        sheet
            .write_string_with_format(top + 1, col, sub, &f)
            .unwrap();
    }
    sheet
        .write_string_with_format(top + 1, 5, "TIPO", &f)
        .unwrap();
    sheet
        .write_string_with_format(top + 1, 6, "NÚMERO", &f)
        .unwrap();
    for (col, title) in [
        (7, "PERFIL"),
        (8, "CÓD. DANE ESTABLECIMIENTO"),
        (9, "E-MAIL INSTITUCIONAL"),
        (10, "CARGO"),
        (11, "CORREO PERSONAL"),
        (12, "CELULAR"),
    ] {
        sheet
            .merge_range(top, col, top + 1, col, title, &f)
            .unwrap();
    }
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_header_merged_over_two_rows_is_read_and_its_second_row_is_no_person() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "FORMATO SOLICITUD DE USUARIOS SIGCE")
        .unwrap();
    two_row_header(sheet, 2);
    for n in 1..=3 {
        write_row(sheet, 3 + n, &person(n));
    }
    let path = wd.path("dos_filas.xlsx");
    book.save(&path).unwrap();
    let (code, json) = wd.validate_json(&["--ticket", "123456", path.to_str().unwrap()]);
    let file = &json["files"][0];
    assert_eq!(code, 0, "{file}");
    assert_eq!(file["counts"]["accepted"], 3, "{file}");
    let rows: Vec<u64> = file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [5, 6, 7]);
    // The counter column says nothing; every column of the form is known.
    assert_eq!(
        codes(&file["file_warnings"]),
        Vec::<String>::new(),
        "{file}"
    );
}

/// A form with `people` rows and, under them, the footer schools write.
fn form_with_footer(wd: &Workdir, name: &str, after_footer: Option<u32>) -> std::path::PathBuf {
    let mut lines = vec![common::headers().join(";")];
    for n in 1..=3 {
        lines.push(valid_row(n).join(";"));
    }
    lines.push(";".repeat(11));
    lines.push("Total: 3;;;;;;;;;;;".into());
    lines.push("Elaboró: MARIA PEREZ;;;Revisó: JUAN GOMEZ;;;;;;;;".into());
    lines.push("Secretaria;;;Rector;;;;;;;;".into());
    lines.push("____________________;;;____________________;;;;;;;;".into());
    lines.push("Firma rector;;;Vo. Bo.;;;;;;;;".into());
    if let Some(n) = after_footer {
        lines.push(valid_row(n).join(";"));
    }
    wd.write(name, lines.join("\n") + "\n")
}

#[test]
fn a_footer_of_signatures_and_totals_is_left_out_and_named() {
    let wd = Workdir::new();
    let path = form_with_footer(&wd, "pie.csv", None);
    let (code, json) =
        wd.validate_json(&["--estricto", "--ticket", "123456", path.to_str().unwrap()]);
    let file = &json["files"][0];
    // Before: five "people" rejected with nine errors each, and under
    // --estricto the whole form refused.
    assert_eq!(code, 0, "{file}");
    assert_eq!(file["counts"]["rows"], 3, "{file}");
    assert_eq!(file["counts"]["rejected"], 0, "{file}");
    let footer: Vec<(u64, String)> = file["footer_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        footer,
        [
            (6, "Total: 3".to_string()),
            (7, "Elaboró: MARIA PEREZ | Revisó: JUAN GOMEZ".to_string()),
            (8, "Secretaria | Rector".to_string()),
            (9, "____________________ | ____________________".to_string()),
            (10, "Firma rector | Vo. Bo.".to_string()),
        ]
    );
    let warning = file["file_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "PIE_DEL_FORMATO")
        .unwrap_or_else(|| panic!("{file}"));
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.starts_with("Las filas 6 a 10, debajo de la última persona"),
        "{message}"
    );
    assert!(
        message.contains("fila 7 «Elaboró: MARIA PEREZ | Revisó: JUAN GOMEZ»"),
        "{message}"
    );
    // Not in the clean file.
    let clean = std::fs::read_to_string(wd.path("pie.limpio.csv")).unwrap_or_default();
    assert!(
        !clean.contains("Elaboró") && !clean.contains("Total"),
        "{clean}"
    );
}

#[test]
fn rows_that_look_like_a_footer_but_have_a_person_after_them_are_checked() {
    let wd = Workdir::new();
    let path = form_with_footer(&wd, "pie_medio.csv", Some(4));
    let (code, json) = wd.validate_json(&["--ticket", "123456", path.to_str().unwrap()]);
    let file = &json["files"][0];
    assert_eq!(code, 1, "{file}");
    assert_eq!(file["footer_rows"].as_array().unwrap().len(), 0, "{file}");
    // The four people and the five rows between them, rejected.
    assert_eq!(file["counts"]["accepted"], 4, "{file}");
    assert_eq!(file["counts"]["rejected"], 5, "{file}");
}

#[test]
fn the_wordings_schools_use_for_column_names_are_recognized() {
    let wd = Workdir::new();
    let header = [
        "Nombre 1",
        "Nombre 2",
        "Apellido 1",
        "Apellido 2",
        "Tipo Doc.",
        "N° IDENTIFICACIÓN",
        "ROL",
        "COD. DANE ESTABLECIMIENTO",
        "E-MAIL INSTITUCIONAL",
        "Cargo",
        "Correo personal",
        "Celular",
    ];
    for (i, number) in [
        "No. IDENTIFICACIÓN",
        "No IDENTIFICACION",
        "N° IDENTIFICACIÓN",
        "No. CÉDULA",
    ]
    .iter()
    .enumerate()
    {
        let mut header = header.to_vec();
        header[5] = number;
        let body = format!("{}\n{}\n", header.join(";"), valid_row(1).join(";"));
        let name = format!("palabras{i}.csv");
        let path = wd.write(&name, body);
        let (code, json) = wd.validate_json(&["--ticket", "123456", path.to_str().unwrap()]);
        let file = &json["files"][0];
        assert_eq!(code, 0, "{number}: {file}");
        assert_eq!(
            codes(&file["file_warnings"]),
            Vec::<String>::new(),
            "{number}: {file}"
        );
    }
}

/// A row: number, status, codes other than fixes, e-mail from a link.
type RowOutcome = (u64, String, Vec<String>, bool);
type Outcome = (Value, Vec<u64>, Vec<RowOutcome>);

/// The outcome of a form: ticket, footer rows, and each row's number,
/// status and non-fix codes, with whether its e-mail came from a link.
fn outcome(file: &Value) -> Outcome {
    let footer = file["footer_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    let rows = file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let issues = r["issues"].as_array().unwrap();
            (
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
                issues
                    .iter()
                    .filter(|i| i["severity"] != "fix")
                    .map(|i| i["code"].as_str().unwrap().to_string())
                    .collect(),
                issues.iter().any(|i| i["code"] == "CORREO_ENLACE"),
            )
        })
        .collect();
    (file["ticket"].clone(), footer, rows)
}

/// The fixture of a form as an institution sends it, with every situation
/// at once, saved by LibreOffice (fixtures/README.md): each format it was
/// saved in gives the same outcome.
#[test]
fn a_real_world_form_saved_by_libreoffice_reads_the_same_in_every_format() {
    let expected = (
        Value::from("108805"),
        vec![13, 14, 15, 16],
        vec![
            (7, "accepted".to_string(), vec![], true),
            (
                8,
                "rejected".to_string(),
                vec!["PERFIL_INVALIDO".to_string()],
                false,
            ),
            (9, "accepted".to_string(), vec![], true),
            (
                10,
                "accepted".to_string(),
                vec!["CORREO_DOMINIO_PROBABLE_ERROR".to_string()],
                false,
            ),
            (
                11,
                "accepted".to_string(),
                vec!["SEGUNDO_APELLIDO_VACIO_CE".to_string()],
                false,
            ),
        ],
    );
    for name in [
        "formato_real_original.xlsx",
        "formato_real.xlsx",
        "formato_real.xls",
        "formato_real.ods",
    ] {
        let stem = name.rsplit_once('.').unwrap().0;
        let w = Workdir::new();
        let input = w.copy(&common::fixture(&format!("real/{name}")), name);
        let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {json}");
        let file = &json["files"][0];
        assert_eq!(outcome(file), expected, "{name}");
        // The profile advice follows the row's DANE code, not the spelling.
        let perfil = file["rows"][1]["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == "PERFIL_INVALIDO")
            .unwrap();
        assert!(
            perfil["help"]
                .as_str()
                .unwrap()
                .contains("FUNCIONARIO ESTABLECIMIENTO EDUCATIVO"),
            "{name}: {perfil}"
        );
        // The footer is named, and no row of it is a person.
        assert!(
            file["footer_rows"][0]["text"]
                .as_str()
                .unwrap()
                .starts_with("Elaboró")
        );
        // The rejection workbook heads with the form's institution, and the
        // school's own columns come back.
        let table = common::rejection_table(&w.path(&format!("{stem}.rechazos.xlsx")));
        assert!(table[0].contains(&"SEDE".to_string()), "{:?}", table[0]);
        let book = common::read_book(&w.path(&format!("{stem}.rechazos.xlsx")));
        let first = common::text_rows(&book[0].1);
        assert!(
            first
                .iter()
                .any(|r| r[0] == "Institución: I.E. LA ESPERANZA"),
            "{name}"
        );
    }
}
