//! Entry point: parse the arguments, run the command, print, and choose the
//! exit code (the only place that does).

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use sigce::cli::{Cli, Command};
use sigce::commands::{rules, template, validate};
use sigce::report;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    match cli.command {
        Command::Validar(args) => {
            let json = args.json;
            let results = validate::run(validate::Config::from_args(&args));
            let printed = if json {
                let report = report::json::build(&results);
                let mut out = io::stdout().lock();
                serde_json::to_writer_pretty(&mut out, &report)
                    .map_err(io::Error::other)
                    .and_then(|()| writeln!(out))
            } else {
                let mut out = anstream::stdout().lock();
                report::text::write(&mut out, &results)
            };
            if let Err(e) = printed
                && e.kind() != io::ErrorKind::BrokenPipe
            {
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
            ExitCode::from(report::exit_code(&results))
        }
        Command::Plantilla(args) => match template::run(&args) {
            Ok(path) => {
                let _ = writeln!(
                    anstream::stdout(),
                    "Plantilla escrita: {}\nEnvíela a la institución; cuando la devuelva diligenciada, valídela con: sigce validar \"{}\"",
                    path.display(),
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                let color =
                    anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never;
                report::diagnostic::install(color);
                let _ = write!(io::stderr(), "{:?}", miette::Report::new(e));
                ExitCode::from(2)
            }
        },
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

/// clap's errors, in Spanish; help and version go to stdout with exit 0.
fn clap_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                return ExitCode::from(2);
            }
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand => "ese comando no existe",
        ErrorKind::UnknownArgument => "esa opción no existe",
        ErrorKind::MissingRequiredArgument => "falta un argumento obligatorio",
        ErrorKind::InvalidValue => "un valor no es válido",
        ErrorKind::ValueValidation => "un valor no es válido",
        ErrorKind::MissingSubcommand => "falta el comando",
        ErrorKind::ArgumentConflict => "hay opciones que no se pueden usar juntas",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "sobran o faltan valores",
        _ => "los argumentos no son válidos",
    };
    let detail = e.render().to_string();
    let detail = detail
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ");
    let _ = writeln!(
        anstream::stderr(),
        "error: {what} ({detail}).\n\nUse «sigce --help» o «sigce validar --help» para ver las opciones."
    );
    ExitCode::from(2)
}
