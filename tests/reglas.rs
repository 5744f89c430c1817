//! `sigce reglas`: the catalogue lists every rule the validator can emit, and
//! explains each.

mod common;

use std::collections::BTreeSet;

use common::Workdir;
use sigce::codes;

/// Every `pub static NAME: RuleMeta` declared anywhere in src/ (each code
/// lives beside the code that emits it): what the tool can emit.
fn declared_rules() -> BTreeSet<String> {
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut names = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("pub static ")
                && let Some((name, ty)) = rest.split_once(':')
                && ty.trim_start().starts_with("RuleMeta")
            {
                names.insert(name.trim().to_string());
            }
        }
    }
    names
}

#[test]
fn every_declared_rule_is_in_the_catalogue_under_its_own_name() {
    let catalogue: BTreeSet<String> = codes::all().map(|r| r.code.to_string()).collect();
    let declared = declared_rules();
    assert!(declared.len() > 50, "found only {} rules", declared.len());
    assert_eq!(declared, catalogue);
}

#[test]
fn the_table_lists_every_code() {
    let w = Workdir::new();
    let out = w.sigce().arg("reglas").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in codes::all() {
        assert!(
            text.lines().any(|l| l.starts_with(rule.code)),
            "{} missing",
            rule.code
        );
    }
}

#[test]
fn each_code_has_its_explanation() {
    let w = Workdir::new();
    for rule in codes::all() {
        let out = w
            .sigce()
            .args(["reglas", &rule.code.to_lowercase()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", rule.code);
        let text = String::from_utf8(out.stdout).unwrap();
        for part in [
            "Por qué:",
            "Mal:",
            "Bien:",
            "Lo que hace sigce:",
            "Lo que debe hacer la persona:",
        ] {
            assert!(text.contains(part), "{} lacks {part}", rule.code);
        }
        assert!(text.contains(rule.doc.why));
    }
}

#[test]
fn an_unknown_code_suggests_the_closest() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["reglas", "DANE_LONGUITUD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("¿Quiso decir DANE_LONGITUD?"), "{err}");
}

#[test]
fn json_catalogue_parses_and_has_every_rule() {
    let w = Workdir::new();
    let out = w.sigce().args(["rules", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], codes::RULESET_VERSION);
    let rules = json["rules"].as_array().unwrap();
    assert_eq!(rules.len(), codes::all().count());
    let dane = rules.iter().find(|r| r["code"] == "DANE_LONGITUD").unwrap();
    assert_eq!(dane["severity"], "error");
    assert_eq!(dane["field"], "codigo_dane");
    assert_eq!(dane["scope"], "row");
}

#[test]
fn version_shows_the_rule_set() {
    let w = Workdir::new();
    let out = w.sigce().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        format!(
            "sigce {} (reglamento v{})",
            env!("CARGO_PKG_VERSION"),
            codes::RULESET_VERSION
        )
    );
}
