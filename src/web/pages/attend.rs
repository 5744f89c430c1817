//! «Atender una llamada»: the intake of `sigce atender` as a form. The
//! identification block, the request type and only that type's questions;
//! each answer judged by the same checks as the terminal's prompts
//! (`case::answers::check_item`, each question's `Prompt::check`), while it
//! is typed (`comprobar`) and when it is given (`responder`), which saves
//! the case file at once, atomically, in the folder and the format `sigce
//! atender` uses: a case started in one continues in the other. The
//! checklist of what is missing is the one `sigce escalar` applies, and
//! «Escalar» is the terminal's own end of the intake
//! (`commands::attend::escalate_saved`): the ledger records it, the .eml is
//! written beside the case, and the page shows the e-mail and offers it for
//! download by an issued id.

use std::path::{Path as FsPath, PathBuf};

use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde_json::json;

use super::{error_page, layout};
use crate::case::answers::{self, check_item};
use crate::case::checklist;
use crate::case::error::code;
use crate::case::progress::{self, Step};
use crate::case::requests::question::MANDATORY;
use crate::case::requests::{Prompt, Question};
use crate::case::{Case, CaseError, Item, RequestType, Slot, file};
use crate::commands::attend::{self, POPULATIONS};
use crate::commands::escalate::MAX_ATTACHMENT_BYTES;
use crate::escalation::{self, Destination, route};
use crate::spanish;
use crate::web::store::CaseEdits;
use crate::web::{Shared, upload};

const TITLE: &str = "Atender una llamada";

/// The keys of the attachment lists, with what each accepts.
const FILE_KEYS: &[(&str, &str)] = &[
    ("formatos", ".xlsx,.xls,.xlsb,.ods,.csv"),
    ("capturas", "image/*,.pdf"),
];

/// The ticket of a path: digits, as the ticket item keeps them; anything
/// else names no case.
fn ticket_of(text: &str) -> Option<String> {
    match check_item(Item::Ticket, text) {
        Ok(t) if t == text && !t.is_empty() => Some(t),
        _ => None,
    }
}

fn case_path(app: &Shared, ticket: &str) -> PathBuf {
    app.cases_dir.join(file::file_name(ticket))
}

/// The case of `ticket`: its file, or a new one (not written yet).
fn load(app: &Shared, ticket: &str) -> Result<Case, CaseError> {
    let path = case_path(app, ticket);
    let mut case = if path.exists() {
        file::load(&path)?
    } else {
        Case {
            base_dir: app.cases_dir.clone(),
            ..Case::default()
        }
    };
    if case.caller.get(Item::Aplicacion).is_empty() {
        case.caller.set(Item::Aplicacion, "SIGCE");
    }
    if case.caller.ticket().is_empty() {
        case.caller.set(Item::Ticket, ticket);
    }
    Ok(case)
}

/// Reads the case, lets `change` alter it, and saves it as the terminal
/// does, all under the lock. `change` says whether there is anything to save.
fn update<T>(
    app: &Shared,
    ticket: &str,
    change: impl FnOnce(&mut Case) -> (bool, T),
) -> Result<(Case, T), CaseError> {
    let _held = app.cases_lock.lock().unwrap_or_else(|e| e.into_inner());
    let mut case = load(app, ticket)?;
    let (changed, out) = change(&mut case);
    if changed || !case_path(app, ticket).exists() {
        std::fs::create_dir_all(&app.cases_dir)
            .map_err(|e| crate::commands::escalate::write_error(&app.cases_dir, e))?;
        attend::keep(&case, &case_path(app, ticket))?;
        // Read back as the terminal would: what is shown is what was kept.
        case = file::load(&case_path(app, ticket))?;
    }
    Ok((case, out))
}

fn case_failed(e: &CaseError) -> Response {
    let mut what = e.message.clone();
    for item in &e.items {
        what.push_str("\n· ");
        what.push_str(item);
    }
    error_page(
        StatusCode::UNPROCESSABLE_ENTITY,
        "No se pudo abrir el caso",
        &what,
        e.help
            .as_deref()
            .unwrap_or("Revise el archivo del caso y vuelva a abrirlo."),
    )
}

// ---------------------------------------------------------------- fields

/// What a field of the form is.
#[derive(Clone, Copy)]
enum Kind {
    Item(Item),
    Type,
    Detail(&'static Prompt),
    Files,
}

/// One field of the form, as the page shows it for the case.
struct Field {
    name: &'static str,
    kind: Kind,
    label: &'static str,
    hint: &'static str,
    mandatory: bool,
    shown: bool,
}

/// The question of the case's type for `key` that would be asked if the
/// key had no answer yet: the one the form shows (a key may be asked in
/// two ways, as a description is optional until the symptom is «otro»).
fn question_for(case: &Case, request: RequestType, key: &str) -> Option<&'static Question> {
    let mut cleared = case.clone();
    let questions = request.questions.iter().filter(|q| q.key == key);
    for q in questions.clone() {
        q.prompt.clear(&mut cleared.details);
    }
    questions.into_iter().find(|q| (q.unanswered)(&cleared))
}

/// Every field the form may show, in the interview's order, each marked
/// shown or not for this case: the identification block (the DANE code
/// only where the interview asks it), the type, then the questions of the
/// case's type; mandatory as the interview has them.
fn fields(case: &Case) -> Vec<Field> {
    let request = case.request_type();
    let mut out = Vec::new();
    for item in Item::ALL {
        if item == Item::Ticket {
            continue;
        }
        let (label, _) = item.question();
        let mandatory = progress::mandatory(item, case);
        out.push(Field {
            name: item.key(),
            kind: Kind::Item(item),
            label,
            hint: item.hint(mandatory),
            mandatory,
            shown: progress::applies(item, case),
        });
    }
    out.push(Field {
        name: "tipo",
        kind: Kind::Type,
        label: "Tipo de solicitud",
        hint: "Qué necesita quien llama",
        mandatory: true,
        shown: true,
    });
    let mut seen: Vec<&str> = Vec::new();
    // The case's type first, in its order; the others' questions after it,
    // hidden, for the page to show if the type changes.
    let types = request.into_iter().chain(RequestType::ALL);
    for t in types {
        for q in t.questions {
            if seen.contains(&q.key) {
                continue;
            }
            seen.push(q.key);
            let asked = request.and_then(|r| question_for(case, r, q.key));
            let q = asked.unwrap_or(q);
            let (label, hint) = q.prompt.message();
            let label = label.trim_end_matches(':');
            let (kind, mandatory) = match &q.prompt {
                Prompt::Files { min, .. } => (Kind::Files, *min > 0),
                Prompt::Text { mandatory, .. } => (Kind::Detail(&q.prompt), *mandatory),
                _ => (Kind::Detail(&q.prompt), true),
            };
            // A list of files is not typed here: its question without
            // the terminal's «(ruta; vacío para terminar)».
            let label = match kind {
                Kind::Files => label.split(" (").next().unwrap_or(label),
                _ => label,
            };
            out.push(Field {
                name: q.key,
                kind,
                label,
                hint,
                mandatory,
                shown: asked.is_some(),
            });
        }
    }
    out
}

fn field<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == name)
}

/// Judges a typed answer as the terminal's prompt would: the value to keep,
/// or the sentence saying why not.
fn judge(case: &Case, f: &Field, value: &str) -> answers::Answer {
    match f.kind {
        Kind::Item(item) => match check_item(item, value)? {
            v if v.is_empty() && f.mandatory => Err(MANDATORY.to_string()),
            v => Ok(v),
        },
        Kind::Type => match RequestType::parse(value) {
            Some(t) => Ok(t.key().to_string()),
            None if value.trim().is_empty() => Err(MANDATORY.to_string()),
            None => Err(format!(
                "«{}» no es un tipo de solicitud; elija uno de la lista.",
                value.trim()
            )),
        },
        Kind::Detail(prompt) => prompt.check(&case.caller, value),
        Kind::Files => Err("Los archivos se adjuntan arrastrándolos o eligiéndolos.".into()),
    }
}

/// Stores an answer and records it as given, as the interview does (an
/// empty one is remembered as answered empty, not as never asked).
fn store(case: &mut Case, f: &Field, value: &str) {
    match f.kind {
        Kind::Item(item) => case.answer_item(item, value),
        Kind::Type => case.request = value.to_string(),
        Kind::Detail(prompt) => {
            prompt.store(&mut case.details, value);
            case.answered(Slot::Detail(f.name));
        }
        Kind::Files => case.answered(Slot::Detail(f.name)),
    }
}

/// The value a field shows: what the case holds (for a choice, the option
/// that stores it).
fn current(case: &Case, f: &Field) -> String {
    match f.kind {
        Kind::Item(item) => case.caller.get(item).to_string(),
        Kind::Type => case
            .request_type()
            .map_or_else(|| case.request.clone(), |t| t.key().to_string()),
        Kind::Detail(prompt @ Prompt::Choice { options, .. }) => options()
            .into_iter()
            .find(|o| {
                let mut d = case.details.clone();
                prompt.store(&mut d, o);
                d == case.details && !case.details.text(f.name).unwrap_or("").is_empty()
            })
            .map_or_else(
                || case.details.text(f.name).unwrap_or("").to_string(),
                str::to_string,
            ),
        Kind::Detail(_) => case.details.text(f.name).unwrap_or("").to_string(),
        Kind::Files => String::new(),
    }
}

// ------------------------------------------------------------- checklist

/// One line of the checklist: what it says, the field it is about, and
/// whether it may stay empty (an optional question not answered yet).
struct Missing {
    text: String,
    field: Option<&'static str>,
    optional: bool,
}

/// What is still missing, what to watch, and where the case would go.
struct Pending {
    missing: Vec<Missing>,
    warnings: Vec<String>,
    /// «Va a nivel 2 (mesa2@…)» once the checklist passes.
    destination: Option<String>,
}

/// The field of a step of the interview.
fn step_field(step: &Step) -> &'static str {
    match step {
        Step::Item { item, .. } => item.key(),
        Step::Request => "tipo",
        Step::Question(q) => q.key,
    }
}

/// How many files a list of a pending step holds when it is pending only
/// because it was left unfinished (every file there still exists).
fn unfinished_list(case: &Case, step: &Step) -> Option<usize> {
    let Step::Question(q) = step else {
        return None;
    };
    let files = case.details.files(q.key)?;
    let whole = files.iter().all(|p| case.resolve(p).is_file());
    (case.is_unfinished(q.slot()) && whole).then_some(files.len())
}

/// What the checklist needs: first what the interview would still ask
/// (`progress::pending`, in its order), then what `sigce escalar` would
/// refuse that is not one of those (a file that is gone, a destination
/// without an address).
fn pending(case: &Case, app: &Shared) -> Pending {
    let all = fields(case);
    let mut missing: Vec<Missing> = progress::pending(case)
        .iter()
        .filter_map(|step| {
            let f = field(&all, step_field(step))?;
            if let Some(n) = unfinished_list(case, step) {
                // Left midway in the terminal: what is there is enough to
                // escalate; one more upload (or a removal) ends the list.
                return Some(Missing {
                    text: format!(
                        "{}: la lista quedó a medias, con {}; adjunte los que falten, o escale así si no hay más.",
                        f.label,
                        spanish::count(n, "archivo", "archivos")
                    ),
                    field: Some(f.name),
                    optional: true,
                });
            }
            let optional = !f.mandatory;
            Some(Missing {
                text: format!(
                    "{}: sin responder{}.",
                    f.label,
                    if optional {
                        " (puede quedar vacío)"
                    } else {
                        ""
                    }
                ),
                field: Some(f.name),
                optional,
            })
        })
        .collect();
    let asked: Vec<&str> = missing.iter().filter_map(|m| m.field).collect();
    let mut refused = |lines: Vec<String>| {
        for text in lines.into_iter().filter(|l| !l.is_empty()) {
            let field = line_field(&text)
                .and_then(|k| field(&all, k))
                .map(|f| f.name);
            if field.is_some_and(|f| asked.contains(&f)) {
                continue;
            }
            missing.push(Missing {
                text,
                field,
                optional: false,
            });
        }
    };
    let ready = match checklist::check(case) {
        Err(e) if e.items.is_empty() => {
            refused(vec![e.message]);
            None
        }
        Err(e) => {
            refused(e.items);
            None
        }
        Ok(ready) => Some(ready),
    };
    let Some(ready) = ready else {
        return Pending {
            missing,
            warnings: Vec::new(),
            destination: None,
        };
    };
    let request = ready.request;
    let going = |d: Destination| {
        route::mailbox(d, &app.policy.mail, &ready.caller)
            .map(|m| format!("{} ({})", d.label(), escalation::mailbox_line(&m)))
    };
    let destination = if request.sends_forms() {
        match (going(Destination::Level2), going(Destination::Requester)) {
            (Ok(l2), Ok(back)) => Ok(format!(
                "Va a {l2} si todos los formatos se reciben; si alguno no, vuelve a {back} con el archivo de rechazos. Los formatos se validan al escalar."
            )),
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    } else {
        going(request.route(true)).map(|to| format!("Va a {to}. {}", request.reason))
    };
    let destination = match destination {
        Ok(d) => Some(d),
        Err(e) => {
            refused(vec![e.message]);
            None
        }
    };
    Pending {
        missing,
        warnings: ready.warnings,
        destination,
    }
}

/// The field a checklist line is about (`[llamante.cedula]` → `cedula`).
fn line_field(line: &str) -> Option<&str> {
    let start = line.find('[')? + 1;
    let end = start + line[start..].find([']', ' ', '/'])?;
    let key = &line[start..end];
    Some(key.rsplit('.').next().unwrap_or(key))
}

fn checklist_view(p: &Pending) -> Markup {
    html! {
        h2 #pendientes-titulo { "Lo que falta" }
        ul #pendientes {
            @for m in &p.missing {
                li data-pendiente=[m.field] data-opcional[m.optional] {
                    @match m.field {
                        Some(key) => { a href={ "#f-" (key) } { (m.text) } }
                        None => { (m.text) }
                    }
                }
            }
        }
        p #completo .notice.ok hidden[!p.missing.is_empty()] { "Está todo: el caso se puede escalar." }
        ul #avisos .warnings {
            @for w in &p.warnings { li { (w) } }
        }
    }
}

// ----------------------------------------------------------------- pages

/// The case files of the folder, newest first: (ticket, type, caller).
fn started_cases(dir: &FsPath) -> Vec<(String, String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, String, String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let ticket = ticket_of(name.strip_prefix("caso_")?.strip_suffix(".toml")?)?;
            let when = e.metadata().and_then(|m| m.modified()).ok()?;
            let case = file::load(&e.path()).ok();
            let kind = case
                .as_ref()
                .and_then(Case::request_type)
                .map_or("(sin tipo)", RequestType::label)
                .to_string();
            let who = case
                .map(|c| c.caller.get(Item::Nombre).to_string())
                .unwrap_or_default();
            Some((when, ticket, kind, who))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found
        .into_iter()
        .take(50)
        .map(|(_, t, k, w)| (t, k, w))
        .collect()
}

/// «Atender una llamada»: the ticket to start with, and the cases started.
pub async fn start(State(app): State<Shared>) -> Response {
    start_page(&app, "", None)
}

fn start_page(app: &Shared, typed: &str, error: Option<&str>) -> Response {
    let started = started_cases(&app.cases_dir);
    let (question, hint) = Item::Ticket.question();
    layout(
        TITLE,
        "/atender",
        html! {
            p.lead { "Las preguntas de «sigce atender», como un formulario: cada respuesta se revisa mientras se escribe y se guarda al pasar a la siguiente." }
            form.start method="post" action="/atender" {
                label for="ticket" { (question) }
                div.row {
                    input #ticket type="text" name="ticket" value=(typed) inputmode="numeric" autocomplete="off" required
                        aria-describedby="ticket-ayuda ticket-error" aria-invalid=[error.map(|_| "true")];
                    button type="submit" { "Empezar" }
                }
                p.hint #ticket-ayuda { (hint) ". Si el caso ya se empezó (aquí o en la ventana de comandos), se continúa." }
                p.msg.error #ticket-error role="alert" { @if let Some(e) = error { (e) } }
            }
            h2 { "Casos empezados en esta carpeta" }
            p.muted { "Carpeta: " (app.cases_dir.display()) }
            @if started.is_empty() {
                p.muted { "Todavía no hay casos (archivos caso_<ticket>.toml)." }
            } @else {
                table.cases {
                    thead { tr { th scope="col" { "Ticket" } th scope="col" { "Tipo" } th scope="col" { "Quien llama" } } }
                    tbody {
                        @for (t, k, w) in &started {
                            tr { td { a href={ "/atender/" (t) } { (t) } } td { (k) } td { (w) } }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}

#[derive(serde::Deserialize)]
pub struct Begin {
    #[serde(default)]
    ticket: String,
}

/// The ticket typed: the case file is created (or found) and the form opens.
pub async fn begin(State(app): State<Shared>, Form(b): Form<Begin>) -> Response {
    let ticket = match check_item(Item::Ticket, &b.ticket) {
        Ok(t) if t.is_empty() => return start_page(&app, &b.ticket, Some(MANDATORY)),
        Ok(t) => t,
        Err(why) => return start_page(&app, &b.ticket, Some(&why)),
    };
    match update(&app, &ticket, |_| (false, ())) {
        Ok(_) => Redirect::to(&format!("/atender/{ticket}")).into_response(),
        Err(e) => case_failed(&e),
    }
}

/// The case's form.
pub async fn page(State(app): State<Shared>, Path(ticket): Path<String>) -> Response {
    let Some(ticket) = ticket_of(&ticket) else {
        return super::not_found().await;
    };
    match load(&app, &ticket) {
        Ok(case) => case_page(&app, &case, &ticket, &[]).into_response(),
        Err(e) => case_failed(&e),
    }
}

fn input_for(f: &Field, value: &str, invalid: bool, described: &str) -> Markup {
    let id = format!("f-{}", f.name);
    let invalid = invalid.then_some("true");
    html! {
        @match f.kind {
            Kind::Type => {
                select id=(id) name=(f.name) aria-describedby=(described) aria-invalid=[invalid] {
                    option value="" selected[value.is_empty()] { "— Elija el tipo —" }
                    @for t in RequestType::ALL {
                        option value=(t.key()) selected[value == t.key()] { (t.label()) }
                    }
                }
            }
            Kind::Detail(Prompt::Choice { options, .. }) => {
                select id=(id) name=(f.name) aria-describedby=(described) aria-invalid=[invalid] {
                    option value="" selected[value.is_empty()] { "— Elija —" }
                    @for o in options() {
                        option value=(o) selected[value == o] { (o) }
                    }
                }
            }
            Kind::Detail(Prompt::Text { .. }) => {
                textarea id=(id) name=(f.name) rows="3" aria-describedby=(described) aria-invalid=[invalid] { (value) }
            }
            Kind::Item(Item::Poblacion) => {
                input id=(id) type="text" name=(f.name) value=(value) list="poblaciones" autocomplete="off"
                    aria-describedby=(described) aria-invalid=[invalid];
                datalist #poblaciones {
                    @for (_, kept) in POPULATIONS { option value=(kept) {} }
                }
            }
            _ => {
                input id=(id) type=(match f.kind {
                        Kind::Item(Item::Correo | Item::Usuario) => "email",
                        Kind::Item(Item::Telefono | Item::Celular) => "tel",
                        _ => "text",
                    })
                    name=(f.name) value=(value) autocomplete="off"
                    aria-describedby=(described) aria-invalid=[invalid];
            }
        }
    }
}

/// One field with its label, hint and message.
fn field_view(case: &Case, f: &Field, error: Option<&str>) -> Markup {
    let value = current(case, f);
    // A value already in the file (typed in the terminal, or by hand) is
    // judged as the form would judge it now.
    let error = error.map(str::to_string).or_else(|| {
        (!value.is_empty())
            .then(|| judge(case, f, &value).err())
            .flatten()
    });
    let described = format!("a-{0} m-{0}", f.name);
    html! {
        div.field #{ "w-" (f.name) } data-campo=(f.name) hidden[!f.shown] {
            label for={ "f-" (f.name) } {
                span.label-text { (f.label) }
                span.req hidden[!f.mandatory] { " (obligatorio)" }
            }
            (input_for(f, &value, error.is_some(), &described))
            p.hint #{ "a-" (f.name) } { (f.hint) }
            p.msg.error[error.is_some()] #{ "m-" (f.name) } aria-live="polite" { @if let Some(e) = &error { (e) } }
        }
    }
}

/// `edits`: the cells changed by hand in the case's forms (shown by each).
fn files_view(case: &Case, f: &Field, ticket: &str, edits: &CaseEdits) -> Markup {
    let files = case.details.files(f.name).unwrap_or(&[]);
    let accept = FILE_KEYS
        .iter()
        .find(|(k, _)| *k == f.name)
        .map_or("", |(_, a)| a);
    html! {
        section.field.files #{ "w-" (f.name) } data-campo=(f.name) hidden[!f.shown] {
            h3 #{ "t-" (f.name) } { span.label-text { (f.label) } span.req hidden[!f.mandatory] { " (obligatorio)" } }
            @if files.is_empty() {
                p.muted { "Ninguno todavía." }
            } @else {
                ul.attached {
                    @for (i, p) in files.iter().enumerate() {
                        li {
                            (p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()))
                            span.muted { " · " (case.resolve(p).display()) }
                            @let manual = edits.iter().find(|(e, _)| *e == case.resolve(p)).map_or(0, |(_, l)| l.len());
                            @if manual > 0 {
                                span.manual { " · " (manual) " " (crate::spanish::agree(manual, "celda corregida a mano", "celdas corregidas a mano")) " en «Validar formatos»: el correo a nivel 2 las lista" }
                            }
                            form.inline method="post" action={ "/atender/" (ticket) "/quitar/" (f.name) } {
                                input type="hidden" name="indice" value=(i);
                                button.link type="submit" aria-label={ "Quitar " (p.display()) } { "Quitar" }
                            }
                        }
                    }
                }
            }
            form.drop.attach method="post" enctype="multipart/form-data" action={ "/atender/" (ticket) "/adjuntos/" (f.name) } {
                label for={ "f-" (f.name) } {
                    "Arrastre aquí los archivos o "
                    span.pick { "elíjalos" }
                }
                input id={ "f-" (f.name) } type="file" name=(f.name) multiple accept=(accept) aria-describedby={ "a-" (f.name) };
                p.hint #{ "a-" (f.name) } { (f.hint) }
                button type="submit" { "Adjuntar" }
            }
        }
    }
}

fn case_page(app: &Shared, case: &Case, ticket: &str, errors: &[(&str, String)]) -> Markup {
    let all = fields(case);
    let p = pending(case, app);
    let saved = case_path(app, ticket);
    let edits = app.store.case_edits(ticket);
    let shown_error = |name: &str| {
        errors
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, e)| e.as_str())
    };
    let items = all.iter().filter(|f| matches!(f.kind, Kind::Item(_)));
    let details = all
        .iter()
        .filter(|f| matches!(f.kind, Kind::Type | Kind::Detail(_)));
    let files = all.iter().filter(|f| matches!(f.kind, Kind::Files));
    layout(
        &format!("{TITLE} · ticket {ticket}"),
        "/atender",
        html! {
            p.saved #guardado role="status" {
                @if saved.exists() { "Cada respuesta se guarda en " } @else { "Las respuestas se guardarán en " }
                code { (saved.display()) }
                ", el mismo archivo que «sigce atender --caso» continúa."
            }
            div.attend {
                div.answers {
                    form #atender method="post" action={ "/atender/" (ticket) } data-base={ "/atender/" (ticket) } novalidate {
                        fieldset {
                            legend { "Quién llama" }
                            p.fact { "Ticket: " strong { (ticket) } }
                            @for f in items { (field_view(case, f, shown_error(f.name))) }
                        }
                        fieldset {
                            legend { "La solicitud" }
                            @for f in details { (field_view(case, f, shown_error(f.name))) }
                        }
                        noscript { button type="submit" { "Guardar las respuestas" } }
                    }
                    @for f in files { (files_view(case, f, ticket, &edits)) }
                }
                aside.checklist aria-labelledby="pendientes-titulo" {
                    (checklist_view(&p))
                    section #escalar hidden[p.destination.is_none()] {
                        h2 { "Escalar" }
                        p #destino { @if let Some(d) = &p.destination { (d) } }
                        form method="post" action={ "/atender/" (ticket) "/escalar" } {
                            button type="submit" { "Escalar y preparar el correo" }
                        }
                    }
                }
            }
        },
    )
}

// --------------------------------------------------------------- answers

#[derive(serde::Deserialize)]
pub struct Answer {
    #[serde(default)]
    campo: String,
    #[serde(default)]
    valor: String,
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (status, axum::Json(value)).into_response()
}

/// An answer that could not even be judged.
fn not_judged(status: StatusCode, message: &str) -> Response {
    json(status, json!({"ok": false, "message": message}))
}

/// An answer judged as it is typed: nothing is saved.
pub async fn check(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    Form(a): Form<Answer>,
) -> Response {
    let Some(ticket) = ticket_of(&ticket) else {
        return not_judged(StatusCode::NOT_FOUND, "No hay tal caso.");
    };
    let case = match load(&app, &ticket) {
        Ok(c) => c,
        Err(e) => return not_judged(StatusCode::UNPROCESSABLE_ENTITY, &e.message),
    };
    let all = fields(&case);
    let Some(f) = field(&all, &a.campo) else {
        return unknown_field(&a.campo);
    };
    match judge(&case, f, &a.valor) {
        Ok(v) => json(StatusCode::OK, json!({"ok": true, "value": v})),
        Err(why) => json(StatusCode::OK, json!({"ok": false, "message": why})),
    }
}

fn unknown_field(name: &str) -> Response {
    not_judged(
        StatusCode::BAD_REQUEST,
        &format!(
            "«{}» no es una pregunta del caso.",
            crate::io_text::for_people(name)
        ),
    )
}

/// The state of the form after a change: what is shown, how it is labelled,
/// what is missing.
fn state_json(case: &Case, app: &Shared) -> serde_json::Value {
    let all = fields(case);
    let p = pending(case, app);
    json!({
        "shown": all.iter().filter(|f| f.shown).map(|f| f.name).collect::<Vec<_>>(),
        "labels": all.iter().map(|f| (f.name.to_string(), json!(f.label))).collect::<serde_json::Map<_, _>>(),
        "hints": all.iter().map(|f| (f.name.to_string(), json!(f.hint))).collect::<serde_json::Map<_, _>>(),
        "mandatory": all.iter().filter(|f| f.mandatory).map(|f| f.name).collect::<Vec<_>>(),
        "missing": p.missing.iter().map(|m| json!({"text": m.text, "field": m.field, "optional": m.optional})).collect::<Vec<_>>(),
        "warnings": p.warnings,
        "destination": p.destination,
    })
}

/// An answer given: judged, and saved at once when good.
pub async fn answer(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    Form(a): Form<Answer>,
) -> Response {
    let Some(ticket) = ticket_of(&ticket) else {
        return not_judged(StatusCode::NOT_FOUND, "No hay tal caso.");
    };
    let result = update(&app, &ticket, |case| {
        let all = fields(case);
        let Some(f) = field(&all, &a.campo) else {
            return (false, None);
        };
        let judged = judge(case, f, &a.valor);
        if let Ok(v) = &judged {
            store(case, f, v);
        }
        (judged.is_ok(), Some(judged))
    });
    match result {
        Err(e) => not_judged(StatusCode::UNPROCESSABLE_ENTITY, &e.message),
        Ok((_, None)) => unknown_field(&a.campo),
        Ok((case, Some(judged))) => {
            let mut state = state_json(&case, &app);
            match judged {
                Ok(v) => {
                    state["ok"] = json!(true);
                    state["value"] = json!(v);
                    state["saved"] = json!(format!(
                        "Guardado en {}.",
                        case_path(&app, &ticket).display()
                    ));
                }
                Err(why) => {
                    state["ok"] = json!(false);
                    state["message"] = json!(why);
                }
            }
            json(StatusCode::OK, state)
        }
    }
}

/// Without the page's script: every field sent at once, each judged and
/// saved as if given one by one; the page comes back with the refusals.
pub async fn save_all(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Response {
    let Some(ticket) = ticket_of(&ticket) else {
        return super::not_found().await;
    };
    let result = update(&app, &ticket, |case| {
        let mut refused: Vec<(&'static str, String)> = Vec::new();
        let mut changed = false;
        // The type first: it decides which questions the others answer.
        let mut sent = sent.clone();
        sent.sort_by_key(|(name, _)| name != "tipo");
        for (name, value) in &sent {
            let all = fields(case);
            let Some(f) = field(&all, name) else { continue };
            if current(case, f) == *value {
                continue;
            }
            match judge(case, f, value) {
                Ok(v) => {
                    store(case, f, &v);
                    changed = true;
                }
                Err(why) => refused.push((f.name, why)),
            }
        }
        (changed, refused)
    });
    match result {
        Ok((case, refused)) => case_page(&app, &case, &ticket, &refused).into_response(),
        Err(e) => case_failed(&e),
    }
}

// ----------------------------------------------------------- attachments

fn files_key(key: &str) -> Option<&'static str> {
    FILE_KEYS.iter().find(|(k, _)| *k == key).map(|(k, _)| *k)
}

/// Files dropped on a list: streamed to the private folder within the
/// command line's limits, then copied beside the case
/// (`adjuntos_<ticket>/`) and added to the case file, which is saved.
/// An upload is a whole answer (the page shows the list, and more can be
/// added at any time): it ends a list the terminal left unfinished.
pub async fn attach(
    State(app): State<Shared>,
    Path((ticket, key)): Path<(String, String)>,
    multipart: Multipart,
) -> Response {
    let (Some(ticket), Some(key)) = (ticket_of(&ticket), files_key(&key)) else {
        return super::not_found().await;
    };
    // Forms are read by the validator, bounded by --limite-mb; any other
    // attachment also by what an e-mail can carry.
    let limit = match key {
        "formatos" => app.limits.max_part_bytes,
        _ => app.limits.max_part_bytes.min(MAX_ATTACHMENT_BYTES),
    };
    let temp = match app.store.new_dir("adjunto") {
        Ok(d) => d,
        Err(e) => return write_failed(app.store.root(), e),
    };
    let received = upload::receive(multipart, &temp, limit, key).await;
    let result = received.map(|fields| keep_files(&app, &ticket, key, &fields.files, |_| Ok(())));
    let _ = std::fs::remove_dir_all(&temp);
    match result {
        Err(refused) => error_page(
            refused.status,
            "No se adjuntó el archivo",
            &refused.message,
            "Vuelva al caso y adjunte otro archivo; lo demás del caso sigue guardado.",
        ),
        Ok(Err(e)) => case_failed(&e),
        Ok(Ok(_)) => Redirect::to(&format!("/atender/{ticket}#w-{key}")).into_response(),
    }
}

/// Copies `files` ((name sent, where it is)) beside the case
/// (`adjuntos_<ticket>/`, never over another file) and adds the copies to
/// its list `key`, saving the case; `prepare` may refuse the case first.
/// The copies, in order.
fn keep_files(
    app: &Shared,
    ticket: &str,
    key: &'static str,
    files: &[(String, PathBuf)],
    prepare: impl FnOnce(&mut Case) -> Result<(), CaseError>,
) -> Result<Vec<PathBuf>, CaseError> {
    let keep_dir = app.cases_dir.join(format!("adjuntos_{ticket}"));
    let (_, copied) = update(app, ticket, |case| {
        if let Err(e) = prepare(case) {
            return (false, Err(e));
        }
        let mut copied = Vec::new();
        for (sent, path) in files {
            let name = upload::safe_name(sent);
            let copy = std::fs::create_dir_all(&keep_dir)
                .and_then(|_| {
                    let to = upload::unique(&keep_dir, &name);
                    std::fs::copy(path, &to).map(|_| to)
                })
                .map_err(|e| crate::commands::escalate::write_error(&keep_dir, e));
            match copy {
                Ok(to) => copied.push(to),
                Err(e) => {
                    let some = !copied.is_empty();
                    if let Some(list) = case.details.files_mut(key) {
                        list.extend(copied);
                    }
                    return (some, Err(e));
                }
            }
        }
        let n = copied.len();
        if let Some(list) = case.details.files_mut(key) {
            list.extend(copied.iter().cloned());
        }
        case.answered(Slot::Detail(key));
        (n > 0, Ok(copied))
    })?;
    copied
}

#[derive(serde::Deserialize)]
pub struct UseInCase {
    #[serde(default)]
    ticket: String,
}

/// «Usar este formato en un caso»: the uploaded form, as the school sent
/// it, attached to the ticket's case (opened if new, as a user-creation
/// case), and the cells changed by hand in the upload carried with it for
/// its escalation (`Store::add_case_edits`): the e-mail lists them and the
/// clean file has them, the form itself is never changed.
pub async fn use_in_case(
    State(app): State<Shared>,
    Path((batch, file)): Path<(String, usize)>,
    Form(u): Form<UseInCase>,
) -> Response {
    let Some(b) = app.store.batch(&batch) else {
        return super::not_found().await;
    };
    let Some(view) = b.files.get(file) else {
        return super::not_found().await;
    };
    let typed = u.ticket.trim();
    let read = b.ticket.clone().or_else(|| {
        view.result
            .outcome
            .as_ref()
            .ok()
            .and_then(|f| f.ticket.clone())
    });
    let Some(ticket) = (if typed.is_empty() {
        read.as_deref()
    } else {
        Some(typed)
    })
    .and_then(ticket_of) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "No se usó el formato en un caso",
            &if typed.is_empty() {
                "El formato no dice de qué ticket es.".to_string()
            } else {
                format!(
                    "«{}» no es un número de ticket.",
                    crate::io_text::for_people(typed)
                )
            },
            "Vuelva al resultado de la validación y escriba el número del ticket (solo los dígitos).",
        );
    };
    let worker = app.clone();
    let t = ticket.clone();
    let done = tokio::task::spawn_blocking(move || {
        let app = worker;
        // The upload as it is now: a correction being made finishes first.
        let editing = b.editing.clone();
        let _turn = editing.lock().unwrap_or_else(|e| e.into_inner());
        let b = app.store.batch(&batch).unwrap_or(b);
        let input = b.inputs.get(file).cloned().unwrap_or_default();
        let name = b.files.get(file).map(|f| f.name.clone()).unwrap_or_default();
        let edits: Vec<_> = b
            .edits
            .iter()
            .filter(|(p, _)| *p == input)
            .flat_map(|(_, list)| list.iter().cloned())
            .collect();
        let copied = keep_files(&app, &t, "formatos", &[(name, input)], |case| {
            match case.request_type() {
                None if case.request.trim().is_empty() => {
                    case.request = "creacion_usuarios".to_string();
                    Ok(())
                }
                Some(r) if r.sends_forms() => Ok(()),
                _ => {
                    let mut e = CaseError::new(
                        code::CASO_INVALIDO,
                        format!(
                            "El caso del ticket {t} es de otro tipo de solicitud («{}»): un formato de creación de usuarios no va en él. No se adjuntó nada.",
                            case.request
                        ),
                    );
                    e.help = Some("Revise el número del ticket; si es ese, cambie el tipo de solicitud del caso en «Atender» y vuelva a usar el formato.".to_string());
                    Err(e)
                }
            }
        })?;
        if let Some(form) = copied.into_iter().next()
            && !edits.is_empty()
        {
            app.store.add_case_edits(&t, form, edits);
        }
        Ok::<(), CaseError>(())
    })
    .await;
    match done {
        Ok(Ok(())) => Redirect::to(&format!("/atender/{ticket}#w-formatos")).into_response(),
        Ok(Err(e)) => case_failed(&e),
        Err(_) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "No se usó el formato en un caso",
            "Se interrumpió por un error interno; el caso quedó como estaba.",
            "Vuelva al resultado de la validación e intente de nuevo.",
        ),
    }
}

fn write_failed(dir: &FsPath, e: std::io::Error) -> Response {
    case_failed(&crate::commands::escalate::write_error(dir, e))
}

#[derive(serde::Deserialize)]
pub struct Detach {
    indice: usize,
}

/// Takes a file off a list (the copy beside the case stays).
pub async fn detach(
    State(app): State<Shared>,
    Path((ticket, key)): Path<(String, String)>,
    Form(d): Form<Detach>,
) -> Response {
    let (Some(ticket), Some(key)) = (ticket_of(&ticket), files_key(&key)) else {
        return super::not_found().await;
    };
    let result = update(&app, &ticket, |case| match case.details.files_mut(key) {
        Some(list) if d.indice < list.len() => {
            list.remove(d.indice);
            case.answered(Slot::Detail(key));
            (true, ())
        }
        _ => (false, ()),
    });
    match result {
        Ok(_) => Redirect::to(&format!("/atender/{ticket}#w-{key}")).into_response(),
        Err(e) => case_failed(&e),
    }
}

// ------------------------------------------------------------ escalation

#[derive(serde::Deserialize)]
pub struct Escalate {
    #[serde(default)]
    reenviar: String,
}

/// What to do after a refusal, said for the page (the library's help
/// speaks of the command line's flags).
fn web_help(e: &CaseError, ticket: &str) -> String {
    match e.code {
        code::YA_ESCALADO => "Vea lo enviado en «Casos». Si de verdad hay que enviarlo otra vez, use el botón de abajo.".to_string(),
        code::CASO_CERRADO => format!("El caso está cerrado. Si hay que seguir con él, reábralo desde la ventana de comandos con «sigce casos reabrir {ticket} --nota MOTIVO» y vuelva a escalar."),
        code::CASO_INCOMPLETO => "Vuelva al caso y complete lo que falta; no se escribió ningún correo.".to_string(),
        _ => e.help.clone().unwrap_or_else(|| "Vuelva al caso y revise lo que dice arriba.".to_string()),
    }
}

/// «Escalar»: the terminal's end of the intake on the saved case file.
pub async fn escalate(
    State(app): State<Shared>,
    Path(ticket): Path<String>,
    Form(form): Form<Escalate>,
) -> Response {
    let Some(ticket) = ticket_of(&ticket) else {
        return super::not_found().await;
    };
    let resend = form.reenviar == "si";
    let worker = app.clone();
    let t = ticket.clone();
    let done = tokio::task::spawn_blocking(move || {
        let app = worker;
        let _held = app.cases_lock.lock().unwrap_or_else(|e| e.into_inner());
        let path = case_path(&app, &t);
        if !path.exists() {
            return Err(CaseError::new(
                code::CASO_INCOMPLETO,
                format!("El caso del ticket {t} no tiene respuestas guardadas todavía."),
            ));
        }
        let saved = file::load(&path)?;
        attend::escalate_saved(
            &saved,
            app.cases_dir.clone(),
            app.ledger.clone(),
            resend,
            app.policy,
            &app.store.case_edits(&t),
        )
    })
    .await;
    let outcome = match done {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return refused(&e, &ticket),
        Err(_) => {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "No se escaló el caso",
                "El escalamiento se interrumpió por un error interno; no se registró nada a medias.",
                "Vuelva al caso e intente de nuevo.",
            );
        }
    };
    let id = match super::offer_mail(
        &app,
        &ticket,
        &outcome.draft,
        &outcome.path,
        (outcome.destination.label(), outcome.reason),
        outcome.warnings.clone(),
    ) {
        Ok(id) => id,
        Err(e) => return write_failed(app.store.root(), e),
    };
    Redirect::to(&format!("/atender/{ticket}/correo/{id}")).into_response()
}

fn refused(e: &CaseError, ticket: &str) -> Response {
    let status = match e.code {
        code::YA_ESCALADO | code::CASO_CERRADO => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = layout(
        "El caso no se escaló",
        "/atender",
        html! {
            div.notice.error role="alert" {
                p { (e.message) }
                @if !e.items.is_empty() {
                    ul { @for i in &e.items { li { (i) } } }
                }
                p { strong { "Qué hacer: " } (web_help(e, ticket)) }
            }
            @if e.code == code::YA_ESCALADO {
                form method="post" action={ "/atender/" (ticket) "/escalar" } {
                    input type="hidden" name="reenviar" value="si";
                    button type="submit" { "Escalar otra vez de todos modos" }
                }
            }
            p { a href={ "/atender/" (ticket) } { "← Volver al caso" } }
        },
    );
    (status, page).into_response()
}

/// The e-mail of an escalation: where it went and why, its preview, the .eml.
pub async fn sent(
    State(app): State<Shared>,
    Path((ticket, id)): Path<(String, String)>,
) -> Response {
    let Some(s) = app.store.sent(&id).filter(|s| s.ticket == ticket) else {
        return super::not_found().await;
    };
    layout(
        &format!("Correo listo · ticket {}", s.ticket),
        "/atender",
        html! {
            (super::mail_preview(&s, html! {
                    p { "El caso quedó en el historial como escalado a " strong { (s.destination) } ". " (s.reason) }
            }))
            p {
                a href="/atender" { "Atender otra llamada" } " · "
                a href={ "/casos/" (s.ticket) } { "Ver el caso en «Casos»" }
            }
        },
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checklist_line_names_its_field() {
        assert_eq!(
            line_field("Cédula [llamante.cedula]: falta."),
            Some("cedula")
        );
        assert_eq!(
            line_field("Teléfono o celular [llamante.telefono / llamante.celular]: falta"),
            Some("telefono")
        );
        assert_eq!(line_field("Tipo de solicitud [tipo]: falta"), Some("tipo"));
        assert_eq!(
            line_field("Síntoma [solicitud.sintoma]: falta"),
            Some("sintoma")
        );
        assert_eq!(line_field("sin corchetes"), None);
    }

    #[test]
    fn only_a_ticket_of_digits_names_a_case() {
        assert_eq!(ticket_of("108805").as_deref(), Some("108805"));
        for bad in ["", "../x", "108805.toml", "#108805", "1 2"] {
            assert_eq!(ticket_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_the_questions_of_the_type_are_shown() {
        let mut case = Case {
            request: "incidente_modulo".into(),
            ..Case::default()
        };
        let shown: Vec<&str> = fields(&case)
            .iter()
            .filter(|f| f.shown)
            .map(|f| f.name)
            .collect();
        // In the interview's order for the type.
        let details: Vec<&str> = shown
            .iter()
            .copied()
            .skip_while(|n| *n != "tipo")
            .skip(1)
            .collect();
        assert_eq!(
            details,
            ["modulo", "descripcion", "procedimiento", "capturas"]
        );
        // A list of files is not asked for by its path.
        let all = fields(&case);
        assert_eq!(
            field(&all, "capturas").unwrap().label,
            "Captura de pantalla completa"
        );
        assert!(!shown.contains(&"sintoma") && !shown.contains(&"formatos"));
        assert!(!shown.contains(&"dane"), "not a school");
        case.caller.set(Item::Poblacion, "Colegio");
        case.request = "conectividad".into();
        let all = fields(&case);
        assert!(field(&all, "dane").unwrap().shown);
        let description = field(&all, "descripcion").unwrap();
        assert!(description.shown && !description.mandatory);
        case.details.symptom = "otro".into();
        let all = fields(&case);
        let description = field(&all, "descripcion").unwrap();
        assert!(description.mandatory, "with «otro» it must be described");
        assert!(!field(&all, "modulo").unwrap().shown);
    }

    #[test]
    fn a_choice_shows_the_option_that_stores_the_kept_value() {
        let mut case = Case {
            request: "conectividad".into(),
            ..Case::default()
        };
        case.details.symptom = "se_queda_pensando".into();
        let all = fields(&case);
        assert_eq!(
            current(&case, field(&all, "sintoma").unwrap()),
            "El sistema se queda pensando"
        );
    }
}
