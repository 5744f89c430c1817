//! Automatic fixes: what the normalizer changes by itself. Each change is
//! recorded as an issue of severity `fix` with the value before and after, so
//! nothing is ever changed silently. The transformations live in `normalize`.

use super::{RuleMeta, Scope, Severity};
use crate::field::Field;

const fn fix(code: &'static str, field: Option<Field>, summary: &'static str) -> RuleMeta {
    RuleMeta {
        code,
        severity: Severity::Fix,
        scope: Scope::Row,
        field,
        summary,
    }
}

pub static ESPACIOS: RuleMeta = fix(
    "ESPACIOS",
    None,
    "Se quitaron espacios sobrantes, saltos de línea o tabulaciones.",
);
pub static CARACTERES_INVISIBLES: RuleMeta = fix(
    "CARACTERES_INVISIBLES",
    None,
    "Se quitaron caracteres invisibles o de control.",
);
pub static MAYUSCULAS: RuleMeta = fix(
    "MAYUSCULAS",
    None,
    "Se pasó el texto a MAYÚSCULAS (todos los campos salvo los correos).",
);
pub static LETRA_ENE: RuleMeta = fix("LETRA_ENE", None, "Se escribió la Ñ como N.");
pub static TILDES: RuleMeta = fix(
    "TILDES",
    None,
    "Se quitaron tildes y diéresis, como en la cédula.",
);
pub static CORREO_ENLACE: RuleMeta = fix(
    "CORREO_ENLACE",
    None,
    "Se quitó el hipervínculo o el texto que rodeaba el correo (mailto:, <...>, nombre, puntuación final).",
);
pub static CORREO_MINUSCULAS: RuleMeta =
    fix("CORREO_MINUSCULAS", None, "Se pasó el correo a minúsculas.");
pub static TIPO_DOCUMENTO_FORMATO: RuleMeta = fix(
    "TIPO_DOCUMENTO_FORMATO",
    Some(Field::TipoDocumento),
    "Se escribió el tipo de documento como CC, CE o TI.",
);
pub static PERFIL_FORMATO: RuleMeta = fix(
    "PERFIL_FORMATO",
    Some(Field::Perfil),
    "Se escribió el perfil exactamente como lo espera SIGCE.",
);
pub static DOCUMENTO_SEPARADORES: RuleMeta = fix(
    "DOCUMENTO_SEPARADORES",
    Some(Field::NumeroDocumento),
    "Se quitaron puntos, comas, espacios y guiones del número de documento.",
);
pub static DANE_SEPARADORES: RuleMeta = fix(
    "DANE_SEPARADORES",
    Some(Field::CodigoDane),
    "Se quitaron puntos, comas, espacios y guiones del código DANE.",
);
pub static TELEFONO_FORMATO: RuleMeta = fix(
    "TELEFONO_FORMATO",
    Some(Field::Telefono),
    "Se dejaron solo los dígitos del teléfono (sin espacios, guiones, paréntesis ni prefijo +57).",
);
pub static TELEFONO_INDICATIVO: RuleMeta = fix(
    "TELEFONO_INDICATIVO",
    Some(Field::Telefono),
    "Se pasó un fijo con indicativo antiguo de un dígito al formato de 10 dígitos (60 + indicativo + número).",
);
pub static CARGO_VINETA: RuleMeta = fix(
    "CARGO_VINETA",
    Some(Field::Cargo),
    "Se quitó una viñeta o guion al inicio del cargo.",
);

pub static ALL: &[&RuleMeta] = &[
    &ESPACIOS,
    &CARACTERES_INVISIBLES,
    &MAYUSCULAS,
    &LETRA_ENE,
    &TILDES,
    &CORREO_ENLACE,
    &CORREO_MINUSCULAS,
    &TIPO_DOCUMENTO_FORMATO,
    &PERFIL_FORMATO,
    &DOCUMENTO_SEPARADORES,
    &DANE_SEPARADORES,
    &TELEFONO_FORMATO,
    &TELEFONO_INDICATIVO,
    &CARGO_VINETA,
];
