//! `sigce escalar`, `caso nuevo`, `historial` and `validar --historial`: each
//! example case reaches its destination, and the .eml files are read back
//! by a real MIME parser (headers, body, byte-identical attachments).

mod common;

use std::path::{Path, PathBuf};

use common::{Workdir, casos};
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::Value;

/// A message read back: From, To, Subject, body text, attachments.
struct Mail {
    from: String,
    to: String,
    subject: String,
    body: String,
    unsent: bool,
    attachments: Vec<(String, String, Vec<u8>)>,
}

fn parse(path: &Path) -> Mail {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let m = MessageParser::default()
        .parse(&bytes)
        .expect("a MIME message");
    let addr = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string()
    };
    Mail {
        from: addr(m.from()),
        to: addr(m.to()),
        subject: m.subject().unwrap_or_default().to_string(),
        // Mail lines end in CRLF on the wire.
        body: m.body_text(0).unwrap_or_default().replace("\r\n", "\n"),
        unsent: m.header_raw("X-Unsent").is_some_and(|v| v.trim() == "1"),
        attachments: m
            .attachments()
            .map(|a| {
                let ct = a
                    .content_type()
                    .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
                    .unwrap_or_default();
                (
                    a.attachment_name().unwrap_or_default().to_string(),
                    ct,
                    a.contents().to_vec(),
                )
            })
            .collect(),
    }
}

impl Workdir {
    /// `sigce --config examples/casos/sigce.toml escalar CASE -o OUT --historial H --json`.
    fn escalate(&self, case: &Path, extra: &[&str]) -> (i32, Value, String) {
        let out = self
            .sigce()
            .arg("--config")
            .arg(casos().join("sigce.toml"))
            .arg("escalar")
            .arg(case)
            .arg("-o")
            .arg(self.path("salida"))
            .arg("--historial")
            .arg(self.path("historial.sqlite3"))
            .arg("--json")
            .args(extra)
            .output()
            .unwrap();
        let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (
            out.status.code().unwrap(),
            json,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn emls(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.path("salida"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".eml"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

const NIVEL1: &str = "mesadeayuda@tecnologia.mineducacion.gov.co";
const NIVEL2: &str = "soportesigce@asegest.com";
const DATACENTER: &str = "datacenter@ejemplo.gov.co";
const REQUESTER: &str = "rectoria@iesanjose.edu.co";

#[test]
fn each_example_case_reaches_its_destination_with_a_readable_message() {
    // (case, exit code, destination, To, subject, body snippets, attachments)
    type Expected<'a> = (
        &'a str,
        i32,
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a [&'a str],
    );
    let expected: &[Expected] = &[
        (
            "caso_108805.toml",
            0,
            "nivel2",
            NIVEL2,
            "[SIGCE] Ticket 108805 - Creación de usuarios (3 usuarios)",
            &[
                "CC 71234567  JOSE PENA GARCIA  jose.pena@iesanjose.edu.co",
                "Código DANE .................. 105001000019",
            ],
            &["formato_108805.limpio.xlsx"],
        ),
        (
            "caso_108806.toml",
            1,
            "solicitante",
            REQUESTER,
            "[SIGCE] Ticket 108806 - Formato de creación de usuarios devuelto (9 filas por corregir)",
            &[
                "Buen día, MARTA LUCIA MUNOZ RIOS:",
                "I9 CODIGO DANE: El código DANE «10500100001» tiene 11 dígitos",
            ],
            &["formato_creacion_usuarios.rechazos.xlsx"],
        ),
        (
            "caso_108807.toml",
            0,
            "datacenter",
            DATACENTER,
            "[SIGCE] Ticket 108807 - Recuperación de contraseña (rectoria@iesanjose.edu.co)",
            &[
                "Usuario ...................... rectoria@iesanjose.edu.co",
                "el enlace de recuperación no le llega",
            ],
            &[],
        ),
        (
            "caso_108808.toml",
            0,
            "datacenter",
            DATACENTER,
            "[SIGCE] Ticket 108808 - Actualización de correo electrónico (rectoria@iesanjose.edu.co)",
            &["Correo nuevo ................. rectoria.iesanjose@medellin.edu.co"],
            &[],
        ),
        (
            "caso_108809.toml",
            0,
            "datacenter",
            DATACENTER,
            "[SIGCE] Ticket 108809 - Conectividad: El sistema se queda pensando",
            &["  Pasa en dos equipos distintos de la institución.\n"],
            &[],
        ),
        (
            "caso_108810.toml",
            0,
            "nivel2",
            NIVEL2,
            "[SIGCE] Ticket 108810 - Incidente de módulo: Plan de Mejoramiento Institucional",
            &[
                "Módulo ....................... Plan de Mejoramiento Institucional",
                "  3. Llenó los campos y pulsó «Guardar».\n",
                "adjuntas (captura_error_pmi.png)",
            ],
            &["captura_error_pmi.png"],
        ),
    ];
    let w = Workdir::new();
    for (case, code, dest, to, subject, snippets, attachments) in expected {
        let (got, json, stderr) = w.escalate(&casos().join(case), &[]);
        assert_eq!(got, *code, "{case}: {stderr}");
        assert_eq!(json["routing"]["destination"], *dest, "{case}");
        assert_eq!(json["checklist"]["complete"], true);
        let path = PathBuf::from(json["draft"]["path"].as_str().unwrap());
        assert_eq!(
            path.file_name().unwrap().to_string_lossy(),
            format!("ticket_{}_{dest}.eml", &case[5..11])
        );
        let mail = parse(&path);
        assert_eq!(mail.from, NIVEL1, "{case}");
        assert_eq!(mail.to, *to, "{case}");
        assert_eq!(mail.subject, *subject, "{case}");
        assert!(
            mail.unsent,
            "{case}: X-Unsent makes Outlook open it ready to send"
        );
        for s in *snippets {
            assert!(
                mail.body.contains(s),
                "{case}: body lacks {s:?}:\n{}",
                mail.body
            );
        }
        // The identification block goes to whoever acts on the case, not back to the caller.
        assert_eq!(
            mail.body.contains("Ticket de mesa de ayuda ...... "),
            *dest != "solicitante",
            "{case}"
        );
        let names: Vec<&str> = mail.attachments.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(names, *attachments, "{case}");
        for (name, ct, bytes) in &mail.attachments {
            // Byte-identical to the file on disk (the validator's output or the screenshot).
            let on_disk = [w.path("salida").join(name), casos().join(name)]
                .into_iter()
                .find(|p| p.exists())
                .unwrap();
            assert_eq!(bytes, &std::fs::read(on_disk).unwrap(), "{case}: {name}");
            let want = if name.ends_with(".png") {
                "image/png"
            } else {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            };
            assert_eq!(ct, want);
        }
    }
    // The ledger holds all six, and the users of the one sent to level 2.
    let out = w
        .sigce()
        .args(["historial", "--json", "--historial"])
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 6);
    let out = w
        .sigce()
        .args(["historial", "108805", "--historial"])
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CE E1234567  CARLOS ANDRES RUIZ  carlos.ruiz@iesanjose.edu.co"),
        "{text}"
    );
}

#[test]
fn an_incomplete_case_is_refused_with_everything_missing_and_nothing_written() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["caso", "nuevo", "--tipo", "incidente", "-t", "200300"])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    let case = w.path("caso_200300.toml");
    assert!(
        std::fs::read_to_string(&case)
            .unwrap()
            .contains("modulo = \"\"")
    );
    let (code, json, stderr) = w.escalate(&case, &[]);
    assert_eq!(code, 2);
    assert_eq!(json["checklist"]["complete"], false);
    assert_eq!(json["error"]["code"], "CASO_INCOMPLETO");
    let missing: Vec<&str> = json["checklist"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for key in [
        "llamante.cedula",
        "llamante.nombre",
        "llamante.correo",
        "solicitud.modulo",
        "solicitud.descripcion",
        "solicitud.procedimiento",
        "número de contacto",
    ] {
        assert!(
            missing.iter().any(|m| m.contains(key)),
            "{key} not in {missing:?}"
        );
    }
    assert!(
        stderr.contains("CASO_INCOMPLETO") && stderr.contains("llamante.cedula"),
        "{stderr}"
    );
    assert!(w.emls().is_empty());
    // A second `caso nuevo` does not overwrite the first.
    let out = w
        .sigce()
        .args(["caso", "nuevo", "-t", "200300"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_datacenter_case_without_its_address_names_the_key_to_set() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .arg("escalar")
        .arg(casos().join("caso_108809.toml"))
        .arg("-o")
        .arg(w.path("salida"))
        .arg("--historial")
        .arg(w.path("h.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DESTINO_SIN_DIRECCION"), "{stderr}");
    assert!(
        stderr.contains("[correo]") && stderr.contains("datacenter = "),
        "{stderr}"
    );
    assert!(w.emls().is_empty());
}

#[test]
fn escalating_the_same_form_twice_is_caught_by_the_ledger() {
    let w = Workdir::new();
    let case = casos().join("caso_108805.toml");
    assert_eq!(w.escalate(&case, &[]).0, 0);
    let first = std::fs::read(w.path("salida/ticket_108805_nivel2.eml")).unwrap();
    // Same ticket again: refused, the first draft untouched.
    let (code, json, stderr) = w.escalate(&case, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json["error"]["code"], "YA_ESCALADO");
    assert!(stderr.contains("ya se escaló a nivel 2") && stderr.contains("--reenviar"));
    assert_eq!(
        std::fs::read(w.path("salida/ticket_108805_nivel2.eml")).unwrap(),
        first
    );
    // The same form under another ticket: escalated, but everybody is flagged.
    let text = std::fs::read_to_string(&case)
        .unwrap()
        .replace(
            "'formato_108805.csv'",
            &format!("'{}'", casos().join("formato_108805.csv").display()),
        )
        .replace("ticket = \"108805\"", "ticket = \"108999\"");
    let other = w.write("caso_108999.toml", text);
    let (code, json, _) = w.escalate(&other, &[]);
    assert_eq!(code, 0);
    let warnings = json["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 6, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap().contains("ticket 108805"));
    let mail = parse(&w.path("salida/ticket_108999_nivel2.eml"));
    assert!(mail.body.contains("ya se enviaron antes"), "{}", mail.body);
    // --reenviar sends the first one again on purpose.
    assert_eq!(w.escalate(&case, &["--reenviar"]).0, 0);
}

#[test]
fn validar_warns_per_row_about_people_already_sent_and_survives_a_bad_ledger() {
    let w = Workdir::new();
    let form = casos().join("formato_108805.csv");
    let ledger = w.path("historial.sqlite3");
    let flag = format!("--historial={}", ledger.display());
    // Before any escalation: no ledger yet, a file warning, nothing else.
    let (code, json) = w.validate_json(&[form.to_str().unwrap(), &flag, "-s", "v1"]);
    assert_eq!(code, 0);
    let warnings = json["files"][0]["file_warnings"].to_string();
    assert!(warnings.contains("HISTORIAL_NO_DISPONIBLE"), "{warnings}");
    assert_eq!(w.escalate(&casos().join("caso_108805.toml"), &[]).0, 0);
    let (code, json) = w.validate_json(&[form.to_str().unwrap(), &flag, "-s", "v2"]);
    assert_eq!(code, 0, "warnings do not reject");
    let row = json["files"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["row"] == 3)
        .unwrap()
        .to_string();
    assert!(
        row.contains("DOCUMENTO_YA_ENVIADO") && row.contains("CORREO_YA_ENVIADO"),
        "{row}"
    );
    assert!(row.contains("ticket 108805"), "{row}");
    // Without --historial nothing is compared.
    let (_, json) = w.validate_json(&[form.to_str().unwrap(), "-s", "v3"]);
    assert!(!json.to_string().contains("YA_ENVIADO"));
    // A damaged ledger is a warning; the form is still validated.
    let bad = w.write("danado.sqlite3", vec![b'x'; 4096]);
    let (code, json) = w.validate_json(&[
        form.to_str().unwrap(),
        &format!("--historial={}", bad.display()),
        "-s",
        "v4",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["counts"]["accepted"], 3);
    let warnings = json["files"][0]["file_warnings"].to_string();
    assert!(
        warnings.contains("HISTORIAL_NO_DISPONIBLE") && warnings.contains("dañado"),
        "{warnings}"
    );
}

/// `sigce validar f.xlsx --historial` (the README's own example) was refused
/// with «el valor «» no es válido para --historial»: a bare flag is the
/// configured ledger, after the files or before them.
#[test]
fn a_bare_historial_flag_means_the_configured_ledger_in_any_position() {
    let w = Workdir::new();
    w.write("sigce.toml", "[historial]\narchivo = \"h.sqlite3\"\n");
    let form = casos().join("formato_108805.csv");
    let form = form.to_str().unwrap();
    let case = w.write(
        "caso_108805.toml",
        std::fs::read(casos().join("caso_108805.toml")).unwrap(),
    );
    std::fs::copy(
        casos().join("formato_108805.csv"),
        w.path("formato_108805.csv"),
    )
    .unwrap();
    let out = w
        .sigce()
        .arg("escalar")
        .arg(&case)
        .arg("-o")
        .arg(w.path("e"))
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    assert!(w.path("h.sqlite3").is_file(), "the configured ledger");
    for args in [
        [form, "--historial", "-s", "v1"],
        ["--historial", form, "-s", "v2"],
        ["--historial", "-s", "v3", form],
    ] {
        let (code, json) = w.validate_json(&args);
        assert_eq!(code, 0, "{args:?}: {json}");
        let report = json.to_string();
        assert!(
            report.contains("DOCUMENTO_YA_ENVIADO"),
            "{args:?} compared with the configured ledger: {report}"
        );
    }
    // An empty value is still refused, saying what to write.
    let out = w
        .sigce()
        .args(["validar", form, "--historial="])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_ledger_survives_a_crash_in_the_middle_of_a_write() {
    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    let case = casos().join("caso_108805.toml");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"))
        .arg("escalar")
        .arg(&case)
        .arg("-o")
        .arg(w.path("salida"))
        .arg("--historial")
        .arg(&ledger)
        .env("SIGCE_PRUEBA_PAUSA_HISTORIAL_MS", "20000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The rollback journal exists while the transaction is open: kill then.
    let journal = w.path("historial.sqlite3-journal");
    let start = std::time::Instant::now();
    while !journal.exists() {
        assert!(start.elapsed().as_secs() < 60, "the write never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        w.emls().is_empty(),
        "the draft is written only with the record"
    );
    // Reopened: intact, and the half-written case is gone.
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let (cases, users): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM escalations), (SELECT count(*) FROM users)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((cases, users), (0, 0));
    drop(conn);
    // And the case can be escalated normally afterwards.
    assert_eq!(w.escalate(&case, &[]).0, 0);
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let users: i64 = conn
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 3);
}

#[test]
fn the_answer_to_the_requester_comes_from_level_2s_list() {
    let w = Workdir::new();
    let case = casos().join("caso_108805.toml");
    // Answering before escalating: nothing to compare with.
    let list = w.write(
        "listado_nivel2.csv",
        "Usuarios creados - ticket 108805\nNUMERO DE DOCUMENTO,NOMBRE,USUARIO\n43512876,MARTA MUNOZ,marta.munoz@iesanjose.edu.co\nE1234567,CARLOS RUIZ,carlos.ruiz@iesanjose.edu.co\n99999999,OTRA PERSONA,otra@iesanjose.edu.co\n",
    );
    let list_arg = list.to_str().unwrap();
    let (code, json, _) = w.escalate(&case, &["--responder", list_arg]);
    assert_eq!(code, 2);
    // Its own code: SIN_RESPUESTAS also meant an interview left with Esc.
    assert_eq!(json["error"]["code"], "SIN_USUARIOS_ENVIADOS");
    assert_eq!(w.escalate(&case, &[]).0, 0);
    let (code, json, stderr) = w.escalate(&case, &["--responder", list_arg]);
    assert_eq!(code, 0, "{stderr}");
    let mail = parse(&w.path("salida/ticket_108805_respuesta.eml"));
    assert_eq!(mail.from, NIVEL1);
    assert_eq!(mail.to, REQUESTER);
    assert_eq!(
        mail.subject,
        "[SIGCE] Ticket 108805 - Usuarios creados (2 de 3)"
    );
    assert!(mail.body.contains("Usuario: marta.munoz@iesanjose.edu.co"));
    assert!(
        mail.body
            .contains("Contraseña inicial: el número de documento (CE E1234567)")
    );
    assert!(
        mail.body.contains("JOSE PENA GARCIA (CC 71234567"),
        "{}",
        mail.body
    );
    let warnings = json["warnings"].to_string();
    assert!(
        warnings.contains("trae 1 persona que no se pidió en el ticket 108805"),
        "{warnings}"
    );
}

#[test]
fn a_locked_ledger_stops_escalation_clearly_but_not_validation() {
    let w = Workdir::new();
    let ledger = w.path("historial.sqlite3");
    let case = casos().join("caso_108810.toml");
    assert_eq!(w.escalate(&case, &[]).0, 0);
    // Another program holds the database while writing.
    let holder = rusqlite::Connection::open(&ledger).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let (code, json, stderr) = w.escalate(&casos().join("caso_108805.toml"), &[]);
    assert_eq!(code, 2);
    assert_eq!(json["error"]["code"], "HISTORIAL_NO_DISPONIBLE");
    assert!(stderr.contains("bloqueado"), "{stderr}");
    assert!(!w.path("salida/ticket_108805_nivel2.eml").exists());
    assert!(
        !w.path("salida/formato_108805.limpio.xlsx").exists(),
        "nothing validated either"
    );
    let form = casos().join("formato_108805.csv");
    let (code, json) = w.validate_json(&[
        form.to_str().unwrap(),
        &format!("--historial={}", ledger.display()),
        "-s",
        "v",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["counts"]["accepted"], 3);
    assert!(
        json["files"][0]["file_warnings"]
            .to_string()
            .contains("HISTORIAL_NO_DISPONIBLE")
    );
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_refused_escalation_leaves_no_clean_file_behind() {
    // It used to write the validator's clean file and then refuse with
    // YA_ESCALADO (exit 2), although exit 2 means nothing was written.
    let w = Workdir::new();
    let case = casos().join("caso_108805.toml");
    assert_eq!(w.escalate(&case, &[]).0, 0);
    let clean = w.path("salida/formato_108805.limpio.xlsx");
    assert!(clean.exists());
    std::fs::remove_file(&clean).unwrap();
    let (code, json, stderr) = w.escalate(&case, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(json["error"]["code"], "YA_ESCALADO");
    assert!(!clean.exists(), "a refused escalation wrote the clean file");
    let left: Vec<String> = std::fs::read_dir(w.path("salida"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".sigce-"))
        .collect();
    assert!(left.is_empty(), "temporaries left: {left:?}");
}

#[test]
fn concurrent_escalations_of_one_ticket_record_it_once() {
    // Four agents escalating the same ticket at the same moment used to
    // record it three or four times and write as many e-mails.
    let w = Workdir::new();
    let case = casos().join("caso_108805.toml");
    let ledger = w.path("historial.sqlite3");
    let runs: Vec<_> = (0..4)
        .map(|i| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
            cmd.arg("--config")
                .arg(casos().join("sigce.toml"))
                .arg("escalar")
                .arg(&case)
                .arg("-o")
                .arg(w.path(&format!("salida{i}")))
                .arg("--historial")
                .arg(&ledger)
                .arg("--json")
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let outs: Vec<_> = runs
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let codes: Vec<i32> = outs.iter().map(|o| o.status.code().unwrap()).collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    for out in outs.iter().filter(|o| o.status.code() == Some(2)) {
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["error"]["code"], "YA_ESCALADO", "{json}");
    }
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    let recorded: i64 = conn
        .query_row(
            "SELECT count(*) FROM escalations WHERE ticket = '108805'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recorded, 1);
    let written: Vec<PathBuf> = (0..4)
        .flat_map(|i| {
            std::fs::read_dir(w.path(&format!("salida{i}")))
                .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect();
    let emls = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .count();
    let cleans = written
        .iter()
        .filter(|p| p.to_string_lossy().contains(".limpio."))
        .count();
    assert_eq!((emls, cleans), (1, 1), "{written:?}");
}

#[test]
fn a_form_listed_twice_in_a_case_is_not_sent_back_as_duplicated() {
    // The second copy's rows were all rejected as duplicates of the first:
    // a good form went back to the school.
    let w = Workdir::new();
    let text = std::fs::read_to_string(casos().join("caso_108805.toml"))
        .unwrap()
        .replace(
            "formatos = ['formato_108805.csv']",
            &format!(
                "formatos = ['{0}', '{0}']",
                casos().join("formato_108805.csv").display()
            ),
        );
    let case = w.write("caso_108805.toml", text);
    let (code, json, stderr) = w.escalate(&case, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["routing"]["destination"], "nivel2", "{json}");
}

#[test]
fn regression_escalating_an_xls_that_exhausts_the_reader_is_refused_without_aborting() {
    // `escalar` read the case's forms in its own process: an XLS whose
    // reader asks for 160 GB aborted the whole command (SIGABRT) instead of
    // refusing that form, as `validar` does by reading it in a child process.
    let w = Workdir::new();
    let form = w.copy(
        &common::fixture("hostiles/memoria_calamine_xls.xls"),
        "formato_108805.xls",
    );
    let text = std::fs::read_to_string(casos().join("caso_108805.toml"))
        .unwrap()
        .replace(
            "formatos = ['formato_108805.csv']",
            &format!("formatos = ['{}']", form.display()),
        );
    let case = w.write("caso_108805.toml", text);
    let (code, _json, stderr) = w.escalate(&case, &[]);
    assert_ne!(code, -1, "killed by a signal: {stderr}");
    assert!(
        !stderr.contains("memory allocation"),
        "the reader aborted: {stderr}"
    );
}

/// The ledger used to store the .eml path as given (`-o salida`, relative):
/// read from another folder, it named a file that was not there.
#[test]
fn the_ledger_stores_the_absolute_path_of_the_draft() {
    let w = Workdir::new();
    let escalate = || {
        w.sigce()
            .arg("--config")
            .arg(casos().join("sigce.toml"))
            .arg("escalar")
            .arg(casos().join("caso_108809.toml"))
            .args(["-o", "salida", "--historial", "historial.sqlite3"])
            .output()
            .unwrap()
    };
    common::assert_exit(&escalate(), 0);
    std::fs::create_dir(w.path("otra")).unwrap();
    let out = w
        .sigce()
        .current_dir(w.path("otra"))
        .arg("historial")
        .arg("108809")
        .arg("--historial")
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let eml = std::path::absolute(w.path("salida/ticket_108809_datacenter.eml")).unwrap();
    assert!(
        stdout.contains(&format!("Correo: {}", eml.display())),
        "{stdout}"
    );
    // Escalated again: «ya se escaló al Datacenter», not «a el Datacenter».
    let out = escalate();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("El ticket 108809 ya se escaló al Datacenter el "),
        "{stderr}"
    );
}

#[test]
fn an_escalation_of_a_form_corrected_by_hand_goes_to_level_2_listing_the_corrections() {
    use sigce::field::Field;
    use sigce::pipeline::Edit;
    let w = Workdir::new();
    // The example form with a DANE code of eleven digits in its second row
    // (record 3): the form would go back to the school.
    let csv = std::fs::read_to_string(casos().join("formato_108805.csv"))
        .unwrap()
        .replacen(",105001000019,jose", ",10500100001,jose", 1);
    let form = w.write("formato_108805.csv", csv);
    let text = std::fs::read_to_string(casos().join("caso_108805.toml"))
        .unwrap()
        .replace("'formato_108805.csv'", &format!("'{}'", form.display()));
    let case_path = w.write("caso_108805.toml", text);
    let policy = sigce::config::load(Some(&casos().join("sigce.toml")))
        .unwrap()
        .leak();
    let opts = sigce::commands::escalate::Options {
        output_dir: Some(w.path("salida")),
        ledger: w.path("historial.sqlite3"),
        resend: false,
        policy,
    };
    let case = sigce::case::file::load(&case_path).unwrap();
    // Corrected on the page with the caller on the phone.
    let edit = Edit {
        sheet: None,
        row: 3,
        field: Field::CodigoDane,
        value: "105001000019".into(),
        at: "2026-03-02T15:32:00Z".into(),
    };
    let outcome =
        sigce::commands::escalate::run_edited(&case, &opts, &[(form.clone(), vec![edit])]).unwrap();
    assert_eq!(outcome.destination.key(), "nivel2");
    let mail = parse(&outcome.path);
    assert!(
        mail.body
            .contains("CORRECCIONES HECHAS A MANO POR LA MESA DE AYUDA"),
        "{}",
        mail.body
    );
    assert!(
        mail.body
            .contains("Las pidió por teléfono MARTA LUCIA MUNOZ RIOS (quien llamó)"),
        "{}",
        mail.body
    );
    assert!(
        mail.body.contains(
            "  - Fila 3, H3 CODIGO DANE: «10500100001» → «105001000019» (2026-03-02 10:32)\n"
        ),
        "{}",
        mail.body
    );
    // The clean file attached says it too, marked by hand.
    let (_, _, clean) = mail
        .attachments
        .iter()
        .find(|(name, _, _)| name.ends_with(".limpio.xlsx"))
        .unwrap();
    let book = common::read_book(&w.write("adjunto.xlsx", clean));
    let fixes = &book.iter().find(|(n, _)| n == "Correcciones").unwrap().1;
    assert!(
        fixes.iter().any(|l| l[0] == "3"
            && l[3] == "10500100001"
            && l[5].to_string().starts_with("A MANO")),
        "{fixes:?}"
    );
    // The form itself is left as the school sent it.
    assert!(
        std::fs::read_to_string(&form)
            .unwrap()
            .contains(",10500100001,")
    );
}
