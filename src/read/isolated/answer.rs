//! The child's answer on the wire: the raw sheets or the file error, read
//! back in the parent with the sheet-text limit applied as rows come in, and
//! an answer cut short told apart from a complete one.

use std::io::{Read, Write};

use crate::diagnostic::RuleMeta;
use crate::error::FileError;
use crate::limits::{self, Limits};
use crate::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};

/// The last byte of a complete answer: a child cut short never writes it.
const END: u8 = 0xEE;

// The answer: a tag (0 sheets, 1 error), then the sheets or the error, then
// `END`. A sheet is its kind, its name, whether it is hidden (0 or 1) and
// its rows. Numbers are little-endian; strings are a u32 length and UTF-8.

pub(super) fn encode(
    out: &mut impl Write,
    result: Result<Vec<RawSheet>, FileError>,
) -> std::io::Result<()> {
    match result {
        Err(e) => {
            out.write_all(&[1])?;
            put_str(out, e.rule.code)?;
            put_str(out, &e.message)?;
            put_opt(out, e.help.as_deref())?;
            out.write_all(&[u8::from(e.read_whole)])?;
        }
        Ok(sheets) => {
            out.write_all(&[0])?;
            put_u32(out, sheets.len() as u32)?;
            for sheet in sheets {
                out.write_all(&[kind_tag(sheet.kind)])?;
                put_opt(out, sheet.name.as_deref())?;
                out.write_all(&[u8::from(sheet.hidden)])?;
                put_u32(out, sheet.rows.len() as u32)?;
                for row in &sheet.rows {
                    put_u32(out, row.number)?;
                    put_u32(out, row.cells.len() as u32)?;
                    for cell in &row.cells {
                        match cell {
                            RawCell::Empty => out.write_all(&[0])?,
                            RawCell::Text(s) => {
                                out.write_all(&[1])?;
                                put_str(out, s)?;
                            }
                            RawCell::Number(n) => {
                                out.write_all(&[2])?;
                                out.write_all(&n.to_le_bytes())?;
                            }
                            RawCell::Error(s) => {
                                out.write_all(&[3])?;
                                put_str(out, s)?;
                            }
                        }
                    }
                }
            }
        }
    }
    out.write_all(&[END])
}

fn put_u32(out: &mut impl Write, n: u32) -> std::io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_str(out: &mut impl Write, s: &str) -> std::io::Result<()> {
    put_u32(out, s.len() as u32)?;
    out.write_all(s.as_bytes())
}

fn put_opt(out: &mut impl Write, s: Option<&str>) -> std::io::Result<()> {
    match s {
        None => out.write_all(&[0]),
        Some(s) => {
            out.write_all(&[1])?;
            put_str(out, s)
        }
    }
}

fn kind_tag(kind: SourceKind) -> u8 {
    match kind {
        SourceKind::Xlsx => 0,
        SourceKind::Xlsb => 1,
        SourceKind::Xls => 2,
        SourceKind::Ods => 3,
        SourceKind::Csv => 4,
    }
}

/// Any answer that does not parse is a child cut short: `Err(())`.
type Answer = Result<Vec<RawSheet>, FileError>;

/// Why an answer was not read to its end.
#[derive(Debug)]
pub(super) enum Cut {
    /// It does not parse: the child was cut short.
    Short,
    /// Its rows passed a limit as they came in (the text of a sheet).
    Refused(FileError),
}

impl From<()> for Cut {
    fn from((): ()) -> Cut {
        Cut::Short
    }
}

/// The code of an error the child sent: one of the readers' or the limit.
fn reader_code(code: &str) -> Option<&'static RuleMeta> {
    let limit: &'static RuleMeta = &limits::LIMITE_SUPERADO;
    crate::read::codes::ALL
        .iter()
        .copied()
        .chain([limit])
        .find(|r| r.code == code)
}

pub(super) fn decode(input: &mut impl Read, limits: &Limits, file: &str) -> Result<Answer, Cut> {
    let answer = match get_u8(input)? {
        1 => Err(decode_error(input)?),
        0 => {
            let count = get_u32(input)?;
            let mut sheets = Vec::new();
            for _ in 0..count {
                sheets.push(decode_sheet(input, limits, file)?);
            }
            Ok(sheets)
        }
        _ => return Err(Cut::Short),
    };
    if get_u8(input)? != END {
        return Err(Cut::Short);
    }
    Ok(answer)
}

fn decode_error(input: &mut impl Read) -> Result<FileError, Cut> {
    let code = get_str(input)?;
    let rule = reader_code(&code).ok_or(())?;
    let message = get_str(input)?;
    let help = get_opt(input)?;
    let read_whole = get_u8(input)? == 1;
    Ok(FileError {
        rule,
        message,
        help,
        read_whole,
    })
}

fn decode_sheet(input: &mut impl Read, limits: &Limits, file: &str) -> Result<RawSheet, Cut> {
    let kind = match get_u8(input)? {
        0 => SourceKind::Xlsx,
        1 => SourceKind::Xlsb,
        2 => SourceKind::Xls,
        3 => SourceKind::Ods,
        4 => SourceKind::Csv,
        _ => return Err(Cut::Short),
    };
    let name = get_opt(input)?;
    let hidden = match get_u8(input)? {
        0 => false,
        1 => true,
        _ => return Err(Cut::Short),
    };
    let rows = get_u32(input)?;
    // Counts come from a child that may have been cut short:
    // vectors grow as rows arrive, never from the count.
    let mut list = Vec::new();
    // The text of a sheet is bounded here too: whatever the
    // child read, this process holds every string it sends.
    let mut text: u64 = 0;
    let max_text = limits.max_sheet_text_bytes();
    for _ in 0..rows {
        let number = get_u32(input)?;
        let cells = get_u32(input)?;
        let mut row = Vec::with_capacity((cells as usize).min(1024));
        for _ in 0..cells {
            row.push(match get_u8(input)? {
                0 => RawCell::Empty,
                1 => {
                    let s = get_str(input)?;
                    text += s.len() as u64;
                    if text > max_text {
                        let sheet = name.as_deref().unwrap_or_default();
                        return Err(Cut::Refused(limits::sheet_text_exceeded(
                            limits, file, sheet,
                        )));
                    }
                    RawCell::Text(s)
                }
                2 => {
                    let mut b = [0u8; 8];
                    input.read_exact(&mut b).map_err(|_| ())?;
                    RawCell::Number(f64::from_le_bytes(b))
                }
                3 => RawCell::Error(get_str(input)?),
                _ => return Err(Cut::Short),
            });
        }
        list.push(RawRow { number, cells: row });
    }
    Ok(RawSheet {
        kind,
        name,
        rows: list,
        rest: None,
        hidden,
    })
}

fn get_u8(input: &mut impl Read) -> Result<u8, ()> {
    let mut b = [0u8; 1];
    input.read_exact(&mut b).map_err(|_| ())?;
    Ok(b[0])
}

fn get_u32(input: &mut impl Read) -> Result<u32, ()> {
    let mut b = [0u8; 4];
    input.read_exact(&mut b).map_err(|_| ())?;
    Ok(u32::from_le_bytes(b))
}

fn get_str(input: &mut impl Read) -> Result<String, ()> {
    let len = get_u32(input)? as usize;
    let mut buf = Vec::with_capacity(len.min(1 << 20));
    input
        .take(len as u64)
        .read_to_end(&mut buf)
        .map_err(|_| ())?;
    if buf.len() != len {
        return Err(());
    }
    String::from_utf8(buf).map_err(|_| ())
}

fn get_opt(input: &mut impl Read) -> Result<Option<String>, ()> {
    match get_u8(input)? {
        0 => Ok(None),
        1 => get_str(input).map(Some),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> RawSheet {
        RawSheet {
            kind: SourceKind::Ods,
            name: Some("Hoja «1»".into()),
            rows: vec![RawRow {
                number: 7,
                cells: vec![
                    RawCell::Empty,
                    RawCell::Text("AÑO".into()),
                    RawCell::Number(105001000019.0),
                    RawCell::Error("#N/A".into()),
                ],
            }],
            rest: None,
            hidden: false,
        }
    }

    #[test]
    fn sheets_and_errors_come_back_from_the_child_as_they_were_read() {
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet()])).unwrap();
        let back = decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
            .unwrap()
            .unwrap();
        assert_eq!(back[0].rows, sheet().rows);
        assert_eq!(back[0].name, sheet().name);
        assert_eq!(back[0].kind, SourceKind::Ods);
        assert!(!back[0].hidden);
        let mut hidden = sheet();
        hidden.hidden = true;
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet(), hidden])).unwrap();
        let back = decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
            .unwrap()
            .unwrap();
        assert_eq!(
            back.iter().map(|s| s.hidden).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(back[1].rows, sheet().rows);

        let error =
            FileError::new(&crate::read::codes::ARCHIVO_DANADO, "dañado").with_help("ábralo");
        let mut bytes = Vec::new();
        encode(&mut bytes, Err(error.clone())).unwrap();
        assert_eq!(
            decode(&mut bytes.as_slice(), &Limits::default(), "a.ods")
                .unwrap()
                .unwrap_err(),
            error
        );
    }

    #[test]
    fn regression_rows_from_the_child_are_refused_once_their_text_passes_the_limit() {
        let mut sheet = sheet();
        let cells = vec![RawCell::Text("A".repeat(3000)); 12];
        sheet.rows = (1..=100)
            .map(|number| RawRow {
                number,
                cells: cells.clone(),
            })
            .collect();
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet])).unwrap();
        // 3.6 MB of text against a 1 MB limit.
        let limits = Limits {
            max_part_bytes: 1024 * 1024,
            ..Limits::default()
        };
        match decode(&mut bytes.as_slice(), &limits, "a.xls") {
            Err(Cut::Refused(e)) => assert!(
                e.message
                    .contains("el texto de la hoja «Hoja «1»» pasa de 1 MB al expandir sus celdas"),
                "{}",
                e.message
            ),
            other => panic!("{other:?}"),
        }
        assert!(decode(&mut bytes.as_slice(), &Limits::default(), "a.xls").is_ok());
    }

    #[test]
    fn an_answer_cut_short_is_no_answer() {
        let mut bytes = Vec::new();
        encode(&mut bytes, Ok(vec![sheet()])).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                decode(&mut &bytes[..cut], &Limits::default(), "a.ods").is_err(),
                "cut at {cut}"
            );
        }
    }
}
