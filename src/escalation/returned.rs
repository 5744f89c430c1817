//! Level 2's returned list: the users it created for a ticket, as a
//! spreadsheet, and how it compares with the users sent. Only three columns
//! matter (document, e-mail, login); the header is found by the validator's
//! header names, so the clean file level 2 received also works as a list.

use std::collections::HashMap;
use std::path::Path;

use super::draft::Created;
use crate::case::CaseError;
use crate::case::error::code;
use crate::field::Field;
use crate::headers::{built_in_target, header_key};
use crate::ledger::SentUser;
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

/// What level 2's list says of the users sent to it.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Sent and in the list, with their login.
    pub created: Vec<Created>,
    /// Sent but not in the list.
    pub missing: Vec<SentUser>,
    /// In the list without having been sent (left out of the answer).
    pub extra: usize,
}

/// Each user sent (once per document, in the order sent) found in the list
/// or not.
pub fn compare(requested: Vec<SentUser>, list: &Returned) -> Comparison {
    let mut found = Comparison::default();
    let mut seen = std::collections::HashSet::new();
    for user in requested {
        if !seen.insert(user.document.clone()) {
            continue;
        }
        match list.logins.get(&user.document.to_uppercase()) {
            Some(login) => found.created.push(Created {
                login: login.clone(),
                user,
            }),
            None => found.missing.push(user),
        }
    }
    found.extra = list.logins.keys().filter(|d| !seen.contains(*d)).count();
    found
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

    #[test]
    fn each_user_sent_is_created_or_missing_once_and_the_rest_is_extra() {
        let user = |doc: &str| SentUser {
            document_type: "CE".into(),
            document: doc.into(),
            email: format!("{doc}@x.co"),
            name: doc.into(),
        };
        let list = Returned {
            logins: HashMap::from([
                ("E1234567".to_string(), "e@x.co".to_string()),
                ("99999999".to_string(), "otra@x.co".to_string()),
            ]),
        };
        let found = compare(vec![user("E1234567"), user("1"), user("1")], &list);
        assert_eq!(found.created.len(), 1);
        assert_eq!(found.created[0].login, "e@x.co");
        assert_eq!(found.missing, vec![user("1")]);
        assert_eq!(found.extra, 1);
    }
}
