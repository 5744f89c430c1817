//! Checks of a ZIP container before calamine opens it: each part's declared
//! size against the limits, the shared-strings count against its part, and
//! what the small parts tell (whether any sheet has hyperlinks, which part
//! each sheet points at).

use std::io::{Cursor, Read};

use super::damaged;
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};

/// What the ZIP directory and the small parts around the sheets tell
/// before calamine opens the container.
pub(super) struct ZipFacts {
    /// Some sheet may hold external hyperlinks (a mailto: link is a
    /// relationship of its sheet), so they are read only then.
    pub(super) may_have_links: bool,
    /// The part each `<sheet>` of xl/workbook.xml points at, in order
    /// (empty when unknown).
    pub(super) sheet_parts: Vec<String>,
}

/// Parts that hold cells: sheets, their shared strings, ODS content.
fn holds_cells(part: &str) -> bool {
    part.contains("worksheets/")
        || part.ends_with("sharedStrings.xml")
        || part.ends_with("sharedStrings.bin")
        || part == "content.xml"
}

/// The smallest an entry of xl/sharedStrings.xml can be (`<si/>`).
const MIN_SHARED_STRING_BYTES: u64 = 5;

/// Every part of a ZIP container must decompress within the limit, parts
/// without cells (styles...) within a tighter one, and all of them
/// together within the part limit too. The central directory declares each
/// part's size, and the zip reader never produces more than declared, so
/// this bounds what calamine can inflate. Shared strings must fit the count
/// they announce, which calamine reserves before reading them.
pub(super) fn check_zip_parts(
    bytes: &[u8],
    limits: &Limits,
    name: &str,
) -> Result<ZipFacts, FileError> {
    let unknown = ZipFacts {
        may_have_links: true,
        sheet_parts: Vec::new(),
    };
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a readable ZIP: calamine reports the damage.
        return Ok(unknown);
    };
    let mut sheet_rels = Vec::new();
    let mut shared_strings = None;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let part_name = part.name().unwrap_or_default().to_string();
        if part_name.starts_with("xl/worksheets/_rels/") && part_name.ends_with(".rels") {
            sheet_rels.push(i);
        }
        if part_name.ends_with("sharedStrings.xml") {
            shared_strings = Some((i, part.size()));
        }
        let size_mb = part.size() / (1024 * 1024);
        if part.size() > limits.max_part_bytes {
            let what = format!("su parte «{part_name}» se descomprime a {size_mb} MB");
            return Err(limits::exceeded(Limit::PartBytes, limits, name, &what));
        }
        if !holds_cells(&part_name) && part.size() > limits.max_other_part_bytes() {
            let what = format!(
                "su parte «{part_name}», que no tiene celdas, se descomprime a {size_mb} MB"
            );
            return Err(limits::exceeded(Limit::OtherPartBytes, limits, name, &what));
        }
        total = total.saturating_add(part.size());
        if total > limits.max_part_bytes {
            let what = format!(
                "sus partes juntas se descomprimen a más de {} MB",
                total / (1024 * 1024)
            );
            return Err(limits::exceeded(Limit::PartBytes, limits, name, &what));
        }
    }
    if let Some((i, size)) = shared_strings {
        check_shared_strings(&mut archive, i, size, name)?;
    }
    let sheet_parts = sheet_parts(&mut archive, limits);
    let mut text = String::new();
    for i in sheet_rels {
        text.clear();
        let read = archive
            .by_index(i)
            .map_err(std::io::Error::other)
            .and_then(|mut part| part.read_to_string(&mut text));
        if read.is_err() || text.contains("relationships/hyperlink") {
            return Ok(ZipFacts {
                may_have_links: true,
                sheet_parts,
            });
        }
    }
    Ok(ZipFacts {
        may_have_links: false,
        sheet_parts,
    })
}

/// calamine reserves room for as many strings as the `<sst uniqueCount>`
/// of xl/sharedStrings.xml says, before reading one: 10^11 in a 1 KB part
/// is a request for terabytes. A count the part cannot hold is refused.
fn check_shared_strings(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    size: u64,
    name: &str,
) -> Result<(), FileError> {
    let mut head = Vec::new();
    let Ok(part) = archive.by_index(index) else {
        return Ok(());
    };
    let part_name = part.name().unwrap_or_default().to_string();
    if part.take(4096).read_to_end(&mut head).is_err() {
        return Ok(());
    }
    let head = String::from_utf8_lossy(&head);
    let Some(sst) = head.find("sst").and_then(|at| head[at..].split('>').next()) else {
        return Ok(());
    };
    let Some(count) = attribute(sst, "uniqueCount").and_then(|v| v.trim().parse::<u128>().ok())
    else {
        return Ok(());
    };
    if count <= u128::from(size / MIN_SHARED_STRING_BYTES) {
        return Ok(());
    }
    Err(damaged(format!(
        "El archivo {name} dice en su parte «{part_name}» que tiene {count} textos, pero esa parte solo tiene {size} bytes: el archivo está dañado o hecho para agotar la memoria del equipo. No se procesó."
    )))
}

/// The value of attribute `key`, written exactly so, in the text of one
/// start tag.
pub(in crate::read) fn tag_attribute<'t>(tag: &'t str, key: &str) -> Option<&'t str> {
    attributes(tag)
        .find(|(attr, _)| *attr == key)
        .map(|(_, value)| value)
}

/// The value of attribute `key` (any namespace prefix) in the text of one
/// start tag.
fn attribute<'t>(tag: &'t str, key: &str) -> Option<&'t str> {
    attributes(tag)
        .find(|(attr, _)| *attr == key || attr.rsplit(':').next().unwrap_or(attr) == key)
        .map(|(_, value)| value)
}

/// The attributes of one start tag's text as (name, value), up to the
/// first whose value is not quoted.
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = tag;
    std::iter::from_fn(move || {
        let eq = rest.find('=')?;
        let attr = rest[..eq]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let end = after[1..].find(quote)?;
        rest = &after[1 + end + 1..];
        Some((attr, &after[1..1 + end]))
    })
}

/// The start tags named `element` (any namespace prefix) in `xml`.
fn start_tags<'x>(xml: &'x str, element: &'x str) -> impl Iterator<Item = &'x str> + 'x {
    xml.split('<').skip(1).filter_map(move |piece| {
        let tag = piece.split('>').next()?;
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next()?;
        let local = tag_name.rsplit(':').next()?;
        (local == element).then_some(tag)
    })
}

/// The part each `<sheet>` of xl/workbook.xml points at, in order, through
/// xl/_rels/workbook.xml.rels. Empty when either cannot be read.
fn sheet_parts(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Vec<String> {
    let mut read = |path: &str| -> Option<String> {
        let part = archive.by_name(path).ok()?;
        let mut text = String::new();
        part.take(limits.max_other_part_bytes())
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    let target = |rels: &str, id: &str| {
        start_tags(rels, "Relationship")
            .find(|tag| attribute(tag, "Id") == Some(id))
            .and_then(|tag| attribute(tag, "Target"))
            .map_or_else(String::new, |t| t.trim_start_matches('/').to_string())
    };
    if let (Some(workbook), Some(rels)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    {
        let targets: std::collections::HashMap<&str, &str> = start_tags(&rels, "Relationship")
            .filter_map(|tag| Some((attribute(tag, "Id")?, attribute(tag, "Target")?)))
            .collect();
        return start_tags(&workbook, "sheet")
            .map(|tag| {
                attribute(tag, "id")
                    .and_then(|id| targets.get(id))
                    .map_or_else(String::new, |t| t.trim_start_matches('/').to_string())
            })
            .collect();
    }
    let Some(rels) = read("xl/_rels/workbook.bin.rels") else {
        return Vec::new();
    };
    let Some(workbook) = archive.by_name("xl/workbook.bin").ok().and_then(|part| {
        let mut bytes = Vec::new();
        part.take(limits.max_other_part_bytes())
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    }) else {
        return Vec::new();
    };
    xlsb_sheet_ids(&workbook)
        .iter()
        .map(|id| target(&rels, id))
        .collect()
}

/// The relationship id of each BrtBundleSh record of an XLSB workbook.bin,
/// in order (each record: a type and a length in 7-bit groups, then the
/// payload).
fn xlsb_sheet_ids(bytes: &[u8]) -> Vec<String> {
    let mut ids = Vec::new();
    let mut at = 0;
    let byte = |at: &mut usize| -> Option<u8> {
        let b = *bytes.get(*at)?;
        *at += 1;
        Some(b)
    };
    while at < bytes.len() {
        let Some(first) = byte(&mut at) else { break };
        let typ = if first & 0x80 != 0 {
            let Some(second) = byte(&mut at) else { break };
            u16::from(first & 0x7F) | (u16::from(second & 0x7F) << 7)
        } else {
            u16::from(first)
        };
        let mut len = 0usize;
        for i in 0..4 {
            let Some(b) = byte(&mut at) else { return ids };
            len |= usize::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(payload) = bytes.get(at..at + len) else {
            break;
        };
        at += len;
        match typ {
            0x009C => {
                let id = payload.get(8..12).and_then(|n| {
                    let units = u32::from_le_bytes(n.try_into().ok()?) as usize;
                    let raw = payload.get(12..12 + units.checked_mul(2)?)?;
                    let utf16: Vec<u16> = raw
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16(&utf16).ok()
                });
                ids.push(id.unwrap_or_default());
            }
            0x0090 => break,
            _ => {}
        }
    }
    ids
}
