//! Cell rules: content that cannot be used at all, found before
//! normalization (an error value, a fraction in an id, text damaged by a
//! wrong encoding conversion, a DANE code in scientific notation, two phones
//! in one cell). The cell is then kept as read and left out of every other
//! rule.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{dane, telefono};
use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::read::sheet::{RawCell, number_text};
use crate::text::{collapse_spaces, fold_compatibility, nfc, strip_invisible};

pub static CELDA_ERROR: RuleMeta = RuleMeta {
    code: "CELDA_ERROR",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "La celda tiene un error de hoja de cálculo (#N/A, #REF!, #¡VALOR!...).",
    doc: RuleDoc {
        why: "Una celda con #N/A, #REF! u otro error de fórmula no tiene dato; tampoco cuando el campo es opcional, porque la fórmula falló.",
        bad: "#N/A en CORREO ALTERNO",
        good: "el correo escrito directamente, o la celda vacía",
        todo: "Escriba el valor directamente en la celda, sin fórmulas que fallen.",
    },
    school: Some(ForSchool::new(
        "Ninguna celda puede mostrar un error de Excel (#N/A, #REF!, #¡VALOR!): escriba los datos, no fórmulas.",
    )),
};

pub static NUMERO_DECIMAL: RuleMeta = RuleMeta {
    code: "NUMERO_DECIMAL",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Un número de documento, código DANE o teléfono tiene decimales.",
    doc: RuleDoc {
        why: "Un documento, un código DANE o un teléfono son enteros; un decimal indica que la hoja de cálculo alteró el número.",
        bad: "52123456,5",
        good: "52123456",
        todo: "Dé formato de texto a la columna y escriba el número completo.",
    },
    school: Some(ForSchool::new(
        "Documento, código DANE y teléfono son números enteros, sin decimales: 52123456, no 52123456,5.",
    )),
};

pub static TEXTO_MOJIBAKE: RuleMeta = RuleMeta {
    code: "TEXTO_MOJIBAKE",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "El texto está dañado por una conversión de codificación (Ã±, Ã¡, �).",
    doc: RuleDoc {
        why: "Cuando un archivo pasa por una codificación equivocada, «Ñ» se vuelve «Ã‘» y «á» se vuelve «Ã¡». Ese texto no se puede corregir a ciegas.",
        bad: "«MUÃ‘OZ»",
        good: "«MUNOZ»",
        todo: "Corrija el texto o pida el archivo original, guardado directamente desde Excel o LibreOffice.",
    },
    school: None,
};

pub static CELDA_DEMASIADO_LARGA: RuleMeta = RuleMeta {
    code: "CELDA_DEMASIADO_LARGA",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "El valor tiene más de 32767 caracteres: no cabe en una celda de Excel.",
    doc: RuleDoc {
        why: "Una celda de Excel admite a lo sumo 32767 caracteres, y el archivo limpio que recibe nivel 2 es un libro de Excel. Con --limite-celda se puede leer un archivo con celdas más largas, pero esa fila no se puede enviar: se rechaza ella sola y las demás siguen.",
        bad: "un CARGO de 35000 caracteres (un documento pegado en la celda)",
        good: "«DOCENTE»",
        todo: "Escriba en la celda solo el dato que pide la columna.",
    },
    school: None,
};

/// Characters (UTF-16 units, as Excel counts them) an XLSX cell holds.
pub const XLSX_CELL_CHARS: usize = 32_767;

/// Rejects a normalized value no XLSX cell can hold, whatever
/// `--limite-celda` let the reader take: the clean workbook could not be
/// written with it, and the row would take the whole file down.
pub fn check_length(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    for field in Field::ALL {
        let Some(value) = row.get(field) else {
            continue;
        };
        // UTF-8 never has fewer bytes than UTF-16 units: short values end here.
        if value.len() <= XLSX_CELL_CHARS {
            continue;
        }
        let units = value.encode_utf16().count();
        if units <= XLSX_CELL_CHARS {
            continue;
        }
        issues.push(
            CELDA_DEMASIADO_LARGA
                .issue(
                    Some(field),
                    format!(
                        "{} tiene {} caracteres; una celda de Excel admite a lo sumo {XLSX_CELL_CHARS}.",
                        field.header(),
                        value.chars().count()
                    ),
                )
                .with_help(
                    "Escriba en la celda solo el dato que pide la columna; el texto pegado de más no se puede recibir.",
                ),
        );
    }
}

/// A number typed as text with decimals ("52000004.5", "1030,25"): thousands
/// separators always group three digits, so one or two digits after the last
/// separator are decimals.
static DECIMAL_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)^\s*[0-9]+[.,][0-9]{1,2}\s*$").expect("valid regex"));

/// The cell rules over one row's cells: every cell that cannot be used at
/// all gets its issue, and is marked refused so the normalizer keeps it as
/// read and the row rules leave it alone.
pub fn refuse(
    cells: &[Option<&RawCell>; Field::COUNT],
    issues: &mut Vec<Issue>,
) -> [bool; Field::COUNT] {
    let mut refused = [false; Field::COUNT];
    for (i, cell) in cells.iter().enumerate() {
        if let Some(issue) = cell.and_then(|raw| refusal(Field::ALL[i], raw)) {
            issues.push(issue);
            refused[i] = true;
        }
    }
    refused
}

/// Why one cell cannot be used, if it cannot: what the cell holds as read
/// (an error value, a decimal in an id, mojibake), then what it holds once
/// cleaned the way the normalizer cleans every text (a decimal written in
/// full-width digits, a DANE code in scientific notation, two phones).
pub fn refusal(field: Field, raw: &RawCell) -> Option<Issue> {
    if let Some(issue) = inspect(field, raw) {
        return Some(issue);
    }
    if !field.is_numeric_id() {
        return None;
    }
    let text = match raw {
        RawCell::Empty => return None,
        RawCell::Text(s) | RawCell::Error(s) => Cow::Borrowed(s.as_str()),
        RawCell::Number(n) => Cow::Owned(number_text(*n)),
    };
    let cleaned = collapse_spaces(&strip_invisible(&text)).into_owned();
    if cleaned.is_empty() {
        return None;
    }
    let folded = fold_compatibility(&cleaned);
    if let Cow::Owned(after) = &folded
        && let Some(issue) = decimal_text(field, after)
    {
        // Full-width digits with a decimal point ("５２０００００４．５") are
        // not seen as a decimal in the raw cell: seen now, before the
        // separators are dropped and another number is made of them.
        return Some(issue);
    }
    let text = nfc(folded);
    match field {
        Field::CodigoDane => dane::scientific_notation(&text),
        Field::Telefono => telefono::multiple(&text),
        _ => None,
    }
}

/// Why the cell cannot be used, if it cannot.
pub fn inspect(field: Field, raw: &RawCell) -> Option<Issue> {
    match raw {
        RawCell::Error(e) => Some(
            CELDA_ERROR
                .issue(
                    Some(field),
                    format!("{} tiene el error de hoja de cálculo {}.", field.header(), quote(e)),
                )
                .with_help("Escriba el valor directamente en la celda, sin fórmulas que fallen."),
        ),
        RawCell::Text(s) if is_error_literal(s) => inspect(field, &RawCell::Error(s.trim().to_string())),
        RawCell::Number(n) if field.is_numeric_id() && n.fract() != 0.0 => Some(decimal(field, &n.to_string())),
        RawCell::Text(s) if field.is_numeric_id() && is_decimal_text(s) => decimal_text(field, s),
        RawCell::Text(s) if has_mojibake(s) => Some(
            TEXTO_MOJIBAKE
                .issue(
                    Some(field),
                    format!(
                        "{} tiene texto dañado por una conversión de codificación: {}.",
                        field.header(),
                        quote(s)
                    ),
                )
                .with_help(
                    "El archivo se guardó o convirtió con una codificación equivocada antes de llegar. \
                     Corrija el texto (por ejemplo «Ã±» era «Ñ») o pida el archivo original.",
                ),
        ),
        _ => None,
    }
}

/// Error values as a CSV export writes them, in English and Spanish Excel.
fn is_error_literal(s: &str) -> bool {
    const ERRORS: &[&str] = &[
        "#N/A",
        "#N/D",
        "#REF!",
        "#¡REF!",
        "#VALUE!",
        "#¡VALOR!",
        "#NAME?",
        "#¿NOMBRE?",
        "#DIV/0!",
        "#¡DIV/0!",
        "#NUM!",
        "#¡NUM!",
        "#NULL!",
        "#¡NULO!",
        "#SPILL!",
        "#CALC!",
    ];
    let s = s.trim();
    s.starts_with('#') && ERRORS.contains(&s)
}

/// A number with decimals typed as text in a document, DANE or phone cell.
pub fn decimal_text(field: Field, s: &str) -> Option<Issue> {
    (field.is_numeric_id() && is_decimal_text(s)).then(|| decimal(field, s.trim()))
}

fn decimal(field: Field, value: &str) -> Issue {
    NUMERO_DECIMAL
        .issue(
            Some(field),
            format!(
                "{} es el número con decimales {}; debe ser un número entero.",
                field.header(),
                quote(value)
            ),
        )
        .with_help("Dé formato de texto a la columna y escriba el número completo, sin decimales.")
}

/// Decimal text, except a zero fraction ("40030330.0", as some programs
/// export whole numbers), which is the integer itself.
fn is_decimal_text(s: &str) -> bool {
    s.contains(['.', ','])
        && DECIMAL_TEXT.is_match(s)
        && !s.trim().trim_end_matches('0').ends_with(['.', ','])
}

/// UTF-8 read as Latin-1/Windows-1252 turns "ñ" into "Ã±" and "á" into "Ã¡";
/// undecodable bytes become U+FFFD.
pub fn has_mojibake(s: &str) -> bool {
    if s.is_ascii() || !s.contains(['Ã', 'Â', '\u{FFFD}']) {
        return false;
    }
    if s.contains('\u{FFFD}') {
        return true;
    }
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).any(|w| {
        matches!(w[0], 'Ã' | 'Â')
            && (('\u{80}'..='\u{BF}').contains(&w[1]) || is_cp1252_trail(w[1]))
    })
}

/// Characters that Windows-1252 puts where Latin-1 has C1 controls: the
/// second half of a mis-decoded UTF-8 sequence can land there ("Ã“" for "Ó").
fn is_cp1252_trail(c: char) -> bool {
    matches!(
        c,
        '€' | '‚'
            | 'ƒ'
            | '„'
            | '…'
            | '†'
            | '‡'
            | 'ˆ'
            | '‰'
            | 'Š'
            | '‹'
            | 'Œ'
            | 'Ž'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '–'
            | '—'
            | '˜'
            | '™'
            | 'š'
            | '›'
            | 'œ'
            | 'ž'
            | 'Ÿ'
    )
}

pub static ALL: &[&RuleMeta] = &[
    &CELDA_ERROR,
    &NUMERO_DECIMAL,
    &TEXTO_MOJIBAKE,
    &CELDA_DEMASIADO_LARGA,
];

#[cfg(test)]
mod normalized;

#[cfg(test)]
mod tests {
    use super::*;

    fn code(field: Field, raw: RawCell) -> Option<&'static str> {
        inspect(field, &raw).map(|i| i.code())
    }

    #[test]
    fn celda_error() {
        assert_eq!(
            code(Field::CorreoAlterno, RawCell::Error("#N/A".into())),
            Some("CELDA_ERROR")
        );
        assert_eq!(
            code(Field::CorreoAlterno, RawCell::Text("#N/A texto".into())),
            None
        );
    }

    #[test]
    fn numero_decimal() {
        assert_eq!(
            code(Field::NumeroDocumento, RawCell::Number(123.5)),
            Some("NUMERO_DECIMAL")
        );
        assert_eq!(code(Field::NumeroDocumento, RawCell::Number(123.0)), None);
        assert_eq!(
            code(Field::NumeroDocumento, RawCell::Text("52000004.5".into())),
            Some("NUMERO_DECIMAL")
        );
        assert_eq!(
            code(Field::CodigoDane, RawCell::Text("1050010000,19".into())),
            Some("NUMERO_DECIMAL")
        );
        assert_eq!(
            code(Field::NumeroDocumento, RawCell::Text("52.000.004".into())),
            None
        );
        assert_eq!(
            code(Field::NumeroDocumento, RawCell::Text("40030330.0".into())),
            None
        );
        // Outside id fields a fraction is just text for the field's own rules.
        assert_eq!(code(Field::Cargo, RawCell::Number(1.5)), None);
    }

    #[test]
    fn texto_mojibake() {
        for bad in [
            "MUÃ‘OZ",
            "NuÃ±ez",
            "MarÃ\u{AD}a",
            "JOSÃ© ",
            "PE\u{FFFD}A",
            "CÃ“RDOBA",
        ] {
            assert_eq!(
                code(Field::PrimerApellido, RawCell::Text(bad.into())),
                Some("TEXTO_MOJIBAKE"),
                "{bad}"
            );
        }
        for good in ["MUÑOZ", "MARÍA", "ÁLVARO", "JOSÉ"] {
            assert_eq!(
                code(Field::PrimerApellido, RawCell::Text(good.into())),
                None,
                "{good}"
            );
        }
    }

    #[test]
    fn celda_demasiado_larga() {
        use crate::rules::testing::{codes, row};
        let at_limit = "A".repeat(XLSX_CELL_CHARS);
        assert!(codes(&row(&[(Field::Cargo, &at_limit)]), check_length).is_empty());
        let over = "A".repeat(XLSX_CELL_CHARS + 1);
        assert_eq!(
            codes(&row(&[(Field::Cargo, &over)]), check_length),
            vec!["CELDA_DEMASIADO_LARGA"]
        );
        // Excel counts UTF-16 units: a character outside the BMP counts twice
        // (one that is not folded to a plain letter, unlike 𝐀).
        let wide = "😀".repeat(XLSX_CELL_CHARS / 2 + 1);
        assert_eq!(
            codes(&row(&[(Field::Cargo, &wide)]), check_length),
            vec!["CELDA_DEMASIADO_LARGA"]
        );
        // The normalized value counts: spaces collapsed bring it under.
        let spaced = format!("DOCENTE{}AREA", " ".repeat(XLSX_CELL_CHARS));
        assert!(codes(&row(&[(Field::Cargo, &spaced)]), check_length).is_empty());
        let mut issues = Vec::new();
        check_length(
            &row(&[(Field::PrimerApellido, &over)]),
            &Settings::default(),
            &mut issues,
        );
        assert_eq!(issues[0].field, Some(Field::PrimerApellido));
        assert!(
            issues[0].message.contains("32768 caracteres"),
            "{}",
            issues[0].message
        );
    }
}
