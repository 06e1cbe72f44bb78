//! Any bytes, read as a record file and reported on: no panic, no hang, and
//! the row accounting holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mentoring_stats_engine::{Analysis, ReadOptions, Settings};

fuzz_target!(|data: &[u8]| {
    let mut analysis = Analysis::new(Settings::default());
    if analysis
        .add_file("fuzz.csv", std::io::Cursor::new(data), &ReadOptions::default())
        .is_ok()
    {
        let report = analysis.report();
        let input = &report.input;
        assert_eq!(input.rows_read, input.rows_used + input.rows_rejected);
        assert_eq!(input.rejected.len() as u64, input.rows_rejected);
        let _ = report.to_json();
        let _ = report.sites_csv();
    }
});
