//! Rules: the checks, one module per family of rules, and the registry of
//! every code.
//!
//! A rule is a `RuleMeta` constant (`crate::diagnostic`: stable code,
//! severity, field, Spanish summary and explanation) declared beside the
//! function that checks it. `registry::FAMILIES` lists every family with its
//! check and its codes: `check_row` runs them from there, and the catalogue
//! (`crate::codes`) lists their codes from there.

pub mod batch;
pub mod cargo;
pub mod celda;
pub mod correo;
pub mod dane;
pub mod documento;
pub mod escritura;
pub mod fila;
pub mod nombres;
pub mod obligatorio;
pub mod perfil;
pub mod pie;
pub mod registry;
pub mod telefono;
#[cfg(test)]
pub mod testing;

use crate::diagnostic::Issue;
use crate::field::Field;
use crate::normalize::{NormalizedRow, normalize_row};
use crate::policy::Settings;
use crate::read::sheet::RawCell;

/// The one signature of a family of row rules: the normalized row, the
/// run's settings, and where to push what it finds.
pub type RowCheck = fn(&NormalizedRow, &Settings, &mut Vec<Issue>);

/// One row through the rules: the cell rules refuse the cells that cannot
/// be used at all, the normalizer makes the values of the others (and
/// records its fixes in the row), then every family of the registry checks
/// the row, in the registry's order. The issues come in that order too:
/// why cells were refused, then the families' findings.
pub fn check_row(
    number: u32,
    cells: [Option<&RawCell>; Field::COUNT],
    settings: Settings,
) -> (NormalizedRow, Vec<Issue>) {
    let mut issues = Vec::new();
    let refused = celda::refuse(&cells, &mut issues);
    let row = normalize_row(number, cells, refused, settings);
    for check in registry::FAMILIES.iter().filter_map(|f| f.check) {
        check(&row, &settings, &mut issues);
    }
    (row, issues)
}
