//! Snapshots of what the agent reads in the terminal.

mod common;

use common::{Workdir, example, fixture};

fn run(w: &Workdir, args: &[&str]) -> (i32, String, String) {
    let out = w.sigce().arg("validar").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn terminal_report_of_the_example_form() {
    let w = Workdir::new();
    w.copy(&example(), "formato_creacion_usuarios.xlsx");
    let (code, stdout, stderr) = run(&w, &["formato_creacion_usuarios.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(stderr, "");
    assert!(
        !stdout.contains('\u{1b}'),
        "no colors when not on a terminal"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn terminal_report_of_several_files_with_an_error() {
    let w = Workdir::new();
    w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    w.write("vacio.csv", b"");
    let (code, stdout, stderr) = run(&w, &["valido.xlsx", "vacio.csv"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("several_stdout", stdout);
    insta::assert_snapshot!("several_stderr", stderr);
}
