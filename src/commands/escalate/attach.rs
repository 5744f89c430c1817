//! The attachments of a draft: the validator's files (clean for level 2,
//! rejections for the requester) and the case's screenshots, read whole
//! and checked for size.

use std::path::Path;

use crate::case::CaseError;
use crate::case::checklist::Ready;
use crate::case::error::code;
use crate::escalation::{Attachment, Destination, Draft};

use super::validate;

/// An attachment larger than this is refused: no mail server carries it.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// Attachments above this size may bounce; the agent is warned.
const LARGE_ATTACHMENTS: usize = 20 * 1024 * 1024;

/// An attachment read from `path`, or given as `bytes` (an output not in
/// place yet), named after `path`.
fn read_attachment(
    path: &Path,
    bytes: Option<std::io::Result<Vec<u8>>>,
) -> Result<Attachment, CaseError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = bytes
        .map(|read| read.map_err(crate::regular_file::Refused::Io))
        .unwrap_or_else(|| crate::regular_file::read(path, MAX_ATTACHMENT_BYTES));
    let bytes = bytes.map_err(|refused| {
        CaseError::new(
            code::CASO_INVALIDO,
            format!("No se pudo leer el adjunto {}: {}.", path.display(), refused.reason()),
        )
        .with_help("Revise que el archivo existe y no está abierto en otro programa. No se escribió ningún correo.")
    })?;
    Ok(Attachment {
        content_type: Attachment::content_type_of(&name),
        name,
        bytes,
    })
}

/// Level 2 gets the clean files; the requester the rejection workbooks;
/// screenshots go with any case that has them.
pub(super) fn attachments(
    ready: &Ready,
    destination: Destination,
    pending: Option<&validate::Pending>,
) -> Result<Vec<Attachment>, CaseError> {
    let mut attached = Vec::new();
    for result in pending.map_or(&[][..], |p| p.results.as_slice()) {
        let output = match destination {
            Destination::Requester => result.outputs.rejections.as_deref(),
            _ => result.outputs.clean.as_deref(),
        };
        // Not in place yet: read from where it was written, named as it will be.
        if let Some(dest) = output {
            let staged = pending.and_then(|p| p.staged_bytes(dest));
            attached.push(read_attachment(dest, staged)?);
        }
    }
    for shot in &ready.screenshots {
        attached.push(read_attachment(shot, None)?);
    }
    Ok(attached)
}

pub(super) fn warn_if_large(draft: &Draft, warnings: &mut Vec<String>) {
    let total: usize = draft.attachments.iter().map(|a| a.bytes.len()).sum();
    if total > LARGE_ATTACHMENTS {
        warnings.push(format!(
            "Los adjuntos pesan {:.1} MB: algunos servidores de correo rechazan mensajes de más de 20 MB; si rebota, envíe los adjuntos por separado.",
            total as f64 / (1024.0 * 1024.0)
        ));
    }
}
