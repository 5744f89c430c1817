//! The block above the table: what this file is, for which institution,
//! ticket and date, and in two plain sentences what the school must do.
//!
//! It is written to be read back: a school returns this very file
//! corrected, and the ticket and institution labels are the ones the reader
//! looks for above a header (`ticket::find`, `pipeline::institution`).

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::Context;
use super::layout::Layout;
use crate::form::Form;
use crate::write::wrap::{LINE_HEIGHT, lines, text_chars};

pub(super) const TITLE: &str = "FILAS PARA CORREGIR DEL FORMATO DE CREACIÓN DE USUARIOS DE SIGCE";

/// What the school must do, in the words the help-desk procedure uses.
pub(super) const WHAT_TO_DO: &str = "Qué hacer: corrija las celdas resaltadas en este mismo archivo (la última columna de cada fila dice qué cambiar) y envíelo de nuevo respondiendo al correo del ticket. No cambie los títulos de las columnas. Celdas en rojo: hay que corregirlas; en amarillo: revise el dato.";

/// Said only when rows without errors came back with the form.
pub(super) const HELD_BACK: &str = "Las filas con el número en verde están bien y no hay que cambiarlas: se devuelven porque el formato se recibe completo solo cuando todas sus filas están bien. Envíelas también.";

/// Writes the heading from row 0 and returns the row the table's header goes in.
pub(super) fn write(
    sheet: &mut Worksheet,
    form: &Form,
    ctx: &Context<'_>,
    layout: &Layout,
    held_back: bool,
) -> Result<u32, XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new().set_font_size(11);
    let note = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_bold();

    let mut r = 0u32;
    sheet.set_row_height(r, 21)?;
    sheet.write_string_with_format(r, 0, TITLE, &title)?;
    r += 1;
    let mut facts = Vec::new();
    // The institution as the form names it; else the domain most of its
    // e-mails share, under a label of its own so a returned file does not
    // read it back as the institution's name.
    match (&form.institution, mail_domain(form)) {
        (Some(name), _) => facts.push(format!("Institución: {name}")),
        (None, Some(domain)) => facts.push(format!("Dominio de los correos: {domain}")),
        (None, None) => {}
    }
    if let Some(ticket) = &form.ticket {
        facts.push(format!("Ticket: {ticket}"));
    }
    facts.push(format!("Fecha de la revisión: {}", ctx.date));
    facts.push(format!("Archivo revisado: {}", ctx.file));
    for fact in facts {
        sheet.write_string_with_format(r, 0, fact, &label)?;
        r += 1;
    }
    // The sentences span the table's width, wrapped, with the height they take.
    let width: usize = layout.widths.iter().sum();
    let mut sentences = vec![WHAT_TO_DO];
    if held_back {
        sentences.push(HELD_BACK);
    }
    for sentence in sentences {
        sheet.set_row_height(r, LINE_HEIGHT * lines(sentence, text_chars(width)) as f64)?;
        sheet.merge_range(r, 0, r, layout.last(), sentence, &note)?;
        r += 1;
    }
    Ok(r + 1)
}

/// The domain most of the form's e-mails share, when it is not a public
/// mailbox's (gmail.com says nothing of the school) and more than one
/// address has it.
fn mail_domain(form: &Form) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for row in &form.rows {
        let email = row.row.get(crate::field::Field::Correo).unwrap_or("");
        let Some((_, domain)) = email.rsplit_once('@') else {
            continue;
        };
        if domain.is_empty() || crate::policy::DEFAULT_TYPO_DOMAINS.contains(&domain) {
            continue;
        }
        match counts.iter_mut().find(|(d, _)| *d == domain) {
            Some((_, n)) => *n += 1,
            None => counts.push((domain, 1)),
        }
    }
    let (domain, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    (n >= 2).then(|| domain.to_string())
}
