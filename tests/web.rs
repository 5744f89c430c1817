//! `sigce web` against the real server on a free port: every page renders,
//! nothing is served without the session's cookie, a foreign Host or a
//! cross-origin POST is refused, uploads are bounded, downloads are served
//! only by issued ids, a hostile upload leaves the server answering, and
//! the private folder goes away with the server.

mod common;
#[path = "common/web.rs"]
mod server;

use common::{Workdir, fixture};
use server::Server;

fn start(w: &Workdir, args: &[&str]) -> Server {
    let ledger = w.path("historial.sqlite3");
    let mut all = vec!["--historial", ledger.to_str().unwrap()];
    all.extend_from_slice(args);
    Server::start(&w.path(""), &all)
}

#[test]
fn every_page_renders_with_the_session_and_none_without_it() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    for (path, title) in [
        ("/", "<h1>Inicio</h1>"),
        ("/validar", "<h1>Validar formatos</h1>"),
        ("/casos", "<h1>Casos</h1>"),
        ("/casos?buscar=43512876", "Resultado de «43512876»"),
        ("/reglas", "<h1>Reglas</h1>"),
        ("/reglas?q=correo", "CORREO_SINTAXIS"),
        ("/reglas/CORREO_SINTAXIS", "<h1>CORREO_SINTAXIS</h1>"),
        ("/plantilla", "<h1>Plantilla</h1>"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains(title), "{path}: {}", r.text());
        assert!(r.text().contains("lang=\"es\""), "{path}");
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.starts_with("default-src 'self'"), "{path}: {csp}");
        // No inline script anywhere: only the server's own file.
        assert!(!r.text().contains("<script>"), "{path}");

        let r = s.get_anonymous(path);
        assert_eq!(r.status, 403, "{path}");
        assert!(r.text().contains("solo se abre con el enlace"), "{path}");
    }
    // The search filters the rules.
    let some = s.get("/reglas?q=dane").text();
    assert!(some.contains("DANE") && !some.contains("CORREO_SINTAXIS"));
    // The template downloads as a workbook the validator reads.
    let t = s.get("/plantilla/descargar");
    assert_eq!(t.status, 200);
    assert!(t.body.starts_with(b"PK"));
}

#[test]
fn the_link_gives_an_http_only_strict_cookie_and_a_wrong_token_gives_nothing() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let r = server::Server::reply_of(&s, &format!("/entrar?t={}", s.token));
    assert_eq!(r.status, 303);
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.contains(&s.token));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let wrong = server::Server::reply_of(&s, "/entrar?t=0000");
    assert_eq!(wrong.status, 403);
    assert!(wrong.header("set-cookie").is_none());
}

#[test]
fn a_foreign_host_is_refused_even_with_the_cookie() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let reply = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: sitio-ajeno.example:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        s.port, s.cookie
    ));
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    let reply = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        s.port, s.cookie
    ));
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[test]
fn a_post_from_another_origin_or_without_one_is_refused() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let form = std::fs::read(common::example()).unwrap();
    let (ct, body) = server::multipart(&[("f.xlsx", &form)], &[]);
    let r = s.post("/validar", &ct, &body, Some("http://sitio-ajeno.example"));
    assert_eq!(r.status, 403);
    let r = s.post("/validar", &ct, &body, None);
    assert_eq!(r.status, 403);
    let r = s.post(
        "/casos/108805/cerrar",
        "application/x-www-form-urlencoded",
        b"nota=x",
        Some("http://sitio-ajeno.example"),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn an_upload_over_the_limit_is_413_with_a_spanish_page() {
    let w = Workdir::new();
    let s = start(&w, &["--limite-mb", "1"]);
    let big = vec![b'a'; 2 * 1024 * 1024];
    let r = s.upload(&[("grande.csv", &big)], &[]);
    assert_eq!(r.status, 413);
    assert!(r.text().contains("pesa más de 1 MB"), "{}", r.text());
    // Nothing of it stays in the private folder.
    let left: Vec<_> = walk(&w.path("sigce-web"))
        .into_iter()
        .filter(|p| p.ends_with("grande.csv"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out
}

/// The id of the first download link named `label` on a page.
fn download_link(page: &str, label: &str) -> String {
    let at = page
        .find(label)
        .unwrap_or_else(|| panic!("{label}: {page}"));
    let before = &page[..at];
    let start = before.rfind("href=\"").unwrap() + 6;
    let end = start + before[start..].find('"').unwrap();
    before[start..end].to_string()
}

#[test]
fn an_uploaded_form_gives_its_counts_grid_and_downloads_and_a_path_is_never_a_download() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let form = std::fs::read(common::example()).unwrap();
    let r = s.upload(&[("formato_colegio.xlsx", &form)], &[("ticket", "108805")]);
    assert_eq!(r.status, 303, "{}", r.text());
    let result = r.header("location").unwrap().to_string();
    let page = s.get(&result).text();
    // The same counts as the command line.
    let (_, json) = w.validate_json(&[
        w.copy(&common::example(), "formato_colegio.xlsx")
            .to_str()
            .unwrap(),
        "--ticket",
        "108805",
    ]);
    let c = &json["files"][0]["counts"];
    for (n, what) in [
        (&c["rows"], "filas"),
        (&c["accepted"], "aceptadas"),
        (&c["rejected"], "rechazadas"),
    ] {
        assert!(
            page.contains(&format!("<strong>{n}</strong> {what}")),
            "{what}: {page}"
        );
    }
    // The grid marks the rejected cells with the row numbers of the sheet.
    let grid = s.get(&format!("{result}/0?solo=problemas")).text();
    let first_rejected = json["files"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "rejected")
        .unwrap();
    assert!(
        grid.contains(&format!("<th scope=\"row\">{}</th>", first_rejected["row"])),
        "{grid}"
    );
    assert!(grid.contains("<td class=\"error\""));
    assert!(grid.contains("Qué hacer:"));
    // Only rows with problems under the filter.
    let all = s.get(&format!("{result}/0")).text();
    assert!(
        all.matches("<tr class=\"accepted\"").count()
            > grid.matches("<tr class=\"accepted\"").count()
    );

    // The clean file downloads and reads back: level 2's rows.
    let clean = download_link(&page, "Archivo limpio para nivel 2");
    let d = s.get(&clean);
    assert_eq!(d.status, 200);
    assert!(
        d.header("content-disposition")
            .unwrap()
            .contains("formato_colegio.limpio.xlsx"),
        "{:?}",
        d.header("content-disposition")
    );
    let path = w.write("bajado.xlsx", &d.body);
    let book = common::read_book(&path);
    let usuarios = &book.iter().find(|(n, _)| n == "Usuarios").unwrap().1;
    assert_eq!(usuarios.len() as u64, c["accepted"].as_u64().unwrap() + 1);

    for bad in [
        "/descargar/..%2F..%2F..%2Fetc%2Fpasswd",
        "/descargar/%2Fetc%2Fpasswd",
        "/descargar/0123456789abcdef0123456789abcdef",
        "/descargar/../../Cargo.toml",
    ] {
        let r = s.get(bad);
        assert_eq!(r.status, 404, "{bad}");
        assert!(!r.text().contains("root:"), "{bad}");
    }
}

#[test]
fn a_hostile_upload_is_an_error_for_that_file_and_the_server_keeps_answering() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let good = std::fs::read(common::example()).unwrap();
    for hostile in [
        "hostiles/memoria_calamine_xls.xls",
        "hostiles/panico_calamine_cfb.xls",
        "hostiles/panico_calamine_utils.xlsx",
        "hostiles/bomba_zip.xlsx",
    ] {
        let bytes = std::fs::read(fixture(hostile)).unwrap();
        let name = hostile.rsplit('/').next().unwrap();
        let r = s.upload(&[(name, &bytes), ("bueno.xlsx", &good)], &[]);
        assert_eq!(r.status, 303, "{hostile}: {}", r.text());
        let page = s.get(r.header("location").unwrap()).text();
        assert!(page.contains("No se pudo procesar"), "{hostile}: {page}");
        // The other file of the same upload was validated.
        assert!(
            page.contains("bueno.xlsx") && page.contains("aceptadas"),
            "{hostile}"
        );
        // The private folder's paths are not shown.
        assert!(!page.contains("sigce-web"), "{hostile}: {page}");
        assert_eq!(s.get("/").status, 200, "{hostile}");
    }
}

#[test]
fn the_private_folder_is_removed_on_exit_and_one_left_behind_on_the_next_start() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let folder = w.path(&format!("sigce-web/sesion-{}", s.pid()));
    assert!(folder.is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    s.interrupt();
    assert!(!folder.exists());

    // A server killed outright leaves its folder; the next start removes it.
    let s = start(&w, &[]);
    let left = w.path(&format!("sigce-web/sesion-{}", s.pid()));
    drop(s);
    assert!(left.is_dir());
    let s = start(&w, &[]);
    assert!(!left.exists());
    drop(s);
}

#[test]
fn an_address_other_than_this_machine_is_refused() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["web", "--no-abrir", "--direccion", "0.0.0.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("solo escucha en este computador"));
}

/// POST of a cell's correction, as the grid's form sends it.
fn correct(s: &Server, grid: &str, fields: &[(&str, &str)], origin: Option<&str>) -> server::Reply {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    s.post(
        &format!("{grid}/corregir"),
        "application/x-www-form-urlencoded",
        body.as_bytes(),
        origin,
    )
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The JSON report of a batch, downloaded from its result page.
fn json_of(s: &Server, result: &str) -> serde_json::Value {
    let page = s.get(result).text();
    let id = download_link(&page, "Informe JSON (todos los archivos)");
    serde_json::from_slice(&s.get(&id).body).unwrap()
}

#[test]
fn a_cell_corrected_on_the_page_validates_the_form_again_and_is_reported_as_a_manual_correction() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    let form = std::fs::read(common::example()).unwrap();
    let r = s.upload(&[("formato_colegio.xlsx", &form)], &[]);
    let result = r.header("location").unwrap().to_string();
    let grid = format!("{result}/0");
    let page = s.get(&result).text();
    let old_clean = download_link(&page, "Archivo limpio para nivel 2");
    let before = json_of(&s, &result);
    let row9 = |json: &serde_json::Value| {
        json["files"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["row"] == 9)
            .unwrap()
            .clone()
    };
    assert_eq!(row9(&before)["status"], "rejected");
    // The grid offers the red cell's correction, labelled.
    let shown = s.get(&format!("{grid}?solo=problemas")).text();
    assert!(
        shown.contains("Corregir I9 CODIGO DANE de la fila 9"),
        "{shown}"
    );

    let cell = [
        ("fila", "9"),
        ("hoja", "Formato"),
        ("campo", "codigo_dane"),
        ("antes", "10500100001"),
        ("valor", "105001000019"),
        ("solo", "problemas"),
    ];
    let r = correct(&s, &grid, &cell, Some(&s.origin()));
    assert_eq!(r.status, 303, "{}", r.text());
    let back = r.header("location").unwrap().to_string();
    assert!(
        back.contains("solo=problemas") && back.ends_with("#aviso"),
        "{back}"
    );
    let notice = s.get(back.trim_end_matches("#aviso")).text();
    assert!(notice.contains("La fila 9 ahora se recibe."), "{notice}");

    // The same pipeline's result: the row accepted, the change in the JSON
    // apart from the automatic fixes, with before, after and when.
    let after = json_of(&s, &result);
    let row = row9(&after);
    assert_eq!(row["status"], "accepted");
    let manual = &row["manual_corrections"][0];
    assert_eq!(manual["kind"], "manual");
    assert_eq!(manual["cell"], "I9");
    assert_eq!(manual["before"], "10500100001");
    assert_eq!(manual["after"], "105001000019");
    let at = manual["at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
    assert!(
        row["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["code"] != "manual")
    );
    assert_eq!(
        after["files"][0]["counts"]["accepted"].as_u64().unwrap(),
        before["files"][0]["counts"]["accepted"].as_u64().unwrap() + 1
    );

    // The outputs are the new ones: the clean file has the row and the
    // change marked by hand; the old link serves nothing.
    let page = s.get(&result).text();
    assert!(
        page.contains("<strong>1</strong> corregida a mano"),
        "{page}"
    );
    let clean = download_link(&page, "Archivo limpio para nivel 2");
    assert_ne!(clean, old_clean);
    assert_eq!(s.get(&old_clean).status, 404);
    let book = common::read_book(&w.write("limpio.xlsx", &s.get(&clean).body));
    let fixes = &book.iter().find(|(n, _)| n == "Correcciones").unwrap().1;
    assert!(
        fixes.iter().any(|l| l[0] == "9"
            && l[3] == "10500100001"
            && l[4] == "105001000019"
            && l[5].to_string().starts_with("A MANO el ")),
        "{fixes:?}"
    );

    // The same change again, from the page as it was: the cell no longer
    // says that. Nothing changes.
    let r = correct(&s, &grid, &cell, Some(&s.origin()));
    assert_eq!(r.status, 409);
    assert!(
        r.text()
            .contains("ya no dice «10500100001» sino «105001000019»"),
        "{}",
        r.text()
    );
    // A value that cannot go in a cell, a row the form does not have, a
    // column that is not the form's: each said in Spanish.
    let mut bad = cell;
    bad[3].1 = "105001000019";
    bad[4].1 = "1050\n01000019";
    let r = correct(&s, &grid, &bad, Some(&s.origin()));
    assert_eq!(r.status, 400);
    assert!(r.text().contains("en una sola línea"), "{}", r.text());
    let mut bad = cell;
    bad[0].1 = "999";
    let r = correct(&s, &grid, &bad, Some(&s.origin()));
    assert_eq!(r.status, 404);
    assert!(
        r.text()
            .contains("La fila 999 de la hoja «Formato» no está"),
        "{}",
        r.text()
    );
    let mut bad = cell;
    bad[2].1 = "color_favorito";
    let r = correct(&s, &grid, &bad, Some(&s.origin()));
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains("no es una columna del formato"),
        "{}",
        r.text()
    );
    // From another site: refused before anything is read.
    let mut other = cell;
    other[3].1 = "105001000019";
    other[4].1 = "105001000020";
    let r = correct(&s, &grid, &other, Some("http://sitio-ajeno.example"));
    assert_eq!(r.status, 403);
    let r = correct(&s, &grid, &other, None);
    assert_eq!(r.status, 403);
    assert_eq!(json_of(&s, &result), after, "nothing changed");
}

#[test]
fn a_correction_validates_the_other_files_of_the_upload_again_for_duplicates() {
    let w = Workdir::new();
    let s = start(&w, &[]);
    // The same person in both files: the second is a duplicate.
    let a = w.path("a.xlsx");
    common::write_xlsx(&a, &[common::valid_row(1), common::valid_row(2)]);
    let b = w.path("b.xlsx");
    let mut same = common::valid_row(1);
    same[8] = "otra@colegio.edu.co".into();
    common::write_xlsx(&b, &[same]);
    let r = s.upload(
        &[
            ("a.xlsx", &std::fs::read(&a).unwrap()),
            ("b.xlsx", &std::fs::read(&b).unwrap()),
        ],
        &[("ticket", "108805")],
    );
    let result = r.header("location").unwrap().to_string();
    let status =
        |json: &serde_json::Value, file: usize| json["files"][file]["rows"][0]["status"].clone();
    let json = json_of(&s, &result);
    assert_eq!(status(&json, 1), "rejected", "{json}");
    let duplicate = json["files"][1]["rows"][0]["issues"].to_string();
    assert!(duplicate.contains("DUPLICADO"), "{duplicate}");

    // The document of the first file's row corrected: the second file's
    // row is no longer its duplicate.
    let document = (52_000_001).to_string();
    let r = correct(
        &s,
        &format!("{result}/0"),
        &[
            ("fila", "2"),
            ("hoja", "Sheet1"),
            ("campo", "numero_documento"),
            ("antes", &document),
            ("valor", "52999999"),
        ],
        Some(&s.origin()),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let json = json_of(&s, &result);
    assert_eq!(status(&json, 0), "accepted");
    assert_eq!(status(&json, 1), "accepted", "{json}");
    assert!(
        json["files"][1]["rows"][0]
            .get("manual_corrections")
            .is_none()
    );
}
