//! The outputs of one input as a set: every new file is written whole to a
//! temporary file first; only when all of them are complete are they renamed
//! into place, and only then is a stale output of an earlier run (one this
//! run does not produce) removed. If a rename or the removal fails, what was
//! renamed is put back, so the folder keeps the previous set as it was.
//!
//! Two renames are two steps: a run killed between them leaves a new file
//! beside an old one. The stamps (`stamp.rs`) make that pair detectable.
//!
//! Temporary files are `.sigce-*.tmp` in the destination folder, locked
//! while their run lives. A run killed by the system leaves them behind;
//! `sweep` removes those of dead runs (unlocked, and older than a moment, so
//! a file another run has just created and not yet locked is left alone).
//!
//! Previous outputs kept aside during a publication are in `kept`; the
//! sweep of what dead runs left is in `sweep`.

mod kept;
mod sweep;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use kept::{drop_kept, keep_aside, restore};
pub use sweep::sweep;

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary outputs this process is writing: a run stopped by the
/// memory budget ends without unwinding, so `memory` calls
/// `remove_unfinished` and no half-written file is left behind.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn forget_unfinished(path: &Path) {
    let mut live = unfinished();
    if let Some(i) = live.iter().position(|p| p == path) {
        live.swap_remove(i);
    }
}

/// Removes every temporary output this process has not finished. For the
/// memory budget's stop: it never waits for a lock (the thread that holds
/// it may be the one that passed the budget).
pub fn remove_unfinished() {
    remove_unfinished_where(|_| true);
}

fn remove_unfinished_where(wanted: impl Fn(&Path) -> bool) {
    if let Ok(live) = UNFINISHED.try_lock() {
        for path in live.iter().filter(|p| wanted(p)) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new, locked temporary file in `dir`, as ordinary an output as any
/// (0666 minus the umask, not tempfile's private 0600: level 2 may open it
/// from a shared folder).
pub fn temporary_in(dir: &Path) -> std::io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sigce-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder.tempfile_in(dir)?;
    // A file system without locks still gets its outputs; only the sweep
    // of its stale temporaries is lost.
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// One new output, complete on disk under a temporary name. Until it is
/// renamed into place or dropped, it is listed in `UNFINISHED`.
#[derive(Debug)]
pub struct StagedFile {
    pub dest: PathBuf,
    /// `None` only once `into_temporary` has taken it.
    tmp: Option<NamedTempFile>,
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            forget_unfinished(tmp.path());
        }
    }
}

impl StagedFile {
    /// Writes `fill` into a temporary file beside `dest` and syncs it.
    pub fn write(
        dest: &Path,
        fill: impl FnOnce(&mut File) -> std::io::Result<()>,
    ) -> std::io::Result<StagedFile> {
        let tmp = temporary_in(dir_of(dest))?;
        unfinished().push(tmp.path().to_path_buf());
        let mut staged = StagedFile {
            dest: dest.to_path_buf(),
            tmp: Some(tmp),
        };
        let file = staged.temporary().as_file_mut();
        fill(file)?;
        // A power cut after the rename must not leave an empty output.
        file.sync_all()?;
        Ok(staged)
    }

    fn temporary(&mut self) -> &mut NamedTempFile {
        self.tmp
            .as_mut()
            .expect("a staged file keeps its temporary until it is published")
    }

    /// The temporary file, to be renamed into place: no longer unfinished.
    fn into_temporary(mut self) -> NamedTempFile {
        let tmp = self
            .tmp
            .take()
            .expect("a staged file keeps its temporary until it is published");
        forget_unfinished(tmp.path());
        tmp
    }

    /// Renames the file into place on its own (a single output: nothing to
    /// keep in step with).
    pub fn place(self) -> std::io::Result<()> {
        let dest = self.dest.clone();
        self.into_temporary()
            .persist(&dest)
            .map(drop)
            .map_err(|e| e.error)
    }

    /// Where the complete file is until it is published.
    pub fn path(&self) -> &Path {
        self.tmp.as_ref().map_or(&self.dest, NamedTempFile::path)
    }

    /// The file's bytes, read through its own handle: on Windows a locked
    /// file cannot be read through another one, even by its own process.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek};
        let Some(tmp) = &self.tmp else {
            return Err(std::io::Error::from(std::io::ErrorKind::NotFound));
        };
        let mut file = tmp.as_file();
        file.seek(std::io::SeekFrom::Start(0))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// The new outputs of one input and the stale ones to remove.
#[derive(Debug, Default)]
pub struct Staged {
    pub files: Vec<StagedFile>,
    /// Outputs an earlier run left that this run does not produce.
    pub stale: Vec<PathBuf>,
}

/// Why a set could not be published; the previous files are back in place.
#[derive(Debug)]
pub struct Failure {
    pub path: PathBuf,
    pub error: std::io::Error,
    /// The file removed as stale could not be removed (it is open in
    /// another program, most likely).
    pub removing: bool,
    /// Previous versions that could not be put back, and where they are.
    pub not_restored: Vec<PathBuf>,
}

impl Staged {
    /// Puts every staged file in place, then removes the stale ones. On
    /// failure, puts the previous files back and leaves no temporary.
    pub fn publish(self) -> Result<(), Failure> {
        let Staged { files, stale } = self;
        // Previous versions are kept aside (a hard link, or a copy where
        // links are not supported) so a later failure can put them back.
        let targets = || files.iter().map(|f| &f.dest).chain(&stale);
        // A folder where a file should go can be neither replaced nor removed.
        if let Some(path) = targets().find(|p| p.is_dir()) {
            return Err(Failure {
                path: path.clone(),
                error: std::io::Error::from(std::io::ErrorKind::IsADirectory),
                removing: false,
                not_restored: Vec::new(),
            });
        }
        let mut kept = Vec::new();
        let mut fresh = Vec::new();
        for path in targets() {
            if !path.exists() {
                fresh.push(path.clone());
                continue;
            }
            match keep_aside(path) {
                Ok(k) => kept.push(k),
                Err(error) => {
                    drop_kept(kept);
                    return Err(Failure {
                        path: path.clone(),
                        error,
                        removing: false,
                        not_restored: Vec::new(),
                    });
                }
            }
        }
        let mut placed: Vec<PathBuf> = Vec::new();
        let mut failure = None;
        for file in files {
            let dest = file.dest.clone();
            match file.into_temporary().persist(&dest) {
                Ok(_) => placed.push(dest),
                Err(e) => {
                    failure = Some(Failure {
                        path: dest,
                        error: e.error,
                        removing: false,
                        not_restored: Vec::new(),
                    });
                    break;
                }
            }
        }
        if failure.is_none() {
            for path in &stale {
                if let Err(error) = remove_if_present(path) {
                    failure = Some(Failure {
                        path: path.clone(),
                        error,
                        removing: true,
                        not_restored: Vec::new(),
                    });
                    break;
                }
            }
        }
        match failure {
            None => {
                drop_kept(kept);
                Ok(())
            }
            Some(mut failure) => {
                failure.not_restored = restore(kept, &placed, &fresh);
                Err(failure)
            }
        }
    }
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
