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
    let rejected = common::rejection_table(&w.path("formulas.rechazos.xlsx"));
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
    let rejected = common::rejection_table(&w.path("reglas.rechazos.xlsx"));
    assert_eq!(clean[0].1.len() - 1 + rejected.len() - 1, 40);
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
    assert!(stderr.contains("memoria máxima (256 MB)"), "{stderr}");
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

/// An XLSX written part by part, for workbooks no spreadsheet program
/// would write: `sheets` are (name, part) pairs of xl/workbook.xml, and
/// `parts` the other parts (path, text). Sheets pointing at one part share
/// its relationship.
fn hand_xlsx(sheets: &[(&str, &str)], parts: &[(&str, String)]) -> Vec<u8> {
    use std::io::Write;
    let mut rels = String::new();
    let mut list = String::new();
    let mut ids: Vec<&str> = Vec::new();
    for (i, (name, part)) in sheets.iter().enumerate() {
        let n = match ids.iter().position(|p| p == part) {
            Some(n) => n + 1,
            None => {
                ids.push(part);
                rels.push_str(&format!(
                    r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{part}"/>"#,
                    ids.len()
                ));
                ids.len()
            }
        };
        list.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{}" r:id="rId{n}"/>"#,
            i + 1
        ));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let fixed = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        ),
    ];
    for (path, text) in fixed.iter().chain(parts) {
        zip.start_file(*path, deflate).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A sheet part whose rows are the header and `rows`, as inline strings;
/// `extra` goes after sheetData (hyperlinks).
fn sheet_xml(rows: &[Vec<String>], extra: &str) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>"#,
    );
    let header: Vec<String> = headers().iter().map(|h| h.to_string()).collect();
    for (r, row) in std::iter::once(&header).chain(rows).enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in row.iter().enumerate() {
            let col = sigce::read::sheet::column_letters(c);
            xml.push_str(&format!(
                r#"<c r="{col}{}" t="inlineStr"><is><t>{v}</t></is></c>"#,
                r + 1
            ));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData>");
    xml.push_str(extra);
    xml.push_str("</worksheet>");
    xml
}

/// xl/sharedStrings.xml announcing 10^11 strings in 1 KB: calamine reserved
/// room for all of them and the allocation failure aborted the process
/// (SIGABRT, English text, no report for the other files).
fn shared_strings_bomb() -> Vec<u8> {
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="100000000000" uniqueCount="100000000000"><si><t>ANA</t></si></sst>"#;
    hand_xlsx(
        &[("Hoja1", "worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", sheet_xml(&[valid_row(9)], "")),
            ("xl/sharedStrings.xml", sst.to_string()),
        ],
    )
}

#[test]
fn regression_a_shared_strings_count_of_10_11_no_longer_aborts_the_batch() {
    let w = Workdir::new();
    let good = w.path("good.xlsx");
    write_xlsx(&good, &[valid_row(1), valid_row(2)]);
    let bad = w.write("bad.xlsx", shared_strings_bomb());
    let csv = csv_form(&[valid_row(3)]);
    let good2 = w.write("good2.csv", csv);
    let (code, json) = w.validate_json(&[
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        good2.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{json}");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{json}");
    assert_eq!(files[0]["counts"]["accepted"], 2);
    assert_eq!(files[2]["counts"]["accepted"], 1);
    assert_eq!(files[1]["error"]["code"], "ARCHIVO_DANADO");
    let message = files[1]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("xl/sharedStrings.xml") && message.contains("100000000000 textos"),
        "{message}"
    );
    assert!(files[0]["outputs"]["clean"].is_string());
    assert!(files[2]["outputs"]["clean"].is_string());
    assert!(w.path("good.limpio.xlsx").exists() && w.path("good2.limpio.xlsx").exists());
}

/// The XLS that drives calamine past 20 GB used to stop the whole run at
/// the memory budget: it is read in a process of its own now, so the files
/// beside it are still validated and reported.
#[test]
fn a_workbook_that_exhausts_its_reader_takes_only_itself_down() {
    let w = Workdir::new();
    let good = w.path("good.xlsx");
    write_xlsx(&good, &[valid_row(1)]);
    let bad = w.copy(&hostile("memoria_calamine_xls.xls"), "bad.xls");
    let good2 = w.write("good2.csv", csv_form(&[valid_row(3)]));
    let (code, json) = w.validate_json(&[
        "--limite-memoria-mb",
        "300",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        good2.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{json}");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{json}");
    assert_eq!(files[1]["error"]["code"], "LIMITE_SUPERADO");
    let message = files[1]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("bad.xls") && message.contains("memoria máxima (300 MB)"),
        "{message}"
    );
    assert_eq!(files[0]["counts"]["accepted"], 1);
    assert_eq!(files[2]["counts"]["accepted"], 1);
    assert!(w.path("good.limpio.xlsx").exists() && w.path("good2.limpio.xlsx").exists());
}

/// Peak resident memory (bytes) and exit code of `sigce ARGS`, its reader
/// processes included (wait4 reports the largest of them).
#[cfg(target_os = "linux")]
fn peak_rss(w: &Workdir, args: &[&str]) -> (u64, i32, String) {
    let out = std::fs::File::create(w.path("salida.json")).unwrap();
    let err = std::fs::File::create(w.path("errores.txt")).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"))
        .current_dir(w.path(""))
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be overwritten.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    let stderr = std::fs::read_to_string(w.path("errores.txt")).unwrap();
    (usage.ru_maxrss as u64 * 1024, code, stderr)
}

/// The budget counted bytes asked for, so a 3 GB budget let the process
/// reach 5.2 GB: it caps resident memory now, within the 10 % the README
/// states, in the process that reads the workbook and in the main one.
#[cfg(target_os = "linux")]
#[test]
fn the_memory_budget_caps_peak_resident_memory_within_ten_percent() {
    const BUDGET_MB: u64 = 300;
    let cap = BUDGET_MB * 1024 * 1024 * 110 / 100;
    let w = Workdir::new();
    // A workbook whose reader would take gigabytes (read in its own process).
    let xls = w.copy(&hostile("memoria_calamine_xls.xls"), "memoria.xls");
    let (rss, code, stderr) = peak_rss(
        &w,
        &[
            "validar",
            "--json",
            "--limite-memoria-mb",
            "300",
            xls.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    eprintln!(
        "XLS en su proceso: pico {} MB con límite {BUDGET_MB} MB",
        rss / (1024 * 1024)
    );
    assert!(rss <= cap, "peak {} MB", rss / (1024 * 1024));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path("salida.json")).unwrap()).unwrap();
    assert_eq!(json["files"][0]["error"]["code"], "LIMITE_SUPERADO");

    // A CSV of 160 MB, read in the main process: the values its rows keep
    // alone pass a smaller budget (the text itself is freed as it is read).
    const CSV_BUDGET_MB: u64 = 120;
    let csv_cap = CSV_BUDGET_MB * 1024 * 1024 * 110 / 100;
    {
        use std::io::Write;
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(w.path("grande.csv")).unwrap());
        writeln!(file, "{}", headers().join(";")).unwrap();
        let long = "A".repeat(8_000);
        for n in 0..10_000 {
            let mut row = valid_row(n);
            row[9] = long.clone();
            row[2] = long.clone();
            writeln!(file, "{}", row.join(";")).unwrap();
        }
    }
    let csv = w.path("grande.csv");
    let (rss, code, stderr) = peak_rss(
        &w,
        &[
            "validar",
            "--limite-memoria-mb",
            &CSV_BUDGET_MB.to_string(),
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    eprintln!(
        "CSV en el proceso principal: pico {} MB con límite {CSV_BUDGET_MB} MB",
        rss / (1024 * 1024)
    );
    assert!(rss <= csv_cap, "peak {} MB", rss / (1024 * 1024));
    assert!(
        stderr.contains("LIMITE_SUPERADO") && stderr.contains("120 MB"),
        "{stderr}"
    );
    assert!(stderr.contains("grande.csv"), "{stderr}");
}

/// MailLinks appended a link's target to its cell after the cell had been
/// checked against --limite-celda: a 20 MB `mailto:` rode past it.
#[test]
fn regression_a_mailto_link_counts_against_the_cell_limit() {
    let w = Workdir::new();
    let mut row = valid_row(1);
    row[9] = "Correo de Ana".into();
    let link = format!("mailto:{}@colegio.edu.co", "a".repeat(40_000));
    let sheet = sheet_xml(
        &[row],
        r#"<hyperlinks><hyperlink ref="J2" r:id="rIdL"/></hyperlinks>"#,
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{link}" TargetMode="External"/></Relationships>"#
    );
    let bytes = hand_xlsx(
        &[("Hoja1", "worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/worksheets/_rels/sheet1.xml.rels", rels),
        ],
    );
    let path = w.write("vinculo.xlsx", bytes);
    let (code, error, message) = error_of(&w, &[path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"), "{message}");
    assert!(
        message.contains("la celda J2 tendría 40038 caracteres") && message.contains("mailto:"),
        "{message}"
    );
    // With the cell limit raised past it, the cell is read with its link.
    let (_, error, message) = error_of(&w, &["--limite-celda", "50000", path.to_str().unwrap()]);
    assert!(!message.contains("tendría"), "{error}: {message}");
}

/// 128 MB of `;;;;` made 134 million empty cells (4.1 GB) before the
/// column limit looked at them: the fields of a record are counted first.
#[test]
fn regression_a_csv_record_of_empty_fields_is_refused_before_its_cells_exist() {
    let w = Workdir::new();
    let mut text = headers().join(";");
    text.push('\n');
    text.push_str(&valid_row(1).join(";"));
    text.push_str(&";".repeat(2_000_000));
    text.push('\n');
    let path = w.write("vacios.csv", text);
    let (code, error, message) = error_of(&w, &[path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(
        message.contains("el registro 2 tiene más de 16384 campos"),
        "{message}"
    );

    // Delimiters inside a quoted field are part of it, not fields; a quote
    // in the middle of a field is a character, as the CSV reader reads it.
    let mut row = valid_row(1);
    row[2] = format!("\"{}\"", ";".repeat(20_000));
    let path = w.write("citado.csv", csv_form(&[row]));
    let (_, error, message) = error_of(&w, &[path.to_str().unwrap()]);
    assert_ne!(error, "LIMITE_SUPERADO", "{message}");
    let mut row = valid_row(1);
    row[2] = format!("AB\"C{}", ";".repeat(20_000));
    let path = w.write("comilla.csv", csv_form(&[row]));
    let (_, error, _) = error_of(&w, &[path.to_str().unwrap()]);
    assert_eq!(error, "LIMITE_SUPERADO");
}

/// A workbook whose sheets all point at one part made calamine parse that
/// part once per sheet (a thousand sheets: hours). It is read once.
#[test]
fn regression_sheets_that_point_at_one_part_are_read_once() {
    let w = Workdir::new();
    let names: Vec<String> = (0..400).map(|i| format!("Copia{i}")).collect();
    let mut sheets = vec![("Usuarios", "worksheets/sheet1.xml")];
    sheets.extend(names.iter().map(|n| (n.as_str(), "worksheets/sheet1.xml")));
    let rows: Vec<Vec<String>> = (1..=2000).map(valid_row).collect();
    let bytes = hand_xlsx(
        &sheets,
        &[("xl/worksheets/sheet1.xml", sheet_xml(&rows, ""))],
    );
    let path = w.write("copias.xlsx", bytes);
    let started = std::time::Instant::now();
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    let elapsed = started.elapsed();
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"][0]["sheet"], "Usuarios");
    assert_eq!(json["files"][0]["counts"]["accepted"], 2000);
    // Read 401 times, this took minutes.
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
    let warnings = json["files"][0]["file_warnings"].to_string();
    assert!(!warnings.contains("OTRA_HOJA_CON_FORMATO"), "{warnings}");

    // XLSB: the same, through its binary workbook part.
    let (_, json) = w.validate_json(&[hostile("hojas_copiadas.xlsb").to_str().unwrap()]);
    let file = &json["files"][0];
    assert_eq!(file["sheet"], "Usuarios", "{json}");
    assert_eq!(file["counts"]["rows"], 1, "{json}");
    let warnings = file["file_warnings"].to_string();
    assert!(!warnings.contains("OTRA_HOJA_CON_FORMATO"), "{warnings}");
}

/// Parts without cells are bounded tighter than sheets (a 2.7 MB styles.xml
/// inflating to 900 MB took 2.7 GB), and all parts together within the
/// part limit.
#[test]
fn styles_and_the_whole_workbook_are_bounded_not_only_each_sheet() {
    let w = Workdir::new();
    let sheet = sheet_xml(&[valid_row(1)], "");
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</styleSheet>"#,
        " ".repeat(2 * 1024 * 1024)
    );
    let bytes = hand_xlsx(
        &[("Hoja1", "worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", sheet.clone()),
            ("xl/styles.xml", styles),
        ],
    );
    let path = w.write("estilos.xlsx", bytes);
    let (code, error, message) = error_of(&w, &["--limite-mb", "8", path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(
        message.contains("«xl/styles.xml», que no tiene celdas, se descomprime a 2 MB"),
        "{message}"
    );
    // A sheet of 2 MB is within the 8 MB limit for sheets.
    let big_cell = "B".repeat(30_000);
    let rows: Vec<Vec<String>> = (1..=70)
        .map(|n| {
            let mut r = valid_row(n);
            r[8] = big_cell.clone();
            r
        })
        .collect();
    let part = sheet_xml(&rows, "");
    assert!(part.len() > 2 * 1024 * 1024 && part.len() < 8 * 1024 * 1024);
    let one = hand_xlsx(
        &[("Hoja1", "worksheets/sheet1.xml")],
        &[("xl/worksheets/sheet1.xml", part.clone())],
    );
    let path = w.write("una.xlsx", one);
    let (_, error, _) = error_of(&w, &["--limite-mb", "8", path.to_str().unwrap()]);
    assert_ne!(error, "LIMITE_SUPERADO");
    // Four such sheets together pass 8 MB.
    let four = hand_xlsx(
        &[
            ("Hoja1", "worksheets/sheet1.xml"),
            ("Hoja2", "worksheets/sheet2.xml"),
            ("Hoja3", "worksheets/sheet3.xml"),
            ("Hoja4", "worksheets/sheet4.xml"),
        ],
        &[
            ("xl/worksheets/sheet1.xml", part.clone()),
            ("xl/worksheets/sheet2.xml", part.clone()),
            ("xl/worksheets/sheet3.xml", part.clone()),
            ("xl/worksheets/sheet4.xml", part),
        ],
    );
    let path = w.write("cuatro.xlsx", four);
    let (code, error, message) = error_of(&w, &["--limite-mb", "8", path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"));
    assert!(message.contains("sus partes juntas"), "{message}");
}

/// Each of these files made a reader ask for hundreds of gigabytes; the
/// failed allocation aborted the process (SIGABRT, exit 134, English text)
/// with no report and no output for the files beside it. Now the others
/// are validated and written, the report is complete, and the exit is 2.
#[test]
fn regression_an_allocation_failure_in_a_reader_no_longer_aborts_the_batch() {
    let w = Workdir::new();
    let good = w.path("good.xlsx");
    write_xlsx(&good, &[valid_row(1)]);
    let good2 = w.write("good2.csv", csv_form(&[valid_row(2)]));
    let cases = [
        (
            "bad.xlsx",
            shared_strings_bomb(),
            "ARCHIVO_DANADO",
            "100000000000 textos",
        ),
        (
            "bad.xlsb",
            std::fs::read(hostile("celda_xfd1048576.xlsb")).unwrap(),
            "LIMITE_SUPERADO",
            "XFD1048576",
        ),
        (
            "bad.xls",
            std::fs::read(hostile("columna_65535.xls")).unwrap(),
            "LIMITE_SUPERADO",
            "memoria",
        ),
    ];
    for (name, bytes, code, said) in cases {
        let bad = w.write(name, bytes);
        let _ = std::fs::remove_file(w.path("good.limpio.xlsx"));
        let _ = std::fs::remove_file(w.path("good2.limpio.xlsx"));
        let out = w
            .sigce()
            .args(["validar", "--json", "good.xlsx", name, "good2.csv"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let files = json["files"].as_array().unwrap();
        assert_eq!(files.len(), 3, "{name}: {json}");
        assert_eq!(files[1]["error"]["code"], code, "{name}: {json}");
        let message = files[1]["error"]["message"].as_str().unwrap();
        assert!(message.contains(said), "{name}: {message}");
        assert_eq!(files[0]["counts"]["accepted"], 1, "{name}");
        assert_eq!(files[2]["counts"]["accepted"], 1, "{name}");
        assert!(w.path("good.limpio.xlsx").exists(), "{name}");
        assert!(w.path("good2.limpio.xlsx").exists(), "{name}");
        assert!(good2.exists() && bad.exists());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("memory allocation"), "{stderr}");
    }
}

/// A 1 KB ODS whose one value is repeated across a million columns reached
/// 2 GB inside calamine before the column limit saw the sheet: the
/// repeats are counted first, and the cell is named.
#[test]
fn regression_repeated_ods_columns_are_counted_before_they_are_expanded() {
    use std::io::Write;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Usuarios"><table:table-row><table:table-cell office:value-type="string"><text:p>NOMBRE</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="1000000" office:value-type="string"><text:p>ANA</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2048);
    let w = Workdir::new();
    let path = w.write("repetidas.ods", bytes);
    let started = std::time::Instant::now();
    let (code, error, message) = error_of(&w, &[path.to_str().unwrap()]);
    assert_eq!((code, error.as_str()), (2, "LIMITE_SUPERADO"), "{message}");
    assert!(
        message
            .contains("la hoja «Usuarios» tiene datos en la celda ALM2 (repetida 1000000 veces)"),
        "{message}"
    );
    assert!(started.elapsed().as_secs() < 10);
}

/// An XLSX of `rows` rows of 12 cells that all point at one shared string
/// of `chars` characters: a few MB on disk, `rows * 12 * chars` bytes of
/// text once its cells are read.
fn one_long_shared_string(rows: usize, chars: usize) -> Vec<u8> {
    let long = "A".repeat(chars);
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let mut xml = sheet_xml(&[], "");
    let end = xml.find("</sheetData>").unwrap();
    let mut body = String::with_capacity(rows * 12 * 30);
    for r in 2..rows + 2 {
        body.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..12 {
            let col = sigce::read::sheet::column_letters(c);
            body.push_str(&format!(r#"<c r="{col}{r}" t="s"><v>0</v></c>"#));
        }
        body.push_str("</row>");
    }
    xml.insert_str(end, &body);
    hand_xlsx(
        &[("Usuarios", "worksheets/sheet1.xml")],
        &[
            ("xl/worksheets/sheet1.xml", xml),
            ("xl/sharedStrings.xml", sst),
        ],
    )
}

/// With several threads the memory-budget message named the file another
/// thread had started last ("mientras se leía ok.csv … quite ese
/// archivo"), not the one whose reading passed the budget.
#[test]
fn regression_the_memory_budget_message_names_the_file_that_passed_it() {
    let w = Workdir::new();
    w.write("ok.csv", csv_form(&[valid_row(1), valid_row(2)]));
    // 80 000 rows × 12 cells of one character: 1 MB of text, well within
    // the text limit, but about a million strings, past a 48 MB budget.
    w.write("grande.xlsx", one_long_shared_string(80_000, 1));
    for extra in 0..6 {
        w.write(
            &format!("ok{extra}.csv"),
            csv_form(&[valid_row(10 + extra)]),
        );
    }
    let mut args = vec![
        "validar",
        "--hilos",
        "2",
        "--limite-memoria-mb",
        "48",
        "ok.csv",
        "grande.xlsx",
    ];
    let extras: Vec<String> = (0..6).map(|n| format!("ok{n}.csv")).collect();
    args.extend(extras.iter().map(String::as_str));
    let out = w.sigce().args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("superó el límite de 48 MB mientras se leía grande.xlsx"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("ok.csv") && !stderr.contains("ok0.csv"),
        "{stderr}"
    );
}

/// A 1.1 KB ODS: a header row, then one row of 12 cells of 2 000
/// characters repeated a million times. Within the cell limit (12 million
/// cells), but 24 GB of text once expanded.
fn repeated_long_text_ods() -> Vec<u8> {
    use std::io::Write;
    let header: String = headers()
        .iter()
        .map(|h| {
            format!(
                r#"<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>"#
            )
        })
        .collect();
    let long = "A".repeat(2000);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Usuarios"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="12" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", deflate).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", deflate).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Runs `validar --json ok.csv <bad> ok2.csv <extra>` and checks that the
/// bad file alone fails, with LIMITE_SUPERADO saying `said`, and that both
/// good files are reported and written. Returns the bad file's message.
fn fails_alone(w: &Workdir, bad: &str, extra: &[&str], said: &str) -> String {
    w.write("ok.csv", csv_form(&[valid_row(1)]));
    w.write("ok2.csv", csv_form(&[valid_row(2)]));
    let out = w
        .sigce()
        .args(["validar", "--json", "ok.csv", bad, "ok2.csv"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{bad}: {out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{bad}: {json}");
    assert_eq!(
        files[1]["error"]["code"], "LIMITE_SUPERADO",
        "{bad}: {json}"
    );
    let message = files[1]["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains(said), "{bad}: {message}");
    assert_eq!(files[0]["counts"]["accepted"], 1, "{bad}: {json}");
    assert_eq!(files[2]["counts"]["accepted"], 1, "{bad}: {json}");
    assert!(w.path("ok.limpio.xlsx").exists() && w.path("ok2.limpio.xlsx").exists());
    message
}

/// 1.1 KB of ODS within every limit expanded into 24 GB of strings: the
/// process aborted under `ulimit -v` ("memory allocation of 2000 bytes
/// failed", no JSON), or the memory budget stopped the whole batch. The
/// text is counted as the repeats are, before calamine expands them.
#[test]
fn regression_repeated_ods_text_no_longer_exhausts_memory() {
    let bytes = repeated_long_text_ods();
    assert!(bytes.len() < 2048, "{}", bytes.len());
    let w = Workdir::new();
    w.write("hostil.ods", bytes);
    let started = std::time::Instant::now();
    let message = fails_alone(
        &w,
        "hostil.ods",
        &[],
        "el texto de la hoja «Usuarios» pasa de 1024 MB al expandir sus celdas",
    );
    assert!(
        message.contains("--limite-mb") || message.contains("tamaño descomprimido"),
        "{message}"
    );
    assert!(started.elapsed().as_secs() < 20);
}

/// An XLSX whose cells all point at one 3 000-character shared string is
/// a few MB on disk and gigabytes of text once read: the sheet is refused
/// when its text passes the decompressed-size limit (here 20 MB, so the
/// test stays small), with its rows past the first ones read in the
/// streaming thread.
#[test]
fn regression_one_shared_string_in_every_cell_no_longer_exhausts_memory() {
    let w = Workdir::new();
    // 2 000 rows × 12 cells × 3 000 characters: 72 MB of text.
    w.write("hostil.xlsx", one_long_shared_string(2_000, 3_000));
    fails_alone(
        &w,
        "hostil.xlsx",
        &["--limite-mb", "20"],
        "el texto de la hoja «Usuarios» pasa de 20 MB al expandir sus celdas",
    );
    // A smaller sheet against a smaller limit.
    w.write("corto.xlsx", one_long_shared_string(600, 3_000));
    fails_alone(
        &w,
        "corto.xlsx",
        &["--limite-mb", "5"],
        "el texto de la hoja «Usuarios» pasa de 5 MB al expandir sus celdas",
    );
}

/// With a memory budget smaller than four times the decompressed-size
/// limit (`--limite-memoria-mb 1000`), the text limit was still 1024 MB:
/// the budget stopped the whole batch first, with no JSON and no outputs.
/// The text of a sheet is held to a quarter of the budget.
#[test]
fn regression_a_sheet_of_repeated_text_under_a_small_budget_fails_alone() {
    let w = Workdir::new();
    // 72 MB of text against a 100 MB budget: its share is 25 MB.
    w.write("hostil.xlsx", one_long_shared_string(2_000, 3_000));
    let message = fails_alone(
        &w,
        "hostil.xlsx",
        &["--limite-memoria-mb", "100", "--hilos", "1"],
        "el texto de la hoja «Usuarios» pasa de 25 MB al expandir sus celdas (la cuarta parte de la memoria máxima)",
    );
    assert!(message.contains("memoria máxima (100 MB)"), "{message}");
}

/// Under `ulimit -v` smaller than the 8 GB default budget, the budget
/// never came into play: the system refused memory first. The budget now
/// takes at most 70 % of the address-space limit, and the sheet's text a
/// quarter of that, so the hostile file fails alone with the Spanish
/// LIMITE_SUPERADO and the limit it was held to.
#[cfg(unix)]
#[test]
fn regression_the_memory_budget_follows_the_address_space_limit() {
    use std::os::unix::process::CommandExt;
    let w = Workdir::new();
    // 54 MB of text; 256 MB of address space: a 179 MB budget, 44 MB of text.
    w.write("hostil.xlsx", one_long_shared_string(1_500, 3_000));
    w.write("ok.csv", csv_form(&[valid_row(1)]));
    w.write("ok2.csv", csv_form(&[valid_row(2)]));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_sigce"));
    cmd.current_dir(w.path(".")).env("NO_COLOR", "1").args([
        "validar",
        "--json",
        "ok.csv",
        "hostil.xlsx",
        "ok2.csv",
    ]);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let bytes = 256 * 1024 * 1024;
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{json}");
    assert_eq!(files[1]["error"]["code"], "LIMITE_SUPERADO", "{json}");
    let message = files[1]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("memoria máxima (179 MB)")
            && message.contains("el texto de la hoja «Usuarios» pasa de 44 MB"),
        "{message}"
    );
    assert_eq!(files[0]["counts"]["accepted"], 1, "{json}");
    assert_eq!(files[2]["counts"]["accepted"], 1, "{json}");
}

/// A sheet part with the header, row 2 as inline strings, and row 3 made
/// of `row3` (raw `<c>` elements).
fn sheet_with_row3(row3: &str) -> Vec<u8> {
    let mut xml = sheet_xml(&[valid_row(2)], "");
    let end = xml.find("</sheetData>").unwrap();
    xml.insert_str(end, &format!(r#"<row r="3">{row3}</row>"#));
    hand_xlsx(
        &[("Usuarios", "worksheets/sheet1.xml")],
        &[("xl/worksheets/sheet1.xml", xml)],
    )
}

/// Row 3 as formulas, each with `cached(value)` after its `<f>`.
fn formula_row(cached: impl Fn(&str) -> String) -> String {
    valid_row(3)
        .iter()
        .enumerate()
        .map(|(c, v)| {
            let col = sigce::read::sheet::column_letters(c);
            format!(r#"<c r="{col}3"{}</c>"#, cached(v).replace("{col}", &col))
        })
        .collect()
}

/// Scripts (openpyxl, PHP exports) write formulas without their result:
/// calamine read them as empty, so a row of only such formulas vanished
/// (exit 0) and a partly filled one was rejected as empty. Now the file is
/// a clear error naming the first such cell; a formula with its result is
/// read by that result.
#[test]
fn regression_formulas_without_a_stored_result_no_longer_vanish() {
    let w = Workdir::new();
    let cases = [
        // No <v> at all.
        (
            "sin_v.xlsx",
            formula_row(|_| r#"><f>{col}2</f>"#.to_string()),
        ),
        // An empty <v>.
        (
            "v_vacio.xlsx",
            formula_row(|_| r#"><f>{col}2</f><v></v>"#.to_string()),
        ),
        // Partly filled: values, and one formula without a result.
        (
            "mixta.xlsx",
            valid_row(3)
                .iter()
                .enumerate()
                .map(|(c, v)| {
                    let col = sigce::read::sheet::column_letters(c);
                    if col == "C" {
                        r#"<c r="C3"><f>C2</f></c>"#.to_string()
                    } else {
                        format!(r#"<c r="{col}3" t="inlineStr"><is><t>{v}</t></is></c>"#)
                    }
                })
                .collect(),
        ),
    ];
    for (name, row3) in cases {
        w.write(name, sheet_with_row3(&row3));
        let (code, error, message) = error_of(&w, &[name]);
        assert_eq!(
            (code, error.as_str()),
            (2, "FORMULAS_SIN_CALCULAR"),
            "{name}: {message}"
        );
        let first = if name == "mixta.xlsx" {
            "C3 (=C2)"
        } else {
            "A3 (=A2)"
        };
        assert!(
            message.contains(&format!("la celda {first} de la hoja «Usuarios»")),
            "{name}: {message}"
        );
    }
    let (_, json) = w.validate_json(&["sin_v.xlsx"]);
    assert_eq!(
        json["files"][0]["error"]["help"],
        "Ábralo en Excel o LibreOffice y guárdelo de nuevo: así se calculan las fórmulas. Luego valídelo otra vez.",
        "{json}"
    );
}

#[test]
fn a_formula_with_its_stored_result_is_read_by_that_result() {
    let w = Workdir::new();
    // Every cell of row 3 a formula with its cached text; SEGUNDO NOMBRE
    // (column B) the cached empty text Excel writes for ="".
    let row3 = formula_row(|v| {
        if v.is_empty() {
            r#" t="str"><f>""</f><v></v>"#.to_string()
        } else {
            format!(r#" t="str"><f>"{v}"</f><v>{v}</v>"#)
        }
    });
    w.write("calculadas.xlsx", sheet_with_row3(&row3));
    let (code, json) = w.validate_json(&["calculadas.xlsx"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"][0]["counts"]["accepted"], 2, "{json}");
}
