//! The pages, in Spanish, from compile-time checked templates (maud). One
//! layout; no inline script or style (the Content-Security-Policy allows
//! only this server's own files); every asset is inside the binary.

pub mod attend;
pub mod cases;
pub mod correct;
pub mod grid;
pub mod home;
pub mod rules;
pub mod template;
pub mod validate;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::Shared;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

/// The menu: (path, label).
const MENU: &[(&str, &str)] = &[
    ("/", "Inicio"),
    ("/validar", "Validar formatos"),
    ("/atender", "Atender una llamada"),
    ("/casos", "Casos"),
    ("/reglas", "Reglas"),
    ("/plantilla", "Plantilla"),
];

/// Every page: the title, the menu with the current entry marked, the body.
pub fn layout(title: &str, current: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="es" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · sigce" }
                link rel="stylesheet" href="/estatico/app.css";
                script src="/estatico/app.js" defer {}
            }
            body {
                a.skip href="#contenido" { "Saltar al contenido" }
                header.top {
                    span.brand { "sigce" span.sub { " · Mesa de ayuda SIGCE" } }
                    nav aria-label="Menú principal" {
                        ul {
                            @for (path, label) in MENU {
                                li {
                                    @if *path == current {
                                        a href=(path) aria-current="page" { (label) }
                                    } @else {
                                        a href=(path) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #contenido tabindex="-1" {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// An e-mail drafted by the page (an escalation, an answer, a reminder):
/// what it is (`what`), the .eml to download, its warnings, From, To,
/// Subject, attachments and body, and where the .eml was written.
pub fn mail_preview(s: &super::store::Sent, what: Markup) -> Markup {
    html! {
        div.notice.ok role="status" {
            (what)
            p { "Descargue el correo y ábralo (en Outlook queda listo para enviar)." }
        }
        p { a.button #descargar-eml href={ "/descargar/" (s.eml) } download { "Descargar el correo (.eml)" } }
        @if !s.warnings.is_empty() {
            div.notice.warn { ul { @for w in &s.warnings { li { (w) } } } }
        }
        h2 { "Vista previa" }
        dl.facts.mail #vista-previa {
            dt { "De" } dd { (s.from) }
            dt { "Para" } dd { (s.to) }
            dt { "Asunto" } dd { (s.subject) }
            dt { "Adjuntos" } dd {
                @if s.attachments.is_empty() { "ninguno" } @else {
                    ul.attached { @for (n, b) in &s.attachments { li { (n) span.muted { " · " (size(*b)) } } } }
                }
            }
        }
        pre.mail-body tabindex="0" aria-label="Texto del correo" { (s.body) }
        p.muted { "El correo también quedó en " code { (s.written.display()) } "." }
    }
}

/// Keeps a drafted e-mail for its page: a copy of the .eml written at
/// `written` in the private folder, offered by an issued id, and what the
/// page shows of it; `why` is where it went, for people, and why. The id
/// of its page.
pub fn offer_mail(
    app: &Shared,
    ticket: &str,
    draft: &crate::escalation::draft::Draft,
    written: &std::path::Path,
    why: (&'static str, &'static str),
    warnings: Vec<String>,
) -> std::io::Result<String> {
    let name = written.file_name().map_or_else(
        || "correo.eml".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let copy = app.store.new_dir("correo")?.join(&name);
    std::fs::copy(written, &copy)?;
    let eml = app.store.offer(super::store::Download {
        name,
        path: copy,
        content_type: "message/rfc822",
    });
    Ok(app.store.put_sent(super::store::Sent {
        ticket: ticket.to_string(),
        destination: why.0,
        reason: why.1,
        from: crate::escalation::mailbox_line(&draft.from),
        to: crate::escalation::mailbox_line(&draft.to),
        subject: draft.subject.clone(),
        body: draft.body.clone(),
        attachments: draft
            .attachments
            .iter()
            .map(|a| (a.name.clone(), a.bytes.len()))
            .collect(),
        warnings,
        written: written.to_path_buf(),
        eml,
    }))
}

/// A size in KB (or MB), for people.
pub fn size(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// A page that says what went wrong and what to do.
pub fn error_page(status: StatusCode, title: &str, what: &str, todo: &str) -> Response {
    let page = layout(
        title,
        "",
        html! {
            div.notice.error role="alert" {
                p { (what) }
                p { strong { "Qué hacer: " } (todo) }
            }
            p { a href="/" { "Volver al inicio" } }
        },
    );
    (status, page).into_response()
}

pub async fn not_found() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Página no encontrada",
        "Esa dirección no es una página de sigce, o lo que mostraba ya no está (los resultados se borran al cerrar sigce web).",
        "Vuelva al inicio y valide el formato de nuevo si lo necesita.",
    )
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return not_found().await,
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    response
}

/// A file the server offered, by its id; an id it never issued is 404.
pub async fn download(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(d) = app.store.download(&id) else {
        return not_found().await;
    };
    let file = match tokio::fs::File::open(&d.path).await {
        Ok(f) => f,
        Err(_) => return not_found().await,
    };
    // Streamed: a large output is never whole in memory.
    let stream = tokio_util::io::ReaderStream::new(file);
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(d.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&d.name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_name_with_accents_is_given_twice_safely() {
        let d = content_disposition("Peña \"x\".xlsx");
        assert!(
            d.starts_with("attachment; filename=\"Pe_a _x_.xlsx\""),
            "{d}"
        );
        assert!(d.ends_with("UTF-8''Pe%C3%B1a%20%22x%22.xlsx"), "{d}");
    }
}
