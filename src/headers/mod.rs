//! Headers: find the header row (it may sit below a title and instructions)
//! and map its columns to fields, whatever the case, accents, punctuation,
//! asterisks or "(obligatorio)" notes around the names.

pub mod codes;
mod keys;
mod two_rows;

pub use keys::{ANNOTATION_KEYS, built_in_target, header_key, match_key};
use keys::{COUNTER_KEYS, target_of};

use crate::diagnostic::{Issue, quote};
use crate::error::FileError;
use crate::field::Field;
use crate::policy::{HeaderTarget, Policy};
use crate::read::sheet::{RawCell, RawRow, RawSheet, column_letters};

use crate::read::sheet::HEADER_SCAN_ROWS;
/// Fewer recognized fields than this and a row is not a header.
const MIN_FIELDS: usize = 3;

/// The header of a sheet: which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMap {
    /// Index of the header row in `RawSheet::rows` (for a header repeated
    /// further down, its index among the rows as they were read); the last
    /// of its rows for a header written over two.
    pub row_index: usize,
    /// Index of the header's first row: the row above `row_index` for a
    /// header over two rows, else `row_index`. What is above it (a title,
    /// the ticket) is not of the header.
    pub top_index: usize,
    pub row_number: u32,
    pub columns: [Option<usize>; Field::COUNT],
    pub ticket_column: Option<usize>,
    /// A column that only numbers the rows ("No.", "#", "ITEM"): a row
    /// with nothing but its number is empty.
    pub counter_column: Option<usize>,
    /// The header text of the columns that are not of the form, to name
    /// them in messages.
    pub other_columns: Vec<(usize, String)>,
    /// The columns the rejection workbook added (FILA, HOJA, its
    /// observations): what they hold is not the school's data.
    pub annotation_columns: Vec<usize>,
    /// Header problems that do not stop the file.
    pub warnings: Vec<Issue>,
}

impl HeaderMap {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field.index()]
    }

    /// The header text of a column that is not of the form.
    pub fn other_column_name(&self, col: usize) -> Option<&str> {
        self.other_columns
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, n)| n.as_str())
    }

    /// Whether a column holds what the form's own columns do not: the
    /// school's data (not a counter, not a column the rejection workbook added).
    pub fn is_school_column(&self, col: usize) -> bool {
        self.counter_column != Some(col) && !self.annotation_columns.contains(&col)
    }

    /// Whether a cell of the counter column holds just the row's counter:
    /// a whole number from 1 to below the row's own number (a counter
    /// starts under the header, so it never reaches the row number).
    pub fn is_counter(&self, col: usize, cell: &RawCell, row_number: u32) -> bool {
        if self.counter_column != Some(col) {
            return false;
        }
        let value = match cell {
            RawCell::Number(n) if n.fract() == 0.0 && *n >= 1.0 => *n,
            RawCell::Text(s) => match s.trim().parse::<u32>() {
                Ok(n) => f64::from(n),
                Err(_) => return false,
            },
            _ => return false,
        };
        value >= 1.0 && value < f64::from(row_number)
    }
}

/// A sheet chosen from a workbook and its header.
#[derive(Debug)]
pub struct Located {
    pub sheet_index: usize,
    pub header: HeaderMap,
}

/// What one candidate row maps.
struct Candidate {
    /// The header's (last) row.
    row_index: usize,
    /// Its first row: one above `row_index` for a header over two rows.
    top_index: usize,
    /// The two rows of a header over two rows, read as one.
    combined: Option<RawRow>,
    fields: usize,
    complete: bool,
}

impl Candidate {
    /// The row of titles the header is mapped from.
    fn titles<'a>(&'a self, sheet: &'a RawSheet) -> &'a RawRow {
        self.combined
            .as_ref()
            .unwrap_or(&sheet.rows[self.row_index])
    }

    /// The header mapped from its titles, with its first row.
    fn map(&self, sheet: &RawSheet, file: &str, policy: &Policy) -> Result<HeaderMap, FileError> {
        let mut header = map_row(
            self.titles(sheet),
            self.row_index,
            sheet.name.as_deref(),
            file,
            policy,
        )?;
        header.top_index = self.top_index;
        Ok(header)
    }
}

/// How many columns hold non-blank text in a row or in the row under it:
/// the most fields the row, alone or joined to the next, can name.
fn text_columns(row: &RawRow, next: Option<&RawRow>) -> usize {
    let text = |r: Option<&RawRow>, col: usize| {
        r.is_some_and(|r| matches!(r.cell(col), RawCell::Text(s) if !crate::text::is_blank(s)))
    };
    let width = row.cells.len().max(next.map_or(0, |n| n.cells.len()));
    (0..width)
        .filter(|&col| text(Some(row), col) || text(next, col))
        .count()
}

/// Which fields a row of titles names.
fn seen_fields(row: &RawRow, policy: &Policy) -> [bool; Field::COUNT] {
    let mut seen = [false; Field::COUNT];
    // Headers are text: numbers, errors and empty cells are not looked up.
    for cell in row.cells.iter().filter(|c| matches!(c, RawCell::Text(_))) {
        if let Some(HeaderTarget::Field(f)) = target_of(&header_key(&cell.display()), policy) {
            seen[f.index()] = true;
        }
    }
    seen
}

/// How many fields a row names, and whether it names every required one.
fn recognized(row: &RawRow, policy: &Policy) -> (usize, bool) {
    let seen = seen_fields(row, policy);
    let fields = seen.iter().filter(|s| **s).count();
    let complete = Field::ALL
        .iter()
        .all(|f| !f.column_required() || seen[f.index()]);
    (fields, complete)
}

/// The row (or pair of rows) among the first ones that names the most
/// fields. A pair is taken only when it names more than its upper row
/// alone: under a one-row header the next row is data, and joining data
/// to the titles only loses names.
fn best_candidate(sheet: &RawSheet, policy: &Policy) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    let rows = &sheet.rows[..sheet.rows.len().min(HEADER_SCAN_ROWS)];
    for (row_index, row) in rows.iter().enumerate() {
        // A row names at most one field per text cell, a pair of rows one
        // per column of either, and only a candidate naming more than the
        // best replaces it: under a found header the data rows are skipped
        // without looking each cell up (that search was a quarter of the
        // run of a 30-row form).
        let most = best.as_ref().map_or(0, |b| b.fields);
        let next = rows.get(row_index + 1);
        if most > 0 && text_columns(row, next) <= most {
            continue;
        }
        let (fields, complete) = recognized(row, policy);
        let mut candidate = Candidate {
            row_index,
            top_index: row_index,
            combined: None,
            fields,
            complete,
        };
        if let Some(combined) = rows
            .get(row_index + 1)
            .and_then(|sub| two_rows::combine(row, sub, policy))
        {
            let (pair_fields, pair_complete) = recognized(&combined, policy);
            if pair_fields > fields {
                candidate = Candidate {
                    row_index: row_index + 1,
                    top_index: row_index,
                    combined: Some(combined),
                    fields: pair_fields,
                    complete: pair_complete,
                };
            }
        }
        if candidate.fields >= MIN_FIELDS
            && best.as_ref().is_none_or(|b| candidate.fields > b.fields)
        {
            best = Some(candidate);
        }
    }
    best
}

/// A row among the data that is itself the form's header (the same
/// recognition as the header search: enough fields, every required one),
/// mapped; `Ok(None)` for an ordinary row. A row that names enough fields
/// but not every required one is an error: the rows below it follow some
/// other order of columns that cannot be known, and reading them with the
/// current one would put values in the wrong fields. An ordinary row is
/// told apart without looking anything up: under the current header, a
/// header's document and e-mail cells hold column names, never digits or
/// an `@`.
pub fn header_in_data(
    row: &RawRow,
    row_index: usize,
    current: &HeaderMap,
    at: RowPlace<'_>,
    policy: &Policy,
) -> Result<Option<HeaderMap>, FileError> {
    let looks_like_a_name = |field: Field| match current.column(field).map(|c| row.cell(c)) {
        None | Some(RawCell::Empty) => true,
        Some(RawCell::Text(s)) => !s.bytes().any(|b| b.is_ascii_digit() || b == b'@'),
        Some(RawCell::Number(_) | RawCell::Error(_)) => false,
    };
    if !looks_like_a_name(Field::NumeroDocumento) || !looks_like_a_name(Field::Correo) {
        return Ok(None);
    }
    let text_cells = row
        .cells
        .iter()
        .filter(|c| matches!(c, RawCell::Text(s) if !crate::text::is_blank(s)))
        .count();
    if text_cells < MIN_FIELDS {
        return Ok(None);
    }
    let (fields, complete) = recognized(row, policy);
    if fields < MIN_FIELDS {
        return Ok(None);
    }
    match map_row(row, row_index, at.sheet, at.file, policy) {
        Ok(header) if complete => Ok(Some(header)),
        _ => Err(incomplete_repeat(row, at, policy)),
    }
}

/// Where a row is, for messages: the file and, in a workbook, the sheet.
#[derive(Debug, Clone, Copy)]
pub struct RowPlace<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
}

/// The error of a row among the data that repeats the header without
/// every required column.
fn incomplete_repeat(row: &RawRow, at: RowPlace<'_>, policy: &Policy) -> FileError {
    let seen = seen_fields(row, policy);
    let missing: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.column_required() && !seen[f.index()])
        .map(|f| f.header())
        .collect();
    let sheet = at
        .sheet
        .map(|n| format!(", hoja «{n}»"))
        .unwrap_or_default();
    FileError::new(
        &codes::COLUMNAS_FALTANTES,
        format!(
            "En {}{sheet}, la fila {} parece repetir el encabezado, pero sin {}: las filas de abajo no se pueden leer con seguridad (no se sabe en qué columna está cada dato) y no se validó ninguna fila del archivo. Columnas encontradas en esa fila: {}.",
            at.file,
            row.number,
            missing.join(", "),
            header_cells(row).join(", ")
        ),
    )
    .with_help(format!(
        "Corrija la fila {} para que tenga los nombres de todas las columnas del formato en el orden de las filas de abajo (o bórrela si esas filas siguen el orden del primer encabezado), y valide de nuevo.",
        row.number
    ))
}

/// The non-blank cells of a header row, quoted with their place: «CARGO» (J1).
fn header_cells(row: &RawRow) -> Vec<String> {
    row.cells
        .iter()
        .enumerate()
        .filter_map(|(col, cell)| {
            let text = cell.display();
            (!crate::text::is_blank(&text)).then(|| {
                format!(
                    "{} ({}{})",
                    quote(text.trim()),
                    column_letters(col),
                    row.number
                )
            })
        })
        .collect()
}

/// Picks the sheets and their header rows: every sheet whose header has
/// every required column is validated. A sheet that looks like the form
/// but misses required columns stops the file when it has rows below its
/// header (its people would be lost), and is only a warning when it has
/// none. Without any complete sheet, the first recognizable header fails
/// for its missing columns.
pub fn locate(sheets: &[RawSheet], file: &str, policy: &Policy) -> Result<Vec<Located>, FileError> {
    // A hidden sheet is read only to warn about it: it is validated only
    // when `--hoja` names it, and then it is not marked hidden.
    let candidates: Vec<(usize, Candidate)> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.hidden)
        .filter_map(|(i, s)| best_candidate(s, policy).map(|c| (i, c)))
        .collect();
    let Some((first_index, first)) = candidates.first() else {
        return Err(no_header(sheets, file, policy));
    };
    if candidates.iter().all(|(_, c)| !c.complete) {
        let header = first.map(&sheets[*first_index], file, policy)?;
        return Ok(vec![Located {
            sheet_index: *first_index,
            header,
        }]);
    }
    let mut located: Vec<Located> = Vec::new();
    let mut skipped = Vec::new();
    for (i, candidate) in &candidates {
        let sheet = &sheets[*i];
        match candidate.map(sheet, file, policy) {
            Ok(header) => located.push(Located {
                sheet_index: *i,
                header,
            }),
            Err(e) if has_rows_below(sheet, candidate.row_index) => {
                return Err(e.with_help(format!(
                    "La hoja «{}» parece un formato con personas, pero no se puede leer sin esas columnas y sus filas se perderían. Corrija su encabezado, o si esa hoja sobra, bórrela o valide solo la buena con --hoja.",
                    sheet.name.as_deref().unwrap_or("")
                )));
            }
            Err(_) => skipped.push(sheet.name.as_deref().unwrap_or("")),
        }
    }
    // A complete candidate always maps, so `located` has a first sheet; the
    // warnings go with it.
    let Some(first) = located.first_mut() else {
        return Err(no_header(sheets, file, policy));
    };
    for name in skipped {
        first.header.warnings.push(
            codes::OTRA_HOJA_CON_FORMATO
                .issue(
                    None,
                    format!(
                        "La hoja «{name}» parece un formato de creación de usuarios pero le faltan columnas obligatorias y no tiene filas con datos; no se validó."
                    ),
                )
                .with_help("Si esa hoja sobra, bórrela; si debía tener personas, complete su encabezado y diligénciela."),
        );
    }
    Ok(located)
}

/// Whether a sheet has a non-blank row under its header (rows not read
/// yet count as having data).
fn has_rows_below(sheet: &RawSheet, header_index: usize) -> bool {
    sheet.rest.is_some()
        || sheet.rows[header_index + 1..]
            .iter()
            .any(|r| r.cells.iter().any(|c| !c.is_blank()))
}

fn map_row(
    row: &RawRow,
    row_index: usize,
    sheet_name: Option<&str>,
    file: &str,
    policy: &Policy,
) -> Result<HeaderMap, FileError> {
    let mut columns = [None; Field::COUNT];
    let mut ticket_column = None;
    let mut counter_column = None;
    let mut other_columns = Vec::new();
    let mut annotation_columns = Vec::new();
    let mut warnings = Vec::new();
    let mut found = Vec::new();
    for (col, cell) in row.cells.iter().enumerate() {
        let text = cell.display();
        if crate::text::is_blank(&text) {
            continue;
        }
        let cell_ref = format!("{}{}", column_letters(col), row.number);
        found.push(format!("{} ({cell_ref})", quote(text.trim())));
        let key = header_key(&text);
        match target_of(&key, policy) {
            Some(HeaderTarget::Field(f)) if columns[f.index()].is_none() => {
                columns[f.index()] = Some(col)
            }
            Some(HeaderTarget::Ticket) if ticket_column.is_none() => ticket_column = Some(col),
            Some(_) => {
                other_columns.push((col, text.trim().to_string()));
                warnings.push(codes::COLUMNA_REPETIDA.issue(
                    None,
                    format!(
                        "La columna {} ({cell_ref}) repite un campo que ya tiene columna; se ignora.",
                        quote(text.trim())
                    ),
                ))
            }
            None => {
                other_columns.push((col, text.trim().to_string()));
                // A column that numbers the rows is no data to lose: no warning.
                if counter_column.is_none() && COUNTER_KEYS.contains(&key.as_str()) {
                    counter_column = Some(col);
                    continue;
                }
                if ANNOTATION_KEYS.contains(&key.as_str()) {
                    annotation_columns.push(col);
                    continue;
                }
                warnings.push(codes::COLUMNA_DESCONOCIDA.issue(
                    None,
                    format!(
                        "La columna {} ({cell_ref}) no es del formato; se ignora.",
                        quote(text.trim())
                    ),
                ))
            }
        }
    }
    let missing: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.column_required() && columns[f.index()].is_none())
        .map(|f| f.header())
        .collect();
    if !missing.is_empty() {
        let sheet_name = sheet_name
            .map(|n| format!(", hoja «{n}»"))
            .unwrap_or_default();
        return Err(FileError::new(
            &codes::COLUMNAS_FALTANTES,
            format!(
                "En {file}{sheet_name}, al encabezado de la fila {} le faltan columnas obligatorias: {}. Columnas encontradas: {}.",
                row.number,
                missing.join(", "),
                found.join(", ")
            ),
        )
        .with_help("Use el formato oficial de creación de usuarios o agregue las columnas que faltan con esos nombres."));
    }
    for field in Field::ALL
        .iter()
        .filter(|f| !f.column_required() && columns[f.index()].is_none())
    {
        warnings.push(codes::COLUMNA_OPCIONAL_AUSENTE.issue(
            Some(*field),
            format!(
                "El formato no tiene la columna {}; sus valores cuentan como vacíos.",
                field.header()
            ),
        ));
    }
    Ok(HeaderMap {
        row_index,
        top_index: row_index,
        row_number: row.number,
        columns,
        ticket_column,
        counter_column,
        other_columns,
        annotation_columns,
        warnings,
    })
}

fn no_header(sheets: &[RawSheet], file: &str, policy: &Policy) -> FileError {
    let names: Vec<String> = sheets
        .iter()
        .filter(|s| !s.hidden)
        .filter_map(|s| s.name.as_ref().map(|n| quote(n)))
        .collect();
    let hidden_form = sheets
        .iter()
        .filter(|s| s.hidden && best_candidate(s, policy).is_some())
        .find_map(|s| s.name.as_deref());
    let where_ = if names.is_empty() {
        format!("las primeras {HEADER_SCAN_ROWS} filas")
    } else {
        format!(
            "las primeras {HEADER_SCAN_ROWS} filas de las hojas {}",
            names.join(", ")
        )
    };
    FileError::new(
        &codes::ENCABEZADO_NO_ENCONTRADO,
        format!(
            "No se encontró el encabezado del formato de creación de usuarios en {file}: se buscó en {where_} una fila con columnas como PRIMER NOMBRE, PRIMER APELLIDO, NUMERO DE DOCUMENTO, PERFIL, CORREO ELECTRONICO."
        ),
    )
    .with_help(match hidden_form {
        Some(name) => format!(
            "La hoja oculta «{name}» tiene el encabezado del formato: si es la correcta, valide con --hoja \"{name}\"."
        ),
        None => "Verifique que es el formato de creación de usuarios de SIGCE; si no lo es, pida que lo diligencien en el formato oficial.".to_string(),
    })
}

#[cfg(test)]
mod tests;
