//! Logs in the shapes trial teams keep (`tests/fixtures/logs/`, made by
//! `make_logs.py`): each gives the figures its ground truth gives through
//! an independent model (`model.py`), says what it guessed in a notice, or
//! is refused with a message that names the fix.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::compare;
use serde_json::Value;

fn logs() -> PathBuf {
    common::repo().join("tests/fixtures/logs")
}

fn cases() -> Vec<Value> {
    let path = logs().join("cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: Value = serde_json::from_str(&text).expect("cases.json is JSON");
    manifest["cases"]
        .as_array()
        .expect("a list of cases")
        .clone()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs `mentoring-stats report FILES ARGS` in the logs folder, as a user would.
fn run(case: &Value) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
        .current_dir(logs())
        .arg("report")
        .args(strings(&case["files"]))
        .args(strings(&case["args"]))
        .output()
        .expect("the tool runs")
}

/// Whether a notice gives `label` with `rows` rows: `"Teams call" as video (3 rows)`.
fn notice_counts(notices: &[String], label: &str, rows: u64) -> bool {
    let quoted = format!("{label:?}");
    let count = if rows == 1 {
        "(1 row)".to_string()
    } else {
        format!("({rows} rows)")
    };
    notices.iter().any(|n| {
        n.match_indices(&quoted).any(|(at, _)| {
            let after = &n[at + quoted.len()..];
            after
                .find(')')
                .is_some_and(|end| after[..=end].contains(&count))
        })
    })
}

#[test]
fn every_log_gives_the_figures_of_its_ground_truth() {
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| c.get("expected").is_some()) {
        let name = case["name"].as_str().unwrap_or_default();
        let output = run(case);
        if !output.status.success() {
            failures.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
            continue;
        }
        let actual: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
        let expected_path = logs().join(case["expected"].as_str().unwrap_or_default());
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path).expect("expected report"),
        )
        .expect("expected report is JSON");
        for diff in compare(&expected, &actual) {
            failures.push(format!("{name}: {diff}"));
        }
        let notices: Vec<String> = strings(&actual["input"]["notices"]);
        for fact in strings(&case["notice_facts"]) {
            if !notices.iter().any(|n| n.contains(&fact)) {
                failures.push(format!("{name}: no notice says {fact:?}: {notices:#?}"));
            }
        }
        if let Some(rows) = case["notice_rows"].as_object() {
            for (label, n) in rows {
                let n = n.as_u64().unwrap_or_default();
                if !notice_counts(&notices, label, n) {
                    failures.push(format!(
                        "{name}: no notice gives {label:?} with {n} rows: {notices:#?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_log_that_cannot_be_read_is_refused_with_its_facts_and_fix() {
    let mut seen = 0;
    for case in cases().iter().filter(|c| c.get("refusal").is_some()) {
        seen += 1;
        let name = case["name"].as_str().unwrap_or_default();
        let refusal = &case["refusal"];
        let output = run(case);
        let message = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(output.stdout.is_empty(), "{name}: no report on a refusal");
        let file = refusal["file"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("{file}: ")), "{name}: {message}");
        let kind = refusal["kind"].as_str().unwrap_or_default();
        if kind != "coded_modes" {
            let line = refusal["line"].as_u64().unwrap_or_default();
            assert!(
                message.contains(&format!("line {line}")),
                "{name}: {message}"
            );
        }
        if let Some(sheet) = refusal["sheet"].as_str() {
            assert!(
                message.contains(&format!("sheet {sheet:?}")),
                "{name}: {message}"
            );
        }
        match kind {
            "no_header" => {
                for field in strings(&refusal["missing"]) {
                    assert!(
                        message.contains(&format!("{field} (a header such as")),
                        "{name}: {message}"
                    );
                }
            }
            "summary_table" => assert!(message.contains("summary table"), "{name}: {message}"),
            "coded_modes" => assert!(
                message.contains("holds only numbers") && message.contains("with labels"),
                "{name}: {message}"
            ),
            other => panic!("{name}: unknown refusal kind {other}"),
        }
        for fix in strings(&refusal["suggest"]) {
            assert!(message.contains(&fix), "{name}: {fix} not in {message}");
        }
    }
    assert!(seen >= 3, "the refusal cases are there");
}

#[test]
fn the_notice_row_counts_are_checked_against_the_label_as_quoted() {
    let notices = vec![
        "mode labels read by their words: \"Teams call\" as video (3 rows), \"WhatsApp\" as sms (1 row)"
            .to_string(),
    ];
    assert!(notice_counts(&notices, "Teams call", 3));
    assert!(notice_counts(&notices, "WhatsApp", 1));
    assert!(!notice_counts(&notices, "Teams call", 1));
    assert!(!notice_counts(&notices, "Zoom", 1));
}
