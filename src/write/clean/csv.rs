//! `<stem>.limpio.csv` (`--formato csv`): the accepted rows, UTF-8, comma.

use std::io::Write;

use super::{CleanFormatSpec, Context, Pairing};
use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;
use crate::write::stamp::{Fnv, Hashing, Partner};

/// The clean CSV in the table of clean-file formats.
pub(super) const SPEC: CleanFormatSpec = CleanFormatSpec {
    extension: "csv",
    label: "CSV UTF-8 separado por comas (.limpio.csv)",
    pairing: Pairing::Hashed {
        signature: header_line,
    },
    write: write_staged,
};

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

/// The first line of every clean CSV, as it is written (how a later run
/// recognizes one: a CSV has no room for a stamp).
pub fn header_line() -> String {
    let mut line = std::iter::once(TICKET_HEADER)
        .chain(Field::ALL.iter().map(|f| f.header()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// Writes the file into `out` (buffered here).
pub fn write(form: &Form, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(
        std::iter::once(TICKET_HEADER).chain(Field::ALL.iter().map(|f| f.header())),
    )?;
    let ticket = form.ticket.as_deref().unwrap_or("");
    for row in form.accepted() {
        writer.write_record(
            std::iter::once(ticket).chain(Field::ALL.iter().map(|f| row.row.get(*f).unwrap_or(""))),
        )?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_header_line_is_what_the_writer_writes_first() {
        let mut out = Vec::new();
        let mut writer = csv::Writer::from_writer(&mut out);
        writer
            .write_record(
                std::iter::once(crate::field::TICKET_HEADER)
                    .chain(crate::field::Field::ALL.iter().map(|f| f.header())),
            )
            .unwrap();
        drop(writer);
        assert_eq!(String::from_utf8(out).unwrap(), super::header_line());
    }
}
