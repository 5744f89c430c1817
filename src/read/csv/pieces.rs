//! A CSV's bytes in the pieces they were read in, read on by the CSV
//! reader and freed behind it: a large CSV is not held whole while its
//! rows are built (a million rows are 160 MB of text, held until the last
//! row otherwise).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::Read;

/// The size of the pieces a file is read in.
pub const PIECE: usize = 1 << 20;

/// The bytes the first piece holds at least.
pub const HEAD: usize = 4096;
const _: () = assert!(PIECE >= HEAD);

#[derive(Debug, Default)]
pub struct Pieces {
    pieces: VecDeque<Vec<u8>>,
    /// Where `pieces[0]` starts in the whole text.
    first_at: u64,
    /// The piece and the byte in it `read` goes on from.
    piece: usize,
    byte: usize,
}

impl From<Vec<u8>> for Pieces {
    fn from(bytes: Vec<u8>) -> Pieces {
        Pieces::new(vec![bytes])
    }
}

impl Pieces {
    /// The pieces, the first one holding at least `HEAD` bytes (or all of
    /// them): what the file is told from by its first bytes (sniffing, a
    /// byte-order mark, UTF-16) is always in one piece.
    pub fn new(pieces: Vec<Vec<u8>>) -> Pieces {
        let mut pieces: VecDeque<Vec<u8>> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        while pieces.len() > 1 && pieces[0].len() < HEAD {
            let second = pieces.remove(1).unwrap_or_default();
            pieces[0].extend_from_slice(&second);
        }
        Pieces {
            pieces,
            ..Pieces::default()
        }
    }

    /// Every piece, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.pieces.iter().map(Vec::as_slice)
    }

    pub fn first(&self) -> &[u8] {
        self.pieces.front().map_or(&[], Vec::as_slice)
    }

    /// The first piece, to drop a byte-order mark from it.
    pub fn first_mut(&mut self) -> Option<&mut Vec<u8>> {
        self.pieces.front_mut()
    }

    /// The whole text in one piece (for the decoders, which need it whole).
    pub fn into_whole(self) -> Vec<u8> {
        let mut pieces = self.pieces;
        if pieces.len() == 1 {
            return pieces.pop_front().unwrap_or_default();
        }
        let mut whole = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
        for piece in pieces {
            whole.extend_from_slice(&piece);
        }
        whole
    }

    /// The bytes from `start` to `end` of the whole text, when they are
    /// still held (everything from the last `release_before` on is).
    pub fn range(&self, start: u64, end: u64) -> Option<Cow<'_, [u8]>> {
        let mut parts = Vec::new();
        let mut at = self.first_at;
        for piece in &self.pieces {
            let piece_end = at + piece.len() as u64;
            if piece_end > start && at < end {
                let from = start.saturating_sub(at) as usize;
                let to = (end.min(piece_end) - at) as usize;
                parts.push(&piece[from..to]);
            }
            at = piece_end;
        }
        if start < self.first_at || at < end {
            return None;
        }
        Some(match parts.as_slice() {
            [] => Cow::Borrowed(&[]),
            [one] => Cow::Borrowed(one),
            many => Cow::Owned(many.concat()),
        })
    }

    /// Frees the pieces already read that end before `position` of the
    /// whole text: the reader will not come back to them.
    pub fn release_before(&mut self, position: u64) {
        while self.piece > 0 {
            let Some(front) = self.pieces.front() else {
                break;
            };
            if self.first_at + front.len() as u64 > position {
                break;
            }
            self.first_at += front.len() as u64;
            self.pieces.pop_front();
            self.piece -= 1;
        }
    }
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(piece) = self.pieces.get(self.piece) {
            let left = &piece[self.byte..];
            if left.is_empty() {
                self.piece += 1;
                self.byte = 0;
                continue;
            }
            let n = left.len().min(buf.len());
            buf[..n].copy_from_slice(&left[..n]);
            self.byte += n;
            return Ok(n);
        }
        Ok(0)
    }
}

/// Whether the pieces are valid UTF-8 together (a character may be cut
/// between two of them).
pub fn valid_utf8(pieces: &Pieces) -> bool {
    let mut cut: Vec<u8> = Vec::new();
    for piece in pieces.iter() {
        let mut rest = piece;
        if !cut.is_empty() {
            // The cut character's lead byte says how long it is.
            let width = match cut[0] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (width - cut.len()).min(rest.len());
            cut.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            match std::str::from_utf8(&cut) {
                Ok(_) => cut.clear(),
                Err(e) if e.error_len().is_none() && rest.is_empty() => continue,
                Err(_) => return false,
            }
        }
        match std::str::from_utf8(rest) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => cut = rest[e.valid_up_to()..].to_vec(),
            Err(_) => return false,
        }
    }
    cut.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces exactly as given (`Pieces::new` would join small first ones).
    fn pieces(parts: &[&[u8]]) -> Pieces {
        Pieces {
            pieces: parts.iter().map(|p| p.to_vec()).collect(),
            ..Pieces::default()
        }
    }

    #[test]
    fn reading_goes_through_every_piece_in_order() {
        let mut text = String::new();
        pieces(&[b"NOMBRE;", b"", b"CARGO\nANA;", b"DOCENTE\n"])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "NOMBRE;CARGO\nANA;DOCENTE\n");
    }

    #[test]
    fn a_piece_read_past_is_freed_and_its_bytes_are_no_longer_offered() {
        let mut p = pieces(&[b"abc", b"def", b"ghi"]);
        let mut buf = [0u8; 4];
        assert_eq!(p.read(&mut buf).unwrap(), 3);
        assert_eq!(p.read(&mut buf).unwrap(), 3);
        assert_eq!(p.range(2, 5).as_deref(), Some(&b"cde"[..]));
        // Only what ends before the position, and only what was read.
        p.release_before(4);
        assert_eq!(p.range(2, 5), None);
        assert_eq!(p.range(3, 8).as_deref(), Some(&b"defgh"[..]));
        p.release_before(100);
        assert_eq!(
            p.range(3, 6).as_deref(),
            Some(&b"def"[..]),
            "not read yet past «def»"
        );
        let mut rest = String::new();
        p.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "ghi");
    }

    #[test]
    fn the_first_piece_holds_the_first_bytes_whatever_the_pieces() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let p = Pieces::new(bytes.chunks(100).map(<[u8]>::to_vec).collect());
        assert!(p.first().len() >= HEAD);
        assert_eq!(p.iter().flatten().copied().collect::<Vec<u8>>(), bytes);
        assert_eq!(
            Pieces::new(vec![b"ab".to_vec(), b"c".to_vec()]).first(),
            b"abc"
        );
    }

    #[test]
    fn utf8_cut_between_pieces_is_valid_and_a_bad_byte_is_not() {
        let muñoz = "MUÑOZ GÓMEZ €".as_bytes();
        for cut in 1..muñoz.len() {
            let (a, b) = muñoz.split_at(cut);
            assert!(valid_utf8(&pieces(&[a, b])), "cut at {cut}");
        }
        // «€» cut in three.
        let euro = "€".as_bytes();
        assert!(valid_utf8(&pieces(&[&euro[..1], &euro[1..2], &euro[2..]])));
        assert!(!valid_utf8(&pieces(&[b"MU\xD1", b"OZ"])), "Windows-1252 Ñ");
        assert!(!valid_utf8(&pieces(&[b"MU\xC3"])), "cut at the end");
        assert!(!valid_utf8(&pieces(&[b"MU\xC3", b"A"])));
    }
}
