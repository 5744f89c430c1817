//! «Casos»: the lifecycle board (open cases, the longest waiting first, with
//! their age in Colombian working days and who they wait for), the search
//! that answers «¿ya tengo usuario?», a case's history, and closing it. The
//! same commands as `sigce casos`, `casos buscar` and `sigce cerrar`.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::{error_page, layout};
use crate::cli::{CasosList, CerrarArgs, LedgerArg};
use crate::commands::lifecycle;
use crate::ledger::CaseRow;
use crate::report::cases as words;
use crate::web::Shared;

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
