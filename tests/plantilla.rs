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
        "Exactamente 12 dígitos,",
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

/// Rules the instructions do not tell a school, and why: each is about the
/// help desk's files or runs, or another line of the instructions says it.
const NOT_FOR_SCHOOLS: &[&str] = &[
    "TEXTO_MOJIBAKE",               // a file converted between encodings, not typing
    "CELDA_DEMASIADO_LARGA",        // 32767 characters: nobody types it
    "FILA_IRREGULAR",               // CSV files only
    "FORMATO_NO_RECIBIDO",          // how the help desk receives a form
    "CARACTERES_NO_LATINOS",        // pasted text; the steps say how to write names
    "DOCUMENTO_CARACTERES",         // the column's description says it
    "DOCUMENTO_CC_CORTO",           // a check, not a way of writing
    "DOCUMENTO_CC_INUSUAL",         // a check, not a way of writing
    "DOCUMENTO_TI_LONGITUD",        // said by DOCUMENTO_LONGITUD's sentence
    "DOCUMENTO_CERO_INICIAL",       // a check, not a way of writing
    "DANE_CARACTERES",              // said by DANE_LONGITUD's sentence
    "DANE_MUNICIPIO",               // said by DANE_DEPARTAMENTO's sentence
    "DANE_PRIMER_DIGITO",           // said by DANE_DEPARTAMENTO's sentence
    "TELEFONO_INVALIDO",            // the column's description says it
    "DOCUMENTO_DUPLICADO_DISTINTO", // said by DOCUMENTO_DUPLICADO's sentence
    "DOCUMENTO_YA_ENVIADO",         // the help desk's own record
    "CORREO_YA_ENVIADO",            // the help desk's own record
];

/// The text of every cell of the «Instrucciones» sheet of a new template,
/// row by row.
fn instruction_rows(w: &Workdir) -> Vec<Vec<String>> {
    w.sigce()
        .args(["plantilla", "-o", "instrucciones.xlsx"])
        .assert()
        .success();
    let book = read_book(&w.path("instrucciones.xlsx"));
    assert_eq!(book[0].0, "Instrucciones");
    text_rows(&book[0].1)
}

#[test]
fn the_instructions_never_speak_of_the_help_desks_tools() {
    let w = Workdir::new();
    let rows = instruction_rows(&w);
    let cells: Vec<&String> = rows.iter().flatten().filter(|c| !c.is_empty()).collect();
    assert!(cells.len() > 40, "{cells:?}");
    let banned = [
        "nivel 2",
        "nivel",
        "historial",
        "estricto",
        "csv",
        "sigce",
        "código de regla",
        "codigo de regla",
        "mesa de ayuda nivel",
        "--",
    ];
    for cell in &cells {
        let lower = cell.to_lowercase();
        for word in banned {
            assert!(!lower.contains(word), "«{word}» in «{cell}»");
        }
        // No rule code (current or retired), not even one the
        // instructions do not tell.
        for rule in sigce::codes::all() {
            assert!(!cell.contains(rule.code), "{} in «{cell}»", rule.code);
        }
        for retired in sigce::codes::RETIRED {
            assert!(!cell.contains(retired.code), "{} in «{cell}»", retired.code);
        }
    }
}

#[test]
fn the_instructions_tell_every_school_sentence_of_the_catalogue() {
    use sigce::diagnostic::{Scope, Severity};
    let w = Workdir::new();
    let rows = instruction_rows(&w);
    let text = rows.concat().join("\n");
    let mut seen = Vec::new();
    for rule in sigce::write::template_xlsx::school_rules() {
        let sentence = rule.school.expect("a school sentence").sentence;
        assert_eq!(
            text.matches(sentence).count(),
            1,
            "{}: «{sentence}» not told once",
            rule.code
        );
        assert!(
            !seen.contains(&sentence),
            "{} repeats a sentence",
            rule.code
        );
        seen.push(sentence);
        // A sentence told under a column is in that column's row.
        if let Some(field) = rule.school_column() {
            let row = rows
                .iter()
                .find(|r| r.first().is_some_and(|c| c == field.header()))
                .unwrap_or_else(|| panic!("{} has no row", field.header()));
            assert!(
                row[2].contains(sentence),
                "{} not under {}",
                rule.code,
                field.header()
            );
        }
    }
    // Every error or warning about a row a school can cause is told, or
    // listed above with the reason it is not.
    for rule in sigce::rules::registry::all()
        .filter(|r| r.severity != Severity::Fix && r.scope != Scope::File)
    {
        assert!(
            rule.school.is_some() != NOT_FOR_SCHOOLS.contains(&rule.code),
            "{}: give it a school sentence or say why not (and not both)",
            rule.code
        );
    }
    // The three profiles, each with who has it.
    for perfil in sigce::values::Perfil::ALL {
        assert!(text.contains(perfil.label()), "{perfil:?}");
        assert!(text.contains(perfil.who()), "{perfil:?}");
    }
    assert!(text.contains("respondiendo al correo del ticket"));
}

/// The example of each column, as the «Instrucciones» sheet shows it.
fn examples(rows: &[Vec<String>]) -> Vec<String> {
    Field::ALL
        .iter()
        .map(|field| {
            let row = rows
                .iter()
                .find(|r| r.first().is_some_and(|c| c == field.header()))
                .unwrap_or_else(|| panic!("{} not explained", field.header()));
            assert!(!row[1].is_empty(), "{row:?}");
            assert!(row[2].starts_with(field.description()), "{row:?}");
            assert!(!row[3].is_empty(), "{} has no example", field.header());
            row[3].clone()
        })
        .collect()
}

/// Validates the rows typed into a new template's «Usuarios» sheet; returns
/// the exit code and the report of the file.
fn validate_typed(w: &Workdir, rows: &[Vec<&str>]) -> (i32, serde_json::Value) {
    w.sigce()
        .args(["plantilla", "--ticket", "123456", "-o", "vacia.xlsx"])
        .assert()
        .success();
    let filled = fill_template(&std::fs::read(w.path("vacia.xlsx")).unwrap(), rows);
    let path = w.write("diligenciada.xlsx", filled);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    (code, json["files"][0].clone())
}

#[test]
fn the_examples_the_instructions_show_pass_the_validator_as_they_are() {
    let w = Workdir::new();
    let rows = instruction_rows(&w);
    let examples = examples(&rows);
    let text = rows.concat().join("\n");
    // A second person from the right-hand examples the sentences quote.
    let quoted = ["DE LA HOZ", "D'ALEMAN", "6014445566", "gmail.com"];
    for value in quoted {
        assert!(
            text.contains(value),
            "the instructions no longer quote {value}"
        );
    }
    let second = vec![
        "JUAN",
        "",
        "DE LA HOZ",
        "D'ALEMAN",
        "CC",
        "1030456789",
        "FUNCIONARIO SECRETARIA",
        "",
        "juan.delahoz@gmail.com",
        "PROFESIONAL",
        "",
        "6014445566",
    ];
    let first: Vec<&str> = examples.iter().map(String::as_str).collect();
    let (code, file) = validate_typed(&w, &[first, second]);
    assert_eq!(code, 0, "{file}");
    assert_eq!(file["counts"]["rows"], 2, "{file}");
    assert_eq!(file["counts"]["accepted"], 2, "{file}");
    // As written: nothing for the validator to change, nothing to check.
    assert_eq!(file["counts"]["fixes"], 0, "{file}");
    assert_eq!(file["counts"]["warnings"], 0, "{file}");
}

#[test]
fn the_mistakes_the_instructions_warn_of_are_the_ones_the_validator_flags() {
    let w = Workdir::new();
    let text = instruction_rows(&w).concat().join("\n");
    // (the wrong value a sentence quotes, the column, the code it gets)
    let cases = [
        ("4445566", Field::Telefono, "TELEFONO_SIN_INDICATIVO"),
        ("1,05001E+11", Field::CodigoDane, "DANE_NOTACION_CIENTIFICA"),
        ("52123456,5", Field::NumeroDocumento, "NUMERO_DECIMAL"),
        (
            "1111111",
            Field::NumeroDocumento,
            "DOCUMENTO_DIGITOS_IGUALES",
        ),
        ("gmial.com", Field::Correo, "CORREO_DOMINIO_PROBABLE_ERROR"),
    ];
    for (i, (wrong, field, code)) in cases.iter().enumerate() {
        assert!(
            text.contains(wrong),
            "the instructions no longer quote {wrong}"
        );
        let mut row: Vec<String> = Field::ALL.iter().map(|f| f.example().to_string()).collect();
        row[field.index()] = if *field == Field::Correo {
            format!("maria.munoz@{wrong}")
        } else {
            wrong.to_string()
        };
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        let dir = Workdir::new();
        let (_, file) = validate_typed(&dir, &[row]);
        let codes = common::row_codes(&file);
        assert!(
            codes[0].2.iter().any(|c| c == code),
            "case {i}: {wrong} in {} gave {:?}",
            field.header(),
            codes
        );
    }
}

#[test]
fn the_instructions_print_on_letter_paper_with_rows_as_tall_as_their_text() {
    let w = Workdir::new();
    w.sigce()
        .args(["plantilla", "-o", "impresion.xlsx"])
        .assert()
        .success();
    let bytes = std::fs::read(w.path("impresion.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("orientation=\"landscape\""), "landscape");
    assert!(xml.contains("paperSize=\"1\""), "letter");
    assert!(
        xml.contains("scale=\"90\""),
        "a fixed scale, so the page breaks hold"
    );
    assert!(
        !xml.contains("fitToPage"),
        "fit-to-page would drop the page breaks"
    );
    assert!(xml.contains("<rowBreaks"), "pages cut between rows");
    // Every row that holds text has the height set for its wrapped lines.
    for row in xml.split("<row ").skip(1) {
        let row = &row[..row.find("</row>").unwrap_or(row.len())];
        if row.contains("<c ") {
            assert!(row.contains("customHeight=\"1\""), "<row {row}");
        }
    }
}
