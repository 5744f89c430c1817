//! What `sigce atender` asks for a request type after the identification
//! block, as data: each type lists its questions in its own file; a front
//! end draws the prompts, checks each answer when it is given and stores it
//! (`case::progress` says which questions are still to ask).

use std::path::PathBuf;

use crate::case::answers::Answer;
use crate::case::{Caller, Case, Details, Slot};

/// One question of the interview.
pub struct Question {
    /// The key of `[solicitud]` its answer goes to (one of `file::DETAIL_KEYS`).
    pub key: &'static str,
    /// Whether the case still lacks a usable answer to it (nothing there,
    /// or something the checklist would refuse). An optional question
    /// answered empty is not asked again: `progress::pending` decides.
    pub unanswered: fn(case: &Case) -> bool,
    pub prompt: Prompt,
}

impl Question {
    /// Whether an empty answer is accepted.
    pub fn optional(&self) -> bool {
        match self.prompt {
            Prompt::Text { mandatory, .. } => !mandatory,
            Prompt::Files { min, .. } => min == 0,
            Prompt::Checked { .. } | Prompt::Choice { .. } => false,
        }
    }

    /// The slot of the case file it fills.
    pub fn slot(&self) -> Slot {
        Slot::Detail(self.key)
    }
}

impl PartialEq for Question {
    fn eq(&self, other: &Question) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Question {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Question({})", self.key)
    }
}

/// How a question is asked, and where its answer goes.
pub enum Prompt {
    /// Free text, trimmed; `mandatory` refuses an empty answer.
    Text {
        message: &'static str,
        hint: &'static str,
        mandatory: bool,
        store: fn(&mut Details, String),
    },
    /// Text judged by `check` (knowing who called) on Enter; what the
    /// check keeps is stored.
    Checked {
        message: &'static str,
        hint: &'static str,
        check: fn(&Caller, &str) -> Answer,
        store: fn(&mut Details, String),
    },
    /// One of `options()`.
    Choice {
        message: &'static str,
        options: fn() -> Vec<&'static str>,
        store: fn(&mut Details, &str),
    },
    /// Files, one per answer, until an empty answer; at least `min`.
    Files {
        message: &'static str,
        hint: &'static str,
        min: usize,
        store: fn(&mut Details, Vec<PathBuf>),
    },
}

/// Why an empty answer to a mandatory question is refused.
pub const MANDATORY: &str = "Este dato es obligatorio.";

impl Prompt {
    /// Judges one typed answer as the interview does before taking it: a
    /// mandatory text must not be empty, a checked text passes its check,
    /// a choice is one of its options (by its label). What is returned is
    /// the value to store. Files are not typed answers: `Err`.
    pub fn check(&self, caller: &Caller, value: &str) -> Answer {
        match *self {
            Prompt::Text { mandatory, .. } => {
                let value = value.trim();
                if mandatory && value.is_empty() {
                    Err(MANDATORY.to_string())
                } else {
                    Ok(value.to_string())
                }
            }
            Prompt::Checked { check, .. } => check(caller, value),
            Prompt::Choice { options, .. } => {
                let options = options();
                options
                    .iter()
                    .find(|o| **o == value.trim())
                    .map(|o| (*o).to_string())
                    .ok_or_else(|| format!("Elija una de: {}.", options.join(", ")))
            }
            Prompt::Files { .. } => Err("Este dato es una lista de archivos.".to_string()),
        }
    }

    /// Stores an answer `check` accepted. Files come with their paths
    /// (`Prompt::Files`' own `store`), not as a typed answer: nothing here.
    pub fn store(&self, details: &mut Details, value: &str) {
        match *self {
            Prompt::Text { store, .. } | Prompt::Checked { store, .. } => {
                store(details, value.to_string())
            }
            Prompt::Choice { store, .. } => store(details, value),
            Prompt::Files { .. } => {}
        }
    }

    /// Leaves its answer empty.
    pub fn clear(&self, details: &mut Details) {
        match *self {
            Prompt::Files { store, .. } => store(details, Vec::new()),
            _ => self.store(details, ""),
        }
    }

    /// What the agent is asked, and its hint.
    pub fn message(&self) -> (&'static str, &'static str) {
        match *self {
            Prompt::Text { message, hint, .. }
            | Prompt::Checked { message, hint, .. }
            | Prompt::Files { message, hint, .. } => (message, hint),
            Prompt::Choice { message, .. } => (message, ""),
        }
    }
}

/// The last question of the types whose description is optional: asked
/// while there is no description and it was not answered empty.
pub const OPTIONAL_DESCRIPTION: Question = Question {
    key: "descripcion",
    unanswered: |case| case.details.description.trim().is_empty(),
    prompt: Prompt::Text {
        message: "Descripción u observaciones (opcional):",
        hint: "Vacío si no hay",
        mandatory: false,
        store: |d, v| d.description = v,
    },
};
