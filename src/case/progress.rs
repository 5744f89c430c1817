//! What of a case is still to be asked, in the order of the script: the
//! identification block, the request type, then that type's questions.
//! Any front end of the intake (the terminal interview, a web form) asks
//! `pending(case)` in order, stores each answer (`Case::answer_item`, a
//! question's `store` then `Case::answered`) and saves the case; what it
//! leaves out is what the checklist accepts, so a case resumed with
//! «sigce atender --caso» asks exactly what «sigce escalar» would miss.
//!
//! An item is pending when it has no usable answer: empty and never
//! answered (an empty answer is remembered in `Case::answered_empty`),
//! empty while mandatory, or holding a value its check refuses. A list of
//! files is also pending while it is unfinished (`Case::is_unfinished`:
//! left before the empty answer that ends it); a front end asking it goes
//! on from the files already there.

use super::answers::{check_item, is_school};
use super::checklist::required;
use super::requests::Question;
use super::{Case, Item, Slot};

/// One thing to ask.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// An identification item; `mandatory`: an empty answer is refused.
    Item { item: Item, mandatory: bool },
    /// The request type (`tipo`).
    Request,
    /// A question of the request type.
    Question(&'static Question),
}

impl Step {
    /// The slot of the case file its answer fills (none for `tipo`).
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Step::Item { item, .. } => Some(Slot::Caller(*item)),
            Step::Request => None,
            Step::Question(q) => Some(q.slot()),
        }
    }
}

/// Whether `item` must not be answered empty, given what the case holds:
/// what the checklist requires, and the mobile when there is no landline
/// (one number to call back is needed).
pub fn mandatory(item: Item, case: &Case) -> bool {
    required(item, case.request_type(), &case.caller)
        || (item == Item::Celular && case.caller.get(Item::Telefono).is_empty())
}

/// Whether the interview asks `item` at all: the DANE code only of a
/// school (or when what is there is wrong, so that it can be corrected).
pub fn applies(item: Item, case: &Case) -> bool {
    item != Item::Dane
        || is_school(case.caller.get(Item::Poblacion))
        || !case.caller.get(Item::Dane).is_empty()
}

/// Whether `item` still needs an answer.
fn item_pending(item: Item, case: &Case) -> bool {
    if !applies(item, case) {
        return false;
    }
    match check_item(item, case.caller.get(item)) {
        Err(_) => true,
        Ok(value) if !value.is_empty() => false,
        Ok(_) => mandatory(item, case) || !case.is_answered_empty(Slot::Caller(item)),
    }
}

/// Whether a question of the case's type still needs an answer.
fn question_pending(q: &Question, case: &Case) -> bool {
    let slot = q.slot();
    if case.is_unfinished(slot) {
        return true;
    }
    (q.unanswered)(case) && !(q.optional() && case.is_answered_empty(slot))
}

/// Everything still to ask, in the script's order. Empty: the interview
/// is over (the checklist may still refuse a file that vanished, or a
/// form the validator cannot read).
pub fn pending(case: &Case) -> Vec<Step> {
    let mut steps: Vec<Step> = Item::ALL
        .into_iter()
        .filter(|item| item_pending(*item, case))
        .map(|item| Step::Item {
            item,
            mandatory: mandatory(item, case),
        })
        .collect();
    let Some(request) = case.request_type() else {
        steps.push(Step::Request);
        return steps;
    };
    steps.extend(
        request
            .questions
            .iter()
            .filter(|q| question_pending(q, case))
            .map(Step::Question),
    );
    steps
}

/// The next thing to ask, if any.
pub fn next(case: &Case) -> Option<Step> {
    pending(case).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::RequestType;

    fn items(case: &Case) -> Vec<(Item, bool)> {
        pending(case)
            .into_iter()
            .filter_map(|s| match s {
                Step::Item { item, mandatory } => Some((item, mandatory)),
                _ => None,
            })
            .collect()
    }

    fn keys(case: &Case) -> Vec<&'static str> {
        pending(case)
            .into_iter()
            .filter_map(|s| match s {
                Step::Question(q) => Some(q.key),
                _ => None,
            })
            .collect()
    }

    /// A caller answered up to the contact numbers, as a case left with Esc.
    fn left_at_the_phone() -> Case {
        let mut case = Case::default();
        for (item, value) in [
            (Item::Aplicacion, "SIGCE"),
            (Item::Ticket, "300600"),
            (Item::Cedula, "52123456"),
            (Item::Nombre, "ANA PEREZ"),
            (Item::Cargo, "RECTORA"),
        ] {
            case.answer_item(item, value);
        }
        case
    }

    #[test]
    fn a_case_left_with_esc_asks_every_item_never_answered() {
        let case = left_at_the_phone();
        assert_eq!(
            items(&case),
            [
                (Item::Telefono, false),
                (Item::Celular, true),
                (Item::Correo, true),
                (Item::Usuario, false),
                (Item::Poblacion, true),
                (Item::Ciudad, true),
            ]
        );
        assert_eq!(pending(&case).last(), Some(&Step::Request));
    }

    #[test]
    fn what_was_answered_empty_is_not_asked_again() {
        let mut case = left_at_the_phone();
        case.answer_item(Item::Telefono, "");
        case.answer_item(Item::Celular, "3101234567");
        case.answer_item(Item::Correo, "ana@colegio.edu.co");
        case.answer_item(Item::Usuario, "");
        case.answer_item(Item::Poblacion, "Secretaría de Educación");
        case.answer_item(Item::Ciudad, "Medellín");
        assert_eq!(items(&case), []);
        case.request = "conectividad".into();
        // The case file keeps the marks: a resumed case is where it was.
        let reread = crate::case::file::parse(&crate::case::file::render(&case)).unwrap();
        assert_eq!(pending(&reread), pending(&case));
        assert_eq!(keys(&case), ["sintoma", "descripcion"]);
        case.details.symptom = "sistema_caido".into();
        case.answered(Slot::Detail("sintoma"));
        case.answered(Slot::Detail("descripcion"));
        assert_eq!(pending(&case), []);
        assert!(crate::case::checklist::check(&case).is_ok());
    }

    #[test]
    fn an_empty_answer_that_became_mandatory_is_asked_again() {
        let mut case = left_at_the_phone();
        case.answer_item(Item::Telefono, "6015551234");
        case.answer_item(Item::Celular, "");
        case.answer_item(Item::Usuario, "");
        assert!(!items(&case).iter().any(|(i, _)| *i == Item::Celular));
        // A password recovery needs the login, though it was answered empty.
        case.request = RequestType::parse("recuperacion_contrasena")
            .unwrap()
            .key()
            .into();
        assert!(items(&case).contains(&(Item::Usuario, true)));
        // Without a landline the mobile is needed: both empty is never settled.
        case.answer_item(Item::Telefono, "");
        assert!(items(&case).contains(&(Item::Celular, true)));
    }

    #[test]
    fn a_wrong_value_is_asked_again_and_dane_only_of_a_school() {
        let mut case = left_at_the_phone();
        case.answer_item(Item::Poblacion, "MEN");
        assert!(!items(&case).iter().any(|(i, _)| *i == Item::Dane));
        case.answer_item(Item::Poblacion, "Colegio");
        assert!(items(&case).contains(&(Item::Dane, true)));
        case.answer_item(Item::Poblacion, "MEN");
        case.caller.set(Item::Dane, "12345");
        assert!(items(&case).contains(&(Item::Dane, false)));
        case.caller.set(Item::Cedula, "52-ABC");
        assert!(items(&case).contains(&(Item::Cedula, true)));
    }

    #[test]
    fn optional_questions_answered_empty_are_settled_mandatory_ones_never() {
        let mut case = left_at_the_phone();
        case.request = "incidente_modulo".into();
        assert_eq!(
            keys(&case),
            ["modulo", "descripcion", "procedimiento", "capturas"]
        );
        case.answered(Slot::Detail("capturas"));
        case.answered(Slot::Detail("procedimiento"));
        assert_eq!(keys(&case), ["modulo", "descripcion", "procedimiento"]);
        // A screenshot that is not there is asked again.
        case.details.screenshots = vec!["no_existe.png".into()];
        case.answered(Slot::Detail("capturas"));
        assert!(keys(&case).contains(&"capturas"));
    }

    #[test]
    fn an_unfinished_list_is_pending_a_finished_one_is_not() {
        let forms = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/casos");
        let mut case = left_at_the_phone();
        case.request = "creacion_usuarios".into();
        case.answered(Slot::Detail("descripcion"));
        assert_eq!(keys(&case), ["formatos"]);
        // Esc after the first form: the list has a file, but is not finished.
        case.details.forms = vec![forms.join("formato_108805.csv")];
        case.list_started(Slot::Detail("formatos"));
        assert!(case.is_unfinished(Slot::Detail("formatos")));
        assert_eq!(keys(&case), ["formatos"]);
        // Kept by the case file: a resumed case asks it again.
        let reread = crate::case::file::parse(&crate::case::file::render(&case)).unwrap();
        assert_eq!(keys(&reread), ["formatos"]);
        // The empty answer ends it.
        case.details.forms.push(forms.join("formato_108805.csv"));
        case.answered(Slot::Detail("formatos"));
        assert!(!case.is_unfinished(Slot::Detail("formatos")));
        assert_eq!(keys(&case), Vec::<&str>::new());
        // An optional list left midway is pending too, and settled when ended.
        case.request = "incidente_modulo".into();
        case.details.screenshots = vec![forms.join("captura_error_pmi.png")];
        case.list_started(Slot::Detail("capturas"));
        assert!(keys(&case).contains(&"capturas"));
        case.answered(Slot::Detail("capturas"));
        assert!(!keys(&case).contains(&"capturas"));
    }
}
