//! The position (cargo): free text, but never something a spreadsheet would
//! run as a formula when level 2 opens the file.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};

use super::escritura;
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;

pub static CARGO_FORMULA: RuleMeta = RuleMeta {
    code: "CARGO_FORMULA",
    severity: Severity::Error,
    scope: Scope::Row,
    field: Some(Field::Cargo),
    summary: "El cargo empieza por = + o @: una hoja de cálculo lo ejecutaría como fórmula.",
    doc: RuleDoc {
        why: "Un texto que empieza por = + o @ se ejecuta como fórmula al abrir el archivo en Excel (inyección de fórmulas); nunca se envía así a nivel 2.",
        bad: "«=HYPERLINK(...)»",
        good: "«DOCENTE»",
        todo: "Escriba el cargo como texto.",
    },
    school: Some(ForSchool::new("No empiece el cargo con =, + o @.")),
};

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let Some(cargo) = row.get(Field::Cargo) else {
        return;
    };
    if let Some(issue) = escritura::check_text(Field::Cargo, cargo) {
        issues.push(issue);
        return;
    }
    if cargo.starts_with(['=', '+', '@']) {
        issues.push(
            CARGO_FORMULA
                .issue(
                    Some(Field::Cargo),
                    format!(
                        "El cargo {} empieza por un símbolo de fórmula.",
                        quote(cargo)
                    ),
                )
                .with_help("Escriba el cargo como texto, por ejemplo DOCENTE o RECTOR."),
        );
    }
}

pub static ALL: &[&RuleMeta] = &[&CARGO_FORMULA];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    #[test]
    fn a_cargo_with_a_letter_of_another_alphabet_is_rejected() {
        assert_eq!(
            codes(&row(&[(Field::Cargo, "DOC\u{415}NTE")]), check),
            vec!["CARACTERES_NO_LATINOS"]
        );
        assert_eq!(
            codes(
                &row(&[(Field::Cargo, "\u{420}\u{415}\u{41A}\u{422}\u{41E}\u{420}")]),
                check
            ),
            vec!["CARACTERES_NO_LATINOS"]
        );
        assert!(codes(&row(&[(Field::Cargo, "Coordinación académica")]), check).is_empty());
    }

    #[test]
    fn cargo_formula() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-=1+1"] {
            assert_eq!(
                codes(&row(&[(Field::Cargo, bad)]), check),
                vec!["CARGO_FORMULA"],
                "{bad}"
            );
        }
        for ok in ["DOCENTE", "RECTOR (E)", "-Docente", "COORDINADOR 2"] {
            assert!(codes(&row(&[(Field::Cargo, ok)]), check).is_empty(), "{ok}");
        }
    }
}
