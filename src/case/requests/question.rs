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
