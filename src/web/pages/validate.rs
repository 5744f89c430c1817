//! «Validar formatos»: one or several forms dropped or chosen, validated as
//! one run by the same code as `sigce validar` (`commands::validate::run`:
//! pipeline, duplicates across the batch, the same writers), then per file
//! its counts, its downloads and a link to its grid.

use std::path::Path as FsPath;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::{error_page, layout};
use crate::commands::validate::{Plan, run};
use crate::policy::Settings;
use crate::read::Input;
use crate::report::{Counts, FileResult, FileStatus};
use crate::spanish::agree;
use crate::web::Shared;
use crate::web::store::{Batch, Download, FileView};
use crate::web::upload;
use crate::write::clean::CleanFormat;

pub async fn form() -> Response {
    layout(
        "Validar formatos",
        "/validar",
        html! {
            form #subir method="post" action="/validar" enctype="multipart/form-data" {
                div.drop #zona {
                    label for="formatos" {
                        strong { "Arrastre aquí los formatos" }
                        " o elíjalos (XLSX, XLS, ODS o CSV; puede ser más de uno)"
                    }
                    input #formatos type="file" name="formatos" multiple required
                        accept=".xlsx,.xlsm,.xls,.xlsb,.ods,.csv,.txt";
                    p #elegidos.muted aria-live="polite" {}
                }
                div.options {
                    label for="ticket" { "Ticket (opcional; si el formato no lo trae)" }
                    input #ticket type="text" name="ticket" inputmode="numeric" pattern="[0-9]*" autocomplete="off";
                    label.check {
                        input type="checkbox" name="estricto" value="si";
                        " Modo estricto: un formato con una fila mala no se recibe (como al escalar)"
                    }
                }
                button type="submit" { "Validar" }
                progress #progreso max="100" value="0" hidden {}
                p #estado.muted aria-live="polite" {}
            }
        },
    )
    .into_response()
}

fn refused(status: StatusCode, message: &str) -> Response {
    error_page(
        status,
        "No se pudo validar",
        message,
        "Revise el archivo y vuelva a subirlo desde «Validar formatos».",
    )
}

pub async fn submit(State(app): State<Shared>, multipart: Multipart) -> Response {
    let (id, dir) = match app.store.new_batch_dir() {
        Ok(made) => made,
        Err(e) => {
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!(
                    "No se pudo crear la carpeta temporal: {}.",
                    crate::io_text::writing(&e)
                ),
            );
        }
    };
    let fields = match upload::receive(
        multipart,
        &dir.join("entrada"),
        app.limits.max_part_bytes,
        "formatos",
    )
    .await
    {
        Ok(f) => f,
        Err(r) => {
            let _ = std::fs::remove_dir_all(&dir);
            return refused(r.status, &r.message);
        }
    };
    if fields.files.is_empty() {
        let _ = std::fs::remove_dir_all(&dir);
        return refused(
            StatusCode::BAD_REQUEST,
            "No llegó ningún archivo: elija o arrastre al menos un formato.",
        );
    }
    if let Some(t) = &fields.ticket
        && !t.chars().all(|c| c.is_ascii_digit())
    {
        let _ = std::fs::remove_dir_all(&dir);
        return refused(
            StatusCode::BAD_REQUEST,
            &format!("El ticket «{t}» no es un número: escriba solo los dígitos del ticket."),
        );
    }
    let worker = app.clone();
    let batch_dir = dir.clone();
    // The validator is blocking work; a panic in it is this upload's error
    // page, never the server's end.
    let validated = tokio::task::spawn_blocking(move || {
        let inputs = fields.files.into_iter().map(|(_, p)| p).collect();
        let run = Run {
            inputs,
            strict: fields.strict,
            ticket: fields.ticket,
            edits: Vec::new(),
        };
        validate(&worker, &batch_dir, run, Default::default())
    })
    .await;
    match validated {
        Ok(batch) => {
            app.store.put_batch(id.clone(), batch);
            Redirect::to(&format!("/validar/{id}")).into_response()
        }
        Err(_) => refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "El validador falló con estos archivos. Los demás formatos y la página siguen funcionando.",
        ),
    }
}

/// What a batch is validated with: the uploaded files, the options, and
/// the cells changed by hand so far.
pub struct Run {
    pub inputs: Vec<std::path::PathBuf>,
    pub strict: bool,
    pub ticket: Option<String>,
    pub edits: Vec<(std::path::PathBuf, Vec<crate::pipeline::Edit>)>,
}

/// The run, as `sigce validar` would do it on the uploaded files (with the
/// cells changed by hand, if any), with the outputs in the batch's folder
/// offered for download. `editing` passes from a batch to its next version.
pub fn validate(
    app: &Shared,
    dir: &FsPath,
    run_with: Run,
    editing: std::sync::Arc<std::sync::Mutex<()>>,
) -> Batch {
    let out = dir.join("salida");
    let plan = Plan {
        inputs: run_with
            .inputs
            .iter()
            .map(|p| (Input::Path(p.clone()), None))
            .collect(),
        output_dir: Some(out.clone()),
        format: CleanFormat::all()[0],
        strict: run_with.strict,
        rules: Settings {
            keep_accents: app.policy.keep_accents,
            policy: app.policy,
        },
        ticket: run_with.ticket.clone(),
        sheet: None,
        limits: app.limits,
        // As many as `sigce validar` uses by default: one upload of many
        // files, or one large workbook, is not slower in the page.
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ledger: None,
        edits: run_with.edits.clone(),
    };
    let results = run(plan);
    let report = crate::report::json::build(&results);
    // Streamed to its file: a 100k-row report never sits in memory twice.
    let path = out.join("informe.json");
    let written = crate::write::write_atomic_with(&path, |file| {
        let mut buffered = std::io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut buffered, &report).map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut buffered)
    });
    drop(report);
    let json_id = written.ok().map(|()| {
        app.store.offer(Download {
            path,
            name: "informe.json".to_string(),
            content_type: "application/json",
        })
    });
    let files = results
        .into_iter()
        .map(|result| {
            let mut downloads = Vec::new();
            let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            for (label, path) in [
                ("Archivo limpio para nivel 2", &result.outputs.clean),
                (
                    "Libro de rechazos para la institución",
                    &result.outputs.rejections,
                ),
            ] {
                if let Some(path) = path {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let content_type = if name.ends_with(".csv") {
                        "text/csv"
                    } else {
                        xlsx
                    };
                    let id = app.store.offer(Download {
                        path: path.clone(),
                        name,
                        content_type,
                    });
                    downloads.push((label, id));
                }
            }
            if let Some(id) = &json_id {
                downloads.push(("Informe JSON (todos los archivos)", id.clone()));
            }
            let name = match &result.input {
                Input::Path(p) => p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                other => other.display_name(),
            };
            FileView {
                name,
                result,
                downloads,
            }
        })
        .collect();
    Batch {
        files,
        strict: run_with.strict,
        ticket: run_with.ticket,
        inputs: run_with.inputs,
        edits: run_with.edits,
        editing,
    }
}

/// A message without the private folder's paths: the agent knows the file
/// by its name.
pub fn tidy(text: &str, result: &FileResult) -> String {
    match &result.input {
        Input::Path(p) => {
            let mut t = text.replace(
                &p.display().to_string(),
                &p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            if let Some(dir) = p.parent() {
                t = t.replace(
                    &format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR),
                    "",
                );
            }
            t
        }
        _ => text.to_string(),
    }
}

/// «Usar este formato en un caso»: the ticket (the upload's, or the one
/// read from the form) and the button that attaches the form to its case
/// in «Atender», with the cells changed by hand.
pub fn use_in_case(batch: &str, file: usize, b: &Batch) -> Markup {
    let Some(f) = b.files.get(file) else {
        return html! {};
    };
    let form = f.result.outcome.as_ref().ok();
    let ticket = b
        .ticket
        .clone()
        .or_else(|| form.and_then(|f| f.ticket.clone()))
        .unwrap_or_default();
    let manual = form.map_or(0, |f| f.manual.len());
    html! {
        form.in-case method="post" action={ "/validar/" (batch) "/" (file) "/caso" } {
            label for={ "caso-" (file) } { "Ticket del caso" }
            input id={ "caso-" (file) } type="text" name="ticket" value=(ticket) inputmode="numeric" pattern="[0-9]*" autocomplete="off" required;
            button type="submit" { "Usar este formato en un caso" }
            p.hint {
                "Lo adjunta al caso de ese ticket en «Atender una llamada» tal como lo envió la institución"
                @if manual > 0 {
                    ", con " (manual) " " (agree(manual, "corrección hecha a mano", "correcciones hechas a mano")) ": al escalar, el correo a nivel 2 las lista y el archivo limpio las lleva"
                }
                "."
            }
        }
    }
}

fn status_badge(status: FileStatus) -> Markup {
    let (class, text) = match status {
        FileStatus::Accepted => ("ok", "Se recibe: todas las filas están bien"),
        FileStatus::Partial => ("warn", "Tiene filas por corregir"),
        FileStatus::Rejected => ("error", "No se recibe"),
        FileStatus::Error => ("error", "No se pudo procesar"),
    };
    html! { span.badge.(class) { (text) } }
}

pub async fn batch(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(batch) = app.store.batch(&id) else {
        return super::not_found().await;
    };
    layout(
        "Resultado de la validación",
        "/validar",
        html! {
            p.muted {
                (batch.files.len()) " " (if batch.files.len() == 1 { "formato" } else { "formatos" })
                @if let Some(t) = &batch.ticket { " · ticket " (t) }
                @if batch.strict { " · modo estricto" }
            }
            @for (i, f) in batch.files.iter().enumerate() {
                section.file {
                    h2 { (f.name) }
                    (status_badge(f.result.status()))
                    @match &f.result.outcome {
                        Ok(form) => {
                            @let c = Counts::of(form);
                            ul.counts {
                                li { strong { (c.rows) } " " (agree(c.rows, "fila", "filas")) }
                                li.ok { strong { (c.accepted) } " " (agree(c.accepted, "aceptada", "aceptadas")) }
                                li.error { strong { (c.rejected) } " " (agree(c.rejected, "rechazada", "rechazadas")) }
                                li.warn { strong { (c.warnings) } " " (agree(c.warnings, "advertencia", "advertencias")) }
                                li.fix { strong { (c.fixes) } " " (agree(c.fixes, "corrección automática", "correcciones automáticas")) }
                                @if !form.manual.is_empty() {
                                    li.manual { strong { (form.manual.len()) } " " (agree(form.manual.len(), "corregida a mano", "corregidas a mano")) }
                                }
                            }
                            @for w in &form.warnings {
                                p.notice.warn { (tidy(&w.message, &f.result)) }
                            }
                            p { a.button href={ "/validar/" (id) "/" (i) } { "Ver el formato con sus problemas" } }
                            (use_in_case(&id, i, &batch))
                        }
                        Err(e) => {
                            div.notice.error role="alert" {
                                p { (tidy(&e.message, &f.result)) }
                                @if let Some(h) = &e.help { p { strong { "Qué hacer: " } (tidy(h, &f.result)) } }
                                p.muted { "Código: " code { (e.rule.code) } }
                            }
                        }
                    }
                    @if !f.downloads.is_empty() {
                        h3 { "Descargar" }
                        ul.downloads {
                            @for (label, did) in &f.downloads {
                                li { a href={ "/descargar/" (did) } download { (label) } }
                            }
                        }
                    }
                }
            }
            p { a href="/validar" { "Validar otros formatos" } }
        },
    )
    .into_response()
}
