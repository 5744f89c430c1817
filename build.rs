//! Turns data/divipola_municipios.csv into sorted static tables at compile
//! time, so a run that checks a DANE code looks it up without parsing or
//! hashing anything first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let source = "data/divipola_municipios.csv";
    println!("cargo::rerun-if-changed={source}");
    let mut reader = csv::Reader::from_path(source).expect("data/divipola_municipios.csv");
    let mut municipios = BTreeMap::new();
    let mut departamentos = BTreeMap::new();
    for record in reader.records() {
        let record = record.expect("a valid DIVIPOLA record");
        let field = |i: usize| record.get(i).expect("four columns").to_string();
        let (code, name, dept_code, dept) = (field(0), field(1), field(2), field(3));
        assert!(
            code.len() == 5 && code.starts_with(&dept_code),
            "DIVIPOLA code {code} does not belong to department {dept_code}"
        );
        departamentos.insert(dept_code, dept.clone());
        municipios.insert(code, (name, dept));
    }
    let mut out = String::new();
    out.push_str("/// 5-digit municipality code → municipality, sorted by code.\n");
    out.push_str("static MUNICIPIOS: &[(&str, Municipio)] = &[\n");
    for (code, (name, dept)) in &municipios {
        writeln!(
            out,
            "    ({code:?}, Municipio {{ nombre: {name:?}, departamento: {dept:?} }}),"
        )
        .unwrap();
    }
    out.push_str("];\n/// 2-digit department code → department name, sorted by code.\n");
    out.push_str("static DEPARTAMENTOS: &[(&str, &str)] = &[\n");
    for (code, name) in &departamentos {
        writeln!(out, "    ({code:?}, {name:?}),").unwrap();
    }
    out.push_str("];\n");
    let path = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("divipola.rs");
    std::fs::write(path, out).expect("write divipola.rs");
}
