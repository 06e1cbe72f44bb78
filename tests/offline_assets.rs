//! What the page offers besides the user's own files: the invented example
//! log behind "Try it with an example log" gives the figures of its ground
//! truth (`assets/invented_example_log.expected.json`, computed by
//! `scripts/make_example.py` from the generator's vocabulary through the
//! independent model, not by this program); and the log templates that
//! `scripts/make_templates.mjs` writes at build time read with no notice
//! (but the one that says how each file was read) and no rejection.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{compare, repo, report_for};
use mentoring_stats_engine::{ReadOptions, Settings};
use serde_json::Value;

#[test]
fn the_example_log_gives_the_figures_of_its_ground_truth() {
    let assets = repo().join("assets");
    let report = report_for(
        &[&assets.join("invented_example_log.csv")],
        &ReadOptions::default(),
        &Settings::default(),
    );
    let actual: Value = serde_json::from_str(&report.to_json()).expect("the report is JSON");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(assets.join("invented_example_log.expected.json"))
            .expect("the expected report"),
    )
    .expect("the expected report is JSON");
    let diffs = compare(&expected, &actual);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    // What the page says of the example: several sites, group sessions,
    // written messages, and a few rows rejected on purpose.
    assert!(report.sites.len() >= 3, "{} sites", report.sites.len());
    assert!((3..=20).contains(&report.input.rows_rejected));
    assert!((200..=1000).contains(&report.input.rows_read));
}

/// Runs `scripts/make_templates.mjs` into a fresh folder, as the build does.
fn templates() -> PathBuf {
    let dir = common::scratch_dir("templates");
    let status = Command::new("node")
        .arg(repo().join("scripts/make_templates.mjs"))
        .arg(&dir)
        .status()
        .expect("node runs (the page's build needs Node.js: scripts/setup.sh)");
    assert!(status.success(), "make_templates.mjs failed");
    dir
}

#[test]
fn each_template_reads_its_example_row_with_no_notice_and_no_rejection() {
    let dir = templates();
    for name in [
        "mentoring-stats-log-template.csv",
        "mentoring-stats-log-template.xlsx",
    ] {
        let report = report_for(
            &[&dir.join(name)],
            &ReadOptions::default(),
            &Settings::default(),
        );
        let input = &report.input;
        assert_eq!(
            (input.rows_read, input.rows_used, input.rows_rejected),
            (1, 1, 0),
            "{name}: {:?}",
            input.rejected
        );
        // Every file gets the one notice of how it was read; nothing else.
        let read_as = format!("{name}: read as ");
        let others: Vec<&String> = input
            .notices
            .iter()
            .filter(|n| !n.starts_with(&read_as))
            .collect();
        assert_eq!(input.notices.len(), 1, "{name}: {:#?}", input.notices);
        assert!(others.is_empty(), "{name}: {others:#?}");
        assert_eq!(report.overall.contacts, 1, "{name}");
        assert_eq!(report.overall.total_minutes, 45.0, "{name}");
        let site = &report.sites[0];
        assert_eq!(site.site, "Example Hospital", "{name}");
        assert_eq!(site.mentees, 2, "{name}");
        assert_eq!(report.overall.first_contact.as_deref(), Some("2025-03-14"));
    }
    let _ = std::fs::remove_dir_all(dir);
}
