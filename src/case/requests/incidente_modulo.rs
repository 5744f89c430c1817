//! Module incident: an error inside one of SIGCE's modules. Level 2 needs
//! the module, what the error says, what the user was doing, and a
//! screenshot when there is one.

use super::question::{Prompt, Question};
use super::{Destination, Request};
use crate::case::answers::Answer;
use crate::case::checklist::Ready;
use crate::case::file::{path_list, quoted};
use crate::case::{Case, Details};
use crate::text::letters_key;

/// The SIGCE modules an incident can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Evaluaciones,
    ProyectoEducativo,
    PlanMejoramiento,
    PlanApoyo,
    MediosTic,
    Reportes,
    Mantenimiento,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Evaluaciones,
        Module::ProyectoEducativo,
        Module::PlanMejoramiento,
        Module::PlanApoyo,
        Module::MediosTic,
        Module::Reportes,
        Module::Mantenimiento,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Module::Evaluaciones => "Evaluaciones",
            Module::ProyectoEducativo => "Proyecto Educativo Institucional",
            Module::PlanMejoramiento => "Plan de Mejoramiento Institucional",
            Module::PlanApoyo => "Plan de Apoyo al Mejoramiento",
            Module::MediosTic => "Medios y tecnologías de la Información y la Comunicación",
            Module::Reportes => "Reportes del Sistema",
            Module::Mantenimiento => "Mantenimiento",
        }
    }

    /// The abbreviations the schools use for the plans.
    fn short(self) -> Option<&'static str> {
        match self {
            Module::ProyectoEducativo => Some("PEI"),
            Module::PlanMejoramiento => Some("PMI"),
            Module::PlanApoyo => Some("PAM"),
            Module::MediosTic => Some("MTIC"),
            _ => None,
        }
    }

    /// The label or the abbreviation, in any case, with or without accents.
    pub fn parse(text: &str) -> Option<Module> {
        let key = letters_key(text);
        Module::ALL
            .into_iter()
            .find(|m| letters_key(m.label()) == key || m.short() == Some(key.as_str()))
    }
}

/// A module of the list (label or abbreviation); returns its label.
pub fn check_module(value: &str) -> Answer {
    Module::parse(value)
        .map(|m| m.label().to_string())
        .ok_or_else(|| {
            format!(
                "«{}» no es un módulo de SIGCE; los módulos son: {}.",
                value.trim(),
                Module::ALL.map(Module::label).join(", ")
            )
        })
}

const QUESTIONS: &[Question] = &[
    Question {
        key: "modulo",
        unanswered: |case| check_module(&case.details.module).is_err(),
        prompt: Prompt::Choice {
            message: "Módulo:",
            options: || Module::ALL.map(Module::label).to_vec(),
            store: |d, picked| d.module = picked.to_string(),
        },
    },
    Question {
        key: "descripcion",
        unanswered: |case| case.details.description.trim().is_empty(),
        prompt: Prompt::Text {
            message: "Descripción del error:",
            hint: "Con el mayor detalle posible: mensaje exacto, desde cuándo, a quiénes afecta",
            mandatory: true,
            store: |d, v| d.description = v,
        },
    },
    Question {
        key: "procedimiento",
        unanswered: |case| case.details.procedure.trim().is_empty(),
        prompt: Prompt::Text {
            message: "Procedimiento que realizaba el usuario:",
            hint: "Qué estaba haciendo, paso a paso, cuando apareció el error",
            mandatory: true,
            store: |d, v| d.procedure = v,
        },
    },
    Question {
        key: "capturas",
        unanswered: |case| {
            case.details.screenshots.is_empty()
                || case
                    .details
                    .screenshots
                    .iter()
                    .any(|p| !case.resolve(p).is_file())
        },
        prompt: Prompt::Files {
            message: "Captura de pantalla completa (ruta; vacío si no hay o para terminar):",
            hint: "Si no hay captura, se escala igual con un aviso",
            min: 0,
            store: |d, files| d.screenshots = files,
        },
    },
];

pub const REQUEST: Request = Request {
    key: "incidente_modulo",
    label: "Incidente de módulo",
    short: "incidente",
    required_items: &[],
    check_details,
    render_details,
    questions: QUESTIONS,
    destination: Destination::Level2,
    reason: "Los incidentes de módulo van a nivel 2.",
    forms: None,
    summary: |ready| {
        format!(
            "{}: {}",
            ready.request.label(),
            ready.module.map_or("", |m| m.label())
        )
    },
    body_lines: |ready| vec![("Módulo", ready.module.map_or("", |m| m.label()).to_string())],
    tells_screenshots: true,
};

fn check_details(case: &Case, ready: &mut Ready, missing: &mut Vec<String>) {
    let d = &case.details;
    if d.module.trim().is_empty() {
        missing.push(format!(
            "Módulo [solicitud.modulo]: falta; uno de: {}.",
            Module::ALL.map(Module::label).join(", ")
        ));
    } else {
        match check_module(&d.module) {
            Ok(_) => ready.module = Module::parse(&d.module),
            Err(why) => missing.push(format!("Módulo [solicitud.modulo]: {why}")),
        }
    }
    if ready.description.is_empty() {
        missing.push(
            "Descripción [solicitud.descripcion]: falta; describa el error con el mayor detalle posible."
                .to_string(),
        );
    }
    if ready.procedure.is_empty() {
        missing.push(
            "Procedimiento [solicitud.procedimiento]: falta; qué estaba haciendo el usuario cuando apareció el error."
                .to_string(),
        );
    }
    if d.screenshots.is_empty() {
        ready.warnings.push(
            "No hay capturas de pantalla: nivel 2 resuelve más rápido con una captura de pantalla completa del error."
                .to_string(),
        );
    }
}

fn render_details(details: &Details, out: &mut String) {
    out.push_str(&format!(
        "# Incidente de módulo: uno de: {}.\n",
        Module::ALL.map(Module::label).join(", ")
    ));
    out.push_str(&format!("modulo = {}\n", quoted(&details.module)));
    out.push_str("# Qué estaba haciendo el usuario cuando apareció el error (paso a paso).\n");
    out.push_str(&format!("procedimiento = {}\n", quoted(&details.procedure)));
    out.push_str("# Capturas de pantalla completa (si las hay), como ['captura1.png'].\n");
    out.push_str(&format!("capturas = {}\n", path_list(&details.screenshots)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_parse_from_labels_and_abbreviations() {
        for m in Module::ALL {
            assert_eq!(Module::parse(&m.label().to_lowercase()), Some(m));
        }
        assert_eq!(Module::parse("pmi"), Some(Module::PlanMejoramiento));
        assert_eq!(Module::parse("Matrícula"), None);
    }

    #[test]
    fn a_module_answer_is_one_of_the_list() {
        assert_eq!(
            check_module("pmi").as_deref(),
            Ok("Plan de Mejoramiento Institucional")
        );
        assert!(
            check_module("Matrícula")
                .unwrap_err()
                .contains("Evaluaciones")
        );
    }
}
