//! The registry of the rule families: every row, cell and batch rule and
//! every automatic fix, in pipeline order, each family with its codes and,
//! for row rules, its check. `check_row` runs the checks of this table and
//! the catalogue of all codes (`crate::codes`) lists its codes, so adding a
//! family is one line here.

use super::batch::{duplicados, historial};
use super::{
    RowCheck, cargo, celda, correo, dane, documento, escritura, fila, nombres, obligatorio, perfil,
    pie, telefono,
};
use crate::diagnostic::RuleMeta;
use crate::normalize::fixes;

/// A family of rules: its name (its module), the codes it emits and, when
/// it checks one normalized row at a time, its check.
pub struct Family {
    pub name: &'static str,
    pub rules: &'static [&'static RuleMeta],
    pub check: Option<RowCheck>,
}

const fn family(
    name: &'static str,
    rules: &'static [&'static RuleMeta],
    check: Option<RowCheck>,
) -> Family {
    Family { name, rules, check }
}

/// Every family, in pipeline order: the normalizer's fixes, the cell rules,
/// the row rules, the batch rules. A family without a check is run by the
/// stage that emits it (the fixes by the normalizer, the row-shape rules by
/// the pipeline, writing rules by the families that quote text, the batch
/// rules over every row of a run).
pub static FAMILIES: &[Family] = &[
    family("fixes", fixes::ALL, None),
    family("celda", celda::ALL, Some(celda::check_length)),
    family("fila", fila::ALL, None),
    family("pie", pie::ALL, None),
    family("obligatorio", obligatorio::ALL, Some(obligatorio::check)),
    family("escritura", escritura::ALL, None),
    family("nombres", nombres::ALL, Some(nombres::check)),
    family("documento", documento::ALL, Some(documento::check)),
    family("perfil", perfil::ALL, Some(perfil::check)),
    family("dane", dane::ALL, Some(dane::check)),
    family("correo", correo::ALL, Some(correo::check)),
    family("telefono", telefono::ALL, Some(telefono::check)),
    family("cargo", cargo::ALL, Some(cargo::check)),
    family("duplicados", duplicados::ALL, None),
    family("historial", historial::ALL, None),
];

/// Every rule of the families, in pipeline order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    FAMILIES.iter().flat_map(|f| f.rules.iter().copied())
}
