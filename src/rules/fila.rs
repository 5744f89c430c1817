//! Row-level rules that are not about one field: the shape of the row itself
//! (a ragged CSV record, data only outside the form's columns), and the
//! strict mode that refuses a whole form. The pipeline asks them as it reads
//! the rows; partition adds the strict refusal.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::headers::HeaderMap;
use crate::read::sheet::{CellRef, RawRow};

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
    school: None,
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
    school: None,
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
    school: Some(ForSchool::new(
        "Escriba a cada persona en las columnas del formato: no deje notas en filas aparte ni a la derecha de la tabla.",
    )),
};

/// How many cells a message quotes before it only counts the rest.
const QUOTED_CELLS: usize = 5;

/// The error of a row whose columns of the form are all empty but that has
/// something written elsewhere (to the right of the table, under a column
/// that is not of the form). Blank text (a formula's "") and the counter of
/// a numbering column are not data.
pub fn outside_the_form(raw: &RawRow, header: &HeaderMap) -> Option<Issue> {
    let mut cells = raw.cells.iter().enumerate().filter(|(col, cell)| {
        !cell.is_blank()
            && !header.is_counter(*col, cell, raw.number)
            && !header.annotation_columns.contains(col)
    });
    cells.clone().next()?;
    let mut quoted = Vec::new();
    let mut more = 0usize;
    for (col, cell) in cells.by_ref() {
        if quoted.len() == QUOTED_CELLS {
            more += 1;
            continue;
        }
        let at = CellRef {
            row: raw.number,
            col,
        };
        let place = match header.other_column_name(col) {
            Some(name) => format!("{at}, {name}"),
            None => at.to_string(),
        };
        quoted.push(format!("{} ({place})", quote(cell.display().trim())));
    }
    if more > 0 {
        quoted.push(format!(
            "y {} más",
            crate::spanish::count(more, "celda", "celdas")
        ));
    }
    Some(
        DATOS_FUERA_DEL_FORMATO
            .issue(
                None,
                format!(
                    "La fila {} tiene datos solo en columnas que no son del formato: {}. Las columnas del formato están vacías, así que no se sabe a qué persona ni a qué campo corresponden.",
                    raw.number,
                    quoted.join(", ")
                ),
            )
            .with_help("Pase esos datos a las columnas del formato (PRIMER NOMBRE, PRIMER APELLIDO, NUMERO DE DOCUMENTO...) o bórrelos si sobran."),
    )
}

/// The warning of a CSV record whose number of fields is not its header's:
/// its values may have moved to another column. Only CSV can be ragged; a
/// workbook row has the header's columns whatever is written.
pub fn irregular(raw: &RawRow, expected: usize) -> Option<Issue> {
    let found = raw.cells.len();
    (found != expected).then(|| {
        FILA_IRREGULAR
            .issue(
                None,
                format!(
                    "La fila {} tiene {found} columnas y el encabezado {expected}: los valores pueden estar corridos de columna.",
                    raw.number
                ),
            )
            .with_help("Abra el CSV en una hoja de cálculo y revise esa fila: suele faltar o sobrar un separador (; o ,) o unas comillas.")
    })
}

pub static ALL: &[&RuleMeta] = &[
    &FILA_IRREGULAR,
    &FORMATO_NO_RECIBIDO,
    &DATOS_FUERA_DEL_FORMATO,
];
