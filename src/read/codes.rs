//! The codes of a file the readers cannot take: missing, empty, protected,
//! not a spreadsheet, damaged; and the warnings of what they read but cannot
//! trust (formulas without a value, stray CSV quotes). Beside the readers
//! that emit them; `crate::codes` lists every code of the tool.

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};

pub static ARCHIVO_NO_ENCONTRADO: RuleMeta = RuleMeta::new(
    "ARCHIVO_NO_ENCONTRADO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo o la carpeta no existe o no se puede abrir.",
    RuleDoc {
        why: "Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir». Sin el archivo no hay formato que revisar.",
        bad: "sigce validar formato.xlsx (el archivo está en otra carpeta)",
        good: "sigce validar C:\\Tickets\\123456\\formato.xlsx",
        todo: "Revise la ruta y el nombre; si el archivo está abierto en Excel, ciérrelo.",
    },
);

pub static ARCHIVO_SIN_PERMISO: RuleMeta = RuleMeta::new(
    "ARCHIVO_SIN_PERMISO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo existe, pero no hay permiso para leerlo.",
    RuleDoc {
        why: "El sistema no deja leer el archivo: es de otro usuario, está en una carpeta compartida sin permiso de lectura, o lo tiene bloqueado otro programa. No es que falte: buscarlo en otra carpeta no sirve.",
        bad: "sigce validar \\\\servidor\\tickets\\formato.xlsx (carpeta sin permiso de lectura)",
        good: "sigce validar C:\\Users\\agente\\Documents\\formato.xlsx (una copia en una carpeta propia)",
        todo: "Cierre el archivo si está abierto en otro programa; si no, cópielo a una carpeta suya (por ejemplo, Documentos) y valide la copia, o pida permiso de lectura a quien administra la carpeta.",
    },
);

pub static ARCHIVO_VACIO: RuleMeta = RuleMeta::new(
    "ARCHIVO_VACIO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo está vacío (0 bytes).",
    RuleDoc {
        why: "Un adjunto de 0 bytes llegó dañado o se guardó mal; no tiene filas que revisar.",
        bad: "formato.xlsx de 0 bytes",
        good: "formato.xlsx con el encabezado y las filas",
        todo: "Pida de nuevo el formato a quien lo envió.",
    },
);

pub static ARCHIVO_PROTEGIDO: RuleMeta = RuleMeta::new(
    "ARCHIVO_PROTEGIDO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo está protegido con contraseña.",
    RuleDoc {
        why: "Un libro con contraseña no se puede leer sin ella, y nivel 2 tampoco podría importarlo.",
        bad: "formato.xlsx protegido con contraseña de apertura",
        good: "formato.xlsx sin contraseña",
        todo: "Pida a la institución que quite la contraseña y lo envíe de nuevo.",
    },
);

pub static ARCHIVO_NO_ES_HOJA: RuleMeta = RuleMeta::new(
    "ARCHIVO_NO_ES_HOJA",
    Severity::Error,
    Scope::File,
    None,
    "El archivo no es una hoja de cálculo (parece un PDF, una imagen, un documento de texto...).",
    RuleDoc {
        why: "Se reconoce el contenido real del archivo, no su extensión: un PDF, una foto o una página web renombrados a .xlsx no son un formato diligenciado.",
        bad: "escaneo.pdf renombrado a formato.xlsx",
        good: "formato.xlsx guardado desde Excel o LibreOffice",
        todo: "Pida el formato de creación de usuarios en Excel (.xlsx), LibreOffice (.ods) o CSV.",
    },
);

pub static ARCHIVO_DANADO: RuleMeta = RuleMeta::new(
    "ARCHIVO_DANADO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo parece una hoja de cálculo pero está dañado o incompleto.",
    RuleDoc {
        why: "El archivo parece un libro de Excel o LibreOffice pero su contenido está incompleto o roto, a veces por una descarga interrumpida.",
        bad: "formato.xlsx cortado a la mitad",
        good: "formato.xlsx que abre en Excel sin reparaciones",
        todo: "Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx; si no, pida que lo reenvíen.",
    },
);

pub static FORMULAS_SIN_CALCULAR: RuleMeta = RuleMeta::new(
    "FORMULAS_SIN_CALCULAR",
    Severity::Error,
    Scope::File,
    None,
    "El libro tiene fórmulas sin su resultado calculado: se guardó sin calcularlas.",
    RuleDoc {
        why: "Excel y LibreOffice guardan junto a cada fórmula su resultado, y eso es lo que se valida. Los archivos que arman programas (openpyxl, exportaciones en PHP) a veces guardan solo la fórmula: leída sin resultado, la celda parecería vacía, y una fila hecha de fórmulas desaparecería o se rechazaría por campos vacíos que no lo están.",
        bad: "una celda con la fórmula =A2 y sin valor guardado",
        good: "el mismo libro abierto en Excel o LibreOffice y guardado de nuevo",
        todo: "Ábralo en Excel o LibreOffice y guárdelo de nuevo: así se calculan las fórmulas. Luego valídelo otra vez.",
    },
);

pub static CSV_COMILLAS: RuleMeta = RuleMeta::new(
    "CSV_COMILLAS",
    Severity::Error,
    Scope::File,
    None,
    "El CSV tiene unas comillas sin cerrar que se tragan las filas siguientes en una sola celda.",
    RuleDoc {
        why: "En un CSV, un texto entre comillas puede ocupar varias líneas. Si falta la comilla de cierre, todas las líneas siguientes quedan dentro de una sola celda y esas personas se perderían sin aviso; por eso el archivo no se procesa.",
        bad: "ANA;\"PEREZ;GOMEZ;CC;52123456 (la comilla nunca se cierra)",
        good: "ANA;PEREZ;GOMEZ;CC;52123456, o \"DOCENTE\nAREA\" con su comilla de cierre",
        todo: "Abra el CSV en Excel o en un editor de texto, revise las comillas de la línea que indica el mensaje, guárdelo de nuevo y valide otra vez.",
    },
);

pub static HOJA_NO_ENCONTRADA: RuleMeta = RuleMeta::new(
    "HOJA_NO_ENCONTRADA",
    Severity::Error,
    Scope::File,
    None,
    "La hoja pedida con --hoja no existe en el libro.",
    RuleDoc {
        why: "Con --hoja se pide validar una hoja concreta; si no existe, no se adivina otra.",
        bad: "--hoja Usuario (la hoja se llama «Usuarios»)",
        good: "--hoja Usuarios",
        todo: "Escriba el nombre exacto de una de las hojas que lista el mensaje, o quite --hoja.",
    },
);

pub static ENTRADA_REPETIDA: RuleMeta = RuleMeta::new(
    "ENTRADA_REPETIDA",
    Severity::Warning,
    Scope::File,
    None,
    "El mismo archivo se indicó dos veces (con otro nombre, otra ruta o un enlace); se validó una sola vez.",
    RuleDoc {
        why: "Validado dos veces, cada persona del segundo ejemplar saldría rechazada como duplicada del primero, y un formato bien diligenciado se devolvería a la institución.",
        bad: "sigce validar formato.csv ./formato.csv",
        good: "sigce validar formato.csv",
        todo: "Nada: se validó una vez. Revise que no falte otro archivo que quería validar en su lugar.",
    },
);

/// The codes a reader can stop a file with: with `LIMITE_SUPERADO`, every
/// code the isolated reader may send back from its child process.
pub static ALL: &[&RuleMeta] = &[
    &ARCHIVO_NO_ENCONTRADO,
    &ARCHIVO_SIN_PERMISO,
    &ARCHIVO_VACIO,
    &ARCHIVO_PROTEGIDO,
    &ARCHIVO_NO_ES_HOJA,
    &ARCHIVO_DANADO,
    &FORMULAS_SIN_CALCULAR,
    &CSV_COMILLAS,
    &HOJA_NO_ENCONTRADA,
];
