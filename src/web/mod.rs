//! `sigce web`: the help desk's work in the browser, for agents who do not
//! use a terminal. A local server (127.0.0.1 only) that calls the same
//! validator as the command line (`commands::validate::run` over
//! `pipeline`) and the same case commands; it only adds pages.
//!
//! Security, since it serves personal data: a random token per launch in
//! the URL it opens, exchanged for an HttpOnly SameSite=Strict cookie; the
//! Host must be this machine (DNS rebinding); a state-changing request must
//! come from the page's own origin; uploads and results live in a private
//! folder removed on exit and on the next start; a download is served only
//! by an id the server issued (`guard`, `store`).

mod guard;
mod pages;
mod store;
mod upload;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::cli::WebArgs;
use crate::limits::Limits;
use crate::policy::Policy;

pub use store::Store;

/// What every request handler reads.
pub struct App {
    pub token: String,
    pub port: u16,
    pub policy: &'static Policy,
    /// The ledger of cases (`--historial`, sigce.toml or the default).
    pub ledger: PathBuf,
    pub limits: Limits,
    pub store: Store,
    /// Where «Atender» keeps case files and drafts: the folder `sigce
    /// atender` would use (`-o`, or the current folder), absolute.
    pub cases_dir: PathBuf,
    /// Held while a case file is read, changed and written, so two answers
    /// sent at once never lose one another.
    pub cases_lock: std::sync::Mutex<()>,
}

pub type Shared = Arc<App>;

/// Why the server could not start, in Spanish.
#[derive(Debug)]
pub struct WebError(pub String);

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The address to listen on: this machine only.
fn loopback(text: &str) -> Result<IpAddr, WebError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "127.0.0.1" | "localhost" => Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        other => Err(WebError(format!(
            "sigce web solo escucha en este computador (127.0.0.1), y se pidió «{}»: la página muestra nombres, cédulas y correos, y no debe quedar abierta a la red.",
            crate::io_text::for_people(other)
        ))),
    }
}

/// Starts the server and blocks until Ctrl-C. `say` prints a line for the
/// agent (the link first: tests and the agent read it there).
pub fn serve(args: &WebArgs, policy: &'static Policy, say: &dyn Fn(&str)) -> Result<(), WebError> {
    let ip = loopback(&args.direccion)?;
    let mut limits = Limits::default();
    if let Some(mb) = args.limite_mb {
        limits.max_part_bytes = mb.saturating_mul(1024 * 1024);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            WebError(format!(
                "No se pudo iniciar el servidor: {}.",
                crate::io_text::writing(&e)
            ))
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.puerto))
            .await
            .map_err(|e| {
                let why = match e.kind() {
                    std::io::ErrorKind::AddrInUse => "otro programa ya lo usa".to_string(),
                    _ => crate::io_text::writing(&e),
                };
                WebError(format!(
                    "No se pudo abrir el puerto {} en 127.0.0.1: {why}. Pruebe con otro (--puerto) o sin --puerto para usar uno libre.",
                    args.puerto
                ))
            })?;
        let port = listener.local_addr().map_err(|e| WebError(e.to_string()))?.port();
        let store = Store::create().map_err(WebError)?;
        let app = Arc::new(App {
            token: guard::new_token().map_err(WebError)?,
            port,
            policy,
            ledger: crate::ledger::path(args.ledger.historial.as_deref(), policy.ledger.as_deref()),
            limits,
            store,
            cases_dir: crate::commands::attend::cases_dir(args.salida.as_deref()),
            cases_lock: std::sync::Mutex::new(()),
        });
        // Listening for Ctrl-C before the link is shown: a stop asked for
        // at once still removes the private folder.
        let stop = stop_signal().map_err(|e| {
            WebError(format!(
                "No se pudo preparar la salida con Ctrl-C: {}.",
                crate::io_text::writing(&e)
            ))
        })?;
        let url = format!("http://127.0.0.1:{port}/entrar?t={}", app.token);
        say(&format!("sigce web: abra {url}"));
        say("(Ctrl-C o cerrar esta ventana para terminar.)");
        if !args.no_abrir && webbrowser::open(&url).is_err() {
            say("No se pudo abrir el navegador: copie el enlace de arriba en él.");
        }
        let router = router(app.clone());
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(stop)
            .await;
        app.store.remove();
        served.map_err(|e| WebError(format!("El servidor se detuvo: {e}.")))
    })
}

/// Resolves on Ctrl-C (and, on Windows, when the console window closes);
/// the handlers are installed when this returns, not on the first poll.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(windows)]
    {
        use tokio::signal::windows::{ctrl_c, ctrl_close};
        let mut c = ctrl_c()?;
        let mut close = ctrl_close()?;
        Ok(async move {
            tokio::select! {
                _ = c.recv() => {}
                _ = close.recv() => {}
            }
        })
    }
}

pub fn router(app: Shared) -> Router {
    // Uploads are bounded per file while they stream (`upload`); the body
    // as a whole by the same limit for every file it may carry.
    let body_limit = usize::try_from(app.limits.max_part_bytes)
        .unwrap_or(usize::MAX)
        .saturating_mul(upload::MAX_FILES)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/", get(pages::home::page))
        .route(
            "/validar",
            get(pages::validate::form).post(pages::validate::submit),
        )
        .route("/validar/{batch}", get(pages::validate::batch))
        .route("/validar/{batch}/{file}", get(pages::grid::page))
        .route(
            "/validar/{batch}/{file}/corregir",
            post(pages::correct::submit),
        )
        .route(
            "/validar/{batch}/{file}/caso",
            post(pages::attend::use_in_case),
        )
        .route("/descargar/{id}", get(pages::download))
        .route(
            "/atender",
            get(pages::attend::start).post(pages::attend::begin),
        )
        .route(
            "/atender/{ticket}",
            get(pages::attend::page).post(pages::attend::save_all),
        )
        .route("/atender/{ticket}/comprobar", post(pages::attend::check))
        .route("/atender/{ticket}/responder", post(pages::attend::answer))
        .route(
            "/atender/{ticket}/adjuntos/{key}",
            post(pages::attend::attach),
        )
        .route(
            "/atender/{ticket}/quitar/{key}",
            post(pages::attend::detach),
        )
        .route("/atender/{ticket}/escalar", post(pages::attend::escalate))
        .route("/atender/{ticket}/correo/{id}", get(pages::attend::sent))
        .route("/casos", get(pages::cases::board))
        .route("/casos/{ticket}", get(pages::cases::case))
        .route("/casos/{ticket}/cerrar", post(pages::cases::close))
        .route("/casos/{ticket}/responder", post(pages::cases::answer))
        .route("/casos/{ticket}/recordar", post(pages::cases::remind))
        .route("/casos/{ticket}/correo/{id}", get(pages::cases::mail))
        .route("/reglas", get(pages::rules::list))
        .route("/reglas/{code}", get(pages::rules::one))
        .route("/plantilla", get(pages::template::page))
        .route("/plantilla/descargar", get(pages::template::download))
        .route("/estatico/{name}", get(pages::asset))
        .route("/entrar", get(guard::enter))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check,
        ))
        .with_state(app)
}
