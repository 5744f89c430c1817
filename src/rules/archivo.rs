//! File-level rules: a file that cannot be processed (errors, exit 2) and
//! problems of the form as a whole that do not reject rows (warnings).

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};

const fn file_rule(
    code: &'static str,
    severity: Severity,
    summary: &'static str,
    doc: RuleDoc,
) -> RuleMeta {
    RuleMeta::new(code, severity, Scope::File, None, summary, doc)
}

pub static ARCHIVO_NO_ENCONTRADO: RuleMeta = file_rule(
    "ARCHIVO_NO_ENCONTRADO",
    Severity::Error,
    "El archivo o la carpeta no existe o no se puede abrir.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir». Sin el archivo no hay formato que revisar.",
        bad: "sigce validar formato.xlsx (el archivo está en otra carpeta)",
        good: "sigce validar C:\\Tickets\\123456\\formato.xlsx",
        todo: "Revise la ruta y el nombre; si el archivo está abierto en Excel, ciérrelo.",
    },
);
pub static ARCHIVO_VACIO: RuleMeta = file_rule(
    "ARCHIVO_VACIO",
    Severity::Error,
    "El archivo está vacío (0 bytes).",
    RuleDoc {
        why: "Un adjunto de 0 bytes llegó dañado o se guardó mal; no tiene filas que revisar.",
        bad: "formato.xlsx de 0 bytes",
        good: "formato.xlsx con el encabezado y las filas",
        todo: "Pida de nuevo el formato a quien lo envió.",
    },
);
pub static ARCHIVO_PROTEGIDO: RuleMeta = file_rule(
    "ARCHIVO_PROTEGIDO",
    Severity::Error,
    "El archivo está protegido con contraseña.",
    RuleDoc {
        why: "Un libro con contraseña no se puede leer sin ella, y nivel 2 tampoco podría importarlo.",
        bad: "formato.xlsx protegido con contraseña de apertura",
        good: "formato.xlsx sin contraseña",
        todo: "Pida a la institución que quite la contraseña y lo envíe de nuevo.",
    },
);
pub static ARCHIVO_NO_ES_HOJA: RuleMeta = file_rule(
    "ARCHIVO_NO_ES_HOJA",
    Severity::Error,
    "El archivo no es una hoja de cálculo (parece un PDF, una imagen, un documento de texto...).",
    RuleDoc {
        why: "Se reconoce el contenido real del archivo, no su extensión: un PDF, una foto o una página web renombrados a .xlsx no son un formato diligenciado.",
        bad: "escaneo.pdf renombrado a formato.xlsx",
        good: "formato.xlsx guardado desde Excel o LibreOffice",
        todo: "Pida el formato de creación de usuarios en Excel (.xlsx), LibreOffice (.ods) o CSV.",
    },
);
pub static ARCHIVO_DANADO: RuleMeta = file_rule(
    "ARCHIVO_DANADO",
    Severity::Error,
    "El archivo parece una hoja de cálculo pero está dañado o incompleto.",
    RuleDoc {
        why: "El archivo parece un libro de Excel o LibreOffice pero su contenido está incompleto o roto, a veces por una descarga interrumpida.",
        bad: "formato.xlsx cortado a la mitad",
        good: "formato.xlsx que abre en Excel sin reparaciones",
        todo: "Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx; si no, pida que lo reenvíen.",
    },
);
pub static FORMULAS_SIN_CALCULAR: RuleMeta = file_rule(
    "FORMULAS_SIN_CALCULAR",
    Severity::Error,
    "El libro tiene fórmulas sin su resultado calculado: se guardó sin calcularlas.",
    RuleDoc {
        why: "Excel y LibreOffice guardan junto a cada fórmula su resultado, y eso es lo que se valida. Los archivos que arman programas (openpyxl, exportaciones en PHP) a veces guardan solo la fórmula: leída sin resultado, la celda parecería vacía, y una fila hecha de fórmulas desaparecería o se rechazaría por campos vacíos que no lo están.",
        bad: "una celda con la fórmula =A2 y sin valor guardado",
        good: "el mismo libro abierto en Excel o LibreOffice y guardado de nuevo",
        todo: "Ábralo en Excel o LibreOffice y guárdelo de nuevo: así se calculan las fórmulas. Luego valídelo otra vez.",
    },
);
pub static HOJA_NO_ENCONTRADA: RuleMeta = file_rule(
    "HOJA_NO_ENCONTRADA",
    Severity::Error,
    "La hoja pedida con --hoja no existe en el libro.",
    RuleDoc {
        why: "Con --hoja se pide validar una hoja concreta; si no existe, no se adivina otra.",
        bad: "--hoja Usuario (la hoja se llama «Usuarios»)",
        good: "--hoja Usuarios",
        todo: "Escriba el nombre exacto de una de las hojas que lista el mensaje, o quite --hoja.",
    },
);
pub static ENCABEZADO_NO_ENCONTRADO: RuleMeta = file_rule(
    "ENCABEZADO_NO_ENCONTRADO",
    Severity::Error,
    "No se encontró la fila de encabezado del formato en ninguna hoja.",
    RuleDoc {
        why: "Sin la fila de encabezado no se sabe qué columna es cada dato. Se busca en las primeras 30 filas de cada hoja una fila con los nombres de columna del formato.",
        bad: "una hoja con la lista de asistentes a una reunión",
        good: "PRIMER NOMBRE | SEGUNDO NOMBRE | PRIMER APELLIDO | ...",
        todo: "Verifique que es el formato de creación de usuarios; si no, pida que lo diligencien en el formato oficial.",
    },
);
pub static COLUMNAS_FALTANTES: RuleMeta = file_rule(
    "COLUMNAS_FALTANTES",
    Severity::Error,
    "Faltan columnas obligatorias en el encabezado.",
    RuleDoc {
        why: "Nivel 2 necesita todas las columnas obligatorias para crear las cuentas. Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir».",
        bad: "encabezado sin la columna TELEFONO",
        good: "encabezado con PRIMER NOMBRE, PRIMER APELLIDO, SEGUNDO APELLIDO, TIPO DE DOCUMENTO, NUMERO DE DOCUMENTO, PERFIL, CORREO ELECTRONICO, CARGO y TELEFONO",
        todo: "Use el formato oficial o agregue las columnas que faltan con esos nombres.",
    },
);
pub static FORMULARIO_SIN_FILAS: RuleMeta = file_rule(
    "FORMULARIO_SIN_FILAS",
    Severity::Error,
    "El formato tiene encabezado pero ninguna fila con datos.",
    RuleDoc {
        why: "Un formato con encabezado y sin personas no pide crear ningún usuario.",
        bad: "solo la fila de encabezado",
        good: "el encabezado y una fila por persona",
        todo: "Pida a la institución el formato con las personas a las que se les debe crear usuario.",
    },
);
pub static SALIDA_ES_ENTRADA: RuleMeta = file_rule(
    "SALIDA_ES_ENTRADA",
    Severity::Error,
    "Un archivo de salida tendría la misma ruta que un archivo de entrada.",
    RuleDoc {
        why: "Los archivos de entrada nunca se modifican: si un resultado fuera a escribirse encima de una entrada, ese archivo no se valida.",
        bad: "sigce validar f.xlsx f.limpio.xlsx",
        good: "sigce validar f.xlsx --salida resultados",
        todo: "Use --salida para escribir los resultados en otra carpeta.",
    },
);
pub static ESCRITURA_FALLIDA: RuleMeta = file_rule(
    "ESCRITURA_FALLIDA",
    Severity::Error,
    "No se pudo escribir un archivo de salida.",
    RuleDoc {
        why: "Los resultados se escriben completos o no se escriben; si la carpeta no permite escribir, se dice cuál y por qué.",
        bad: "una carpeta de solo lectura o un archivo abierto en Excel",
        good: "una carpeta propia del agente",
        todo: "Cierre el archivo en Excel o elija otra carpeta con --salida, y valide de nuevo.",
    },
);

pub static SALIDAS_DESPAREJADAS: RuleMeta = file_rule(
    "SALIDAS_DESPAREJADAS",
    Severity::Warning,
    "El archivo limpio y el de rechazos que había en la carpeta no son de la misma ejecución.",
    RuleDoc {
        why: "Cada ejecución escribe sus dos archivos completos y los pone en su lugar uno tras otro; si se interrumpe justo entre los dos (se apagó el equipo, se cerró la ventana), queda un archivo nuevo junto a uno viejo. Cada archivo lleva la marca de su ejecución, así que sigce lo detecta en vez de dejar que nivel 2 o la institución reciban una pareja que no corresponde.",
        bad: "formato.limpio.xlsx de hoy junto a formato.rechazos.xlsx de ayer",
        good: "formato.limpio.xlsx y formato.rechazos.xlsx escritos por la misma validación",
        todo: "Valide de nuevo el formato: la nueva ejecución reemplaza los dos archivos. No envíe ninguno de los dos antes.",
    },
);

pub static ENTRADA_REPETIDA: RuleMeta = file_rule(
    "ENTRADA_REPETIDA",
    Severity::Warning,
    "El mismo archivo se indicó dos veces (con otro nombre, otra ruta o un enlace); se validó una sola vez.",
    RuleDoc {
        why: "Validado dos veces, cada persona del segundo ejemplar saldría rechazada como duplicada del primero, y un formato bien diligenciado se devolvería a la institución.",
        bad: "sigce validar formato.csv ./formato.csv",
        good: "sigce validar formato.csv",
        todo: "Nada: se validó una vez. Revise que no falte otro archivo que quería validar en su lugar.",
    },
);

pub static LIMITE_SUPERADO: RuleMeta = file_rule(
    "LIMITE_SUPERADO",
    Severity::Error,
    "El archivo supera un límite de tamaño (parte descomprimida, filas, columnas o caracteres por celda).",
    RuleDoc {
        why: "Un formato de creación de usuarios tiene unas cuantas filas. Un archivo que se descomprime a gigabytes, con celdas en la columna XFD o una celda de 100 MB está dañado o busca agotar la memoria del equipo; se rechaza antes de leerlo.",
        bad: "un .xlsx de 1 MB que se descomprime a 5 GB",
        good: "un .xlsx de unos KB con el formato diligenciado",
        todo: "Pida el archivo de nuevo; si de verdad es un formato tan grande, valide con la opción que indica el mensaje (--limite-mb, --limite-filas, --limite-columnas o --limite-celda).",
    },
);
pub static CONFIGURACION_INVALIDA: RuleMeta = file_rule(
    "CONFIGURACION_INVALIDA",
    Severity::Error,
    "El archivo de configuración sigce.toml tiene una clave desconocida o un valor inválido.",
    RuleDoc {
        why: "La configuración cambia lo que se acepta; si tiene un error, validar con ella podría aceptar o rechazar formatos sin que nadie lo note. Por eso se revisa completa antes de validar nada.",
        bad: "[validacion]\nestrict = true",
        good: "[validacion]\nestricto = true",
        todo: "Corrija la línea que indica el mensaje (vea «sigce config --ejemplo») o quite el archivo.",
    },
);
pub static COLUMNA_DESCONOCIDA: RuleMeta = file_rule(
    "COLUMNA_DESCONOCIDA",
    Severity::Warning,
    "Una columna del encabezado no es del formato; se ignora.",
    RuleDoc {
        why: "Las columnas que no son del formato (un consecutivo, observaciones) no se envían a nivel 2; se avisa para que nada se pierda sin saberlo.",
        bad: "No. | OBSERVACIONES",
        good: "solo las columnas del formato",
        todo: "Nada, si la columna no tiene datos necesarios; si tiene un dato del formato, use el nombre de columna correcto.",
    },
);
pub static COLUMNA_REPETIDA: RuleMeta = file_rule(
    "COLUMNA_REPETIDA",
    Severity::Warning,
    "Dos columnas del encabezado corresponden al mismo campo; se usa la primera.",
    RuleDoc {
        why: "Si dos columnas dicen lo mismo no se sabe cuál es la buena; se usa la primera y se avisa.",
        bad: "CORREO | E-MAIL",
        good: "CORREO ELECTRONICO | CORREO ALTERNO",
        todo: "Deje una sola columna por dato; si la segunda era el correo alterno, titúlela CORREO ALTERNO.",
    },
);
pub static COLUMNA_OPCIONAL_AUSENTE: RuleMeta = file_rule(
    "COLUMNA_OPCIONAL_AUSENTE",
    Severity::Warning,
    "Falta una columna opcional (SEGUNDO NOMBRE, CORREO ALTERNO o CODIGO DANE); sus valores cuentan como vacíos.",
    RuleDoc {
        why: "SEGUNDO NOMBRE, CORREO ALTERNO y CODIGO DANE pueden faltar, pero entonces sus valores cuentan como vacíos: las filas de establecimiento educativo quedarán sin DANE.",
        bad: "formato sin columna CODIGO DANE",
        good: "formato con la columna CODIGO DANE",
        todo: "Si hay funcionarios de establecimiento educativo, agregue la columna CODIGO DANE.",
    },
);
pub static OTRA_HOJA_CON_FORMATO: RuleMeta = file_rule(
    "OTRA_HOJA_CON_FORMATO",
    Severity::Warning,
    "Otra hoja del libro parece un formato de creación de usuarios pero no tiene las columnas obligatorias ni filas con datos; no se validó.",
    RuleDoc {
        why: "Se validan todas las hojas visibles con el encabezado del formato. Una hoja que lo parece pero no tiene las columnas obligatorias no se puede leer: si tiene filas con datos el archivo no se procesa (COLUMNAS_FALTANTES, para que sus personas no se pierdan); si no tiene ninguna, solo se avisa. Antes este código avisaba de cualquier otra hoja con el formato, que no se validaba; ahora esas hojas se validan.",
        bad: "hoja «Usuarios» completa y hoja «Plantilla vieja» con otro encabezado y sin personas",
        good: "una sola hoja con el formato",
        todo: "Si esa hoja sobra, bórrela; si debía tener personas, complete su encabezado y diligénciela.",
    },
);
pub static HOJA_NO_VALIDADA: RuleMeta = file_rule(
    "HOJA_NO_VALIDADA",
    Severity::Warning,
    "Otra hoja del libro tiene filas que parecen personas pero no se validó (no tiene el encabezado del formato, o está oculta).",
    RuleDoc {
        why: "Solo se validan las hojas visibles con el encabezado del formato. Si la lista sigue en otra hoja sin encabezado, o con otro encabezado, o la hoja con el formato está oculta, esas personas no llegarían al archivo limpio ni a los rechazos: se avisa de cada hoja que no se validó y tiene filas con un correo o un número de documento entre sus primeras filas.",
        bad: "hoja «Usuarios» con el formato y hoja «Hoja2» con más personas debajo de nada (sin encabezado)",
        good: "todas las personas en la hoja del formato, debajo del encabezado",
        todo: "Si esas filas son personas, cópielas a la hoja del formato, debajo del encabezado; si la hoja oculta es la correcta, valídela con --hoja.",
    },
);
pub static ENCABEZADO_REPETIDO: RuleMeta = file_rule(
    "ENCABEZADO_REPETIDO",
    Severity::Warning,
    "Una fila entre los datos repite el encabezado del formato: no es una persona, y las filas siguientes se leen con su orden de columnas.",
    RuleDoc {
        why: "Al juntar dos listas se suele pegar también el encabezado de la segunda, a veces con las columnas en otro orden. Esa fila no es una persona; las filas que siguen se leen con el orden de ese encabezado, para que los apellidos no queden como correos ni al revés. Una fila con nombres de columnas del formato a la que le falta alguna obligatoria no se puede usar así: el archivo no se procesa (COLUMNAS_FALTANTES), porque las filas de abajo quedarían leídas con columnas equivocadas.",
        bad: "fila 51: CORREO ELECTRONICO | PRIMER NOMBRE | ... (otro orden) y debajo más personas",
        good: "un solo encabezado y todas las personas con el mismo orden de columnas",
        todo: "Nada, si las filas siguientes están bien; para enviar un formato limpio, borre la fila repetida y ponga todas las filas en el orden del primer encabezado.",
    },
);
pub static CSV_COMILLAS: RuleMeta = file_rule(
    "CSV_COMILLAS",
    Severity::Error,
    "El CSV tiene unas comillas sin cerrar que se tragan las filas siguientes en una sola celda.",
    RuleDoc {
        why: "En un CSV, un texto entre comillas puede ocupar varias líneas. Si falta la comilla de cierre, todas las líneas siguientes quedan dentro de una sola celda y esas personas se perderían sin aviso; por eso el archivo no se procesa.",
        bad: "ANA;\"PEREZ;GOMEZ;CC;52123456 (la comilla nunca se cierra)",
        good: "ANA;PEREZ;GOMEZ;CC;52123456, o \"DOCENTE\nAREA\" con su comilla de cierre",
        todo: "Abra el CSV en Excel o en un editor de texto, revise las comillas de la línea que indica el mensaje, guárdelo de nuevo y valide otra vez.",
    },
);
pub static TICKET_AUSENTE: RuleMeta = file_rule(
    "TICKET_AUSENTE",
    Severity::Warning,
    "No se encontró el número de ticket (ni --ticket, ni celda TICKET, ni en el nombre del archivo).",
    RuleDoc {
        why: "Nivel 2 devuelve la lista de usuarios creados por ticket; sin él la respuesta no se puede asociar al caso.",
        bad: "formato sin ticket y nombre de archivo sin número",
        good: "celda «No de Ticket mesa de ayuda» con 123456, o --ticket 123456",
        todo: "Indique el ticket con --ticket NUMERO.",
    },
);
pub static TICKET_INVALIDO: RuleMeta = file_rule(
    "TICKET_INVALIDO",
    Severity::Warning,
    "La celda del ticket no tiene solo dígitos; se ignora.",
    RuleDoc {
        why: "El ticket de la mesa de ayuda es un número; otro texto en su celda no se puede usar.",
        bad: "TICKET: pendiente",
        good: "TICKET: 123456",
        todo: "Escriba solo los dígitos del ticket, o use --ticket NUMERO.",
    },
);

pub static ALL: &[&RuleMeta] = &[
    &ARCHIVO_NO_ENCONTRADO,
    &ARCHIVO_VACIO,
    &ARCHIVO_PROTEGIDO,
    &ARCHIVO_NO_ES_HOJA,
    &ARCHIVO_DANADO,
    &FORMULAS_SIN_CALCULAR,
    &CSV_COMILLAS,
    &HOJA_NO_ENCONTRADA,
    &ENCABEZADO_NO_ENCONTRADO,
    &COLUMNAS_FALTANTES,
    &FORMULARIO_SIN_FILAS,
    &SALIDA_ES_ENTRADA,
    &ESCRITURA_FALLIDA,
    &LIMITE_SUPERADO,
    &CONFIGURACION_INVALIDA,
    &COLUMNA_DESCONOCIDA,
    &COLUMNA_REPETIDA,
    &COLUMNA_OPCIONAL_AUSENTE,
    &OTRA_HOJA_CON_FORMATO,
    &HOJA_NO_VALIDADA,
    &ENCABEZADO_REPETIDO,
    &TICKET_AUSENTE,
    &TICKET_INVALIDO,
    &SALIDAS_DESPAREJADAS,
    &ENTRADA_REPETIDA,
];
