//! Headers written over two rows, as government forms often are: NOMBRES
//! merged over PRIMER and SEGUNDO, APELLIDOS over PRIMER and SEGUNDO, and
//! the other titles merged down over both rows.
//!
//! A merged cell's text is only in its first cell, so the group a
//! sub-heading belongs to is the nearest title to its left whose own column
//! also has a sub-heading. The two rows become one row of titles, each
//! looked up in the words' orders Spanish puts them: «PRIMER» under
//! «NOMBRES» is PRIMER NOMBRE, «TIPO» under «DOCUMENTO» is TIPO DOCUMENTO,
//! «INSTITUCIONAL» under «CORREO ELECTRONICO» is the e-mail.

use super::keys::{header_key, target_of};
use crate::policy::Policy;
use crate::read::sheet::{RawCell, RawRow};
use crate::text::is_blank;

/// The two rows read as one header row, numbered as the lower one; `None`
/// when the lower row cannot be a row of sub-headings (it holds numbers or
/// errors, holds no text, or does not follow the upper one).
pub(super) fn combine(top: &RawRow, sub: &RawRow, policy: &Policy) -> Option<RawRow> {
    if sub.number != top.number + 1 {
        return None;
    }
    let mut any_sub = false;
    for cell in &sub.cells {
        match cell {
            RawCell::Text(s) if !is_blank(s) => any_sub = true,
            RawCell::Number(_) | RawCell::Error(_) => return None,
            _ => {}
        }
    }
    if !any_sub {
        return None;
    }
    let width = top.cells.len().max(sub.cells.len());
    let mut cells = Vec::with_capacity(width);
    // The title of the group the current column is under, if any.
    let mut group: Option<String> = None;
    for col in 0..width {
        let title = text_of(top.cell(col));
        let below = text_of(sub.cell(col));
        let text = match (title, below) {
            (Some(t), None) => {
                group = None;
                t
            }
            // A title starts a group only when its own column is divided.
            (Some(t), Some(b)) => {
                let text = joined(&t, &b, policy);
                group = Some(t);
                text
            }
            (None, Some(b)) => match &group {
                Some(parent) => joined(parent, &b, policy),
                None => b,
            },
            (None, None) => {
                group = None;
                cells.push(RawCell::Empty);
                continue;
            }
        };
        cells.push(RawCell::Text(text));
    }
    Some(RawRow {
        number: sub.number,
        cells,
    })
}

fn text_of(cell: &RawCell) -> Option<String> {
    match cell {
        RawCell::Text(s) if !is_blank(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A group title and its sub-heading as one title: the first of their
/// orders (sub-heading first or last, the title in singular or not) that
/// names a column, else both as written.
fn joined(parent: &str, below: &str, policy: &Policy) -> String {
    let singular = singular(parent);
    let orders = [
        format!("{below} {singular}"),
        format!("{parent} {below}"),
        format!("{below} {parent}"),
        format!("{singular} {below}"),
    ];
    orders
        .iter()
        .find(|t| target_of(&header_key(t), policy).is_some())
        .cloned()
        .unwrap_or_else(|| format!("{parent} {below}"))
}

/// «NOMBRES» → «NOMBRE», «APELLIDOS» → «APELLIDO»: a group of columns is
/// titled in plural, each of its columns in singular.
fn singular(title: &str) -> String {
    title
        .split_whitespace()
        .map(|w| {
            w.strip_suffix(['S', 's'])
                .filter(|r| r.len() > 2)
                .unwrap_or(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
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
        row.cells.iter().map(|c| c.display()).collect()
    }

    #[test]
    fn merged_groups_and_titles_merged_down_become_one_row() {
        let top = row(
            4,
            &[
                "NOMBRES",
                "",
                "APELLIDOS",
                "",
                "DOCUMENTO",
                "",
                "PERFIL",
                "SEDE",
            ],
        );
        let sub = row(
            5,
            &["PRIMER", "SEGUNDO", "PRIMERO", "SEGUNDO", "TIPO", "NÚMERO"],
        );
        let combined = combine(&top, &sub, Policy::built_in()).unwrap();
        assert_eq!(combined.number, 5);
        assert_eq!(
            texts(&combined),
            [
                "PRIMER NOMBRE",
                "SEGUNDO NOMBRE",
                "PRIMERO APELLIDO",
                "SEGUNDO APELLIDO",
                "TIPO DOCUMENTO",
                "NÚMERO DOCUMENTO",
                "PERFIL",
                "SEDE"
            ]
        );
    }

    #[test]
    fn a_row_of_data_is_no_row_of_sub_headings() {
        let top = row(1, &["PRIMER NOMBRE", "NUMERO DE DOCUMENTO"]);
        let mut data = row(2, &["ANA", ""]);
        data.cells[1] = RawCell::Number(52123456.0);
        assert_eq!(combine(&top, &data, Policy::built_in()), None);
        assert_eq!(combine(&top, &row(2, &["", ""]), Policy::built_in()), None);
        assert_eq!(
            combine(&top, &row(3, &["PRIMER"]), Policy::built_in()),
            None
        );
    }

    #[test]
    fn an_unknown_group_keeps_both_words() {
        let top = row(1, &["UBICACION", "", "CARGO"]);
        let sub = row(2, &["SEDE", "JORNADA"]);
        let combined = combine(&top, &sub, Policy::built_in()).unwrap();
        assert_eq!(
            texts(&combined),
            ["UBICACION SEDE", "UBICACION JORNADA", "CARGO"]
        );
    }

    #[test]
    fn a_title_merged_down_ends_the_group_to_its_left() {
        // TIPO DE DOCUMENTO is merged down; the «X» after it is not under it.
        let top = row(1, &["TIPO DE DOCUMENTO", ""]);
        let sub = row(2, &["", "X"]);
        let combined = combine(&top, &sub, Policy::built_in()).unwrap();
        assert_eq!(texts(&combined), ["TIPO DE DOCUMENTO", "X"]);
    }
}
