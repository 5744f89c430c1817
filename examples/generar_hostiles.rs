//! Writes the hostile fixtures in fixtures/hostiles/: workbooks made to hurt
//! whoever opens them. Each is small on disk.
//!
//! Run: cargo run --release --example generar_hostiles

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const DIR: &str = "fixtures/hostiles";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

/// A header row the validator recognizes, as inline strings.
fn header_row() -> String {
    let headers = sigce::field::Field::ALL.map(|f| f.header());
    let cells: String = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let col = sigce::read::sheet::column_letters(i);
            format!(r#"<c r="{col}1" t="inlineStr"><is><t>{h}</t></is></c>"#)
        })
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// An XLSX whose sheet is `body` written in pieces (so huge sheets never sit in memory).
fn xlsx(name: &str, pieces: &mut dyn Iterator<Item = Vec<u8>>) -> std::io::Result<()> {
    let file = std::fs::File::create(format!("{DIR}/{name}"))?;
    let mut zip = ZipWriter::new(file);
    let deflate = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    for (path, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(path, deflate)?;
        zip.write_all(text.as_bytes())?;
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflate)?;
    for piece in pieces {
        zip.write_all(&piece)?;
    }
    zip.finish()?;
    Ok(())
}

fn main() -> std::io::Result<()> {
    std::fs::create_dir_all(DIR)?;

    // A zip bomb: a 1 MB file whose sheet inflates to 1.2 GB of spaces.
    let chunk = vec![b' '; 1 << 20];
    let mut bomb = std::iter::once(format!("{SHEET_START}{}", header_row()).into_bytes())
        .chain(std::iter::repeat_n(chunk, 1200))
        .chain(std::iter::once(SHEET_END.as_bytes().to_vec()));
    xlsx("bomba_zip.xlsx", &mut bomb)?;

    // One cell of 100 MB.
    let cell_start = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>"#;
    let cell_end = "</t></is></c></row>";
    let mut big =
        std::iter::once(format!("{SHEET_START}{}{cell_start}", header_row()).into_bytes())
            .chain(std::iter::repeat_n(vec![b'A'; 1 << 20], 100))
            .chain(std::iter::once(
                format!("{cell_end}{SHEET_END}").into_bytes(),
            ));
    xlsx("celda_100mb.xlsx", &mut big)?;

    // 16,384 columns: a value in the last column Excel has, XFD.
    let wide = format!(
        r#"{SHEET_START}{}<row r="2"><c r="A2" t="inlineStr"><is><t>ANA</t></is></c><c r="XFD2" t="inlineStr"><is><t>X</t></is></c></row>{SHEET_END}"#,
        header_row()
    );
    xlsx(
        "columnas_16384.xlsx",
        &mut std::iter::once(wide.into_bytes()),
    )?;

    // "Billion laughs": nested entities in a DOCTYPE.
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"#;
    xlsx(
        "entidades_xml.xlsx",
        &mut std::iter::once(laughs.as_bytes().to_vec()),
    )?;

    // 100,000 nested elements.
    let deep = format!(
        "{SHEET_START}{}{}{}{SHEET_END}",
        header_row(),
        "<row>".repeat(100_000),
        "</row>".repeat(100_000)
    );
    xlsx("anidado_xml.xlsx", &mut std::iter::once(deep.into_bytes()))?;

    xlsb_far_cell()?;
    Ok(())
}

/// An XLSB record: its type and length as 7-bit groups, then the payload.
fn record(typ: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = if typ < 0x80 {
        vec![typ as u8]
    } else {
        vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
    };
    assert!(payload.len() < 0x80);
    out.push(payload.len() as u8);
    out.extend_from_slice(payload);
    out
}

/// A length-prefixed UTF-16 string of XLSB.
fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// An XLSB whose sheet has a number in A1 and another in XFD1048576:
/// calamine's range of the sheet is dense (rows × columns cells).
fn xlsb_far_cell() -> std::io::Result<()> {
    let u32s = |v: &[u32]| v.iter().flat_map(|n| n.to_le_bytes()).collect::<Vec<u8>>();
    let mut bundle = u32s(&[0, 1]);
    bundle.extend(wide("rId1"));
    bundle.extend(wide("Hoja1"));
    let mut workbook = record(0x009C, &bundle);
    workbook.extend(record(0x0090, &[]));
    workbook.extend([0x9D, 0x01, 0x00]);
    let cell = |col: u32, value: f64| {
        let mut p = u32s(&[col, 0]);
        p.extend(value.to_le_bytes());
        record(0x0005, &p)
    };
    let mut sheet = record(0x0081, &[]);
    sheet.extend(record(0x0094, &u32s(&[0, 1_048_575, 0, 16_383])));
    sheet.extend(record(0x0091, &[]));
    sheet.extend(record(0x0000, &u32s(&[0])));
    sheet.extend(cell(0, 1.0));
    sheet.extend(record(0x0000, &u32s(&[1_048_575])));
    sheet.extend(cell(16_383, 2.0));
    sheet.extend(record(0x0092, &[]));
    let file = std::fs::File::create(format!("{DIR}/celda_xfd1048576.xlsb"))?;
    let mut zip = ZipWriter::new(file);
    let deflate = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#),
        ("xl/workbook.bin", &workbook),
        ("xl/_rels/workbook.bin.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#),
        ("xl/worksheets/sheet1.bin", &sheet),
    ];
    for (path, bytes) in parts {
        zip.start_file(path, deflate)?;
        zip.write_all(bytes)?;
    }
    zip.finish()?;
    Ok(())
}
