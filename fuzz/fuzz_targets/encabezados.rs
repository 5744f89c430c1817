//! Any text as the first rows of a sheet: header keys and header location.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::policy::Policy;
use sigce::read::sheet::{RawCell, RawRow, RawSheet, SourceKind};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<RawRow> = text
        .split('\n')
        .take(40)
        .enumerate()
        .map(|(i, line)| RawRow {
            number: i as u32 + 1,
            cells: line
                .split('|')
                .map(|c| RawCell::Text(c.to_string()))
                .collect(),
        })
        .collect();
    for row in &rows {
        for cell in &row.cells {
            let key = sigce::headers::header_key(&cell.display());
            // A key is stable: keying it again changes nothing.
            assert_eq!(sigce::headers::header_key(&key), key);
        }
    }
    let sheet = RawSheet {
        kind: SourceKind::Xlsx,
        name: Some("Hoja1".into()),
        rows,
        rest: None,
        hidden: false,
    };
    let _ = sigce::headers::locate(&[sheet], "fuzz.xlsx", Policy::built_in());
});
