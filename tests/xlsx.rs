//! Excel workbooks give the same figures as the CSV files they were made
//! from (`tests/fixtures/make_xlsx.py`: real date cells, number cells).

mod common;

use common::{assert_matches, own_fixtures, report_for, shared_fixtures};
use mentoring_stats_engine::{Analysis, FileErrorKind, ReadOptions, Settings};

const PAIRS: [&str; 2] = ["small", "trial_group_uk"];

#[test]
fn each_workbook_matches_the_expected_report_of_its_csv() {
    for name in PAIRS {
        let xlsx = own_fixtures().join(format!("{name}.xlsx"));
        let expected = shared_fixtures().join(format!("{name}.expected.json"));
        let report = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
        assert_matches(&expected, &report.to_json());
    }
}

#[test]
fn each_workbook_gives_the_same_figures_and_reasons_as_its_csv() {
    for name in PAIRS {
        let xlsx = own_fixtures().join(format!("{name}.xlsx"));
        let csv = shared_fixtures().join(format!("{name}.csv"));
        let from_xlsx = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
        let from_csv = report_for(&[&csv], &ReadOptions::default(), &Settings::default());
        assert_eq!(from_xlsx.overall, from_csv.overall, "{name}");
        assert_eq!(from_xlsx.sites, from_csv.sites, "{name}");
        assert_eq!(from_xlsx.mentees, from_csv.mentees, "{name}");
        assert_eq!(from_xlsx.mentors, from_csv.mentors, "{name}");
        assert_eq!(from_xlsx.months, from_csv.months, "{name}");
        assert_eq!(from_xlsx.input.rows_read, from_csv.input.rows_read);
        assert_eq!(from_xlsx.input.rows_rejected, from_csv.input.rows_rejected);
        // Sheet rows and CSV lines differ where a note spans lines, and a
        // date cell has no day/month order to decide: compare the reasons
        // only where they do not quote the date as written.
        let reasons = |r: &mentoring_stats_engine::Report| -> Vec<String> {
            r.input
                .rejected
                .iter()
                .map(|x| x.reason.clone())
                .filter(|x| !x.starts_with("date"))
                .collect()
        };
        assert_eq!(reasons(&from_xlsx), reasons(&from_csv), "{name}");
    }
}

#[test]
fn a_workbook_row_is_its_sheet_row_number() {
    let xlsx = own_fixtures().join("small.xlsx");
    let report = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
    let lines: Vec<u64> = report.input.rejected.iter().map(|r| r.line).collect();
    // Sheet rows: header 1; "not a date" is the 3rd record (row 4), 31/02/2019
    // the 10th (row 11), "abc" the 12th (row 13).
    assert_eq!(lines, vec![4, 11, 13]);
}

#[test]
fn a_sheet_named_by_hand_is_read_and_a_workbook_without_it_falls_back() {
    let bytes = std::fs::read(own_fixtures().join("small.xlsx")).expect("fixture");
    let options = ReadOptions {
        sheet: Some("Notes".into()),
        ..ReadOptions::default()
    };
    let err = Analysis::new(Settings::default())
        .add_file("small.xlsx", std::io::Cursor::new(bytes.clone()), &options)
        .expect_err("the Notes sheet has no record columns");
    let FileErrorKind::NoHeader(failure) = &err.kind else {
        panic!("{err}");
    };
    assert_eq!(failure.sheet.as_deref(), Some("Notes"));
    assert_eq!(failure.sheets, vec!["Records", "Notes"]);
    let message = err.to_string();
    assert!(
        message.contains("sheet \"Notes\" line 1") && message.contains("\"Records\""),
        "{message}"
    );

    // A workbook without the sheet asked for is read from its first sheet
    // with a header, and a notice says so.
    let options = ReadOptions {
        sheet: Some("Nope".into()),
        ..ReadOptions::default()
    };
    let mut analysis = Analysis::new(Settings::default());
    analysis
        .add_file("small.xlsx", std::io::Cursor::new(bytes), &options)
        .expect("falls back to the first sheet");
    let report = analysis.report();
    assert_eq!(report.input.rows_read, 13); // as small.expected.json
    assert!(
        report
            .input
            .notices
            .iter()
            .any(|n| n.contains("has no sheet \"Nope\"") && n.contains("\"Records\" was read")),
        "{:?}",
        report.input.notices
    );
}
