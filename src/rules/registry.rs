//! The registry of the rule families: every row, cell and batch rule and
//! every automatic fix, in pipeline order. The catalogue of all codes
//! (`crate::codes`) adds the file-level ones around it.

use crate::diagnostic::RuleMeta;

use super::{
    cargo, celda, correo, dane, documento, duplicados, escritura, fila, fixes, historial, nombres,
    obligatorio, perfil, telefono,
};

/// Every rule of the families, in pipeline order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    [
        fixes::ALL,
        celda::ALL,
        fila::ALL,
        obligatorio::ALL,
        escritura::ALL,
        nombres::ALL,
        documento::ALL,
        perfil::ALL,
        dane::ALL,
        correo::ALL,
        telefono::ALL,
        cargo::ALL,
        duplicados::ALL,
        historial::ALL,
    ]
    .into_iter()
    .flatten()
    .copied()
}
