//! The shared example files give exactly their expected reports, through
//! the library and through the command line tool, with no setting changed.

mod common;

use std::process::Command;

use common::{assert_matches, compare, fixture_pairs, report_for};
use mentoring_stats::{ReadOptions, Settings};
use serde_json::json;

#[test]
fn every_shared_fixture_matches_its_expected_report_through_the_library() {
    for (csv, expected) in fixture_pairs() {
        let report = report_for(&[&csv], &ReadOptions::default(), &Settings::default());
        assert_matches(&expected, &report.to_json());
    }
}

#[test]
fn every_shared_fixture_matches_its_expected_report_through_the_command_line() {
    for (csv, expected) in fixture_pairs() {
        let output = Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
            .arg("report")
            .arg(&csv)
            .output()
            .expect("the tool runs");
        assert!(
            output.status.success(),
            "{}: {}",
            csv.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_matches(&expected, &String::from_utf8_lossy(&output.stdout));
    }
}

/// The fixtures of a folder of the shared examples, each with the flags of
/// its `NAME.args` (one a line, paths relative to the folder).
fn folder_cases(folder: &str) -> Vec<(std::path::PathBuf, std::path::PathBuf, Vec<String>)> {
    let dir = common::shared_fixtures().join(folder);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter_map(|csv| {
            let expected = csv.with_extension("expected.json");
            let args = std::fs::read_to_string(csv.with_extension("args"))
                .map(|text| {
                    text.lines()
                        .map(str::to_string)
                        .filter(|l| !l.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            expected.exists().then_some((csv, expected, args))
        })
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    cases
}

#[test]
fn every_reporting_fixture_matches_its_version_2_report_with_its_flags() {
    check_folder_with_flags("reporting");
}

#[test]
fn every_outcomes_fixture_matches_its_report_with_its_site_outcome_file() {
    check_folder_with_flags("outcomes");
}

/// Runs the command line tool on each fixture of a shared folder with its
/// flags, from that folder, and compares the report with the expected one.
fn check_folder_with_flags(folder: &str) {
    for (csv, expected, args) in folder_cases(folder) {
        let output = Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
            .current_dir(csv.parent().expect("a folder"))
            .arg("report")
            .arg(csv.file_name().expect("a name"))
            .args(&args)
            .output()
            .expect("the tool runs");
        assert!(
            output.status.success(),
            "{}: {}",
            csv.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_matches(&expected, &String::from_utf8_lossy(&output.stdout));
    }
}

#[test]
fn the_comparison_itself_catches_a_wrong_number_and_a_missing_field() {
    let expected = json!({"a": 1.0, "b": [{"c": "x"}], "d": null});
    assert!(compare(
        &expected,
        &json!({"a": 1.0 + 1e-12, "b": [{"c": "x"}], "d": null, "e": 3})
    )
    .is_empty());
    assert_eq!(
        compare(
            &expected,
            &json!({"a": 1.001, "b": [{"c": "x"}], "d": null})
        )
        .len(),
        1
    );
    assert_eq!(
        compare(&expected, &json!({"a": 1.0, "b": [], "d": null})).len(),
        1
    );
    assert_eq!(
        compare(&expected, &json!({"a": 1.0, "b": [{"c": "x"}]})).len(),
        1
    );
}

#[test]
fn rejected_rows_name_file_physical_line_and_reason() {
    let csv = common::shared_fixtures().join("small.csv");
    let report = report_for(&[&csv], &ReadOptions::default(), &Settings::default());
    let rejected: Vec<(String, u64, String)> = report
        .input
        .rejected
        .iter()
        .map(|r| (r.file.clone(), r.line, r.reason.clone()))
        .collect();
    // Line 2-3 is one record (a quoted note over two lines), so "not a date" is on line 5.
    let lines: Vec<u64> = rejected.iter().map(|r| r.1).collect();
    assert_eq!(lines, vec![5, 12, 14]);
    assert!(rejected.iter().all(|r| r.0 == "small.csv"));
    assert!(rejected[0].2.contains("not a date"), "{}", rejected[0].2);
    assert!(rejected[1].2.contains("31/02/2019"), "{}", rejected[1].2);
    assert!(rejected[2].2.contains("duration") && rejected[2].2.contains("abc"));
}

#[test]
fn the_report_json_has_the_contract_fields_in_order() {
    let csv = common::shared_fixtures().join("small.csv");
    let json = report_for(&[&csv], &ReadOptions::default(), &Settings::default()).to_json();
    let top: Vec<&str> = [
        "schema_version",
        "settings",
        "input",
        "overall",
        "sites",
        "mentees",
        "mentors",
        "months",
        "topics",
        "site_topics",
        "mentor_months",
        "outcomes",
    ]
    .to_vec();
    let positions: Vec<usize> = top
        .iter()
        .map(|k| {
            json.find(&format!("\n  \"{k}\":"))
                .unwrap_or_else(|| panic!("{k} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "top-level fields out of order"
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["schema_version"], 2);
    assert_eq!(
        value["settings"],
        json!({"date_order": "day_first", "written_message_minutes": 5.0, "from": null, "to": null,
               "mentor_hourly_cost": null, "mentor_costs": {}, "mentee_hourly_cost": null,
               "currency": null})
    );
}
