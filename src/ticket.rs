//! The help-desk ticket number of a form: from `--ticket`, else a labeled
//! cell above the header, else the TICKET column, else a run of 5 or more
//! digits in the file name. Digits only.

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::headers::{HeaderMap, header_key};
use crate::read::sheet::{RawCell, RawRow, column_letters};

/// Where the ticket came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketSource {
    Argument,
    Label,
    Column,
    FileName,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub number: Option<String>,
    pub source: Option<TicketSource>,
    pub warnings: Vec<Issue>,
}

/// The first run of five or more ASCII digits: how a ticket shows in a
/// label ("TICKET 123456") or a file name ("formato_123456").
fn five_digits(s: &str) -> Option<&str> {
    let bytes = s.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_digit() {
            start += 1;
            continue;
        }
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len >= 5 {
            return Some(&s[start..start + len]);
        }
        start += len;
    }
    None
}

/// The digits of a ticket value: "# 123.456", "No. 123456", 123456.0.
pub fn ticket_digits(cell: &RawCell) -> Option<String> {
    let text = cell.display();
    let stripped: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | ',' | '#' | '-' | '\u{a0}'))
        .collect();
    let stripped = stripped
        .strip_prefix("No")
        .or_else(|| stripped.strip_prefix("NO"))
        .unwrap_or(&stripped);
    (!stripped.is_empty() && stripped.bytes().all(|b| b.is_ascii_digit()))
        .then(|| stripped.to_string())
}

/// The ticket of a form: `above` are the rows above the header, `column`
/// the first non-blank cell of the TICKET column under it.
pub fn find(
    argument: Option<&str>,
    above: &[RawRow],
    header: &HeaderMap,
    column: Option<&RawCell>,
    file_stem: Option<&str>,
) -> Ticket {
    let mut warnings = Vec::new();
    // A label cell that holds no ticket is only worth a warning when the
    // ticket is not given: with it, the label is not used.
    let mut label_warnings = Vec::new();
    let own = from_label(above, &mut label_warnings)
        .map(|t| (t, TicketSource::Label))
        .or_else(|| {
            header.ticket_column?;
            column
                .and_then(ticket_digits)
                .map(|t| (t, TicketSource::Column))
        });
    if let Some(t) = argument {
        // The case's ticket (or --ticket) is the one the answer goes by;
        // a form that says another may belong to another case.
        if let Some((written, _)) = own.as_ref().filter(|(w, _)| w != t) {
            warnings.push(
                TICKET_DISTINTO
                    .issue(
                        None,
                        format!(
                            "El formato dice el ticket {written}, pero se está validando con el ticket {t}; la columna TICKET del archivo limpio lleva {t}."
                        ),
                    )
                    .with_help(TICKET_DISTINTO.doc.todo),
            );
        }
        return found(t.to_string(), TicketSource::Argument, warnings);
    }
    warnings.append(&mut label_warnings);
    if let Some((t, source)) = own {
        return found(t, source, warnings);
    }
    if let Some(digits) = file_stem.and_then(five_digits) {
        return found(digits.to_string(), TicketSource::FileName, warnings);
    }
    warnings.push(
        TICKET_AUSENTE
            .issue(None, "No se encontró el número de ticket; la columna TICKET del archivo limpio queda vacía.")
            .with_help("Indique el ticket con --ticket NUMERO."),
    );
    Ticket {
        number: None,
        source: None,
        warnings,
    }
}

fn found(number: String, source: TicketSource, warnings: Vec<Issue>) -> Ticket {
    Ticket {
        number: Some(number),
        source: Some(source),
        warnings,
    }
}

/// A cell above the header whose text mentions TICKET; its value is the
/// digits in the label itself («Ticket: 108805», as the rejection workbook
/// writes it), else the next non-empty cell to its right, else the cell
/// below it.
fn from_label(above: &[RawRow], warnings: &mut Vec<Issue>) -> Option<String> {
    for (i, row) in above.iter().enumerate() {
        for (col, cell) in row.cells.iter().enumerate() {
            let key = header_key(&cell.display());
            // A label is short ("No de Ticket mesa de ayuda"); a sentence that
            // mentions the ticket in the instructions is not one.
            let words: Vec<&str> = key.split(' ').collect();
            if !words.contains(&"TICKET") || words.len() > 6 {
                continue;
            }
            let right = row.cells[col + 1..].iter().find(|c| !c.is_blank());
            let below = above
                .get(i + 1)
                .filter(|r| r.number == row.number + 1)
                .map(|r| r.cell(col))
                .filter(|c| !c.is_blank());
            let in_label = five_digits(&key).map(|d| RawCell::Text(d.to_string()));
            let Some(value) = in_label.as_ref().or(right).or(below) else {
                continue;
            };
            match ticket_digits(value) {
                Some(t) => return Some(t),
                None => warnings.push(
                    TICKET_INVALIDO
                        .issue(
                            None,
                            format!(
                                "La celda del ticket junto a {}{} tiene {}, que no es un número de ticket.",
                                column_letters(col),
                                row.number,
                                quote(&value.display())
                            ),
                        )
                        .with_help("Escriba solo los dígitos del ticket, o use --ticket NUMERO."),
                ),
            }
        }
    }
    None
}

pub static TICKET_AUSENTE: RuleMeta = RuleMeta::new(
    "TICKET_AUSENTE",
    Severity::Warning,
    Scope::File,
    None,
    "No se encontró el número de ticket (ni --ticket, ni celda TICKET, ni en el nombre del archivo).",
    RuleDoc {
        why: "Nivel 2 devuelve la lista de usuarios creados por ticket; sin él la respuesta no se puede asociar al caso.",
        bad: "formato sin ticket y nombre de archivo sin número",
        good: "celda «No de Ticket mesa de ayuda» con 123456, o --ticket 123456",
        todo: "Indique el ticket con --ticket NUMERO.",
    },
);

pub static TICKET_DISTINTO: RuleMeta = RuleMeta::new(
    "TICKET_DISTINTO",
    Severity::Warning,
    Scope::File,
    None,
    "El ticket escrito en el formato no es el del caso (o de --ticket) con que se valida.",
    RuleDoc {
        why: "Nivel 2 devuelve la lista por ticket: si el formato dice otro, puede ser de otro caso o de una solicitud anterior, y la respuesta llegaría a quien no es.",
        bad: "formato con «No de Ticket: 123456» validado con --ticket 654321",
        good: "el mismo ticket en el formato y en el caso",
        todo: "Confirme con quien llamó a qué caso pertenece el formato; si el del formato es el bueno, valide con ese ticket.",
    },
);

pub static TICKET_INVALIDO: RuleMeta = RuleMeta::new(
    "TICKET_INVALIDO",
    Severity::Warning,
    Scope::File,
    None,
    "La celda del ticket no tiene solo dígitos; se ignora.",
    RuleDoc {
        why: "El ticket de la mesa de ayuda es un número; otro texto en su celda no se puede usar.",
        bad: "TICKET: pendiente",
        good: "TICKET: 123456",
        todo: "Escriba solo los dígitos del ticket, o use --ticket NUMERO.",
    },
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::read::sheet::{RawSheet, SourceKind};

    fn sheet(rows: Vec<(u32, Vec<RawCell>)>) -> RawSheet {
        RawSheet {
            kind: SourceKind::Xlsx,
            name: None,
            rows: rows
                .into_iter()
                .map(|(number, cells)| RawRow { number, cells })
                .collect(),
            rest: None,
            hidden: false,
        }
    }

    /// `super::find` on a whole sheet, the way the form builder calls it.
    fn find(arg: Option<&str>, s: &RawSheet, h: &HeaderMap, stem: Option<&str>) -> Ticket {
        let column = h.ticket_column.and_then(|col| {
            s.rows[h.row_index + 1..]
                .iter()
                .map(|r| r.cell(col))
                .find(|c| !c.is_blank())
        });
        super::find(arg, &s.rows[..h.row_index], h, column, stem)
    }

    fn header(row_index: usize) -> HeaderMap {
        HeaderMap {
            row_index,
            top_index: row_index,
            row_number: row_index as u32 + 1,
            columns: [None; Field::COUNT],
            ticket_column: None,
            counter_column: None,
            other_columns: Vec::new(),
            annotation_columns: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn t(s: &str) -> RawCell {
        RawCell::Text(s.into())
    }

    #[test]
    fn five_digits_finds_the_first_long_enough_run() {
        assert_eq!(five_digits("formato_123456"), Some("123456"));
        assert_eq!(five_digits("v2 1234 ticket 98765x"), Some("98765"));
        assert_eq!(five_digits("ñandú 12345"), Some("12345"));
        assert_eq!(five_digits("1234-5678"), None);
        assert_eq!(five_digits(""), None);
    }

    #[test]
    fn label_beside_or_below() {
        let s = sheet(vec![
            (
                1,
                vec![
                    t("No de Ticket mesa de ayuda"),
                    RawCell::Empty,
                    RawCell::Number(123456.0),
                ],
            ),
            (2, vec![t("H")]),
        ]);
        let found = find(None, &s, &header(1), Some("formato 99999"));
        assert_eq!(found.number.as_deref(), Some("123456"));
        assert_eq!(found.source, Some(TicketSource::Label));
        let s = sheet(vec![
            (1, vec![t("TICKET")]),
            (2, vec![t("654321")]),
            (3, vec![t("H")]),
        ]);
        assert_eq!(
            find(None, &s, &header(2), None).number.as_deref(),
            Some("654321")
        );
    }

    #[test]
    fn a_given_ticket_unlike_the_forms_own_is_a_warning_naming_both() {
        let s = sheet(vec![(1, vec![t("TICKET"), t("111111")]), (2, vec![t("H")])]);
        let found = find(Some("222222"), &s, &header(1), None);
        assert_eq!(found.number.as_deref(), Some("222222"));
        let codes: Vec<&str> = found.warnings.iter().map(|w| w.code()).collect();
        assert_eq!(codes, ["TICKET_DISTINTO"]);
        let message = &found.warnings[0].message;
        assert!(
            message.contains("111111") && message.contains("222222"),
            "{message}"
        );
        // The same ticket, or a form without one: nothing to say.
        assert!(
            find(Some("111111"), &s, &header(1), None)
                .warnings
                .is_empty()
        );
        let bare = sheet(vec![(1, vec![t("H")])]);
        assert!(
            find(Some("222222"), &bare, &header(1), None)
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn argument_beats_label_and_label_beats_file_name() {
        let s = sheet(vec![(1, vec![t("TICKET"), t("111111")]), (2, vec![t("H")])]);
        assert_eq!(
            find(Some("222222"), &s, &header(1), None).number.as_deref(),
            Some("222222")
        );
        assert_eq!(
            find(None, &s, &header(1), Some("f_333333"))
                .number
                .as_deref(),
            Some("111111")
        );
    }

    #[test]
    fn file_name_digits_then_warning() {
        let s = sheet(vec![(1, vec![t("H")])]);
        assert_eq!(
            find(None, &s, &header(0), Some("ticket_4567890"))
                .number
                .as_deref(),
            Some("4567890")
        );
        let none = find(None, &s, &header(0), Some("formato_123"));
        assert_eq!(none.number, None);
        assert_eq!(none.warnings[0].code(), "TICKET_AUSENTE");
    }

    #[test]
    fn a_sentence_mentioning_the_ticket_is_not_a_label() {
        let s = sheet(vec![
            (
                1,
                vec![t(
                    "Envíe este formato adjunto al ticket de la mesa de ayuda de SIGCE",
                )],
            ),
            (2, vec![t("Diligencie en mayúsculas")]),
            (3, vec![t("H")]),
        ]);
        let found = find(None, &s, &header(2), None);
        assert_eq!(found.number, None);
        assert_eq!(found.warnings[0].code(), "TICKET_AUSENTE");
    }

    #[test]
    fn invalid_label_value_warns() {
        let s = sheet(vec![
            (1, vec![t("TICKET"), t("pendiente")]),
            (2, vec![t("H")]),
        ]);
        let found = find(None, &s, &header(1), None);
        assert_eq!(found.number, None);
        assert_eq!(found.warnings[0].code(), "TICKET_INVALIDO");
    }

    /// The rejection workbook writes «Ticket: 108805» with the review's date
    /// in the cell below: the ticket was taken from that cell, and a school's
    /// returned file lost its ticket.
    #[test]
    fn digits_in_the_label_win_over_the_cell_below_it() {
        let s = sheet(vec![
            (1, vec![t("Ticket: 108805")]),
            (2, vec![t("Fecha de la revisión: 3 de diciembre de 2026")]),
            (4, vec![t("PRIMER NOMBRE")]),
        ]);
        let found = find(None, &s, &header(2), None);
        assert_eq!(found.number.as_deref(), Some("108805"));
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }
}
