//! The `mailto:` hyperlinks of a sheet's cells, whatever the format they
//! were read from (XLSX relationships, XLS HLINK records, ODS `text:a`), and
//! how a cell that shows a name but links to an address is read: its text
//! and the link target together, checked against the cell limit as it will
//! be. One `apply` for every format, so a form saved as .xlsx, .xls or .ods
//! reads the same.

use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::read::sheet::{RawCell, RawRow};

/// One link over a block of cells: rows and columns inclusive, rows
/// numbered from 1 as `RawRow::number`, columns from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::read) struct MailLink {
    pub(in crate::read) rows: (u32, u32),
    pub(in crate::read) cols: (usize, usize),
    pub(in crate::read) target: String,
}

impl MailLink {
    /// A link on one cell.
    pub(in crate::read) fn cell(row: u32, col: usize, target: String) -> MailLink {
        MailLink {
            rows: (row, row),
            cols: (col, col),
            target,
        }
    }
}

/// Whether a link's target is a `mailto:` address (any case).
pub(in crate::read) fn is_mailto(target: &str) -> bool {
    target
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
}

/// The `mailto:` links of one sheet, by first row. A link covers one row or
/// a block of rows repeated as one (ODS); links whose blocks start on the
/// same row cover the same rows, and blocks never overlap, so the links of
/// a row are found by two binary searches, never by a walk over all of them.
#[derive(Debug, Default)]
pub(in crate::read) struct MailLinks(Vec<MailLink>);

impl MailLinks {
    /// Keeps the `mailto:` links (other targets are not addresses).
    pub(in crate::read) fn new(links: impl IntoIterator<Item = MailLink>) -> MailLinks {
        let mut found: Vec<MailLink> = links
            .into_iter()
            .filter(|l| is_mailto(&l.target) && l.rows.0 <= l.rows.1 && l.cols.0 <= l.cols.1)
            .collect();
        found.sort_by_key(|l| (l.rows.0, l.cols.0));
        MailLinks(found)
    }

    pub(in crate::read) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[cfg(test)]
    pub(in crate::read) fn links(&self) -> &[MailLink] {
        &self.0
    }

    /// The links that cover row `number`.
    fn of_row(&self, number: u32) -> &[MailLink] {
        let end = self.0.partition_point(|l| l.rows.0 <= number);
        let Some(last) = end.checked_sub(1).map(|i| &self.0[i]) else {
            return &[];
        };
        if last.rows.1 < number {
            return &[];
        }
        let start = last.rows.0;
        let begin = self.0[..end].partition_point(|l| l.rows.0 < start);
        &self.0[begin..end]
    }

    /// A cell that shows a name ("Correo de María") but links to
    /// `mailto:maria@colegio.edu.co` holds its address only in the link. It is
    /// read as "Correo de María <mailto:maria@colegio.edu.co>", which the
    /// e-mail normalizer unwraps with a recorded fix, so the address is
    /// neither lost nor changed silently. Cells that already show an address
    /// are left alone.
    ///
    /// The cell is checked against the cell limit as it will be, link
    /// included: a 20 MB target must not ride past `--limite-celda`.
    pub(in crate::read) fn apply(
        &self,
        row: &mut RawRow,
        limits: &Limits,
        name: &str,
    ) -> Result<(), FileError> {
        for link in self.of_row(row.number) {
            let last = link.cols.1.min(row.cells.len().saturating_sub(1));
            for col in link.cols.0..=last {
                let Some(RawCell::Text(text)) = row.cells.get_mut(col) else {
                    continue;
                };
                if text.contains('@') {
                    continue;
                }
                let chars = text.chars().count() + link.target.chars().count() + 3;
                if chars > limits.max_cell_chars {
                    let what = format!(
                        "la celda {}{} tendría {chars} caracteres con la dirección de su vínculo mailto:",
                        crate::read::sheet::column_letters(col),
                        row.number
                    );
                    return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
                }
                *text = crate::text::join_link(text, &link.target);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: u32, cells: &[&str]) -> RawRow {
        RawRow {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        RawCell::Empty
                    } else {
                        RawCell::Text(c.to_string())
                    }
                })
                .collect(),
        }
    }

    fn texts(row: &RawRow) -> Vec<String> {
        row.cells
            .iter()
            .map(|c| match c {
                RawCell::Text(t) => t.clone(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn a_link_over_a_block_of_repeated_rows_reaches_each_of_them_and_no_other() {
        let links = MailLinks::new([
            MailLink::cell(2, 0, "mailto:uno@colegio.edu.co".into()),
            MailLink {
                rows: (5, 7),
                cols: (1, 2),
                target: "mailto:bloque@colegio.edu.co".into(),
            },
            MailLink::cell(5, 0, "http://colegio.edu.co".into()),
            MailLink::cell(9, 1, "MAILTO:nueve@colegio.edu.co".into()),
        ]);
        let limits = Limits::default();
        let mut read = Vec::new();
        for n in 1..=10 {
            let mut r = row(n, &["Ana", "Luis", "Eva"]);
            links.apply(&mut r, &limits, "a.ods").unwrap();
            read.push(texts(&r));
        }
        let linked = |s: &str, t: &str| crate::text::join_link(s, t);
        assert_eq!(read[1][0], linked("Ana", "mailto:uno@colegio.edu.co"));
        for n in [5, 6, 7] {
            assert_eq!(read[n - 1][0], "Ana", "an http link is no address");
            assert_eq!(
                read[n - 1][1..],
                [
                    linked("Luis", "mailto:bloque@colegio.edu.co"),
                    linked("Eva", "mailto:bloque@colegio.edu.co")
                ]
            );
        }
        assert_eq!(read[8][1], linked("Luis", "MAILTO:nueve@colegio.edu.co"));
        for n in [1, 3, 4, 8, 10] {
            assert_eq!(read[n - 1], ["Ana", "Luis", "Eva"], "row {n}");
        }
    }

    #[test]
    fn a_cell_showing_an_address_or_empty_keeps_what_it_shows() {
        let links = MailLinks::new([MailLink {
            rows: (1, 1),
            cols: (0, 3),
            target: "mailto:x@colegio.edu.co".into(),
        }]);
        let mut r = row(1, &["ana@colegio.edu.co", ""]);
        links.apply(&mut r, &Limits::default(), "a.xls").unwrap();
        assert_eq!(texts(&r), ["ana@colegio.edu.co", ""]);
    }

    #[test]
    fn a_link_that_would_pass_the_cell_limit_is_refused_naming_the_cell() {
        let links = MailLinks::new([MailLink::cell(
            4,
            8,
            "mailto:maria.munoz@colegio.edu.co".into(),
        )]);
        let limits = Limits {
            max_cell_chars: 40,
            ..Limits::default()
        };
        let mut cells = vec![""; 8];
        cells.push("María Muñoz");
        let e = links
            .apply(&mut row(4, &cells), &limits, "a.xls")
            .unwrap_err();
        assert_eq!(e.code(), "LIMITE_SUPERADO");
        assert!(
            e.message.contains("la celda I4 tendría 47 caracteres"),
            "{}",
            e.message
        );
    }
}
