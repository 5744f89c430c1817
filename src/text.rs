//! Text: the string functions every stage shares, and the only place that
//! knows them. Each returns `Cow::Borrowed` when it changes nothing, so the
//! common ASCII, already-clean cell costs no allocation. A leaf: it imports
//! nothing of the crate, so readers, headers, rules and the intake can all
//! use it without reaching into the normalizer.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Zero-width, bidi and control characters that a person cannot see, and
/// the blank "letters": the Hangul fillers and the blank Braille pattern are
/// letters (or symbols) to Unicode but draw nothing, so a cell of only
/// fillers looks empty and must be empty. Tag characters and variation
/// selectors draw nothing either; they only change the glyph before them.
fn is_invisible(c: char) -> bool {
    // Latin-1, the accented names of almost every form: one comparison
    // before the table of the characters beyond it.
    if c < '\u{100}' {
        return c == '\u{AD}' || (c.is_control() && !c.is_whitespace());
    }
    matches!(
        c,
        '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Whether the text holds nothing but whitespace and invisible characters.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

pub fn strip_invisible(s: &str) -> Cow<'_, str> {
    // ASCII text can only hide control characters: one pass over the bytes.
    let clean = if s.is_ascii() {
        !s.bytes()
            .any(|b| (b < 0x20 && !(b'\t'..=b'\r').contains(&b)) || b == 0x7f)
    } else {
        !s.chars().any(is_invisible)
    };
    if clean {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_invisible(c)).collect())
}

/// Trims, turns NBSP, tabs and line breaks into spaces and collapses runs of spaces.
pub fn collapse_spaces(s: &str) -> Cow<'_, str> {
    let clean = s.bytes().all(|b| b != b'\t' && b != b'\n' && b != b'\r')
        && !s.contains("  ")
        && !s.starts_with(char::is_whitespace)
        && !s.ends_with(char::is_whitespace)
        && (s.is_ascii() || !s.chars().any(|c| c.is_whitespace() && c != ' '));
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `c` is a letter, digit or sign written in a compatibility form
/// that stands for a plain one: full-width ASCII (ＡＮＡ, １２３, ＠), the
/// mathematical styles (𝐀𝐍𝐀, 𝟏), the styled letters of the letterlike block
/// that fill the mathematical block's gaps (ℂ, ℎ) and the Latin ligatures (ﬁ).
///
/// Not folded, on purpose: superscripts and subscripts (² in a phone is more
/// likely "m²" pasted by mistake than a digit the person meant, and folding
/// would invent a digit), circled and parenthesized numbers and letters (①,
/// Ⓐ), fractions, Roman numerals, the ordinals ª and º ("Mª" is an
/// abbreviation of MARÍA, not "MA"), and the half-width Katakana and Hangul
/// forms. Those stay as typed, and the field's rules reject them.
fn is_compatibility_form(c: char) -> bool {
    matches!(
        c,
        '\u{2100}'..='\u{214F}'
            | '\u{FB00}'..='\u{FB06}'
            | '\u{FF01}'..='\u{FF5E}'
            | '\u{1D400}'..='\u{1D7FF}'
    )
}

/// Pushes the plain characters a compatibility form stands for; `false`
/// (nothing pushed) when it is kept as typed.
fn compatibility_fold(c: char, out: &mut String) -> bool {
    if let '\u{FF01}'..='\u{FF5E}' = c {
        // Full-width ASCII is ASCII shifted by a constant.
        if let Some(plain) = char::from_u32(c as u32 - 0xFEE0) {
            out.push(plain);
            return true;
        }
    }
    let folded: String = c.to_string().nfkc().collect();
    let mut chars = folded.chars();
    let keep = match (c, chars.next(), chars.next()) {
        // Ligatures become their two or three letters.
        ('\u{FB00}'..='\u{FB06}', Some(_), _) => folded.chars().all(|c| c.is_ascii_alphabetic()),
        // A styled letter of the letterlike block: only when it is one plain
        // letter (™, ℡ or № are symbols, ℵ is no Latin letter).
        ('\u{2100}'..='\u{214F}', Some(one), None) => one.is_ascii_alphanumeric(),
        // A mathematical letter or digit: Latin, Greek or a digit (the Greek
        // ones are then rejected as letters of another alphabet); ∇ and ∂
        // are symbols and stay.
        ('\u{1D400}'..='\u{1D7FF}', Some(one), None) => one.is_alphanumeric(),
        _ => false,
    };
    if keep {
        out.push_str(&folded);
    }
    keep
}

/// ＡＮＡ → ANA, 𝐀𝐍𝐀 → ANA, １２３ → 123, ﬁ → fi: the compatibility forms of
/// `is_compatibility_form` that stand for a plain character.
pub fn fold_compatibility(s: &str) -> Cow<'_, str> {
    // Every form folded is at U+2100 or above, so its UTF-8 starts with a
    // byte of 0xE2 or more: ASCII and Latin-1 text (the names of almost
    // every form) is skipped by one pass over the bytes, without NFKC.
    if !s.bytes().any(|b| b >= 0xE2) || !s.chars().any(is_compatibility_form) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    for c in s.chars() {
        if is_compatibility_form(c) && compatibility_fold(c, &mut out) {
            changed = true;
        } else {
            out.push(c);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

pub fn nfc(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

pub fn uppercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_lowercase()) {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(s.to_ascii_uppercase());
    }
    if !s.chars().any(char::is_lowercase) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.to_uppercase())
}

pub fn lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Borrowed(s);
        }
        return Cow::Owned(s.to_ascii_lowercase());
    }
    if !s.chars().any(char::is_uppercase) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.to_lowercase())
}

/// Ñ and ñ (composed or N + combining tilde) become N.
pub fn replace_ene(s: &str) -> Cow<'_, str> {
    // A decomposed Ñ is "N" + U+0303: text with neither has no Ñ to replace.
    if s.is_ascii() || !s.contains(['Ñ', 'ñ', '\u{303}']) {
        return Cow::Borrowed(s);
    }
    let composed: String = s.nfc().collect();
    if !composed.contains(['Ñ', 'ñ']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(composed.replace(['Ñ', 'ñ'], "N"))
}

/// JOSÉ → JOSE, MÜLLER → MULLER: decompose, drop combining marks, recompose.
pub fn fold_accents(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    // Names carry Latin-1 accented letters (É, Ü...): folded by a table
    // without decomposing the whole text. Anything else takes the full path.
    if let Some(folded) = fold_latin1(s) {
        return if folded == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(folded)
        };
    }
    let folded: String = s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
    if folded == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(folded)
    }
}

/// The letter without its accent for the precomposed letters of Latin-1
/// (À..ÿ); the same letter for the others (Æ, Ð, Ø, ß, þ... have no accent to
/// fold). `None` for text with a character outside ASCII and Latin-1, or with
/// a combining mark: those need the full decomposition.
fn fold_latin1(s: &str) -> Option<String> {
    const UPPER: &[u8; 32] = b"AAAAAA\xC6CEEEEIIII\xD0NOOOOO\xD7\xD8UUUUY\xDE\xDF";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0'..='\u{7F}' => out.push(c),
            '\u{C0}'..='\u{DF}' => out.push(char::from(UPPER[c as usize - 0xC0])),
            '\u{E0}'..='\u{FF}' => {
                let upper = UPPER[c as usize - 0xE0];
                // ÿ has no upper case in Latin-1; ÷ is no letter.
                out.push(match c {
                    '\u{FF}' => 'y',
                    _ if upper.is_ascii_uppercase() => char::from(upper.to_ascii_lowercase()),
                    _ => c,
                });
            }
            '\u{80}'..='\u{BF}' => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Drops the separators people type inside ids: dots, commas, spaces,
/// hyphens; a zero fraction goes too, the one some programs export
/// ("40030330.0") and the one Excel in Spanish shows ("40030330,00": one or
/// two zeros after a comma, never a group of thousands).
pub fn strip_separators(s: &str) -> Cow<'_, str> {
    if !s.contains(['.', ',', ' ', '-']) {
        return Cow::Borrowed(s);
    }
    let zero_fraction = |mark: char, most: usize| {
        s.rsplit_once(mark).filter(|(int, frac)| {
            (1..=most).contains(&frac.len())
                && frac.bytes().all(|b| b == b'0')
                && !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
        })
    };
    if let Some((int, _)) = zero_fraction('.', usize::MAX).or_else(|| zero_fraction(',', 2)) {
        return Cow::Owned(int.to_string());
    }
    Cow::Owned(
        s.chars()
            .filter(|c| !matches!(c, '.' | ',' | ' ' | '-'))
            .collect(),
    )
}

/// A leading list bullet or dash ("-Docente", "• Rector").
pub fn strip_bullet(s: &str) -> Cow<'_, str> {
    const BULLETS: &[char] = &['-', '•', '·', '▪', '►', '–', '—', '*', '◦', '‣', '○', '●'];
    let rest = s.trim_start_matches(|c: char| BULLETS.contains(&c) || c == ' ');
    if rest.len() == s.len() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(rest.to_string())
    }
}

/// Upper-case ASCII letters and digits only, accents folded: how closed-list
/// values and headers are compared ("C.C." and "cc" are both "CC").
pub fn letters_key(s: &str) -> String {
    let folded = fold_accents(s);
    folded
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

static HTML_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^<a\s[^>]*?href\s*=\s*["']?([^"'\s>]*)["']?[^>]*>(.*?)</a\s*>$"#)
        .expect("valid regex")
});
static MARKDOWN_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]]*)\]\(([^)\s]*)\)$").expect("valid regex"));
static NAME_ANGLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^<>]*<([^<>]*)>$").expect("valid regex"));

/// How a cell read together with its hyperlink is held: the text it shows
/// and the link's target, «María Muñoz <mailto:maria@colegio.edu.co>». Every
/// reader writes it with this function and every writer that shows the cell
/// as the school wrote it takes it apart with [`split_link`], so the two
/// always agree.
pub fn join_link(shown: &str, target: &str) -> String {
    format!("{shown} <{target}>")
}

/// The shown text and the `mailto:` target of a value written by
/// [`join_link`]; `None` for any other value.
pub fn split_link(value: &str) -> Option<(&str, &str)> {
    let inner = value.strip_suffix('>')?;
    let open = inner.rfind(" <")?;
    let target = &inner[open + 2..];
    let mailto = target
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"));
    (mailto && !target.contains(char::is_whitespace)).then(|| (&inner[..open], target))
}

/// Removes what wraps an address: `mailto:`, `<...>`, `Nombre <addr>`, an HTML
/// anchor, a markdown link, surrounding quotes and trailing `;` `,` `.`.
pub fn unwrap_email(s: &str) -> Cow<'_, str> {
    // A plain address (most cells) has none of the wrappers' marks.
    let plain = !s.contains(['<', '[', ':', '"', '\'', '“', '”'])
        && !s.ends_with([';', ',', '.'])
        && s.trim().len() == s.len();
    if plain {
        return Cow::Borrowed(s);
    }
    let mut current = s.to_string();
    // Wrappers nest ("<mailto:x@y.co>"); a few passes reach the address.
    for _ in 0..4 {
        let next = unwrap_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    if current == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(current)
    }
}

fn unwrap_once(s: &str) -> String {
    let s = s.trim();
    // The patterns are compiled on first use; plain addresses never need them.
    if s.contains('<') {
        if let Some(c) = HTML_ANCHOR.captures(s) {
            return pick_address(&c[2], &c[1]);
        }
        if let Some(c) = NAME_ANGLE.captures(s) {
            return c[1].trim().to_string();
        }
    }
    if s.starts_with('[')
        && let Some(c) = MARKDOWN_LINK.captures(s)
    {
        return pick_address(&c[1], &c[2]);
    }
    if let Some(prefix) = s.get(..7)
        && prefix.eq_ignore_ascii_case("mailto:")
    {
        let rest = &s[7..];
        return rest.split('?').next().unwrap_or(rest).trim().to_string();
    }
    let trimmed = s
        .trim_end_matches([';', ',', '.'])
        .trim_matches(['"', '\'', '“', '”']);
    trimmed.trim().to_string()
}

/// Between a link's visible text and its target, the one that is an address.
fn pick_address(text: &str, target: &str) -> String {
    let text = text.trim();
    if text.contains('@') {
        text.to_string()
    } else {
        target.trim().to_string()
    }
}

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    // The local part starts with a letter, digit or underscore: an address
    // starting with = + - would run as a formula when the clean file is opened.
    Regex::new(r"^[a-z0-9_][a-z0-9!#$%&'*+/=?^_`{|}~-]*(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$")
        .expect("valid regex")
});

/// Whether `address` (already lowercase) is one valid e-mail address.
pub fn is_address(address: &str) -> bool {
    ADDRESS.is_match(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full path of `fold_accents`, without the Latin-1 table.
    fn fold_by_decomposition(s: &str) -> String {
        s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
    }

    #[test]
    fn the_latin1_table_folds_exactly_like_the_decomposition() {
        for code in 0x80u32..=0xFF {
            let c = char::from_u32(code).unwrap();
            for text in [format!("{c}"), format!("JOS{c} PE{c}A"), format!("a{c}z")] {
                assert_eq!(
                    fold_latin1(&text).as_deref(),
                    Some(fold_by_decomposition(&text).as_str()),
                    "U+{code:04X} en «{text}»"
                );
            }
        }
        // Outside Latin-1, or with a combining mark: the full path.
        assert_eq!(fold_latin1("ŁÓDŹ"), None);
        assert_eq!(fold_latin1("JOSE\u{301}"), None);
        assert_eq!(fold_accents("JOSE\u{301}"), "JOSE");
        assert_eq!(fold_accents("MÜLLER ÆON"), "MULLER ÆON");
    }

    #[test]
    fn ascii_fast_paths_agree_with_the_general_ones() {
        assert_eq!(uppercase("maría"), "MARÍA");
        assert_eq!(uppercase("jose"), "JOSE");
        assert!(matches!(uppercase("JOSE"), Cow::Borrowed(_)));
        assert_eq!(lowercase("Ana@Colegio.EDU.co"), "ana@colegio.edu.co");
        assert!(matches!(lowercase("ana@x.co"), Cow::Borrowed(_)));
        assert_eq!(strip_invisible("AN\u{7}A"), "ANA");
        assert_eq!(strip_invisible("AN\u{7F}A"), "ANA");
        assert!(matches!(strip_invisible("ANA\tB"), Cow::Borrowed(_)));
        assert_eq!(strip_invisible("AN\u{200B}A"), "ANA");
        assert!(matches!(unwrap_email("ana@x.co"), Cow::Borrowed(_)));
        assert_eq!(unwrap_email("ana@x.co."), "ana@x.co");
        assert!(matches!(replace_ene("JOSÉ"), Cow::Borrowed(_)));
        assert_eq!(replace_ene("PEN\u{303}A"), "PENA");
    }

    #[test]
    fn latin1_text_is_cleaned_by_its_own_short_test() {
        assert_eq!(strip_invisible("JOS\u{AD}\u{C9}\u{9F}"), "JOS\u{C9}");
        assert!(matches!(
            strip_invisible("JOSÉ MUÑOZ\u{A0}"),
            Cow::Borrowed(_)
        ));
        assert!(!is_invisible('\u{85}'), "a line break, for collapse_spaces");
    }

    #[test]
    fn letters_key_ignores_case_accents_and_punctuation() {
        assert_eq!(letters_key("N° de Documento*"), "NDEDOCUMENTO");
        assert_eq!(letters_key("Cédula"), "CEDULA");
    }

    #[test]
    fn a_linked_cell_splits_back_into_what_it_showed_and_its_target() {
        let joined = join_link("María Muñoz", "mailto:maria@colegio.edu.co");
        assert_eq!(
            split_link(&joined),
            Some(("María Muñoz", "mailto:maria@colegio.edu.co"))
        );
        assert_eq!(split_link("Ana <ana@colegio.edu.co>"), None);
        assert_eq!(split_link("ana@colegio.edu.co"), None);
        assert_eq!(split_link("Ana <mailto:ana@x.co> y más"), None);
    }
}
