//! The command line, in Spanish: `sigce validar` and its options. Built with
//! clap's derive API; clap's own English headings are replaced by templates.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::write::clean::CleanFormat;
use crate::write::template::TemplateFormat;

const TEMPLATE: &str = "\
{before-help}{about-with-newline}
Uso: {usage}

{all-args}{after-help}";

/// The version `--version` shows: the program's and the rule set's.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (reglamento v5)");

/// `sigce help [COMANDO...]` and `sigce ayuda [COMANDO...]` as
/// `sigce [COMANDO...] --help`: the words people type for help, which clap's
/// own English `help` subcommand (disabled) would not explain in Spanish.
/// Only the first argument is looked at, so a form named «ayuda» given to a
/// command is still a form.
pub fn help_words(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let asks_help = args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| matches!(a.to_lowercase().as_str(), "help" | "ayuda"));
    if !asks_help {
        return args;
    }
    let mut rewritten: Vec<std::ffi::OsString> = args
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, a)| a)
        .collect();
    rewritten.push("--help".into());
    rewritten
}

/// The subcommand a mistyped one most likely meant, Spanish names first:
/// clap offers every close name, aliases included («validate, validar» for
/// «valida»); each alias is taken to its command and the command nearest
/// in spelling to what was typed comes first.
pub fn suggested_commands(typed: &str, offered: &[String]) -> Vec<String> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut names: Vec<String> = Vec::new();
    for name in offered {
        let main = cmd
            .get_subcommands()
            .find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name))
            .map_or_else(|| name.clone(), |c| c.get_name().to_string());
        if !names.contains(&main) {
            names.push(main);
        }
    }
    names.sort_by(|a, b| {
        strsim::jaro(typed, b)
            .partial_cmp(&strsim::jaro(typed, a))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    names
}

#[derive(Debug, Parser)]
#[command(
    name = "sigce",
    version = VERSION,
    about = "Mesa de ayuda de SIGCE: valida los formatos de creación de usuarios, atiende las llamadas y escala cada caso a nivel 2 o al Datacenter.",
    override_usage = "sigce [OPCIONES] <COMANDO>",
    help_template = TEMPLATE,
    subcommand_help_heading = "Comandos",
    subcommand_value_name = "COMANDO",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "Opciones"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Muestra esta ayuda
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// Muestra la versión
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    /// Archivo de configuración (por defecto, sigce.toml en la carpeta actual si existe)
    #[arg(long = "config", value_name = "ARCHIVO", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Valida formatos de creación de usuarios (XLSX, XLS, ODS, CSV) y escribe el archivo limpio y el de rechazos [también: validate, check]
    #[command(
        aliases = ["validate", "check"],
        override_usage = "sigce validar [OPCIONES] <ENTRADA>...",
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        after_help = "Salida: para cada ENTRADA se escriben <nombre>.limpio.xlsx (filas aceptadas, para nivel 2) y, si hay filas rechazadas, <nombre>.rechazos.xlsx (para devolver a la institución).\n\nCódigos de salida: 0 todas las filas aceptadas · 1 alguna fila rechazada · 2 algún archivo no se pudo procesar o los argumentos son inválidos."
    )]
    Validar(ValidarArgs),

    /// Lista las reglas de validación o explica una (por qué existe, ejemplos, qué hacer) [también: rules, explain]
    #[command(
        aliases = ["rules", "explain"],
        override_usage = "sigce reglas [OPCIONES] [CODIGO]",
        help_template = TEMPLATE,
        next_help_heading = "Opciones"
    )]
    Reglas(ReglasArgs),

    /// Atiende una llamada paso a paso: identifica a quien llama, registra la solicitud, escribe el caso y lo escala [también: attend]
    #[command(
        alias = "attend",
        override_usage = "sigce atender [OPCIONES]",
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        after_help = "Sin terminal (entrada redirigida, scripts), no pregunta nada: toma todas las respuestas de --caso y, si falta alguna, dice cuáles y termina con código 2."
    )]
    Atender(AtenderArgs),

    /// Escala un caso: revisa que esté completo, decide el destino y escribe el correo (.eml) listo para enviar [también: escalate]
    #[command(
        alias = "escalate",
        override_usage = "sigce escalar [OPCIONES] <CASO>",
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        after_help = "Destinos: creación de usuarios → nivel 2 con el archivo limpio si todos los formatos se reciben, o de vuelta a quien lo pidió con el archivo de rechazos; recuperación de contraseña, actualización de correo y conectividad → Datacenter; incidente de módulo → nivel 2.

Códigos de salida: 0 correo escrito para nivel 2 o el Datacenter (o la respuesta al usuario) · 1 el formato se devuelve a quien lo pidió · 2 el caso está incompleto o no se pudo escalar (no se escribe nada)."
    )]
    Escalar(EscalarArgs),

    /// Escribe la respuesta a quien llamó: con el listado de nivel 2 (un correo por ticket) o, para los demás casos, con lo que respondió el Datacenter o nivel 2 [también: answer]
    #[command(
        alias = "answer",
        override_usage = "sigce responder [OPCIONES] <LISTADO>\n       sigce responder --ticket <TICKET> --mensaje <TEXTO>",
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        after_help = "Creación de usuarios: el listado (XLSX, XLS, ODS o CSV) necesita las columnas TICKET, NUMERO DE DOCUMENTO y USUARIO o CORREO ELECTRONICO; si trae ESTADO u OBSERVACIONES, una persona marcada como no creada se dice como tal, con el motivo de nivel 2. Cada respuesta se escribe junto al correo con que se escaló el caso (o en --salida) y el caso pasa a «respondido».

Los demás casos (contraseña, correo, conectividad, incidente): --ticket y --mensaje con lo que respondió el equipo que lo atendió, en palabras para el usuario.

Códigos de salida: 0 se respondieron todos los tickets del listado · 1 algún ticket o fila no se pudo responder (el informe dice cuál y por qué) · 2 el listado no se pudo leer o no tiene columna TICKET (no se escribe nada)."
    )]
    Responder(ResponderArgs),

    /// Muestra lo escalado: un ticket, o los últimos casos [también: history]
    #[command(
        alias = "history",
        override_usage = "sigce historial [OPCIONES] [TICKET]",
        help_template = TEMPLATE,
        next_help_heading = "Opciones"
    )]
    Historial(HistorialArgs),

    /// Los casos de la mesa de ayuda: los que esperan a alguien (los más viejos primero), buscar a una persona, recordar, reabrir [también: cases]
    #[command(
        alias = "cases",
        override_usage = "sigce casos [OPCIONES]\n       sigce casos buscar <TEXTO>\n       sigce casos recordar [TICKET]...\n       sigce casos reabrir <TICKET> --nota <TEXTO>",
        help_template = TEMPLATE,
        subcommand_help_heading = "Comandos",
        subcommand_value_name = "COMANDO",
        next_help_heading = "Opciones",
        after_help = "Estados: abierto (se empezó a atender) → escalado (a nivel 2 o al Datacenter) o devuelto (el formato volvió a la institución) → respondido (se redactó la respuesta al usuario) → cerrado; un caso cerrado se puede reabrir.\n\nLa edad se cuenta en días hábiles de Colombia (sin fines de semana ni festivos) desde el último cambio de estado."
    )]
    Casos(CasosArgs),

    /// Cierra un caso: después de responder al usuario (o, sin respuesta, diciendo por qué con --sin-respuesta) [también: close]
    #[command(
        alias = "close",
        override_usage = "sigce cerrar [OPCIONES] <TICKET>",
        help_template = TEMPLATE,
        next_help_heading = "Opciones"
    )]
    Cerrar(CerrarArgs),

    /// Abre sigce en el navegador: validar formatos, ver las celdas con problemas, descargar los resultados, ver los casos [también: serve]
    #[command(
        alias = "serve",
        override_usage = "sigce web [OPCIONES]",
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        after_help = "La página solo se abre en este computador (127.0.0.1) y con el enlace que muestra esta ventana. Para terminar: Ctrl-C o cerrar la ventana. Los archivos subidos y los resultados se guardan en una carpeta temporal privada que se borra al terminar."
    )]
    Web(WebArgs),

    /// Archivos de caso: «sigce caso nuevo» escribe uno en blanco, comentado, para llenar a mano
    #[command(
        override_usage = "sigce caso nuevo [OPCIONES]",
        help_template = TEMPLATE,
        subcommand_help_heading = "Comandos",
        subcommand_value_name = "COMANDO",
        next_help_heading = "Opciones"
    )]
    Caso(CasoArgs),

    /// Escribe el formato de creación de usuarios en blanco, listo para enviar a las instituciones [también: template]
    #[command(
        alias = "template",
        override_usage = "sigce plantilla [OPCIONES]",
        help_template = TEMPLATE,
        next_help_heading = "Opciones"
    )]
    Plantilla(PlantillaArgs),

    /// Escribe el script de autocompletado de sigce para una terminal (bash, zsh, fish, powershell, elvish)
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Opciones",
        override_usage = "sigce completions <TERMINAL>"
    )]
    Completions(CompletionsArgs),

    /// Escribe la página de manual de sigce (formato man/roff)
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce manual [OPCIONES]")]
    Manual(ManualArgs),

    /// Revisa el archivo de configuración sigce.toml o muestra un ejemplo comentado
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce config [OPCIONES]")]
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
pub struct EscalarArgs {
    /// Archivo del caso (caso_<ticket>.toml)
    #[arg(value_name = "CASO", help_heading = "Argumentos")]
    pub caso: PathBuf,

    /// Carpeta donde escribir el correo y, en creación de usuarios, los archivos limpio y de rechazos (por defecto, la carpeta del caso)
    #[arg(short = 'o', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,

    /// Historial de escalamientos (SQLite) a usar (por defecto el de sigce.toml o el de la carpeta de datos del usuario)
    #[arg(long = "historial", value_name = "ARCHIVO")]
    pub historial: Option<PathBuf>,

    /// Escala otra vez un ticket que ya se escaló al mismo destino
    #[arg(long = "reenviar")]
    pub reenviar: bool,

    /// Listado de usuarios creados que devolvió nivel 2: escribe la respuesta para quien solicitó
    #[arg(long = "responder", value_name = "LISTADO")]
    pub responder: Option<PathBuf>,

    /// Escribe en la salida estándar solo un informe JSON (destino, lista de chequeo, correo)
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WebArgs {
    /// Puerto (por defecto, uno libre)
    #[arg(
        long = "puerto",
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub puerto: u16,

    /// Dirección donde escuchar: solo 127.0.0.1 o localhost (la página sirve datos personales)
    #[arg(
        long = "direccion",
        value_name = "DIRECCION",
        default_value = "127.0.0.1",
        hide_default_value = true
    )]
    pub direccion: String,

    /// No abre el navegador: solo muestra el enlace
    #[arg(long = "no-abrir")]
    pub no_abrir: bool,

    /// Carpeta donde «Atender» guarda los casos y sus correos, como sigce atender -o (por defecto, la carpeta actual)
    #[arg(short = 'o', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,

    #[command(flatten)]
    pub ledger: LedgerArg,

    /// Tamaño máximo de cada archivo subido y de cada parte de un libro, en MB (por defecto 1024)
    #[arg(long = "limite-mb", value_name = "MB", value_parser = parse_positive::<u64>)]
    pub limite_mb: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ResponderArgs {
    /// Listado de usuarios que devolvió nivel 2, con su columna TICKET
    #[arg(
        value_name = "LISTADO",
        help_heading = "Argumentos",
        required_unless_present = "ticket",
        conflicts_with_all = ["ticket", "mensaje"]
    )]
    pub listado: Option<PathBuf>,

    /// Ticket de un caso que no es de creación de usuarios, para responderlo con --mensaje
    #[arg(long = "ticket", value_name = "TICKET", value_parser = parse_ticket, requires = "mensaje")]
    pub ticket: Option<String>,

    /// Lo que respondió el Datacenter o nivel 2, en palabras para el usuario
    #[arg(long = "mensaje", value_name = "TEXTO", requires = "ticket")]
    pub mensaje: Option<String>,

    /// Carpeta donde escribir las respuestas (por defecto, la del correo con que se escaló cada caso)
    #[arg(short = 'o', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,

    #[command(flatten)]
    pub ledger: LedgerArg,

    /// Escribe en la salida estándar solo un informe JSON
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AtenderArgs {
    /// Caso ya empezado: sus respuestas se usan y solo se pregunta lo que falta
    #[arg(long = "caso", value_name = "ARCHIVO")]
    pub caso: Option<PathBuf>,

    /// Carpeta donde escribir el caso y el correo (por defecto, la carpeta actual)
    #[arg(short = 'o', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,

    /// Historial de escalamientos (SQLite) a usar
    #[arg(long = "historial", value_name = "ARCHIVO")]
    pub historial: Option<PathBuf>,

    /// Escala otra vez un ticket que ya se escaló al mismo destino
    #[arg(long = "reenviar")]
    pub reenviar: bool,
}

#[derive(Debug, Args)]
pub struct HistorialArgs {
    /// Ticket que se quiere ver (sin él, los últimos casos escalados)
    #[arg(value_name = "TICKET", help_heading = "Argumentos", value_parser = parse_ticket)]
    pub ticket: Option<String>,

    /// Historial de escalamientos (SQLite) a usar
    #[arg(long = "historial", value_name = "ARCHIVO")]
    pub historial: Option<PathBuf>,

    /// Cuántos casos mostrar sin TICKET (por defecto 20)
    #[arg(long = "ultimos", value_name = "N", default_value_t = 20, hide_default_value = true, value_parser = parse_positive::<u32>)]
    pub ultimos: u32,

    /// Escribe en la salida estándar solo JSON
    #[arg(long = "json")]
    pub json: bool,
}

/// The ledger option every case command shares.
#[derive(Debug, Args, Clone)]
pub struct LedgerArg {
    /// Historial de casos (SQLite) a usar (por defecto el de sigce.toml o el de la carpeta de datos del usuario)
    #[arg(long = "historial", value_name = "ARCHIVO", global = true)]
    pub historial: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CasosArgs {
    #[command(subcommand)]
    pub command: Option<CasosCommand>,

    #[command(flatten)]
    pub list: CasosList,

    #[command(flatten)]
    pub ledger: LedgerArg,
}

/// What `sigce casos` lists.
#[derive(Debug, Args, Default)]
pub struct CasosList {
    /// Solo los casos en este estado (abierto, escalado, devuelto, respondido, cerrado, reabierto); se puede repetir. Sin él: todos los que no están cerrados
    #[arg(long = "estado", value_name = "ESTADO", value_parser = parse_state)]
    pub estado: Vec<crate::ledger::State>,

    /// Solo los que esperan a nivel 2 o al Datacenter más días hábiles de los previstos ([historial] dias_espera, 3 de fábrica)
    #[arg(long = "pendientes")]
    pub pendientes: bool,

    /// Solo los que cambiaron de estado desde esta fecha (AAAA-MM-DD)
    #[arg(long = "desde", value_name = "FECHA", value_parser = parse_date)]
    pub desde: Option<String>,

    /// Solo los de este tipo de solicitud (creacion_usuarios, recuperacion_contrasena, actualizacion_correo, conectividad, incidente_modulo)
    #[arg(long = "tipo", value_name = "TIPO")]
    pub tipo: Option<String>,

    /// Solo los que esperan a este destino (nivel1, nivel2, datacenter, solicitante)
    #[arg(long = "destino", value_name = "DESTINO", value_parser = ["nivel1", "nivel2", "datacenter", "solicitante"])]
    pub destino: Option<String>,

    /// Escribe en la salida estándar solo JSON
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CasosCommand {
    /// Busca por ticket, cédula, usuario o correo: «¿ya tengo usuario?»
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce casos buscar [OPCIONES] <TEXTO>")]
    Buscar(BuscarArgs),
    /// Escribe un correo de recordatorio (.eml, en el mismo hilo) para los casos que esperan demasiado, o para los tickets indicados
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce casos recordar [OPCIONES] [TICKET]...")]
    Recordar(RecordarArgs),
    /// Reabre un caso cerrado
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce casos reabrir [OPCIONES] <TICKET> --nota <TEXTO>")]
    Reabrir(ReabrirArgs),
}

#[derive(Debug, Args)]
pub struct BuscarArgs {
    /// Ticket, número de documento, usuario de SIGCE o correo
    #[arg(value_name = "TEXTO", help_heading = "Argumentos")]
    pub texto: String,

    /// Escribe en la salida estándar solo JSON
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RecordarArgs {
    /// Tickets a recordar (sin ellos: todos los que esperan más de lo previsto)
    #[arg(value_name = "TICKET", help_heading = "Argumentos", value_parser = parse_ticket)]
    pub tickets: Vec<String>,

    /// Carpeta donde escribir los correos (por defecto, la del correo original, o la carpeta actual)
    #[arg(short = 'o', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReabrirArgs {
    /// Ticket del caso
    #[arg(value_name = "TICKET", help_heading = "Argumentos", value_parser = parse_ticket)]
    pub ticket: String,

    /// Por qué se reabre (queda en la historia del caso)
    #[arg(long = "nota", value_name = "TEXTO", required = true)]
    pub nota: String,
}

#[derive(Debug, Args)]
pub struct CerrarArgs {
    /// Ticket del caso
    #[arg(value_name = "TICKET", help_heading = "Argumentos", value_parser = parse_ticket)]
    pub ticket: String,

    /// Nota para la historia del caso
    #[arg(long = "nota", value_name = "TEXTO")]
    pub nota: Option<String>,

    /// Cierra un caso al que no se le redactó respuesta, diciendo por qué (por ejemplo: «el Datacenter respondió directamente»)
    #[arg(long = "sin-respuesta", value_name = "MOTIVO")]
    pub sin_respuesta: Option<String>,

    #[command(flatten)]
    pub ledger: LedgerArg,
}

#[derive(Debug, Args)]
pub struct CasoArgs {
    #[command(subcommand)]
    pub command: CasoCommand,
}

#[derive(Debug, Subcommand)]
pub enum CasoCommand {
    /// Escribe un caso en blanco, comentado (caso_<ticket>.toml)
    #[command(help_template = TEMPLATE, next_help_heading = "Opciones", override_usage = "sigce caso nuevo [OPCIONES]")]
    Nuevo(CasoNuevoArgs),
}

#[derive(Debug, Args)]
pub struct CasoNuevoArgs {
    /// Tipo de solicitud: creacion_usuarios, recuperacion_contrasena, actualizacion_correo, conectividad o incidente_modulo (sin él, el caso trae todos los campos)
    #[arg(long = "tipo", value_name = "TIPO", value_parser = parse_request_type)]
    pub tipo: Option<String>,

    /// Número de ticket (da el nombre del archivo)
    #[arg(short = 't', long = "ticket", value_name = "NUMERO", value_parser = parse_ticket)]
    pub ticket: Option<String>,

    /// Archivo a escribir (por defecto caso_<ticket>.toml en la carpeta actual)
    #[arg(short = 'o', long = "salida", value_name = "ARCHIVO")]
    pub salida: Option<PathBuf>,

    /// Reemplaza el archivo si ya existe
    #[arg(long = "sobrescribir")]
    pub sobrescribir: bool,
}

fn parse_request_type(s: &str) -> Result<String, String> {
    crate::case::RequestType::parse(s)
        .map(|t| t.key().to_string())
        .ok_or_else(|| {
            format!(
                "«{s}» no es un tipo de solicitud; use uno de: {}",
                crate::case::RequestType::ALL
                    .map(crate::case::RequestType::key)
                    .join(", ")
            )
        })
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Escribe un sigce.toml de ejemplo, comentado
    #[arg(long = "ejemplo")]
    pub ejemplo: bool,

    #[command(flatten)]
    pub salida: OutputFile,
}

/// Where a command that writes a file on the standard output can write it
/// instead: in UTF-8, whatever the terminal (Windows PowerShell 5.1 turns
/// `> archivo` into UTF-16), through a temporary file renamed at the end.
#[derive(Debug, Args)]
pub struct OutputFile {
    /// Escribe el resultado en ARCHIVO (en UTF-8) en vez de mostrarlo; úselo en lugar de «> ARCHIVO», que en Windows PowerShell 5.1 lo guarda en UTF-16
    #[arg(short = 'o', long = "salida", value_name = "ARCHIVO")]
    pub archivo: Option<PathBuf>,

    /// Con -o, reemplaza el archivo si ya existe
    #[arg(long = "sobrescribir", requires = "archivo")]
    pub sobrescribir: bool,
}

#[derive(Debug, Args)]
pub struct ManualArgs {
    #[command(flatten)]
    pub salida: OutputFile,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Terminal para la que se escribe el autocompletado: bash, zsh, fish, powershell o elvish
    #[arg(
        value_enum,
        value_name = "TERMINAL",
        help_heading = "Argumentos",
        hide_possible_values = true
    )]
    pub shell: clap_complete::Shell,

    #[command(flatten)]
    pub salida: OutputFile,
}

#[derive(Debug, Args)]
pub struct PlantillaArgs {
    /// Archivo a escribir (por defecto formato_creacion_usuarios_sigce.xlsx, o .csv con --formato csv)
    #[arg(short = 'o', long = "salida", value_name = "ARCHIVO")]
    pub salida: Option<PathBuf>,

    /// Número de ticket que se escribe en la celda del ticket
    #[arg(short = 't', long = "ticket", value_name = "NUMERO", value_parser = parse_ticket)]
    pub ticket: Option<String>,

    /// Filas preparadas (listas, formato de texto y validaciones) en la hoja Usuarios; por defecto 500, máximo 100000
    #[arg(long = "filas", value_name = "N", default_value_t = 500, value_parser = parse_rows, hide_default_value = true)]
    pub filas: u32,

    /// xlsx (por defecto): libro con instrucciones y validaciones; csv: solo la fila de encabezado
    #[arg(short = 'f', long = "formato", value_enum, default_value_t = TemplateFormat::Xlsx, value_name = "FORMATO", hide_possible_values = true, hide_default_value = true)]
    pub formato: TemplateFormat,

    /// Reemplaza el archivo si ya existe (por defecto no se sobrescribe: podría ser un formato ya diligenciado)
    #[arg(long = "sobrescribir")]
    pub sobrescribir: bool,
}

#[derive(Debug, Args)]
pub struct ReglasArgs {
    /// Código de la regla que se quiere explicar (por ejemplo DANE_LONGITUD)
    #[arg(value_name = "CODIGO", help_heading = "Argumentos")]
    pub codigo: Option<String>,

    /// Escribe el catálogo de reglas en JSON, para otros programas
    #[arg(long = "json", conflicts_with = "codigo")]
    pub json: bool,
}

/// `--formato` of `validar`: the clean-file formats of `write::clean`.
impl ValueEnum for CleanFormat {
    fn value_variants<'a>() -> &'a [Self] {
        CleanFormat::all()
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.value()).help(self.label()))
    }
}

/// `--formato` of `plantilla`: the template's own formats.
impl ValueEnum for TemplateFormat {
    fn value_variants<'a>() -> &'a [Self] {
        TemplateFormat::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.label()))
    }
}

#[derive(Debug, Args)]
pub struct ValidarArgs {
    /// Formatos a validar: archivos .xlsx, .xlsm, .xls, .ods o .csv, carpetas (se validan sus formatos), o - para leer un CSV de la entrada estándar
    #[arg(value_name = "ENTRADA", required = true, help_heading = "Argumentos")]
    pub entradas: Vec<PathBuf>,

    /// Carpeta donde escribir los resultados (por defecto, la carpeta de cada formato)
    #[arg(short = 's', long = "salida", value_name = "CARPETA")]
    pub salida: Option<PathBuf>,

    /// Formato del archivo limpio: xlsx (libro de Excel, por defecto), csv (UTF-8 separado por comas, para programas) o csv-excel (separado por punto y coma, para abrir en Excel en español)
    #[arg(short = 'f', long = "formato", value_enum, default_value_t = CleanFormat::XLSX, value_name = "FORMATO", hide_possible_values = true, hide_default_value = true)]
    pub formato: CleanFormat,

    /// Número de ticket de la mesa de ayuda (solo dígitos); si no se da, se busca en el formato y en el nombre del archivo
    #[arg(short = 't', long = "ticket", value_name = "NUMERO", value_parser = parse_ticket)]
    pub ticket: Option<String>,

    /// Valida solo esta hoja del libro, aunque esté oculta (por defecto, todas las hojas visibles que tengan el encabezado del formato)
    #[arg(long = "hoja", value_name = "NOMBRE")]
    pub hoja: Option<String>,

    /// Si alguna fila tiene errores, no se recibe el formato: no se escribe archivo limpio y todas las filas van a rechazos
    #[arg(long = "estricto", conflicts_with = "no_estricto")]
    pub estricto: bool,

    /// Desactiva el modo estricto aunque sigce.toml lo active
    #[arg(long = "no-estricto")]
    pub no_estricto: bool,

    /// Conserva las tildes (Á, É, Ü...) en nombres y demás campos; la Ñ se escribe como N de todos modos
    #[arg(long = "conservar-tildes")]
    pub conservar_tildes: bool,

    /// Escribe en la salida estándar solo un informe JSON (para otros programas)
    #[arg(long = "json")]
    pub json: bool,

    /// Avisa de las personas (documento o correo) que ya se enviaron a nivel 2, según el historial de escalamientos; --historial=ARCHIVO para usar otro historial
    // `Option<Option<_>>`: absent, bare (the configured ledger) or with
    // `=ARCHIVO`. A bare flag must not take the next argument (a form), so
    // the value needs `=`; an empty default value would be refused by the
    // path parser, as it was.
    #[arg(long = "historial", value_name = "ARCHIVO", num_args = 0..=1, require_equals = true)]
    pub historial: Option<Option<PathBuf>>,

    /// Archivos que se procesan a la vez (por defecto, uno por núcleo del equipo); con menos archivos que hilos, los hilos libres leen y escriben partes de un mismo archivo
    #[arg(long = "hilos", value_name = "N", value_parser = parse_positive::<usize>)]
    pub hilos: Option<usize>,

    /// Límite: megabytes de una parte descomprimida de un libro, de todas juntas o de un CSV (por defecto 1024; una parte sin celdas, la octava parte)
    #[arg(long = "limite-mb", value_name = "MB", help_heading = "Límites", value_parser = parse_positive::<u64>)]
    pub limite_mb: Option<u64>,

    /// Límite: filas de una hoja (por defecto 1048576, el máximo de Excel)
    #[arg(long = "limite-filas", value_name = "N", help_heading = "Límites", value_parser = parse_positive::<u32>)]
    pub limite_filas: Option<u32>,

    /// Límite: columnas con datos de una hoja (por defecto 1000)
    #[arg(long = "limite-columnas", value_name = "N", help_heading = "Límites", value_parser = parse_positive::<u32>)]
    pub limite_columnas: Option<u32>,

    /// Límite: megabytes de memoria residente de cada proceso, más un 10 % a lo sumo (por defecto 8192); un XLS, XLSB u ODS que la agota se informa solo, otro archivo detiene la validación
    #[arg(long = "limite-memoria-mb", value_name = "MB", help_heading = "Límites", value_parser = parse_positive::<usize>)]
    pub limite_memoria_mb: Option<usize>,

    /// Límite: caracteres de una celda (por defecto 32767, el máximo de Excel; a lo sumo 10000000)
    #[arg(long = "limite-celda", value_name = "N", help_heading = "Límites", value_parser = parse_cell_limit)]
    pub limite_celda: Option<usize>,
}

impl ValidarArgs {
    /// The reading limits: the defaults, raised or lowered by the flags.
    pub fn limits(&self) -> crate::limits::Limits {
        let default = crate::limits::Limits::default();
        crate::limits::Limits {
            max_part_bytes: self
                .limite_mb
                .map_or(default.max_part_bytes, |mb| mb.saturating_mul(1024 * 1024)),
            max_rows: self.limite_filas.unwrap_or(default.max_rows),
            max_columns: self.limite_columnas.unwrap_or(default.max_columns),
            max_cell_chars: self.limite_celda.unwrap_or(default.max_cell_chars),
        }
    }
}

fn parse_positive<T: std::str::FromStr + PartialOrd + Default>(s: &str) -> Result<T, String> {
    match s.trim().parse::<T>() {
        Ok(n) if n > T::default() => Ok(n),
        _ => Err(format!(
            "debe ser un número entero mayor que 0 y se recibió «{s}»"
        )),
    }
}

fn parse_rows(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(format!(
            "debe ser un número entero de 1 a 100000 y se recibió «{s}»"
        )),
    }
}

/// The largest cell limit: a row keeps its twelve values and their originals
/// in one buffer addressed with 32-bit offsets.
const MAX_CELL_LIMIT: usize = 10_000_000;

fn parse_cell_limit(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CELL_LIMIT).contains(&n) => Ok(n),
        _ => Err(format!(
            "debe ser un número entero de 1 a {MAX_CELL_LIMIT} y se recibió «{s}»"
        )),
    }
}

fn parse_state(s: &str) -> Result<crate::ledger::State, String> {
    crate::ledger::State::from_key(&s.trim().to_lowercase()).ok_or_else(|| {
        format!("«{s}» no es un estado; los estados son: abierto, escalado, devuelto, respondido, cerrado, reabierto")
    })
}

fn parse_date(s: &str) -> Result<String, String> {
    crate::dates::parse_iso(s)
        .map(crate::dates::iso)
        .ok_or_else(|| format!("«{s}» no es una fecha AAAA-MM-DD (por ejemplo 2026-12-01)"))
}

fn parse_ticket(s: &str) -> Result<String, String> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(format!(
            "el ticket debe tener solo dígitos y se recibió «{s}»"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    fn words(args: &[&str]) -> Vec<String> {
        help_words(args.iter().map(std::ffi::OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn help_and_ayuda_are_the_help_flag() {
        assert_eq!(words(&["sigce", "help"]), ["sigce", "--help"]);
        assert_eq!(words(&["sigce", "ayuda"]), ["sigce", "--help"]);
        assert_eq!(
            words(&["sigce", "Ayuda", "validar"]),
            ["sigce", "validar", "--help"]
        );
        assert_eq!(
            words(&["sigce", "help", "casos", "buscar"]),
            ["sigce", "casos", "buscar", "--help"]
        );
        // Anywhere else it is what it is: a form may be called «ayuda».
        assert_eq!(
            words(&["sigce", "validar", "ayuda"]),
            ["sigce", "validar", "ayuda"]
        );
        assert_eq!(words(&["sigce"]), ["sigce"]);
        for args in [&["sigce", "help"][..], &["sigce", "ayuda", "validar"]] {
            let e = Cli::try_parse_from(words(args)).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{args:?}");
        }
    }

    #[test]
    fn a_mistyped_command_suggests_the_spanish_name_first() {
        let offered = |typed: &str| match Cli::try_parse_from(["sigce", typed])
            .unwrap_err()
            .get(clap::error::ContextKind::SuggestedSubcommand)
        {
            Some(clap::error::ContextValue::Strings(list)) => list.clone(),
            _ => Vec::new(),
        };
        assert_eq!(
            suggested_commands("valida", &offered("valida"))[0],
            "validar"
        );
        assert_eq!(
            suggested_commands("escalr", &offered("escalr"))[0],
            "escalar"
        );
        assert_eq!(
            suggested_commands("x", &["validate".to_string(), "check".to_string()]),
            ["validar"]
        );
        assert!(suggested_commands("zzz", &[]).is_empty());
    }

    #[test]
    fn version_names_the_rule_set() {
        let expected = format!("(reglamento v{})", crate::codes::RULESET_VERSION);
        assert!(VERSION.ends_with(&expected), "{VERSION}");
    }

    #[test]
    fn ticket_must_be_digits() {
        assert_eq!(parse_ticket("123456"), Ok("123456".into()));
        assert!(parse_ticket("12a").is_err());
        assert!(parse_ticket("").is_err());
    }

    #[test]
    fn the_cell_limit_is_bounded() {
        assert_eq!(parse_cell_limit("100000"), Ok(100_000));
        assert_eq!(parse_cell_limit("10000000"), Ok(MAX_CELL_LIMIT));
        assert!(
            parse_cell_limit("10000001")
                .unwrap_err()
                .contains("de 1 a 10000000")
        );
        assert!(parse_cell_limit("0").is_err());
    }

    #[test]
    fn aliases_reach_validar() {
        for alias in ["validar", "validate", "check"] {
            let cli = Cli::try_parse_from(["sigce", alias, "f.xlsx"]).unwrap();
            assert!(matches!(cli.command, Command::Validar(_)));
        }
    }
}
