//! The opened container: calamine's reader for each workbook format, how
//! one is chosen from the bytes and the extension, and what it tells about
//! its sheets (names, visibility, sheets that are copies of another).

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::Bytes;
use crate::read::sheet::SourceKind;

pub(super) enum Book {
    Xlsx(Xlsx<Bytes>),
    Xlsb(Xlsb<Bytes>),
    Xls(Xls<Bytes>),
    Ods(Ods<Bytes>),
}

/// Why a container could not be opened.
pub(super) enum OpenFailure {
    Password,
    Broken(String),
}

/// Sheets whose part an earlier sheet already points at: a hostile
/// workbook names one part from a thousand sheets so it is parsed a
/// thousand times. Excel never writes that; such a sheet holds exactly the
/// cells of the first one.
pub(super) fn copied_sheets(book: &Book, sheet_parts: &[String]) -> Vec<String> {
    let metadata = match book {
        Book::Xlsx(b) => b.sheets_metadata(),
        Book::Xlsb(b) => b.sheets_metadata(),
        _ => return Vec::new(),
    };
    if metadata.len() != sheet_parts.len() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    metadata
        .iter()
        .zip(sheet_parts)
        .filter(|(_, part)| !part.is_empty() && !seen.insert(part.as_str()))
        .map(|(sheet, _)| sheet.name.clone())
        .collect()
}

pub(super) fn open(
    bytes: Vec<u8>,
    extension: Option<&str>,
) -> Result<(Book, SourceKind), OpenFailure> {
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

/// Worksheets only: chart sheets and dialog sheets hold no cells.
/// `visible_only` leaves out hidden and very hidden sheets.
pub(super) fn sheet_names(book: &Book, visible_only: bool) -> Vec<String> {
    let sheets = match book {
        Book::Xlsx(b) => b.sheets_metadata(),
        Book::Xlsb(b) => b.sheets_metadata(),
        Book::Xls(b) => b.sheets_metadata(),
        Book::Ods(b) => b.sheets_metadata(),
    };
    sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .filter(|s| !visible_only || s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

pub(super) fn range_of(book: &mut Book, sheet: &str) -> Result<Range<Data>, String> {
    match book {
        Book::Xlsx(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xlsb(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Xls(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
        Book::Ods(b) => b.worksheet_range(sheet).map_err(|e| e.to_string()),
    }
}
