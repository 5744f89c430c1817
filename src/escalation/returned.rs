//! Level 2's returned list: the users it created for a ticket, as a
//! spreadsheet. Only three columns matter (document, e-mail, login); the
//! header is found by the validator's header names, so the clean file level
//! 2 received also works as a list.

use std::collections::HashMap;
use std::path::Path;

use crate::case::CaseError;
use crate::case::error::code;
use crate::field::Field;
use crate::headers::{built_in_target, header_key};
use crate::limits::Limits;
use crate::policy::HeaderTarget;
use crate::read::sheet::RawCell;
use crate::read::{self, Input};

/// Header names of the login column, as header keys.
const LOGIN_HEADERS: &[&str] = &[
    "USUARIO",
    "LOGIN",
    "USUARIO SIGCE",
    "USUARIO DE INGRESO",
    "USUARIO CREADO",
    "NOMBRE DE USUARIO",
];

/// How many rows from the top the header is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;

/// The list: document number → login (the e-mail when there is no login column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Returned {
    pub logins: HashMap<String, String>,
}

/// The digits of a document cell (a number cell or text with separators).
pub fn document_key(cell: &RawCell) -> String {
    cell.display()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_uppercase()
}

fn invalid(path: &Path, message: String) -> CaseError {
    CaseError::new(
        code::LISTADO_INVALIDO,
        format!("El listado de nivel 2 {}: {message}.", path.display()),
    )
    .with_help("Use el listado que devolvió nivel 2, con una columna de número de documento y una de usuario o correo.")
}

pub fn read(path: &Path) -> Result<Returned, CaseError> {
    let sheets = read::read_all(&Input::Path(path.to_path_buf()), None, &Limits::default())?;
    // Hidden sheets come with their first rows only: the list is a visible one.
    for sheet in sheets.iter().filter(|s| !s.hidden) {
        for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let mut document = None;
            let mut email = None;
            let mut login = None;
            for (col, cell) in row.cells.iter().enumerate() {
                let key = header_key(&cell.display());
                match built_in_target(&key) {
                    Some(HeaderTarget::Field(Field::NumeroDocumento)) => document = Some(col),
                    Some(HeaderTarget::Field(Field::Correo)) => email = Some(col),
                    _ if LOGIN_HEADERS.contains(&key.as_str()) => login = Some(col),
                    _ => {}
                }
            }
            let (Some(document), Some(login)) = (document, login.or(email)) else {
                continue;
            };
            let mut logins = HashMap::new();
            for data in &sheet.rows[i + 1..] {
                let doc = document_key(data.cell(document));
                let user = data.cell(login).display().trim().to_lowercase();
                if !doc.is_empty() && !user.is_empty() {
                    logins.insert(doc, user);
                }
            }
            if logins.is_empty() {
                return Err(invalid(
                    path,
                    "no tiene usuarios debajo del encabezado".into(),
                ));
            }
            return Ok(Returned { logins });
        }
    }
    Err(invalid(
        path,
        "no tiene un encabezado con NUMERO DE DOCUMENTO y USUARIO (o CORREO ELECTRONICO)".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_columns_under_a_title_and_reads_numbers_as_documents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listado.csv");
        std::fs::write(
            &path,
            "Usuarios creados ticket 108805,,\nNúmero de documento,Nombre,Usuario\n52.123.456,ANA,Ana@Colegio.edu.co\n,,\n79111222,LUIS,luis@colegio.edu.co\n",
        )
        .unwrap();
        let list = read(&path).unwrap();
        assert_eq!(list.logins.len(), 2);
        assert_eq!(list.logins["52123456"], "ana@colegio.edu.co");
    }

    #[test]
    fn a_list_without_the_columns_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listado.csv");
        std::fs::write(&path, "Nombre,Cargo\nANA,RECTORA\n").unwrap();
        let e = read(&path).unwrap_err();
        assert_eq!(e.code, code::LISTADO_INVALIDO);
        assert!(e.message.contains("NUMERO DE DOCUMENTO"));
    }
}
