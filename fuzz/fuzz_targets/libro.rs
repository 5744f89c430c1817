//! Any bytes as a workbook (ZIP or OLE container), through calamine and the
//! limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::limits::Limits;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_part_bytes: 16 * 1024 * 1024,
        ..Limits::default()
    };
    for ext in ["xlsx", "ods", "xls"] {
        let _ = sigce::read::workbook::read(
            data.to_vec(),
            Some(ext),
            "fuzz",
            None,
            &limits,
            sigce::read::Reading::Whole,
        );
    }
});
