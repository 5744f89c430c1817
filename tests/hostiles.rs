//! Hostile and broken input: every case answers in Spanish, in bounded time
//! and memory, and never drops or invents a row.

mod common;

use calamine::{Reader, open_workbook_auto};
use common::{Workdir, fixture, headers, valid_row, write_xlsx};

fn hostile(name: &str) -> std::path::PathBuf {
    fixture(&format!("hostiles/{name}"))
}

fn error_of(w: &Workdir, args: &[&str]) -> (i32, String, String) {
    let (code, json) = w.validate_json(args);
    let file = &json["files"][0];
    (
        code,
        file["error"]["code"].as_str().unwrap_or("").to_string(),
        file["error"]["message"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory_without_inflating_it() {
    let w = Workdir::new();
    let (code, error, message) = error_of(&w, &[hostile("bomba_zip.xlsx").to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(message.contains("se descomprime a 1200 MB"), "{message}");
    // The limit can be raised or lowered; lowered, small bombs are refused too.
    let (_, error, _) = error_of(
        &w,
        &["--limite-mb", "1", fixture("valido.xlsx").to_str().unwrap()],
    );
    assert_eq!(error, "", "a small form passes a 1 MB limit");
}

#[test]
fn a_100_mb_cell_and_a_cell_in_column_xfd_are_refused() {
    let w = Workdir::new();
    let (code, error, message) = error_of(&w, &[hostile("celda_100mb.xlsx").to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(
        message.contains("la celda A2 tiene 104857600 caracteres"),
        "{message}"
    );
    let (code, error, message) = error_of(&w, &[hostile("columnas_16384.xlsx").to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(message.contains("XFD2"), "{message}");
    let out = w
        .sigce()
        .args(["validar", hostile("columnas_16384.xlsx").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--limite-columnas"));
}

#[test]
fn entity_laden_and_deeply_nested_xml_end_quickly_in_spanish() {
    let w = Workdir::new();
    let (code, error, message) = error_of(&w, &[hostile("entidades_xml.xlsx").to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "ARCHIVO_DANADO"));
    assert!(message.contains("No se pudo leer la hoja"), "{message}");
    let (code, error, _) = error_of(&w, &[hostile("anidado_xml.xlsx").to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "FORMULARIO_SIN_FILAS"));
}

#[test]
fn a_truncated_workbook_is_damaged() {
    let w = Workdir::new();
    let bytes = std::fs::read(fixture("valido.xlsx")).unwrap();
    let cut = w.write("cortado.xlsx", &bytes[..bytes.len() / 2]);
    let (code, error, message) = error_of(&w, &[cut.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "ARCHIVO_DANADO"));
    assert!(message.contains("dañado o incompleto"), "{message}");
}

#[test]
fn a_csv_named_xlsx_is_read_as_the_csv_it_is() {
    let w = Workdir::new();
    let path = w.write(
        "disfrazado.xlsx",
        std::fs::read(fixture("valido.csv")).unwrap(),
    );
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["sheet"], serde_json::Value::Null);
    assert_eq!(json["files"][0]["counts"]["accepted"], 3);
}

fn csv_form(rows: &[Vec<String>]) -> Vec<u8> {
    let mut text = headers().join(";");
    text.push('\n');
    for row in rows {
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    text.into_bytes()
}

#[test]
fn nul_bytes_in_a_csv_are_removed_as_invisible_characters() {
    let w = Workdir::new();
    let mut row = valid_row(1);
    row[0] = "AN\0A".into();
    let path = w.write("nul.csv", csv_form(&[row, valid_row(2)]));
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(
        json["files"][0]["rows"][0]["issues"][0]["code"],
        "CARACTERES_INVISIBLES"
    );
}

#[test]
fn a_10_mb_csv_line_is_refused_by_the_cell_limit() {
    let w = Workdir::new();
    let mut row = valid_row(1);
    row[9] = "A".repeat(10 * 1024 * 1024);
    let path = w.write("larga.csv", csv_form(&[row]));
    let (code, error, message) = error_of(&w, &[path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(
        message.contains("la celda J2 tiene 10485760 caracteres"),
        "{message}"
    );
}

#[test]
fn mixed_line_endings_keep_every_row_and_its_number() {
    let w = Workdir::new();
    let header = headers().join(";");
    let rows: Vec<String> = (1..=4).map(|n| valid_row(n).join(";")).collect();
    let text = format!(
        "{header}\r\n{}\n{}\r{}\r\n{}",
        rows[0], rows[1], rows[2], rows[3]
    );
    let path = w.write("finales.csv", text);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let numbers: Vec<u64> = json["files"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 3, 4, 5]);
}

#[test]
fn invalid_utf8_inside_a_utf8_csv_rejects_only_its_row() {
    let w = Workdir::new();
    let mut first = valid_row(1);
    first[2] = "MUÑOZ".into();
    first[3] = "PEÑA".into();
    first[9] = "DOCENTE DE ESPAÑOL".into();
    let mut bytes = csv_form(&[first, valid_row(2), valid_row(3)]);
    // Damage one byte of the second data row's surname.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.find("PEREZ").unwrap();
    bytes[at + 1] = 0xFF;
    let path = w.write("roto.csv", bytes);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let rows = common::row_codes(&json["files"][0]);
    assert_eq!(
        rows[0],
        (2, "accepted".to_string(), vec!["LETRA_ENE".to_string(); 3]),
        "decoded as UTF-8"
    );
    assert_eq!(
        rows[1],
        (
            3,
            "rejected".to_string(),
            vec!["TEXTO_MOJIBAKE".to_string()]
        )
    );
    assert_eq!(rows[2].1, "accepted");
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_clear_error() {
    let w = Workdir::new();
    w.write("archivo", b"no soy una carpeta");
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    let salida = w.path("archivo/resultados");
    let (code, error, message) = error_of(
        &w,
        &[
            "--salida",
            salida.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!((code, error.as_str()), (2, "ESCRITURA_FALLIDA"));
    assert!(
        message.contains("No se pudo crear la carpeta de salida"),
        "{message}"
    );
}

#[test]
fn outputs_never_hold_formulas() {
    let w = Workdir::new();
    let mut formula = valid_row(1);
    formula[9] = "=HYPERLINK(\"http://x\",\"clic\")".into();
    let mut plus = valid_row(2);
    plus[8] = "+x@colegio.edu.co".into();
    let mut dash = valid_row(3);
    dash[9] = "-=1+1".into();
    let path = w.path("formulas.xlsx");
    write_xlsx(&path, &[formula, plus, dash, valid_row(4)]);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["counts"]["rejected"], 3);
    for output in ["formulas.limpio.xlsx", "formulas.rechazos.xlsx"] {
        let mut book = open_workbook_auto(w.path(output)).unwrap();
        for sheet in book.sheet_names() {
            let formulas = book.worksheet_formula(&sheet).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{output}/{sheet} holds a formula"
            );
        }
    }
    // The rejected values come back as text, exactly as written.
    let rejected = common::text_rows(&common::read_book(&w.path("formulas.rechazos.xlsx"))[0].1);
    assert_eq!(rejected[1][10], "=HYPERLINK(\"http://x\",\"clic\")");
}

#[test]
fn two_runs_at_once_both_finish_with_complete_outputs() {
    let w = Workdir::new();
    let input = w.copy(&fixture("reglas.xlsx"), "reglas.xlsx");
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"))
            .current_dir(w.dir.path())
            .args(["validar", "--json", input.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a.status.code(), Some(1));
    assert_eq!(b.status.code(), Some(1));
    let clean = common::read_book(&w.path("reglas.limpio.xlsx"));
    let rejected = common::read_book(&w.path("reglas.rechazos.xlsx"));
    assert_eq!(clean[0].1.len() - 1 + rejected[0].1.len() - 1, 40);
    assert!(
        !w.files().iter().any(|f| f.ends_with(".tmp")),
        "{:?}",
        w.files()
    );
}

/// Found by fuzzing the workbook reader: calamine panics on these files (an
/// OLE file for its XLS reader, ZIP containers for its XLSB reader).
/// The panic is caught; the file is reported as damaged, in Spanish.
#[test]
fn regression_a_reader_panic_is_a_damaged_file() {
    let w = Workdir::new();
    for name in [
        "panico_calamine_cfb.xls",
        "panico_calamine_xlsb.xlsx",
        "panico_calamine_xlsb_celdas.xlsx",
        "panico_calamine_utils.xlsx",
    ] {
        let path = w.copy(&hostile(name), name);
        let out = w
            .sigce()
            .args(["validar", "--json", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("fallo interno"),
            "{name}: {stderr}"
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json["files"][0]["error"]["code"], "ARCHIVO_DANADO",
            "{name}"
        );
    }
}

/// Found by fuzzing the workbook reader: this malformed XLS makes calamine
/// allocate without end (past 20 GB). The process memory budget stops it
/// with a Spanish message and exit 2 instead.
#[test]
fn regression_a_reader_that_allocates_without_end_hits_the_memory_budget() {
    let w = Workdir::new();
    let path = w.copy(&hostile("memoria_calamine_xls.xls"), "memoria.xls");
    let out = w
        .sigce()
        .args([
            "validar",
            "--limite-memoria-mb",
            "256",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("superó el límite de 256 MB"), "{stderr}");
    assert!(stderr.contains("memoria.xls"), "{stderr}");
    assert!(stderr.contains("--limite-memoria-mb"), "{stderr}");
}

/// A zip bomb that lies: its shared strings inflate to 300 MB but the ZIP
/// directory declares 1 KB. The zip reader stops at the declared size, so the
/// file is damaged, quickly, well inside a small memory budget.
#[test]
fn a_zip_bomb_that_lies_about_its_size_is_damaged_not_inflated() {
    let w = Workdir::new();
    let path = hostile("bomba_zip_mentirosa.xlsx");
    let out = w
        .sigce()
        .args([
            "validar",
            "--json",
            "--limite-memoria-mb",
            "128",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["error"]["code"], "ARCHIVO_DANADO");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("memoria usada"));
}
