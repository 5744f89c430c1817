//! Row-level rules that are not about one field: the shape of the row itself,
//! and the strict mode that refuses a whole form.

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};

pub static FILA_IRREGULAR: RuleMeta = RuleMeta {
    code: "FILA_IRREGULAR",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "La fila del CSV tiene un número de columnas distinto al del encabezado: los valores pueden estar corridos.",
    doc: RuleDoc {
        why: "En un CSV, una fila con más o menos columnas que el encabezado suele tener los datos corridos (un separador o unas comillas de más).",
        bad: "ANA;;PEREZ;GOMEZ;CC;52123456;...;3101234567;EXTRA",
        good: "ANA;;PEREZ;GOMEZ;CC;52123456;...;3101234567",
        todo: "Abra el CSV en una hoja de cálculo y corrija esa fila.",
    },
};

pub static FORMATO_NO_RECIBIDO: RuleMeta = RuleMeta {
    code: "FORMATO_NO_RECIBIDO",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Modo estricto: el formato tiene filas con errores y no se recibe ninguna de sus filas.",
    doc: RuleDoc {
        why: "Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir». Con --estricto, una sola fila con errores hace que se devuelva el formato completo.",
        bad: "un formato de 20 filas con 1 fila errada",
        good: "el formato con todas sus filas correctas",
        todo: "Corrija las filas con errores y envíe de nuevo el formato completo.",
    },
};

pub static DATOS_FUERA_DEL_FORMATO: RuleMeta = RuleMeta {
    code: "DATOS_FUERA_DEL_FORMATO",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "La fila tiene datos solo en columnas que no son del formato (a la derecha de la tabla o bajo una columna desconocida).",
    doc: RuleDoc {
        why: "Una fila con las columnas del formato vacías pero con algo escrito en otra columna (datos pegados a la derecha de la tabla, una nota bajo una columna como SEDE) no se puede enviar, pero tampoco se descarta en silencio: puede ser una persona escrita en el lugar equivocado. Un consecutivo solo (No., #, ITEM) no cuenta como dato.",
        bad: "columnas del formato vacías y «ANA PEREZ» en la columna SEDE",
        good: "ANA en PRIMER NOMBRE y PEREZ en PRIMER APELLIDO",
        todo: "Pase esos datos a las columnas del formato, o bórrelos si sobran.",
    },
};

pub static ALL: &[&RuleMeta] = &[
    &FILA_IRREGULAR,
    &FORMATO_NO_RECIBIDO,
    &DATOS_FUERA_DEL_FORMATO,
];
