//! `sigce validar`: read → headers → normalize → validate → partition → write,
//! for every input, with duplicates checked across all of them.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{CleanFormat, ValidarArgs};
use crate::config::Policy;
use crate::error::FileError;
use crate::form::{self, BuildOptions, Form};
use crate::ledger::{self, Ledger};
use crate::limits::Limits;
use crate::partition;
use crate::read::{self, Input, Reading};
use crate::report::{FileResult, Outputs};
use crate::rules::{RuleOptions, archivo, historial};
use crate::write;

/// Extensions of the files a folder is searched for.
const SUPPORTED: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// The validated configuration of one run, built from the arguments before any work.
pub struct Config {
    /// Every input, with the error that already stops it (a folder without forms).
    pub inputs: Vec<(Input, Option<FileError>)>,
    pub output_dir: Option<PathBuf>,
    pub format: CleanFormat,
    pub strict: bool,
    pub rules: RuleOptions,
    pub ticket: Option<String>,
    pub sheet: Option<String>,
    pub limits: Limits,
    /// Files processed at the same time (`--hilos`).
    pub threads: usize,
    /// The ledger to compare with (`--historial`), when asked for.
    pub ledger: Option<PathBuf>,
}

impl Config {
    /// The run's configuration: the arguments, over the policy file's defaults.
    pub fn from_args(args: &ValidarArgs, policy: &'static Policy) -> Config {
        Config {
            inputs: expand_inputs(&args.entradas),
            output_dir: args.salida.clone(),
            format: args.formato,
            strict: (policy.strict || args.estricto) && !args.no_estricto,
            rules: RuleOptions {
                keep_accents: policy.keep_accents || args.conservar_tildes,
                policy,
            },
            ticket: args.ticket.clone(),
            sheet: args.hoja.clone(),
            limits: args.limits(),
            threads: args
                .hilos
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            // `--historial` alone is an empty value: the configured ledger.
            ledger: args.historial.as_ref().map(|p| {
                ledger::path(
                    Some(p.as_path()).filter(|p| !p.as_os_str().is_empty()),
                    policy,
                )
            }),
        }
    }
}

/// Files, folders (their supported files, not this tool's outputs) and `-`.
fn expand_inputs(entries: &[PathBuf]) -> Vec<(Input, Option<FileError>)> {
    let mut out = Vec::new();
    for entry in entries {
        if entry.as_os_str() == "-" {
            out.push((Input::Stdin, None));
        } else if entry.is_dir() {
            let found = folder_forms(entry);
            if found.is_empty() {
                out.push((Input::Path(entry.clone()), Some(FileError::new(
                    &archivo::ARCHIVO_NO_ENCONTRADO,
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

fn folder_forms(dir: &Path) -> Vec<PathBuf> {
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

/// A supported spreadsheet that is not one of our outputs nor an office lock file.
fn is_form_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let supported = path
        .extension()
        .is_some_and(|e| SUPPORTED.contains(&e.to_string_lossy().to_lowercase().as_str()));
    let ours = name.contains(".limpio.") || name.contains(".rechazos.");
    let lock = name.starts_with("~$") || name.starts_with(".~lock") || name.starts_with('.');
    supported && !ours && !lock
}

/// One input, its early error if any, and where its outputs go.
type Job<'a> = (&'a (Input, Option<FileError>), &'a Option<Destination>);

/// Where one input's outputs go.
struct Destination {
    clean: PathBuf,
    rejections: PathBuf,
}

fn destinations(config: &Config) -> Vec<Option<Destination>> {
    let mut used = HashSet::new();
    config
        .inputs
        .iter()
        .map(|(input, error)| {
            if error.is_some() {
                return None;
            }
            let (dir, stem, ext) = match input {
                Input::Stdin => (PathBuf::from("."), "entrada".to_string(), "csv".to_string()),
                Input::Path(p) => (
                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    p.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    p.extension()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
            };
            let dir = config.output_dir.clone().unwrap_or(dir);
            // Two inputs with one stem ("a.xlsx", "a.csv") must not overwrite each other.
            let mut stem_used = stem.clone();
            if !used.insert((dir.clone(), stem_used.to_lowercase())) {
                stem_used = format!("{stem}_{ext}");
                used.insert((dir.clone(), stem_used.to_lowercase()));
            }
            let clean_ext = match config.format {
                CleanFormat::Xlsx => "xlsx",
                CleanFormat::Csv => "csv",
            };
            Some(Destination {
                clean: dir.join(format!("{stem_used}.limpio.{clean_ext}")),
                rejections: dir.join(format!("{stem_used}.rechazos.xlsx")),
            })
        })
        .collect()
}

pub fn run(config: Config) -> Vec<FileResult> {
    let dests = destinations(&config);
    let input_paths: HashSet<PathBuf> = config
        .inputs
        .iter()
        .filter_map(|(i, _)| match i {
            Input::Path(p) => Some(canonical(p)),
            Input::Stdin => None,
        })
        .collect();
    if let Some(dir) = &config.output_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let err = FileError::new(
            &archivo::ESCRITURA_FALLIDA,
            format!(
                "No se pudo crear la carpeta de salida {}: {e}.",
                dir.display()
            ),
        )
        .with_help("Indique en --salida una carpeta en la que se pueda escribir.");
        return config
            .inputs
            .into_iter()
            .map(|(input, _)| FileResult {
                input,
                outcome: Err(err.clone()),
                outputs: Outputs::default(),
            })
            .collect();
    }

    let progress = progress_bar(&config.inputs);
    let jobs: Vec<Job<'_>> = config.inputs.iter().zip(&dests).collect();
    // Files are read and checked in parallel; results keep the input order.
    // With fewer files than threads, a thread reads each workbook ahead.
    let spare_core = jobs.len() < config.threads;
    let mut results: Vec<FileResult> =
        parallel_map(&jobs, config.threads, |((input, error), dest)| {
            progress.set_message(input.file_name());
            let outcome = match error {
                Some(e) => Err(e.clone()),
                None => check_destination(input, dest.as_ref(), &input_paths)
                    .and_then(|()| process(input, &config, spare_core)),
            };
            progress.inc(1);
            FileResult {
                input: input.clone(),
                outcome,
                outputs: Outputs::default(),
            }
        });
    progress.finish_and_clear();

    // Duplicates are looked for across every form of the run, then each row is decided.
    let names: Vec<String> = results
        .iter()
        .filter(|r| r.outcome.is_ok())
        .map(|r| r.input.file_name())
        .collect();
    let mut forms: Vec<&mut Form> = results
        .iter_mut()
        .filter_map(|r| r.outcome.as_mut().ok())
        .collect();
    partition::apply_batch_rules(&mut forms, &names);
    if let Some(path) = &config.ledger {
        compare_with_ledger(&mut forms, path);
    }
    for form in forms {
        partition::partition(form, config.strict);
    }

    let mut pairs: Vec<(&mut FileResult, &Option<Destination>)> =
        results.iter_mut().zip(&dests).collect();
    let to_write = pairs
        .iter()
        .filter(|(r, d)| r.outcome.is_ok() && d.is_some())
        .count();
    let side_by_side = to_write < config.threads;
    parallel_for_each(&mut pairs, config.threads, |(result, dest)| {
        let (Ok(form), Some(dest)) = (&result.outcome, dest) else {
            return;
        };
        match write_outputs(
            form,
            dest,
            config.format,
            &result.input.display_name(),
            side_by_side,
        ) {
            Ok(outputs) => result.outputs = outputs,
            Err(e) => result.outcome = Err(e),
        }
    });
    results
}

/// Warns about rows already sent to level 2. A ledger that cannot be read is
/// a file warning: it never stops the validation.
fn compare_with_ledger(forms: &mut [&mut Form], path: &Path) {
    let warn = |forms: &mut [&mut Form], message: String| {
        for form in forms.iter_mut() {
            form.warnings.push(
                historial::HISTORIAL_NO_DISPONIBLE
                    .issue(None, message.clone())
                    .with_help(historial::HISTORIAL_NO_DISPONIBLE.doc.todo),
            );
        }
    };
    let ledger = match Ledger::open_read_only(path) {
        Ok(Some(l)) => l,
        Ok(None) => {
            let message = format!(
                "El historial {} no existe todavía: no hay envíos anteriores con qué comparar.",
                path.display()
            );
            return warn(forms, message);
        }
        Err(e) => return warn(forms, e.message),
    };
    let mut failure = None;
    for form in forms.iter_mut() {
        for row in &mut form.rows {
            let found = historial::check(&row.row, |column, value| {
                match ledger.earlier(column, value) {
                    Ok(found) => found,
                    Err(e) => {
                        failure.get_or_insert(e.message);
                        None
                    }
                }
            });
            row.issues.extend(found);
        }
    }
    if let Some(message) = failure {
        warn(forms, message);
    }
}

/// `f` over `items` on up to `threads` threads; results in the items' order.
fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    let done = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    mine.push((i, f(item)));
                }
                done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
    });
    for (i, r) in done.into_inner().unwrap_or_else(|e| e.into_inner()) {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

/// `f` on every item, on up to `threads` threads. Items are handed out one
/// at a time, so a thread that drew large files does not leave the other idle.
fn parallel_for_each<T: Send>(items: &mut [T], threads: usize, f: impl Fn(&mut T) + Sync) {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let queue = std::sync::Mutex::new(items.iter_mut());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                    let Some(item) = next else { break };
                    f(item);
                }
            });
        }
    });
}

/// Refuses outputs that would overwrite an input of the same run.
fn check_destination(
    input: &Input,
    dest: Option<&Destination>,
    input_paths: &HashSet<PathBuf>,
) -> Result<(), FileError> {
    let Some(dest) = dest else { return Ok(()) };
    let clash = [&dest.clean, &dest.rejections]
        .into_iter()
        .find(|p| input_paths.contains(&canonical(p)));
    match clash {
        None => Ok(()),
        Some(path) => Err(FileError::new(
            &archivo::SALIDA_ES_ENTRADA,
            format!(
                "Los resultados de {} se escribirían en {}, que es también un archivo de entrada; no se validó para no sobrescribirlo.",
                input.display_name(),
                path.display()
            ),
        )
        .with_help("Use --salida para escribir los resultados en otra carpeta, o no pase ese archivo como entrada.")),
    }
}

/// Read → headers → normalize → row rules, for one input.
/// `spare_core`: a thread may read a workbook ahead while its rows are checked.
fn process(input: &Input, config: &Config, spare_core: bool) -> Result<Form, FileError> {
    let stem = match input {
        Input::Path(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()),
        Input::Stdin => None,
    };
    let opts = BuildOptions {
        rules: config.rules,
        ticket: config.ticket.as_deref(),
        file_stem: stem.as_deref(),
        file: &input.display_name(),
    };
    let streamed = Reading::Streamed {
        concurrent: spare_core,
    };
    let sheets = read::read(input, config.sheet.as_deref(), &config.limits, streamed)?;
    match form::build(sheets, &opts) {
        // Cells out of row order (hand-made files) show only while reading
        // on: such a sheet is read whole and put in order.
        Err(e) if e.read_whole => {
            let sheets = read::read(
                input,
                config.sheet.as_deref(),
                &config.limits,
                Reading::Whole,
            )?;
            form::build(sheets, &opts)
        }
        result => result,
    }
}

/// Writes the clean file when some row was accepted and the rejection
/// workbook when some row was rejected. A stale output of an earlier run
/// that this run does not produce is removed, so the folder never shows a
/// clean file for a form that is now rejected.
fn write_outputs(
    form: &Form,
    dest: &Destination,
    format: CleanFormat,
    name: &str,
    side_by_side: bool,
) -> Result<Outputs, FileError> {
    let failed = |path: &Path, detail: String| {
        FileError::new(
            &archivo::ESCRITURA_FALLIDA,
            format!("No se pudo escribir {}: {detail}.", path.display()),
        )
        .with_help("Revise que la carpeta existe, que hay espacio y que el archivo no está abierto en Excel; luego valide de nuevo.")
    };
    // Each file is written straight into its temporary file: a large batch
    // is never held in memory a second time as bytes.
    let clean = || -> Result<Option<PathBuf>, FileError> {
        if form.accepted().next().is_none() {
            remove_stale(&dest.clean).map_err(|e| failed(&dest.clean, e.to_string()))?;
            return Ok(None);
        }
        write::write_atomic_with(&dest.clean, |file| {
            let mut out = std::io::BufWriter::new(file);
            match format {
                CleanFormat::Xlsx => write::clean_xlsx::write(form, &mut out, side_by_side)
                    .map_err(std::io::Error::other),
                CleanFormat::Csv => {
                    write::clean_csv::write(form, &mut out).map_err(std::io::Error::other)
                }
            }?;
            // Flushed here, where an error is seen (a drop would hide it).
            out.flush()
        })
        .map_err(|e| failed(&dest.clean, e.to_string()))?;
        Ok(Some(dest.clean.clone()))
    };
    let rejections = || -> Result<Option<PathBuf>, FileError> {
        if form.rejected().next().is_none() {
            remove_stale(&dest.rejections).map_err(|e| failed(&dest.rejections, e.to_string()))?;
            return Ok(None);
        }
        write::write_atomic_with(&dest.rejections, |file| {
            let ctx = write::rejections_xlsx::Context { file: name };
            let mut out = std::io::BufWriter::new(file);
            write::rejections_xlsx::write(form, &ctx, &mut out).map_err(std::io::Error::other)?;
            out.flush()
        })
        .map_err(|e| failed(&dest.rejections, e.to_string()))?;
        Ok(Some(dest.rejections.clone()))
    };
    // With a core to spare (fewer files than threads), the two files of one
    // form are written at the same time: for the usual single small form
    // that is most of what the agent waits for.
    let (clean, rejections) = if side_by_side {
        std::thread::scope(|scope| {
            let other = scope.spawn(rejections);
            let clean = clean();
            let rejections = other.join().unwrap_or_else(|_| {
                Err(failed(
                    &dest.rejections,
                    "fallo interno al escribir".to_string(),
                ))
            });
            (clean, rejections)
        })
    } else {
        (clean(), rejections())
    };
    Ok(Outputs {
        clean: clean?,
        rejections: rejections?,
    })
}

fn remove_stale(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The absolute path, resolving links when the file exists.
fn canonical(path: &Path) -> PathBuf {
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
fn progress_bar(inputs: &[(Input, Option<FileError>)]) -> indicatif::ProgressBar {
    const LARGE_BYTES: u64 = 2 * 1024 * 1024;
    let bytes: u64 = inputs
        .iter()
        .filter_map(|(i, _)| match i {
            Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
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
