//! File-level rules: a file that cannot be processed (errors, exit 2) and
//! problems of the form as a whole that do not reject rows (warnings).

use super::{RuleMeta, Scope, Severity};

const fn file_rule(code: &'static str, severity: Severity, summary: &'static str) -> RuleMeta {
    RuleMeta {
        code,
        severity,
        scope: Scope::File,
        field: None,
        summary,
    }
}

pub static ARCHIVO_NO_ENCONTRADO: RuleMeta = file_rule(
    "ARCHIVO_NO_ENCONTRADO",
    Severity::Error,
    "El archivo o la carpeta no existe o no se puede abrir.",
);
pub static ARCHIVO_VACIO: RuleMeta = file_rule(
    "ARCHIVO_VACIO",
    Severity::Error,
    "El archivo está vacío (0 bytes).",
);
pub static ARCHIVO_PROTEGIDO: RuleMeta = file_rule(
    "ARCHIVO_PROTEGIDO",
    Severity::Error,
    "El archivo está protegido con contraseña.",
);
pub static ARCHIVO_NO_ES_HOJA: RuleMeta = file_rule(
    "ARCHIVO_NO_ES_HOJA",
    Severity::Error,
    "El archivo no es una hoja de cálculo (parece un PDF, una imagen, un documento de texto...).",
);
pub static ARCHIVO_DANADO: RuleMeta = file_rule(
    "ARCHIVO_DANADO",
    Severity::Error,
    "El archivo parece una hoja de cálculo pero está dañado o incompleto.",
);
pub static HOJA_NO_ENCONTRADA: RuleMeta = file_rule(
    "HOJA_NO_ENCONTRADA",
    Severity::Error,
    "La hoja pedida con --hoja no existe en el libro.",
);
pub static ENCABEZADO_NO_ENCONTRADO: RuleMeta = file_rule(
    "ENCABEZADO_NO_ENCONTRADO",
    Severity::Error,
    "No se encontró la fila de encabezado del formato en ninguna hoja.",
);
pub static COLUMNAS_FALTANTES: RuleMeta = file_rule(
    "COLUMNAS_FALTANTES",
    Severity::Error,
    "Faltan columnas obligatorias en el encabezado.",
);
pub static FORMULARIO_SIN_FILAS: RuleMeta = file_rule(
    "FORMULARIO_SIN_FILAS",
    Severity::Error,
    "El formato tiene encabezado pero ninguna fila con datos.",
);
pub static SALIDA_ES_ENTRADA: RuleMeta = file_rule(
    "SALIDA_ES_ENTRADA",
    Severity::Error,
    "Un archivo de salida tendría la misma ruta que un archivo de entrada.",
);
pub static ESCRITURA_FALLIDA: RuleMeta = file_rule(
    "ESCRITURA_FALLIDA",
    Severity::Error,
    "No se pudo escribir un archivo de salida.",
);

pub static COLUMNA_DESCONOCIDA: RuleMeta = file_rule(
    "COLUMNA_DESCONOCIDA",
    Severity::Warning,
    "Una columna del encabezado no es del formato; se ignora.",
);
pub static COLUMNA_REPETIDA: RuleMeta = file_rule(
    "COLUMNA_REPETIDA",
    Severity::Warning,
    "Dos columnas del encabezado corresponden al mismo campo; se usa la primera.",
);
pub static COLUMNA_OPCIONAL_AUSENTE: RuleMeta = file_rule(
    "COLUMNA_OPCIONAL_AUSENTE",
    Severity::Warning,
    "Falta una columna opcional (SEGUNDO NOMBRE, CORREO ALTERNO o CODIGO DANE); sus valores cuentan como vacíos.",
);
pub static OTRA_HOJA_CON_FORMATO: RuleMeta = file_rule(
    "OTRA_HOJA_CON_FORMATO",
    Severity::Warning,
    "Otra hoja del libro también parece un formato de creación de usuarios y no se validó.",
);
pub static TICKET_AUSENTE: RuleMeta = file_rule(
    "TICKET_AUSENTE",
    Severity::Warning,
    "No se encontró el número de ticket (ni --ticket, ni celda TICKET, ni en el nombre del archivo).",
);
pub static TICKET_INVALIDO: RuleMeta = file_rule(
    "TICKET_INVALIDO",
    Severity::Warning,
    "La celda del ticket no tiene solo dígitos; se ignora.",
);

pub static ALL: &[&RuleMeta] = &[
    &ARCHIVO_NO_ENCONTRADO,
    &ARCHIVO_VACIO,
    &ARCHIVO_PROTEGIDO,
    &ARCHIVO_NO_ES_HOJA,
    &ARCHIVO_DANADO,
    &HOJA_NO_ENCONTRADA,
    &ENCABEZADO_NO_ENCONTRADO,
    &COLUMNAS_FALTANTES,
    &FORMULARIO_SIN_FILAS,
    &SALIDA_ES_ENTRADA,
    &ESCRITURA_FALLIDA,
    &COLUMNA_DESCONOCIDA,
    &COLUMNA_REPETIDA,
    &COLUMNA_OPCIONAL_AUSENTE,
    &OTRA_HOJA_CON_FORMATO,
    &TICKET_AUSENTE,
    &TICKET_INVALIDO,
];
