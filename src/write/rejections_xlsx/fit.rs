//! Texts cut to what an Excel cell or note holds (32 767 UTF-16 units, as
//! Excel counts them), saying so at the end: a workbook the writer refuses
//! would leave the school with nothing.

use std::borrow::Cow;

/// Characters a cell may hold in Excel (UTF-16 units).
pub(super) const CELL_CHARS: usize = 32_767;
/// A note holds a little less: the writer counts its XML wrapping too.
pub(super) const NOTE_CHARS: usize = CELL_CHARS - 54;

const MORE: &str = "… (texto recortado)";

/// A text of the review, cut to what a cell holds.
pub(super) fn cell(text: &str) -> Cow<'_, str> {
    fit(text, CELL_CHARS, || MORE.to_string())
}

/// The same for a cell's note.
pub(super) fn note(text: &str) -> Cow<'_, str> {
    fit(text, NOTE_CHARS, || MORE.to_string())
}

/// A value as the school wrote it, cut to what a cell holds when it is
/// longer (`--limite-celda` may let such a value in; its row is rejected),
/// saying how long it was.
pub(super) fn original(text: &str) -> Cow<'_, str> {
    fit(text, CELL_CHARS, || {
        format!(
            "… (recortado: {} caracteres en total)",
            text.chars().count()
        )
    })
}

/// `text` when it fits in `limit` UTF-16 units; else its start and `more`,
/// together within the limit.
fn fit<'a>(text: &'a str, limit: usize, more: impl FnOnce() -> String) -> Cow<'a, str> {
    // UTF-8 never has fewer bytes than UTF-16 units: short texts end here.
    if text.len() <= limit || text.encode_utf16().count() <= limit {
        return Cow::Borrowed(text);
    }
    let more = more();
    let room = limit.saturating_sub(more.encode_utf16().count());
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{more}", &text[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_longer_than_a_cell_are_cut_and_say_so() {
        assert_eq!(cell("corto"), "corto");
        let long = "x".repeat(40_000);
        let cut = cell(&long);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(cut.ends_with("(texto recortado)"));
    }

    #[test]
    fn an_original_longer_than_a_cell_is_cut_and_says_how_long_it_was() {
        assert_eq!(original("DOCENTE"), "DOCENTE");
        let long = "A".repeat(35_000);
        let cut = original(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_CHARS);
        assert!(
            cut.ends_with("… (recortado: 35000 caracteres en total)"),
            "{}",
            &cut[cut.len() - 60..]
        );
        // Excel counts UTF-16 units: characters outside the BMP count twice.
        let wide = "𝐀".repeat(20_000);
        let cut = original(&wide);
        assert!(cut.encode_utf16().count() <= CELL_CHARS);
        assert!(cut.ends_with("(recortado: 20000 caracteres en total)"));
        assert!(note(&long).encode_utf16().count() <= NOTE_CHARS);
    }
}
