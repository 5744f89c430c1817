//! Rules: the checks, one module per family of rules, and the registry of
//! every code.
//!
//! A rule is a `RuleMeta` constant (`crate::diagnostic`) (stable code, severity, field, Spanish summary)
//! declared beside the function that checks it. `registry::ALL` lists every one,
//! so the catalogue, the reports and the tests read from a single table.

pub mod cargo;
pub mod celda;
pub mod correo;
pub mod dane;
pub mod documento;
pub mod duplicados;
pub mod escritura;
pub mod fila;
pub mod fixes;
pub mod historial;
pub mod nombres;
pub mod obligatorio;
pub mod perfil;
pub mod registry;
pub mod telefono;
#[cfg(test)]
pub mod testing;

use crate::diagnostic::Issue;
use crate::normalize::NormalizedRow;

/// Options that change what the rules accept.
#[derive(Debug, Clone, Copy)]
pub struct RuleOptions {
    /// Keep accents other than Ñ (`--conservar-tildes` or the policy file).
    pub keep_accents: bool,
    /// The policy file's additions (aliases, e-mail providers).
    pub policy: &'static crate::policy::Policy,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            keep_accents: false,
            policy: crate::policy::Policy::built_in(),
        }
    }
}

/// Runs every row rule on one normalized row, in a fixed order, and returns
/// its issues: why cells are unusable (moved out of the row, not copied),
/// then the rules' findings. The normalizer's fixes are not among them: the
/// row counts them and `NormalizedRow::fixes` makes them again when needed.
pub fn check_row(row: &mut NormalizedRow, opts: RuleOptions) -> Vec<Issue> {
    let mut issues = std::mem::take(&mut row.cell_issues);
    let row = &*row;
    celda::check_length(row, &mut issues);
    obligatorio::check(row, &mut issues);
    nombres::check(row, &mut issues);
    documento::check(row, &mut issues);
    perfil::check(row, &mut issues);
    dane::check(row, &mut issues);
    correo::check(row, opts.policy, &mut issues);
    telefono::check(row, &mut issues);
    cargo::check(row, &mut issues);
    issues
}
