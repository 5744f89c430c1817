//! Spanish as a person writes it: a count with the noun (or verb) that
//! agrees with it, and the contractions «al» and «del». Every message that
//! says how many of something there are goes through `count` or `agree`, so
//! that none says "1 advertencias". A leaf: it imports nothing of the crate.

/// `n` and the form that agrees with it: «1 fila», «0 filas», «3 filas».
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agree(n, one, many))
}

/// The form that agrees with `n`, without the number: a verb («se pidió»,
/// «se pidieron»), an adjective, or a noun said apart from its count.
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// «a» before `phrase`, contracted with the article «el»: «al Datacenter»,
/// «a nivel 2», «a quien lo solicitó». A capital «El» is part of a name
/// («a El Carmen de Bolívar») and is not contracted.
pub fn to(phrase: &str) -> String {
    contract("a", "al", phrase)
}

/// «de» before `phrase`, contracted with «el»: «del Datacenter», «de nivel 2».
pub fn of(phrase: &str) -> String {
    contract("de", "del", phrase)
}

/// `phrase` as the start of a sentence: its first letter in capitals
/// («espera a nivel 2» → «Espera a nivel 2»).
pub fn sentence(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn contract(preposition: &str, contracted: &str, phrase: &str) -> String {
    match phrase.strip_prefix("el ") {
        Some(rest) => format!("{contracted} {rest}"),
        None => format!("{preposition} {phrase}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_starts_with_a_capital_and_keeps_the_rest() {
        assert_eq!(sentence("espera a nivel 2"), "Espera a nivel 2");
        assert_eq!(sentence("él dijo"), "Él dijo");
        assert_eq!(sentence("Ya empieza"), "Ya empieza");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(0, "advertencia", "advertencias"), "0 advertencias");
        assert_eq!(count(1, "advertencia", "advertencias"), "1 advertencia");
        assert_eq!(count(2, "advertencia", "advertencias"), "2 advertencias");
        assert_eq!(
            format!("1 usuario que no se {}", agree(1, "pidió", "pidieron")),
            "1 usuario que no se pidió"
        );
        assert_eq!(agree(3, "pidió", "pidieron"), "pidieron");
    }

    #[test]
    fn a_and_de_contract_with_el_only() {
        assert_eq!(to("el Datacenter"), "al Datacenter");
        assert_eq!(of("el Datacenter"), "del Datacenter");
        assert_eq!(to("nivel 2"), "a nivel 2");
        assert_eq!(of("nivel 2"), "de nivel 2");
        assert_eq!(to("quien lo solicitó"), "a quien lo solicitó");
        assert_eq!(to("El Carmen de Bolívar"), "a El Carmen de Bolívar");
        assert_eq!(to("la institución"), "a la institución");
        assert_eq!(to("elena"), "a elena");
    }
}
