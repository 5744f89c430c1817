//! Workbooks read in a process of their own. The readers of the formats read
//! whole (XLS, XLSB, ODS) build dense ranges and believe sizes the file
//! declares; a hostile file can make them ask for terabytes, and an
//! allocation that fails aborts the whole process, with every other file of
//! the batch. So `sigce` runs itself again with a hidden subcommand: the
//! child reads the bytes from its standard input under the memory budget
//! (and, on unix, an address-space limit), writes the raw sheets back on its
//! standard output, and a child that dies is one damaged file. XLSX, the
//! usual form, stays in the process: it is read cell by cell, its declared
//! sizes are checked before calamine sees them, and a process costs a few
//! milliseconds that a 30-row form would notice.
//!
//! Only the binary turns this on (`enable`); the library, its tests and any
//! other front end read in process.

//!
//! This module is the parent's side; `child` is the hidden subcommand and
//! `answer` the format of what the child writes back.

mod answer;
mod child;

use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::sheet::RawSheet;
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use answer::{Cut, decode};
pub use child::child_main;

/// The hidden subcommand (not in `--help`): reads one workbook from stdin.
pub const SUBCOMMAND: &str = "__leer-libro";

/// The child's exit status when its memory budget is spent.
const EXIT_MEMORY: i32 = 86;

static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();

/// Reads XLS, XLSB and ODS workbooks in a child process from now on.
pub fn enable() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = EXECUTABLE.set(exe);
    }
}

/// Reads XLS, XLSB and ODS workbooks in a child process from now on, with
/// `exe` as the child: a front end that is not the `sigce` binary itself
/// names it (its hidden subcommand `SUBCOMMAND` does the reading).
pub fn enable_with(exe: PathBuf) {
    let _ = EXECUTABLE.set(exe);
}

/// Whether workbooks are read in a child process.
pub fn enabled() -> bool {
    EXECUTABLE.get().is_some()
}

/// Reads the workbook in a child process; `None` when no child could be
/// started (the caller reads in process then).
pub fn read(
    bytes: &[u8],
    extension: Option<&str>,
    name: &str,
    sheet_name: Option<&str>,
    limits: &Limits,
) -> Option<Result<Vec<RawSheet>, FileError>> {
    let exe = EXECUTABLE.get()?;
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .arg(extension.unwrap_or(""))
        .arg(name)
        .arg(sheet_name.map_or_else(String::new, |s| format!("={s}")))
        .arg(limits.max_part_bytes.to_string())
        .arg(limits.max_rows.to_string())
        .arg(limits.max_columns.to_string())
        .arg(limits.max_cell_chars.to_string())
        .arg(crate::memory::budget_mb().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    // The child reads all of its input before it answers, so writing first
    // cannot block on a full output pipe. A child that died early closed
    // its input: the write fails and its exit says why.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(bytes);
    }
    let answer = child
        .stdout
        .take()
        .map(|out| decode(&mut BufReader::with_capacity(1 << 16, out), limits, name));
    let mut stderr = String::new();
    if let Some(err) = child.stderr.take() {
        let _ = err.take(64 * 1024).read_to_string(&mut stderr);
    }
    let status = child.wait().ok();
    let code = status.and_then(|s| s.code());
    if code == Some(EXIT_MEMORY) {
        return Some(Err(memory_exceeded(name)));
    }
    match answer {
        Some(Ok(result)) if code == Some(0) => Some(result),
        // Refused while its rows came in: the child, its output closed,
        // ended early.
        Some(Err(Cut::Refused(e))) => Some(Err(e)),
        _ => Some(Err(died(name, status))),
    }
}

fn memory_exceeded(name: &str) -> FileError {
    let what =
        "leerlo pedía más memoria (el archivo declara tamaños que no tiene, o de verdad es enorme)";
    limits::exceeded(Limit::Memory, &Limits::default(), name, what)
}

/// A child that ended without a complete answer: the reader crashed on
/// this file.
fn died(name: &str, status: Option<std::process::ExitStatus>) -> FileError {
    let how = match status.and_then(|s| s.code()) {
        Some(code) => format!("terminó con el código {code}"),
        None => signal_of(status).map_or_else(
            || "se detuvo".to_string(),
            |s| format!("se detuvo por la señal {s}"),
        ),
    };
    FileError::new(
        &crate::read::codes::ARCHIVO_DANADO,
        format!(
            "El archivo {name} parece una hoja de cálculo pero su contenido está dañado: el lector {how} al interpretarlo. Los demás archivos se validaron."
        ),
    )
    .with_help("Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx. Si no abre, pida que lo envíen otra vez.")
}

#[cfg(unix)]
fn signal_of(status: Option<std::process::ExitStatus>) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.and_then(|s| s.signal())
}

#[cfg(not(unix))]
fn signal_of(_: Option<std::process::ExitStatus>) -> Option<i32> {
    None
}
