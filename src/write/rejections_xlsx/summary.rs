//! The «Resumen» sheet: the review in figures and, for each kind of
//! problem, how many rows have it and how to correct it, in the words of the
//! rule catalogue. Written for the school: no rule codes.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use super::Context;
use super::table::is_held_back;
use crate::diagnostic::{RuleMeta, Severity};
use crate::form::Form;
use crate::rules::fila::FORMATO_NO_RECIBIDO;
use crate::write::wrap::{LINE_HEIGHT, lines, text_chars};

const WIDTHS: [usize; 4] = [46, 12, 8, 60];

pub(super) fn write(book: &mut Workbook, form: &Form, ctx: &Context<'_>) -> Result<(), XlsxError> {
    let head = super::super::header_format().set_align(FormatAlign::VerticalCenter);
    let label = Format::new().set_bold().set_align(FormatAlign::Top);
    let text = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    // A fact's value runs over the empty cells to its right.
    let fact = Format::new().set_num_format("@");
    let sheet = book.add_worksheet();
    sheet.set_name("Resumen")?;
    for (col, w) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *w as f64)?;
    }
    let to_correct = form.rejected().filter(|r| !is_held_back(r)).count();
    let held_back = form.rejected().filter(|r| is_held_back(r)).count();
    let mut facts: Vec<(&str, String)> = vec![
        ("Archivo revisado", ctx.file.to_string()),
        (
            "Hoja",
            match form.sheets().as_slice() {
                [] => "(archivo de texto)".to_string(),
                sheets => sheets.join(", "),
            },
        ),
        (
            "Ticket",
            form.ticket
                .clone()
                .unwrap_or_else(|| "(sin ticket)".to_string()),
        ),
        ("Fecha de la revisión", ctx.date.to_string()),
        ("Personas en el formato", form.rows.len().to_string()),
        ("Filas para corregir", to_correct.to_string()),
    ];
    if held_back > 0 {
        facts.push((
            "Filas sin errores que vuelven con el formato",
            held_back.to_string(),
        ));
    } else {
        facts.push(("Filas recibidas", form.accepted().count().to_string()));
    }
    if form.rejected().nth(super::NOTED_ROWS).is_some() {
        facts.push((
            "Notas en las celdas",
            format!(
                "Solo en las primeras {} filas; en todas, la columna {} dice lo mismo.",
                super::NOTED_ROWS,
                super::OBSERVATIONS
            ),
        ));
    }
    for (i, (k, v)) in facts.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *k, &label)?;
        sheet.write_string_with_format(i as u32, 1, v, &fact)?;
    }

    let start = facts.len() as u32 + 1;
    for (col, h) in ["QUÉ HAY QUE CORREGIR", "TIPO", "FILAS", "CÓMO CORREGIRLO"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(start, col as u16, *h, &head)?;
    }
    // Each problem once per row that has it, errors before warnings.
    // What to do is the help the row itself gives (written for the school)
    // when one row has the problem, else the rule's own.
    let mut by_rule: BTreeMap<(std::cmp::Reverse<Severity>, &str), (usize, &RuleMeta, &str)> =
        BTreeMap::new();
    for row in form.rejected() {
        let mut seen = std::collections::HashSet::new();
        for issue in &row.issues {
            let sev = issue.severity();
            if sev == Severity::Fix || issue.code() == FORMATO_NO_RECIBIDO.code {
                continue;
            }
            if seen.insert(issue.code()) {
                by_rule
                    .entry((std::cmp::Reverse(sev), issue.code()))
                    .or_insert((
                        0,
                        issue.rule,
                        issue.help.as_deref().unwrap_or(issue.rule.doc.todo),
                    ))
                    .0 += 1;
            }
        }
    }
    for (i, ((sev, _), (n, rule, todo))) in by_rule.iter().enumerate() {
        let r = start + 1 + i as u32;
        let kind = if sev.0 == Severity::Error {
            "Corregir"
        } else {
            "Revisar"
        };
        // A row's own help names its values: right for one row, not for many.
        let todo = if *n == 1 { todo } else { rule.doc.todo };
        let cells = [rule.summary, kind, &n.to_string(), todo];
        let tallest = cells
            .iter()
            .zip(WIDTHS)
            .map(|(c, w)| lines(c, text_chars(w)))
            .max()
            .unwrap_or(1);
        sheet.set_row_height(r, LINE_HEIGHT * tallest as f64)?;
        for (col, cell) in cells.iter().enumerate() {
            sheet.write_string_with_format(r, col as u16, *cell, &text)?;
        }
    }
    sheet
        .set_landscape()
        .set_paper_size(1)
        .set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_footer("&CPágina &P de &N");
    Ok(())
}
