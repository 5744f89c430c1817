//! Document type and number. The number becomes the user's first password, so
//! it must be exactly the one on the document; the cédula has no check digit,
//! so none is ever computed or invented.

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::values::{TipoDocumento, other_document_name};

pub static TIPO_DOCUMENTO_INVALIDO: RuleMeta = RuleMeta::about(
    "TIPO_DOCUMENTO_INVALIDO",
    Severity::Error,
    Field::TipoDocumento,
    "El tipo de documento no es CC, CE ni TI (este formulario no acepta pasaporte, PEP, PPT ni otros).",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «tipo de documento: CC, CE o TI». Pasaporte, PEP, PPT y otros documentos no se aceptan en este formato.",
        bad: "«PASAPORTE»",
        good: "«CE»",
        todo: "Escriba CC, CE o TI.",
    },
)
.for_school("Este formato no recibe pasaporte, PEP, PPT ni otros documentos.");
pub static DOCUMENTO_CARACTERES: RuleMeta = RuleMeta::about(
    "DOCUMENTO_CARACTERES",
    Severity::Error,
    Field::NumeroDocumento,
    "El número de documento tiene caracteres no permitidos (CC y TI: solo dígitos; CE: letras y dígitos).",
    RuleDoc {
        why: "El número de documento es la primera contraseña: debe ser exacto. CC y TI llevan solo dígitos; CE, letras y dígitos.",
        bad: "CC «52A23456»",
        good: "CC «52123456»",
        todo: "Copie el número tal como aparece en el documento.",
    },
);
pub static DOCUMENTO_LONGITUD: RuleMeta = RuleMeta::about(
    "DOCUMENTO_LONGITUD",
    Severity::Error,
    Field::NumeroDocumento,
    "El número de documento tiene una longitud imposible (CC: 3 a 10 dígitos; TI: hasta 11; CE: 3 a 12 caracteres).",
    RuleDoc {
        why: "Una cédula de ciudadanía tiene de 3 a 10 dígitos, una tarjeta de identidad hasta 11 y una cédula de extranjería de 3 a 12 caracteres; fuera de eso sobran o faltan dígitos.",
        bad: "CC «10304567891» (11 dígitos)",
        good: "CC «1030456789»",
        todo: "Revise que no falten ni sobren dígitos.",
    },
)
.for_school("CC de 3 a 10 dígitos; TI de 10 u 11 dígitos; CE de 3 a 12 caracteres.");
pub static DOCUMENTO_CC_CORTO: RuleMeta = RuleMeta::about(
    "DOCUMENTO_CC_CORTO",
    Severity::Warning,
    Field::NumeroDocumento,
    "Cédula de ciudadanía de menos de 6 dígitos: existe, pero es poco común.",
    RuleDoc {
        why: "Las cédulas de menos de 6 dígitos existen (son muy antiguas) pero son raras; puede faltar un dígito.",
        bad: "CC «52013»",
        good: "CC «52013456»",
        todo: "Confirme el número con la copia del documento.",
    },
);
pub static DOCUMENTO_CC_INUSUAL: RuleMeta = RuleMeta::about(
    "DOCUMENTO_CC_INUSUAL",
    Severity::Warning,
    Field::NumeroDocumento,
    "Cédula de ciudadanía de 10 dígitos que no empieza por 1.",
    RuleDoc {
        why: "Las cédulas de 10 dígitos empiezan por 1; otra cifra suele ser un error de digitación. La cédula no tiene dígito de verificación, así que no se puede comprobar de otro modo.",
        bad: "CC «2030456789»",
        good: "CC «1030456789»",
        todo: "Confirme el número con la copia del documento.",
    },
);
pub static DOCUMENTO_TI_LONGITUD: RuleMeta = RuleMeta::about(
    "DOCUMENTO_TI_LONGITUD",
    Severity::Warning,
    Field::NumeroDocumento,
    "Tarjeta de identidad que no tiene 10 u 11 dígitos.",
    RuleDoc {
        why: "Las tarjetas de identidad tienen 10 u 11 dígitos.",
        bad: "TI «123456789»",
        good: "TI «1001234567»",
        todo: "Confirme el número con la copia del documento.",
    },
);
pub static DOCUMENTO_CE_LETRAS: RuleMeta = RuleMeta::about(
    "DOCUMENTO_CE_LETRAS",
    Severity::Warning,
    Field::NumeroDocumento,
    "Cédula de extranjería con letras: verifique que se copió tal como aparece en el documento.",
    RuleDoc {
        why: "Algunas cédulas de extranjería llevan letras; como el número es la primera contraseña, conviene confirmar que se copió exacto.",
        bad: "CE «AB123456»",
        good: "CE «AB123456» confirmado con el documento",
        todo: "Confirme que se copió tal como aparece en el documento.",
    },
)
.for_school("Si la CE tiene letras, cópielas tal como aparecen en el documento.");
pub static DOCUMENTO_CERO_INICIAL: RuleMeta = RuleMeta::about(
    "DOCUMENTO_CERO_INICIAL",
    Severity::Warning,
    Field::NumeroDocumento,
    "El número de documento empieza por 0.",
    RuleDoc {
        why: "Los documentos colombianos no empiezan por 0; un 0 inicial suele venir de un relleno de la hoja de cálculo.",
        bad: "«052123456»",
        good: "«52123456»",
        todo: "Confirme el número con la copia del documento.",
    },
);
pub static DOCUMENTO_DIGITOS_IGUALES: RuleMeta = RuleMeta::about(
    "DOCUMENTO_DIGITOS_IGUALES",
    Severity::Warning,
    Field::NumeroDocumento,
    "Todos los dígitos del número de documento son iguales (parece un valor de relleno).",
    RuleDoc {
        why: "Un número con todos los dígitos iguales suele ser un valor de relleno, no un documento real.",
        bad: "«11111111»",
        good: "«52123456»",
        todo: "Escriba el número real del documento.",
    },
)
.for_school("Escriba el número real, no uno de relleno como 1111111.");
pub static DOCUMENTO_TARJETA_IDENTIDAD: RuleMeta = RuleMeta::about(
    "DOCUMENTO_TARJETA_IDENTIDAD",
    Severity::Warning,
    Field::TipoDocumento,
    "Tarjeta de identidad: es el documento de un menor de edad, raro para un funcionario.",
    RuleDoc {
        why: "La tarjeta de identidad es el documento de los menores de edad; es raro que un funcionario la use.",
        bad: "TI para un docente",
        good: "CC para un docente mayor de edad",
        todo: "Verifique con la institución el tipo de documento.",
    },
)
.for_school("TI es el documento de un menor de edad: úsela solo si la persona aún no tiene cédula.");

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let tipo = check_tipo(row, issues);
    let Some(numero) = row.get(Field::NumeroDocumento) else {
        return;
    };
    check_numero(tipo, numero, issues);
}

fn check_tipo(row: &NormalizedRow, issues: &mut Vec<Issue>) -> Option<TipoDocumento> {
    let value = row.get(Field::TipoDocumento)?;
    let Some(tipo) = TipoDocumento::from_code(value) else {
        let help = match other_document_name(value) {
            Some(name) => format!(
                "Este formulario no acepta {name}. Escriba CC (cédula de ciudadanía), CE (cédula de extranjería) o TI (tarjeta de identidad)."
            ),
            None => "Escriba CC (cédula de ciudadanía), CE (cédula de extranjería) o TI (tarjeta de identidad).".to_string(),
        };
        issues.push(
            TIPO_DOCUMENTO_INVALIDO
                .issue(
                    Some(Field::TipoDocumento),
                    format!("El tipo de documento {} no es CC, CE ni TI.", quote(value)),
                )
                .with_help(help),
        );
        return None;
    };
    if tipo == TipoDocumento::Ti {
        issues.push(
            DOCUMENTO_TARJETA_IDENTIDAD
                .issue(
                    Some(Field::TipoDocumento),
                    "El documento es tarjeta de identidad (TI), el de un menor de edad.",
                )
                .with_help("Verifique con la institución que la persona es funcionaria y que el tipo es correcto."),
        );
    }
    Some(tipo)
}

fn check_numero(tipo: Option<TipoDocumento>, numero: &str, issues: &mut Vec<Issue>) {
    let field = Some(Field::NumeroDocumento);
    let len = numero.chars().count();
    let all_digits = numero.bytes().all(|b| b.is_ascii_digit());
    let alphanumeric = numero.chars().all(|c| c.is_ascii_alphanumeric());

    let digits_only = matches!(tipo, Some(TipoDocumento::Cc | TipoDocumento::Ti));
    if (digits_only && !all_digits) || !alphanumeric {
        let what = if digits_only {
            format!("una {} solo lleva dígitos", tipo.map_or("", |t| t.name()))
        } else {
            "solo se permiten letras y dígitos".to_string()
        };
        issues.push(
            DOCUMENTO_CARACTERES
                .issue(
                    field,
                    format!(
                        "El número de documento {} tiene caracteres no permitidos: {what}.",
                        quote(numero)
                    ),
                )
                .with_help(
                    "Copie el número tal como aparece en el documento, sin letras ni símbolos.",
                ),
        );
        return;
    }

    let length_error = match tipo {
        Some(TipoDocumento::Cc) if !(3..=10).contains(&len) => {
            Some("una cédula de ciudadanía tiene de 3 a 10 dígitos")
        }
        Some(TipoDocumento::Ti) if len > 11 => {
            Some("una tarjeta de identidad tiene como máximo 11 dígitos")
        }
        Some(TipoDocumento::Ce) if !(3..=12).contains(&len) => {
            Some("una cédula de extranjería tiene de 3 a 12 caracteres")
        }
        _ => None,
    };
    if let Some(why) = length_error {
        issues.push(
            DOCUMENTO_LONGITUD
                .issue(
                    field,
                    format!(
                        "El número de documento {} tiene {len} caracteres; {why}.",
                        quote(numero)
                    ),
                )
                .with_help(
                    "Revise que no falten ni sobren dígitos y que no se hayan pegado dos números.",
                ),
        );
        return;
    }

    match tipo {
        Some(TipoDocumento::Cc) if len < 6 => issues.push(
            DOCUMENTO_CC_CORTO
                .issue(field, format!("La cédula {} tiene solo {len} dígitos.", quote(numero)))
                .with_help("Confirme el número con la copia del documento."),
        ),
        Some(TipoDocumento::Cc) if len == 10 && !numero.starts_with('1') => issues.push(
            DOCUMENTO_CC_INUSUAL
                .issue(
                    field,
                    format!("La cédula {} tiene 10 dígitos y no empieza por 1.", quote(numero)),
                )
                .with_help("Las cédulas de 10 dígitos empiezan por 1; confirme el número con la copia del documento."),
        ),
        Some(TipoDocumento::Ti) if !(10..=11).contains(&len) => issues.push(
            DOCUMENTO_TI_LONGITUD
                .issue(
                    field,
                    format!("La tarjeta de identidad {} tiene {len} dígitos; lo normal es 10 u 11.", quote(numero)),
                )
                .with_help("Confirme el número con la copia del documento."),
        ),
        Some(TipoDocumento::Ce) if !all_digits => issues.push(
            DOCUMENTO_CE_LETRAS
                .issue(field, format!("La cédula de extranjería {} tiene letras.", quote(numero)))
                .with_help("Confirme que se copió tal como aparece en el documento."),
        ),
        _ => {}
    }
    if numero.starts_with('0') {
        issues.push(
            DOCUMENTO_CERO_INICIAL
                .issue(
                    field,
                    format!("El número de documento {} empieza por 0.", quote(numero)),
                )
                .with_help("Los documentos colombianos no empiezan por 0; confirme el número."),
        );
    }
    let first = numero.chars().next();
    if len >= 3 && numero.chars().all(|c| Some(c) == first) {
        issues.push(
            DOCUMENTO_DIGITOS_IGUALES
                .issue(
                    field,
                    format!(
                        "El número de documento {} repite un solo carácter.",
                        quote(numero)
                    ),
                )
                .with_help("Escriba el número real del documento, no un valor de relleno."),
        );
    }
}

pub static ALL: &[&RuleMeta] = &[
    &TIPO_DOCUMENTO_INVALIDO,
    &DOCUMENTO_CARACTERES,
    &DOCUMENTO_LONGITUD,
    &DOCUMENTO_CC_CORTO,
    &DOCUMENTO_CC_INUSUAL,
    &DOCUMENTO_TI_LONGITUD,
    &DOCUMENTO_CE_LETRAS,
    &DOCUMENTO_CERO_INICIAL,
    &DOCUMENTO_DIGITOS_IGUALES,
    &DOCUMENTO_TARJETA_IDENTIDAD,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    fn doc(tipo: &str, numero: &str) -> Vec<&'static str> {
        codes(
            &row(&[
                (Field::TipoDocumento, tipo),
                (Field::NumeroDocumento, numero),
            ]),
            check,
        )
    }

    #[test]
    fn tipo_documento_invalido() {
        assert!(doc("CC", "1030456789").is_empty());
        assert!(doc("Cédula de ciudadanía", "1030456789").is_empty());
        assert_eq!(
            doc("PASAPORTE", "AB123456"),
            vec!["TIPO_DOCUMENTO_INVALIDO"]
        );
        assert_eq!(doc("PPT", "1234567"), vec!["TIPO_DOCUMENTO_INVALIDO"]);
    }

    #[test]
    fn documento_caracteres() {
        assert_eq!(doc("CC", "1030A56789"), vec!["DOCUMENTO_CARACTERES"]);
        assert_eq!(doc("CE", "AB/1234"), vec!["DOCUMENTO_CARACTERES"]);
        assert!(doc("CE", "123456").is_empty());
    }

    #[test]
    fn documento_longitud() {
        assert_eq!(doc("CC", "10304567891"), vec!["DOCUMENTO_LONGITUD"]);
        assert_eq!(doc("CC", "12"), vec!["DOCUMENTO_LONGITUD"]);
        assert_eq!(
            doc("TI", "123456789012"),
            vec!["DOCUMENTO_TARJETA_IDENTIDAD", "DOCUMENTO_LONGITUD"]
        );
        assert_eq!(doc("CE", "1234567890123"), vec!["DOCUMENTO_LONGITUD"]);
        assert!(doc("CE", "123456789012").is_empty());
        assert!(doc("CC", "123").contains(&"DOCUMENTO_CC_CORTO"));
    }

    #[test]
    fn documento_warnings() {
        assert_eq!(doc("CC", "12345"), vec!["DOCUMENTO_CC_CORTO"]);
        assert!(doc("CC", "123456").is_empty());
        assert_eq!(doc("CC", "2030456789"), vec!["DOCUMENTO_CC_INUSUAL"]);
        assert_eq!(
            doc("TI", "123456789"),
            vec!["DOCUMENTO_TARJETA_IDENTIDAD", "DOCUMENTO_TI_LONGITUD"]
        );
        assert_eq!(doc("TI", "1234567890"), vec!["DOCUMENTO_TARJETA_IDENTIDAD"]);
        assert_eq!(doc("CE", "AB12345"), vec!["DOCUMENTO_CE_LETRAS"]);
        assert_eq!(doc("CE", "0123456"), vec!["DOCUMENTO_CERO_INICIAL"]);
        assert_eq!(doc("CC", "11111111"), vec!["DOCUMENTO_DIGITOS_IGUALES"]);
        assert!(doc("CC", "11111112").is_empty());
    }
}
