//! What an escalation e-mail says: the subject, a Spanish body with the
//! identification block and the case details laid out for reading, and the
//! attachments. Nothing here knows MIME (`eml`) or files (the command).
//! The messages of user creation, which carry forms, are in `forms`.

mod forms;
mod reminder;
mod reply;

use crate::case::Item;
use crate::case::checklist::Ready;
use crate::policy::Mailbox;

use super::Destination;

pub use forms::{Created, FormSummary, Forms, answer};
pub use reminder::{Original, reminder};
pub use reply::reply;

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
    /// Its Message-ID (without the angle brackets), recorded in the ledger
    /// so a reminder or an answer can go in the same thread.
    pub message_id: String,
    /// The Message-ID of the message this one follows up (a reminder).
    pub in_reply_to: Option<String>,
}

/// A Message-ID unique to this message: the ticket and destination say
/// what it is, the time and process make it unique.
pub fn new_message_id(ticket: &str, destination: Destination) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let ticket: String = ticket
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!(
        "sigce.{ticket}.{}.{nanos:x}.{}@mesa-de-ayuda.sigce",
        destination.key(),
        std::process::id()
    )
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

/// The escalation of a complete case to `destination`.
pub fn escalation(
    ready: &Ready,
    destination: Destination,
    from: &Mailbox,
    to: &Mailbox,
    forms: Option<&Forms>,
) -> Draft {
    let (subject, mut body) = match forms {
        Some(forms) if destination == Destination::Requester => forms::returned(ready, to, forms),
        Some(forms) => forms::users(ready, to, forms),
        None => request(ready, to),
    };
    signature(&mut body, from);
    Draft {
        destination,
        from: from.clone(),
        to: to.clone(),
        message_id: new_message_id(ready.caller.ticket(), destination),
        in_reply_to: None,
        subject,
        body,
        attachments: Vec::new(),
    }
}

/// The message of a request without forms: the identification block, the
/// request type's own lines, the description and procedure when there are.
fn request(ready: &Ready, to: &Mailbox) -> (String, String) {
    let ticket = ready.caller.ticket();
    let mut body = String::new();
    let what = (ready.request.summary)(ready);
    let subject = format!("[SIGCE] Ticket {ticket} - {what}");
    body.push_str(&format!("Señores {}:\n\n", to.name));
    body.push_str(&format!(
        "Escalamos el ticket {ticket} de la mesa de ayuda de SIGCE: {}.\n\n",
        what
    ));
    identification(&mut body, ready);
    body.push_str("SOLICITUD\n");
    line(&mut body, "Tipo", ready.request.label());
    for (label, value) in (ready.request.body_lines)(ready) {
        line(&mut body, label, &value);
    }
    if !ready.description.is_empty() {
        body.push_str("\nDescripción:\n");
        indent(&mut body, &ready.description);
    }
    if !ready.procedure.is_empty() {
        body.push_str("\nProcedimiento que realizaba el usuario cuando apareció el error:\n");
        indent(&mut body, &ready.procedure);
    }
    if ready.request.tells_screenshots {
        screenshots(&mut body, ready);
    }
    body.push_str(&format!(
        "\nPor favor atiendan la solicitud y respondan a este correo con el ticket {ticket} para informar al usuario y cerrar el caso.\n"
    ));
    (subject, body)
}

/// Whether screenshots came, and their file names.
fn screenshots(body: &mut String, ready: &Ready) {
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
    body.push_str(&format!(
        "\nCapturas de pantalla: {}\n",
        if shots.is_empty() {
            "el usuario no envió capturas.".to_string()
        } else {
            format!("adjuntas ({}).", shots.join(", "))
        }
    ));
}

fn indent(out: &mut String, text: &str) {
    for l in text.lines() {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
