//! The messages of a user-creation case: the users to create (to level 2),
//! the form returned with what to correct (to the requester), and level 1's
//! answer once level 2 returned the created users.

use super::{Destination, Draft, LISTED, identification, line, signature};
use crate::case::Item;
use crate::case::checklist::Ready;
use crate::ledger::SentUser;
use crate::policy::Mailbox;
use crate::spanish::count;

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
    /// "Fila 7, ANA PEREZ, J7 CORREO ELECTRONICO: ..." for the warnings of
    /// the rows sent (people already sent before are listed apart).
    pub to_check: Vec<String>,
    /// "Fila 7, J7 CORREO ELECTRONICO: «ana@gmial» → «ana@gmail.com» (2026-03-02 10:32)"
    /// for every cell changed by hand on the page, in the order they were changed.
    pub manual: Vec<String>,
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

/// The form returned to the requester, with every row to correct.
pub(super) fn returned(ready: &Ready, to: &Mailbox, forms: &Forms) -> (String, String) {
    let ticket = ready.caller.ticket();
    let mut body = String::new();
    let to_fix: usize = forms.forms.iter().map(|f| f.to_fix).sum();
    let subject = if forms.forms.iter().any(|f| f.error.is_some()) {
        format!(
            "[SIGCE] Ticket {ticket} - Formato de creación de usuarios devuelto (no se pudo leer)"
        )
    } else {
        format!(
            "[SIGCE] Ticket {ticket} - Formato de creación de usuarios devuelto ({} por corregir)",
            count(to_fix, "fila", "filas")
        )
    };
    body.push_str(&format!("Buen día, {}:\n\n", to.name));
    body.push_str(&format!(
        "Recibimos su solicitud de creación de usuarios de SIGCE (ticket {ticket}). El formato no se puede recibir todavía porque tiene datos por corregir; así no se puede enviar a creación de usuarios.\n\n"
    ));
    rejected_forms(&mut body, forms);
    if has_manual(forms) {
        body.push_str(&format!(
            "\nDurante la llamada, a pedido de {}, corregimos en el formato estas celdas; lo que no se corrigió sigue sin poderse recibir:\n",
            caller(ready).unwrap_or("quien llamó")
        ));
        manual_lines(&mut body, forms);
    }
    let checks: usize = forms.forms.iter().map(|f| f.to_check.len()).sum();
    if checks > 0 {
        body.push_str(&format!(
            "\nAdemás, hay {} para revisar (en amarillo en el archivo): confírmelos o corríjalos al enviar de nuevo el formato.\n",
            count(checks, "dato", "datos")
        ));
    }
    body.push_str("\nQué hacer: corrija el formato (en el archivo adjunto cada celda con error está marcada y explica qué cambiar), y envíe de nuevo el formato completo respondiendo a este correo, sin cambiar el número de ticket.\n");
    (subject, body)
}

/// The users to create, to level 2, with the clean file attached.
pub(super) fn users(ready: &Ready, to: &Mailbox, forms: &Forms) -> (String, String) {
    let ticket = ready.caller.ticket();
    let mut body = String::new();
    let n = forms.users.len();
    let subject = format!(
        "[SIGCE] Ticket {ticket} - Creación de usuarios ({})",
        count(n, "usuario", "usuarios")
    );
    body.push_str(&format!("Señores {}:\n\n", to.name));
    body.push_str(&format!(
        "Escalamos el ticket {ticket}: creación de {} de SIGCE. El formato se revisó completo y cumple las reglas del formato de creación de usuarios; va adjunto en su versión limpia (solo texto, sin vínculos, con el ticket en cada fila).\n\n",
        count(n, "usuario", "usuarios")
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
                count(f.accepted, "usuario", "usuarios"),
                count(f.fixes, "corrección automática", "correcciones automáticas")
            ),
        );
    }
    if has_manual(forms) {
        body.push_str(&format!(
            "\nCORRECCIONES HECHAS A MANO POR LA MESA DE AYUDA (también en la hoja «Correcciones» del adjunto, marcadas «A MANO»)\nLas pidió por teléfono {}; el resto del formato va como lo envió la institución, y lo que no se corrigió no se recibe (si el formato no está bien diligenciado NO se podrá recibir).\n",
            caller(ready).map_or("quien llamó".to_string(), |n| format!("{n} (quien llamó)"))
        ));
        manual_lines(&mut body, forms);
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
    let checks: Vec<&String> = forms.forms.iter().flat_map(|f| &f.to_check).collect();
    if !checks.is_empty() {
        body.push_str("\nPARA REVISAR ANTES DE CREAR (también en la hoja «Revisar» del adjunto)\n");
        for c in checks.iter().take(LISTED) {
            body.push_str(&format!("  - {c}\n"));
        }
        if checks.len() > LISTED {
            body.push_str(&format!(
                "  ... y {} más (vea el adjunto).\n",
                checks.len() - LISTED
            ));
        }
    }
    body.push_str(&format!(
        "\nPor favor creen los usuarios y devuelvan el listado de usuarios creados respondiendo a este correo con el ticket {ticket}.\n"
    ));
    (subject, body)
}

fn has_manual(forms: &Forms) -> bool {
    forms.forms.iter().any(|f| !f.manual.is_empty())
}

/// Who asked for the changes made by hand: the caller, by the name the
/// case has.
fn caller(ready: &Ready) -> Option<&str> {
    Some(ready.caller.get(Item::Nombre).trim()).filter(|n| !n.is_empty())
}

/// The changes made by hand, by form.
fn manual_lines(body: &mut String, forms: &Forms) {
    for f in forms.forms.iter().filter(|f| !f.manual.is_empty()) {
        body.push_str(&format!("  {}:\n", f.file));
        for m in f.manual.iter().take(LISTED) {
            body.push_str(&format!("  - {m}\n"));
        }
        if f.manual.len() > LISTED {
            body.push_str(&format!(
                "  ... y {} más (vea la hoja «Correcciones»).\n",
                f.manual.len() - LISTED
            ));
        }
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
                    count(f.rows, "fila", "filas")
                ));
            }
            None => {
                body.push_str(&format!(
                    "{}: {} de {} con errores:\n",
                    f.file,
                    count(f.to_fix, "fila", "filas"),
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
    not_created: &[(SentUser, String)],
    missing: &[SentUser],
) -> Draft {
    let ticket = ready.caller.ticket();
    let requested = created.len() + not_created.len() + missing.len();
    let mut body = String::new();
    body.push_str(&format!("Buen día, {}:\n\n", to.name));
    body.push_str(&format!(
        "Le informamos que su solicitud de creación de usuarios de SIGCE (ticket {ticket}) fue atendida: se crearon {} de {requested}.\n\n",
        count(created.len(), "usuario", "usuarios")
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
    if !not_created.is_empty() {
        body.push_str("\nUSUARIOS QUE NO SE CREARON\n");
        for (u, reason) in not_created {
            body.push_str(&format!(
                "  - {} ({} {}, {})\n       Motivo que dio el equipo de creación: {reason}\n",
                u.name, u.document_type, u.document, u.email
            ));
        }
        body.push_str("Si la persona ya tenía usuario, puede recuperar su contraseña desde la página de ingreso de SIGCE; si hay un dato por corregir, envíenos de nuevo el formato solo con esas personas, corregido, respondiendo a este correo.\n");
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
        message_id: super::new_message_id(ticket, Destination::Requester),
        in_reply_to: None,
    }
}
