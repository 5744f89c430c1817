//! The floors of the benchmark: the least any validator must do with a file.
//!
//! piso xlsx ENTRADA SALIDA: calamine streams every cell of the first sheet and
//!   rust_xlsxwriter (constant memory) writes the same rows back as strings.
//! piso csv ENTRADA SALIDA: the csv crate reads every record and writes it back
//!   (';' or ',' as the first line uses, as sigce's reader tells them).

use std::io::BufWriter;

use calamine::{Reader, Xlsx, open_workbook};
use rust_xlsxwriter::Workbook;

fn xlsx(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut book: Xlsx<_> = open_workbook(input)?;
    let sheet = book.sheet_names().first().cloned().ok_or("sin hojas")?;
    let mut out = Workbook::new();
    let target = out.add_worksheet_with_constant_memory()?;
    let mut reader = book.worksheet_cells_reader(&sheet)?;
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let value = calamine::Data::from(cell.get_value().clone()).to_string();
        target.write_string(row, col as u16, value)?;
    }
    drop(reader);
    out.save(output)?;
    Ok(())
}

fn csv(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(std::fs::File::open(input)?),
        &mut first,
    )?;
    let delimiter = if first.matches(';').count() >= first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_path(input)?;
    let mut writer = csv::Writer::from_writer(BufWriter::new(std::fs::File::create(output)?));
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2), args.get(3)) {
        (Some("xlsx"), Some(i), Some(o)) => xlsx(i, o),
        (Some("csv"), Some(i), Some(o)) => csv(i, o),
        _ => Err("uso: piso xlsx|csv ENTRADA SALIDA".into()),
    }
}
