//! `sigce atender`: the level-1 script as a guided interview. It asks the
//! identification block, the request type and that type's details, checking
//! each answer as it is typed; then writes `caso_<ticket>.toml` and escalates
//! it. Answers already in `--caso` are not asked again, and without a
//! terminal nothing is asked at all: the case file must be complete.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use inquire::error::InquireResult;
use inquire::validator::Validation;
use inquire::{InquireError, Select, Text};

use crate::case::answers::{self, check_item};
use crate::case::checklist::{self, required};
use crate::case::error::code;
use crate::case::requests::Prompt;
use crate::case::{Case, CaseError, Item, RequestType, file};
use crate::cli::AtenderArgs;
use crate::policy::Policy;
use crate::write;

use super::escalate::{self, Options, Outcome};

/// The calling populations offered; "Otra" lets the agent type one.
const POPULATIONS: &[&str] = &[
    "Colegio (establecimiento educativo)",
    "Secretaría de Educación",
    "Ministerio de Educación Nacional (MEN)",
    "Otra",
];

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
    if interactive {
        set_spanish_prompts();
        let fresh = args.caso.is_none();
        if let Err(e) = interview(&mut case, fresh) {
            return Err(interrupted(&case, &dir, e));
        }
    }
    if let Err(mut e) = checklist::check(&case) {
        if !interactive {
            e.help = Some(
                "Sin terminal, sigce atender no pregunta nada: complete esos datos en el archivo del caso y páselo con --caso (o escálelo con «sigce escalar»). No se escribió ningún correo."
                    .to_string(),
            );
        }
        return Err(e);
    }
    let path = dir.join(file::file_name(case.caller.ticket()));
    let continuing = args.caso.as_deref().is_some_and(|c| same_file(c, &path));
    if path.exists() && !continuing {
        let replace = interactive
            && Select::new(
                &format!("{} ya existe. ¿Reemplazarlo?", path.display()),
                vec!["No, cancelar", "Sí, reemplazarlo"],
            )
            .with_help_message(SELECT_HELP)
            .prompt()
            .is_ok_and(|a| a.starts_with("Sí"));
        if !replace {
            return Err(CaseError::new(
                code::ESCRITURA_FALLIDA,
                format!("{} ya existe; no se reemplazó.", path.display()),
            )
            .with_help(format!(
                "Para continuar ese caso use «sigce atender --caso {}»; para empezar otro, use otra carpeta con -o.",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        CaseError::new(
            code::ESCRITURA_FALLIDA,
            format!(
                "No se pudo crear la carpeta {}: {}.",
                dir.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Indique con -o una carpeta en la que se pueda escribir.")
    })?;
    // Paths typed during the interview are relative to where the agent is;
    // the file stores them absolute so they still work from its folder.
    absolute_paths(&mut case);
    save(&case, &path)?;
    let saved = file::load(&path)?;
    let ledger = crate::ledger::path(args.historial.as_deref(), policy.ledger.as_deref());
    open_case(&saved, &ledger)?;
    escalate::run(
        &saved,
        &Options {
            output_dir: Some(dir),
            ledger,
            resend: args.reenviar,
            policy,
        },
    )
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

/// Esc or Ctrl+C: what was answered is kept in a case file to continue later.
fn interrupted(case: &Case, dir: &Path, e: InquireError) -> CaseError {
    let why = match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            "La atención se interrumpió".to_string()
        }
        other => format!("La terminal no permitió seguir preguntando ({other})"),
    };
    let mut partial = case.clone();
    absolute_paths(&mut partial);
    let path = dir.join(file::file_name(partial.caller.ticket()));
    let kept =
        !path.exists() && std::fs::create_dir_all(dir).is_ok() && save(&partial, &path).is_ok();
    let help = if kept {
        format!(
            "Lo respondido quedó en {}; continúe con «sigce atender --caso {}».",
            path.display(),
            path.display()
        )
    } else {
        "Vuelva a empezar con «sigce atender».".to_string()
    };
    CaseError::new(code::SIN_RESPUESTAS, format!("{why}; no se escaló nada.")).with_help(help)
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
    let (question, hint) = item.question();
    let message = format!("{question}:");
    let validator = move |s: &str| {
        Ok(match check_item(item, s) {
            Ok(v) if v.is_empty() && mandatory => {
                Validation::Invalid("Este dato es obligatorio.".into())
            }
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
            Validation::Invalid("Este dato es obligatorio.".into())
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

/// Files, one per answer, until an empty answer (at least `min`).
fn ask_files(message: &str, hint: &str, min: usize) -> InquireResult<Vec<PathBuf>> {
    let mut files = Vec::new();
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
        files.push(PathBuf::from(answer));
    }
}

/// The interview. `fresh`: no case file, so optional items are asked too.
fn interview(case: &mut Case, fresh: bool) -> InquireResult<()> {
    eprintln_info(
        "Atención de mesa de ayuda SIGCE. Responda cada pregunta; Esc cancela (lo respondido se guarda).",
    );
    if case.caller.get(Item::Aplicacion).is_empty() {
        case.caller.set(Item::Aplicacion, "SIGCE");
    }
    ask_identification(case, fresh)?;
    let request = match case.request_type() {
        Some(t) => t,
        None => {
            let labels = RequestType::ALL.map(RequestType::label);
            RequestType::ALL[choose_index("Tipo de solicitud:", &labels, None)?]
        }
    };
    case.request = request.key().to_string();
    for &item in request.required_items {
        if case.caller.get(item).is_empty() {
            let answer = ask_item(item, "", true)?;
            case.caller.set(item, answer);
        }
    }
    for question in request.questions {
        if (question.when)(case, fresh) {
            ask(&question.prompt, case)?;
        }
    }
    Ok(())
}

/// The identification block: every item not settled yet.
fn ask_identification(case: &mut Case, fresh: bool) -> InquireResult<()> {
    for item in Item::ALL {
        let current = case.caller.get(item).to_string();
        let valid = check_item(item, &current);
        let mandatory = required(item, None, &case.caller);
        let settled = match &valid {
            Ok(v) => !v.is_empty() || (!mandatory && !fresh),
            Err(_) => false,
        };
        if settled {
            if let Ok(v) = valid {
                case.caller.set(item, v);
            }
            continue;
        }
        let answer = match item {
            Item::Poblacion => {
                let picked = choose("Población llamante:", POPULATIONS, None)?;
                match picked {
                    "Otra" => ask_text(
                        "¿Cuál población?",
                        "Por ejemplo: Entidad territorial, Universidad",
                        "",
                        true,
                    )?,
                    p if p.starts_with("Colegio") => "Colegio".to_string(),
                    p if p.starts_with("Ministerio") => "MEN".to_string(),
                    p => p.to_string(),
                }
            }
            Item::Dane if !answers::is_school(case.caller.get(Item::Poblacion)) => continue,
            Item::Celular => {
                let no_phone = case.caller.get(Item::Telefono).is_empty();
                ask_item(item, &current, no_phone)?
            }
            _ => ask_item(item, &current, mandatory)?,
        };
        case.caller.set(item, answer);
    }
    Ok(())
}

/// Asks one question of the request type and stores its answer.
fn ask(prompt: &Prompt, case: &mut Case) -> InquireResult<()> {
    match *prompt {
        Prompt::Text {
            message,
            hint,
            mandatory,
            store,
        } => store(&mut case.details, ask_text(message, hint, "", mandatory)?),
        Prompt::Checked {
            message,
            hint,
            check,
            store,
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
            store(
                &mut case.details,
                check(&case.caller, &answer).unwrap_or(answer),
            );
        }
        Prompt::Choice {
            message,
            options,
            store,
        } => store(&mut case.details, choose(message, &options(), None)?),
        Prompt::Files {
            message,
            hint,
            min,
            store,
        } => store(&mut case.details, ask_files(message, hint, min)?),
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn eprintln_info(text: &str) {
    eprintln!("{text}");
}
