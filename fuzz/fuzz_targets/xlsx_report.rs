//! Any bytes behind a zip signature, read as a workbook and reported on:
//! no panic, no hang, and the row accounting holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mentoring_stats_engine::{Analysis, ReadOptions, Settings};

fuzz_target!(|data: &[u8]| {
    // The seeds are workbooks; make sure every input takes the workbook path.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"PK\x03\x04").unwrap_or(data));
    let mut analysis = Analysis::new(Settings::default());
    if analysis
        .add_file("fuzz.xlsx", std::io::Cursor::new(bytes), &ReadOptions::default())
        .is_ok()
    {
        let report = analysis.report();
        let input = &report.input;
        assert_eq!(input.rows_read, input.rows_used + input.rows_rejected);
        let _ = report.to_json();
    }
});
