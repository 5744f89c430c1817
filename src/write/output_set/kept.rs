//! Previous outputs kept aside while a new set is put in place: a hard link
//! (or a copy) under a temporary name, put back when the publication fails,
//! and left under a name a person understands when it cannot be.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::dir_of;

/// A previous output kept aside while the new set is put in place.
pub(super) struct Kept {
    dest: PathBuf,
    pub(super) copy: PathBuf,
}

/// Prefix of a previous output kept aside during a publication. It is a
/// hard link to the output (or a copy), so it is never locked: on Windows a
/// lock on it would lock the output itself. The sweep judges it by when the
/// link was made, not by the output's own age.
pub(super) const KEPT_PREFIX: &str = ".sigce-anterior-";

pub(super) fn keep_aside(path: &Path) -> std::io::Result<Kept> {
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

pub(super) fn drop_kept(kept: Vec<Kept>) {
    for k in kept {
        let _ = std::fs::remove_file(k.copy);
    }
}

/// Undoes a partial publication: previous files back, new ones that had no
/// previous version removed. Returns the copies that could not be put back
/// (left where they are, never deleted: they are the only previous version).
pub(super) fn restore(kept: Vec<Kept>, placed: &[PathBuf], fresh: &[PathBuf]) -> Vec<PathBuf> {
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
