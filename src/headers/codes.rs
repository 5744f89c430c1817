//! The codes of the form's header: none found, columns missing, repeated or
//! unknown, other sheets that hold (or may hold) the form. Beside the header
//! mapping that emits them; `crate::codes` lists every code of the tool.

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};

pub static ENCABEZADO_NO_ENCONTRADO: RuleMeta = RuleMeta::new(
    "ENCABEZADO_NO_ENCONTRADO",
    Severity::Error,
    Scope::File,
    None,
    "No se encontró la fila de encabezado del formato en ninguna hoja.",
    RuleDoc {
        why: "Sin la fila de encabezado no se sabe qué columna es cada dato. Se busca en las primeras 30 filas de cada hoja una fila con los nombres de columna del formato.",
        bad: "una hoja con la lista de asistentes a una reunión",
        good: "PRIMER NOMBRE | SEGUNDO NOMBRE | PRIMER APELLIDO | ...",
        todo: "Verifique que es el formato de creación de usuarios; si no, pida que lo diligencien en el formato oficial.",
    },
);

pub static COLUMNAS_FALTANTES: RuleMeta = RuleMeta::new(
    "COLUMNAS_FALTANTES",
    Severity::Error,
    Scope::File,
    None,
    "Faltan columnas obligatorias en el encabezado.",
    RuleDoc {
        why: "Nivel 2 necesita todas las columnas obligatorias para crear las cuentas. Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir».",
        bad: "encabezado sin la columna TELEFONO",
        good: "encabezado con PRIMER NOMBRE, PRIMER APELLIDO, SEGUNDO APELLIDO, TIPO DE DOCUMENTO, NUMERO DE DOCUMENTO, PERFIL, CORREO ELECTRONICO, CARGO y TELEFONO",
        todo: "Use el formato oficial o agregue las columnas que faltan con esos nombres.",
    },
);

pub static FORMULARIO_SIN_FILAS: RuleMeta = RuleMeta::new(
    "FORMULARIO_SIN_FILAS",
    Severity::Error,
    Scope::File,
    None,
    "El formato tiene encabezado pero ninguna fila con datos.",
    RuleDoc {
        why: "Un formato con encabezado y sin personas no pide crear ningún usuario.",
        bad: "solo la fila de encabezado",
        good: "el encabezado y una fila por persona",
        todo: "Pida a la institución el formato con las personas a las que se les debe crear usuario.",
    },
);

pub static COLUMNA_DESCONOCIDA: RuleMeta = RuleMeta::new(
    "COLUMNA_DESCONOCIDA",
    Severity::Warning,
    Scope::File,
    None,
    "Una columna del encabezado no es del formato; se ignora.",
    RuleDoc {
        why: "Las columnas que no son del formato (un consecutivo, observaciones) no se envían a nivel 2; se avisa para que nada se pierda sin saberlo.",
        bad: "No. | OBSERVACIONES",
        good: "solo las columnas del formato",
        todo: "Nada, si la columna no tiene datos necesarios; si tiene un dato del formato, use el nombre de columna correcto.",
    },
);

pub static COLUMNA_REPETIDA: RuleMeta = RuleMeta::new(
    "COLUMNA_REPETIDA",
    Severity::Warning,
    Scope::File,
    None,
    "Dos columnas del encabezado corresponden al mismo campo; se usa la primera.",
    RuleDoc {
        why: "Si dos columnas dicen lo mismo no se sabe cuál es la buena; se usa la primera y se avisa.",
        bad: "CORREO | E-MAIL",
        good: "CORREO ELECTRONICO | CORREO ALTERNO",
        todo: "Deje una sola columna por dato; si la segunda era el correo alterno, titúlela CORREO ALTERNO.",
    },
);

pub static COLUMNA_OPCIONAL_AUSENTE: RuleMeta = RuleMeta::new(
    "COLUMNA_OPCIONAL_AUSENTE",
    Severity::Warning,
    Scope::File,
    None,
    "Falta una columna opcional (SEGUNDO NOMBRE, CORREO ALTERNO o CODIGO DANE); sus valores cuentan como vacíos.",
    RuleDoc {
        why: "SEGUNDO NOMBRE, CORREO ALTERNO y CODIGO DANE pueden faltar, pero entonces sus valores cuentan como vacíos: las filas de establecimiento educativo quedarán sin DANE.",
        bad: "formato sin columna CODIGO DANE",
        good: "formato con la columna CODIGO DANE",
        todo: "Si hay funcionarios de establecimiento educativo, agregue la columna CODIGO DANE.",
    },
);

pub static OTRA_HOJA_CON_FORMATO: RuleMeta = RuleMeta::new(
    "OTRA_HOJA_CON_FORMATO",
    Severity::Warning,
    Scope::File,
    None,
    "Otra hoja del libro parece un formato de creación de usuarios pero no tiene las columnas obligatorias ni filas con datos; no se validó.",
    RuleDoc {
        why: "Se validan todas las hojas visibles con el encabezado del formato. Una hoja que lo parece pero no tiene las columnas obligatorias no se puede leer: si tiene filas con datos el archivo no se procesa (COLUMNAS_FALTANTES, para que sus personas no se pierdan); si no tiene ninguna, solo se avisa. Antes este código avisaba de cualquier otra hoja con el formato, que no se validaba; ahora esas hojas se validan.",
        bad: "hoja «Usuarios» completa y hoja «Plantilla vieja» con otro encabezado y sin personas",
        good: "una sola hoja con el formato",
        todo: "Si esa hoja sobra, bórrela; si debía tener personas, complete su encabezado y diligénciela.",
    },
);

pub static HOJA_NO_VALIDADA: RuleMeta = RuleMeta::new(
    "HOJA_NO_VALIDADA",
    Severity::Warning,
    Scope::File,
    None,
    "Otra hoja del libro tiene filas que parecen personas pero no se validó (no tiene el encabezado del formato, o está oculta).",
    RuleDoc {
        why: "Solo se validan las hojas visibles con el encabezado del formato. Si la lista sigue en otra hoja sin encabezado, o con otro encabezado, o la hoja con el formato está oculta, esas personas no llegarían al archivo limpio ni a los rechazos: se avisa de cada hoja que no se validó y tiene filas con un correo o un número de documento entre sus primeras filas.",
        bad: "hoja «Usuarios» con el formato y hoja «Hoja2» con más personas debajo de nada (sin encabezado)",
        good: "todas las personas en la hoja del formato, debajo del encabezado",
        todo: "Si esas filas son personas, cópielas a la hoja del formato, debajo del encabezado; si la hoja oculta es la correcta, valídela con --hoja.",
    },
);

pub static ENCABEZADO_REPETIDO: RuleMeta = RuleMeta::new(
    "ENCABEZADO_REPETIDO",
    Severity::Warning,
    Scope::File,
    None,
    "Una fila entre los datos repite el encabezado del formato: no es una persona, y las filas siguientes se leen con su orden de columnas.",
    RuleDoc {
        why: "Al juntar dos listas se suele pegar también el encabezado de la segunda, a veces con las columnas en otro orden. Esa fila no es una persona; las filas que siguen se leen con el orden de ese encabezado, para que los apellidos no queden como correos ni al revés. Una fila con nombres de columnas del formato a la que le falta alguna obligatoria no se puede usar así: el archivo no se procesa (COLUMNAS_FALTANTES), porque las filas de abajo quedarían leídas con columnas equivocadas.",
        bad: "fila 51: CORREO ELECTRONICO | PRIMER NOMBRE | ... (otro orden) y debajo más personas",
        good: "un solo encabezado y todas las personas con el mismo orden de columnas",
        todo: "Nada, si las filas siguientes están bien; para enviar un formato limpio, borre la fila repetida y ponga todas las filas en el orden del primer encabezado.",
    },
);
