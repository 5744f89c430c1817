//! `<stem>.limpio.csv` (`--formato csv`): the accepted rows, UTF-8, comma.

use crate::field::{Field, TICKET_HEADER};
use crate::form::Form;

pub fn build(form: &Form) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = Vec::new();
    write(form, &mut bytes)?;
    Ok(bytes)
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
