//! A memory budget for the whole process: the last guard against a file
//! that makes a spreadsheet reader allocate without end (fuzzing found XLS
//! files that drive calamine's reader past 20 GB). The limits of `limits.rs`
//! stop every hostile case we know before memory is spent; this stops the
//! ones we do not know, with a Spanish message instead of the system killing
//! the process or the machine running out of memory.
//!
//! `Guarded` wraps the system allocator and counts live bytes. The budget
//! caps the process's resident memory (RSS), not only the bytes asked for:
//! the allocator's own overhead and fragmentation once let a 3 GB budget
//! reach 5.2 GB. So, besides the count, the resident size the system reports
//! is read every `rss_step` bytes of growth (a few microseconds, a few
//! hundred times in a large run), and a request that alone would pass the
//! budget is refused before the system is asked for it. Past the budget, or
//! when the system has no memory to give, it writes the message and exits
//! with status 2 (`set_exit_code` changes it for a reader process); an
//! allocator cannot unwind, so the run stops there. The README states the
//! margin: resident memory stays within the budget plus `MARGIN_PERCENT`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicIsize, AtomicU8, AtomicUsize, Ordering};

/// Live bytes, as last reported by the threads. Signed: a thread may free
/// what another allocated before either has reported.
static ALLOCATED: AtomicIsize = AtomicIsize::new(0);

/// Each thread adds up its allocations and frees and reports them to
/// `ALLOCATED` every `BATCH` bytes: a shared counter touched on every
/// allocation made threads fight over one cache line (13 % of the time of
/// 500 forms on two threads). An allocation of `BATCH` or more is reported
/// at once, so a runaway one is still stopped before it is used.
const BATCH: isize = 256 * 1024;

thread_local! {
    static UNREPORTED: Cell<isize> = const { Cell::new(0) };
    /// This thread is reading the resident size: what it allocates meanwhile
    /// (nothing, normally) is not checked again.
    static CHECKING: Cell<bool> = const { Cell::new(false) };
    /// The file this thread is reading (a leaked, never freed string), for
    /// the message: with several threads, the one that passes the budget
    /// names its own file, not whichever file a thread started last.
    static READING: Cell<*const String> = const { Cell::new(std::ptr::null()) };
    /// What this thread does with that file (`Stage as u8`); `NONE` until
    /// it says, and then the run's last stage (`RUN_STAGE`) is told.
    static STAGE: Cell<u8> = const { Cell::new(NONE) };
}

/// What the process was doing when the budget was passed, for the message:
/// a stop while the outputs are written is not a damaged input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Stage {
    /// Reading and checking one file (the default).
    Reading = 0,
    /// Comparing the rows of every file (duplicates, earlier cases).
    Comparing = 1,
    /// Writing the outputs of one file.
    Writing = 2,
}

const NONE: u8 = u8::MAX;

/// The stage the run entered last: what a thread that named none (a
/// writer's helper thread) is taken to be doing.
static RUN_STAGE: AtomicU8 = AtomicU8::new(Stage::Reading as u8);

/// Called once when the budget stops the run, before it exits: removes the
/// outputs being written, which an exit without unwinding would leave half
/// written (`on_stop`).
static ON_STOP: OnceLock<fn()> = OnceLock::new();
/// The stop has begun: a second one (the clean-up itself failing to get
/// memory) exits without running `ON_STOP` again.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// What to run when the budget stops the run, before the process exits
/// (the first one set stays).
pub fn on_stop(clean_up: fn()) {
    let _ = ON_STOP.set(clean_up);
}

/// The run enters `stage`: this thread, and every thread that names no
/// stage of its own, is doing it, with no file in particular.
pub fn set_run_stage(stage: Stage) {
    RUN_STAGE.store(stage as u8, Ordering::Relaxed);
    let _ = READING.try_with(|r| r.set(std::ptr::null()));
    let _ = STAGE.try_with(|s| s.set(NONE));
}

fn stage_of(code: u8) -> Stage {
    match code {
        1 => Stage::Comparing,
        2 => Stage::Writing,
        _ => Stage::Reading,
    }
}
/// Bytes allocated (net, by all threads) since the resident size was last read.
static GROWN: AtomicIsize = AtomicIsize::new(0);
/// The exit status when the budget is spent.
static EXIT_CODE: AtomicI32 = AtomicI32::new(2);

/// How far past the budget the resident memory may go, in percent: the
/// resident size is read at least every budget / 32 bytes of growth (3 %),
/// and what the system maps beside the heap (the program, thread stacks)
/// is well within the rest.
pub const MARGIN_PERCENT: usize = 10;
/// Bytes allowed; 0 means no budget.
static BUDGET: AtomicUsize = AtomicUsize::new(0);

/// The default budget: well above what the largest allowed form needs.
pub const DEFAULT_BUDGET_MB: usize = 8 * 1024;

/// The share of a finite address-space limit (`ulimit -v`) the budget may
/// take, in percent: past that limit every allocation fails, and the rest
/// is room for what the system maps beside the heap (the program, thread
/// stacks, the allocator's reserved arenas).
pub const ADDRESS_SPACE_PERCENT: usize = 70;

/// The budget for a run: the one asked for (or the default), but at most
/// `ADDRESS_SPACE_PERCENT` of the process's address-space limit when it has
/// one, so the budget's Spanish stop comes before the system refuses memory.
pub fn budget_for(asked_mb: Option<usize>) -> usize {
    let wanted = asked_mb.unwrap_or(DEFAULT_BUDGET_MB);
    match address_space_limit_mb() {
        Some(limit) => wanted
            .min(limit.saturating_mul(ADDRESS_SPACE_PERCENT) / 100)
            .max(1),
        None => wanted,
    }
}

/// The address-space limit of this process (RLIMIT_AS) in MB, when finite.
#[cfg(unix)]
pub fn address_space_limit_mb() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } != 0 {
        return None;
    }
    if limit.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    usize::try_from(limit.rlim_cur / (1024 * 1024)).ok()
}

#[cfg(not(unix))]
pub fn address_space_limit_mb() -> Option<usize> {
    None
}

pub struct Guarded;

/// Sets the budget in megabytes (0: none).
pub fn set_budget_mb(mb: usize) {
    BUDGET.store(mb.saturating_mul(1024 * 1024), Ordering::Relaxed);
}

/// The budget in megabytes (0: none).
pub fn budget_mb() -> usize {
    BUDGET.load(Ordering::Relaxed) / (1024 * 1024)
}

/// The exit status when the budget is spent (2 unless changed): a process
/// that reads one workbook for another tells it apart from its other exits.
pub fn set_exit_code(code: i32) {
    EXIT_CODE.store(code, Ordering::Relaxed);
}

/// Growth between two readings of the resident size.
fn rss_step(budget: usize) -> isize {
    bytes((budget / 32).clamp(1024 * 1024, 16 * 1024 * 1024))
}

/// The resident size of this process in bytes, where the system tells it
/// without allocating (Linux: /proc/self/statm, read into the stack; the
/// path is short enough for the standard library to keep it on the stack).
#[cfg(target_os = "linux")]
fn resident_bytes() -> Option<usize> {
    use std::io::Read;
    let mut buf = [0u8; 128];
    let mut file = std::fs::File::open("/proc/self/statm").ok()?;
    let n = file.read(&mut buf).ok()?;
    let text = std::str::from_utf8(&buf[..n]).ok()?;
    let pages: usize = text.split_ascii_whitespace().nth(1)?.parse().ok()?;
    Some(pages.saturating_mul(page_size()))
}

#[cfg(target_os = "linux")]
fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096)
}

#[cfg(not(target_os = "linux"))]
fn resident_bytes() -> Option<usize> {
    None
}

/// The resident size now, plus `coming` bytes about to be allocated, against
/// the budget.
fn check_resident(budget: usize, coming: usize) {
    let busy = CHECKING.try_with(|c| c.replace(true)).unwrap_or(true);
    if busy {
        return;
    }
    GROWN.store(0, Ordering::Relaxed);
    let over = resident_bytes().is_some_and(|rss| rss.saturating_add(coming) > budget);
    let _ = CHECKING.try_with(|c| c.set(false));
    if over {
        over_budget(budget);
    }
}

/// A request checked before the system is asked for it: one that alone
/// would pass the budget (a reader believing a header that announces 10^11
/// strings) stops the run with the message, not with the system's abort.
#[inline]
fn before_request(size: usize) {
    if size < BATCH as usize {
        return;
    }
    let budget = BUDGET.load(Ordering::Relaxed);
    if budget == 0 {
        return;
    }
    let live = usize::try_from(ALLOCATED.load(Ordering::Relaxed)).unwrap_or(0);
    if live.saturating_add(size) > budget {
        over_budget(budget);
    }
    if bytes(size) >= rss_step(budget) {
        check_resident(budget, size);
    }
}

/// Names the file this thread reads, for the message if the budget is
/// exceeded while it allocates.
pub fn reading(file: &str) {
    working_on(file, Stage::Reading);
}

/// Names the file whose outputs this thread writes, for the message.
pub fn writing(file: &str) {
    working_on(file, Stage::Writing);
}

fn working_on(file: &str, stage: Stage) {
    let leaked: *const String = Box::into_raw(Box::new(file.to_string()));
    let _ = READING.try_with(|r| r.set(leaked));
    let _ = STAGE.try_with(|s| s.set(stage as u8));
}

/// What this thread was doing, and with which file when it named one.
fn current() -> (Stage, Option<&'static str>) {
    let file = READING.try_with(Cell::get).unwrap_or(std::ptr::null());
    let stage = STAGE.try_with(Cell::get).unwrap_or(NONE);
    // SAFETY: the pointer comes from Box::into_raw in `working_on` and is never freed.
    let name = (!file.is_null()).then(|| unsafe { (*file).as_str() });
    match stage {
        NONE => (stage_of(RUN_STAGE.load(Ordering::Relaxed)), None),
        _ => (stage_of(stage), name),
    }
}

/// Writes what was being done (" mientras se leía NAME", " mientras se
/// escribían los resultados de NAME"...), the consequence and what to do,
/// without allocating.
/// `budget`: the budget was passed (a larger one may do), not the system's memory.
fn write_stage(err: &mut impl Write, budget: bool) {
    let (stage, file) = current();
    let file = file.unwrap_or("uno de los archivos");
    let larger = if budget {
        ", o use --limite-memoria-mb con un valor mayor"
    } else {
        ", o valide en un equipo con m\u{e1}s memoria libre"
    };
    let _ = match stage {
        Stage::Reading => write!(
            err,
            " mientras se le\u{ed}a {file}; el archivo est\u{e1} da\u{f1}ado o busca agotar la memoria del equipo. Se detuvo la validaci\u{f3}n.\n  Qu\u{e9} hacer: quite ese archivo y valide los dem\u{e1}s; si de verdad es un formato tan grande, div\u{ed}dalo en partes{larger}.\n"
        ),
        Stage::Comparing => write!(
            err,
            " mientras se comparaban las filas de todos los archivos (filas repetidas, env\u{ed}os anteriores). Se detuvo la validaci\u{f3}n; no se escribi\u{f3} ning\u{fa}n resultado.\n  Qu\u{e9} hacer: valide los archivos en grupos m\u{e1}s peque\u{f1}os{larger}.\n"
        ),
        Stage::Writing => write!(
            err,
            " mientras se escrib\u{ed}an los resultados de {file}. Se detuvo la validaci\u{f3}n; no qued\u{f3} ning\u{fa}n resultado a medio escribir y los de una validaci\u{f3}n anterior siguen como estaban.\n  Qu\u{e9} hacer: divida el formato en partes m\u{e1}s peque\u{f1}as{larger}.\n"
        ),
    };
}

/// The budget's stop: the clean-up of `on_stop` (once), then the exit.
fn stop() -> ! {
    if !STOPPING.swap(true, Ordering::Relaxed)
        && let Some(clean_up) = ON_STOP.get()
    {
        clean_up();
    }
    std::process::exit(EXIT_CODE.load(Ordering::Relaxed))
}

/// Counts `delta` bytes (negative: freed) for this thread.
fn account(delta: isize) {
    let due = UNREPORTED.try_with(|local| {
        let total = local.get() + delta;
        if total.abs() >= BATCH {
            local.set(0);
            Some(total)
        } else {
            local.set(total);
            None
        }
    });
    match due {
        Ok(None) => {}
        Ok(Some(total)) => report(total),
        // The thread is being torn down: report directly.
        Err(_) => report(delta),
    }
}

fn report(delta: isize) {
    let now = ALLOCATED.fetch_add(delta, Ordering::Relaxed) + delta;
    let budget = BUDGET.load(Ordering::Relaxed);
    if delta <= 0 || budget == 0 {
        return;
    }
    if now > budget as isize {
        over_budget(budget);
    }
    if GROWN.fetch_add(delta, Ordering::Relaxed) + delta >= rss_step(budget) {
        check_resident(budget, 0);
    }
}

fn bytes(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

#[cold]
fn over_budget(budget: usize) -> ! {
    // The budget is spent. Stop counting first, so what the exit path
    // allocates (the message, the clean-up of `on_stop`) does not come back here.
    BUDGET.store(0, Ordering::Relaxed);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(b"error[LIMITE_SUPERADO]: la memoria usada super\xC3\xB3 el l\xC3\xADmite de ");
    let _ = write!(err, "{} MB", budget / (1024 * 1024));
    write_stage(&mut err, true);
    let _ = err.flush();
    drop(err);
    stop()
}

/// The system had no memory to give (with no budget, or below it): the same
/// Spanish stop instead of the standard library's abort.
#[cold]
fn out_of_memory(size: usize) -> ! {
    BUDGET.store(0, Ordering::Relaxed);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "error[LIMITE_SUPERADO]: el sistema no tiene memoria para reservar {} MB",
        size / (1024 * 1024)
    );
    write_stage(&mut err, false);
    let _ = err.flush();
    drop(err);
    stop()
}

// SAFETY: every call forwards to the system allocator unchanged; the counter
// only observes sizes.
unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        before_request(layout.size());
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        account(bytes(layout.size()));
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        before_request(layout.size());
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout.size());
        }
        account(bytes(layout.size()));
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        account(-bytes(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        before_request(new_size.saturating_sub(layout.size()));
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            out_of_memory(new_size);
        }
        account(bytes(new_size) - bytes(layout.size()));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(budget: bool) -> String {
        let mut out = Vec::new();
        write_stage(&mut out, budget);
        String::from_utf8(out).unwrap()
    }

    /// The stop of a 1M-row batch passed the budget while its rejection
    /// workbook was written, and said «mientras se leía» and that the file
    /// was damaged.
    #[test]
    fn regression_a_stop_while_writing_says_it_was_writing() {
        // Each test runs on its own thread: the thread's stage is its own.
        std::thread::spawn(|| {
            reading("lote.csv");
            let text = said(true);
            assert!(text.contains("mientras se leía lote.csv"), "{text}");
            writing("lote.csv");
            let text = said(true);
            assert!(
                text.contains("mientras se escribían los resultados de lote.csv"),
                "{text}"
            );
            assert!(!text.contains("dañado"), "{text}");
            assert!(text.contains("a medio escribir"), "{text}");
            assert!(text.contains("--limite-memoria-mb"), "{text}");
            // The system out of memory: a larger budget would not help.
            assert!(!said(false).contains("--limite-memoria-mb"));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_thread_that_names_no_file_tells_the_stage_of_the_run() {
        std::thread::spawn(|| {
            set_run_stage(Stage::Comparing);
            let text = said(true);
            assert!(text.contains("mientras se comparaban las filas"), "{text}");
            set_run_stage(Stage::Reading);
        })
        .join()
        .unwrap();
    }
}
