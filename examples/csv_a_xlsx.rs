//! Writes a CSV form (as bench/gen_forms.py makes them) as an XLSX workbook,
//! the way a school's spreadsheet holds it: the header in the first row and
//! every cell as text (ids typed as text, as the generator writes them), in
//! constant memory so a million rows need no more than a hundred.
//!
//! cargo run --release --example csv_a_xlsx -- ENTRADA.csv SALIDA.xlsx

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("uso: csv_a_xlsx ENTRADA.csv SALIDA.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(input)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    while reader.read_record(&mut record)? {
        for (col, value) in record.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(row, col as u16, value)?;
            }
        }
        row += 1;
    }
    book.save(output)?;
    Ok(())
}
