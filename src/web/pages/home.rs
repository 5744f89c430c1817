//! «Inicio»: the cases waiting for someone and the four things an agent does.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout;
use crate::cli::CasosList;
use crate::commands::lifecycle;
use crate::web::Shared;

pub async fn page(State(app): State<Shared>) -> Response {
    let board = lifecycle::board(&CasosList::default(), Some(&app.ledger), app.policy);
    layout(
        "Inicio",
        "/",
        html! {
            ul.tasks {
                li { a href="/validar" { strong { "Validar formatos" } span { "Suba los formatos de creación de usuarios: vea las celdas con problemas y descargue el archivo limpio y el de rechazos." } } }
                li { a href="/atender" { strong { "Atender una llamada" } span { "Las preguntas de la llamada como un formulario: cada respuesta se revisa y se guarda; lo que falta, los adjuntos y el correo para escalar." } } }
                li { a href="/casos" { strong { "Casos" } span { "Lo que espera a alguien, buscar a una persona («¿ya tengo usuario?»), cerrar un caso." } } }
                li { a href="/reglas" { strong { "Reglas" } span { "Qué revisa sigce en cada columna, con ejemplos." } } }
                li { a href="/plantilla" { strong { "Plantilla" } span { "El formato en blanco para enviar a las instituciones." } } }
            }
            h2 { "Casos que esperan" }
            @match &board {
                Ok(b) => { (super::cases::table(&b.cases, b.today, b.wait_days)) }
                Err(e) => { div.notice.error role="alert" { p { (e.message) } } }
            }
        },
    )
    .into_response()
}
