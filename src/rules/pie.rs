//! The footer under a form's table: signatures («Elaboró: …», «Firma
//! rector», «Vo. Bo.»), a line to sign on, «Total: 23», observations. They
//! are not people; read as rows each would be rejected with an error per
//! empty field, and a form that must have every row right (every case the
//! help desk escalates) could never be received.
//!
//! A footer is recognized only at the end: a row that starts one (few
//! cells, a label word or a line to sign on, no e-mail address) and the
//! short rows after it, up to the end of the table. If a person's row comes
//! after, the rows were not a footer and are checked like any other. The
//! rows left out are named in the report with their text: nothing vanishes
//! silently.

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::read::sheet::{RawCell, RawRow};
use crate::text::{fold_accents, is_blank};

pub static PIE_DEL_FORMATO: RuleMeta = RuleMeta::new(
    "PIE_DEL_FORMATO",
    Severity::Warning,
    Scope::File,
    None,
    "Las filas bajo la tabla con firmas, totales u observaciones no se tomaron como personas.",
    RuleDoc {
        why: "Los formatos suelen cerrar con un bloque de firmas («Elaboró», «Revisó», «Vo. Bo.»), una línea para firmar o un total. Esas filas no son personas: se dejan fuera de las dos salidas y se nombran aquí con su texto para que nada se pierda sin saberlo.",
        bad: "«Elaboró: MARIA PEREZ – Secretaria» tomado como una persona sin documento ni correo",
        good: "el bloque de firmas debajo de la última persona, nombrado en el informe",
        todo: "Nada, si esas filas son firmas o totales. Si alguna es una persona, escríbala en las columnas del formato.",
    },
);

pub static ALL: &[&RuleMeta] = &[&PIE_DEL_FORMATO];

/// A footer row has at most this many written cells: a signature block
/// puts two or three labels side by side, a person fills the form's columns.
const MAX_CELLS: usize = 4;

/// A footer longer than this is not one: its rows are checked as people
/// (and no list of pending rows grows without bound).
pub const MAX_ROWS: usize = 40;

/// Words a footer's cells start with (accents folded, upper case).
const LABELS: &[&str] = &[
    "ELABORO",
    "ELABORADO",
    "ELABORADA",
    "REVISO",
    "REVISADO",
    "REVISADA",
    "APROBO",
    "APROBADO",
    "APROBADA",
    "FIRMA",
    "VO BO",
    "VOBO",
    "VISTO BUENO",
    "TOTAL",
    "OBSERVACION",
    "OBSERVACIONES",
    "NOTA",
    "NOTAS",
    "FECHA",
    "PROYECTO",
    "PROYECTADO",
];

/// Whether a row can start a footer: few cells, no address, and a label
/// word or a line to sign on.
pub fn starts(raw: &RawRow) -> bool {
    short(raw) && raw.cells.iter().any(|c| is_label(c) || is_signing_line(c))
}

/// Whether a row can follow the start of a footer: the signer's name and
/// post under «Elaboró», a date, another label.
pub fn continues(raw: &RawRow) -> bool {
    short(raw)
}

/// Few written cells, none of them an e-mail address.
fn short(raw: &RawRow) -> bool {
    let mut written = 0;
    for cell in raw.cells.iter().filter(|c| !c.is_blank()) {
        written += 1;
        if written > MAX_CELLS {
            return false;
        }
        if let RawCell::Text(s) = cell
            && s.contains('@')
        {
            return false;
        }
    }
    written > 0
}

/// A text starting with a footer label: «Elaboró:», «Vo. Bo.», «TOTAL 23».
fn is_label(cell: &RawCell) -> bool {
    let RawCell::Text(text) = cell else {
        return false;
    };
    let folded = fold_accents(text.trim()).to_uppercase();
    let words: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    LABELS.iter().any(|label| {
        words
            .strip_prefix(label)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// A line to sign on: underscores or dashes, nothing else.
fn is_signing_line(cell: &RawCell) -> bool {
    let RawCell::Text(text) = cell else {
        return false;
    };
    let marks = text
        .chars()
        .filter(|c| matches!(c, '_' | '-' | '—' | '–'))
        .count();
    marks >= 3
        && text
            .chars()
            .all(|c| matches!(c, '_' | '-' | '—' | '–' | '.') || c.is_whitespace())
}

/// The text of a footer row as a person sees it: its written cells, in order.
pub fn text(raw: &RawRow) -> String {
    raw.cells
        .iter()
        .map(RawCell::display)
        .filter(|t| !is_blank(t))
        .map(|t| t.trim().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A row left out of the form as part of its footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterRow {
    pub sheet: Option<String>,
    pub number: u32,
    pub text: String,
}

/// How many footer rows a message quotes before it only counts the rest.
const QUOTED_ROWS: usize = 8;
/// How many characters of a footer row a message quotes.
const QUOTED_CHARS: usize = 80;

/// The warning naming the footer rows left out of a sheet.
pub fn warning(rows: &[FooterRow]) -> Option<Issue> {
    let (first, last) = (rows.first()?, rows.last()?);
    let place = match &first.sheet {
        Some(name) => format!(" de la hoja «{name}»"),
        None => String::new(),
    };
    let span = if first.number == last.number {
        format!("La fila {}{place}", first.number)
    } else {
        format!("Las filas {} a {}{place}", first.number, last.number)
    };
    let mut quoted: Vec<String> = rows
        .iter()
        .take(QUOTED_ROWS)
        .map(|r| {
            let text: String = r.text.chars().take(QUOTED_CHARS).collect();
            let cut = if text.len() < r.text.len() { "…" } else { "" };
            format!("fila {} {}", r.number, quote(&format!("{text}{cut}")))
        })
        .collect();
    if rows.len() > QUOTED_ROWS {
        quoted.push(format!(
            "y {} más",
            crate::spanish::count(rows.len() - QUOTED_ROWS, "fila", "filas")
        ));
    }
    let verb = if rows.len() == 1 { "es" } else { "son" };
    Some(
        PIE_DEL_FORMATO
            .issue(
                None,
                format!(
                    "{span}, debajo de la última persona, {verb} el pie del formato (firmas, totales u observaciones) y no se tomaron como personas: {}.",
                    quoted.join("; ")
                ),
            )
            .with_help(PIE_DEL_FORMATO.doc.todo),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> RawRow {
        RawRow {
            number: 30,
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

    #[test]
    fn signatures_lines_and_totals_start_a_footer() {
        for cells in [
            &["Elaboró: MARIA PEREZ"][..],
            &["", "Firma rector"],
            &["Vo. Bo."],
            &["______________________"],
            &["Total:", "23"],
            &["TOTAL DOCENTES 23"],
            &["Elaboró", "", "", "Revisó", "", "Aprobó"],
            &["Observaciones: se envían 23 docentes"],
        ] {
            assert!(starts(&row(cells)), "{cells:?}");
        }
    }

    #[test]
    fn people_and_addresses_never_start_a_footer() {
        let person = row(&[
            "TOTALITA",
            "",
            "PEREZ",
            "GOMEZ",
            "CC",
            "52123456",
            "FUNCIONARIO MEN",
        ]);
        assert!(!starts(&person));
        assert!(!starts(&row(&["FIRMA", "rector@colegio.edu.co"])));
        // A label must be a whole word: «FECHAS» or «NOTARIO» are not labels.
        assert!(!starts(&row(&["NOTARIO PEREZ"])));
        assert!(!starts(&row(&["ANA", "PEREZ"])));
        assert!(!starts(&row(&["", ""])));
        assert!(!starts(&row(&["-"])));
    }

    #[test]
    fn the_signers_name_under_a_label_continues_it_and_a_person_does_not() {
        assert!(continues(&row(&["MARIA PEREZ", "", "", "JUAN GOMEZ"])));
        assert!(continues(&row(&["Secretaria", "", "", "Rector"])));
        assert!(!continues(&row(&[
            "ANA", "", "PEREZ", "GOMEZ", "CC", "52123456"
        ])));
        assert!(!continues(&row(&["ana@colegio.edu.co"])));
    }

    #[test]
    fn the_warning_names_every_row_with_its_text() {
        let rows: Vec<FooterRow> = (30..=32)
            .map(|n| FooterRow {
                sheet: Some("Docentes".into()),
                number: n,
                text: format!("Elaboró {n}"),
            })
            .collect();
        let issue = warning(&rows).unwrap();
        assert_eq!(issue.code(), "PIE_DEL_FORMATO");
        assert!(
            issue
                .message
                .starts_with("Las filas 30 a 32 de la hoja «Docentes», debajo"),
            "{}",
            issue.message
        );
        assert!(
            issue.message.contains("fila 31 «Elaboró 31»"),
            "{}",
            issue.message
        );
        assert_eq!(warning(&[]), None);
    }
}
