//! Bytes to text: the encodings a CSV form arrives in (UTF-8 with or
//! without BOM, UTF-16 with or without BOM, Windows-1252), told apart by
//! their bytes.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::pieces::{Pieces, valid_utf8};

/// `decode` for a CSV read in pieces: UTF-8 (with or without BOM) stays in
/// its pieces, no copy; any other encoding, or UTF-8 with bad bytes, is
/// decoded whole, as `decode` does.
pub fn decode_pieces(mut pieces: Pieces) -> Pieces {
    if pieces.first().starts_with(b"\xEF\xBB\xBF") {
        if let Some(first) = pieces.first_mut() {
            first.drain(..3);
        }
        if valid_utf8(&pieces) {
            return pieces;
        }
        return Pieces::from(into_text(pieces.into_whole()).into_bytes());
    }
    let first = pieces.first();
    let utf16 = first.starts_with(b"\xFF\xFE")
        || first.starts_with(b"\xFE\xFF")
        || utf16_without_bom(first).is_some();
    if !utf16 && valid_utf8(&pieces) {
        return pieces;
    }
    Pieces::from(decode(pieces.into_whole()).into_bytes())
}

/// Bytes to text: BOMs first; UTF-16 without BOM by its zero bytes; UTF-8
/// when valid; UTF-8 with the bad bytes marked (U+FFFD, which the mojibake
/// rule reports on its cell) when the file is otherwise UTF-8; else
/// Windows-1252, as Spanish-locale Excel saves.
pub fn decode(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        return into_text(bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match utf16_without_bom(&bytes) {
        Some(true) => return UTF_16LE.decode_without_bom_handling(&bytes).0.into_owned(),
        Some(false) => return UTF_16BE.decode_without_bom_handling(&bytes).0.into_owned(),
        None => {}
    }
    if std::str::from_utf8(&bytes).is_ok() || has_utf8_sequences(&bytes) {
        return into_text(bytes);
    }
    WINDOWS_1252
        .decode_without_bom_handling(&bytes)
        .0
        .into_owned()
}

/// UTF-8 bytes as text without a copy; invalid bytes become U+FFFD.
fn into_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// UTF-16 without BOM: `Some(true)` for little-endian, `Some(false)` for
/// big-endian. Letters, digits, delimiters and line breaks of a form (ASCII
/// and Latin-1) have a zero high byte, so most characters have a zero on one
/// side; others have their zero on the other side (U+0100 «Ā» is 00 01 in
/// little-endian, the ideographic space U+3000 is 00 30), fewer of them. The
/// sample must also read as text: no broken surrogate pair, few controls.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(2048) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let (mut odd_zeros, mut even_zeros, mut both) = (0usize, 0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        match (pair[0] == 0, pair[1] == 0) {
            (true, true) => both += 1,
            (false, true) => odd_zeros += 1,
            (true, false) => even_zeros += 1,
            (false, false) => {}
        }
    }
    let little = odd_zeros >= even_zeros;
    let (high, low) = if little {
        (odd_zeros, even_zeros)
    } else {
        (even_zeros, odd_zeros)
    };
    if high * 2 < pairs || low * 2 > high || both * 10 > pairs {
        return None;
    }
    let encoding = if little { UTF_16LE } else { UTF_16BE };
    let text = encoding.decode_without_bom_handling(sample).0;
    // The sample's end may cut a surrogate pair: its last character is not judged.
    let mut chars = text.chars();
    chars.next_back();
    let (mut count, mut odd) = (0usize, 0usize);
    for c in chars {
        count += 1;
        odd += usize::from(c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')));
    }
    (odd * 20 <= count).then_some(little)
}

/// Whether the bytes are mostly UTF-8: more valid multi-byte characters
/// than invalid sequences, so the bad bytes are damage inside a UTF-8 file.
/// A Windows-1252 file can hold a pair of bytes that happens to be valid
/// UTF-8 ("Ã‘" is C3 91), but its other accented letters are invalid.
fn has_utf8_sequences(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}
