//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine. Formula cells give
//! their cached value; error values stay errors so rules can point at them.

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::sheet::{RawCell, RawRow, RawSheet, SourceKind};
use crate::error::FileError;
use crate::rules::archivo;

type Bytes = Cursor<Vec<u8>>;

enum Book {
    Xlsx(Xlsx<Bytes>),
    Xlsb(Xlsb<Bytes>),
    Xls(Xls<Bytes>),
    Ods(Ods<Bytes>),
}

/// Why a container could not be opened.
enum OpenFailure {
    Password,
    Broken(String),
}

/// Reads the sheets of a workbook; `sheet_name` keeps only that sheet.
pub fn read(
    bytes: Vec<u8>,
    extension: Option<&str>,
    name: &str,
    sheet_name: Option<&str>,
) -> Result<Vec<RawSheet>, FileError> {
    let (mut book, kind) = open(bytes, extension).map_err(|failure| match failure {
        OpenFailure::Password => FileError::new(
            &archivo::ARCHIVO_PROTEGIDO,
            format!("El archivo {name} está protegido con contraseña y no se puede leer."),
        )
        .with_help(
            "Pida a la institución que quite la contraseña (Archivo > Información > Proteger libro) y lo envíe de nuevo.",
        ),
        OpenFailure::Broken(detail) => FileError::new(
            &archivo::ARCHIVO_DANADO,
            format!("El archivo {name} parece una hoja de cálculo pero está dañado o incompleto ({detail})."),
        )
        .with_help("Ábralo en Excel o LibreOffice; si abre, guárdelo de nuevo como .xlsx. Si no abre, pida que lo envíen otra vez."),
    })?;

    let names = sheet_names(&book);
    let wanted: Vec<String> = match sheet_name {
        None => names.clone(),
        Some(wanted) => {
            let found = names
                .iter()
                .find(|n| n.as_str() == wanted)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)));
            match found {
                Some(n) => vec![n.clone()],
                None => {
                    return Err(FileError::new(
                        &archivo::HOJA_NO_ENCONTRADA,
                        format!(
                            "El archivo {name} no tiene una hoja llamada «{wanted}». Sus hojas son: {}.",
                            quoted_list(&names)
                        ),
                    )
                    .with_help("Escriba en --hoja el nombre exacto de una de esas hojas, o quite --hoja para que se busque sola."));
                }
            }
        }
    };

    let mut sheets = Vec::new();
    for sheet in wanted {
        let range = range_of(&mut book, &sheet).map_err(|detail| {
            FileError::new(
                &archivo::ARCHIVO_DANADO,
                format!("No se pudo leer la hoja «{sheet}» del archivo {name} ({detail})."),
            )
            .with_help("Ábralo en Excel o LibreOffice y guárdelo de nuevo como .xlsx.")
        })?;
        let mut rows = rows_of(&range);
        if let Book::Xlsx(b) = &mut book {
            // Best effort: a sheet whose links cannot be read still has its values.
            let links = b.hyperlinks_by_sheet_name(&sheet).unwrap_or_default();
            apply_mail_links(&mut rows, &links);
        }
        sheets.push(RawSheet {
            kind,
            name: Some(sheet),
            rows,
            record_widths: None,
        });
    }
    Ok(sheets)
}

fn open(bytes: Vec<u8>, extension: Option<&str>) -> Result<(Book, SourceKind), OpenFailure> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        if is_encrypted_ooxml(&bytes) {
            return Err(OpenFailure::Password);
        }
        return match open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)) {
            Ok(b) => Ok((Book::Xls(b), SourceKind::Xls)),
            Err(calamine::XlsError::Password) => Err(OpenFailure::Password),
            Err(e) => Err(OpenFailure::Broken(e.to_string())),
        };
    }
    // A ZIP container: try the format the extension names first, then the others,
    // and report the first failure (the most likely one).
    let order: [SourceKind; 3] = match extension {
        Some("ods") => [SourceKind::Ods, SourceKind::Xlsx, SourceKind::Xlsb],
        Some("xlsb") => [SourceKind::Xlsb, SourceKind::Xlsx, SourceKind::Ods],
        _ => [SourceKind::Xlsx, SourceKind::Ods, SourceKind::Xlsb],
    };
    let mut first_failure = None;
    for kind in order {
        let cursor = Cursor::new(bytes.clone());
        let result = match kind {
            SourceKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
                .map(Book::Xlsx)
                .map_err(|e| match e {
                    calamine::XlsxError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
            SourceKind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map(Book::Ods)
                .map_err(|e| match e {
                    calamine::OdsError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
            _ => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
                .map(Book::Xlsb)
                .map_err(|e| match e {
                    calamine::XlsbError::Password => OpenFailure::Password,
                    e => OpenFailure::Broken(e.to_string()),
                }),
        };
        match result {
            Ok(book) => return Ok((book, kind)),
            Err(OpenFailure::Password) => return Err(OpenFailure::Password),
            Err(f) => {
                first_failure.get_or_insert(f);
            }
        }
    }
    Err(first_failure.unwrap_or(OpenFailure::Broken("formato desconocido".into())))
}

/// Excel saves a password-protected .xlsx as an OLE file holding an
/// "EncryptedPackage" stream; its directory names are UTF-16LE.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn sheet_names(book: &Book) -> Vec<String> {
    match book {
        Book::Xlsx(b) => b.sheet_names(),
        Book::Xlsb(b) => b.sheet_names(),
        Book::Xls(b) => b.sheet_names(),
        Book::Ods(b) => b.sheet_names(),
    }
}

fn range_of(book: &mut Book, sheet: &str) -> Result<Range<Data>, String> {
    match book {
        Book::Xlsx(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xlsb(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xls(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Ods(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
    }
}

/// Non-empty rows with their absolute row numbers and column positions.
fn rows_of(range: &Range<Data>) -> Vec<RawRow> {
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

/// A cell that shows a name ("Correo de María") but links to
/// `mailto:maria@colegio.edu.co` holds its address only in the link. It is
/// read as "Correo de María <mailto:maria@colegio.edu.co>", which the e-mail
/// normalizer unwraps with a recorded fix, so the address is neither lost nor
/// changed silently. Cells that already show an address are left alone.
fn apply_mail_links(rows: &mut [RawRow], links: &[calamine::Hyperlink]) {
    for link in links {
        let Some(target) = link.target.as_deref() else {
            continue;
        };
        if !target
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
        {
            continue;
        }
        let (row, col) = (link.range.start.0 + 1, link.range.start.1 as usize);
        let Some(raw) = rows.iter_mut().find(|r| r.number == row) else {
            continue;
        };
        let Some(cell) = raw.cells.get_mut(col) else {
            continue;
        };
        if let RawCell::Text(text) = cell
            && !text.contains('@')
        {
            *text = format!("{text} <{target}>");
        }
    }
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

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("«{n}»"))
        .collect::<Vec<_>>()
        .join(", ")
}
