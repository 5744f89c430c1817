//! The `mailto:` hyperlinks of an XLSX sheet's cells, read from its
//! relationships by calamine; `read::mail_links` applies them.

use calamine::Xlsx;

use super::Bytes;
use crate::read::mail_links::{MailLink, MailLinks};

/// Best effort: a sheet whose links cannot be read still has its values.
/// A link over a range is read at its first cell.
pub(super) fn mail_links(book: &mut Xlsx<Bytes>, sheet: &str) -> MailLinks {
    let links = book.hyperlinks_by_sheet_name(sheet).unwrap_or_default();
    MailLinks::new(links.into_iter().filter_map(|link| {
        let target = link.target?;
        Some(MailLink::cell(
            link.range.start.0.saturating_add(1),
            link.range.start.1 as usize,
            target,
        ))
    }))
}
