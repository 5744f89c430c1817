//! The codes of outputs that cannot be written: an output that would
//! replace an input, a failed write, a clean file and a rejection workbook
//! that no longer belong together. `crate::codes` lists every code of the tool.

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};

pub static SALIDA_ES_ENTRADA: RuleMeta = RuleMeta::new(
    "SALIDA_ES_ENTRADA",
    Severity::Error,
    Scope::File,
    None,
    "Un archivo de salida tendría la misma ruta que un archivo de entrada.",
    RuleDoc {
        why: "Los archivos de entrada nunca se modifican: si un resultado fuera a escribirse encima de una entrada, ese archivo no se valida.",
        bad: "sigce validar f.xlsx f.limpio.xlsx",
        good: "sigce validar f.xlsx --salida resultados",
        todo: "Use --salida para escribir los resultados en otra carpeta.",
    },
);

pub static ESCRITURA_FALLIDA: RuleMeta = RuleMeta::new(
    "ESCRITURA_FALLIDA",
    Severity::Error,
    Scope::File,
    None,
    "No se pudo escribir un archivo de salida.",
    RuleDoc {
        why: "Los resultados se escriben completos o no se escriben; si la carpeta no permite escribir, se dice cuál y por qué.",
        bad: "una carpeta de solo lectura o un archivo abierto en Excel",
        good: "una carpeta propia del agente",
        todo: "Cierre el archivo en Excel o elija otra carpeta con --salida, y valide de nuevo.",
    },
);

pub static SALIDAS_DESPAREJADAS: RuleMeta = RuleMeta::new(
    "SALIDAS_DESPAREJADAS",
    Severity::Warning,
    Scope::File,
    None,
    "El archivo limpio y el de rechazos que había en la carpeta no son de la misma ejecución.",
    RuleDoc {
        why: "Cada ejecución escribe sus dos archivos completos y los pone en su lugar uno tras otro; si se interrumpe justo entre los dos (se apagó el equipo, se cerró la ventana), queda un archivo nuevo junto a uno viejo. Cada archivo lleva la marca de su ejecución, así que sigce lo detecta en vez de dejar que nivel 2 o la institución reciban una pareja que no corresponde.",
        bad: "formato.limpio.xlsx de hoy junto a formato.rechazos.xlsx de ayer",
        good: "formato.limpio.xlsx y formato.rechazos.xlsx escritos por la misma validación",
        todo: "Valide de nuevo el formato: la nueva ejecución reemplaza los dos archivos. No envíe ninguno de los dos antes.",
    },
);
