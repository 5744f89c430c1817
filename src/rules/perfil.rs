//! The profile: one of the three SIGCE profiles, nothing else.

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
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
};

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    let Some(value) = row.get(Field::Perfil) else {
        return;
    };
    if Perfil::from_label(value).is_some() {
        return;
    }
    let closest = Perfil::closest(value);
    issues.push(
        PERFIL_INVALIDO
            .issue(
                Some(Field::Perfil),
                format!("El perfil {} no es uno de los tres perfiles de SIGCE.", quote(value)),
            )
            .with_help(format!(
                "¿Quiso decir {}? Los perfiles son: FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO, FUNCIONARIO MEN.",
                quote(closest.label())
            )),
    );
}

pub static ALL: &[&RuleMeta] = &[&PERFIL_INVALIDO];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

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
        let r = row(&[(Field::Perfil, "FUNCIONARIO DE ESTABLECIMIENTO")]);
        let mut issues = Vec::new();
        check(&r, &Settings::default(), &mut issues);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code(), "PERFIL_INVALIDO");
        assert!(
            issues[0]
                .help
                .as_deref()
                .unwrap()
                .contains("«FUNCIONARIO ESTABLECIMIENTO EDUCATIVO»")
        );
        assert_eq!(
            codes(&row(&[(Field::Perfil, "DOCENTE")]), check),
            vec!["PERFIL_INVALIDO"]
        );
    }
}
