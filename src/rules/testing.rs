//! Test helpers: a valid baseline row that a test changes field by field.

use crate::diagnostic::Issue;
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::read::sheet::RawCell;

/// A row that passes every rule.
pub const VALID: [(Field, &str); Field::COUNT] = [
    (Field::PrimerNombre, "ANA"),
    (Field::SegundoNombre, "MARIA"),
    (Field::PrimerApellido, "PEREZ"),
    (Field::SegundoApellido, "GOMEZ"),
    (Field::TipoDocumento, "CC"),
    (Field::NumeroDocumento, "1030456789"),
    (Field::Perfil, "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO"),
    (Field::CodigoDane, "105001000019"),
    (Field::Correo, "ana.perez@colegio.edu.co"),
    (Field::Cargo, "DOCENTE"),
    (Field::CorreoAlterno, ""),
    (Field::Telefono, "3101234567"),
];

/// The valid row with some fields replaced (as typed text), normalized.
pub fn row(overrides: &[(Field, &str)]) -> NormalizedRow {
    checked(overrides).0
}

/// Every issue of the valid row with some fields replaced: the cell rules'
/// and every family's, as `check_row` gives them.
pub fn issues(overrides: &[(Field, &str)]) -> Vec<Issue> {
    checked(overrides).1
}

fn checked(overrides: &[(Field, &str)]) -> (NormalizedRow, Vec<Issue>) {
    let cells: Vec<RawCell> = VALID
        .iter()
        .map(|(f, v)| {
            let v = overrides
                .iter()
                .find(|(o, _)| o == f)
                .map_or(*v, |(_, v)| *v);
            if v.is_empty() {
                RawCell::Empty
            } else {
                RawCell::Text(v.to_string())
            }
        })
        .collect();
    let cells: [Option<&RawCell>; Field::COUNT] = std::array::from_fn(|i| Some(&cells[i]));
    super::check_row(2, cells, Settings::default())
}

/// Codes emitted by one rule family's `check` on a row.
pub fn codes(row: &NormalizedRow, check: super::RowCheck) -> Vec<&'static str> {
    let mut issues = Vec::new();
    check(row, &Settings::default(), &mut issues);
    issues.iter().map(|i| i.code()).collect()
}

/// Row 1 of a sheet: the twelve headers, as a form's header row.
pub fn header_row() -> crate::read::sheet::RawRow {
    crate::read::sheet::RawRow {
        number: 1,
        cells: Field::ALL
            .iter()
            .map(|f| RawCell::Text(f.header().to_string()))
            .collect(),
    }
}
