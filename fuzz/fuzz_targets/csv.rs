//! Any bytes as a CSV form, through the whole pipeline up to the partition.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::form::{self, BuildOptions};
use sigce::limits::Limits;
use sigce::rules::RuleOptions;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let read = sigce::read::csv::read(data.to_vec(), &limits, "fuzz.csv");
    let Ok(sheet) = read.and_then(sigce::read::sheet::RawSheet::complete) else {
        return;
    };
    let records = sheet.rows.len();
    let opts = BuildOptions {
        rules: RuleOptions::default(),
        ticket: None,
        file_stem: Some("fuzz"),
        file: "fuzz.csv",
    };
    if let Ok(mut form) = form::build(vec![sheet], &opts) {
        assert!(form.rows.len() <= records);
        sigce::partition::apply_batch_rules(&mut [&mut form], &["fuzz.csv".to_string()]);
        sigce::partition::partition(&mut form, false);
        let decided = form.accepted().count() + form.rejected().count();
        assert_eq!(
            decided,
            form.rows.len(),
            "every row ends in exactly one output"
        );
    }
});
