//! Row-level rules that are not about one field: the shape of the row itself,
//! and the strict mode that refuses a whole form.

use super::{RuleMeta, Scope, Severity};

pub static FILA_IRREGULAR: RuleMeta = RuleMeta {
    code: "FILA_IRREGULAR",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "La fila del CSV tiene un número de columnas distinto al del encabezado: los valores pueden estar corridos.",
};

pub static FORMATO_NO_RECIBIDO: RuleMeta = RuleMeta {
    code: "FORMATO_NO_RECIBIDO",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Modo estricto: el formato tiene filas con errores y no se recibe ninguna de sus filas.",
};

pub static ALL: &[&RuleMeta] = &[&FILA_IRREGULAR, &FORMATO_NO_RECIBIDO];
