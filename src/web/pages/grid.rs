//! The form as a grid, with the row numbers a person sees in the
//! spreadsheet: each problem cell coloured (error, warning, automatic fix
//! with before → after) with its message and help on focus or hover, a
//! «solo filas con problemas» filter, and pages cut on the server (a large
//! form never goes to the browser whole).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::layout;
use crate::diagnostic::Severity;
use crate::field::Field;
use crate::form::{CheckedRow, Form, RowStatus};
use crate::web::Shared;

/// Rows per page.
pub const PAGE: usize = 100;

#[derive(serde::Deserialize)]
pub struct View {
    pagina: Option<usize>,
    solo: Option<String>,
}

/// Whether a row has something a person must look at (errors or warnings;
/// automatic fixes alone are not a problem).
fn has_problems(row: &CheckedRow) -> bool {
    row.status == RowStatus::Rejected || row.issues.iter().any(|i| i.severity() != Severity::Fix)
}

/// What one cell shows and how it is marked.
struct Cell {
    class: &'static str,
    value: String,
    notes: Vec<String>,
}

fn cell(row: &CheckedRow, field: Field) -> Cell {
    let mut notes = Vec::new();
    let mut class = "";
    for i in row.issues.iter().filter(|i| i.field == Some(field)) {
        match i.severity() {
            Severity::Error => class = "error",
            Severity::Warning if class != "error" => class = "warn",
            _ => {}
        }
        let mut note = i.message.clone();
        if let Some(h) = &i.help {
            note.push_str(" Qué hacer: ");
            note.push_str(h);
        }
        notes.push(note);
    }
    let fixes: Vec<String> = row
        .row
        .fixes()
        .filter(|f| f.field == field)
        .map(|f| f.text())
        .collect();
    if class.is_empty() && !fixes.is_empty() {
        class = "fix";
    }
    notes.extend(fixes);
    // A rejected cell shows what the school wrote; the others, the value
    // that goes to level 2.
    let value = if class == "error" {
        row.row.original(field).into_owned()
    } else {
        row.row.get(field).unwrap_or("").to_string()
    };
    Cell {
        class,
        value,
        notes,
    }
}

fn row_notes(row: &CheckedRow) -> Vec<(&'static str, String)> {
    row.issues
        .iter()
        .filter(|i| i.field.is_none())
        .map(|i| {
            let class = match i.severity() {
                Severity::Error => "error",
                Severity::Warning => "warn",
                Severity::Fix => "fix",
            };
            let mut note = i.message.clone();
            if let Some(h) = &i.help {
                note.push_str(" Qué hacer: ");
                note.push_str(h);
            }
            (class, note)
        })
        .collect()
}

fn grid(form: &Form, rows: &[&CheckedRow]) -> Markup {
    let many_sheets = form.has_many_sheets();
    html! {
        div.grid-wrap {
            table.grid {
                caption.visually-hidden { "Filas del formato con sus problemas" }
                thead { tr {
                    th scope="col" { "FILA" }
                    @if many_sheets { th scope="col" { "HOJA" } }
                    @for f in Field::ALL { th scope="col" { (f.header()) } }
                    th scope="col" { "RESULTADO" }
                } }
                tbody {
                    @for row in rows {
                        @let n = row.row.number;
                        @let accepted = row.status == RowStatus::Accepted;
                        tr.accepted[accepted] .rejected[!accepted] {
                            th scope="row" { (n) }
                            @if many_sheets { td { (form.sheet_of(row).unwrap_or("")) } }
                            @for (k, f) in Field::ALL.iter().enumerate() {
                                @let c = cell(row, *f);
                                @if c.notes.is_empty() {
                                    td { (c.value) }
                                } @else {
                                    @let tip = format!("n{n}c{k}");
                                    td.(c.class) tabindex="0" aria-describedby=(tip) {
                                        span.value { (c.value) }
                                        span.tip role="tooltip" id=(tip) {
                                            @for note in &c.notes { span.note { (note) } }
                                        }
                                    }
                                }
                            }
                            @let notes = row_notes(row);
                            td.result {
                                @if accepted { span.badge.ok { "aceptada" } } @else { span.badge.error { "rechazada" } }
                                @for (class, note) in &notes { span.rownote.(class) { (note) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn page(
    State(app): State<Shared>,
    Path((batch, file)): Path<(String, usize)>,
    Query(view): Query<View>,
) -> Response {
    let Some(b) = app.store.batch(&batch) else {
        return super::not_found().await;
    };
    let Some(f) = b.files.get(file) else {
        return super::not_found().await;
    };
    let Ok(form) = &f.result.outcome else {
        return axum::response::Redirect::to(&format!("/validar/{batch}")).into_response();
    };
    let only = view.solo.as_deref() == Some("problemas");
    let rows: Vec<&CheckedRow> = form
        .rows
        .iter()
        .filter(|r| !only || has_problems(r))
        .collect();
    let pages = rows.len().div_ceil(PAGE).max(1);
    let current = view.pagina.unwrap_or(1).clamp(1, pages);
    let shown = &rows[((current - 1) * PAGE).min(rows.len())..(current * PAGE).min(rows.len())];
    let link = |page: usize| {
        format!(
            "/validar/{batch}/{file}?pagina={page}{}",
            if only { "&solo=problemas" } else { "" }
        )
    };
    layout(
        &f.name,
        "/validar",
        html! {
            p { a href={ "/validar/" (batch) } { "← Resultado de la validación" } }
            div.legend aria-label="Colores" {
                span.error { "error: la fila no se recibe" }
                span.warn { "advertencia: revisar" }
                span.fix { "corregido solo (antes → después)" }
            }
            p.muted { "Pase el ratón por una celda marcada o selecciónela con Tab para ver el problema y qué hacer." }
            nav.filter aria-label="Filtro" {
                @if only {
                    a href={ "/validar/" (batch) "/" (file) } { "Ver todas las filas" }
                    " · " strong { "Solo filas con problemas" }
                } @else {
                    strong { "Todas las filas" }
                    " · " a href={ "/validar/" (batch) "/" (file) "?solo=problemas" } { "Solo filas con problemas" }
                }
                " (" (rows.len()) ")"
            }
            @if rows.is_empty() {
                p.notice.ok { "Ninguna fila tiene problemas." }
            } @else {
                (grid(form, shown))
            }
            @if pages > 1 {
                nav.pages aria-label="Páginas" {
                    @if current > 1 { a href=(link(current - 1)) rel="prev" { "← Anterior" } " " }
                    span { "Página " (current) " de " (pages) }
                    @if current < pages { " " a href=(link(current + 1)) rel="next" { "Siguiente →" } }
                }
            }
        },
    )
    .into_response()
}
