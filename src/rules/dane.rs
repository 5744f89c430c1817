//! The establishment's DANE code: 12 digits, mandatory for establishment staff.
//! Layout: 1 digit (zone and sector) + 5-digit DIVIPOLA municipality + 6 digits.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Severity, quote};
use crate::divipola;
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::values::Perfil;

pub static DANE_OBLIGATORIO: RuleMeta = RuleMeta::about(
    "DANE_OBLIGATORIO",
    Severity::Error,
    Field::CodigoDane,
    "Falta el código DANE, obligatorio para el perfil FUNCIONARIO ESTABLECIMIENTO EDUCATIVO.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «código DANE de 12 dígitos, obligatorio para los funcionarios de establecimiento educativo».",
        bad: "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO sin código DANE",
        good: "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO con 105001000019",
        todo: "Escriba los 12 dígitos del código DANE del establecimiento.",
    },
)
.for_school("Es el código del establecimiento donde trabaja la persona.");
pub static DANE_NOTACION_CIENTIFICA: RuleMeta = RuleMeta::about(
    "DANE_NOTACION_CIENTIFICA",
    Severity::Error,
    Field::CodigoDane,
    "El código DANE quedó en notación científica (1,05001E+11): se perdieron dígitos.",
    RuleDoc {
        why: "Si la columna no tiene formato de texto, Excel muestra el código como 1,05001E+11 y al copiarlo se pierden los últimos dígitos: no se pueden recuperar.",
        bad: "«1,05001E+11»",
        good: "«105001000019»",
        todo: "Dé formato de texto a la columna y vuelva a escribir el código.",
    },
)
.for_school("Si la celda muestra algo como 1,05001E+11, el código se dañó: bórrelo y escriba de nuevo sus 12 dígitos.");
pub static DANE_CARACTERES: RuleMeta = RuleMeta::about(
    "DANE_CARACTERES",
    Severity::Error,
    Field::CodigoDane,
    "El código DANE tiene caracteres que no son dígitos.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «código DANE de 12 dígitos, obligatorio para los funcionarios de establecimiento educativo». Solo lleva dígitos.",
        bad: "«10500100001A»",
        good: "«105001000019»",
        todo: "Escriba solo los 12 dígitos.",
    },
);
pub static DANE_LONGITUD: RuleMeta = RuleMeta::about(
    "DANE_LONGITUD",
    Severity::Error,
    Field::CodigoDane,
    "El código DANE no tiene exactamente 12 dígitos.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «código DANE de 12 dígitos, obligatorio para los funcionarios de establecimiento educativo». Con 11 dígitos puede ser un código anterior a 2001 o un código al que la hoja le quitó un dígito.",
        bad: "«10500100001»",
        good: "«105001000019»",
        todo: "Consulte el código DANE actual del establecimiento.",
    },
)
.for_school("Exactamente 12 dígitos, sin letras, puntos ni espacios.");
pub static DANE_DEPARTAMENTO: RuleMeta = RuleMeta::about(
    "DANE_DEPARTAMENTO",
    Severity::Error,
    Field::CodigoDane,
    "Los dígitos 2 y 3 del código DANE no son un código de departamento.",
    RuleDoc {
        why: "El código DANE es 1 dígito + los 5 del municipio (DIVIPOLA) + 6 más. Los dígitos 2 y 3 son el departamento; si no existe, el código está mal.",
        bad: "«102001000019» (departamento 02)",
        good: "«105001000019» (05, Antioquia)",
        todo: "Revise el código DANE del establecimiento.",
    },
)
.for_school("Copie el código vigente del establecimiento tal como está, sin cambiarle dígitos: sus dígitos indican el departamento y el municipio.");
pub static DANE_MUNICIPIO: RuleMeta = RuleMeta::about(
    "DANE_MUNICIPIO",
    Severity::Warning,
    Field::CodigoDane,
    "Los dígitos 2 a 6 del código DANE no son un municipio de la DIVIPOLA.",
    RuleDoc {
        why: "Los dígitos 2 a 6 son el municipio según la DIVIPOLA del DANE; si no existe, probablemente hay un error de digitación.",
        bad: "«105999000019»",
        good: "«105001000019» (05001, Medellín)",
        todo: "Confirme el código DANE del establecimiento.",
    },
);
pub static DANE_PRIMER_DIGITO: RuleMeta = RuleMeta::about(
    "DANE_PRIMER_DIGITO",
    Severity::Warning,
    Field::CodigoDane,
    "El primer dígito del código DANE no está entre 1 y 4.",
    RuleDoc {
        why: "El primer dígito del código DANE indica zona y sector (1 a 4); otro valor es raro.",
        bad: "«505001000019»",
        good: "«105001000019»",
        todo: "Confirme el código DANE del establecimiento.",
    },
);
pub static DANE_PERFIL_MEN: RuleMeta = RuleMeta::about(
    "DANE_PERFIL_MEN",
    Severity::Warning,
    Field::CodigoDane,
    "Fila con perfil FUNCIONARIO MEN y código DANE: un funcionario del Ministerio no pertenece a un establecimiento.",
    RuleDoc {
        why: "Un funcionario del Ministerio no pertenece a un establecimiento educativo; un código DANE en esa fila sugiere que el perfil es otro.",
        bad: "FUNCIONARIO MEN con DANE 105001000019",
        good: "FUNCIONARIO MEN sin código DANE",
        todo: "Si la persona trabaja en un establecimiento, use FUNCIONARIO ESTABLECIMIENTO EDUCATIVO.",
    },
)
.for_school("Con el perfil FUNCIONARIO MEN se deja vacío.");

static SCIENTIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^[0-9]+(?:[.,][0-9]+)?\s*E\s*\+?\s*[0-9]+$").expect("valid regex")
});

/// A DANE code typed or pasted as "1,05001E+11": its last digits are gone.
pub fn scientific_notation(text: &str) -> Option<Issue> {
    if !text.contains(['e', 'E']) || !SCIENTIFIC.is_match(text) {
        return None;
    }
    Some(
        DANE_NOTACION_CIENTIFICA
            .issue(
                Some(Field::CodigoDane),
                format!(
                    "El código DANE {} está en notación científica: la hoja de cálculo lo convirtió en número y se perdieron dígitos.",
                    quote(text)
                ),
            )
            .with_help(
                "Dé formato de texto a la columna CODIGO DANE y vuelva a escribir los 12 dígitos completos.",
            ),
    )
}

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let field = Some(Field::CodigoDane);
    let perfil = row.perfil();
    let Some(code) = row.get(Field::CodigoDane) else {
        let missing = matches!(
            row.state(Field::CodigoDane),
            crate::normalize::FieldState::Empty | crate::normalize::FieldState::NoColumn
        );
        if missing && perfil == Some(Perfil::FuncionarioEstablecimiento) {
            issues.push(
                DANE_OBLIGATORIO
                    .issue(
                        field,
                        "CODIGO DANE está vacío y es obligatorio para FUNCIONARIO ESTABLECIMIENTO EDUCATIVO.",
                    )
                    .with_help("Escriba los 12 dígitos del código DANE del establecimiento educativo."),
            );
        }
        return;
    };
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        issues.push(
            DANE_CARACTERES
                .issue(
                    field,
                    format!(
                        "El código DANE {} tiene caracteres que no son dígitos.",
                        quote(code)
                    ),
                )
                .with_help("Escriba solo los 12 dígitos del código DANE."),
        );
        return;
    }
    if code.len() != 12 {
        let help = if code.len() == 11 {
            "Tiene 11 dígitos: puede ser un código anterior a 2001 o le falta un dígito (a veces el primero, si la hoja lo tomó como número). Consulte el código actual del establecimiento."
        } else {
            "Escriba los 12 dígitos del código DANE del establecimiento."
        };
        issues.push(
            DANE_LONGITUD
                .issue(
                    field,
                    format!(
                        "El código DANE {} tiene {} dígitos; debe tener 12.",
                        quote(code),
                        code.len()
                    ),
                )
                .with_help(help),
        );
        return;
    }
    let dept = &code[1..3];
    let Some(dept_name) = divipola::departamento(dept) else {
        issues.push(
            DANE_DEPARTAMENTO
                .issue(
                    field,
                    format!(
                        "El código DANE {} tiene {} como departamento (dígitos 2 y 3), que no existe.",
                        quote(code),
                        quote(dept)
                    ),
                )
                .with_help("Revise el código DANE del establecimiento: después del primer dígito vienen los 5 del municipio."),
        );
        return;
    };
    if divipola::municipio(&code[1..6]).is_none() {
        issues.push(
            DANE_MUNICIPIO
                .issue(
                    field,
                    format!(
                        "El código DANE {} tiene {} como municipio (dígitos 2 a 6), que no está en la DIVIPOLA de {}.",
                        quote(code),
                        quote(&code[1..6]),
                        dept_name
                    ),
                )
                .with_help("Confirme el código DANE del establecimiento."),
        );
    }
    if !matches!(code.as_bytes()[0], b'1'..=b'4') {
        issues.push(
            DANE_PRIMER_DIGITO
                .issue(
                    field,
                    format!(
                        "El código DANE {} empieza por {}; lo normal es 1, 2, 3 o 4.",
                        quote(code),
                        &code[..1]
                    ),
                )
                .with_help("Confirme el código DANE del establecimiento."),
        );
    }
    if perfil == Some(Perfil::FuncionarioMen) {
        issues.push(
            DANE_PERFIL_MEN
                .issue(
                    field,
                    format!("La fila tiene perfil FUNCIONARIO MEN y código DANE {}.", quote(code)),
                )
                .with_help("Si la persona trabaja en un establecimiento, el perfil es FUNCIONARIO ESTABLECIMIENTO EDUCATIVO."),
        );
    }
}

pub static ALL: &[&RuleMeta] = &[
    &DANE_OBLIGATORIO,
    &DANE_NOTACION_CIENTIFICA,
    &DANE_CARACTERES,
    &DANE_LONGITUD,
    &DANE_DEPARTAMENTO,
    &DANE_MUNICIPIO,
    &DANE_PRIMER_DIGITO,
    &DANE_PERFIL_MEN,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    fn dane(perfil: &str, code: &str) -> Vec<&'static str> {
        codes(
            &row(&[(Field::Perfil, perfil), (Field::CodigoDane, code)]),
            check,
        )
    }
    const EST: &str = "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO";

    #[test]
    fn dane_obligatorio() {
        assert_eq!(dane(EST, ""), vec!["DANE_OBLIGATORIO"]);
        assert!(dane("FUNCIONARIO SECRETARIA", "").is_empty());
        assert!(dane(EST, "105001000019").is_empty());
    }

    #[test]
    fn dane_notacion_cientifica() {
        assert!(scientific_notation("1,05001E+11").is_some());
        assert!(scientific_notation("1.05001e+11").is_some());
        assert!(scientific_notation("105001000019").is_none());
    }

    #[test]
    fn dane_caracteres_y_longitud() {
        assert_eq!(dane(EST, "10500100001A"), vec!["DANE_CARACTERES"]);
        assert_eq!(dane(EST, "10500100001"), vec!["DANE_LONGITUD"]);
        assert_eq!(dane(EST, "1050010000190"), vec!["DANE_LONGITUD"]);
    }

    #[test]
    fn dane_departamento_y_municipio() {
        assert_eq!(dane(EST, "102001000019"), vec!["DANE_DEPARTAMENTO"]);
        assert_eq!(dane(EST, "105999000019"), vec!["DANE_MUNICIPIO"]);
        assert!(dane(EST, "311001000019").is_empty());
    }

    #[test]
    fn dane_primer_digito() {
        assert_eq!(dane(EST, "505001000019"), vec!["DANE_PRIMER_DIGITO"]);
        assert!(dane(EST, "405001000019").is_empty());
    }

    #[test]
    fn dane_perfil_men() {
        assert_eq!(
            dane("FUNCIONARIO MEN", "105001000019"),
            vec!["DANE_PERFIL_MEN"]
        );
        assert!(dane("FUNCIONARIO MEN", "").is_empty());
    }
}
