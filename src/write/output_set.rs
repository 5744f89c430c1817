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

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::NamedTempFile;

/// An unlocked temporary file younger than this may belong to a run that
/// has just created it and is about to lock it.
const FRESH: Duration = Duration::from_secs(1);

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
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

/// One new output, complete on disk under a temporary name.
#[derive(Debug)]
pub struct StagedFile {
    pub dest: PathBuf,
    tmp: NamedTempFile,
}

impl StagedFile {
    /// Writes `fill` into a temporary file beside `dest` and syncs it.
    pub fn write(
        dest: &Path,
        fill: impl FnOnce(&mut File) -> std::io::Result<()>,
    ) -> std::io::Result<StagedFile> {
        let mut tmp = temporary_in(dir_of(dest))?;
        fill(tmp.as_file_mut())?;
        // A power cut after the rename must not leave an empty output.
        tmp.as_file().sync_all()?;
        Ok(StagedFile {
            dest: dest.to_path_buf(),
            tmp,
        })
    }

    /// Renames the file into place on its own (a single output: nothing to
    /// keep in step with).
    pub fn place(self) -> std::io::Result<()> {
        self.tmp.persist(&self.dest).map(drop).map_err(|e| e.error)
    }

    /// Where the complete file is until it is published.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// The file's bytes, read through its own handle: on Windows a locked
    /// file cannot be read through another one, even by its own process.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek};
        let mut file = self.tmp.as_file();
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

/// A previous output kept aside while the new set is put in place.
struct Kept {
    dest: PathBuf,
    copy: PathBuf,
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
            match file.tmp.persist(&dest) {
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

/// Prefix of a previous output kept aside during a publication. It is a
/// hard link to the output (or a copy), so it is never locked: on Windows a
/// lock on it would lock the output itself. The sweep judges it by when the
/// link was made, not by the output's own age.
const KEPT_PREFIX: &str = ".sigce-anterior-";

fn keep_aside(path: &Path) -> std::io::Result<Kept> {
    let dir = dir_of(path);
    let made = tempfile::Builder::new()
        .prefix(KEPT_PREFIX)
        .suffix(".tmp")
        .make_in(dir, |copy| std::fs::hard_link(path, copy));
    let copy = match made {
        Ok(link) => link.into_temp_path().keep().map_err(|e| e.error)?,
        Err(_) => {
            // No hard links (FAT, some network shares): a copy, written
            // through the temporary's own handle (on Windows its lock
            // refuses any other).
            let mut tmp = tempfile::Builder::new()
                .prefix(KEPT_PREFIX)
                .suffix(".tmp")
                .tempfile_in(dir)?;
            std::io::copy(&mut File::open(path)?, tmp.as_file_mut())?;
            tmp.as_file().sync_all()?;
            tmp.into_temp_path().keep().map_err(|e| e.error)?
        }
    };
    Ok(Kept {
        dest: path.to_path_buf(),
        copy,
    })
}

fn drop_kept(kept: Vec<Kept>) {
    for k in kept {
        let _ = std::fs::remove_file(k.copy);
    }
}

/// Undoes a partial publication: previous files back, new ones that had no
/// previous version removed. Returns the copies that could not be put back
/// (left where they are, never deleted: they are the only previous version).
fn restore(kept: Vec<Kept>, placed: &[PathBuf], fresh: &[PathBuf]) -> Vec<PathBuf> {
    for path in placed.iter().filter(|p| fresh.contains(p)) {
        let _ = std::fs::remove_file(path);
    }
    let mut left = Vec::new();
    for Kept { dest, copy } in kept {
        // Another program (an antivirus, the search indexer) may hold the
        // new file for a moment.
        let back = (0..5).any(|i| {
            if i > 0 {
                std::thread::sleep(Duration::from_millis(100));
            }
            std::fs::rename(&copy, &dest).is_ok()
        });
        if !back {
            // Out of the sweep's reach, under a name a person understands:
            // «f.limpio.anterior.xlsx».
            let visible = visible_name(&dest);
            if std::fs::rename(&copy, &visible).is_ok() {
                left.push(visible);
            } else {
                left.push(copy);
            }
        }
    }
    left
}

/// `f.limpio.xlsx` → `f.limpio.anterior.xlsx`.
fn visible_name(dest: &Path) -> PathBuf {
    let stem = dest
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match dest.extension() {
        Some(ext) => format!("{stem}.anterior.{}", ext.to_string_lossy()),
        None => format!("{stem}.anterior"),
    };
    dest.with_file_name(name)
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether a previous output kept aside was kept long enough ago that no
/// publication can still need it. A hard link keeps the output's own
/// modification time, so on unix the time the link was made (ctime) is
/// used; elsewhere only a very old file counts.
fn kept_long_ago(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        now - meta.ctime() >= 60
    }
    #[cfg(not(unix))]
    {
        meta.modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= Duration::from_secs(3600))
    }
}

/// Removes the temporary files that dead runs left in `dir`: named like
/// ours, unlocked, and not just created. Returns how many were removed.
pub fn sweep(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".sigce-") && name.ends_with(".tmp")) {
            continue;
        }
        let path = entry.path();
        let Some(meta) = entry.metadata().ok().filter(std::fs::Metadata::is_file) else {
            continue;
        };
        let old = if name.starts_with(KEPT_PREFIX) {
            kept_long_ago(&meta)
        } else {
            meta.modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= FRESH)
        };
        if !old {
            continue;
        }
        if name.starts_with(KEPT_PREFIX) {
            // Never locked (see KEPT_PREFIX): its age alone says it is stale.
            if std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
            continue;
        }
        let Ok(file) = File::options().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            drop(file);
            if std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn staged(dest: &Path, bytes: &'static [u8]) -> StagedFile {
        StagedFile::write(dest, |f| std::io::Write::write_all(f, bytes)).unwrap()
    }

    #[test]
    fn a_set_replaces_the_previous_one_and_removes_the_stale_file() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.xlsx"),
            dir.path().join("a.rechazos.xlsx"),
        );
        std::fs::write(&c, b"viejo limpio").unwrap();
        std::fs::write(&r, b"viejos rechazos").unwrap();
        let set = Staged {
            files: vec![staged(&c, b"nuevo limpio")],
            stale: vec![r.clone()],
        };
        set.publish().unwrap();
        assert_eq!(std::fs::read(&c).unwrap(), b"nuevo limpio");
        assert!(!r.exists());
        assert_eq!(names(dir.path()), ["a.limpio.xlsx"]);
    }

    #[test]
    fn a_failed_second_rename_puts_the_first_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.xlsx"),
            dir.path().join("a.rechazos.xlsx"),
        );
        std::fs::write(&c, b"viejo limpio").unwrap();
        // The rejection workbook's path is a folder: its rename fails.
        std::fs::create_dir(&r).unwrap();
        std::fs::write(r.join("dentro"), b"x").unwrap();
        let set = Staged {
            files: vec![staged(&c, b"nuevo limpio"), staged(&r, b"nuevos rechazos")],
            stale: vec![],
        };
        let failure = set.publish().unwrap_err();
        assert_eq!(failure.path, r);
        assert_eq!(std::fs::read(&c).unwrap(), b"viejo limpio");
        assert_eq!(names(dir.path()), ["a.limpio.xlsx", "a.rechazos.xlsx"]);
    }

    #[test]
    fn a_stale_output_in_the_way_of_removal_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.xlsx"),
            dir.path().join("a.rechazos.xlsx"),
        );
        std::fs::write(&c, b"viejo limpio").unwrap();
        std::fs::create_dir(&r).unwrap();
        let failure = Staged {
            files: vec![staged(&c, b"nuevo limpio")],
            stale: vec![r.clone()],
        }
        .publish()
        .unwrap_err();
        assert_eq!(failure.path, r);
        assert_eq!(std::fs::read(&c).unwrap(), b"viejo limpio");
        assert_eq!(names(dir.path()), ["a.limpio.xlsx", "a.rechazos.xlsx"]);
    }

    #[test]
    fn a_staged_file_is_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = staged(&dir.path().join("a.limpio.xlsx"), b"contenido completo");
        assert_eq!(file.bytes().unwrap(), b"contenido completo");
        assert_eq!(file.bytes().unwrap(), b"contenido completo");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("a.limpio.xlsx");
        let result = StagedFile::write(&dest, |f| {
            std::io::Write::write_all(f, b"la mitad")?;
            Err(std::io::Error::other("disco lleno"))
        });
        assert!(result.is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn the_sweep_removes_old_unlocked_temporaries_only() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".sigce-muerto.tmp");
        std::fs::write(&stale, b"x").unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(60);
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // A live run's temporary: locked.
        let live = temporary_in(dir.path()).unwrap();
        live.as_file().set_modified(old).unwrap();
        // Just created by another run, not locked yet.
        std::fs::write(dir.path().join(".sigce-nuevo.tmp"), b"x").unwrap();
        // Not ours.
        let other = dir.path().join("notas.tmp");
        std::fs::write(&other, b"x").unwrap();
        File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // A previous output kept aside a moment ago by a live publication:
        // a hard link has the output's old modification time, but it was
        // made just now.
        let output = dir.path().join("a.limpio.xlsx");
        std::fs::write(&output, b"anterior").unwrap();
        File::options()
            .write(true)
            .open(&output)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let kept = keep_aside(&output).unwrap();
        assert_eq!(sweep(dir.path()), 1);
        assert!(
            kept.copy.exists(),
            "a live publication's kept copy was swept"
        );
        assert!(!stale.exists());
        assert!(live.path().exists());
        assert!(dir.path().join(".sigce-nuevo.tmp").exists());
        assert!(other.exists());
        drop_kept(vec![kept]);
    }
}
