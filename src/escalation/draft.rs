//! What an escalation e-mail says: the subject, a Spanish body with the
//! identification block and the case details laid out for reading, and the
//! attachments. Nothing here knows MIME (`eml`) or files (the command).

use crate::case::Item;
use crate::case::checklist::Ready;
use crate::config::Mailbox;
use crate::ledger::SentUser;

use super::Destination;

/// How many users or errors a body lists before pointing to the attachment.
const LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// The MIME type by extension (what mail programs use to open it).
    pub fn content_type_of(name: &str) -> &'static str {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase());
        match ext.as_deref() {
            Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Some("xls") => "application/vnd.ms-excel",
            Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
            Some("csv") => "text/csv",
            Some("png") => "image/png",
            Some("jpg" | "jpeg") => "image/jpeg",
            Some("gif") => "image/gif",
            Some("bmp") => "image/bmp",
            Some("webp") => "image/webp",
            Some("pdf") => "application/pdf",
            _ => "application/octet-stream",
        }
    }
}

/// A message ready to be written as an .eml file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub destination: Destination,
    pub from: Mailbox,
    pub to: Mailbox,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<Attachment>,
}

/// One user-creation form, as the validator left it.
#[derive(Debug, Clone, Default)]
pub struct FormSummary {
    pub file: String,
    pub rows: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Rejected rows with errors of their own (in strict mode the good rows
    /// of a refused form are rejected too, but have nothing to correct).
    pub to_fix: usize,
    pub fixes: usize,
    /// Why the file could not be processed, and what to do.
    pub error: Option<(String, Option<String>)>,
    /// "Fila 5, CORREO: ..." for the rows to correct.
    pub problems: Vec<String>,
}

/// The forms of a user-creation case.
#[derive(Debug, Clone, Default)]
pub struct Forms {
    pub forms: Vec<FormSummary>,
    /// The accepted users, in form order.
    pub users: Vec<SentUser>,
    /// Users already sent to level 2 in an earlier case (from the ledger).
    pub already_sent: Vec<String>,
}

impl Forms {
    /// Whether every form can be received whole.
    pub fn received(&self) -> bool {
        !self.forms.is_empty()
            && self
                .forms
                .iter()
                .all(|f| f.error.is_none() && f.rejected == 0 && f.accepted > 0)
    }
}

/// A user level 2 reports as created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub user: SentUser,
    pub login: String,
}

fn line(out: &mut String, label: &str, value: &str) {
    let dots = 30usize.saturating_sub(label.chars().count() + 1);
    out.push_str(&format!("  {label} {} {value}\n", ".".repeat(dots.max(2))));
}

fn identification(out: &mut String, ready: &Ready) {
    out.push_str("DATOS DE QUIEN SOLICITA\n");
    for item in Item::ALL {
        let value = ready.caller.get(item);
        line(
            out,
            item.label(),
            if value.is_empty() { "—" } else { value },
        );
    }
    out.push('\n');
}

fn signature(out: &mut String, from: &Mailbox) {
    out.push_str("\nCordialmente,\n\n");
    out.push_str(&from.name);
    out.push('\n');
    out.push_str(&from.address);
    out.push('\n');
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The escalation of a complete case to `destination`.
pub fn escalation(
    ready: &Ready,
    destination: Destination,
    from: &Mailbox,
    to: &Mailbox,
    forms: Option<&Forms>,
) -> Draft {
    let ticket = ready.caller.ticket();
    let mut body = String::new();
    let subject;
    match forms {
        Some(forms) if destination == Destination::Requester => {
            let to_fix: usize = forms.forms.iter().map(|f| f.to_fix).sum();
            subject = if forms.forms.iter().any(|f| f.error.is_some()) {
                format!(
                    "[SIGCE] Ticket {ticket} - Formato de creación de usuarios devuelto (no se pudo leer)"
                )
            } else {
                format!(
                    "[SIGCE] Ticket {ticket} - Formato de creación de usuarios devuelto ({} por corregir)",
                    plural(to_fix, "fila", "filas")
                )
            };
            body.push_str(&format!("Buen día, {}:\n\n", to.name));
            body.push_str(&format!(
                "Recibimos su solicitud de creación de usuarios de SIGCE (ticket {ticket}). El formato no se puede recibir todavía porque tiene datos por corregir; así no se puede enviar a creación de usuarios.\n\n"
            ));
            rejected_forms(&mut body, forms);
            body.push_str("\nQué hacer: corrija el formato (en el archivo adjunto cada celda con error está marcada y explica qué cambiar), y envíe de nuevo el formato completo respondiendo a este correo, sin cambiar el número de ticket.\n");
        }
        Some(forms) => {
            let n = forms.users.len();
            subject = format!(
                "[SIGCE] Ticket {ticket} - Creación de usuarios ({})",
                plural(n, "usuario", "usuarios")
            );
            body.push_str(&format!("Señores {}:\n\n", to.name));
            body.push_str(&format!(
                "Escalamos el ticket {ticket}: creación de {} de SIGCE. El formato se revisó completo y cumple las reglas del formato de creación de usuarios; va adjunto en su versión limpia (solo texto, sin vínculos, con el ticket en cada fila).\n\n",
                plural(n, "usuario", "usuarios")
            ));
            identification(&mut body, ready);
            body.push_str("SOLICITUD\n");
            line(&mut body, "Tipo", ready.request.label());
            for f in &forms.forms {
                line(
                    &mut body,
                    "Formato",
                    &format!(
                        "{}: {}, {}",
                        f.file,
                        plural(f.accepted, "usuario", "usuarios"),
                        plural(f.fixes, "corrección automática", "correcciones automáticas")
                    ),
                );
            }
            if !forms.already_sent.is_empty() {
                body.push_str("\nATENCIÓN: según nuestro historial, estas personas ya se enviaron antes a creación de usuarios:\n");
                for s in &forms.already_sent {
                    body.push_str(&format!("  - {s}\n"));
                }
            }
            body.push_str("\nUSUARIOS\n");
            for (i, u) in forms.users.iter().take(LISTED).enumerate() {
                body.push_str(&format!(
                    "  {:>3}. {} {}  {}  {}\n",
                    i + 1,
                    u.document_type,
                    u.document,
                    u.name,
                    u.email
                ));
            }
            if n > LISTED {
                body.push_str(&format!("  ... y {} más (vea el adjunto).\n", n - LISTED));
            }
            body.push_str(&format!(
                "\nPor favor creen los usuarios y devuelvan el listado de usuarios creados respondiendo a este correo con el ticket {ticket}.\n"
            ));
        }
        None => {
            let what = ready.request.summary(ready);
            subject = format!("[SIGCE] Ticket {ticket} - {what}");
            body.push_str(&format!("Señores {}:\n\n", to.name));
            body.push_str(&format!(
                "Escalamos el ticket {ticket} de la mesa de ayuda de SIGCE: {}.\n\n",
                what
            ));
            identification(&mut body, ready);
            body.push_str("SOLICITUD\n");
            line(&mut body, "Tipo", ready.request.label());
            for (label, value) in ready.request.body_lines(ready) {
                line(&mut body, label, &value);
            }
            if !ready.description.is_empty() {
                body.push_str("\nDescripción:\n");
                indent(&mut body, &ready.description);
            }
            if !ready.procedure.is_empty() {
                body.push_str(
                    "\nProcedimiento que realizaba el usuario cuando apareció el error:\n",
                );
                indent(&mut body, &ready.procedure);
            }
            let shots: Vec<String> = ready
                .screenshots
                .iter()
                .map(|p| {
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                })
                .collect();
            if ready.request.tells_screenshots() {
                body.push_str(&format!(
                    "\nCapturas de pantalla: {}\n",
                    if shots.is_empty() {
                        "el usuario no envió capturas.".to_string()
                    } else {
                        format!("adjuntas ({}).", shots.join(", "))
                    }
                ));
            }
            body.push_str(&format!(
                "\nPor favor atiendan la solicitud y respondan a este correo con el ticket {ticket} para informar al usuario y cerrar el caso.\n"
            ));
        }
    }
    signature(&mut body, from);
    Draft {
        destination,
        from: from.clone(),
        to: to.clone(),
        subject,
        body,
        attachments: Vec::new(),
    }
}

fn indent(out: &mut String, text: &str) {
    for l in text.lines() {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
}

fn rejected_forms(body: &mut String, forms: &Forms) {
    for f in &forms.forms {
        match &f.error {
            Some((message, help)) => {
                body.push_str(&format!("{}: no se pudo leer. {message}\n", f.file));
                if let Some(help) = help {
                    body.push_str(&format!("  Qué hacer: {help}\n"));
                }
            }
            None if f.to_fix == 0 => {
                body.push_str(&format!(
                    "{}: {} sin errores.\n",
                    f.file,
                    plural(f.rows, "fila", "filas")
                ));
            }
            None => {
                body.push_str(&format!(
                    "{}: {} de {} con errores:\n",
                    f.file,
                    plural(f.to_fix, "fila", "filas"),
                    f.rows
                ));
                for p in f.problems.iter().take(LISTED) {
                    body.push_str(&format!("  - {p}\n"));
                }
                if f.problems.len() > LISTED {
                    body.push_str(&format!(
                        "  ... y {} más (vea el archivo adjunto).\n",
                        f.problems.len() - LISTED
                    ));
                }
            }
        }
    }
}

/// Level 1's answer to the requester once level 2 returned the created users.
pub fn answer(
    ready: &Ready,
    from: &Mailbox,
    to: &Mailbox,
    created: &[Created],
    missing: &[SentUser],
) -> Draft {
    let ticket = ready.caller.ticket();
    let requested = created.len() + missing.len();
    let mut body = String::new();
    body.push_str(&format!("Buen día, {}:\n\n", to.name));
    body.push_str(&format!(
        "Le informamos que su solicitud de creación de usuarios de SIGCE (ticket {ticket}) fue atendida: se crearon {} de {requested}.\n\n",
        plural(created.len(), "usuario", "usuarios")
    ));
    if !created.is_empty() {
        body.push_str("USUARIOS CREADOS\n");
        for (i, c) in created.iter().enumerate() {
            body.push_str(&format!(
                "  {:>3}. {}\n       Usuario: {}\n       Contraseña inicial: el número de documento ({} {})\n",
                i + 1,
                c.user.name,
                c.login,
                c.user.document_type,
                c.user.document
            ));
        }
        body.push_str("\nAl ingresar por primera vez, el sistema pide cambiar la contraseña; la primera contraseña de cada usuario es su número de documento.\n");
    }
    if !missing.is_empty() {
        body.push_str("\nUSUARIOS QUE NO APARECEN EN EL LISTADO DE CREACIÓN\n");
        for u in missing {
            body.push_str(&format!(
                "  - {} ({} {}, {})\n",
                u.name, u.document_type, u.document, u.email
            ));
        }
        body.push_str("Estamos verificando estos usuarios con el equipo de creación; le informaremos por este mismo medio.\n");
    }
    signature(&mut body, from);
    Draft {
        destination: Destination::Requester,
        from: from.clone(),
        to: to.clone(),
        subject: format!(
            "[SIGCE] Ticket {ticket} - Usuarios creados ({} de {requested})",
            created.len()
        ),
        body,
        attachments: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::RequestType;
    use crate::case::requests::conectividad::Symptom;
    use crate::case::requests::incidente_modulo::Module;
    use crate::config::Mailboxes;

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
            d.body.ends_with("soportesigce@asegest.com\n")
                || d.body.ends_with("mineducacion.gov.co\n")
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
                problems: vec![
                    "Fila 4, CORREO: «ana@» no es una dirección de correo válida.".into(),
                ],
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
            &[user("79111222")],
        );
        assert_eq!(
            d.subject,
            "[SIGCE] Ticket 108805 - Usuarios creados (1 de 2)"
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
}
