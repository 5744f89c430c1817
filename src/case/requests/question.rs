//! What `sigce atender` asks for a request type after the identification
//! block, as data: each type lists its questions in its own file; the
//! command draws the prompts and checks the answers as they are typed.

use std::path::PathBuf;

use crate::case::answers::Answer;
use crate::case::{Caller, Case, Details};

/// One question of the interview.
pub struct Question {
    /// Whether to ask it, given the case so far. `fresh`: the interview
    /// started the case (no case file), so optional answers are asked too.
    pub when: fn(case: &Case, fresh: bool) -> bool,
    pub prompt: Prompt,
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
    /// Text judged by `check` (knowing who called) as it is typed; what the
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

/// The last question of the types whose description is optional: asked only
/// in a fresh case, and only while there is no description.
pub const OPTIONAL_DESCRIPTION: Question = Question {
    when: |case, fresh| fresh && case.details.description.is_empty(),
    prompt: Prompt::Text {
        message: "Descripción u observaciones (opcional):",
        hint: "Vacío si no hay",
        mandatory: false,
        store: |d, v| d.description = v,
    },
};
