//! Any text in the twelve fields: normalization and the row rules. A row that
//! is accepted must need no fix when its normalized values are read again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::field::Field;
use sigce::diagnostic::Severity;
use sigce::policy::Settings;
use sigce::read::sheet::RawCell;
use sigce::rules::check_row;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1f}');
    let cells: Vec<RawCell> = (0..Field::COUNT)
        .map(|_| match parts.next() {
            Some("") | None => RawCell::Empty,
            Some(s) => RawCell::Text(s.to_string()),
        })
        .collect();
    let opts = Settings::default();
    let cells_of: [Option<&RawCell>; Field::COUNT] = std::array::from_fn(|i| Some(&cells[i]));
    let (row, issues) = check_row(2, cells_of, opts);
    if issues.iter().any(|i| i.severity() == Severity::Error) {
        return;
    }
    let again: Vec<RawCell> = Field::ALL
        .iter()
        .map(|f| {
            row.get(*f)
                .map_or(RawCell::Empty, |v| RawCell::Text(v.to_string()))
        })
        .collect();
    let again_of: [Option<&RawCell>; Field::COUNT] = std::array::from_fn(|i| Some(&again[i]));
    let (second, second_issues) = check_row(2, again_of, opts);
    let fixes: Vec<_> = second.fixes().collect();
    assert_eq!(
        fixes.len(),
        second.fix_count(),
        "fixes recorded differ from those counted"
    );
    let changes: Vec<_> = fixes
        .iter()
        .map(|f| (f.code(), f.text()))
        .chain(
            second_issues
                .iter()
                .filter(|i| i.severity() != Severity::Warning)
                .map(|i| (i.code(), i.message.clone())),
        )
        .collect();
    assert!(
        changes.is_empty(),
        "accepted row changed on a second pass: {changes:?}"
    );
    for field in Field::ALL {
        if let Some(v) = second.get(field) {
            assert!(
                !v.starts_with(['=', '+', '-', '@']),
                "accepted {field:?} could run as a formula: {v:?}"
            );
        }
    }
});
