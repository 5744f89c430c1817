//! The subjects and bodies of each kind of message.

use super::*;
use crate::case::RequestType;
use crate::case::requests::conectividad::Symptom;
use crate::case::requests::incidente_modulo::Module;
use crate::ledger::SentUser;
use crate::policy::Mailboxes;

fn ready(request: &str) -> Ready {
    let request = RequestType::parse(request).unwrap();
    let mut caller = crate::case::Caller::default();
    caller.set(Item::Ticket, "108805");
    caller.set(Item::Nombre, "ANA PEREZ");
    caller.set(Item::Correo, "ana@colegio.edu.co");
    caller.set(Item::Usuario, "ana@colegio.edu.co");
    Ready {
        request,
        caller,
        forms: Vec::new(),
        module: Some(Module::Evaluaciones),
        symptom: Some(Symptom::SeQuedaPensando),
        description: "Al guardar\nsale un error".into(),
        procedure: "Ingresó a Evaluaciones".into(),
        new_email: "ana.nueva@colegio.edu.co".into(),
        screenshots: Vec::new(),
        warnings: Vec::new(),
    }
}

fn user(doc: &str) -> SentUser {
    SentUser {
        document_type: "CC".into(),
        document: doc.into(),
        email: format!("u{doc}@colegio.edu.co"),
        name: format!("USUARIO {doc}"),
    }
}

#[test]
fn subjects_follow_the_request() {
    let m = Mailboxes::default();
    let d = escalation(
        &ready("incidente_modulo"),
        Destination::Level2,
        &m.level1,
        &m.level2,
        None,
    );
    assert_eq!(
        d.subject,
        "[SIGCE] Ticket 108805 - Incidente de módulo: Evaluaciones"
    );
    assert!(d.body.contains("  Al guardar\n  sale un error\n"));
    assert!(d.body.contains("el usuario no envió capturas"));
    let d = escalation(
        &ready("conectividad"),
        Destination::Datacenter,
        &m.level1,
        &m.level2,
        None,
    );
    assert_eq!(
        d.subject,
        "[SIGCE] Ticket 108805 - Conectividad: El sistema se queda pensando"
    );
    let forms = Forms {
        forms: vec![FormSummary {
            file: "f.xlsx".into(),
            rows: 2,
            accepted: 2,
            ..FormSummary::default()
        }],
        users: vec![user("1"), user("2")],
        already_sent: vec![],
    };
    assert!(forms.received());
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Level2,
        &m.level1,
        &m.level2,
        Some(&forms),
    );
    assert_eq!(
        d.subject,
        "[SIGCE] Ticket 108805 - Creación de usuarios (2 usuarios)"
    );
    assert!(d.body.contains("CC 2  USUARIO 2  u2@colegio.edu.co"));
    assert!(
        d.body.contains("Ticket de mesa de ayuda ...... 108805"),
        "{}",
        d.body
    );
    assert!(
        d.body.ends_with("soportesigce@asegest.com\n") || d.body.ends_with("mineducacion.gov.co\n")
    );
}

#[test]
fn a_form_that_cannot_be_received_goes_back_with_its_problems() {
    let m = Mailboxes::default();
    let forms = Forms {
        forms: vec![FormSummary {
            file: "f.xlsx".into(),
            rows: 3,
            accepted: 2,
            rejected: 1,
            to_fix: 1,
            problems: vec!["Fila 4, CORREO: «ana@» no es una dirección de correo válida.".into()],
            ..FormSummary::default()
        }],
        ..Forms::default()
    };
    assert!(!forms.received());
    let to = Mailbox {
        name: "ANA PEREZ".into(),
        address: "ana@colegio.edu.co".into(),
    };
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Requester,
        &m.level1,
        &to,
        Some(&forms),
    );
    assert_eq!(
        d.subject,
        "[SIGCE] Ticket 108805 - Formato de creación de usuarios devuelto (1 fila por corregir)"
    );
    assert!(d.body.starts_with("Buen día, ANA PEREZ:"));
    assert!(
        d.body
            .contains("f.xlsx: 1 fila de 3 con errores:\n  - Fila 4, CORREO")
    );
}

#[test]
fn warnings_of_the_rows_sent_reach_level_2_and_the_school() {
    let m = Mailboxes::default();
    let check =
        "Fila 7, ANA PEREZ, J7 CORREO ELECTRONICO: el dominio «gmial.com» parece mal escrito.";
    let mut forms = Forms {
        forms: vec![FormSummary {
            file: "f.xlsx".into(),
            rows: 2,
            accepted: 2,
            to_check: vec![check.into()],
            ..FormSummary::default()
        }],
        users: vec![user("1"), user("2")],
        already_sent: vec![],
    };
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Level2,
        &m.level1,
        &m.level2,
        Some(&forms),
    );
    assert!(
        d.body.contains(&format!(
            "PARA REVISAR ANTES DE CREAR (también en la hoja «Revisar» del adjunto)\n  - {check}\n"
        )),
        "{}",
        d.body
    );
    // Without warnings, no such section.
    forms.forms[0].to_check.clear();
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Level2,
        &m.level1,
        &m.level2,
        Some(&forms),
    );
    assert!(!d.body.contains("PARA REVISAR"), "{}", d.body);
    // A returned form says there is more to check than the errors.
    forms.forms[0].rejected = 1;
    forms.forms[0].to_fix = 1;
    forms.forms[0].to_check = vec![check.into(), check.into()];
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Requester,
        &m.level1,
        &m.level2,
        Some(&forms),
    );
    assert!(
        d.body
            .contains("Además, hay 2 datos para revisar (en amarillo en el archivo)"),
        "{}",
        d.body
    );
}

#[test]
fn the_answer_lists_logins_the_first_password_and_who_is_missing() {
    let m = Mailboxes::default();
    let to = Mailbox {
        name: "ANA PEREZ".into(),
        address: "ana@colegio.edu.co".into(),
    };
    let created = [Created {
        user: user("52123456"),
        login: "u52123456@colegio.edu.co".into(),
    }];
    let d = answer(
        &ready("creacion_usuarios"),
        &m.level1,
        &to,
        &created,
        &[(
            user("10101010"),
            "NO CREADO – documento ya existe".to_string(),
        )],
        &[user("79111222")],
    );
    assert_eq!(
        d.subject,
        "[SIGCE] Ticket 108805 - Usuarios creados (1 de 3)"
    );
    // Not created: in its own group, with level 2's reason, never a password.
    let not_created = d.body.split("USUARIOS QUE NO SE CREARON").nth(1).unwrap();
    assert!(
        not_created.contains("USUARIO 10101010 (CC 10101010"),
        "{}",
        d.body
    );
    assert!(
        not_created
            .contains("Motivo que dio el equipo de creación: NO CREADO – documento ya existe")
    );
    assert_eq!(
        d.body.matches("Contraseña inicial").count(),
        1,
        "{}",
        d.body
    );
    assert!(d.body.contains("Usuario: u52123456@colegio.edu.co"));
    assert!(
        d.body
            .contains("Contraseña inicial: el número de documento (CC 52123456)")
    );
    assert!(d.body.contains("USUARIO 79111222 (CC 79111222"));
}

#[test]
fn attachments_get_their_mime_type() {
    assert_eq!(
        Attachment::content_type_of("a.limpio.XLSX"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(Attachment::content_type_of("captura.PNG"), "image/png");
    assert_eq!(
        Attachment::content_type_of("sin_extension"),
        "application/octet-stream"
    );
}

#[test]
fn the_cells_corrected_by_hand_are_listed_for_level_2_with_who_asked_and_what_still_cannot_be_received()
 {
    let m = Mailboxes::default();
    let change = "Fila 4, J4 CORREO ELECTRONICO: «ana@gmial» → «ana@gmail.com» (2026-03-02 10:32)";
    let mut forms = Forms {
        forms: vec![FormSummary {
            file: "f.xlsx".into(),
            rows: 2,
            accepted: 2,
            manual: vec![change.into()],
            ..FormSummary::default()
        }],
        users: vec![user("1"), user("2")],
        already_sent: vec![],
    };
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Level2,
        &m.level1,
        &m.level2,
        Some(&forms),
    );
    assert!(
        d.body
            .contains("CORRECCIONES HECHAS A MANO POR LA MESA DE AYUDA"),
        "{}",
        d.body
    );
    assert!(
        d.body
            .contains("Las pidió por teléfono ANA PEREZ (quien llamó)")
    );
    assert!(d.body.contains("NO se podrá recibir"));
    assert!(d.body.contains(&format!("  - {change}\n")), "{}", d.body);

    // Returned to the school: what was corrected on the call, and the rest
    // still to correct.
    forms.forms[0].rejected = 1;
    forms.forms[0].to_fix = 1;
    forms.forms[0].problems = vec!["Fila 5, CORREO: «x@» no es válida.".into()];
    let to = Mailbox {
        name: "ANA PEREZ".into(),
        address: "ana@colegio.edu.co".into(),
    };
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Requester,
        &m.level1,
        &to,
        Some(&forms),
    );
    assert!(
        d.body.contains("a pedido de ANA PEREZ, corregimos"),
        "{}",
        d.body
    );
    assert!(d.body.contains("sigue sin poderse recibir"));
    assert!(d.body.contains(change) && d.body.contains("Fila 5, CORREO"));

    // Without changes by hand, no such section.
    forms.forms[0].manual.clear();
    let d = escalation(
        &ready("creacion_usuarios"),
        Destination::Requester,
        &m.level1,
        &to,
        Some(&forms),
    );
    assert!(!d.body.contains("corregimos"));
}
