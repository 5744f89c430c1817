//! Test harness: a temporary work folder, the `sigce` binary, JSON reports and
//! workbooks read back with calamine (their text, never their bytes).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/formato_creacion_usuarios.xlsx")
}

/// The example cases of `examples/casos/`.
pub fn casos() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/casos")
}

/// The run ended with `code`; its standard error is shown when it did not.
pub fn assert_exit(out: &std::process::Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Copies a file into the work folder under `name`.
    pub fn copy(&self, from: &Path, name: &str) -> PathBuf {
        let to = self.path(name);
        std::fs::copy(from, &to).expect("copy fixture");
        to
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let to = self.path(name);
        std::fs::write(&to, bytes).expect("write file");
        to
    }

    /// `sigce` run inside the work folder, without colors.
    pub fn sigce(&self) -> Command {
        let mut cmd = Command::cargo_bin("sigce").expect("binary");
        cmd.current_dir(self.dir.path()).env("NO_COLOR", "1");
        cmd
    }

    /// Runs `sigce validar --json <args>` and returns (exit code, report).
    pub fn validate_json(&self, args: &[&str]) -> (i32, Value) {
        let out = self
            .sigce()
            .arg("validar")
            .arg("--json")
            .args(args)
            .output()
            .expect("run sigce");
        let code = out.status.code().expect("exit code");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (code, json)
    }

    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Every sheet of a workbook: (name, rows of cells).
pub fn read_book(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book = open_workbook_auto(path).expect("open output workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("sheet");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

/// The table of a rejection workbook's first sheet, from its header row
/// (the one with FILA and PRIMER NOMBRE) down: the heading above it is for
/// people.
pub fn rejection_table(path: &Path) -> Vec<Vec<String>> {
    let book = read_book(path);
    let rows = text_rows(&book[0].1);
    let start = rows
        .iter()
        .position(|r| r.iter().any(|c| c == "FILA") && r.iter().any(|c| c == "PRIMER NOMBRE"))
        .expect("the rejection table has a header row");
    rows[start..].to_vec()
}

/// Cell text of a sheet's rows.
pub fn text_rows(rows: &[Vec<Data>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The codes of the issues of every row: (row number, status, codes).
pub fn row_codes(file: &Value) -> Vec<(u64, String, Vec<String>)> {
    file["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
                r["issues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["code"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The twelve canonical headers, in the clean file's order.
pub fn headers() -> Vec<&'static str> {
    sigce::field::Field::ALL
        .iter()
        .map(|f| f.header())
        .collect()
}

/// A valid row with a unique document and e-mail.
pub fn valid_row(n: u32) -> Vec<String> {
    [
        "ANA".to_string(),
        String::new(),
        "PEREZ".into(),
        "GOMEZ".into(),
        "CC".into(),
        format!("{}", 52_000_000 + n),
        "FUNCIONARIO SECRETARIA".into(),
        String::new(),
        format!("p{n}@colegio.edu.co"),
        "DOCENTE".into(),
        String::new(),
        "3101234567".into(),
    ]
    .to_vec()
}

/// Writes an XLSX form: header in row 1, then the rows as text cells.
pub fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers().iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// `sigce atender ARGS` in a pseudo-terminal inside the work folder, and a
/// function turning text into what rexpect matches (it reads the terminal
/// byte by byte, one char per byte).
#[cfg(unix)]
pub fn atender_in_pty(
    w: &Workdir,
    args: &[&std::ffi::OsStr],
) -> (rexpect::session::PtySession, fn(&str) -> String) {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
    cmd.current_dir(w.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("atender")
        .args(args);
    let p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    (p, |s: &str| s.bytes().map(char::from).collect())
}
