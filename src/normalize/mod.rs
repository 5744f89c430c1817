//! Normalize: raw cells become field values, and every change is recorded
//! as a fix (rule, field, before, after) as it is made. Pure: it runs no
//! rule. The cell rules (`rules::celda` and the DANE and phone families)
//! decide beforehand which cells cannot be used at all; those are kept as
//! read, marked unusable, and not normalized.

mod cell;
pub mod fixes;
pub mod phone;
mod row;

pub use row::{FieldState, NormalizedRow, normalize_row};
