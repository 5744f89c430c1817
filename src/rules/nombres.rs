//! Names and surnames: letters only, as printed on the identity document.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};

use super::escritura;
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;

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
    school: Some(ForSchool::new(
        "Nombres y apellidos llevan solo letras, espacios, apóstrofo (D'ALEMAN) o guion: sin números ni símbolos.",
    )),
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
    school: Some(ForSchool::under(
        Field::PrimerApellido,
        "No reparta un apellido compuesto en dos columnas: DE LA HOZ va entero en PRIMER APELLIDO.",
    )),
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

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    for field in NAME_FIELDS {
        let Some(value) = row.get(field) else {
            continue;
        };
        // A letter of another alphabet gets its own, precise message.
        if let Some(issue) = escritura::check_text(field, value) {
            issues.push(issue);
            continue;
        }
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

/// Letters of the Latin alphabet as names are written (with the accents and
/// the letters of other languages: Ç, Ø, Ł, Ỹ...), spaces, apostrophes and
/// hyphens. Latin letters outside those blocks are phonetic or decorative:
/// small capitals ("ᴀɴᴀ" from a "fancy text" generator), modifier letters,
/// the ordinals ª and º ("Mª" stands for MARÍA), Roman numerals.
fn is_name_char(c: char) -> bool {
    match c {
        ' ' | '\'' | '’' | '-' => true,
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{D7}' | '\u{F7}' => false,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => c.is_alphabetic(),
        _ => false,
    }
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
        for bad in [
            "ANA2",
            "ANA.",
            "ANA_MARIA",
            "J@NE",
            "-ZGOMEZ",
            "'ANA",
            // Latin, but not letters a name is written with.
            "M\u{AA}",
            "\u{1D00}NA",
            "LUIS \u{2161}",
            "ANA\u{24B6}",
        ] {
            assert_eq!(
                codes(&row(&[(Field::PrimerNombre, bad)]), check),
                vec!["NOMBRE_CARACTERES"],
                "{bad}"
            );
        }
    }

    #[test]
    fn letters_of_another_alphabet_are_not_called_symbols() {
        for (value, code) in [
            ("P\u{410}BLO", "CARACTERES_NO_LATINOS"),
            ("\u{418}\u{412}\u{410}\u{41D}", "CARACTERES_NO_LATINOS"),
            ("\u{3A1}EREZ", "CARACTERES_NO_LATINOS"),
            ("ANA2", "NOMBRE_CARACTERES"),
        ] {
            assert_eq!(
                codes(&row(&[(Field::SegundoApellido, value)]), check),
                vec![code],
                "{value}"
            );
        }
    }

    #[test]
    fn letters_of_other_latin_languages_are_names() {
        for ok in [
            "GONÇALVES",
            "SØRENSEN",
            "ŁUKASZ",
            "STRAßE",
            "NGUYỄN",
            "ÆLFRED",
        ] {
            assert!(
                codes(&row(&[(Field::PrimerApellido, ok)]), check).is_empty(),
                "{ok}"
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
