//! What `sigce validar` is given: files, folders searched for forms (never
//! this tool's own outputs), standard input; an input named twice is
//! validated once. And the progress line while they are read.

#[allow(unused_imports)]
use super::*;

/// Extensions of the files a folder is searched for.
pub(super) const SUPPORTED: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// Files, folders (their supported files, not this tool's outputs) and `-`.
pub(super) fn expand_inputs(entries: &[PathBuf]) -> Vec<(Input, Option<FileError>)> {
    let mut out = Vec::new();
    for entry in entries {
        if entry.as_os_str() == "-" {
            out.push((Input::Stdin, None));
        } else if entry.is_dir() {
            let found = folder_forms(entry);
            if found.is_empty() {
                out.push((Input::Path(entry.clone()), Some(FileError::new(
                    &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
                    format!(
                        "La carpeta {} no tiene formatos para validar (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv).",
                        entry.display()
                    ),
                )
                .with_help("Revise que los adjuntos se guardaron en esa carpeta."))));
            }
            out.extend(found.into_iter().map(|p| (Input::Path(p), None)));
        } else {
            out.push((Input::Path(entry.clone()), None));
        }
    }
    out
}

pub(super) fn folder_forms(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_form_file(p))
        .collect();
    files.sort();
    files
}

/// A supported spreadsheet that is not one of our outputs, an office lock
/// file or one of our temporaries. A file only named like an output
/// ("colegio.limpio.csv" from a school) is a form: an output is told by its
/// content (`is_our_output`).
pub(super) fn is_form_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let supported = path
        .extension()
        .is_some_and(|e| SUPPORTED.contains(&e.to_string_lossy().to_lowercase().as_str()));
    // Office lock files, macOS resource forks copied to a USB drive, and
    // our own temporaries hold no form.
    let never_a_form = name.starts_with("~$")
        || name.starts_with(".~lock")
        || name.starts_with("._")
        || name.starts_with(".sigce-");
    let named_like_output = name.contains(".limpio.") || name.contains(".rechazos.");
    supported && !never_a_form && !(named_like_output && is_our_output(path))
}

/// Whether a file named like an output was written by this tool: a
/// workbook by its stamp, or (outputs of releases before the stamp) by its
/// sheets; a clean CSV by its header line (`CleanFormat::signature`).
pub(super) fn is_our_output(path: &Path) -> bool {
    if let Some(header) = CleanFormat::of_path(path).and_then(CleanFormat::signature) {
        let mut start = vec![0; header.len()];
        return std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
            .is_ok_and(|()| start == header.as_bytes());
    }
    if Stamp::of(path).is_some() {
        return true;
    }
    stamp::small_part(path, "xl/workbook.xml").is_some_and(|xml| {
        xml.contains("name=\"Correcciones\"") || xml.contains("name=\"Resumen\"")
    })
}

/// A file given twice (`a.csv ./a.csv`, a link to it, a folder and a file
/// in it) would be validated twice, and every row of the second copy
/// rejected as a duplicate of the first: it is validated once. Returns, for
/// each input kept, the names under which it was given again.
pub(super) fn drop_repeats(config: &mut Plan) -> Vec<(usize, String)> {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut kept = Vec::new();
    let mut repeated = Vec::new();
    let mut stdin_seen = false;
    for (input, error) in std::mem::take(&mut config.inputs) {
        let key = match &input {
            Input::Path(p) if error.is_none() && p.is_file() => Some(canonical(p)),
            _ => None,
        };
        if let Some(key) = key {
            if let Some(first) = seen.iter().position(|k| *k == key) {
                let index = kept
                    .iter()
                    .position(|(i, _): &(Input, Option<FileError>)| {
                        matches!(i, Input::Path(p) if canonical(p) == seen[first])
                    })
                    .unwrap_or(0);
                repeated.push((index, input.display_name()));
                continue;
            }
            seen.push(key);
        }
        // Standard input can be read once: a second `-` has nothing left.
        if input == Input::Stdin {
            if stdin_seen {
                kept.push((input, Some(FileError::new(
                    &crate::read::codes::ARCHIVO_NO_ENCONTRADO,
                    "La entrada estándar («-») se indicó dos veces: solo se puede leer una vez, y ya se leyó para la primera.",
                )
                .with_help("Indique «-» una sola vez; para validar varios archivos, páselos por su nombre."))));
                continue;
            }
            stdin_seen = true;
        }
        kept.push((input, error));
    }
    config.inputs = kept;
    repeated
}

pub(super) fn warn_repeats(results: &mut [FileResult], repeated: &[(usize, String)]) {
    for (index, name) in repeated {
        let Some(result) = results.get_mut(*index) else {
            continue;
        };
        let first = result.input.display_name();
        if let Ok(form) = &mut result.outcome {
            form.warnings.push(
                crate::read::codes::ENTRADA_REPETIDA
                    .issue(
                        None,
                        format!(
                            "El archivo {first} se indicó otra vez como {name}: se validó una sola vez."
                        ),
                    )
                    .with_help(crate::read::codes::ENTRADA_REPETIDA.doc.todo),
            );
        }
    }
}

/// The absolute path, resolving links when the file exists.
pub(super) fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            dir.canonicalize()
                .map_or_else(|_| path.to_path_buf(), |d| d.join(name))
        }
        _ => path.to_path_buf(),
    }
}

/// A progress bar on stderr, only on a terminal and only for long runs:
/// several files, or files large enough to take seconds (a secretaría's
/// whole staff), where a silent terminal would look hung.
pub(super) fn progress_bar(inputs: &[(Input, Option<FileError>)]) -> indicatif::ProgressBar {
    const LARGE_BYTES: u64 = 2 * 1024 * 1024;
    let bytes: u64 = inputs
        .iter()
        .filter_map(|(i, _)| match i {
            Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Bytes { bytes, .. } => Some(bytes.len() as u64),
            Input::Stdin => None,
        })
        .sum();
    if (inputs.len() < 3 && bytes < LARGE_BYTES) || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(inputs.len() as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {bar:30} {pos}/{len} archivos · {elapsed} · {msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
