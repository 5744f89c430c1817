//! ODS sheets counted before calamine expands them. `number-columns-repeated`
//! and `number-rows-repeated` let a 1 KB content.xml stand for billions of
//! cells, which calamine writes out one by one into a dense range before
//! any limit sees them (2 GB from 1 KB). This pass streams content.xml once,
//! reads only the tags, and counts cells as calamine would expand them: a
//! cell with a value past the column or row limit, or a sheet whose
//! expanded area passes `Limits::max_sheet_cells`, is refused first. So is
//! a sheet whose text, repeats expanded, passes `Limits::max_sheet_text_bytes`:
//! twelve cells of 2 000 characters repeated on a million rows are 24 GB
//! of strings from 1 KB.
//!
//! The same walk reads the cells' `mailto:` links (`<text:a
//! xlink:href="mailto:...">` inside a `table:table-cell`), which calamine
//! does not expose, at the positions calamine gives the cells: repeated
//! rows and columns and covered cells counted. A link's target is counted
//! as text of its cell, repeats expanded, since the cell will be read with
//! it; a link of a repeated cell is kept once, over its block of cells.

use std::io::Read;

use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::read::mail_links::{MailLink, MailLinks, is_mailto};

/// What the walk found: the `mailto:` links of each sheet, by the sheet's
/// name as calamine reads it.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) links: Vec<(String, MailLinks)>,
}

/// Where one table stands while its rows go by.
#[derive(Default)]
struct Table {
    name: String,
    /// Rows before the current one, repeats expanded.
    row: u64,
    repeats: u64,
    /// Column where the current row's next cell starts.
    col: u64,
    /// One past the last column with a value in the current row.
    row_end: u64,
    first_content_row: Option<u64>,
    last_content_row: u64,
    width: u64,
    /// Inside a cell with content: its column repeats and the bytes of
    /// text seen in it so far.
    cell: Option<(u64, u64)>,
    /// Bytes of text of the current row, its cells' repeats expanded.
    row_text: u64,
    /// Bytes of text of the sheet, every repeat expanded.
    text: u64,
    /// The current cell's first column and the target of its first
    /// `mailto:` link.
    cell_link: Option<(u64, String)>,
    /// Inside a comment (`office:annotation`) of a cell: its links are not
    /// the cell's.
    annotation: bool,
    /// Links of the current row's cells: first and last column, target.
    row_links: Vec<(u64, u64, String)>,
    /// Links of the sheet's rows so far.
    links: Vec<MailLink>,
    /// The sheet's name with its XML escapes undone, as calamine reads it.
    unescaped_name: String,
}

/// Checks content.xml of an ODS in `bytes` and reads its cells' links; a
/// container without one, or one that cannot be read, is left to calamine
/// (with the links found before the damage).
pub(super) fn check(bytes: &[u8], limits: &Limits, name: &str) -> Result<Scan, FileError> {
    let mut scan = Scan::default();
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(scan);
    };
    let Ok(mut part) = archive.by_name("content.xml") else {
        return Ok(scan);
    };
    let mut table = Table::default();
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match part.read(&mut chunk) {
            Ok(0) | Err(_) => {
                end_table(&mut table, &mut scan);
                return Ok(scan);
            }
            Ok(n) => n,
        };
        pending.extend_from_slice(&chunk[..n]);
        let mut used = 0;
        while let Some(open) = memchr(b'<', &pending[used..]) {
            let start = used + open;
            let Some(close) = memchr(b'>', &pending[start..]) else {
                break;
            };
            let tag = &pending[start + 1..start + close];
            if let Some((_, text)) = &mut table.cell {
                *text = text.saturating_add((start - used) as u64);
            }
            used = start + close + 1;
            on_tag(tag, &mut table, &mut scan, limits, name)?;
        }
        pending.drain(..used);
        // A tag longer than a chunk is not one calamine reads either.
        if pending.len() > 4 * chunk.len() {
            let keep = pending.len() - chunk.len();
            if let Some((_, text)) = &mut table.cell {
                *text = text.saturating_add(keep as u64);
            }
            pending.drain(..keep);
        }
    }
}

fn memchr(byte: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == byte)
}

/// The sheet's links, kept under its name, when its table ends.
fn end_table(table: &mut Table, scan: &mut Scan) {
    let links = std::mem::take(&mut table.links);
    if !links.is_empty() {
        let sheet = std::mem::take(&mut table.unescaped_name);
        scan.links.push((sheet, MailLinks::new(links)));
    }
}

fn on_tag(
    tag: &[u8],
    table: &mut Table,
    scan: &mut Scan,
    limits: &Limits,
    name: &str,
) -> Result<(), FileError> {
    let text = String::from_utf8_lossy(tag);
    let (end_tag, body) = match text.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, text.as_ref()),
    };
    let local = body
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    let tag_name = if end_tag {
        format!("/{local}")
    } else {
        local.to_string()
    };
    let closed = text.ends_with('/');
    let number = |attr: &str| {
        super::workbook::tag_attribute(&text, attr)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1)
    };
    match tag_name.as_str() {
        "table:table" => {
            end_table(table, scan);
            let sheet = super::workbook::tag_attribute(&text, "table:name").unwrap_or("");
            *table = Table {
                name: sheet.to_string(),
                unescaped_name: unescaped(sheet),
                ..Table::default()
            };
        }
        "/table:table" => end_table(table, scan),
        "table:table-row" => {
            table.repeats = number("table:number-rows-repeated");
            table.col = 0;
            table.row_end = 0;
            if closed {
                end_row(table, limits, name)?;
            }
        }
        "/table:table-row" => end_row(table, limits, name)?,
        "table:table-cell" | "table:covered-table-cell" => {
            let repeats = number("table:number-columns-repeated");
            // Without a value, a type or children a cell is empty: calamine
            // does not write out empty cells after the last value.
            let has_value =
                !closed || text.contains("office:value-type") || text.contains("table:formula");
            let end = table.col.saturating_add(repeats);
            if has_value {
                if end > u64::from(limits.max_columns) {
                    let col = table.col.max(u64::from(limits.max_columns));
                    let what = format!(
                        "la hoja «{}» tiene datos en la celda {}{} (repetida {repeats} veces)",
                        table.name,
                        super::sheet::column_letters(col as usize),
                        table.row + 1
                    );
                    return Err(limits::exceeded(Limit::Columns, limits, name, &what));
                }
                table.row_end = end;
            }
            let first = table.col;
            table.col = end;
            if !closed {
                table.cell = Some((repeats, 0));
                table.cell_link = Some((first, String::new()));
            }
        }
        "office:annotation" if !closed => table.annotation = true,
        "/office:annotation" => table.annotation = false,
        // The first `mailto:` link of a cell is the cell's address.
        "text:a" if !table.annotation => {
            let href = super::workbook::tag_attribute(&text, "xlink:href").map(unescaped);
            if let (Some(href), Some((_, target)), Some((_, cell_text))) =
                (href, &mut table.cell_link, &mut table.cell)
                && target.is_empty()
                && is_mailto(&href)
            {
                // Read as "text <target>": the target and three more.
                *cell_text = cell_text.saturating_add(href.len() as u64 + 3);
                *target = href;
            }
        }
        // `<text:s text:c="N"/>` stands for N spaces in the cell's text.
        "text:s" => {
            if let Some((_, text)) = &mut table.cell {
                *text = text.saturating_add(number("text:c"));
            }
        }
        "/table:table-cell" | "/table:covered-table-cell" => {
            if let Some((repeats, text)) = table.cell.take() {
                table.row_text = table.row_text.saturating_add(text.saturating_mul(repeats));
                if let Some((first, target)) = table.cell_link.take()
                    && !target.is_empty()
                {
                    let last = first.saturating_add(repeats).saturating_sub(1);
                    table.row_links.push((first, last, target));
                }
            }
            table.annotation = false;
        }
        _ => {}
    }
    Ok(())
}

fn end_row(table: &mut Table, limits: &Limits, name: &str) -> Result<(), FileError> {
    let repeats = std::mem::replace(&mut table.repeats, 1);
    // Past the sheet's limits no cell is read: its links are left out (a
    // link's rows and columns fit in `RawRow` numbers then).
    let first_row = table.row.saturating_add(1);
    let last_row = table.row.saturating_add(repeats);
    let rows = u64::from(limits.max_rows);
    let cols = u64::from(limits.max_columns);
    for (first, last, target) in std::mem::take(&mut table.row_links) {
        if first_row <= rows && first < cols {
            table.links.push(MailLink {
                rows: (first_row as u32, last_row.min(rows) as u32),
                cols: (first as usize, last.min(cols - 1) as usize),
                target,
            });
        }
    }
    // The text of a row comes out once per repeat, like its cells.
    let row_text = std::mem::take(&mut table.row_text);
    table.text = table.text.saturating_add(row_text.saturating_mul(repeats));
    if table.text > limits.max_sheet_text_bytes() {
        return Err(limits::sheet_text_exceeded(limits, name, &table.name));
    }
    if table.row_end > 0 {
        let last = table.row.saturating_add(repeats);
        if last > u64::from(limits.max_rows) {
            let what = format!(
                "la hoja «{}» llega a la fila {last} (una fila repetida {repeats} veces)",
                table.name
            );
            return Err(limits::exceeded(Limit::Rows, limits, name, &what));
        }
        let first = *table.first_content_row.get_or_insert(table.row);
        table.last_content_row = last;
        table.width = table.width.max(table.row_end);
        let cells = (table.last_content_row - first).saturating_mul(table.width);
        if cells > limits.max_sheet_cells() {
            let what = format!(
                "la hoja «{}» tiene {cells} celdas al expandir sus filas y columnas repetidas",
                table.name
            );
            return Err(limits::exceeded(Limit::SheetCells, limits, name, &what));
        }
    }
    table.row = table.row.saturating_add(repeats);
    table.row_end = 0;
    Ok(())
}

/// An attribute's value with its XML escapes undone; one whose escapes do
/// not parse is kept as written.
fn unescaped(value: &str) -> String {
    quick_xml::escape::unescape(value).map_or_else(|_| value.to_string(), |v| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(content: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Hoja1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    const VALUE: &str = r#"office:value-type="string"><text:p>X</text:p></table:table-cell>"#;

    #[test]
    fn a_usual_sheet_with_trailing_empty_repeats_passes() {
        let rows = format!(
            r#"<table:table-row><table:table-cell {VALUE}<table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        );
        assert!(check(&ods(&table(&rows)), &Limits::default(), "a.ods").is_ok());
    }

    #[test]
    fn a_value_repeated_past_the_column_limit_is_refused_before_it_is_expanded() {
        let rows = format!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000" {VALUE}</table:table-row>"#
        );
        let e = check(&ods(&table(&rows)), &Limits::default(), "a.ods").unwrap_err();
        assert_eq!(e.code(), "LIMITE_SUPERADO");
        assert!(
            e.message.contains("ALM1 (repetida 1000000 veces)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn regression_repeated_cells_of_long_text_are_counted_before_they_are_expanded() {
        // Within the cell limit (12 million cells), but 24 GB of text.
        let long = "A".repeat(2000);
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="12" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row>"#
        );
        let e = check(&ods(&table(&rows)), &Limits::default(), "a.ods").unwrap_err();
        assert_eq!(e.code(), "LIMITE_SUPERADO");
        assert!(
            e.message
                .contains("el texto de la hoja «Hoja1» pasa de 1024 MB al expandir sus celdas"),
            "{}",
            e.message
        );
        // Spaces written as a count are counted as the spaces they are.
        let spaces = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="12" office:value-type="string"><text:p>A<text:s text:c="2000"/></text:p></table:table-cell></table:table-row>"#;
        let e = check(&ods(&table(spaces)), &Limits::default(), "a.ods").unwrap_err();
        assert!(
            e.message.contains("el texto de la hoja «Hoja1»"),
            "{}",
            e.message
        );
        // The same cells on a thousand rows are 24 MB: they pass.
        let rows = rows.replace("1000000", "1000");
        assert!(check(&ods(&table(&rows)), &Limits::default(), "a.ods").is_ok());
    }

    #[test]
    fn a_row_repeated_into_billions_of_cells_is_refused() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="900" {VALUE}</table:table-row>"#
        );
        let e = check(&ods(&table(&rows)), &Limits::default(), "a.ods").unwrap_err();
        assert!(e.message.contains("900000000 celdas"), "{}", e.message);
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="2000000"><table:table-cell {VALUE}</table:table-row>"#
        );
        let e = check(&ods(&table(&rows)), &Limits::default(), "a.ods").unwrap_err();
        assert!(
            e.message.contains("llega a la fila 2000000"),
            "{}",
            e.message
        );
    }

    fn links_of(scan: &Scan, sheet: &str) -> Vec<MailLink> {
        scan.links
            .iter()
            .find(|(n, _)| n == sheet)
            .map(|(_, l)| l.links().to_vec())
            .unwrap_or_default()
    }

    const LINK: &str = r#"office:value-type="string"><text:p><text:a xlink:href="mailto:maria.munoz@colegio.edu.co">María Muñoz</text:a></text:p></table:table-cell>"#;

    #[test]
    fn a_link_after_repeated_rows_columns_and_covered_cells_is_read_at_its_cell() {
        // Rows 1-3 repeated (empty) and row 4 with a value repeated on two
        // columns, a covered cell and three repeated empty cells: the link is
        // in column G (0 + 2 + 1 + 3) of row 5.
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="20"/></table:table-row><table:table-row><table:table-cell {VALUE}</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2" {VALUE}<table:covered-table-cell/><table:table-cell table:number-columns-repeated="3"/><table:table-cell {LINK}</table:table-row>"#
        );
        let content = table(&rows).replace("Hoja1", "Usuarios &amp; más");
        let scan = check(&ods(&content), &Limits::default(), "a.ods").unwrap();
        assert_eq!(
            links_of(&scan, "Usuarios & más"),
            [MailLink::cell(
                5,
                6,
                "mailto:maria.munoz@colegio.edu.co".into()
            )]
        );
    }

    #[test]
    fn a_link_of_a_repeated_cell_covers_its_block_and_a_comment_link_is_not_the_cells() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2" {LINK}</table:table-row><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p><text:a xlink:href="mailto:nota@x.co">nota</text:a></text:p></office:annotation><text:p>Ana</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p><text:a xlink:href="http://x.co">web</text:a></text:p></table:table-cell></table:table-row>"#
        );
        let scan = check(&ods(&table(&rows)), &Limits::default(), "a.ods").unwrap();
        assert_eq!(
            links_of(&scan, "Hoja1"),
            [MailLink {
                rows: (1, 2),
                cols: (0, 1),
                target: "mailto:maria.munoz@colegio.edu.co".into()
            }]
        );
    }

    #[test]
    fn a_link_repeated_past_the_sheet_text_limit_is_refused_before_it_is_expanded() {
        // The shown text is short; the target, a million times over, is not.
        let target = format!("mailto:{}@colegio.edu.co", "a".repeat(2000));
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1" office:value-type="string"><text:p><text:a xlink:href="{target}">A</text:a></text:p></table:table-cell></table:table-row>"#
        );
        let limits = Limits {
            max_part_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let e = check(&ods(&table(&rows)), &limits, "a.ods").unwrap_err();
        assert!(
            e.message.contains("el texto de la hoja «Hoja1»"),
            "{}",
            e.message
        );
    }
}
