//! Reports: what a run tells people (terminal) and programs (JSON). Only
//! these modules and `write` produce output.

pub mod cases;
pub mod catalog;
pub mod diagnostic;
pub mod escalation;
pub mod history;
pub mod json;
pub mod text;

use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::error::FileError;
use crate::form::Form;
use crate::read::Input;

/// The outputs of one input, as they are on disk after the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outputs {
    /// Written by this run.
    pub clean: Option<PathBuf>,
    /// Written by this run.
    pub rejections: Option<PathBuf>,
    /// Outputs of an earlier run still on disk because this run wrote none
    /// for the input (its file failed): they stayed as they were.
    pub earlier: Vec<PathBuf>,
    /// The outputs on disk do not belong together (a run was interrupted
    /// between its two renames), and this run did not replace them.
    pub mismatch: Option<String>,
}

/// The result of one input file.
#[derive(Debug)]
pub struct FileResult {
    pub input: Input,
    pub outcome: Result<Form, FileError>,
    pub outputs: Outputs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Accepted,
    Partial,
    Rejected,
    Error,
}

impl FileStatus {
    pub fn key(self) -> &'static str {
        match self {
            FileStatus::Accepted => "accepted",
            FileStatus::Partial => "partial",
            FileStatus::Rejected => "rejected",
            FileStatus::Error => "error",
        }
    }
}

/// Row and issue counts of a form.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub fixes: usize,
}

impl Counts {
    /// «3 filas · 2 aceptadas · 1 rechazada · 0 correcciones · 1 advertencia».
    pub fn said(&self) -> String {
        use crate::spanish::count;
        [
            count(self.rows, "fila", "filas"),
            count(self.accepted, "aceptada", "aceptadas"),
            count(self.rejected, "rechazada", "rechazadas"),
            count(self.fixes, "corrección", "correcciones"),
            count(self.warnings, "advertencia", "advertencias"),
        ]
        .join(" · ")
    }

    pub fn of(form: &Form) -> Counts {
        let sum = |sev: Severity| form.rows.iter().map(|r| r.count(sev)).sum::<usize>();
        Counts {
            rows: form.rows.len(),
            accepted: form.accepted().count(),
            rejected: form.rejected().count(),
            warnings: sum(Severity::Warning),
            fixes: sum(Severity::Fix),
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.rows += other.rows;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.warnings += other.warnings;
        self.fixes += other.fixes;
    }
}

impl FileResult {
    pub fn status(&self) -> FileStatus {
        match &self.outcome {
            Err(_) => FileStatus::Error,
            Ok(form) => {
                let c = Counts::of(form);
                if c.rejected == 0 {
                    FileStatus::Accepted
                } else if c.accepted == 0 {
                    FileStatus::Rejected
                } else {
                    FileStatus::Partial
                }
            }
        }
    }
}

/// 0: every row of every file accepted; 1: some row rejected; 2: some file
/// could not be processed.
pub fn exit_code(results: &[FileResult]) -> u8 {
    let statuses: Vec<FileStatus> = results.iter().map(FileResult::status).collect();
    if statuses.contains(&FileStatus::Error) {
        2
    } else if statuses
        .iter()
        .any(|s| matches!(s, FileStatus::Partial | FileStatus::Rejected))
    {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary said «1 filas · 1 aceptadas · ... · 1 advertencias».
    #[test]
    fn counts_are_said_with_the_words_that_agree_with_them() {
        let one = Counts {
            rows: 1,
            accepted: 1,
            rejected: 0,
            warnings: 1,
            fixes: 1,
        };
        assert_eq!(
            one.said(),
            "1 fila · 1 aceptada · 0 rechazadas · 1 corrección · 1 advertencia"
        );
        let many = Counts {
            rows: 3,
            accepted: 2,
            rejected: 1,
            warnings: 0,
            fixes: 4,
        };
        assert_eq!(
            many.said(),
            "3 filas · 2 aceptadas · 1 rechazada · 4 correcciones · 0 advertencias"
        );
    }
}
