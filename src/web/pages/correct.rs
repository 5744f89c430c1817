//! «Corregir en la página»: a flagged cell of a validated form changed by
//! hand, with the school on the phone. The whole batch is validated again
//! by the same run as the upload (`validate::validate`: the pipeline with
//! the edit made before the rows are checked, duplicates across every file
//! of the batch), its outputs written again and offered under new ids, and
//! the grid shown with the row's new state. Each change is kept with what
//! the cell held and when (`pipeline::Edit`, `diagnostic::ManualFix`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::error_page;
use super::grid::{PAGE, has_problems};
use super::validate::{Run, validate};
use crate::field::Field;
use crate::pipeline::Edit;
use crate::web::Shared;
use crate::web::store::Batch;

/// What the cell's form sends.
#[derive(serde::Deserialize)]
pub struct Correction {
    /// The row number a person sees.
    fila: u32,
    /// The row's sheet; empty for CSV.
    #[serde(default)]
    hoja: String,
    /// The field's key (`codigo_dane`).
    campo: String,
    /// What the page showed in the cell: a change made from a page older
    /// than the form is refused.
    antes: String,
    /// The text typed.
    valor: String,
    /// The grid's view to go back to.
    #[serde(default)]
    solo: String,
}

/// Why a correction was not made: the status and the Spanish sentence.
struct Refused(StatusCode, String);

fn refused(status: StatusCode, message: impl Into<String>) -> Refused {
    Refused(status, message.into())
}

/// Where the grid shows the corrected row, with the notice of what changed.
struct Done {
    location: String,
}

pub async fn submit(
    State(app): State<Shared>,
    Path((batch, file)): Path<(String, usize)>,
    Form(c): Form<Correction>,
) -> Response {
    let worker = app.clone();
    let id = batch.clone();
    let done = tokio::task::spawn_blocking(move || correct(&worker, &id, file, c)).await;
    match done {
        Ok(Ok(done)) => Redirect::to(&done.location).into_response(),
        Ok(Err(Refused(status, message))) => error_page(
            status,
            "No se pudo corregir",
            &message,
            "Vuelva al formato, revise la celda y corríjala de nuevo.",
        ),
        Err(_) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "No se pudo corregir",
            "El validador falló al validar de nuevo el formato. La página sigue funcionando y el formato quedó como estaba.",
            "Vuelva al formato e intente otra vez.",
        ),
    }
}

fn correct(app: &Shared, id: &str, file: usize, c: Correction) -> Result<Done, Refused> {
    let gone = || {
        refused(
            StatusCode::NOT_FOUND,
            "Ese formato ya no está: los resultados se borran al cerrar sigce web.",
        )
    };
    let editing = app.store.batch(id).ok_or_else(gone)?.editing.clone();
    // One correction of a batch at a time; the batch is read again inside,
    // so a correction made meanwhile is seen.
    let _turn = editing.lock().unwrap_or_else(|e| e.into_inner());
    let batch = app.store.batch(id).ok_or_else(gone)?;
    let edit = check(app, &batch, file, &c)?;
    let Some(input) = batch.inputs.get(file).cloned() else {
        return Err(gone());
    };
    let mut edits = batch.edits.clone();
    match edits.iter_mut().find(|(p, _)| *p == input) {
        Some((_, list)) => list.push(edit.clone()),
        None => edits.push((input, vec![edit.clone()])),
    }
    let dir = app.store.batch_dir(id);
    let run = Run {
        inputs: batch.inputs.clone(),
        strict: batch.strict,
        ticket: batch.ticket.clone(),
        edits,
    };
    let next = validate(app, &dir, run, editing.clone());
    let made = next
        .files
        .get(file)
        .and_then(|f| f.result.outcome.as_ref().ok())
        .is_some_and(|form| {
            form.manual.iter().any(|m| {
                (m.row, &m.sheet, m.field, &m.after, &m.at)
                    == (edit.row, &edit.sheet, edit.field, &edit.value, &edit.at)
            })
        });
    if !made {
        return Err(refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "El formato no se pudo validar de nuevo con la corrección; quedó como estaba.",
        ));
    }
    let location = location(id, file, &next, &edit, &c.solo);
    let old: Vec<String> = batch
        .files
        .iter()
        .flat_map(|f| f.downloads.iter().map(|(_, d)| d.clone()))
        .collect();
    app.store.put_batch(id.to_string(), next);
    app.store.withdraw(old.iter().map(String::as_str));
    Ok(Done { location })
}

/// The edit asked for, checked against the form as the page showed it.
fn check(app: &Shared, batch: &Batch, file: usize, c: &Correction) -> Result<Edit, Refused> {
    let Some(view) = batch.files.get(file) else {
        return Err(refused(
            StatusCode::NOT_FOUND,
            "Ese formato no está en esta validación.",
        ));
    };
    let Ok(form) = &view.result.outcome else {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "El archivo «{}» no se pudo procesar: no tiene celdas que corregir en la página.",
                view.name
            ),
        ));
    };
    let Some(field) = Field::ALL.into_iter().find(|f| f.key() == c.campo) else {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "«{}» no es una columna del formato de creación de usuarios.",
                crate::io_text::for_people(&c.campo)
            ),
        ));
    };
    let sheet = Some(c.hoja.clone()).filter(|s| !s.is_empty());
    let Some(row) = form
        .rows
        .iter()
        .find(|r| r.row.number == c.fila && form.section_of(r).sheet == sheet)
    else {
        return Err(refused(
            StatusCode::NOT_FOUND,
            format!(
                "La fila {}{} no está en el formato «{}».",
                c.fila,
                sheet
                    .as_deref()
                    .map(|s| format!(" de la hoja «{s}»"))
                    .unwrap_or_default(),
                view.name
            ),
        ));
    };
    let Some(cell) = form.cell_of(row, Some(field)) else {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "El formato no tiene columna {}: en la fila {} no hay celda que corregir. La institución debe agregar la columna y enviar el formato de nuevo.",
                field.header(),
                c.fila
            ),
        ));
    };
    let now = row.row.original(field);
    if *now != *c.antes {
        return Err(refused(
            StatusCode::CONFLICT,
            format!(
                "La celda {cell} ({}) de la fila {} ya no dice «{}» sino «{}»: se corrigió en otra pestaña, o la página se abrió antes. Vuelva al formato (la página se cargará de nuevo) y corríjala otra vez si hace falta.",
                field.header(),
                c.fila,
                crate::io_text::for_people(&c.antes),
                crate::io_text::for_people(&now)
            ),
        ));
    }
    if c.valor.chars().any(char::is_control) {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "El valor nuevo de la celda {cell} tiene un salto de línea o un carácter de control: escríbalo en una sola línea."
            ),
        ));
    }
    let length = c.valor.chars().count();
    if length > app.limits.max_cell_chars {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "El valor nuevo de la celda {cell} tiene {length} caracteres; una celda admite a lo sumo {}.",
                app.limits.max_cell_chars
            ),
        ));
    }
    if c.valor == c.antes {
        return Err(refused(
            StatusCode::BAD_REQUEST,
            format!(
                "El valor nuevo de la celda {cell} es igual al que ya tiene: no hay nada que corregir."
            ),
        ));
    }
    Ok(Edit {
        sheet,
        row: c.fila,
        field,
        value: c.valor.clone(),
        at: crate::dates::now_utc(),
    })
}

/// The grid's page that shows the corrected row (in the same view), with
/// the notice of what changed and the row's new state.
fn location(id: &str, file: usize, next: &Batch, edit: &Edit, solo: &str) -> String {
    let only = solo == "problemas";
    let mut page = 1;
    let mut done = String::new();
    if let Some(form) = next
        .files
        .get(file)
        .and_then(|f| f.result.outcome.as_ref().ok())
        && let Some(index) = form
            .rows
            .iter()
            .position(|r| r.row.number == edit.row && form.section_of(r).sheet == edit.sheet)
    {
        // The rows before it in the view (the filter keeps the corrected one).
        let shown = form
            .rows
            .iter()
            .take(index)
            .filter(|r| !only || has_problems(r))
            .count();
        page = shown / PAGE + 1;
        done = format!("&hecho={index}.{}", edit.field.key());
    }
    let view = if only { "&solo=problemas" } else { "" };
    format!("/validar/{id}/{file}?pagina={page}{view}{done}#aviso")
}
