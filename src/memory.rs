//! A memory budget for the whole process: the last guard against a file
//! that makes a spreadsheet reader allocate without end (fuzzing found XLS
//! files that drive calamine's reader past 20 GB). The limits of `limits.rs`
//! stop every hostile case we know before memory is spent; this stops the
//! ones we do not know, with a Spanish message instead of the system killing
//! the process or the machine running out of memory.
//!
//! `Guarded` wraps the system allocator and counts live bytes. Past the
//! budget it writes the message and exits with status 2; an allocator cannot
//! unwind, so the run stops there.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::sync::atomic::{AtomicIsize, AtomicPtr, AtomicUsize, Ordering};

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
}
/// Bytes allowed; 0 means no budget.
static BUDGET: AtomicUsize = AtomicUsize::new(0);
/// The file being read (a leaked, never freed string), for the message.
static CURRENT_FILE: AtomicPtr<String> = AtomicPtr::new(std::ptr::null_mut());

/// The default budget: well above what the largest allowed form needs.
pub const DEFAULT_BUDGET_MB: usize = 8 * 1024;

pub struct Guarded;

/// Sets the budget in megabytes (0: none).
pub fn set_budget_mb(mb: usize) {
    BUDGET.store(mb.saturating_mul(1024 * 1024), Ordering::Relaxed);
}

/// Names the file being read, for the message if the budget is exceeded.
pub fn reading(file: &str) {
    let leaked = Box::into_raw(Box::new(file.to_string()));
    CURRENT_FILE.store(leaked, Ordering::Relaxed);
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
    if delta > 0 && budget != 0 && now > budget as isize {
        over_budget(budget);
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
    let file = CURRENT_FILE.load(Ordering::Relaxed);
    if !file.is_null() {
        // SAFETY: the pointer comes from Box::into_raw in `reading` and is never freed.
        let name = unsafe { &*file };
        let _ = err.write_all(b" mientras se le\xC3\xADa ");
        let _ = err.write_all(name.as_bytes());
    }
    let _ = err.write_all(
        "; el archivo est\u{e1} da\u{f1}ado o busca agotar la memoria del equipo. Se detuvo la validaci\u{f3}n.\n  Qu\u{e9} hacer: quite ese archivo y valide los dem\u{e1}s; si de verdad es un formato tan grande, use --limite-memoria-mb con un valor mayor.\n"
            .as_bytes(),
    );
    let _ = err.flush();
    std::process::exit(2)
}

// SAFETY: every call forwards to the system allocator unchanged; the counter
// only observes sizes.
unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            account(bytes(layout.size()));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            account(bytes(layout.size()));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        account(-bytes(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            account(bytes(new_size) - bytes(layout.size()));
        }
        p
    }
}
