//! The README's rule table is generated from the rule catalogue; this test
//! fails when they differ. To refresh it: SIGCE_ACTUALIZAR_README=1 cargo test --test readme

const START: &str = "<!-- reglas:inicio -->\n";
const END: &str = "<!-- reglas:fin -->";

#[test]
fn readme_rule_table_matches_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start = readme
        .find(START)
        .expect("README has the rules start marker")
        + START.len();
    let end = readme.find(END).expect("README has the rules end marker");
    let table = sigce::codes::markdown_table();
    if std::env::var_os("SIGCE_ACTUALIZAR_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
        std::fs::write(path, updated).expect("write README.md");
        return;
    }
    let current: Vec<&str> = readme[start..end].lines().collect();
    let expected: Vec<&str> = table.lines().collect();
    let missing: Vec<&&str> = expected.iter().filter(|l| !current.contains(l)).collect();
    let stale: Vec<&&str> = current.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        current == expected,
        "the README rule table is out of date (run SIGCE_ACTUALIZAR_README=1 cargo test --test readme)\nmissing: {missing:#?}\nstale: {stale:#?}"
    );
}

#[test]
fn readme_commands_are_the_ones_ci_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(readme.contains("cargo test --locked"));
    assert!(ci.contains("cargo test --locked"));
    assert!(readme.contains("validar examples/formato_creacion_usuarios.xlsx"));
    assert!(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/formato_creacion_usuarios.xlsx"
        ))
        .exists()
    );
}
