//! «Corregir en la página» in a real Chromium: a form uploaded on «Validar
//! formatos», a red cell of its grid reached with the keyboard and
//! corrected in its box, the form validated again and the row shown
//! accepted, then the clean file downloaded with the browser's session and
//! read back: the corrected value for level 2 and the change marked «A
//! MANO» in Correcciones. Screenshots under target/tmp/capturas-web/.
//!
//! Without a browser the test says so in one line and passes, on a
//! developer's machine; with `CI=true` a missing browser fails it.

mod common;
#[path = "common/web.rs"]
#[allow(dead_code)] // each test file uses part of the harness
mod server;

#[path = "common/browser.rs"]
#[allow(dead_code)] // each test file uses part of the helpers
mod browser;

use std::time::Duration;

use browser::{browser, connect, download, send_form, shot};
use common::Workdir;
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_corrects_a_red_cell_sees_the_row_accepted_and_downloads_the_corrected_file() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    let s = server::Server::start(&w.path(""), &["--historial", ledger.to_str().unwrap()]);
    let (_driver, c) = connect(&chromium, &driver).await;
    c.goto(&s.url(&format!("/entrar?t={}", s.token)))
        .await
        .unwrap();

    // The example form, uploaded through the page.
    c.goto(&s.url("/validar")).await.unwrap();
    send_form(&c, &common::example()).await;
    c.find(Locator::LinkText("Ver el formato con sus problemas"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::LinkText("Solo filas con problemas"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Row 9: a DANE code of eleven digits, red.
    let row = c
        .find(Locator::XPath("//tr[th[@scope='row' and text()='9']]"))
        .await
        .unwrap();
    assert!(
        row.attr("class")
            .await
            .unwrap()
            .unwrap()
            .contains("rejected")
    );
    let cell = row.find(Locator::Css("td.error")).await.unwrap();
    let box_ = cell.find(Locator::Css("input[name=valor]")).await.unwrap();
    assert!(
        !box_.is_displayed().await.unwrap(),
        "hidden until the cell has focus"
    );
    // The keyboard: the cell focused, Enter goes to its box, labelled.
    c.execute(
        "document.evaluate(\"//tr[th[@scope='row' and text()='9']]/td[contains(@class,'error')]\", document, null, 9, null).singleNodeValue.focus()",
        vec![],
    )
    .await
    .unwrap();
    assert!(box_.is_displayed().await.unwrap());
    cell.send_keys(&Key::Enter.to_string()).await.unwrap();
    let focused = c.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap(),
        box_.attr("id").await.unwrap(),
        "Enter moves to the cell's box"
    );
    let id = box_.attr("id").await.unwrap().unwrap();
    let label = c
        .find(Locator::Css(&format!("label[for='{id}']")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(label, "Corregir I9 CODIGO DANE de la fila 9");
    // Typed over the selected value.
    focused.send_keys("105001000019").await.unwrap();
    shot(&c, "corregir_1_celda_abierta.png").await;
    focused.send_keys(&Key::Enter.to_string()).await.unwrap();

    // Validated again: the notice says so, the row is green.
    let notice = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#aviso"))
        .await
        .unwrap();
    let said = notice.text().await.unwrap();
    assert!(said.contains("La fila 9 ahora se recibe."), "{said}");
    assert!(said.contains("«10500100001» → «105001000019»"), "{said}");
    let row = c
        .find(Locator::XPath("//tr[th[@scope='row' and text()='9']]"))
        .await
        .unwrap();
    assert!(
        row.attr("class")
            .await
            .unwrap()
            .unwrap()
            .contains("accepted")
    );
    let changed = row.find(Locator::Css("td.manual")).await.unwrap();
    assert_eq!(
        changed
            .find(Locator::Css(".value"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "105001000019"
    );
    // The notice has the focus (a screen reader reads it).
    let focused = c.active_element().await.unwrap();
    assert_eq!(focused.attr("id").await.unwrap().as_deref(), Some("aviso"));
    shot(&c, "corregir_2_fila_aceptada.png").await;
    // Its RESULTADO, at the grid's right end.
    assert!(row.attr("class").await.unwrap().unwrap().contains("hecho"));
    let result = row.find(Locator::Css("td.result")).await.unwrap();
    assert!(result.text().await.unwrap().starts_with("aceptada"));
    c.execute(
        "document.querySelector('tr.hecho td.result').scrollIntoView({block: 'center', inline: 'end'})",
        vec![],
    )
    .await
    .unwrap();
    shot(&c, "corregir_3_resultado_de_la_fila.png").await;

    // The clean file from the notice's links: level 2 gets the corrected
    // code, Correcciones says it was by hand.
    let href = c
        .find(Locator::XPath(
            "//div[@id='aviso']//a[text()='Archivo limpio para nivel 2']",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let bytes = download(&c, &s.url(&href)).await;
    let book = common::read_book(&w.write("limpio.xlsx", &bytes));
    let users = &book.iter().find(|(n, _)| n == "Usuarios").unwrap().1;
    // The four rows accepted at first, and row 9 now: five people.
    assert_eq!(users.len(), 1 + 5, "{users:?}");
    assert!(
        users
            .iter()
            .any(|r| r[1] == "LUISA" && r[3] == "GOMEZ" && r[8] == "105001000019"),
        "{users:?}"
    );
    let fixes = &book.iter().find(|(n, _)| n == "Correcciones").unwrap().1;
    assert!(
        fixes.iter().any(|l| l[0] == "9"
            && l[3] == "10500100001"
            && l[4] == "105001000019"
            && l[5].to_string().starts_with("A MANO el ")),
        "{fixes:?}"
    );
    c.close().await.unwrap();
}
