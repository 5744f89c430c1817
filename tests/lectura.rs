//! A workbook's rows past its first ones are read while the form is built
//! (in a thread that owns the workbook): read that way, one batch at a time
//! or ahead on a spare core, a form must come out exactly as when the sheet
//! is read whole first.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use sigce::field::Field;
use sigce::form::Form;
use sigce::limits::Limits;
use sigce::pipeline::{self, BuildOptions};
use sigce::policy::Settings;
use sigce::read::{self, Input, Reading};

const ROWS: u32 = 700;

/// A form with a TICKET column first filled far down, a name linked to a
/// `mailto:` address, a few defects, and a blank row, all past the first rows.
fn write_form(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let headers: Vec<&str> = std::iter::once("TICKET").chain(common::headers()).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for n in 1..=ROWS {
        if n == 300 {
            continue;
        }
        let mut row = common::valid_row(n);
        match n % 97 {
            5 => row[0] = "maría josé".into(),
            11 => row[5] = "52.abc".into(),
            17 => row[8] = format!("P{n}@Colegio.EDU.co"),
            _ => {}
        }
        if n >= 400 {
            sheet.write_string(n, 0, "135790").unwrap();
        }
        for (c, v) in row.iter().enumerate() {
            let col = c as u16 + 1;
            if n == 650 && c == 8 {
                let link = rust_xlsxwriter::Url::new("mailto:ana650@colegio.edu.co")
                    .set_text("Correo de Ana");
                sheet.write_url(n, col, link).unwrap();
            } else if !v.is_empty() {
                sheet.write_string(n, col, v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

fn build(path: &Path, reading: Reading) -> Result<Form, sigce::error::FileError> {
    build_within(path, reading, &Limits::default())
}

fn build_within(
    path: &Path,
    reading: Reading,
    limits: &Limits,
) -> Result<Form, sigce::error::FileError> {
    let input = Input::Path(path.to_path_buf());
    let sheets = read::read(&input, None, limits, reading)?;
    pipeline::build(
        sheets,
        &BuildOptions {
            rules: Settings::default(),
            ticket: None,
            file_stem: None,
            file: "formato.xlsx",
        },
    )
}

/// What a form says about one row: number, values, issue codes, fixes.
type RowSummary = (u32, Vec<Option<String>>, Vec<&'static str>, usize);

fn summary(form: &Form) -> Vec<RowSummary> {
    form.rows
        .iter()
        .map(|r| {
            (
                r.row.number,
                Field::ALL
                    .iter()
                    .map(|f| r.row.get(*f).map(str::to_string))
                    .collect(),
                r.issues.iter().map(|i| i.code()).collect(),
                r.row.fix_count(),
            )
        })
        .collect()
}

#[test]
fn a_sheet_read_on_gives_the_form_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formato.xlsx");
    write_form(&path);

    let whole = build(&path, Reading::Whole).unwrap();
    assert_eq!(
        whole.rows.len(),
        ROWS as usize - 1,
        "the blank row is skipped"
    );
    assert_eq!(whole.ticket.as_deref(), Some("135790"));
    let linked = whole.rows.iter().find(|r| r.row.number == 651).unwrap();
    assert_eq!(linked.row.get(Field::Correo), Some("ana650@colegio.edu.co"));
    for concurrent in [false, true] {
        let streamed = build(&path, Reading::Streamed { concurrent }).unwrap();
        assert_eq!(streamed.ticket, whole.ticket, "concurrent: {concurrent}");
        assert_eq!(
            streamed.warnings, whole.warnings,
            "concurrent: {concurrent}"
        );
        assert_eq!(
            summary(&streamed),
            summary(&whole),
            "concurrent: {concurrent}"
        );
    }
}

#[test]
fn a_limit_far_down_the_sheet_stops_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formato.xlsx");
    let mut rows: Vec<Vec<String>> = (1..=200).map(common::valid_row).collect();
    rows[150][9] = "X".repeat(100);
    common::write_xlsx(&path, &rows);
    let limits = Limits {
        max_cell_chars: 50,
        ..Limits::default()
    };
    for concurrent in [false, true] {
        let err = build_within(&path, Reading::Streamed { concurrent }, &limits).unwrap_err();
        assert!(err.message.contains("J152"), "{}", err.message);
    }
}

/// Swaps two `<row>` elements of the first sheet: cells out of row order, as
/// some hand-made or converted files have them.
fn swap_rows(path: &Path, a: u32, b: u32) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let element = |r: u32| {
                let start = xml.find(&format!("<row r=\"{r}\"")).unwrap();
                let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
                (start, end)
            };
            let ((sa, ea), (sb, eb)) = (element(a), element(b));
            let swapped = format!(
                "{}{}{}{}{}",
                &xml[..sa],
                &xml[sb..eb],
                &xml[ea..sb],
                &xml[sa..ea],
                &xml[eb..]
            );
            data = swapped.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn cells_out_of_row_order_past_the_first_rows_are_put_in_order() {
    let w = common::Workdir::new();
    let path = w.path("desordenado.xlsx");
    let rows: Vec<Vec<String>> = (1..=120).map(common::valid_row).collect();
    common::write_xlsx(&path, &rows);
    swap_rows(&path, 80, 100);

    let whole = build(&path, Reading::Whole).unwrap();
    let numbers: Vec<u32> = whole.rows.iter().map(|r| r.row.number).collect();
    assert_eq!(numbers, (2..=121).collect::<Vec<u32>>());
    for concurrent in [false, true] {
        // Reading on fails at the swap; validar then reads the sheet whole.
        let err = build(&path, Reading::Streamed { concurrent }).unwrap_err();
        assert!(err.read_whole, "{}", err.message);
    }
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["files"][0]["counts"]["accepted"], 120);

    // Out of order among the first rows: that sheet is read whole from the start.
    let early = w.path("desordenado_arriba.xlsx");
    common::write_xlsx(&early, &rows);
    swap_rows(&early, 5, 10);
    for concurrent in [false, true] {
        let form = build(&early, Reading::Streamed { concurrent }).unwrap();
        let numbers: Vec<u32> = form.rows.iter().map(|r| r.row.number).collect();
        assert_eq!(numbers, (2..=121).collect::<Vec<u32>>());
    }
}
