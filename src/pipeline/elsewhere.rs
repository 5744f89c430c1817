//! The sheets of a workbook that are not validated, looked at only to warn
//! when their first rows seem to be people: the list may go on there,
//! without the header, or the form may be the hidden sheet.

use crate::diagnostic::Issue;
use crate::headers;
use crate::policy::HeaderTarget;
use crate::read::sheet::{RawCell, RawRow, RawSheet};

/// How many rows of a sheet that is not validated are looked at: the ones
/// a workbook reads before the form is built.
const UNVALIDATED_ROWS: usize = 64;
/// A cell longer than this is explanatory text (the template's
/// instructions), never a person's data.
const LONGEST_PERSON_CELL: usize = 80;

/// The warning for a sheet that was not validated but whose first rows
/// seem to be people: the list may go on there, without the header, or
/// the form may be the hidden sheet.
pub(super) fn people_elsewhere(sheet: &RawSheet) -> Option<Issue> {
    let name = sheet.name.as_deref()?;
    let looked_at = &sheet.rows[..sheet.rows.len().min(UNVALIDATED_ROWS)];
    let people: Vec<u32> = looked_at
        .iter()
        .filter(|r| looks_like_a_person(r))
        .map(|r| r.number)
        .collect();
    let (first, last) = (*people.first()?, *people.last()?);
    if sheet.hidden {
        return Some(
            crate::headers::codes::HOJA_NO_VALIDADA
                .issue(
                    None,
                    format!(
                        "La hoja oculta «{name}» tiene filas que parecen personas y no se validó; si es la correcta, use --hoja \"{name}\"."
                    ),
                )
                .with_help(format!(
                    "Las hojas ocultas no se validan solas. Si esa hoja es el formato, valide con --hoja \"{name}\"; si no, nada."
                )),
        );
    }
    let unread = sheet.rest.is_some() || sheet.rows.len() > UNVALIDATED_ROWS;
    let n = people.len();
    let count = format!(
        "{}{} que {} {}",
        if unread { "al menos " } else { "" },
        crate::spanish::count(n, "fila", "filas"),
        crate::spanish::agree(n, "parece", "parecen"),
        crate::spanish::agree(n, "una persona", "personas"),
    );
    let rows = if first == last {
        format!("fila {first}")
    } else {
        format!("filas {first} a {last}")
    };
    Some(
        crate::headers::codes::HOJA_NO_VALIDADA
            .issue(
                None,
                format!(
                    "La hoja «{name}» no se validó y tiene {count} ({rows}): si lo son, cópielas a la hoja del formato, debajo del encabezado."
                ),
            )
            .with_help("Esa hoja no tiene el encabezado del formato, así que sus filas no se revisaron ni van al archivo limpio. Copie esas personas a la hoja del formato, debajo del encabezado, y valide de nuevo; si no son personas a crear, nada."),
    )
}

/// Whether a row of a sheet that is not validated seems to be a person:
/// at least three cells written, one of them a whole e-mail address or a
/// number like a document's (6 to 11 digits). A row that names a column of
/// the form (the template's instructions, the corrections sheet of a clean
/// file) or has a cell as long as a paragraph explains the form instead.
fn looks_like_a_person(row: &RawRow) -> bool {
    let written = row.cells.iter().filter(|c| !c.is_blank()).count();
    if written < 3
        || !row
            .cells
            .iter()
            .any(|c| is_document_like(c) || is_email_like(c))
    {
        return false;
    }
    !row.cells.iter().any(|c| match c {
        RawCell::Text(s) => {
            s.chars().count() > LONGEST_PERSON_CELL
                || matches!(
                    headers::built_in_target(&headers::header_key(s)),
                    Some(HeaderTarget::Field(_))
                )
        }
        _ => false,
    })
}

/// A number of 6 to 11 digits, as a number or as text.
fn is_document_like(cell: &RawCell) -> bool {
    match cell {
        RawCell::Number(n) => n.fract() == 0.0 && (100_000.0..100_000_000_000.0).contains(n),
        RawCell::Text(s) => {
            let s = s.trim();
            (6..=11).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// A cell that is an e-mail address and nothing else (the address rule's
/// own syntax, whatever the case).
fn is_email_like(cell: &RawCell) -> bool {
    let RawCell::Text(s) = cell else {
        return false;
    };
    s.contains('@') && crate::text::is_address(&s.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<RawCell>) -> RawRow {
        RawRow { number: 1, cells }
    }

    fn text(cells: &[&str]) -> RawRow {
        row(cells.iter().map(|c| RawCell::Text(c.to_string())).collect())
    }

    #[test]
    fn a_row_with_an_email_or_a_document_among_three_cells_looks_like_a_person() {
        assert!(looks_like_a_person(&text(&[
            "LUIS", "ROJAS", "80000001", "l@x.co"
        ])));
        assert!(looks_like_a_person(&text(&["LUIS", "ROJAS", " l@x.co "])));
        assert!(looks_like_a_person(&row(vec![
            RawCell::Text("LUIS".into()),
            RawCell::Text("ROJAS".into()),
            RawCell::Number(1_030_456_789.0),
        ])));
    }

    #[test]
    fn lists_notes_and_instructions_do_not_look_like_people() {
        // Too few cells.
        assert!(!looks_like_a_person(&text(&["LUIS", "80000001"])));
        // No e-mail as a whole cell, no number of 6 to 11 digits.
        assert!(!looks_like_a_person(&text(&[
            "Enviado",
            "por",
            "correo a l@x.co"
        ])));
        assert!(!looks_like_a_person(&text(&["AÑO", "2026", "12345"])));
        assert!(!looks_like_a_person(&text(&["DANE", "X", "105001000019"])));
        assert!(!looks_like_a_person(&row(vec![
            RawCell::Text("TOTAL".into()),
            RawCell::Number(123_456.5),
            RawCell::Text("x".into()),
        ])));
        // A row of the corrections sheet of a clean file.
        assert!(!looks_like_a_person(&text(&[
            "7",
            "C7",
            "PRIMER APELLIDO",
            "Muñoz 52123456",
            "52123456"
        ])));
        // A row of instructions with an example value.
        let explanation = "Solo dígitos, sin puntos ni espacios (la CE puede tener letras). Será la primera contraseña del usuario.";
        assert!(!looks_like_a_person(&text(&[
            "NUMERO DE DOCUMENTO",
            "Sí",
            explanation,
            "52123456"
        ])));
    }
}
