//! Properties that must hold for any form: every non-empty row ends in exactly
//! one output, in order, with its number; accepted rows validated again need
//! no fix and have no error; the fixes made again from the cells are the ones
//! counted; any Unicode never panics; the JSON always parses.

mod common;

use proptest::prelude::*;
use sigce::field::Field;
use sigce::form::{self, BuildOptions, Form, RowStatus};
use sigce::partition;
use sigce::read::Input;
use sigce::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};
use sigce::report::{FileResult, Outputs, json};
use sigce::rules::{RuleOptions, Severity};
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
    }
}

fn validate(rows: &[Vec<RawCell>]) -> Result<Form, sigce::error::FileError> {
    let opts = BuildOptions {
        rules: RuleOptions::default(),
        ticket: Some("123456"),
        file_stem: None,
        file: "prueba.xlsx",
    };
    let mut form = form::build(vec![sheet(rows)], &opts)?;
    {
        let mut forms = vec![&mut form];
        partition::apply_batch_rules(&mut forms, &["prueba.xlsx".to_string()]);
    }
    partition::partition(&mut form, false);
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
            let bad: Vec<_> = again
                .issues_of(row)
                .iter()
                .filter(|i| i.severity() != Severity::Warning)
                .map(|i| (i.code(), i.message.clone()))
                .collect();
            prop_assert!(bad.is_empty(), "row {}: {:?}", row.row.number, bad);
        }
    }

    #[test]
    fn the_fixes_made_again_are_the_fixes_counted(rows in rows()) {
        let Ok(form) = validate(&rows) else { return Ok(()) };
        for row in &form.rows {
            let fixes = form.fixes_of(row);
            prop_assert_eq!(fixes.len(), row.row.fix_count());
            for fix in &fixes {
                prop_assert_eq!(fix.severity(), Severity::Fix);
                prop_assert!(fix.before.is_some() && fix.after.is_some() && fix.before != fix.after);
            }
            // The last change of each cell leaves the value the row holds
            // (up to Unicode composition, which is not reported as a fix).
            for field in Field::ALL {
                if let Some(last) = fixes.iter().rev().find(|f| f.field == Some(field))
                    && let Some(value) = row.row.get(field)
                {
                    let after: String = last.after.as_deref().unwrap_or_default().nfc().collect();
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
