//! `sigce atender`: the level-1 script as a guided interview. It asks what
//! `case::progress` says is still to ask (the identification block, the
//! request type and that type's details), checking each answer when Enter
//! is pressed, and saves `caso_<ticket>.toml` after every answer (written
//! to a temporary file and renamed), so that Esc, Ctrl+C or a failed check
//! lose nothing; then it escalates the case. `--caso` resumes a case: what
//! it holds, and what was answered empty, is not asked again. Without a
//! terminal nothing is asked at all: the case file must be complete.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use inquire::error::InquireResult;
use inquire::validator::Validation;
use inquire::{InquireError, Select, Text};

use crate::case::answers::check_item;
use crate::case::checklist;
use crate::case::error::code;
use crate::case::progress::{self, Step};
use crate::case::requests::question::MANDATORY;
use crate::case::requests::{Prompt, Question};
use crate::case::{Case, CaseError, Item, RequestType, file};
use crate::cli::AtenderArgs;
use crate::policy::Policy;
use crate::write;

use super::escalate::{self, Options, Outcome};

/// The calling populations offered, as (what the agent sees, what the case
/// keeps); after them, "Otra" lets the agent type one.
pub const POPULATIONS: &[(&str, &str)] = &[
    ("Colegio (establecimiento educativo)", "Colegio"),
    ("Secretaría de Educación", "Secretaría de Educación"),
    ("Ministerio de Educación Nacional (MEN)", "MEN"),
];

const OTHER_POPULATION: &str = "Otra";

const SELECT_HELP: &str = "↑↓ para moverse, Enter para elegir, escriba para filtrar";

pub fn run(args: &AtenderArgs, policy: &'static Policy) -> Result<Outcome, CaseError> {
    let dir = args.salida.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut case = match &args.caso {
        Some(path) => file::load(path)?,
        None => Case {
            base_dir: dir.clone(),
            ..Case::default()
        },
    };
    let interactive = std::io::stdin().is_terminal();
    let mut store = Store {
        dir: dir.clone(),
        resumed: args.caso.clone(),
        saved: None,
        interactive,
    };
    if interactive {
        set_spanish_prompts();
        if let Err(stop) = interview(&mut case, &mut store) {
            return Err(stopped(&store, stop));
        }
    }
    if let Err(mut e) = checklist::check(&case) {
        e.help = Some(if interactive {
            // Everything answered is in the file already.
            let at = store.where_it_is();
            format!(
                "Lo respondido quedó en {at}: corrija ahí esos datos, o continúe con «sigce atender --caso {at}», y escálelo de nuevo. No se escribió ningún correo."
            )
        } else {
            "Sin terminal, sigce atender no pregunta nada: complete esos datos en el archivo del caso y páselo con --caso (o escálelo con «sigce escalar»). No se escribió ningún correo."
                .to_string()
        });
        return Err(e);
    }
    // A checked case has its ticket, so it is always saved here.
    let path = match store.save(&mut case) {
        Ok(Some(path)) => path,
        Ok(None) => {
            return Err(checklist::check(&case).err().unwrap_or_else(|| {
                CaseError::new(code::CASO_INCOMPLETO, "El caso no tiene número de ticket.")
            }));
        }
        Err(stop) => return Err(stopped(&store, stop)),
    };
    let saved = file::load(&path)?;
    let ledger = crate::ledger::path(args.historial.as_deref(), policy.ledger.as_deref());
    escalate_saved(&saved, dir, ledger, args.reenviar, policy, &[]).map_err(|e| kept_in(e, &path))
}

/// An escalation that failed after the interview (no mailbox configured,
/// a ledger locked): the answers are in the case file; the error says where
/// and how to go on from it.
fn kept_in(mut e: CaseError, path: &Path) -> CaseError {
    let at = path.display();
    let note = if e.code == code::YA_ESCALADO {
        format!("El caso quedó guardado en {at}.")
    } else {
        format!(
            "Lo respondido quedó guardado en {at}; cuando esté resuelto, escálelo con «sigce escalar {at}»."
        )
    };
    e.help = Some(match e.help.take() {
        Some(help) => format!("{help}\n{note}"),
        None => note,
    });
    e
}

/// Where an intake keeps its case file and draft: `-o`, or the current
/// folder (absolute, to be told to the agent).
pub fn cases_dir(salida: Option<&Path>) -> PathBuf {
    let dir = salida.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::path::absolute(&dir).unwrap_or(dir)
}

/// The end of an intake, from its saved case file: the case enters the
/// ledger (`abierto`) and is escalated, its draft written to `dir`.
/// `edits`: cells of its forms changed by hand (`sigce web`), by form file
/// (one the case no longer lists changes nothing).
pub fn escalate_saved(
    saved: &Case,
    dir: PathBuf,
    ledger: PathBuf,
    resend: bool,
    policy: &'static Policy,
    edits: &[(PathBuf, Vec<crate::pipeline::Edit>)],
) -> Result<Outcome, CaseError> {
    open_case(saved, &ledger)?;
    escalate::run_edited(
        saved,
        &Options {
            output_dir: Some(dir),
            ledger,
            resend,
            policy,
        },
        edits,
    )
}

/// Saves a case as the interview does after every answer: its paths made
/// absolute (typed relative to where the agent is, they must still work
/// from the file's folder), written atomically.
pub fn keep(case: &Case, path: &Path) -> Result<(), CaseError> {
    let mut kept = case.clone();
    absolute_paths(&mut kept);
    save(&kept, path)
}

/// Why the interview stopped.
enum Stop {
    /// Esc, Ctrl+C, or a terminal that failed.
    Prompt(InquireError),
    /// The case could not be saved, or an existing one was not replaced.
    Case(CaseError),
}

impl From<InquireError> for Stop {
    fn from(e: InquireError) -> Stop {
        Stop::Prompt(e)
    }
}

impl From<CaseError> for Stop {
    fn from(e: CaseError) -> Stop {
        Stop::Case(e)
    }
}

/// Where the case being attended is saved: `caso_<ticket>.toml` in the
/// output folder, written again after every answer. The file of `--caso`
/// is that file when it lies there; otherwise it is left as it was.
struct Store {
    dir: PathBuf,
    resumed: Option<PathBuf>,
    /// The file written, once it has been.
    saved: Option<PathBuf>,
    interactive: bool,
}

impl Store {
    /// Saves the case; `None` while it has no ticket yet (there is nothing
    /// to name the file by, and nothing typed but the application). The
    /// first time, a file of that name that is not the case being resumed
    /// is replaced only if the agent says so (or continued instead).
    fn save(&mut self, case: &mut Case) -> Result<Option<PathBuf>, Stop> {
        if case.caller.ticket().is_empty() {
            return Ok(None);
        }
        let path = self.dir.join(file::file_name(case.caller.ticket()));
        if self.saved.as_deref() != Some(path.as_path()) {
            self.claim(&path, case)?;
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            CaseError::new(
                code::ESCRITURA_FALLIDA,
                format!(
                    "No se pudo crear la carpeta {}: {}.",
                    self.dir.display(),
                    crate::io_text::writing(&e)
                ),
            )
            .with_help("Indique con -o una carpeta en la que se pueda escribir.")
        })?;
        keep(case, &path)?;
        if self.saved.is_none() && self.interactive {
            info(&format!(
                "El caso se guarda en {} después de cada respuesta.",
                path.display()
            ));
        }
        self.saved = Some(path.clone());
        Ok(Some(path))
    }

    /// Whether the case may be written to `path`.
    fn claim(&mut self, path: &Path, case: &mut Case) -> Result<(), Stop> {
        let resuming = self.resumed.as_deref().is_some_and(|c| same_file(c, path));
        if resuming || !path.exists() {
            return Ok(());
        }
        let refused = || {
            CaseError::new(
                code::ESCRITURA_FALLIDA,
                format!("{} ya existe; no se reemplazó.", path.display()),
            )
            .with_help(format!(
                "Para continuar ese caso use «sigce atender --caso {}»; para empezar otro, use otra carpeta con -o.",
                path.display()
            ))
        };
        if !self.interactive {
            return Err(refused().into());
        }
        const CONTINUE: &str = "Continuar ese caso (se conservan sus respuestas)";
        const REPLACE: &str = "Reemplazarlo por esta atención";
        let picked = Select::new(
            &format!("{} ya existe. ¿Qué hacer?", path.display()),
            vec![CONTINUE, REPLACE, "Cancelar"],
        )
        .with_help_message(SELECT_HELP)
        .prompt()?;
        match picked {
            CONTINUE => {
                *case = file::load(path)?;
                self.resumed = Some(path.to_path_buf());
                Ok(())
            }
            REPLACE => Ok(()),
            _ => Err(refused().into()),
        }
    }

    /// Where the case is to be continued from: the file saved, else the
    /// file resumed.
    fn where_it_is(&self) -> String {
        self.saved
            .as_ref()
            .or(self.resumed.as_ref())
            .map_or_else(String::new, |p| p.display().to_string())
    }
}

/// The case enters the ledger as `abierto` when the call is attended (a
/// case already there keeps its state and history).
fn open_case(case: &Case, ledger: &Path) -> Result<(), CaseError> {
    let Some(request) = crate::case::requests::RequestType::parse(&case.request) else {
        return Ok(());
    };
    let mut ledger = crate::ledger::Ledger::open(ledger)?;
    ledger.open_case(
        case.caller.ticket(),
        request.key(),
        (case.caller.get(Item::Nombre), case.caller.get(Item::Correo)),
        &escalate::record_agent(),
    )?;
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn absolute_paths(case: &mut Case) {
    let base = case.base_dir.clone();
    for p in case
        .details
        .forms
        .iter_mut()
        .chain(case.details.screenshots.iter_mut())
    {
        let full = if p.is_absolute() {
            p.clone()
        } else {
            base.join(&p)
        };
        // `absolute`, not `canonicalize`: on Windows the latter writes
        // \\?\C:\... paths that confuse whoever reads the case file.
        *p = std::path::absolute(&full).unwrap_or(full);
    }
    case.base_dir = PathBuf::from(".");
}

fn save(case: &Case, path: &Path) -> Result<(), CaseError> {
    write::write_atomic(path, file::render(case).as_bytes()).map_err(|e| {
        CaseError::new(
            code::ESCRITURA_FALLIDA,
            format!(
                "No se pudo escribir el caso {}: {}.",
                path.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Revise que la carpeta existe y se puede escribir (o indique otra con -o).")
    })
}

/// The interview stopped: what was answered is in the case file already;
/// the message says where and how to go on.
fn stopped(store: &Store, stop: Stop) -> CaseError {
    let why = match stop {
        Stop::Prompt(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
            "La atención se interrumpió".to_string()
        }
        Stop::Prompt(other) => format!("La terminal no permitió seguir preguntando ({other})"),
        Stop::Case(e) => return e,
    };
    let at = store.where_it_is();
    let help = if at.is_empty() {
        "Aún no se había respondido nada (el caso se guarda desde el número de ticket); para atender la llamada, ejecute «sigce atender» de nuevo.".to_string()
    } else {
        format!("Lo respondido quedó guardado en {at}; continúe con «sigce atender --caso {at}».")
    };
    CaseError::new(
        code::ATENCION_INTERRUMPIDA,
        format!("{why}; no se escaló nada."),
    )
    .with_help(help)
}

fn set_spanish_prompts() {
    use inquire::ui::{RenderConfig, Styled};
    let mut config =
        RenderConfig::default_colored().with_canceled_prompt_indicator(Styled::new("<cancelado>"));
    config.error_message = config.error_message.with_prefix(Styled::new("✖"));
    inquire::set_global_render_config(config);
}

/// Asks one identification item until the answer is valid.
fn ask_item(item: Item, initial: &str, mandatory: bool) -> InquireResult<String> {
    let (question, _) = item.question();
    let hint = item.hint(mandatory);
    let message = format!("{question}:");
    let validator = move |s: &str| {
        Ok(match check_item(item, s) {
            Ok(v) if v.is_empty() && mandatory => Validation::Invalid(MANDATORY.into()),
            Ok(_) => Validation::Valid,
            Err(why) => Validation::Invalid(why.into()),
        })
    };
    let answer = Text::new(&message)
        .with_help_message(hint)
        .with_initial_value(initial)
        .with_validator(validator)
        .prompt()?;
    Ok(check_item(item, &answer).unwrap_or(answer))
}

/// Asks free text; `mandatory` refuses an empty answer.
fn ask_text(message: &str, hint: &str, initial: &str, mandatory: bool) -> InquireResult<String> {
    let validator = move |s: &str| {
        Ok(if mandatory && s.trim().is_empty() {
            Validation::Invalid(MANDATORY.into())
        } else {
            Validation::Valid
        })
    };
    Ok(Text::new(message)
        .with_help_message(hint)
        .with_initial_value(initial)
        .with_validator(validator)
        .prompt()?
        .trim()
        .to_string())
}

fn choose<'a>(
    message: &str,
    options: &[&'a str],
    current: Option<usize>,
) -> InquireResult<&'a str> {
    Ok(options[choose_index(message, options, current)?])
}

/// Which of `options` was chosen.
fn choose_index(message: &str, options: &[&str], current: Option<usize>) -> InquireResult<usize> {
    Select::new(message, options.to_vec())
        .with_help_message(SELECT_HELP)
        .with_starting_cursor(current.unwrap_or(0))
        .raw_prompt()
        .map(|picked| picked.index)
}

/// Files, one per answer, until an empty answer (at least `min`, counting
/// the `files` already there); each file is handed to `each` with those
/// before it, as soon as it is typed.
fn ask_files(
    message: &str,
    hint: &str,
    min: usize,
    mut files: Vec<PathBuf>,
    each: &mut dyn FnMut(&[PathBuf]) -> Result<(), Stop>,
) -> Result<Vec<PathBuf>, Stop> {
    loop {
        let need = files.len() < min;
        let validator = move |s: &str| {
            let s = s.trim().trim_matches('"');
            Ok(if s.is_empty() {
                if need {
                    Validation::Invalid("Hace falta al menos un archivo.".into())
                } else {
                    Validation::Valid
                }
            } else if Path::new(s).is_file() {
                Validation::Valid
            } else {
                Validation::Invalid(format!("{s} no existe o no es un archivo.").into())
            })
        };
        let answer = Text::new(message)
            .with_help_message(hint)
            .with_validator(validator)
            .prompt()?;
        let answer = answer.trim().trim_matches('"');
        if answer.is_empty() {
            return Ok(files);
        }
        // Typed relative to where the agent is, not to the case file.
        let path = PathBuf::from(answer);
        files.push(std::path::absolute(&path).unwrap_or(path));
        each(&files)?;
    }
}

/// The interview: each step `progress` says is pending, in order, the case
/// saved after each answer.
fn interview(case: &mut Case, store: &mut Store) -> Result<(), Stop> {
    info(
        "Atención de mesa de ayuda SIGCE. Responda cada pregunta (se revisa al pulsar Enter); Esc o Ctrl+C interrumpe y lo respondido queda guardado.",
    );
    let mut last = None;
    loop {
        // This desk attends SIGCE only: not asked, also in a case continued
        // from a file that lacks it.
        if case.caller.get(Item::Aplicacion).is_empty() {
            case.caller.set(Item::Aplicacion, "SIGCE");
        }
        let Some(step) = progress::next(case) else {
            break;
        };
        // An answer that did not settle its step (a file deleted meanwhile):
        // the checklist says what is wrong instead of asking forever.
        if last == Some(step) {
            break;
        }
        ask_step(step, case, store)?;
        store.save(case)?;
        last = Some(step);
    }
    Ok(())
}

/// Asks one step and stores its answer in the case.
fn ask_step(step: Step, case: &mut Case, store: &mut Store) -> Result<(), Stop> {
    match step {
        Step::Item {
            item: Item::Poblacion,
            ..
        } => {
            let mut options: Vec<&str> = POPULATIONS.iter().map(|(label, _)| *label).collect();
            options.push(OTHER_POPULATION);
            let picked = choose_index("Población llamante:", &options, None)?;
            let population = match POPULATIONS.get(picked) {
                Some((_, kept)) => (*kept).to_string(),
                None => ask_text(
                    "¿Cuál población?",
                    "Por ejemplo: Entidad territorial, Universidad",
                    "",
                    true,
                )?,
            };
            case.answer_item(Item::Poblacion, population);
        }
        Step::Item { item, mandatory } => {
            let current = case.caller.get(item).to_string();
            let answer = ask_item(item, &current, mandatory)?;
            case.answer_item(item, answer);
        }
        Step::Request => {
            let labels = RequestType::ALL.map(RequestType::label);
            let picked = RequestType::ALL[choose_index("Tipo de solicitud:", &labels, None)?];
            case.request = picked.key().to_string();
        }
        Step::Question(question) => {
            ask(question, case, store)?;
            case.answered(question.slot());
        }
    }
    Ok(())
}

/// Asks one question of the request type and stores its answer.
fn ask(question: &Question, case: &mut Case, store: &mut Store) -> Result<(), Stop> {
    match question.prompt {
        Prompt::Text {
            message,
            hint,
            mandatory,
            store: keep,
        } => keep(&mut case.details, ask_text(message, hint, "", mandatory)?),
        Prompt::Checked {
            message,
            hint,
            check,
            store: keep,
        } => {
            let caller = case.caller.clone();
            let validator = move |s: &str| {
                Ok(match check(&caller, s) {
                    Ok(_) => Validation::Valid,
                    Err(why) => Validation::Invalid(why.into()),
                })
            };
            let answer = Text::new(message)
                .with_help_message(hint)
                .with_validator(validator)
                .prompt()?;
            keep(
                &mut case.details,
                check(&case.caller, &answer).unwrap_or(answer),
            );
        }
        Prompt::Choice {
            message,
            options,
            store: keep,
        } => keep(&mut case.details, choose(message, &options(), None)?),
        Prompt::Files {
            message,
            hint,
            min,
            store: keep,
        } => {
            let slot = question.slot();
            let there = files_there(case, question.key);
            // Each file is saved as soon as it is typed, the list marked
            // unfinished until the empty answer that ends it.
            let mut each = |files: &[PathBuf]| {
                keep(&mut case.details, files.to_vec());
                case.list_started(slot);
                store.save(case).map(|_| ())
            };
            let files = ask_files(message, hint, min, there, &mut each)?;
            keep(&mut case.details, files);
        }
    }
    Ok(())
}

/// The files of a list asked again (left midway, or with a file gone):
/// those that are still there are kept and shown, the next one is asked;
/// one that is gone is said and left out.
fn files_there(case: &Case, key: &str) -> Vec<PathBuf> {
    let (there, gone): (Vec<PathBuf>, Vec<PathBuf>) = case
        .details
        .files(key)
        .unwrap_or(&[])
        .iter()
        .cloned()
        .partition(|p| case.resolve(p).is_file());
    for p in &gone {
        info(&format!(
            "{} ya no existe: se quita de la lista.",
            case.resolve(p).display()
        ));
    }
    if !there.is_empty() {
        info("Ya están en la lista:");
        for p in &there {
            info(&format!("  · {}", case.resolve(p).display()));
        }
        info("Escriba la ruta del siguiente, o deje la respuesta vacía para terminar.");
    }
    there
}

#[allow(clippy::print_stderr)]
fn info(text: &str) {
    eprintln!("{text}");
}
