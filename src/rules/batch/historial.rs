//! Ledger rules (`sigce validar --historial`): a person whose document or
//! login was already sent to level 2 in an earlier escalation. A warning, not
//! an error: a form sent again on purpose (level 2 asked for it) is legitimate,
//! but the agent must know before escalating the same people twice.

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;

pub static DOCUMENTO_YA_ENVIADO: RuleMeta = RuleMeta::new(
    "DOCUMENTO_YA_ENVIADO",
    Severity::Warning,
    Scope::Batch,
    Some(Field::NumeroDocumento),
    "El documento ya se envió a nivel 2 en un caso anterior (según el historial).",
    RuleDoc {
        why: "Nivel 2 crea cada usuario una vez. Si el historial de escalamientos muestra que este documento ya se envió, probablemente el usuario ya existe: la institución debe recuperar la contraseña, no pedir otra cuenta.",
        bad: "CC 52123456, enviada en el ticket 108805 y de nuevo en el 109120",
        good: "CC 52123456 enviada una sola vez",
        todo: "Verifique con el usuario si ya tiene cuenta; si la tiene, quite la fila y tramite una recuperación de contraseña.",
    },
);

pub static CORREO_YA_ENVIADO: RuleMeta = RuleMeta::new(
    "CORREO_YA_ENVIADO",
    Severity::Warning,
    Scope::Batch,
    Some(Field::Correo),
    "El correo (usuario de ingreso) ya se envió a nivel 2 en un caso anterior (según el historial).",
    RuleDoc {
        why: "El correo es el usuario de ingreso: si ya se envió a nivel 2, ese usuario probablemente existe y no se puede crear otra vez.",
        bad: "ana@colegio.edu.co enviado en el ticket 108805 y de nuevo en el 109120",
        good: "cada correo enviado una sola vez",
        todo: "Confirme si el usuario ya existe; si es de otra persona, pida el correo propio de quien necesita la cuenta.",
    },
);

pub static HISTORIAL_NO_DISPONIBLE: RuleMeta = RuleMeta::new(
    "HISTORIAL_NO_DISPONIBLE",
    Severity::Warning,
    Scope::File,
    None,
    "No se pudo consultar el historial de escalamientos: la validación sigue sin compararlo.",
    RuleDoc {
        why: "El historial solo avisa de envíos repetidos; si está dañado o bloqueado, la validación del formato no debe detenerse por eso.",
        bad: "un historial.sqlite3 dañado o abierto por otro programa",
        good: "el historial de sigce accesible",
        todo: "Cierre el programa que lo bloquea o indique otro archivo con --historial=ARCHIVO.",
    },
);

/// Which person column of earlier escalations is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Document,
    Email,
}

/// An earlier sending to level 2 of a document or e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub ticket: String,
    pub sent_at: String,
}

/// Where earlier escalations are looked up. The ledger implements it; the
/// rules only ask, so they know nothing of where or how it is kept.
pub trait Lookup {
    /// The first sending to level 2 of a person with this document (or
    /// e-mail); `Err` with a Spanish message when the record cannot be read.
    fn earlier(&self, column: Column, value: &str) -> Result<Option<Earlier>, String>;
}

/// Issues for a row whose document or e-mail was already sent; `lookup`
/// answers from the record of escalations.
pub fn check(
    row: &NormalizedRow,
    mut lookup: impl FnMut(Column, &str) -> Option<Earlier>,
) -> Vec<Issue> {
    let mut out = Vec::new();
    let checks = [
        (
            Field::NumeroDocumento,
            Column::Document,
            &DOCUMENTO_YA_ENVIADO,
            "El documento",
        ),
        (
            Field::Correo,
            Column::Email,
            &CORREO_YA_ENVIADO,
            "El correo",
        ),
    ];
    for (field, column, rule, what) in checks {
        if let Some(value) = row.get(field)
            && let Some(earlier) = lookup(column, value)
        {
            out.push(
                rule.issue(
                    Some(field),
                    format!(
                        "{what} {} ya se pidió en el ticket {} el {}: probablemente la persona ya tiene usuario.",
                        quote(value),
                        earlier.ticket,
                        earlier.sent_at
                    ),
                )
                .with_help(rule.doc.todo),
            );
        }
    }
    out
}

pub static ALL: &[&RuleMeta] = &[
    &DOCUMENTO_YA_ENVIADO,
    &CORREO_YA_ENVIADO,
    &HISTORIAL_NO_DISPONIBLE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::row;

    fn codes(sent: &[&str]) -> Vec<&'static str> {
        let r = row(&[]);
        check(&r, |_, v| {
            sent.contains(&v).then(|| Earlier {
                ticket: "108805".into(),
                sent_at: "2026-11-29 10:00".into(),
            })
        })
        .iter()
        .map(|i| i.code())
        .collect()
    }

    #[test]
    fn documento_ya_enviado() {
        assert_eq!(codes(&[]), Vec::<&str>::new());
        assert_eq!(codes(&["1030456789"]), ["DOCUMENTO_YA_ENVIADO"]);
    }

    #[test]
    fn correo_ya_enviado() {
        assert_eq!(codes(&["otra@colegio.edu.co"]), Vec::<&str>::new());
        assert_eq!(codes(&["ana.perez@colegio.edu.co"]), ["CORREO_YA_ENVIADO"]);
    }

    #[test]
    fn the_message_names_the_ticket_and_date() {
        let r = row(&[]);
        let issues = check(&r, |_, _| {
            Some(Earlier {
                ticket: "108805".into(),
                sent_at: "2026-11-29 10:00".into(),
            })
        });
        assert!(
            issues[0]
                .message
                .contains("ticket 108805 el 2026-11-29 10:00")
        );
    }
}
