//! The form as a grid, with the row numbers a person sees in the
//! spreadsheet: each problem cell coloured (error, warning, automatic fix
//! with before → after) with its message and help on focus or hover, a
//! «solo filas con problemas» filter, and pages cut on the server (a large
//! form never goes to the browser whole). A marked cell, or one changed by
//! hand, carries the small form that changes it (`correct`): it is shown
//! with the cell's message on focus, so the keyboard reaches it by Tab.

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
    /// The cell just corrected: `<row index>.<field key>`.
    hecho: Option<String>,
}

/// Whether a row has something a person must look at (errors or warnings;
/// automatic fixes alone are not a problem).
pub fn has_problems(row: &CheckedRow) -> bool {
    row.status == RowStatus::Rejected || row.issues.iter().any(|i| i.severity() != Severity::Fix)
}

/// What one cell shows and how it is marked.
struct Cell {
    class: &'static str,
    value: String,
    notes: Vec<String>,
    /// What the cell holds as read (after any change by hand), when it can
    /// be changed on the page: it is marked or was changed, and the form
    /// has its column.
    editable: Option<String>,
}

fn cell(form: &Form, row: &CheckedRow, field: Field) -> Cell {
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
    let manual: Vec<String> = form
        .manual_of(row)
        .filter(|m| m.field == field)
        .map(|m| m.text())
        .collect();
    if class.is_empty() && !manual.is_empty() {
        class = "manual";
    }
    let changed = !manual.is_empty();
    notes.extend(manual);
    let marked = class == "error" || class == "warn" || changed;
    let editable = (marked && form.cell_of(row, Some(field)).is_some())
        .then(|| row.row.original(field).into_owned());
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
        editable,
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

/// Where a cell's correction is sent, and the view to come back to.
struct Target<'a> {
    action: String,
    only: bool,
    form: &'a Form,
    /// The row just corrected, framed so it is seen among the others.
    corrected: Option<usize>,
}

/// The small form that changes one cell: its label names the cell.
fn correction(t: &Target<'_>, row: &CheckedRow, field: Field, id: &str, before: &str) -> Markup {
    let place = t
        .form
        .place_of(row, Some(field))
        .unwrap_or_else(|| field.header().to_string());
    let sheet = t.form.section_of(row).sheet.as_deref().unwrap_or("");
    html! {
        form.corregir method="post" action=(t.action) {
            input type="hidden" name="fila" value=(row.row.number);
            input type="hidden" name="hoja" value=(sheet);
            input type="hidden" name="campo" value=(field.key());
            input type="hidden" name="antes" value=(before);
            @if t.only { input type="hidden" name="solo" value="problemas"; }
            label for=(id) { "Corregir " (place) " de la fila " (row.row.number) }
            input id=(id) type="text" name="valor" value=(before) autocomplete="off" spellcheck="false";
            button type="submit" { "Guardar y validar" }
            span.estado role="status" aria-live="polite" {}
        }
    }
}

fn grid(t: &Target<'_>, rows: &[(usize, &CheckedRow)]) -> Markup {
    let form = t.form;
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
                    @for (index, row) in rows {
                        @let n = row.row.number;
                        @let accepted = row.status == RowStatus::Accepted;
                        tr.accepted[accepted] .rejected[!accepted] .hecho[t.corrected == Some(*index)] id={ "fila-" (index) } {
                            th scope="row" { (n) }
                            @if many_sheets { td { (form.sheet_of(row).unwrap_or("")) } }
                            @for (k, f) in Field::ALL.iter().enumerate() {
                                @let c = cell(form, row, *f);
                                @if c.notes.is_empty() {
                                    td { (c.value) }
                                } @else {
                                    @let tip = format!("n{index}c{k}");
                                    td.(c.class) tabindex="0" aria-describedby=(tip) data-celda={ (index) "." (f.key()) } {
                                        span.value { (c.value) }
                                        div.tip {
                                            span.notes role="tooltip" id=(tip) {
                                                @for note in &c.notes { span.note { (note) } }
                                            }
                                            @if let Some(before) = &c.editable {
                                                (correction(t, row, *f, &format!("e{index}c{k}"), before))
                                            }
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

/// What the page says after a correction: the cell, the change, and the
/// row's state now (with what is still wrong in it).
fn notice(form: &Form, done: &str, downloads: &[(&'static str, String)]) -> Option<Markup> {
    let (index, key) = done.split_once('.')?;
    let row = form.rows.get(index.parse::<usize>().ok()?)?;
    let field = Field::ALL.into_iter().find(|f| f.key() == key)?;
    let change = form.manual_of(row).filter(|m| m.field == field).last()?;
    let place = form
        .place_of(row, Some(field))
        .unwrap_or_else(|| field.header().to_string());
    let n = row.row.number;
    let accepted = row.status == RowStatus::Accepted;
    let still: Vec<String> = row
        .issues
        .iter()
        .filter(|i| i.severity() == Severity::Error)
        .map(|i| i.message.clone())
        .collect();
    let counts = crate::report::Counts::of(form);
    Some(html! {
        div.notice.(if accepted { "ok" } else { "error" }) #aviso role="status" tabindex="-1" {
            p {
                "Fila " (n) (form.sheet_note(row)) ", " (place) ": "
                (crate::diagnostic::quote(&change.before)) " → " (crate::diagnostic::quote(&change.after))
                ". Se validó de nuevo el formato (con los demás de esta validación). "
                @if accepted {
                    strong { "La fila " (n) " ahora se recibe." }
                } @else {
                    strong { "La fila " (n) " sigue rechazada: " }
                    (still.join(" "))
                }
            }
            p {
                "El formato tiene ahora " (counts.accepted) " filas aceptadas y " (counts.rejected)
                " rechazadas. Los archivos para descargar ya son los corregidos:"
            }
            ul.downloads {
                @for (label, id) in downloads {
                    li { a href={ "/descargar/" (id) } download { (label) } }
                }
            }
        }
    })
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
    // The row just corrected stays in view under the filter, to be seen
    // turning green.
    let corrected = view
        .hecho
        .as_deref()
        .and_then(|d| d.split_once('.'))
        .and_then(|(i, _)| i.parse::<usize>().ok());
    let rows: Vec<(usize, &CheckedRow)> = form
        .rows
        .iter()
        .enumerate()
        .filter(|(i, r)| !only || has_problems(r) || corrected == Some(*i))
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
            @if let Some(done) = view.hecho.as_deref().and_then(|d| notice(form, d, &f.downloads)) {
                (done)
            }
            div.legend aria-label="Colores" {
                span.error { "error: la fila no se recibe" }
                span.warn { "advertencia: revisar" }
                span.fix { "corregido solo (antes → después)" }
                span.manual { "corregido a mano" }
            }
            p.muted {
                "Pase el ratón por una celda marcada o selecciónela con Tab para ver el problema y qué hacer. "
                "Para corregirla con la institución al teléfono, escriba el valor en el recuadro y pulse Enter: el formato se valida de nuevo."
            }
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
                (grid(&Target { action: format!("/validar/{batch}/{file}/corregir"), only, form, corrected }, shown))
            }
            @if pages > 1 {
                nav.pages aria-label="Páginas" {
                    @if current > 1 { a href=(link(current - 1)) rel="prev" { "← Anterior" } " " }
                    span { "Página " (current) " de " (pages) }
                    @if current < pages { " " a href=(link(current + 1)) rel="next" { "Siguiente →" } }
                }
            }
            (super::validate::use_in_case(&batch, file, &b))
        },
    )
    .into_response()
}
