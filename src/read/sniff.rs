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
    let lower: Vec<u8> = head.iter().take(512).map(u8::to_ascii_lowercase).collect();
    let text_start = trim_start(&lower);
    if text_start.starts_with(b"<!doctype html")
        || text_start.starts_with(b"<html")
        || text_start.starts_with(b"<table")
    {
        return Content::Other("una página web (HTML), no un libro de Excel");
    }
    if text_start.starts_with(b"<?xml") {
        return Content::Other(
            "un documento XML (quizá «Hoja de cálculo XML 2003»), no un libro de Excel",
        );
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
        || (zeros * 5 >= head.len() * 2 && zeros * 5 <= head.len() * 3);
    if !utf16 && (zeros * 100 > head.len() || controls * 20 > head.len()) {
        return Content::Other("un archivo binario desconocido");
    }
    Content::Text
}

fn trim_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
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
        assert!(matches!(detect(b"<html><table>"), Content::Other(_)));
        assert_eq!(detect(b"PRIMER NOMBRE;PRIMER APELLIDO\n"), Content::Text);
        assert_eq!(detect(b"BMW;AUDI\n"), Content::Text);
        assert_eq!(detect(b"\xFF\xFEP\x00R\x00"), Content::Text);
        assert!(matches!(detect(b"abc\x00\x01\x02"), Content::Other(_)));
        // A stray NUL in a long text file is still text.
        let mut csv = b"PRIMER NOMBRE;PRIMER APELLIDO\n".repeat(20);
        csv[40] = 0;
        assert_eq!(detect(&csv), Content::Text);
    }
}
