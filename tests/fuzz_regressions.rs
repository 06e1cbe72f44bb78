//! Every input the fuzzers found a crash with (see fuzz/README.md) is read
//! again on each test run: it must give a report or an error, never a panic.

mod common;

use std::io::Cursor;

use mentoring_stats_engine::{Analysis, FileErrorKind, ReadOptions, Settings};

fn regression_files() -> Vec<std::path::PathBuf> {
    let dir = common::repo().join("tests/fuzz_regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_crash_input_now_reads_cleanly() {
    let files = regression_files();
    assert!(!files.is_empty(), "the regression inputs are missing");
    for path in files {
        let bytes = std::fs::read(&path).expect("readable");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut analysis = Analysis::new(Settings::default());
        match analysis.add_file(&name, Cursor::new(bytes), &ReadOptions::default()) {
            Ok(_) => {
                let report = analysis.report();
                let input = &report.input;
                assert_eq!(
                    input.rows_read,
                    input.rows_used + input.rows_rejected,
                    "{name}"
                );
            }
            Err(e) => assert!(e.to_string().starts_with(&name), "{e}"),
        }
    }
}

#[test]
fn a_workbook_with_an_absurd_cell_reference_is_unreadable_not_a_crash() {
    let path = common::repo().join("tests/fuzz_regressions/calamine-cell-reference-overflow.xlsx");
    let bytes = std::fs::read(path).expect("readable");
    let e = Analysis::new(Settings::default())
        .add_file("bad.xlsx", Cursor::new(bytes), &ReadOptions::default())
        .expect_err("not a readable workbook");
    assert!(matches!(e.kind, FileErrorKind::Workbook(_)), "{e}");
}
