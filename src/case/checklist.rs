//! Whether a case has everything its request type needs: the identification
//! block, then the type's details (checked by the type itself), each answer
//! checked as `sigce atender` checks it on Enter. Everything missing is
//! listed at once.

use std::path::PathBuf;

use super::answers::{self, check_item};
use super::error::code;
use super::requests::conectividad::Symptom;
use super::requests::incidente_modulo::Module;
use super::{Caller, Case, CaseError, Item, RequestType};

/// A complete case, with its answers normalized and its paths resolved.
#[derive(Debug, Clone)]
pub struct Ready {
    pub request: RequestType,
    pub caller: Caller,
    pub forms: Vec<PathBuf>,
    pub module: Option<Module>,
    pub symptom: Option<Symptom>,
    pub description: String,
    pub procedure: String,
    pub new_email: String,
    pub screenshots: Vec<PathBuf>,
    /// Not blocking (no screenshot for an incident).
    pub warnings: Vec<String>,
}

/// Whether `item` must be answered for this request.
pub fn required(item: Item, request: Option<RequestType>, caller: &Caller) -> bool {
    if request.is_some_and(|r| r.required_items.contains(&item)) {
        return true;
    }
    match item {
        // One phone is enough: the checklist asks for either.
        Item::Telefono | Item::Celular => false,
        // Only the requests about the login need it.
        Item::Usuario => false,
        Item::Dane => answers::is_school(caller.get(Item::Poblacion)),
        _ => true,
    }
}

fn place(item: Item) -> String {
    format!("{} [llamante.{}]", item.label(), item.key())
}

/// The files of `paths` that exist, resolved from the case file's folder;
/// each one that does not is a line of `missing` naming `[solicitud.<key>]`.
pub fn existing_files(
    case: &Case,
    paths: &[PathBuf],
    key: &str,
    missing: &mut Vec<String>,
) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| {
            let full = case.resolve(p);
            if full.is_file() {
                return Some(full);
            }
            // A path that exists but is not a file (a folder, a pipe) is
            // not "missing": say what it is.
            let what = if full.is_dir() {
                "es una carpeta, no un archivo".to_string()
            } else if full.exists() {
                "no es un archivo normal (quizá una tubería o un dispositivo)".to_string()
            } else {
                format!("no existe (se busca en {})", full.display())
            };
            missing.push(format!(
                "Archivo [solicitud.{key}]: {} {what}.",
                p.display()
            ));
            None
        })
        .collect()
}

/// The request type, or the line saying why `tipo` is not one.
fn request_type(case: &Case, missing: &mut Vec<String>) -> Option<RequestType> {
    let request = case.request_type();
    let keys = || RequestType::ALL.map(RequestType::key).join(", ");
    if case.request.trim().is_empty() {
        missing.push(format!(
            "Tipo de solicitud [tipo]: falta; uno de: {}.",
            keys()
        ));
    } else if request.is_none() {
        missing.push(format!(
            "Tipo de solicitud [tipo]: «{}» no es un tipo; uno de: {}.",
            case.request.trim(),
            keys()
        ));
    }
    request
}

/// The identification block, each answer checked and normalized.
fn identification(case: &Case, request: Option<RequestType>, missing: &mut Vec<String>) -> Caller {
    let mut caller = Caller::default();
    for item in Item::ALL {
        match check_item(item, case.caller.get(item)) {
            Ok(v) if v.is_empty() && required(item, request, &case.caller) => {
                missing.push(format!("{}: falta.", place(item)));
            }
            Ok(v) => caller.set(item, v),
            Err(why) => missing.push(format!("{}: {why}", place(item))),
        }
    }
    if case.caller.get(Item::Telefono).is_empty() && case.caller.get(Item::Celular).is_empty() {
        missing.push(
            "Teléfono o celular [llamante.telefono / llamante.celular]: falta un número de contacto."
                .to_string(),
        );
    }
    caller
}

/// Checks a case; the error lists every missing or invalid item.
pub fn check(case: &Case) -> Result<Ready, CaseError> {
    let mut missing = Vec::new();
    let request = request_type(case, &mut missing);
    let caller = identification(case, request, &mut missing);
    let d = &case.details;
    let Some(request) = request else {
        // Without a type its details cannot be checked, but the files can.
        existing_files(case, &d.screenshots, "capturas", &mut missing);
        return Err(incomplete(missing));
    };
    let mut ready = Ready {
        request,
        caller,
        forms: Vec::new(),
        module: None,
        symptom: None,
        description: d.description.trim().to_string(),
        procedure: d.procedure.trim().to_string(),
        new_email: String::new(),
        screenshots: Vec::new(),
        warnings: Vec::new(),
    };
    (request.check_details)(case, &mut ready, &mut missing);
    ready.screenshots = existing_files(case, &d.screenshots, "capturas", &mut missing);
    if missing.is_empty() {
        Ok(ready)
    } else {
        Err(incomplete(missing))
    }
}

fn incomplete(missing: Vec<String>) -> CaseError {
    let n = missing.len();
    CaseError::new(
        code::CASO_INCOMPLETO,
        format!(
            "El caso no se puede escalar: {} por completar o corregir:",
            crate::spanish::count(n, "dato", "datos")
        ),
    )
    .with_items(missing)
    .with_help("Complete esos datos en el archivo del caso (o con «sigce atender --caso ARCHIVO») y escálelo de nuevo. No se escribió ningún correo.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::file::parse;

    const CALLER: &str = r#"
[llamante]
aplicacion = "SIGCE"
ticket = "108805"
cedula = "52123456"
nombre = "ANA PEREZ"
cargo = "RECTORA"
celular = "3101234567"
correo = "ana@colegio.edu.co"
usuario = "ana@colegio.edu.co"
poblacion = "Colegio"
ciudad = "Medellín"
dane = "105001000019"
"#;

    fn case(tipo: &str, details: &str) -> Case {
        let mut c = parse(&format!(
            "tipo = \"{tipo}\"\n{CALLER}\n[solicitud]\n{details}\n"
        ))
        .unwrap();
        c.base_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        c
    }

    fn items(c: &Case) -> Vec<String> {
        check(c).unwrap_err().items
    }

    #[test]
    fn each_type_accepts_a_complete_case_and_lists_what_is_missing() {
        let complete = [
            (
                "creacion_usuarios",
                "formatos = ['examples/formato_creacion_usuarios.xlsx']",
            ),
            ("recuperacion_contrasena", ""),
            (
                "actualizacion_correo",
                "correo_nuevo = 'ana.nueva@colegio.edu.co'",
            ),
            ("conectividad", "sintoma = 'se_queda_pensando'"),
            (
                "incidente_modulo",
                "modulo = 'PMI'\ndescripcion = 'x'\nprocedimiento = 'y'",
            ),
        ];
        for (tipo, details) in complete {
            let ready = check(&case(tipo, details)).unwrap_or_else(|e| panic!("{tipo}: {e}"));
            assert_eq!(ready.request.key(), tipo);
        }
        let missing = [
            ("creacion_usuarios", "", "solicitud.formatos"),
            (
                "creacion_usuarios",
                "formatos = ['no_existe.xlsx']",
                "no_existe.xlsx no existe",
            ),
            ("actualizacion_correo", "", "solicitud.correo_nuevo"),
            (
                "actualizacion_correo",
                "correo_nuevo = 'ana@colegio.edu.co'",
                "mismo usuario",
            ),
            (
                "conectividad",
                "sintoma = 'lento'",
                "no es uno de los síntomas",
            ),
            ("conectividad", "sintoma = 'otro'", "solicitud.descripcion"),
            (
                "incidente_modulo",
                "descripcion = 'x'\nprocedimiento = 'y'",
                "solicitud.modulo",
            ),
            (
                "incidente_modulo",
                "modulo = 'Evaluaciones'",
                "solicitud.procedimiento",
            ),
            (
                "incidente_modulo",
                "modulo = 'Matrícula'\ndescripcion = 'x'\nprocedimiento = 'y'",
                "no es un módulo",
            ),
            ("otra_cosa", "", "[tipo]"),
        ];
        for (tipo, details, expected) in missing {
            let found = items(&case(tipo, details));
            assert!(
                found.iter().any(|i| i.contains(expected)),
                "{tipo} {details}: {found:?}"
            );
        }
    }

    #[test]
    fn the_identification_block_is_required_and_checked() {
        let mut c = case("recuperacion_contrasena", "");
        c.caller.set(Item::Cedula, "");
        c.caller.set(Item::Usuario, "");
        c.caller.set(Item::Celular, "");
        c.caller.set(Item::Dane, "12345");
        let found = items(&c);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].contains("llamante.cedula") && found[0].contains("falta"));
        assert!(found[1].contains("llamante.usuario"));
        assert!(found[2].contains("llamante.dane") && found[2].contains("12"));
        assert!(found[3].contains("número de contacto"));
        // DANE is only needed for schools; a usuario only where the request is about it.
        let mut c = case("conectividad", "sintoma = 'sistema_caido'");
        c.caller.set(Item::Poblacion, "Secretaría de Educación");
        c.caller.set(Item::Dane, "");
        c.caller.set(Item::Usuario, "");
        assert!(check(&c).is_ok());
    }

    #[test]
    fn an_incident_without_screenshot_is_a_warning_not_a_block() {
        let ready = check(&case(
            "incidente_modulo",
            "modulo = 'Evaluaciones'\ndescripcion = 'x'\nprocedimiento = 'y'",
        ))
        .unwrap();
        assert_eq!(ready.module, Some(Module::Evaluaciones));
        assert!(ready.warnings[0].contains("captura"));
    }
}
