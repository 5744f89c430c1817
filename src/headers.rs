//! Headers: find the header row (it may sit below a title and instructions)
//! and map its columns to fields, whatever the case, accents, punctuation,
//! asterisks or "(obligatorio)" notes around the names.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use crate::config::{HeaderTarget, Policy};
use crate::error::FileError;
use crate::field::{Field, TICKET_ALIASES};
use crate::normalize::{collapse_spaces, fold_accents};
use crate::read::sheet::{RawCell, RawSheet, column_letters};
use crate::rules::{Issue, archivo, quote};

/// How many rows from the top may hold the header.
pub const HEADER_SCAN_ROWS: usize = 30;
/// Fewer recognized fields than this and a row is not a header.
const MIN_FIELDS: usize = 3;

/// The header of a sheet: which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderMap {
    /// Index of the header row in `RawSheet::rows`.
    pub row_index: usize,
    pub row_number: u32,
    pub columns: [Option<usize>; Field::COUNT],
    pub ticket_column: Option<usize>,
    /// Header problems that do not stop the file.
    pub warnings: Vec<Issue>,
}

impl HeaderMap {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field.index()]
    }
}

/// The sheet chosen from a workbook and its header.
#[derive(Debug)]
pub struct Located {
    pub sheet_index: usize,
    pub header: HeaderMap,
}

/// A header cell's text reduced to a comparable key: accents folded, upper
/// case, notes in parentheses, `*` and "obligatorio" dropped, punctuation as spaces.
pub fn header_key(text: &str) -> String {
    let folded = fold_accents(text).to_uppercase();
    let mut without_notes = String::with_capacity(folded.len());
    let mut depth = 0usize;
    for c in folded.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => without_notes.push(if c.is_alphanumeric() { c } else { ' ' }),
            _ => {}
        }
    }
    let words: Vec<&str> = without_notes
        .split_whitespace()
        .filter(|w| !matches!(*w, "OBLIGATORIO" | "OBLIGATORIA" | "OPCIONAL"))
        .collect();
    collapse_spaces(&words.join(" ")).into_owned()
}

/// Every accepted header, as a key, with what it maps to.
static TARGETS: LazyLock<HashMap<String, HeaderTarget>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for field in Field::ALL {
        for name in std::iter::once(&field.header()).chain(field.aliases()) {
            map.insert(header_key(name), HeaderTarget::Field(field));
        }
    }
    for name in TICKET_ALIASES {
        map.insert(header_key(name), HeaderTarget::Ticket);
    }
    map
});

/// What a header key means without any policy file.
pub fn built_in_target(key: &str) -> Option<HeaderTarget> {
    TARGETS.get(key).copied()
}

/// What a header key means: built-in names first, then the policy's.
fn target_of(key: &str, policy: &Policy) -> Option<HeaderTarget> {
    built_in_target(key).or_else(|| {
        policy
            .header_aliases
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| *t)
    })
}

/// What one candidate row maps.
struct Candidate {
    row_index: usize,
    fields: usize,
    complete: bool,
}

fn best_candidate(sheet: &RawSheet, policy: &Policy) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for (row_index, row) in sheet.rows.iter().enumerate().take(HEADER_SCAN_ROWS) {
        let mut seen = [false; Field::COUNT];
        // Headers are text: numbers, errors and empty cells are not looked up.
        for cell in row.cells.iter().filter(|c| matches!(c, RawCell::Text(_))) {
            if let Some(HeaderTarget::Field(f)) = target_of(&header_key(&cell.display()), policy) {
                seen[f.index()] = true;
            }
        }
        let fields = seen.iter().filter(|s| **s).count();
        let complete = Field::ALL
            .iter()
            .all(|f| !f.column_required() || seen[f.index()]);
        if fields >= MIN_FIELDS && best.as_ref().is_none_or(|b| fields > b.fields) {
            best = Some(Candidate {
                row_index,
                fields,
                complete,
            });
        }
    }
    best
}

/// Picks the sheet and header row: the first sheet whose header has every
/// required column, else the first with a recognizable header (which then
/// fails for its missing columns). Other form-like sheets give a warning.
pub fn locate(sheets: &[RawSheet], file: &str, policy: &Policy) -> Result<Located, FileError> {
    let candidates: Vec<(usize, Candidate)> = sheets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| best_candidate(s, policy).map(|c| (i, c)))
        .collect();
    let chosen = candidates
        .iter()
        .find(|(_, c)| c.complete)
        .or_else(|| candidates.first());
    let Some((sheet_index, candidate)) = chosen else {
        return Err(no_header(sheets, file));
    };
    let sheet = &sheets[*sheet_index];
    let mut header = map_row(sheet, candidate.row_index, file, policy)?;
    for (i, _) in candidates.iter().filter(|(i, _)| i != sheet_index) {
        let other = sheets[*i].name.as_deref().unwrap_or("");
        header.warnings.push(archivo::OTRA_HOJA_CON_FORMATO.issue(
            None,
            format!(
                "La hoja «{other}» también parece un formato de creación de usuarios y no se validó (se validó «{}»).",
                sheet.name.as_deref().unwrap_or("")
            ),
        ).with_help(format!("Si esa es la hoja correcta, use --hoja \"{other}\".")));
    }
    Ok(Located {
        sheet_index: *sheet_index,
        header,
    })
}

fn map_row(
    sheet: &RawSheet,
    row_index: usize,
    file: &str,
    policy: &Policy,
) -> Result<HeaderMap, FileError> {
    let row = &sheet.rows[row_index];
    let mut columns = [None; Field::COUNT];
    let mut ticket_column = None;
    let mut warnings = Vec::new();
    let mut found = Vec::new();
    for (col, cell) in row.cells.iter().enumerate() {
        let text = cell.display();
        if crate::normalize::is_blank(&text) {
            continue;
        }
        let cell_ref = format!("{}{}", column_letters(col), row.number);
        found.push(format!("{} ({cell_ref})", quote(text.trim())));
        match target_of(&header_key(&text), policy) {
            Some(HeaderTarget::Field(f)) if columns[f.index()].is_none() => {
                columns[f.index()] = Some(col)
            }
            Some(HeaderTarget::Ticket) if ticket_column.is_none() => ticket_column = Some(col),
            Some(_) => warnings.push(archivo::COLUMNA_REPETIDA.issue(
                None,
                format!(
                    "La columna {} ({cell_ref}) repite un campo que ya tiene columna; se ignora.",
                    quote(text.trim())
                ),
            )),
            None => warnings.push(archivo::COLUMNA_DESCONOCIDA.issue(
                None,
                format!(
                    "La columna {} ({cell_ref}) no es del formato; se ignora.",
                    quote(text.trim())
                ),
            )),
        }
    }
    let missing: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.column_required() && columns[f.index()].is_none())
        .map(|f| f.header())
        .collect();
    if !missing.is_empty() {
        let sheet_name = sheet
            .name
            .as_ref()
            .map(|n| format!(", hoja «{n}»"))
            .unwrap_or_default();
        return Err(FileError::new(
            &archivo::COLUMNAS_FALTANTES,
            format!(
                "En {file}{sheet_name}, al encabezado de la fila {} le faltan columnas obligatorias: {}. Columnas encontradas: {}.",
                row.number,
                missing.join(", "),
                found.join(", ")
            ),
        )
        .with_help("Use el formato oficial de creación de usuarios o agregue las columnas que faltan con esos nombres."));
    }
    for field in Field::ALL
        .iter()
        .filter(|f| !f.column_required() && columns[f.index()].is_none())
    {
        warnings.push(archivo::COLUMNA_OPCIONAL_AUSENTE.issue(
            Some(*field),
            format!(
                "El formato no tiene la columna {}; sus valores cuentan como vacíos.",
                field.header()
            ),
        ));
    }
    Ok(HeaderMap {
        row_index,
        row_number: row.number,
        columns,
        ticket_column,
        warnings,
    })
}

fn no_header(sheets: &[RawSheet], file: &str) -> FileError {
    let names: Vec<String> = sheets
        .iter()
        .filter_map(|s| s.name.as_ref().map(|n| quote(n)))
        .collect();
    let where_ = if names.is_empty() {
        format!("las primeras {HEADER_SCAN_ROWS} filas")
    } else {
        format!(
            "las primeras {HEADER_SCAN_ROWS} filas de las hojas {}",
            names.join(", ")
        )
    };
    FileError::new(
        &archivo::ENCABEZADO_NO_ENCONTRADO,
        format!(
            "No se encontró el encabezado del formato de creación de usuarios en {file}: se buscó en {where_} una fila con columnas como PRIMER NOMBRE, PRIMER APELLIDO, NUMERO DE DOCUMENTO, PERFIL, CORREO ELECTRONICO."
        ),
    )
    .with_help("Verifique que es el formato de creación de usuarios de SIGCE; si no lo es, pida que lo diligencien en el formato oficial.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::sheet::{RawCell, RawRow, SourceKind};

    fn sheet(rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            kind: SourceKind::Xlsx,
            name: Some("Hoja1".into()),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    number: i as u32 + 1,
                    cells: r.iter().map(|c| RawCell::Text(c.to_string())).collect(),
                })
                .collect(),
            rest: None,
        }
    }

    const FULL: &[&str] = &[
        "PRIMER NOMBRE",
        "SEGUNDO NOMBRE",
        "PRIMER APELLIDO",
        "SEGUNDO APELLIDO",
        "TIPO DE DOCUMENTO",
        "NUMERO DE DOCUMENTO",
        "PERFIL",
        "CODIGO DANE",
        "CORREO ELECTRONICO",
        "CARGO",
        "CORREO ALTERNO",
        "TELEFONO",
    ];

    #[test]
    fn aliases_are_unambiguous() {
        let mut seen = HashMap::new();
        for field in Field::ALL {
            for name in std::iter::once(&field.header()).chain(field.aliases()) {
                if let Some(other) = seen.insert(header_key(name), field) {
                    panic!("{name} maps to {other:?} and {field:?}");
                }
            }
        }
    }

    #[test]
    fn header_keys_ignore_decoration() {
        assert_eq!(header_key("N° DOCUMENTO*"), "N DOCUMENTO");
        assert_eq!(
            header_key("Correo electrónico\n(obligatorio)"),
            "CORREO ELECTRONICO"
        );
        assert_eq!(header_key("No. de documento"), "NO DE DOCUMENTO");
        assert_eq!(header_key("E-MAIL"), "E MAIL");
    }

    #[test]
    fn aliases_map_to_fields() {
        for (alias, field) in [
            ("No. de documento", Field::NumeroDocumento),
            ("N° DOCUMENTO", Field::NumeroDocumento),
            ("IDENTIFICACION", Field::NumeroDocumento),
            ("E-MAIL", Field::Correo),
            ("CORREO", Field::Correo),
            ("CORREO PERSONAL", Field::CorreoAlterno),
            ("CELULAR", Field::Telefono),
            ("TEL", Field::Telefono),
            ("COD DANE", Field::CodigoDane),
            ("DANE", Field::CodigoDane),
            ("ROL", Field::Perfil),
            ("PERFIL DE USUARIO", Field::Perfil),
            ("Teléfono*", Field::Telefono),
        ] {
            assert_eq!(
                built_in_target(&header_key(alias)),
                Some(HeaderTarget::Field(field)),
                "{alias}"
            );
        }
        assert_eq!(
            built_in_target(&header_key("TICKET")),
            Some(HeaderTarget::Ticket)
        );
        assert_eq!(built_in_target(&header_key("OBSERVACIONES")), None);
    }

    #[test]
    fn finds_header_below_a_title_block() {
        let s = sheet(&[
            &["FORMATO DE CREACION DE USUARIOS"],
            &["Diligencie en mayúsculas"],
            FULL,
            &["ANA"],
        ]);
        let located = locate(&[s], "f.xlsx", Policy::built_in()).unwrap();
        assert_eq!(located.header.row_number, 3);
        assert_eq!(located.header.column(Field::Telefono), Some(11));
        assert!(located.header.warnings.is_empty());
    }

    #[test]
    fn missing_required_column_is_a_file_error_listing_found_headers() {
        let s = sheet(&[&["PRIMER NOMBRE", "PRIMER APELLIDO", "PERFIL", "CARGO"]]);
        let err = locate(&[s], "f.xlsx", Policy::built_in()).unwrap_err();
        assert_eq!(err.code(), "COLUMNAS_FALTANTES");
        assert!(
            err.message.contains("NUMERO DE DOCUMENTO"),
            "{}",
            err.message
        );
        assert!(err.message.contains("«CARGO» (D1)"), "{}", err.message);
    }

    #[test]
    fn no_header_is_a_file_error() {
        let s = sheet(&[&["a", "b"], &["c"]]);
        assert_eq!(
            locate(&[s], "f.xlsx", Policy::built_in())
                .unwrap_err()
                .code(),
            "ENCABEZADO_NO_ENCONTRADO"
        );
    }

    #[test]
    fn policy_header_aliases_are_recognized() {
        let policy = crate::config::parse("[encabezados]\ncorreo = [\"MAIL SED\"]\n").unwrap();
        let mut header: Vec<&str> = FULL.to_vec();
        header[8] = "Mail SED";
        let located = locate(&[sheet(&[&header])], "f.xlsx", &policy).unwrap();
        assert_eq!(located.header.column(Field::Correo), Some(8));
        assert!(locate(&[sheet(&[&header])], "f.xlsx", Policy::built_in()).is_err());
    }

    #[test]
    fn unknown_and_optional_columns_warn() {
        let mut header: Vec<&str> = FULL
            .iter()
            .copied()
            .filter(|h| *h != "CORREO ALTERNO")
            .collect();
        header.insert(0, "No.");
        let located = locate(&[sheet(&[&header])], "f.xlsx", Policy::built_in()).unwrap();
        let codes: Vec<_> = located.header.warnings.iter().map(|w| w.code()).collect();
        assert_eq!(
            codes,
            vec!["COLUMNA_DESCONOCIDA", "COLUMNA_OPCIONAL_AUSENTE"]
        );
    }

    #[test]
    fn first_complete_sheet_wins_and_others_warn() {
        let mut a = sheet(&[FULL]);
        a.name = Some("Usuarios".into());
        let mut b = sheet(&[FULL]);
        b.name = Some("Copia".into());
        let located = locate(&[a, b], "f.xlsx", Policy::built_in()).unwrap();
        assert_eq!(located.sheet_index, 0);
        assert_eq!(located.header.warnings[0].code(), "OTRA_HOJA_CON_FORMATO");
    }
}
