//! «Casos» actions in `sigce web`, against the real server: level 2's list
//! dropped on a case drafts its answer (a list of another ticket is refused
//! and nothing changes), a case that waits too long is reminded in its
//! escalation's thread, a case is closed with who, when and why, and each
//! action shows in the case's history. The same code as `sigce responder`,
//! `casos recordar` and `sigce cerrar`.

mod common;
#[path = "common/web.rs"]
#[allow(dead_code)] // each test file uses part of the harness
mod server;

use common::{Workdir, assert_exit, casos};
use mail_parser::MessageParser;
use server::{Reply, Server};

/// A server on a ledger where `cases` were escalated from the terminal.
fn desk(w: &Workdir, cases: &[&str]) -> Server {
    let ledger = w.path("historial.sqlite3");
    for case in cases {
        let out = w
            .sigce()
            .arg("--config")
            .arg(casos().join("sigce.toml"))
            .arg("escalar")
            .arg(casos().join(case))
            .arg("-o")
            .arg(w.path("salida"))
            .arg("--historial")
            .arg(&ledger)
            .output()
            .unwrap();
        assert_exit(&out, 0);
    }
    Server::start(&w.path(""), &["--historial", ledger.to_str().unwrap()])
}

fn post_form(s: &Server, path: &str, body: &str, origin: Option<&str>) -> Reply {
    s.post(
        path,
        "application/x-www-form-urlencoded",
        body.as_bytes(),
        origin,
    )
}

/// Uploads level 2's list to a case's page.
fn drop_list(s: &Server, ticket: &str, name: &str, list: &str) -> Reply {
    let (ct, body) = server::multipart(&[(name, list.as_bytes())], &[]);
    // The harness names its file part «formatos»; the case's form names it «listado».
    let body = String::from_utf8(body)
        .unwrap()
        .replace("name=\"formatos\"", "name=\"listado\"");
    s.post(
        &format!("/casos/{ticket}/responder"),
        &ct,
        body.as_bytes(),
        Some(&s.origin()),
    )
}

/// The mail page a redirect points to, and its .eml downloaded.
fn mail_of(s: &Server, r: &Reply) -> (String, Vec<u8>) {
    assert_eq!(r.status, 303, "{}", r.text());
    let page = s.get(r.header("location").unwrap()).text();
    let at = page.find("id=\"descargar-eml\"").expect("a download link");
    let href = &page[at + page[at..].find("href=\"").unwrap() + 6..];
    let href = &href[..href.find('"').unwrap()];
    let eml = s.get(href);
    assert_eq!(eml.status, 200);
    assert_eq!(eml.header("content-type"), Some("message/rfc822"));
    (page, eml.body)
}

#[test]
fn a_list_of_level_2_dropped_on_the_case_drafts_the_answer_and_one_of_another_ticket_changes_nothing()
 {
    let w = Workdir::new();
    let s = desk(&w, &["caso_108805.toml"]);
    let page = s.get("/casos/108805").text();
    assert!(
        page.contains("Responder con el listado de nivel 2"),
        "{page}"
    );
    assert!(page.contains("<label for=\"listado\">"));

    // Another ticket's list: a clear refusal, no answer, the case as it was.
    let r = drop_list(
        &s,
        "108805",
        "listado.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO\n108900,43512876,marta.munoz\n",
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(
        r.text().contains("es del ticket 108900, no del 108805"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("No se escribió ninguna respuesta"));
    assert!(!w.path("salida/ticket_108805_respuesta.eml").exists());
    let page = s.get("/casos/108805").text();
    assert!(page.contains("escalado"), "{page}");
    assert!(!page.contains("respondido"), "{page}");

    // Its own list: the answer drafted, shown, downloadable, recorded.
    let r = drop_list(
        &s,
        "108805",
        "listado.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO,ESTADO,OBSERVACIONES\n108805,43512876,marta.munoz,CREADO,\n108805,71.234.567,jose.pena,NO CREADO,documento ya existe\n",
    );
    let (page, eml) = mail_of(&s, &r);
    assert!(
        page.contains("Correo para <strong>quien lo solicitó</strong>"),
        "{page}"
    );
    assert!(
        page.contains("USUARIOS CREADOS") && page.contains("marta.munoz"),
        "{page}"
    );
    let m = MessageParser::default().parse(&eml).unwrap();
    let body = m.body_text(0).unwrap().to_string();
    assert!(body.contains("Usuario: marta.munoz"), "{body}");
    assert!(body.contains("documento ya existe"), "{body}");
    // The same draft `sigce responder` writes, beside the escalation.
    assert_eq!(
        std::fs::read(w.path("salida/ticket_108805_respuesta.eml")).unwrap(),
        eml
    );
    let page = s.get("/casos/108805").text();
    assert!(page.contains("respondido"), "{page}");
    assert!(!page.contains("Responder con el listado de nivel 2"));

    // A list dropped from another site is refused before it is read.
    let (ct, body) = server::multipart(&[("l.csv", b"x")], &[]);
    let r = s.post(
        "/casos/108805/responder",
        &ct,
        &body,
        Some("http://sitio-ajeno.example"),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn regression_the_reminder_said_espera_a_twice() {
    // «Espera a espera al Datacenter desde hoy.»: the sentence put its own
    // «Espera a» before the phrase that already says who the case waits for.
    let w = Workdir::new();
    let s = desk(&w, &["caso_108807.toml"]);
    let page = s.get("/casos/108807").text();
    assert!(page.contains("<h2>Recordar</h2>"), "{page}");
    assert!(page.contains("Espera al Datacenter desde hoy."), "{page}");
    assert!(!page.to_lowercase().contains("espera a espera"), "{page}");
}

#[test]
fn a_case_waiting_too_long_is_reminded_in_its_thread_and_closed_with_a_reason_in_its_history() {
    let w = Workdir::new();
    let s = desk(&w, &["caso_108807.toml"]);
    // Ten days later (the ledger's clock moved back).
    let conn = rusqlite::Connection::open(w.path("historial.sqlite3")).unwrap();
    conn.execute(
        "UPDATE cases SET changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days') WHERE ticket = '108807'",
        [],
    )
    .unwrap();
    drop(conn);
    let page = s.get("/casos/108807").text();
    assert!(page.contains("<h2>Recordar</h2>"), "{page}");
    assert!(page.contains("Pasó el plazo"), "{page}");

    let r = post_form(
        &s,
        "/casos/108807/recordar",
        "",
        Some("http://sitio-ajeno.example"),
    );
    assert_eq!(r.status, 403);
    let r = post_form(&s, "/casos/108807/recordar", "", Some(&s.origin()));
    let (page, eml) = mail_of(&s, &r);
    assert!(
        page.contains("Correo para <strong>el Datacenter</strong>"),
        "{page}"
    );
    // In the escalation's thread, as `casos recordar` writes it.
    let original = std::fs::read(w.path("salida/ticket_108807_datacenter.eml")).unwrap();
    let original = MessageParser::default().parse(&original).unwrap();
    let reminder = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        reminder.in_reply_to().as_text(),
        original.message_id(),
        "in the thread"
    );
    assert_eq!(
        std::fs::read(w.path("salida/ticket_108807_recordatorio.eml")).unwrap(),
        eml
    );

    // Never answered: closing needs the reason, and says so.
    let r = post_form(&s, "/casos/108807/cerrar", "nota=listo", Some(&s.origin()));
    assert_eq!(r.status, 409);
    assert!(r.text().contains("nunca se le respondió"), "{}", r.text());
    let r = post_form(
        &s,
        "/casos/108807/cerrar",
        "sin_respuesta=el+Datacenter+llam%C3%B3+al+usuario",
        Some(&s.origin()),
    );
    assert_eq!(r.status, 303, "{}", r.text());

    // The history: each change with when, what and who.
    let page = s.get("/casos/108807").text();
    let history = &page[page.find("<ol class=\"history\">").unwrap()..];
    let history = &history[..history.find("</ol>").unwrap()];
    for what in [
        "Recordatorio al Datacenter",
        "Cerrado sin respuesta redactada: el Datacenter llamó al usuario",
    ] {
        assert!(history.contains(what), "{what}: {history}");
    }
    assert!(history.contains("<strong>cerrado</strong>"), "{history}");
    // Each line has its moment and its agent.
    let agent = std::env::var("USERNAME")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "nivel 1".to_string());
    let closing = history
        .split("<li>")
        .find(|l| l.contains("Cerrado sin respuesta"))
        .unwrap();
    assert!(closing.contains("class=\"when\""), "{closing}");
    assert!(closing.contains(&format!("({agent})")), "{closing}");
    // Closed: no more actions but reopening from the terminal.
    assert!(!page.contains("<h2>Recordar</h2>") && !page.contains("Cerrar el caso"));
}
