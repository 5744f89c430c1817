//! Who may talk to the server: this machine's browser, through the link the
//! console showed. The token of the link becomes an HttpOnly, SameSite=Strict
//! cookie; every other request must carry it (403 otherwise). The Host must
//! be 127.0.0.1 or localhost with this port, so a page of another site that
//! points its own name at 127.0.0.1 (DNS rebinding) is refused; a request
//! that changes something must come from this origin. Every answer carries
//! the headers that keep a page from loading anything but its own files.

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::Shared;
use super::pages::error_page;

const COOKIE: &str = "sigce_sesion";

/// What is read of a refused request's body before answering it.
const REFUSED_BODY_READ: usize = 64 * 1024;

/// 32 random bytes as hex: unguessable, new at every launch. Without the
/// system's randomness there is no safe token, and no server.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        format!("No se pudo iniciar: el sistema no dio números aleatorios para la clave de la sesión ({e}).")
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Equal in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn host_allowed(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

fn origin_allowed(headers: &HeaderMap, port: u16) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}

/// Every request, before its handler.
pub async fn check(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !host_allowed(headers, app.port) {
        return forbidden("La dirección con que se pidió la página no es la de este computador.");
    }
    let entering = request.uri().path() == "/entrar";
    if !entering && !cookie_token(headers).is_some_and(|t| same(t, &app.token)) {
        return forbidden(
            "Esta página solo se abre con el enlace que muestra la ventana de sigce web al iniciar.",
        );
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes && !origin_allowed(headers, app.port) {
        // A small body is read first: refused before it arrived, the
        // connection would be cut and the sender would see no answer.
        let _ = axum::body::to_bytes(request.into_body(), REFUSED_BODY_READ).await;
        return forbidden("La petición no viene de la página de sigce.");
    }
    let mut response = next.run(request).await;
    secure_headers(response.headers_mut());
    response
}

fn forbidden(why: &str) -> Response {
    let mut response = error_page(
        StatusCode::FORBIDDEN,
        "Acceso no permitido",
        why,
        "Cierre esta pestaña y abra el enlace que muestra la ventana de sigce web (o inicie «sigce web» de nuevo).",
    );
    secure_headers(response.headers_mut());
    response
}

fn secure_headers(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Not «no-referrer»: under it a browser sends «Origin: null» with a
    // plain form's POST, and the Origin check refuses the page's own forms.
    // «same-origin» still tells nothing to any other site.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
}

#[derive(serde::Deserialize)]
pub struct Enter {
    t: Option<String>,
}

/// The link of the console: its token becomes the session's cookie, and
/// the address bar loses it (a redirect), so it is not left in history.
pub async fn enter(State(app): State<Shared>, Query(q): Query<Enter>) -> Response {
    match q.t {
        Some(t) if same(&t, &app.token) => {
            let mut response = Redirect::to("/").into_response();
            let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", app.token);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        _ => forbidden(
            "El enlace no es el de esta sesión de sigce web (cambia cada vez que se inicia).",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_between_launches_and_are_long() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn only_this_machine_with_this_port_is_a_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(host_allowed(&h, 8080));
        assert!(!host_allowed(&h, 8081));
        h.insert(header::HOST, HeaderValue::from_static("localhost:8080"));
        assert!(host_allowed(&h, 8080));
        h.insert(
            header::HOST,
            HeaderValue::from_static("attacker.example:8080"),
        );
        assert!(!host_allowed(&h, 8080));
    }

    #[test]
    fn the_cookie_is_found_among_others_and_compared_whole() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sigce_sesion=abc; b=2"),
        );
        assert_eq!(cookie_token(&h), Some("abc"));
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
