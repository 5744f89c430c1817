//! Partition: batch rules across every form of the run (duplicates), then
//! the decision per row. Every row ends accepted or rejected, never both,
//! never neither.

use crate::form::{Form, RowStatus};
use crate::rules::duplicados::{self, RowRef};
use crate::rules::fila;

/// Adds duplicate issues across all forms of one run, in input order.
/// `names[i]` names `forms[i]` in messages.
pub fn apply_batch_rules(forms: &mut [&mut Form], names: &[String]) {
    let mut refs = Vec::new();
    let mut positions = Vec::new();
    for (f, form) in forms.iter().enumerate() {
        for (r, row) in form.rows.iter().enumerate() {
            refs.push(RowRef {
                file: f,
                sheet: form.sheet_of(row),
                row: &row.row,
            });
            positions.push((f, r));
        }
    }
    let found = duplicados::check(&refs, names);
    drop(refs);
    for (i, issue) in found {
        let (f, r) = positions[i];
        forms[f].rows[r].issues.push(issue);
    }
}

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
                        "Esta fila está bien, pero en modo estricto el formato no se recibe porque otras filas tienen errores.",
                    )
                    .with_help("Corrija las filas con errores y envíe de nuevo el formato completo."),
            );
            row.status = RowStatus::Rejected;
        }
    }
}
