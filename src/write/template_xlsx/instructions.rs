//! The «Instrucciones» sheet of the blank form, written for the school
//! secretary who fills it: the steps, what to write in each column with an
//! example, which profile to choose, and how to send the form back. What it
//! says of each rule is the rule's school sentence (`RuleMeta::school`), so
//! the instructions and the validator never disagree; nothing in it names a
//! rule code or the help desk's own tools.
//!
//! It is laid out for letter paper, landscape: every row is given the
//! height its wrapped text takes (`write::wrap`) and the pages are cut here,
//! between rows, with a table's header repeated at the top of the page it
//! continues on. The scale is fixed rather than "fit to one page wide":
//! under fit-to-page each program picks its own scale, so how many rows a
//! page holds is not known here; at a fixed scale it is, and the columns
//! are chosen to fit across at that scale.

use std::ops::RangeInclusive;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::RECEPTION_RULE;
use crate::diagnostic::{RuleMeta, Severity};
use crate::field::Field;
use crate::rules::registry;
use crate::values::Perfil;
use crate::write::wrap::{LINE_HEIGHT, lines, text_chars};

/// Widths of the columns: column, required, what to write, example.
const WIDTHS: [usize; 4] = [24, 18, 62, 28];
/// The print scale, in percent: the four columns fit across the page
/// (`the_columns_fit_across_the_page`) and the text stays at about 10 points.
const SCALE: u16 = 90;
/// Left and right margins, in inches; top and bottom.
const SIDE_MARGIN: f64 = 0.5;
const TOP_MARGIN: f64 = 0.5;
/// Points of rows a page holds: letter landscape (8.5 in tall) less the top
/// and bottom margins, at `SCALE`, with room to spare for a program that
/// rounds each row's height to its pixels.
const PAGE_POINTS: f64 = (8.5 - 2.0 * TOP_MARGIN) * 72.0 * 100.0 / SCALE as f64 - 12.0;
/// Spreadsheet defaults: the height of an empty row and of a section title.
const BLANK_ROW: f64 = 15.0;
const SECTION_ROW: f64 = 21.0;
/// Space below the last line of a cell, so it never touches the border.
const PADDING: f64 = 3.0;

const TITLE: &str = "FORMATO DE CREACIÓN DE USUARIOS: INSTRUCCIONES";

/// What the form is for, at the top.
const INTRO: &str = "Con este formato la institución pide que se creen las cuentas de usuario de su personal. Escriba los datos de cada persona en la hoja «Usuarios» como se explica aquí, y envíe el archivo como se indica al final.";

/// Steps for the school, in order.
const STEPS: &[&str] = &[
    "1. Abra la hoja «Usuarios» y escriba en la celda amarilla el número del ticket: es el número que aparece en el correo con el que recibió este formato.",
    "2. Escriba una fila por persona, desde la primera fila bajo los títulos. No cambie, mueva ni borre las columnas ni sus títulos.",
    "3. Llene cada columna como dice la tabla «QUÉ ESCRIBIR EN CADA COLUMNA»: la columna EJEMPLO muestra un dato bien escrito.",
    "4. Nombres, apellidos y cargo van en MAYÚSCULAS y sin tildes, como en el documento de identidad; la Ñ se escribe como N: MUÑOZ se escribe MUNOZ.",
    "5. Los correos van en minúscula y sin hipervínculo: si la celda se vuelve un enlace azul, haga clic derecho sobre ella y elija «Quitar hipervínculo».",
    "6. Guarde el archivo y envíelo como dice «CÓMO ENVIAR EL FORMATO», al final de esta hoja.",
];

/// How to send the form back.
const SENDING: &[&str] = &[
    "Guarde el archivo como Libro de Excel (.xlsx), sin cambiar el nombre de las hojas.",
    "Envíelo como archivo adjunto respondiendo al correo del ticket. No lo envíe en PDF, foto ni captura de pantalla.",
    "Si le devuelven filas para corregir, corríjalas en el archivo que le devuelvan y envíelo de nuevo respondiendo al mismo correo.",
];

/// The rules the instructions tell the school: those with a school
/// sentence (`RuleMeta::school`), in catalogue order.
pub fn school_rules() -> impl Iterator<Item = &'static RuleMeta> {
    registry::all().filter(|r| r.school.is_some() && r.severity != Severity::Fix)
}

/// The school sentences told under `column` (`None`: the lines for the
/// whole sheet).
fn sentences(column: Option<Field>) -> impl Iterator<Item = &'static str> {
    school_rules()
        .filter(move |r| r.school_column() == column)
        .filter_map(|r| r.school.map(|s| s.sentence))
}

/// What the instructions say of one column: its description, then the
/// school sentence of each rule told under it.
pub fn what_to_write(field: Field) -> String {
    let mut what = field.description().to_string();
    for sentence in sentences(Some(field)) {
        what.push_str("\n• ");
        what.push_str(sentence);
    }
    what
}

/// Whether the column must have a value, in the school's words.
fn requirement(field: Field) -> &'static str {
    match field {
        Field::CodigoDane => "Con FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
        Field::SegundoApellido => "Sí (con CE puede faltar)",
        f if crate::rules::obligatorio::REQUIRED.contains(&f) => "Sí",
        _ => "No",
    }
}

/// The formats of the sheet.
struct Formats {
    title: Format,
    section: Format,
    paragraph: Format,
    strong: Format,
    cell: Format,
    cell_bold: Format,
    head: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::VerticalCenter),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Bottom),
            paragraph: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            strong: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            cell_bold: cell.clone().set_bold(),
            cell,
            head: crate::write::header_format()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

/// A cell of a table: its text, the columns it spans and its format.
type Cell<'t> = (&'t str, RangeInclusive<u16>, &'t Format);

/// The height a table row takes: its tallest cell's lines. Capitals
/// (titles, profile names) are wider than ordinary text, so a line holds
/// about one character per unit of width, less the cell's padding.
fn row_height(cells: &[Cell<'_>]) -> f64 {
    let tallest = cells
        .iter()
        .map(|(text, span, _)| {
            let width: usize = span.clone().map(|c| WIDTHS[usize::from(c)]).sum();
            let chars = if text.chars().any(char::is_lowercase) {
                text_chars(width)
            } else {
                width.saturating_sub(2)
            };
            lines(text, chars)
        })
        .max()
        .unwrap_or(1);
    LINE_HEIGHT * tallest as f64 + PADDING
}

/// The height of a paragraph across the four columns.
fn paragraph_height(text: &str) -> f64 {
    let width: usize = WIDTHS.iter().sum();
    LINE_HEIGHT * lines(text, text_chars(width)) as f64 + PADDING
}

/// Writes the sheet row by row, keeping count of the page: a row that does
/// not fit in what is left of it starts the next one.
struct Writer<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    /// Points used on the current page, and on each finished one.
    used: f64,
    pages: Vec<f64>,
    breaks: Vec<u32>,
}

impl Writer<'_> {
    /// Starts a new page at the current row unless `height` points fit in
    /// what is left of this one; says whether it did.
    fn make_room(&mut self, height: f64) -> bool {
        if self.used == 0.0 || self.used + height <= PAGE_POINTS {
            return false;
        }
        self.pages.push(self.used);
        self.breaks.push(self.row);
        self.used = 0.0;
        true
    }

    fn next_row(&mut self, height: f64) -> Result<(), XlsxError> {
        self.sheet.set_row_height(self.row, height)?;
        self.used += height;
        self.row += 1;
        Ok(())
    }

    /// A text across the four columns.
    fn paragraph(&mut self, text: &str, format: &Format) -> Result<(), XlsxError> {
        let height = paragraph_height(text);
        self.make_room(height);
        self.sheet
            .merge_range(self.row, 0, self.row, 3, text, format)?;
        self.next_row(height)
    }

    /// A section's title with a blank row above it, on the same page as
    /// the `next` points that follow it.
    fn section(&mut self, title: &str, format: &Format, next: f64) -> Result<(), XlsxError> {
        if !self.make_room(BLANK_ROW + SECTION_ROW + next) {
            self.next_row(BLANK_ROW)?;
        }
        self.sheet
            .write_string_with_format(self.row, 0, title, format)?;
        self.next_row(SECTION_ROW)
    }

    fn table_row(&mut self, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        for (text, span, format) in cells {
            let (first, last) = (*span.start(), *span.end());
            if first == last {
                self.sheet
                    .write_string_with_format(self.row, first, *text, format)?;
            } else {
                self.sheet
                    .merge_range(self.row, first, self.row, last, text, format)?;
            }
        }
        self.next_row(row_height(cells))
    }

    /// A titled table; its header is written again at the top of each page
    /// it continues on.
    fn table(
        &mut self,
        title: &str,
        f: &Formats,
        header: &[Cell<'_>],
        rows: &[Vec<Cell<'_>>],
    ) -> Result<(), XlsxError> {
        let first = rows.first().map_or(0.0, |r| row_height(r));
        self.section(title, &f.section, row_height(header) + first)?;
        self.table_row(header)?;
        for row in rows {
            if self.make_room(row_height(row)) {
                self.table_row(header)?;
            }
            self.table_row(row)?;
        }
        Ok(())
    }

    /// A titled list of paragraphs.
    fn list(&mut self, title: &str, f: &Formats, items: &[String]) -> Result<(), XlsxError> {
        let first = items.first().map_or(0.0, |i| paragraph_height(i));
        self.section(title, &f.section, first)?;
        for item in items {
            self.paragraph(item, &f.paragraph)?;
        }
        Ok(())
    }
}

fn bullets(items: impl Iterator<Item = &'static str>) -> Vec<String> {
    items.map(|i| format!("• {i}")).collect()
}

/// Writes the sheet.
pub(super) fn write(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    lay_out(sheet).map(|_| ())
}

/// Writes the sheet and returns the points of rows on each page.
fn lay_out(sheet: &mut Worksheet) -> Result<Vec<f64>, XlsxError> {
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width as f64)?;
    }
    let f = Formats::new();
    let mut w = Writer {
        sheet,
        row: 0,
        used: 0.0,
        pages: Vec::new(),
        breaks: Vec::new(),
    };
    w.sheet.merge_range(0, 0, 0, 3, TITLE, &f.title)?;
    w.next_row(24.0)?;
    w.paragraph(INTRO, &f.paragraph)?;
    w.paragraph(RECEPTION_RULE, &f.strong)?;

    let steps: Vec<String> = STEPS.iter().map(|s| s.to_string()).collect();
    w.list("PASOS", &f, &steps)?;

    let whats: Vec<String> = Field::ALL.iter().map(|f| what_to_write(*f)).collect();
    let rows: Vec<Vec<Cell<'_>>> = Field::ALL
        .iter()
        .zip(&whats)
        .map(|(field, what)| {
            vec![
                (field.header(), 0..=0, &f.cell_bold),
                (requirement(*field), 1..=1, &f.cell),
                (what.as_str(), 2..=2, &f.cell),
                (field.example(), 3..=3, &f.cell),
            ]
        })
        .collect();
    w.table(
        "QUÉ ESCRIBIR EN CADA COLUMNA",
        &f,
        &[
            ("COLUMNA", 0..=0, &f.head),
            ("¿OBLIGATORIO?", 1..=1, &f.head),
            ("QUÉ ESCRIBIR", 2..=2, &f.head),
            ("EJEMPLO", 3..=3, &f.head),
        ],
        &rows,
    )?;

    let profiles: Vec<Vec<Cell<'_>>> = Perfil::ALL
        .iter()
        .map(|p| {
            vec![
                (p.label(), 0..=0, &f.cell_bold),
                (p.who(), 1..=2, &f.cell),
                (p.dane(), 3..=3, &f.cell),
            ]
        })
        .collect();
    w.table(
        "PERFILES: CUÁL ELEGIR",
        &f,
        &[
            ("PERFIL", 0..=0, &f.head),
            ("QUIÉN LO TIENE", 1..=2, &f.head),
            ("CODIGO DANE", 3..=3, &f.head),
        ],
        &profiles,
    )?;

    w.list("EN TODA LA HOJA «USUARIOS»", &f, &bullets(sentences(None)))?;
    w.list(
        "CÓMO ENVIAR EL FORMATO",
        &f,
        &bullets(SENDING.iter().copied()),
    )?;

    let Writer {
        sheet,
        mut pages,
        used,
        breaks,
        ..
    } = w;
    pages.push(used);
    sheet.set_page_breaks(&breaks)?;
    sheet
        .set_landscape()
        .set_paper_size(1)
        .set_margins(SIDE_MARGIN, SIDE_MARGIN, TOP_MARGIN, TOP_MARGIN, 0.2, 0.2)
        .set_print_center_horizontally(true)
        .set_print_scale(SCALE)
        .set_footer("&CPágina &P de &N");
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points a unit of column width takes at 100 %: Excel's is 7 pixels
    /// (5.25 points) at Calibri 11; LibreOffice's, measured on its PDF with
    /// Carlito, about 5.7. The wider one must fit.
    const POINTS_PER_UNIT: f64 = 5.7;

    #[test]
    fn the_columns_fit_across_the_page() {
        let width: usize = WIDTHS.iter().sum();
        let printed = width as f64 * POINTS_PER_UNIT * f64::from(SCALE) / 100.0;
        let page = (11.0 - 2.0 * SIDE_MARGIN) * 72.0;
        assert!(printed <= page, "{printed} > {page}");
        // And the scale is not so small the text cannot be read.
        const { assert!(SCALE >= 85) };
    }

    #[test]
    fn every_page_holds_its_rows_and_no_page_is_wasted() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let pages = lay_out(book.add_worksheet()).unwrap();
        assert!(pages.iter().all(|p| *p <= PAGE_POINTS), "{pages:?}");
        // A page is only started when the next block did not fit: every page
        // but the last is more than half full.
        let (last, full) = pages.split_last().unwrap();
        assert!(*last > 0.0);
        assert!(full.iter().all(|p| *p > PAGE_POINTS / 2.0), "{pages:?}");
        assert!(pages.len() <= 4, "{pages:?}");
    }

    #[test]
    fn a_cell_in_capitals_is_given_the_lines_its_wider_letters_take() {
        let profile = [(
            "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            0..=0,
            &Format::new(),
        )];
        // 22 units hold FUNCIONARIO and ESTABLECIMIENTO on lines of their own.
        assert_eq!(row_height(&profile), 3.0 * LINE_HEIGHT + PADDING);
        let plain = [("una frase corta", 0..=0, &Format::new())];
        assert_eq!(row_height(&plain), LINE_HEIGHT + PADDING);
    }
}
