//! Completions, the man page and help texts, all from the clap definitions.

mod common;

use common::Workdir;

#[test]
fn completions_are_generated_for_every_shell() {
    let w = Workdir::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = w.sigce().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["validar", "plantilla", "reglas", "estricto"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn the_man_page_is_generated() {
    let w = Workdir::new();
    let out = w.sigce().arg("manual").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie"), "roff");
    assert!(page.contains(".TH sigce 1"));
    assert!(page.contains("validar"));
    assert!(page.contains("reglamento v"));
}

#[test]
fn every_help_is_in_spanish() {
    let w = Workdir::new();
    // Every command and subcommand, from the command line's own definition.
    use clap::CommandFactory;
    let cli = sigce::cli::Cli::command();
    let mut all = vec![vec!["--help".to_string()]];
    for sub in cli.get_subcommands() {
        all.push(vec![sub.get_name().to_string(), "--help".into()]);
        for nested in sub.get_subcommands() {
            all.push(vec![
                sub.get_name().to_string(),
                nested.get_name().to_string(),
                "--help".into(),
            ]);
        }
    }
    assert!(all.len() >= 11, "{all:?}");
    for args in all {
        let out = w.sigce().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains("Uso:"), "{args:?}:\n{help}");
        for english in [
            "Usage:",
            "Options:",
            "[OPTIONS]",
            "Arguments:",
            "Commands:",
            "[default",
            "Possible values",
            "[aliases",
            "Print help",
        ] {
            assert!(!help.contains(english), "{args:?} shows {english}:\n{help}");
        }
    }
}

#[test]
fn argument_errors_are_in_spanish_with_exit_2() {
    let w = Workdir::new();
    for (args, words) in [
        (
            vec!["validar", "-f", "pdf", "x.xlsx"],
            "Valores posibles: xlsx, csv",
        ),
        (vec!["validr", "x.xlsx"], "el comando «validr» no existe"),
        (vec!["plantilla", "--filas", "0"], "de 1 a 100000"),
        (vec!["validar"], "falta un argumento obligatorio"),
    ] {
        let out = w.sigce().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(words), "{args:?}: {err}");
    }
}
