//! The `mailto:` hyperlinks of an XLSX sheet's cells, and how a cell that
//! shows a name but links to an address is read (its text and the link
//! target together), checked against the cell limit as it will be.

use calamine::Xlsx;

use super::Bytes;
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::read::sheet::{RawCell, RawRow};

/// The links of a sheet's cells to `mailto:` addresses, by position.
pub(super) struct MailLinks(pub(super) Vec<((u32, usize), String)>);

/// Best effort: a sheet whose links cannot be read still has its values.
pub(super) fn mail_links(book: &mut Xlsx<Bytes>, sheet: &str) -> MailLinks {
    let links = book.hyperlinks_by_sheet_name(sheet).unwrap_or_default();
    let mut found: Vec<((u32, usize), String)> = links
        .into_iter()
        .filter_map(|link| {
            let target = link.target?;
            let mailto = target
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
            mailto.then(|| {
                (
                    (link.range.start.0 + 1, link.range.start.1 as usize),
                    target,
                )
            })
        })
        .collect();
    found.sort_by_key(|(at, _)| *at);
    MailLinks(found)
}

impl MailLinks {
    /// A cell that shows a name ("Correo de María") but links to
    /// `mailto:maria@colegio.edu.co` holds its address only in the link. It is
    /// read as "Correo de María <mailto:maria@colegio.edu.co>", which the
    /// e-mail normalizer unwraps with a recorded fix, so the address is
    /// neither lost nor changed silently. Cells that already show an address
    /// are left alone.
    ///
    /// The cell is checked against the cell limit as it will be, link
    /// included: a 20 MB target must not ride past `--limite-celda`.
    pub(super) fn apply(
        &self,
        row: &mut RawRow,
        limits: &Limits,
        name: &str,
    ) -> Result<(), FileError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let first = self.0.partition_point(|((r, _), _)| *r < row.number);
        for ((r, col), target) in &self.0[first..] {
            if *r != row.number {
                break;
            }
            if let Some(RawCell::Text(text)) = row.cells.get_mut(*col)
                && !text.contains('@')
            {
                let chars = text.chars().count() + target.chars().count() + 3;
                if chars > limits.max_cell_chars {
                    let what = format!(
                        "la celda {}{} tendría {chars} caracteres con la dirección de su vínculo mailto:",
                        crate::read::sheet::column_letters(*col),
                        row.number
                    );
                    return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
                }
                *text = crate::text::join_link(text, target);
            }
        }
        Ok(())
    }
}
