//! One cell: the steps every text goes through (invisible characters,
//! spaces, compatibility forms, composition), then its field's own (case,
//! Ñ, accents, separators, closed lists, e-mail wrappers, phone digits).
//! Each step that changes the value records a fix through `FixLog`.

use std::borrow::Cow;

use super::fixes;
use super::phone;
use crate::diagnostic::RuleMeta;
use crate::field::Field;
use crate::policy::Settings;
use crate::read::sheet::{RawCell, number_text};
use crate::text::{
    collapse_spaces, fold_accents, fold_compatibility, lowercase, nfc, replace_ene, strip_bullet,
    strip_invisible, strip_separators, unwrap_email, uppercase,
};
use crate::values::{Perfil, TipoDocumento};

/// Where the steps record their changes: the rule, the field, the value
/// before and after.
pub trait FixLog {
    fn record(&mut self, rule: &'static RuleMeta, field: Field, before: Cow<'_, str>, after: &str);
}

/// Applies one normalizer and records a fix when it changed the value. The
/// value stays borrowed from the cell until a step changes it.
fn step<'a>(
    fixes: &mut impl FixLog,
    field: Field,
    rule: &'static RuleMeta,
    text: Cow<'a, str>,
    normalizer: impl FnOnce(&str) -> Cow<'_, str>,
) -> Cow<'a, str> {
    let changed = match normalizer(&text) {
        Cow::Owned(after) if after != *text => Some(after),
        _ => None,
    };
    match changed {
        Some(after) => {
            fixes.record(rule, field, text, &after);
            Cow::Owned(after)
        }
        None => text,
    }
}

/// Normalizes one cell that the cell rules let through.
pub(super) fn normalize_cell<'a>(
    field: Field,
    raw: &'a RawCell,
    opts: Settings,
    fixes: &mut impl FixLog,
) -> Cow<'a, str> {
    let text = match raw {
        RawCell::Empty => return Cow::Borrowed(""),
        RawCell::Text(s) | RawCell::Error(s) => Cow::Borrowed(s.as_str()),
        RawCell::Number(n) => Cow::Owned(number_text(*n)),
    };
    let text = step(
        fixes,
        field,
        &fixes::CARACTERES_INVISIBLES,
        text,
        strip_invisible,
    );
    let text = step(fixes, field, &fixes::ESPACIOS, text, collapse_spaces);
    if text.is_empty() {
        return text;
    }
    // Before NFC: a folded letter may take a combining accent that follows it.
    let folded = match fold_compatibility(&text) {
        Cow::Owned(after) => Some(after),
        Cow::Borrowed(_) => None,
    };
    let text = match folded {
        Some(after) => {
            fixes.record(&fixes::CARACTERES_COMPATIBLES, field, text, &after);
            Cow::Owned(after)
        }
        None => text,
    };
    let text = nfc(text);
    match field {
        Field::Correo | Field::CorreoAlterno => normalize_email(field, text, fixes),
        Field::TipoDocumento => canonical(
            field,
            text,
            |t| opts.policy.document_type(t),
            TipoDocumento::code,
            &fixes::TIPO_DOCUMENTO_FORMATO,
            fixes,
        ),
        Field::Perfil => canonical(
            field,
            text,
            |t| opts.policy.profile(t),
            Perfil::label,
            &fixes::PERFIL_FORMATO,
            fixes,
        ),
        Field::NumeroDocumento => {
            let text = normalize_text(field, text, opts, fixes);
            step(
                fixes,
                field,
                &fixes::DOCUMENTO_SEPARADORES,
                text,
                strip_separators,
            )
        }
        Field::CodigoDane => {
            let text = normalize_text(field, text, opts, fixes);
            step(
                fixes,
                field,
                &fixes::DANE_SEPARADORES,
                text,
                strip_separators,
            )
        }
        Field::Telefono => {
            if text.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()) {
                // A superscript, a circled or an Arabic-Indic digit: keeping
                // only the ASCII digits would drop it and send another number.
                // Left as typed for the rules to reject.
                return text;
            }
            let digits = phone::digits(&text);
            if digits.is_empty() {
                // Nothing to keep ("NO TIENE"): left as typed for the rules to reject.
                return text;
            }
            let text = step(fixes, field, &fixes::TELEFONO_FORMATO, text, |_| {
                Cow::Owned(digits)
            });
            match phone::old_landline(&text) {
                Some(landline) => step(fixes, field, &fixes::TELEFONO_INDICATIVO, text, |_| {
                    Cow::Owned(landline)
                }),
                None => text,
            }
        }
        Field::Cargo => {
            let text = normalize_text(field, text, opts, fixes);
            step(fixes, field, &fixes::CARGO_VINETA, text, strip_bullet)
        }
        Field::PrimerNombre
        | Field::SegundoNombre
        | Field::PrimerApellido
        | Field::SegundoApellido => normalize_text(field, text, opts, fixes),
    }
}

/// Uppercase, Ñ → N and accent folding: the text pipeline of every field but the e-mails.
fn normalize_text<'a>(
    field: Field,
    text: Cow<'a, str>,
    opts: Settings,
    fixes: &mut impl FixLog,
) -> Cow<'a, str> {
    let text = step(fixes, field, &fixes::MAYUSCULAS, text, uppercase);
    let text = step(fixes, field, &fixes::LETRA_ENE, text, replace_ene);
    if opts.keep_accents {
        return text;
    }
    let text = step(fixes, field, &fixes::TILDES, text, fold_accents);
    // A mark standing alone between spaces ("A \u{17BF} B") leaves two spaces
    // behind when folded; found by fuzzing, as a fix a second pass still made.
    step(fixes, field, &fixes::ESPACIOS, text, collapse_spaces)
}

/// Closed-list fields: any accepted spelling becomes the canonical one; an
/// unknown value is left as typed for the rules to reject.
fn canonical<'a, T>(
    field: Field,
    text: Cow<'a, str>,
    parse: impl Fn(&str) -> Option<T>,
    write: fn(T) -> &'static str,
    rule: &'static RuleMeta,
    fixes: &mut impl FixLog,
) -> Cow<'a, str> {
    match parse(&text) {
        Some(v) => step(fixes, field, rule, text, |t| {
            let canonical = write(v);
            if t == canonical {
                Cow::Borrowed(t)
            } else {
                Cow::Owned(canonical.to_string())
            }
        }),
        None => text,
    }
}

fn normalize_email<'a>(field: Field, text: Cow<'a, str>, fixes: &mut impl FixLog) -> Cow<'a, str> {
    let text = step(fixes, field, &fixes::CORREO_ENLACE, text, unwrap_email);
    step(fixes, field, &fixes::CORREO_MINUSCULAS, text, lowercase)
}
