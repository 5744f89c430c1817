//! The ledger: what was escalated, to whom and when, in an SQLite database
//! (bundled, no server). Every escalation is one transaction together with
//! its users, so a crash leaves either the whole case or nothing.
//! `sigce validar --historial` reads it to warn about people already sent
//! to level 2; `sigce historial` shows it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::case::CaseError;
use crate::case::error::code;

/// The database file: `--historial`, else `[historial] archivo` of
/// `sigce.toml`, else `historial.sqlite3` in the user's data folder.
pub fn path(explicit: Option<&Path>, policy: &crate::policy::Policy) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| policy.ledger.clone())
        .unwrap_or_else(|| {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join("sigce")
                .join("historial.sqlite3")
        })
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS escalations (
    id INTEGER PRIMARY KEY,
    ticket TEXT NOT NULL,
    request_type TEXT NOT NULL,
    destination TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    draft TEXT NOT NULL,
    caller_name TEXT NOT NULL,
    caller_email TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    escalation_id INTEGER NOT NULL REFERENCES escalations(id),
    document_type TEXT NOT NULL,
    document TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS escalations_ticket ON escalations(ticket);
CREATE INDEX IF NOT EXISTS users_document ON users(document);
CREATE INDEX IF NOT EXISTS users_email ON users(email);
";

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
}

/// An earlier sending to level 2 of a document or e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub ticket: String,
    pub sent_at: String,
}

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// Why the ledger could not be used, in Spanish where SQLite says why.
trait Why {
    fn why(&self) -> String;
}

impl Why for rusqlite::Error {
    fn why(&self) -> String {
        use rusqlite::ErrorCode;
        let why = match self.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                return "el archivo está dañado o no es un historial de sigce".to_string();
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                return "otro programa lo tiene bloqueado".to_string();
            }
            Some(ErrorCode::ReadOnly) => "es de solo lectura",
            Some(ErrorCode::PermissionDenied) => "no hay permiso para usarlo",
            Some(ErrorCode::CannotOpen) => "no se puede abrir",
            Some(ErrorCode::DiskFull) => "no queda espacio en el disco",
            Some(ErrorCode::SystemIoFailure) => {
                "el disco o la unidad de red falló al leer o escribir"
            }
            Some(ErrorCode::FileLockingProtocolFailed) => {
                "la unidad no permite bloquear el archivo (use un historial en un disco local)"
            }
            Some(ErrorCode::TooBig) => "un dato es demasiado grande",
            _ => "error de la base de datos",
        };
        // SQLite's own text (English) only as a detail.
        format!("{why} (detalle: {self})")
    }
}

impl Why for std::io::Error {
    fn why(&self) -> String {
        crate::io_text::writing(self)
    }
}

fn unavailable(path: &Path, e: impl Why) -> CaseError {
    let why = e.why();
    CaseError::new(
        code::HISTORIAL_NO_DISPONIBLE,
        format!("No se pudo usar el historial {}: {why}.", path.display()),
    )
    .with_help("Cierre el otro programa que lo usa, o indique otro archivo con --historial. Si está dañado, guárdelo aparte (renómbrelo) y sigce empezará uno nuevo.")
}

impl Ledger {
    /// Opens (creating it when missing) the ledger for writing.
    pub fn open(path: &Path) -> Result<Ledger, CaseError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| unavailable(path, e))?;
        }
        let conn = Connection::open(path).map_err(|e| unavailable(path, e))?;
        let ledger = Ledger::setup(conn, path)?;
        ledger
            .conn
            .execute_batch(SCHEMA)
            .map_err(|e| unavailable(path, e))?;
        Ok(ledger)
    }

    /// Opens an existing ledger for reading; `None` when it does not exist yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Ledger>, CaseError> {
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

    fn setup(conn: Connection, path: &Path) -> Result<Ledger, CaseError> {
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

    fn fail(&self, e: rusqlite::Error) -> CaseError {
        unavailable(&self.path, e)
    }

    /// The last time `ticket` was escalated to `destination`.
    pub fn previous(&self, ticket: &str, destination: &str) -> Result<Option<String>, CaseError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {LOCAL_TIME} FROM escalations e WHERE e.ticket = ?1 AND e.destination = ?2 ORDER BY e.id DESC LIMIT 1"
                ),
                params![ticket, destination],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// The first sending to level 2 of a user with this document (or e-mail).
    pub fn earlier(&self, column: Column, value: &str) -> Result<Option<Earlier>, CaseError> {
        let column = match column {
            Column::Document => "document",
            Column::Email => "email",
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT e.ticket, {LOCAL_TIME} FROM users u JOIN escalations e ON e.id = u.escalation_id \
                 WHERE u.{column} = ?1 AND e.destination = 'nivel2' ORDER BY e.id LIMIT 1"
            ))
            .map_err(|e| self.fail(e))?;
        stmt.query_row([value], |r| {
            Ok(Earlier {
                ticket: r.get(0)?,
                sent_at: r.get(1)?,
            })
        })
        .optional()
        .map_err(|e| self.fail(e))
    }

    /// Records one escalation and its users in one transaction. `write` runs
    /// inside it (it writes the e-mail draft): if it fails, nothing is
    /// recorded; if the process dies before the commit, SQLite's journal
    /// undoes the partial record when the database is next opened.
    ///
    /// With `once`, the ticket must not have been escalated to the same
    /// destination before: the check and the record are one immediate
    /// transaction, so of several runs escalating one ticket at the same
    /// time exactly one records it and writes its draft.
    pub fn record(
        &mut self,
        entry: &Escalation,
        once: bool,
        write: impl FnOnce() -> Result<(), CaseError>,
    ) -> Result<Recorded, CaseError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| unavailable(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        if once {
            let at: Option<String> = tx
                .query_row(
                    &format!(
                        "SELECT {LOCAL_TIME} FROM escalations e WHERE e.ticket = ?1 AND e.destination = ?2 ORDER BY e.id DESC LIMIT 1"
                    ),
                    params![entry.ticket, entry.destination],
                    |r| r.get(0),
                )
                .optional()
                .map_err(fail)?;
            if let Some(at) = at {
                return Ok(Recorded::AlreadySent { at });
            }
        }
        tx.execute(
            "INSERT INTO escalations (ticket, request_type, destination, recipient, subject, draft, caller_name, caller_email) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                entry.ticket,
                entry.request_type,
                entry.destination,
                entry.recipient,
                entry.subject,
                entry.draft,
                entry.caller_name,
                entry.caller_email
            ],
        )
        .map_err(fail)?;
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO users (escalation_id, document_type, document, email, name) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(fail)?;
            for (i, u) in entry.users.iter().enumerate() {
                insert
                    .execute(params![id, u.document_type, u.document, u.email, u.name])
                    .map_err(fail)?;
                if i == entry.users.len() / 2 {
                    test_pause();
                }
            }
        }
        write()?;
        tx.commit().map_err(fail)?;
        Ok(Recorded::Done)
    }

    /// Every escalation of a ticket, oldest first, with its users.
    pub fn case(&self, ticket: &str) -> Result<Vec<Escalation>, CaseError> {
        self.select("WHERE e.ticket = ?1 ORDER BY e.id", [ticket])
    }

    /// The last `n` escalations, newest first.
    pub fn recent(&self, n: u32) -> Result<Vec<Escalation>, CaseError> {
        self.select("ORDER BY e.id DESC LIMIT ?1", [n.to_string()])
    }

    fn select<P: rusqlite::Params>(&self, tail: &str, p: P) -> Result<Vec<Escalation>, CaseError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT e.id, e.ticket, e.request_type, e.destination, {LOCAL_TIME}, e.recipient, e.subject, e.draft, e.caller_name, e.caller_email FROM escalations e {tail}"
            ))
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(p, |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Escalation {
                        ticket: r.get(1)?,
                        request_type: r.get(2)?,
                        destination: r.get(3)?,
                        sent_at: r.get(4)?,
                        recipient: r.get(5)?,
                        subject: r.get(6)?,
                        draft: r.get(7)?,
                        caller_name: r.get(8)?,
                        caller_email: r.get(9)?,
                        users: Vec::new(),
                    },
                ))
            })
            .map_err(|e| self.fail(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))?;
        let mut users = self
            .conn
            .prepare("SELECT document_type, document, email, name FROM users WHERE escalation_id = ?1 ORDER BY rowid")
            .map_err(|e| self.fail(e))?;
        rows.into_iter()
            .map(|(id, mut esc)| {
                esc.users = users
                    .query_map([id], |r| {
                        Ok(SentUser {
                            document_type: r.get(0)?,
                            document: r.get(1)?,
                            email: r.get(2)?,
                            name: r.get(3)?,
                        })
                    })
                    .and_then(|rows| rows.collect())
                    .map_err(|e| self.fail(e))?;
                Ok(esc)
            })
            .collect()
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
}

/// Which user column `Ledger::earlier` looks at.
#[derive(Debug, Clone, Copy)]
pub enum Column {
    Document,
    Email,
}

/// Stops halfway through recording when `SIGCE_PRUEBA_PAUSA_HISTORIAL_MS`
/// is set, so a test can kill the process mid-transaction at a known point.
fn test_pause() {
    if let Some(ms) = std::env::var("SIGCE_PRUEBA_PAUSA_HISTORIAL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ticket: &str, users: &[(&str, &str)]) -> Escalation {
        Escalation {
            ticket: ticket.into(),
            request_type: "creacion_usuarios".into(),
            destination: "nivel2".into(),
            sent_at: String::new(),
            recipient: "soportesigce@asegest.com".into(),
            subject: "asunto".into(),
            draft: "ticket.eml".into(),
            caller_name: "ANA".into(),
            caller_email: "ana@colegio.edu.co".into(),
            users: users
                .iter()
                .map(|(d, e)| SentUser {
                    document_type: "CC".into(),
                    document: (*d).into(),
                    email: (*e).into(),
                    name: "X".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn records_are_found_by_ticket_document_and_email() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("h.sqlite3");
        let mut l = Ledger::open(&path).unwrap();
        l.record(
            &entry(
                "1001",
                &[("52123456", "ana@x.co"), ("79111222", "luis@x.co")],
            ),
            true,
            || Ok(()),
        )
        .unwrap();
        assert!(l.previous("1001", "nivel2").unwrap().is_some());
        assert!(l.previous("1001", "datacenter").unwrap().is_none());
        assert_eq!(
            l.earlier(Column::Document, "79111222")
                .unwrap()
                .unwrap()
                .ticket,
            "1001"
        );
        assert_eq!(
            l.earlier(Column::Email, "ana@x.co")
                .unwrap()
                .unwrap()
                .ticket,
            "1001"
        );
        assert!(l.earlier(Column::Document, "1").unwrap().is_none());
        let case = l.case("1001").unwrap();
        assert_eq!(case.len(), 1);
        assert_eq!(case[0].users.len(), 2);
        assert_eq!(case[0].sent_at.len(), 16);
        drop(l);
        let r = Ledger::open_read_only(&path).unwrap().unwrap();
        assert_eq!(r.recent(5).unwrap()[0].ticket, "1001");
    }

    #[test]
    fn a_ticket_recorded_once_is_refused_the_second_time_unless_resent() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("h.sqlite3")).unwrap();
        let e = entry("1003", &[("52123456", "ana@x.co")]);
        assert_eq!(l.record(&e, true, || Ok(())).unwrap(), Recorded::Done);
        let mut wrote = false;
        let again = l
            .record(&e, true, || {
                wrote = true;
                Ok(())
            })
            .unwrap();
        assert!(matches!(again, Recorded::AlreadySent { .. }), "{again:?}");
        assert!(!wrote, "a refused escalation writes no draft");
        assert_eq!(l.case("1003").unwrap().len(), 1);
        assert_eq!(l.record(&e, false, || Ok(())).unwrap(), Recorded::Done);
        assert_eq!(l.case("1003").unwrap().len(), 2);
    }

    #[test]
    fn a_failed_write_records_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        let mut l = Ledger::open(&path).unwrap();
        let e = l
            .record(&entry("1002", &[("52123456", "ana@x.co")]), true, || {
                Err(CaseError::new(code::ESCRITURA_FALLIDA, "no"))
            })
            .unwrap_err();
        assert_eq!(e.code, code::ESCRITURA_FALLIDA);
        assert!(l.case("1002").unwrap().is_empty());
        assert!(l.earlier(Column::Document, "52123456").unwrap().is_none());
    }

    #[test]
    fn sqlite_and_system_errors_are_told_in_spanish_first() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            Some("disk I/O error".into()),
        );
        let why = full.why();
        assert!(why.starts_with("el disco o la unidad"), "{why}");
        assert!(why.contains("(detalle: disk I/O error)"), "{why}");
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied).why();
        assert!(io.starts_with("no hay permiso"), "{io}");
    }

    #[test]
    fn a_damaged_or_missing_file_is_a_clear_error_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        assert!(Ledger::open_read_only(&path).unwrap().is_none());
        std::fs::write(&path, b"esto no es una base de datos, es texto cualquiera ....................................................................").unwrap();
        let e = Ledger::open_read_only(&path).err().unwrap();
        assert_eq!(e.code, code::HISTORIAL_NO_DISPONIBLE);
        assert!(e.message.contains("dañado"), "{}", e.message);
        let e = Ledger::open(&path).err().unwrap();
        assert!(e.message.contains("dañado"), "{}", e.message);
    }
}
