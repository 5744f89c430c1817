//! The phone: exactly one number, a 10-digit mobile or a 10-digit landline
//! under Colombia's 2021 numbering (60 + one-digit area code + 7 digits).

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Severity, quote};
use crate::divipola;
use crate::field::Field;
use crate::normalize::{NormalizedRow, phone};
use crate::policy::Settings;

pub static TELEFONO_MULTIPLE: RuleMeta = RuleMeta::about(
    "TELEFONO_MULTIPLE",
    Severity::Error,
    Field::Telefono,
    "La celda de teléfono tiene más de un número (el formulario admite uno solo).",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «un solo número de teléfono».",
        bad: "«3101234567 / 3207654321»",
        good: "«3101234567»",
        todo: "Deje un solo número, preferiblemente el celular.",
    },
)
.for_school("Si la persona tiene celular y fijo, escriba solo el celular.");
pub static TELEFONO_SIN_INDICATIVO: RuleMeta = RuleMeta::about(
    "TELEFONO_SIN_INDICATIVO",
    Severity::Warning,
    Field::Telefono,
    "Teléfono fijo de 7 dígitos sin indicativo.",
    RuleDoc {
        why: "Un fijo de 7 dígitos no dice de qué ciudad es; desde 2021 se marca 60 + indicativo + número. Si hay código DANE, se sugiere el indicativo de su departamento.",
        bad: "«7448595»",
        good: "«6047448595»",
        todo: "Escriba el número con su indicativo.",
    },
)
.for_school("Un fijo lleva delante 60 y el indicativo de la ciudad: 6014445566, no 4445566.");
pub static TELEFONO_INVALIDO: RuleMeta = RuleMeta::about(
    "TELEFONO_INVALIDO",
    Severity::Error,
    Field::Telefono,
    "El teléfono no es un celular de 10 dígitos (3...) ni un fijo de 10 dígitos (60 + indicativo + 7 dígitos).",
    RuleDoc {
        why: "Un teléfono colombiano tiene 10 dígitos: celular (empieza por 3) o fijo (60 + indicativo + 7 dígitos).",
        bad: "«12345»",
        good: "«3101234567»",
        todo: "Escriba un celular o un fijo completo.",
    },
);

/// Two numbers joined by a separator: "310... / 320...", "310... y 320...".
/// ASCII digits and word boundaries: digits here are 0-9 only, and the Unicode
/// classes would make compiling the pattern cost more than a whole small form.
static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)[0-9][\s.\-)]*(?:/|,|;|\||&|\\|\b[yoe]\b)[\s.\-(+]*[0-9]")
        .expect("valid regex")
});
/// Two long digit runs side by side: "3101234567 3207654321".
fn two_long_runs(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 7)
        .count()
        >= 2
}

/// More than one number in the cell.
pub fn multiple(text: &str) -> Option<Issue> {
    let digit_count = text.bytes().filter(u8::is_ascii_digit).count();
    // The pattern only matters when a separator or a word is there.
    let may_separate = text.contains(['/', ',', ';', '|', '&', '\\'])
        || text.bytes().any(|b| b.is_ascii_alphabetic());
    if !((may_separate && SEPARATED.is_match(text)) || two_long_runs(text) || digit_count > 13) {
        return None;
    }
    Some(
        TELEFONO_MULTIPLE
            .issue(
                Some(Field::Telefono),
                format!("TELEFONO {} tiene más de un número.", quote(text)),
            )
            .with_help("Deje un solo número de teléfono, preferiblemente el celular."),
    )
}

fn is_valid(digits: &str) -> bool {
    let b = digits.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mobile = b[0] == b'3';
    let landline =
        b[0] == b'6' && b[1] == b'0' && phone::is_area_code(b[2]) && (b'2'..=b'9').contains(&b[3]);
    mobile || landline
}

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let field = Some(Field::Telefono);
    let Some(phone) = row.get(Field::Telefono) else {
        return;
    };
    if is_valid(phone) {
        return;
    }
    if phone.len() == 7 && phone.bytes().all(|b| b.is_ascii_digit()) {
        let area = row
            .get(Field::CodigoDane)
            .filter(|d| d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| {
                divipola::area_code(&d[1..3]).map(|a| (a, divipola::departamento(&d[1..3])))
            });
        let help = match area {
            Some((a, Some(dept))) => format!(
                "Escriba el número con indicativo: para {dept} (según el código DANE) sería 60{a}{phone}."
            ),
            _ => "Escriba el número con indicativo: 60 + el indicativo de un dígito + los 7 dígitos, o un celular.".to_string(),
        };
        issues.push(
            TELEFONO_SIN_INDICATIVO
                .issue(
                    field,
                    format!(
                        "El teléfono {} tiene 7 dígitos y no tiene indicativo.",
                        quote(phone)
                    ),
                )
                .with_help(help),
        );
        return;
    }
    issues.push(
        TELEFONO_INVALIDO
            .issue(
                field,
                format!("El teléfono {} no es un celular ni un fijo válido en Colombia.", quote(phone)),
            )
            .with_help("Escriba un celular de 10 dígitos (empieza por 3) o un fijo de 10 dígitos (60 + indicativo + número)."),
    );
}

pub static ALL: &[&RuleMeta] = &[
    &TELEFONO_MULTIPLE,
    &TELEFONO_SIN_INDICATIVO,
    &TELEFONO_INVALIDO,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    /// The cell rules' and this family's codes for a phone.
    fn tel(v: &str) -> Vec<&'static str> {
        let all = crate::rules::testing::issues(&[(Field::Telefono, v)]);
        let phone = |i: &&Issue| ALL.contains(&i.rule) || i.field == Some(Field::Telefono);
        all.iter().filter(phone).map(|i| i.code()).collect()
    }

    #[test]
    fn telefono_multiple() {
        for bad in [
            "3101234567 / 3207654321",
            "3101234567-3207654321",
            "310 123 4567 y 320 765 4321",
            "3101234567, 6017448595",
            "3101234567 3207654321",
        ] {
            assert_eq!(tel(bad), vec!["TELEFONO_MULTIPLE"], "{bad}");
        }
        for ok in ["310 123 4567", "(601) 744 8595", "+57 310-123-4567"] {
            assert!(tel(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn telefono_valid_forms() {
        for ok in [
            "3101234567",
            "6017448595",
            "6087448595",
            "573101234567",
            "(8) 7448595",
            "(1) 2345678",
        ] {
            assert!(tel(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn telefono_sin_indicativo() {
        assert_eq!(tel("7448595"), vec!["TELEFONO_SIN_INDICATIVO"]);
        let r = row(&[(Field::Telefono, "7448595")]);
        let mut issues = Vec::new();
        check(&r, &Settings::default(), &mut issues);
        // The baseline row's DANE code is in Antioquia: area code 4.
        assert!(issues[0].help.as_deref().unwrap().contains("6047448595"));
    }

    #[test]
    fn regression_seven_digit_phone_beside_a_non_ascii_dane_does_not_panic() {
        // Found by the property tests: the area-code hint sliced a 12-byte,
        // non-digit DANE value inside a character.
        let r = row(&[
            (Field::Telefono, "7448595"),
            (Field::CodigoDane, "\u{115D5}PE\u{0D91}\u{ABF6}"),
        ]);
        assert_eq!(codes(&r, check), vec!["TELEFONO_SIN_INDICATIVO"]);
    }

    #[test]
    fn telefono_invalido() {
        for bad in [
            "12345",
            "2101234567",
            "6037448595",
            "6011448595",
            "31012345678",
            "abc",
        ] {
            assert_eq!(tel(bad), vec!["TELEFONO_INVALIDO"], "{bad}");
        }
    }
}
