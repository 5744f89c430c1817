//! `sigce validar`: read → headers → normalize → validate → partition → write,
//! for every input, with duplicates checked across all of them.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::ValidarArgs;
use crate::error::FileError;
use crate::form::Form;
use crate::ledger::{self, Ledger};
use crate::limits::Limits;
use crate::pipeline::{self, History};
use crate::policy::Policy;
use crate::policy::Settings;
use crate::read::Input;
use crate::report::{FileResult, Outputs};
use crate::write;
use crate::write::clean::{self, CleanFormat, Pairing};
use crate::write::output_set::{self, Staged, StagedFile};
use crate::write::stamp::{self, PairState, Partner, Stamp};

/// Extensions of the files a folder is searched for.
const SUPPORTED: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

/// The validated configuration of one run, built from the arguments before any work.
pub struct Config {
    /// Every input, with the error that already stops it (a folder without forms).
    pub inputs: Vec<(Input, Option<FileError>)>,
    pub output_dir: Option<PathBuf>,
    pub format: CleanFormat,
    pub strict: bool,
    pub rules: Settings,
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
            rules: Settings {
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
                    policy.ledger.as_deref(),
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

/// A supported spreadsheet that is not one of our outputs, an office lock
/// file or one of our temporaries. A file only named like an output
/// ("colegio.limpio.csv" from a school) is a form: an output is told by its
/// content (`is_our_output`).
fn is_form_file(path: &Path) -> bool {
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
fn is_our_output(path: &Path) -> bool {
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

/// One input, its early error if any, and where its outputs go.
type Job<'a> = (&'a (Input, Option<FileError>), &'a Option<Destination>);

/// Where one input's outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Destination {
    clean: PathBuf,
    rejections: PathBuf,
    /// The clean files in the other formats (`.limpio.csv` beside a run
    /// writing `.limpio.xlsx`, or the reverse): an earlier run's, stale.
    other_clean: Vec<PathBuf>,
    /// The input, as the stamps record it (`stamp::origin_of`).
    origin: String,
}

impl Destination {
    /// The clean file on disk, in whichever format an earlier run wrote it.
    fn clean_on_disk(&self) -> &Path {
        if self.clean.is_file() {
            return &self.clean;
        }
        self.other_clean
            .iter()
            .find(|p| p.is_file())
            .unwrap_or(&self.clean)
    }
}

/// The output names of every input, unique within each folder (compared
/// without case, as Windows does): a form keeps its own name ("a" →
/// a.limpio.xlsx) unless an earlier input took it; then it takes its
/// extension too ("a_csv"), then a number ("a_csv_2"). A fallback never
/// takes a name another input has as its own, so "a_csv.xlsx" keeps
/// "a_csv" even after "a.csv" fell back. Nor a name whose outputs on disk
/// an earlier run wrote for another input (their stamps say which): a.csv
/// validated after a.xlsx must not replace a.xlsx's results.
fn destinations(config: &Config) -> Vec<Option<Destination>> {
    let planned: Vec<Option<(PathBuf, String, String, String)>> = config
        .inputs
        .iter()
        .map(|(input, error)| {
            if error.is_some() {
                return None;
            }
            let (dir, stem, ext, origin) = match input {
                Input::Stdin => (
                    PathBuf::from("."),
                    "entrada".to_string(),
                    "csv".to_string(),
                    "-".to_string(),
                ),
                Input::Path(p) => (
                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    p.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    p.extension()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    stamp::origin_of(&canonical(p)),
                ),
                // An upload is written where the run writes (`--salida`,
                // else here), under its own name.
                Input::Bytes { name, .. } => (
                    PathBuf::from("."),
                    input.file_stem().unwrap_or_default(),
                    Path::new(name)
                        .extension()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    stamp::origin_of(Path::new(name)),
                ),
            };
            Some((config.output_dir.clone().unwrap_or(dir), stem, ext, origin))
        })
        .collect();
    let key = |dir: &Path, stem: &str| (canonical(dir), stem.to_lowercase());
    let own: HashSet<(PathBuf, String)> = planned
        .iter()
        .flatten()
        .map(|(dir, stem, _, _)| key(dir, stem))
        .collect();
    let mut used = HashSet::new();
    let taken_on_disk = |dir: &Path, name: &str, origin: &str| {
        stamp::belongs_to_another(
            &dir.join(format!("{name}.limpio.xlsx")),
            &dir.join(format!("{name}.rechazos.xlsx")),
            origin,
        )
    };
    planned
        .into_iter()
        .map(|plan| {
            let (dir, stem, ext, origin) = plan?;
            let fallbacks = (1..).map(|n| match n {
                1 => format!("{stem}_{ext}"),
                n => format!("{stem}_{ext}_{n}"),
            });
            let name = std::iter::once(stem.clone())
                .chain(fallbacks.filter(|f| !own.contains(&key(&dir, f))))
                .find(|n| !used.contains(&key(&dir, n)) && !taken_on_disk(&dir, n, &origin))?;
            used.insert(key(&dir, &name));
            Some(Destination {
                clean: dir.join(format!("{name}.limpio.{}", config.format.extension())),
                rejections: dir.join(format!("{name}.rechazos.xlsx")),
                other_clean: config
                    .format
                    .others()
                    .map(|f| dir.join(format!("{name}.limpio.{}", f.extension())))
                    .collect(),
                origin,
            })
        })
        .collect()
}

pub fn run(mut config: Config) -> Vec<FileResult> {
    let repeated = drop_repeats(&mut config);
    let dests = destinations(&config);
    let mut results = check(&config, &dests);
    warn_repeats(&mut results, &repeated);
    let staged = write_all(&mut results, &dests, &config, Publish::Now);
    debug_assert!(staged.iter().all(Option::is_none));
    results
}

/// A run whose outputs are complete under temporary names but not in place
/// yet: `sigce escalar` records the case first and publishes them only
/// after, so a refusal (already escalated, ledger read-only) writes nothing.
pub struct Pending {
    pub results: Vec<FileResult>,
    dests: Vec<Option<Destination>>,
    staged: Vec<Option<Staged>>,
}

impl Pending {
    /// The new content of an output that is not in place yet.
    pub fn staged_bytes(&self, dest: &Path) -> Option<std::io::Result<Vec<u8>>> {
        self.staged
            .iter()
            .flatten()
            .flat_map(|s| &s.files)
            .find(|f| f.dest == dest)
            .map(StagedFile::bytes)
    }

    /// Puts every staged set in place; a failure becomes that input's error.
    pub fn publish(self) -> Vec<FileResult> {
        let Pending {
            mut results,
            dests,
            staged,
        } = self;
        for ((result, dest), staged) in results.iter_mut().zip(&dests).zip(staged) {
            if let (Some(dest), Some(staged)) = (dest, staged) {
                publish_one(result, dest, staged);
            }
        }
        results
    }
}

/// Like `run`, but stops before the outputs are put in place.
pub fn prepare(mut config: Config) -> Pending {
    let repeated = drop_repeats(&mut config);
    let dests = destinations(&config);
    let mut results = check(&config, &dests);
    warn_repeats(&mut results, &repeated);
    let staged = write_all(&mut results, &dests, &config, Publish::Later);
    Pending {
        results,
        dests,
        staged,
    }
}

/// A file given twice (`a.csv ./a.csv`, a link to it, a folder and a file
/// in it) would be validated twice, and every row of the second copy
/// rejected as a duplicate of the first: it is validated once. Returns, for
/// each input kept, the names under which it was given again.
fn drop_repeats(config: &mut Config) -> Vec<(usize, String)> {
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

fn warn_repeats(results: &mut [FileResult], repeated: &[(usize, String)]) {
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

/// Whether each input's outputs are put in place as soon as they are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Publish {
    Now,
    Later,
}

/// Writes the outputs of every readable form (in parallel); an input whose
/// file failed keeps its earlier outputs, and the report says which.
fn write_all(
    results: &mut [FileResult],
    dests: &[Option<Destination>],
    config: &Config,
    publish: Publish,
) -> Vec<Option<Staged>> {
    // Temporaries that killed runs left in these folders go first.
    let folders: HashSet<PathBuf> = dests
        .iter()
        .flatten()
        .map(|d| folder_of(&d.clean).to_path_buf())
        .collect();
    for folder in &folders {
        output_set::sweep(folder);
    }
    let run = stamp::new_run_id();
    let to_write = results
        .iter()
        .zip(dests)
        .filter(|(r, d)| r.outcome.is_ok() && d.is_some())
        .count();
    let side_by_side = to_write < config.threads;
    let mut jobs: Vec<(&mut FileResult, &Option<Destination>, Option<Staged>)> = results
        .iter_mut()
        .zip(dests)
        .map(|(r, d)| (r, d, None))
        .collect();
    parallel_for_each(&mut jobs, config.threads, |(result, dest, staged)| {
        let Some(dest) = dest else { return };
        let before = stamp::pair_state(dest.clean_on_disk(), &dest.rejections);
        let form = match &mut result.outcome {
            Ok(form) => form,
            Err(_) => return keep_earlier(result, dest, before),
        };
        if let PairState::Mismatched(what) = &before {
            form.warnings.push(
                crate::write::codes::SALIDAS_DESPAREJADAS
                    .issue(
                        None,
                        format!(
                            "Los resultados que había en la carpeta no eran de la misma ejecución ({what}): una validación anterior se interrumpió. Esta ejecución los reemplaza."
                        ),
                    )
                    .with_help(crate::write::codes::SALIDAS_DESPAREJADAS.doc.todo),
            );
        }
        let name = result.input.display_name();
        let set = match stage(form, dest, config.format, &name, side_by_side, &run) {
            Ok(set) => set,
            Err(e) => {
                result.outcome = Err(e);
                return keep_earlier(result, dest, before);
            }
        };
        result.outputs = Outputs {
            clean: set
                .files
                .iter()
                .find(|f| f.dest == dest.clean)
                .map(|f| f.dest.clone()),
            rejections: set
                .files
                .iter()
                .find(|f| f.dest == dest.rejections)
                .map(|f| f.dest.clone()),
            ..Outputs::default()
        };
        match publish {
            Publish::Now => publish_one(result, dest, set),
            Publish::Later => *staged = Some(set),
        }
    });
    jobs.into_iter().map(|(_, _, staged)| staged).collect()
}

/// Puts one input's staged outputs in place; on failure the earlier ones
/// stay as they were and the input reports the error.
fn publish_one(result: &mut FileResult, dest: &Destination, set: Staged) {
    if let Err(failure) = set.publish() {
        // Put back as it was: what is on disk is the earlier set.
        let before = stamp::pair_state(dest.clean_on_disk(), &dest.rejections);
        let help = if failure.removing {
            "Cierre ese archivo si está abierto en Excel (o en otro programa) y valide de nuevo."
        } else {
            "Revise que la carpeta existe, que hay espacio y que el archivo no está abierto en Excel; luego valide de nuevo."
        };
        let what = if failure.removing {
            "No se pudo borrar el resultado anterior"
        } else {
            "No se pudo poner en su lugar"
        };
        let kept = if failure.not_restored.is_empty() {
            "Los resultados anteriores quedaron como estaban.".to_string()
        } else {
            let copies: Vec<String> = failure
                .not_restored
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            format!(
                "No se pudo poner de nuevo la versión anterior: quedó en {}.",
                copies.join(", ")
            )
        };
        result.outcome = Err(FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "{what} {}: {}. {kept}",
                failure.path.display(),
                crate::io_text::writing(&failure.error)
            ),
        )
        .with_help(help));
        keep_earlier(result, dest, before);
    }
}

/// Whether `path` is a clean file this tool wrote for the input `origin`:
/// a workbook by its stamp, a CSV by its header line (a CSV has no stamp).
fn is_our_clean_file(path: &Path, origin: &str) -> bool {
    if !path.is_file() {
        return false;
    }
    if CleanFormat::of_path(path).is_some_and(|f| f.signature().is_some()) {
        return is_our_output(path);
    }
    Stamp::of(path).is_some_and(|s| s.origin.as_deref().is_none_or(|o| o == origin))
}

/// Records what of an input's earlier outputs is on disk, when this run
/// wrote none for it.
fn keep_earlier(result: &mut FileResult, dest: &Destination, before: PairState) {
    result.outputs = Outputs {
        earlier: std::iter::once(&dest.clean)
            .chain(&dest.other_clean)
            .chain([&dest.rejections])
            .filter(|p| p.is_file())
            .cloned()
            .collect(),
        mismatch: match before {
            PairState::Mismatched(what) => Some(what),
            _ => None,
        },
        ..Outputs::default()
    };
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Read, check and decide every input: the whole run but the writing.
fn check(config: &Config, dests: &[Option<Destination>]) -> Vec<FileResult> {
    let input_paths: HashSet<PathBuf> = config
        .inputs
        .iter()
        .filter_map(|(i, _)| match i {
            Input::Path(p) => Some(canonical(p)),
            Input::Stdin | Input::Bytes { .. } => None,
        })
        .collect();
    if let Some(dir) = &config.output_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let err = FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "No se pudo crear la carpeta de salida {}: {}.",
                dir.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Indique en --salida una carpeta en la que se pueda escribir.");
        return config
            .inputs
            .iter()
            .map(|(input, _)| FileResult {
                input: input.clone(),
                outcome: Err(err.clone()),
                outputs: Outputs::default(),
            })
            .collect();
    }

    let progress = progress_bar(&config.inputs);
    let jobs: Vec<Job<'_>> = config.inputs.iter().zip(dests).collect();
    // Files are read and checked in parallel; results keep the input order.
    // With fewer files than threads, a thread reads each workbook ahead.
    let spare_core = jobs.len() < config.threads;
    let mut results: Vec<FileResult> =
        parallel_map(&jobs, config.threads, |((input, error), dest)| {
            progress.set_message(input.file_name());
            let outcome = match error {
                Some(e) => Err(e.clone()),
                None => check_destination(input, dest.as_ref(), &input_paths)
                    .and_then(|()| process(input, config, spare_core)),
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
    let ledger = config.ledger.as_deref().map(open_ledger);
    let history = match &ledger {
        None => History::Off,
        Some(Ok(ledger)) => History::Lookup(ledger),
        Some(Err(message)) => History::Unavailable(message.clone()),
    };
    pipeline::batch(&mut forms, &names, history, config.strict);

    results
}

/// Opens the ledger `--historial` names, for the batch step to consult.
fn open_ledger(path: &Path) -> Result<Ledger, String> {
    match Ledger::open_read_only(path) {
        Ok(Some(ledger)) => Ok(ledger),
        Ok(None) => Err(format!(
            "El historial {} no existe todavía: no hay envíos anteriores con qué comparar.",
            path.display()
        )),
        Err(e) => Err(e.message),
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
            &crate::write::codes::SALIDA_ES_ENTRADA,
            format!(
                "Los resultados de {} se escribirían en {}, que es también un archivo de entrada; no se validó para no sobrescribirlo.",
                input.display_name(),
                path.display()
            ),
        )
        .with_help("Use --salida para escribir los resultados en otra carpeta, o no pase ese archivo como entrada.")),
    }
}

/// Read → headers → normalize → row rules, for one input: the pipeline's.
/// `spare_core`: a thread may read a workbook ahead while its rows are checked.
fn process(input: &Input, config: &Config, spare_core: bool) -> Result<Form, FileError> {
    pipeline::check(
        input,
        &pipeline::Options {
            settings: config.rules,
            ticket: config.ticket.as_deref(),
            sheet: config.sheet.as_deref(),
            limits: &config.limits,
            spare_core,
        },
    )
}

/// Writes an input's new outputs under temporary names: the clean file
/// when some row was accepted, the rejection workbook when some row was
/// rejected; an earlier output this run does not produce is marked stale
/// (removed on publication), so the folder never shows a clean file for a
/// form that is now rejected. Both files carry the run's stamp.
fn stage(
    form: &Form,
    dest: &Destination,
    format: CleanFormat,
    name: &str,
    side_by_side: bool,
    run: &str,
) -> Result<Staged, FileError> {
    let failed = |path: &Path, e: std::io::Error| {
        FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "No se pudo escribir {}: {}. Los resultados anteriores quedaron como estaban.",
                path.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Revise que la carpeta existe, que hay espacio y que el archivo no está abierto en Excel; luego valide de nuevo.")
    };
    let (want_clean, want_rejections) = (
        form.accepted().next().is_some(),
        form.rejected().next().is_some(),
    );
    let mut set = Staged::default();
    if !want_clean {
        set.stale.push(dest.clean.clone());
    }
    if !want_rejections {
        set.stale.push(dest.rejections.clone());
    }
    // A clean file an earlier run wrote in another format holds the same
    // people as this run's outputs: it goes too, or they would be in two.
    for other in &dest.other_clean {
        if is_our_clean_file(other, &dest.origin) {
            set.stale.push(other.clone());
        }
    }
    let partner = |wanted: bool| {
        if wanted {
            Partner::Workbook
        } else {
            Partner::None
        }
    };
    // Each file is written straight into its temporary file: a large batch
    // is never held in memory a second time as bytes.
    let write_clean = |stamp: &Stamp| -> Result<(StagedFile, Partner), FileError> {
        let mut partner = Partner::Workbook;
        let context = clean::Context {
            stamp,
            side_by_side,
        };
        let file = StagedFile::write(&dest.clean, |file| {
            partner = format.write(form, file, &context)?;
            Ok(())
        })
        .map_err(|e| failed(&dest.clean, e))?;
        Ok((file, partner))
    };
    let write_rejections = |stamp: &Stamp| -> Result<StagedFile, FileError> {
        StagedFile::write(&dest.rejections, |file| {
            let ctx = write::rejections_xlsx::Context { file: name };
            let mut out = write::Latch::new(std::io::BufWriter::new(file));
            write::rejections_xlsx::write(form, &ctx, &mut out, stamp).map_err(write::io_error)?;
            out.finish()
        })
        .map_err(|e| failed(&dest.rejections, e))
    };
    let stamp_of = |clean: Partner| Stamp {
        run: run.to_string(),
        clean,
        rejections: partner(want_rejections),
        origin: Some(dest.origin.clone()),
    };
    match (want_clean, want_rejections, format.pairing()) {
        (true, false, _) => set.files.push(write_clean(&stamp_of(Partner::Workbook))?.0),
        (false, true, _) => set.files.push(write_rejections(&stamp_of(Partner::None))?),
        (false, false, _) => {}
        // The rejection workbook names the clean CSV by its hash: one after the other.
        (true, true, Pairing::Hashed { .. }) => {
            let (clean, hashed) = write_clean(&stamp_of(Partner::Workbook))?;
            let rejections = write_rejections(&stamp_of(hashed))?;
            set.files.extend([clean, rejections]);
        }
        // With a core to spare (fewer files than threads), the two files of
        // one form are written at the same time: for the usual single small
        // form that is most of what the agent waits for.
        (true, true, Pairing::Stamped) => {
            let stamp = stamp_of(Partner::Workbook);
            let (clean, rejections) = if side_by_side {
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| write_rejections(&stamp));
                    let clean = write_clean(&stamp);
                    let rejections = other.join().unwrap_or_else(|_| {
                        Err(failed(
                            &dest.rejections,
                            std::io::Error::other("fallo interno al escribir"),
                        ))
                    });
                    (clean, rejections)
                })
            } else {
                (write_clean(&stamp), write_rejections(&stamp))
            };
            set.files.extend([clean?.0, rejections?]);
        }
    }
    Ok(set)
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
