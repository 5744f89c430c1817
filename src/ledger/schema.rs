//! The ledger's schema and its versions. `PRAGMA user_version` says which
//! migrations a file has had; opening it for writing applies the missing
//! ones in order, all in one immediate transaction, so a ledger is at its
//! old version or at the new one, never in between, and keeps every row.
//! A ledger newer than this program is refused rather than misread.
//!
//! Version 1 is the ledger of escalations (`escalations`, `users`), which
//! files of the first release have with `user_version` 0. Version 2 adds
//! cases: one row per ticket with its state (`cases`), the history of its
//! changes (`case_events`), each person's result as level 2 returned it
//! (`results`), and the Message-ID of each e-mail, to answer in its thread.
//! Every escalation already recorded becomes a case in the state its last
//! escalation left it.

use rusqlite::{Connection, TransactionBehavior};

/// The version this program writes.
pub(super) const VERSION: i32 = 2;

const V1: &str = "
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

const V2: &str = "
ALTER TABLE escalations ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
CREATE TABLE cases (
    ticket TEXT PRIMARY KEY,
    request_type TEXT NOT NULL,
    caller_name TEXT NOT NULL,
    caller_email TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    state TEXT NOT NULL,
    waiting_for TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY,
    ticket TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    state TEXT NOT NULL,
    agent TEXT NOT NULL,
    note TEXT NOT NULL,
    escalation_id INTEGER REFERENCES escalations(id)
);
CREATE INDEX case_events_ticket ON case_events(ticket);
CREATE TABLE results (
    ticket TEXT NOT NULL,
    document TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    created INTEGER NOT NULL,
    login TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX results_ticket ON results(ticket);
CREATE INDEX results_document ON results(document);
CREATE INDEX results_login ON results(login);

INSERT INTO cases (ticket, request_type, caller_name, caller_email, opened_at, state, waiting_for, changed_at)
SELECT e.ticket, e.request_type, e.caller_name, e.caller_email,
       (SELECT min(f.sent_at) FROM escalations f WHERE f.ticket = e.ticket),
       CASE e.destination WHEN 'solicitante' THEN 'devuelto' ELSE 'escalado' END,
       e.destination, e.sent_at
FROM escalations e
WHERE e.id = (SELECT max(g.id) FROM escalations g WHERE g.ticket = e.ticket);

INSERT INTO case_events (ticket, at, state, agent, note, escalation_id)
SELECT ticket, sent_at,
       CASE destination WHEN 'solicitante' THEN 'devuelto' ELSE 'escalado' END,
       '',
       CASE destination
           WHEN 'nivel2' THEN 'Escalado a nivel 2'
           WHEN 'datacenter' THEN 'Escalado al Datacenter'
           ELSE 'Formato devuelto a la institución'
       END || ' (registrado antes de que el historial llevara casos).',
       id
FROM escalations ORDER BY id;
";

/// Each version and the statements that bring a ledger to it.
const MIGRATIONS: &[(i32, &str)] = &[(1, V1), (2, V2)];

/// What opening found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Migrated {
    Current,
    /// Written by a newer program: its version.
    Newer(i32),
}

/// Brings the ledger to `VERSION`, in one transaction.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut version: i32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > VERSION {
        return Ok(Migrated::Newer(version));
    }
    // A file of the first release has the escalations' tables but version 0.
    if version == 0 && has_table(&tx, "escalations")? {
        version = 1;
    }
    let from = version;
    for (to, statements) in MIGRATIONS.iter().filter(|(to, _)| *to > from) {
        tx.execute_batch(statements)?;
        version = *to;
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    Ok(Migrated::Current)
}

fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}
