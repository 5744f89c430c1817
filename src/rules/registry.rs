//! The catalogue: every rule of every family, in one list.

use crate::diagnostic::RuleMeta;

use super::{
    archivo, cargo, celda, correo, dane, documento, duplicados, escritura, fila, fixes, historial,
    nombres, obligatorio, perfil, telefono,
};

/// The version of the rule set: raised whenever a rule is added, retired or
/// changes what it accepts, so a report can say which rules judged it.
pub const RULESET_VERSION: u32 = 4;

/// Every rule, families in pipeline order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    [
        archivo::ALL,
        fixes::ALL,
        celda::ALL,
        fila::ALL,
        obligatorio::ALL,
        escritura::ALL,
        nombres::ALL,
        documento::ALL,
        perfil::ALL,
        dane::ALL,
        correo::ALL,
        telefono::ALL,
        cargo::ALL,
        duplicados::ALL,
        historial::ALL,
    ]
    .into_iter()
    .flatten()
    .copied()
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
