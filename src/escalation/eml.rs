//! The draft as an .eml file: a real MIME message built by mail-builder
//! (headers encoded as RFC 2047, the body as UTF-8 text, attachments in
//! base64). `X-Unsent: 1` makes Outlook open it as a message ready to send;
//! Thunderbird opens it and offers "Editar como nuevo".

use mail_builder::MessageBuilder;
use mail_builder::headers::raw::Raw;

use super::Draft;

/// The message's bytes.
pub fn render(draft: &Draft) -> std::io::Result<Vec<u8>> {
    let mut message = MessageBuilder::new()
        .from((draft.from.name.as_str(), draft.from.address.as_str()))
        .to((draft.to.name.as_str(), draft.to.address.as_str()))
        .reply_to((draft.from.name.as_str(), draft.from.address.as_str()))
        .subject(draft.subject.as_str())
        .header("X-Unsent", Raw::new("1"))
        .message_id(draft.message_id.as_str())
        .text_body(draft.body.as_str());
    if let Some(parent) = &draft.in_reply_to {
        message = message
            .in_reply_to(parent.as_str())
            .references(parent.as_str());
    }
    for a in &draft.attachments {
        message = message.attachment(a.content_type, a.name.as_str(), a.bytes.as_slice());
    }
    message.write_to_vec()
}

/// The Message-ID of an .eml written earlier (read from its first 64 KB,
/// where the headers are), to follow it up in its thread; `None` when the
/// file is gone or has none.
pub fn message_id_of(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let headers = text.split("\r\n\r\n").next()?;
    let mut lines = headers.split("\r\n").peekable();
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if !name.eq_ignore_ascii_case("message-id") {
            continue;
        }
        // A folded header continues on lines that start with a space.
        let mut value = value.trim().to_string();
        while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
            value.push_str(next.trim());
            lines.next();
        }
        let id = value.trim().trim_start_matches('<').trim_end_matches('>');
        return (!id.is_empty()).then(|| id.to_string());
    }
    None
}
