//! Tests of the header mapping: aliases, the header row, columns, repeats.

use super::*;
use crate::read::sheet::SourceKind;
use std::collections::HashMap;

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
        hidden: false,
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
            if let Some(other) = seen.insert(match_key(&header_key(name)), field)
                && other != field
            {
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
    assert_eq!(located[0].header.row_number, 3);
    assert_eq!(located[0].header.column(Field::Telefono), Some(11));
    assert!(located[0].header.warnings.is_empty());
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
    // What `[encabezados] correo = ["MAIL SED"]` in sigce.toml gives.
    let policy = Policy {
        header_aliases: vec![(header_key("MAIL SED"), HeaderTarget::Field(Field::Correo))],
        ..Policy::default()
    };
    let mut header: Vec<&str> = FULL.to_vec();
    header[8] = "Mail SED";
    let located = locate(&[sheet(&[&header])], "f.xlsx", &policy).unwrap();
    assert_eq!(located[0].header.column(Field::Correo), Some(8));
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
    let codes: Vec<_> = located[0]
        .header
        .warnings
        .iter()
        .map(|w| w.code())
        .collect();
    // "No." only numbers the rows: no warning for it.
    assert_eq!(codes, vec!["COLUMNA_OPCIONAL_AUSENTE"]);
    assert_eq!(located[0].header.counter_column, Some(0));
    assert_eq!(located[0].header.other_column_name(0), Some("No."));
}

#[test]
fn counter_headers_are_recognized_and_their_cells_are_counters_only_below_the_row() {
    for name in ["No.", "N°", "Nº", "#", "ITEM", "Consecutivo", "NRO"] {
        let mut header: Vec<&str> = FULL.to_vec();
        header.push(name);
        let located = locate(&[sheet(&[&header])], "f.xlsx", Policy::built_in()).unwrap();
        assert_eq!(located[0].header.counter_column, Some(12), "{name}");
    }
    let mut header: Vec<&str> = FULL.to_vec();
    header.push("SEDE");
    let h = &locate(&[sheet(&[&header])], "f.xlsx", Policy::built_in()).unwrap()[0].header;
    assert_eq!(h.counter_column, None);
    let mut header: Vec<&str> = FULL.to_vec();
    header.insert(0, "No.");
    let h = &locate(&[sheet(&[&header])], "f.xlsx", Policy::built_in()).unwrap()[0].header;
    assert!(h.is_counter(0, &RawCell::Number(3.0), 5));
    assert!(h.is_counter(0, &RawCell::Text(" 3 ".into()), 5));
    assert!(!h.is_counter(0, &RawCell::Number(5.0), 5));
    assert!(!h.is_counter(0, &RawCell::Number(52123456.0), 14));
    assert!(!h.is_counter(0, &RawCell::Text("ANA".into()), 14));
    assert!(!h.is_counter(1, &RawCell::Number(3.0), 5));
}

fn named(name: &str, rows: &[&[&str]]) -> RawSheet {
    let mut s = sheet(rows);
    s.name = Some(name.into());
    s
}

#[test]
fn every_complete_sheet_is_located() {
    let a = named("Usuarios", &[FULL, &["ANA"]]);
    let b = named("Copia", &[&["Título"], FULL, &["LUIS"]]);
    let located = locate(&[a, b], "f.xlsx", Policy::built_in()).unwrap();
    let found: Vec<(usize, u32)> = located
        .iter()
        .map(|l| (l.sheet_index, l.header.row_number))
        .collect();
    assert_eq!(found, [(0, 1), (1, 2)]);
    assert!(located[0].header.warnings.is_empty());
}

#[test]
fn a_form_like_sheet_missing_columns_beside_a_complete_one_stops_the_file_when_it_has_rows() {
    let short: &[&str] = &["PRIMER NOMBRE", "PRIMER APELLIDO", "PERFIL", "CARGO"];
    let a = named("Usuarios", &[FULL, &["ANA"]]);
    let b = named("Docentes", &[short, &["LUIS", "ROJAS"]]);
    let err = locate(&[a, b], "f.xlsx", Policy::built_in()).unwrap_err();
    assert_eq!(err.code(), "COLUMNAS_FALTANTES");
    assert!(err.message.contains("hoja «Docentes»"), "{}", err.message);
    assert!(err.help.as_deref().unwrap().contains("«Docentes»"));
    // Without rows it is only a warning.
    let a = named("Usuarios", &[FULL, &["ANA"]]);
    let b = named("Docentes", &[short, &["", ""]]);
    let located = locate(&[a, b], "f.xlsx", Policy::built_in()).unwrap();
    assert_eq!(located.len(), 1);
    let warning = &located[0].header.warnings[0];
    assert_eq!(warning.code(), "OTRA_HOJA_CON_FORMATO");
    assert!(
        warning.message.contains("«Docentes»"),
        "{}",
        warning.message
    );
}

const PLACE: RowPlace<'static> = RowPlace {
    file: "f.xlsx",
    sheet: Some("Hoja1"),
};

fn row(cells: &[&str]) -> RawRow {
    RawRow {
        number: 9,
        cells: cells.iter().map(|c| RawCell::Text(c.to_string())).collect(),
    }
}

#[test]
fn a_header_among_the_data_is_recognized_and_an_ordinary_row_is_not() {
    let current = &locate(&[sheet(&[FULL])], "f.xlsx", Policy::built_in()).unwrap()[0].header;
    let mut reordered: Vec<&str> = FULL.to_vec();
    reordered.swap(2, 8);
    let found = header_in_data(&row(&reordered), 8, current, PLACE, Policy::built_in())
        .unwrap()
        .unwrap();
    assert_eq!(found.column(Field::Correo), Some(2));
    assert_eq!(found.column(Field::PrimerApellido), Some(8));
    assert_eq!(found.row_number, 9);
    let person = row(&[
        "ANA",
        "",
        "PEREZ",
        "GOMEZ",
        "CC",
        "52123456",
        "FUNCIONARIO MEN",
        "",
        "a@x.co",
    ]);
    assert_eq!(
        header_in_data(&person, 8, current, PLACE, Policy::built_in()),
        Ok(None)
    );
    // Three field names, but not every required column: no longer read
    // as a row of data (the rows below it would be read with the wrong
    // columns), but an error of the file.
    let partial = row(&["PRIMER NOMBRE", "PRIMER APELLIDO", "PERFIL"]);
    let error = header_in_data(&partial, 8, current, PLACE, Policy::built_in()).unwrap_err();
    assert_eq!(error.rule.code, "COLUMNAS_FALTANTES");
}

fn data_row(number: u32, cells: &[&str]) -> RawRow {
    RawRow {
        number,
        cells: cells.iter().map(|c| RawCell::Text(c.to_string())).collect(),
    }
}

#[test]
fn a_row_repeating_the_header_remaps_and_a_partial_one_is_an_error() {
    let current = locate(&[sheet(&[FULL])], "f.csv", Policy::built_in())
        .unwrap()
        .remove(0)
        .header;
    let at = RowPlace {
        file: "f.csv",
        sheet: None,
    };
    let policy = Policy::built_in();
    // A person, and a person without document or e-mail: not headers.
    let person = data_row(
        2,
        &[
            "ANA",
            "",
            "PEREZ",
            "GOMEZ",
            "CC",
            "52123456",
            "FUNCIONARIO MEN",
            "",
            "a@x.co",
            "DOCENTE",
            "",
            "3101234567",
        ],
    );
    assert_eq!(header_in_data(&person, 1, &current, at, policy), Ok(None));
    let no_ids = data_row(3, &["ANA", "", "PEREZ", "GOMEZ", "CC"]);
    assert_eq!(header_in_data(&no_ids, 2, &current, at, policy), Ok(None));
    // The whole header in another order: remapped.
    let mut swapped = FULL.to_vec();
    swapped.swap(2, 3);
    let repeated = header_in_data(&data_row(4, &swapped), 3, &current, at, policy)
        .unwrap()
        .unwrap();
    assert_eq!(repeated.column(Field::PrimerApellido), Some(3));
    // Without TELEFONO: an error naming the row and what is missing.
    swapped[11] = "CONTACTO";
    let error = header_in_data(&data_row(5, &swapped), 4, &current, at, policy).unwrap_err();
    assert_eq!(error.rule.code, "COLUMNAS_FALTANTES");
    assert!(
        error
            .message
            .starts_with("En f.csv, la fila 5 parece repetir el encabezado, pero sin TELEFONO:"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("«CONTACTO» (L5)"),
        "{}",
        error.message
    );
}

#[test]
fn a_hidden_sheet_is_never_located() {
    let mut hidden = named("Oculta", &[FULL, &["ANA"]]);
    hidden.hidden = true;
    let visible = named("Usuarios", &[FULL, &["LUIS"]]);
    let located = locate(&[hidden, visible], "f.xlsx", Policy::built_in()).unwrap();
    let found: Vec<usize> = located.iter().map(|l| l.sheet_index).collect();
    assert_eq!(found, [1]);
    let mut only = named("Oculta", &[FULL, &["ANA"]]);
    only.hidden = true;
    let error = locate(&[only], "f.xlsx", Policy::built_in()).unwrap_err();
    assert_eq!(error.rule.code, "ENCABEZADO_NO_ENCONTRADO");
}

/// Wordings seen in forms schools and education offices send, each with
/// the field it names: the number word, the filler words, abbreviations and
/// punctuation are handled alike for every alias.
const REAL_WORDINGS: &[(&str, Field)] = &[
    ("No. IDENTIFICACIÓN", Field::NumeroDocumento),
    ("No IDENTIFICACION", Field::NumeroDocumento),
    ("N° IDENTIFICACIÓN", Field::NumeroDocumento),
    ("Nº de identificación", Field::NumeroDocumento),
    ("Nro. Identificación", Field::NumeroDocumento),
    ("Núm. documento", Field::NumeroDocumento),
    ("No. CÉDULA", Field::NumeroDocumento),
    ("CÉDULA No.", Field::NumeroDocumento),
    ("Número de cédula", Field::NumeroDocumento),
    ("# DOCUMENTO", Field::NumeroDocumento),
    ("No. Doc.", Field::NumeroDocumento),
    ("Documento de identidad", Field::NumeroDocumento),
    ("NOMBRE 1", Field::PrimerNombre),
    ("1er. Nombre", Field::PrimerNombre),
    ("Primer nombre *", Field::PrimerNombre),
    ("NOMBRE 2", Field::SegundoNombre),
    ("2do. nombre", Field::SegundoNombre),
    ("APELLIDO 1", Field::PrimerApellido),
    ("Primer Apellido (obligatorio)", Field::PrimerApellido),
    ("APELLIDO 2", Field::SegundoApellido),
    ("TIPO DOC", Field::TipoDocumento),
    ("Tipo de doc.", Field::TipoDocumento),
    ("TIPO DE IDENTIFICACIÓN", Field::TipoDocumento),
    ("ROL", Field::Perfil),
    ("Perfil SIGCE", Field::Perfil),
    ("COD. DANE ESTABLECIMIENTO", Field::CodigoDane),
    ("Código DANE de la sede", Field::CodigoDane),
    ("Cód. DANE", Field::CodigoDane),
    ("DANE", Field::CodigoDane),
    ("E-MAIL INSTITUCIONAL", Field::Correo),
    ("Email", Field::Correo),
    ("Correo electrónico institucional", Field::Correo),
    ("CORREO ELECTRÓNICO", Field::Correo),
    ("CORREO PERSONAL", Field::CorreoAlterno),
    ("Correo electrónico personal", Field::CorreoAlterno),
    ("E-mail alterno", Field::CorreoAlterno),
    ("CELULAR", Field::Telefono),
    ("No. celular", Field::Telefono),
    ("Número de teléfono", Field::Telefono),
    ("Tel.", Field::Telefono),
    ("Teléfono de contacto", Field::Telefono),
    ("CARGO QUE DESEMPEÑA", Field::Cargo),
    ("Celular / Teléfono", Field::Telefono),
    ("Número de contacto", Field::Telefono),
    ("Perfil solicitado", Field::Perfil),
    ("Código DANE de la institución", Field::CodigoDane),
    ("Cédula de ciudadanía", Field::NumeroDocumento),
];

#[test]
fn wordings_seen_in_real_forms_name_their_field() {
    for (wording, field) in REAL_WORDINGS {
        let got = built_in_target(&header_key(wording));
        assert_eq!(got, Some(HeaderTarget::Field(*field)), "{wording}");
    }
    for ticket in ["No. de ticket", "N° TICKET", "Ticket No."] {
        assert_eq!(
            built_in_target(&header_key(ticket)),
            Some(HeaderTarget::Ticket),
            "{ticket}"
        );
    }
    // Counters and the school's own columns stay unknown.
    for other in [
        "No.",
        "N°",
        "NUMERO",
        "SEDE",
        "OBSERVACIONES",
        "NOMBRES",
        "APELLIDOS",
    ] {
        assert_eq!(built_in_target(&header_key(other)), None, "{other}");
    }
}

#[test]
fn a_header_merged_over_two_rows_is_read_as_one() {
    // NOMBRES and APELLIDOS merged over PRIMER/SEGUNDO; the other titles
    // merged down over both rows (their text is in the upper cell only).
    let s = sheet(&[
        &["FORMATO DE SOLICITUD DE USUARIOS SIGCE"],
        &[
            "No.",
            "NOMBRES",
            "",
            "APELLIDOS",
            "",
            "DOCUMENTO",
            "",
            "PERFIL",
            "CÓDIGO DANE",
            "CORREO ELECTRÓNICO",
            "CARGO",
            "CORREO PERSONAL",
            "CELULAR",
        ],
        &[
            "", "PRIMER", "SEGUNDO", "PRIMER", "SEGUNDO", "TIPO", "NÚMERO",
        ],
        &["1", "ANA"],
    ]);
    let located = locate(&[s], "f.xlsx", Policy::built_in()).unwrap();
    let header = &located[0].header;
    assert_eq!((header.top_index, header.row_index), (1, 2));
    assert_eq!(header.row_number, 3);
    for (field, col) in [
        (Field::PrimerNombre, 1),
        (Field::SegundoNombre, 2),
        (Field::PrimerApellido, 3),
        (Field::SegundoApellido, 4),
        (Field::TipoDocumento, 5),
        (Field::NumeroDocumento, 6),
        (Field::Telefono, 12),
    ] {
        assert_eq!(header.column(field), Some(col), "{field:?}");
    }
    assert_eq!(header.counter_column, Some(0));
    assert!(
        header
            .warnings
            .iter()
            .all(|w| w.code() == "COLUMNA_DESCONOCIDA"),
        "{:?}",
        header.warnings
    );
}

#[test]
fn a_one_row_header_is_not_joined_to_its_first_row_of_data() {
    let s = sheet(&[FULL, &["ANA", "", "PEREZ", "GOMEZ", "CC", "52123456"]]);
    let header = &locate(&[s], "f.xlsx", Policy::built_in()).unwrap()[0].header;
    assert_eq!((header.top_index, header.row_index), (0, 0));
}
