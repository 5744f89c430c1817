//! Any bytes as a CSV form, through the whole pipeline up to the partition.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sigce::pipeline::{self, BuildOptions};
use sigce::limits::Limits;
use sigce::policy::Settings;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let read = sigce::read::csv::read(data.to_vec(), &limits, "fuzz.csv");
    let Ok(whole) = read.and_then(sigce::read::sheet::RawSheet::complete) else {
        return;
    };
    let records = whole.rows.len();
    // Built as validar builds it: the records past the first ones read (and
    // their rows reused) while the form is built.
    let Ok(sheet) = sigce::read::csv::read(data.to_vec(), &limits, "fuzz.csv") else {
        return;
    };
    let opts = BuildOptions {
        rules: Settings::default(),
        ticket: None,
        file_stem: Some("fuzz"),
        file: "fuzz.csv",
    };
    let from_whole = pipeline::build(vec![whole], &opts);
    let streamed = pipeline::build(vec![sheet], &opts);
    // Reading on (and reusing rows) gives exactly the form read whole.
    match (&streamed, &from_whole) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.rows.len(), b.rows.len());
            for (x, y) in a.rows.iter().zip(&b.rows) {
                assert_eq!(x.row, y.row);
                assert_eq!(x.issues, y.issues);
            }
            assert_eq!(a.ticket, b.ticket);
        }
        (Err(a), Err(b)) => assert_eq!(a.message, b.message),
        _ => panic!("streamed and whole readings disagree"),
    }
    if let Ok(mut form) = streamed {
        assert!(form.rows.len() <= records);
        sigce::pipeline::batch(
            &mut [&mut form],
            &["fuzz.csv".to_string()],
            sigce::pipeline::History::Off,
            false,
        );
        let decided = form.accepted().count() + form.rejected().count();
        assert_eq!(
            decided,
            form.rows.len(),
            "every row ends in exactly one output"
        );
    }
});
