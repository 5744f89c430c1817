//! The policy file `sigce.toml`: the help desk's local additions to the
//! built-in behaviour (header, document-type and profile aliases, accent
//! folding, strict mode, the e-mail providers whose typos are warned about),
//! the mailboxes cases are escalated between and where the ledger lives.
//!
//! It is read and checked completely before any form is validated; an unknown
//! key or a bad value is an error with its line and column. Without a file the
//! behaviour is exactly the built-in one.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};
use crate::error::FileError;
use crate::field::Field;
use crate::policy::{DATACENTER_NAME, HeaderTarget, Mailbox, Mailboxes, Policy};
use crate::text::letters_key;
use crate::values::{Perfil, TipoDocumento};

/// The file looked for in the current folder when `--config` is not given.
pub const DEFAULT_FILE: &str = "sigce.toml";

/// The largest configuration or case file read (a real one is a few KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Loads `explicit`, else `./sigce.toml` when it exists, else the built-in policy.
pub fn load(explicit: Option<&Path>) -> Result<Policy, FileError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from(DEFAULT_FILE);
            if !default.is_file() {
                return Ok(Policy::default());
            }
            default
        }
    };
    // A configuration is a few kilobytes; a larger file is not one.
    let bytes = crate::regular_file::read(&path, MAX_FILE_BYTES).map_err(|refused| {
        config_error(
            &path,
            None,
            format!("no se pudo leer: {}", refused.reason()),
        )
    })?;
    // «sigce config --ejemplo > sigce.toml» in Windows PowerShell 5.1
    // writes UTF-16 with a BOM; Notepad saves «ANSI» as Windows-1252: the
    // same decoding as a CSV form (UTF-8 with or without BOM, UTF-16, 1252).
    let text = crate::read::csv::decode(bytes);
    let mut policy = parse(&text).map_err(|(pos, message)| config_error(&path, pos, message))?;
    policy.source = Some(path);
    Ok(policy)
}

fn config_error(path: &Path, pos: Option<(usize, usize)>, message: String) -> FileError {
    let at = pos
        .map(|(l, c)| format!(", línea {l}, columna {c}"))
        .unwrap_or_default();
    FileError::new(
        &CONFIGURACION_INVALIDA,
        format!("El archivo de configuración {}{at}: {message}.", path.display()),
    )
    .with_help("Corríjalo (vea un ejemplo comentado con «sigce config --ejemplo») o quítelo para usar el comportamiento de fábrica.")
}

type ParseError = (Option<(usize, usize)>, String);

/// Line and column (1-based) of a byte offset (also for the case files).
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses and checks a policy; errors carry their position.
pub fn parse(text: &str) -> Result<Policy, ParseError> {
    let doc = DeTable::parse(text).map_err(|e| {
        let pos = e.span().map(|s| position(text, s.start));
        (
            pos,
            "no es TOML válido (revise comillas, corchetes y signos =)".to_string(),
        )
    })?;
    let at = |span: std::ops::Range<usize>| Some(position(text, span.start));
    let mut policy = Policy::default();
    for (key, value) in doc.get_ref() {
        match key.get_ref().as_ref() {
            "encabezados" => {
                for (k, v) in table(value, "encabezados", at)? {
                    let target = match k.get_ref().as_ref() {
                        "ticket" => HeaderTarget::Ticket,
                        name => match Field::ALL.iter().find(|f| f.key() == name) {
                            Some(f) => HeaderTarget::Field(*f),
                            None => {
                                return Err((
                                    at(k.span()),
                                    format!(
                                        "«{name}» no es un campo; use uno de: {}, ticket",
                                        Field::ALL.map(|f| f.key()).join(", ")
                                    ),
                                ));
                            }
                        },
                    };
                    for name in strings(v, k.get_ref(), at)? {
                        let header = crate::headers::header_key(&name);
                        if header.is_empty() {
                            return Err((
                                at(v.span()),
                                format!("el nombre de columna «{name}» está vacío"),
                            ));
                        }
                        if let Some(existing) = crate::headers::built_in_target(&header)
                            && existing != target
                        {
                            return Err((
                                at(v.span()),
                                format!(
                                    "el nombre de columna «{name}» ya corresponde a otro campo"
                                ),
                            ));
                        }
                        policy.header_aliases.push((header, target));
                    }
                }
            }
            "tipos_documento" => {
                for (k, v) in table(value, "tipos_documento", at)? {
                    let Some(tipo) = TipoDocumento::from_code(k.get_ref()) else {
                        return Err((
                            at(k.span()),
                            format!(
                                "«{}» no es un tipo de documento; use CC, CE o TI",
                                k.get_ref()
                            ),
                        ));
                    };
                    for name in strings(v, k.get_ref(), at)? {
                        check_alias(
                            TipoDocumento::parse(&name).is_some_and(|t| t != tipo),
                            &name,
                            v,
                            at,
                        )?;
                        policy.document_aliases.push((letters_key(&name), tipo));
                    }
                }
            }
            "perfiles" => {
                for (k, v) in table(value, "perfiles", at)? {
                    let perfil = match k.get_ref().as_ref() {
                        "funcionario_secretaria" => Perfil::FuncionarioSecretaria,
                        "funcionario_establecimiento_educativo" => {
                            Perfil::FuncionarioEstablecimiento
                        }
                        "funcionario_men" => Perfil::FuncionarioMen,
                        other => {
                            return Err((
                                at(k.span()),
                                format!(
                                    "«{other}» no es un perfil; use funcionario_secretaria, funcionario_establecimiento_educativo o funcionario_men"
                                ),
                            ));
                        }
                    };
                    for name in strings(v, k.get_ref(), at)? {
                        check_alias(
                            Perfil::parse(&name).is_some_and(|p| p != perfil),
                            &name,
                            v,
                            at,
                        )?;
                        policy.profile_aliases.push((letters_key(&name), perfil));
                    }
                }
            }
            "validacion" => {
                for (k, v) in table(value, "validacion", at)? {
                    match k.get_ref().as_ref() {
                        "conservar_tildes" => {
                            policy.keep_accents = boolean(v, "conservar_tildes", at)?
                        }
                        "estricto" => policy.strict = boolean(v, "estricto", at)?,
                        "dominios_correo" => {
                            let domains = strings(v, "dominios_correo", at)?;
                            if let Some(bad) = domains.iter().find(|d| !is_domain(d)) {
                                return Err((
                                    at(v.span()),
                                    format!(
                                        "«{bad}» no es un dominio de correo (por ejemplo gmail.com)"
                                    ),
                                ));
                            }
                            policy.typo_domains =
                                domains.into_iter().map(|d| d.to_lowercase()).collect();
                        }
                        other => {
                            return Err((
                                at(k.span()),
                                format!(
                                    "clave desconocida «{other}» en [validacion]; las claves son: conservar_tildes, estricto, dominios_correo"
                                ),
                            ));
                        }
                    }
                }
            }
            "correo" => parse_mailboxes(table(value, "correo", at)?, &mut policy.mail, at)?,
            "historial" => {
                for (k, v) in table(value, "historial", at)? {
                    match k.get_ref().as_ref() {
                        "archivo" => {
                            let path = string(v, "archivo", at)?;
                            if path.trim().is_empty() {
                                return Err((at(v.span()), "«archivo» está vacío".to_string()));
                            }
                            policy.ledger = Some(PathBuf::from(path));
                        }
                        "dias_espera" => {
                            policy.wait_days = match v.get_ref() {
                                DeValue::Integer(n) => n
                                    .as_str()
                                    .parse::<u32>()
                                    .ok()
                                    .filter(|n| (1..=60).contains(n)),
                                _ => None,
                            }
                            .ok_or_else(|| {
                                (
                                    at(v.span()),
                                    "«dias_espera» debe ser un número de días hábiles entre 1 y 60"
                                        .to_string(),
                                )
                            })?;
                        }
                        other => {
                            return Err((
                                at(k.span()),
                                format!(
                                    "clave desconocida «{other}» en [historial]; las claves son: archivo, dias_espera"
                                ),
                            ));
                        }
                    }
                }
            }
            other => {
                return Err((
                    at(key.span()),
                    format!(
                        "sección desconocida «{other}»; las secciones son: encabezados, tipos_documento, perfiles, validacion, correo, historial"
                    ),
                ));
            }
        }
    }
    Ok(policy)
}

/// One `key = value` of a TOML table, with their spans.
pub type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

/// The entries of a `[name]` section; `at` turns a span into the position
/// the caller's errors carry (also for the case files).
pub fn table<'a, 'i, P>(
    value: &'a Spanned<DeValue<'i>>,
    name: &str,
    at: impl Fn(std::ops::Range<usize>) -> P,
) -> Result<Vec<Entry<'a, 'i>>, (P, String)> {
    match value.get_ref() {
        DeValue::Table(t) => Ok(t.iter().collect()),
        _ => Err((
            at(value.span()),
            format!("«{name}» debe ser una sección [{name}]"),
        )),
    }
}

fn strings(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: impl Fn(std::ops::Range<usize>) -> Option<(usize, usize)>,
) -> Result<Vec<String>, ParseError> {
    let wrong = || {
        (
            at(value.span()),
            format!("«{name}» debe ser una lista de textos, como [\"UNO\", \"DOS\"]"),
        )
    };
    let DeValue::Array(items) = value.get_ref() else {
        return Err(wrong());
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(wrong()),
        })
        .collect()
}

/// `[correo]`: each mailbox's address and, optionally, its display name.
fn parse_mailboxes(
    entries: Vec<Entry<'_, '_>>,
    mail: &mut Mailboxes,
    at: impl Fn(std::ops::Range<usize>) -> Option<(usize, usize)> + Copy,
) -> Result<(), ParseError> {
    let mut datacenter_name = None;
    for (k, v) in entries {
        let key = k.get_ref().as_ref();
        let text = string(v, key, at)?;
        match key {
            "nivel1" | "nivel2" | "datacenter" => {
                let address = text.trim().to_lowercase();
                if !crate::text::is_address(&address) {
                    return Err((
                        at(v.span()),
                        format!("«{text}» no es una dirección de correo válida"),
                    ));
                }
                match key {
                    "nivel1" => mail.level1.address = address,
                    "nivel2" => mail.level2.address = address,
                    _ => {
                        mail.datacenter = Some(Mailbox {
                            name: String::new(),
                            address,
                        })
                    }
                }
            }
            "nivel1_nombre" => mail.level1.name = text.trim().to_string(),
            "nivel2_nombre" => mail.level2.name = text.trim().to_string(),
            "datacenter_nombre" => datacenter_name = Some(text.trim().to_string()),
            other => {
                return Err((
                    at(k.span()),
                    format!(
                        "clave desconocida «{other}» en [correo]; las claves son: nivel1, nivel1_nombre, nivel2, nivel2_nombre, datacenter, datacenter_nombre"
                    ),
                ));
            }
        }
    }
    if let Some(dc) = &mut mail.datacenter {
        dc.name = datacenter_name.unwrap_or_else(|| DATACENTER_NAME.to_string());
    }
    Ok(())
}

fn string(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: impl Fn(std::ops::Range<usize>) -> Option<(usize, usize)>,
) -> Result<String, ParseError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err((
            at(value.span()),
            format!("«{name}» debe ser un texto entre comillas"),
        )),
    }
}

fn boolean(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: impl Fn(std::ops::Range<usize>) -> Option<(usize, usize)>,
) -> Result<bool, ParseError> {
    match value.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err((at(value.span()), format!("«{name}» debe ser true o false"))),
    }
}

fn check_alias(
    clashes: bool,
    name: &str,
    value: &Spanned<DeValue<'_>>,
    at: impl Fn(std::ops::Range<usize>) -> Option<(usize, usize)>,
) -> Result<(), ParseError> {
    if clashes {
        return Err((
            at(value.span()),
            format!("«{name}» ya significa otro valor"),
        ));
    }
    Ok(())
}

fn is_domain(d: &str) -> bool {
    let parts: Vec<&str> = d.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// One sentence about the active policy (`sigce config`).
pub fn describe(policy: &Policy) -> String {
    match &policy.source {
        Some(path) => format!(
            "Configuración válida: {} ({} nombres de columna, {} tipos de documento y {} perfiles adicionales; tildes {}; modo estricto {}; nivel 2: {}; Datacenter: {}).",
            path.display(),
            policy.header_aliases.len(),
            policy.document_aliases.len(),
            policy.profile_aliases.len(),
            if policy.keep_accents {
                "conservadas"
            } else {
                "quitadas"
            },
            if policy.strict { "activo" } else { "inactivo" },
            policy.mail.level2.address,
            policy
                .mail
                .datacenter
                .as_ref()
                .map_or("sin dirección (agréguela en [correo])", |m| m
                    .address
                    .as_str()),
        ),
        None => format!(
            "No hay archivo de configuración ({DEFAULT_FILE}): sigce se comporta como viene de fábrica. Vea un ejemplo con «sigce config --ejemplo»."
        ),
    }
}

/// A commented example (`sigce config --ejemplo`); a test checks it loads.
pub const EXAMPLE: &str = r#"# sigce.toml: configuración de la mesa de ayuda para sigce.
# Se lee de la carpeta actual, o de la ruta que indique --config.
# Sin este archivo, sigce se comporta exactamente como viene de fábrica.

[encabezados]
# Nombres de columna adicionales para cada campo. Campos: primer_nombre,
# segundo_nombre, primer_apellido, segundo_apellido, tipo_documento,
# numero_documento, perfil, codigo_dane, correo, cargo, correo_alterno,
# telefono, ticket. Mayúsculas, tildes y puntuación no importan.
numero_documento = ["CEDULA DEL FUNCIONARIO"]
correo = ["CORREO SED"]

[tipos_documento]
# Otras formas de escribir CC, CE o TI.
CC = ["CEDULA COLOMBIANA"]

[perfiles]
# Otras formas de escribir cada perfil. Claves: funcionario_secretaria,
# funcionario_establecimiento_educativo, funcionario_men.
funcionario_establecimiento_educativo = ["DOCENTE DE ESTABLECIMIENTO EDUCATIVO"]

[validacion]
# true: conserva las tildes (la Ñ siempre se escribe como N).
conservar_tildes = false
# true: un formato con alguna fila errada se devuelve completo (como --estricto).
estricto = false
# Proveedores de correo cuyos errores de digitación se avisan (gmial.com...).
dominios_correo = ["gmail.com", "hotmail.com", "hotmail.es", "outlook.com", "outlook.es", "yahoo.com", "yahoo.es", "live.com", "icloud.com", "msn.com"]

[correo]
# Buzones entre los que se escalan los casos (sigce escalar). Nivel 1 escribe
# a nivel 2 y nivel 2 responde a nivel 1. Los nombres son opcionales.
nivel1 = "mesadeayuda@tecnologia.mineducacion.gov.co"
nivel1_nombre = "Mesa de Soporte TI-UNE"
nivel2 = "soportesigce@asegest.com"
nivel2_nombre = "Mesa de Ayuda SIGCE - Asesoría y Gestión"
# El Datacenter no tiene dirección de fábrica: sin esta clave, los casos de
# contraseña, actualización de correo y conectividad no se pueden escalar.
# Escriba aquí la dirección real del Datacenter.
# datacenter = "datacenter@dominio.gov.co"
# datacenter_nombre = "Datacenter MEN"

[historial]
# Base de datos de lo escalado (SQLite). Por defecto, en la carpeta de datos
# del usuario (en Windows, %APPDATA%\sigce\historial.sqlite3).
# archivo = "C:/MesaDeAyuda/historial.sqlite3"
# Días hábiles que un caso puede esperar a nivel 2 o al Datacenter antes de
# que «sigce casos» lo marque y proponga un recordatorio (por defecto 3).
# dias_espera = 3
"#;

pub static CONFIGURACION_INVALIDA: RuleMeta = RuleMeta::new(
    "CONFIGURACION_INVALIDA",
    Severity::Error,
    Scope::File,
    None,
    "El archivo de configuración sigce.toml tiene una clave desconocida o un valor inválido.",
    RuleDoc {
        why: "La configuración cambia lo que se acepta; si tiene un error, validar con ella podría aceptar o rechazar formatos sin que nadie lo note. Por eso se revisa completa antes de validar nada.",
        bad: "[validacion]\nestrict = true",
        good: "[validacion]\nestricto = true",
        todo: "Corrija la línea que indica el mensaje (vea «sigce config --ejemplo») o quite el archivo.",
    },
);

#[cfg(test)]
mod tests;
