//! The ledger against a real SQLite file in a temporary folder.

use super::error::Why;
use super::*;
use crate::rules::batch::historial::Column;

/// The caller's error in `record`: its own write, or the ledger's.
#[derive(Debug, PartialEq)]
enum Failed {
    Write,
    Ledger(LedgerError),
}

impl From<LedgerError> for Failed {
    fn from(e: LedgerError) -> Failed {
        Failed::Ledger(e)
    }
}

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
        || Ok::<_, LedgerError>(()),
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
    assert_eq!(
        l.record(&e, true, || Ok::<_, LedgerError>(())).unwrap(),
        Recorded::Done
    );
    let mut wrote = false;
    let again = l
        .record(&e, true, || {
            wrote = true;
            Ok::<_, LedgerError>(())
        })
        .unwrap();
    assert!(matches!(again, Recorded::AlreadySent { .. }), "{again:?}");
    assert!(!wrote, "a refused escalation writes no draft");
    assert_eq!(l.case("1003").unwrap().len(), 1);
    assert_eq!(
        l.record(&e, false, || Ok::<_, LedgerError>(())).unwrap(),
        Recorded::Done
    );
    assert_eq!(l.case("1003").unwrap().len(), 2);
}

#[test]
fn a_failed_write_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let mut l = Ledger::open(&path).unwrap();
    let e = l
        .record(&entry("1002", &[("52123456", "ana@x.co")]), true, || {
            Err(Failed::Write)
        })
        .unwrap_err();
    assert_eq!(e, Failed::Write);
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
    assert_eq!(e.code, HISTORIAL_NO_DISPONIBLE);
    assert!(e.message.contains("dañado"), "{}", e.message);
    let e = Ledger::open(&path).err().unwrap();
    assert!(e.message.contains("dañado"), "{}", e.message);
}
