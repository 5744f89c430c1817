//! A case from the call to its closure, with the binary: escalated, answered
//! from level 2's list, found by a person's document, reminded in its
//! thread, closed, reopened; a ledger of the first release migrated.

mod common;

use std::path::{Path, PathBuf};

use common::{Workdir, assert_exit, casos};
use mail_parser::MessageParser;
use serde_json::Value;

struct Desk {
    w: Workdir,
}

impl Desk {
    fn new() -> Desk {
        Desk { w: Workdir::new() }
    }

    fn ledger(&self) -> PathBuf {
        self.w.path("historial.sqlite3")
    }

    /// `sigce --config examples/casos/sigce.toml ARGS --historial H`.
    fn run(&self, args: &[&str]) -> std::process::Output {
        self.w
            .sigce()
            .arg("--config")
            .arg(casos().join("sigce.toml"))
            .args(args)
            .arg("--historial")
            .arg(self.ledger())
            .output()
            .unwrap()
    }

    fn escalate(&self, case: &str, extra: &[&str]) -> std::process::Output {
        let case = casos().join(case);
        let out = self.w.path("salida");
        let mut args = vec![
            "escalar",
            case.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        self.run(&args)
    }

    fn board(&self, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["casos", "--json"];
        args.extend(extra);
        let out = self.run(&args);
        assert_exit(&out, 0);
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn state(&self, ticket: &str) -> String {
        let all = self.board(&[
            "--estado",
            "abierto",
            "--estado",
            "escalado",
            "--estado",
            "devuelto",
            "--estado",
            "respondido",
            "--estado",
            "cerrado",
            "--estado",
            "reabierto",
        ]);
        all.iter()
            .find(|c| c["ticket"] == ticket)
            .map(|c| c["state"].as_str().unwrap().to_string())
            .unwrap_or_default()
    }

    fn text(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_exit(&out, 0);
        String::from_utf8(out.stdout).unwrap()
    }
}

fn message_id(path: &Path) -> (String, Option<String>, String) {
    let bytes = std::fs::read(path).unwrap();
    let m = MessageParser::default().parse(&bytes).unwrap();
    let id = m.message_id().unwrap().to_string();
    let parent = m.in_reply_to().as_text().map(str::to_string);
    let to = m
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_string();
    (id, parent, to)
}

#[test]
fn a_user_creation_case_goes_from_escalated_to_answered_to_closed() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108805.toml", &[]), 0);
    assert_eq!(d.state("108805"), "escalado");
    let board = d.board(&[]);
    assert_eq!(board[0]["waiting_for"], "nivel2");
    assert_eq!(board[0]["age_working_days"], 0);

    // «¿Ya tengo usuario?» before level 2 answers.
    let said = d.text(&["casos", "buscar", "43.512.876"]);
    assert!(said.contains("enviado a nivel 2 el"), "{said}");
    assert!(said.contains("nivel 2 no ha respondido todavía"), "{said}");

    // A case never answered is closed only with a reason.
    let out = d.run(&["cerrar", "108805"]);
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("ESTADO_NO_PERMITIDO"));

    let list = d.w.write(
        "listado.csv",
        "NUMERO DE DOCUMENTO,NOMBRE,USUARIO\n43512876,MARTA MUNOZ,marta.munoz@iesanjose.edu.co\n",
    );
    assert_exit(
        &d.escalate("caso_108805.toml", &["--responder", list.to_str().unwrap()]),
        0,
    );
    assert_eq!(d.state("108805"), "respondido");
    let said = d.text(&["casos", "buscar", "marta.munoz@iesanjose.edu.co"]);
    assert!(
        said.contains("creado el") && said.contains("con el usuario marta.munoz@iesanjose.edu.co"),
        "{said}"
    );
    // Someone level 2 did not list is said to be missing, not created.
    let said = d.text(&["casos", "buscar", "71234567"]);
    assert!(said.contains("no creado según nivel 2"), "{said}");

    assert_exit(
        &d.run(&["cerrar", "108805", "--nota", "respondido por correo"]),
        0,
    );
    assert_eq!(d.state("108805"), "cerrado");
    // Closed: out of the default board, and no escalation until reopened.
    assert!(d.board(&[]).iter().all(|c| c["ticket"] != "108805"));
    let out = d.escalate("caso_108805.toml", &["--reenviar"]);
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("CASO_CERRADO"));
    assert_exit(
        &d.run(&["casos", "reabrir", "108805", "--nota", "llamó otra vez"]),
        0,
    );
    assert_eq!(d.state("108805"), "reabierto");
    let history = d.text(&["casos", "buscar", "108805"]);
    for what in [
        "escalado",
        "respondido",
        "cerrado",
        "reabierto",
        "llamó otra vez",
    ] {
        assert!(history.contains(what), "{what}: {history}");
    }
}

#[test]
fn a_datacenter_case_is_reminded_in_its_thread_and_closed_with_a_reason() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108807.toml", &[]), 0);
    let original = d.w.path("salida/ticket_108807_datacenter.eml");
    let (id, _, to) = message_id(&original);
    // Not overdue yet: nothing to remind.
    assert!(d.board(&["--pendientes"]).is_empty());
    let said = d.text(&["casos", "recordar"]);
    assert!(
        said.contains("no se escribió ningún recordatorio"),
        "{said}"
    );

    // Five working days later (the ledger's clock moved back).
    let conn = rusqlite::Connection::open(d.ledger()).unwrap();
    conn.execute(
        "UPDATE cases SET changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days') WHERE ticket = '108807'",
        [],
    )
    .unwrap();
    drop(conn);
    let late = d.board(&["--pendientes"]);
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0]["overdue"], true);
    let board = d.text(&["casos"]);
    assert!(board.contains("esperando más de 3 días hábiles"), "{board}");

    let said = d.text(&["casos", "recordar"]);
    assert!(said.contains("Recordatorio del ticket 108807"), "{said}");
    let reminder = d.w.path("salida/ticket_108807_recordatorio.eml");
    let (reminder_id, parent, reminder_to) = message_id(&reminder);
    assert_eq!(parent.as_deref(), Some(id.as_str()), "in the thread");
    assert_ne!(reminder_id, id);
    assert_eq!(reminder_to, to);
    // A second reminder does not overwrite the first.
    d.text(&["casos", "recordar", "108807"]);
    assert!(d.w.path("salida/ticket_108807_recordatorio_2.eml").exists());

    let out = d.run(&["cerrar", "108807"]);
    assert_exit(&out, 2);
    assert_exit(
        &d.run(&[
            "cerrar",
            "108807",
            "--sin-respuesta",
            "el Datacenter respondió al usuario",
        ]),
        0,
    );
    let history = d.text(&["casos", "buscar", "108807"]);
    assert!(history.contains("Recordatorio al Datacenter"), "{history}");
    assert!(
        history.contains("Cerrado sin respuesta redactada: el Datacenter respondió"),
        "{history}"
    );
}

#[test]
fn a_ledger_of_the_first_release_is_listed_after_migrating_in_place() {
    let d = Desk::new();
    std::fs::copy(
        common::fixture("historial/historial_v1.sqlite3"),
        d.ledger(),
    )
    .unwrap();
    let board = d.board(&[]);
    assert_eq!(board.len(), 6);
    let returned = board.iter().find(|c| c["ticket"] == "108806").unwrap();
    assert_eq!(returned["state"], "devuelto");
    assert_eq!(returned["waiting_for"], "solicitante");
    // The escalations are all still there.
    let history = d.text(&["historial"]);
    assert_eq!(history.matches("ticket 1088").count(), 6, "{history}");
}

#[test]
fn listing_cases_never_creates_a_ledger() {
    let d = Desk::new();
    let said = d.text(&["casos"]);
    assert!(said.contains("No hay casos"), "{said}");
    assert!(!d.ledger().exists());
}

#[test]
fn listing_cases_while_escalating_on_the_same_ledger_works_for_both() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108809.toml", &[]), 0);
    std::thread::scope(|s| {
        let escalate = s.spawn(|| d.escalate("caso_108810.toml", &[]));
        let lists: Vec<_> = (0..4)
            .map(|_| s.spawn(|| d.run(&["casos", "--json"])))
            .collect();
        assert_exit(&escalate.join().unwrap(), 0);
        for l in lists {
            let out = l.join().unwrap();
            assert_exit(&out, 0);
            let list: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(!list.as_array().unwrap().is_empty());
        }
    });
    assert_eq!(d.board(&[]).len(), 2);
}

/// Level 2's list marked «NO CREADO – documento ya existe» and the school
/// was told the person was created, with a first password.
#[test]
fn a_person_level_2_did_not_create_is_answered_with_its_reason_not_a_password() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108805.toml", &[]), 0);
    let list = d.w.write(
        "listado.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO,ESTADO,OBSERVACIONES\n108805,71.234.567,jose.pena,NO CREADO,documento ya existe\n108805,43512876,marta.munoz,CREADO,\n",
    );
    let out = d.escalate("caso_108805.toml", &["--responder", list.to_str().unwrap()]);
    assert_exit(&out, 0);
    let bytes = std::fs::read(d.w.path("salida/ticket_108805_respuesta.eml")).unwrap();
    let mail = MessageParser::default().parse(&bytes).unwrap();
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    let (created, rest) = body.split_once("USUARIOS QUE NO SE CREARON").unwrap();
    assert!(created.contains("Usuario: marta.munoz"), "{body}");
    assert!(!created.contains("JOSE PENA"), "{body}");
    assert!(rest.contains("JOSE PENA GARCIA (CC 71234567"), "{body}");
    assert!(rest.contains("NO CREADO – documento ya existe"), "{body}");
    // The third person was requested and is missing from the list.
    assert!(
        rest.contains("USUARIOS QUE NO APARECEN EN EL LISTADO"),
        "{body}"
    );
    let said = d.text(&["casos", "buscar", "71234567"]);
    assert!(
        said.contains("no creado según nivel 2") && said.contains("documento ya existe"),
        "{said}"
    );

    // A list of another ticket is refused, and nothing is answered.
    let other = d.w.write(
        "otro.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO\n108900,43512876,marta.munoz\n",
    );
    let out = d.escalate(
        "caso_108805.toml",
        &["--responder", other.to_str().unwrap()],
    );
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("es del ticket 108900"));
}

/// A second user-creation case, written beside the examples' one: its own
/// ticket, caller and people.
fn second_case(d: &Desk) -> PathBuf {
    d.w.write(
        "formato_108811.csv",
        "PRIMER NOMBRE,SEGUNDO NOMBRE,PRIMER APELLIDO,SEGUNDO APELLIDO,TIPO DE DOCUMENTO,NUMERO DE DOCUMENTO,PERFIL,CODIGO DANE,CORREO ELECTRONICO,CARGO,CORREO ELECTRONICO ALTERNO,TELEFONO\nLUISA,,VARGAS,DIAZ,CC,52111222,FUNCIONARIO ESTABLECIMIENTO EDUCATIVO,105001000027,luisa.vargas@ielaesperanza.edu.co,DOCENTE,,3001112233\n",
    );
    let case = std::fs::read_to_string(casos().join("caso_108805.toml"))
        .unwrap()
        .replace("108805", "108811")
        .replace("MARTA LUCIA MUNOZ RIOS", "PEDRO GOMEZ")
        .replace("rectoria@iesanjose.edu.co", "rectoria@ielaesperanza.edu.co")
        .replace("105001000019", "105001000027");
    d.w.write("caso_108811.toml", &case)
}

#[test]
fn one_list_of_several_tickets_answers_each_case_and_names_what_it_could_not() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108805.toml", &[]), 0);
    let second = second_case(&d);
    let out = d.run(&[
        "escalar",
        second.to_str().unwrap(),
        "-o",
        d.w.path("salida2").to_str().unwrap(),
    ]);
    assert_exit(&out, 0);
    // One list for both tickets, a ticket nobody escalated, and a row
    // without ticket.
    let list = d.w.write(
        "listado.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO,ESTADO,OBSERVACIONES\n\
         108805,43512876,marta.munoz,CREADO,\n\
         108811,52.111.222,luisa.vargas,CREADO,\n\
         108805,71234567,jose.pena,NO CREADO,documento ya existe\n\
         999999,10203040,nadie.aqui,CREADO,\n\
         ,E1234567,carlos.ruiz,CREADO,\n",
    );
    let out = d.run(&["responder", list.to_str().unwrap(), "--json"]);
    assert_exit(&out, 1);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let answered: Vec<&str> = json["answered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ticket"].as_str().unwrap())
        .collect();
    assert_eq!(answered, ["108805", "108811"]);
    assert_eq!(json["skipped"][0]["ticket"], "999999");
    assert_eq!(json["skipped"][0]["error"]["code"], "CASO_NO_ENCONTRADO");
    assert_eq!(json["without_ticket"][0]["row"], 6);
    assert_eq!(json["without_ticket"][0]["document"], "E1234567");
    // Its person was asked for in 108805: said, never assumed.
    assert_eq!(json["without_ticket"][0]["requested_in"], "108805");

    // Each answer goes beside its case's e-mail to level 2, to its caller,
    // in the thread of that e-mail, with only its own people.
    let first = d.w.path("salida/ticket_108805_respuesta.eml");
    let second = d.w.path("salida2/ticket_108811_respuesta.eml");
    let bytes = std::fs::read(&first).unwrap();
    let mail = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        mail.to().unwrap().first().unwrap().address().unwrap(),
        "rectoria@iesanjose.edu.co"
    );
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.contains("Usuario: marta.munoz"), "{body}");
    assert!(body.contains("documento ya existe"), "{body}");
    assert!(!body.contains("luisa.vargas"), "{body}");
    let bytes = std::fs::read(&second).unwrap();
    let mail = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        mail.to().unwrap().first().unwrap().address().unwrap(),
        "rectoria@ielaesperanza.edu.co"
    );
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    assert!(body.contains("Usuario: luisa.vargas"), "{body}");
    assert!(!body.contains("marta.munoz"), "{body}");
    assert_eq!(d.state("108805"), "respondido");
    assert_eq!(d.state("108811"), "respondido");

    // The same list again answers nobody twice.
    let out = d.run(&["responder", list.to_str().unwrap()]);
    assert_exit(&out, 1);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("Ticket 108805 · sin respuesta"), "{said}");
    assert!(said.contains("ya se respondió"), "{said}");
    assert!(
        said.contains("fila 6 (documento E1234567, que se pidió en el ticket 108805)"),
        "{said}"
    );
}

#[test]
fn a_list_without_a_ticket_column_is_refused_by_responder_and_nothing_is_written() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108805.toml", &[]), 0);
    let list = d.w.write(
        "listado.csv",
        "NUMERO DE DOCUMENTO,USUARIO\n43512876,marta.munoz\n",
    );
    let out = d.run(&["responder", list.to_str().unwrap()]);
    assert_exit(&out, 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tiene columna TICKET"));
    assert!(!d.w.path("salida/ticket_108805_respuesta.eml").exists());
    assert_eq!(d.state("108805"), "escalado");
}

/// The states a case went through, in order, from the ledger's events.
fn states(d: &Desk, ticket: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(d.ledger()).unwrap();
    let mut stmt = conn
        .prepare("SELECT state FROM case_events WHERE ticket = ?1 ORDER BY id")
        .unwrap();
    stmt.query_map([ticket], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The Message-ID the ledger recorded for a ticket's escalation to `destination`.
fn recorded_id(d: &Desk, ticket: &str, destination: &str) -> String {
    let conn = rusqlite::Connection::open(d.ledger()).unwrap();
    conn.query_row(
        "SELECT message_id FROM escalations WHERE ticket = ?1 AND destination = ?2",
        [ticket, destination],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn every_request_type_lives_from_its_case_file_to_closed() {
    let d = Desk::new();
    let out_dir = d.w.path("salida");
    let attend = |case: &str| {
        d.run(&[
            "atender",
            "--caso",
            casos().join(case).to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ])
    };
    // User creation: intake, level 2, the list with created / not created
    // / missing people, the answer, closed.
    assert_exit(&attend("caso_108805.toml"), 0);
    let escalation = d.w.path("salida/ticket_108805_nivel2.eml");
    let (id, parent, to) = message_id(&escalation);
    assert_eq!(parent, None);
    assert_eq!(id, recorded_id(&d, "108805", "nivel2"));
    assert_eq!(to, "soportesigce@asegest.com");
    let list = d.w.write(
        "listado.csv",
        "TICKET,NUMERO DE DOCUMENTO,USUARIO,ESTADO,OBSERVACIONES\n\
         108805,43512876,marta.munoz,CREADO,\n\
         108805,71234567,jose.pena,NO CREADO,documento ya existe\n",
    );
    assert_exit(&d.run(&["responder", list.to_str().unwrap()]), 0);
    let answer = d.w.path("salida/ticket_108805_respuesta.eml");
    let bytes = std::fs::read(&answer).unwrap();
    let mail = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        mail.to().unwrap().first().unwrap().address().unwrap(),
        "rectoria@iesanjose.edu.co"
    );
    let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
    for group in [
        "USUARIOS CREADOS",
        "USUARIOS QUE NO SE CREARON",
        "USUARIOS QUE NO APARECEN EN EL LISTADO",
    ] {
        assert!(body.contains(group), "{group}: {body}");
    }
    assert_eq!(
        message_id(&answer).0,
        recorded_id(&d, "108805", "solicitante")
    );
    assert_exit(&d.run(&["cerrar", "108805"]), 0);
    assert_eq!(
        states(&d, "108805"),
        ["abierto", "escalado", "respondido", "cerrado"]
    );

    // The others: escalated where the procedure says, answered with what
    // that team said, closed.
    for (case, ticket, destination) in [
        ("caso_108807.toml", "108807", "datacenter"),
        ("caso_108808.toml", "108808", "datacenter"),
        ("caso_108809.toml", "108809", "datacenter"),
        ("caso_108810.toml", "108810", "nivel2"),
    ] {
        assert_exit(&attend(case), 0);
        let escalation =
            d.w.path(&format!("salida/ticket_{ticket}_{destination}.eml"));
        let (id, parent, to) = message_id(&escalation);
        assert_eq!(parent, None, "{ticket}");
        let mailbox = if destination == "datacenter" {
            "datacenter@ejemplo.gov.co"
        } else {
            "soportesigce@asegest.com"
        };
        assert_eq!(to, mailbox, "{ticket}");
        assert_eq!(id, recorded_id(&d, ticket, destination), "{ticket}");
        assert_eq!(d.state(ticket), "escalado", "{ticket}");
        // A user-creation list cannot answer it; a message does.
        let out = d.run(&["responder", "--ticket", ticket]);
        assert_exit(&out, 2);
        let out = d.run(&[
            "responder",
            "--ticket",
            ticket,
            "--mensaje",
            "Quedó resuelto; ingrese de nuevo a SIGCE.",
        ]);
        assert_exit(&out, 0);
        let answer = d.w.path(&format!("salida/ticket_{ticket}_respuesta.eml"));
        let bytes = std::fs::read(&answer).unwrap();
        let mail = MessageParser::default().parse(&bytes).unwrap();
        let body = mail.body_text(0).unwrap().replace("\r\n", "\n");
        assert!(body.contains("Quedó resuelto; ingrese de nuevo"), "{body}");
        let team = if destination == "datacenter" {
            "atendida por el Datacenter"
        } else {
            "atendida por el equipo de soporte de SIGCE"
        };
        assert!(body.contains(team), "{ticket}: {body}");
        assert!(
            mail.subject()
                .unwrap()
                .contains(&format!("Ticket {ticket}")),
            "{ticket}"
        );
        assert_exit(
            &d.run(&["cerrar", ticket, "--nota", "usuario informado"]),
            0,
        );
        assert_eq!(
            states(&d, ticket),
            ["abierto", "escalado", "respondido", "cerrado"],
            "{ticket}"
        );
    }
    // Nothing is left waiting.
    assert!(d.board(&[]).is_empty());
}

#[test]
fn a_user_creation_case_is_answered_from_the_list_not_from_a_message() {
    let d = Desk::new();
    assert_exit(&d.escalate("caso_108805.toml", &[]), 0);
    let out = d.run(&["responder", "--ticket", "108805", "--mensaje", "listo"]);
    assert_exit(&out, 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("su respuesta sale del listado de nivel 2")
    );
    assert_eq!(d.state("108805"), "escalado");
}
