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
    let dir = std::env::temp_dir().join(format!("mentoring-stats-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
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
