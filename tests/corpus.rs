//! Every spreadsheet of the real-world corpus (tests/corpus/calamine: Excel,
//! LibreOffice and deliberately broken files) ends with a report or a Spanish
//! file-level error: no panic, no hang, bounded memory.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Workdir;
use sigce::codes;

/// Address space the child may use: far more than any corpus file needs,
/// far less than a runaway allocation wants.
#[cfg(unix)]
const MEMORY_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/calamine"
    ));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

fn sigce(w: &Workdir, file: &PathBuf) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("sigce"));
    cmd.current_dir(w.dir.path())
        .env("NO_COLOR", "1")
        .args(["validar", "--json", "--salida"])
        .arg(w.path("salida"))
        .arg(file);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe and touches only the child.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT,
                    rlim_max: MEMORY_LIMIT,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    cmd
}

#[test]
fn every_corpus_file_ends_in_a_report_or_a_spanish_error() {
    let w = Workdir::new();
    let files = corpus();
    assert!(files.len() >= 130, "corpus has {} files", files.len());
    let codes: Vec<&str> = codes::all().map(|r| r.code).collect();
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let started = Instant::now();
        let mut child = sigce(&w, file)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A hang is a failure: no file may take more than a few seconds.
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let Some(status) = status else {
            failures.push(format!("{name}: did not finish in 30 s"));
            continue;
        };
        match status.code() {
            Some(0..=2) => {}
            other => {
                failures.push(format!("{name}: exit {other:?} (killed?) {stderr}"));
                continue;
            }
        }
        if stderr.contains("panicked") || stderr.contains("fallo interno") {
            failures.push(format!("{name}: panic: {stderr}"));
            continue;
        }
        let json: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(j) => j,
            Err(e) => {
                failures.push(format!("{name}: stdout is not JSON: {e}"));
                continue;
            }
        };
        let report = &json["files"][0];
        if report["status"] == "error" {
            let code = report["error"]["code"].as_str().unwrap_or("");
            let message = report["error"]["message"].as_str().unwrap_or("");
            if !codes.contains(&code) || message.is_empty() || status.code() != Some(2) {
                failures.push(format!("{name}: bad file error {code:?} {message:?}"));
            }
            // Spanish, with the file named.
            if !message.contains(&name) {
                failures.push(format!(
                    "{name}: the message does not name the file: {message}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn password_protected_corpus_files_say_so() {
    let w = Workdir::new();
    for file in corpus().iter().filter(|f| {
        f.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("pass_protected")
    }) {
        let out = sigce(&w, file).output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            json["files"][0]["error"]["code"],
            "ARCHIVO_PROTEGIDO",
            "{}",
            file.display()
        );
        assert!(
            json["files"][0]["error"]["message"]
                .as_str()
                .unwrap()
                .contains("protegido con contraseña")
        );
    }
}
