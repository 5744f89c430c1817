//! Diagnostics: what every rule code carries (`RuleMeta`, its severity,
//! scope and Spanish documentation) and what the rules emit about a row or a
//! file (`Issue`). Below the readers, the normalizer and the rules, so each
//! can describe a problem without importing the others.

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
        }
    }

    /// An issue of this rule about `field`, with a message quoting the value.
    pub fn issue(&'static self, field: Option<Field>, message: impl Into<String>) -> Issue {
        Issue {
            rule: self,
            field,
            message: message.into(),
            help: None,
            before: None,
            after: None,
        }
    }
}

/// One problem (or automatic change) found in a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub rule: &'static RuleMeta,
    pub field: Option<Field>,
    pub message: String,
    pub help: Option<String>,
    /// For fixes: the value before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A fix: the value of `field` changed from `before` to `after`. Its message
/// is written when a report asks for it, not for every changed cell.
pub fn fix(rule: &'static RuleMeta, field: Field, before: String, after: String) -> Issue {
    Issue {
        rule,
        field: Some(field),
        message: String::new(),
        help: None,
        before: Some(before),
        after: Some(after),
    }
}

impl Issue {
    /// The Spanish message; for fixes, "what changed: «before» → «after»".
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match (&self.before, &self.after) {
            (Some(before), Some(after)) if self.message.is_empty() => {
                std::borrow::Cow::Owned(format!(
                    "{}: {} → {}",
                    // "…correos).: «a»" would read badly: the summary's own
                    // full stop goes before the colon.
                    self.rule.summary.trim_end_matches('.'),
                    quote(before),
                    quote(after)
                ))
            }
            _ => std::borrow::Cow::Borrowed(&self.message),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_change(mut self, before: impl Into<String>, after: impl Into<String>) -> Self {
        self.before = Some(before.into());
        self.after = Some(after.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// `«value»`: how messages quote what the person wrote.
pub fn quote(value: &str) -> String {
    format!("«{value}»")
}
