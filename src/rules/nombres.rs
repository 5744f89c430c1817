//! Names and surnames: letters only, as printed on the identity document.

use super::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;

pub static NOMBRE_CARACTERES: RuleMeta = RuleMeta {
    code: "NOMBRE_CARACTERES",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Un nombre o apellido tiene dígitos o símbolos (solo se permiten letras, espacios, apóstrofo y guion).",
    doc: RuleDoc {
        why: "Procedimiento de mesa de ayuda: «los nombres se escriben en MAYÚSCULAS». Un nombre lleva letras, espacios, apóstrofo o guion; un número o un símbolo es un error de digitación o un dato en la columna equivocada.",
        bad: "«ANA2»",
        good: "«ANA»",
        todo: "Escriba el nombre tal como aparece en el documento de identidad.",
    },
};

pub static APELLIDO_PARTICULA: RuleMeta = RuleMeta {
    code: "APELLIDO_PARTICULA",
    severity: Severity::Warning,
    scope: Scope::Row,
    field: None,
    summary: "Un apellido es solo una partícula (DE, DEL, LA, LOS, DE LA): el nombre quizá quedó repartido en columnas equivocadas.",
    doc: RuleDoc {
        why: "Un apellido que es solo «DE», «DEL» o «DE LA» indica que el apellido compuesto quedó partido en dos columnas.",
        bad: "PRIMER APELLIDO «DE», SEGUNDO APELLIDO «LA HOZ»",
        good: "PRIMER APELLIDO «DE LA HOZ»",
        todo: "Escriba el apellido completo en una sola columna.",
    },
};

const NAME_FIELDS: [Field; 4] = [
    Field::PrimerNombre,
    Field::SegundoNombre,
    Field::PrimerApellido,
    Field::SegundoApellido,
];

const PARTICLES: &[&str] = &[
    "DE", "DEL", "LA", "LAS", "LOS", "DE LA", "DE LOS", "DE LAS", "Y",
];

pub fn check(row: &NormalizedRow, issues: &mut Vec<Issue>) {
    for field in NAME_FIELDS {
        let Some(value) = row.get(field) else {
            continue;
        };
        // A name starts with a letter: "-" or "'" first would also make a
        // spreadsheet read the cell as a formula or hide a character.
        let first_bad = value.chars().next().filter(|c| !c.is_alphabetic());
        if let Some(bad) = first_bad.or_else(|| value.chars().find(|c| !is_name_char(*c))) {
            issues.push(
                NOMBRE_CARACTERES
                    .issue(
                        Some(field),
                        format!(
                            "{} {} tiene el carácter {}, que no va en un nombre.",
                            field.header(),
                            quote(value),
                            quote(&bad.to_string())
                        ),
                    )
                    .with_help("Escriba solo letras, como aparece en el documento de identidad."),
            );
            continue;
        }
        let is_surname = matches!(field, Field::PrimerApellido | Field::SegundoApellido);
        if is_surname && PARTICLES.contains(&value) {
            issues.push(
                APELLIDO_PARTICULA
                    .issue(
                        Some(field),
                        format!("{} es solo {}.", field.header(), quote(value)),
                    )
                    .with_help(
                        "Escriba el apellido completo en una sola columna (por ejemplo «DE LA HOZ»).",
                    ),
            );
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-')
}

pub static ALL: &[&RuleMeta] = &[&NOMBRE_CARACTERES, &APELLIDO_PARTICULA];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    #[test]
    fn nombre_caracteres() {
        for ok in ["MARIA JOSE", "O'BRIEN", "PEREZ-GOMEZ", "José"] {
            assert!(
                codes(&row(&[(Field::PrimerNombre, ok)]), check).is_empty(),
                "{ok}"
            );
        }
        // "-ZGOMEZ" was found by fuzzing: a leading hyphen is a formula in a spreadsheet.
        for bad in ["ANA2", "ANA.", "ANA_MARIA", "J@NE", "-ZGOMEZ", "'ANA"] {
            assert_eq!(
                codes(&row(&[(Field::PrimerNombre, bad)]), check),
                vec!["NOMBRE_CARACTERES"],
                "{bad}"
            );
        }
    }

    #[test]
    fn apellido_particula() {
        assert_eq!(
            codes(&row(&[(Field::PrimerApellido, "de la")]), check),
            vec!["APELLIDO_PARTICULA"]
        );
        assert!(codes(&row(&[(Field::PrimerApellido, "DE LA HOZ")]), check).is_empty());
        // A given name may be "DEL" nothing; only surnames are checked.
        assert!(codes(&row(&[(Field::SegundoNombre, "DEL")]), check).is_empty());
    }
}
