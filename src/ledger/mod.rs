//! The ledger: what was escalated, to whom and when, in an SQLite database
//! (bundled, no server). Every escalation is one transaction together with
//! its users, so a crash leaves either the whole case or nothing.
//! `sigce validar --historial` reads it to warn about people already sent
//! to level 2; `sigce historial` shows it. It knows nothing of cases or of
//! `sigce.toml`: it takes plain values and answers with its own error
//! (`error`), which the layers above convert; `query` holds what it is
//! asked, `record` the transaction of an escalation.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

mod cases;
mod error;
mod query;
mod record;
mod schema;

pub use cases::{
    CaseEvent, CaseFilter, CaseRow, Found, FoundPerson, LEVEL1, PersonResult, State, Transition,
};
use error::unavailable;
pub use error::{HISTORIAL_NO_DISPONIBLE, LedgerError};

/// The database file: `explicit` (`--historial`), else `configured`
/// (`[historial] archivo` of `sigce.toml`), else `historial.sqlite3` in the
/// user's data folder.
pub fn path(explicit: Option<&Path>, configured: Option<&Path>) -> PathBuf {
    explicit
        .or(configured)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("sigce")
                .join("historial.sqlite3")
        })
}

/// How dates are shown: Colombia's time (UTC−5 all year, no daylight saving).
const LOCAL_TIME: &str = "strftime('%Y-%m-%d %H:%M', e.sent_at, '-5 hours')";

/// One user of a user-creation escalation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SentUser {
    pub document_type: String,
    pub document: String,
    pub email: String,
    pub name: String,
}

/// What is recorded for one escalation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Escalation {
    pub ticket: String,
    pub request_type: String,
    pub destination: String,
    /// Colombia's local time, `AAAA-MM-DD HH:MM`.
    pub sent_at: String,
    pub recipient: String,
    pub subject: String,
    pub draft: String,
    pub caller_name: String,
    pub caller_email: String,
    pub users: Vec<SentUser>,
    /// The e-mail's Message-ID, to answer or remind in its thread.
    pub message_id: String,
    /// Who escalated it (the agent's user name), for the case's history.
    pub agent: String,
}

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

impl Ledger {
    /// Opens (creating it when missing) the ledger for writing.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| unavailable(path, e))?;
        }
        let conn = Connection::open(path).map_err(|e| unavailable(path, e))?;
        let mut ledger = Ledger::setup(conn, path)?;
        match schema::migrate(&mut ledger.conn).map_err(|e| unavailable(path, e))? {
            schema::Migrated::Current => Ok(ledger),
            schema::Migrated::Newer(version) => Err(error::newer(path, version)),
        }
    }

    /// Opens an existing ledger for reading; `None` when it does not exist yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Ledger>, LedgerError> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(path, e))?;
        let ledger = Ledger::setup(conn, path)?;
        // An empty file or another database: say so now, not on the first row.
        ledger
            .conn
            .query_row("SELECT count(*) FROM escalations", [], |_| Ok(()))
            .map_err(|e| unavailable(path, e))?;
        Ok(Some(ledger))
    }

    fn setup(conn: Connection, path: &Path) -> Result<Ledger, LedgerError> {
        conn.busy_timeout(Duration::from_secs(3))
            .map_err(|e| unavailable(path, e))?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, e: rusqlite::Error) -> LedgerError {
        unavailable(&self.path, e)
    }
}

/// What `Ledger::record` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Done,
    /// Nothing recorded or written: the ticket went to that destination at `at`.
    AlreadySent {
        at: String,
    },
    /// Nothing recorded or written: the ticket's case is closed.
    Closed,
}

#[cfg(test)]
mod tests;
