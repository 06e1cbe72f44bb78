//! The command line tool: output, flags, and messages for files it cannot read.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
        .args(args)
        .output()
        .expect("the tool runs")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = common::scratch_dir("cli");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn a_missing_file_is_named_and_exits_1() {
    let output = run(&["report", "no-such-file.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("no-such-file.csv: cannot be opened"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_image_renamed_csv_says_what_it_is() {
    let path = temp_file("picture.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let output = run(&["report", text(&path)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("picture.csv") && message.contains("a PNG image"),
        "{message}"
    );
}

#[test]
fn a_file_without_required_columns_names_them_and_what_it_found() {
    let path = temp_file("wrong.csv", b"When,Where,How\n2019-01-01,A,Phone\n");
    let output = run(&["report", text(&path)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    for needle in [
        "wrong.csv",
        "line 1",
        "date",
        "site",
        "mode",
        "\"When\"",
        "--column",
    ] {
        assert!(message.contains(needle), "{needle} not in: {message}");
    }
}

#[test]
fn columns_can_be_mapped_by_hand() {
    let path = temp_file(
        "mapped.csv",
        b"When,Where,How,Length\n2019-01-01,A,Phone,30\n",
    );
    let output = run(&[
        "report",
        text(&path),
        "--column",
        "date=When",
        "--column",
        "site=where",
        "--column",
        "mode=How",
        "--column",
        "duration=Length",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["overall"]["total_minutes"], 30.0);
}

#[test]
fn settings_flags_reach_the_report() {
    let path = temp_file(
        "window.csv",
        b"Date,Site,Mode,Duration\n2019-01-10,A,Phone,30\n2019-02-10,A,Email,\n2019-03-10,A,Phone,20\n",
    );
    let output = run(&[
        "report",
        text(&path),
        "--from",
        "2019-02-01",
        "--to",
        "2019-03-31",
        "--written-minutes",
        "7.5",
        "--date-order",
        "month-first",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["settings"]["date_order"], "month_first");
    assert_eq!(report["settings"]["from"], "2019-02-01");
    assert_eq!(report["input"]["rows_outside_window"], 1);
    // 7.5 for the email without a duration, 20 for the March call.
    assert_eq!(report["overall"]["total_minutes"], 27.5);
}

#[test]
fn a_bad_flag_value_exits_2_with_what_was_expected() {
    let output = run(&["report", "x.csv", "--from", "14/03/2018"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_delimiter_can_be_forced() {
    let path = temp_file(
        "forced.csv",
        b"Date;Site;Mode;Duration\n2019-01-01;A,B;Phone;30\n",
    );
    let output = run(&["report", text(&path), "--delimiter", ";"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["sites"][0]["site"], "A,B");
    // Forced to ',' the header is two columns, and the message shows them.
    let output = run(&["report", text(&path), "--delimiter", ","]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("\"Date;Site;Mode;Duration\""),
        "{}",
        stderr(&output)
    );
}

#[test]
fn csv_format_prints_the_site_table() {
    let csv = common::shared_fixtures().join("small.csv");
    let output = run(&["report", text(&csv), "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut lines = table.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("site,mentees,contacts,total_minutes,")));
    // From small.expected.json: Ashford General 3 mentees, 5 contacts, 107 minutes.
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("Ashford General,3,5,107,")),
        "{table}"
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("Bramley Royal,2,3,120,")),
        "{table}"
    );
}

#[test]
fn several_files_are_analysed_together() {
    let a = temp_file(
        "site_a.csv",
        b"Date,Site,Mode,Duration,Mentee\n2019-01-10,A,Phone,30,Ann\n",
    );
    let b = temp_file(
        "site_b.tsv",
        b"Date\tSite\tMode\tDuration\tMentee\n2019-02-10\tB\tPhone\t45\tBob\n",
    );
    let output = run(&["report", text(&a), text(&b)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["overall"]["sites"], 2);
    assert_eq!(report["overall"]["total_minutes"], 75.0);
    assert_eq!(report["input"]["files"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_column_that_no_file_has_is_an_argument_error_naming_the_files_columns() {
    let path = temp_file("plain.csv", b"Date,Site,Mode\n2019-03-01,A,Phone\n");
    let output = run(&["report", text(&path), "--column", "date=Visit day"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("--column date=\"Visit day\": no file has a column \"Visit day\"")
            && message.contains("Date, Site, Mode"),
        "{message}"
    );
}

#[test]
fn a_sheet_that_no_workbook_has_is_an_argument_error() {
    let path = temp_file("plain2.csv", b"Date,Site,Mode\n2019-03-01,A,Phone\n");
    let output = run(&["report", text(&path), "--sheet", "2019"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("none of the files is a workbook"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_window_that_ends_before_it_starts_is_an_argument_error() {
    let path = temp_file("window.csv", b"Date,Site,Mode\n2019-03-01,A,Phone\n");
    let output = run(&[
        "report",
        text(&path),
        "--from",
        "2019-05-01",
        "--to",
        "2019-04-30",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert!(
        message.contains("2019-05-01") && message.contains("2019-04-30"),
        "{message}"
    );
}

#[test]
fn reading_flags_reach_the_figures() {
    let path = temp_file(
        "flags.csv",
        b"Date,Site,Mode,Duration,Status\n2019-03-01,St Georges,Catch-up,1.5,Open\n2019-03-02,St George's,Phone,1,Closed\n",
    );
    let output = run(&[
        "report",
        text(&path),
        "--column",
        "attendance=",
        "--value",
        "mode:Catch-up=phone",
        "--same",
        "site:St Georges=St George's",
        "--duration-unit",
        "hours",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    // One site, two phone contacts of 90 and 60 minutes.
    assert_eq!(report["sites"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["sites"][0]["site"], "St George's");
    assert_eq!(report["sites"][0]["by_mode"]["phone"]["minutes"], 150.0);
}

#[test]
fn malformed_reading_flags_exit_2_with_what_was_expected() {
    for (flag, value, expected) in [
        ("--value", "mode:Catch-up", "FIELD:LABEL=VALUE"),
        ("--value", "mode:Catch-up=fax", "phone, video, in_person"),
        ("--value", "site:A=phone", "mode or attendance"),
        ("--same", "mode:a=b", "site, mentee, mentor, topic"),
        ("--same", "site:A", "FIELD:NAME=NAME"),
        ("--duration-unit", "days", "minutes"),
    ] {
        let output = run(&["report", "x.csv", flag, value]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        assert!(
            stderr(&output).contains(expected),
            "{flag} {value}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_codebook_that_is_not_a_data_dictionary_is_refused_by_name() {
    let records = temp_file("coded.csv", b"Date,Site,Mode\n2019-03-01,A,1\n");
    let output = run(&["report", text(&records), "--codebook", text(&records)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("coded.csv") && message.contains("is not a REDCap data dictionary"),
        "{message}"
    );
}

#[test]
fn a_data_dictionary_given_as_a_record_file_says_to_give_it_as_the_codebook() {
    let dictionary = common::repo().join("tests/fixtures/logs/redcap_DataDictionary.csv");
    let output = run(&["report", text(&dictionary)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is a REDCap data dictionary")
            && stderr(&output).contains("--codebook")
    );
}

#[test]
fn a_settings_file_gives_the_report_of_the_same_flags() {
    let log = temp_file(
        "saved.csv",
        b"Visit day,Site,Mode,Duration,Status\n2019-03-01,St Georges,Catch-up,1.5,Open\n2019-03-02,St George's,Phone,1,Closed\n",
    );
    let settings = temp_file(
        "saved.settings.json",
        br#"{
  "mentoring_stats_settings": 1,
  "duration_unit": "hours",
  "mentor_hourly_cost": 40,
  "values": [{"field": "mode", "label": "Catch-up", "value": "phone"}],
  "same": [{"field": "site", "name": "St Georges", "as": "St George's"}],
  "files": {"saved.csv": {"columns": {"date": "Visit day", "attendance": null}}}
}"#,
    );
    let by_file = run(&["report", text(&log), "--settings", text(&settings)]);
    assert!(by_file.status.success(), "{}", stderr(&by_file));
    let by_flags = run(&[
        "report",
        text(&log),
        "--duration-unit",
        "hours",
        "--mentor-cost",
        "40",
        "--value",
        "mode:Catch-up=phone",
        "--same",
        "site:St Georges=St George's",
        "--column",
        "date=Visit day",
        "--column",
        "attendance=",
    ]);
    assert!(by_flags.status.success(), "{}", stderr(&by_flags));
    assert_eq!(by_file.stdout, by_flags.stdout);
    // 90 + 60 minutes at one site, 40 an hour.
    let report = json(&by_file);
    assert_eq!(report["sites"][0]["total_minutes"], 150.0);
    assert_eq!(report["overall"]["mentor_cost"], 100.0);
    // A flag given on top of the file wins.
    let both = run(&[
        "report",
        text(&log),
        "--settings",
        text(&settings),
        "--mentor-cost",
        "60",
    ]);
    assert_eq!(json(&both)["overall"]["mentor_cost"], 150.0);
}

#[test]
fn a_bad_settings_file_is_named_with_where_and_what() {
    let log = temp_file("plain3.csv", b"Date,Site,Mode\n2019-03-01,A,Phone\n");
    let settings = temp_file(
        "bad.settings.json",
        br#"{"mentoring_stats_settings": 1, "from": "yesterday"}"#,
    );
    let output = run(&["report", text(&log), "--settings", text(&settings)]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("bad.settings.json") && message.contains("from: expected a date"),
        "{message}"
    );
}
