//! What the ledger is asked: whether a ticket already went somewhere, the
//! first sending of a person to level 2, and the escalations of a ticket or
//! the latest ones.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Escalation, LOCAL_TIME, Ledger, LedgerError, SentUser};
use crate::rules::batch::historial::{Column, Earlier, Lookup};

/// The last time `ticket` was escalated to `destination`, on `conn` (the
/// ledger's connection or a transaction open on it).
pub(super) fn last_sent(
    conn: &Connection,
    ticket: &str,
    destination: &str,
) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        &format!(
            "SELECT {LOCAL_TIME} FROM escalations e WHERE e.ticket = ?1 AND e.destination = ?2 ORDER BY e.id DESC LIMIT 1"
        ),
        params![ticket, destination],
        |r| r.get(0),
    )
    .optional()
}

impl Ledger {
    /// The last time `ticket` was escalated to `destination`.
    pub fn previous(&self, ticket: &str, destination: &str) -> Result<Option<String>, LedgerError> {
        last_sent(&self.conn, ticket, destination).map_err(|e| self.fail(e))
    }

    /// The first sending to level 2 of a user with this document (or e-mail).
    pub fn earlier(&self, column: Column, value: &str) -> Result<Option<Earlier>, LedgerError> {
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

    /// Every escalation of a ticket, oldest first, with its users.
    pub fn case(&self, ticket: &str) -> Result<Vec<Escalation>, LedgerError> {
        self.select("WHERE e.ticket = ?1 ORDER BY e.id", [ticket])
    }

    /// The last `n` escalations, newest first.
    pub fn recent(&self, n: u32) -> Result<Vec<Escalation>, LedgerError> {
        self.select("ORDER BY e.id DESC LIMIT ?1", [n.to_string()])
    }

    fn select<P: rusqlite::Params>(
        &self,
        tail: &str,
        p: P,
    ) -> Result<Vec<Escalation>, LedgerError> {
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
                        // A ledger read without migrating may not have them.
                        message_id: String::new(),
                        agent: String::new(),
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

/// The batch rules ask the ledger through their own trait; an error that
/// stops the lookup comes back as its Spanish message.
impl Lookup for Ledger {
    fn earlier(&self, column: Column, value: &str) -> Result<Option<Earlier>, String> {
        Ledger::earlier(self, column, value).map_err(|e| e.message)
    }
}
