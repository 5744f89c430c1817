//! Required values: the fields level 2 needs to create the account.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity};
use crate::field::Field;
use crate::normalize::{FieldState, NormalizedRow};
use crate::policy::Settings;
use crate::values::TipoDocumento;

pub static CAMPO_OBLIGATORIO: RuleMeta = RuleMeta {
    code: "CAMPO_OBLIGATORIO",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Un campo obligatorio está vacío.",
    doc: RuleDoc {
        why: "Nivel 2 necesita primer nombre, primer y segundo apellido, tipo y número de documento, perfil, correo, cargo y teléfono para crear la cuenta. Procedimiento de mesa de ayuda: «si el formato no está bien diligenciado NO se podrá recibir».",
        bad: "CARGO vacío",
        good: "CARGO: DOCENTE",
        todo: "Escriba el dato que falta.",
    },
    school: Some(ForSchool::new(
        "Las columnas con «Sí» en ¿OBLIGATORIO? no pueden quedar vacías en ninguna fila.",
    )),
};

pub static SEGUNDO_APELLIDO_VACIO_CE: RuleMeta = RuleMeta {
    code: "SEGUNDO_APELLIDO_VACIO_CE",
    severity: Severity::Warning,
    scope: Scope::Row,
    field: Some(Field::SegundoApellido),
    summary: "Persona con cédula de extranjería sin segundo apellido (muchos extranjeros no lo tienen).",
    doc: RuleDoc {
        why: "Muchas personas extranjeras no tienen segundo apellido; con cédula de extranjería se acepta vacío, pero conviene confirmarlo.",
        bad: "CE 456789 sin segundo apellido",
        good: "CE 456789 con segundo apellido, si lo tiene",
        todo: "Si la persona tiene segundo apellido, escríbalo.",
    },
    school: Some(ForSchool::new(
        "Si la persona tiene cédula de extranjería y no tiene segundo apellido, deje la celda vacía: no escriba NA, X ni un guion.",
    )),
};

/// Fields that must have a value in every row.
pub const REQUIRED: [Field; 9] = [
    Field::PrimerNombre,
    Field::PrimerApellido,
    Field::SegundoApellido,
    Field::TipoDocumento,
    Field::NumeroDocumento,
    Field::Perfil,
    Field::Correo,
    Field::Cargo,
    Field::Telefono,
];

pub fn check(row: &NormalizedRow, _: &Settings, issues: &mut Vec<Issue>) {
    for field in REQUIRED {
        if !matches!(row.state(field), FieldState::Empty | FieldState::NoColumn) {
            continue;
        }
        if field == Field::SegundoApellido && row.tipo() == Some(TipoDocumento::Ce) {
            issues.push(SEGUNDO_APELLIDO_VACIO_CE.issue(
                Some(field),
                "SEGUNDO APELLIDO está vacío; se acepta porque el documento es cédula de extranjería.",
            ).with_help("Si la persona tiene segundo apellido, escríbalo."));
            continue;
        }
        issues.push(
            CAMPO_OBLIGATORIO
                .issue(
                    Some(field),
                    format!("{} está vacío y es obligatorio.", field.header()),
                )
                .with_help(format!(
                    "Escriba el dato de {} de la persona.",
                    field.header()
                )),
        );
    }
}

pub static ALL: &[&RuleMeta] = &[&CAMPO_OBLIGATORIO, &SEGUNDO_APELLIDO_VACIO_CE];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    #[test]
    fn campo_obligatorio() {
        assert!(codes(&row(&[]), check).is_empty());
        let r = row(&[(Field::Cargo, "")]);
        assert_eq!(codes(&r, check), vec!["CAMPO_OBLIGATORIO"]);
        let r = row(&[(Field::SegundoNombre, "")]);
        assert!(codes(&r, check).is_empty(), "segundo nombre is optional");
    }

    #[test]
    fn segundo_apellido_vacio_ce() {
        let r = row(&[
            (Field::SegundoApellido, ""),
            (Field::TipoDocumento, "CE"),
            (Field::NumeroDocumento, "123456"),
        ]);
        assert_eq!(codes(&r, check), vec!["SEGUNDO_APELLIDO_VACIO_CE"]);
        let r = row(&[(Field::SegundoApellido, ""), (Field::TipoDocumento, "CC")]);
        assert_eq!(codes(&r, check), vec!["CAMPO_OBLIGATORIO"]);
    }
}
