//! What a file really is, from its first bytes. People rename files; a
//! ".xlsx" may be a CSV, a PDF or a photo of the form.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Empty,
    /// A ZIP container: XLSX, XLSM, XLSB or ODS.
    Zip,
    /// An OLE compound file: XLS, or an encrypted (password-protected) OOXML workbook.
    Ole,
    /// Plain text: read as CSV.
    Text,
    /// Something else; the text says what it seems to be ("un PDF").
    Other(&'static str),
    /// A sheet Excel saved in one of its text formats, often named .xls.
    Export(Export),
}

/// The text formats Excel saves a sheet in that are not workbooks. Excel
/// opens them (after a warning when they are named .xls) and can save them
/// again as a real workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// «Página web» (HTML): a table with styles, often with a comment,
    /// `<meta>` or `<style>` before `<html>`.
    WebPage,
    /// «Hoja de cálculo XML 2003» (SpreadsheetML): `<Workbook
    /// xmlns="urn:schemas-microsoft-com:office:spreadsheet">`.
    Xml2003,
}

pub fn detect(bytes: &[u8]) -> Content {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "un documento PDF"),
        (b"\x89PNG", "una imagen PNG"),
        (b"\xFF\xD8\xFF", "una imagen JPEG"),
        (b"GIF8", "una imagen GIF"),
        (b"BM", "una imagen BMP"),
        (b"II*\x00", "una imagen TIFF"),
        (b"MM\x00*", "una imagen TIFF"),
        (b"RIFF", "una imagen o un audio (RIFF)"),
        (b"{\\rtf", "un documento RTF"),
        (b"Rar!", "un archivo comprimido RAR"),
        (b"7z\xBC\xAF", "un archivo comprimido 7z"),
        (b"\x1F\x8B", "un archivo comprimido gzip"),
    ];
    if bytes.is_empty() {
        return Content::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Content::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Ole;
    }
    // BMP's "BM" is too short to trust alone: also require its header size field.
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig)
            && (*sig != b"BM" || bytes.len() > 14 && bytes[6..10] == [0, 0, 0, 0])
        {
            return Content::Other(what);
        }
    }
    let head = &bytes[..bytes.len().min(4096)];
    if let Some(content) = markup(head) {
        return content;
    }
    // Text has no zero bytes, except UTF-16 (every other byte) and the odd
    // stray NUL a broken export leaves, which the cleaning removes. Many
    // zeros and other control bytes mean a binary file.
    let zeros = head.iter().filter(|b| **b == 0).count();
    let controls = head
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | 0 | 0x0C))
        .count();
    let utf16 = head.starts_with(&[0xFF, 0xFE])
        || head.starts_with(&[0xFE, 0xFF])
        || (zeros * 5 >= head.len() * 2 && zeros * 5 <= head.len() * 3)
        || super::csv::utf16_without_bom(head).is_some();
    if !utf16 && (zeros * 100 > head.len() || controls * 20 > head.len()) {
        return Content::Other("un archivo binario desconocido");
    }
    Content::Text
}

/// HTML and XML, whatever comes before their first element (a comment, a
/// `<?xml ...?>` prolog, a doctype, whitespace) and in UTF-8 or UTF-16 with
/// or without BOM. `None` when the text does not start with markup.
fn markup(head: &[u8]) -> Option<Content> {
    const HTML_TAGS: &[&str] = &[
        "html", "head", "body", "meta", "style", "title", "link", "script", "base", "table",
        "thead", "tbody", "tr", "td", "th", "col", "colgroup", "div", "span", "p", "br", "font",
    ];
    const SPREADSHEET_NS: &str = "urn:schemas-microsoft-com:office:spreadsheet";
    let text = head_text(head).to_lowercase();
    let mut rest = text.trim_start_matches(is_blank);
    if !rest.starts_with('<') {
        return None;
    }
    let (mut prolog, mut doctype_html) = (false, false);
    loop {
        rest = rest.trim_start_matches(is_blank);
        let skip_past = |rest: &str, end: &str| rest.find(end).map(|i| i + end.len());
        let skipped = if rest.starts_with("<!--") {
            skip_past(rest, "-->")
        } else if rest.starts_with("<?") {
            prolog = true;
            if rest.starts_with("<?mso-application") && rest.contains("excel.sheet") {
                return Some(Content::Export(Export::Xml2003));
            }
            skip_past(rest, "?>")
        } else if rest.starts_with("<!doctype") {
            doctype_html |= rest.starts_with("<!doctype html");
            skip_past(rest, ">")
        } else {
            break;
        };
        match skipped {
            Some(n) => rest = &rest[n..],
            // The head ends inside the comment: the document is still markup.
            None => {
                rest = "";
                break;
            }
        }
    }
    let tag: String = rest
        .strip_prefix('<')
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_'))
        .collect();
    // "ss:Workbook", "x:ExcelWorkbook": the name after the namespace prefix.
    let local = tag.rsplit(':').next().unwrap_or("");
    if local == "workbook" || (text.contains(SPREADSHEET_NS) && !text.contains("<html")) {
        return Some(Content::Export(Export::Xml2003));
    }
    if doctype_html
        || HTML_TAGS.contains(&local)
        || text.contains("<html")
        || text.contains("<table")
    {
        return Some(Content::Export(Export::WebPage));
    }
    // "<NOMBRE>;<APELLIDO>" could be a CSV's header; after a prolog it is XML.
    prolog.then_some(Content::Other("un documento XML, no un libro de Excel"))
}

/// The start of the file as text: UTF-16 (by BOM or by its zero bytes) or
/// else UTF-8, bad bytes replaced. The end may cut a character: it is lost.
fn head_text(head: &[u8]) -> String {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    if let Some(rest) = head.strip_prefix(b"\xFF\xFE") {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = head.strip_prefix(b"\xFE\xFF") {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    match super::csv::utf16_without_bom(head) {
        Some(true) => UTF_16LE.decode_without_bom_handling(head).0.into_owned(),
        Some(false) => UTF_16BE.decode_without_bom_handling(head).0.into_owned(),
        None => {
            let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
            String::from_utf8_lossy(head).into_owned()
        }
    }
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect(b""), Content::Empty);
        assert_eq!(detect(b"PK\x03\x04rest"), Content::Zip);
        assert_eq!(
            detect(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Content::Ole
        );
        assert_eq!(detect(b"%PDF-1.7\n"), Content::Other("un documento PDF"));
        assert_eq!(detect(b"\x89PNG\r\n"), Content::Other("una imagen PNG"));
        // Recognized as the web page it is, not just "something else".
        assert_eq!(detect(b"<html><table>"), Content::Export(Export::WebPage));
        assert_eq!(detect(b"PRIMER NOMBRE;PRIMER APELLIDO\n"), Content::Text);
        assert_eq!(detect(b"BMW;AUDI\n"), Content::Text);
        assert_eq!(detect(b"\xFF\xFEP\x00R\x00"), Content::Text);
        assert!(matches!(detect(b"abc\x00\x01\x02"), Content::Other(_)));
        // A stray NUL in a long text file is still text.
        let mut csv = b"PRIMER NOMBRE;PRIMER APELLIDO\n".repeat(20);
        csv[40] = 0;
        assert_eq!(detect(&csv), Content::Text);
    }

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if little { b"\xFF\xFE" } else { b"\xFE\xFF" });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    const TABLE: &str = "<table><tr><td>PRIMER NOMBRE</td><td>PRIMER APELLIDO</td></tr></table>";
    const XML_2003: &str = "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Hoja1\"><Table><Row><Cell><Data ss:Type=\"String\">PRIMER NOMBRE</Data></Cell></Row></Table></Worksheet></Workbook>";

    #[test]
    fn a_web_page_saved_as_xls_is_recognized_whatever_comes_first() {
        let pages = [
            format!("<!-- Generado por el sistema -->\n<html>{TABLE}</html>"),
            format!(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">{TABLE}"
            ),
            format!("<style>td {{ mso-number-format:\\@; }}</style>\n{TABLE}"),
            format!("\u{feff}  \r\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0//EN\">{TABLE}"),
            format!(
                "<?xml version=\"1.0\"?>\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">{TABLE}</html>"
            ),
            format!("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">{TABLE}</html>"),
        ];
        for page in &pages {
            assert_eq!(
                detect(page.as_bytes()),
                Content::Export(Export::WebPage),
                "{page}"
            );
            for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
                assert_eq!(
                    detect(&utf16(page, little, bom)),
                    Content::Export(Export::WebPage),
                    "{page} little-endian {little} BOM {bom}"
                );
            }
        }
    }

    #[test]
    fn an_xml_2003_spreadsheet_is_recognized_with_or_without_its_prolog() {
        let books = [
            format!(
                "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n{XML_2003}"
            ),
            format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n{XML_2003}"),
            XML_2003.to_string(),
            format!("<!-- exportado -->\n{XML_2003}"),
            "<ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"></ss:Workbook>"
                .to_string(),
        ];
        for book in &books {
            assert_eq!(
                detect(book.as_bytes()),
                Content::Export(Export::Xml2003),
                "{book}"
            );
            for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
                assert_eq!(
                    detect(&utf16(book, little, bom)),
                    Content::Export(Export::Xml2003),
                    "{book} little-endian {little} BOM {bom}"
                );
            }
        }
        // Other XML is said to be XML; a CSV header in angle brackets is a CSV.
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><factura/>"),
            Content::Other("un documento XML, no un libro de Excel")
        );
        assert_eq!(
            detect(b"<PRIMER NOMBRE>;<PRIMER APELLIDO>\n"),
            Content::Text
        );
    }
}
