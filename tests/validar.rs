//! `sigce validar` end to end: fixtures in every format, the JSON report, the
//! output workbooks read back, exit codes and file-level errors.

mod common;

use std::collections::BTreeSet;

use calamine::Data;
use common::{Workdir, example, fixture, read_book, rejection_table, row_codes, text_rows};
use sigce::codes;
use sigce::diagnostic::Scope;

/// What each row of fixtures/reglas.* must produce (row number as seen in a
/// spreadsheet: title, ticket, blank and header rows come first).
const EXPECTED: &[(u64, &str, &[&str])] = &[
    (5, "accepted", &[]),
    (
        6,
        "accepted",
        &[
            "CARACTERES_INVISIBLES",
            "ESPACIOS",
            "MAYUSCULAS",
            "TILDES",
            "MAYUSCULAS",
            "LETRA_ENE",
            "TIPO_DOCUMENTO_FORMATO",
            "DOCUMENTO_SEPARADORES",
            "PERFIL_FORMATO",
            "DANE_SEPARADORES",
            "CORREO_ENLACE",
            "CORREO_MINUSCULAS",
            "MAYUSCULAS",
            "CARGO_VINETA",
            "TELEFONO_FORMATO",
            "TELEFONO_INDICATIVO",
        ],
    ),
    (7, "rejected", &["CELDA_ERROR"]),
    (8, "rejected", &["NUMERO_DECIMAL"]),
    (9, "rejected", &["TEXTO_MOJIBAKE"]),
    (11, "rejected", &["CAMPO_OBLIGATORIO"]),
    (12, "accepted", &["SEGUNDO_APELLIDO_VACIO_CE"]),
    (13, "rejected", &["NOMBRE_CARACTERES"]),
    (14, "accepted", &["APELLIDO_PARTICULA"]),
    (15, "rejected", &["TIPO_DOCUMENTO_INVALIDO"]),
    (16, "rejected", &["DOCUMENTO_CARACTERES"]),
    (17, "rejected", &["DOCUMENTO_LONGITUD"]),
    (18, "accepted", &["DOCUMENTO_CC_CORTO"]),
    (19, "accepted", &["DOCUMENTO_CC_INUSUAL"]),
    (
        20,
        "accepted",
        &["DOCUMENTO_TARJETA_IDENTIDAD", "DOCUMENTO_TI_LONGITUD"],
    ),
    (21, "accepted", &["DOCUMENTO_CE_LETRAS"]),
    (22, "accepted", &["DOCUMENTO_CERO_INICIAL"]),
    (23, "accepted", &["DOCUMENTO_DIGITOS_IGUALES"]),
    (24, "rejected", &["PERFIL_INVALIDO"]),
    (25, "rejected", &["DANE_OBLIGATORIO"]),
    (26, "rejected", &["DANE_NOTACION_CIENTIFICA"]),
    (27, "rejected", &["DANE_CARACTERES"]),
    (28, "rejected", &["DANE_LONGITUD"]),
    (29, "rejected", &["DANE_DEPARTAMENTO"]),
    (30, "accepted", &["DANE_MUNICIPIO"]),
    (31, "accepted", &["DANE_PRIMER_DIGITO"]),
    (32, "accepted", &["DANE_PERFIL_MEN"]),
    (33, "rejected", &["CORREO_MULTIPLE"]),
    (34, "rejected", &["CORREO_SINTAXIS"]),
    (35, "accepted", &["CORREO_DOMINIO_PROBABLE_ERROR"]),
    (36, "accepted", &["CORREO_ALTERNO_IGUAL"]),
    (37, "rejected", &["TELEFONO_MULTIPLE"]),
    (38, "accepted", &["TELEFONO_SIN_INDICATIVO"]),
    (39, "rejected", &["TELEFONO_INVALIDO"]),
    (40, "rejected", &["CARGO_FORMULA"]),
    (41, "rejected", &["DOCUMENTO_DUPLICADO"]),
    (42, "rejected", &["DOCUMENTO_DUPLICADO_DISTINTO"]),
    (43, "rejected", &["DOCUMENTO_DUPLICADO_DISTINTO"]),
    (44, "rejected", &["CORREO_DUPLICADO"]),
    (45, "rejected", &["CORREO_DUPLICADO"]),
];

fn expected_rows() -> Vec<(u64, String, Vec<String>)> {
    EXPECTED
        .iter()
        .map(|(r, s, c)| (*r, s.to_string(), c.iter().map(|c| c.to_string()).collect()))
        .collect()
}

#[test]
fn every_fixture_format_gives_the_expected_issues_per_row() {
    let w = Workdir::new();
    for name in [
        "reglas.xlsx",
        "reglas.xls",
        "reglas.ods",
        "reglas_utf8.csv",
        "reglas_utf8_bom.csv",
        "reglas_cp1252.csv",
    ] {
        let input = w.copy(&fixture(name), name);
        let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        let file = &json["files"][0];
        assert_eq!(file["ticket"], "778899", "{name}");
        assert_eq!(file["status"], "partial", "{name}");
        assert_eq!(row_codes(file), expected_rows(), "{name}");
        assert_eq!(file["counts"]["rows"], 40, "{name}");
        let accepted = EXPECTED.iter().filter(|(_, s, _)| *s == "accepted").count();
        assert_eq!(file["counts"]["accepted"], accepted, "{name}");
        assert_eq!(file["counts"]["rejected"], 40 - accepted, "{name}");
    }
}

#[test]
fn the_fixture_exercises_every_row_rule_of_the_catalogue() {
    let exercised: BTreeSet<&str> = EXPECTED
        .iter()
        .flat_map(|(_, _, c)| c.iter().copied())
        .collect();
    // Shown by their own tests: ragged CSV rows, strict mode, the ledger,
    // data outside the form's columns, a cell longer than an XLSX holds
    // (tests/entradas.rs; no workbook fixture can hold one).
    let elsewhere = [
        "CELDA_DEMASIADO_LARGA",
        "FILA_IRREGULAR",
        "DATOS_FUERA_DEL_FORMATO",
        "FORMATO_NO_RECIBIDO",
        "DOCUMENTO_YA_ENVIADO",
        "CORREO_YA_ENVIADO",
        // Characters a Windows-1252 fixture cannot hold: tests/unicode.rs.
        "CARACTERES_NO_LATINOS",
        "CARACTERES_COMPATIBLES",
    ];
    for rule in codes::all().filter(|r| r.scope != Scope::File) {
        assert!(
            exercised.contains(rule.code) || elsewhere.contains(&rule.code),
            "no fixture row shows {}",
            rule.code
        );
    }
}

#[test]
fn windows_1252_csv_keeps_the_ene_and_accents_before_fixing_them() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas_cp1252.csv"), "reglas_cp1252.csv");
    let (_, json) = w.validate_json(&[input.to_str().unwrap()]);
    let row6 = &json["files"][0]["rows"][1]["issues"];
    let ene = row6
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "LETRA_ENE")
        .unwrap();
    assert_eq!(ene["before"], "MUÑOZ");
    assert_eq!(ene["after"], "MUNOZ");
    assert_eq!(ene["field"], "segundo_apellido");
    assert_eq!(ene["cell"], "D6");
}

#[test]
fn issues_carry_field_cell_and_a_message_quoting_the_value() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas.xlsx"), "reglas.xlsx");
    let (_, json) = w.validate_json(&[input.to_str().unwrap()]);
    let rows = json["files"][0]["rows"].as_array().unwrap();
    let dane = rows.iter().find(|r| r["row"] == 28).unwrap();
    let issue = &dane["issues"][0];
    assert_eq!(issue["code"], "DANE_LONGITUD");
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["field"], "codigo_dane");
    assert_eq!(issue["cell"], "H28");
    assert!(issue["message"].as_str().unwrap().contains("«10500100001»"));
    assert!(issue["help"].as_str().unwrap().contains("11 dígitos"));
}

#[test]
fn clean_file_is_plain_text_with_ticket_and_validates_again_without_fixes() {
    let w = Workdir::new();
    let input = w.copy(&example(), "formato_creacion_usuarios.xlsx");
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["ticket"], "123456");
    let clean = w.path("formato_creacion_usuarios.limpio.xlsx");
    assert_eq!(file["outputs"]["clean"], clean.to_str().unwrap());

    let book = read_book(&clean);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    // The example has accepted rows with warnings: they are listed to check.
    assert_eq!(names, ["Usuarios", "Revisar", "Correcciones"]);
    let rows = &book[0].1;
    let text = text_rows(rows);
    assert_eq!(
        text[0],
        [
            "TICKET",
            "PRIMER NOMBRE",
            "SEGUNDO NOMBRE",
            "PRIMER APELLIDO",
            "SEGUNDO APELLIDO",
            "TIPO DE DOCUMENTO",
            "NUMERO DE DOCUMENTO",
            "PERFIL",
            "CODIGO DANE",
            "CORREO ELECTRONICO",
            "CARGO",
            "CORREO ALTERNO",
            "TELEFONO"
        ]
    );
    assert_eq!(
        rows.len() as u64 - 1,
        file["counts"]["accepted"].as_u64().unwrap()
    );
    // Every cell is text: ids never become numbers.
    for row in rows {
        for cell in row {
            assert!(
                matches!(cell, Data::String(_) | Data::Empty),
                "non-text cell {cell:?}"
            );
        }
    }
    assert_eq!(
        text[1],
        [
            "123456",
            "MARIA JOSE",
            "",
            "MUNOZ",
            "PENA",
            "CC",
            "52123456",
            "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            "105001000019",
            "maria.munoz@colegio.edu.co",
            "DOCENTE",
            "",
            "3105551234"
        ]
    );
    // One line per changed cell, from what was written to what is sent.
    let fixes = text_rows(&book[2].1);
    assert_eq!(
        fixes[0],
        ["FILA", "CELDA", "CAMPO", "ANTES", "DESPUES", "CORRECCIONES"]
    );
    assert!(
        fixes.iter().any(|r| r
            == &[
                "7",
                "B7",
                "PRIMER NOMBRE",
                "  maría josé ",
                "MARIA JOSE",
                "ESPACIOS, MAYUSCULAS, TILDES"
            ]),
        "{fixes:?}"
    );
    assert!(
        fixes.iter().any(|r| r[0] == "7"
            && r[2] == "PRIMER APELLIDO"
            && r[3] == "Muñoz"
            && r[4] == "MUNOZ")
    );
    let changed_cells: usize = file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "accepted")
        .map(|r| {
            let mut fields: Vec<&str> = r["issues"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["severity"] == "fix")
                .map(|i| i["field"].as_str().unwrap())
                .collect();
            fields.sort();
            fields.dedup();
            fields.len()
        })
        .sum();
    assert_eq!(fixes.len() - 1, changed_cells);

    // Idempotence: the clean file passes with no fixes and no errors.
    let (code, again) = w.validate_json(&[clean.to_str().unwrap()]);
    let again = &again["files"][0];
    assert_eq!(again["counts"]["fixes"], 0);
    assert_eq!(again["counts"]["rejected"], 0);
    assert_eq!(again["ticket"], "123456");
    assert!(
        again["file_warnings"].as_array().unwrap().is_empty(),
        "{}",
        again["file_warnings"]
    );
    assert_eq!(code, 0);
}

#[test]
fn rejection_workbook_keeps_original_values_and_explains_each_row() {
    let w = Workdir::new();
    let input = w.copy(&example(), "formato.xlsx");
    let (_, json) = w.validate_json(&[input.to_str().unwrap()]);
    let file = &json["files"][0];
    let path = w.path("formato.rechazos.xlsx");
    let book = read_book(&path);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Para corregir", "Resumen"]);
    // The heading says what the file is, for which ticket, and what to do.
    let sheet = text_rows(&book[0].1);
    let heading: Vec<&str> = sheet.iter().take(8).map(|r| r[0].as_str()).collect();
    assert!(heading[0].starts_with("FILAS PARA CORREGIR"), "{heading:?}");
    let ticket = file["ticket"].as_str().unwrap();
    assert!(
        heading.contains(&format!("Ticket: {ticket}").as_str()),
        "{heading:?}"
    );
    assert!(
        heading
            .iter()
            .any(|h| h.starts_with("Fecha de la revisión: "))
    );
    assert!(
        heading
            .iter()
            .any(|h| h.contains("envíelo de nuevo respondiendo al correo del ticket")),
        "{heading:?}"
    );
    let rows = rejection_table(&path);
    assert_eq!(rows[0][0], "FILA");
    assert_eq!(rows[0][13], "OBSERVACIONES DE LA REVISIÓN");
    let rejected: Vec<String> = file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "rejected")
        .map(|r| r["row"].to_string())
        .collect();
    let listed: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(listed, rejected);
    // Original values, as the school wrote them; the observation names the
    // column by its title (this table's cells are not the original ones).
    let sci = rows.iter().find(|r| r[0] == "12").unwrap();
    assert_eq!(sci[8], "1,05001E+11");
    assert!(sci[13].contains("[CODIGO DANE] Error:"), "{}", sci[13]);
    assert!(sci[13].contains("Qué hacer:"), "{}", sci[13]);
    let summary = text_rows(&book[1].1);
    assert!(
        summary
            .iter()
            .any(|r| r[0] == "Filas para corregir" && r[1] == rejected.len().to_string())
    );
    assert!(
        summary.iter().any(|r| r[0].contains("notación científica")),
        "{summary:?}"
    );
}

/// Past 5,000 rejected rows the rejection workbook is written a row at a
/// time (constant memory): the same rows and observations. Cell notes, which
/// the writer kept in memory (about 6 KB a row: a 1M-row bad batch passed
/// the 8 GB budget), go on the first 5,000 rows only, and «Resumen» says
/// OBSERVACIONES carries the same text.
#[test]
fn a_long_rejection_workbook_keeps_every_row_and_notes_the_first_5000() {
    let w = Workdir::new();
    let header = common::headers().join(";");
    let mut text = format!("{header}\n");
    let rows = 5_100;
    for i in 0..rows {
        text.push_str(&format!(
            "ANA;;PEREZ;GOMEZ;CC;{};FUNCIONARIO SECRETARIA;;u{i}@x.co;=CARGO{i};;3101234567\n",
            52_000_000 + i
        ));
    }
    let input = w.write("muchos.csv", &text);
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["counts"]["rejected"], rows);
    let path = w.path("muchos.rechazos.xlsx");
    let sheet = rejection_table(&path);
    assert_eq!(sheet.len(), rows + 1);
    let last = &sheet[rows];
    assert_eq!(last[0], (rows + 1).to_string());
    assert_eq!(last[10], format!("=CARGO{}", rows - 1));
    assert!(last[13].contains("fórmula"), "{}", last[13]);
    // One note per offending cell of the first 5,000 rows, none after.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/comments1.xml").unwrap(),
        &mut comments,
    )
    .unwrap();
    assert_eq!(comments.matches("<comment ").count(), 5_000);
    assert!(comments.contains("=CARGO4999"));
    assert!(!comments.contains("=CARGO5000"));
    let summary = text_rows(&read_book(&path)[1].1);
    let said = summary
        .iter()
        .find(|r| r[0] == "Notas en las celdas")
        .unwrap_or_else(|| panic!("{summary:?}"));
    assert!(
        said[1].contains("primeras 5000 filas") && said[1].contains("OBSERVACIONES"),
        "{said:?}"
    );
}

#[test]
fn every_row_ends_in_exactly_one_output() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas.xlsx"), "reglas.xlsx");
    let (_, json) = w.validate_json(&[input.to_str().unwrap()]);
    let file = &json["files"][0];
    let clean = read_book(&w.path("reglas.limpio.xlsx"));
    let rejected = rejection_table(&w.path("reglas.rechazos.xlsx"));
    let clean_rows = clean[0].1.len() - 1;
    let rejected_rows = rejected.len() - 1;
    assert_eq!(clean_rows + rejected_rows, 40);
    assert_eq!(
        clean_rows as u64,
        file["counts"]["accepted"].as_u64().unwrap()
    );
    // The rejected list keeps input order and its original row numbers.
    let numbers: Vec<u64> = rejected[1..]
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted);
}

#[test]
fn strict_mode_refuses_the_whole_form() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas.xlsx"), "reglas.xlsx");
    let (code, json) = w.validate_json(&["--estricto", input.to_str().unwrap()]);
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["status"], "rejected");
    assert_eq!(file["outputs"]["clean"], serde_json::Value::Null);
    assert_eq!(file["counts"]["accepted"], 0);
    assert!(!w.path("reglas.limpio.xlsx").exists());
    let rows = rejection_table(&w.path("reglas.rechazos.xlsx"));
    assert_eq!(rows.len() - 1, 40);
    let first = &file["rows"][0];
    assert_eq!(first["status"], "rejected");
    assert_eq!(first["issues"][0]["code"], "FORMATO_NO_RECIBIDO");
    // Rows to correct come first; the rows held back follow, said to be
    // fine and never called errors.
    let held_back = file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["issues"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["severity"] == "error")
                .all(|i| i["code"] == "FORMATO_NO_RECIBIDO")
        })
        .count();
    assert!(held_back > 0 && held_back < 40);
    let (to_correct, fine) = rows[1..].split_at(40 - held_back);
    for row in fine {
        let observations = row.last().unwrap();
        assert!(
            observations.starts_with("Sin errores: Esta fila está bien"),
            "{observations}"
        );
        assert!(!observations.contains("Error:"), "{observations}");
    }
    for row in to_correct {
        assert!(row.last().unwrap().contains("Error:"), "{row:?}");
    }
}

#[test]
fn strict_mode_accepts_a_clean_form() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let (code, json) = w.validate_json(&["--estricto", input.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["status"], "accepted");
}

#[test]
fn valid_forms_in_every_format_exit_zero_without_fixes_or_rejections_file() {
    let w = Workdir::new();
    for name in ["valido.xlsx", "valido.xls", "valido.ods", "valido.csv"] {
        let input = w.copy(&fixture(name), name);
        let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
        let file = &json["files"][0];
        assert_eq!(code, 0, "{name}");
        assert_eq!(file["ticket"], "445566", "{name}");
        assert_eq!(file["counts"]["fixes"], 0, "{name}");
        assert_eq!(file["counts"]["warnings"], 0, "{name}");
        assert_eq!(
            file["outputs"]["rejections"],
            serde_json::Value::Null,
            "{name}"
        );
    }
    assert!(!w.files().iter().any(|f| f.contains(".rechazos.")));
}

#[test]
fn clean_csv_format_is_utf8_with_comma_and_ticket() {
    let w = Workdir::new();
    let input = w.copy(&example(), "f.xlsx");
    let (_, json) = w.validate_json(&["--formato", "csv", input.to_str().unwrap()]);
    let clean = w.path("f.limpio.csv");
    assert_eq!(
        json["files"][0]["outputs"]["clean"],
        clean.to_str().unwrap()
    );
    let text = std::fs::read_to_string(clean).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("TICKET,PRIMER NOMBRE,SEGUNDO NOMBRE")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("123456,MARIA JOSE,,MUNOZ,PENA,CC,52123456,")
    );
}

#[test]
fn ragged_csv_rows_are_row_errors() {
    let w = Workdir::new();
    let header = common::headers().join(";");
    let ok = "ANA;;PEREZ;GOMEZ;CC;52000001;FUNCIONARIO SECRETARIA;;a@x.co;DOCENTE;;3101234567";
    let ragged =
        "LUIS;;PEREZ;GOMEZ;CC;52000002;FUNCIONARIO SECRETARIA;;b@x.co;DOCENTE;;3101234567;EXTRA";
    let input = w.write("irregular_55555.csv", format!("{header}\n{ok}\n{ragged}\n"));
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["ticket"], "55555", "ticket from the file name");
    assert_eq!(
        row_codes(file)[1],
        (
            3,
            "rejected".to_string(),
            vec!["FILA_IRREGULAR".to_string()]
        )
    );
    assert_eq!(file["sheet"], serde_json::Value::Null);
}

#[test]
fn duplicates_are_found_across_the_files_of_one_run() {
    let w = Workdir::new();
    let a = w.copy(&fixture("valido.xlsx"), "a.xlsx");
    let b = w.copy(&fixture("valido.csv"), "b.csv");
    let (code, json) = w.validate_json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["status"], "accepted");
    assert_eq!(json["files"][1]["status"], "rejected");
    let issue = &json["files"][1]["rows"][0]["issues"][0];
    assert_eq!(issue["code"], "DOCUMENTO_DUPLICADO");
    assert!(
        issue["message"].as_str().unwrap().contains("«a.xlsx»"),
        "{}",
        issue["message"]
    );
    assert_eq!(json["totals"]["files"], 2);
    assert_eq!(json["totals"]["rejected"], 3);
}

#[test]
fn two_inputs_with_one_name_do_not_overwrite_each_other() {
    let w = Workdir::new();
    let a = w.copy(&fixture("valido.xlsx"), "f.xlsx");
    let b = w.copy(&fixture("reglas_utf8.csv"), "f.csv");
    let (_, json) = w.validate_json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    let first = json["files"][0]["outputs"]["clean"]
        .as_str()
        .unwrap()
        .to_string();
    let second = json["files"][1]["outputs"]["clean"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    assert!(std::path::Path::new(&first).exists() && std::path::Path::new(&second).exists());
}

#[test]
fn a_folder_is_validated_without_its_own_outputs_and_inputs_stay_untouched() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas.xlsx"), "reglas.xlsx");
    let before = std::fs::read(&input).unwrap();
    let dir = w.dir.path().to_str().unwrap().to_string();
    let (_, first) = w.validate_json(&[&dir]);
    let (_, second) = w.validate_json(&[&dir]);
    assert_eq!(first["files"].as_array().unwrap().len(), 1);
    assert_eq!(second["files"].as_array().unwrap().len(), 1);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input was modified"
    );
    assert_eq!(
        w.files(),
        ["reglas.limpio.xlsx", "reglas.rechazos.xlsx", "reglas.xlsx"],
        "no temporary file is left behind"
    );
}

#[test]
fn output_folder_is_created_and_used() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let out = w.path("salida/lote");
    let (code, json) =
        w.validate_json(&["--salida", out.to_str().unwrap(), input.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(
        json["files"][0]["outputs"]["clean"],
        out.join("valido.limpio.xlsx").to_str().unwrap()
    );
    assert!(out.join("valido.limpio.xlsx").exists());
}

#[test]
fn a_stale_clean_file_is_removed_when_no_row_is_accepted_any_more() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "f.xlsx");
    w.validate_json(&[input.to_str().unwrap()]);
    assert!(w.path("f.limpio.xlsx").exists());
    let (_, json) = w.validate_json(&[
        "--estricto",
        "--ticket",
        "1",
        w.copy(&fixture("reglas.xlsx"), "f.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(
        json["files"][0]["outputs"]["clean"],
        serde_json::Value::Null
    );
    assert!(!w.path("f.limpio.xlsx").exists());
}

/// Past its first rows a CSV is read while its form is built: a ragged
/// record, the TICKET column and a limit far down the file still count.
#[test]
fn a_long_csv_is_checked_to_its_last_record() {
    let w = Workdir::new();
    let header = format!("TICKET;{}", common::headers().join(";"));
    let mut text = format!("{header}\n");
    for i in 2..=120 {
        // The ticket appears only from record 70 on.
        let ticket = if i >= 70 { "246810" } else { "" };
        let extra = if i == 95 { ";SOBRA" } else { "" };
        text.push_str(&format!(
            "{ticket};ANA;;PEREZ;GOMEZ;CC;{};FUNCIONARIO SECRETARIA;;u{i}@x.co;DOCENTE;;3101234567{extra}\n",
            52_000_000 + i
        ));
    }
    let input = w.write("largo.csv", &text);
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["ticket"], "246810", "ticket from the column, far down");
    assert_eq!(file["counts"]["rows"], 119);
    assert_eq!(file["counts"]["rejected"], 1);
    let rejected: Vec<_> = row_codes(file)
        .into_iter()
        .filter(|(_, status, _)| status == "rejected")
        .collect();
    assert_eq!(
        rejected,
        [(
            95,
            "rejected".to_string(),
            vec!["FILA_IRREGULAR".to_string()]
        )]
    );

    // A cell past the limit in record 100 stops the file: nothing is written.
    let mut long = text.clone();
    long.push_str(&format!(
        ";{};;PEREZ;GOMEZ;CC;1;FUNCIONARIO SECRETARIA;;z@x.co;DOCENTE;;3101234567\n",
        "A".repeat(80)
    ));
    let input = w.write("largo_limite.csv", &long);
    let out = w
        .sigce()
        .args(["validar", "--limite-celda", "60", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("B121"), "{err}");
    assert!(!w.path("largo_limite.limpio.xlsx").exists());
    assert!(!w.path("largo_limite.rechazos.xlsx").exists());
}

#[test]
fn stdin_csv_is_read_with_dash() {
    let w = Workdir::new();
    let csv = std::fs::read(fixture("valido.csv")).unwrap();
    let out = w
        .sigce()
        .args(["validar", "--json", "--ticket", "999999", "-"])
        .write_stdin(csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["input"], "-");
    assert_eq!(json["files"][0]["ticket"], "999999");
    assert!(w.path("entrada.limpio.xlsx").exists());
}

#[test]
fn ticket_argument_beats_the_labeled_cell() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let (_, json) = w.validate_json(&["--ticket", "24680", input.to_str().unwrap()]);
    assert_eq!(json["files"][0]["ticket"], "24680");
    let out = w
        .sigce()
        .args(["validar", "--ticket", "12a", "x.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("solo dígitos"));
}

#[test]
fn sheet_option_chooses_and_refuses_unknown_sheets() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let (code, json) = w.validate_json(&["--hoja", "Usuarios", input.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["sheet"], "Usuarios");
    let (code, json) = w.validate_json(&["--hoja", "Otra", input.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["error"]["code"], "HOJA_NO_ENCONTRADA");
    assert!(
        json["files"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("«Usuarios»")
    );
}

/// Files that cannot be processed: exit 2, a Spanish paragraph, the error in the JSON.
#[test]
fn unreadable_inputs_are_file_errors_with_exit_2() {
    let w = Workdir::new();
    let cases: Vec<(std::path::PathBuf, &str, &str)> = vec![
        (w.write("vacio.xlsx", b""), "ARCHIVO_VACIO", "está vacío"),
        (w.write("escaneo.xlsx", b"%PDF-1.4\n1 0 obj\n"), "ARCHIVO_NO_ES_HOJA", "PDF"),
        (w.write("foto.xls", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "ARCHIVO_NO_ES_HOJA", "PNG"),
        (w.write("roto.xlsx", b"PK\x03\x04\x14\0\0\0garbage"), "ARCHIVO_DANADO", "dañado"),
        (w.copy(&fixture("pass_protected.xlsx"), "clave.xlsx"), "ARCHIVO_PROTEGIDO", "protegido con contraseña"),
        (w.copy(&fixture("pass_protected.ods"), "clave.ods"), "ARCHIVO_PROTEGIDO", "protegido con contraseña"),
        (w.path("no_existe.xlsx"), "ARCHIVO_NO_ENCONTRADO", "no existe"),
        (w.write("otra_cosa.csv", "a,b,c\n1,2,3\n"), "ENCABEZADO_NO_ENCONTRADO", "No se encontró el encabezado"),
        (
            w.write("incompleto.csv", "PRIMER NOMBRE,PRIMER APELLIDO,PERFIL,CARGO\nANA,PEREZ,FUNCIONARIO MEN,X\n"),
            "COLUMNAS_FALTANTES",
            "NUMERO DE DOCUMENTO",
        ),
        (
            w.write(
                "sin_filas.csv",
                "PRIMER NOMBRE,PRIMER APELLIDO,SEGUNDO APELLIDO,TIPO DE DOCUMENTO,NUMERO DE DOCUMENTO,PERFIL,CORREO,CARGO,TELEFONO\n,,,,,,,,\n",
            ),
            "FORMULARIO_SIN_FILAS",
            "ninguna fila con datos",
        ),
    ];
    for (path, code, words) in cases {
        let (exit, json) = w.validate_json(&[path.to_str().unwrap()]);
        let file = &json["files"][0];
        assert_eq!(exit, 2, "{}", path.display());
        assert_eq!(file["status"], "error");
        assert_eq!(file["error"]["code"], code, "{}", path.display());
        let message = file["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{}: {message}", path.display());
        assert!(
            file["error"]["help"].is_string(),
            "{} has no help",
            path.display()
        );

        let out = w
            .sigce()
            .args(["validar", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The diagnostic wraps long lines inside a frame: compare its words.
        let flat = stderr
            .replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(code) && flat.contains(words), "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let w = Workdir::new();
    let bad = w.write("vacio.csv", b"");
    let good = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let (code, json) = w.validate_json(&[bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["status"], "error");
    assert_eq!(json["files"][1]["status"], "accepted");
    assert!(w.path("valido.limpio.xlsx").exists());
}

#[test]
fn help_and_argument_errors_are_in_spanish() {
    let w = Workdir::new();
    let out = w.sigce().args(["validar", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for words in [
        "Uso:",
        "Opciones",
        "--estricto",
        "--conservar-tildes",
        "Códigos de salida",
    ] {
        assert!(help.contains(words), "help lacks {words}:\n{help}");
    }
    let out = w
        .sigce()
        .args(["validar", "--no-existe", "f.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("esa opción no existe"));
    let out = w.sigce().arg("validar").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_mail_link_behind_a_name_gives_its_address_with_a_recorded_fix() {
    let w = Workdir::new();
    let path = w.path("enlaces.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in common::headers().iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, n) in [(1u32, 1u32), (2, 2)] {
        for (c, v) in common::valid_row(n).iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, v).unwrap();
            }
        }
    }
    let link =
        rust_xlsxwriter::Url::new("mailto:Maria.Diaz@colegio.edu.co").set_text("Correo de María");
    sheet.write_url(1, 8, link).unwrap();
    let link = rust_xlsxwriter::Url::new("mailto:p2@colegio.edu.co").set_text("p2@colegio.edu.co");
    sheet.write_url(2, 8, link).unwrap();
    book.save(&path).unwrap();

    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let rows = &json["files"][0]["rows"];
    let fix = &rows[0]["issues"][0];
    assert_eq!(fix["code"], "CORREO_ENLACE");
    assert_eq!(
        fix["before"],
        "Correo de María <mailto:Maria.Diaz@colegio.edu.co>"
    );
    assert_eq!(fix["after"], "Maria.Diaz@colegio.edu.co");
    assert_eq!(
        rows[1]["issues"].as_array().unwrap().len(),
        0,
        "a link showing its address needs nothing"
    );
    let clean = text_rows(&read_book(&w.path("enlaces.limpio.xlsx"))[0].1);
    assert_eq!(clean[1][9], "maria.diaz@colegio.edu.co");
}

#[test]
fn an_output_that_would_overwrite_an_input_is_refused() {
    let w = Workdir::new();
    let source = w.copy(&fixture("valido.xlsx"), "f.xlsx");
    // An earlier clean file given as input beside its source: validating the
    // source would overwrite it.
    let earlier = w.copy(&fixture("valido.xlsx"), "f.limpio.xlsx");
    let before = std::fs::read(&earlier).unwrap();
    let (code, json) = w.validate_json(&[source.to_str().unwrap(), earlier.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["error"]["code"], "SALIDA_ES_ENTRADA");
    assert_eq!(std::fs::read(&earlier).unwrap(), before);
}

#[test]
fn keep_accents_option_keeps_them_but_not_the_ene() {
    let w = Workdir::new();
    let mut row = common::valid_row(1);
    row[0] = "José".into();
    row[2] = "Muñoz".into();
    let path = w.path("tildes.xlsx");
    common::write_xlsx(&path, &[row]);
    w.validate_json(&["--conservar-tildes", path.to_str().unwrap()]);
    let clean = text_rows(&read_book(&w.path("tildes.limpio.xlsx"))[0].1);
    assert_eq!(clean[1][1], "JOSÉ");
    assert_eq!(clean[1][3], "MUNOZ");
    w.validate_json(&[path.to_str().unwrap()]);
    let clean = text_rows(&read_book(&w.path("tildes.limpio.xlsx"))[0].1);
    assert_eq!(clean[1][1], "JOSE");
}

#[test]
fn a_folder_without_forms_is_named_in_the_error() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("vacia")).unwrap();
    let dir = w.path("vacia");
    let (code, json) = w.validate_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["input"], dir.to_str().unwrap());
    assert_eq!(json["files"][0]["error"]["code"], "ARCHIVO_NO_ENCONTRADO");
}

#[test]
fn a_personal_email_column_does_not_stand_in_for_the_main_one() {
    let w = Workdir::new();
    let csv = "PRIMER NOMBRE,PRIMER APELLIDO,SEGUNDO APELLIDO,TIPO DE DOCUMENTO,NUMERO DE DOCUMENTO,PERFIL,CORREO PERSONAL,CARGO,TELEFONO\n\
               ANA,PEREZ,GOMEZ,CC,52000001,FUNCIONARIO MEN,a@x.co,DOCENTE,3101234567\n";
    let path = w.write("personal.csv", csv);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    let message = json["files"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("CORREO ELECTRONICO"), "{message}");
    assert!(message.contains("«CORREO PERSONAL» (G1)"), "{message}");
}

#[test]
fn accepted_rows_with_warnings_are_listed_in_a_revisar_sheet_and_usuarios_keeps_its_columns() {
    let w = Workdir::new();
    let mut typo = common::valid_row(1);
    typo[8] = "ana.perez@gmial.com".into();
    let path = w.path("avisos.xlsx");
    common::write_xlsx(&path, &[typo, common::valid_row(2)]);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let book = read_book(&w.path("avisos.limpio.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Usuarios", "Revisar", "Correcciones"]);
    let users = text_rows(&book[0].1);
    let mut expected = vec!["TICKET".to_string()];
    expected.extend(common::headers().iter().map(|h| h.to_string()));
    assert_eq!(users[0], expected);
    let checks = text_rows(&book[1].1);
    assert_eq!(
        checks[0],
        ["FILA", "PERSONA", "DOCUMENTO", "CAMPO", "QUE REVISAR"]
    );
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!(
        checks[1][..4],
        ["2", "ANA PEREZ GOMEZ", "CC 52000001", "CORREO ELECTRONICO"]
    );
    assert!(checks[1][4].contains("gmial.com"), "{}", checks[1][4]);

    // A form with nothing to check has no such sheet.
    let path = w.path("limpio.xlsx");
    common::write_xlsx(&path, &[common::valid_row(3)]);
    w.validate_json(&[path.to_str().unwrap()]);
    let book = read_book(&w.path("limpio.limpio.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Usuarios", "Correcciones"]);
}

/// The same form saved as .xlsx, .xls and .ods (fixtures/enlaces.*): cells
/// that show a name and link to `mailto:` were read from their link only in
/// XLSX; XLS and ODS rejected them as CORREO_SINTAXIS «maría muñoz».
#[test]
fn regression_mail_links_behind_names_are_read_alike_from_xlsx_xls_and_ods() {
    let w = Workdir::new();
    let mut outcomes = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let path = w.copy(
            &fixture(&format!("enlaces.{ext}")),
            &format!("enlaces.{ext}"),
        );
        let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
        assert_eq!(code, 0, "{ext}: {json}");
        let fixes: Vec<(String, String, String)> = json["files"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["issues"].as_array().unwrap().clone())
            .filter(|i| i["code"] == "CORREO_ENLACE")
            .map(|i| {
                (
                    i["cell"].as_str().unwrap().to_string(),
                    i["before"].as_str().unwrap().to_string(),
                    i["after"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            fixes[0],
            (
                "I5".to_string(),
                "María Muñoz <mailto:maria.munoz@colegio.edu.co>".to_string(),
                "maria.munoz@colegio.edu.co".to_string()
            ),
            "{ext}"
        );
        outcomes.push(fixes);
    }
    assert_eq!(outcomes[0].len(), 3, "{:?}", outcomes[0]);
    assert_eq!(outcomes[0], outcomes[1], "xlsx and xls");
    assert_eq!(outcomes[0], outcomes[2], "xlsx and ods");
}

/// A link's target counts against --limite-celda in every format, as in XLSX.
#[test]
fn a_mail_link_past_the_cell_limit_is_refused_alike_in_xlsx_xls_and_ods() {
    let w = Workdir::new();
    for ext in ["xlsx", "xls", "ods"] {
        let path = w.copy(
            &fixture(&format!("enlaces.{ext}")),
            &format!("enlaces.{ext}"),
        );
        let (code, json) = w.validate_json(&["--limite-celda", "45", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{ext}: {json}");
        let error = &json["files"][0]["error"];
        assert_eq!(error["code"], "LIMITE_SUPERADO", "{ext}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains(
                "la celda I5 tendría 47 caracteres con la dirección de su vínculo mailto:"
            ),
            "{ext}: {message}"
        );
    }
}
