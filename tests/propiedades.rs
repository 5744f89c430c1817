//! Properties that must hold for any form: every non-empty row ends in exactly
//! one output, in order, with its number; accepted rows validated again need
//! no fix and have no error; the fixes made again from the cells are the ones
//! counted; any Unicode never panics; the JSON always parses.

mod common;

use proptest::prelude::*;
use sigce::diagnostic::Severity;
use sigce::field::Field;
use sigce::form::{Form, RowStatus};
use sigce::partition;
use sigce::pipeline::{self, BuildOptions, History};
use sigce::policy::Settings;
use sigce::read::Input;
use sigce::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};
use sigce::report::{FileResult, Outputs, json};
use unicode_normalization::UnicodeNormalization;

/// Cell values: plausible ones, near misses and arbitrary text.
fn cell() -> impl Strategy<Value = RawCell> {
    prop_oneof![
        2 => Just(RawCell::Empty),
        3 => prop::sample::select(vec![
            "ANA", "maría josé", "Muñoz", "NU\u{303}NEZ", "  de la ", "O'BRIEN", "CC", "c.c.", "Cédula de ciudadanía",
            "CE", "TI", "PASAPORTE", "52.123.456", "1030456789", "AB123", "funcionario secretaría",
            "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO", "FUNCIONARIO MEN", "FUNCIONARIO DE ESTABLECIMIENTO",
            "105001000019", "1,05001E+11", "10500100001", "ana@colegio.edu.co", "mailto:Ana@X.co",
            "Ana <ana@x.co>", "ana@gmial.com", "a@x.co; b@x.co", "-Docente", "=1+1", "(8) 7448595",
            "+57 310 123 4567", "3101234567 / 3207654321", "7448595", "#N/A", "MUÃ‘OZ", "\u{200B}\u{00A0}",
        ]).prop_map(|s| RawCell::Text(s.to_string())),
        2 => any::<String>().prop_map(RawCell::Text),
        1 => prop::num::f64::ANY.prop_map(RawCell::Number),
        1 => (1u64..999_999_999_999).prop_map(|n| RawCell::Number(n as f64)),
        1 => Just(RawCell::Error("#REF!".to_string())),
    ]
}

fn rows() -> impl Strategy<Value = Vec<Vec<RawCell>>> {
    prop::collection::vec(prop::collection::vec(cell(), Field::COUNT), 1..25)
}

fn sheet(rows: &[Vec<RawCell>]) -> RawSheet {
    let header = RawRow {
        number: 1,
        cells: common::headers()
            .iter()
            .map(|h| RawCell::Text(h.to_string()))
            .collect(),
    };
    let mut all = vec![header];
    all.extend(rows.iter().enumerate().map(|(i, cells)| RawRow {
        number: i as u32 + 2,
        cells: cells.clone(),
    }));
    RawSheet {
        kind: SourceKind::Xlsx,
        name: Some("Hoja1".into()),
        rows: all,
        rest: None,
        hidden: false,
    }
}

fn validate(rows: &[Vec<RawCell>]) -> Result<Form, sigce::error::FileError> {
    let opts = BuildOptions {
        rules: Settings::default(),
        ticket: Some("123456"),
        file_stem: None,
        file: "prueba.xlsx",
    };
    let mut form = pipeline::build(vec![sheet(rows)], &opts)?;
    pipeline::batch(
        &mut [&mut form],
        &["prueba.xlsx".to_string()],
        History::Off,
        false,
    );
    Ok(form)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_non_empty_row_ends_in_exactly_one_output(rows in rows()) {
        let non_empty: Vec<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| !c.is_blank()))
            .map(|(i, _)| i as u32 + 2)
            .collect();
        match validate(&rows) {
            Err(e) => {
                prop_assert!(non_empty.is_empty(), "file error with rows: {}", e.message);
                prop_assert_eq!(e.code(), "FORMULARIO_SIN_FILAS");
            }
            Ok(form) => {
                let numbers: Vec<u32> = form.rows.iter().map(|r| r.row.number).collect();
                prop_assert_eq!(&numbers, &non_empty);
                let accepted = form.accepted().count();
                let rejected = form.rejected().count();
                prop_assert_eq!(accepted + rejected, non_empty.len());
                for row in &form.rows {
                    let has_error = row.issues.iter().any(|i| i.severity() == Severity::Error);
                    prop_assert_eq!(row.status == RowStatus::Rejected, has_error);
                }
            }
        }
    }

    #[test]
    fn accepted_rows_validated_again_need_no_fix(rows in rows()) {
        let Ok(form) = validate(&rows) else { return Ok(()) };
        // What the clean file holds: the normalized values, as text.
        let clean: Vec<Vec<RawCell>> = form
            .accepted()
            .map(|r| {
                Field::ALL
                    .iter()
                    .map(|f| match r.row.get(*f) {
                        Some(v) => RawCell::Text(v.to_string()),
                        None => RawCell::Empty,
                    })
                    .collect()
            })
            .collect();
        if clean.is_empty() {
            return Ok(());
        }
        // Nothing accepted can run as a formula in a spreadsheet.
        for row in &clean {
            for cell in row {
                if let RawCell::Text(v) = cell {
                    prop_assert!(!v.starts_with(['=', '+', '-', '@']), "accepted value {v:?}");
                }
            }
        }
        let again = validate(&clean).expect("a clean file is a readable form");
        for row in &again.rows {
            prop_assert_eq!(row.row.fix_count(), 0, "row {} needed a fix", row.row.number);
            let bad: Vec<_> = row
                .issues
                .iter()
                .filter(|i| i.severity() != Severity::Warning)
                .map(|i| (i.code(), i.message.clone()))
                .collect();
            prop_assert!(bad.is_empty(), "row {}: {:?}", row.row.number, bad);
        }
    }

    #[test]
    fn the_fixes_recorded_are_the_fixes_counted(rows in rows()) {
        let Ok(form) = validate(&rows) else { return Ok(()) };
        for row in &form.rows {
            let fixes: Vec<_> = row.row.fixes().collect();
            prop_assert_eq!(fixes.len(), row.row.fix_count());
            for fix in &fixes {
                prop_assert_eq!(fix.rule.severity, Severity::Fix);
                prop_assert!(fix.before != fix.after);
            }
            // The last change of each cell leaves the value the row holds
            // (up to Unicode composition, which is not reported as a fix).
            for field in Field::ALL {
                if let Some(last) = fixes.iter().rev().find(|f| f.field == field)
                    && let Some(value) = row.row.get(field)
                {
                    let after: String = last.after.nfc().collect();
                    prop_assert_eq!(after.as_str(), value);
                }
            }
        }
    }

    #[test]
    fn the_json_report_always_parses(rows in rows()) {
        let outcome = validate(&rows);
        let results = vec![FileResult {
            input: Input::Path("prueba.xlsx".into()),
            outcome,
            outputs: Outputs::default(),
        }];
        let text = serde_json::to_string(&json::build(&results)).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(parsed["version"].as_u64(), Some(1));
    }
}

// Nothing lost: data outside the form's columns, a header repeated among
// the data, stray quotes, several visible and hidden sheets.

/// The form's header and three columns it does not have: SEDE, a counter
/// "No." and one without a header (a paste to the right of the table).
fn wide_sheet(rows: &[Vec<RawCell>]) -> RawSheet {
    let mut sheet = sheet(rows);
    sheet.rows[0].cells.push(RawCell::Text("SEDE".into()));
    sheet.rows[0].cells.push(RawCell::Text("No.".into()));
    sheet
}

/// Rows of the form's cells, mostly empty ones, then the three others.
fn wide_rows() -> impl Strategy<Value = Vec<(Vec<RawCell>, Vec<RawCell>)>> {
    let mapped = prop_oneof![
        3 => Just(vec![RawCell::Empty; Field::COUNT]),
        1 => prop::collection::vec(cell(), Field::COUNT),
    ];
    let extra = prop::collection::vec(
        prop_oneof![
            3 => Just(RawCell::Empty),
            1 => Just(RawCell::Text(String::new())),
            1 => cell(),
        ],
        3,
    );
    prop::collection::vec((mapped, extra), 1..20)
}

/// Values a CSV field holds without quoting: no delimiter, quote or line break.
fn plain() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "ANA",
        "LUIS",
        "PEREZ",
        "GOMEZ",
        "CC",
        "DOCENTE",
        "RECTOR",
        "",
        "FUNCIONARIO SECRETARIA",
        "3101234567",
        "maria",
        "  ",
        "CE",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn rows_with_data_only_outside_the_form_are_rejected_never_dropped(rows in wide_rows()) {
        let cells: Vec<Vec<RawCell>> = rows
            .iter()
            .enumerate()
            .map(|(i, (mapped, extra))| {
                let mut all = mapped.clone();
                all.extend(extra.iter().cloned());
                // Half the rows carry their counter under "No.".
                if i.is_multiple_of(2) {
                    all[Field::COUNT + 1] = RawCell::Number(i as f64 + 1.0);
                }
                all
            })
            .collect();
        let counter_only = |i: usize, c: usize, cell: &RawCell| {
            c == Field::COUNT + 1 && i.is_multiple_of(2) && *cell == RawCell::Number(i as f64 + 1.0)
        };
        let mut expected = Vec::new();
        let mut outside = Vec::new();
        for (i, row) in cells.iter().enumerate() {
            let mapped = row[..Field::COUNT].iter().any(|c| !c.is_blank());
            let other = row
                .iter()
                .enumerate()
                .skip(Field::COUNT)
                .any(|(c, cell)| !cell.is_blank() && !counter_only(i, c, cell));
            if mapped || other {
                expected.push(i as u32 + 2);
            }
            if !mapped && other {
                outside.push(i as u32 + 2);
            }
        }
        let opts = BuildOptions {
            rules: Settings::default(),
            ticket: Some("123456"),
            file_stem: None,
            file: "prueba.xlsx",
        };
        match pipeline::build(vec![wide_sheet(&cells)], &opts) {
            Err(e) => {
                prop_assert!(expected.is_empty(), "file error with rows: {}", e.message);
                prop_assert_eq!(e.code(), "FORMULARIO_SIN_FILAS");
            }
            Ok(mut form) => {
                partition::partition(&mut form, false);
                let numbers: Vec<u32> = form.rows.iter().map(|r| r.row.number).collect();
                prop_assert_eq!(&numbers, &expected);
                for row in &form.rows {
                    let flagged = row.issues.iter().any(|i| i.code() == "DATOS_FUERA_DEL_FORMATO");
                    prop_assert_eq!(flagged, outside.contains(&row.row.number));
                    if flagged {
                        prop_assert_eq!(row.status, RowStatus::Rejected);
                    }
                }
            }
        }
    }

    #[test]
    fn a_repeated_csv_header_remaps_and_a_stray_quote_stops_the_file(
        values in prop::collection::vec(prop::collection::vec(plain(), 4), 1..90),
        order in Just((0..Field::COUNT).collect::<Vec<_>>()).prop_shuffle(),
        at in any::<prop::sample::Index>(),
        quote in prop::option::weighted(0.3, (any::<prop::sample::Index>(), 0..Field::COUNT)),
    ) {
        // Each person has its own document and e-mail, to see where they land.
        let people: Vec<Vec<String>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut row = common::valid_row(i as u32);
                row[0] = v[0].clone();
                row[3] = v[1].clone();
                row[9] = v[2].clone();
                row[11] = v[3].clone();
                row
            })
            .collect();
        let split = at.index(people.len() + 1);
        let header: Vec<String> = common::headers().iter().map(|h| h.to_string()).collect();
        let reorder = |row: &[String]| order.iter().map(|&c| row[c].clone()).collect::<Vec<_>>();
        let mut lines: Vec<Vec<String>> = vec![header.clone()];
        lines.extend(people[..split].iter().cloned());
        lines.push(reorder(&header));
        lines.extend(people[split..].iter().map(|p| reorder(p)));
        let quoted_line = quote.map(|(row, col)| {
            let row = 1 + row.index(lines.len() - 1);
            lines[row][col].insert(0, '"');
            row as u64 + 1
        });
        let text: String = lines.iter().map(|l| l.join(";") + "\n").collect();
        let opts = BuildOptions {
            rules: Settings::default(),
            ticket: Some("123456"),
            file_stem: None,
            file: "prueba.csv",
        };
        let built = sigce::read::csv::read(text.into_bytes(), &sigce::limits::Limits::default(), "prueba.csv")
            .and_then(|sheet| pipeline::build(vec![sheet], &opts));
        if let Some(line) = quoted_line {
            let e = built.expect_err("a stray quote is a file error");
            prop_assert_eq!(e.code(), "CSV_COMILLAS");
            let expected_line = format!("línea {line}");
            prop_assert!(e.message.contains(&expected_line), "{}", e.message);
            return Ok(());
        }
        let form = built.expect("a readable form");
        // Every person once, the repeated header never, each value where it belongs.
        let numbers: Vec<u32> = form.rows.iter().map(|r| r.row.number).collect();
        let expected: Vec<u32> = (0..people.len())
            .map(|i| i as u32 + 2 + u32::from(i >= split))
            .collect();
        prop_assert_eq!(numbers, expected);
        for (row, person) in form.rows.iter().zip(&people) {
            prop_assert_eq!(row.row.get(Field::NumeroDocumento), Some(person[5].as_str()));
            prop_assert_eq!(row.row.get(Field::Correo), Some(person[8].as_str()));
        }
        let repeated = form.warnings.iter().filter(|w| w.code() == "ENCABEZADO_REPETIDO").count();
        prop_assert_eq!(repeated, 1);
    }
}

proptest! {
    // Each case writes and reads a workbook: fewer cases.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_visible_sheet_is_validated_and_no_hidden_one(
        sheets in prop::collection::vec((0u8..3, 0usize..4, any::<bool>()), 1..5),
    ) {
        // (visibility: 0 visible, 1 hidden, 2 very hidden; rows; swapped columns)
        let mut sheets = sheets;
        if sheets.iter().all(|(v, _, _)| *v != 0) {
            sheets[0].0 = 0;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libro.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let mut expected = Vec::new();
        let mut n = 0u32;
        let active = sheets.iter().position(|(v, _, _)| *v == 0).unwrap();
        for (s, (visibility, rows, swap)) in sheets.iter().enumerate() {
            let name = format!("Hoja {s}");
            let sheet = book.add_worksheet().set_name(&name).unwrap();
            let mut header = common::headers();
            if *swap {
                header.swap(2, 8);
            }
            for (c, h) in header.iter().enumerate() {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            for r in 0..*rows {
                n += 1;
                let mut row = common::valid_row(n);
                if *swap {
                    row.swap(2, 8);
                }
                for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    sheet.write_string(r as u32 + 1, c as u16, v).unwrap();
                }
                if *visibility == 0 {
                    expected.push((name.clone(), r as u32 + 2, format!("p{n}@colegio.edu.co")));
                }
            }
            match visibility {
                1 => {
                    sheet.set_hidden(true);
                }
                2 => {
                    sheet.set_very_hidden(true);
                }
                _ if s == active => {
                    sheet.set_active(true);
                }
                _ => {}
            }
        }
        book.save(&path).unwrap();
        let read = sigce::read::read_all(&Input::Path(path), None, &sigce::limits::Limits::default()).unwrap();
        let opts = BuildOptions {
            rules: Settings::default(),
            ticket: Some("123456"),
            file_stem: None,
            file: "libro.xlsx",
        };
        match pipeline::build(read, &opts) {
            Err(e) => {
                prop_assert!(expected.is_empty(), "{}", e.message);
                prop_assert_eq!(e.code(), "FORMULARIO_SIN_FILAS");
            }
            Ok(form) => {
                let found: Vec<(String, u32, String)> = form
                    .rows
                    .iter()
                    .map(|r| {
                        (
                            form.section_of(r).sheet.clone().unwrap(),
                            r.row.number,
                            r.row.get(Field::Correo).unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                prop_assert_eq!(found, expected);
            }
        }
    }
}
