//! Normalize: raw cells become field values. Every change is recorded as a fix
//! (field, code, before, after); values that cannot be used at all (error cells,
//! mojibake, a number in scientific notation, two phones in one cell) are marked
//! unusable with the issue that explains why, so later rules leave them alone.

use std::borrow::Cow;

use crate::diagnostic::{Issue, RuleMeta};
use crate::field::Field;
use crate::read::sheet::{RawCell, number_text};
use crate::rules::{RuleOptions, celda, dane, fixes, telefono};
use crate::text::{
    collapse_spaces, fold_accents, fold_compatibility, lowercase, nfc, replace_ene, strip_bullet,
    strip_invisible, strip_separators, unwrap_email, uppercase,
};
use crate::values::{Perfil, TipoDocumento};

/// The state of one field of one row after normalization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldState {
    /// The form has no column for this field.
    NoColumn,
    Empty,
    /// A value the rules can check (`NormalizedRow::get`).
    Present,
    /// The cell's content cannot be used; its issue is in `NormalizedRow::cell_issues`.
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

/// One data row, normalized.
///
/// Compact because a batch holds every row until the duplicate rules have
/// seen them all: the twelve values and the originals of the changed cells
/// share one buffer, instead of a string (and its allocation) per cell.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalizedRow {
    pub number: u32,
    /// The normalized values of `Field::ALL`, one after another, followed by
    /// the texts of `originals`.
    text: Box<str>,
    /// Where each field's value ends in `text`; it starts where the previous ends.
    ends: [u32; Field::COUNT],
    states: [FieldState; Field::COUNT],
    /// The cells as read that are not exactly their value (changed text,
    /// numbers, error values), in field order. A cell that needed no change is
    /// not kept twice: its original is its value.
    originals: Box<[(Field, Original)]>,
    /// The automatic changes, in the order they were made: which rule, on
    /// which field. Their before and after are not kept: `fixes` makes them
    /// again from the original cells when a report needs them, so a large
    /// form does not hold a dozen strings per row.
    fix_log: Box<[(Field, u8)]>,
    /// Why some cells are unusable.
    pub cell_issues: Vec<Issue>,
}

impl NormalizedRow {
    fn value(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.text[start as usize..self.ends[index] as usize]
    }

    /// The normalized value, when there is one to check.
    pub fn get(&self, field: Field) -> Option<&str> {
        let i = field.index();
        (self.states[i] == FieldState::Present).then(|| self.value(i))
    }

    pub fn state(&self, field: Field) -> &FieldState {
        &self.states[field.index()]
    }

    /// What the cell held as read (what the rejection workbook shows).
    pub fn original(&self, field: Field) -> Cow<'_, str> {
        match self.originals.iter().find(|(f, _)| *f == field) {
            None => Cow::Borrowed(self.value(field.index())),
            Some((_, Original::Text(start, end) | Original::Error(start, end))) => {
                Cow::Borrowed(&self.text[*start as usize..*end as usize])
            }
            Some((_, Original::Number(n))) => Cow::Owned(number_text(*n)),
        }
    }

    /// The cell as read, when it is not exactly the field's value.
    fn original_cell(&self, field: Field) -> Option<RawCell> {
        let (_, original) = self.originals.iter().find(|(f, _)| *f == field)?;
        let text = |start: u32, end: u32| self.text[start as usize..end as usize].to_string();
        Some(match *original {
            Original::Text(start, end) => RawCell::Text(text(start, end)),
            Original::Error(start, end) => RawCell::Error(text(start, end)),
            Original::Number(n) => RawCell::Number(n),
        })
    }

    pub fn tipo(&self) -> Option<TipoDocumento> {
        self.get(Field::TipoDocumento)
            .and_then(TipoDocumento::from_code)
    }

    pub fn perfil(&self) -> Option<Perfil> {
        self.get(Field::Perfil).and_then(Perfil::from_label)
    }

    /// The automatic changes, in the order they were made: which field, by
    /// which rule.
    pub fn fix_log(&self) -> impl Iterator<Item = (Field, &'static RuleMeta)> + '_ {
        self.fix_log
            .iter()
            .map(|&(field, rule)| (field, fixes::ALL[usize::from(rule)]))
    }

    /// How many automatic changes were made.
    pub fn fix_count(&self) -> usize {
        self.fix_log.len()
    }

    /// The automatic changes of this row, in the order they were made, each
    /// with its before and after. Normalization is deterministic, so running
    /// it again on the cells that changed gives exactly the changes counted.
    pub fn fixes(&self, opts: RuleOptions) -> Vec<Issue> {
        let mut fixes = Vec::new();
        if self.fix_log.is_empty() {
            return fixes;
        }
        for (field, _) in self.originals.iter() {
            if let Some(raw) = self.original_cell(*field) {
                let _ = normalize_cell(*field, &raw, opts, &mut fixes);
            }
        }
        fixes
    }
}

/// Where normalization reports its changes: a full record (before and after,
/// for reports) or only their number (while reading a form).
pub trait FixLog {
    fn record(&mut self, rule: &'static RuleMeta, field: Field, before: Cow<'_, str>, after: &str);
}

impl FixLog for Vec<Issue> {
    fn record(&mut self, rule: &'static RuleMeta, field: Field, before: Cow<'_, str>, after: &str) {
        self.push(crate::diagnostic::fix(
            rule,
            field,
            before.into_owned(),
            after.to_string(),
        ));
    }
}

/// Which rule changed which field, without the texts: the rule as its
/// position in `fixes::ALL` (two bytes a change instead of sixteen).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FixCodes(Vec<(Field, u8)>);

impl FixLog for FixCodes {
    fn record(&mut self, rule: &'static RuleMeta, field: Field, _: Cow<'_, str>, _: &str) {
        let index = fixes::ALL
            .iter()
            .position(|r| std::ptr::eq(*r, rule))
            .and_then(|i| u8::try_from(i).ok());
        debug_assert!(index.is_some(), "{} is not in fixes::ALL", rule.code);
        self.0.push((field, index.unwrap_or_default()));
    }
}

/// Normalizes one row. `cells[i]` is the cell of `Field::ALL[i]`, `None` when
/// the form has no column for it. The row keeps its own copy of what it
/// needs, so the cells can be reused for the next row.
pub fn normalize_row(
    number: u32,
    cells: [Option<&RawCell>; Field::COUNT],
    opts: RuleOptions,
) -> NormalizedRow {
    SCRATCH.with_borrow_mut(|(text, log)| {
        text.clear();
        log.0.clear();
        build_row(number, cells, opts, text, log)
    })
}

thread_local! {
    /// Where a row's text and fix log are assembled before they are copied,
    /// at their exact size, into the row: reused buffers, no reallocation.
    static SCRATCH: std::cell::RefCell<(String, FixCodes)> =
        const { std::cell::RefCell::new((String::new(), FixCodes(Vec::new()))) };
}

fn build_row(
    number: u32,
    cells: [Option<&RawCell>; Field::COUNT],
    opts: RuleOptions,
    text: &mut String,
    log: &mut FixCodes,
) -> NormalizedRow {
    let mut cell_issues = Vec::new();
    let mut ends = [0u32; Field::COUNT];
    let mut states = [FieldState::NoColumn; Field::COUNT];
    // The cells whose original must be kept, appended to `text` after the values.
    let mut kept: [Option<&RawCell>; Field::COUNT] = [None; Field::COUNT];
    for (i, cell) in cells.into_iter().enumerate() {
        let field = Field::ALL[i];
        if let Some(raw) = cell {
            let before = log.0.len();
            let unchanged = match normalize_cell(field, raw, opts, log) {
                Ok(value) => {
                    states[i] = if value.is_empty() {
                        FieldState::Empty
                    } else {
                        FieldState::Present
                    };
                    text.push_str(&value);
                    matches!(raw, RawCell::Text(s) if *s == *value)
                }
                Err(issue) => {
                    cell_issues.push(*issue);
                    states[i] = FieldState::Unusable;
                    false
                }
            };
            let fixed = log.0.len() != before;
            if fixed || !(unchanged || *raw == RawCell::Empty) {
                kept[i] = Some(raw);
            }
        }
        ends[i] = offset(text);
    }
    let mut originals = Vec::new();
    for (i, raw) in kept.into_iter().enumerate() {
        let mut stored = |s: &str| {
            let start = offset(text);
            text.push_str(s);
            (start, offset(text))
        };
        let original = match raw {
            None | Some(RawCell::Empty) => continue,
            Some(RawCell::Text(s)) => {
                let (start, end) = stored(s);
                Original::Text(start, end)
            }
            Some(RawCell::Error(s)) => {
                let (start, end) = stored(s);
                Original::Error(start, end)
            }
            Some(RawCell::Number(n)) => Original::Number(*n),
        };
        originals.push((Field::ALL[i], original));
    }
    NormalizedRow {
        number,
        text: Box::from(text.as_str()),
        ends,
        states,
        originals: originals.into_boxed_slice(),
        fix_log: Box::from(log.0.as_slice()),
        cell_issues,
    }
}

/// A position in a row's text. Cells are at most 32,767 characters (the
/// spreadsheet limit) and CSV fields are bounded by the reader, so twelve of
/// them and their originals fit in `u32`.
fn offset(text: &str) -> u32 {
    u32::try_from(text.len()).expect("row text under 4 GB")
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

/// Normalizes one cell; `Err` when its content cannot be used at all.
fn normalize_cell<'a>(
    field: Field,
    raw: &'a RawCell,
    opts: RuleOptions,
    fixes: &mut impl FixLog,
) -> Result<Cow<'a, str>, Box<Issue>> {
    if let Some(issue) = celda::inspect(field, raw) {
        return Err(Box::new(issue));
    }
    let text = match raw {
        RawCell::Empty => return Ok(Cow::Borrowed("")),
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
        return Ok(text);
    }
    // Before NFC: a folded letter may take a combining accent that follows it.
    let folded = match fold_compatibility(&text) {
        Cow::Owned(after) => Some(after),
        Cow::Borrowed(_) => None,
    };
    let text = match folded {
        Some(after) => {
            // Full-width digits with a decimal point ("５２０００００４．５")
            // were not seen as a decimal in the raw cell: seen now, before the
            // separators are dropped and another number is made of them.
            if let Some(issue) = celda::decimal_text(field, &after) {
                return Err(Box::new(issue));
            }
            fixes.record(&fixes::CARACTERES_COMPATIBLES, field, text, &after);
            Cow::Owned(after)
        }
        None => text,
    };
    let text = nfc(text);
    match field {
        Field::Correo | Field::CorreoAlterno => Ok(normalize_email(field, text, fixes)),
        Field::TipoDocumento => Ok(canonical(
            field,
            text,
            |t| opts.policy.document_type(t),
            TipoDocumento::code,
            &fixes::TIPO_DOCUMENTO_FORMATO,
            fixes,
        )),
        Field::Perfil => Ok(canonical(
            field,
            text,
            |t| opts.policy.profile(t),
            Perfil::label,
            &fixes::PERFIL_FORMATO,
            fixes,
        )),
        Field::NumeroDocumento => {
            let text = normalize_text(field, text, opts, fixes);
            Ok(step(
                fixes,
                field,
                &fixes::DOCUMENTO_SEPARADORES,
                text,
                strip_separators,
            ))
        }
        Field::CodigoDane => {
            if let Some(issue) = dane::scientific_notation(&text) {
                return Err(Box::new(issue));
            }
            let text = normalize_text(field, text, opts, fixes);
            Ok(step(
                fixes,
                field,
                &fixes::DANE_SEPARADORES,
                text,
                strip_separators,
            ))
        }
        Field::Telefono => {
            if let Some(issue) = telefono::multiple(&text) {
                return Err(Box::new(issue));
            }
            if text.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()) {
                // A superscript, a circled or an Arabic-Indic digit: keeping
                // only the ASCII digits would drop it and send another number.
                // Left as typed for the rules to reject.
                return Ok(text);
            }
            let digits = telefono::digits(&text);
            if digits.is_empty() {
                // Nothing to keep ("NO TIENE"): left as typed for the rules to reject.
                return Ok(text);
            }
            let text = step(fixes, field, &fixes::TELEFONO_FORMATO, text, |_| {
                Cow::Owned(digits)
            });
            Ok(match telefono::old_landline(&text) {
                Some(landline) => step(fixes, field, &fixes::TELEFONO_INDICATIVO, text, |_| {
                    Cow::Owned(landline)
                }),
                None => text,
            })
        }
        Field::Cargo => {
            let text = normalize_text(field, text, opts, fixes);
            Ok(step(fixes, field, &fixes::CARGO_VINETA, text, strip_bullet))
        }
        Field::PrimerNombre
        | Field::SegundoNombre
        | Field::PrimerApellido
        | Field::SegundoApellido => Ok(normalize_text(field, text, opts, fixes)),
    }
}

/// Uppercase, Ñ → N and accent folding: the text pipeline of every field but the e-mails.
fn normalize_text<'a>(
    field: Field,
    text: Cow<'a, str>,
    opts: RuleOptions,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_blank;

    fn norm(field: Field, raw: RawCell) -> (Result<String, Box<Issue>>, Vec<&'static str>) {
        let mut fixes: Vec<Issue> = Vec::new();
        let r =
            normalize_cell(field, &raw, RuleOptions::default(), &mut fixes).map(Cow::into_owned);
        (r, fixes.iter().map(|f| f.code()).collect())
    }

    fn text(s: &str) -> RawCell {
        RawCell::Text(s.to_string())
    }

    #[test]
    fn a_row_keeps_each_value_and_the_original_of_each_changed_cell() {
        let mut cells: [Option<RawCell>; Field::COUNT] = Default::default();
        cells[Field::PrimerNombre.index()] = Some(text("josé"));
        cells[Field::PrimerApellido.index()] = Some(text("PEREZ"));
        cells[Field::NumeroDocumento.index()] = Some(RawCell::Number(1030456789.0));
        cells[Field::CodigoDane.index()] = Some(RawCell::Error("#N/A".into()));
        cells[Field::Correo.index()] = Some(RawCell::Empty);
        let row = normalize_row(
            7,
            cells.each_ref().map(Option::as_ref),
            RuleOptions::default(),
        );

        assert_eq!(row.get(Field::PrimerNombre), Some("JOSE"));
        assert_eq!(row.original(Field::PrimerNombre), "josé");
        assert_eq!(row.get(Field::PrimerApellido), Some("PEREZ"));
        assert!(matches!(
            row.original(Field::PrimerApellido),
            Cow::Borrowed("PEREZ")
        ));
        assert_eq!(row.get(Field::NumeroDocumento), Some("1030456789"));
        assert_eq!(row.original(Field::NumeroDocumento), "1030456789");
        assert_eq!(row.state(Field::CodigoDane), &FieldState::Unusable);
        assert_eq!(row.get(Field::CodigoDane), None);
        assert_eq!(row.original(Field::CodigoDane), "#N/A");
        assert_eq!(row.state(Field::Correo), &FieldState::Empty);
        assert_eq!(row.state(Field::Telefono), &FieldState::NoColumn);
        assert_eq!(row.original(Field::Telefono), "");
        // Only the cells that differ from their value are stored twice.
        let kept: Vec<Field> = row.originals.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            kept,
            [
                Field::PrimerNombre,
                Field::NumeroDocumento,
                Field::CodigoDane
            ]
        );
        let fixes: Vec<_> = row.fixes(RuleOptions::default());
        assert_eq!(fixes.len(), row.fix_count());
        assert_eq!(
            fixes.iter().map(|f| f.code()).collect::<Vec<_>>(),
            ["MAYUSCULAS", "TILDES"]
        );
    }

    #[test]
    fn whitespace_and_invisible_characters_are_cleaned() {
        let (v, codes) = norm(
            Field::PrimerNombre,
            text("  JUAN\u{00A0}\n CARLOS\u{200B} "),
        );
        assert_eq!(v.unwrap(), "JUAN CARLOS");
        assert_eq!(codes, vec!["CARACTERES_INVISIBLES", "ESPACIOS"]);
        let (v, codes) = norm(Field::PrimerNombre, text("JUAN"));
        assert_eq!(v.unwrap(), "JUAN");
        assert!(codes.is_empty());
    }

    /// Characters that draw nothing although Unicode counts some as letters.
    const FILLERS: &[char] = &[
        '\u{3164}',  // HANGUL FILLER
        '\u{FFA0}',  // HALFWIDTH HANGUL FILLER
        '\u{115F}',  // HANGUL CHOSEONG FILLER
        '\u{1160}',  // HANGUL JUNGSEONG FILLER
        '\u{2800}',  // BRAILLE PATTERN BLANK
        '\u{180E}',  // MONGOLIAN VOWEL SEPARATOR
        '\u{200B}',  // ZERO WIDTH SPACE
        '\u{200C}',  // ZERO WIDTH NON-JOINER
        '\u{200D}',  // ZERO WIDTH JOINER
        '\u{2060}',  // WORD JOINER
        '\u{FEFF}',  // ZERO WIDTH NO-BREAK SPACE
        '\u{E0001}', // LANGUAGE TAG
        '\u{E0041}', // TAG LATIN CAPITAL LETTER A
        '\u{E007F}', // CANCEL TAG
        '\u{FE00}',  // VARIATION SELECTOR-1
        '\u{FE0F}',  // VARIATION SELECTOR-16
        '\u{E0100}', // VARIATION SELECTOR-17
        '\u{E01EF}', // VARIATION SELECTOR-256
    ];

    #[test]
    fn regression_a_lone_hangul_filler_no_longer_fills_a_required_name() {
        for &filler in FILLERS {
            let lone = filler.to_string();
            assert!(is_blank(&lone), "U+{:04X}", filler as u32);
            assert_eq!(strip_invisible(&format!("AN{filler}A")), "ANA");
            for field in [Field::PrimerNombre, Field::PrimerApellido, Field::Cargo] {
                let (v, codes) = norm(field, text(&format!("{filler}{filler}")));
                assert_eq!(v.unwrap(), "", "U+{:04X}", filler as u32);
                assert_eq!(codes, vec!["CARACTERES_INVISIBLES"]);
            }
        }
        let mut row = crate::rules::testing::row(&[
            (Field::PrimerNombre, "\u{3164}"),
            (Field::PrimerApellido, "\u{FFA0}"),
            (Field::Cargo, "\u{3164} \u{2800}"),
        ]);
        assert_eq!(row.state(Field::PrimerNombre), &FieldState::Empty);
        let issues = crate::rules::check_row(&mut row, RuleOptions::default());
        let blank: Vec<_> = issues
            .iter()
            .filter(|i| i.code() == "CAMPO_OBLIGATORIO")
            .map(|i| i.field)
            .collect();
        assert_eq!(
            blank,
            [
                Some(Field::PrimerNombre),
                Some(Field::PrimerApellido),
                Some(Field::Cargo)
            ]
        );
    }

    #[test]
    fn regression_tag_characters_and_variation_selectors_are_removed() {
        let (v, codes) = norm(Field::PrimerNombre, text("MAR\u{E0041}\u{E0042}IA\u{FE0F}"));
        assert_eq!(v.unwrap(), "MARIA");
        assert_eq!(codes, vec!["CARACTERES_INVISIBLES"]);
    }

    #[test]
    fn full_width_and_mathematical_letters_are_folded_with_a_fix() {
        for (field, input, want, want_codes) in [
            (
                Field::PrimerNombre,
                "\u{FF21}\u{FF2E}\u{FF21}",
                "ANA",
                &["CARACTERES_COMPATIBLES"][..],
            ),
            (
                Field::PrimerNombre,
                "\u{FF41}\u{FF4E}\u{FF41}",
                "ANA",
                &["CARACTERES_COMPATIBLES", "MAYUSCULAS"],
            ),
            (
                Field::PrimerNombre,
                "\u{1D400}\u{1D40D}\u{1D400}",
                "ANA",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::PrimerApellido,
                "\u{1D5E3}\u{1D5D8}\u{1D5E5}\u{1D5D8}\u{1D5ED}",
                "PEREZ",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::PrimerNombre,
                "\u{2102}ARLOS",
                "CARLOS",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::PrimerNombre,
                "\u{FB01}del",
                "FIDEL",
                &["CARACTERES_COMPATIBLES", "MAYUSCULAS"],
            ),
            (
                Field::PrimerNombre,
                "JOS\u{FF25}\u{301}",
                "JOSE",
                &["CARACTERES_COMPATIBLES", "TILDES"],
            ),
            (
                Field::NumeroDocumento,
                "\u{FF11}\u{FF10}\u{FF13}\u{FF10}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}",
                "1030456789",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::CodigoDane,
                "\u{1D7CF}05001000019",
                "105001000019",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::Correo,
                "\u{FF41}\u{FF4E}\u{FF41}\u{FF20}\u{FF58}\u{FF0E}\u{FF43}\u{FF4F}",
                "ana@x.co",
                &["CARACTERES_COMPATIBLES"],
            ),
            (
                Field::TipoDocumento,
                "\u{FF23}\u{FF23}",
                "CC",
                &["CARACTERES_COMPATIBLES"],
            ),
            // A mathematical Greek letter is folded to the Greek letter, which
            // the alphabet rule then rejects.
            (
                Field::PrimerNombre,
                "\u{1D6A8}NA",
                "\u{391}NA",
                &["CARACTERES_COMPATIBLES"],
            ),
        ] {
            let (v, codes) = norm(field, text(input));
            assert_eq!(v.unwrap(), want, "{input}");
            assert_eq!(codes, want_codes, "{input}");
        }
    }

    #[test]
    fn regression_full_width_decimals_are_not_made_into_another_number() {
        let (v, codes) = norm(
            Field::NumeroDocumento,
            text(
                "\u{FF15}\u{FF12}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF14}\u{FF0E}\u{FF15}",
            ),
        );
        assert_eq!(v.unwrap_err().code(), "NUMERO_DECIMAL");
        assert!(codes.is_empty(), "{codes:?}");
        let (v, _) = norm(Field::CodigoDane, text("\u{FF11},\u{FF10}5001E+11"));
        assert_eq!(v.unwrap_err().code(), "DANE_NOTACION_CIENTIFICA");
        // Thousands separators are still only separators.
        let (v, _) = norm(Field::NumeroDocumento, text("\u{FF15}\u{FF12}.000.004"));
        assert_eq!(v.unwrap(), "52000004");
    }

    #[test]
    fn superscripts_circled_numbers_and_ordinals_are_not_folded() {
        for (field, input, want) in [
            (Field::PrimerNombre, "M\u{AA}", "M\u{AA}"),
            (
                Field::NumeroDocumento,
                "1030456789\u{B2}",
                "1030456789\u{B2}",
            ),
            (
                Field::NumeroDocumento,
                "\u{2460}030456789",
                "\u{2460}030456789",
            ),
            (Field::Cargo, "DOCENTE \u{2122}", "DOCENTE \u{2122}"),
            (Field::Cargo, "\u{2207}", "\u{2207}"),
        ] {
            let (v, codes) = norm(field, text(input));
            assert_eq!(v.unwrap(), want, "{input}");
            assert!(
                !codes.contains(&"CARACTERES_COMPATIBLES"),
                "{input}: {codes:?}"
            );
        }
    }

    #[test]
    fn regression_a_superscript_in_a_phone_is_not_dropped_to_make_another_number() {
        for phone in ["310123456\u{B2}", "\u{663}101234567", "31012345\u{2466}"] {
            let (v, codes) = norm(Field::Telefono, text(phone));
            assert_eq!(v.unwrap(), phone, "left as typed for the rules to reject");
            assert!(codes.is_empty(), "{codes:?}");
            let mut row = crate::rules::testing::row(&[(Field::Telefono, phone)]);
            let issues = crate::rules::check_row(&mut row, RuleOptions::default());
            let found: Vec<_> = issues.iter().map(|i| i.code()).collect();
            assert_eq!(found, ["TELEFONO_INVALIDO"], "{phone}");
        }
        let (v, codes) = norm(Field::Telefono, text("\u{FF13}10 123 4567"));
        assert_eq!(v.unwrap(), "3101234567");
        assert_eq!(codes, vec!["CARACTERES_COMPATIBLES", "TELEFONO_FORMATO"]);
    }

    #[test]
    fn plain_ascii_and_latin1_text_skips_the_compatibility_fold() {
        for plain in [
            "ANA",
            "JOSÉ MUÑOZ",
            "ana@colegio.edu.co",
            "ÿÀ\u{A0}\u{AA}\u{B2}",
        ] {
            assert!(
                matches!(fold_compatibility(plain), Cow::Borrowed(_)),
                "{plain}"
            );
        }
        // Above U+2100 but not a compatibility form: borrowed too.
        assert!(matches!(
            fold_compatibility("\u{41F}\u{2122}"),
            Cow::Borrowed(_)
        ));
        // The byte test is sound: every folded form starts with a byte >= 0xE2.
        for range in [
            0x2100u32..=0x214F,
            0xFB00..=0xFB06,
            0xFF01..=0xFF5E,
            0x1D400..=0x1D7FF,
        ] {
            for c in range.filter_map(char::from_u32) {
                assert!(c.to_string().as_bytes()[0] >= 0xE2);
            }
        }
    }

    #[test]
    fn latin_letters_of_other_languages_have_a_defined_spelling() {
        for (input, want) in [
            ("Gonçalves", "GONCALVES"),
            ("Sørensen", "SØRENSEN"),
            ("Łukasz", "ŁUKASZ"),
            ("Straße", "STRASSE"),
            ("Nguyễn", "NGUYEN"),
            ("Muñoz", "MUNOZ"),
        ] {
            let (v, _) = norm(Field::PrimerApellido, text(input));
            assert_eq!(v.unwrap(), want, "{input}");
        }
        let mut fixes: Vec<Issue> = Vec::new();
        let opts = RuleOptions {
            keep_accents: true,
            ..RuleOptions::default()
        };
        let cell = text("Gonçalves Muñoz José");
        let v = normalize_cell(Field::PrimerApellido, &cell, opts, &mut fixes).unwrap();
        assert_eq!(v, "GONÇALVES MUNOZ JOSÉ");
    }

    #[test]
    fn names_are_uppercased_without_ene_nor_accents() {
        let (v, codes) = norm(Field::PrimerApellido, text("Muñoz"));
        assert_eq!(v.unwrap(), "MUNOZ");
        assert_eq!(codes, vec!["MAYUSCULAS", "LETRA_ENE"]);
        let (v, _) = norm(Field::PrimerApellido, text("NU\u{0303}N\u{0303}EZ"));
        assert_eq!(v.unwrap(), "NUNEZ");
        let (v, codes) = norm(Field::PrimerNombre, text("JOSÉ"));
        assert_eq!(v.unwrap(), "JOSE");
        assert_eq!(codes, vec!["TILDES"]);
        let (v, _) = norm(Field::PrimerApellido, text("MÜLLER"));
        assert_eq!(v.unwrap(), "MULLER");
    }

    #[test]
    fn regression_a_lone_mark_between_spaces_leaves_one_space() {
        let (v, codes) = norm(Field::Cargo, text("RENEC \u{17BF} -O"));
        let v = v.unwrap();
        assert_eq!(v, "RENEC -O");
        assert_eq!(codes, vec!["TILDES", "ESPACIOS"]);
        let (again, codes) = norm(Field::Cargo, RawCell::Text(v.clone()));
        assert_eq!(again.unwrap(), v);
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn keep_accents_keeps_all_but_ene() {
        let mut fixes: Vec<Issue> = Vec::new();
        let opts = RuleOptions {
            keep_accents: true,
            ..RuleOptions::default()
        };
        let cell = text("josé ñoño");
        let v = normalize_cell(Field::PrimerNombre, &cell, opts, &mut fixes).unwrap();
        assert_eq!(v, "JOSÉ NONO");
    }

    #[test]
    fn emails_are_unwrapped_and_lowercased() {
        for (input, want) in [
            ("mailto:Ana@Colegio.edu.co", "ana@colegio.edu.co"),
            ("<ana@colegio.edu.co>", "ana@colegio.edu.co"),
            ("Ana Pérez <ana@colegio.edu.co>", "ana@colegio.edu.co"),
            (
                r#"<a href="mailto:ana@colegio.edu.co">ana@colegio.edu.co</a>"#,
                "ana@colegio.edu.co",
            ),
            (
                "[ana@colegio.edu.co](mailto:ana@colegio.edu.co)",
                "ana@colegio.edu.co",
            ),
            ("ana@colegio.edu.co;", "ana@colegio.edu.co"),
            ("ana@colegio.edu.co.", "ana@colegio.edu.co"),
            ("<mailto:ana@colegio.edu.co>", "ana@colegio.edu.co"),
        ] {
            let (v, _) = norm(Field::Correo, text(input));
            assert_eq!(v.unwrap(), want, "input {input}");
        }
        let (v, codes) = norm(Field::Correo, text("ana@colegio.edu.co"));
        assert_eq!(v.unwrap(), "ana@colegio.edu.co");
        assert!(codes.is_empty());
    }

    #[test]
    fn regression_unwrap_email_with_multibyte_seventh_byte_does_not_panic() {
        // Found by the property tests: the "mailto:" check sliced inside a character.
        assert_eq!(unwrap_email("loZ㈆ꬋ&.&"), "loZ㈆ꬋ&.&");
    }

    #[test]
    fn emails_keep_accents() {
        let (v, _) = norm(Field::Correo, text("José@x.co"));
        assert_eq!(v.unwrap(), "josé@x.co");
    }

    #[test]
    fn numeric_cells_become_integer_text_without_a_fix() {
        let (v, codes) = norm(Field::NumeroDocumento, RawCell::Number(40030330.0));
        assert_eq!(v.unwrap(), "40030330");
        assert!(codes.is_empty());
    }

    #[test]
    fn id_separators_are_dropped() {
        let (v, codes) = norm(Field::NumeroDocumento, text("40.030.330"));
        assert_eq!(v.unwrap(), "40030330");
        assert_eq!(codes, vec!["DOCUMENTO_SEPARADORES"]);
        let (v, codes) = norm(Field::CodigoDane, text("105-001-000019"));
        assert_eq!(v.unwrap(), "105001000019");
        assert_eq!(codes, vec!["DANE_SEPARADORES"]);
    }

    #[test]
    fn closed_lists_are_canonicalized() {
        let (v, codes) = norm(Field::TipoDocumento, text("C.C."));
        assert_eq!(v.unwrap(), "CC");
        assert_eq!(codes, vec!["TIPO_DOCUMENTO_FORMATO"]);
        let (v, codes) = norm(Field::TipoDocumento, text("CC"));
        assert_eq!(v.unwrap(), "CC");
        assert!(codes.is_empty());
        let (v, _) = norm(Field::Perfil, text("funcionario secretaría"));
        assert_eq!(v.unwrap(), "FUNCIONARIO SECRETARIA");
        let (v, codes) = norm(Field::Perfil, text("DOCENTE"));
        assert_eq!(v.unwrap(), "DOCENTE");
        assert!(codes.is_empty());
    }

    #[test]
    fn phones_keep_digits_and_old_landlines_get_60() {
        let (v, codes) = norm(Field::Telefono, text("+57 310 123 4567"));
        assert_eq!(v.unwrap(), "3101234567");
        assert_eq!(codes, vec!["TELEFONO_FORMATO"]);
        let (v, codes) = norm(Field::Telefono, text("(8) 7448595"));
        assert_eq!(v.unwrap(), "6087448595");
        assert_eq!(codes, vec!["TELEFONO_FORMATO", "TELEFONO_INDICATIVO"]);
        let (v, codes) = norm(Field::Telefono, RawCell::Number(3102095172.0));
        assert_eq!(v.unwrap(), "3102095172");
        assert!(codes.is_empty());
    }

    #[test]
    fn cargo_loses_its_bullet() {
        let (v, codes) = norm(Field::Cargo, text("-Docente"));
        assert_eq!(v.unwrap(), "DOCENTE");
        assert_eq!(codes, vec!["MAYUSCULAS", "CARGO_VINETA"]);
        let (v, _) = norm(Field::Cargo, text("• Rector"));
        assert_eq!(v.unwrap(), "RECTOR");
    }

    #[test]
    fn unusable_cells_are_errors() {
        let (v, _) = norm(Field::Correo, RawCell::Error("#N/A".into()));
        assert_eq!(v.unwrap_err().code(), "CELDA_ERROR");
        let (v, _) = norm(Field::CodigoDane, text("1,05001E+11"));
        assert_eq!(v.unwrap_err().code(), "DANE_NOTACION_CIENTIFICA");
        let (v, _) = norm(Field::Telefono, text("3101234567 / 3207654321"));
        assert_eq!(v.unwrap_err().code(), "TELEFONO_MULTIPLE");
    }
}
