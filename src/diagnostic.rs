//! Diagnostics: what every rule code carries (`RuleMeta`, its severity,
//! scope and Spanish documentation) and what the rules emit about a row or a
//! file (`Issue`). Below the readers, the normalizer and the rules, so each
//! can describe a problem without importing the others.

use std::borrow::Cow;

use crate::field::Field;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The value was changed automatically; the row is not rejected for it.
    Fix,
    /// Probably wrong; the row is accepted but someone should look.
    Warning,
    /// The row (or the file) cannot be received.
    Error,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Fix => "fix",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Spanish name, for people.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Fix => "corrección",
            Severity::Warning => "advertencia",
            Severity::Error => "error",
        }
    }
}

/// Where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The whole file (cannot be read, header problems, ticket).
    File,
    /// One row, possibly across several of its fields.
    Row,
    /// Several rows of the run (duplicates).
    Batch,
}

/// The permanent description of one rule. Codes are never reused or renamed.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// The field it looks at, when it is about one field.
    pub field: Option<Field>,
    /// One line, in Spanish.
    pub summary: &'static str,
    /// The long explanation `sigce reglas CODIGO` shows.
    pub doc: RuleDoc,
    /// What the blank form's instructions tell a school about this rule
    /// (the summary speaks to the help desk). `None`: the instructions do not
    /// mention it (it is about the help desk's files or runs, or another
    /// sentence already says it).
    pub school: Option<ForSchool>,
}

/// A rule as the blank form's instructions tell it to a school secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForSchool {
    /// One sentence saying how to fill the cell right, in the school's words.
    pub sentence: &'static str,
    /// The column it is told under when that is not the rule's own field
    /// (a rule of several fields told under the one it is mostly about).
    pub column: Option<Field>,
}

impl ForSchool {
    /// Told under the rule's own field, or with the lines for the whole
    /// sheet when the rule has none.
    pub const fn new(sentence: &'static str) -> ForSchool {
        ForSchool {
            sentence,
            column: None,
        }
    }

    /// Told under `column`.
    pub const fn under(column: Field, sentence: &'static str) -> ForSchool {
        ForSchool {
            sentence,
            column: Some(column),
        }
    }
}

/// The long explanation of a rule, in Spanish.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// Why the rule exists, quoting the help-desk procedure where it comes from.
    pub why: &'static str,
    /// A value (or situation) that breaks the rule.
    pub bad: &'static str,
    /// The same, done right.
    pub good: &'static str,
    /// What the person must do (for fixes: nothing).
    pub todo: &'static str,
}

impl RuleMeta {
    /// The one constructor the families' short helpers delegate to.
    pub const fn new(
        code: &'static str,
        severity: Severity,
        scope: Scope,
        field: Option<Field>,
        summary: &'static str,
        doc: RuleDoc,
    ) -> RuleMeta {
        RuleMeta {
            code,
            severity,
            scope,
            field,
            summary,
            doc,
            school: None,
        }
    }

    /// The same rule with the sentence the blank form's instructions tell a
    /// school (`RuleMeta::school`).
    pub const fn for_school(self, sentence: &'static str) -> RuleMeta {
        RuleMeta {
            school: Some(ForSchool::new(sentence)),
            ..self
        }
    }

    /// The column the instructions tell this rule under: the one its school
    /// sentence names, else its own field; `None` for a line about the
    /// whole sheet, or for a rule the instructions do not tell.
    pub fn school_column(&self) -> Option<Field> {
        self.school.and_then(|s| s.column.or(self.field))
    }

    /// A row rule about one field.
    pub const fn about(
        code: &'static str,
        severity: Severity,
        field: Field,
        summary: &'static str,
        doc: RuleDoc,
    ) -> RuleMeta {
        RuleMeta::new(code, severity, Scope::Row, Some(field), summary, doc)
    }

    /// An automatic fix of the normalizer, of one field or (`None`) of any.
    pub const fn fix(
        code: &'static str,
        field: Option<Field>,
        summary: &'static str,
        doc: RuleDoc,
    ) -> RuleMeta {
        RuleMeta::new(code, Severity::Fix, Scope::Row, field, summary, doc)
    }

    /// An issue of this rule about `field`, with a message quoting the value.
    pub fn issue(&'static self, field: Option<Field>, message: impl Into<String>) -> Issue {
        Issue {
            rule: self,
            field,
            message: message.into(),
            help: None,
        }
    }
}

/// One problem (or automatic change) found in a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub rule: &'static RuleMeta,
    pub field: Option<Field>,
    pub message: String,
    /// What to do. Most rules say it in a fixed sentence, kept borrowed: a
    /// bad batch holds an issue for most of its rows.
    pub help: Option<Cow<'static, str>>,
}

impl Issue {
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// An automatic change of one cell, recorded by the normalizer as it made
/// it: which rule, on which field, the value before and after. Apart from
/// `Issue`: a fix is no problem of the row, and its message is made from
/// its texts only when a report shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix<'a> {
    pub rule: &'static RuleMeta,
    pub field: Field,
    pub before: &'a str,
    pub after: &'a str,
}

impl Fix<'_> {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// "What changed: «before» → «after»", in Spanish.
    pub fn text(&self) -> String {
        format!(
            "{}: {} → {}",
            // "…correos).: «a»" would read badly: the summary's own full
            // stop goes before the colon.
            self.rule.summary.trim_end_matches('.'),
            quote(self.before),
            quote(self.after)
        )
    }
}

/// `«value»`: how messages quote what the person wrote.
pub fn quote(value: &str) -> String {
    format!("«{value}»")
}

/// A change of one cell made by hand, not by a rule: on the help desk's
/// page, with the person who sent the form on the phone. The other kind of
/// correction beside `Fix`: it has no code (no rule made it), and the
/// reports keep it apart from the automatic ones. `before` is what the cell
/// held when it was changed (what the school wrote, or an earlier manual
/// change), `after` what was typed, `at` when (`dates::now_utc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualFix {
    /// The row number a person sees.
    pub row: u32,
    /// The sheet of the row (`None` for CSV).
    pub sheet: Option<String>,
    pub field: Field,
    pub before: String,
    pub after: String,
    pub at: String,
}

impl ManualFix {
    /// What people read: "Corregido a mano el 2026-03-02 10:32: «a» → «b»".
    pub fn text(&self) -> String {
        let when = crate::dates::local_minute(&self.at).unwrap_or_else(|| self.at.clone());
        format!(
            "Corregido a mano el {when}: {} → {}",
            quote(&self.before),
            quote(&self.after)
        )
    }
}
