//! «Plantilla»: the blank form for the institutions, as `sigce plantilla`
//! writes it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::{error_page, layout};
use crate::write::template::TemplateFormat;

/// Rows prepared in the workbook, as `sigce plantilla` does by default.
const ROWS: u32 = 500;

pub async fn page() -> Response {
    layout(
        "Plantilla",
        "/plantilla",
        html! {
            p { "El formato de creación de usuarios en blanco, con sus instrucciones para la institución y las listas de cada columna. Envíelo a la institución para que lo llene y lo devuelva respondiendo al correo del ticket." }
            p { a.button href="/plantilla/descargar" download { "Descargar la plantilla (.xlsx)" } }
        },
    )
    .into_response()
}

pub async fn download() -> Response {
    match TemplateFormat::Xlsx.build(None, ROWS) {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(
                    "attachment; filename=\"formato_creacion_usuarios_sigce.xlsx\"",
                ),
            );
            response
        }
        Err(e) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "No se pudo escribir la plantilla",
            &crate::io_text::library(&e),
            "Vuelva a intentarlo; si sigue, use «sigce plantilla» en la ventana de comandos.",
        ),
    }
}
