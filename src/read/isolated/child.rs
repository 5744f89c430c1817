//! The child's side: the hidden subcommand reads one workbook from its
//! standard input under the memory budget and writes the answer on its
//! standard output.

use std::io::{BufWriter, Read, Write};
use std::process::ExitCode;

use super::EXIT_MEMORY;
use super::answer::encode;
use crate::limits::Limits;

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
    let result = crate::read::workbook::read_here(
        bytes,
        ext,
        &name,
        sheet.as_deref(),
        &limits,
        crate::read::Reading::Whole,
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
