//! `sigce web` in a real Chromium, driven through WebDriver (Debian's
//! `chromium` and `chromium-driver`): a form dropped on «Validar formatos»,
//! its red cells with their messages, the «solo filas con problemas»
//! filter, the clean file downloaded and read back, and the case board
//! after an escalation. Screenshots of each step go to
//! target/tmp/capturas-web/ to be looked at.
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

use browser::{browser, connect, download, shot, submit_forms};
use common::{Workdir, assert_exit, casos};
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_validates_a_form_sees_its_problems_downloads_the_clean_file_and_finds_the_case() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    // A case escalated from the terminal shows on the page's board.
    let out = w
        .sigce()
        .arg("--config")
        .arg(casos().join("sigce.toml"))
        .args(["escalar"])
        .arg(casos().join("caso_108805.toml"))
        .arg("-o")
        .arg(w.path("salida"))
        .arg("--historial")
        .arg(&ledger)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let s = server::Server::start(&w.path(""), &["--historial", ledger.to_str().unwrap()]);
    let (_driver, c) = connect(&chromium, &driver).await;

    c.goto(&s.url(&format!("/entrar?t={}", s.token)))
        .await
        .unwrap();
    assert_eq!(c.title().await.unwrap(), "Inicio · sigce");
    let board = c
        .find(Locator::Css("table.cases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(board.contains("108805"), "{board}");
    shot(&c, "1_inicio.png").await;

    // Validar: the form chosen in the file input, sent with the page's own
    // script (progress, then the result page).
    c.find(Locator::LinkText("Validar formatos"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = common::example();
    c.find(Locator::Css("#formatos"))
        .await
        .unwrap()
        .send_keys(form.to_str().unwrap())
        .await
        .unwrap();
    let chosen = c
        .find(Locator::Css("#elegidos"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        chosen.contains("formato_creacion_usuarios.xlsx"),
        "{chosen}"
    );
    shot(&c, "2_validar.png").await;
    submit_forms(&c).await;
    let counts = c
        .find(Locator::Css("ul.counts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(counts.contains("rechazadas"), "{counts}");
    shot(&c, "3_resultado.png").await;
    let clean = c
        .find(Locator::LinkText("Archivo limpio para nivel 2"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();

    // The grid: red cells, and the message of one on focus.
    c.find(Locator::LinkText("Ver el formato con sus problemas"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let errors = c
        .find_all(Locator::Css("table.grid td.error"))
        .await
        .unwrap();
    assert!(!errors.is_empty());
    let all_rows = c
        .find_all(Locator::Css("table.grid tbody tr"))
        .await
        .unwrap()
        .len();
    let tip = errors[0].find(Locator::Css(".tip")).await.unwrap();
    assert!(!tip.is_displayed().await.unwrap());
    c.execute(
        "document.querySelector('table.grid td.error').focus()",
        vec![],
    )
    .await
    .unwrap();
    assert!(tip.is_displayed().await.unwrap());
    let said = tip.text().await.unwrap();
    assert!(said.contains("Qué hacer"), "{said}");
    shot(&c, "4_celda_con_error.png").await;

    c.find(Locator::LinkText("Solo filas con problemas"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = c
        .find_all(Locator::Css("table.grid tbody tr"))
        .await
        .unwrap();
    assert!(rows.len() < all_rows, "{} of {all_rows}", rows.len());
    for r in &rows {
        let marked = r
            .find_all(Locator::Css("td.error, td.warn"))
            .await
            .unwrap()
            .len()
            + r.find_all(Locator::Css(".rownote")).await.unwrap().len();
        let class = r.attr("class").await.unwrap().unwrap_or_default();
        assert!(
            marked > 0 || class.contains("rejected"),
            "{}",
            r.text().await.unwrap()
        );
    }
    shot(&c, "5_solo_problemas.png").await;

    // The clean file, fetched with the browser's own session, reads back.
    let bytes = download(&c, &s.url(&clean)).await;
    let path = w.write("limpio.xlsx", &bytes);
    let book = common::read_book(&path);
    assert!(
        book.iter()
            .any(|(n, rows)| n == "Usuarios" && rows.len() > 1)
    );

    // Casos: search answers «¿ya tengo usuario?».
    c.find(Locator::LinkText("Casos"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("#buscar"))
        .await
        .unwrap()
        .send_keys("43512876")
        .await
        .unwrap();
    c.find(Locator::Css("form.search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The search is a page load: wait for it, as a person would.
    let found = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("section.found"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(found.contains("enviado a nivel 2"), "{found}");
    shot(&c, "6_casos.png").await;
    c.close().await.unwrap();
}
