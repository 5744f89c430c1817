//! Cases: one per ticket, from the call to its closure. A case is opened
//! when the interview starts, escalated (to level 2 or the Datacenter) or
//! returned (the form goes back to the institution), answered (the answer
//! to the user is drafted from level 2's list), and closed; a closed case
//! can be reopened. Every change is one transaction with its event in the
//! case's history (when, who, what), and, when it sends an e-mail, the
//! writing of its draft: the state and the file on disk never disagree.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Ledger, LedgerError, unavailable};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Abierto,
    Escalado,
    Devuelto,
    Respondido,
    Cerrado,
    Reabierto,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Abierto,
        State::Escalado,
        State::Devuelto,
        State::Respondido,
        State::Cerrado,
        State::Reabierto,
    ];

    /// The word stored and typed (`--estado escalado`); Spanish, as agents say it.
    pub fn key(self) -> &'static str {
        match self {
            State::Abierto => "abierto",
            State::Escalado => "escalado",
            State::Devuelto => "devuelto",
            State::Respondido => "respondido",
            State::Cerrado => "cerrado",
            State::Reabierto => "reabierto",
        }
    }

    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Every state but closed: the case still waits for someone.
    pub fn is_open(self) -> bool {
        self != State::Cerrado
    }
}

/// Who a case waits for, as stored: the destination's key of its last
/// e-mail, or level 1 itself (the interview is not finished, the answer is
/// drafted but the case not closed, or it was reopened).
pub const LEVEL1: &str = "nivel1";

/// One case as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseRow {
    pub ticket: String,
    pub request_type: String,
    pub caller_name: String,
    pub caller_email: String,
    /// Colombia's local time, `AAAA-MM-DD HH:MM`.
    pub opened_at: String,
    pub state: State,
    /// `nivel1`, `nivel2`, `datacenter`, `solicitante`, or empty once closed.
    pub waiting_for: String,
    /// When it reached its state, local time.
    pub changed_at: String,
}

impl CaseRow {
    /// The local date it reached its state, `AAAA-MM-DD`.
    pub fn changed_on(&self) -> &str {
        self.changed_at.get(..10).unwrap_or(&self.changed_at)
    }

    /// Working days it has been in its state on `today`.
    pub fn age(&self, today: time::Date) -> u32 {
        crate::dates::parse_iso(self.changed_on())
            .map_or(0, |since| crate::dates::working_days_between(since, today))
    }

    /// Whether it waits for level 2 or the Datacenter longer than `limit`
    /// working days: a reminder is due.
    pub fn overdue(&self, today: time::Date, limit: u32) -> bool {
        matches!(self.waiting_for.as_str(), "nivel2" | "datacenter")
            && self.state != State::Cerrado
            && self.age(today) > limit
    }
}

/// One change of a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseEvent {
    /// Local time.
    pub at: String,
    pub state: State,
    pub agent: String,
    pub note: String,
}

/// What `sigce casos` asks for; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub states: Vec<State>,
    pub request_type: Option<String>,
    pub waiting_for: Option<String>,
    /// Cases that reached their state on or after this local date (`AAAA-MM-DD`).
    pub since: Option<String>,
}

/// What a change of state did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Done,
    /// The ledger has no case with that ticket.
    NoCase,
    /// The case is in a state the change does not start from.
    NotAllowed(State),
}

/// One person of a user-creation case as level 2 returned it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PersonResult {
    pub document: String,
    pub email: String,
    pub name: String,
    pub created: bool,
    pub login: String,
    /// Level 2's reason when it was not created.
    pub reason: String,
}

/// A case found by `sigce casos buscar`, and the person it was found by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub case: CaseRow,
    pub person: Option<FoundPerson>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundPerson {
    pub name: String,
    pub document_type: String,
    pub document: String,
    pub email: String,
    /// When it went to level 2 (local time).
    pub sent_at: Option<String>,
    pub result: Option<PersonResult>,
    /// When level 2's answer was recorded (local time).
    pub result_at: Option<String>,
}

/// Local time of a stored UTC timestamp.
fn local(column: &str) -> String {
    format!("strftime('%Y-%m-%d %H:%M', {column}, '-5 hours')")
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

/// A change of state inside an open transaction: the case's row and its
/// event. `opened`: the case's identity, used when it is not there yet.
pub(super) struct Step<'a> {
    pub ticket: &'a str,
    pub state: State,
    pub waiting_for: &'a str,
    pub agent: &'a str,
    pub note: &'a str,
    pub escalation_id: Option<i64>,
}

pub(super) struct Identity<'a> {
    pub request_type: &'a str,
    pub caller_name: &'a str,
    pub caller_email: &'a str,
}

/// The case's state, inside a transaction.
pub(super) fn state_of(conn: &Connection, ticket: &str) -> rusqlite::Result<Option<State>> {
    conn.query_row("SELECT state FROM cases WHERE ticket = ?1", [ticket], |r| {
        r.get::<_, String>(0)
    })
    .optional()
    .map(|s| s.and_then(|s| State::from_key(&s)))
}

/// Moves a case (creating it from `identity` when missing) and records the event.
pub(super) fn apply(
    tx: &Transaction<'_>,
    step: &Step<'_>,
    identity: Option<&Identity<'_>>,
) -> rusqlite::Result<()> {
    if let Some(id) = identity {
        tx.execute(
            &format!(
                "INSERT INTO cases (ticket, request_type, caller_name, caller_email, opened_at, state, waiting_for, changed_at) \
                 VALUES (?1, ?2, ?3, ?4, {NOW}, ?5, ?6, {NOW}) \
                 ON CONFLICT(ticket) DO UPDATE SET state = excluded.state, waiting_for = excluded.waiting_for, changed_at = excluded.changed_at"
            ),
            params![
                step.ticket,
                id.request_type,
                id.caller_name,
                id.caller_email,
                step.state.key(),
                step.waiting_for
            ],
        )?;
    } else {
        tx.execute(
            &format!(
                "UPDATE cases SET state = ?2, waiting_for = ?3, changed_at = {NOW} WHERE ticket = ?1"
            ),
            params![step.ticket, step.state.key(), step.waiting_for],
        )?;
    }
    tx.execute(
        "INSERT INTO case_events (ticket, state, agent, note, escalation_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            step.ticket,
            step.state.key(),
            step.agent,
            step.note,
            step.escalation_id
        ],
    )?;
    Ok(())
}

const CASE_COLUMNS: &str = "c.ticket, c.request_type, c.caller_name, c.caller_email, {opened}, c.state, c.waiting_for, {changed}";

fn case_columns() -> String {
    CASE_COLUMNS
        .replace("{opened}", &local("c.opened_at"))
        .replace("{changed}", &local("c.changed_at"))
}

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRow> {
    let state: String = r.get(5)?;
    Ok(CaseRow {
        ticket: r.get(0)?,
        request_type: r.get(1)?,
        caller_name: r.get(2)?,
        caller_email: r.get(3)?,
        opened_at: r.get(4)?,
        state: State::from_key(&state).unwrap_or(State::Abierto),
        waiting_for: r.get(6)?,
        changed_at: r.get(7)?,
    })
}

impl Ledger {
    /// Opens the case of a ticket when the interview starts; a case that
    /// exists already is left as it is (`false`).
    pub fn open_case(
        &mut self,
        ticket: &str,
        request_type: &str,
        caller: (&str, &str),
        agent: &str,
    ) -> Result<bool, LedgerError> {
        let path = self.path.clone();
        let fail = |e| unavailable(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        if state_of(&tx, ticket).map_err(fail)?.is_some() {
            return Ok(false);
        }
        let step = Step {
            ticket,
            state: State::Abierto,
            waiting_for: LEVEL1,
            agent,
            note: "Caso abierto: comenzó la atención de la llamada.",
            escalation_id: None,
        };
        let identity = Identity {
            request_type,
            caller_name: caller.0,
            caller_email: caller.1,
        };
        apply(&tx, &step, Some(&identity)).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(true)
    }

    /// Moves a case from one of `from` to `to`, with its event; `write`
    /// runs inside the transaction (a reminder's or answer's draft): if it
    /// fails, nothing changes. `to == None` records the event and keeps the
    /// state (a reminder).
    #[allow(clippy::too_many_arguments)]
    pub fn transition<E: From<LedgerError>>(
        &mut self,
        ticket: &str,
        from: &[State],
        to: Option<(State, &str)>,
        agent: &str,
        note: &str,
        results: &[PersonResult],
        write: impl FnOnce() -> Result<(), E>,
    ) -> Result<Transition, E> {
        let path = self.path.clone();
        let fail = |e| unavailable(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let Some(current) = state_of(&tx, ticket).map_err(fail)? else {
            return Ok(Transition::NoCase);
        };
        if !from.contains(&current) {
            return Ok(Transition::NotAllowed(current));
        }
        match to {
            Some((state, waiting_for)) => {
                let step = Step {
                    ticket,
                    state,
                    waiting_for,
                    agent,
                    note,
                    escalation_id: None,
                };
                apply(&tx, &step, None).map_err(fail)?;
            }
            None => {
                tx.execute(
                    "INSERT INTO case_events (ticket, state, agent, note) VALUES (?1, ?2, ?3, ?4)",
                    params![ticket, current.key(), agent, note],
                )
                .map_err(fail)?;
            }
        }
        for p in results {
            tx.execute(
                "INSERT INTO results (ticket, document, email, name, created, login, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![ticket, p.document, p.email, p.name, p.created, p.login, p.reason],
            )
            .map_err(fail)?;
        }
        write()?;
        tx.commit().map_err(fail)?;
        Ok(Transition::Done)
    }

    /// One case.
    pub fn case_row(&self, ticket: &str) -> Result<Option<CaseRow>, LedgerError> {
        let sql = format!("SELECT {} FROM cases c WHERE c.ticket = ?1", case_columns());
        self.conn
            .query_row(&sql, [ticket], case_row)
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// The cases `filter` asks for, the longest waiting first.
    pub fn cases(&self, filter: &CaseFilter) -> Result<Vec<CaseRow>, LedgerError> {
        let mut sql = format!("SELECT {} FROM cases c WHERE 1 = 1", case_columns());
        let mut values: Vec<String> = Vec::new();
        if !filter.states.is_empty() {
            let marks: Vec<String> = filter
                .states
                .iter()
                .map(|s| {
                    values.push(s.key().to_string());
                    format!("?{}", values.len())
                })
                .collect();
            sql.push_str(&format!(" AND c.state IN ({})", marks.join(", ")));
        }
        if let Some(t) = &filter.request_type {
            values.push(t.clone());
            sql.push_str(&format!(" AND c.request_type = ?{}", values.len()));
        }
        if let Some(w) = &filter.waiting_for {
            values.push(w.clone());
            sql.push_str(&format!(" AND c.waiting_for = ?{}", values.len()));
        }
        if let Some(d) = &filter.since {
            values.push(d.clone());
            sql.push_str(&format!(
                " AND strftime('%Y-%m-%d', c.changed_at, '-5 hours') >= ?{}",
                values.len()
            ));
        }
        sql.push_str(" ORDER BY c.changed_at, c.ticket");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.fail(e))?;
        stmt.query_map(rusqlite::params_from_iter(values.iter()), case_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.fail(e))
    }

    /// A case's history, oldest first.
    pub fn events(&self, ticket: &str) -> Result<Vec<CaseEvent>, LedgerError> {
        let sql = format!(
            "SELECT {}, state, agent, note FROM case_events WHERE ticket = ?1 ORDER BY id",
            local("at")
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.fail(e))?;
        stmt.query_map([ticket], |r| {
            let state: String = r.get(1)?;
            Ok(CaseEvent {
                at: r.get(0)?,
                state: State::from_key(&state).unwrap_or(State::Abierto),
                agent: r.get(2)?,
                note: r.get(3)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.fail(e))
    }

    /// The last e-mail of a ticket to `destination`: (recipient, subject,
    /// Message-ID, draft path), to remind in its thread.
    pub fn last_message(
        &self,
        ticket: &str,
        destination: &str,
    ) -> Result<Option<(String, String, String, String)>, LedgerError> {
        self.conn
            .query_row(
                "SELECT recipient, subject, message_id, draft FROM escalations WHERE ticket = ?1 AND destination = ?2 ORDER BY id DESC LIMIT 1",
                [ticket, destination],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Cases by ticket, and people of user-creation cases by document,
    /// e-mail or login: the everyday «¿ya tengo usuario?».
    pub fn search(&self, text: &str) -> Result<Vec<Found>, LedgerError> {
        let text = text.trim();
        let mut found = Vec::new();
        if let Some(case) = self.case_row(text)? {
            found.push(Found { case, person: None });
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let lower = text.to_lowercase();
        let sql = format!(
            "SELECT e.ticket, u.name, u.document_type, u.document, u.email, {} FROM users u JOIN escalations e ON e.id = u.escalation_id \
             WHERE e.destination = 'nivel2' AND (u.document = ?1 OR lower(u.email) = ?2 \
                OR u.document IN (SELECT r.document FROM results r WHERE lower(r.login) = ?2)) \
             ORDER BY e.id",
            local("e.sent_at")
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.fail(e))?;
        let people: Vec<(String, FoundPerson)> = stmt
            .query_map(params![digits, lower], |r| {
                Ok((
                    r.get(0)?,
                    FoundPerson {
                        name: r.get(1)?,
                        document_type: r.get(2)?,
                        document: r.get(3)?,
                        email: r.get(4)?,
                        sent_at: r.get(5)?,
                        result: None,
                        result_at: None,
                    },
                ))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.fail(e))?;
        for (ticket, mut person) in people {
            let result = self
                .conn
                .query_row(
                    &format!(
                        "SELECT document, email, name, created, login, reason, {} FROM results WHERE ticket = ?1 AND document = ?2 ORDER BY rowid DESC LIMIT 1",
                        local("at")
                    ),
                    params![ticket, person.document],
                    |r| {
                        Ok((
                            PersonResult {
                                document: r.get(0)?,
                                email: r.get(1)?,
                                name: r.get(2)?,
                                created: r.get(3)?,
                                login: r.get(4)?,
                                reason: r.get(5)?,
                            },
                            r.get::<_, String>(6)?,
                        ))
                    },
                )
                .optional()
                .map_err(|e| self.fail(e))?;
            if let Some((result, at)) = result {
                person.result = Some(result);
                person.result_at = Some(at);
            }
            if let Some(case) = self.case_row(&ticket)? {
                found.push(Found {
                    case,
                    person: Some(person),
                });
            }
        }
        Ok(found)
    }
}
