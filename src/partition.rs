//! Partition: the decision per row, once every rule (the batch ones too)
//! has run. Every row ends accepted or rejected, never both,
//! never neither.

use crate::form::{Form, RowStatus};
use crate::rules::fila;

/// Decides each row. In strict mode a form with any rejected row is refused
/// whole: every row goes back to the school.
pub fn partition(form: &mut Form, strict: bool) {
    for row in &mut form.rows {
        row.status = if row.has_errors() {
            RowStatus::Rejected
        } else {
            RowStatus::Accepted
        };
    }
    let any_rejected = form.rows.iter().any(|r| r.status == RowStatus::Rejected);
    if strict && any_rejected {
        for row in form
            .rows
            .iter_mut()
            .filter(|r| r.status == RowStatus::Accepted)
        {
            row.issues.push(
                fila::FORMATO_NO_RECIBIDO
                    .issue(
                        None,
                        "Esta fila está bien, pero se devuelve con el formato: el formato se recibe completo solo cuando todas sus filas están bien.",
                    )
                    .with_help("No la cambie. Corrija las filas con errores y envíe de nuevo el formato completo, con esta fila."),
            );
            row.status = RowStatus::Rejected;
        }
    }
}
