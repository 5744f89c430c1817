//! Checks of single answers, when the agent gives one (on Enter) and when a
//! case file is read. Identification fields that also exist in the user-creation form
//! (cédula, e-mail, phone, DANE) go through the validator's own normalizer
//! and rules, so an answer is judged exactly as a form cell would be.

use super::Item;
use crate::diagnostic::Severity;
use crate::field::Field;
use crate::policy::Settings;
use crate::read::sheet::RawCell;
use crate::rules;
use crate::text::{collapse_spaces, letters_key, strip_separators};
use crate::ticket::ticket_digits;

/// The value to keep, or why the answer is wrong (one Spanish sentence).
pub type Answer = Result<String, String>;

/// Checks a non-empty answer of the identification block. An empty answer
/// is `Ok("")`: whether it may be empty is the checklist's decision.
pub fn check_item(item: Item, value: &str) -> Answer {
    let value = collapse_spaces(value.trim()).into_owned();
    if value.is_empty() {
        return Ok(value);
    }
    match item {
        Item::Aplicacion => {
            if letters_key(&value) == "SIGCE" {
                Ok("SIGCE".to_string())
            } else {
                Err(format!(
                    "«{value}» no es SIGCE: esta mesa atiende solo SIGCE; las demás aplicaciones tienen su propia mesa."
                ))
            }
        }
        // Written as in a form's ticket cell: "# 108.805", "No. 108805".
        Item::Ticket => digits_only(
            &ticket_digits(&RawCell::Text(value.clone())).unwrap_or(value),
            "El número de ticket",
            1..=12,
        ),
        Item::Cedula => {
            let digits = digits_only(&strip_separators(&value), "La cédula", 3..=15)?;
            form_field(
                &[
                    (Field::TipoDocumento, "CC"),
                    (Field::NumeroDocumento, &digits),
                ],
                Field::NumeroDocumento,
            )
        }
        Item::Telefono | Item::Celular => form_field(&[(Field::Telefono, &value)], Field::Telefono),
        Item::Correo | Item::Usuario => check_email(&value),
        Item::Dane => form_field(
            &[
                (Field::Perfil, "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO"),
                (Field::CodigoDane, &value),
            ],
            Field::CodigoDane,
        ),
        Item::Nombre | Item::Cargo | Item::Poblacion | Item::Ciudad => {
            if value.chars().any(char::is_alphabetic) {
                Ok(value)
            } else {
                Err(format!("«{value}» no tiene letras."))
            }
        }
    }
}

/// One e-mail address: lowercase, without a hyperlink or a display name.
pub fn check_email(value: &str) -> Answer {
    form_field(&[(Field::Correo, value.trim())], Field::Correo)
}

/// Whether the calling population is a school, whose calls need its DANE code.
pub fn is_school(poblacion: &str) -> bool {
    let key = letters_key(poblacion);
    [
        "COLEGIO",
        "ESTABLECIMIENTO",
        "INSTITUCIONEDUCATIVA",
        "ESCUELA",
        "SEDEEDUCATIVA",
        "CENTROEDUCATIVO",
    ]
    .iter()
    .any(|k| key.contains(k))
}

fn digits_only(value: &str, what: &str, len: std::ops::RangeInclusive<usize>) -> Answer {
    let value = value.trim();
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{what} «{value}» debe tener solo dígitos."));
    }
    if !len.contains(&value.len()) {
        return Err(format!(
            "{what} «{value}» tiene {} dígitos; debe tener entre {} y {}.",
            value.len(),
            len.start(),
            len.end()
        ));
    }
    Ok(value.to_string())
}

/// Runs `target`'s value through the form normalizer and rules, as if it
/// were a cell of a form row holding only `cells`; the first error about
/// `target` (with what to do) is the answer's error.
fn form_field(cells: &[(Field, &str)], target: Field) -> Answer {
    let row_cells: [Option<RawCell>; Field::COUNT] = std::array::from_fn(|i| {
        cells
            .iter()
            .find(|(f, _)| f.index() == i)
            .map(|(_, v)| RawCell::Text((*v).to_string()))
    });
    let (row, issues) = rules::check_row(
        0,
        row_cells.each_ref().map(Option::as_ref),
        Settings::default(),
    );
    if let Some(issue) = issues
        .iter()
        .find(|i| i.severity() == Severity::Error && i.field == Some(target))
    {
        return Err(spoken(issue, cells));
    }
    Ok(row.get(target).unwrap_or_default().to_string())
}

/// The error of an answer, said for the phone: the form rules speak of the
/// spreadsheet («la hoja», «la columna», «la celda»), which the agent does
/// not have in front of them.
fn spoken(issue: &crate::diagnostic::Issue, cells: &[(Field, &str)]) -> String {
    const DANE_HELP: &str = "Pida a quien llama los 12 dígitos del código DANE del establecimiento (está en los documentos del colegio) y escríbalos seguidos, sin puntos ni espacios.";
    let message = match issue.rule.code {
        "DANE_NOTACION_CIENTIFICA" => {
            let typed = cells
                .iter()
                .find(|(f, _)| *f == Field::CodigoDane)
                .map_or("", |(_, v)| v);
            format!(
                "«{typed}» es un número en notación científica, no un código DANE: le faltan dígitos."
            )
        }
        _ => issue.message.clone(),
    };
    let help = match issue.rule.code {
        "DANE_LONGITUD" | "DANE_NOTACION_CIENTIFICA" | "DANE_CARACTERES" => Some(DANE_HELP),
        _ => issue
            .help
            .as_deref()
            .filter(|h| !SHEET_WORDS.iter().any(|w| h.contains(w))),
    };
    match help {
        Some(help) => format!("{message} {help}"),
        None => message,
    }
}

/// Words of a help line that speak of the form's spreadsheet.
const SHEET_WORDS: &[&str] = &["hoja", "columna", "celda", "fila"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_item_accepts_a_good_answer_and_refuses_a_bad_one() {
        let cases: &[(Item, &str, &str, &str)] = &[
            (Item::Aplicacion, "sigce", "SIGCE", "SIMAT"),
            (Item::Ticket, "#108805", "108805", "10880A"),
            (Item::Cedula, "52.123.456", "52123456", "52-ABC"),
            (
                Item::Telefono,
                "(601) 555 1234",
                "6015551234",
                "601 555 1234 / 310 123 4567",
            ),
            (Item::Celular, "310 123 4567", "3101234567", "12345"),
            (
                Item::Correo,
                "Ana.Perez@Colegio.edu.co",
                "ana.perez@colegio.edu.co",
                "ana perez@colegio",
            ),
            (
                Item::Usuario,
                "<mailto:ana@colegio.edu.co>",
                "ana@colegio.edu.co",
                "ana@",
            ),
            (Item::Dane, "105001000019", "105001000019", "12345"),
            (Item::Nombre, "  ANA   PEREZ ", "ANA PEREZ", "12345"),
            (Item::Ciudad, "Medellín", "Medellín", "--"),
        ];
        for (item, good, kept, bad) in cases {
            assert_eq!(
                check_item(*item, good).as_deref(),
                Ok(*kept),
                "{item:?} {good}"
            );
            assert!(check_item(*item, bad).is_err(), "{item:?} accepted {bad}");
        }
        assert_eq!(check_item(Item::Dane, ""), Ok(String::new()));
    }

    #[test]
    fn errors_say_what_is_wrong_in_spanish() {
        let e = check_item(Item::Dane, "12345").unwrap_err();
        assert!(e.contains("12345") && e.contains("12"), "{e}");
        let e = check_item(Item::Ticket, "12a").unwrap_err();
        assert!(e.contains("solo dígitos"), "{e}");
        let e = check_item(Item::Celular, "3101234567 3207654321").unwrap_err();
        assert!(e.contains("un"), "{e}");
    }

    /// The DANE help in the interview spoke of «la hoja» the agent does not have.
    #[test]
    fn interview_errors_never_speak_of_the_spreadsheet() {
        let bad: &[(Item, &str)] = &[
            (Item::Dane, "12345"),
            (Item::Dane, "10500100001"),
            (Item::Dane, "1,05001E+11"),
            (Item::Dane, "10500100001A"),
            (Item::Cedula, "052123456"),
            (Item::Telefono, "555 1234"),
            (Item::Celular, "3101234567 3207654321"),
            (Item::Correo, "ana@gmial.com x"),
            (Item::Usuario, "ana@"),
        ];
        for (item, value) in bad {
            let e = match check_item(*item, value) {
                Err(e) => e,
                // Some are only warnings in a form: accepted as answers.
                Ok(_) if *item != Item::Dane => continue,
                Ok(v) => panic!("{value} accepted as {v}"),
            };
            for word in SHEET_WORDS {
                assert!(!e.contains(word), "{item:?} {value}: {e}");
            }
        }
        let e = check_item(Item::Dane, "10500100001").unwrap_err();
        assert!(
            e.contains("11 dígitos") && e.contains("Pida a quien llama"),
            "{e}"
        );
    }

    #[test]
    fn schools() {
        assert!(is_school("Colegio"));
        assert!(is_school("Institución Educativa Rural"));
        assert!(!is_school("Secretaría de Educación"));
        assert!(!is_school("MEN"));
    }
}
