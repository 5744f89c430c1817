//! The pipeline as a library: a form given as bytes with a name (what an
//! upload is) gives the same report as the command line gives for the file
//! of that name, for every fixture. Only the outputs differ: the pipeline
//! touches no folder.

mod common;

use std::path::{Path, PathBuf};

use common::Workdir;
use serde_json::Value;
use sigce::limits::Limits;
use sigce::pipeline::{self, History, Options};
use sigce::policy::Settings;
use sigce::read::Input;
use sigce::report::{FileResult, Outputs, json};

/// Every form fixture: the real files other programs made, and the hostile ones.
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("hostiles")] {
        for entry in std::fs::read_dir(dir).expect("fixtures folder").flatten() {
            let path = entry.path();
            let form = path.extension().is_some_and(|e| {
                ["xlsx", "xlsb", "xls", "ods", "csv"].contains(&e.to_str().unwrap_or(""))
            });
            if path.is_file() && form {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The report of one file, without the outputs written (paths, earlier
/// outputs kept) that only the command line has.
fn without_outputs(mut report: Value) -> Value {
    for file in report["files"].as_array_mut().expect("files") {
        file.as_object_mut().expect("file").remove("outputs");
    }
    report
}

fn command_line(path: &Path, name: &str) -> Value {
    let w = Workdir::new();
    w.copy(path, name);
    let out = w
        .sigce()
        .args(["validar", "--json", "-s", "salida", name])
        .output()
        .expect("run sigce");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: the JSON report does not parse ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn library(path: &Path, name: &str) -> Value {
    // As every front end does: the default memory budget, and XLS, XLSB
    // and ODS read in a child process (here the `sigce` binary).
    pipeline::guard(None, Some(PathBuf::from(env!("CARGO_BIN_EXE_sigce"))));
    let input = Input::Bytes {
        name: name.to_string(),
        bytes: std::fs::read(path).expect("read fixture"),
    };
    let limits = Limits::default();
    let opts = Options {
        settings: Settings::default(),
        ticket: None,
        sheet: None,
        limits: &limits,
        spare_core: false,
        edits: &[],
    };
    let mut outcome = pipeline::check(&input, &opts);
    if let Ok(form) = &mut outcome {
        pipeline::batch(&mut [form], &[input.file_name()], History::Off, false);
    }
    let result = FileResult {
        input,
        outcome,
        outputs: Outputs::default(),
    };
    serde_json::to_value(json::build(&[result])).expect("report as JSON")
}

#[test]
fn bytes_with_a_name_give_the_command_lines_report_for_every_fixture() {
    let files = fixtures();
    assert!(files.len() >= 20, "found only {} fixtures", files.len());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let cli = without_outputs(command_line(&path, &name));
        let lib = without_outputs(library(&path, &name));
        assert_eq!(
            cli, lib,
            "{name}: the pipeline and the command line disagree"
        );
    }
}

#[test]
fn a_form_given_as_bytes_is_checked_row_by_row() {
    let path = common::fixture("reglas.xlsx");
    let report = library(&path, "reglas.xlsx");
    let file = &report["files"][0];
    assert_eq!(file["input"], "reglas.xlsx");
    assert!(file["counts"]["rejected"].as_u64().unwrap() > 0, "{file}");
    assert!(file["counts"]["fixes"].as_u64().unwrap() > 0, "{file}");
}
