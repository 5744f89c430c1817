//! The sweep of temporary files that dead runs left in a folder: named like
//! ours, unlocked (or, for a previous output kept aside, kept long enough
//! ago), and not just created.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use super::kept::KEPT_PREFIX;

/// An unlocked temporary file younger than this may belong to a run that
/// has just created it and is about to lock it.
const FRESH: Duration = Duration::from_secs(1);

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
