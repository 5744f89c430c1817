//! The rejection workbook as the school secretary receives it: a heading
//! that says what to do, rows as the school wrote them (its own columns and
//! links included), nothing that speaks the help desk's language, and a file
//! that, corrected and returned, validates again with its ticket.

mod common;

use calamine::Reader;
use common::{
    Workdir, example, fixture, headers, read_book, rejection_table, text_rows, valid_row,
};
use rust_xlsxwriter::{Url, Workbook};
use serde_json::Value;

/// Every cell of every sheet of a workbook, as text.
fn all_cells(path: &std::path::Path) -> Vec<String> {
    read_book(path)
        .iter()
        .flat_map(|(_, rows)| text_rows(rows).into_iter().flatten())
        .filter(|c| !c.is_empty())
        .collect()
}

/// A form with the school's own columns (SEDE, OBSERVACIONES) after the
/// twelve, an institution label above the header, and e-mail cells that
/// show a name and link to the address.
fn school_form(w: &Workdir) -> std::path::PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "Institución educativa: COLEGIO SAN JOSE")
        .unwrap();
    sheet.write_string(1, 0, "TICKET: 108805").unwrap();
    let mut titles = headers();
    titles.extend(["SEDE", "OBSERVACIONES"]);
    for (c, h) in titles.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    let mut bad = valid_row(1);
    bad[4] = "PASAPORTE".into();
    let rows = [bad, valid_row(2), valid_row(3)];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 4;
        for (c, v) in row.iter().enumerate() {
            if c == 8 {
                continue;
            }
            sheet.write_string(r, c as u16, v).unwrap();
        }
        let url = Url::new(format!("mailto:{}", row[8])).set_text("María Muñoz");
        sheet.write_url(r, 8, url).unwrap();
        sheet.write_string(r, 12, "SEDE NORTE").unwrap();
    }
    sheet.write_string(4, 13, "llamar antes").unwrap();
    let path = w.path("colegio.xlsx");
    book.save(&path).unwrap();
    path
}

fn file(json: &Value) -> &Value {
    &json["files"][0]
}

#[test]
fn a_returned_rejection_workbook_validates_again_with_its_ticket_and_no_warning_about_added_columns()
 {
    let w = Workdir::new();
    let input = w.copy(&example(), "formato.xlsx");
    let (_, first) = w.validate_json(&[input.to_str().unwrap()]);
    let rejected = file(&first)["counts"]["rejected"].as_u64().unwrap();
    // The school corrects nothing and sends it back as it is.
    let returned = w.copy(&w.path("formato.rechazos.xlsx"), "devuelto.xlsx");
    let (_, again) = w.validate_json(&[returned.to_str().unwrap()]);
    let again = file(&again);
    assert_eq!(again["ticket"], file(&first)["ticket"], "{again}");
    assert_eq!(again["rows"].as_array().unwrap().len() as u64, rejected);
    let warnings = again["file_warnings"].to_string();
    for added in ["FILA", "HOJA", "OBSERVACIONES", "TICKET"] {
        assert!(!warnings.contains(added), "{added}: {warnings}");
    }
    // No row is taken for data outside the form because of the added columns.
    assert!(
        !again["rows"]
            .to_string()
            .contains("DATOS_FUERA_DEL_FORMATO")
    );
}

#[test]
fn no_cell_a_school_reads_names_a_rule_code_or_the_help_desks_tools() {
    let code = regex::Regex::new(r"\b[A-Z]{2,}(_[A-Z0-9]+)+\b").unwrap();
    let banned = [
        "nivel 2",
        "historial",
        "estricto",
        "sigce reglas",
        "--",
        "mesa de ayuda nivel",
    ];
    for (source, strict) in [
        (example(), false),
        (example(), true),
        (fixture("reglas.xlsx"), false),
        (fixture("reglas.xlsx"), true),
    ] {
        let w = Workdir::new();
        let input = w.copy(&source, "formato.xlsx");
        let mut args = vec![input.to_str().unwrap()];
        if strict {
            args.insert(0, "--estricto");
        }
        w.validate_json(&args);
        for cell in all_cells(&w.path("formato.rechazos.xlsx")) {
            assert!(!code.is_match(&cell), "a rule code in «{cell}»");
            let lower = cell.to_lowercase();
            for word in banned {
                assert!(!lower.contains(word), "«{word}» in «{cell}»");
            }
        }
    }
}

#[test]
fn the_schools_own_columns_and_links_come_back_as_it_wrote_them() {
    let w = Workdir::new();
    let input = school_form(&w);
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 1, "{json}");
    let path = w.path("colegio.rechazos.xlsx");
    let table = rejection_table(&path);
    let titles = &table[0];
    let at = |t: &str| {
        titles
            .iter()
            .position(|h| h == t)
            .unwrap_or_else(|| panic!("{t}: {titles:?}"))
    };
    // After the form's columns, before the review's.
    assert!(at("TELEFONO") < at("SEDE") && at("SEDE") < at("OBSERVACIONES"));
    assert_eq!(at("OBSERVACIONES DE LA REVISIÓN"), titles.len() - 1);
    let row = &table[1];
    assert_eq!(row[0], "5");
    assert_eq!(row[at("SEDE")], "SEDE NORTE");
    assert_eq!(row[at("OBSERVACIONES")], "llamar antes");
    assert_eq!(row[at("TIPO DE DOCUMENTO")], "PASAPORTE");
    // The e-mail shows the name the school wrote, and still links to the address.
    assert_eq!(row[at("CORREO ELECTRONICO")], "María Muñoz");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("xl/worksheets/_rels/sheet1.xml.rels")
            .unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(rels.contains("mailto:p1@colegio.edu.co"), "{rels}");

    // The heading names the institution and the ticket from the form.
    let sheet = text_rows(&read_book(&path)[0].1);
    let heading: Vec<&str> = sheet.iter().take(6).map(|r| r[0].as_str()).collect();
    assert!(
        heading.contains(&"Institución: COLEGIO SAN JOSE"),
        "{heading:?}"
    );
    assert!(heading.contains(&"Ticket: 108805"), "{heading:?}");

    // Returned, the link is read again and the school's columns are its own.
    let returned = w.copy(&path, "devuelto.xlsx");
    let (_, again) = w.validate_json(&[returned.to_str().unwrap()]);
    let again = file(&again);
    assert_eq!(again["ticket"], "108805");
    let codes = common::row_codes(again);
    assert_eq!(codes.len(), 1, "{codes:?}");
    // The address was read from the link again, with its fix recorded.
    assert_eq!(codes[0].2, ["CORREO_ENLACE", "TIPO_DOCUMENTO_INVALIDO"]);
}

#[test]
fn the_workbook_prints_landscape_one_page_wide_with_its_header_on_every_page() {
    let w = Workdir::new();
    let input = w.copy(&example(), "formato.xlsx");
    w.validate_json(&[input.to_str().unwrap()]);
    let path = w.path("formato.rechazos.xlsx");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#));
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    let summary = read("xl/worksheets/sheet2.xml");
    assert!(summary.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    // The header row repeats on every printed page.
    let workbook = read("xl/workbook.xml");
    let header_row = rejection_header_row(&path);
    assert!(
        workbook.contains(&format!("'Para corregir'!${header_row}:${header_row}")),
        "{workbook}"
    );
    // Widths stay printable: one page wide at no less than about 60 %.
    let widths: f64 = regex::Regex::new(r#"width="([0-9.]+)""#)
        .unwrap()
        .captures_iter(&sheet)
        .map(|c| c[1].parse::<f64>().unwrap())
        .sum();
    assert!(widths < 240.0, "{widths}");
}

/// The 1-based row of the table's header.
fn rejection_header_row(path: &std::path::Path) -> usize {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range("Para corregir").unwrap();
    let start = range.start().unwrap().0 as usize;
    range
        .rows()
        .position(|r| r.iter().any(|c| *c == "PRIMER NOMBRE"))
        .unwrap()
        + start
        + 1
}
