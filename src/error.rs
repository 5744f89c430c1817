//! File-level errors: a file that cannot be processed. Each carries the code of
//! its rule in the catalogue, a Spanish message and what to do about it.

use std::fmt;

use miette::Diagnostic;

use crate::diagnostic::RuleMeta;

#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub rule: &'static RuleMeta,
    pub message: String,
    pub help: Option<String>,
    /// Reading the sheet as it was being built failed in a way that reading
    /// it whole does not (its cells are out of row order): try that.
    pub read_whole: bool,
}

impl FileError {
    pub fn new(rule: &'static RuleMeta, message: impl Into<String>) -> Self {
        FileError {
            rule,
            message: message.into(),
            help: None,
            read_whole: false,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileError {}

impl Diagnostic for FileError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}
