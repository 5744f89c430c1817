//! How tall a row of wrapped text prints: the lines a text takes in a
//! column and the points a line takes. Shared by the workbooks a school
//! prints (the rejection workbook, the blank form's instructions), since
//! not every program fits row heights on opening and a row set too short
//! hides the end of its text on paper.

/// Points per line of wrapped text at the default font size.
pub(crate) const LINE_HEIGHT: f64 = 15.0;

/// Characters of ordinary text (mostly lowercase, in the default font) a
/// line of a column `width` units wide holds: a unit is one digit's width,
/// and letters are narrower. Measured on the printed page: a 42-unit column
/// holds about 60 characters of an observation; a little less is
/// assumed, since a cut-off line is worse than a spare one.
pub(crate) fn text_chars(width: usize) -> usize {
    width * 4 / 3
}

/// The lines a text takes wrapped at `width` characters, word by word as a
/// spreadsheet wraps it (a word longer than the line is broken).
pub(crate) fn lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|paragraph| {
            let mut lines = 1;
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let n = word.chars().count();
                let needed = if used == 0 { n } else { used + 1 + n };
                if needed <= width {
                    used = needed;
                } else if used == 0 {
                    lines += (n - 1) / width;
                    used = n - (n - 1) / width * width;
                } else {
                    lines += 1 + n.saturating_sub(1) / width;
                    used = n - n.saturating_sub(1) / width * width;
                }
            }
            lines
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_counted_word_by_word() {
        assert_eq!(lines("", 10), 1);
        assert_eq!(lines("CORREO ELECTRONICO", 12), 2);
        assert_eq!(lines("CORREO ELECTRONICO", 18), 1);
        assert_eq!(lines("uno dos\ntres", 20), 2);
        // A word longer than the line is broken over as many lines as it needs.
        assert_eq!(lines(&"x".repeat(25), 10), 3);
        assert_eq!(lines(&format!("ab {}", "x".repeat(25)), 10), 4);
    }
}
