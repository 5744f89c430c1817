//! The clean file's formats behind one type. Each format is a file of this
//! folder with its writer and one `CleanFormatSpec` (extension, label, how
//! it pairs with the rejection workbook); `FORMATS` lists them. The flag,
//! the output names, the stale-output check and the writers all read the
//! table, so adding a format is one file here and one line in `FORMATS`.

pub mod csv;
pub mod csv_excel;
pub mod xlsx;

use std::path::Path;

use super::stamp::{Partner, Stamp};
use crate::form::Form;

/// Every clean-file format, the default first.
const FORMATS: &[CleanFormat] = &[
    CleanFormat::named_by_extension(&xlsx::SPEC),
    CleanFormat::named_by_extension(&csv::SPEC),
    CleanFormat {
        spec: &csv_excel::SPEC,
        ending: csv_excel::ENDING,
    },
];

/// What the commands know of one clean-file format.
pub struct CleanFormatSpec {
    /// The value of `--formato`; also the file's extension
    /// (`<stem>.limpio.<extension>`) unless its row of `FORMATS` names
    /// another ending (a format whose value is not an extension).
    pub extension: &'static str,
    /// What the value means, in the flag's list of values.
    pub label: &'static str,
    pub pairing: Pairing,
    /// Writes the clean file into its staged file; returns what the
    /// rejection workbook's stamp records of it.
    pub write: fn(&Form, &mut std::fs::File, &Context<'_>) -> std::io::Result<Partner>,
}

/// How a clean file is paired with the rejection workbook of its run.
#[derive(Debug, Clone, Copy)]
pub enum Pairing {
    /// A workbook that carries the run's stamp: it is told as ours by it, and
    /// the rejection workbook can be written at the same time.
    Stamped,
    /// A text file with no room for a stamp: the rejection workbook records
    /// its hash (so it is written after), and it is told as ours by the
    /// first bytes `signature` gives.
    Hashed { signature: fn() -> String },
}

/// What a writer is given besides the form.
pub struct Context<'a> {
    /// The run's stamp (a stamped format carries it).
    pub stamp: &'a Stamp,
    /// A core is spare: a writer may fill its parts at the same time.
    pub side_by_side: bool,
}

/// One clean-file format (a row of `FORMATS`).
#[derive(Clone, Copy)]
pub struct CleanFormat {
    spec: &'static CleanFormatSpec,
    /// What the file's name ends with after `<stem>.limpio.`.
    ending: &'static str,
}

impl CleanFormat {
    /// The Excel workbook, the default.
    pub const XLSX: CleanFormat = FORMATS[0];

    /// A format whose file ends in `.limpio.<its --formato value>`.
    const fn named_by_extension(spec: &'static CleanFormatSpec) -> CleanFormat {
        CleanFormat {
            spec,
            ending: spec.extension,
        }
    }

    /// Every format, in the order the flag lists them.
    pub fn all() -> &'static [CleanFormat] {
        FORMATS
    }

    /// The format whose ending `path`'s name has (any case); the longest
    /// ending wins (`a.limpio.excel.csv` is `csv-excel`, not `csv`).
    pub fn of_path(path: &Path) -> Option<CleanFormat> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        FORMATS
            .iter()
            .copied()
            .filter(|f| {
                name.strip_suffix(f.ending())
                    .is_some_and(|rest| rest.ends_with('.'))
            })
            .max_by_key(|f| f.ending().len())
    }

    /// The value of `--formato`.
    pub fn value(self) -> &'static str {
        self.spec.extension
    }

    /// What the clean file's name ends with: `<stem>.limpio.<ending>`.
    pub fn ending(self) -> &'static str {
        self.ending
    }

    pub fn label(self) -> &'static str {
        self.spec.label
    }

    pub fn pairing(self) -> Pairing {
        self.spec.pairing
    }

    /// The first bytes of every file of this format written here, for a
    /// format that has no stamp to tell it by.
    pub fn signature(self) -> Option<String> {
        match self.spec.pairing {
            Pairing::Stamped => None,
            Pairing::Hashed { signature } => Some(signature()),
        }
    }

    /// The other formats: a clean file of one of them beside this run's is
    /// an earlier run's, stale.
    pub fn others(self) -> impl Iterator<Item = CleanFormat> {
        FORMATS.iter().copied().filter(move |f| *f != self)
    }

    /// Writes the clean file of `form` into `file`.
    pub fn write(
        self,
        form: &Form,
        file: &mut std::fs::File,
        context: &Context<'_>,
    ) -> std::io::Result<Partner> {
        (self.spec.write)(form, file, context)
    }
}

impl PartialEq for CleanFormat {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

impl Eq for CleanFormat {}

impl std::fmt::Debug for CleanFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CleanFormat({})", self.value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_unique_and_found_in_any_case() {
        let mut seen = std::collections::HashSet::new();
        for format in CleanFormat::all() {
            assert!(seen.insert(format.value()), "{format:?}");
            let upper = format!("a.limpio.{}", format.ending().to_uppercase());
            assert_eq!(CleanFormat::of_path(Path::new(&upper)), Some(*format));
            assert_eq!(format.others().count(), CleanFormat::all().len() - 1);
        }
        assert_eq!(CleanFormat::of_path(Path::new("a.pdf")), None);
    }

    #[test]
    fn a_file_whose_ending_contains_another_is_the_longer_one() {
        let excel = CleanFormat::of_path(Path::new("x/a.limpio.excel.csv")).unwrap();
        assert_eq!(excel.value(), "csv-excel");
        let plain = CleanFormat::of_path(Path::new("x/a.limpio.csv")).unwrap();
        assert_eq!(plain.value(), "csv");
        // An ending is a whole part of the name.
        assert_eq!(CleanFormat::of_path(Path::new("a.limpioxlsx")), None);
    }
}
