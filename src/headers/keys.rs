//! How a header cell's text is compared with the names the form accepts.
//!
//! Schools title the same column many ways: «No. IDENTIFICACIÓN»,
//! «N° de identificación», «Nro. cédula», «E-MAIL INSTITUCIONAL», «COD.
//! DANE ESTABLECIMIENTO». Rather than list every spelling per alias, a
//! header is reduced in two steps that apply to every alias alike:
//! `header_key` drops decoration (case, accents, punctuation, notes in
//! parentheses, "obligatorio"), and `match_key` drops filler words and
//! spells out the usual abbreviations. A number word before or after the
//! name («No.», «N°», «Nro.», «Núm.», «Número») is then optional.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use crate::field::{Field, TICKET_ALIASES};
use crate::policy::{HeaderTarget, Policy};
use crate::text::{collapse_spaces, fold_accents};

/// A header cell's text reduced to a comparable key: accents folded, upper
/// case, notes in parentheses, `*` and "obligatorio" dropped, punctuation as spaces.
pub fn header_key(text: &str) -> String {
    let folded = fold_accents(text).to_uppercase();
    let mut without_notes = String::with_capacity(folded.len());
    let mut depth = 0usize;
    for c in folded.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => without_notes.push(if c.is_alphanumeric() { c } else { ' ' }),
            _ => {}
        }
    }
    let words: Vec<&str> = without_notes
        .split_whitespace()
        .filter(|w| !matches!(*w, "OBLIGATORIO" | "OBLIGATORIA" | "OPCIONAL"))
        .collect();
    collapse_spaces(&words.join(" ")).into_owned()
}

/// Words that say "number of" before or after a column's name.
const NUMBER_WORDS: &[&str] = &["N", "NO", "Nº", "NRO", "NUM", "NUMERO"];

/// Words that never tell two columns apart.
const FILLER_WORDS: &[&str] = &["DE", "DEL", "LA", "EL", "LOS", "LAS", "Y", "O"];

/// A `header_key` with filler words dropped and abbreviations spelled out:
/// «TIPO DE DOC» and «TIPO DOCUMENTO» give the same key, as do «E MAIL»,
/// «EMAIL» and «CORREO ELECTRONICO».
pub fn match_key(key: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut input = key.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = input.next() {
        let word = match word {
            "E" if input.peek() == Some(&"MAIL") => {
                input.next();
                "CORREO"
            }
            "EMAIL" | "MAIL" => "CORREO",
            "COD" => "CODIGO",
            "DOC" => "DOCUMENTO",
            "TEL" | "TELF" => "TELEFONO",
            "CEL" => "CELULAR",
            "IDENT" => "IDENTIFICACION",
            "PRIMERO" | "1ER" | "1RO" => "PRIMER",
            "2DO" => "SEGUNDO",
            w if FILLER_WORDS.contains(&w) => continue,
            w => w,
        };
        // "CORREO ELECTRONICO" is the e-mail, like "CORREO".
        if word == "ELECTRONICO" && words.last() == Some(&"CORREO") {
            continue;
        }
        words.push(word);
    }
    words.join(" ")
}

/// `match_key` without a number word at its start or end, when something
/// is left: «NO IDENTIFICACION» → «IDENTIFICACION».
fn without_number_word(key: &str) -> Option<&str> {
    let (first, rest) = key.split_once(' ')?;
    if NUMBER_WORDS.contains(&first) {
        return Some(rest);
    }
    let (rest, last) = key.rsplit_once(' ')?;
    NUMBER_WORDS.contains(&last).then_some(rest)
}

/// Every accepted header, as a match key, with what it maps to.
static TARGETS: LazyLock<HashMap<String, HeaderTarget>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for field in Field::ALL {
        for name in std::iter::once(&field.header()).chain(field.aliases()) {
            map.insert(match_key(&header_key(name)), HeaderTarget::Field(field));
        }
    }
    for name in TICKET_ALIASES {
        map.insert(match_key(&header_key(name)), HeaderTarget::Ticket);
    }
    map
});

/// Looks a `header_key` up in `find` by its match key, then without its
/// number word.
fn look_up(key: &str, find: impl Fn(&str) -> Option<HeaderTarget>) -> Option<HeaderTarget> {
    let key = match_key(key);
    find(&key).or_else(|| without_number_word(&key).and_then(&find))
}

/// What a header key means without any policy file.
pub fn built_in_target(key: &str) -> Option<HeaderTarget> {
    look_up(key, |k| TARGETS.get(k).copied())
}

/// What a header key means: built-in names first, then the policy's.
pub(super) fn target_of(key: &str, policy: &Policy) -> Option<HeaderTarget> {
    built_in_target(key).or_else(|| {
        if policy.header_aliases.is_empty() {
            return None;
        }
        look_up(key, |k| {
            policy
                .header_aliases
                .iter()
                .find(|(alias, _)| match_key(alias) == k)
                .map(|(_, t)| *t)
        })
    })
}

/// Keys of headers that only number the rows: "No.", "N°", "#", "ITEM"...
pub(super) const COUNTER_KEYS: &[&str] = &[
    "",
    "N",
    "NO",
    "Nº",
    "NRO",
    "NUM",
    "NUMERO",
    "ITEM",
    "CONSECUTIVO",
    "NO ITEM",
    "ORDEN",
];

/// Keys of the columns the rejection workbook adds beside the form's
/// (`write::rejections_xlsx`): a school returns that file corrected, and
/// they are neither data nor a column to warn about.
pub const ANNOTATION_KEYS: &[&str] = &["FILA", "HOJA", "OBSERVACIONES DE LA REVISION"];
