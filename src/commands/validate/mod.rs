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

mod destination;
mod inputs;
mod publish;
mod threads;

use destination::*;
use inputs::*;
use publish::*;
use threads::*;

/// The plan of one run, built and checked from the arguments before any work.
pub struct Plan {
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
    /// Cells changed by hand, by input file (`sigce web`); the command
    /// line has none.
    pub edits: Vec<(PathBuf, Vec<pipeline::Edit>)>,
}

impl Plan {
    /// The run's configuration: the arguments, over the policy file's defaults.
    pub fn from_args(args: &ValidarArgs, policy: &'static Policy) -> Plan {
        Plan {
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
            // `--historial` alone: the configured ledger.
            ledger: args
                .historial
                .as_ref()
                .map(|p| ledger::path(p.as_deref(), policy.ledger.as_deref())),
            edits: Vec::new(),
        }
    }
}

/// One input, its early error if any, and where its outputs go.
type Job<'a> = (&'a (Input, Option<FileError>), &'a Option<Destination>);

pub fn run(mut config: Plan) -> Vec<FileResult> {
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
pub fn prepare(mut config: Plan) -> Pending {
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

/// Read, check and decide every input: the whole run but the writing.
fn check(config: &Plan, dests: &[Option<Destination>]) -> Vec<FileResult> {
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

    crate::memory::set_run_stage(crate::memory::Stage::Reading);
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
    crate::memory::set_run_stage(crate::memory::Stage::Comparing);
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

/// Read → headers → normalize → row rules, for one input: the pipeline's.
/// `spare_core`: a thread may read a workbook ahead while its rows are checked.
fn process(input: &Input, config: &Plan, spare_core: bool) -> Result<Form, FileError> {
    let edits = match input {
        Input::Path(path) => config
            .edits
            .iter()
            .find(|(p, _)| p == path)
            .map_or(&[][..], |(_, e)| e.as_slice()),
        Input::Stdin | Input::Bytes { .. } => &[],
    };
    pipeline::check(
        input,
        &pipeline::Options {
            settings: config.rules,
            ticket: config.ticket.as_deref(),
            sheet: config.sheet.as_deref(),
            limits: &config.limits,
            spare_core,
            edits,
        },
    )
}
