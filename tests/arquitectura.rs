//! The layer order of the crate, enforced. `src/lib.rs` declares the layers
//! once, in its "Layers" block; this test reads every `crate::` path in
//! `src/` and fails on one that reaches a module of the same layer or of a
//! layer above, and on a module of `src/` the block does not place.
//!
//! Inside one top-level module (`rules/` and its families, say) paths are
//! free: the unit of layering is the top-level module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A module's layer: 0 is the bottom.
type Layers = BTreeMap<String, usize>;

/// The "Layers" block of the crate docs: one line a layer, top to bottom,
/// modules separated by commas before the `—` that starts the description.
fn declared_layers(lib: &str) -> Layers {
    let doc: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let start = doc
        .iter()
        .position(|l| *l == "# Layers")
        .expect("src/lib.rs has a \"# Layers\" section");
    let lines: Vec<&str> = doc[start..]
        .iter()
        .skip_while(|l| !l.starts_with("```"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .copied()
        .collect();
    assert!(!lines.is_empty(), "the Layers section has a ```text block");
    let mut layers = Layers::new();
    for (i, line) in lines.iter().rev().enumerate() {
        let modules = line.split('—').next().unwrap_or_default();
        for name in modules.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let before = layers.insert(name.to_string(), i);
            assert!(
                before.is_none(),
                "{name} is placed twice in the Layers block"
            );
        }
    }
    layers
}

/// The top-level modules `src/lib.rs` declares (`pub mod x;`).
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

/// Source with comments removed, so prose that names a path is not an import.
fn code_of(source: &str) -> String {
    source
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                ""
            } else {
                match line.find(" // ") {
                    Some(i) if !line[..i].contains('"') => &line[..i],
                    _ => line,
                }
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file reaches through `crate::`: `crate::a::b`,
/// `crate::{a, b::c}` and nested groups.
fn reached(source: &str) -> Vec<String> {
    let code = code_of(source);
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` or an identifier ending in "crate"
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut top = true;
            let mut word = String::new();
            for c in group.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        top = false;
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            if top && !word.is_empty() {
                                found.push(std::mem::take(&mut word));
                            }
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        if top && !word.is_empty() {
                            found.push(std::mem::take(&mut word));
                        }
                        top = true;
                    }
                    c if top && (c.is_alphanumeric() || c == '_') => word.push(c),
                    _ => {
                        if top && !word.is_empty() {
                            found.push(std::mem::take(&mut word));
                            top = false;
                        }
                    }
                }
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                found.push(word);
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry of src/").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to; `None` for the crate
/// root and the binary.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// Every import that goes up or sideways: (file, importing module, imported module).
fn violations(layers: &Layers, files: &[(String, String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, module, source) in files {
        let Some(&own) = layers.get(module) else {
            continue;
        };
        for target in reached(source) {
            if target == *module {
                continue;
            }
            match layers.get(&target) {
                Some(&layer) if layer < own => {}
                Some(&layer) => found.push(format!(
                    "{file}: {module} importa {target} (capas {own} → {layer})"
                )),
                None => {} // `crate::` of an item of lib.rs itself, if any
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn crate_sources() -> (Layers, Vec<String>, Vec<(String, String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let layers = declared_layers(&lib);
    let modules = declared_modules(&lib);
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files = paths
        .iter()
        .filter_map(|p| {
            let module = module_of(&src, p)?;
            let source = std::fs::read_to_string(p).expect("read a source file");
            let shown = p.strip_prefix(root).unwrap_or(p).display().to_string();
            Some((shown, module, source))
        })
        .collect();
    (layers, modules, files)
}

#[test]
fn every_module_is_placed_in_exactly_one_layer() {
    let (layers, modules, _) = crate_sources();
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| !layers.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules of src/lib.rs missing from its Layers block: {unplaced:?}"
    );
    let stale: Vec<&String> = layers.keys().filter(|l| !modules.contains(l)).collect();
    assert!(
        stale.is_empty(),
        "the Layers block names modules that do not exist: {stale:?}"
    );
}

#[test]
fn imports_only_go_down() {
    let (layers, _, files) = crate_sources();
    let found = violations(&layers, &files);
    assert!(
        found.is_empty(),
        "imports that go up or sideways ({}):\n{}",
        found.len(),
        found.join("\n")
    );
}

// The checker itself: an upward or sideways import must be caught, and the
// shapes of path a file really uses must be read.

fn layers_of(lines: &[&str]) -> Layers {
    let block: String = lines.iter().map(|l| format!("//! {l}\n")).collect();
    declared_layers(&format!("//! # Layers\n//!\n//! ```text\n{block}//! ```\n"))
}

fn file(module: &str, source: &str) -> (String, String, String) {
    (
        format!("src/{module}.rs"),
        module.to_string(),
        source.to_string(),
    )
}

#[test]
fn an_upward_import_is_caught() {
    let layers = layers_of(&["rules — top", "text — bottom"]);
    let up = violations(&layers, &[file("text", "use crate::rules::Issue;\n")]);
    assert_eq!(up, ["src/text.rs: text importa rules (capas 0 → 1)"]);
    let down = violations(&layers, &[file("rules", "use crate::text::is_blank;\n")]);
    assert!(down.is_empty(), "{down:?}");
}

#[test]
fn a_sideways_import_is_caught() {
    let layers = layers_of(&["headers, ticket — one layer", "text — bottom"]);
    let side = violations(
        &layers,
        &[file("ticket", "fn f() { crate::headers::locate(); }\n")],
    );
    assert_eq!(side.len(), 1, "{side:?}");
}

#[test]
fn grouped_and_inline_paths_are_read_and_comments_are_not() {
    let source = "use crate::{a::X, b::{self, Y}, c};\n\
                  fn f() { let _ = crate::d::g(); }\n\
                  // crate::e::h in a comment\n\
                  /// [`crate::f`] in a doc comment\n\
                  macro_rules! m { () => { $crate::g::x } }\n";
    assert_eq!(reached(source), ["a", "b", "c", "d"]);
}
