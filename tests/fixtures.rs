//! The shared example files give exactly their expected reports, through
//! the library and through the command line tool, with no setting changed.

mod common;

use std::process::Command;

use common::{assert_matches, compare, fixture_pairs, report_for};
use mentoring_stats_engine::{Analysis, ReadOptions, Settings};
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

/// Reads a file the way the page reads a large one on two workers: its
/// table split into cells into messages of the wire form, passed on to a
/// pushed file ([`Analysis::push_file`]), read again in the other date
/// order when it asks to be.
fn read_pushed(analysis: &mut Analysis, name: &str, bytes: &[u8], options: &ReadOptions) -> bool {
    use mentoring_stats_engine::Fingerprint;
    use mentoring_stats_engine::Pushed;
    use mentoring_stats_engine::{deliver, WireSink};
    use mentoring_stats_engine::{is_text_table, read_text_table};

    // The page sends text files only to its reading worker.
    assert!(is_text_table(bytes), "{name} is not read as text");
    let mut messages = Vec::new();
    let mut reader = Fingerprint::new(std::io::Cursor::new(bytes));
    let read = {
        let mut wire = WireSink::new(|message| messages.push(message));
        read_text_table(name, &mut reader, options, &mut wire)
    };
    let read = read.map(|format| (format, reader.finish().expect("in memory")));
    let mut pushed = analysis.push_file(name);
    for message in &messages {
        deliver(message, &mut pushed).expect("decodes");
    }
    let ended = pushed.finish();
    match analysis
        .keep_pushed(ended, read)
        .unwrap_or_else(|e| panic!("{e}"))
    {
        Pushed::Read(_) => false,
        Pushed::ReadAgain(order) => {
            analysis
                .add_file_in_order(name, std::io::Cursor::new(bytes), options, order)
                .unwrap_or_else(|e| panic!("{e}"));
            true
        }
    }
}

#[test]
fn a_file_pushed_through_the_wire_form_gives_the_report_of_one_read_directly() {
    let options = ReadOptions::default();
    let mut files: Vec<(String, Vec<u8>)> = fixture_pairs()
        .into_iter()
        .map(|(csv, _)| {
            let name = csv.file_name().map(|n| n.to_string_lossy().into_owned());
            (
                name.unwrap_or_default(),
                std::fs::read(&csv).expect("readable"),
            )
        })
        .collect();
    // A file given twice (told by its bytes) and a file whose numeric dates
    // read better month first than its first date says (read again).
    files.push(("again.csv".into(), files[0].1.clone()));
    files.push((
        "month_first.csv".into(),
        b"Date,Site,Mode,Duration\n13/03/2024,A,Phone,10\n\
          04/14/2024,B,Phone,20\n05/15/2024,A,Phone,30\n06/16/2024,C,Phone,40\n"
            .to_vec(),
    ));
    for (name, bytes) in &files {
        let mut direct = Analysis::new(Settings::default());
        direct
            .add_file(name, std::io::Cursor::new(bytes), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut pushed = Analysis::new(Settings::default());
        let again = read_pushed(&mut pushed, name, bytes, &options);
        assert_eq!(again, name == "month_first.csv", "{name} read again");
        assert_eq!(
            pushed.report().to_json(),
            direct.report().to_json(),
            "{name}"
        );
    }
    // All of them in one analysis, each way.
    let mut direct = Analysis::new(Settings::default());
    let mut pushed = Analysis::new(Settings::default());
    for (name, bytes) in &files {
        direct
            .add_file(name, std::io::Cursor::new(bytes), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = read_pushed(&mut pushed, name, bytes, &options);
    }
    let (direct, direct_review) = direct.into_report_and_review();
    let (pushed, pushed_review) = pushed.into_report_and_review();
    assert_eq!(pushed.to_json(), direct.to_json());
    assert_eq!(
        serde_json::to_string(&pushed_review).expect("serializes"),
        serde_json::to_string(&direct_review).expect("serializes")
    );
}

/// A pooled log of thousands of sites, mentors and mentee cells, written
/// as people write them (names in other cases and spacings, lists of
/// mentees, group sessions over several rows, blank and unreadable cells):
/// enough rows and names that the reading side numbers its name columns.
fn many_names_log(rows: usize, seed: usize) -> Vec<u8> {
    let mut out = String::from("Date,Site,Mentor,Mentee(s),Mode,Duration,Attendance,Session\n");
    for i in 0..rows {
        let r = (i * 7919 + seed * 104_729) % 1_000_003;
        let site = match r % 5 {
            0 => format!(" site {}", r % 2500),
            1 => format!("SITE {} ", r % 2500),
            _ => format!("Site {}", r % 2500),
        };
        let site = match r % 211 {
            0 => String::new(),
            1 => "\u{200b}".to_string(),
            _ => site,
        };
        let mentor = format!("Mentor {}", (r / 7) % 1300);
        let mentees = match r % 4 {
            0 => format!("\"Mentee {}; mentee {}\"", r % 1800, (r / 3) % 1800),
            _ => format!("Mentee {}", (r / 11) % 1800),
        };
        let date = match r % 307 {
            0 => "31/02/2024".to_string(),
            _ => format!(
                "{:02}/{:02}/20{}",
                1 + r % 28,
                1 + (r / 28) % 12,
                20 + r % 5
            ),
        };
        let (mode, minutes) = match r % 3 {
            0 => ("Phone", format!("{}", 5 + r % 40)),
            1 => ("Email", String::new()),
            _ => ("Group video", format!("{}", 30 + r % 30)),
        };
        let attendance = ["attended", "DNA", "cancelled"][(r / 5) % 3];
        // Group sessions: rows of one session share its site and date.
        let session = if mode == "Group video" {
            format!("G{}", i / 3)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{date},{site},{mentor},{mentees},{mode},{minutes},{attendance},{session}\n"
        ));
    }
    out.into_bytes()
}

#[test]
fn a_log_of_thousands_of_names_gives_one_report_however_its_cells_cross() {
    use mentoring_stats_engine::read_text_table;
    use mentoring_stats_engine::Fingerprint;
    use mentoring_stats_engine::SameName;

    let options = ReadOptions::default();
    let files = [
        ("pooled_a.csv", many_names_log(12_000, 1)),
        ("pooled_b.csv", many_names_log(9_000, 2)),
    ];
    let settings = Settings {
        same: vec![
            SameName::parse("site:Site 7=Site 8").expect("valid"),
            SameName::parse("mentee:Mentee 3=Mentee 4").expect("valid"),
        ],
        ..Settings::default()
    };
    // Directly (natively: two threads, the names numbered), through the
    // wire form (two workers, numbered), and on one thread (not numbered).
    let mut threads = Analysis::new(settings.clone());
    let mut wire = Analysis::new(settings.clone());
    let mut one_thread = Analysis::new(settings.clone());
    for (name, bytes) in &files {
        threads
            .add_file(name, std::io::Cursor::new(bytes), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = read_pushed(&mut wire, name, bytes, &options);
        let mut reader = Fingerprint::new(std::io::Cursor::new(bytes));
        let mut pushed = one_thread.push_file(name);
        let read = read_text_table(name, &mut reader, &options, &mut pushed);
        let read = read.map(|format| (format, reader.finish().expect("in memory")));
        let ended = pushed.finish();
        one_thread
            .keep_pushed(ended, read)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (expected, expected_review) = one_thread.into_report_and_review();
    let expected_json = expected.to_json();
    // Enough names and rows that the numbers are used, and the log's
    // problems are there to be told.
    assert!(
        expected.sites.len() > 2000,
        "{} sites",
        expected.sites.len()
    );
    assert!(expected.input.rows_rejected > 100);
    for (how, analysis) in [("threads", threads), ("wire", wire)] {
        let (report, review) = analysis.into_report_and_review();
        assert!(
            report.to_json() == expected_json,
            "{how}: the reports differ"
        );
        assert_eq!(
            serde_json::to_string(&review).expect("serializes"),
            serde_json::to_string(&expected_review).expect("serializes"),
            "{how}"
        );
    }
}

/// The five mentees (of 700) of list `list` (of 4,000 distinct lists).
fn listed_mentees(list: usize) -> impl Iterator<Item = usize> {
    let (first, step) = (list % 700, 1 + list / 700);
    (0..5).map(move |k| (first + k * step * 37) % 700)
}

/// A log of phone contacts, row `r` naming the mentees of list `r % 4,000`
/// in a cell that `written` writes from their names.
fn mentee_lists_log(rows: usize, written: impl Fn(usize, &[String]) -> String) -> Vec<u8> {
    let mut out = String::from("Date,Site,Mentor,Mentees,Mode,Duration,Attendance\n");
    for r in 0..rows {
        let list = r % 4_000;
        let names: Vec<String> = listed_mentees(list)
            .map(|m| format!("Mentee number {m}"))
            .collect();
        out.push_str(&format!(
            "{:02}/{:02}/2023,Site {},Mentor {},\"{}\",Phone,{},{}\n",
            1 + r % 28,
            1 + (r / 28) % 12,
            r % 40,
            r % 9,
            written(r, &names),
            5 + r % 40,
            ["attended", "DNA"][(r / 3) % 2],
        ));
    }
    out.into_bytes()
}

#[test]
fn mentee_cells_written_once_each_count_as_the_same_cells_written_alike() {
    use mentoring_stats_engine::read_text_table;
    use mentoring_stats_engine::Fingerprint;

    // On one thread nothing is numbered, so every cell goes through the
    // counting side's own cache of list cells, which keeps 4 MiB of them:
    // 4,000 distinct cells fit; 60,000 cells of over 90 bytes each, every
    // one written differently (spaces before the names), do not.
    let rows = 60_000;
    let alike = mentee_lists_log(rows, |_, names| names.join("; "));
    let each_once = mentee_lists_log(rows, |r, names| {
        // The row's repeat of its list (0 to 14), in binary: one space or
        // two before each name. No two cells are the same text.
        let repeat = r / 4_000;
        let spaced: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(k, name)| format!("{}{name}", " ".repeat(1 + ((repeat >> k) & 1))))
            .collect();
        spaced.join(";")
    });
    // (Read as comma-separated: a cell of many semicolons would otherwise
    // make the file look semicolon-separated.)
    let options = ReadOptions {
        delimiter: Some(b','),
        ..ReadOptions::default()
    };
    let one_thread = |bytes: &[u8]| {
        let mut analysis = Analysis::new(Settings::default());
        let mut reader = Fingerprint::new(std::io::Cursor::new(bytes));
        let mut pushed = analysis.push_file("mentees.csv");
        let read = read_text_table("mentees.csv", &mut reader, &options, &mut pushed);
        let read = read.map(|format| (format, reader.finish().expect("in memory")));
        let ended = pushed.finish();
        analysis
            .keep_pushed(ended, read)
            .unwrap_or_else(|e| panic!("{e}"));
        analysis.into_report_and_review().0
    };
    let expected = one_thread(&alike);
    assert_eq!(expected.input.rows_rejected, 0);
    let pairs: std::collections::BTreeSet<(usize, usize)> = (0..rows)
        .flat_map(|r| listed_mentees(r % 4_000).map(move |m| (m, r % 40)))
        .collect();
    assert_eq!(
        expected.mentees.len(),
        pairs.len(),
        "a mentee entry per mentee and site"
    );
    let expected_json = expected.to_json();
    assert!(
        one_thread(&each_once).to_json() == expected_json,
        "cells written once each, on one thread: the reports differ"
    );
    // Natively, on two threads the cells are numbered where they are read.
    let mut threads = Analysis::new(Settings::default());
    threads
        .add_file("mentees.csv", std::io::Cursor::new(&each_once), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        threads.report().to_json() == expected_json,
        "cells written once each, on two threads: the reports differ"
    );
}
