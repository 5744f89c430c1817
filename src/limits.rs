//! Limits on what a file may make the tool read, checked before the memory is
//! spent: a form is a few hundred rows, and a file far past these limits is
//! damaged or hostile (a zip bomb, a sheet with a cell in column XFD, a
//! 100 MB cell). Each limit has a flag to raise it.

use crate::diagnostic::{RuleDoc, RuleMeta, Scope, Severity};
use crate::error::FileError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one decompressed part of a workbook, of all its parts
    /// together, or of a whole CSV.
    pub max_part_bytes: u64,
    /// Rows of a sheet (Excel's own maximum by default).
    pub max_rows: u32,
    /// Columns of a sheet that may hold values.
    pub max_columns: u32,
    /// Characters of one cell (Excel's own maximum by default).
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part_bytes: 1024 * 1024 * 1024,
            max_rows: 1_048_576,
            max_columns: 1_000,
            max_cell_chars: 32_767,
        }
    }
}

/// Which limit a file went past.
impl Limits {
    /// Bytes of a decompressed part that holds no cells (styles, themes,
    /// drawings...): an eighth of the part limit. Real ones are a few MB at
    /// most, and calamine keeps several times their size in memory.
    pub fn max_other_part_bytes(&self) -> u64 {
        (self.max_part_bytes / 8).max(1024 * 1024)
    }

    /// Cells of an ODS sheet as calamine expands its repeated rows and
    /// columns into a dense range: 20 per row of the row limit (a form has
    /// 12 to 15 columns), about 1 GB in calamine at the default.
    pub fn max_sheet_cells(&self) -> u64 {
        u64::from(self.max_rows).saturating_mul(20)
    }

    /// Bytes of text of one sheet once its cells are read: repeated ODS
    /// cells and XLSX cells that all point at one shared string stand for
    /// gigabytes of text in a small file. The part limit, since that text
    /// is what the sheet decompresses to; and at most a quarter of the
    /// memory budget, since the rows, their values and the outputs hold
    /// that text more than once: past the budget the whole run would stop.
    pub fn max_sheet_text_bytes(&self) -> u64 {
        match memory_share() {
            Some(share) => self.max_part_bytes.min(share),
            None => self.max_part_bytes,
        }
    }

    /// Fields of one CSV record, empty or not, before its cells are made:
    /// ten times the column limit, so a row with trailing empty cells that
    /// a spreadsheet added still passes.
    pub fn max_record_fields(&self) -> usize {
        (self.max_columns as usize).saturating_mul(10).max(16_384)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    PartBytes,
    /// A part that holds no cells (`Limits::max_other_part_bytes`).
    OtherPartBytes,
    /// The memory budget of the process (`crate::memory`).
    Memory,
    /// Cells of a sheet read whole (`Limits::max_sheet_cells`).
    SheetCells,
    Rows,
    Columns,
    CellChars,
}

impl Limit {
    fn describe(self, limits: &Limits) -> (String, &'static str) {
        match self {
            Limit::PartBytes => (
                format!(
                    "tamaño descomprimido máximo ({} MB)",
                    limits.max_part_bytes / (1024 * 1024)
                ),
                "--limite-mb",
            ),
            Limit::OtherPartBytes => (
                format!(
                    "tamaño descomprimido máximo de una parte sin celdas ({} MB, la octava parte de --limite-mb)",
                    limits.max_other_part_bytes() / (1024 * 1024)
                ),
                "--limite-mb",
            ),
            Limit::Memory => (
                format!("memoria máxima ({} MB)", crate::memory::budget_mb()),
                "--limite-memoria-mb",
            ),
            Limit::SheetCells => (
                format!(
                    "celdas máximas de una hoja ({}, 20 por cada fila de --limite-filas)",
                    limits.max_sheet_cells()
                ),
                "--limite-filas",
            ),
            Limit::Rows => (
                format!("filas máximas ({})", limits.max_rows),
                "--limite-filas",
            ),
            Limit::Columns => (
                format!("columnas máximas ({})", limits.max_columns),
                "--limite-columnas",
            ),
            Limit::CellChars => (
                format!("caracteres máximos por celda ({})", limits.max_cell_chars),
                "--limite-celda",
            ),
        }
    }
}

/// The file-level error for a file past a limit: which limit, where, and the flag.
pub fn exceeded(limit: Limit, limits: &Limits, file: &str, what: &str) -> FileError {
    let (name, flag) = limit.describe(limits);
    FileError::new(
        &LIMITE_SUPERADO,
        format!("El archivo {file} supera el límite de {name}: {what}. No se procesó, para no agotar la memoria del equipo."),
    )
    .with_help(format!(
        "Un formato de creación de usuarios no llega a ese tamaño: el archivo puede estar dañado o no ser un formato. Si de verdad lo es, valide con {flag} y un valor mayor."
    ))
}

/// A quarter of the memory budget, in bytes (`None` without a budget).
fn memory_share() -> Option<u64> {
    let mb = crate::memory::budget_mb() as u64;
    (mb > 0).then(|| mb * 1024 * 1024 / 4)
}

/// The error for a sheet whose text, as its cells are read, passes
/// `Limits::max_sheet_text_bytes`: the decompressed-size limit, or the
/// memory budget when its share is the smaller.
pub fn sheet_text_exceeded(limits: &Limits, file: &str, sheet: &str) -> FileError {
    let max_mb = limits.max_sheet_text_bytes() / (1024 * 1024);
    let what = format!("el texto de la hoja «{sheet}» pasa de {max_mb} MB al expandir sus celdas");
    match memory_share() {
        Some(share) if share < limits.max_part_bytes => exceeded(
            Limit::Memory,
            limits,
            file,
            &format!("{what} (la cuarta parte de la memoria máxima)"),
        ),
        _ => exceeded(Limit::PartBytes, limits, file, &what),
    }
}

pub static LIMITE_SUPERADO: RuleMeta = RuleMeta::new(
    "LIMITE_SUPERADO",
    Severity::Error,
    Scope::File,
    None,
    "El archivo supera un límite de tamaño (parte descomprimida, filas, columnas o caracteres por celda).",
    RuleDoc {
        why: "Un formato de creación de usuarios tiene unas cuantas filas. Un archivo que se descomprime a gigabytes, con celdas en la columna XFD o una celda de 100 MB está dañado o busca agotar la memoria del equipo; se rechaza antes de leerlo.",
        bad: "un .xlsx de 1 MB que se descomprime a 5 GB",
        good: "un .xlsx de unos KB con el formato diligenciado",
        todo: "Pida el archivo de nuevo; si de verdad es un formato tan grande, valide con la opción que indica el mensaje (--limite-mb, --limite-filas, --limite-columnas o --limite-celda).",
    },
);
