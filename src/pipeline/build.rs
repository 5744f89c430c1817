//! From raw sheets to a form: for one file's sheets, the header of each
//! sheet that holds the form, then every row under it through the rules
//! (`rules::check_row`: cell rules, normalizer, row rules), sections where
//! a header is repeated among the rows, the ticket and the file warnings.

use super::{Edit, elsewhere, institution};
use crate::diagnostic::{Issue, ManualFix};
use crate::error::FileError;
use crate::field::Field;
use crate::form::{CheckedRow, Form, RowStatus, Section};
use crate::headers::{self, HeaderMap, Located};
use crate::policy::Settings;
use crate::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};
use crate::rules::pie::{self, FooterRow};
use crate::rules::{self, fila};
use crate::ticket;

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
    build_edited(sheets, opts, &[])
}

/// `build`, with cells changed by hand before their rows are checked: each
/// edit replaces the cell of its field in its row (as if the school had
/// written it so), in order, and is kept in `Form::manual` with what the
/// cell held. An edit of a row or a column the form does not have changes
/// nothing and is not kept.
pub fn build_edited(
    sheets: Vec<RawSheet>,
    opts: &BuildOptions<'_>,
    edits: &[Edit],
) -> Result<Form, FileError> {
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
        .filter_map(|(_, sheet)| elsewhere::people_elsewhere(sheet))
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
        pending_footer: Vec::new(),
        footer: Vec::new(),
        edits,
        manual: Vec::new(),
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
        let header_index = header.top_index;
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
        footer,
        manual,
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
    let institution = institution::named(&first_rows[..header_index]);
    Ok(Form {
        kind,
        institution,
        sections,
        ticket: found_ticket.number,
        warnings,
        rows,
        footer,
        manual,
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
    /// Rows that may be the table's footer, held until the table ends (they
    /// are) or a person's row comes after them (they are not).
    pending_footer: Vec<RawRow>,
    /// The footer rows left out, every sheet's.
    footer: Vec<FooterRow>,
    /// Cells to change by hand before their rows are checked.
    edits: &'a [Edit],
    /// The edits made, with what each cell held.
    manual: Vec<ManualFix>,
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
        self.end_footer();
        Ok(first_rows)
    }

    fn row(&mut self, raw: &RawRow, index: usize) -> Result<(), FileError> {
        let opts = self.opts;
        let Section { sheet, header } = &self.sections[self.sections.len() - 1];
        let at = headers::RowPlace {
            file: opts.file,
            sheet: sheet.as_deref(),
        };
        if let Some(repeated) = headers::header_in_data(raw, index, header, at, opts.rules.policy)?
        {
            // A footer ends its table, even when another table follows.
            self.end_footer();
            self.repeated_header(raw, repeated);
            return Ok(());
        }
        if raw.cells.iter().all(RawCell::is_blank) {
            return Ok(());
        }
        if !self.pending_footer.is_empty() {
            if pie::continues(raw) && self.pending_footer.len() < pie::MAX_ROWS {
                self.pending_footer.push(raw.clone());
                return Ok(());
            }
            // A person's row after them: they were no footer.
            for held in std::mem::take(&mut self.pending_footer) {
                self.person(&held)?;
            }
        }
        if pie::starts(raw) {
            self.pending_footer.push(raw.clone());
            return Ok(());
        }
        self.person(raw)
    }

    /// The rows held as a footer when the table ends: left out of the
    /// form, named in a warning.
    fn end_footer(&mut self) {
        if self.pending_footer.is_empty() {
            return;
        }
        let sheet = self.sections[self.sections.len() - 1].sheet.clone();
        let rows: Vec<FooterRow> = std::mem::take(&mut self.pending_footer)
            .into_iter()
            .map(|raw| FooterRow {
                sheet: sheet.clone(),
                number: raw.number,
                text: pie::text(&raw),
            })
            .collect();
        self.warnings.extend(pie::warning(&rows));
        self.footer.extend(rows);
    }

    /// The row with the edits asked for it made, when there are any.
    fn edited(&mut self, raw: &RawRow) -> Option<RawRow> {
        let Section { sheet, header } = &self.sections[self.sections.len() - 1];
        let mut mine = self
            .edits
            .iter()
            .filter(|e| e.row == raw.number && e.sheet == *sheet)
            .peekable();
        mine.peek()?;
        let mut row = raw.clone();
        for edit in mine {
            let Some(col) = header.column(edit.field) else {
                continue;
            };
            if row.cells.len() <= col {
                row.cells.resize(col + 1, RawCell::Empty);
            }
            let before = row.cells[col].display();
            row.cells[col] = RawCell::Text(edit.value.clone());
            self.manual.push(ManualFix {
                row: raw.number,
                sheet: sheet.clone(),
                field: edit.field,
                before,
                after: edit.value.clone(),
                at: edit.at.clone(),
            });
        }
        Some(row)
    }

    /// A row that is neither a header nor a footer: a person, checked.
    fn person(&mut self, raw: &RawRow) -> Result<(), FileError> {
        let edited = self.edited(raw);
        let raw = edited.as_ref().unwrap_or(raw);
        let opts = self.opts;
        let section = self.sections.len() - 1;
        let Section { header, .. } = &self.sections[section];
        let ticket_blank = header.ticket_column.is_none_or(|c| raw.cell(c).is_blank());
        if let (None, false, Some(c)) = (&self.ticket_cell, ticket_blank, header.ticket_column) {
            self.ticket_cell = Some(raw.cell(c).clone());
        }
        let all_blank = Field::ALL
            .iter()
            .filter_map(|f| header.column(*f))
            .all(|c| raw.cell(c).is_blank());
        if all_blank && ticket_blank {
            if let Some(issue) = fila::outside_the_form(raw, header) {
                let (row, _) = rules::check_row(raw.number, [None; Field::COUNT], opts.rules);
                self.rows.push(CheckedRow {
                    row,
                    issues: vec![issue],
                    status: RowStatus::Accepted,
                    section,
                    extra: school_columns(raw, header),
                });
            }
            return Ok(());
        }
        let cells: [Option<&RawCell>; Field::COUNT] =
            Field::ALL.map(|f| header.column(f).map(|c| raw.cell(c)));
        let (row, mut issues) = rules::check_row(raw.number, cells, opts.rules);
        if let Some(expected) = self.width {
            issues.extend(fila::irregular(raw, expected));
        }
        // Held until the batch is done: no room for issues that never come.
        issues.shrink_to_fit();
        let extra = school_columns(raw, header);
        self.rows.push(CheckedRow {
            row,
            issues,
            status: RowStatus::Accepted,
            section,
            extra,
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

/// What a row holds in the school's own columns (SEDE, OBSERVACIONES…), as
/// written: the rejection workbook gives it back to the school. Empty, and
/// without an allocation, for the rows that hold nothing there.
fn school_columns(raw: &RawRow, header: &HeaderMap) -> Box<[(u16, Box<str>)]> {
    header
        .other_columns
        .iter()
        .filter(|(col, _)| header.is_school_column(*col))
        .filter_map(|(col, _)| {
            let cell = raw.cell(*col);
            let col = u16::try_from(*col).ok()?;
            (!cell.is_blank()).then(|| (col, cell.display().into_boxed_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{VALID, header_row};

    /// A sheet with the header in row 1 and `rows` below it (VALID with
    /// the e-mail given).
    fn sheet(emails: &[&str]) -> RawSheet {
        let header = header_row();
        let mut rows = vec![header];
        for (i, email) in emails.iter().enumerate() {
            rows.push(RawRow {
                number: i as u32 + 2,
                cells: VALID
                    .iter()
                    .map(|(f, v)| match f {
                        Field::Correo => RawCell::Text(email.to_string()),
                        Field::NumeroDocumento => RawCell::Text(format!("10304567{i:02}")),
                        _ => RawCell::Text(v.to_string()),
                    })
                    .collect(),
            });
        }
        RawSheet {
            kind: SourceKind::Xlsx,
            name: Some("Hoja1".into()),
            rows,
            rest: None,
            hidden: false,
        }
    }

    fn opts() -> BuildOptions<'static> {
        BuildOptions {
            rules: Settings::default(),
            ticket: Some("123456"),
            file_stem: None,
            file: "f.xlsx",
        }
    }

    fn edit(sheet: &str, row: u32, value: &str) -> Edit {
        Edit {
            sheet: Some(sheet.into()),
            row,
            field: Field::Correo,
            value: value.into(),
            at: "2026-03-02T15:32:00Z".into(),
        }
    }

    #[test]
    fn an_edit_is_checked_as_if_the_school_had_written_it_and_is_kept_with_what_the_cell_held() {
        let emails = ["ana.perez@colegio", "luis@colegio.edu.co"];
        let plain = build(vec![sheet(&emails)], &opts()).unwrap();
        assert!(plain.rows[0].has_errors());
        assert!(plain.manual.is_empty());

        let edits = [
            edit("Hoja1", 2, "ana.perez@colegio.edu"),
            edit("Hoja1", 2, "ana.perez@colegio.edu.co"),
        ];
        let form = build_edited(vec![sheet(&emails)], &opts(), &edits).unwrap();
        assert!(!form.rows[0].has_errors(), "{:?}", form.rows[0].issues);
        assert_eq!(
            form.rows[0].row.get(Field::Correo),
            Some("ana.perez@colegio.edu.co")
        );
        // Each change, with what the cell held when it was made.
        let kept: Vec<(&str, &str)> = form
            .manual
            .iter()
            .map(|m| (m.before.as_str(), m.after.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("ana.perez@colegio", "ana.perez@colegio.edu"),
                ("ana.perez@colegio.edu", "ana.perez@colegio.edu.co")
            ]
        );
        assert_eq!(form.manual_of(&form.rows[0]).count(), 2);
        assert_eq!(form.manual_of(&form.rows[1]).count(), 0);
        // The other row is as it was.
        assert_eq!(form.rows[1].row, plain.rows[1].row);
    }

    #[test]
    fn an_edit_of_a_row_or_sheet_the_form_does_not_have_changes_nothing() {
        let emails = ["ana.perez@colegio"];
        let edits = [
            edit("Hoja1", 9, "x@colegio.edu.co"),
            edit("Otra", 2, "x@colegio.edu.co"),
        ];
        let form = build_edited(vec![sheet(&emails)], &opts(), &edits).unwrap();
        assert!(form.manual.is_empty());
        assert!(form.rows[0].has_errors());
    }
}
