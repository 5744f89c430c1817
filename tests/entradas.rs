//! What the tool accepts as input and what it says about it: only regular
//! files are read (never a FIFO or a device, which would hang or never end),
//! Excel's web-page and XML exports are named for what they are, names with
//! escape sequences never drive the terminal, every message a person reads is
//! Spanish, and a value no workbook cell can hold rejects its row only.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Workdir, assert_exit, headers, read_book, text_rows, valid_row, write_xlsx};
use serde_json::Value;

/// Long enough for a slow machine, short enough that a hang fails the test.
const NO_HANG: Duration = Duration::from_secs(60);

/// `sigce validar --json <args>` that must end on its own: (exit code, report).
fn validate(w: &Workdir, args: &[&str]) -> (i32, Value) {
    let out = w
        .sigce()
        .arg("validar")
        .arg("--json")
        .args(args)
        .timeout(NO_HANG)
        .output()
        .expect("run sigce");
    let code = out.status.code().unwrap_or_else(|| {
        panic!("sigce did not end by itself (killed after {NO_HANG:?}): it hung on its input")
    });
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, json)
}

/// The code and message of the first file's error ("" when it has none).
fn error_of(json: &Value) -> (String, String) {
    let error = &json["files"][0]["error"];
    (
        error["code"].as_str().unwrap_or("").to_string(),
        error["message"].as_str().unwrap_or("").to_string(),
    )
}

fn csv_form(rows: &[Vec<String>]) -> String {
    let mut text = headers().join(";");
    text.push('\n');
    for row in rows {
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    text
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

// 1. Only regular files are read.

#[cfg(unix)]
#[test]
fn a_fifo_given_as_input_is_refused_instead_of_hanging() {
    let w = Workdir::new();
    let fifo = w.path("formato.csv");
    mkfifo(&fifo);
    let (code, json) = validate(&w, &[fifo.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let (error, message) = error_of(&json);
    assert_eq!(error, "ARCHIVO_NO_ENCONTRADO");
    assert!(message.contains("es una tubería (FIFO)"), "{message}");
    // A link to a FIFO is the FIFO.
    let link = w.path("enlace.csv");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let (code, json) = validate(&w, &[link.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    assert!(
        error_of(&json).1.contains("es una tubería (FIFO)"),
        "{json}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_configuration_or_case_file_is_refused_instead_of_hanging() {
    // `--config <fifo>` hung and `--config /dev/zero` read without end.
    let w = Workdir::new();
    let fifo = w.path("sigce.toml");
    mkfifo(&fifo);
    let form = w.write("f.csv", csv_form(&[valid_row(1)]));
    for config in [fifo.to_str().unwrap(), "/dev/zero"] {
        let out = w
            .sigce()
            .args(["--config", config, "validar", form.to_str().unwrap()])
            .timeout(NO_HANG)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{config}: it hung or went on");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("CONFIGURACION_INVALIDA") && stderr.contains(", no un archivo"),
            "{stderr}"
        );
    }
    let case = w.path("caso.toml");
    mkfifo(&case);
    let out = w
        .sigce()
        .args(["escalar", case.to_str().unwrap()])
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "escalar hung on a FIFO case file"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("tubería"));
}

#[cfg(unix)]
#[test]
fn a_fifo_inside_a_folder_is_skipped_and_the_forms_beside_it_are_read() {
    let w = Workdir::new();
    let dir = w.path("adjuntos");
    std::fs::create_dir(&dir).unwrap();
    write_xlsx(&dir.join("formato.xlsx"), &[valid_row(1)]);
    mkfifo(&dir.join("atascado.csv"));
    let (code, json) = validate(&w, &[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{json}");
    assert!(
        files[0]["input"]
            .as_str()
            .unwrap()
            .ends_with("formato.xlsx")
    );
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_as_a_device_instead_of_bypassing_the_size_limit() {
    let w = Workdir::new();
    for args in [
        &["--limite-mb", "1", "/dev/zero"][..],
        &["/dev/zero"][..],
        &["/dev/null"][..],
    ] {
        let (code, json) = validate(&w, args);
        assert_eq!(code, 2, "{json}");
        let (error, message) = error_of(&json);
        assert_eq!(error, "ARCHIVO_NO_ENCONTRADO", "{args:?}");
        assert!(message.contains("es un dispositivo"), "{message}");
    }
}

#[cfg(unix)]
#[test]
fn endless_standard_input_stops_at_the_size_limit() {
    let w = Workdir::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"))
        .args(["validar", "--json", "--limite-mb", "1", "-"])
        .current_dir(w.dir.path())
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > NO_HANG {
            let _ = child.kill();
            panic!("sigce kept reading an endless standard input");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 2);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error_of(&json).0, "LIMITE_SUPERADO");
}

#[test]
fn a_regular_file_over_the_size_limit_is_still_refused() {
    let w = Workdir::new();
    let big = w.write("grande.csv", vec![b'a'; 1024 * 1024 + 1]);
    let (code, json) = validate(&w, &["--limite-mb", "1", big.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    assert_eq!(error_of(&json).0, "LIMITE_SUPERADO");
}

// 2. Excel's web-page and XML 2003 exports, and UTF-16 without BOM.

const TABLE: &str = "<table><tr><td>PRIMER NOMBRE</td><td>PRIMER APELLIDO</td><td>NUMERO DE DOCUMENTO</td></tr><tr><td>ANA</td><td>PEREZ</td><td>52000001</td></tr></table>";
const XML_2003: &str = "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Hoja1\"><Table><Row><Cell><Data ss:Type=\"String\">PRIMER NOMBRE</Data></Cell></Row></Table></Worksheet></Workbook>";

fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if bom {
        bytes.extend_from_slice(if little { b"\xFF\xFE" } else { b"\xFE\xFF" });
    }
    for unit in text.encode_utf16() {
        bytes.extend(if little {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    bytes
}

/// Every encoding a person may meet the same text in.
fn encodings(text: &str) -> Vec<(String, Vec<u8>)> {
    let mut all = vec![("UTF-8".to_string(), text.as_bytes().to_vec())];
    for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
        let name = format!(
            "UTF-16{} {}",
            if little { "LE" } else { "BE" },
            if bom { "con BOM" } else { "sin BOM" }
        );
        all.push((name, utf16(text, little, bom)));
    }
    all
}

#[test]
fn a_web_page_saved_as_xls_is_named_for_what_it_is_not_headerless() {
    let w = Workdir::new();
    let pages = [
        (
            "comentario",
            format!("<!-- exportado por el sistema -->\n<html>{TABLE}</html>"),
        ),
        (
            "meta",
            format!(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n{TABLE}"
            ),
        ),
        (
            "style",
            format!("<style>\ntd {{mso-number-format:\\@;}}\n</style>\n{TABLE}"),
        ),
        (
            "html",
            format!("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">{TABLE}</html>"),
        ),
    ];
    for (first, page) in &pages {
        for (encoding, bytes) in encodings(page) {
            let path = w.write("formato.xls", bytes);
            let (code, json) = validate(&w, &[path.to_str().unwrap()]);
            assert_eq!(code, 2, "{first} {encoding}: {json}");
            let (error, message) = error_of(&json);
            assert_eq!(error, "ARCHIVO_NO_ES_HOJA", "{first} {encoding}: {message}");
            assert!(
                message.contains("es una página web (HTML) guardada con extensión .xls")
                    && message.contains("guárdelo como Libro de Excel (.xlsx)"),
                "{first} {encoding}: {message}"
            );
        }
    }
}

#[test]
fn an_xml_2003_spreadsheet_saved_as_xls_is_named_for_what_it_is() {
    let w = Workdir::new();
    let books = [
        (
            "prólogo",
            format!(
                "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n{XML_2003}"
            ),
        ),
        ("sin prólogo", XML_2003.to_string()),
        ("comentario", format!("<!-- copia -->\n{XML_2003}")),
    ];
    for (first, book) in &books {
        for (encoding, bytes) in encodings(book) {
            let path = w.write("formato.xls", bytes);
            let (code, json) = validate(&w, &[path.to_str().unwrap()]);
            assert_eq!(code, 2, "{first} {encoding}: {json}");
            let (error, message) = error_of(&json);
            assert_eq!(error, "ARCHIVO_NO_ES_HOJA", "{first} {encoding}: {message}");
            assert!(
                message.contains("es una «Hoja de cálculo XML 2003» guardada con extensión .xls")
                    && message.contains("Libro de Excel (.xlsx)"),
                "{first} {encoding}: {message}"
            );
        }
    }
}

#[test]
fn a_utf16_csv_without_bom_holding_a_zero_low_byte_is_read_as_utf16() {
    let w = Workdir::new();
    let mut row = valid_row(1);
    // «Ā» is U+0100 and the ideographic space U+3000: both have a zero low byte.
    row[9] = "DOCENTE\u{3000}ĀREA".to_string();
    let text = csv_form(&[row, valid_row(2)]);
    for little in [true, false] {
        let path = w.write("formato.csv", utf16(&text, little, false));
        let (code, json) = validate(&w, &[path.to_str().unwrap()]);
        assert_eq!(error_of(&json).0, "", "little-endian {little}: {json}");
        assert!(code < 2, "{json}");
        assert_eq!(json["files"][0]["counts"]["rows"], 2, "{json}");
        // The value is the text written, not bytes read as Windows-1252.
        let clean = text_rows(&read_book(&w.path("formato.limpio.xlsx"))[0].1);
        let cargo = clean[0].iter().position(|h| h == "CARGO").unwrap();
        assert_eq!(clean[1][cargo], "DOCENTE AREA", "little-endian {little}");
    }
}

// 3. Escape sequences in names reach no terminal.

/// A name that clears the screen, sets the terminal's title and reverses
/// the text after it, if printed as it is.
const HOSTILE: &str = "a\u{1b}[2J\u{1b}]0;title\u{7}\u{202e}xslx";

fn assert_no_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (c, name) in [('\u{1b}', "ESC"), ('\u{7}', "BEL"), ('\u{202e}', "U+202E")] {
        assert!(!text.contains(c), "{what} holds {name}:\n{text}");
    }
}

#[cfg(unix)]
#[test]
fn escape_sequences_in_file_names_are_shown_not_sent_to_the_terminal() {
    let w = Workdir::new();
    let mut bad = valid_row(3);
    bad[8] = "no-es-correo".to_string();
    let first = w.write(
        &format!("{HOSTILE}1.csv"),
        csv_form(&[valid_row(1), valid_row(2), bad]),
    );
    // The same person in a second file: the duplicate names the other file.
    let second = w.write(&format!("{HOSTILE}2.csv"), csv_form(&[valid_row(1)]));
    let empty = w.write(&format!("{HOSTILE}3.csv"), "");
    let out = w
        .sigce()
        .arg("validar")
        .args([&first, &second, &empty])
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_no_controls("stdout", &out.stdout);
    assert_no_controls("stderr", &out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Still recognizable: the escape shows as a sign.
    assert!(
        stdout.contains("a␛[2J␛]0;title␇\\u{202e}xslx1.csv"),
        "{stdout}"
    );
    assert!(stdout.contains("Fila 4 rechazada"), "{stdout}");
    // JSON keeps the exact name: it escapes control characters itself.
    let (_, json) = validate(&w, &[first.to_str().unwrap()]);
    assert!(
        json["files"][0]["input"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{HOSTILE}1.csv"))
    );
}

#[test]
fn escape_sequences_in_a_sheet_name_are_shown_not_sent_to_the_terminal() {
    let w = Workdir::new();
    let path = w.path("hoja.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    // Excel forbids brackets in sheet names, not controls: ESC c resets a terminal.
    sheet.set_name("\u{1b}c\u{7}\u{202e}x").unwrap();
    for (c, h) in headers().iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in valid_row(1).iter().enumerate() {
        sheet.write_string(1, c as u16, v).unwrap();
    }
    book.save(&path).unwrap();
    let out = w
        .sigce()
        .args(["validar", "--hoja", "\u{1b}c\u{7}\u{202e}x"])
        .arg(&path)
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_no_controls("stdout", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("hoja «␛c␇\\u{202e}x»"));
    // A sheet asked for that does not exist: the message quotes both names.
    let out = w
        .sigce()
        .args(["validar", "--hoja", "\u{1b}]0;x\u{7}"])
        .arg(&path)
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_no_controls("stdout", &out.stdout);
    assert_no_controls("stderr", &out.stderr);
}

// 4. Every message a person reads is Spanish.

/// What the operating system and the libraries say in English. None of it
/// may stand alone; it may only follow a Spanish sentence as its detail.
const ENGLISH: &[&str] = &[
    "Is a directory",
    "stream did not contain valid UTF-8",
    "Permission denied",
    "os error",
    "No such file",
    "Xml error",
    "unrecognized entity",
    "Zip error",
    "ZipWriter",
    "disk I/O error",
    "I/O error",
];

/// Every English fragment in `message` comes after a Spanish sentence, as a
/// detail in parentheses; those about files (the system's own words for a
/// folder, a permission, an encoding) are not there at all.
fn assert_spanish_first(message: &str) {
    for never in [
        "Is a directory",
        "stream did not contain",
        "Permission denied",
        "os error",
    ] {
        assert!(!message.contains(never), "«{never}» in: {message}");
    }
    for fragment in ENGLISH {
        let Some(at) = message.find(fragment) else {
            continue;
        };
        let before = &message[..at];
        let detail = before.rfind("(detalle: ").unwrap_or_else(|| {
            panic!("«{fragment}» is not a detail after a Spanish sentence: {message}")
        });
        assert!(
            before[..detail].trim().len() > 20,
            "no Spanish sentence before «{fragment}»: {message}"
        );
    }
}

/// The run's message: stderr in full (errors go there when stdout is not a
/// terminal), which must not be empty.
fn stderr_of(w: &Workdir, args: &[&str]) -> String {
    let out = w.sigce().args(args).timeout(NO_HANG).output().unwrap();
    assert_exit(&out, 2);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.starts_with("error["), "{stderr}");
    stderr
}

#[test]
fn a_folder_named_like_a_workbook_is_told_in_spanish_wherever_a_file_is_expected() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("x.xlsx")).unwrap();
    let validated = stderr_of(&w, &["validar", "x.xlsx"]);
    assert_spanish_first(&validated);
    let config = stderr_of(&w, &["--config", "x.xlsx", "validar", "x.xlsx"]);
    assert!(config.contains("es una carpeta, no un archivo"), "{config}");
    assert_spanish_first(&config);
    let case = stderr_of(&w, &["escalar", "x.xlsx"]);
    assert!(case.contains("es una carpeta, no un archivo"), "{case}");
    assert_spanish_first(&case);
}

#[test]
fn a_csv_with_invalid_bytes_read_as_the_configuration_is_told_in_spanish() {
    let w = Workdir::new();
    w.write("sigce.toml", b"PRIMER NOMBRE;CARGO\nMU\xD1OZ;\xff\xfe\n");
    write_xlsx(&w.path("f.xlsx"), &[valid_row(1)]);
    let stderr = stderr_of(&w, &["--config", "sigce.toml", "validar", "f.xlsx"]);
    // Bytes that are not UTF-8 are read as Windows-1252 (Notepad's «ANSI»):
    // what is wrong is then that it is no configuration, said with its place.
    assert!(
        stderr.contains("línea 1, columna 8: no es TOML válido"),
        "{stderr}"
    );
    assert_spanish_first(&stderr);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_told_in_spanish() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid only reads the process's user id.
    if unsafe { libc::geteuid() } == 0 {
        println!("omitida: se ejecuta como root, que lee un archivo aunque tenga permisos 000");
        return;
    }
    let w = Workdir::new();
    let path = w.write("cerrado.csv", csv_form(&[valid_row(1)]));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let stderr = stderr_of(&w, &["validar", "cerrado.csv"]);
    assert!(
        stderr.contains("ARCHIVO_SIN_PERMISO")
            && stderr.contains("No hay permiso para leer el archivo cerrado.csv"),
        "{stderr}"
    );
    assert_spanish_first(&stderr);
    let config = stderr_of(&w, &["--config", "cerrado.csv", "validar", "cerrado.csv"]);
    assert_spanish_first(&config);
}

#[test]
fn a_workbook_with_a_broken_xml_entity_is_told_in_spanish_first() {
    let w = Workdir::new();
    let path = w.path("entidad.xlsx");
    write_xlsx(&path, &[valid_row(1)]);
    let broken = w.path("roto.xlsx");
    // The entity goes where the value is, a shared string or the sheet.
    rewrite_zip(&path, &broken, |xml| {
        xml.replace("PEREZ", "PE&noexiste;REZ")
    });
    let (code, json) = validate(&w, &[broken.to_str().unwrap()]);
    assert_eq!(code, 2, "{json}");
    let (error, message) = error_of(&json);
    assert_eq!(error, "ARCHIVO_DANADO");
    assert!(
        message.contains("el contenido XML está dañado (detalle: "),
        "{message}"
    );
    assert_spanish_first(&message);
    assert_spanish_first(&stderr_of(&w, &["validar", "roto.xlsx"]));
}

/// A copy of the ZIP at `from` with every part changed by `edit`.
fn rewrite_zip(from: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        let part_name = part.name().unwrap().to_string();
        text = edit(&text);
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

// 5. A value no output can hold rejects its row, not the file.

#[test]
fn a_value_longer_than_an_xlsx_cell_rejects_its_row_instead_of_failing_the_write() {
    let w = Workdir::new();
    let mut long = valid_row(2);
    long[9] = "CARGOLARGO".to_string();
    // No writer makes a cell longer than Excel allows: the part is edited.
    let short = w.path("corto.xlsx");
    write_xlsx(&short, &[valid_row(1), long, valid_row(3)]);
    let path = w.path("largo.xlsx");
    rewrite_zip(&short, &path, |xml| {
        xml.replace("CARGOLARGO", &"D".repeat(35_000))
    });
    let (code, json) = validate(&w, &["--limite-celda", "40000", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let file = &json["files"][0];
    assert_eq!(error_of(&json).0, "", "{json}");
    let rows = common::row_codes(file);
    assert_eq!(rows[1].0, 3);
    assert_eq!(rows[1].1, "rejected");
    assert!(
        rows[1].2.contains(&"CELDA_DEMASIADO_LARGA".to_string()),
        "{rows:?}"
    );
    assert_eq!(file["counts"]["accepted"], 2);
    // The other rows are in the clean file.
    let clean = text_rows(&read_book(&w.path("largo.limpio.xlsx"))[0].1);
    assert_eq!(clean.len(), 3, "header and two rows");
    // The rejection workbook holds the value cut to a cell, saying so.
    let sheet = common::rejection_table(&w.path("largo.rechazos.xlsx"));
    let cargo = sheet[0].iter().position(|h| h == "CARGO").unwrap();
    assert_eq!(sheet[1][0], "3");
    let shown = &sheet[1][cargo];
    assert!(shown.starts_with("DDDD"), "{}", &shown[..20]);
    assert!(
        shown.ends_with("… (recortado: 35000 caracteres en total)"),
        "{}",
        &shown[shown.len() - 60..]
    );
    assert_eq!(shown.encode_utf16().count(), 32_767);
}

#[test]
fn the_same_file_given_twice_is_validated_once() {
    // `a.csv ./a.csv` validated it twice and rejected every row of the
    // second copy as a duplicate of the first.
    let w = Workdir::new();
    w.write("a.csv", csv_form(&[valid_row(1), valid_row(2)]));
    let (code, json) = validate(&w, &["a.csv", "./a.csv"]);
    assert_eq!(code, 0, "{json}");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{json}");
    assert_eq!(files[0]["counts"]["accepted"], 2);
    let warnings = files[0]["file_warnings"].to_string();
    assert!(
        warnings.contains("ENTRADA_REPETIDA") && warnings.contains("./a.csv"),
        "{warnings}"
    );
    // A folder and a file in it: the same.
    std::fs::create_dir(w.path("carpeta")).unwrap();
    std::fs::copy(w.path("a.csv"), w.path("carpeta/b.csv")).unwrap();
    let (code, json) = validate(&w, &["carpeta", "carpeta/b.csv"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
}

#[test]
fn standard_input_given_twice_says_it_can_be_read_once() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["validar", "--json", "-", "-"])
        .write_stdin(csv_form(&[valid_row(1)]))
        .timeout(NO_HANG)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["counts"]["accepted"], 1);
    let message = json["files"][1]["error"]["message"].as_str().unwrap();
    assert!(message.contains("solo se puede leer una vez"), "{message}");
}

#[test]
fn an_output_folder_that_cannot_be_made_is_told_in_spanish() {
    // "File exists (os error 17)", "Not a directory (os error 20)".
    let w = Workdir::new();
    let form = w.write("t.csv", csv_form(&[valid_row(1)]));
    for salida in ["t.csv", "t.csv/sub"] {
        let (code, json) = validate(&w, &["--salida", salida, form.to_str().unwrap()]);
        assert_eq!(code, 2, "{json}");
        let (error, message) = error_of(&json);
        assert_eq!(error, "ESCRITURA_FALLIDA");
        assert!(
            message.starts_with("No se pudo crear la carpeta de salida"),
            "{message}"
        );
        assert_spanish_first(&message);
        assert!(
            !message.contains("File exists") && !message.contains("Not a directory"),
            "{message}"
        );
    }
}

#[test]
fn a_template_or_case_that_cannot_be_written_is_told_in_spanish() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("carpeta.xlsx")).unwrap();
    let out = w
        .sigce()
        .args(["plantilla", "-o", "no-existe/plantilla.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("No se pudo escribir la plantilla")
            && stderr.contains("la carpeta no existe"),
        "{stderr}"
    );
    assert_spanish_first(&stderr);
    let out = w
        .sigce()
        .args(["caso", "nuevo", "-t", "108805", "-o", "no-existe/caso.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("la carpeta no existe"), "{stderr}");
    assert_spanish_first(&stderr);
}
