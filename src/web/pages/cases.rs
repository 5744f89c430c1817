//! «Casos»: the lifecycle board (open cases, the longest waiting first, with
//! their age in Colombian working days and who they wait for), the search
//! that answers «¿ya tengo usuario?», a case's history, and its actions:
//! level 2's list dropped to draft the answer, a reminder for a case that
//! waits too long (each e-mail shown and offered as .eml), and closing it.
//! The same code as `sigce casos`, `casos buscar`, `sigce responder`,
//! `casos recordar` and `sigce cerrar`.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::{error_page, layout};
use crate::cli::{CasosList, CerrarArgs, LedgerArg, RecordarArgs};
use crate::commands::lifecycle;
use crate::ledger::{CaseRow, State as CaseState};
use crate::report::cases as words;
use crate::web::Shared;
use crate::web::upload;

/// The board's table, shared with the home page.
pub fn table(cases: &[CaseRow], today: time::Date, wait_days: u32) -> Markup {
    html! {
        @if cases.is_empty() {
            p.muted { "No hay casos abiertos." }
        } @else {
            table.cases {
                caption.visually-hidden { "Casos abiertos, el que más espera primero" }
                thead { tr {
                    th scope="col" { "Ticket" } th scope="col" { "Tipo" } th scope="col" { "Estado" }
                    th scope="col" { "Espera a" } th scope="col" { "Desde" } th scope="col" { "Solicitante" }
                } }
                tbody {
                    @for c in cases {
                        @let late = c.overdue(today, wait_days);
                        tr.late[late] {
                            td { a href={ "/casos/" (c.ticket) } { (c.ticket) } }
                            td { (words::request_label(&c.request_type)) }
                            td { span.state { (c.state.key()) } }
                            td { (words::waits_for(&c.waiting_for)) }
                            td {
                                (words::since(c.age(today)))
                                @if late { " " strong.flag { "· atrasado" } }
                            }
                            td { (c.caller_name) br; span.muted { (c.caller_email) } }
                        }
                    }
                }
            }
        }
    }
}

fn ledger_arg(app: &Shared) -> LedgerArg {
    LedgerArg {
        historial: Some(app.ledger.clone()),
    }
}

fn failed(e: &crate::case::CaseError) -> Response {
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "No se pudo leer el historial",
        &e.message,
        e.help
            .as_deref()
            .unwrap_or("Revise el archivo del historial en sigce.toml."),
    )
}

#[derive(serde::Deserialize)]
pub struct Search {
    buscar: Option<String>,
}

pub async fn board(State(app): State<Shared>, Query(q): Query<Search>) -> Response {
    let board = match lifecycle::board(&CasosList::default(), Some(&app.ledger), app.policy) {
        Ok(b) => b,
        Err(e) => return failed(&e),
    };
    let text = q.buscar.unwrap_or_default();
    let found = if text.trim().is_empty() {
        None
    } else {
        match lifecycle::search(&text, Some(&app.ledger), app.policy) {
            Ok(s) => Some(s),
            Err(e) => return failed(&e),
        }
    };
    // The same sentences `casos buscar` prints.
    let found_lines: Option<Vec<String>> = found.as_ref().map(|s| {
        let mut out = Vec::new();
        let _ = words::write_found(&mut out, &text, &s.found, false);
        String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect()
    });
    let overdue = board
        .cases
        .iter()
        .filter(|c| c.overdue(board.today, board.wait_days))
        .count();
    layout(
        "Casos",
        "/casos",
        html! {
            form.search role="search" method="get" action="/casos" {
                label for="buscar" { "¿Ya tengo usuario? Busque por ticket, cédula, usuario o correo" }
                div.row {
                    input #buscar type="search" name="buscar" value=(text) autocomplete="off";
                    button type="submit" { "Buscar" }
                }
            }
            @if let Some(lines) = &found_lines {
                section.found aria-live="polite" {
                    h2 { "Resultado de «" (text) "»" }
                    @for line in lines {
                        p { (line) }
                    }
                }
            }
            h2 { "Casos abiertos" }
            p.muted {
                (board.cases.len()) " " (if board.cases.len() == 1 { "caso" } else { "casos" })
                @if overdue > 0 {
                    "; " strong.flag { (overdue) " " (if overdue == 1 { "espera" } else { "esperan" }) " más de " (words::days(board.wait_days)) }
                }
                " (días hábiles de Colombia, sin festivos)."
            }
            (table(&board.cases, board.today, board.wait_days))
        },
    )
    .into_response()
}

pub async fn case(State(app): State<Shared>, Path(ticket): Path<String>) -> Response {
    let search = match lifecycle::search(&ticket, Some(&app.ledger), app.policy) {
        Ok(s) => s,
        Err(e) => return failed(&e),
    };
    let Some(row) = search
        .found
        .iter()
        .map(|f| &f.case)
        .find(|c| c.ticket == ticket)
    else {
        return super::not_found().await;
    };
    let mut out = Vec::new();
    let _ = words::write_found(&mut out, &ticket, &search.found, false);
    let today = crate::dates::today();
    let age = row.age(today);
    let late = row.overdue(today, app.policy.wait_days);
    let waits_outside =
        row.state.is_open() && matches!(row.waiting_for.as_str(), "nivel2" | "datacenter");
    layout(
        &format!("Ticket {ticket}"),
        "/casos",
        html! {
            dl.facts {
                dt { "Tipo" } dd { (words::request_label(&row.request_type)) }
                dt { "Estado" } dd { (row.state.key()) " · " (words::waits_for(&row.waiting_for)) }
                dt { "Solicitante" } dd { (row.caller_name) " <" (row.caller_email) ">" }
                dt { "Abierto el" } dd { (words::day(&row.opened_at)) }
            }
            section {
                @for line in String::from_utf8_lossy(&out).lines() { p { (line) } }
            }
            h2 { "Historia" }
            ol.history {
                @for e in &search.history {
                    li {
                        span.when { (e.at) } " · " strong { (e.state.key()) } " · " (e.note)
                        @if !e.agent.is_empty() { span.muted { " (" (e.agent) ")" } }
                    }
                }
            }
            @if row.request_type == "creacion_usuarios" && matches!(row.state, CaseState::Escalado | CaseState::Reabierto) {
                h2 { "Responder con el listado de nivel 2" }
                form.answer method="post" action={ "/casos/" (ticket) "/responder" } enctype="multipart/form-data" {
                    div.drop {
                        label for="listado" {
                            strong { "Arrastre aquí el listado de usuarios creados" }
                            " que devolvió nivel 2, o elíjalo (XLSX, XLS, ODS o CSV)"
                        }
                        input #listado type="file" name="listado" required
                            accept=".xlsx,.xlsm,.xls,.xlsb,.ods,.csv,.txt";
                    }
                    button type="submit" { "Redactar la respuesta" }
                }
            }
            @if waits_outside {
                h2 { "Recordar" }
                p {
                    (crate::spanish::sentence(words::waits_for(&row.waiting_for))) " " (words::since(age)) "."
                    @if late { " " strong.flag { "Pasó el plazo de " (words::days(app.policy.wait_days)) "." } }
                    " El recordatorio va en el mismo hilo del correo de la escalación."
                }
                form.remind method="post" action={ "/casos/" (ticket) "/recordar" } {
                    button type="submit" { "Redactar el recordatorio" }
                }
            }
            @if row.state.is_open() {
                h2 { "Cerrar el caso" }
                form.close method="post" action={ "/casos/" (ticket) "/cerrar" } {
                    label for="nota" { "Nota para la historia (opcional)" }
                    input #nota type="text" name="nota";
                    label for="sin_respuesta" { "Si no se le redactó respuesta al usuario, diga por qué" }
                    input #sin_respuesta type="text" name="sin_respuesta" placeholder="por ejemplo: el Datacenter llamó al usuario";
                    button type="submit" { "Cerrar el caso" }
                }
            }
            p { a href="/casos" { "← Volver a los casos" } }
        },
    )
    .into_response()
}

#[derive(serde::Deserialize)]
pub struct Close {
    #[serde(default)]
    nota: String,
    #[serde(default)]
    sin_respuesta: String,
}

pub async fn close(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    Form(f): Form<Close>,
) -> Response {
    let args = CerrarArgs {
        ticket: ticket.clone(),
        nota: Some(f.nota).filter(|n| !n.trim().is_empty()),
        sin_respuesta: Some(f.sin_respuesta).filter(|n| !n.trim().is_empty()),
        ledger: ledger_arg(&app),
    };
    match lifecycle::close(&args, app.policy) {
        Ok(_) => Redirect::to(&format!("/casos/{ticket}")).into_response(),
        Err(e) => error_page(
            StatusCode::CONFLICT,
            "El caso no se cerró",
            &e.message,
            e.help.as_deref().unwrap_or("Revise el estado del caso."),
        ),
    }
}

/// Why an action on a case did not happen, for the page.
fn not_done(title: &str, e: &crate::case::CaseError) -> Response {
    error_page(
        StatusCode::CONFLICT,
        title,
        &e.message,
        e.help
            .as_deref()
            .unwrap_or("Revise el caso en «Casos»; nada cambió."),
    )
}

fn escalate_options(app: &Shared) -> crate::commands::escalate::Options {
    crate::commands::escalate::Options {
        output_dir: None,
        ledger: app.ledger.clone(),
        resend: false,
        policy: app.policy,
    }
}

/// Level 2's list dropped on a case: the answer drafted by `sigce
/// responder`'s code for this ticket (a list of another ticket is refused
/// and nothing changes), written beside the escalation, recorded, and shown.
pub async fn answer(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    multipart: Multipart,
) -> Response {
    let dir = match app.store.new_dir("listado") {
        Ok(d) => d,
        Err(e) => return keep_failed(&e),
    };
    let fields = match upload::receive(multipart, &dir, app.limits.max_part_bytes, "listado").await
    {
        Ok(f) => f,
        Err(r) => {
            let _ = std::fs::remove_dir_all(&dir);
            return error_page(
                r.status,
                "No se redactó la respuesta",
                &r.message,
                "Vuelva al caso y suba el listado otra vez.",
            );
        }
    };
    let Some((_, list)) = fields.files.into_iter().next() else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "No se redactó la respuesta",
            "No llegó ningún listado.",
            "Elija o arrastre el listado de usuarios creados que devolvió nivel 2.",
        );
    };
    let worker = app.clone();
    let t = ticket.clone();
    let done = tokio::task::spawn_blocking(move || {
        crate::commands::escalate::respond_ticket(&t, &list, None, &escalate_options(&worker))
    })
    .await;
    let outcome = match done {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return not_done("No se redactó la respuesta", &e),
        Err(_) => return internal(),
    };
    match super::offer_mail(
        &app,
        &ticket,
        &outcome.draft,
        &outcome.path,
        (outcome.destination.label(), outcome.reason),
        outcome.warnings.clone(),
    ) {
        Ok(id) => Redirect::to(&format!("/casos/{ticket}/correo/{id}")).into_response(),
        Err(e) => keep_failed(&e),
    }
}

/// The reminder of a case that waits for level 2 or the Datacenter, by
/// `sigce casos recordar`'s code: in the thread of its escalation,
/// recorded in its history, and shown.
pub async fn remind(State(app): State<Shared>, Path(ticket): Path<String>) -> Response {
    let worker = app.clone();
    let t = ticket.clone();
    let done = tokio::task::spawn_blocking(move || {
        let args = RecordarArgs {
            tickets: vec![t],
            salida: None,
        };
        lifecycle::remind(&args, Some(&worker.ledger), worker.policy)
    })
    .await;
    let reminded = match done {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return not_done("No se redactó el recordatorio", &e),
        Err(_) => return internal(),
    };
    let Some(r) = reminded.into_iter().next() else {
        return error_page(
            StatusCode::CONFLICT,
            "No se redactó el recordatorio",
            &format!(
                "El historial no tiene el correo de la escalación del ticket {ticket}: no hay hilo en que recordar."
            ),
            "Revise la historia del caso; si el correo se escribió en otro equipo, escale de nuevo con --reenviar.",
        );
    };
    let why = match r.draft.destination {
        crate::case::Destination::Datacenter => (
            "el Datacenter",
            "Recordatorio en el mismo hilo de la escalación; quedó en la historia del caso.",
        ),
        _ => (
            "nivel 2",
            "Recordatorio en el mismo hilo de la escalación; quedó en la historia del caso.",
        ),
    };
    match super::offer_mail(&app, &ticket, &r.draft, &r.path, why, Vec::new()) {
        Ok(id) => Redirect::to(&format!("/casos/{ticket}/correo/{id}")).into_response(),
        Err(e) => keep_failed(&e),
    }
}

/// An e-mail drafted from the case's page: what it is, its preview, the .eml.
pub async fn mail(
    State(app): State<Shared>,
    Path((ticket, id)): Path<(String, String)>,
) -> Response {
    let Some(s) = app.store.sent(&id).filter(|s| s.ticket == ticket) else {
        return super::not_found().await;
    };
    layout(
        &format!("Correo listo · ticket {}", s.ticket),
        "/casos",
        html! {
            (super::mail_preview(&s, html! {
                    p { "Correo para " strong { (s.destination) } ". " (s.reason) }
            }))
            p { a href={ "/casos/" (s.ticket) } { "← Volver al caso" } }
        },
    )
    .into_response()
}

fn keep_failed(e: &std::io::Error) -> Response {
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "No se pudo guardar",
        &format!(
            "No se pudo guardar en la carpeta temporal de sigce web: {}.",
            crate::io_text::writing(e)
        ),
        "Revise el espacio en disco y vuelva a intentarlo.",
    )
}

fn internal() -> Response {
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Algo falló",
        "La acción se interrumpió por un error interno; el historial no quedó a medias.",
        "Vuelva al caso e intente de nuevo.",
    )
}
