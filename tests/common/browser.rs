//! Chromium driven through WebDriver for the browser tests: the browser and
//! its driver found on PATH (or why not: a skip line, a failure in CI), a
//! session in a fresh headless window, and screenshots under
//! target/tmp/capturas-web/.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

/// Chromium and its driver, or why not (a skip line; a failure in CI).
pub fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path("chromium").or_else(|| on_path("chromium-browser"));
    let driver = on_path("chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let why = "OMITIDA: pruebas en el navegador sin chromium y chromedriver (apt-get install chromium chromium-driver)";
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{why}: en CI son obligatorias");
            }
            eprintln!("{why}");
            None
        }
    }
}

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn connect(chromium: &Path, driver: &Path) -> (Driver, Client) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child);
    let caps: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=es"]
            }
        }))
        .unwrap();
    for _ in 0..100 {
        if let Ok(c) = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            return (driver, c);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver no respondió en el puerto {port}");
}

pub fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("capturas-web");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots().join(name), png).unwrap();
}

/// A file the page links to, fetched with the browser's own session cookie.
pub async fn download(c: &Client, url: &str) -> Vec<u8> {
    let cookie = c.get_named_cookie("sigce_sesion").await.unwrap();
    assert!(cookie.http_only().unwrap_or(false));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut reply = agent
        .get(url)
        .header("Cookie", &format!("sigce_sesion={}", cookie.value()))
        .call()
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200, "{url}");
    reply.body_mut().read_to_vec().unwrap()
}

/// Chooses `form` on «Validar formatos» (already open), sends it with the
/// page's own script and waits for the result page.
pub async fn send_form(c: &Client, form: &Path) {
    c.find(fantoccini::Locator::Css("#formatos"))
        .await
        .unwrap()
        .send_keys(form.to_str().unwrap())
        .await
        .unwrap();
    submit_forms(c).await;
}

/// Sends the forms chosen on «Validar formatos» and waits for the result page.
pub async fn submit_forms(c: &Client) {
    use fantoccini::Locator;
    c.find(Locator::Css("form#subir button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath("//h1[text()='Resultado de la validación']"))
        .await
        .unwrap();
}
