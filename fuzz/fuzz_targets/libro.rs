//! Any bytes as a workbook (ZIP or OLE container), through calamine and the
//! limits; as XLSX also read on (the rows past the first ones in a reading
//! thread) into a form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::pipeline::{self, BuildOptions};
use sigce::limits::Limits;
use sigce::read::Reading;
use sigce::policy::Settings;

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
            Reading::Whole,
        );
    }
    let opts = BuildOptions {
        rules: Settings::default(),
        ticket: None,
        file_stem: Some("fuzz"),
        file: "fuzz.xlsx",
    };
    for concurrent in [false, true] {
        let reading = Reading::Streamed { concurrent };
        let read = sigce::read::workbook::read(
            data.to_vec(),
            Some("xlsx"),
            "fuzz",
            None,
            &limits,
            reading,
        );
        if let Ok(sheets) = read {
            let _ = pipeline::build(sheets, &opts);
        }
    }
});
