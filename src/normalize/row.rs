//! One normalized row, stored compactly: a batch holds every row until the
//! duplicate rules have seen them all, so the twelve values, the originals
//! of the changed cells and the texts of the fixes share one buffer instead
//! of a string (and its allocation) each.

use std::borrow::Cow;

use super::cell::{FixLog, normalize_cell};
use super::fixes;
use crate::diagnostic::{Fix, RuleMeta};
use crate::field::Field;
use crate::policy::Settings;
use crate::read::sheet::{RawCell, number_text};
use crate::values::{Perfil, TipoDocumento};

/// The state of one field of one row after normalization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldState {
    /// The form has no column for this field.
    NoColumn,
    Empty,
    /// A value the rules can check (`NormalizedRow::get`).
    Present,
    /// A cell rule refused its content; the row's issues say why.
    Unusable,
}

/// A cell as read whose content is not exactly its field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Original {
    /// A text cell; its text is `NormalizedRow::text[start..end]`.
    Text(u32, u32),
    /// A spreadsheet error value, its text stored like a text cell's.
    Error(u32, u32),
    Number(f64),
}

/// A stretch of `NormalizedRow::text`.
type Span = (u32, u32);

/// One automatic change as recorded: which rule (its position in
/// `fixes::ALL`), on which field, and where its before and after are.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FixRecord {
    field: Field,
    rule: u8,
    before: Span,
    after: Span,
}

/// One data row, normalized.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedRow {
    pub number: u32,
    /// The normalized values of `Field::ALL`, one after another, then the
    /// texts of `originals` and of `fixes`.
    text: Box<str>,
    /// Where each field's value ends in `text`; it starts where the previous ends.
    ends: [u32; Field::COUNT],
    states: [FieldState; Field::COUNT],
    /// The cells as read that are not exactly their value (changed text,
    /// numbers, error values), in field order. A cell that needed no change is
    /// not kept twice: its original is its value.
    originals: Box<[(Field, Original)]>,
    /// The automatic changes, in the order they were made.
    fixes: Box<[FixRecord]>,
}

impl NormalizedRow {
    fn value(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.text[start as usize..self.ends[index] as usize]
    }

    fn span(&self, (start, end): Span) -> &str {
        &self.text[start as usize..end as usize]
    }

    /// The normalized value, when there is one to check.
    pub fn get(&self, field: Field) -> Option<&str> {
        let i = field.index();
        (self.states[i] == FieldState::Present).then(|| self.value(i))
    }

    pub fn state(&self, field: Field) -> &FieldState {
        &self.states[field.index()]
    }

    /// The person's names and surnames as sent, «ANA MARIA PEREZ GOMEZ».
    pub fn full_name(&self) -> String {
        [
            Field::PrimerNombre,
            Field::SegundoNombre,
            Field::PrimerApellido,
            Field::SegundoApellido,
        ]
        .iter()
        .filter_map(|f| self.get(*f))
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// What the cell held as read (what the rejection workbook shows).
    pub fn original(&self, field: Field) -> Cow<'_, str> {
        match self.originals.iter().find(|(f, _)| *f == field) {
            // Not kept apart: the cell as read is its first change's before,
            // or its value when nothing changed.
            None => match self.fixes.iter().find(|r| r.field == field) {
                Some(first) => Cow::Borrowed(self.span(first.before)),
                None => Cow::Borrowed(self.value(field.index())),
            },
            Some((_, Original::Text(start, end) | Original::Error(start, end))) => {
                Cow::Borrowed(self.span((*start, *end)))
            }
            Some((_, Original::Number(n))) => Cow::Owned(number_text(*n)),
        }
    }

    pub fn tipo(&self) -> Option<TipoDocumento> {
        self.get(Field::TipoDocumento)
            .and_then(TipoDocumento::from_code)
    }

    pub fn perfil(&self) -> Option<Perfil> {
        self.get(Field::Perfil).and_then(Perfil::from_label)
    }

    /// The automatic changes, in the order they were made, as recorded
    /// while the row was normalized.
    pub fn fixes(&self) -> impl Iterator<Item = Fix<'_>> + '_ {
        self.fixes.iter().map(|record| Fix {
            rule: fixes::ALL[usize::from(record.rule)],
            field: record.field,
            before: self.span(record.before),
            after: self.span(record.after),
        })
    }

    /// How many automatic changes were made.
    pub fn fix_count(&self) -> usize {
        self.fixes.len()
    }
}

/// The fixes of the row being built: their texts in a buffer of their own,
/// appended to the row's text when the row is done.
#[derive(Debug, Default)]
struct Recorder {
    text: String,
    records: Vec<FixRecord>,
}

impl FixLog for Recorder {
    fn record(&mut self, rule: &'static RuleMeta, field: Field, before: Cow<'_, str>, after: &str) {
        let index = fixes::ALL
            .iter()
            .position(|r| std::ptr::eq(*r, rule))
            .and_then(|i| u8::try_from(i).ok());
        debug_assert!(index.is_some(), "{} is not in fixes::ALL", rule.code);
        // A change usually starts from the previous change's result: its
        // text is kept once for both.
        let chained = self
            .records
            .iter()
            .rev()
            .find(|r| r.field == field)
            .map(|r| r.after)
            .filter(|&(start, end)| self.text[start as usize..end as usize] == *before);
        let before = match chained {
            Some(span) => span,
            None => push(&mut self.text, clipped(&before)),
        };
        let after = push(&mut self.text, clipped(after));
        self.records.push(FixRecord {
            field,
            rule: index.unwrap_or_default(),
            before,
            after,
        });
    }
}

/// The most of a fix's before or after kept: the most a spreadsheet cell
/// can show, where every output writes it. A longer cell is rejected by
/// `CELDA_DEMASIADO_LARGA` anyway; clipping keeps the row's text under the
/// 32-bit offsets whatever `--limite-celda` allows.
const FIX_TEXT_CHARS: usize = 32_767;

fn clipped(s: &str) -> &str {
    if s.len() <= FIX_TEXT_CHARS {
        return s;
    }
    match s.char_indices().nth(FIX_TEXT_CHARS) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

fn push(text: &mut String, s: &str) -> Span {
    let start = offset(text);
    text.push_str(s);
    (start, offset(text))
}

/// Normalizes one row. `cells[i]` is the cell of `Field::ALL[i]`, `None` when
/// the form has no column for it; `refused[i]` is set when a cell rule
/// refused that cell: it is kept as read, unusable, and not normalized. The
/// row keeps its own copy of what it needs, so the cells can be reused for
/// the next row.
pub fn normalize_row(
    number: u32,
    cells: [Option<&RawCell>; Field::COUNT],
    refused: [bool; Field::COUNT],
    opts: Settings,
) -> NormalizedRow {
    SCRATCH.with_borrow_mut(|(text, recorder)| {
        text.clear();
        recorder.text.clear();
        recorder.records.clear();
        build_row(number, cells, refused, opts, text, recorder)
    })
}

thread_local! {
    /// Where a row's text and fixes are assembled before they are copied,
    /// at their exact size, into the row: reused buffers, no reallocation.
    static SCRATCH: std::cell::RefCell<(String, Recorder)> =
        const { std::cell::RefCell::new((String::new(), Recorder { text: String::new(), records: Vec::new() })) };
}

fn build_row(
    number: u32,
    cells: [Option<&RawCell>; Field::COUNT],
    refused: [bool; Field::COUNT],
    opts: Settings,
    text: &mut String,
    recorder: &mut Recorder,
) -> NormalizedRow {
    let mut ends = [0u32; Field::COUNT];
    let mut states = [FieldState::NoColumn; Field::COUNT];
    // The cells whose original must be kept, appended to `text` after the values.
    let mut kept: [Option<&RawCell>; Field::COUNT] = [None; Field::COUNT];
    for (i, cell) in cells.into_iter().enumerate() {
        let field = Field::ALL[i];
        if let Some(raw) = cell {
            if refused[i] {
                states[i] = FieldState::Unusable;
                kept[i] = Some(raw);
            } else {
                let before = recorder.records.len();
                let value = normalize_cell(field, raw, opts, recorder);
                states[i] = if value.is_empty() {
                    FieldState::Empty
                } else {
                    FieldState::Present
                };
                text.push_str(&value);
                let unchanged = matches!(raw, RawCell::Text(s) if *s == *value);
                let fixed = recorder.records.len() != before;
                if fixed || !(unchanged || *raw == RawCell::Empty) {
                    kept[i] = Some(raw);
                }
            }
        }
        ends[i] = offset(text);
    }
    let mut originals = Vec::new();
    for (i, raw) in kept.into_iter().enumerate() {
        let original = match raw {
            None | Some(RawCell::Empty) => continue,
            // A changed text cell is its first change's before: kept there,
            // once (`original` reads it from the fixes).
            Some(RawCell::Text(s)) if first_before(recorder, Field::ALL[i]) == Some(s) => continue,
            Some(RawCell::Text(s)) => {
                let (start, end) = push(text, s);
                Original::Text(start, end)
            }
            Some(RawCell::Error(s)) => {
                let (start, end) = push(text, s);
                Original::Error(start, end)
            }
            Some(RawCell::Number(n)) => Original::Number(*n),
        };
        originals.push((Field::ALL[i], original));
    }
    // The fixes' texts go last. A field's first change starts from the cell
    // as read and its last one ends in the value, both in `text` already:
    // those point there, and only the steps between are copied (once each,
    // a chained step is shared), a third of a typical row's text.
    let mut copied: Vec<(Span, Span)> = Vec::new();
    let mut place = |text: &mut String, field: Field, span: Span| -> Span {
        let wanted = &recorder.text[span.0 as usize..span.1 as usize];
        let i = field.index();
        let value = (if i == 0 { 0 } else { ends[i - 1] }, ends[i]);
        let original = originals.iter().find_map(|(f, o)| match o {
            Original::Text(start, end) if *f == field => Some((*start, *end)),
            _ => None,
        });
        let at = |(start, end): Span| &text[start as usize..end as usize];
        if at(value) == wanted {
            return value;
        }
        if let Some(original) = original.filter(|o| at(*o) == wanted) {
            return original;
        }
        if let Some((_, to)) = copied.iter().find(|(from, _)| *from == span) {
            return *to;
        }
        let to = push(text, wanted);
        copied.push((span, to));
        to
    };
    let fixes = recorder
        .records
        .iter()
        .map(|r| FixRecord {
            before: place(text, r.field, r.before),
            after: place(text, r.field, r.after),
            ..*r
        })
        .collect();
    NormalizedRow {
        number,
        text: Box::from(text.as_str()),
        ends,
        states,
        originals: originals.into_boxed_slice(),
        fixes,
    }
}

/// The text a field's first change started from, in the row being built.
fn first_before(recorder: &Recorder, field: Field) -> Option<&str> {
    let first = recorder.records.iter().find(|r| r.field == field)?;
    Some(&recorder.text[first.before.0 as usize..first.before.1 as usize])
}

/// A position in a row's text. Cells are at most 32,767 characters (the
/// spreadsheet limit) and CSV fields are bounded by the reader, so twelve of
/// them, their originals and their fixes fit in `u32`.
fn offset(text: &str) -> u32 {
    u32::try_from(text.len()).expect("row text under 4 GB")
}

#[cfg(test)]
#[path = "row_tests.rs"]
mod tests;
