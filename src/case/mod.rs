//! A help-desk case: who called (the identification block the script asks for
//! every case), what they need (the request type, one file each in
//! `requests/`) and that type's details.
//! It lives in a TOML file, `caso_<ticket>.toml`, that `sigce atender` writes
//! and `sigce escalar` reads; a person can also fill it by hand, so its keys
//! are Spanish and every error names the line.

pub mod answers;
pub mod checklist;
pub mod destination;
pub mod error;
pub mod file;
pub mod progress;
pub mod requests;

use std::collections::BTreeSet;
use std::path::PathBuf;

pub use destination::Destination;
pub use error::CaseError;
pub use requests::{Request, RequestType};

/// The identification block, asked for every case, in the script's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Aplicacion,
    Ticket,
    Cedula,
    Nombre,
    Cargo,
    Telefono,
    Celular,
    Correo,
    Usuario,
    Poblacion,
    Ciudad,
    Dane,
}

impl Item {
    pub const COUNT: usize = 12;
    pub const ALL: [Item; Item::COUNT] = [
        Item::Aplicacion,
        Item::Ticket,
        Item::Cedula,
        Item::Nombre,
        Item::Cargo,
        Item::Telefono,
        Item::Celular,
        Item::Correo,
        Item::Usuario,
        Item::Poblacion,
        Item::Ciudad,
        Item::Dane,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The key in `[llamante]`.
    pub fn key(self) -> &'static str {
        match self {
            Item::Aplicacion => "aplicacion",
            Item::Ticket => "ticket",
            Item::Cedula => "cedula",
            Item::Nombre => "nombre",
            Item::Cargo => "cargo",
            Item::Telefono => "telefono",
            Item::Celular => "celular",
            Item::Correo => "correo",
            Item::Usuario => "usuario",
            Item::Poblacion => "poblacion",
            Item::Ciudad => "ciudad",
            Item::Dane => "dane",
        }
    }

    /// How the e-mail body and the checklist name it.
    pub fn label(self) -> &'static str {
        match self {
            Item::Aplicacion => "Aplicación",
            Item::Ticket => "Ticket de mesa de ayuda",
            Item::Cedula => "Cédula",
            Item::Nombre => "Nombre completo",
            Item::Cargo => "Cargo",
            Item::Telefono => "Teléfono",
            Item::Celular => "Celular",
            Item::Correo => "Correo electrónico",
            Item::Usuario => "Usuario (login)",
            Item::Poblacion => "Población llamante",
            Item::Ciudad => "Ciudad",
            Item::Dane => "Código DANE",
        }
    }

    /// What the agent asks, and the hint shown under the question when the
    /// answer may be empty (see `hint` for the one of a mandatory answer).
    pub fn question(self) -> (&'static str, &'static str) {
        match self {
            Item::Aplicacion => ("Aplicación", "Esta mesa atiende SIGCE"),
            Item::Ticket => (
                "Número de ticket de mesa de ayuda",
                "Solo dígitos, por ejemplo 108805",
            ),
            Item::Cedula => ("Cédula de quien llama", "Solo dígitos, sin puntos"),
            Item::Nombre => ("Nombre completo", "Nombres y apellidos"),
            Item::Cargo => ("Cargo", "Por ejemplo RECTOR, DOCENTE, SECRETARIA"),
            Item::Telefono => (
                "Teléfono fijo",
                "Un solo número, con indicativo (601...); vacío si no tiene",
            ),
            Item::Celular => ("Celular", "Un solo número de 10 dígitos (3...)"),
            Item::Correo => ("Correo electrónico de contacto", "usuario@dominio.com"),
            Item::Usuario => (
                "Usuario de SIGCE (login)",
                "El correo con el que ingresa; vacío si aún no tiene usuario",
            ),
            Item::Poblacion => (
                "Población llamante",
                "Colegio, Secretaría de Educación, MEN...",
            ),
            Item::Ciudad => ("Ciudad", "Municipio desde el que llama"),
            Item::Dane => (
                "Código DANE del establecimiento",
                "12 dígitos; vacío si no llama desde un colegio",
            ),
        }
    }

    /// The hint under the question: a mandatory answer is never offered
    /// the empty answer ("vacío si aún no tiene usuario" for a password
    /// recovery would send the agent round in circles).
    pub fn hint(self, mandatory: bool) -> &'static str {
        let (_, hint) = self.question();
        if !mandatory {
            return hint;
        }
        match self {
            Item::Telefono => "Un solo número, con indicativo (601...)",
            Item::Celular => {
                "Un solo número de 10 dígitos (3...); hace falta un teléfono o un celular"
            }
            Item::Usuario => "El correo con el que ingresa a SIGCE",
            Item::Dane => "Los 12 dígitos del código del establecimiento educativo",
            _ => hint,
        }
    }
}

/// A key of the case file that one answer of the interview fills:
/// `[llamante] <item>` or `[solicitud] <clave>`. The case remembers which
/// of them were answered empty on purpose (`[atencion] sin_dato`), so that
/// "answered empty" is never taken for "not asked yet".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Caller(Item),
    /// One of `file::DETAIL_KEYS`.
    Detail(&'static str),
}

impl Slot {
    /// As the case file writes it: `llamante.telefono`, `solicitud.capturas`.
    pub fn path(self) -> String {
        match self {
            Slot::Caller(item) => format!("llamante.{}", item.key()),
            Slot::Detail(key) => format!("solicitud.{key}"),
        }
    }

    /// Whether it holds a list of files (`formatos`, `capturas`).
    pub fn is_file_list(self) -> bool {
        matches!(self, Slot::Detail(key) if Details::default().files(key).is_some())
    }

    /// The slot a path of `sin_dato` names (also a bare item key, as a
    /// person may write it).
    pub fn parse(text: &str) -> Option<Slot> {
        let text = text.trim();
        let (section, key) = text.split_once('.').unwrap_or(("llamante", text));
        match section {
            "llamante" => Item::ALL
                .into_iter()
                .find(|i| i.key() == key)
                .map(Slot::Caller),
            "solicitud" => file::DETAIL_KEYS
                .iter()
                .find(|k| **k == key)
                .map(|k| Slot::Detail(k)),
            _ => None,
        }
    }
}

/// Who called. Every value is kept as typed (trimmed); checks normalize.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    values: [String; Item::COUNT],
}

impl Caller {
    pub fn get(&self, item: Item) -> &str {
        &self.values[item.index()]
    }

    pub fn set(&mut self, item: Item, value: impl Into<String>) {
        self.values[item.index()] = value.into().trim().to_string();
    }

    /// The ticket number (digits), once the checklist has passed.
    pub fn ticket(&self) -> &str {
        self.get(Item::Ticket)
    }
}

/// The details of the request; which are needed depends on its type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// Forms for user creation, relative to the case file's folder.
    pub forms: Vec<PathBuf>,
    pub module: String,
    pub description: String,
    pub procedure: String,
    /// Screenshots, relative to the case file's folder.
    pub screenshots: Vec<PathBuf>,
    /// The new address, for an e-mail update.
    pub new_email: String,
    /// What the caller sees, for connectivity.
    pub symptom: String,
}

impl Details {
    /// Whether the detail under `key` (one of `file::DETAIL_KEYS`) holds nothing.
    pub fn is_empty(&self, key: &str) -> bool {
        match key {
            "formatos" => self.forms.is_empty(),
            "capturas" => self.screenshots.is_empty(),
            "modulo" => self.module.trim().is_empty(),
            "descripcion" => self.description.trim().is_empty(),
            "procedimiento" => self.procedure.trim().is_empty(),
            "correo_nuevo" => self.new_email.trim().is_empty(),
            "sintoma" => self.symptom.trim().is_empty(),
            _ => true,
        }
    }

    /// The text answer of a key of `[solicitud]` (`None` for a list of files
    /// or a key that does not exist).
    pub fn text(&self, key: &str) -> Option<&str> {
        Some(match key {
            "modulo" => &self.module,
            "descripcion" => &self.description,
            "procedimiento" => &self.procedure,
            "correo_nuevo" => &self.new_email,
            "sintoma" => &self.symptom,
            _ => return None,
        })
    }

    /// The files of a key of `[solicitud]` (`formatos`, `capturas`).
    pub fn files(&self, key: &str) -> Option<&[PathBuf]> {
        match key {
            "formatos" => Some(&self.forms),
            "capturas" => Some(&self.screenshots),
            _ => None,
        }
    }

    /// The list of files of a key, to add to (`formatos`, `capturas`).
    pub fn files_mut(&mut self, key: &str) -> Option<&mut Vec<PathBuf>> {
        match key {
            "formatos" => Some(&mut self.forms),
            "capturas" => Some(&mut self.screenshots),
            _ => None,
        }
    }
}

/// One case, as read from its file or gathered by `sigce atender`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    /// `tipo` as written (checked by the checklist).
    pub request: String,
    pub caller: Caller,
    pub details: Details,
    /// The folder relative paths are resolved from (the case file's).
    pub base_dir: PathBuf,
    /// What was asked and answered empty on purpose (no landline, no login
    /// yet, no screenshot). Only empty slots are kept here: a value typed
    /// later takes its slot out (`Case::answered`).
    pub answered_empty: BTreeSet<Slot>,
    /// The lists of files (`formatos`, `capturas`) whose asking stopped
    /// after some files, before the empty answer that ends them
    /// (`[atencion] sin_terminar`): still to ask, from the files already
    /// there. A list not marked is finished, as in every file written
    /// before this mark existed.
    pub unfinished: BTreeSet<Slot>,
}

impl Case {
    /// Whether `slot` holds nothing.
    pub fn is_blank(&self, slot: Slot) -> bool {
        match slot {
            Slot::Caller(item) => self.caller.get(item).is_empty(),
            Slot::Detail(key) => self.details.is_empty(key),
        }
    }

    /// Records that the question filling `slot` has been answered, after
    /// its value was stored: an empty value is remembered as answered
    /// empty, so that it is not asked again; a value clears that mark.
    pub fn answered(&mut self, slot: Slot) {
        self.unfinished.remove(&slot);
        if self.is_blank(slot) {
            self.answered_empty.insert(slot);
        } else {
            self.answered_empty.remove(&slot);
        }
    }

    /// Stores the answer to an identification item and records it as answered.
    pub fn answer_item(&mut self, item: Item, value: impl Into<String>) {
        self.caller.set(item, value);
        self.answered(Slot::Caller(item));
    }

    /// Records that a list of files got one more file while it is asked
    /// one file at a time: until `answered`, it is still to finish.
    pub fn list_started(&mut self, slot: Slot) {
        self.answered_empty.remove(&slot);
        self.unfinished.insert(slot);
    }

    /// Whether the list of files under `slot` has files and was left
    /// before its end (more files may follow).
    pub fn is_unfinished(&self, slot: Slot) -> bool {
        self.unfinished.contains(&slot) && !self.is_blank(slot)
    }

    /// Whether `slot` was asked and answered empty (and still is empty).
    pub fn is_answered_empty(&self, slot: Slot) -> bool {
        self.answered_empty.contains(&slot) && self.is_blank(slot)
    }

    pub fn request_type(&self) -> Option<RequestType> {
        RequestType::parse(&self.request)
    }

    /// A path of the case, resolved from the case file's folder.
    pub fn resolve(&self, path: &std::path::Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_names_a_key_of_its_details() {
        let mut d = Details::default();
        for t in RequestType::ALL {
            for q in t.questions {
                assert!(
                    d.text(q.key).is_some() || d.files(q.key).is_some(),
                    "{}: {}",
                    t.key(),
                    q.key
                );
                // Clearing its answer empties that key and no other.
                d.description = "x".into();
                q.prompt.clear(&mut d);
                assert!(
                    d.text(q.key).is_some_and(str::is_empty)
                        || d.files(q.key).is_some_and(<[PathBuf]>::is_empty)
                );
                assert_eq!(d.description.is_empty(), q.key == "descripcion");
            }
        }
        assert!(d.files_mut("capturas").is_some() && d.files_mut("modulo").is_none());
    }

    #[test]
    fn a_typed_answer_is_judged_by_its_question() {
        use requests::Prompt;
        let caller = Caller::default();
        let incident = RequestType::parse("incidente_modulo").unwrap();
        let q = |key: &str| {
            &incident
                .questions
                .iter()
                .find(|q| q.key == key)
                .unwrap()
                .prompt
        };
        assert_eq!(
            q("procedimiento").check(&caller, "  "),
            Err(requests::question::MANDATORY.to_string())
        );
        assert_eq!(
            q("modulo").check(&caller, "Evaluaciones").as_deref(),
            Ok("Evaluaciones")
        );
        assert!(q("modulo").check(&caller, "Matrícula").is_err());
        assert!(matches!(q("capturas"), Prompt::Files { .. }));
        let mut d = Details::default();
        q("modulo").store(&mut d, "Evaluaciones");
        assert_eq!(d.module, "Evaluaciones");
    }

    #[test]
    fn items_are_in_index_order() {
        for (i, item) in Item::ALL.iter().enumerate() {
            assert_eq!(item.index(), i);
        }
    }

    #[test]
    fn slots_read_back_from_their_paths() {
        for item in Item::ALL {
            let slot = Slot::Caller(item);
            assert_eq!(Slot::parse(&slot.path()), Some(slot));
        }
        for key in file::DETAIL_KEYS {
            let slot = Slot::Detail(key);
            assert_eq!(Slot::parse(&slot.path()), Some(slot));
        }
        assert_eq!(Slot::parse("telefono"), Some(Slot::Caller(Item::Telefono)));
        assert_eq!(Slot::parse("llamante.fax"), None);
        assert_eq!(Slot::parse("solicitud.telefono"), None);
        assert_eq!(Slot::parse("otra.cosa"), None);
    }

    #[test]
    fn an_empty_answer_is_kept_apart_from_a_question_not_asked() {
        let mut case = Case::default();
        assert!(!case.is_answered_empty(Slot::Caller(Item::Telefono)));
        case.answer_item(Item::Telefono, "  ");
        assert!(case.is_answered_empty(Slot::Caller(Item::Telefono)));
        // A value typed later clears the mark.
        case.answer_item(Item::Telefono, "6015551234");
        assert!(!case.is_answered_empty(Slot::Caller(Item::Telefono)));
        assert!(case.answered_empty.is_empty());
        // A mark whose slot got a value some other way does not count.
        case.answered_empty.insert(Slot::Caller(Item::Celular));
        case.caller.set(Item::Celular, "3101234567");
        assert!(!case.is_answered_empty(Slot::Caller(Item::Celular)));
    }

    #[test]
    fn a_mandatory_prompt_never_offers_the_empty_answer() {
        for item in Item::ALL {
            assert!(
                !item.hint(true).contains("vacío"),
                "{item:?}: {}",
                item.hint(true)
            );
        }
        assert!(
            Item::Usuario
                .hint(false)
                .contains("vacío si aún no tiene usuario")
        );
    }
}
