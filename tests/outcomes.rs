//! Site outcomes (SPEC, "Support and outcomes by site"): the outcome file
//! read in every format, its sites matched to the report's, Spearman's rho
//! worked out by hand, and the notices and errors.

mod common;

use std::io::Cursor;

use mentoring_stats_engine::report::OutcomeStats;
use mentoring_stats_engine::{
    Analysis, FileError, FileErrorKind, ReadOptions, Report, SameName, Settings,
};

/// A record file: one phone contact per `(site, date, minutes)`.
fn log(contacts: &[(&str, &str, u32)]) -> String {
    let mut text = String::from("Date,Site,Mode,Duration\n");
    for (site, date, minutes) in contacts {
        text.push_str(&format!("{date},{site},Phone,{minutes}\n"));
    }
    text
}

/// A record file with one contact per site, in one month: each site's
/// total minutes are also its minutes per month.
fn one_month(sites: &[(&str, u32)]) -> String {
    let contacts: Vec<(&str, &str, u32)> = sites
        .iter()
        .map(|&(site, minutes)| (site, "14/03/2018", minutes))
        .collect();
    log(&contacts)
}

fn analyse(records: &str, outcomes: &[u8], settings: Settings) -> Result<Report, FileError> {
    let mut analysis = Analysis::new(settings);
    let options = ReadOptions::default();
    analysis
        .add_file("log.csv", Cursor::new(records.as_bytes()), &options)
        .expect("the record file reads");
    analysis.add_outcomes("sites.csv", Cursor::new(outcomes.to_vec()), &options)?;
    Ok(analysis.report())
}

fn report(records: &str, outcomes: &str) -> Report {
    analyse(records, outcomes.as_bytes(), Settings::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn measure<'a>(report: &'a Report, name: &str) -> &'a OutcomeStats {
    report
        .outcomes
        .iter()
        .find(|o| o.measure == name)
        .unwrap_or_else(|| panic!("no measure {name:?} in {:?}", report.outcomes))
}

fn points(outcome: &OutcomeStats) -> Vec<(&str, f64)> {
    outcome
        .points
        .iter()
        .map(|p| (p.site.as_str(), p.value))
        .collect()
}

/// The report's notices about the outcome file.
fn notices(report: &Report) -> Vec<&str> {
    report
        .input
        .notices
        .iter()
        .map(String::as_str)
        .filter(|n| n.starts_with("sites."))
        .collect()
}

fn notice<'a>(report: &'a Report, words: &str) -> &'a str {
    notices(report)
        .into_iter()
        .find(|n| n.contains(words))
        .unwrap_or_else(|| panic!("no notice with {words:?} in {:?}", notices(report)))
}

const FOUR_SITES: [(&str, u32); 4] = [
    ("Ashford", 10),
    ("Bramley", 20),
    ("Carrow", 30),
    ("Dunmore", 40),
];

// --- Spearman's rho, by hand -------------------------------------------

#[test]
fn outcomes_rising_with_the_minutes_give_rho_1() {
    let report = report(
        &one_month(&FOUR_SITES),
        "Site,Recruited\nAshford,1\nBramley,2\nCarrow,3\nDunmore,4\n",
    );
    let recruited = measure(&report, "Recruited");
    assert_eq!(recruited.sites, 4);
    assert_eq!(recruited.spearman_total_minutes, Some(1.0));
    assert_eq!(recruited.spearman_minutes_per_month, Some(1.0));
}

#[test]
fn outcomes_falling_as_the_minutes_rise_give_rho_minus_1() {
    let report = report(
        &one_month(&FOUR_SITES),
        "Site,Recruited\nAshford,4\nBramley,3\nCarrow,2\nDunmore,1\n",
    );
    let recruited = measure(&report, "Recruited");
    assert_eq!(recruited.spearman_total_minutes, Some(-1.0));
    assert_eq!(recruited.spearman_minutes_per_month, Some(-1.0));
}

#[test]
fn ties_on_both_sides_share_the_mean_of_their_ranks() {
    // Recruited 1, 2, 2, 3 ranks 1, 2.5, 2.5, 4; minutes 10, 20, 40, 20
    // rank 1, 2.5, 4, 2.5. About the mean rank 2.5 the deviations are
    // (-1.5, 0, 0, 1.5) and (-1.5, 0, 1.5, 0): the sum of products is
    // 2.25 and each sum of squares 4.5, so rho = 2.25 / sqrt(4.5 * 4.5) =
    // 0.5. (The shortcut 1 - 6 * 4.5 / (4 * 15) would give 0.55.)
    let report = report(
        &one_month(&[
            ("Ashford", 10),
            ("Bramley", 20),
            ("Carrow", 40),
            ("Dunmore", 20),
        ]),
        "Site,Recruited\nAshford,1\nBramley,2\nCarrow,2\nDunmore,3\n",
    );
    let recruited = measure(&report, "Recruited");
    assert_eq!(recruited.spearman_total_minutes, Some(0.5));
    assert_eq!(recruited.spearman_minutes_per_month, Some(0.5));
}

#[test]
fn rho_against_minutes_per_month_uses_each_sites_months() {
    // Ashford: 30 minutes in March (30 a month); Bramley: 30 in March and
    // 30 in May, 3 months counted (60, 20 a month); Carrow: 90 in March.
    // Totals 30, 60, 90 rise with the outcome 1, 2, 3: rho 1. Per month
    // 30, 20, 90 rank 2, 1, 3 against 1, 2, 3: deviations (0, -1, 1) and
    // (-1, 0, 1), sum of products 1, sums of squares 2 and 2: rho 0.5.
    let records = log(&[
        ("Ashford", "01/03/2018", 30),
        ("Bramley", "01/03/2018", 30),
        ("Bramley", "01/05/2018", 30),
        ("Carrow", "01/03/2018", 90),
    ]);
    let report = report(&records, "Site,Score\nAshford,1\nBramley,2\nCarrow,3\n");
    let score = measure(&report, "Score");
    assert_eq!(report.sites[1].minutes_per_month, Some(20.0));
    assert_eq!(score.sites, 3);
    assert_eq!(score.spearman_total_minutes, Some(1.0));
    assert_eq!(score.spearman_minutes_per_month, Some(0.5));
}

#[test]
fn fewer_than_3_sites_give_no_rho() {
    let report = report(
        &one_month(&FOUR_SITES),
        "Site,Recruited,Retention\nAshford,1,0.5\nBramley,2,\nCarrow,3,0.9\n",
    );
    let retention = measure(&report, "Retention");
    assert_eq!(retention.sites, 2);
    assert_eq!(points(retention), [("Ashford", 0.5), ("Carrow", 0.9)]);
    assert_eq!(retention.spearman_total_minutes, None);
    assert_eq!(retention.spearman_minutes_per_month, None);
    // Three sites are enough.
    assert_eq!(
        measure(&report, "Recruited").spearman_total_minutes,
        Some(1.0)
    );
}

#[test]
fn a_side_without_spread_gives_no_rho() {
    // The same outcome at every site.
    let report_same_outcome = report(
        &one_month(&FOUR_SITES),
        "Site,Retention\nAshford,0.8\nBramley,0.8\nCarrow,0.8\nDunmore,0.8\n",
    );
    let retention = measure(&report_same_outcome, "Retention");
    assert_eq!(retention.sites, 4);
    assert_eq!(retention.spearman_total_minutes, None);
    assert_eq!(retention.spearman_minutes_per_month, None);
    // The same minutes at every site.
    let report_same_minutes = report(
        &one_month(&[("Ashford", 30), ("Bramley", 30), ("Carrow", 30)]),
        "Site,Recruited\nAshford,1\nBramley,2\nCarrow,3\n",
    );
    let recruited = measure(&report_same_minutes, "Recruited");
    assert_eq!(recruited.spearman_total_minutes, None);
    assert_eq!(recruited.spearman_minutes_per_month, None);
}

#[test]
fn the_same_files_give_the_same_bytes() {
    let fixture = common::repo().join("../shared/fixtures/outcomes");
    let records = std::fs::read_to_string(fixture.join("trial_outcomes.csv")).expect("fixture");
    let outcomes = std::fs::read(fixture.join("sites/trial_outcomes.csv")).expect("fixture");
    let first = analyse(&records, &outcomes, Settings::default()).expect("reads");
    let second = analyse(&records, &outcomes, Settings::default()).expect("reads");
    assert_eq!(first.to_json(), second.to_json());
    assert_eq!(
        measure(&first, "Fidelity score (%)").spearman_total_minutes,
        Some(-0.15)
    );
}

// --- Matching ----------------------------------------------------------

#[test]
fn sites_match_up_to_case_spacing_and_same_and_the_unmatched_are_named_both_ways() {
    let records = one_month(&[
        ("Ashford General", 10),
        ("Bramley Royal", 20),
        ("Carrow Vale", 30),
        ("Dunmore", 40),
    ]);
    let outcomes =
        "Site,Recruited\n  ashford   GENERAL ,3\nBramley Royal,2\nCarrow,1\nElmswick,9\n";
    let settings = Settings {
        same: vec![SameName::parse("site:carrow=Carrow Vale").expect("flag")],
        ..Settings::default()
    };
    let report = analyse(&records, outcomes.as_bytes(), settings).expect("reads");
    let recruited = measure(&report, "Recruited");
    // The sites as the report shows them, by name.
    assert_eq!(
        points(recruited),
        [
            ("Ashford General", 3.0),
            ("Bramley Royal", 2.0),
            ("Carrow Vale", 1.0)
        ]
    );
    // 10, 20, 30 minutes against 3, 2, 1.
    assert_eq!(recruited.spearman_total_minutes, Some(-1.0));
    assert_eq!(
        notice(&report, "match no site"),
        "sites.csv: outcome sites that match no site with a held contact, left out: \"Elmswick\" (line 5) (if one is a record file's site under another name, count it as that site with --same site:\"NAME=NAME\")"
    );
    assert_eq!(
        notice(&report, "no outcome row"),
        "sites.csv: sites with a held contact that have no outcome row: \"Dunmore\""
    );
}

#[test]
fn a_site_whose_contacts_were_all_cancelled_is_not_matched() {
    let records = "Date,Site,Mode,Duration,Attendance\n\
                   14/03/2018,Ashford,Phone,30,\n\
                   14/03/2018,Bramley,Phone,30,Cancelled\n";
    let report = report(records, "Site,Recruited\nAshford,3\nBramley,2\n");
    assert!(report
        .sites
        .iter()
        .any(|s| s.site == "Bramley" && s.contacts == 0 && s.cancelled == 1));
    assert_eq!(points(measure(&report, "Recruited")), [("Ashford", 3.0)]);
    assert!(notice(&report, "match no site").contains("\"Bramley\" (line 3)"));
}

#[test]
fn without_an_outcome_file_outcomes_is_empty() {
    let mut analysis = Analysis::new(Settings::default());
    analysis
        .add_file(
            "log.csv",
            Cursor::new(one_month(&FOUR_SITES)),
            &ReadOptions::default(),
        )
        .expect("reads");
    let report = analysis.report();
    assert!(report.outcomes.is_empty());
    assert!(report.to_json().contains("\"outcomes\": []"));
}

// --- Measures, missing values and skipped rows -------------------------

#[test]
fn missing_values_and_rows_without_a_site_are_counted_in_notices() {
    let outcomes = "Site,Recruited,Fidelity,Comment\n\
                    Ashford,1,70,fine\n\
                    Bramley,,n/a,\n\
                    ,5,80,no site\n\
                    Carrow,3,,\n\
                    \"  \",6,60,\n\
                    Dunmore,4,75,paused\n";
    let report = report(&one_month(&FOUR_SITES), outcomes);
    let measures: Vec<&str> = report.outcomes.iter().map(|o| o.measure.as_str()).collect();
    assert_eq!(measures, ["Recruited", "Fidelity"]);
    assert_eq!(measure(&report, "Recruited").sites, 3);
    assert_eq!(measure(&report, "Fidelity").sites, 2);
    assert_eq!(
        notice(&report, "missing"),
        "sites.csv: cells that are blank or not a number, missing for their measure: \"Recruited\" 1 (line 3 blank); \"Fidelity\" 2 (line 3 \"n/a\", line 5 blank)"
    );
    assert_eq!(
        notice(&report, "without a site"),
        "sites.csv: 2 rows without a site skipped (lines 4 and 6)"
    );
    assert_eq!(
        notice(&report, "not measures"),
        "sites.csv: columns with no number, not measures: \"Comment\""
    );
    assert_eq!(
        notice(&report, "read as"),
        "sites.csv: site outcomes read as UTF-8, comma-separated; header on line 1; sites in \"Site\"; measures: \"Recruited\" and \"Fidelity\""
    );
}

#[test]
fn a_percent_and_a_decimal_comma_are_numbers() {
    let outcomes = "Site;Fidelity;Retention\nAshford;85.7%;1,5\nBramley;90 %;-0,25\nCarrow;+70;2\n";
    let report = report(&one_month(&FOUR_SITES), outcomes);
    assert_eq!(
        points(measure(&report, "Fidelity")),
        [("Ashford", 85.7), ("Bramley", 90.0), ("Carrow", 70.0)]
    );
    assert_eq!(
        points(measure(&report, "Retention")),
        [("Ashford", 1.5), ("Bramley", -0.25), ("Carrow", 2.0)]
    );
}

// --- Errors ------------------------------------------------------------

#[test]
fn a_site_given_twice_is_an_error_naming_both_lines() {
    let outcomes = "Site,Recruited\nAshford,1\nBramley,2\n  ASHFORD ,3\n";
    let error = analyse(
        &one_month(&FOUR_SITES),
        outcomes.as_bytes(),
        Settings::default(),
    )
    .expect_err("Ashford twice");
    assert!(matches!(
        error.kind,
        FileErrorKind::SiteTwice {
            first_line: 2,
            second_line: 4,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "sites.csv: lines 2 and 4 both give the outcomes of site \"Ashford\" (line 4 writes it \"ASHFORD\"), and a site outcome file has one row per site; keep one of the two rows, or give them different names if they are different sites"
    );
}

#[test]
fn two_names_counted_as_one_site_are_that_site_twice() {
    let settings = Settings {
        same: vec![SameName::parse("site:Carrow=Carrow Vale").expect("flag")],
        ..Settings::default()
    };
    let outcomes = "Site,Recruited\nCarrow Vale,1\nCarrow,2\n";
    let error = analyse(
        &one_month(&[("Carrow Vale", 10)]),
        outcomes.as_bytes(),
        settings,
    )
    .expect_err("Carrow twice");
    let message = error.to_string();
    assert!(
        message.contains("lines 2 and 3") && message.contains("\"Carrow Vale\""),
        "{message}"
    );
}

#[test]
fn a_file_without_a_site_column_or_without_numbers_says_what_it_needs() {
    let records = one_month(&FOUR_SITES);
    let error = analyse(
        &records,
        b"Ward,Recruited\nAshford,1\n",
        Settings::default(),
    )
    .expect_err("no site column");
    assert!(matches!(error.kind, FileErrorKind::NoHeader(_)));
    let message = error.to_string();
    assert!(
        message.contains("no header row naming the site beside other columns was found")
            && message.contains("it has no column for site")
            && message.contains("--column site="),
        "{message}"
    );
    let error = analyse(
        &records,
        b"Site,Comment\nAshford,fine\n",
        Settings::default(),
    )
    .expect_err("no measure");
    assert_eq!(
        error.to_string(),
        "sites.csv: line 1: no column below the header \"Site\", \"Comment\" holds a number, so there is no outcome measure (expected a site column and columns of numbers, such as Site,Participants recruited,Retention, one row per site)"
    );
    let error = analyse(&records, b"", Settings::default()).expect_err("empty");
    assert!(
        error.to_string().contains("holds no site outcomes"),
        "{error}"
    );
}

// --- Formats -----------------------------------------------------------

#[test]
fn an_outcome_workbook_is_read_with_its_number_cells() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Notes").expect("name");
    notes
        .write_string(0, 0, "Outcomes as reported by the sites")
        .expect("cell");
    let sheet = book.add_worksheet();
    sheet.set_name("Outcomes").expect("name");
    sheet
        .write_string(0, 0, "Trial outcomes by site, 2019")
        .expect("cell");
    for (col, header) in [
        "Centre",
        "Participants recruited",
        "Fidelity score (%)",
        "Notes",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, col as u16, *header).expect("cell");
    }
    let rows: [(&str, f64, Option<f64>, &str); 4] = [
        ("Ashford", 14.0, Some(70.8), ""),
        ("bramley", 13.0, None, "no audit"),
        ("Carrow", 5.0, Some(57.5), ""),
        ("Dunmore", 7.0, Some(82.25), ""),
    ];
    for (i, (site, recruited, fidelity, note)) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, *site).expect("cell");
        sheet.write_number(row, 1, *recruited).expect("cell");
        if let Some(fidelity) = fidelity {
            sheet.write_number(row, 2, *fidelity).expect("cell");
        }
        sheet.write_string(row, 3, *note).expect("cell");
    }
    let bytes = book.save_to_buffer().expect("workbook");
    let report = analyse(&one_month(&FOUR_SITES), &bytes, Settings::default()).expect("reads");
    assert_eq!(
        points(measure(&report, "Participants recruited")),
        [
            ("Ashford", 14.0),
            ("Bramley", 13.0),
            ("Carrow", 5.0),
            ("Dunmore", 7.0)
        ]
    );
    // Minutes 10, 20, 30, 40 against 14, 13, 5, 7 (ranks 4, 3, 1, 2):
    // deviations (-1.5, -0.5, 0.5, 1.5) and (1.5, 0.5, -1.5, -0.5), sum of
    // products -2.25 - 0.25 - 0.75 - 0.75 = -4, sums of squares 5: -0.8.
    assert_eq!(
        measure(&report, "Participants recruited").spearman_total_minutes,
        Some(-0.8)
    );
    assert_eq!(
        points(measure(&report, "Fidelity score (%)")),
        [("Ashford", 70.8), ("Carrow", 57.5), ("Dunmore", 82.25)]
    );
    assert_eq!(
        notice(&report, "read as"),
        "sites.csv: site outcomes read as Excel workbook, sheet \"Outcomes\"; header on line 3 (1 row above it skipped as a title); sites in \"Centre\"; measures: \"Participants recruited\" and \"Fidelity score (%)\""
    );
    assert_eq!(
        notice(&report, "sheets passed over"),
        "sites.csv: sheets passed over, as they have no header row naming the site: \"Notes\""
    );
}

#[test]
fn a_windows_1252_outcome_file_with_semicolons_and_a_title_row_is_read() {
    // "Outcomes by site – 2019" (an en dash, 0x96), then "Ysbyty Glan Môr"
    // (ô is 0xF4) and decimal commas.
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice(b"Outcomes by site \x96 2019;;\r\n");
    bytes.extend_from_slice(b"Site;Fidelity score (%);Retention\r\n");
    bytes.extend_from_slice(b"Ysbyty Glan M\xF4r;85.7%;0,9\r\n");
    bytes.extend_from_slice(b"Ashford;64,5%;0,75\r\n");
    bytes.extend_from_slice(b"Bramley;70%;1,5\r\n");
    let records = one_month(&[("Ashford", 10), ("Bramley", 20), ("Ysbyty Glan Môr", 30)]);
    let report = analyse(&records, &bytes, Settings::default()).expect("reads");
    assert_eq!(
        points(measure(&report, "Fidelity score (%)")),
        [
            ("Ashford", 64.5),
            ("Bramley", 70.0),
            ("Ysbyty Glan Môr", 85.7)
        ]
    );
    assert_eq!(
        points(measure(&report, "Retention")),
        [
            ("Ashford", 0.75),
            ("Bramley", 1.5),
            ("Ysbyty Glan Môr", 0.9)
        ]
    );
    // Ranks of the retention 1, 3, 2 against minutes 1, 2, 3: deviations
    // (-1, 1, 0) and (-1, 0, 1), sum of products 1, sums of squares 2: 0.5.
    assert_eq!(
        measure(&report, "Retention").spearman_total_minutes,
        Some(0.5)
    );
    assert_eq!(
        notice(&report, "read as"),
        "sites.csv: site outcomes read as Windows-1252, semicolon-separated; header on line 2 (1 row above it skipped as a title); sites in \"Site\"; measures: \"Fidelity score (%)\" and \"Retention\""
    );
}

// --- The command line --------------------------------------------------

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = common::scratch_dir("outcomes");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
        .args(args)
        .output()
        .expect("the tool runs")
}

#[test]
fn the_command_line_reads_outcomes_on_report_and_table() {
    let records = temp_file("log.csv", one_month(&FOUR_SITES).as_bytes());
    let outcomes = temp_file(
        "sites.csv",
        b"Site,Recruited\nAshford,1\nBramley,2\nCarrow,3\n",
    );
    let output = run(&[
        "report".as_ref(),
        records.as_os_str(),
        "--outcomes".as_ref(),
        outcomes.as_os_str(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["outcomes"][0]["measure"], "Recruited");
    assert_eq!(report["outcomes"][0]["sites"], 3);
    assert_eq!(report["outcomes"][0]["spearman_total_minutes"], 1.0);
    let output = run(&[
        "table".as_ref(),
        records.as_os_str(),
        "--outcomes".as_ref(),
        outcomes.as_os_str(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_outcome_file_that_cannot_be_read_exits_1_with_its_message() {
    let records = temp_file("log2.csv", one_month(&FOUR_SITES).as_bytes());
    let twice = temp_file("twice.csv", b"Site,Recruited\nAshford,1\nashford,2\n");
    for (outcomes, words) in [
        (
            twice.clone(),
            "lines 2 and 3 both give the outcomes of site \"Ashford\"",
        ),
        (
            twice.with_file_name("absent.csv"),
            "absent.csv: cannot be opened",
        ),
    ] {
        let output = run(&[
            "report".as_ref(),
            records.as_os_str(),
            "--outcomes".as_ref(),
            outcomes.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stdout.is_empty());
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.starts_with("mentoring-stats: ") && message.contains(words),
            "{message}"
        );
    }
}
