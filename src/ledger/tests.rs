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
        message_id: format!("m.{ticket}@x"),
        agent: "agente".into(),
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
        State::Escalado,
        &[],
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
        l.record(&e, true, State::Escalado, &[], || Ok::<_, LedgerError>(()))
            .unwrap(),
        Recorded::Done
    );
    let mut wrote = false;
    let again = l
        .record(&e, true, State::Escalado, &[], || {
            wrote = true;
            Ok::<_, LedgerError>(())
        })
        .unwrap();
    assert!(matches!(again, Recorded::AlreadySent { .. }), "{again:?}");
    assert!(!wrote, "a refused escalation writes no draft");
    assert_eq!(l.case("1003").unwrap().len(), 1);
    assert_eq!(
        l.record(&e, false, State::Escalado, &[], || Ok::<_, LedgerError>(()))
            .unwrap(),
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
        .record(
            &entry("1002", &[("52123456", "ana@x.co")]),
            true,
            State::Escalado,
            &[],
            || Err(Failed::Write),
        )
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

fn result(document: &str, created: bool, login: &str) -> PersonResult {
    PersonResult {
        document: document.into(),
        email: format!("{document}@x.co"),
        name: "ANA".into(),
        created,
        login: login.into(),
        reason: if created {
            String::new()
        } else {
            "ya existe".into()
        },
    }
}

#[test]
fn a_case_goes_from_escalated_to_answered_to_closed_and_can_be_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("h.sqlite3")).unwrap();
    assert!(
        l.open_case("2001", "creacion_usuarios", ("ANA", "ana@x.co"), "agente")
            .unwrap()
    );
    assert!(!l.open_case("2001", "x", ("", ""), "agente").unwrap());
    assert_eq!(l.case_row("2001").unwrap().unwrap().state, State::Abierto);
    let ok = || Ok::<_, LedgerError>(());
    l.record(
        &entry("2001", &[("52123456", "ana@x.co")]),
        true,
        State::Escalado,
        &[],
        ok,
    )
    .unwrap();
    let case = l.case_row("2001").unwrap().unwrap();
    assert_eq!(
        (case.state, case.waiting_for.as_str()),
        (State::Escalado, "nivel2")
    );
    // Closing needs an answer first (the command asks for a reason otherwise).
    let close = |l: &mut Ledger, from: &[State]| {
        l.transition(
            "2001",
            from,
            Some((State::Cerrado, "")),
            "agente",
            "cerrado",
            &[],
            ok,
        )
        .unwrap()
    };
    assert_eq!(
        close(&mut l, &[State::Respondido]),
        Transition::NotAllowed(State::Escalado)
    );
    let mut answer = entry("2001", &[]);
    answer.destination = "solicitante".into();
    l.record(
        &answer,
        false,
        State::Respondido,
        &[
            result("52123456", true, "ana.perez"),
            result("79111222", false, ""),
        ],
        ok,
    )
    .unwrap();
    assert_eq!(
        l.case_row("2001").unwrap().unwrap().state,
        State::Respondido
    );
    // «¿Ya tengo usuario?» by document, e-mail or login.
    for text in ["52.123.456", "ANA@x.co", "ana.perez"] {
        let found = l.search(text).unwrap();
        let person = found[0].person.as_ref().unwrap();
        assert_eq!(person.document, "52123456", "{text}");
        assert_eq!(person.result.as_ref().unwrap().login, "ana.perez", "{text}");
    }
    assert_eq!(l.search("2001").unwrap()[0].case.ticket, "2001");
    assert!(l.search("99999999").unwrap().is_empty());
    assert_eq!(close(&mut l, &[State::Respondido]), Transition::Done);
    // A closed case takes no escalation until it is reopened.
    let again = l
        .record(&entry("2001", &[]), false, State::Escalado, &[], ok)
        .unwrap();
    assert_eq!(again, Recorded::Closed);
    let reopen = l
        .transition(
            "2001",
            &[State::Cerrado],
            Some((State::Reabierto, "nivel1")),
            "agente",
            "el rector llamó de nuevo",
            &[],
            ok,
        )
        .unwrap();
    assert_eq!(reopen, Transition::Done);
    let states: Vec<State> = l.events("2001").unwrap().iter().map(|e| e.state).collect();
    assert_eq!(
        states,
        [
            State::Abierto,
            State::Escalado,
            State::Respondido,
            State::Cerrado,
            State::Reabierto
        ]
    );
    assert_eq!(
        l.transition("9999", &[State::Cerrado], None, "a", "n", &[], ok)
            .unwrap(),
        Transition::NoCase
    );
}

#[test]
fn cases_are_filtered_by_state_type_and_destination() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("h.sqlite3")).unwrap();
    let ok = || Ok::<_, LedgerError>(());
    l.record(&entry("3001", &[]), true, State::Escalado, &[], ok)
        .unwrap();
    let mut dc = entry("3002", &[]);
    dc.destination = "datacenter".into();
    dc.request_type = "conectividad".into();
    l.record(&dc, true, State::Escalado, &[], ok).unwrap();
    let all = l.cases(&CaseFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    let only = |f: CaseFilter| -> Vec<String> {
        l.cases(&f).unwrap().into_iter().map(|c| c.ticket).collect()
    };
    assert_eq!(
        only(CaseFilter {
            waiting_for: Some("datacenter".into()),
            ..CaseFilter::default()
        }),
        ["3002"]
    );
    assert_eq!(
        only(CaseFilter {
            request_type: Some("creacion_usuarios".into()),
            ..CaseFilter::default()
        }),
        ["3001"]
    );
    assert!(
        only(CaseFilter {
            states: vec![State::Cerrado],
            ..CaseFilter::default()
        })
        .is_empty()
    );
    assert!(
        only(CaseFilter {
            since: Some("2999-01-01".into()),
            ..CaseFilter::default()
        })
        .is_empty()
    );
}

/// A ledger written by the first release (fixtures/historial): it opens,
/// migrates in place, keeps every escalation and gets one case per ticket
/// in the state its last escalation left it.
#[test]
fn a_ledger_of_the_first_release_migrates_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/historial/historial_v1.sqlite3");
    std::fs::copy(fixture, &path).unwrap();
    let before = rusqlite::Connection::open(&path).unwrap();
    let version: i32 = before
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
    drop(before);
    for _ in 0..2 {
        let l = Ledger::open(&path).unwrap();
        assert_eq!(l.recent(100).unwrap().len(), 6);
        assert_eq!(l.case("108805").unwrap()[0].users.len(), 3);
        let cases = l.cases(&CaseFilter::default()).unwrap();
        assert_eq!(cases.len(), 6);
        let state = |t: &str| cases.iter().find(|c| c.ticket == t).unwrap().state;
        assert_eq!(state("108805"), State::Escalado);
        assert_eq!(state("108806"), State::Devuelto);
        assert_eq!(l.events("108807").unwrap().len(), 1);
        let version: i32 = l
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema::VERSION);
    }
    // A ledger from a newer sigce is refused, not misread.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Ledger::open(&path).err().unwrap();
    assert!(err.message.contains("versión más nueva"), "{}", err.message);
}
