//! Connectivity: the system does not load or does not answer. The caller
//! says what they see (a symptom of the list; «otro» needs a description)
//! and the case goes to the Datacenter.

use super::question::{OPTIONAL_DESCRIPTION, Prompt, Question};
use super::{Destination, Request, TO_DATACENTER};
use crate::case::answers::Answer;
use crate::case::checklist::Ready;
use crate::case::file::quoted;
use crate::case::{Case, Details};
use crate::text::letters_key;

/// What the caller sees when the connection fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symptom {
    SistemaCaido,
    BaseDatos,
    SinRespuesta,
    SeQuedaPensando,
    Otro,
}

impl Symptom {
    pub const ALL: [Symptom; 5] = [
        Symptom::SistemaCaido,
        Symptom::BaseDatos,
        Symptom::SinRespuesta,
        Symptom::SeQuedaPensando,
        Symptom::Otro,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Symptom::SistemaCaido => "sistema_caido",
            Symptom::BaseDatos => "base_datos_desconectada",
            Symptom::SinRespuesta => "servidor_sin_respuesta",
            Symptom::SeQuedaPensando => "se_queda_pensando",
            Symptom::Otro => "otro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Symptom::SistemaCaido => "El sistema está caído (no carga)",
            Symptom::BaseDatos => "Base de datos desconectada",
            Symptom::SinRespuesta => "El servidor no responde",
            Symptom::SeQuedaPensando => "El sistema se queda pensando",
            Symptom::Otro => "Otro (descríbalo)",
        }
    }

    pub fn parse(text: &str) -> Option<Symptom> {
        let key = letters_key(text);
        Symptom::ALL
            .into_iter()
            .find(|s| letters_key(s.key()) == key || letters_key(s.label()) == key)
    }
}

/// A connectivity symptom of the list; returns its key.
pub fn check_symptom(value: &str) -> Answer {
    Symptom::parse(value)
        .map(|s| s.key().to_string())
        .ok_or_else(|| {
            format!(
                "«{}» no es uno de los síntomas: {}.",
                value.trim(),
                Symptom::ALL.map(Symptom::key).join(", ")
            )
        })
}

const QUESTIONS: &[Question] = &[
    Question {
        key: "sintoma",
        unanswered: |case| check_symptom(&case.details.symptom).is_err(),
        prompt: Prompt::Choice {
            message: "¿Qué ve el usuario?",
            options: || Symptom::ALL.map(Symptom::label).to_vec(),
            store: |d, picked| {
                d.symptom =
                    Symptom::parse(picked).map_or_else(String::new, |s| s.key().to_string());
            },
        },
    },
    Question {
        key: "descripcion",
        unanswered: |case| {
            Symptom::parse(&case.details.symptom) == Some(Symptom::Otro)
                && case.details.description.trim().is_empty()
        },
        prompt: Prompt::Text {
            message: "Describa lo que ve el usuario:",
            hint: "Mensaje de error, desde cuándo, en qué módulo",
            mandatory: true,
            store: |d, v| d.description = v,
        },
    },
    OPTIONAL_DESCRIPTION,
];

pub const REQUEST: Request = Request {
    key: "conectividad",
    label: "Conectividad",
    short: "conectividad",
    required_items: &[],
    check_details,
    render_details,
    questions: QUESTIONS,
    destination: Destination::Datacenter,
    reason: TO_DATACENTER,
    forms: None,
    summary: |ready| {
        format!(
            "{}: {}",
            ready.request.label(),
            ready.symptom.map_or("", Symptom::label)
        )
    },
    body_lines: |ready| {
        vec![(
            "Síntoma",
            ready.symptom.map_or("", Symptom::label).to_string(),
        )]
    },
    tells_screenshots: false,
};

fn check_details(case: &Case, ready: &mut Ready, missing: &mut Vec<String>) {
    let symptom = &case.details.symptom;
    if symptom.trim().is_empty() {
        missing.push(format!(
            "Síntoma [solicitud.sintoma]: falta; uno de: {}.",
            Symptom::ALL.map(Symptom::key).join(", ")
        ));
    } else {
        match check_symptom(symptom) {
            Ok(_) => ready.symptom = Symptom::parse(symptom),
            Err(why) => missing.push(format!("Síntoma [solicitud.sintoma]: {why}")),
        }
    }
    if ready.symptom == Some(Symptom::Otro) && ready.description.is_empty() {
        missing.push(
            "Descripción [solicitud.descripcion]: falta; con el síntoma «otro», describa qué ve el usuario."
                .to_string(),
        );
    }
}

fn render_details(details: &Details, out: &mut String) {
    out.push_str(&format!(
        "# Conectividad: qué ve el usuario. Uno de: {}.\n",
        Symptom::ALL.map(Symptom::key).join(", ")
    ));
    out.push_str(&format!("sintoma = {}\n", quoted(&details.symptom)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symptoms_parse_from_keys_and_loose_spellings() {
        for s in Symptom::ALL {
            assert_eq!(Symptom::parse(s.key()), Some(s));
        }
        assert_eq!(
            Symptom::parse("se queda pensando"),
            Some(Symptom::SeQuedaPensando)
        );
        assert_eq!(Symptom::parse("lento"), None);
    }

    #[test]
    fn a_symptom_answer_is_one_of_the_list() {
        assert_eq!(
            check_symptom("Se queda pensando").as_deref(),
            Ok("se_queda_pensando")
        );
        assert!(check_symptom("lento").is_err());
    }
}
