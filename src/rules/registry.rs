//! The catalogue: every rule of every family, in one list.

use super::{
    RuleMeta, archivo, cargo, celda, correo, dane, documento, duplicados, fila, fixes, nombres,
    obligatorio, perfil, telefono,
};

/// Every rule, families in pipeline order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    [
        archivo::ALL,
        fixes::ALL,
        celda::ALL,
        fila::ALL,
        obligatorio::ALL,
        nombres::ALL,
        documento::ALL,
        perfil::ALL,
        dane::ALL,
        correo::ALL,
        telefono::ALL,
        cargo::ALL,
        duplicados::ALL,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static RuleMeta> {
    all().find(|r| r.code == code)
}

/// The rule table of the README, generated from the catalogue.
pub fn markdown_table() -> String {
    let mut out = String::from("| código | gravedad | campo | descripción |\n|---|---|---|---|\n");
    for rule in all() {
        let field = rule.field.map_or("—", |f| f.header());
        let scope = match rule.scope {
            super::Scope::File => " (archivo)",
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
        assert!(find("NO_EXISTE").is_none());
    }
}
