//! «Atender una llamada» in `sigce web`, against the real server: its pages
//! render, an answer is judged by the same check as `sigce atender` (with
//! the same Spanish sentence), a case saved after one answer is the
//! terminal's case file (and one started in the terminal continues in the
//! page), a cross-origin POST changes nothing, attachments are bounded and
//! kept beside the case, and «Escalar» writes the .eml and the ledger's row
//! as `sigce escalar` does.

mod common;
#[path = "common/web.rs"]
#[allow(dead_code)] // each test file uses part of the harness
mod server;

use common::{Workdir, assert_exit, casos};
use server::{Reply, Server};
use sigce::case::Item;
use sigce::case::answers::check_item;

const FORM: &str = "application/x-www-form-urlencoded";

fn start(w: &Workdir, args: &[&str]) -> Server {
    let ledger = w.path("historial.sqlite3");
    let mut all = vec!["--historial", ledger.to_str().unwrap()];
    all.extend_from_slice(args);
    Server::start(&w.path(""), &all)
}

fn encode(pairs: &[(&str, &str)]) -> Vec<u8> {
    let part = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", part(k), part(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

fn post(s: &Server, path: &str, pairs: &[(&str, &str)]) -> Reply {
    s.post(path, FORM, &encode(pairs), Some(&s.origin()))
}

fn json(r: &Reply) -> serde_json::Value {
    assert_eq!(r.status, 200, "{}", r.text());
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.text()))
}

/// Gives one answer; it must be accepted.
fn answer(s: &Server, ticket: &str, field: &str, value: &str) -> serde_json::Value {
    let reply = json(&post(
        s,
        &format!("/atender/{ticket}/responder"),
        &[("campo", field), ("valor", value)],
    ));
    assert_eq!(reply["ok"], true, "{field}={value}: {reply}");
    reply
}

/// The checklist's lines: (field, text, whether it may stay empty).
fn missing(reply: &serde_json::Value) -> Vec<(String, String, bool)> {
    reply["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["field"].as_str().unwrap_or("").to_string(),
                m["text"].as_str().unwrap().to_string(),
                m["optional"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn fields_of(missing: &[(String, String, bool)]) -> Vec<&str> {
    missing.iter().map(|(f, _, _)| f.as_str()).collect()
}

fn location(r: &Reply) -> String {
    assert_eq!(r.status, 303, "{}", r.text());
    r.header("location").unwrap().to_string()
}

/// The identification block of a caller from a secretariat (no DANE).
const CALLER: &[(&str, &str)] = &[
    ("cedula", "52.123.456"),
    ("nombre", "ANA PEREZ"),
    ("cargo", "PROFESIONAL"),
    ("telefono", ""),
    ("celular", "310 123 4567"),
    ("correo", "Ana.Perez@SED.gov.co"),
    ("usuario", "ana.perez@sed.gov.co"),
    ("poblacion", "Secretaría de Educación"),
    ("ciudad", "Medellín"),
];

#[test]
fn every_atender_page_renders_and_a_ticket_opens_its_case() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let r = s.get("/atender");
    assert_eq!(r.status, 200);
    // Regression: with «no-referrer» the browser sent «Origin: null» with
    // the page's plain form posts, and they were refused as cross-origin.
    assert_eq!(r.header("referrer-policy"), Some("same-origin"));
    assert!(
        r.text().contains("<h1>Atender una llamada</h1>"),
        "{}",
        r.text()
    );
    assert!(!r.text().contains("<script>"));
    // The menu and the home page lead to it.
    let home = s.get("/").text();
    assert!(home.contains("href=\"/atender\""), "{home}");
    assert!(!home.contains("use por ahora «sigce atender»"));

    // A ticket that is not one is refused with the ticket's own sentence.
    let r = post(&s, "/atender", &[("ticket", "10880A")]);
    assert_eq!(r.status, 200);
    let said = check_item(Item::Ticket, "10880A").unwrap_err();
    assert!(r.text().contains(&said), "{}", r.text());

    let to = location(&post(&s, "/atender", &[("ticket", "# 300.700")]));
    assert_eq!(to, "/atender/300700");
    assert!(w.path("caso_300700.toml").is_file(), "saved from the start");
    let page = s.get(&to);
    assert_eq!(page.status, 200);
    let text = page.text();
    for shown in [
        "Quién llama",
        "Cédula de quien llama",
        "Tipo de solicitud",
        "Lo que falta",
    ] {
        assert!(text.contains(shown), "{shown}");
    }
    // The case started is listed on the first page.
    assert!(
        s.get("/atender")
            .text()
            .contains("href=\"/atender/300700\"")
    );
    // No path reaches the filesystem: a ticket is digits or nothing.
    for bad in [
        "/atender/..%2Fsigce",
        "/atender/abc",
        "/atender/300700/correo/123",
    ] {
        assert_eq!(s.get(bad).status, 404, "{bad}");
    }
}

#[test]
fn an_answer_is_checked_as_typed_by_the_rules_of_sigce_atender() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300701")]));
    let check = |field: &str, value: &str| {
        json(&post(
            &s,
            "/atender/300701/comprobar",
            &[("campo", field), ("valor", value)],
        ))
    };
    let good = check("cedula", "52.123.456");
    assert_eq!(good["ok"], true);
    assert_eq!(good["value"], "52123456");
    for (field, item, bad) in [
        ("cedula", Item::Cedula, "52-ABC"),
        ("dane", Item::Dane, "12345"),
        ("celular", Item::Celular, "3101234567 3207654321"),
        ("correo", Item::Correo, "ana perez@colegio"),
    ] {
        let r = check(field, bad);
        assert_eq!(r["ok"], false, "{field}");
        assert_eq!(
            r["message"].as_str().unwrap(),
            check_item(item, bad).unwrap_err(),
            "{field}: the terminal's sentence"
        );
    }
    // A mandatory answer left empty, as the terminal refuses it.
    assert_eq!(check("nombre", " ")["message"], "Este dato es obligatorio.");
    // The type's questions judge theirs: a module of the list only.
    answer(&s, "300701", "tipo", "incidente_modulo");
    let r = check("modulo", "Matrícula");
    assert_eq!(r["ok"], false);
    assert!(r["message"].as_str().unwrap().contains("Evaluaciones"));
    // Checking saves nothing.
    let case = std::fs::read_to_string(w.path("caso_300701.toml")).unwrap();
    assert!(case.contains("cedula = \"\""), "{case}");
    // A question the case does not have is refused.
    let r = post(
        &s,
        "/atender/300701/comprobar",
        &[("campo", "clave"), ("valor", "x")],
    );
    assert_eq!(r.status, 400);
}

#[test]
fn a_case_saved_after_one_answer_is_the_terminals_case_file() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300702")]));
    let reply = answer(&s, "300702", "cedula", "52.123.456");
    assert_eq!(reply["value"], "52123456");
    assert!(
        reply["saved"]
            .as_str()
            .unwrap()
            .contains("caso_300702.toml")
    );
    // The checklist no longer asks for it.
    let missing = missing(&reply);
    let fields = fields_of(&missing);
    assert!(!fields.contains(&"cedula"), "{missing:?}");
    assert!(fields.contains(&"nombre"), "{missing:?}");
    assert!(missing.contains(&(
        "nombre".into(),
        "Nombre completo: sin responder.".into(),
        false
    )));
    // An item that may stay empty says so.
    assert!(
        missing.iter().any(|(f, t, optional)| f == "telefono"
            && *optional
            && t.contains("puede quedar vacío")),
        "{missing:?}"
    );

    // The terminal's own reader reads it.
    let path = w.path("caso_300702.toml");
    let case = sigce::case::file::load(&path).unwrap();
    assert_eq!(case.caller.get(Item::Cedula), "52123456");
    assert_eq!(case.caller.ticket(), "300702");
    // A wrong answer is not saved over the good one.
    let r = json(&post(
        &s,
        "/atender/300702/responder",
        &[("campo", "cedula"), ("valor", "52a")],
    ));
    assert_eq!(r["ok"], false);
    let case = sigce::case::file::load(&path).unwrap();
    assert_eq!(case.caller.get(Item::Cedula), "52123456");
    // `sigce atender --caso` takes it, and names only what is still missing.
    let out = w
        .sigce()
        .args(["atender", "--caso", "caso_300702.toml", "--historial"])
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("llamante.nombre"), "{said}");
    assert!(!said.contains("llamante.cedula"), "{said}");
}

#[test]
fn only_the_questions_of_the_request_type_are_shown() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300703")]));
    let shown = |r: &serde_json::Value| -> Vec<String> {
        r["shown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let r = answer(&s, "300703", "tipo", "conectividad");
    let now = shown(&r);
    assert!(now.contains(&"sintoma".to_string()), "{now:?}");
    assert!(!now.contains(&"modulo".to_string()) && !now.contains(&"formatos".to_string()));
    let r = answer(&s, "300703", "tipo", "incidente_modulo");
    let now = shown(&r);
    for key in ["modulo", "descripcion", "procedimiento", "capturas"] {
        assert!(now.contains(&key.to_string()), "{key}: {now:?}");
    }
    assert!(!now.contains(&"sintoma".to_string()));
    // The DANE code is asked of a school only.
    assert!(!now.contains(&"dane".to_string()));
    let r = answer(&s, "300703", "poblacion", "Colegio");
    assert!(shown(&r).contains(&"dane".to_string()));
    // The page itself hides the others.
    let page = s.get("/atender/300703").text();
    assert!(
        page.contains("id=\"w-sintoma\" data-campo=\"sintoma\" hidden"),
        "{page}"
    );
    assert!(!page.contains("id=\"w-modulo\" data-campo=\"modulo\" hidden"));
}

#[test]
fn a_post_from_another_origin_changes_nothing() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300704")]));
    let before = std::fs::read(w.path("caso_300704.toml")).unwrap();
    for path in [
        "/atender/300704/responder",
        "/atender/300704/comprobar",
        "/atender/300704/escalar",
        "/atender/300704",
    ] {
        let body = encode(&[("campo", "cedula"), ("valor", "52123456")]);
        let r = s.post(path, FORM, &body, Some("http://sitio-ajeno.example"));
        assert_eq!(r.status, 403, "{path}");
        let r = s.post(path, FORM, &body, None);
        assert_eq!(r.status, 403, "{path}");
    }
    let r = s.post(
        "/atender",
        FORM,
        b"ticket=300705",
        Some("http://sitio-ajeno.example"),
    );
    assert_eq!(r.status, 403);
    assert!(!w.path("caso_300705.toml").exists());
    assert_eq!(std::fs::read(w.path("caso_300704.toml")).unwrap(), before);
}

#[test]
fn without_the_script_the_whole_form_is_saved_and_refusals_are_shown() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300706")]));
    let r = post(
        &s,
        "/atender/300706",
        &[
            ("nombre", "ANA PEREZ"),
            ("cedula", "52a"),
            ("tipo", "conectividad"),
        ],
    );
    assert_eq!(r.status, 200);
    assert!(
        r.text()
            .contains(&check_item(Item::Cedula, "52a").unwrap_err())
    );
    let case = sigce::case::file::load(&w.path("caso_300706.toml")).unwrap();
    assert_eq!(case.caller.get(Item::Nombre), "ANA PEREZ");
    assert_eq!(case.request, "conectividad");
    assert_eq!(case.caller.get(Item::Cedula), "");
}

#[test]
fn an_attachment_is_kept_beside_the_case_within_the_limits() {
    let w = Workdir::new();
    let s = start(&w, &["--limite-mb", "1"]);
    location(&post(&s, "/atender", &[("ticket", "300707")]));
    answer(&s, "300707", "tipo", "incidente_modulo");
    let png = std::fs::read(casos().join("captura_error_pmi.png")).unwrap();
    let (ct, body) = server::multipart_as("capturas", &[("../error PMI.png", &png)], &[]);
    let r = s.post(
        "/atender/300707/adjuntos/capturas",
        &ct,
        &body,
        Some(&s.origin()),
    );
    assert_eq!(location(&r), "/atender/300707#w-capturas");
    let kept = w.path("adjuntos_300707/error PMI.png");
    assert_eq!(std::fs::read(&kept).unwrap(), png);
    let case = sigce::case::file::load(&w.path("caso_300707.toml")).unwrap();
    assert_eq!(case.details.screenshots, vec![kept.clone()]);
    assert!(s.get("/atender/300707").text().contains("error PMI.png"));

    // From another origin: refused.
    let (ct, body) = server::multipart_as("capturas", &[("otra.png", &png)], &[]);
    let r = s.post(
        "/atender/300707/adjuntos/capturas",
        &ct,
        &body,
        Some("http://sitio-ajeno.example"),
    );
    assert_eq!(r.status, 403);
    // Taken off the list again.
    let r = post(&s, "/atender/300707/quitar/capturas", &[("indice", "0")]);
    assert_eq!(location(&r), "/atender/300707#w-capturas");
    let case = sigce::case::file::load(&w.path("caso_300707.toml")).unwrap();
    assert!(case.details.screenshots.is_empty());
    // Over the limit of the command line: refused, nothing kept (last:
    // the server closes that connection without reading the rest).
    let big = vec![b'a'; 2 * 1024 * 1024];
    let (ct, body) = server::multipart_as("capturas", &[("grande.png", &big)], &[]);
    let r = s.post(
        "/atender/300707/adjuntos/capturas",
        &ct,
        &body,
        Some(&s.origin()),
    );
    assert_eq!(r.status, 413);
    assert!(r.text().contains("pesa más de 1 MB"), "{}", r.text());
    assert!(!w.path("adjuntos_300707/grande.png").exists());
    let case = sigce::case::file::load(&w.path("caso_300707.toml")).unwrap();
    assert!(case.details.screenshots.is_empty());
}

#[test]
fn escalating_writes_the_eml_and_the_ledger_row_as_sigce_escalar_does() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300708")]));
    for (field, value) in CALLER {
        answer(&s, "300708", field, value);
    }
    answer(&s, "300708", "tipo", "incidente_modulo");
    answer(&s, "300708", "modulo", "Evaluaciones");
    answer(
        &s,
        "300708",
        "descripcion",
        "No guarda las notas del tercer periodo.",
    );
    let last = answer(
        &s,
        "300708",
        "procedimiento",
        "Evaluaciones > Notas > Guardar.",
    );
    // Only the screenshot is left, and it may stay empty: the case can go.
    assert_eq!(fields_of(&missing(&last)), ["capturas"]);
    assert!(missing(&last)[0].2);
    assert!(
        last["destination"].as_str().unwrap().contains("nivel 2"),
        "{last}"
    );
    assert!(
        last["warnings"][0].as_str().unwrap().contains("captura"),
        "{last}"
    );
    let png = std::fs::read(casos().join("captura_error_pmi.png")).unwrap();
    let (ct, body) = server::multipart_as("capturas", &[("error.png", &png)], &[]);
    location(&s.post(
        "/atender/300708/adjuntos/capturas",
        &ct,
        &body,
        Some(&s.origin()),
    ));

    let to = location(&post(&s, "/atender/300708/escalar", &[]));
    assert!(to.starts_with("/atender/300708/correo/"), "{to}");
    let page = s.get(&to);
    assert_eq!(page.status, 200);
    let text = page.text();
    for said in [
        "nivel 2",
        "Para",
        "Asunto",
        "Incidente de módulo: Evaluaciones",
        "error.png",
        "No guarda las notas",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    // The .eml beside the case, and the same bytes by download id.
    let written = w.path("ticket_300708_nivel2.eml");
    let bytes = std::fs::read(&written).expect("the .eml beside the case");
    let id = text
        .split("href=\"/descargar/")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap();
    let got = s.get(&format!("/descargar/{id}"));
    assert_eq!(got.status, 200);
    assert_eq!(got.body, bytes);
    let mail = mail_parser::MessageParser::default()
        .parse(&got.body)
        .unwrap();
    assert_eq!(
        mail.subject().unwrap(),
        "[SIGCE] Ticket 300708 - Incidente de módulo: Evaluaciones"
    );
    assert!(
        mail.body_text(0)
            .unwrap()
            .contains("Evaluaciones > Notas > Guardar.")
    );
    assert_eq!(mail.attachments().count(), 1);

    // The ledger has it as `sigce escalar` records it.
    let out = w
        .sigce()
        .args(["historial", "300708", "--historial"])
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("300708") && said.contains("→ nivel2"),
        "{said}"
    );
    let board = s.get("/casos").text();
    assert!(board.contains("/casos/300708"), "{board}");

    // Again: refused in Spanish, with the way to send it anyway.
    let again = post(&s, "/atender/300708/escalar", &[]);
    assert_eq!(again.status, 409);
    let text = again.text();
    assert!(text.contains("ya se escaló a nivel 2"), "{text}");
    assert!(
        !text.contains("YA_ESCALADO") && !text.contains("--reenviar"),
        "{text}"
    );
    assert!(text.contains("name=\"reenviar\" value=\"si\""), "{text}");
    let to = location(&post(&s, "/atender/300708/escalar", &[("reenviar", "si")]));
    assert!(to.starts_with("/atender/300708/correo/"));
}

#[test]
fn a_case_not_complete_is_not_escalated() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "300709")]));
    let r = post(&s, "/atender/300709/escalar", &[]);
    assert_eq!(r.status, 422);
    assert!(r.text().contains("llamante.cedula"), "{}", r.text());
    assert!(
        !w.path("historial.sqlite3").exists() || {
            let out = w
                .sigce()
                .args(["historial", "300709", "--historial"])
                .arg(w.path("historial.sqlite3"))
                .output()
                .unwrap();
            !String::from_utf8_lossy(&out.stdout).contains("nivel 2")
        }
    );
}

/// A case left in the terminal (Esc after three answers) continues in the
/// page, and one finished in the page escalates from the terminal.
#[cfg(unix)]
#[test]
fn a_case_started_in_the_terminal_continues_in_the_page_and_back() {
    const SHOW_CURSOR: &str = "\u{1b}[?25h";

    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    let (mut p, raw) = common::atender_in_pty(&w, &["--historial".as_ref(), ledger.as_os_str()]);
    let mut say = |prompt: &str, text: &str| {
        p.exp_string(&raw(prompt)).unwrap();
        p.exp_string(SHOW_CURSOR).unwrap();
        p.send(text).unwrap();
        p.flush().unwrap();
    };
    say("Número de ticket", "300710\r");
    say("Cédula de quien llama:", "52123456\r");
    say("Nombre completo:", "ANA PEREZ\r");
    say("Cargo:", "\u{1b}");
    p.exp_eof().unwrap();
    let path = w.path("caso_300710.toml");
    assert!(path.is_file(), "the terminal kept the case");

    let config = casos().join("sigce.toml");
    let s = start(&w, &["--config", config.to_str().unwrap()]);
    let page = s.get("/atender/300710").text();
    assert!(page.contains("value=\"52123456\""), "{page}");
    assert!(page.contains("value=\"ANA PEREZ\""), "{page}");
    for (field, value) in CALLER.iter().skip(2) {
        answer(&s, "300710", field, value);
    }
    answer(&s, "300710", "tipo", "conectividad");
    let last = answer(&s, "300710", "sintoma", "El sistema se queda pensando");
    assert_eq!(fields_of(&missing(&last)), ["descripcion"]);
    // Left empty on purpose: answered, and nothing is missing.
    let last = answer(&s, "300710", "descripcion", "");
    let left = missing(&last);
    assert!(left.is_empty(), "{left:?}");
    let case = std::fs::read_to_string(w.path("caso_300710.toml")).unwrap();
    assert!(case.contains("solicitud.descripcion"), "{case}");
    drop(s);

    // Back in the terminal: the case file the page saved escalates.
    let out = w
        .sigce()
        .arg("--config")
        .arg(casos().join("sigce.toml"))
        .args(["escalar", "caso_300710.toml", "--historial"])
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let eml = std::fs::read(w.path("ticket_300710_datacenter.eml")).unwrap();
    let mail = mail_parser::MessageParser::default().parse(&eml).unwrap();
    assert!(mail.body_text(0).unwrap().contains("se queda pensando"));
    assert!(mail.body_text(0).unwrap().contains("52123456"));
}

#[test]
fn a_user_creation_case_takes_its_forms_by_upload_and_sends_the_clean_file() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    location(&post(&s, "/atender", &[("ticket", "108805")]));
    for (field, value) in CALLER {
        answer(&s, "108805", field, value);
    }
    let r = answer(&s, "108805", "tipo", "creacion_usuarios");
    assert!(fields_of(&missing(&r)).contains(&"formatos"), "{r}");
    let form = std::fs::read(casos().join("formato_108805.csv")).unwrap();
    let (ct, body) = server::multipart_as("formatos", &[("formato_108805.csv", &form)], &[]);
    let r = s.post(
        "/atender/108805/adjuntos/formatos",
        &ct,
        &body,
        Some(&s.origin()),
    );
    assert_eq!(location(&r), "/atender/108805#w-formatos");
    let case = sigce::case::file::load(&w.path("caso_108805.toml")).unwrap();
    assert_eq!(
        case.details.forms,
        vec![w.path("adjuntos_108805/formato_108805.csv")]
    );
    assert!(
        s.get("/atender/108805")
            .text()
            .contains("formato_108805.csv")
    );
    let r = answer(&s, "108805", "descripcion", "");
    assert!(missing(&r).is_empty(), "{r}");
    assert!(
        r["destination"]
            .as_str()
            .unwrap()
            .contains("si todos los formatos se reciben")
    );

    let to = location(&post(&s, "/atender/108805/escalar", &[]));
    let text = s.get(&to).text();
    assert!(text.contains("nivel 2"), "{text}");
    let eml = std::fs::read(w.path("ticket_108805_nivel2.eml")).unwrap();
    let mail = mail_parser::MessageParser::default().parse(&eml).unwrap();
    use mail_parser::MimeHeaders;
    let names: Vec<&str> = mail
        .attachments()
        .filter_map(|a| a.attachment_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with(".xlsx"), "the clean file: {names:?}");
}

#[test]
fn a_form_corrected_on_the_page_used_in_a_case_escalates_with_its_manual_corrections() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    // Eight good rows; the one in row 9 has a DANE code of eleven digits.
    let mut rows: Vec<Vec<String>> = (1..=8).map(common::valid_row).collect();
    rows[7][7] = "10500100001".into();
    let original = w.path("formato_colegio.xlsx");
    common::write_xlsx(&original, &rows);
    let sent = std::fs::read(&original).unwrap();
    let r = s.upload(&[("formato_colegio.xlsx", &sent)], &[]);
    let result = location(&r);
    let grid = format!("{result}/0");
    // Corrected on the grid, as the school asks on the phone.
    let r = post(
        &s,
        &format!("{grid}/corregir"),
        &[
            ("fila", "9"),
            ("hoja", "Sheet1"),
            ("campo", "codigo_dane"),
            ("antes", "10500100001"),
            ("valor", "105001000019"),
        ],
    );
    let back = location(&r);
    let shown = s.get(back.trim_end_matches("#aviso")).text();
    assert!(shown.contains("La fila 9 ahora se recibe."), "{shown}");
    let page = s.get(&result).text();
    assert!(
        page.contains("Usar este formato en un caso")
            && page.contains("con 1 corrección hecha a mano"),
        "{page}"
    );

    // A ticket that is not one is refused, and no case is opened.
    let r = post(&s, &format!("{grid}/caso"), &[("ticket", "30x")]);
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(
        r.text().contains("no es un número de ticket"),
        "{}",
        r.text()
    );
    assert!(!w.path("caso_30x.toml").exists());

    // Used in the case of ticket 300720: the form as the school sent it,
    // listed as the case's form, a user-creation case.
    let to = location(&post(&s, &format!("{grid}/caso"), &[("ticket", "300720")]));
    assert_eq!(to, "/atender/300720#w-formatos");
    let kept = w.path("adjuntos_300720/formato_colegio.xlsx");
    let case = sigce::case::file::load(&w.path("caso_300720.toml")).unwrap();
    assert_eq!(case.details.forms, vec![kept.clone()]);
    assert_eq!(case.request, "creacion_usuarios");
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        sent,
        "the form is not changed"
    );
    let attend = s.get("/atender/300720").text();
    assert!(
        attend.contains("1 celda corregida a mano en «Validar formatos»"),
        "{attend}"
    );

    for (field, value) in CALLER {
        answer(&s, "300720", field, value);
    }
    let r = answer(&s, "300720", "descripcion", "");
    assert!(missing(&r).is_empty(), "{r}");
    let to = location(&post(&s, "/atender/300720/escalar", &[]));
    assert!(s.get(&to).text().contains("nivel 2"));

    let eml = std::fs::read(w.path("ticket_300720_nivel2.eml")).unwrap();
    let mail = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let body = mail.body_text(0).unwrap().to_string();
    assert!(
        body.contains("CORRECCIONES HECHAS A MANO POR LA MESA DE AYUDA"),
        "{body}"
    );
    let line = body
        .lines()
        .find(|l| l.contains("Fila 9, H9 CODIGO DANE"))
        .unwrap_or_else(|| panic!("{body}"));
    assert!(line.contains("«10500100001» → «105001000019»"), "{line}");
    use mail_parser::MimeHeaders;
    let clean = mail
        .attachments()
        .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".xlsx")))
        .expect("the clean file");
    let book = common::read_book(&w.write("limpio.xlsx", clean.contents()));
    let (_, data) = &book[0];
    let text = |c: &calamine::Data| c.to_string();
    let header = data
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "CODIGO DANE"))
        .expect("the clean sheet's header");
    let dane = data[header]
        .iter()
        .position(|c| text(c) == "CODIGO DANE")
        .unwrap();
    let document = data[header]
        .iter()
        .position(|c| text(c) == "NUMERO DE DOCUMENTO")
        .unwrap();
    let person = data
        .iter()
        .find(|r| text(&r[document]) == "52000008")
        .unwrap_or_else(|| panic!("row 9 is in the clean file: {data:?}"));
    assert_eq!(text(&person[dane]), "105001000019");
    assert_eq!(data.len() - header - 1, 8, "every row goes: {data:?}");
    // The form beside the case, and the one sent, still as they were.
    assert_eq!(std::fs::read(&kept).unwrap(), sent);
    assert_eq!(std::fs::read(&original).unwrap(), sent);
}

/// A list of forms the terminal left unfinished (Esc after the first):
/// the page says so without stopping the escalation, and one more upload
/// adds the form and ends the list.
#[test]
fn a_list_left_unfinished_in_the_terminal_is_ended_by_an_upload_in_the_page() {
    let w = Workdir::new();
    let first = w.write(
        "formato_sede_a.csv",
        std::fs::read(casos().join("formato_108805.csv")).unwrap(),
    );
    let mut case = String::from("tipo = \"creacion_usuarios\"\n[llamante]\nticket = \"300720\"\n");
    for (field, value) in CALLER {
        let value = check_item(
            sigce::case::Item::ALL
                .into_iter()
                .find(|i| i.key() == *field)
                .unwrap(),
            value,
        )
        .unwrap();
        case.push_str(&format!("{field} = \"{value}\"\n"));
    }
    case.push_str(&format!(
        "[solicitud]\nformatos = ['{}']\ndescripcion = \"\"\n[atencion]\nsin_dato = ['llamante.telefono', 'solicitud.descripcion']\nsin_terminar = ['solicitud.formatos']\n",
        first.display()
    ));
    w.write("caso_300720.toml", case);
    let s = start(&w, &[]);
    let page = s.get("/atender/300720").text();
    assert!(
        page.contains("la lista quedó a medias, con 1 archivo; adjunte los que falten, o escale así si no hay más."),
        "{page}"
    );
    assert!(
        page.contains("data-pendiente=\"formatos\" data-opcional"),
        "{page}"
    );
    // It can be escalated as it is.
    assert!(page.contains("si todos los formatos se reciben"), "{page}");

    let form = std::fs::read(casos().join("formato_108805.csv")).unwrap();
    let (ct, body) = server::multipart_as("formatos", &[("formato_sede_b.csv", &form)], &[]);
    let r = s.post(
        "/atender/300720/adjuntos/formatos",
        &ct,
        &body,
        Some(&s.origin()),
    );
    assert_eq!(location(&r), "/atender/300720#w-formatos");
    let case = sigce::case::file::load(&w.path("caso_300720.toml")).unwrap();
    assert_eq!(
        case.details.forms,
        vec![first.clone(), w.path("adjuntos_300720/formato_sede_b.csv")]
    );
    assert!(case.unfinished.is_empty(), "{case:?}");
    let page = s.get("/atender/300720").text();
    assert!(!page.contains("quedó a medias"), "{page}");
}

#[test]
fn using_a_form_offers_the_uploads_ticket_and_a_case_of_another_type_takes_nothing() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let form = w.path("formato.xlsx");
    common::write_xlsx(&form, &[common::valid_row(1)]);
    let r = s.upload(
        &[("formato.xlsx", &std::fs::read(&form).unwrap())],
        &[("ticket", "300721")],
    );
    let result = location(&r);
    let page = s.get(&result).text();
    assert!(
        page.contains(r#"name="ticket" value="300721""#),
        "the upload's ticket is offered: {page}"
    );
    // A case of another type: the form does not go in it.
    answer(&s, "300721", "tipo", "incidente");
    let before = std::fs::read_to_string(w.path("caso_300721.toml")).unwrap();
    let r = post(&s, &format!("{result}/0/caso"), &[]);
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        r.text().contains("es de otro tipo de solicitud"),
        "{}",
        r.text()
    );
    assert_eq!(
        std::fs::read_to_string(w.path("caso_300721.toml")).unwrap(),
        before
    );
    assert!(!w.path("adjuntos_300721").exists());
}
