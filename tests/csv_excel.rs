//! `--formato csv-excel`: the clean CSV for people who open it in Excel set
//! to Spanish (UTF-8 with BOM, `;`, CRLF, digits kept as text), read back
//! with the `csv` crate, by `sigce validar` again and by LibreOffice.

mod common;

use common::*;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A form with what Excel damages: a 12-digit DANE code, a document with a
/// leading zero, phones, accents, and a post with `;` and quotes.
fn form(w: &Workdir) -> std::path::PathBuf {
    let mut teacher = valid_row(1);
    teacher[0] = "JOSÉ".into();
    teacher[2] = "NÚÑEZ".into();
    teacher[6] = "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO".into();
    teacher[7] = "105001000108".into();
    teacher[9] = "DOCENTE; ÁREA \"CIENCIAS\"".into();
    let mut clerk = valid_row(2);
    clerk[4] = "TI".into();
    clerk[5] = "01234567890".into();
    clerk[9] = "SECRETARIA ACADÉMICA".into();
    let path = w.path("f.xlsx");
    write_xlsx(&path, &[teacher, clerk, valid_row(3)]);
    path
}

fn run(w: &Workdir, input: &std::path::Path, format: &str, extra: &[&str]) {
    let mut args = vec!["--ticket", "0123456", "-f", format];
    args.extend_from_slice(extra);
    args.push(input.to_str().unwrap());
    let (code, json) = w.validate_json(&args);
    assert_eq!(code, 0, "{json}");
}

/// The records of a `;` CSV, BOM stripped.
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The text an Excel text formula `="…"` shows.
fn shown(cell: &str) -> String {
    cell.strip_prefix("=\"")
        .and_then(|c| c.strip_suffix('"'))
        .map_or_else(|| cell.to_string(), |c| c.replace("\"\"", "\""))
}

#[test]
fn csv_excel_is_utf8_with_bom_semicolons_and_crlf() {
    let w = Workdir::new();
    let input = form(&w);
    run(&w, &input, "csv-excel", &["--conservar-tildes"]);
    let bytes = std::fs::read(w.path("f.limpio.excel.csv")).unwrap();
    assert!(bytes.starts_with(BOM), "no BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.starts_with("TICKET;PRIMER NOMBRE;SEGUNDO NOMBRE;"),
        "{text}"
    );
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), 4, "{text}");
    assert_eq!(
        text.matches("\r\n").count(),
        4,
        "every line ends in CRLF: {text:?}"
    );
    // The post with `;` and quotes is one quoted field.
    assert!(
        text.contains(";\"DOCENTE; ÁREA \"\"CIENCIAS\"\"\";"),
        "{text}"
    );
    // No plain CSV beside it.
    assert!(!w.path("f.limpio.csv").exists());
}

#[test]
fn csv_excel_keeps_long_digit_strings_and_leading_zeros_as_text() {
    let w = Workdir::new();
    let input = form(&w);
    run(&w, &input, "csv-excel", &[]);
    let rows = records(&std::fs::read(w.path("f.limpio.excel.csv")).unwrap(), b';');
    let teacher = &rows[1];
    assert_eq!(teacher[0], "=\"0123456\"", "ticket");
    assert_eq!(teacher[8], "=\"105001000108\"", "DANE");
    assert_eq!(teacher[12], "=\"3101234567\"", "phone");
    assert_eq!(rows[2][6], "=\"01234567890\"", "document");
    // Words and addresses are written as they are.
    assert_eq!(teacher[1], "JOSE");
    assert_eq!(teacher[9], "p1@colegio.edu.co");
}

#[test]
fn csv_excel_read_with_semicolons_gives_the_rows_of_the_plain_csv() {
    let w = Workdir::new();
    let input = form(&w);
    run(&w, &input, "csv", &["--conservar-tildes"]);
    let plain = records(&std::fs::read(w.path("f.limpio.csv")).unwrap(), b',');
    // `csv` is unchanged: no BOM, commas, LF, the values bare.
    let plain_bytes = std::fs::read(w.path("f.limpio.csv")).unwrap();
    assert!(!plain_bytes.starts_with(BOM));
    assert!(!plain_bytes.contains(&b'\r'));
    assert_eq!(plain[1][8], "105001000108");
    run(&w, &input, "csv-excel", &["--conservar-tildes"]);
    assert!(!w.path("f.limpio.csv").exists(), "stale plain CSV left");
    let excel = records(&std::fs::read(w.path("f.limpio.excel.csv")).unwrap(), b';');
    let shown: Vec<Vec<String>> = excel
        .iter()
        .map(|r| r.iter().map(|c| shown(c)).collect())
        .collect();
    assert_eq!(shown, plain);
    assert_eq!(plain.len(), 4);
    assert_eq!(plain[1][10], "DOCENTE; ÁREA \"CIENCIAS\"");
}

#[test]
fn a_csv_excel_file_validates_again_with_the_same_values() {
    let w = Workdir::new();
    let input = form(&w);
    run(&w, &input, "csv-excel", &[]);
    let again = w.copy(&w.path("f.limpio.excel.csv"), "otra_vez.csv");
    let (code, json) = w.validate_json(&["-f", "csv", again.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let warnings = json.to_string();
    assert!(!warnings.contains("TICKET_DISTINTO"), "{warnings}");
    let first = records(&std::fs::read(w.path("f.limpio.excel.csv")).unwrap(), b';');
    let second = records(&std::fs::read(w.path("otra_vez.limpio.csv")).unwrap(), b',');
    let shown: Vec<Vec<String>> = first
        .iter()
        .map(|r| r.iter().map(|c| shown(c)).collect())
        .collect();
    assert_eq!(second, shown);
}

#[test]
fn a_csv_excel_output_in_a_folder_is_not_taken_for_a_form() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("c")).unwrap();
    let input = form(&w);
    std::fs::rename(&input, w.path("c/f.xlsx")).unwrap();
    run(&w, &w.path("c/f.xlsx"), "csv-excel", &[]);
    assert!(w.path("c/f.limpio.excel.csv").exists());
    let (code, json) = w.validate_json(&["-f", "csv-excel", "c"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json}");
    assert!(!json.to_string().contains("SALIDAS_DESPAREJADAS"), "{json}");
}

#[test]
fn libreoffice_opens_csv_excel_in_separate_columns_with_accents() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("OMITIDA: LibreOffice (soffice) no está instalado");
        return;
    }
    let w = Workdir::new();
    let input = form(&w);
    run(&w, &input, "csv-excel", &["--conservar-tildes"]);
    // Its own profile: another soffice running does not take the call.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        w.path("perfil").display()
    );
    let status = std::process::Command::new("soffice")
        .arg(profile)
        .args([
            "--headless",
            "--infilter=CSV:59,34,76",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(w.path("lo"))
        .arg(w.path("f.limpio.excel.csv"))
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let book = read_book(&w.path("lo/f.limpio.excel.xlsx"));
    let rows = text_rows(&book[0].1);
    assert_eq!(rows[0].len(), 13, "{:?}", rows[0]);
    assert_eq!(rows[0][0], "TICKET");
    assert_eq!(rows[1][1], "JOSÉ");
    assert_eq!(rows[1][3], "NÚNEZ", "Ñ is written as N, the accent kept");
    assert_eq!(rows[1][8], "105001000108");
    assert_eq!(rows[1][10], "DOCENTE; ÁREA \"CIENCIAS\"");
    assert_eq!(rows[1][12], "3101234567");
    assert_eq!(rows[2][6], "01234567890");
    assert_eq!(rows[2][10], "SECRETARIA ACADÉMICA");
}
