//! The columns of the «Rechazos» sheet and how wide each prints: the sheet
//! (when the form had several), the row number, the form's twelve columns,
//! the school's own columns after them, and the review's observations.
//!
//! Widths are chosen for the printed page, not for the longest value: a
//! school prints this file, and a page fit to one width is only readable
//! when no column is wider than it needs. Long values wrap instead, and each
//! row is given the height its wrapped cells take (`write::wrap`), since not
//! every program fits heights on opening.

use crate::field::Field;
use crate::form::Form;

/// The review's own columns. A school returns the file corrected, and the
/// header reader knows these titles as annotations (`headers::ANNOTATION_KEYS`):
/// they never count as the school's data.
pub const SHEET: &str = "HOJA";
pub const ROW: &str = "FILA";
pub const OBSERVATIONS: &str = "OBSERVACIONES DE LA REVISIÓN";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Sheet,
    Row,
    Field(Field),
    /// The school's own column, by index in `Layout::school`.
    School(usize),
    Observations,
}

pub(super) struct Layout {
    pub columns: Vec<Column>,
    /// Titles of the school's own columns, in the order first seen.
    pub school: Vec<String>,
    pub widths: Vec<usize>,
}

impl Layout {
    pub fn of(form: &Form) -> Layout {
        let mut columns = Vec::new();
        if form.has_many_sheets() {
            columns.push(Column::Sheet);
        }
        columns.push(Column::Row);
        columns.extend(Field::ALL.iter().map(|f| Column::Field(*f)));
        let school = school_titles(form);
        columns.extend((0..school.len()).map(Column::School));
        columns.push(Column::Observations);
        let mut layout = Layout {
            columns,
            school,
            widths: Vec::new(),
        };
        layout.widths = layout.measure(form);
        layout
    }

    pub fn title(&self, column: Column) -> &str {
        match column {
            Column::Sheet => SHEET,
            Column::Row => ROW,
            Column::Field(f) => f.header(),
            Column::School(i) => &self.school[i],
            Column::Observations => OBSERVATIONS,
        }
    }

    pub fn index(&self, column: Column) -> u16 {
        self.columns.iter().position(|c| *c == column).unwrap_or(0) as u16
    }

    pub fn last(&self) -> u16 {
        self.columns.len().saturating_sub(1) as u16
    }

    /// Each column as wide as its values, within the range its kind prints
    /// well in, and never narrower than the longest word of its title (a
    /// title wraps between words, never inside one).
    fn measure(&self, form: &Form) -> Vec<usize> {
        let mut widest = vec![0usize; self.columns.len()];
        let school_at = |name: &str| self.school.iter().position(|s| s == name);
        for row in form.rejected() {
            for (i, column) in self.columns.iter().enumerate() {
                let n = match column {
                    Column::Sheet => form.sheet_of(row).map_or(0, |s| s.chars().count()),
                    Column::Row => row.row.number.to_string().len(),
                    Column::Field(f @ (Field::Correo | Field::CorreoAlterno)) => {
                        // Lowercase letters take about 4/5 of a unit.
                        row.row.original(*f).chars().count() * 4 / 5 + 1
                    }
                    Column::Field(f) => row.row.original(*f).chars().count(),
                    Column::School(_) | Column::Observations => continue,
                };
                widest[i] = widest[i].max(n);
            }
            let header = &form.section_of(row).header;
            for (col, value) in row.extra.iter() {
                let title = header.other_column_name(usize::from(*col)).unwrap_or("");
                if let Some(s) = school_at(title) {
                    let i = usize::from(self.index(Column::School(s)));
                    widest[i] = widest[i].max(value.chars().count());
                }
            }
        }
        self.columns
            .iter()
            .zip(widest)
            .map(|(column, n)| {
                let (min, max) = range(*column);
                let word = longest_word(self.title(*column));
                n.clamp(min, max).max(word + 1)
            })
            .collect()
    }
}

/// The narrowest and widest a column of each kind prints, in characters.
fn range(column: Column) -> (usize, usize) {
    match column {
        Column::Sheet => (6, 14),
        Column::Row => (5, 6),
        Column::Field(Field::TipoDocumento) => (5, 10),
        Column::Field(Field::NumeroDocumento | Field::CodigoDane) => (11, 14),
        Column::Field(Field::Telefono) => (10, 13),
        Column::Field(Field::Correo | Field::CorreoAlterno) => (12, 24),
        Column::Field(Field::Perfil) => (12, 16),
        Column::Field(Field::Cargo) => (10, 16),
        Column::Field(_) => (9, 14),
        Column::School(_) => (8, 16),
        Column::Observations => (36, 36),
    }
}

fn longest_word(title: &str) -> usize {
    title
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// The school's own columns of every section, by title, in the order first
/// seen: two sheets with a SEDE column share one SEDE column here.
fn school_titles(form: &Form) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    for section in &form.sections {
        let header = &section.header;
        for (col, name) in &header.other_columns {
            if header.is_school_column(*col) && !titles.iter().any(|t| t == name) {
                titles.push(name.clone());
            }
        }
    }
    // A column nobody wrote in is left out: it is noise on a printed page.
    titles.retain(|title| {
        form.rejected().any(|row| {
            let header = &form.section_of(row).header;
            row.extra
                .iter()
                .any(|(col, _)| header.other_column_name(usize::from(*col)) == Some(title))
        })
    });
    titles
}
