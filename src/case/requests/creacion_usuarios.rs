//! User creation: the school sends filled-in forms; they go through the
//! whole validator, and on to level 2 when every form can be received whole,
//! otherwise back to the requester with the rejections. Its e-mails list the
//! users or the rows to correct (`escalation::draft::forms`).

use super::question::{OPTIONAL_DESCRIPTION, Prompt, Question};
use super::{Destination, FormsRoute, Request, label_only, no_body_lines};
use crate::case::checklist::{Ready, existing_files};
use crate::case::file::path_list;
use crate::case::{Case, Details};

const QUESTIONS: &[Question] = &[
    Question {
        key: "formatos",
        // A form that is not there any more is asked again, or the
        // checklist would refuse what the interview took for answered.
        unanswered: |case| {
            case.details.forms.is_empty()
                || case
                    .details
                    .forms
                    .iter()
                    .any(|p| !case.resolve(p).is_file())
        },
        prompt: Prompt::Files {
            message: "Formato de creación de usuarios (ruta del archivo; vacío para terminar):",
            hint: "El archivo que envió la institución: .xlsx, .xls, .ods o .csv",
            min: 1,
            store: |d, files| d.forms = files,
        },
    },
    OPTIONAL_DESCRIPTION,
];

pub const REQUEST: Request = Request {
    key: "creacion_usuarios",
    label: "Creación de usuarios",
    short: "creacion",
    required_items: &[],
    check_details,
    render_details,
    questions: QUESTIONS,
    destination: Destination::Level2,
    reason: "Todos los formatos se reciben: van a nivel 2 con el archivo limpio para crear los usuarios.",
    forms: Some(FormsRoute {
        returned_reason: "Algún formato no se puede recibir: vuelve a quien lo solicitó con el archivo de rechazos.",
    }),
    summary: label_only,
    body_lines: no_body_lines,
    tells_screenshots: false,
};

fn check_details(case: &Case, ready: &mut Ready, missing: &mut Vec<String>) {
    if case.details.forms.is_empty() {
        missing.push(
            "Formatos de creación de usuarios [solicitud.formatos]: falta al menos uno."
                .to_string(),
        );
    }
    ready.forms = existing_files(case, &case.details.forms, "formatos", missing);
}

fn render_details(details: &Details, out: &mut String) {
    out.push_str("# Creación de usuarios: los formatos diligenciados que envió la institución.\n");
    out.push_str(&format!("formatos = {}\n", path_list(&details.forms)));
}
