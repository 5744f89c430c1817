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
use std::sync::atomic::{AtomicI32, AtomicIsize, AtomicUsize, Ordering};

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
    let leaked: *const String = Box::into_raw(Box::new(file.to_string()));
    let _ = READING.try_with(|r| r.set(leaked));
}

/// Writes " mientras se leía NAME" with the file of this thread, or "uno de
/// los archivos" when this thread reads none (a writer, the main thread).
fn write_reading(err: &mut impl Write) {
    let file = READING.try_with(Cell::get).unwrap_or(std::ptr::null());
    let _ = err.write_all(b" mientras se le\xC3\xADa ");
    if file.is_null() {
        let _ = err.write_all(b"uno de los archivos");
    } else {
        // SAFETY: the pointer comes from Box::into_raw in `reading` and is never freed.
        let name = unsafe { &*file };
        let _ = err.write_all(name.as_bytes());
    }
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
    // No allocation from here on: the budget is spent. Stop counting first,
    // so whatever the exit path allocates does not come back here.
    BUDGET.store(0, Ordering::Relaxed);
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(b"error[LIMITE_SUPERADO]: la memoria usada super\xC3\xB3 el l\xC3\xADmite de ");
    let _ = write!(err, "{} MB", budget / (1024 * 1024));
    write_reading(&mut err);
    let _ = err.write_all(
        "; el archivo est\u{e1} da\u{f1}ado o busca agotar la memoria del equipo. Se detuvo la validaci\u{f3}n.\n  Qu\u{e9} hacer: quite ese archivo y valide los dem\u{e1}s; si de verdad es un formato tan grande, use --limite-memoria-mb con un valor mayor.\n"
            .as_bytes(),
    );
    let _ = err.flush();
    std::process::exit(EXIT_CODE.load(Ordering::Relaxed))
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
    write_reading(&mut err);
    let _ = err.write_all(
        "; el archivo est\u{e1} da\u{f1}ado o busca agotar la memoria del equipo. Se detuvo la validaci\u{f3}n.\n  Qu\u{e9} hacer: quite ese archivo y valide los dem\u{e1}s.\n"
            .as_bytes(),
    );
    let _ = err.flush();
    std::process::exit(EXIT_CODE.load(Ordering::Relaxed))
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
