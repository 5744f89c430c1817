//! Cells into rows, checked against the limits as they come: XLSX and XLSB
//! cell by cell, the formats read whole (XLS, ODS) through calamine's range,
//! and calamine's values as raw cells.

use calamine::{Data, DataRef, Range, Xlsb, Xlsx};

use super::{Bytes, Failure};
use crate::error::FileError;
use crate::limits::{self, Limit, Limits};
use crate::read::sheet::{RawCell, RawRow};

/// Reads an XLSX sheet cell by cell and hands over each row once its last
/// cell is read, refusing the sheet at the first cell past a limit. `emit`
/// returns whether to go on. Cells out of row order (hand-made files) stop
/// it with `Failure::Unordered`: rows already handed over would be
/// incomplete, so the caller reads the sheet whole instead.
pub(super) fn each_xlsx_row(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
    mut emit: impl FnMut(RawRow) -> bool,
) -> Result<(), Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    // Rows are as wide as the previous one, usually: one allocation per row.
    let mut width = 0;
    let mut current: Option<RawRow> = None;
    let mut text = SheetText::new(limits);
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| Failure::Read(e.to_string()))?
    {
        let (row, col) = cell.pos;
        let value = cell_of_ref(&cell.value);
        if value.is_blank() {
            uncalculated(&cell, name, sheet)?;
            continue;
        }
        check_cell(row, col, &value, limits, name)?;
        text.add(&value, limits, name, sheet)?;
        let number = row + 1;
        match &mut current {
            Some(open) if open.number == number => set_cell(open, col as usize, value),
            Some(open) if open.number > number => return Err(Failure::Unordered),
            _ => {
                if let Some(done) = current.take() {
                    width = width.max(done.cells.len());
                    if !emit(done) {
                        return Ok(());
                    }
                }
                let mut new = RawRow {
                    number,
                    cells: Vec::with_capacity(width.max(col as usize + 1)),
                };
                set_cell(&mut new, col as usize, value);
                current = Some(new);
            }
        }
    }
    if let Some(done) = current {
        emit(done);
    }
    Ok(())
}

/// Bytes of text of the cells of one sheet read so far: a small XLSX
/// whose million cells all point at one long shared string is gigabytes of
/// text once read. Past `Limits::max_sheet_text_bytes` the sheet is refused.
struct SheetText {
    bytes: u64,
    max: u64,
}

impl SheetText {
    fn new(limits: &Limits) -> Self {
        SheetText {
            bytes: 0,
            max: limits.max_sheet_text_bytes(),
        }
    }

    #[inline]
    fn add(
        &mut self,
        value: &RawCell,
        limits: &Limits,
        name: &str,
        sheet: &str,
    ) -> Result<(), Failure> {
        if let RawCell::Text(t) = value {
            self.bytes += t.len() as u64;
            if self.bytes > self.max {
                return Err(Failure::Limit(limits::sheet_text_exceeded(
                    limits, name, sheet,
                )));
            }
        }
        Ok(())
    }
}

/// A cell against the limits, before it is kept.
fn check_cell(
    row: u32,
    col: u32,
    value: &RawCell,
    limits: &Limits,
    name: &str,
) -> Result<(), Failure> {
    let at = || {
        format!(
            "{}{}",
            crate::read::sheet::column_letters(col as usize),
            row as u64 + 1
        )
    };
    if row >= limits.max_rows {
        let what = format!("tiene datos en la celda {}", at());
        return Err(Failure::Limit(limits::exceeded(
            Limit::Rows,
            limits,
            name,
            &what,
        )));
    }
    if col >= limits.max_columns {
        let what = format!("tiene datos en la celda {}", at());
        return Err(Failure::Limit(limits::exceeded(
            Limit::Columns,
            limits,
            name,
            &what,
        )));
    }
    if let RawCell::Text(text) = value
        && text.len() > limits.max_cell_chars
        && text.chars().count() > limits.max_cell_chars
    {
        let what = format!(
            "la celda {} tiene {} caracteres",
            at(),
            text.chars().count()
        );
        return Err(Failure::Limit(limits::exceeded(
            Limit::CellChars,
            limits,
            name,
            &what,
        )));
    }
    Ok(())
}

/// The whole sheet at once, in row order whatever the order of its cells.
pub(super) fn xlsx_rows(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut rows = Vec::new();
    match each_xlsx_row(book, sheet, limits, name, |row| {
        rows.push(row);
        true
    }) {
        Ok(()) => Ok(rows),
        Err(Failure::Unordered) => sorted_rows(book, sheet, limits, name),
        Err(other) => Err(other),
    }
}

/// A sheet whose cells are out of row order: every cell is gathered, then
/// rows are put in order and the pieces of each row joined.
pub(super) fn sorted_rows(
    book: &mut Xlsx<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    gathered_rows(
        || {
            let cell = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| Failure::Read(e.to_string()))?;
            let Some(cell) = cell else {
                return Ok(None);
            };
            uncalculated(&cell, name, sheet)?;
            Ok(Some((cell.pos, cell_of_ref(&cell.value))))
        },
        limits,
        name,
        sheet,
    )
}

/// A formula cell without a stored result (`<c><f>A2</f></c>`, or an
/// empty `<v>`): files written by scripts leave formulas uncalculated, and
/// read as empty the cell would make its row lose a value or vanish. A
/// cached empty text (`t="str"` with an empty `<v>`, Excel's result of
/// `=""`) is a result, read as text, and passes.
fn uncalculated(
    cell: &calamine::XlsxCellFormulaMetadataRecord<'_>,
    name: &str,
    sheet: &str,
) -> Result<(), Failure> {
    if cell.formula.is_none() || !matches!(cell.value, DataRef::Empty) {
        return Ok(());
    }
    let (row, col) = cell.pos;
    let at = format!(
        "{}{}",
        crate::read::sheet::column_letters(col as usize),
        row as u64 + 1
    );
    let formula = match &cell.formula {
        Some(calamine::XlsxFormulaMetadata::Normal { formula })
        | Some(calamine::XlsxFormulaMetadata::Shared { formula, .. }) => {
            let short: String = formula.chars().take(60).collect();
            format!(" (={short})")
        }
        _ => String::new(),
    };
    Err(Failure::Limit(
        FileError::new(
            &crate::read::codes::FORMULAS_SIN_CALCULAR,
            format!(
                "El archivo {name} tiene fórmulas guardadas sin su resultado: la celda {at}{formula} de la hoja «{sheet}» no tiene valor calculado, y leída así parecería vacía."
            ),
        )
        .with_help(
            "Ábralo en Excel o LibreOffice y guárdelo de nuevo: así se calculan las fórmulas. Luego valídelo otra vez.",
        ),
    ))
}

/// An XLSB sheet read cell by cell, like XLSX: calamine's whole-sheet
/// range is dense, so one cell in XFD1048576 asked for 512 GB.
pub(super) fn xlsb_rows(
    book: &mut Xlsb<Bytes>,
    sheet: &str,
    limits: &Limits,
    name: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| Failure::Read(e.to_string()))?;
    gathered_rows(
        || {
            let cell = reader
                .next_cell()
                .map_err(|e| Failure::Read(e.to_string()))?;
            Ok(cell.map(|c| (c.get_position(), cell_of_ref(c.get_value()))))
        },
        limits,
        name,
        sheet,
    )
}

/// The cells `next` hands over, each checked against the limits as it
/// comes, put in row order and joined into rows.
fn gathered_rows(
    mut next: impl FnMut() -> Result<Option<((u32, u32), RawCell)>, Failure>,
    limits: &Limits,
    name: &str,
    sheet: &str,
) -> Result<Vec<RawRow>, Failure> {
    let mut cells = Vec::new();
    let mut text = SheetText::new(limits);
    while let Some(((row, col), value)) = next()? {
        if !value.is_blank() {
            check_cell(row, col, &value, limits, name)?;
            text.add(&value, limits, name, sheet)?;
            cells.push((row, col, value));
        }
    }
    cells.sort_by_key(|(row, col, _)| (*row, *col));
    let mut rows: Vec<RawRow> = Vec::new();
    for (row, col, value) in cells {
        match rows.last_mut() {
            Some(last) if last.number == row + 1 => set_cell(last, col as usize, value),
            _ => {
                let mut new = RawRow {
                    number: row + 1,
                    cells: Vec::new(),
                };
                set_cell(&mut new, col as usize, value);
                rows.push(new);
            }
        }
    }
    Ok(rows)
}

fn set_cell(row: &mut RawRow, col: usize, value: RawCell) {
    if row.cells.len() <= col {
        row.cells.resize(col + 1, RawCell::Empty);
    }
    row.cells[col] = value;
}

/// For formats read whole (XLS, XLSB, ODS): the sheet's size and cells
/// against the limits, before the rows are built.
pub(super) fn check_range(
    range: &Range<Data>,
    limits: &Limits,
    name: &str,
    sheet: &str,
) -> Result<(), FileError> {
    let Some((start_row, start_col)) = range.start() else {
        return Ok(());
    };
    let (end_row, end_col) = range.end().unwrap_or((start_row, start_col));
    if end_row >= limits.max_rows {
        let what = format!("llega a la fila {}", end_row as u64 + 1);
        return Err(limits::exceeded(Limit::Rows, limits, name, &what));
    }
    if end_col >= limits.max_columns {
        let what = format!(
            "llega a la columna {}",
            crate::read::sheet::column_letters(end_col as usize)
        );
        return Err(limits::exceeded(Limit::Columns, limits, name, &what));
    }
    // The rows built from the range copy its text once more.
    let mut text: u64 = 0;
    let max_text = limits.max_sheet_text_bytes();
    for cell in range.used_cells() {
        if let (_, _, Data::String(s)) = cell {
            text += s.len() as u64;
            if text > max_text {
                return Err(limits::sheet_text_exceeded(limits, name, sheet));
            }
        }
        if let (r, c, Data::String(s)) = cell
            && s.chars().count() > limits.max_cell_chars
        {
            let at = format!(
                "{}{}",
                crate::read::sheet::column_letters(start_col as usize + c),
                start_row as usize + r + 1
            );
            let what = format!("la celda {at} tiene {} caracteres", s.chars().count());
            return Err(limits::exceeded(Limit::CellChars, limits, name, &what));
        }
    }
    Ok(())
}

/// Non-empty rows with their absolute row numbers and column positions.
pub(super) fn rows_of(range: &Range<Data>) -> Vec<RawRow> {
    let Some((start_row, start_col)) = range.start() else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        let mut row = vec![RawCell::Empty; start_col as usize];
        row.extend(cells.iter().map(cell));
        while matches!(row.last(), Some(RawCell::Empty)) {
            row.pop();
        }
        rows.push(RawRow {
            number: start_row + i as u32 + 1,
            cells: row,
        });
    }
    rows
}

fn cell(data: &Data) -> RawCell {
    match data {
        Data::Empty => RawCell::Empty,
        Data::String(s) => RawCell::Text(s.clone()),
        Data::Int(i) => RawCell::Number(*i as f64),
        Data::Float(f) => RawCell::Number(*f),
        Data::Bool(b) => RawCell::Text(if *b { "VERDADERO" } else { "FALSO" }.to_string()),
        Data::Error(e) => RawCell::Error(e.to_string()),
        other => RawCell::Text(other.to_string()),
    }
}

fn cell_of_ref(data: &DataRef<'_>) -> RawCell {
    match data {
        DataRef::Empty => RawCell::Empty,
        DataRef::SharedString(s) => RawCell::Text((*s).to_string()),
        DataRef::String(s) => RawCell::Text(s.clone()),
        DataRef::Int(i) => RawCell::Number(*i as f64),
        DataRef::Float(f) => RawCell::Number(*f),
        DataRef::Bool(b) => RawCell::Text(if *b { "VERDADERO" } else { "FALSO" }.to_string()),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
        DataRef::DateTime(d) => RawCell::Text(d.to_string()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawCell::Text(s.clone()),
    }
}
