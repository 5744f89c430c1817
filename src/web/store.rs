//! The server's private folder and what it holds: each batch of uploaded
//! forms with the validator's results, and the files offered for download,
//! each by an id the server issued. No path from a request ever reaches the
//! filesystem: a request names an id, the store knows the path.
//!
//! The folder (mode 0700) is `sigce-web/<launch>` under the system's
//! temporary folder, locked while the server runs; it is removed on exit,
//! and a folder left by a server that was killed (the console window
//! closed) is removed on the next start, since its lock is free.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::report::FileResult;

/// A file offered for download.
#[derive(Debug, Clone)]
pub struct Download {
    pub path: PathBuf,
    /// The name the browser saves it with.
    pub name: String,
    pub content_type: &'static str,
}

/// One form of a batch: the validator's result and its downloads.
pub struct FileView {
    pub name: String,
    pub result: FileResult,
    /// (what it is, download id), in the order the page lists them.
    pub downloads: Vec<(&'static str, String)>,
}

/// The forms uploaded together (validated as one run: duplicates across
/// them count).
pub struct Batch {
    pub files: Vec<FileView>,
    pub strict: bool,
    pub ticket: Option<String>,
    /// The uploaded files in upload order, as saved: validated again, never
    /// changed, after each correction made on the page.
    pub inputs: Vec<PathBuf>,
    /// The cells changed by hand so far, by uploaded file.
    pub edits: Vec<(PathBuf, Vec<crate::pipeline::Edit>)>,
    /// Held while a correction validates the batch again and puts the new
    /// results in its place: two corrections at once never lose one.
    pub editing: std::sync::Arc<Mutex<()>>,
}

/// A case escalated from «Atender»: what the page shows of its e-mail.
pub struct Sent {
    pub ticket: String,
    /// Where it went, for people («nivel 2»), and why.
    pub destination: &'static str,
    pub reason: &'static str,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// (name, bytes) of each attachment.
    pub attachments: Vec<(String, usize)>,
    pub warnings: Vec<String>,
    /// Where the .eml was written (beside the case file).
    pub written: PathBuf,
    /// The download id of its copy in the private folder.
    pub eml: String,
}

#[derive(Default)]
struct Held {
    batches: HashMap<String, std::sync::Arc<Batch>>,
    downloads: HashMap<String, Download>,
    sent: HashMap<String, std::sync::Arc<Sent>>,
    case_edits: HashMap<String, CaseEdits>,
}

/// The cells changed by hand on the page, by form file of a case.
pub type CaseEdits = Vec<(PathBuf, Vec<crate::pipeline::Edit>)>;

pub struct Store {
    root: PathBuf,
    /// Held open (and locked) while the server runs.
    _lock: File,
    held: Mutex<Held>,
}

fn parent() -> PathBuf {
    std::env::temp_dir().join("sigce-web")
}

fn private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Removes the folders of servers that are no longer running.
fn remove_stale(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        let free = match File::open(dir.join(".lock")) {
            Ok(f) => f.try_lock().is_ok(),
            // No lock file: a folder left half-made.
            Err(_) => true,
        };
        if free {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

impl Store {
    pub fn create() -> Result<Store, String> {
        let parent = parent();
        let failed = |e: std::io::Error| {
            format!(
                "No se pudo crear la carpeta temporal de sigce web en {}: {}.",
                parent.display(),
                crate::io_text::writing(&e)
            )
        };
        private_dir(&parent).map_err(failed)?;
        remove_stale(&parent);
        let root = parent.join(format!("sesion-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        private_dir(&root).map_err(failed)?;
        let lock = File::create(root.join(".lock")).map_err(failed)?;
        lock.try_lock()
            .map_err(|e| failed(std::io::Error::other(e.to_string())))?;
        Ok(Store {
            root,
            _lock: lock,
            held: Mutex::new(Held::default()),
        })
    }

    /// The private folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A new folder for one batch, and its id.
    pub fn new_batch_dir(&self) -> std::io::Result<(String, PathBuf)> {
        let id = random_id();
        let dir = self.batch_dir(&id);
        private_dir(&dir.join("entrada"))?;
        private_dir(&dir.join("salida"))?;
        Ok((id, dir))
    }

    /// A new private folder named `<prefix>-<id>`.
    pub fn new_dir(&self, prefix: &str) -> std::io::Result<PathBuf> {
        let dir = self.root.join(format!("{prefix}-{}", random_id()));
        private_dir(&dir)?;
        Ok(dir)
    }

    /// The folder of a batch (its uploads in `entrada`, its outputs in `salida`).
    pub fn batch_dir(&self, id: &str) -> PathBuf {
        self.root.join(format!("lote-{id}"))
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        // A handler that panicked while holding the lock leaves plain data
        // behind: the map is still usable.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn offer(&self, download: Download) -> String {
        let id = random_id();
        self.held().downloads.insert(id.clone(), download);
        id
    }

    /// Ids that no longer serve anything (outputs of a batch validated again).
    pub fn withdraw<'a>(&self, ids: impl IntoIterator<Item = &'a str>) {
        let mut held = self.held();
        for id in ids {
            held.downloads.remove(id);
        }
    }

    pub fn download(&self, id: &str) -> Option<Download> {
        self.held().downloads.get(id).cloned()
    }

    pub fn put_batch(&self, id: String, batch: Batch) {
        self.held().batches.insert(id, std::sync::Arc::new(batch));
    }

    pub fn batch(&self, id: &str) -> Option<std::sync::Arc<Batch>> {
        self.held().batches.get(id).cloned()
    }

    pub fn put_sent(&self, sent: Sent) -> String {
        let id = random_id();
        self.held()
            .sent
            .insert(id.clone(), std::sync::Arc::new(sent));
        id
    }

    pub fn sent(&self, id: &str) -> Option<std::sync::Arc<Sent>> {
        self.held().sent.get(id).cloned()
    }

    /// Carries the cells changed by hand in an upload to the copy of its
    /// form that a case lists (`form`), for its escalation from «Atender».
    /// Kept with the server's session, as the upload they were made in and
    /// its grid are, not beside the case file: the case file stays the
    /// terminal's format, and the only thing that reads the changes is this
    /// page's «Escalar» (`escalate::run_edited`). Closing sigce web forgets
    /// them; the case keeps the form as the school sent it, and the page no
    /// longer says the form has changes, so nothing claims what is not sent.
    pub fn add_case_edits(&self, ticket: &str, form: PathBuf, edits: Vec<crate::pipeline::Edit>) {
        let mut held = self.held();
        let list = held.case_edits.entry(ticket.to_string()).or_default();
        list.retain(|(p, _)| *p != form);
        list.push((form, edits));
    }

    /// The cells changed by hand in the forms of a case, by form file.
    pub fn case_edits(&self, ticket: &str) -> CaseEdits {
        self.held()
            .case_edits
            .get(ticket)
            .cloned()
            .unwrap_or_default()
    }

    /// On exit.
    pub fn remove(&self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// 16 random bytes as hex; a counter mixed with the time if the system
/// gives no randomness (ids need to be unique, the token needs secrecy).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        bytes[..8].copy_from_slice(&n.to_le_bytes());
        bytes[8..].copy_from_slice(&t.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_left_by_a_killed_server_is_removed_and_a_live_one_kept() {
        let parent = tempfile::tempdir().unwrap();
        let dead = parent.path().join("sesion-1");
        std::fs::create_dir_all(&dead).unwrap();
        File::create(dead.join(".lock")).unwrap();
        let live = parent.path().join("sesion-2");
        std::fs::create_dir_all(&live).unwrap();
        let lock = File::create(live.join(".lock")).unwrap();
        lock.try_lock().unwrap();
        remove_stale(parent.path());
        assert!(!dead.exists());
        assert!(live.exists());
    }

    #[test]
    fn ids_are_unique() {
        assert_ne!(random_id(), random_id());
    }
}
