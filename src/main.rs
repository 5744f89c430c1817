//! Entry point: parse the arguments, run the command, print, and choose the
//! exit code (the only place that does).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use sigce::cli::{Cli, Command};
use sigce::commands::{
    attend, case, completions, escalate, history, lifecycle, rules, template, validate,
};
use sigce::{config, report};

#[global_allocator]
static ALLOCATOR: sigce::memory::Guarded = sigce::memory::Guarded;

fn main() -> ExitCode {
    // A workbook read for another sigce process (see read::isolated).
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(sigce::read::isolated::SUBCOMMAND))
    {
        return sigce::read::isolated::child_main();
    }
    // A run the memory budget stops leaves no output half written.
    sigce::memory::on_stop(sigce::write::output_set::remove_unfinished);
    // An internal failure is reported in one Spanish line; file readers catch
    // theirs and turn them into a damaged-file error.
    std::panic::set_hook(Box::new(|info| {
        if sigce::read::workbook::inside_reader() {
            return;
        }
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            io::stderr(),
            "sigce: fallo interno{place}. Si se repite con el mismo archivo, repórtelo con el archivo adjunto."
        );
    }));
    let cli = match Cli::try_parse_from(sigce::cli::help_words(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    match cli.command {
        Command::Validar(args) => {
            let json = args.json;
            sigce::pipeline::guard(args.limite_memoria_mb, None);
            // The policy file is checked whole before any form is read.
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p.leak(),
                Err(e) => return file_error(e),
            };
            let results = validate::run(validate::Plan::from_args(&args, policy));
            let printed =
                print_report(json.then(|| report::json::build(&results)), |out, color| {
                    report::text::write(out, &results, color)
                });
            if printed.is_err() {
                return ExitCode::from(2);
            }
            // The text report already shows file errors on a terminal; when
            // stdout goes elsewhere (a file, a pipe, JSON) they also go to stderr,
            // so whoever runs the command still sees them.
            if json || !io::stdout().is_terminal() {
                let color =
                    anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never;
                report::diagnostic::install(color);
                for result in &results {
                    if let Err(e) = &result.outcome {
                        let report = miette::Report::new(e.clone());
                        let _ = write!(io::stderr(), "{report:?}");
                    }
                }
            }
            let code = report::exit_code(&results);
            // The process ends here: freeing every row one by one would only
            // make the agent wait; the system reclaims the memory at exit.
            std::mem::forget(results);
            ExitCode::from(code)
        }
        Command::Escalar(args) => {
            // The case's forms are read as `validar` reads them.
            sigce::pipeline::guard(None, None);
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p.leak(),
                Err(e) => return file_error(e),
            };
            let opts = escalate::Options {
                output_dir: args.salida.clone(),
                ledger: sigce::ledger::path(args.historial.as_deref(), policy.ledger.as_deref()),
                resend: args.reenviar,
                policy,
            };
            let outcome =
                sigce::case::file::load(&args.caso).and_then(|case| match &args.responder {
                    Some(list) => escalate::respond(&case, list, &opts),
                    None => escalate::run(&case, &opts),
                });
            escalation_report(outcome, args.json)
        }
        Command::Responder(args) => {
            sigce::pipeline::guard(None, None);
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p.leak(),
                Err(e) => return file_error(e),
            };
            let opts = escalate::Options {
                output_dir: None,
                ledger: sigce::ledger::path(
                    args.ledger.historial.as_deref(),
                    policy.ledger.as_deref(),
                ),
                resend: false,
                policy,
            };
            if let (Some(ticket), Some(message)) = (&args.ticket, &args.mensaje) {
                let outcome =
                    escalate::respond_note(ticket, message, args.salida.as_deref(), &opts);
                return escalation_report(outcome, args.json);
            }
            let Some(list) = &args.listado else {
                // The arguments' rules ask for one or the other; said anyway.
                return case_error(&sigce::case::CaseError::new(
                    sigce::case::error::code::CASO_INVALIDO,
                    "Falta el listado de nivel 2, o --ticket con --mensaje.",
                ));
            };
            match escalate::respond_list(list, args.salida.as_deref(), &opts) {
                Ok(done) => {
                    let printed = print_report(
                        args.json.then(|| report::escalation::json_list(&done)),
                        |out, color| report::escalation::write_list(out, &done, color),
                    );
                    if printed.is_err() {
                        return ExitCode::from(2);
                    }
                    let all = done.skipped.is_empty() && done.without_ticket.is_empty();
                    ExitCode::from(if all { 0 } else { 1 })
                }
                Err(e) => {
                    if args.json {
                        let _ = serde_json::to_string_pretty(&report::escalation::json_error(&e))
                            .map_err(io::Error::other)
                            .and_then(|j| writeln!(io::stdout(), "{j}"));
                    }
                    case_error(&e)
                }
            }
        }
        Command::Web(args) => {
            // Forms are read as `validar` reads them: XLS, XLSB and ODS in a
            // child process, so a hostile upload takes only that child down.
            sigce::pipeline::guard(None, None);
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p.leak(),
                Err(e) => return file_error(e),
            };
            let say = |line: &str| {
                let _ = writeln!(io::stdout(), "{line}");
            };
            match sigce::web::serve(&args, policy, &say) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(io::stderr(), "error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Atender(args) => {
            sigce::pipeline::guard(None, None);
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p.leak(),
                Err(e) => return file_error(e),
            };
            escalation_report(attend::run(&args, policy), false)
        }
        Command::Historial(args) => {
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p,
                Err(e) => return file_error(e),
            };
            match history::run(&args, &policy) {
                Ok(list) => {
                    let printed = print_report(args.json.then_some(&list), |out, color| {
                        report::history::write(out, &list, args.ticket.as_deref(), color)
                    });
                    match printed {
                        Err(()) => ExitCode::from(2),
                        Ok(()) => ExitCode::SUCCESS,
                    }
                }
                Err(e) => case_error(&e),
            }
        }
        Command::Casos(args) => {
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p,
                Err(e) => return file_error(e),
            };
            cases_command(args, &policy)
        }
        Command::Cerrar(args) => {
            let policy = match config::load(cli.config.as_deref()) {
                Ok(p) => p,
                Err(e) => return file_error(e),
            };
            match lifecycle::close(&args, &policy) {
                Ok(done) => {
                    let _ = writeln!(anstream::stdout(), "{done}");
                    ExitCode::SUCCESS
                }
                Err(e) => case_error(&e),
            }
        }
        Command::Caso(args) => match args.command {
            sigce::cli::CasoCommand::Nuevo(args) => match case::new(&args) {
                Ok(path) => {
                    let path = shown(&path);
                    let _ = writeln!(
                        anstream::stdout(),
                        "Caso escrito: {path}\nLlénelo (cada campo tiene su explicación) y escálelo con: sigce escalar \"{path}\""
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => case_error(&e),
            },
        },
        Command::Plantilla(args) => match template::run(&args) {
            Ok(path) => {
                let path = shown(&path);
                let _ = writeln!(
                    anstream::stdout(),
                    "Plantilla escrita: {path}\nEnvíela a la institución; cuando la devuelva diligenciada, valídela con: sigce validar \"{path}\""
                );
                ExitCode::SUCCESS
            }
            Err(e) => file_error(e),
        },
        Command::Config(args) => {
            if args.ejemplo {
                return output_file(&args.salida, |out| {
                    out.write_all(config::EXAMPLE.as_bytes())
                });
            }
            if args.salida.archivo.is_some() {
                return usage_error(
                    "-o solo sirve con --ejemplo: «sigce config --ejemplo -o sigce.toml».",
                );
            }
            match config::load(cli.config.as_deref()) {
                Ok(policy) => {
                    let _ = writeln!(io::stdout(), "{}", config::describe(&policy));
                    ExitCode::SUCCESS
                }
                Err(e) => file_error(e),
            }
        }
        Command::Completions(args) => output_file(&args.salida, |out| {
            completions::completions(args.shell, out);
            Ok(())
        }),
        Command::Manual(args) => output_file(&args.salida, completions::manual),
        Command::Reglas(args) => {
            let mut out = anstream::stdout().lock();
            let mut err = anstream::stderr().lock();
            match rules::run(&args, &mut out, &mut err) {
                Ok(code) => ExitCode::from(code),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(2),
            }
        }
    }
}

/// Prints a report on standard output: `json` when given, else the text
/// `write` makes, in color when the output shows it. A reader that stops
/// early (`sigce ... | head`) is no failure; any other write error is.
/// `sigce casos` and its subcommands.
fn cases_command(args: sigce::cli::CasosArgs, policy: &sigce::policy::Policy) -> ExitCode {
    use sigce::cli::CasosCommand;
    let ledger = args.ledger.historial.as_deref();
    let printed = match args.command {
        None => match lifecycle::board(&args.list, ledger, policy) {
            Ok(board) => {
                let entries = report::cases::entries(&board.cases, board.today, board.wait_days);
                print_report(args.list.json.then_some(&entries), |out, color| {
                    report::cases::write_board(
                        out,
                        &board.cases,
                        board.today,
                        board.wait_days,
                        color,
                    )
                })
            }
            Err(e) => return case_error(&e),
        },
        Some(CasosCommand::Buscar(b)) => match lifecycle::search(&b.texto, ledger, policy) {
            Ok(search) => print_report(b.json.then_some(&search), |out, color| {
                report::cases::write_found(out, &b.texto, &search.found, color)?;
                if !search.history.is_empty() {
                    writeln!(out, "\nHistoria del caso:")?;
                    report::cases::write_events(out, &search.history)?;
                }
                Ok(())
            }),
            Err(e) => return case_error(&e),
        },
        Some(CasosCommand::Recordar(r)) => match lifecycle::remind(&r, ledger, policy) {
            Ok(done) if done.is_empty() => print_report(None::<()>, |out, _| {
                writeln!(
                    out,
                    "Ningún caso espera más de lo previsto: no se escribió ningún recordatorio."
                )
            }),
            Ok(done) => print_report(None::<()>, |out, _| {
                for d in &done {
                    writeln!(
                        out,
                        "Recordatorio del ticket {} ({} de espera) para {}: {}",
                        d.ticket,
                        report::cases::days(d.age),
                        d.to,
                        shown(&d.path)
                    )?;
                }
                writeln!(
                    out,
                    "Ábralos en Outlook: van en el mismo hilo del correo original."
                )
            }),
            Err(e) => return case_error(&e),
        },
        Some(CasosCommand::Reabrir(r)) => match lifecycle::reopen(&r, ledger, policy) {
            Ok(done) => print_report(None::<()>, |out, _| writeln!(out, "{done}")),
            Err(e) => return case_error(&e),
        },
    };
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(2),
    }
}

fn print_report<J: serde::Serialize>(
    json: Option<J>,
    write: impl FnOnce(&mut io::BufWriter<io::StdoutLock<'static>>, bool) -> io::Result<()>,
) -> Result<(), ()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let printed = match json {
        Some(report) => serde_json::to_writer_pretty(&mut out, &report)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out)),
        None => {
            let color = anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never;
            write(&mut out, color)
        }
    }
    .and_then(|()| out.flush());
    match printed {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(()),
        _ => Ok(()),
    }
}

/// The report of an escalation (text or JSON) and its exit code: 0 sent on,
/// 1 a form returned to the requester, 2 nothing written.
fn escalation_report(
    outcome: Result<escalate::Outcome, sigce::case::CaseError>,
    json: bool,
) -> ExitCode {
    match outcome {
        Ok(outcome) => {
            let printed = print_report(
                json.then(|| report::escalation::json(&outcome)),
                |out, color| report::escalation::write(out, &outcome, color),
            );
            if printed.is_err() {
                return ExitCode::from(2);
            }
            let returned = outcome.destination == sigce::escalation::Destination::Requester
                && outcome.forms.is_some();
            ExitCode::from(if returned { 1 } else { 0 })
        }
        Err(e) => {
            if json {
                let _ = serde_json::to_string_pretty(&report::escalation::json_error(&e))
                    .map_err(io::Error::other)
                    .and_then(|j| writeln!(io::stdout(), "{j}"));
            }
            case_error(&e)
        }
    }
}

/// A path as a person reads it: its control characters shown, not obeyed.
fn shown(path: &std::path::Path) -> String {
    sigce::io_text::for_people(&path.display().to_string()).into_owned()
}

/// A case that cannot be escalated: the Spanish diagnostic on stderr, exit 2.
fn case_error(e: &sigce::case::CaseError) -> ExitCode {
    let color = anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never;
    report::diagnostic::install(color);
    let _ = write!(io::stderr(), "{:?}", miette::Report::new(e.clone()));
    ExitCode::from(2)
}

/// A file-level error before any work: the Spanish diagnostic on stderr, exit 2.
fn file_error(e: sigce::error::FileError) -> ExitCode {
    let color = anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never;
    report::diagnostic::install(color);
    let _ = write!(io::stderr(), "{:?}", miette::Report::new(e));
    ExitCode::from(2)
}

/// Writes a file of `sigce config --ejemplo`, `completions` or `manual`: to
/// `-o ARCHIVO` (then says where), else to the standard output.
fn output_file(
    target: &sigce::cli::OutputFile,
    make: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> ExitCode {
    match completions::write_output(target, &mut io::stdout().lock(), make) {
        Ok(Some(path)) => {
            let _ = writeln!(anstream::stderr(), "Escrito: {}", shown(path));
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(e) => file_error(e),
    }
}

/// Arguments clap accepts but that make no sense together: said as clap's
/// own errors are, exit 2.
fn usage_error(message: &str) -> ExitCode {
    let _ = writeln!(
        anstream::stderr(),
        "error: {message}\n\nUse «sigce --help» o «sigce COMANDO --help» para ver las opciones."
    );
    ExitCode::from(2)
}

/// clap's errors, in Spanish; help and version go to stdout with exit 0.
fn clap_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let _ = writeln!(
        anstream::stderr(),
        "error: {}\n\nUse «sigce --help» o «sigce COMANDO --help» para ver las opciones.",
        sigce::io_text::for_people(&spanish_message(&e))
    );
    ExitCode::from(2)
}

/// What went wrong, from the error's context rather than its English text.
fn spanish_message(e: &clap::Error) -> String {
    let ctx = |kind: ContextKind| -> Option<String> {
        e.get(kind).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.join(", "),
            other => other.to_string(),
        })
    };
    let arg = ctx(ContextKind::InvalidArg).unwrap_or_default();
    let suggestion = ctx(ContextKind::SuggestedArg)
        .or_else(|| ctx(ContextKind::SuggestedSubcommand))
        .map(|s| format!(" ¿Quiso decir «{s}»?"))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let typed = ctx(ContextKind::InvalidSubcommand).unwrap_or_default();
            let offered = match e.get(ContextKind::SuggestedSubcommand) {
                Some(ContextValue::Strings(list)) => list.clone(),
                Some(ContextValue::String(s)) => vec![s.clone()],
                _ => Vec::new(),
            };
            let suggestion = match sigce::cli::suggested_commands(&typed, &offered).as_slice() {
                [] => String::new(),
                [one] => format!(" ¿Quiso decir «{one}»?"),
                [first, rest @ ..] => format!(
                    " ¿Quiso decir «{first}»? (o {})",
                    rest.iter()
                        .map(|r| format!("«{r}»"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            format!("el comando «{typed}» no existe.{suggestion}")
        }
        ErrorKind::UnknownArgument => format!("esa opción no existe: «{arg}».{suggestion}"),
        ErrorKind::MissingRequiredArgument => format!("falta un argumento obligatorio: {arg}"),
        ErrorKind::MissingSubcommand => {
            "falta el comando (validar, reglas, plantilla...).".to_string()
        }
        ErrorKind::InvalidValue => {
            let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
            let valid = ctx(ContextKind::ValidValue)
                .map(|v| format!(" Valores posibles: {v}."))
                .unwrap_or_default();
            format!("el valor «{value}» no es válido para {arg}.{valid}")
        }
        ErrorKind::ValueValidation => {
            let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!("el valor «{value}» no es válido para {arg}{why}.")
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} no se puede usar junto con {}.",
            ctx(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => {
            format!("sobran o faltan valores en {arg}.")
        }
        _ => "los argumentos no son válidos.".to_string(),
    }
}
