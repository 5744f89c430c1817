//! The catalogue: every code the tool emits, in one list, and the codes it
//! no longer emits. `sigce reglas`, the README's table and the JSON of the
//! catalogue are generated from it. Codes are permanent: once released, a
//! code is never reused or renamed, and a retired one stays in `RETIRED`.
//!
//! Each code is declared beside the code that emits it (the readers, the
//! header mapping, the rules, the writers...); this module, above all of
//! them, only puts them in order.

use crate::diagnostic::RuleMeta;
use crate::rules::registry;

/// The version of the rule set: raised whenever a rule is added, retired or
/// changes what it accepts, so a report can say which rules judged it.
pub const RULESET_VERSION: u32 = 5;

/// The file-level codes: a file that cannot be processed (errors, exit 2)
/// and problems of the form as a whole that do not reject rows (warnings).
static FILE: &[&RuleMeta] = &[
    &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
    &crate::read::codes::ARCHIVO_SIN_PERMISO,
    &crate::read::codes::ARCHIVO_VACIO,
    &crate::read::codes::ARCHIVO_PROTEGIDO,
    &crate::read::codes::ARCHIVO_NO_ES_HOJA,
    &crate::read::codes::ARCHIVO_DANADO,
    &crate::read::codes::FORMULAS_SIN_CALCULAR,
    &crate::read::codes::CSV_COMILLAS,
    &crate::read::codes::HOJA_NO_ENCONTRADA,
    &crate::headers::codes::ENCABEZADO_NO_ENCONTRADO,
    &crate::headers::codes::COLUMNAS_FALTANTES,
    &crate::headers::codes::FORMULARIO_SIN_FILAS,
    &crate::write::codes::SALIDA_ES_ENTRADA,
    &crate::write::codes::ESCRITURA_FALLIDA,
    &crate::limits::LIMITE_SUPERADO,
    &crate::config::CONFIGURACION_INVALIDA,
    &crate::headers::codes::COLUMNA_DESCONOCIDA,
    &crate::headers::codes::COLUMNA_REPETIDA,
    &crate::headers::codes::COLUMNA_OPCIONAL_AUSENTE,
    &crate::headers::codes::OTRA_HOJA_CON_FORMATO,
    &crate::headers::codes::HOJA_NO_VALIDADA,
    &crate::headers::codes::ENCABEZADO_REPETIDO,
    &crate::ticket::TICKET_AUSENTE,
    &crate::ticket::TICKET_INVALIDO,
    &crate::ticket::TICKET_DISTINTO,
    &crate::write::codes::SALIDAS_DESPAREJADAS,
    &crate::read::codes::ENTRADA_REPETIDA,
];

/// A code no longer emitted: what it was, and the code that took its place,
/// if any. Kept so an old report or script that names it can be explained.
pub struct Retired {
    pub code: &'static str,
    pub summary: &'static str,
    pub replaced_by: Option<&'static str>,
}

/// The codes retired so far (none since the first release; a code that stops
/// being emitted moves here instead of vanishing).
pub static RETIRED: &[Retired] = &[];

/// Every code, file-level first, then the rule families in pipeline order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    FILE.iter().copied().chain(registry::all())
}

/// The rule with this code (case does not matter).
pub fn find(code: &str) -> Option<&'static RuleMeta> {
    let code = code.trim().to_uppercase().replace(['-', ' '], "_");
    all().find(|r| r.code == code)
}

/// Codes close to an unknown one: those that contain it, else the nearest by spelling.
pub fn suggest(code: &str) -> Vec<&'static str> {
    let code = code.trim().to_uppercase().replace(['-', ' '], "_");
    let containing: Vec<&str> = all()
        .map(|r| r.code)
        .filter(|c| !code.is_empty() && c.contains(&code))
        .collect();
    if !containing.is_empty() {
        return containing;
    }
    all()
        .map(|r| (r.code, strsim::levenshtein(&code, r.code)))
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| vec![c])
        .unwrap_or_default()
}

/// The rule table of the README, generated from the catalogue.
pub fn markdown_table() -> String {
    let mut out = String::from("| código | gravedad | campo | descripción |\n|---|---|---|---|\n");
    for rule in all() {
        let field = rule.field.map_or("—", |f| f.header());
        let scope = match rule.scope {
            crate::diagnostic::Scope::File => " (archivo)",
            _ => "",
        };
        out.push_str(&format!(
            "| `{}` | {}{scope} | {field} | {} |\n",
            rule.code,
            rule.severity.label(),
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}

/// The retired code with this spelling (case does not matter).
pub fn retired(code: &str) -> Option<&'static Retired> {
    let code = code.trim().to_uppercase().replace(['-', ' '], "_");
    RETIRED.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_upper_snake() {
        let mut seen = HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{} is not UPPER_SNAKE",
                rule.code
            );
            assert!(!rule.summary.is_empty());
        }
        assert!(find("DANE_LONGITUD").is_some());
        assert!(find("dane-longitud").is_some());
        assert!(find("NO_EXISTE").is_none());
    }

    #[test]
    fn every_rule_is_explained() {
        for rule in all() {
            for (part, text) in [
                ("why", rule.doc.why),
                ("bad", rule.doc.bad),
                ("good", rule.doc.good),
                ("todo", rule.doc.todo),
            ] {
                assert!(text.len() > 3, "{} has no {part}", rule.code);
            }
            assert_ne!(rule.doc.bad, rule.doc.good, "{}", rule.code);
        }
    }

    #[test]
    fn unknown_codes_get_suggestions() {
        assert_eq!(suggest("DANE_LONGITU"), vec!["DANE_LONGITUD"]);
        assert!(suggest("dane").contains(&"DANE_OBLIGATORIO"));
        assert_eq!(suggest("TELEFONO_MULTIPEL"), vec!["TELEFONO_MULTIPLE"]);
    }
}
