//! Tests of publishing a set of outputs, putting back the previous one, and the sweep.

use std::time::Duration;

use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn staged(dest: &Path, bytes: &'static [u8]) -> StagedFile {
    StagedFile::write(dest, |f| std::io::Write::write_all(f, bytes)).unwrap()
}

#[test]
fn a_set_replaces_the_previous_one_and_removes_the_stale_file() {
    let dir = tempfile::tempdir().unwrap();
    let (c, r) = (
        dir.path().join("a.limpio.xlsx"),
        dir.path().join("a.rechazos.xlsx"),
    );
    std::fs::write(&c, b"viejo limpio").unwrap();
    std::fs::write(&r, b"viejos rechazos").unwrap();
    let set = Staged {
        files: vec![staged(&c, b"nuevo limpio")],
        stale: vec![r.clone()],
    };
    set.publish().unwrap();
    assert_eq!(std::fs::read(&c).unwrap(), b"nuevo limpio");
    assert!(!r.exists());
    assert_eq!(names(dir.path()), ["a.limpio.xlsx"]);
}

#[test]
fn a_failed_second_rename_puts_the_first_file_back() {
    let dir = tempfile::tempdir().unwrap();
    let (c, r) = (
        dir.path().join("a.limpio.xlsx"),
        dir.path().join("a.rechazos.xlsx"),
    );
    std::fs::write(&c, b"viejo limpio").unwrap();
    // The rejection workbook's path is a folder: its rename fails.
    std::fs::create_dir(&r).unwrap();
    std::fs::write(r.join("dentro"), b"x").unwrap();
    let set = Staged {
        files: vec![staged(&c, b"nuevo limpio"), staged(&r, b"nuevos rechazos")],
        stale: vec![],
    };
    let failure = set.publish().unwrap_err();
    assert_eq!(failure.path, r);
    assert_eq!(std::fs::read(&c).unwrap(), b"viejo limpio");
    assert_eq!(names(dir.path()), ["a.limpio.xlsx", "a.rechazos.xlsx"]);
}

#[test]
fn a_stale_output_in_the_way_of_removal_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (c, r) = (
        dir.path().join("a.limpio.xlsx"),
        dir.path().join("a.rechazos.xlsx"),
    );
    std::fs::write(&c, b"viejo limpio").unwrap();
    std::fs::create_dir(&r).unwrap();
    let failure = Staged {
        files: vec![staged(&c, b"nuevo limpio")],
        stale: vec![r.clone()],
    }
    .publish()
    .unwrap_err();
    assert_eq!(failure.path, r);
    assert_eq!(std::fs::read(&c).unwrap(), b"viejo limpio");
    assert_eq!(names(dir.path()), ["a.limpio.xlsx", "a.rechazos.xlsx"]);
}

#[test]
fn a_staged_file_is_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = staged(&dir.path().join("a.limpio.xlsx"), b"contenido completo");
    assert_eq!(file.bytes().unwrap(), b"contenido completo");
    assert_eq!(file.bytes().unwrap(), b"contenido completo");
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("a.limpio.xlsx");
    let result = StagedFile::write(&dest, |f| {
        std::io::Write::write_all(f, b"la mitad")?;
        Err(std::io::Error::other("disco lleno"))
    });
    assert!(result.is_err());
    assert!(names(dir.path()).is_empty());
}

#[test]
fn the_sweep_removes_old_unlocked_temporaries_only() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".sigce-muerto.tmp");
    std::fs::write(&stale, b"x").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // A live run's temporary: locked.
    let live = temporary_in(dir.path()).unwrap();
    live.as_file().set_modified(old).unwrap();
    // Just created by another run, not locked yet.
    std::fs::write(dir.path().join(".sigce-nuevo.tmp"), b"x").unwrap();
    // Not ours.
    let other = dir.path().join("notas.tmp");
    std::fs::write(&other, b"x").unwrap();
    File::options()
        .write(true)
        .open(&other)
        .unwrap()
        .set_modified(old)
        .unwrap();
    // A previous output kept aside a moment ago by a live publication:
    // a hard link has the output's old modification time, but it was
    // made just now.
    let output = dir.path().join("a.limpio.xlsx");
    std::fs::write(&output, b"anterior").unwrap();
    File::options()
        .write(true)
        .open(&output)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let kept = keep_aside(&output).unwrap();
    assert_eq!(sweep(dir.path()), 1);
    assert!(
        kept.copy.exists(),
        "a live publication's kept copy was swept"
    );
    assert!(!stale.exists());
    assert!(live.path().exists());
    assert!(dir.path().join(".sigce-nuevo.tmp").exists());
    assert!(other.exists());
    drop_kept(vec![kept]);
}

/// A run the memory budget stopped while writing its rejection workbook
/// (an exit without unwinding) left its clean file and the half-written
/// workbook as temporaries in the output folder.
#[test]
fn regression_a_stop_on_the_memory_budget_leaves_no_output_half_written() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mine = |p: &Path| p.starts_with(dir.path());
    // The clean file is complete, the workbook is being written: the stop
    // comes while it is.
    let clean = StagedFile::write(&dir.path().join("a.limpio.csv"), |f| {
        f.write_all(b"completo")
    })
    .unwrap();
    let mut seen = Vec::new();
    let _ = StagedFile::write(&dir.path().join("a.rechazos.xlsx"), |f| {
        f.write_all(b"a medio")?;
        seen = names(dir.path());
        remove_unfinished_where(mine);
        Ok(())
    });
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    drop(clean);
    // Once placed, an output is no longer unfinished: a later stop keeps it.
    let dest = dir.path().join("b.limpio.csv");
    StagedFile::write(&dest, |f| f.write_all(b"b"))
        .unwrap()
        .place()
        .unwrap();
    remove_unfinished_where(mine);
    assert_eq!(std::fs::read(&dest).unwrap(), b"b");
}
