//! The alphabet: SIGCE accounts are written in Latin letters. A letter of
//! another alphabet in a name, a cargo or an e-mail is either a look-alike (a
//! Cyrillic «А» in «PАBLO», pasted from another document or typed with
//! another keyboard layout), which would create an account nobody finds by
//! its name, or a name that must be written as on the Colombian document.
//! The name, cargo and e-mail rules ask this module first.

use unicode_script::{Script, UnicodeScript};

use crate::diagnostic::{Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;

pub static CARACTERES_NO_LATINOS: RuleMeta = RuleMeta {
    code: "CARACTERES_NO_LATINOS",
    severity: Severity::Error,
    scope: Scope::Row,
    field: None,
    summary: "Un nombre, apellido, cargo o correo tiene letras de otro alfabeto (cirílico, griego...), aunque se parezcan a las latinas.",
    doc: RuleDoc {
        why: "Las cuentas de SIGCE se escriben con el alfabeto latino. Una letra cirílica o griega que se ve igual a una latina («А» en «PАBLO») crea un usuario que nadie encuentra al buscarlo por su nombre y, en el dominio de un correo, es otra dirección (a veces una suplantación). Un nombre escrito entero en otro alfabeto debe ir como en el documento colombiano.",
        bad: "«PАBLO» (con la «А» cirílica, U+0410)",
        good: "«PABLO»",
        todo: "Escriba de nuevo el valor con el teclado en español, solo con letras latinas.",
    },
    school: None,
};

pub static ALL: &[&RuleMeta] = &[&CARACTERES_NO_LATINOS];

/// Whether `c` belongs to an alphabet other than the Latin one. Digits,
/// punctuation and combining accents are common to every script and pass;
/// a private-use or unassigned code point counts as foreign.
fn is_foreign(c: char) -> bool {
    // Below the Greek block every character is Latin, common or a combining mark.
    c >= '\u{370}'
        && !matches!(
            c.script(),
            Script::Latin | Script::Common | Script::Inherited
        )
}

/// The first character of another alphabet in `value`.
pub fn first_foreign(value: &str) -> Option<char> {
    if value.is_ascii() {
        return None;
    }
    value.chars().find(|c| is_foreign(*c))
}

/// The issue for a name, surname or cargo with a letter of another alphabet.
pub fn check_text(field: Field, value: &str) -> Option<Issue> {
    let c = first_foreign(value)?;
    let help = match field {
        Field::Cargo => "Escriba el cargo solo con letras latinas, por ejemplo DOCENTE o RECTOR.",
        _ => {
            "Escriba el nombre solo con letras latinas, como aparece en el documento de identidad colombiano."
        }
    };
    Some(issue(field, value, c, "", help))
}

/// The issue for an e-mail address with a letter of another alphabet, in
/// its user or its domain. A domain in its ASCII form (`xn--...`) has none.
pub fn check_email(field: Field, value: &str) -> Option<Issue> {
    let c = first_foreign(value)?;
    let at = value.rfind('@');
    let position = value.find(c).unwrap_or_default();
    let part = match at {
        Some(at) if position > at => " del dominio",
        Some(_) => " del usuario",
        None => "",
    };
    let help = "Escriba la dirección solo con letras latinas: con una letra de otro alfabeto es otra dirección, aunque se vea igual (si el dominio de verdad la lleva, escriba su forma xn--).";
    Some(issue(field, value, c, part, help))
}

fn issue(field: Field, value: &str, c: char, part: &str, help: &str) -> Issue {
    let noun = if c.is_alphabetic() {
        "la letra"
    } else {
        "el carácter"
    };
    let message = format!(
        "{} {}: {noun} {} (U+{:04X}, {}){part} no es del alfabeto latino.",
        field.header(),
        quote(value),
        quote(&c.to_string()),
        u32::from(c),
        describe(c),
    );
    // Beside Latin letters, the foreign one passes for one of them.
    let mixed = value.chars().any(|l| l.is_alphabetic() && !is_foreign(l));
    let help = if mixed {
        format!(
            "Parece una letra latina pero no lo es: suele colarse al copiar de otro documento o con el teclado en otro idioma. {help}"
        )
    } else {
        help.to_string()
    };
    CARACTERES_NO_LATINOS
        .issue(Some(field), message)
        .with_help(help)
}

/// What `c` is, in Spanish: «letra cirílica parecida a la A latina».
pub fn describe(c: char) -> String {
    let script = c.script();
    if script == Script::Unknown {
        return "carácter de uso privado o sin asignar".to_string();
    }
    let Some(name) = script_name(script) else {
        return if c.is_alphabetic() {
            "letra de otro alfabeto".to_string()
        } else {
            "carácter de otra escritura".to_string()
        };
    };
    match (look_alike(c), c.is_alphabetic()) {
        (Some(latin), _) => format!("letra {name} parecida a la {latin} latina"),
        (None, true) => format!("letra {name}"),
        (None, false) => format!("carácter de la escritura {name}"),
    }
}

/// The Spanish adjective of the scripts met in forms, and of those whose
/// letters pass for Latin ones.
fn script_name(script: Script) -> Option<&'static str> {
    Some(match script {
        Script::Cyrillic => "cirílica",
        Script::Greek => "griega",
        Script::Armenian => "armenia",
        Script::Cherokee => "cheroqui",
        Script::Coptic => "copta",
        Script::Georgian => "georgiana",
        Script::Glagolitic => "glagolítica",
        Script::Gothic => "gótica",
        Script::Lisu => "lisu",
        Script::Old_Italic => "itálica antigua",
        Script::Runic => "rúnica",
        Script::Ogham => "ogam",
        Script::Tifinagh => "tifinag",
        Script::Canadian_Aboriginal => "silábica canadiense",
        Script::Vai => "vai",
        Script::Hebrew => "hebrea",
        Script::Arabic => "árabe",
        Script::Syriac => "siríaca",
        Script::Devanagari => "devanagari",
        Script::Bengali => "bengalí",
        Script::Tamil => "tamil",
        Script::Thai => "tailandesa",
        Script::Ethiopic => "etíope",
        Script::Mongolian => "mongola",
        Script::Hangul => "coreana",
        Script::Han => "china",
        Script::Hiragana | Script::Katakana => "japonesa",
        _ => return None,
    })
}

/// The Latin letter a Cyrillic, Greek or Armenian one is drawn like, for
/// the letters that are mistaken for Latin ones (Unicode's confusables).
fn look_alike(c: char) -> Option<char> {
    const TABLE: &[(char, char)] = &[
        // Cyrillic
        ('\u{0410}', 'A'),
        ('\u{0412}', 'B'),
        ('\u{0415}', 'E'),
        ('\u{041A}', 'K'),
        ('\u{041C}', 'M'),
        ('\u{041D}', 'H'),
        ('\u{041E}', 'O'),
        ('\u{0420}', 'P'),
        ('\u{0421}', 'C'),
        ('\u{0422}', 'T'),
        ('\u{0423}', 'Y'),
        ('\u{0425}', 'X'),
        ('\u{0405}', 'S'),
        ('\u{0406}', 'I'),
        ('\u{0408}', 'J'),
        ('\u{04AE}', 'Y'),
        ('\u{051A}', 'Q'),
        ('\u{051C}', 'W'),
        ('\u{04C0}', 'I'),
        ('\u{0430}', 'a'),
        ('\u{0435}', 'e'),
        ('\u{043E}', 'o'),
        ('\u{0440}', 'p'),
        ('\u{0441}', 'c'),
        ('\u{0443}', 'y'),
        ('\u{0445}', 'x'),
        ('\u{0455}', 's'),
        ('\u{0456}', 'i'),
        ('\u{0458}', 'j'),
        ('\u{0501}', 'd'),
        ('\u{04BB}', 'h'),
        ('\u{051B}', 'q'),
        ('\u{051D}', 'w'),
        ('\u{04CF}', 'l'),
        // Greek
        ('\u{0391}', 'A'),
        ('\u{0392}', 'B'),
        ('\u{0395}', 'E'),
        ('\u{0396}', 'Z'),
        ('\u{0397}', 'H'),
        ('\u{0399}', 'I'),
        ('\u{039A}', 'K'),
        ('\u{039C}', 'M'),
        ('\u{039D}', 'N'),
        ('\u{039F}', 'O'),
        ('\u{03A1}', 'P'),
        ('\u{03A4}', 'T'),
        ('\u{03A5}', 'Y'),
        ('\u{03A7}', 'X'),
        ('\u{03F9}', 'C'),
        ('\u{037F}', 'J'),
        ('\u{03BF}', 'o'),
        ('\u{03BD}', 'v'),
        ('\u{03B9}', 'i'),
        ('\u{03F2}', 'c'),
        ('\u{03F3}', 'j'),
        // Armenian
        ('\u{0555}', 'O'),
        ('\u{054D}', 'U'),
        ('\u{0585}', 'o'),
        ('\u{057D}', 'u'),
        ('\u{0570}', 'h'),
        ('\u{0578}', 'n'),
        ('\u{0581}', 'g'),
        ('\u{0566}', 'q'),
    ];
    TABLE.iter().find(|(k, _)| *k == c).map(|(_, latin)| *latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(field: Field, value: &str) -> Option<&'static str> {
        check_text(field, value).map(|i| i.code())
    }

    #[test]
    fn caracteres_no_latinos() {
        for ok in [
            "PABLO",
            "JOSÉ",
            "MUÑOZ",
            "GONÇALVES",
            "SØRENSEN",
            "ŁUKASZ",
            "O'BRIEN",
            "NGUYỄN",
            "RECTOR (E)",
            "COORDINADOR 2",
        ] {
            assert_eq!(code(Field::PrimerNombre, ok), None, "{ok}");
            assert_eq!(code(Field::Cargo, ok), None, "{ok}");
        }
        for bad in [
            "P\u{410}BLO",                  // Cyrillic А among Latin letters
            "\u{3A1}\u{395}REZ",            // Greek Ρ Ε
            "\u{418}\u{412}\u{410}\u{41D}", // ИВАН, all Cyrillic
            "\u{391}\u{39D}\u{391}",        // ΑΝΑ, all Greek look-alikes
            "\u{13AA}NA",                   // Cherokee Ꭺ
            "\u{5D0}\u{5D1}",               // Hebrew
            "\u{D55C}",                     // Hangul syllable
            "DOCENTE \u{663}",              // an Arabic-Indic digit
            "ANA\u{E000}",                  // private use
        ] {
            assert_eq!(
                code(Field::PrimerNombre, bad),
                Some("CARACTERES_NO_LATINOS"),
                "{bad}"
            );
            assert_eq!(code(Field::Cargo, bad), Some("CARACTERES_NO_LATINOS"));
        }
    }

    #[test]
    fn the_message_names_the_character_by_code_point_and_alphabet() {
        let issue = check_text(Field::PrimerNombre, "P\u{410}BLO").unwrap();
        assert_eq!(
            issue.message,
            "PRIMER NOMBRE «P\u{410}BLO»: la letra «\u{410}» (U+0410, letra cirílica parecida a la A latina) no es del alfabeto latino."
        );
        assert!(issue.help.unwrap().starts_with("Parece una letra latina"));
        let issue = check_text(Field::PrimerApellido, "\u{416}\u{423}\u{41A}").unwrap();
        assert!(
            issue.message.contains("(U+0416, letra cirílica)"),
            "{}",
            issue.message
        );
        assert!(!issue.help.unwrap().starts_with("Parece"));
        let issue = check_text(Field::Cargo, "DOCENTE \u{663}").unwrap();
        assert!(
            issue
                .message
                .contains("el carácter «\u{663}» (U+0663, carácter de la escritura árabe)"),
            "{}",
            issue.message
        );
        assert_eq!(describe('\u{3BF}'), "letra griega parecida a la o latina");
        assert_eq!(describe('\u{10A0}'), "letra georgiana");
        assert_eq!(
            describe('\u{E000}'),
            "carácter de uso privado o sin asignar"
        );
    }

    #[test]
    fn an_email_says_whether_the_user_or_the_domain_has_it() {
        assert!(check_email(Field::Correo, "ana@colegio.edu.co").is_none());
        assert!(check_email(Field::Correo, "ana@xn--ggle-55da.com").is_none());
        let domain = check_email(Field::Correo, "ana@g\u{43E}\u{43E}gle.com").unwrap();
        assert_eq!(
            domain.message,
            "CORREO ELECTRONICO «ana@g\u{43E}\u{43E}gle.com»: la letra «\u{43E}» (U+043E, letra cirílica parecida a la o latina) del dominio no es del alfabeto latino."
        );
        let user = check_email(Field::CorreoAlterno, "\u{430}na@x.co").unwrap();
        assert!(user.message.contains(" del usuario "), "{}", user.message);
    }
}
