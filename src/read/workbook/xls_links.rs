//! The `mailto:` hyperlinks of an XLS (BIFF8) workbook's sheets, which
//! calamine does not expose: the HLINK records (MS-XLS 2.4.140) of each
//! sheet's substream of the Workbook stream, with the Hyperlink object
//! they hold (MS-OSHARED 2.3.7.1) read as far as its URL moniker.
//!
//! The file is hostile until shown otherwise: every length is checked
//! against the bytes of its record before it is used, and anything that
//! does not parse is no link, never a panic. Best effort, like the XLSX
//! links: a sheet whose links cannot be read still has its values.

use std::io::Read;

use crate::read::mail_links::{MailLink, MailLinks, is_mailto};

/// StdLink, the class of every Hyperlink object of an HLINK record.
const STD_LINK: [u8; 16] = clsid(
    0x79EA_C9D0,
    0xBAF9,
    0x11CE,
    *b"\x8C\x82\x00\xAA\x00\x4B\xA9\x0B",
);
/// URL moniker: the link's target as a UTF-16 URL.
const URL_MONIKER: [u8; 16] = clsid(
    0x79EA_C9E0,
    0xBAF9,
    0x11CE,
    *b"\x8C\x82\x00\xAA\x00\x4B\xA9\x0B",
);

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const HLINK: u16 = 0x01B8;
const CONTINUE: u16 = 0x003C;

/// A CLSID as it is stored: its first three fields little-endian.
const fn clsid(a: u32, b: u16, c: u16, d: [u8; 8]) -> [u8; 16] {
    let a = a.to_le_bytes();
    let b = b.to_le_bytes();
    let c = c.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5], d[6],
        d[7],
    ]
}

/// The links of each sheet, in the order of the workbook's BOUNDSHEET
/// records (calamine's order of sheets); empty when the file is not a
/// readable BIFF8 compound file. `max_bytes` bounds the Workbook stream read.
pub(super) fn mail_links(bytes: &[u8], max_bytes: u64) -> Vec<MailLinks> {
    let Some(stream) = workbook_stream(bytes, max_bytes) else {
        return Vec::new();
    };
    sheets_links(&stream)
}

/// The Workbook stream of a compound file, read up to `max_bytes`.
fn workbook_stream(bytes: &[u8], max_bytes: u64) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let mut stream = file.open_stream("/Workbook").ok()?;
    let mut out = Vec::new();
    stream.by_ref().take(max_bytes).read_to_end(&mut out).ok()?;
    Some(out)
}

/// One BIFF record: its type and its data, CONTINUE records after it joined.
struct Record<'a> {
    kind: u16,
    data: std::borrow::Cow<'a, [u8]>,
}

/// The records from the start of the stream with their offsets; a record
/// cut short ends them.
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, Record<'_>)> {
    let header = move |at: usize| -> Option<(u16, usize)> {
        let kind = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)?;
        Some((kind, usize::from(len)))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at;
        let (kind, len) = header(at)?;
        let mut data = std::borrow::Cow::Borrowed(stream.get(at + 4..at + 4 + len)?);
        at += 4 + len;
        while let Some((CONTINUE, len)) = header(at) {
            let Some(more) = stream.get(at + 4..at + 4 + len) else {
                break;
            };
            data.to_mut().extend_from_slice(more);
            at += 4 + len;
        }
        Some((start, Record { kind, data }))
    })
}

/// One walk over the stream, whatever the sheets' positions say: the
/// globals substream (a BIFF8 BOF, then the BOUNDSHEET records with each
/// sheet's position), then each sheet substream that starts where its
/// BOUNDSHEET says, its HLINK records read (an embedded chart's nested
/// substream left out). A position where no substream starts gives that
/// sheet no links; so does a position a sheet before already named.
fn sheets_links(stream: &[u8]) -> Vec<MailLinks> {
    let mut records = records(stream);
    match records.next() {
        Some((_, r)) if r.kind == BOF && r.data.get(..2) == Some(&[0x00, 0x06]) => {}
        _ => return Vec::new(),
    }
    let mut positions: Vec<(usize, usize)> = Vec::new();
    for (_, r) in records.by_ref() {
        match r.kind {
            EOF => break,
            BOUNDSHEET => {
                let at = u32_at(&r.data, 0).map_or(usize::MAX, |p| p as usize);
                positions.push((at, positions.len()));
            }
            _ => {}
        }
    }
    let sheets = positions.len();
    positions.sort_unstable();
    positions.dedup_by_key(|(at, _)| *at);
    let mut links: Vec<Vec<MailLink>> = vec![Vec::new(); sheets];
    let mut current: Option<usize> = None;
    let mut depth = 0usize;
    for (at, record) in records {
        match record.kind {
            BOF => {
                if depth == 0 {
                    current = positions
                        .binary_search_by_key(&at, |(p, _)| *p)
                        .ok()
                        .map(|i| positions[i].1);
                }
                depth += 1;
            }
            EOF => depth = depth.saturating_sub(1),
            HLINK if depth == 1 => {
                if let Some(sheet) = current {
                    links[sheet].extend(hlink(&record.data));
                }
            }
            _ => {}
        }
    }
    links.into_iter().map(MailLinks::new).collect()
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// Reads the data of an HLINK record forward, every length checked.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let bytes = self.data.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        u32_at(self.take(4)?, 0)
    }

    /// A HyperlinkString: a count of UTF-16 units, the last a NUL.
    fn hyperlink_string(&mut self) -> Option<String> {
        let units = usize::try_from(self.u32()?).ok()?;
        utf16(self.take(units.checked_mul(2)?)?)
    }
}

/// UTF-16LE up to its first NUL; `None` when it is not UTF-16.
fn utf16(bytes: &[u8]) -> Option<String> {
    let units = bytes
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]))
        .take_while(|&u| u != 0);
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// The link of one HLINK record at its first cell, when its target is a
/// URL; `None` for anything else or anything that does not parse.
fn hlink(data: &[u8]) -> Option<MailLink> {
    let first_row = u16_at(data, 0)?;
    let first_col = u16_at(data, 4)?;
    let mut cursor = Cursor { data, at: 8 };
    if cursor.take(16)? != STD_LINK || cursor.u32()? != 2 {
        return None;
    }
    let flags = cursor.u32()?;
    let has_moniker = flags & 0x01 != 0;
    let has_display_name = flags & 0x10 != 0;
    let has_frame_name = flags & 0x80 != 0;
    let moniker_saved_as_string = flags & 0x100 != 0;
    if !has_moniker {
        return None;
    }
    if has_display_name {
        cursor.hyperlink_string()?;
    }
    if has_frame_name {
        cursor.hyperlink_string()?;
    }
    let target = if moniker_saved_as_string {
        cursor.hyperlink_string()?
    } else {
        if cursor.take(16)? != URL_MONIKER {
            return None;
        }
        let len = usize::try_from(cursor.u32()?).ok()?;
        utf16(cursor.take(len)?)?
    };
    is_mailto(&target).then(|| MailLink::cell(u32::from(first_row) + 1, first_col.into(), target))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16z(s: &str) -> Vec<u8> {
        s.encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect()
    }

    /// The data of an HLINK record as Excel and LibreOffice write it: a
    /// display name and a URL moniker.
    fn record(row: u16, col: u16, shown: &str, url: &str) -> Vec<u8> {
        let mut d = Vec::new();
        for n in [row, row, col, col] {
            d.extend(n.to_le_bytes());
        }
        d.extend(STD_LINK);
        d.extend(2u32.to_le_bytes());
        d.extend(0x17u32.to_le_bytes());
        let shown = utf16z(shown);
        d.extend(((shown.len() / 2) as u32).to_le_bytes());
        d.extend(shown);
        d.extend(URL_MONIKER);
        let url = utf16z(url);
        d.extend((url.len() as u32).to_le_bytes());
        d.extend(url);
        d
    }

    #[test]
    fn an_hlink_record_gives_its_first_cell_and_its_mailto_target() {
        let d = record(4, 8, "María Muñoz", "mailto:maria.munoz@colegio.edu.co");
        assert_eq!(
            hlink(&d),
            Some(MailLink::cell(
                5,
                8,
                "mailto:maria.munoz@colegio.edu.co".into()
            ))
        );
        assert_eq!(hlink(&record(0, 0, "web", "http://colegio.edu.co")), None);
    }

    #[test]
    fn a_truncated_or_garbage_hlink_record_is_no_link_and_no_panic() {
        let d = record(4, 8, "María Muñoz", "mailto:maria.munoz@colegio.edu.co");
        for cut in 0..d.len() {
            // Every length counts to the end of the record: a record cut
            // anywhere is no link, never a URL read short.
            let link = hlink(&d[..cut]);
            assert!(link.is_none(), "cut at {cut}: {link:?}");
        }
        // Lengths that point past the record, or near u32::MAX.
        for at in [
            32,
            d.len() - 4 - utf16z("mailto:maria.munoz@colegio.edu.co").len(),
        ] {
            for len in [u32::MAX, u32::MAX / 2, 0x8000_0000, 10_000] {
                let mut bad = d.clone();
                bad[at..at + 4].copy_from_slice(&len.to_le_bytes());
                assert_eq!(hlink(&bad), None, "length {len} at {at}");
            }
        }
        // Noise: every flag combination over random-looking bytes.
        for flags in 0..0x200u32 {
            let mut bad = d.clone();
            bad[28..32].copy_from_slice(&flags.to_le_bytes());
            let _ = hlink(&bad);
            let noise: Vec<u8> = (0..300u32).map(|i| (i * 151 + flags) as u8).collect();
            let mut bad = d[..32].to_vec();
            bad[28..32].copy_from_slice(&flags.to_le_bytes());
            bad.extend(noise);
            let _ = hlink(&bad);
        }
        // A lone UTF-16 surrogate is not a URL.
        let mut bad = d.clone();
        let end = bad.len();
        bad[end - 4..end - 2].copy_from_slice(&0xD800u16.to_le_bytes());
        assert_eq!(hlink(&bad), None);
    }

    #[test]
    fn a_stream_cut_anywhere_or_not_a_compound_file_gives_no_links_and_no_panic() {
        assert!(mail_links(b"not a workbook", 1 << 20).is_empty());
        let bof = |kind: u16| {
            let mut r = Vec::new();
            r.extend(BOF.to_le_bytes());
            r.extend(16u16.to_le_bytes());
            r.extend(0x0600u16.to_le_bytes());
            r.extend(kind.to_le_bytes());
            r.extend([0; 12]);
            r
        };
        let rec = |kind: u16, data: &[u8]| {
            let mut r = Vec::new();
            r.extend(kind.to_le_bytes());
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let mut stream = bof(0x0005);
        let sheet_at_slot = stream.len() + 4;
        stream.extend(rec(BOUNDSHEET, &[0, 0, 0, 0, 0, 0, 1, 0, b'A']));
        stream.extend(rec(EOF, &[]));
        let sheet_at = stream.len() as u32;
        stream[sheet_at_slot..sheet_at_slot + 4].copy_from_slice(&sheet_at.to_le_bytes());
        stream.extend(bof(0x0010));
        let link = record(1, 2, "Ana", "mailto:ana@colegio.edu.co");
        // Split over a CONTINUE record, as a long record is.
        stream.extend(rec(HLINK, &link[..40]));
        stream.extend(rec(CONTINUE, &link[40..]));
        stream.extend(rec(EOF, &[]));
        let links = sheets_links(&stream);
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].links(),
            [MailLink::cell(2, 2, "mailto:ana@colegio.edu.co".into())]
        );
        for cut in 0..stream.len() {
            let _ = sheets_links(&stream[..cut]);
        }
        // A sheet position past the stream, at the globals, inside a record.
        for at in [u32::MAX, 0, 3, sheet_at + 4] {
            let mut bad = stream.clone();
            bad[sheet_at_slot..sheet_at_slot + 4].copy_from_slice(&at.to_le_bytes());
            let links = sheets_links(&bad);
            assert!(links.iter().all(MailLinks::is_empty), "at {at}");
        }
    }
}
