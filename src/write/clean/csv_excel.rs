//! `<stem>.limpio.excel.csv` (`--formato csv-excel`): the accepted rows as a
//! CSV for people who open it in Excel set to Spanish. Such an Excel splits
//! columns at its list separator, `;`, and reads a CSV as UTF-8 only when it
//! starts with a BOM: so this file is UTF-8 with BOM, `;`-separated, with
//! CRLF line ends. `csv` stays comma-separated UTF-8 without BOM, for
//! programs.
//!
//! Excel also reinterprets every value it can take for a number, a date or
//! a formula: a 12-digit DANE code shows as `1,05001E+11`, a document or
//! phone loses its leading zeros, `1-2` becomes a date, and saving the file
//! again writes the damage back. A file meant to be read, filtered and
//! maybe saved by people must show what was validated, so each such value
//! is written as Excel's text formula `="105001000108"`: Excel and
//! LibreOffice show the digits as they are, as text, and a cell that starts
//! with `=`, `+`, `-` or `@` shows as text instead of running as a formula.
//! The value inside the marker is the clean value, unchanged; `sigce
//! validar` reads the marker back as that value (`read::csv`), and a program
//! that needs the raw values uses `csv` or `xlsx`.

use std::io::Write;

use super::{CleanFormatSpec, Context, Pairing};
use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;
use crate::write::stamp::{Fnv, Hashing, Partner};

/// What the file's name ends with after `<stem>.limpio.`: a `.csv` that
/// Excel opens on a double click, told from the plain CSV by its name.
pub(super) const ENDING: &str = "excel.csv";

/// The Excel CSV in the table of clean-file formats.
pub(super) const SPEC: CleanFormatSpec = CleanFormatSpec {
    extension: "csv-excel",
    label: "CSV para abrir en Excel en español: UTF-8 con BOM, separado por punto y coma (.limpio.excel.csv)",
    pairing: Pairing::Hashed {
        signature: header_line,
    },
    write: write_staged,
};

/// The byte-order mark Excel needs to read the file as UTF-8.
const BOM: &str = "\u{feff}";

/// Excel's string literals hold at most this many characters.
const EXCEL_LITERAL_CHARS: usize = 255;

/// Writes the CSV into its staged file, hashing it on the way: the
/// rejection workbook records the hash (a CSV has no room for a stamp).
fn write_staged(
    form: &Form,
    file: &mut std::fs::File,
    _: &Context<'_>,
) -> std::io::Result<Partner> {
    let mut out = Hashing {
        inner: std::io::BufWriter::new(file),
        hash: Fnv::default(),
    };
    write(form, &mut out).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    })?;
    out.flush()?;
    Ok(Partner::Csv(out.hash.finish()))
}

pub fn build(form: &Form) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::new();
    write(form, &mut bytes)?;
    Ok(bytes)
}

/// The first bytes of every file of this format, as written: the BOM and
/// the header line (how a later run recognizes one).
pub fn header_line() -> String {
    let mut line = String::from(BOM);
    line.push_str(
        &std::iter::once(TICKET_HEADER)
            .chain(Field::ALL.iter().map(|f| f.header()))
            .collect::<Vec<_>>()
            .join(";"),
    );
    line.push_str("\r\n");
    line
}

/// Writes the file into `out` (buffered here).
pub fn write(form: &Form, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut writer = start(out)?;
    let ticket = as_text(form.ticket.as_deref().unwrap_or(""));
    for row in form.accepted() {
        writer.write_field(ticket.as_ref())?;
        for field in Field::ALL {
            writer.write_field(as_text(row.row.get(field).unwrap_or("")).as_ref())?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()?;
    Ok(())
}

/// The BOM and the header line written into `out`; the writer for the rows.
fn start<W: std::io::Write>(mut out: W) -> Result<csv::Writer<W>, csv::Error> {
    out.write_all(BOM.as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(
        std::iter::once(TICKET_HEADER).chain(Field::ALL.iter().map(|f| f.header())),
    )?;
    Ok(writer)
}

/// `value` as Excel will show it: as it is, or inside the text formula
/// `="…"` when Excel would read it as something else than that text.
pub fn as_text(value: &str) -> std::borrow::Cow<'_, str> {
    if !excel_would_change(value) {
        return value.into();
    }
    if value.chars().count() > EXCEL_LITERAL_CHARS {
        // Too long for a formula's literal: a leading space keeps it text
        // (the validator trims it when the file is read again).
        return format!(" {value}").into();
    }
    format!("=\"{}\"", value.replace('"', "\"\"")).into()
}

/// Whether Excel would not keep `value` as the text it is: a formula (it
/// starts with `=`, `+`, `-` or `@`), or something it reads as a number, a
/// date or a time (digits with `.`, `,`, `/`, `-`, `:` or spaces between,
/// and `1E5`), which loses leading zeros, digits beyond the 11th on screen
/// and beyond the 15th for good.
fn excel_would_change(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if matches!(first, '=' | '+' | '-' | '@') {
        return true;
    }
    let numeric = value.chars().any(|c| c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | '-' | ':' | ' '));
    let scientific = value
        .split_once(['e', 'E'])
        .is_some_and(|(mantissa, exponent)| {
            !mantissa.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit())
                && !exponent.is_empty()
                && exponent.chars().all(|c| c.is_ascii_digit())
        });
    numeric || scientific
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_what_excel_would_convert_are_marked_as_text() {
        for (value, written) in [
            ("105001000108", "=\"105001000108\""),
            ("0012345", "=\"0012345\""),
            ("3001234567", "=\"3001234567\""),
            ("1-2", "=\"1-2\""),
            ("12E3", "=\"12E3\""),
            ("=SUMA(A1)", "=\"=SUMA(A1)\""),
            ("+57 300", "=\"+57 300\""),
            ("@x \"y\"", "=\"@x \"\"y\"\"\""),
        ] {
            assert_eq!(as_text(value), written, "{value}");
        }
    }

    #[test]
    fn words_and_addresses_are_written_as_they_are() {
        for value in [
            "",
            "MARÍA JOSÉ",
            "DOCENTE; AULA \"A\"",
            "ana.perez@colegio.edu.co",
            "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            "CC",
            "GRADO 5",
            "E",
        ] {
            assert_eq!(as_text(value), value);
        }
    }

    #[test]
    fn a_value_too_long_for_a_literal_is_kept_text_by_a_space() {
        let long = format!("={}", "A".repeat(300));
        assert_eq!(as_text(&long), format!(" {long}"));
    }

    #[test]
    fn the_header_line_is_what_the_writer_writes_first() {
        let mut bytes = Vec::new();
        {
            let mut writer = start(&mut bytes).unwrap();
            writer.flush().unwrap();
        }
        assert_eq!(String::from_utf8(bytes).unwrap(), header_line());
    }
}
