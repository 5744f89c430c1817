//! Automatic fixes: what the normalizer changes by itself. Each change is
//! recorded as an issue of severity `fix` with the value before and after, so
//! nothing is ever changed silently. The transformations live in `normalize`.

use crate::diagnostic::{RuleDoc, RuleMeta};
use crate::field::Field;

pub static ESPACIOS: RuleMeta = RuleMeta::fix(
    "ESPACIOS",
    None,
    "Se quitaron espacios sobrantes, saltos de línea o tabulaciones.",
    RuleDoc {
        why: "Los espacios sobrantes y los saltos de línea dentro de una celda no se ven pero hacen que SIGCE guarde nombres distintos para la misma persona.",
        bad: "«  ANA   MARIA »",
        good: "«ANA MARIA»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static CARACTERES_INVISIBLES: RuleMeta = RuleMeta::fix(
    "CARACTERES_INVISIBLES",
    None,
    "Se quitaron caracteres invisibles o de control.",
    RuleDoc {
        why: "Al copiar de páginas web o de PDF se cuelan caracteres de ancho cero y de control que no se ven y rompen búsquedas e ingresos. También se quitan los caracteres de relleno que no dibujan nada (el relleno coreano U+3164 o U+FFA0, el Braille en blanco U+2800), los selectores de variante y las etiquetas: una celda que solo tiene eso queda vacía.",
        bad: "«ANA\u{200B}MARIA» (con un carácter invisible)",
        good: "«ANAMARIA»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static MAYUSCULAS: RuleMeta = RuleMeta::fix(
    "MAYUSCULAS",
    None,
    "Se pasó el texto a MAYÚSCULAS (todos los campos salvo los correos).",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «los nombres se escriben en MAYÚSCULAS». Se aplica a todos los campos menos los dos correos.",
        bad: "«Ana María»",
        good: "«ANA MARIA»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static LETRA_ENE: RuleMeta = RuleMeta::fix(
    "LETRA_ENE",
    None,
    "Se escribió la Ñ como N.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «la Ñ se escribe como N». También cuando la Ñ viene escrita como N más una tilde combinable.",
        bad: "«MUÑOZ»",
        good: "«MUNOZ»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static TILDES: RuleMeta = RuleMeta::fix(
    "TILDES",
    None,
    "Se quitaron tildes y diéresis, como en la cédula.",
    RuleDoc {
        why: "Los nombres se escriben como en la cédula, que los imprime sin tildes. Con --conservar-tildes las tildes se mantienen (la Ñ siempre pasa a N).",
        bad: "«JOSÉ»",
        good: "«JOSE»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static CORREO_ENLACE: RuleMeta = RuleMeta::fix(
    "CORREO_ENLACE",
    None,
    "Se quitó el hipervínculo o el texto que rodeaba el correo (mailto:, <...>, nombre, puntuación final).",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «el correo electrónico va en minúscula y sin hipervínculo». Se quitan mailto:, <...>, «Nombre <correo>», enlaces HTML o markdown y la puntuación final.",
        bad: "«mailto:ana@colegio.edu.co»",
        good: "«ana@colegio.edu.co»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static CORREO_MINUSCULAS: RuleMeta = RuleMeta::fix(
    "CORREO_MINUSCULAS",
    None,
    "Se pasó el correo a minúsculas.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «el correo electrónico va en minúscula y sin hipervínculo».",
        bad: "«Ana.Perez@Colegio.edu.co»",
        good: "«ana.perez@colegio.edu.co»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static TIPO_DOCUMENTO_FORMATO: RuleMeta = RuleMeta::fix(
    "TIPO_DOCUMENTO_FORMATO",
    Some(Field::TipoDocumento),
    "Se escribió el tipo de documento como CC, CE o TI.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «tipo de documento: CC, CE o TI». Las formas largas o con puntos significan lo mismo.",
        bad: "«C.C.» o «Cédula de ciudadanía»",
        good: "«CC»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static PERFIL_FORMATO: RuleMeta = RuleMeta::fix(
    "PERFIL_FORMATO",
    Some(Field::Perfil),
    "Se escribió el perfil exactamente como lo espera SIGCE.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «perfil: FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO o FUNCIONARIO MEN». Se aceptan sin importar mayúsculas, tildes ni espacios.",
        bad: "«funcionario secretaría»",
        good: "«FUNCIONARIO SECRETARIA»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static DOCUMENTO_SEPARADORES: RuleMeta = RuleMeta::fix(
    "DOCUMENTO_SEPARADORES",
    Some(Field::NumeroDocumento),
    "Se quitaron puntos, comas, espacios y guiones del número de documento.",
    RuleDoc {
        why: "El número de documento es la primera contraseña del usuario: debe ir solo con sus dígitos, sin los puntos de miles.",
        bad: "«52.123.456»",
        good: "«52123456»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static DANE_SEPARADORES: RuleMeta = RuleMeta::fix(
    "DANE_SEPARADORES",
    Some(Field::CodigoDane),
    "Se quitaron puntos, comas, espacios y guiones del código DANE.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «código DANE de 12 dígitos, obligatorio para los funcionarios de establecimiento educativo». Los separadores no son parte del código.",
        bad: "«105-001-000019»",
        good: "«105001000019»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static TELEFONO_FORMATO: RuleMeta = RuleMeta::fix(
    "TELEFONO_FORMATO",
    Some(Field::Telefono),
    "Se dejaron solo los dígitos del teléfono (sin espacios, guiones, paréntesis ni prefijo +57).",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «un solo número de teléfono». Se guardan solo los dígitos, sin el prefijo de país +57.",
        bad: "«+57 310 123 4567»",
        good: "«3101234567»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static TELEFONO_INDICATIVO: RuleMeta = RuleMeta::fix(
    "TELEFONO_INDICATIVO",
    Some(Field::Telefono),
    "Se pasó un fijo con indicativo antiguo de un dígito al formato de 10 dígitos (60 + indicativo + número).",
    RuleDoc {
        why: "Desde 2021 los fijos de Colombia tienen 10 dígitos: 60 + indicativo de un dígito + número. Un fijo escrito con el indicativo antiguo se pasa al formato nuevo.",
        bad: "«(8) 7448595»",
        good: "«6087448595»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static CARGO_VINETA: RuleMeta = RuleMeta::fix(
    "CARGO_VINETA",
    Some(Field::Cargo),
    "Se quitó una viñeta o guion al inicio del cargo.",
    RuleDoc {
        why: "Las viñetas de las listas copiadas no son parte del cargo.",
        bad: "«- Docente» o «• Rector»",
        good: "«DOCENTE» o «RECTOR»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
);
pub static CARACTERES_COMPATIBLES: RuleMeta = RuleMeta::fix(
    "CARACTERES_COMPATIBLES",
    None,
    "Se escribieron como letras y números comunes los caracteres de ancho completo o de estilo matemático.",
    RuleDoc {
        why: "Algunos teclados asiáticos, los generadores de «letras bonitas» y ciertos PDF escriben las letras y los números con caracteres de ancho completo («ＡＮＡ», «１２３»), de estilo matemático («𝐀𝐍𝐀») o como ligaduras («ﬁ»). Se ven como letras comunes pero son otros caracteres, y SIGCE guardaría un nombre o un número distinto. Los superíndices («²»), los números en círculo («①») y los ordinales («ª», «º») no se convierten: no se sabe qué quiso escribir la persona; quedan como se escribieron y se rechazan en nombres, documentos, códigos DANE y teléfonos.",
        bad: "«ＡＮＡ» o «𝐀𝐍𝐀» o «３１０１２３４５６７»",
        good: "«ANA» o «3101234567»",
        todo: "Nada: sigce lo corrige solo y lo anota en la hoja «Correcciones».",
    },
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
    // Appended, never inserted: a row stores its fixes as positions in this list.
    &CARACTERES_COMPATIBLES,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_reads_as_what_changed_then_before_and_after() {
        let fix = crate::diagnostic::Fix {
            rule: &MAYUSCULAS,
            field: Field::PrimerNombre,
            before: "ana",
            after: "ANA",
        };
        assert_eq!(
            fix.text(),
            "Se pasó el texto a MAYÚSCULAS (todos los campos salvo los correos): «ana» → «ANA»"
        );
    }
}
