//! «Atender una llamada» in a real Chromium, driven through WebDriver: an
//! intake from an empty case to the downloaded .eml, as an agent does it
//! with the keyboard (Tab from answer to answer): a wrong answer refused
//! while typed, the questions of the request type appearing when it is
//! chosen, the checklist emptying, a screenshot attached, «Escalar», the
//! preview, and the .eml read back with a MIME parser. Screenshots of each
//! step go to target/tmp/capturas-web/ to be looked at.
//!
//! Without a browser the test says so in one line and passes, on a
//! developer's machine; with `CI=true` a missing browser fails it.

#[path = "common/browser.rs"]
#[allow(dead_code)] // each test file uses part of the helpers
mod browser;
mod common;
#[path = "common/web.rs"]
#[allow(dead_code)] // each test file uses part of the harness
mod server;

use std::time::Duration;

use browser::{connect, download, shot};
use common::{Workdir, casos};
use fantoccini::{Client, Locator};
use mail_parser::MimeHeaders;

/// WebDriver's Tab key.
const TAB: &str = "\u{e004}";

/// Waits until the page's `condition` (a JavaScript expression) holds.
async fn until(c: &Client, condition: &str) {
    let script = format!("return !!({condition});");
    for _ in 0..100 {
        if c.execute(&script, vec![])
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("la página nunca cumplió: {condition}");
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Types an answer in the focused field and leaves it with Tab, as the
/// agent does; waits until every answer sent has its reply.
async fn type_and_tab(c: &Client, text: &str) {
    let field = c.active_element().await.unwrap();
    field.send_keys(&format!("{text}{TAB}")).await.unwrap();
    settled(c).await;
}

/// No answer is on its way any more.
async fn settled(c: &Client) {
    until(
        c,
        "document.getElementById('atender').getAttribute('data-enviando') !== null && document.getElementById('atender').getAttribute('data-enviando') === '0'",
    )
    .await;
}

async fn by_id(c: &Client, id: &str) -> fantoccini::elements::Element {
    c.find(Locator::Id(id)).await.unwrap()
}

async fn is_hidden(c: &Client, id: &str) -> bool {
    by_id(c, id).await.attr("hidden").await.unwrap().is_some()
}

/// Chooses an option as the agent does; waits for its answer's reply.
async fn choose(c: &Client, id: &str, value: &str) {
    by_id(c, id).await.select_by_value(value).await.unwrap();
    settled(c).await;
}

async fn focus(c: &Client, id: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_attends_a_call_from_an_empty_case_to_the_downloaded_eml() {
    let Some((chromium, driver)) = browser::browser() else {
        return;
    };
    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    let s = server::Server::start(&w.path(""), &["--historial", ledger.to_str().unwrap()]);
    let (_driver, c) = connect(&chromium, &driver).await;
    c.goto(&s.url(&format!("/entrar?t={}", s.token)))
        .await
        .unwrap();

    // From the home page's card to the first question: the ticket.
    c.find(Locator::Css("ul.tasks a[href='/atender']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(c.title().await.unwrap(), "Atender una llamada · sigce");
    by_id(&c, "ticket")
        .await
        .send_keys("300900\n")
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("atender")).await.unwrap();
    assert!(w.path("caso_300900.toml").is_file());
    shot(&c, "atender_1_caso_vacio.png").await;

    // A wrong cédula is refused while it is typed, with the rule's sentence.
    focus(&c, "f-cedula").await;
    c.active_element()
        .await
        .unwrap()
        .send_keys("52a")
        .await
        .unwrap();
    until(
        &c,
        "document.getElementById('m-cedula').textContent.length > 0",
    )
    .await;
    let said = text_of(&c, "#m-cedula").await;
    assert!(said.contains("solo dígitos"), "{said}");
    assert_eq!(
        by_id(&c, "f-cedula")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    shot(&c, "atender_2_cedula_rechazada.png").await;

    // Corrected, then the rest of the block with Tab from answer to answer.
    by_id(&c, "f-cedula").await.clear().await.unwrap();
    focus(&c, "f-cedula").await;
    type_and_tab(&c, "52.123.456").await;
    assert_eq!(
        by_id(&c, "f-cedula")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("52123456"),
        "kept as the terminal keeps it"
    );
    assert_eq!(text_of(&c, "#m-cedula").await, "");
    for answer in [
        "ANA PEREZ",
        "DOCENTE",
        "",
        "310 123 4567",
        "Ana.Perez@Colegio.edu.co",
        "",
        "Colegio",
        "Medellín",
    ] {
        type_and_tab(&c, answer).await;
    }
    // A school: its DANE code is asked, right after the city.
    until(&c, "!document.getElementById('w-dane').hidden").await;
    focus(&c, "f-dane").await;
    type_and_tab(&c, "105001000019").await;
    let missing = text_of(&c, "#pendientes").await;
    assert!(missing.contains("Tipo de solicitud"), "{missing}");
    assert!(!missing.contains("Cédula"), "{missing}");
    shot(&c, "atender_3_identificacion.png").await;

    // The request type: its questions appear, the others stay hidden.
    assert!(is_hidden(&c, "w-modulo").await);
    choose(&c, "f-tipo", "incidente_modulo").await;
    until(&c, "!document.getElementById('w-modulo').hidden").await;
    // In the interview's order: the module before the description.
    until(
        &c,
        "document.getElementById('w-modulo').compareDocumentPosition(document.getElementById('w-descripcion')) & Node.DOCUMENT_POSITION_FOLLOWING",
    )
    .await;
    assert!(is_hidden(&c, "w-sintoma").await);
    choose(&c, "f-modulo", "Evaluaciones").await;
    focus(&c, "f-descripcion").await;
    type_and_tab(
        &c,
        "Al guardar las notas del tercer periodo sale «Error 500».",
    )
    .await;
    focus(&c, "f-procedimiento").await;
    type_and_tab(&c, "Evaluaciones > Notas > Guardar.").await;
    until(&c, "!document.getElementById('escalar').hidden").await;
    let destination = text_of(&c, "#destino").await;
    assert!(destination.contains("nivel 2"), "{destination}");
    shot(&c, "atender_4_solicitud.png").await;

    // A screenshot chosen in the attachment box goes at once.
    let png = casos().join("captura_error_pmi.png");
    by_id(&c, "f-capturas")
        .await
        .send_keys(png.to_str().unwrap())
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#w-capturas ul.attached li"))
        .await
        .unwrap();
    let attached = text_of(&c, "#w-capturas ul.attached").await;
    assert!(attached.contains("captura_error_pmi.png"), "{attached}");
    assert!(w.path("adjuntos_300900/captura_error_pmi.png").is_file());
    until(&c, "!document.getElementById('completo').hidden").await;
    shot(&c, "atender_5_adjunto.png").await;

    // «Escalar»: the preview, and the .eml.
    c.find(Locator::Css("#escalar button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath(
            "//h1[text()='Correo listo · ticket 300900']",
        ))
        .await
        .unwrap();
    let preview = text_of(&c, "#vista-previa").await;
    assert!(preview.contains("soportesigce@"), "{preview}");
    assert!(preview.contains("captura_error_pmi.png"), "{preview}");
    let body = text_of(&c, "pre.mail-body").await;
    assert!(body.contains("Error 500"), "{body}");
    shot(&c, "atender_6_correo.png").await;

    let href = c
        .find(Locator::Id("descargar-eml"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let eml = download(&c, &s.url(&href)).await;
    let mail = mail_parser::MessageParser::default().parse(&eml).unwrap();
    let to = mail.to().unwrap().first().unwrap();
    assert!(to.address().unwrap().starts_with("soportesigce@"), "{to:?}");
    assert_eq!(
        mail.subject().unwrap(),
        "[SIGCE] Ticket 300900 - Incidente de módulo: Evaluaciones"
    );
    let text = mail.body_text(0).unwrap();
    for said in [
        "ANA PEREZ",
        "52123456",
        "105001000019",
        "Evaluaciones > Notas > Guardar.",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    let names: Vec<&str> = mail
        .attachments()
        .filter_map(|a| a.attachment_name())
        .collect();
    assert_eq!(names, ["captura_error_pmi.png"]);
    assert_eq!(
        mail.attachments().next().unwrap().contents(),
        std::fs::read(&png).unwrap()
    );

    // The board has the case, escalated.
    c.find(Locator::Css("a[href='/casos/300900']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let facts = text_of(&c, "dl.facts").await;
    assert!(facts.contains("escalado"), "{facts}");
    shot(&c, "atender_7_caso.png").await;
    c.close().await.unwrap();
}
