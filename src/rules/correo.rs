//! E-mail addresses. The main e-mail becomes the user's login, so it must be
//! one plain address; the alternate one is optional.

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};

use super::escritura;
use crate::field::Field;
use crate::normalize::NormalizedRow;
use crate::policy::Settings;
use crate::text::is_address;

pub static CORREO_MULTIPLE: RuleMeta = RuleMeta {
    code: "CORREO_MULTIPLE",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "La celda de correo tiene más de una dirección.",
    doc: RuleDoc {
        why: "Procedimiento de mesa de ayuda: «el correo electrónico va en minúscula y sin hipervínculo». El correo es el usuario de ingreso: va una sola dirección por celda.",
        bad: "«ana@x.co; ana2@x.co»",
        good: "«ana@x.co»",
        todo: "Deje una sola dirección; la otra puede ir en CORREO ALTERNO.",
    },
    school: Some(ForSchool::under(
        Field::Correo,
        "Otro correo de la persona va en CORREO ALTERNO, no en esta celda.",
    )),
};
pub static CORREO_SINTAXIS: RuleMeta = RuleMeta {
    code: "CORREO_SINTAXIS",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "El correo no es una dirección válida (usuario@dominio.ext, sin espacios, una sola @).",
    doc: RuleDoc {
        why: "El correo es el usuario de ingreso a SIGCE: debe ser una dirección válida (usuario@dominio.ext, sin espacios, una sola @, sin tildes).",
        bad: "«ana perez@colegio»",
        good: "«ana.perez@colegio.edu.co»",
        todo: "Escriba la dirección completa y correcta.",
    },
    school: Some(ForSchool::under(
        Field::Correo,
        "La dirección completa, como usuario@dominio.com: sin espacios ni tildes y con una sola @.",
    )),
};
pub static CORREO_DOMINIO_PROBABLE_ERROR: RuleMeta = RuleMeta {
    code: "CORREO_DOMINIO_PROBABLE_ERROR",
    severity: Severity::Warning,
    scope: Scope::Row,
    field: None,
    summary: "El dominio del correo parece un error de digitación de un proveedor conocido (gmial.com, hotmial.com, gmail.co).",
    doc: RuleDoc {
        why: "Un dominio casi igual al de un proveedor conocido suele ser un error de digitación, y con él la persona nunca recibiría la cuenta. Es solo un aviso: el valor no se cambia.",
        bad: "«ana@gmial.com»",
        good: "«ana@gmail.com»",
        todo: "Confirme el correo; si estaba bien, no cambie nada.",
    },
    school: Some(ForSchool::under(
        Field::Correo,
        "Revise que lo que va después de la @ esté bien escrito: gmail.com, no gmial.com; hotmail.com, no hotmial.com.",
    )),
};
pub static CORREO_ALTERNO_IGUAL: RuleMeta = RuleMeta {
    code: "CORREO_ALTERNO_IGUAL",
    severity: Severity::Warning,
    scope: Scope::Row,
    field: Some(Field::CorreoAlterno),
    summary: "El correo alterno es igual al correo principal.",
    doc: RuleDoc {
        why: "El correo alterno sirve para recuperar la cuenta; igual al principal no aporta nada.",
        bad: "CORREO y CORREO ALTERNO «ana@x.co»",
        good: "CORREO «ana@colegio.edu.co», CORREO ALTERNO «ana@gmail.com»",
        todo: "Escriba otro correo o deje vacío el alterno.",
    },
    school: Some(ForSchool::new(
        "Si la persona no tiene otro correo, deje la celda vacía: no repita el principal.",
    )),
};

pub fn check(row: &NormalizedRow, settings: &Settings, issues: &mut Vec<Issue>) {
    let policy = settings.policy;
    let main_ok = check_address(row, Field::Correo, &policy.typo_domains, issues);
    let alt_ok = check_address(row, Field::CorreoAlterno, &policy.typo_domains, issues);
    if let (Some(main), Some(alt)) = (main_ok, alt_ok)
        && main == alt
    {
        issues.push(
            CORREO_ALTERNO_IGUAL
                .issue(
                    Some(Field::CorreoAlterno),
                    format!(
                        "El correo alterno {} es el mismo correo principal.",
                        quote(alt)
                    ),
                )
                .with_help("Escriba otro correo de la persona o deje vacío el correo alterno."),
        );
    }
}

/// Checks one address; returns it when it is valid.
fn check_address<'a>(
    row: &'a NormalizedRow,
    field: Field,
    providers: &[String],
    issues: &mut Vec<Issue>,
) -> Option<&'a str> {
    let value = row.get(field)?;
    if value.matches('@').count() > 1 {
        issues.push(
            CORREO_MULTIPLE
                .issue(
                    Some(field),
                    format!(
                        "{} {} tiene más de una dirección.",
                        field.header(),
                        quote(value)
                    ),
                )
                .with_help("Escriba una sola dirección de correo por celda."),
        );
        return None;
    }
    // Before the syntax, which would reject it too but without saying which
    // letter is not what it looks like.
    if let Some(issue) = escritura::check_email(field, value) {
        issues.push(issue);
        return None;
    }
    if !is_address(value) {
        issues.push(
            CORREO_SINTAXIS
                .issue(
                    Some(field),
                    format!("{} {} no es una dirección de correo válida.", field.header(), quote(value)),
                )
                .with_help("Escriba la dirección completa, como usuario@dominio.com, sin espacios ni tildes."),
        );
        return None;
    }
    if let Some(suggestion) = domain_typo(value, providers) {
        issues.push(
            CORREO_DOMINIO_PROBABLE_ERROR
                .issue(
                    Some(field),
                    format!(
                        "El dominio de {} {} parece mal escrito.",
                        field.header(),
                        quote(value)
                    ),
                )
                .with_help(format!(
                    "¿Quiso decir {}? Si el correo es correcto, no cambie nada.",
                    quote(&suggestion)
                )),
        );
    }
    Some(value)
}

/// The address with its domain corrected, when the domain looks like a typo
/// of one of the `providers`.
pub fn domain_typo(address: &str, providers: &[String]) -> Option<String> {
    let (local, domain) = address.rsplit_once('@')?;
    if providers.iter().any(|p| p == domain) {
        return None;
    }
    providers
        .iter()
        // Two edits change the length by two at most: skip the distance for
        // the rest (most domains, like colegio.edu.co, end here).
        .filter(|known| domain.len().abs_diff(known.len()) <= 2)
        .map(|known| (known, strsim::damerau_levenshtein(domain, known)))
        // Short domains are one keystroke apart from each other ("gmx.com",
        // "msn.com"): only longer ones get a second edit.
        .filter(|(known, d)| *d <= if known.len() > 9 { 2 } else { 1 })
        .min_by_key(|(_, d)| *d)
        .map(|(known, _)| format!("{local}@{known}"))
}

pub static ALL: &[&RuleMeta] = &[
    &CORREO_MULTIPLE,
    &CORREO_SINTAXIS,
    &CORREO_DOMINIO_PROBABLE_ERROR,
    &CORREO_ALTERNO_IGUAL,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{codes, row};

    fn mail(v: &str) -> Vec<&'static str> {
        codes(&row(&[(Field::Correo, v)]), check)
    }

    #[test]
    fn correo_sintaxis() {
        for ok in [
            "ana@colegio.edu.co",
            "ana.perez+sigce@gmail.com",
            "a_b-c@sub.dominio.gov.co",
        ] {
            assert!(mail(ok).is_empty(), "{ok}");
        }
        for bad in [
            "ana",
            "ana@",
            "@colegio.co",
            "ana@colegio",
            "ana perez@x.co",
            "ana..p@x.co",
            "josé@x.co",
            "ana@-x.co",
            "-ana@x.co",
            "+ana@x.co",
            "=ana@x.co",
        ] {
            assert_eq!(mail(bad), vec!["CORREO_SINTAXIS"], "{bad}");
        }
    }

    #[test]
    fn a_domain_with_look_alike_letters_is_rejected_by_name() {
        for bad in [
            "ana@g\u{43E}\u{43E}gle.com",
            "ana@colegi\u{3BF}.edu.co",
            "\u{430}na@colegio.edu.co",
            "ana@\u{43F}\u{440}\u{438}\u{43C}\u{435}\u{440}.\u{440}\u{444}",
        ] {
            assert_eq!(mail(bad), vec!["CARACTERES_NO_LATINOS"], "{bad}");
            let r = row(&[(Field::CorreoAlterno, bad)]);
            assert_eq!(codes(&r, check), vec!["CARACTERES_NO_LATINOS"], "{bad}");
        }
        // The ASCII form of an international domain is a plain domain.
        assert!(mail("ana@xn--ggle-55da.com").is_empty());
        // A Latin accent is still a syntax error.
        assert_eq!(mail("ana@colegió.edu.co"), vec!["CORREO_SINTAXIS"]);
    }

    #[test]
    fn correo_multiple() {
        assert_eq!(mail("a@x.co; b@x.co"), vec!["CORREO_MULTIPLE"]);
        assert_eq!(mail("a@x.co / b@x.co"), vec!["CORREO_MULTIPLE"]);
        assert_eq!(mail("a@b@x.co"), vec!["CORREO_MULTIPLE"]);
    }

    #[test]
    fn correo_dominio_probable_error() {
        assert_eq!(mail("ana@gmial.com"), vec!["CORREO_DOMINIO_PROBABLE_ERROR"]);
        assert_eq!(
            mail("ana@hotmial.com"),
            vec!["CORREO_DOMINIO_PROBABLE_ERROR"]
        );
        assert_eq!(mail("ana@gmail.co"), vec!["CORREO_DOMINIO_PROBABLE_ERROR"]);
        assert!(mail("ana@gmail.com").is_empty());
        assert!(mail("ana@educacionbogota.edu.co").is_empty());
        let providers = &crate::policy::Policy::built_in().typo_domains;
        assert_eq!(
            domain_typo("ana@gmial.com", providers).as_deref(),
            Some("ana@gmail.com")
        );
        // The policy file can name other providers.
        let une = vec!["une.net.co".to_string()];
        assert_eq!(
            domain_typo("ana@une.net.com", &une).as_deref(),
            Some("ana@une.net.co")
        );
        assert_eq!(domain_typo("ana@gmial.com", &une), None);
    }

    #[test]
    fn correo_alterno_igual() {
        let r = row(&[(Field::CorreoAlterno, "ANA.PEREZ@colegio.edu.co")]);
        assert_eq!(codes(&r, check), vec!["CORREO_ALTERNO_IGUAL"]);
        let r = row(&[(Field::CorreoAlterno, "ana@gmail.com")]);
        assert!(codes(&r, check).is_empty());
    }
}
