//! `sigce plantilla`: the blank form, filled as a person would, passes the
//! validator with no error, no warning and no fix.

mod common;

use std::io::{Read, Write};

use common::{Workdir, fixture, read_book, text_rows};
use sigce::field::Field;

/// Fills the "Usuarios" sheet of a template with rows typed as text, the way
/// a spreadsheet program stores what a person types (inline strings).
fn fill_template(template: &[u8], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(template)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        // Sheet 2 is "Usuarios" (sheet 1 is "Instrucciones"); the header is row 6.
        if name == "xl/worksheets/sheet2.xml" {
            let mut xml = String::from_utf8(content).unwrap();
            let mut new_rows = String::new();
            for (i, row) in rows.iter().enumerate() {
                let r = 7 + i;
                new_rows.push_str(&format!("<row r=\"{r}\">"));
                for (c, value) in row.iter().enumerate() {
                    if value.is_empty() {
                        continue;
                    }
                    let col = sigce::read::sheet::column_letters(c);
                    new_rows.push_str(&format!(
                        "<c r=\"{col}{r}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"
                    ));
                }
                new_rows.push_str("</row>");
            }
            xml = xml.replace("</sheetData>", &format!("{new_rows}</sheetData>"));
            content = xml.into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn three_people() -> Vec<Vec<&'static str>> {
    let first: Vec<&str> = Field::ALL.iter().map(|f| f.example()).collect();
    vec![
        first,
        vec![
            "CARLOS",
            "",
            "RAMIREZ",
            "OSPINA",
            "CC",
            "1030456789",
            "FUNCIONARIO SECRETARIA",
            "",
            "carlos.ramirez@sedcundinamarca.gov.co",
            "PROFESIONAL UNIVERSITARIO",
            "",
            "6013445566",
        ],
        vec![
            "LUISA",
            "FERNANDA",
            "GOMEZ",
            "TORRES",
            "CC",
            "43222111",
            "FUNCIONARIO MEN",
            "",
            "lgomez@mineducacion.gov.co",
            "ASESORA",
            "luisa.gomez@gmail.com",
            "3157778899",
        ],
    ]
}

#[test]
fn a_filled_template_is_accepted_without_fixes_or_warnings() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["plantilla", "--ticket", "123456", "-o", "plantilla.xlsx"])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    let filled = fill_template(
        &std::fs::read(w.path("plantilla.xlsx")).unwrap(),
        &three_people(),
    );
    let path = w.write("diligenciado.xlsx", filled);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    let file = &json["files"][0];
    assert_eq!(code, 0, "{json}");
    assert_eq!(file["sheet"], "Usuarios");
    assert_eq!(file["ticket"], "123456");
    assert_eq!(file["counts"]["rows"], 3);
    assert_eq!(file["counts"]["fixes"], 0);
    assert_eq!(file["counts"]["warnings"], 0);
    assert_eq!(
        file["file_warnings"].as_array().unwrap().len(),
        0,
        "{}",
        file["file_warnings"]
    );
}

/// The same filled template opened and saved again by LibreOffice
/// (fixtures/README.md says how it was made).
#[test]
fn a_template_saved_by_libreoffice_is_accepted_without_fixes_or_warnings() {
    let w = Workdir::new();
    let path = w.copy(
        &fixture("plantilla_libreoffice.xlsx"),
        "plantilla_libreoffice.xlsx",
    );
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    let file = &json["files"][0];
    assert_eq!(code, 0, "{json}");
    assert_eq!(file["ticket"], "123456");
    assert_eq!(file["counts"]["rows"], 3);
    assert_eq!(file["counts"]["fixes"], 0);
    assert_eq!(file["counts"]["warnings"], 0);
    assert_eq!(file["file_warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn the_template_has_instructions_and_the_validator_headers() {
    let w = Workdir::new();
    w.sigce()
        .args(["plantilla", "--filas", "20"])
        .assert()
        .success();
    let book = read_book(&w.path("formato_creacion_usuarios_sigce.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Instrucciones", "Usuarios"]);
    let users = text_rows(&book[1].1);
    let header: Vec<&str> = Field::ALL.iter().map(|f| f.header()).collect();
    assert_eq!(users[5], header);
    assert_eq!(users[1][0], "No de Ticket mesa de ayuda");
    let instructions = text_rows(&book[0].1).concat().join("\n");
    for words in [
        "NO se podrá recibir",
        "la Ñ se escribe como N",
        "CODIGO DANE",
        "El código DANE no tiene exactamente 12 dígitos.",
        "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
    ] {
        assert!(instructions.contains(words), "instructions lack {words}");
    }
}

#[test]
fn the_template_guards_its_columns() {
    let w = Workdir::new();
    w.sigce()
        .args(["plantilla", "--filas", "50"])
        .assert()
        .success();
    let bytes = std::fs::read(w.path("formato_creacion_usuarios_sigce.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Lists with exactly the values the validator writes.
    assert!(xml.contains("\"CC,CE,TI\""), "document type list");
    assert!(xml.contains(
        "\"FUNCIONARIO SECRETARIA,FUNCIONARIO ESTABLECIMIENTO EDUCATIVO,FUNCIONARIO MEN\""
    ));
    // DANE exactly 12 characters, on the prepared rows 7..56.
    assert!(xml.contains("type=\"textLength\""));
    assert!(xml.contains("sqref=\"H7:H56\""));
    assert!(xml.contains("<formula1>12</formula1>"));
    // An input message on every column of the table.
    assert!(xml.matches("showInputMessage=\"1\"").count() >= Field::COUNT);
    // Frozen below the header.
    assert!(xml.contains("topLeftCell=\"A7\""));
}

#[test]
fn the_template_never_overwrites_a_file() {
    let w = Workdir::new();
    let existing = w.write("formato_creacion_usuarios_sigce.xlsx", b"diligenciado");
    let out = w.sigce().arg("plantilla").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ya existe"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"diligenciado");
    w.sigce()
        .args(["plantilla", "--sobrescribir"])
        .assert()
        .success();
    assert_ne!(std::fs::read(&existing).unwrap(), b"diligenciado");
}

#[test]
fn csv_template_is_the_header_alone() {
    let w = Workdir::new();
    w.sigce()
        .args(["plantilla", "--formato", "csv"])
        .assert()
        .success();
    let text = std::fs::read_to_string(w.path("formato_creacion_usuarios_sigce.csv")).unwrap();
    let header: Vec<&str> = Field::ALL.iter().map(|f| f.header()).collect();
    assert_eq!(text, format!("{}\n", header.join(",")));
}

/// Needs LibreOffice, which CI does not install: run with
/// `cargo test --test plantilla -- --ignored` on a machine that has `soffice`.
#[test]
#[ignore = "necesita LibreOffice (soffice)"]
fn libreoffice_opens_the_template_and_reads_its_header() {
    let w = Workdir::new();
    w.sigce()
        .args(["plantilla", "--ticket", "123456"])
        .assert()
        .success();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(w.dir.path())
        .arg(w.path("formato_creacion_usuarios_sigce.xlsx"))
        .status()
        .expect("soffice runs");
    assert!(status.success());
    // LibreOffice converts the first sheet, the instructions.
    let csv = std::fs::read(w.path("formato_creacion_usuarios_sigce.csv")).unwrap();
    let text = String::from_utf8_lossy(&csv);
    assert!(text.contains("INSTRUCCIONES"), "{text}");
    assert!(text.contains("PRIMER NOMBRE"), "{text}");
}
