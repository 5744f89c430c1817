//! Batch rules: what only shows across the rows of a whole run, never in
//! one row alone — the same person twice (`duplicados`) and a person already
//! sent in an earlier case (`historial`, asked through `historial::Lookup`,
//! which the ledger implements).

pub mod duplicados;
pub mod historial;
