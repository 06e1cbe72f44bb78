//! The manuscript table (SPEC, "The manuscript table"): its cells on shared
//! fixtures, worked out by hand from their expected reports; its summary
//! rows; nulls; the renderings; the `.docx` read back; the `table` command.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mentoring_stats_engine::table::{
    self, format_rounded, manuscript_table_head, round_half_away, ManuscriptTable, RowKind,
    NULL_CELL,
};
use mentoring_stats_engine::{manuscript_table, methods_paragraph, ReadOptions, Report, Settings};

const DASH: &str = "\u{2013}";

fn reporting(name: &str) -> PathBuf {
    common::shared_fixtures().join("reporting").join(name)
}

/// `trial_costs.csv` with the flags of `trial_costs.args`: a mentor hour
/// at 42.5, Mentor B's at 60, a mentee hour at 35.
fn trial_costs_settings() -> Settings {
    Settings {
        mentor_hourly_cost: Some(42.5),
        mentor_costs: vec![("Mentor B".to_string(), 60.0)],
        mentee_hourly_cost: Some(35.0),
        ..Settings::default()
    }
}

fn trial_costs() -> Report {
    common::report_for(
        &[&reporting("trial_costs.csv")],
        &ReadOptions::default(),
        &trial_costs_settings(),
    )
}

fn small() -> Report {
    common::report_for(
        &[&reporting("small.csv")],
        &ReadOptions::default(),
        &Settings::default(),
    )
}

fn report_of(csv: &str, settings: Settings) -> Report {
    let mut analysis = mentoring_stats_engine::Analysis::new(settings);
    analysis
        .add_file(
            "log.csv",
            std::io::Cursor::new(csv.to_string()),
            &ReadOptions::default(),
        )
        .expect("readable");
    analysis.report()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
        .args(args)
        .output()
        .expect("the tool runs")
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

// ---------------------------------------------------------------------------
// Rounding

#[test]
fn ties_round_half_away_from_zero_as_excel_does() {
    let cases: [(f64, u32, &str); 12] = [
        // 1347/60 = 22.45, whose f64 is 22.449999999999999289...
        (1347.0 / 60.0, 1, "22.5"),
        (2.25, 1, "2.3"),
        (-2.25, 1, "-2.3"),
        // 0.05 is 0.05000000000000000277...
        (0.05, 1, "0.1"),
        (2.5, 0, "3"),
        (-0.5, 0, "-1"),
        // 1.005 is 1.00499999999999989...; Excel's ROUND(1.005, 2) is 1.01.
        (1.005, 2, "1.01"),
        // 1449/60 = 24.15 (24.149999999999998579... in binary).
        (1449.0 / 60.0, 1, "24.2"),
        (2222.5, 0, "2223"),
        // 15 significant digits: the 16th decides, then the decimals.
        (999_999_999_999_999.5, 0, "1000000000000000"),
        (123_456_789_012_345.67, 1, "123456789012346.0"),
        (1e-300, 1, "0.0"),
    ];
    for (value, decimals, shown) in cases {
        assert_eq!(
            format_rounded(Some(value), decimals),
            shown,
            "{value:e} at {decimals}"
        );
        assert_eq!(
            round_half_away(value, decimals),
            shown.parse::<f64>().unwrap()
        );
    }
    assert_eq!(format_rounded(None, 1), DASH);
    assert_eq!(NULL_CELL, DASH);
}

// ---------------------------------------------------------------------------
// The table of the shared fixtures, cell by cell

const COST_HEADERS: [&str; 11] = [
    "Site",
    "Mentees, n",
    "Contacts, n",
    "Months, n",
    "Total time, h",
    "Time per month, min",
    "Time per mentee, h",
    "Live, % of time",
    "Attendance, %",
    "Cost, cost",
    "Cost per mentee, cost",
];

/// trial_costs.expected.json, rounded by hand. Per site: total_minutes / 60
/// (1019 -> 16.98, 980 -> 16.33, 1345 -> 22.42, 990 -> 16.5, 1449 -> 24.15
/// whose f64 is just under the half), minutes_per_month (67.93, 61.25,
/// 67.25, 66, 72.45), minutes_per_mentee / 60 (761.33 -> 12.69, 710 ->
/// 11.83, 1120 -> 18.67, 860 -> 14.33, 1157 -> 19.28), live_minutes_pct,
/// attendance_pct, total_cost (2054.125, 2222.5 a tie, 2259.375, 1704.58,
/// 2798.83) and cost_per_mentee (684.71, 740.83, 1129.69, 852.29, 1399.42).
///
/// All sites: 12 mentees, 227 contacts, 20 months, 5783 min = 96.38 h,
/// 5783 / 20 = 289.15 min a month; credited minutes (the mentees' minutes,
/// = sum of minutes_per_mentee x mentees) 10688 / 12 = 890.67 min =
/// 14.84 h; live minutes (phone + video + in person of every site: 740 +
/// 135 + 715 + 90 + 1030 + 120 + 20 + 760 + 140 + 1060 + 195 + 20 = 5025)
/// / 5783 = 86.89 %; attended mentee-contacts 313 (the mentees' contacts),
/// not attended 24: 313 / 337 = 92.88 %; total cost 11039.42, / 12 =
/// 919.95.
///
/// Summaries: across_sites of total_minutes / 60 (mean 1156.6 -> 19.28,
/// sd 222.97 -> 3.72, median 1019 -> 16.98, q1 990 -> 16.5, q3 1345 ->
/// 22.42, range 16.33-24.15), minutes_per_month (66.98 (4.02), 67.25
/// (66; 67.93), 61.25-72.45), minutes_per_mentee / 60 (921.67 -> 15.36,
/// 205.57 -> 3.43; 860 -> 14.33 (761.33 -> 12.69; 1120 -> 18.67); 710 ->
/// 11.83 to 1157 -> 19.28), live_minutes_pct (86.78 (3.20); 86.99
/// (85.87; 87.99); 82.14-90.91), total_cost (2207.88 (396.56); 2222.5
/// (2054.125; 2259.375); 1704.58-2798.83). Attendance over the five
/// sites' attendance_pct 90.14, 89.71, 96, 96, 93.15: mean 465.00 / 5 =
/// 93.00, sd 3.04 (sum of squares 37.05 / 4), sorted 89.71 90.14 93.15 96
/// 96: median 93.15, q1 90.14, q3 96. Cost per mentee over 684.71 740.83
/// 1129.69 852.29 1399.42: mean 4806.94 / 5 = 961.39, sd 298.87, median
/// 852.29, q1 740.83, q3 1129.69.
fn trial_costs_rows() -> Vec<Vec<String>> {
    [
        [
            "Ashford General",
            "3",
            "43",
            "15",
            "17.0",
            "68",
            "12.7",
            "85.9",
            "90.1",
            "2054",
            "685",
        ],
        [
            "Bramley Royal",
            "3",
            "40",
            "16",
            "16.3",
            "61",
            "11.8",
            "82.1",
            "89.7",
            "2223",
            "741",
        ],
        [
            "Carrow Vale",
            "2",
            "55",
            "20",
            "22.4",
            "67",
            "18.7",
            "87.0",
            "96.0",
            "2259",
            "1130",
        ],
        [
            "Dunmore Infirmary",
            "2",
            "35",
            "15",
            "16.5",
            "66",
            "14.3",
            "90.9",
            "96.0",
            "1705",
            "852",
        ],
        [
            "Elmswick", "2", "54", "20", "24.2", "72", "19.3", "88.0", "93.2", "2799", "1399",
        ],
        [
            "All sites",
            "12",
            "227",
            "20",
            "96.4",
            "289",
            "14.8",
            "86.9",
            "92.9",
            "11039",
            "920",
        ],
        [
            "Mean (SD)",
            "",
            "",
            "",
            "19.3 (3.7)",
            "67 (4)",
            "15.4 (3.4)",
            "86.8 (3.2)",
            "93.0 (3.0)",
            "2208 (397)",
            "961 (299)",
        ],
        [
            "Median (Q1; Q3)",
            "",
            "",
            "",
            "17.0 (16.5; 22.4)",
            "67 (66; 68)",
            "14.3 (12.7; 18.7)",
            "87.0 (85.9; 88.0)",
            "93.2 (90.1; 96.0)",
            "2223 (2054; 2259)",
            "852 (741; 1130)",
        ],
        [
            "Range",
            "",
            "",
            "",
            "16.3\u{2013}24.2",
            "61\u{2013}72",
            "11.8\u{2013}19.3",
            "82.1\u{2013}90.9",
            "89.7\u{2013}96.0",
            "1705\u{2013}2799",
            "685\u{2013}1399",
        ],
    ]
    .iter()
    .map(|row| strings(row))
    .collect()
}

/// small.expected.json, rounded by hand (no cost setting: nine columns).
/// Ashford General 107 min = 1.78 h, 53.5 a month (a tie: 54), 95.67 min a
/// mentee = 1.59 h, 93.46 % live, 100 % attendance; Bramley Royal 120 min =
/// 2.0 h, 40, 80 min = 1.33 h, 83.33 %, 80 %. All sites: 227 min = 3.78 h,
/// 227 / 3 months = 75.67; credited 60 + 95 + 100 + 102 + 90 = 447 / 5
/// mentees = 89.4 min = 1.49 h; live 10 + 90 + 100 = 200 / 227 = 88.11 %;
/// attended 2 + 3 + 2 + 4 + 2 = 13, not attended 1: 92.86 %. Summaries
/// over two sites: total 113.5 (9.19) min = 1.89 (0.15) h, quartiles
/// 110.25 and 116.75 = 1.84 and 1.95 h; per month 46.75 (9.55), 43.375 and
/// 50.125; per mentee 87.83 (11.08) min = 1.46 (0.18) h, 83.92 and 91.75
/// min = 1.40 and 1.53 h; live 88.40 (7.16), 85.86 and 90.93;
/// attendance 100 and 80: 90 (14.14), 85 and 95.
fn small_rows() -> Vec<Vec<String>> {
    [
        [
            "Ashford General",
            "3",
            "5",
            "2",
            "1.8",
            "54",
            "1.6",
            "93.5",
            "100.0",
        ],
        [
            "Bramley Royal",
            "2",
            "3",
            "3",
            "2.0",
            "40",
            "1.3",
            "83.3",
            "80.0",
        ],
        [
            "All sites",
            "5",
            "8",
            "3",
            "3.8",
            "76",
            "1.5",
            "88.1",
            "92.9",
        ],
        [
            "Mean (SD)",
            "",
            "",
            "",
            "1.9 (0.2)",
            "47 (10)",
            "1.5 (0.2)",
            "88.4 (7.2)",
            "90.0 (14.1)",
        ],
        [
            "Median (Q1; Q3)",
            "",
            "",
            "",
            "1.9 (1.8; 1.9)",
            "47 (43; 50)",
            "1.5 (1.4; 1.5)",
            "88.4 (85.9; 90.9)",
            "90.0 (85.0; 95.0)",
        ],
        [
            "Range",
            "",
            "",
            "",
            "1.8\u{2013}2.0",
            "40\u{2013}54",
            "1.3\u{2013}1.6",
            "83.3\u{2013}93.5",
            "80.0\u{2013}100.0",
        ],
    ]
    .iter()
    .map(|row| strings(row))
    .collect()
}

fn assert_cells(table: &ManuscriptTable, expected: &[Vec<String>]) {
    assert_eq!(table.rows.len(), expected.len(), "{:#?}", table.rows);
    for (row, want) in table.rows.iter().zip(expected) {
        assert_eq!(row.len(), table.headers.len());
        for (column, (cell, want)) in row.iter().zip(want).enumerate() {
            assert_eq!(
                cell, want,
                "row {:?}, column {:?}",
                row[0], table.headers[column]
            );
        }
    }
}

#[test]
fn trial_costs_gives_the_hand_computed_table() {
    let report = trial_costs();
    let table = manuscript_table(&report);
    assert_eq!(table.headers, strings(&COST_HEADERS));
    assert_cells(&table, &trial_costs_rows());
    let mut kinds = vec![RowKind::Site; 5];
    kinds.push(RowKind::AllSites);
    kinds.extend([RowKind::Summary; 3]);
    assert_eq!(table.kinds, kinds);
}

#[test]
fn the_all_sites_sums_agree_with_the_sites() {
    // The time per mentee and attendance of All sites come from the
    // mentees' entries: they are the sums of the sites' figures.
    for report in [trial_costs(), small()] {
        let credited: f64 = report.mentees.iter().map(|m| m.minutes).sum();
        let by_site: f64 = report
            .sites
            .iter()
            .map(|s| s.minutes_per_mentee.unwrap_or(0.0) * s.mentees as f64)
            .sum();
        assert!((credited - by_site).abs() < 1e-9, "{credited} {by_site}");
        for site in &report.sites {
            let mine = report.mentees.iter().filter(|m| m.site == site.site);
            let (attended, missed) = mine.fold((0u64, 0u64), |(a, d), m| {
                (a + m.contacts, d + m.did_not_attend)
            });
            assert_eq!(missed, site.did_not_attend, "{}", site.site);
            let pct = 100.0 * attended as f64 / (attended + missed) as f64;
            assert!((pct - site.attendance_pct.unwrap()).abs() < 1e-9);
        }
    }
}

#[test]
fn small_without_costs_has_nine_columns_and_the_hand_computed_cells() {
    let table = manuscript_table(&small());
    assert_eq!(table.headers, strings(&COST_HEADERS[..9]));
    assert_cells(&table, &small_rows());
}

#[test]
fn the_currency_label_names_the_cost_columns() {
    let settings = Settings {
        currency: Some("GBP".to_string()),
        ..trial_costs_settings()
    };
    let report = common::report_for(
        &[&reporting("trial_costs.csv")],
        &ReadOptions::default(),
        &settings,
    );
    let table = manuscript_table(&report);
    assert_eq!(table.headers[9], "Cost, GBP");
    assert_eq!(table.headers[10], "Cost per mentee, GBP");
    // A currency alone is not a cost setting: no cost columns.
    let report = common::report_for(
        &[&reporting("small.csv")],
        &ReadOptions::default(),
        &Settings {
            currency: Some("EUR".to_string()),
            ..Settings::default()
        },
    );
    assert_eq!(manuscript_table(&report).headers.len(), 9);
}

// ---------------------------------------------------------------------------
// Nulls, one site, a site without a held contact

#[test]
fn nulls_are_en_dashes_and_one_site_has_no_sd() {
    // One site; its only held contact is an email without a mentee: no
    // mentee, so time per mentee and attendance have no value.
    let report = report_of(
        "Date,Site,Mode,Duration,Mentee\n14/03/2018,Oakhurst,Email,,\n",
        Settings::default(),
    );
    let table = manuscript_table(&report);
    let expected: Vec<Vec<String>> = [
        // 5 minutes = 0.08 h, 1 month, 0 % live.
        ["Oakhurst", "0", "1", "1", "0.1", "5", DASH, "0.0", DASH],
        ["All sites", "0", "1", "1", "0.1", "5", DASH, "0.0", DASH],
        [
            "Mean (SD)",
            "",
            "",
            "",
            "0.1 (\u{2013})",
            "5 (\u{2013})",
            DASH,
            "0.0 (\u{2013})",
            DASH,
        ],
        [
            "Median (Q1; Q3)",
            "",
            "",
            "",
            "0.1 (0.1; 0.1)",
            "5 (5; 5)",
            DASH,
            "0.0 (0.0; 0.0)",
            DASH,
        ],
        [
            "Range",
            "",
            "",
            "",
            "0.1\u{2013}0.1",
            "5\u{2013}5",
            DASH,
            "0.0\u{2013}0.0",
            DASH,
        ],
    ]
    .iter()
    .map(|r| strings(r))
    .collect();
    assert_cells(&table, &expected);
}

#[test]
fn a_site_without_a_held_contact_has_no_row_but_its_missed_contacts_count_in_all_sites() {
    // Oakhurst: Ann attends a 30-minute call, Ben misses it; Elm Park has
    // one contact, which Cy did not attend (not held: no row).
    let csv = "Date,Site,Mode,Duration,Mentee,Attendance,Session\n\
               14/03/2018,Oakhurst,Phone,30,Ann,Attended,S1\n\
               14/03/2018,Oakhurst,Phone,30,Ben,DNA,S1\n\
               15/03/2018,Elm Park,Phone,,Cy,DNA,\n";
    let report = report_of(csv, Settings::default());
    let table = manuscript_table(&report);
    assert_eq!(table.rows[0][0], "Oakhurst");
    assert_eq!(table.rows[1][0], "All sites");
    // Oakhurst: 1 attended of 2 = 50 %; over every contact: 1 of 3.
    assert_eq!(table.rows[0][8], "50.0");
    assert_eq!(table.rows[1][8], "33.3");
    // The summaries are over the sites in the table.
    assert_eq!(table.rows[2][8], "50.0 (\u{2013})");
}

// ---------------------------------------------------------------------------
// The methods paragraph

#[test]
fn the_paragraph_states_the_settings() {
    let paragraph = methods_paragraph(&trial_costs());
    for part in [
        "(5 sites)",
        "held when at least one of its rows is attended",
        "counts 5 minutes",
        "No date window was set: contacts of every date count.",
        "phone, video and in-person",
        "attended / (attended + did not attend) mentee-contacts",
        "mentor time at 42.5 an hour (Mentor B at 60 an hour)",
        "mentee time (the time credited to mentees) at 35 an hour",
        "No currency was given.",
        "split evenly",
        "QUARTILE.INC",
    ] {
        assert!(paragraph.contains(part), "{part:?} not in {paragraph}");
    }
    let settings = Settings {
        written_message_minutes: 7.5,
        from: Some("2019-03-01".parse().unwrap()),
        to: Some("2019-04-30".parse().unwrap()),
        currency: Some("GBP".to_string()),
        mentee_hourly_cost: Some(20.0),
        ..Settings::default()
    };
    let report = common::report_for(
        &[&reporting("small.csv")],
        &ReadOptions::default(),
        &settings,
    );
    let paragraph = methods_paragraph(&report);
    for part in [
        "counts 7.5 minutes",
        "from 1 March 2019 to 30 April 2019",
        "at 20 GBP an hour",
        "no mentor hourly cost was given, so it counts 0",
        "Costs are in GBP.",
    ] {
        assert!(paragraph.contains(part), "{part:?} not in {paragraph}");
    }
    assert!(methods_paragraph(&small()).contains("No hourly cost was given"));
    assert_eq!(manuscript_table(&report).paragraph, paragraph);
}

// ---------------------------------------------------------------------------
// Renderings

fn csv_cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV record").iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_holds_the_table_only_with_cells_as_shown() {
    let table = manuscript_table(&trial_costs());
    let text = table::to_csv(&table);
    let cells = csv_cells(&text);
    assert_eq!(cells[0], strings(&COST_HEADERS));
    assert_eq!(cells[1..], trial_costs_rows()[..]);
    assert!(!text.contains("held contact"), "no paragraph in the CSV");
    assert!(text.starts_with("Site,\"Mentees, n\","), "{text}");
    // The TSV is the same cells.
    let tsv: Vec<Vec<String>> = table::to_tsv(&table)
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    assert_eq!(tsv, cells);
}

#[test]
fn formula_like_and_awkward_site_names_are_neutralised_and_escaped() {
    let csv = "Date,Site,Mode,Duration,Mentee\n\
               14/03/2018,=HYPERLINK(\"x\"),Phone,30,Ann\n\
               14/03/2018,-Ward <b>&|*,Phone,30,Ann\n";
    let table = manuscript_table(&report_of(csv, Settings::default()));
    let cells = csv_cells(&table::to_csv(&table));
    let sites: Vec<&str> = cells
        .iter()
        .skip(1)
        .take(2)
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(sites, ["'-Ward <b>&|*", "'=HYPERLINK(\"x\")"]);
    let tsv = table::to_tsv(&table);
    assert!(tsv.contains("\n'-Ward <b>&|*\t"), "{tsv}");
    let html = table::to_html(&table);
    assert!(
        html.contains("<th scope=\"row\">-Ward &lt;b&gt;&amp;|*</th>"),
        "{html}"
    );
    let markdown = table::to_markdown(&table);
    assert!(markdown.contains("| -Ward \\<b\\>&\\|\\* |"), "{markdown}");
}

#[test]
fn markdown_and_html_have_the_table_then_the_paragraph() {
    let table = manuscript_table(&small());
    let markdown = table::to_markdown(&table);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(
        lines[0],
        "| Site | Mentees, n | Contacts, n | Months, n | Total time, h | Time per month, min | \
         Time per mentee, h | Live, % of time | Attendance, % |"
    );
    assert_eq!(lines[1], format!("| :--- |{}", " ---: |".repeat(8)));
    assert_eq!(
        lines[2],
        "| Ashford General | 3 | 5 | 2 | 1.8 | 54 | 1.6 | 93.5 | 100.0 |"
    );
    assert_eq!(
        lines[7],
        "| Range |  |  |  | 1.8\u{2013}2.0 | 40\u{2013}54 | 1.3\u{2013}1.6 | 83.3\u{2013}93.5 | 80.0\u{2013}100.0 |"
    );
    assert_eq!(lines[8], "");
    assert_eq!(lines[9], table.paragraph);
    assert_eq!(lines.len(), 10);

    let html = table::to_html(&table);
    assert!(html.starts_with(
        "<table>\n<thead>\n<tr><th scope=\"col\">Site</th><th scope=\"col\">Mentees, n</th>"
    ));
    assert_eq!(html.matches("<th scope=\"col\">").count(), 9);
    assert!(html.contains("<tr><th scope=\"row\">All sites</th><td>5</td><td>8</td><td>3</td><td>3.8</td><td>76</td><td>1.5</td><td>88.1</td><td>92.9</td></tr>"));
    assert!(html.contains("<td>1.9 (1.8; 1.9)</td>"));
    let escaped = table.paragraph.replace('\'', "&#39;");
    assert!(
        html.ends_with(&format!("</table>\n<p>{escaped}</p>\n")),
        "{html}"
    );
}

// ---------------------------------------------------------------------------
// The .docx, read back

/// What a `.docx` holds: each table row's cell texts (as written, and
/// with no-break spaces as spaces), which rows are marked as header rows,
/// and the text of the paragraphs after the table.
struct Docx {
    raw_rows: Vec<Vec<String>>,
    rows: Vec<Vec<String>>,
    header_rows: Vec<usize>,
    paragraphs_after: Vec<String>,
}

fn read_docx(bytes: &[u8]) -> Docx {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("a name").into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/styles.xml"
        ]
    );
    let mut parts = std::collections::HashMap::new();
    for name in &names {
        let mut file = archive.by_name(name).expect("a part");
        assert_eq!(file.compression(), zip::CompressionMethod::Stored);
        let mut text = String::new();
        file.read_to_string(&mut text).expect("UTF-8");
        // Every part is well-formed XML.
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut depth = 0i32;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth -= 1,
                Ok(_) => {}
                Err(e) => panic!("{name}: not well-formed: {e}"),
            }
        }
        assert_eq!(depth, 0, "{name}");
        parts.insert(name.clone(), text);
    }
    assert!(parts["[Content_Types].xml"].contains(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ));
    assert!(parts["_rels/.rels"].contains("Target=\"word/document.xml\""));

    let mut reader = quick_xml::Reader::from_str(&parts["word/document.xml"]);
    let mut docx = Docx {
        raw_rows: Vec::new(),
        rows: Vec::new(),
        header_rows: Vec::new(),
        paragraphs_after: Vec::new(),
    };
    let (mut in_table, mut in_text, mut tables) = (false, false, 0);
    let mut cell: Option<String> = None;
    let mut paragraph: Option<String> = None;
    loop {
        let event = reader.read_event().expect("well-formed");
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:tbl" => {
                    in_table = true;
                    tables += 1;
                }
                "w:tr" => docx.raw_rows.push(Vec::new()),
                "w:tblHeader" => docx.header_rows.push(docx.raw_rows.len() - 1),
                "w:tc" => cell = Some(String::new()),
                "w:p" if !in_table && matches!(event, Event::Start(_)) => {
                    paragraph = Some(String::new())
                }
                "w:t" if matches!(event, Event::Start(_)) => in_text = true,
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                if let Some(c) = cell.as_mut() {
                    c.push_str(&text);
                } else if let Some(p) = paragraph.as_mut() {
                    p.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r;
                let c = match name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("entity {other}"),
                };
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(c);
                } else if let Some(p) = paragraph.as_mut() {
                    p.push_str(c);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:tbl" => in_table = false,
                "w:tc" => {
                    let text = cell.take().expect("in a cell");
                    docx.raw_rows.last_mut().expect("in a row").push(text);
                }
                "w:p" => {
                    if let Some(p) = paragraph.take() {
                        docx.paragraphs_after.push(p);
                    }
                }
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(tables, 1, "one table");
    docx.rows = docx
        .raw_rows
        .iter()
        .map(|row| row.iter().map(|c| c.replace('\u{a0}', " ")).collect())
        .collect();
    docx
}

#[test]
fn the_docx_has_the_cells_of_the_csv_its_header_row_marked_and_the_paragraph() {
    let table = manuscript_table(&trial_costs());
    let bytes = table::to_docx(&table);
    let docx = read_docx(&bytes);
    assert_eq!(docx.rows, csv_cells(&table::to_csv(&table)));
    assert_eq!(docx.header_rows, [0]);
    // Inside a summary's brackets the spaces do not break.
    assert_eq!(docx.raw_rows[8][4], "17.0 (16.5;\u{a0}22.4)");
    assert_eq!(docx.raw_rows[8][0], "Median (Q1; Q3)");
    assert_eq!(docx.paragraphs_after.len(), 1);
    assert_eq!(docx.paragraphs_after[0], table.paragraph);
    // The same table gives the same bytes.
    assert_eq!(table::to_docx(&table), bytes);
}

#[test]
fn the_docx_escapes_text_and_drops_what_xml_cannot_hold() {
    let csv = "Date,Site,Mode,Duration,Mentee\n\
               14/03/2018,\"St <George>'s & \"\"Co\"\"\",Phone,30,Ann\n\
               14/03/2018,Bell\u{1}field,Phone,30,Ann\n";
    let table = manuscript_table(&report_of(csv, Settings::default()));
    let docx = read_docx(&table::to_docx(&table));
    let sites: Vec<&str> = docx.rows[1..3].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(sites, ["Bellfield", "St <George>'s & \"Co\""]);
    assert!(table::to_html(&table).contains("Bellfield"));
}

// ---------------------------------------------------------------------------
// The command

#[test]
fn the_table_command_prints_markdown_by_default_with_the_reports_flags() {
    let dir = reporting("");
    let output = Command::new(env!("CARGO_BIN_EXE_mentoring-stats"))
        .current_dir(&dir)
        .args(["table", "trial_costs.csv"])
        .args(
            std::fs::read_to_string(dir.join("trial_costs.args"))
                .unwrap()
                .lines()
                .filter(|l| !l.is_empty()),
        )
        .args(["--currency", "GBP"])
        .output()
        .expect("the tool runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("| Site | Mentees, n |"), "{text}");
    assert!(text.contains("| Cost, GBP | Cost per mentee, GBP |"));
    assert!(
        text.contains("| Elmswick | 2 | 54 | 20 | 24.2 | 72 | 19.3 | 88.0 | 93.2 | 2799 | 1399 |")
    );
    assert!(text.contains("Costs are in GBP."));
}

#[test]
fn each_format_of_the_command_gives_the_same_cells() {
    let small = reporting("small.csv");
    let small = path_text(&small);
    let csv = run(&["table", small, "--format", "csv"]);
    assert!(csv.status.success());
    let cells = csv_cells(&String::from_utf8(csv.stdout).unwrap());
    assert_eq!(cells[0], strings(&COST_HEADERS[..9]));
    assert_eq!(cells[1..], small_rows()[..]);

    let tsv = run(&["table", small, "--format", "tsv"]);
    let tsv: Vec<Vec<String>> = String::from_utf8(tsv.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect();
    assert_eq!(tsv, cells);

    let html = run(&["table", small, "--format", "html"]);
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<table>") && html.contains("<td>47 (43; 50)</td>"));

    let dir = common::scratch_dir("table");
    let docx_path = dir.join("table.docx");
    let docx = run(&[
        "table",
        small,
        "--format",
        "docx",
        "--output",
        path_text(&docx_path),
    ]);
    assert!(
        docx.status.success(),
        "{}",
        String::from_utf8_lossy(&docx.stderr)
    );
    assert!(docx.stdout.is_empty());
    let read = read_docx(&std::fs::read(&docx_path).unwrap());
    assert_eq!(read.rows, cells);
    assert_eq!(read.header_rows, [0]);

    // --output works for the text formats too.
    let md_path = dir.join("table.md");
    let md = run(&["table", small, "--output", path_text(&md_path)]);
    assert!(md.status.success() && md.stdout.is_empty());
    assert!(std::fs::read_to_string(&md_path)
        .unwrap()
        .starts_with("| Site |"));
}

#[test]
fn docx_without_output_is_a_usage_error() {
    let small = reporting("small.csv");
    let output = run(&["table", path_text(&small), "--format", "docx"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("--format docx") && message.contains("--output"),
        "{message}"
    );
}

#[test]
fn the_table_command_keeps_the_reports_exit_codes() {
    // A file that cannot be read: 1, nothing on stdout.
    let output = run(&["table", "no-such-file.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-file.csv: cannot be opened"));
    // A bad amount or window: 2.
    let small = reporting("small.csv");
    let output = run(&["table", path_text(&small), "--mentor-cost", "-3"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&[
        "table",
        path_text(&small),
        "--from",
        "2019-05-01",
        "--to",
        "2019-01-01",
    ]);
    assert_eq!(output.status.code(), Some(2));
    // An unwritable output: 1.
    let output = run(&[
        "table",
        path_text(&small),
        "--output",
        "/no-such-folder/table.md",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write the table"));
}

#[test]
fn the_head_of_the_table_is_its_first_sites_and_the_same_summary_rows() {
    let report = trial_costs();
    let full = manuscript_table(&report);
    let sites = full.kinds.iter().filter(|k| **k == RowKind::Site).count();
    assert!(sites >= 3, "the fixture has several sites");
    for shown in [0, 1, sites - 1, sites, sites + 5] {
        let head = manuscript_table_head(&report, shown);
        let kept = shown.min(sites);
        // The first `kept` site rows, then every row after the sites.
        let expected: Vec<&Vec<String>> = full.rows[..kept]
            .iter()
            .chain(&full.rows[sites..])
            .collect();
        assert_eq!(
            head.rows.iter().collect::<Vec<_>>(),
            expected,
            "{shown} sites shown"
        );
        assert_eq!(head.kinds.len(), head.rows.len());
        assert_eq!(head.headers, full.headers);
        assert_eq!(head.paragraph, full.paragraph);
    }
}
