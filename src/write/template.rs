//! The blank form's formats (`sigce plantilla --formato`): the workbook with
//! instructions and validations, or a CSV holding the header row alone. Its
//! own type, apart from the clean file's formats: a format of one is not a
//! format of the other.

use super::template_xlsx;
use crate::field::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    Xlsx,
    Csv,
}

impl TemplateFormat {
    /// Every format, the default first.
    pub const ALL: &'static [TemplateFormat] = &[TemplateFormat::Xlsx, TemplateFormat::Csv];

    /// The value of `--formato`.
    pub fn name(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => "xlsx",
            TemplateFormat::Csv => "csv",
        }
    }

    /// What the value means, in the flag's list of values.
    pub fn label(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => "Libro de Excel (.limpio.xlsx)",
            TemplateFormat::Csv => "CSV UTF-8 separado por comas (.limpio.csv)",
        }
    }

    /// The file written when no name is given.
    pub fn default_file_name(self) -> &'static str {
        match self {
            TemplateFormat::Xlsx => "formato_creacion_usuarios_sigce.xlsx",
            TemplateFormat::Csv => "formato_creacion_usuarios_sigce.csv",
        }
    }

    /// The template's bytes: `ticket` in its cell and `rows` rows prepared
    /// (the workbook), or the header row alone (the CSV). The error is the
    /// writer library's text.
    pub fn build(self, ticket: Option<&str>, rows: u32) -> Result<Vec<u8>, String> {
        match self {
            TemplateFormat::Xlsx => template_xlsx::build(&template_xlsx::Options { ticket, rows })
                .map_err(|e| e.to_string()),
            TemplateFormat::Csv => header_csv().map_err(|e| e.to_string()),
        }
    }
}

/// The header row alone, as the validator expects it.
fn header_csv() -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(Field::ALL.iter().map(|f| f.header()))?;
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
