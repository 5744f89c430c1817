//! Cells through the cell rules and the normalizer, as a row meets them:
//! refused with the cell rule's code, or normalized with the fixes made.

use std::borrow::Cow;

use crate::diagnostic::Issue;
use crate::field::Field;
use crate::normalize::{FieldState, normalize_row};
use crate::policy::Settings;
use crate::read::sheet::RawCell;
use crate::text::{fold_compatibility, is_blank, strip_invisible, unwrap_email};

/// One cell alone in a row: the cell rules' refusal, or its value and the
/// codes of its fixes.
fn norm(field: Field, raw: RawCell) -> (Result<String, Box<Issue>>, Vec<&'static str>) {
    norm_with(field, raw, Settings::default())
}

fn norm_with(
    field: Field,
    raw: RawCell,
    settings: Settings,
) -> (Result<String, Box<Issue>>, Vec<&'static str>) {
    if let Some(issue) = super::refusal(field, &raw) {
        return (Err(Box::new(issue)), Vec::new());
    }
    let mut cells: [Option<&RawCell>; Field::COUNT] = [None; Field::COUNT];
    cells[field.index()] = Some(&raw);
    let row = normalize_row(1, cells, [false; Field::COUNT], settings);
    let value = row.get(field).unwrap_or_default().to_string();
    (Ok(value), row.fixes().map(|f| f.code()).collect())
}

fn text(s: &str) -> RawCell {
    RawCell::Text(s.to_string())
}

#[test]
fn whitespace_and_invisible_characters_are_cleaned() {
    let (v, codes) = norm(
        Field::PrimerNombre,
        text("  JUAN\u{00A0}\n CARLOS\u{200B} "),
    );
    assert_eq!(v.unwrap(), "JUAN CARLOS");
    assert_eq!(codes, vec!["CARACTERES_INVISIBLES", "ESPACIOS"]);
    let (v, codes) = norm(Field::PrimerNombre, text("JUAN"));
    assert_eq!(v.unwrap(), "JUAN");
    assert!(codes.is_empty());
}

/// Characters that draw nothing although Unicode counts some as letters.
const FILLERS: &[char] = &[
    '\u{3164}',  // HANGUL FILLER
    '\u{FFA0}',  // HALFWIDTH HANGUL FILLER
    '\u{115F}',  // HANGUL CHOSEONG FILLER
    '\u{1160}',  // HANGUL JUNGSEONG FILLER
    '\u{2800}',  // BRAILLE PATTERN BLANK
    '\u{180E}',  // MONGOLIAN VOWEL SEPARATOR
    '\u{200B}',  // ZERO WIDTH SPACE
    '\u{200C}',  // ZERO WIDTH NON-JOINER
    '\u{200D}',  // ZERO WIDTH JOINER
    '\u{2060}',  // WORD JOINER
    '\u{FEFF}',  // ZERO WIDTH NO-BREAK SPACE
    '\u{E0001}', // LANGUAGE TAG
    '\u{E0041}', // TAG LATIN CAPITAL LETTER A
    '\u{E007F}', // CANCEL TAG
    '\u{FE00}',  // VARIATION SELECTOR-1
    '\u{FE0F}',  // VARIATION SELECTOR-16
    '\u{E0100}', // VARIATION SELECTOR-17
    '\u{E01EF}', // VARIATION SELECTOR-256
];

#[test]
fn regression_a_lone_hangul_filler_no_longer_fills_a_required_name() {
    for &filler in FILLERS {
        let lone = filler.to_string();
        assert!(is_blank(&lone), "U+{:04X}", filler as u32);
        assert_eq!(strip_invisible(&format!("AN{filler}A")), "ANA");
        for field in [Field::PrimerNombre, Field::PrimerApellido, Field::Cargo] {
            let (v, codes) = norm(field, text(&format!("{filler}{filler}")));
            assert_eq!(v.unwrap(), "", "U+{:04X}", filler as u32);
            assert_eq!(codes, vec!["CARACTERES_INVISIBLES"]);
        }
    }
    let blanks = [
        (Field::PrimerNombre, "\u{3164}"),
        (Field::PrimerApellido, "\u{FFA0}"),
        (Field::Cargo, "\u{3164} \u{2800}"),
    ];
    let row = crate::rules::testing::row(&blanks);
    assert_eq!(row.state(Field::PrimerNombre), &FieldState::Empty);
    let issues = crate::rules::testing::issues(&blanks);
    let blank: Vec<_> = issues
        .iter()
        .filter(|i| i.code() == "CAMPO_OBLIGATORIO")
        .map(|i| i.field)
        .collect();
    assert_eq!(
        blank,
        [
            Some(Field::PrimerNombre),
            Some(Field::PrimerApellido),
            Some(Field::Cargo)
        ]
    );
}

#[test]
fn regression_tag_characters_and_variation_selectors_are_removed() {
    let (v, codes) = norm(Field::PrimerNombre, text("MAR\u{E0041}\u{E0042}IA\u{FE0F}"));
    assert_eq!(v.unwrap(), "MARIA");
    assert_eq!(codes, vec!["CARACTERES_INVISIBLES"]);
}

#[test]
fn full_width_and_mathematical_letters_are_folded_with_a_fix() {
    for (field, input, want, want_codes) in [
        (
            Field::PrimerNombre,
            "\u{FF21}\u{FF2E}\u{FF21}",
            "ANA",
            &["CARACTERES_COMPATIBLES"][..],
        ),
        (
            Field::PrimerNombre,
            "\u{FF41}\u{FF4E}\u{FF41}",
            "ANA",
            &["CARACTERES_COMPATIBLES", "MAYUSCULAS"],
        ),
        (
            Field::PrimerNombre,
            "\u{1D400}\u{1D40D}\u{1D400}",
            "ANA",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::PrimerApellido,
            "\u{1D5E3}\u{1D5D8}\u{1D5E5}\u{1D5D8}\u{1D5ED}",
            "PEREZ",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::PrimerNombre,
            "\u{2102}ARLOS",
            "CARLOS",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::PrimerNombre,
            "\u{FB01}del",
            "FIDEL",
            &["CARACTERES_COMPATIBLES", "MAYUSCULAS"],
        ),
        (
            Field::PrimerNombre,
            "JOS\u{FF25}\u{301}",
            "JOSE",
            &["CARACTERES_COMPATIBLES", "TILDES"],
        ),
        (
            Field::NumeroDocumento,
            "\u{FF11}\u{FF10}\u{FF13}\u{FF10}\u{FF14}\u{FF15}\u{FF16}\u{FF17}\u{FF18}\u{FF19}",
            "1030456789",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::CodigoDane,
            "\u{1D7CF}05001000019",
            "105001000019",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::Correo,
            "\u{FF41}\u{FF4E}\u{FF41}\u{FF20}\u{FF58}\u{FF0E}\u{FF43}\u{FF4F}",
            "ana@x.co",
            &["CARACTERES_COMPATIBLES"],
        ),
        (
            Field::TipoDocumento,
            "\u{FF23}\u{FF23}",
            "CC",
            &["CARACTERES_COMPATIBLES"],
        ),
        // A mathematical Greek letter is folded to the Greek letter, which
        // the alphabet rule then rejects.
        (
            Field::PrimerNombre,
            "\u{1D6A8}NA",
            "\u{391}NA",
            &["CARACTERES_COMPATIBLES"],
        ),
    ] {
        let (v, codes) = norm(field, text(input));
        assert_eq!(v.unwrap(), want, "{input}");
        assert_eq!(codes, want_codes, "{input}");
    }
}

#[test]
fn regression_full_width_decimals_are_not_made_into_another_number() {
    let (v, codes) = norm(
        Field::NumeroDocumento,
        text("\u{FF15}\u{FF12}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF10}\u{FF14}\u{FF0E}\u{FF15}"),
    );
    assert_eq!(v.unwrap_err().code(), "NUMERO_DECIMAL");
    assert!(codes.is_empty(), "{codes:?}");
    let (v, _) = norm(Field::CodigoDane, text("\u{FF11},\u{FF10}5001E+11"));
    assert_eq!(v.unwrap_err().code(), "DANE_NOTACION_CIENTIFICA");
    // Thousands separators are still only separators.
    let (v, _) = norm(Field::NumeroDocumento, text("\u{FF15}\u{FF12}.000.004"));
    assert_eq!(v.unwrap(), "52000004");
}

#[test]
fn superscripts_circled_numbers_and_ordinals_are_not_folded() {
    for (field, input, want) in [
        (Field::PrimerNombre, "M\u{AA}", "M\u{AA}"),
        (
            Field::NumeroDocumento,
            "1030456789\u{B2}",
            "1030456789\u{B2}",
        ),
        (
            Field::NumeroDocumento,
            "\u{2460}030456789",
            "\u{2460}030456789",
        ),
        (Field::Cargo, "DOCENTE \u{2122}", "DOCENTE \u{2122}"),
        (Field::Cargo, "\u{2207}", "\u{2207}"),
    ] {
        let (v, codes) = norm(field, text(input));
        assert_eq!(v.unwrap(), want, "{input}");
        assert!(
            !codes.contains(&"CARACTERES_COMPATIBLES"),
            "{input}: {codes:?}"
        );
    }
}

#[test]
fn regression_a_superscript_in_a_phone_is_not_dropped_to_make_another_number() {
    for phone in ["310123456\u{B2}", "\u{663}101234567", "31012345\u{2466}"] {
        let (v, codes) = norm(Field::Telefono, text(phone));
        assert_eq!(v.unwrap(), phone, "left as typed for the rules to reject");
        assert!(codes.is_empty(), "{codes:?}");
        let issues = crate::rules::testing::issues(&[(Field::Telefono, phone)]);
        let found: Vec<_> = issues.iter().map(|i| i.code()).collect();
        assert_eq!(found, ["TELEFONO_INVALIDO"], "{phone}");
    }
    let (v, codes) = norm(Field::Telefono, text("\u{FF13}10 123 4567"));
    assert_eq!(v.unwrap(), "3101234567");
    assert_eq!(codes, vec!["CARACTERES_COMPATIBLES", "TELEFONO_FORMATO"]);
}

#[test]
fn plain_ascii_and_latin1_text_skips_the_compatibility_fold() {
    for plain in [
        "ANA",
        "JOSÉ MUÑOZ",
        "ana@colegio.edu.co",
        "ÿÀ\u{A0}\u{AA}\u{B2}",
    ] {
        assert!(
            matches!(fold_compatibility(plain), Cow::Borrowed(_)),
            "{plain}"
        );
    }
    // Above U+2100 but not a compatibility form: borrowed too.
    assert!(matches!(
        fold_compatibility("\u{41F}\u{2122}"),
        Cow::Borrowed(_)
    ));
    // The byte test is sound: every folded form starts with a byte >= 0xE2.
    for range in [
        0x2100u32..=0x214F,
        0xFB00..=0xFB06,
        0xFF01..=0xFF5E,
        0x1D400..=0x1D7FF,
    ] {
        for c in range.filter_map(char::from_u32) {
            assert!(c.to_string().as_bytes()[0] >= 0xE2);
        }
    }
}

#[test]
fn latin_letters_of_other_languages_have_a_defined_spelling() {
    for (input, want) in [
        ("Gonçalves", "GONCALVES"),
        ("Sørensen", "SØRENSEN"),
        ("Łukasz", "ŁUKASZ"),
        ("Straße", "STRASSE"),
        ("Nguyễn", "NGUYEN"),
        ("Muñoz", "MUNOZ"),
    ] {
        let (v, _) = norm(Field::PrimerApellido, text(input));
        assert_eq!(v.unwrap(), want, "{input}");
    }
    let opts = Settings {
        keep_accents: true,
        ..Settings::default()
    };
    let (v, _) = norm_with(Field::PrimerApellido, text("Gonçalves Muñoz José"), opts);
    assert_eq!(v.unwrap(), "GONÇALVES MUNOZ JOSÉ");
}

#[test]
fn names_are_uppercased_without_ene_nor_accents() {
    let (v, codes) = norm(Field::PrimerApellido, text("Muñoz"));
    assert_eq!(v.unwrap(), "MUNOZ");
    assert_eq!(codes, vec!["MAYUSCULAS", "LETRA_ENE"]);
    let (v, _) = norm(Field::PrimerApellido, text("NU\u{0303}N\u{0303}EZ"));
    assert_eq!(v.unwrap(), "NUNEZ");
    let (v, codes) = norm(Field::PrimerNombre, text("JOSÉ"));
    assert_eq!(v.unwrap(), "JOSE");
    assert_eq!(codes, vec!["TILDES"]);
    let (v, _) = norm(Field::PrimerApellido, text("MÜLLER"));
    assert_eq!(v.unwrap(), "MULLER");
}

#[test]
fn regression_a_lone_mark_between_spaces_leaves_one_space() {
    let (v, codes) = norm(Field::Cargo, text("RENEC \u{17BF} -O"));
    let v = v.unwrap();
    assert_eq!(v, "RENEC -O");
    assert_eq!(codes, vec!["TILDES", "ESPACIOS"]);
    let (again, codes) = norm(Field::Cargo, RawCell::Text(v.clone()));
    assert_eq!(again.unwrap(), v);
    assert!(codes.is_empty(), "{codes:?}");
}

#[test]
fn keep_accents_keeps_all_but_ene() {
    let opts = Settings {
        keep_accents: true,
        ..Settings::default()
    };
    let (v, _) = norm_with(Field::PrimerNombre, text("josé ñoño"), opts);
    assert_eq!(v.unwrap(), "JOSÉ NONO");
}

#[test]
fn emails_are_unwrapped_and_lowercased() {
    for (input, want) in [
        ("mailto:Ana@Colegio.edu.co", "ana@colegio.edu.co"),
        ("<ana@colegio.edu.co>", "ana@colegio.edu.co"),
        ("Ana Pérez <ana@colegio.edu.co>", "ana@colegio.edu.co"),
        (
            r#"<a href="mailto:ana@colegio.edu.co">ana@colegio.edu.co</a>"#,
            "ana@colegio.edu.co",
        ),
        (
            "[ana@colegio.edu.co](mailto:ana@colegio.edu.co)",
            "ana@colegio.edu.co",
        ),
        ("ana@colegio.edu.co;", "ana@colegio.edu.co"),
        ("ana@colegio.edu.co.", "ana@colegio.edu.co"),
        ("<mailto:ana@colegio.edu.co>", "ana@colegio.edu.co"),
    ] {
        let (v, _) = norm(Field::Correo, text(input));
        assert_eq!(v.unwrap(), want, "input {input}");
    }
    let (v, codes) = norm(Field::Correo, text("ana@colegio.edu.co"));
    assert_eq!(v.unwrap(), "ana@colegio.edu.co");
    assert!(codes.is_empty());
}

#[test]
fn regression_unwrap_email_with_multibyte_seventh_byte_does_not_panic() {
    // Found by the property tests: the "mailto:" check sliced inside a character.
    assert_eq!(unwrap_email("loZ㈆ꬋ&.&"), "loZ㈆ꬋ&.&");
}

#[test]
fn emails_keep_accents() {
    let (v, _) = norm(Field::Correo, text("José@x.co"));
    assert_eq!(v.unwrap(), "josé@x.co");
}

#[test]
fn numeric_cells_become_integer_text_without_a_fix() {
    let (v, codes) = norm(Field::NumeroDocumento, RawCell::Number(40030330.0));
    assert_eq!(v.unwrap(), "40030330");
    assert!(codes.is_empty());
}

#[test]
fn a_zero_decimal_comma_is_not_taken_for_two_more_digits() {
    // Excel in Spanish shows a number with two decimals as 52123456,00; the
    // commas were dropped as separators and the document became 5212345600.
    let (v, codes) = norm(Field::NumeroDocumento, text("52123456,00"));
    assert_eq!(v.unwrap(), "52123456");
    assert_eq!(codes, vec!["DOCUMENTO_SEPARADORES"]);
    let (v, _) = norm(Field::CodigoDane, text("105001000019,0"));
    assert_eq!(v.unwrap(), "105001000019");
    // Three digits after a comma are a group of thousands, not decimals.
    let (v, _) = norm(Field::NumeroDocumento, text("52,123,000"));
    assert_eq!(v.unwrap(), "52123000");
}

#[test]
fn id_separators_are_dropped() {
    let (v, codes) = norm(Field::NumeroDocumento, text("40.030.330"));
    assert_eq!(v.unwrap(), "40030330");
    assert_eq!(codes, vec!["DOCUMENTO_SEPARADORES"]);
    let (v, codes) = norm(Field::CodigoDane, text("105-001-000019"));
    assert_eq!(v.unwrap(), "105001000019");
    assert_eq!(codes, vec!["DANE_SEPARADORES"]);
}

#[test]
fn closed_lists_are_canonicalized() {
    let (v, codes) = norm(Field::TipoDocumento, text("C.C."));
    assert_eq!(v.unwrap(), "CC");
    assert_eq!(codes, vec!["TIPO_DOCUMENTO_FORMATO"]);
    let (v, codes) = norm(Field::TipoDocumento, text("CC"));
    assert_eq!(v.unwrap(), "CC");
    assert!(codes.is_empty());
    let (v, _) = norm(Field::Perfil, text("funcionario secretaría"));
    assert_eq!(v.unwrap(), "FUNCIONARIO SECRETARIA");
    let (v, codes) = norm(Field::Perfil, text("DOCENTE"));
    assert_eq!(v.unwrap(), "DOCENTE");
    assert!(codes.is_empty());
}

#[test]
fn phones_keep_digits_and_old_landlines_get_60() {
    let (v, codes) = norm(Field::Telefono, text("+57 310 123 4567"));
    assert_eq!(v.unwrap(), "3101234567");
    assert_eq!(codes, vec!["TELEFONO_FORMATO"]);
    let (v, codes) = norm(Field::Telefono, text("(8) 7448595"));
    assert_eq!(v.unwrap(), "6087448595");
    assert_eq!(codes, vec!["TELEFONO_FORMATO", "TELEFONO_INDICATIVO"]);
    let (v, codes) = norm(Field::Telefono, RawCell::Number(3102095172.0));
    assert_eq!(v.unwrap(), "3102095172");
    assert!(codes.is_empty());
}

#[test]
fn cargo_loses_its_bullet() {
    let (v, codes) = norm(Field::Cargo, text("-Docente"));
    assert_eq!(v.unwrap(), "DOCENTE");
    assert_eq!(codes, vec!["MAYUSCULAS", "CARGO_VINETA"]);
    let (v, _) = norm(Field::Cargo, text("• Rector"));
    assert_eq!(v.unwrap(), "RECTOR");
}

#[test]
fn unusable_cells_are_errors() {
    let (v, _) = norm(Field::Correo, RawCell::Error("#N/A".into()));
    assert_eq!(v.unwrap_err().code(), "CELDA_ERROR");
    let (v, _) = norm(Field::CodigoDane, text("1,05001E+11"));
    assert_eq!(v.unwrap_err().code(), "DANE_NOTACION_CIENTIFICA");
    let (v, _) = norm(Field::Telefono, text("3101234567 / 3207654321"));
    assert_eq!(v.unwrap_err().code(), "TELEFONO_MULTIPLE");
}
