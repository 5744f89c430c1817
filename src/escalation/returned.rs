//! Level 2's returned list: the users it created for a ticket, as a
//! spreadsheet, and how it compares with the users sent. Only three columns
//! matter (document, e-mail, login); the header is found by the validator's
//! header names, so the clean file level 2 received also works as a list.

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

/// Header names of a column that says whether the user was created.
const STATUS_HEADERS: &[&str] = &[
    "ESTADO",
    "ESTADO CREACION",
    "ESTADO DE CREACION",
    "ESTADO DEL USUARIO",
    "RESULTADO",
    "CREADO",
    "CREADO SI NO",
    "CREADO SI O NO",
    "CREADO SINO",
    "USUARIO CREADO SI NO",
];

/// Header names of level 2's remarks on a row.
const REMARK_HEADERS: &[&str] = &[
    "OBSERVACIONES",
    "OBSERVACION",
    "OBSERVACIONES NIVEL 2",
    "COMENTARIOS",
    "COMENTARIO",
    "MOTIVO",
    "NOVEDAD",
    "NOVEDADES",
];

/// How many rows from the top the header is looked for in.
const HEADER_SEARCH_ROWS: usize = 30;

/// What level 2 says of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Created,
    /// Not created, or a status that does not clearly say created: the
    /// person is never told to log in on a guess. Level 2's words.
    NotCreated(String),
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The row number a person sees in the list.
    pub row: u32,
    /// Document key (`document_key`).
    pub document: String,
    pub email: String,
    pub login: String,
    pub status: Status,
    /// The row's TICKET, when the list has that column.
    pub ticket: Option<String>,
}

/// The list, in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Returned {
    pub rows: Vec<Listed>,
    /// Whether it has a TICKET column.
    pub has_tickets: bool,
}

impl Returned {
    /// The rows of one ticket (all of them when the list has no TICKET column).
    pub fn of_ticket(&self, ticket: &str) -> Returned {
        Returned {
            rows: self
                .rows
                .iter()
                .filter(|r| r.ticket.as_deref().is_none_or(|t| t == ticket))
                .cloned()
                .collect(),
            has_tickets: self.has_tickets,
        }
    }

    /// Only the rows that name `ticket`: in a list of several tickets a row
    /// without one belongs to none of them (see `without_ticket`).
    pub fn naming(&self, ticket: &str) -> Returned {
        Returned {
            rows: self
                .rows
                .iter()
                .filter(|r| r.ticket.as_deref() == Some(ticket))
                .cloned()
                .collect(),
            has_tickets: self.has_tickets,
        }
    }

    /// The rows with an empty TICKET cell.
    pub fn without_ticket(&self) -> impl Iterator<Item = &Listed> {
        self.rows.iter().filter(|r| r.ticket.is_none())
    }

    /// The tickets the list names, in order of appearance.
    pub fn tickets(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for t in self.rows.iter().filter_map(|r| r.ticket.clone()) {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        seen
    }
}

/// The digits of a document cell (a number cell or text with separators).
pub fn document_key(cell: &RawCell) -> String {
    cell.display()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_uppercase()
}

/// What a status cell and a remark say: created only when the status says
/// so (or, without a status column, when there is a login).
pub fn status_of(status: Option<&str>, remark: &str, login: &str) -> Status {
    let reason = |status: &str| {
        let parts: Vec<&str> = [status.trim(), remark.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        parts.join(" – ")
    };
    let Some(text) = status.filter(|s| !s.trim().is_empty()) else {
        return if login.is_empty() {
            Status::NotCreated(reason("sin usuario en el listado"))
        } else {
            Status::Created
        };
    };
    let key = header_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    const REFUSED: &[&str] = &[
        "RECHAZ",
        "ERROR",
        "FALL",
        "EXISTE",
        "DUPLICAD",
        "PENDIENTE",
        "INVALID",
        "DEVUELT",
    ];
    let refused = words.first() == Some(&"NO")
        || words.windows(2).any(|w| w == ["NO", "CREADO"])
        || REFUSED.iter().any(|r| key.contains(r));
    let created = [
        "SI", "OK", "CREADO", "CREADA", "EXITOSO", "ACTIVO", "ACTIVADO", "LISTO",
    ]
    .iter()
    .any(|w| words.contains(w));
    if created && !refused {
        Status::Created
    } else {
        Status::NotCreated(reason(text))
    }
}

fn invalid(path: &Path, message: String) -> CaseError {
    CaseError::new(
        code::LISTADO_INVALIDO,
        format!("El listado de nivel 2 {}: {message}.", path.display()),
    )
    .with_help("Use el listado que devolvió nivel 2, con una columna de número de documento y una de usuario o correo.")
}

/// The columns of the list's header.
#[derive(Default)]
struct Columns {
    document: Option<usize>,
    email: Option<usize>,
    login: Option<usize>,
    status: Option<usize>,
    remark: Option<usize>,
    ticket: Option<usize>,
}

fn columns(row: &crate::read::sheet::RawRow) -> Columns {
    let mut c = Columns::default();
    for (col, cell) in row.cells.iter().enumerate() {
        let key = header_key(&cell.display());
        match built_in_target(&key) {
            Some(HeaderTarget::Field(Field::NumeroDocumento)) => c.document = Some(col),
            Some(HeaderTarget::Field(Field::Correo)) => c.email = Some(col),
            Some(HeaderTarget::Ticket) => c.ticket = Some(col),
            _ if LOGIN_HEADERS.contains(&key.as_str()) => c.login = Some(col),
            _ if STATUS_HEADERS.contains(&key.as_str()) => c.status = Some(col),
            _ if REMARK_HEADERS.contains(&key.as_str()) => c.remark = Some(col),
            _ => {}
        }
    }
    c
}

pub fn read(path: &Path) -> Result<Returned, CaseError> {
    let sheets = read::read_all(&Input::Path(path.to_path_buf()), None, &Limits::default())?;
    // Hidden sheets come with their first rows only: the list is a visible one.
    for sheet in sheets.iter().filter(|s| !s.hidden) {
        for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
            let c = columns(row);
            let Some(document) = c.document else {
                continue;
            };
            if c.login.is_none() && c.email.is_none() {
                continue;
            }
            let text = |data: &crate::read::sheet::RawRow, col: Option<usize>| {
                col.map(|col| data.cell(col).display().trim().to_string())
                    .unwrap_or_default()
            };
            let mut rows = Vec::new();
            for data in &sheet.rows[i + 1..] {
                let doc = document_key(data.cell(document));
                if doc.is_empty() {
                    continue;
                }
                let email = text(data, c.email).to_lowercase();
                let login = match c.login {
                    Some(_) => text(data, c.login).to_lowercase(),
                    None => email.clone(),
                };
                let status = status_of(
                    c.status.map(|_| text(data, c.status)).as_deref(),
                    &text(data, c.remark),
                    &login,
                );
                let ticket = c
                    .ticket
                    .map(|col| document_key(data.cell(col)))
                    .filter(|t| !t.is_empty());
                rows.push(Listed {
                    row: data.number,
                    document: doc,
                    email,
                    login,
                    status,
                    ticket,
                });
            }
            if rows.is_empty() {
                return Err(invalid(
                    path,
                    "no tiene usuarios debajo del encabezado".into(),
                ));
            }
            return Ok(Returned {
                rows,
                has_tickets: c.ticket.is_some(),
            });
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
    /// Sent and created, with their login.
    pub created: Vec<Created>,
    /// Sent and listed as not created, with level 2's reason.
    pub not_created: Vec<(SentUser, String)>,
    /// Sent but not in the list.
    pub missing: Vec<SentUser>,
    /// Listed without having been sent: their documents.
    pub extra: Vec<String>,
}

/// Each user sent (once per document, in the order sent), matched in the
/// list by document, else by e-mail: never by row order.
pub fn compare(requested: Vec<SentUser>, list: &Returned) -> Comparison {
    let mut found = Comparison::default();
    let mut seen = std::collections::HashSet::new();
    let mut matched = vec![false; list.rows.len()];
    for user in requested {
        if !seen.insert(user.document.to_uppercase()) {
            continue;
        }
        let document = user.document.to_uppercase();
        let email = user.email.to_lowercase();
        let at = list
            .rows
            .iter()
            .position(|r| r.document == document)
            .or_else(|| {
                list.rows
                    .iter()
                    .position(|r| !email.is_empty() && r.email == email)
            });
        match at {
            Some(i) => {
                matched[i] = true;
                match &list.rows[i].status {
                    Status::Created => found.created.push(Created {
                        login: list.rows[i].login.clone(),
                        user,
                    }),
                    Status::NotCreated(reason) => found.not_created.push((user, reason.clone())),
                }
            }
            None => found.missing.push(user),
        }
    }
    found.extra = list
        .rows
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(r, _)| r.document.clone())
        .collect();
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
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.rows[0].document, "52123456");
        assert_eq!(list.rows[0].login, "ana@colegio.edu.co");
        assert_eq!(list.rows[0].status, Status::Created);
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
        let listed = |doc: &str, email: &str, status: Status| Listed {
            row: 0,
            document: doc.into(),
            email: email.into(),
            login: email.into(),
            status,
            ticket: None,
        };
        let list = Returned {
            rows: vec![
                listed("99999999", "otra@x.co", Status::Created),
                listed("E1234567", "e@x.co", Status::Created),
                // Found by e-mail although level 2 mistyped the document.
                listed("2X", "2@x.co", Status::Created),
                listed(
                    "3",
                    "3@x.co",
                    Status::NotCreated("NO CREADO – ya existe".into()),
                ),
            ],
            has_tickets: false,
        };
        let found = compare(
            vec![user("E1234567"), user("1"), user("1"), user("2"), user("3")],
            &list,
        );
        let logins: Vec<&str> = found.created.iter().map(|c| c.login.as_str()).collect();
        assert_eq!(logins, ["e@x.co", "2@x.co"]);
        assert_eq!(
            found.not_created,
            vec![(user("3"), "NO CREADO – ya existe".to_string())]
        );
        assert_eq!(found.missing, vec![user("1")]);
        assert_eq!(found.extra, vec!["99999999".to_string()]);
    }

    /// A row marked «NO CREADO – documento ya existe» was told to the school
    /// as created, with its first password.
    #[test]
    fn a_status_column_that_says_not_created_is_never_read_as_created() {
        for (status, remark) in [
            ("NO CREADO – documento ya existe", ""),
            ("No", "El documento ya tiene usuario"),
            ("Rechazado", "correo inválido"),
            ("Pendiente", ""),
            ("¿?", ""),
        ] {
            match status_of(Some(status), remark, "ana@x.co") {
                Status::NotCreated(reason) => assert!(reason.contains(status.trim()), "{reason}"),
                Status::Created => panic!("«{status}» read as created"),
            }
        }
        for status in ["CREADO", "Sí", "OK", "Creado exitosamente", "SI"] {
            assert_eq!(
                status_of(Some(status), "", "ana@x.co"),
                Status::Created,
                "{status}"
            );
        }
        assert_eq!(status_of(None, "", "ana@x.co"), Status::Created);
        assert!(matches!(status_of(None, "", ""), Status::NotCreated(_)));
    }

    #[test]
    fn status_remarks_and_tickets_are_read_from_their_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listado.csv");
        std::fs::write(
            &path,
            "TICKET,NUMERO DE DOCUMENTO,USUARIO,ESTADO,OBSERVACIONES\n108805,52123456,ana.perez,CREADO,\n108805,79111222,,NO CREADO,documento ya existe\n108900,1010,otra,SI,\n",
        )
        .unwrap();
        let list = read(&path).unwrap();
        assert!(list.has_tickets);
        assert_eq!(list.tickets(), ["108805", "108900"]);
        let mine = list.of_ticket("108805");
        assert_eq!(mine.rows.len(), 2);
        assert_eq!(
            mine.rows[1].status,
            Status::NotCreated("NO CREADO – documento ya existe".into())
        );
    }
}
