//! The profile: one of the three SIGCE profiles, nothing else.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::values::Perfil;

pub static PERFIL_INVALIDO: RuleMeta = RuleMeta {
    code: "PERFIL_INVALIDO",
    severity: Severity::Error,
    scope: Scope::Row,
    field: Some(Field::Perfil),
    summary: "El perfil no es FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO ni FUNCIONARIO MEN.",
    doc: RuleDoc {
        why: "Procedimiento de mesa de ayuda: «perfil: FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO o FUNCIONARIO MEN». Una palabra de más o de menos es otro perfil; el mensaje sugiere el más parecido.",
        bad: "«FUNCIONARIO DE ESTABLECIMIENTO»",
        good: "«FUNCIONARIO ESTABLECIMIENTO EDUCATIVO»",
        todo: "Escriba uno de los tres perfiles.",
    },
    school: Some(ForSchool::new(
        "La tabla «PERFILES», más abajo, dice cuál corresponde a cada persona.",
    )),
};

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let Some(value) = row.get(Field::Perfil) else {
        return;
    };
    if Perfil::from_label(value).is_some() {
        return;
    }
    let help = match suggestion(row, value) {
        Some((perfil, why)) => format!(
            "{why}: escriba {}. Los perfiles son: {LABELS}.",
            quote(perfil.label())
        ),
        None => "Escriba el perfil según dónde trabaja la persona: FUNCIONARIO ESTABLECIMIENTO EDUCATIVO (colegios: docentes, directivos, administrativos; con código DANE), FUNCIONARIO SECRETARIA (secretarías de educación) o FUNCIONARIO MEN (Ministerio de Educación).".to_string(),
    };
    issues.push(
        PERFIL_INVALIDO
            .issue(
                Some(Field::Perfil),
                format!(
                    "El perfil {} no es uno de los tres perfiles de SIGCE.",
                    quote(value)
                ),
            )
            .with_help(help),
    );
}

const LABELS: &str =
    "FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO, FUNCIONARIO MEN";

/// Posts held in schools: written in PERFIL (or CARGO) they say the person
/// works in an educational establishment.
const SCHOOL_POSTS: &[&str] = &[
    "DOCENTE",
    "PROFESOR",
    "MAESTRO",
    "RECTOR",
    "COORDINADOR",
    "ORIENTADOR",
    "DIRECTIVO DOCENTE",
    "DOCENTE DE AULA",
    "DOCENTE ORIENTADOR",
    "DOCENTE DE APOYO",
    "DIRECTOR RURAL",
    "BIBLIOTECARIO",
    "PAGADOR",
    "SECRETARIO ACADEMICO",
    "SECRETARIA ACADEMICA",
    "AUXILIAR ADMINISTRATIVO",
];

/// Posts held in an education office (secretaría de educación).
const OFFICE_POSTS: &[&str] = &[
    "SECRETARIO DE EDUCACION",
    "SECRETARIA DE EDUCACION",
    "PROFESIONAL UNIVERSITARIO",
    "PROFESIONAL ESPECIALIZADO",
    "DIRECTOR DE NUCLEO",
    "SUPERVISOR",
    "SUPERVISOR EDUCATIVO",
    "LIDER DE CALIDAD",
    "SUBSECRETARIO",
];

/// The profile the row's other cells point to, with why, in Spanish; or
/// a near spelling of one. `None` when nothing on the row tells: a
/// suggestion by spelling alone would turn a teacher into a Ministry
/// official. Never applied: it is only the help of the error.
fn suggestion(row: &NormalizedRow, value: &str) -> Option<(Perfil, String)> {
    if let Some(dane) = row.get(Field::CodigoDane) {
        return Some((
            Perfil::FuncionarioEstablecimiento,
            format!(
                "La fila tiene código DANE de establecimiento ({dane}), así que la persona trabaja en un establecimiento educativo"
            ),
        ));
    }
    for (cell, field) in [
        (value, "PERFIL"),
        (row.get(Field::Cargo).unwrap_or(""), "CARGO"),
    ] {
        let key = crate::text::fold_accents(cell).to_uppercase();
        if SCHOOL_POSTS.iter().any(|p| key.starts_with(p)) {
            return Some((
                Perfil::FuncionarioEstablecimiento,
                format!(
                    "{} en {field} es un cargo de establecimiento educativo",
                    quote(cell)
                ),
            ));
        }
        if OFFICE_POSTS.iter().any(|p| key.starts_with(p)) {
            return Some((
                Perfil::FuncionarioSecretaria,
                format!(
                    "{} en {field} es un cargo de secretaría de educación",
                    quote(cell)
                ),
            ));
        }
    }
    if let Some(domain) = row
        .get(Field::Correo)
        .and_then(|c| c.rsplit_once('@'))
        .map(|(_, d)| d)
    {
        if domain == "mineducacion.gov.co" {
            return Some((
                Perfil::FuncionarioMen,
                format!("El correo es del Ministerio de Educación ({domain})"),
            ));
        }
        if is_office_domain(domain) {
            return Some((
                Perfil::FuncionarioSecretaria,
                format!("El correo es de una secretaría de educación ({domain})"),
            ));
        }
    }
    let closest = Perfil::closest(value)?;
    Some((
        closest,
        format!("{} se parece a {}", quote(value), quote(closest.label())),
    ))
}

/// A domain of a departmental or municipal education office: «sedboyaca.gov.co»,
/// «educacionbogota.edu.co», «sem.gov.co».
fn is_office_domain(domain: &str) -> bool {
    let first = domain.split('.').next().unwrap_or("");
    first.starts_with("sed")
        || first.starts_with("sem")
        || first.starts_with("secretariaeducacion")
        || first.starts_with("educacion")
        || domain.contains(".sed.")
        || domain.contains("secretariadeeducacion")
}

pub static ALL: &[&RuleMeta] = &[&PERFIL_INVALIDO];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    fn help_of(overrides: &[(Field, &str)]) -> String {
        let mut issues = Vec::new();
        check(&row(overrides), &Settings::default(), &mut issues);
        assert_eq!(issues.len(), 1, "{overrides:?}");
        assert_eq!(issues[0].code(), "PERFIL_INVALIDO");
        issues[0].help.clone().unwrap().into_owned()
    }

    #[test]
    fn perfil_invalido() {
        assert!(
            codes(
                &row(&[(Field::Perfil, "funcionario men"), (Field::CodigoDane, "")]),
                check
            )
            .is_empty()
        );
        assert!(codes(&row(&[(Field::Perfil, "FUNCIONARIOSECRETARIA")]), check).is_empty());
        let help = help_of(&[
            (Field::Perfil, "FUNCIONARIO DE ESTABLECIMIENTO"),
            (Field::CodigoDane, ""),
        ]);
        assert!(
            help.contains("«FUNCIONARIO ESTABLECIMIENTO EDUCATIVO»"),
            "{help}"
        );
    }

    #[test]
    fn a_school_post_in_perfil_with_a_dane_code_points_to_the_school_profile_and_says_why() {
        // Before: «¿Quiso decir «FUNCIONARIO MEN»?» for a teacher.
        for post in ["DOCENTE", "RECTOR", "COORDINADOR", "DOCENTE DE AULA"] {
            let help = help_of(&[(Field::Perfil, post)]);
            assert!(
                help.starts_with("La fila tiene código DANE de establecimiento (105001000019)"),
                "{post}: {help}"
            );
            assert!(
                help.contains("escriba «FUNCIONARIO ESTABLECIMIENTO EDUCATIVO»"),
                "{help}"
            );
            assert!(!help.contains("escriba «FUNCIONARIO MEN»"), "{help}");
        }
    }

    #[test]
    fn without_a_dane_code_the_post_or_the_domain_decides() {
        let help = help_of(&[(Field::Perfil, "RECTOR"), (Field::CodigoDane, "")]);
        assert!(
            help.starts_with("«RECTOR» en PERFIL es un cargo de establecimiento"),
            "{help}"
        );
        let help = help_of(&[
            (Field::Perfil, "ADMINISTRATIVO"),
            (Field::CodigoDane, ""),
            (Field::Cargo, "PROFESIONAL UNIVERSITARIO"),
        ]);
        assert!(
            help.contains(
                "en CARGO es un cargo de secretaría de educación: escriba «FUNCIONARIO SECRETARIA»"
            ),
            "{help}"
        );
        let help = help_of(&[
            (Field::Perfil, "ADMINISTRATIVO"),
            (Field::CodigoDane, ""),
            (Field::Cargo, "CONTRATISTA"),
            (Field::Correo, "ana.perez@sedboyaca.gov.co"),
        ]);
        assert!(
            help.starts_with("El correo es de una secretaría de educación (sedboyaca.gov.co)"),
            "{help}"
        );
        let help = help_of(&[
            (Field::Perfil, "ADMINISTRATIVO"),
            (Field::CodigoDane, ""),
            (Field::Cargo, "CONTRATISTA"),
            (Field::Correo, "aperez@mineducacion.gov.co"),
        ]);
        assert!(help.contains("escriba «FUNCIONARIO MEN»"), "{help}");
    }

    #[test]
    fn without_evidence_nothing_far_is_suggested() {
        let help = help_of(&[
            (Field::Perfil, "USUARIO"),
            (Field::CodigoDane, ""),
            (Field::Cargo, "CONTRATISTA"),
            (Field::Correo, "ana@gmail.com"),
        ]);
        assert!(!help.contains("escriba «"), "{help}");
        assert!(
            help.starts_with("Escriba el perfil según dónde trabaja la persona"),
            "{help}"
        );
        // A near spelling is still a suggestion.
        let help = help_of(&[
            (Field::Perfil, "FUNCIONARIO MEM"),
            (Field::CodigoDane, ""),
            (Field::Cargo, "CONTRATISTA"),
            (Field::Correo, "ana@gmail.com"),
        ]);
        assert!(
            help.starts_with("«FUNCIONARIO MEM» se parece a «FUNCIONARIO MEN»"),
            "{help}"
        );
    }
}
