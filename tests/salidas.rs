//! The outputs of a run as a set: unique names, all-or-nothing publication,
//! stamps that reveal a pair from two runs, temporaries of killed runs swept,
//! and what a full disk or a kill leaves behind.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Workdir, headers, read_book, valid_row};
use sigce::write::stamp::{PairState, Stamp, pair_state};

/// A CSV form of `rows` people; every `bad_every`-th row (if any) has an
/// e-mail without @, so it is rejected. `seed` makes documents differ
/// between forms.
fn form_csv(rows: u32, bad_every: Option<u32>, seed: u32) -> String {
    let mut text = headers().join(";");
    text.push('\n');
    for n in 1..=rows {
        let mut row = valid_row(seed * 100_000 + n);
        if bad_every.is_some_and(|k| n % k == 0) {
            row[8] = format!("sin-arroba-{n}");
        }
        text.push_str(&row.join(";"));
        text.push('\n');
    }
    text
}

/// Data rows of the first sheet of an output workbook (header excluded).
fn data_rows(path: &Path) -> usize {
    read_book(path)[0].1.len() - 1
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".sigce-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn inputs_with_one_name_in_different_folders_get_outputs_of_their_own() {
    // x/form.csv, y/form.csv and z/form.csv with --salida out: y and z both
    // wrote out/form_csv.limpio.xlsx, and y's rows ended in no output.
    let w = Workdir::new();
    for (i, sub) in ["x", "y", "z"].iter().enumerate() {
        std::fs::create_dir(w.path(sub)).unwrap();
        w.write(
            &format!("{sub}/form.csv"),
            form_csv(i as u32 + 2, None, i as u32 + 1),
        );
    }
    let (code, json) =
        w.validate_json(&["--salida", "out", "x/form.csv", "y/form.csv", "z/form.csv"]);
    assert_eq!(code, 0, "{json}");
    let cleans: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["outputs"]["clean"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::HashSet<&String> = cleans.iter().collect();
    assert_eq!(unique.len(), 3, "{cleans:?}");
    // Each clean file holds exactly its own form's rows.
    for (i, clean) in cleans.iter().enumerate() {
        assert_eq!(data_rows(&w.path(clean)), i + 2, "{clean}");
    }
}

#[test]
fn a_fallback_name_never_takes_the_name_of_another_input() {
    // a.xlsx, a.csv and a_csv.xlsx in one folder: a.csv fell back to
    // "a_csv", the name a_csv.xlsx has as its own.
    let w = Workdir::new();
    std::fs::create_dir(w.path("f")).unwrap();
    // Content decides the format: CSV text under .xlsx names is read as CSV.
    w.write("f/a.xlsx", form_csv(1, None, 1));
    w.write("f/a.csv", form_csv(2, None, 2));
    w.write("f/a_csv.xlsx", form_csv(3, None, 3));
    let (code, json) = w.validate_json(&["f/a.xlsx", "f/a.csv", "f/a_csv.xlsx"]);
    assert_eq!(code, 0, "{json}");
    let mut rows_by_output = Vec::new();
    for file in json["files"].as_array().unwrap() {
        let clean = file["outputs"]["clean"].as_str().unwrap();
        rows_by_output.push((clean.to_string(), data_rows(&w.path(clean))));
    }
    let names: std::collections::HashSet<&String> = rows_by_output.iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 3, "{rows_by_output:?}");
    assert_eq!(
        rows_by_output.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(
        rows_by_output[2].0.ends_with("a_csv.limpio.xlsx"),
        "{rows_by_output:?}"
    );
}

#[test]
fn a_folder_in_the_way_of_an_output_leaves_the_earlier_clean_file_as_it_was() {
    // An output path that is a directory still left a freshly written clean
    // file while the report said `error` with no outputs.
    let w = Workdir::new();
    w.write("f.csv", form_csv(4, None, 1));
    assert_eq!(w.validate_json(&["f.csv"]).0, 0);
    let before = std::fs::read(w.path("f.limpio.xlsx")).unwrap();
    w.write("f.csv", form_csv(6, Some(3), 2));
    std::fs::create_dir(w.path("f.rechazos.xlsx")).unwrap();
    let (code, json) = w.validate_json(&["f.csv"]);
    assert_eq!(code, 2);
    let file = &json["files"][0];
    assert_eq!(file["error"]["code"], "ESCRITURA_FALLIDA");
    let message = file["error"]["message"].as_str().unwrap();
    assert!(message.contains("carpeta"), "{message}");
    assert!(file["outputs"]["clean"].is_null());
    assert_eq!(file["outputs"]["earlier"][0], "f.limpio.xlsx");
    assert_eq!(std::fs::read(w.path("f.limpio.xlsx")).unwrap(), before);
    assert!(temporaries(w.dir.path()).is_empty());
}

#[test]
fn the_next_run_removes_the_temporaries_a_killed_run_left() {
    let w = Workdir::new();
    let stale = w.write(".sigce-de-una-ejecucion-muerta.tmp", b"a medias");
    let old = std::time::SystemTime::now() - Duration::from_secs(120);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    w.write("f.csv", form_csv(2, None, 1));
    assert_eq!(w.validate_json(&["f.csv"]).0, 0);
    assert!(!stale.exists());
    assert!(temporaries(w.dir.path()).is_empty());
}

#[test]
fn a_pair_from_two_runs_is_detected_and_reported() {
    let w = Workdir::new();
    w.write("f.csv", form_csv(6, Some(3), 1));
    assert_eq!(w.validate_json(&["f.csv"]).0, 1);
    let (clean, rejections) = (w.path("f.limpio.xlsx"), w.path("f.rechazos.xlsx"));
    assert_eq!(pair_state(&clean, &rejections), PairState::Matched);
    let old_rejections = std::fs::read(&rejections).unwrap();
    assert!(Stamp::of(&rejections).is_some());
    w.write("f.csv", form_csv(9, Some(3), 2));
    assert_eq!(w.validate_json(&["f.csv"]).0, 1);
    // As a kill between the two renames would leave it.
    std::fs::write(&rejections, &old_rejections).unwrap();
    assert!(matches!(
        pair_state(&clean, &rejections),
        PairState::Mismatched(_)
    ));
    // A run that cannot process the form says the pair does not match.
    w.write("f.csv", b"%PDF-1.7 no es un formato");
    let (code, json) = w.validate_json(&["f.csv"]);
    assert_eq!(code, 2);
    let outputs = &json["files"][0]["outputs"];
    assert!(outputs["mismatch"].as_str().is_some(), "{outputs}");
    assert_eq!(outputs["earlier"].as_array().unwrap().len(), 2);
    let text = w.sigce().args(["validar", "f.csv"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("SALIDAS_DESPAREJADAS"), "{stdout}");
    // A run that can replaces the pair and says what it found.
    w.write("f.csv", form_csv(9, Some(3), 3));
    let (code, json) = w.validate_json(&["f.csv"]);
    assert_eq!(code, 1);
    assert!(
        json["files"][0]["file_warnings"]
            .to_string()
            .contains("SALIDAS_DESPAREJADAS"),
        "{json}"
    );
    assert_eq!(pair_state(&clean, &rejections), PairState::Matched);
}

/// What a folder holds after a run was killed: one run's complete pair
/// (which of the two forms it came from), or a mismatch the stamps reveal.
#[derive(Debug, PartialEq)]
enum Seen {
    Complete(usize, usize),
    Mismatched,
}

fn seen(dir: &Path) -> Seen {
    let (clean, rejections) = (dir.join("f.limpio.xlsx"), dir.join("f.rechazos.xlsx"));
    match pair_state(&clean, &rejections) {
        PairState::Mismatched(_) => Seen::Mismatched,
        PairState::Nothing => panic!("the earlier pair is gone"),
        PairState::Matched => {
            let (a, b) = (Stamp::of(&clean), Stamp::of(&rejections));
            assert!(
                a.is_some() && a == b,
                "unstamped or different stamps: {a:?} {b:?}"
            );
            Seen::Complete(data_rows(&clean), data_rows(&rejections))
        }
    }
}

#[test]
fn a_killed_run_leaves_a_complete_pair_or_a_detected_mismatch() {
    // SIGKILL used to leave, about one time in fourteen, a new clean file
    // beside the old rejections, and a temporary file after every kill.
    let w = Workdir::new();
    let dir = w.path("salida");
    // Two forms that give pairs of different sizes: which run a complete
    // pair came from is told by its row counts.
    let a = w.write("a.csv", form_csv(3000, Some(5), 1));
    let b = w.write("b.csv", form_csv(4000, Some(4), 2));
    let run = |input: &Path| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
        cmd.arg("validar")
            .arg("--json")
            .arg("-s")
            .arg(&dir)
            .arg(input)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    // One input, f.csv, whose content is one form or the other before each run.
    let input = w.path("f.csv");
    let as_form = |from: &Path| {
        std::fs::copy(from, &input).unwrap();
        &input
    };
    let started = std::time::Instant::now();
    assert_eq!(run(as_form(&a)).status().unwrap().code(), Some(1));
    let full = started.elapsed();
    let from_a = seen(&dir);
    assert_eq!(run(as_form(&b)).status().unwrap().code(), Some(1));
    let from_b = seen(&dir);
    assert_ne!(from_a, from_b);
    let kills = 16;
    let mut outcomes = Vec::new();
    for i in 0..kills {
        let form = if i % 2 == 0 { &a } else { &b };
        // Spread over the whole run, and a little past it.
        let at = full.mul_f64(0.3 + 0.9 * f64::from(i) / f64::from(kills));
        let mut child = run(as_form(form)).spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let now = seen(&dir);
        assert!(
            now == Seen::Mismatched || now == from_a || now == from_b,
            "kill {i} after {at:?} left {now:?}"
        );
        outcomes.push(now);
    }
    // A later run sweeps what the killed ones left and writes a matching pair.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(run(as_form(&a)).status().unwrap().code(), Some(1));
    assert_eq!(seen(&dir), from_a);
    assert!(temporaries(&dir).is_empty(), "{:?}", temporaries(&dir));
    eprintln!("después de cada muerte: {outcomes:?}");
}

/// A small file system of its own, for the disk-full test; unmounted on drop.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: PathBuf, kib: u32) -> Result<SmallDisk, String> {
        std::fs::create_dir_all(&at).map_err(|e| e.to_string())?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&at)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(SmallDisk(at))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_earlier_pair_as_it_was() {
    // Disk full while writing the clean file used to delete the old
    // rejection workbook as stale and keep the old clean file.
    let w = Workdir::new();
    let disk = match SmallDisk::mount(w.path("disco"), 160) {
        Ok(d) => d,
        Err(why) => {
            eprintln!("omitida: no se pudo montar un disco pequeño (tmpfs) para llenarlo: {why}");
            return;
        }
    };
    let out = disk.0.to_str().unwrap().to_string();
    w.write("f.csv", form_csv(8, Some(4), 1));
    assert_eq!(w.validate_json(&["-s", &out, "f.csv"]).0, 1);
    let (clean, rejections) = (disk.0.join("f.limpio.xlsx"), disk.0.join("f.rechazos.xlsx"));
    let before = (
        std::fs::read(&clean).unwrap(),
        std::fs::read(&rejections).unwrap(),
    );
    // A large form, every row accepted: its clean file does not fit, and the
    // old rejection workbook would be stale.
    w.write("f.csv", form_csv(40_000, None, 2));
    let (code, json) = w.validate_json(&["-s", &out, "f.csv"]);
    assert_eq!(code, 2, "{json}");
    let file = &json["files"][0];
    assert_eq!(file["error"]["code"], "ESCRITURA_FALLIDA");
    assert!(
        file["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("No se pudo escribir")
            && file["error"]["message"]
                .as_str()
                .unwrap()
                .contains("el disco está lleno"),
        "{file}"
    );
    assert_eq!(file["outputs"]["earlier"].as_array().unwrap().len(), 2);
    assert_eq!(std::fs::read(&clean).unwrap(), before.0);
    assert_eq!(std::fs::read(&rejections).unwrap(), before.1);
    assert!(
        temporaries(&disk.0).is_empty(),
        "{:?}",
        temporaries(&disk.0)
    );
    // Nearly every row rejected: the new rejection workbook does not fit,
    // and the (small) new clean file must not replace the old one alone.
    w.write(
        "f.csv",
        form_csv(40_000, Some(1), 3).replacen("sin-arroba-1;", "p1@colegio.edu.co;", 1),
    );
    let (code, json) = w.validate_json(&["-s", &out, "f.csv"]);
    assert_eq!(code, 2, "{json}");
    assert_eq!(std::fs::read(&clean).unwrap(), before.0);
    assert_eq!(std::fs::read(&rejections).unwrap(), before.1);
    assert!(temporaries(&disk.0).is_empty());
}

#[test]
fn a_form_of_the_same_name_validated_later_does_not_replace_another_forms_results() {
    // a.xlsx validated, then a.csv alone: a.csv's run replaced
    // a.limpio.xlsx and deleted a.rechazos.xlsx, which were a.xlsx's.
    let w = Workdir::new();
    w.write("a.xlsx", form_csv(6, Some(3), 1));
    assert_eq!(w.validate_json(&["a.xlsx"]).0, 1);
    let before = (
        std::fs::read(w.path("a.limpio.xlsx")).unwrap(),
        std::fs::read(w.path("a.rechazos.xlsx")).unwrap(),
    );
    w.write("a.csv", form_csv(2, None, 2));
    let (code, json) = w.validate_json(&["a.csv"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"][0]["outputs"]["clean"], "a_csv.limpio.xlsx");
    assert_eq!(std::fs::read(w.path("a.limpio.xlsx")).unwrap(), before.0);
    assert_eq!(std::fs::read(w.path("a.rechazos.xlsx")).unwrap(), before.1);
    // The same input again keeps its own name.
    let (_, json) = w.validate_json(&["a.xlsx"]);
    assert_eq!(json["files"][0]["outputs"]["clean"], "a.limpio.xlsx");
}

#[test]
fn changing_the_clean_format_removes_the_earlier_clean_file_of_the_other_format() {
    // With --formato csv after an XLSX run, the old f.limpio.xlsx stayed:
    // its people were then in it and in the new rejection workbook.
    let w = Workdir::new();
    w.write("f.csv", form_csv(3, Some(3), 1));
    assert_eq!(w.validate_json(&["f.csv"]).0, 1);
    assert!(w.path("f.limpio.xlsx").exists());
    let (code, json) = w.validate_json(&["f.csv", "-f", "csv", "--estricto"]);
    assert_eq!(code, 1);
    assert!(
        !w.path("f.limpio.xlsx").exists(),
        "stale clean workbook left"
    );
    assert!(!w.path("f.limpio.csv").exists());
    assert!(
        !json.to_string().contains("SALIDAS_DESPAREJADAS"),
        "a matching earlier pair is not a mismatch: {json}"
    );
    // And the reverse: a clean CSV goes when a workbook run replaces it.
    assert_eq!(w.validate_json(&["f.csv", "-f", "csv"]).0, 1);
    assert!(w.path("f.limpio.csv").exists());
    let (_, json) = w.validate_json(&["f.csv"]);
    assert!(!w.path("f.limpio.csv").exists(), "stale clean CSV left");
    assert!(w.path("f.limpio.xlsx").exists());
    assert!(!json.to_string().contains("SALIDAS_DESPAREJADAS"), "{json}");
}

#[test]
fn a_form_only_named_like_an_output_is_validated_and_real_outputs_are_skipped() {
    // A folder with colegio.limpio.csv (a school's form) was reported as
    // having no forms; sigce's own outputs must still be left out.
    let w = Workdir::new();
    std::fs::create_dir(w.path("c")).unwrap();
    w.write("c/colegio.limpio.csv", form_csv(2, None, 1));
    w.write("c/.oculto.csv", form_csv(1, None, 2));
    w.write("c/~$bloqueo.csv", b"usuario");
    w.write("c/otro.csv", form_csv(3, Some(3), 3));
    // The outputs of a first run (otro.limpio.xlsx, otro.rechazos.xlsx, and
    // colegio.limpio.limpio.xlsx) are not forms for the second.
    let (code, json) = w.validate_json(&["c"]);
    assert_eq!(code, 1, "{json}");
    let inputs: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["input"].as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 3, "{inputs:?}");
    assert!(
        inputs.iter().any(|i| i.ends_with("colegio.limpio.csv")),
        "{inputs:?}"
    );
    assert!(
        inputs.iter().any(|i| i.ends_with(".oculto.csv")),
        "{inputs:?}"
    );
    let (code, json) = w.validate_json(&["c"]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["files"].as_array().unwrap().len(), 3, "{json}");
    // A clean CSV of ours is left out too.
    let (_, json) = w.validate_json(&["c/otro.csv", "-f", "csv", "-s", "d"]);
    assert_eq!(json["files"][0]["outputs"]["clean"], "d/otro.limpio.csv");
    std::fs::copy(w.path("c/otro.csv"), w.path("d/otro.csv")).unwrap();
    let (_, json) = w.validate_json(&["d"]);
    assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_prints_no_zipwriter_drop_message_in_english() {
    // The zip writer finished the archive in its Drop after the disk had
    // filled and printed "ZipWriter::drop: failed to finalize archive:
    // Io(Os { code: 28, kind: StorageFull ...})" beside the Spanish error.
    // Whether it did depends on where the disk fills: these sizes did.
    let w = Workdir::new();
    w.write("f.csv", form_csv(40_000, Some(1), 3));
    for kib in [120, 300, 800] {
        let disk = match SmallDisk::mount(w.path(&format!("disco{kib}")), kib) {
            Ok(d) => d,
            Err(why) => {
                eprintln!(
                    "omitida: no se pudo montar un disco pequeño (tmpfs) para llenarlo: {why}"
                );
                return;
            }
        };
        let out = disk.0.to_str().unwrap().to_string();
        let run = w
            .sigce()
            .args(["validar", "--json", "-s", &out, "f.csv"])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{kib} KB: {run:?}");
        let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(
            json["files"][0]["error"]["code"], "ESCRITURA_FALLIDA",
            "{kib} KB: {json}"
        );
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            !stderr.contains("ZipWriter") && !stderr.contains("drop"),
            "{kib} KB: {stderr}"
        );
        assert!(temporaries(&disk.0).is_empty());
    }
}
