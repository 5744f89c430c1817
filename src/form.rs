//! A form after header mapping, normalization and the row rules: the
//! pipeline from raw sheets to checked rows for one input file. A form is
//! every visible sheet that holds it, each cut into sections where a header
//! is repeated among its rows; each row knows the section (sheet and
//! header) it was read with, so its cells are named in their own sheet.

use crate::diagnostic::{Issue, Severity, quote};
use crate::error::FileError;
use crate::field::Field;
use crate::headers::{self, HeaderMap, Located};
use crate::normalize::NormalizedRow;
use crate::policy::HeaderTarget;
use crate::policy::Settings;
use crate::read::sheet::{CellRef, RawCell, RawRow, RawSheet, SourceKind};
use crate::rules::{self, fila};
use crate::ticket;

/// Whether a row goes to the clean file or back to the school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone)]
pub struct CheckedRow {
    pub row: NormalizedRow,
    pub issues: Vec<Issue>,
    pub status: RowStatus,
    /// Index in `Form::sections` of the sheet and header the row was read with.
    pub section: usize,
}

impl CheckedRow {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity() == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        if severity == Severity::Fix {
            return self.row.fix_count();
        }
        self.issues
            .iter()
            .filter(|i| i.severity() == severity)
            .count()
    }
}

/// Rows read with one header: a sheet from its header down, or from a
/// header repeated among its rows down to the next one.
#[derive(Debug, Clone)]
pub struct Section {
    /// Sheet name; `None` for CSV.
    pub sheet: Option<String>,
    pub header: HeaderMap,
}

/// One readable form: every visible sheet of a workbook that holds it.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: SourceKind,
    /// At least one; a row's `section` says which it was read with.
    pub sections: Vec<Section>,
    pub ticket: Option<String>,
    /// File-level warnings (header, ticket, other sheets).
    pub warnings: Vec<Issue>,
    pub rows: Vec<CheckedRow>,
}

impl Form {
    /// The sheets validated, in workbook order (none for CSV).
    pub fn sheets(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for name in self.sections.iter().filter_map(|s| s.sheet.as_deref()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Whether rows come from more than one sheet, so places must name it.
    pub fn has_many_sheets(&self) -> bool {
        // A sheet's sections follow each other: first and last tell, in
        // constant time (this is asked for every row).
        match (self.sections.first(), self.sections.last()) {
            (Some(first), Some(last)) => first.sheet != last.sheet,
            _ => false,
        }
    }

    /// The section a row was read with.
    pub fn section_of(&self, row: &CheckedRow) -> &Section {
        &self.sections[row.section.min(self.sections.len() - 1)]
    }

    /// The sheet a row is in, when the form has more than one.
    pub fn sheet_of(&self, row: &CheckedRow) -> Option<&str> {
        if !self.has_many_sheets() {
            return None;
        }
        self.section_of(row).sheet.as_deref()
    }

    /// " (hoja «Copia»)" after a row's number when the form has more than
    /// one sheet; empty otherwise.
    pub fn sheet_note(&self, row: &CheckedRow) -> String {
        self.sheet_of(row)
            .map(|s| format!(" (hoja «{s}»)"))
            .unwrap_or_default()
    }

    /// The cell a field's issue points at, when the row's header has that column.
    pub fn cell_of(&self, row: &CheckedRow, field: Option<Field>) -> Option<CellRef> {
        let col = self.section_of(row).header.column(field?)?;
        Some(CellRef {
            row: row.row.number,
            col,
        })
    }

    /// Where an issue about `field` is, for people: "I9 CODIGO DANE", or the
    /// field alone when the form has no such column; `None` for the whole row.
    pub fn place_of(&self, row: &CheckedRow, field: Option<Field>) -> Option<String> {
        let field = field?;
        Some(match self.cell_of(row, Some(field)) {
            Some(cell) => format!("{cell} {}", field.header()),
            None => field.header().to_string(),
        })
    }

    pub fn accepted(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Accepted)
    }

    pub fn rejected(&self) -> impl Iterator<Item = &CheckedRow> {
        self.rows.iter().filter(|r| r.status == RowStatus::Rejected)
    }
}

/// What `build` needs besides the sheets.
pub struct BuildOptions<'a> {
    pub rules: Settings,
    pub ticket: Option<&'a str>,
    /// The input's file name without extension, for a ticket in the name.
    pub file_stem: Option<&'a str>,
    /// How messages name the file.
    pub file: &'a str,
}

/// Headers → ticket → normalize → row rules, for one file's sheets: every
/// sheet that holds the form, in workbook order, into one list of rows.
pub fn build(sheets: Vec<RawSheet>, opts: &BuildOptions<'_>) -> Result<Form, FileError> {
    let located = headers::locate(&sheets, opts.file, opts.rules.policy)?;
    // A workbook read on serves the rows of one sheet past its first ones:
    // with more, the caller reads the workbook whole and builds again.
    let read_on = located
        .iter()
        .filter(|l| sheets[l.sheet_index].rest.is_some() && !sheets[l.sheet_index].kind.is_csv())
        .count();
    if read_on > 1 {
        let mut e = FileError::new(
            &crate::read::codes::ARCHIVO_DANADO,
            format!(
                "El archivo {} tiene varias hojas largas con el formato: léalo completo.",
                opts.file
            ),
        );
        e.read_whole = true;
        return Err(e);
    }
    let many = located.len() > 1;
    // The sheets not validated are only looked at for rows that seem to
    // be people; the rows they have not read yet are never read.
    let unvalidated: Vec<Issue> = sheets
        .iter()
        .enumerate()
        .filter(|(i, _)| !located.iter().any(|l| l.sheet_index == *i))
        .filter_map(|(_, sheet)| people_elsewhere(sheet))
        .collect();
    let mut sheets: Vec<Option<RawSheet>> = sheets.into_iter().map(Some).collect();
    let mut builder = Builder {
        opts,
        kind: SourceKind::Csv,
        sections: Vec::with_capacity(located.len()),
        rows: Vec::new(),
        warnings: Vec::new(),
        ticket_cell: None,
        width: None,
    };
    let mut first: Option<(Vec<RawRow>, usize)> = None;
    for Located {
        sheet_index,
        header,
    } in located
    {
        let Some(sheet) = sheets.get_mut(sheet_index).and_then(Option::take) else {
            continue;
        };
        let name = sheet.name.clone();
        for w in &header.warnings {
            let mut w = w.clone();
            // Its column warnings name cells: with several sheets, say which.
            let names_cells = w.rule != &crate::headers::codes::OTRA_HOJA_CON_FORMATO;
            if let (true, true, Some(name)) = (many, names_cells, &name) {
                w.message = format!("Hoja «{name}»: {}", w.message);
            }
            builder.warnings.push(w);
        }
        let header_index = header.row_index;
        let rows = builder.sheet(sheet, header)?;
        if first.is_none() {
            first = Some((rows, header_index));
        }
    }
    drop(sheets);
    let (first_rows, header_index) = first.expect("locate finds at least one sheet");
    let Builder {
        kind,
        sections,
        rows,
        mut warnings,
        ticket_cell,
        ..
    } = builder;
    let ticket_header = sections
        .iter()
        .map(|s| &s.header)
        .find(|h| h.ticket_column.is_some())
        .unwrap_or(&sections[0].header);
    let found_ticket = ticket::find(
        opts.ticket,
        &first_rows[..header_index],
        ticket_header,
        ticket_cell.as_ref(),
        opts.file_stem,
    );
    // Header problems first, then what the rows showed, then the ticket.
    let (header_warnings, row_warnings): (Vec<Issue>, Vec<Issue>) = warnings
        .drain(..)
        .partition(|w| w.rule != &crate::headers::codes::ENCABEZADO_REPETIDO);
    warnings = header_warnings;
    warnings.extend(row_warnings);
    warnings.extend(unvalidated);
    warnings.extend(found_ticket.warnings);
    if rows.is_empty() {
        let header = &sections[0].header;
        return Err(FileError::new(
            &crate::headers::codes::FORMULARIO_SIN_FILAS,
            format!(
                "El formato {} tiene encabezado (fila {}) pero ninguna fila con datos debajo.",
                opts.file, header.row_number
            ),
        )
        .with_help("Pida a la institución el formato con las personas a las que se les debe crear usuario."));
    }
    Ok(Form {
        kind,
        sections,
        ticket: found_ticket.number,
        warnings,
        rows,
    })
}

/// The rows of a form as its sheets are read.
struct Builder<'a, 'o> {
    opts: &'a BuildOptions<'o>,
    kind: SourceKind,
    sections: Vec<Section>,
    rows: Vec<CheckedRow>,
    warnings: Vec<Issue>,
    /// The first value of a TICKET column, for the ticket when nothing else gives it.
    ticket_cell: Option<RawCell>,
    /// A CSV header's number of cells (the reader keeps them all).
    width: Option<usize>,
}

impl Builder<'_, '_> {
    /// Reads one sheet's rows under its header; hands back its first rows
    /// (the ticket may be above the header).
    fn sheet(&mut self, sheet: RawSheet, header: HeaderMap) -> Result<Vec<RawRow>, FileError> {
        let RawSheet {
            kind,
            name,
            rows: first_rows,
            rest,
            ..
        } = sheet;
        self.kind = kind;
        self.width = kind
            .is_csv()
            .then(|| first_rows[header.row_index].cells.len());
        let start = header.row_index + 1;
        let expected = first_rows.len() + rest.as_ref().map_or(0, |r| r.size_hint().1.unwrap_or(0));
        self.rows.reserve(expected.saturating_sub(start));
        self.sections.push(Section {
            sheet: name,
            header,
        });
        for (i, raw) in first_rows.iter().enumerate().skip(start) {
            self.row(raw, i)?;
        }
        if let Some(mut rest) = rest {
            let mut i = first_rows.len();
            while let Some(raw) = rest.next() {
                let raw = raw?;
                self.row(&raw, i)?;
                i += 1;
                // The row's cells were copied where needed: the reader may reuse them.
                rest.recycle(raw);
            }
        }
        Ok(first_rows)
    }

    fn row(&mut self, raw: &RawRow, index: usize) -> Result<(), FileError> {
        let opts = self.opts;
        let section = self.sections.len() - 1;
        let Section { sheet, header } = &self.sections[section];
        let at = headers::RowPlace {
            file: opts.file,
            sheet: sheet.as_deref(),
        };
        if let Some(repeated) = headers::header_in_data(raw, index, header, at, opts.rules.policy)?
        {
            self.repeated_header(raw, repeated);
            return Ok(());
        }
        let ticket_blank = header.ticket_column.is_none_or(|c| raw.cell(c).is_blank());
        if let (None, false, Some(c)) = (&self.ticket_cell, ticket_blank, header.ticket_column) {
            self.ticket_cell = Some(raw.cell(c).clone());
        }
        let all_blank = Field::ALL
            .iter()
            .filter_map(|f| header.column(*f))
            .all(|c| raw.cell(c).is_blank());
        if all_blank && ticket_blank {
            if let Some(issue) = outside_the_form(raw, header) {
                let (row, _) = rules::check_row(raw.number, [None; Field::COUNT], opts.rules);
                self.rows.push(CheckedRow {
                    row,
                    issues: vec![issue],
                    status: RowStatus::Accepted,
                    section,
                });
            }
            return Ok(());
        }
        let cells: [Option<&RawCell>; Field::COUNT] =
            Field::ALL.map(|f| header.column(f).map(|c| raw.cell(c)));
        let (row, mut issues) = rules::check_row(raw.number, cells, opts.rules);
        let found = self.kind.is_csv().then_some(raw.cells.len());
        if let (Some(expected), Some(found)) = (self.width, found)
            && expected != found
        {
            issues.push(
                fila::FILA_IRREGULAR
                    .issue(
                        None,
                        format!(
                            "La fila {} tiene {found} columnas y el encabezado {expected}: los valores pueden estar corridos de columna.",
                            raw.number
                        ),
                    )
                    .with_help("Abra el CSV en una hoja de cálculo y revise esa fila: suele faltar o sobrar un separador (; o ,) o unas comillas."),
            );
        }
        self.rows.push(CheckedRow {
            row,
            issues,
            status: RowStatus::Accepted,
            section,
        });
        Ok(())
    }

    /// A row that repeats the header is no person: the rows below it are
    /// read with its columns, in a section of their own.
    fn repeated_header(&mut self, raw: &RawRow, mut header: HeaderMap) {
        let current = &self.sections[self.sections.len() - 1];
        let same_order = current.header.columns == header.columns
            && current.header.ticket_column == header.ticket_column;
        let sheet = current.sheet.clone();
        let place = match &sheet {
            Some(name) => format!("La fila {} de la hoja «{name}»", raw.number),
            None => format!("La fila {}", raw.number),
        };
        let (message, help) = if same_order {
            (
                format!("{place} repite el encabezado; no se tomó como una persona."),
                "Nada: esa fila no se envía. Si sobra, bórrela.",
            )
        } else {
            (
                format!(
                    "{place} repite el encabezado con otro orden de columnas; las filas siguientes se leyeron con ese orden."
                ),
                "Revise que las filas bajo ese encabezado sigan su orden de columnas; para un formato limpio, borre esa fila y ponga todas las filas en el orden del primer encabezado.",
            )
        };
        self.warnings.push(
            crate::headers::codes::ENCABEZADO_REPETIDO
                .issue(None, message)
                .with_help(help),
        );
        if self.kind.is_csv() {
            self.width = Some(raw.cells.len());
        }
        if same_order {
            return;
        }
        // Its own column warnings repeat the first header's: not shown again.
        header.warnings.clear();
        self.sections.push(Section { sheet, header });
    }
}

/// How many cells a message quotes before it only counts the rest.
const QUOTED_CELLS: usize = 5;

/// The error of a row whose columns of the form are all empty but that has
/// something written elsewhere (to the right of the table, under a column
/// that is not of the form). Blank text (a formula's "") and the counter of
/// a numbering column are not data.
fn outside_the_form(raw: &RawRow, header: &HeaderMap) -> Option<Issue> {
    let mut cells = raw
        .cells
        .iter()
        .enumerate()
        .filter(|(col, cell)| !cell.is_blank() && !header.is_counter(*col, cell, raw.number));
    cells.clone().next()?;
    let mut quoted = Vec::new();
    let mut more = 0usize;
    for (col, cell) in cells.by_ref() {
        if quoted.len() == QUOTED_CELLS {
            more += 1;
            continue;
        }
        let at = CellRef {
            row: raw.number,
            col,
        };
        let place = match header.other_column_name(col) {
            Some(name) => format!("{at}, {name}"),
            None => at.to_string(),
        };
        quoted.push(format!("{} ({place})", quote(cell.display().trim())));
    }
    if more > 0 {
        quoted.push(format!("y {more} celdas más"));
    }
    Some(
        fila::DATOS_FUERA_DEL_FORMATO
            .issue(
                None,
                format!(
                    "La fila {} tiene datos solo en columnas que no son del formato: {}. Las columnas del formato están vacías, así que no se sabe a qué persona ni a qué campo corresponden.",
                    raw.number,
                    quoted.join(", ")
                ),
            )
            .with_help("Pase esos datos a las columnas del formato (PRIMER NOMBRE, PRIMER APELLIDO, NUMERO DE DOCUMENTO...) o bórrelos si sobran."),
    )
}

/// How many rows of a sheet that is not validated are looked at: the ones
/// a workbook reads before the form is built.
const UNVALIDATED_ROWS: usize = 64;
/// A cell longer than this is explanatory text (the template's
/// instructions), never a person's data.
const LONGEST_PERSON_CELL: usize = 80;

/// The warning for a sheet that was not validated but whose first rows
/// seem to be people: the list may go on there, without the header, or
/// the form may be the hidden sheet.
fn people_elsewhere(sheet: &RawSheet) -> Option<Issue> {
    let name = sheet.name.as_deref()?;
    let looked_at = &sheet.rows[..sheet.rows.len().min(UNVALIDATED_ROWS)];
    let people: Vec<u32> = looked_at
        .iter()
        .filter(|r| looks_like_a_person(r))
        .map(|r| r.number)
        .collect();
    let (first, last) = (*people.first()?, *people.last()?);
    if sheet.hidden {
        return Some(
            crate::headers::codes::HOJA_NO_VALIDADA
                .issue(
                    None,
                    format!(
                        "La hoja oculta «{name}» tiene filas que parecen personas y no se validó; si es la correcta, use --hoja \"{name}\"."
                    ),
                )
                .with_help(format!(
                    "Las hojas ocultas no se validan solas. Si esa hoja es el formato, valide con --hoja \"{name}\"; si no, nada."
                )),
        );
    }
    let unread = sheet.rest.is_some() || sheet.rows.len() > UNVALIDATED_ROWS;
    let count = match (people.len(), unread) {
        (1, false) => "1 fila que parece una persona".to_string(),
        (n, false) => format!("{n} filas que parecen personas"),
        (n, true) => format!("al menos {n} filas que parecen personas"),
    };
    let rows = if first == last {
        format!("fila {first}")
    } else {
        format!("filas {first} a {last}")
    };
    Some(
        crate::headers::codes::HOJA_NO_VALIDADA
            .issue(
                None,
                format!(
                    "La hoja «{name}» no se validó y tiene {count} ({rows}): si lo son, cópielas a la hoja del formato, debajo del encabezado."
                ),
            )
            .with_help("Esa hoja no tiene el encabezado del formato, así que sus filas no se revisaron ni van al archivo limpio. Copie esas personas a la hoja del formato, debajo del encabezado, y valide de nuevo; si no son personas a crear, nada."),
    )
}

/// Whether a row of a sheet that is not validated seems to be a person:
/// at least three cells written, one of them a whole e-mail address or a
/// number like a document's (6 to 11 digits). A row that names a column of
/// the form (the template's instructions, the corrections sheet of a clean
/// file) or has a cell as long as a paragraph explains the form instead.
fn looks_like_a_person(row: &RawRow) -> bool {
    let written = row.cells.iter().filter(|c| !c.is_blank()).count();
    if written < 3
        || !row
            .cells
            .iter()
            .any(|c| is_document_like(c) || is_email_like(c))
    {
        return false;
    }
    !row.cells.iter().any(|c| match c {
        RawCell::Text(s) => {
            s.chars().count() > LONGEST_PERSON_CELL
                || matches!(
                    headers::built_in_target(&headers::header_key(s)),
                    Some(HeaderTarget::Field(_))
                )
        }
        _ => false,
    })
}

/// A number of 6 to 11 digits, as a number or as text.
fn is_document_like(cell: &RawCell) -> bool {
    match cell {
        RawCell::Number(n) => n.fract() == 0.0 && (100_000.0..100_000_000_000.0).contains(n),
        RawCell::Text(s) => {
            let s = s.trim();
            (6..=11).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// A cell that is an e-mail address and nothing else (the address rule's
/// own syntax, whatever the case).
fn is_email_like(cell: &RawCell) -> bool {
    let RawCell::Text(s) = cell else {
        return false;
    };
    s.contains('@') && crate::text::is_address(&s.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<RawCell>) -> RawRow {
        RawRow { number: 1, cells }
    }

    fn text(cells: &[&str]) -> RawRow {
        row(cells.iter().map(|c| RawCell::Text(c.to_string())).collect())
    }

    #[test]
    fn a_row_with_an_email_or_a_document_among_three_cells_looks_like_a_person() {
        assert!(looks_like_a_person(&text(&[
            "LUIS", "ROJAS", "80000001", "l@x.co"
        ])));
        assert!(looks_like_a_person(&text(&["LUIS", "ROJAS", " l@x.co "])));
        assert!(looks_like_a_person(&row(vec![
            RawCell::Text("LUIS".into()),
            RawCell::Text("ROJAS".into()),
            RawCell::Number(1_030_456_789.0),
        ])));
    }

    #[test]
    fn lists_notes_and_instructions_do_not_look_like_people() {
        // Too few cells.
        assert!(!looks_like_a_person(&text(&["LUIS", "80000001"])));
        // No e-mail as a whole cell, no number of 6 to 11 digits.
        assert!(!looks_like_a_person(&text(&[
            "Enviado",
            "por",
            "correo a l@x.co"
        ])));
        assert!(!looks_like_a_person(&text(&["AÑO", "2026", "12345"])));
        assert!(!looks_like_a_person(&text(&["DANE", "X", "105001000019"])));
        assert!(!looks_like_a_person(&row(vec![
            RawCell::Text("TOTAL".into()),
            RawCell::Number(123_456.5),
            RawCell::Text("x".into()),
        ])));
        // A row of the corrections sheet of a clean file.
        assert!(!looks_like_a_person(&text(&[
            "7",
            "C7",
            "PRIMER APELLIDO",
            "Muñoz 52123456",
            "52123456"
        ])));
        // A row of instructions with an example value.
        let explanation = "Solo dígitos, sin puntos ni espacios (la CE puede tener letras). Será la primera contraseña del usuario.";
        assert!(!looks_like_a_person(&text(&[
            "NUMERO DE DOCUMENTO",
            "Sí",
            explanation,
            "52123456"
        ])));
    }
}
