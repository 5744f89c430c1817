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

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;

use super::sheet::{RawCell, RawRow, RawSheet, SourceKind};
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::rules::archivo;

/// The hidden subcommand (not in `--help`): reads one workbook from stdin.
pub const SUBCOMMAND: &str = "__leer-libro";

/// The child's exit status when its memory budget is spent.
const EXIT_MEMORY: i32 = 86;

/// The last byte of a complete answer: a child cut short never writes it.
const END: u8 = 0xEE;

static EXECUTABLE: OnceLock<PathBuf> = OnceLock::new();

/// Reads XLS, XLSB and ODS workbooks in a child process from now on.
pub fn enable() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = EXECUTABLE.set(exe);
    }
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
        &archivo::ARCHIVO_DANADO,
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

/// The child: `sigce __leer-libro EXT NAME [=SHEET] PART ROWS COLS CELL MEMORY_MB`,
/// the workbook on stdin, the answer on stdout.
pub fn child_main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(2).collect();
    let Some(parsed) = parse_args(&args) else {
        return ExitCode::from(2);
    };
    let (extension, name, sheet, limits, budget_mb) = parsed;
    crate::memory::set_exit_code(EXIT_MEMORY);
    crate::memory::set_budget_mb(budget_mb);
    limit_address_space(budget_mb);
    let mut bytes = Vec::new();
    if std::io::stdin().lock().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(2);
    }
    crate::memory::reading(&name);
    let ext = (!extension.is_empty()).then_some(extension.as_str());
    let result = super::workbook::read_here(
        bytes,
        ext,
        &name,
        sheet.as_deref(),
        &limits,
        super::Reading::Whole,
    );
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match encode(&mut out, result).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

type ChildArgs = (String, String, Option<String>, Limits, usize);

fn parse_args(args: &[String]) -> Option<ChildArgs> {
    let [ext, name, sheet, part, rows, cols, cell, memory] = args else {
        return None;
    };
    let limits = Limits {
        max_part_bytes: part.parse().ok()?,
        max_rows: rows.parse().ok()?,
        max_columns: cols.parse().ok()?,
        max_cell_chars: cell.parse().ok()?,
    };
    let sheet = sheet.strip_prefix('=').map(str::to_string);
    Some((
        ext.clone(),
        name.clone(),
        sheet,
        limits,
        memory.parse().ok()?,
    ))
}

/// On unix the child's address space is capped too (the budget plus room
/// for the program and its maps): an allocation past it fails, and the
/// allocator reports it, instead of the machine swapping.
#[cfg(unix)]
fn limit_address_space(budget_mb: usize) {
    if budget_mb == 0 {
        return;
    }
    let mut bytes = (budget_mb as u64 + 1024) * 1024 * 1024;
    // Only ever lowered: a limit the parent was started under holds here too.
    if let Some(current) = crate::memory::address_space_limit_mb() {
        bytes = bytes.min(current as u64 * 1024 * 1024);
    }
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given; failure leaves the
    // budget as the only guard.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_address_space(_: usize) {}

// The answer: a tag (0 sheets, 1 error), then the sheets or the error, then
// `END`. A sheet is its kind, its name, whether it is hidden (0 or 1) and
// its rows. Numbers are little-endian; strings are a u32 length and UTF-8.

fn encode(out: &mut impl Write, result: Result<Vec<RawSheet>, FileError>) -> std::io::Result<()> {
    match result {
        Err(e) => {
            out.write_all(&[1])?;
            put_str(out, e.rule.code)?;
            put_str(out, &e.message)?;
            put_opt(out, e.help.as_deref())?;
            out.write_all(&[u8::from(e.read_whole)])?;
        }
        Ok(sheets) => {
            out.write_all(&[0])?;
            put_u32(out, sheets.len() as u32)?;
            for sheet in sheets {
                out.write_all(&[kind_tag(sheet.kind)])?;
                put_opt(out, sheet.name.as_deref())?;
                out.write_all(&[u8::from(sheet.hidden)])?;
                put_u32(out, sheet.rows.len() as u32)?;
                for row in &sheet.rows {
                    put_u32(out, row.number)?;
                    put_u32(out, row.cells.len() as u32)?;
                    for cell in &row.cells {
                        match cell {
                            RawCell::Empty => out.write_all(&[0])?,
                            RawCell::Text(s) => {
                                out.write_all(&[1])?;
                                put_str(out, s)?;
                            }
                            RawCell::Number(n) => {
                                out.write_all(&[2])?;
                                out.write_all(&n.to_le_bytes())?;
                            }
                            RawCell::Error(s) => {
                                out.write_all(&[3])?;
                                put_str(out, s)?;
                            }
                        }
                    }
                }
            }
        }
    }
    out.write_all(&[END])
}

fn put_u32(out: &mut impl Write, n: u32) -> std::io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_str(out: &mut impl Write, s: &str) -> std::io::Result<()> {
    put_u32(out, s.len() as u32)?;
    out.write_all(s.as_bytes())
}

fn put_opt(out: &mut impl Write, s: Option<&str>) -> std::io::Result<()> {
    match s {
        None => out.write_all(&[0]),
        Some(s) => {
            out.write_all(&[1])?;
            put_str(out, s)
        }
    }
}

fn kind_tag(kind: SourceKind) -> u8 {
    match kind {
        SourceKind::Xlsx => 0,
        SourceKind::Xlsb => 1,
        SourceKind::Xls => 2,
        SourceKind::Ods => 3,
        SourceKind::Csv => 4,
    }
}

/// Any answer that does not parse is a child cut short: `Err(())`.
type Answer = Result<Vec<RawSheet>, FileError>;

/// Why an answer was not read to its end.
#[derive(Debug)]
enum Cut {
    /// It does not parse: the child was cut short.
    Short,
    /// Its rows passed a limit as they came in (the text of a sheet).
    Refused(FileError),
}

impl From<()> for Cut {
    fn from((): ()) -> Cut {
        Cut::Short
    }
}

fn decode(input: &mut impl Read, limits: &Limits, file: &str) -> Result<Answer, Cut> {
    let answer = match get_u8(input)? {
        1 => {
            let code = get_str(input)?;
            let rule = crate::rules::registry::find(&code).ok_or(())?;
            let message = get_str(input)?;
            let help = get_opt(input)?;
            let read_whole = get_u8(input)? == 1;
            Err(FileError {
                rule,
                message,
                help,
                read_whole,
            })
        }
        0 => {
            let count = get_u32(input)?;
            let mut sheets = Vec::new();
            for _ in 0..count {
                let kind = match get_u8(input)? {
                    0 => SourceKind::Xlsx,
                    1 => SourceKind::Xlsb,
                    2 => SourceKind::Xls,
                    3 => SourceKind::Ods,
                    4 => SourceKind::Csv,
                    _ => return Err(Cut::Short),
                };
                let name = get_opt(input)?;
                let hidden = match get_u8(input)? {
                    0 => false,
                    1 => true,
                    _ => return Err(Cut::Short),
                };
                let rows = get_u32(input)?;
                // Counts come from a child that may have been cut short:
                // vectors grow as rows arrive, never from the count.
                let mut list = Vec::new();
                // The text of a sheet is bounded here too: whatever the
                // child read, this process holds every string it sends.
                let mut text: u64 = 0;
                let max_text = limits.max_sheet_text_bytes();
                for _ in 0..rows {
                    let number = get_u32(input)?;
                    let cells = get_u32(input)?;
                    let mut row = Vec::with_capacity((cells as usize).min(1024));
                    for _ in 0..cells {
                        row.push(match get_u8(input)? {
                            0 => RawCell::Empty,
                            1 => {
                                let s = get_str(input)?;
                                text += s.len() as u64;
                                if text > max_text {
                                    let sheet = name.as_deref().unwrap_or_default();
                                    return Err(Cut::Refused(limits::sheet_text_exceeded(
                                        limits, file, sheet,
                                    )));
                                }
                                RawCell::Text(s)
                            }
                            2 => {
                                let mut b = [0u8; 8];
                                input.read_exact(&mut b).map_err(|_| ())?;
                                RawCell::Number(f64::from_le_bytes(b))
                            }
                            3 => RawCell::Error(get_str(input)?),
                            _ => return Err(Cut::Short),
                        });
                    }
                    list.push(RawRow { number, cells: row });
                }
                sheets.push(RawSheet {
                    kind,
                    name,
                    rows: list,
                    rest: None,
                    hidden,
                });
            }
            Ok(sheets)
        }
        _ => return Err(Cut::Short),
    };
    if get_u8(input)? != END {
        return Err(Cut::Short);
    }
    Ok(answer)
}

fn get_u8(input: &mut impl Read) -> Result<u8, ()> {
    let mut b = [0u8; 1];
    input.read_exact(&mut b).map_err(|_| ())?;
    Ok(b[0])
}

fn get_u32(input: &mut impl Read) -> Result<u32, ()> {
    let mut b = [0u8; 4];
    input.read_exact(&mut b).map_err(|_| ())?;
    Ok(u32::from_le_bytes(b))
}

fn get_str(input: &mut impl Read) -> Result<String, ()> {
    let len = get_u32(input)? as usize;
    let mut buf = Vec::with_capacity(len.min(1 << 20));
    input
        .take(len as u64)
        .read_to_end(&mut buf)
        .map_err(|_| ())?;
    if buf.len() != len {
        return Err(());
    }
    String::from_utf8(buf).map_err(|_| ())
}

fn get_opt(input: &mut impl Read) -> Result<Option<String>, ()> {
    match get_u8(input)? {
        0 => Ok(None),
        1 => get_str(input).map(Some),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> RawSheet {
        RawSheet {
            kind: SourceKind::Ods,
            name: Some("Hoja «1»".into()),
            rows: vec![RawRow {
                number: 7,
                cells: vec![
                    RawCell::Empty,
                    RawCell::Text("AÑO".into()),
                    RawCell::Number(105001000019.0),
                    RawCell::Error("#N/A".into()),
                ],
            }],
            rest: None,
            hidden: false,
        }
    }

    #[test]
    fn sheets_and_errors_come_back_from_the_child_as_they_were_read() {
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet()])).unwrap();
        let back = decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
            .unwrap()
            .unwrap();
        assert_eq!(back[0].rows, sheet().rows);
        assert_eq!(back[0].name, sheet().name);
        assert_eq!(back[0].kind, SourceKind::Ods);
        assert!(!back[0].hidden);
        let mut hidden = sheet();
        hidden.hidden = true;
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet(), hidden])).unwrap();
        let back = decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
            .unwrap()
            .unwrap();
        assert_eq!(
            back.iter().map(|s| s.hidden).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(back[1].rows, sheet().rows);

        let error = FileError::new(&archivo::ARCHIVO_DANADO, "dañado").with_help("ábralo");
        let mut bytes = Vec::new();
        encode(&mut bytes, Err(error.clone())).unwrap();
        assert_eq!(
            decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
                .unwrap()
                .unwrap_err(),
            error
        );
    }

    #[test]
    fn regression_rows_from_the_child_are_refused_once_their_text_passes_the_limit() {
        let mut sheet = sheet();
        let cells = vec![RawCell::Text("A".repeat(3000)); 12];
        sheet.rows = (1..=100)
            .map(|number| RawRow {
                number,
                cells: cells.clone(),
            })
            .collect();
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet])).unwrap();
        // 3.6 MB of text against a 1 MB limit.
        let limits = Limits {
            max_part_bytes: 1024 * 1024,
            ..Limits::default()
        };
        match decode(&mut bytes.as_slice(), &limits, "a.xls") {
            Err(Cut::Refused(e)) => assert!(
                e.message
                    .contains("el texto de la hoja «Hoja «1»» pasa de 1 MB al expandir sus celdas"),
                "{}",
                e.message
            ),
            other => panic!("{other:?}"),
        }
        assert!(decode(&mut bytes.as_slice(), &Limits::default(), "a.xls").is_ok());
    }

    #[test]
    fn an_answer_cut_short_is_no_answer() {
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet()])).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                decode(&mut &bytes[..cut], &Limits::default(), "a.ods").is_err(),
                "cut at {cut}"
            );
        }
    }
}
