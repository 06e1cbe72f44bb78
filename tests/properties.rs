//! Properties of the report that hold for any record files.
//!
//! First a few examples small enough to work out by hand; then property
//! tests over generated CSV files (1-3 files of 0-60 rows each, in any of
//! the three delimiters, with or without a BOM, LF or CRLF line ends, the
//! columns in any order, notes with commas, quotes and line breaks). Each
//! generated row is either GOOD (every value valid) or BAD (exactly one value
//! invalid), and the generator knows which, and on which physical line each
//! row starts.
//!
//! "Good" is about the row's values only: a good row can still be rejected
//! by the contact rule (a held live contact with no duration). The tests
//! model that rule themselves (see [`contact_rule_rejects`]) to know which
//! rows the engine must use.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Cursor;

use jiff::civil::{date, Date};
use jiff::ToSpan;
use mentoring_stats_engine::{Analysis, ReadOptions, Report, Settings};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------
// Helpers shared by the examples and the properties.
// ---------------------------------------------------------------------------

/// The report over `files` (name, CSV text), read with default options.
fn report_of(files: &[(&str, &str)], settings: &Settings) -> Report {
    let mut analysis = Analysis::new(settings.clone());
    for (name, text) in files {
        analysis
            .add_file(name, Cursor::new(text.as_bytes()), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name} should be readable: {e}"));
    }
    analysis.report()
}

/// `a` and `b` agree up to a relative tolerance of 1e-9.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

// ---------------------------------------------------------------------------
// Hand-computed examples.
// ---------------------------------------------------------------------------

#[test]
fn example_group_session_logged_per_mentee_with_one_dna() {
    // One teleconference (session G1, one site, one date), logged a row per
    // mentee; the site is spelt two ways, the same site. Nia attended (60
    // min logged), Sam did not attend (55 min logged on his row).
    // - one contact (the rows share session, site and date), held (Nia);
    // - its minutes: the largest duration, 60, counted once for the site;
    // - Nia credited in full: 60 min, 1 contact, 1 month, 60 min/month;
    // - Sam: 0 contacts, 0 min, did_not_attend 1, no dates, months null;
    // - site: mentees 1 (only Nia is credited), minutes_per_mentee 60 / 1,
    //   did_not_attend 1, attendance_pct 100 x 1 / (1 + 1) = 50, months 1,
    //   live 100 % of minutes and contacts, by_mode phone {1, 60};
    // - mentor Mo Patel: contacts 1, minutes 60, sites 1, mentees 1 (Nia).
    let csv = "Date,Site,Mentor,Mentee(s),Mode,Duration (mins),Attendance,Session ID\n\
               2019-03-05,Oakhurst,Mo Patel,Nia Khan,Teleconference,60,Attended,G1\n\
               2019-03-05, oakhurst ,Mo Patel,Sam Lee,Teleconference,55,DNA,G1\n";
    let report = report_of(&[("group.csv", csv)], &Settings::default());

    assert_eq!(report.input.rows_read, 2);
    assert_eq!(report.input.rows_used, 2);
    assert_eq!(report.input.rows_rejected, 0);
    assert_eq!(report.overall.contacts, 1);
    assert_eq!(report.overall.total_minutes, 60.0);
    assert_eq!(report.overall.mentees, 1);
    assert_eq!(report.sites.len(), 1);
    let site = &report.sites[0];
    assert_eq!(site.site, "Oakhurst");
    assert_eq!(site.contacts, 1);
    assert_eq!(site.total_minutes, 60.0);
    assert_eq!(site.mentees, 1);
    assert_eq!(site.minutes_per_mentee, Some(60.0));
    assert_eq!(site.did_not_attend, 1);
    assert_eq!(site.cancelled, 0);
    assert_eq!(site.attendance_pct, Some(50.0));
    assert_eq!(site.months, Some(1));
    assert_eq!(site.minutes_per_month, Some(60.0));
    assert_eq!(site.live_minutes_pct, Some(100.0));
    assert_eq!(site.live_contacts_pct, Some(100.0));
    assert_eq!(site.by_mode.len(), 1);
    assert_eq!(site.by_mode["phone"].contacts, 1);
    assert_eq!(site.by_mode["phone"].minutes, 60.0);

    assert_eq!(report.mentees.len(), 2);
    let (nia, sam) = (&report.mentees[0], &report.mentees[1]);
    assert_eq!(
        (nia.mentee.as_str(), nia.site.as_str()),
        ("Nia Khan", "Oakhurst")
    );
    assert_eq!(
        (nia.contacts, nia.did_not_attend, nia.minutes),
        (1, 0, 60.0)
    );
    assert_eq!(nia.first_contact.as_deref(), Some("2019-03-05"));
    assert_eq!((nia.months, nia.minutes_per_month), (Some(1), Some(60.0)));
    assert_eq!(sam.mentee, "Sam Lee");
    assert_eq!((sam.contacts, sam.did_not_attend, sam.minutes), (0, 1, 0.0));
    assert_eq!((sam.first_contact.as_deref(), sam.months), (None, None));
    assert_eq!(sam.minutes_per_month, None);

    assert_eq!(report.mentors.len(), 1);
    let mentor = &report.mentors[0];
    assert_eq!(mentor.mentor, "Mo Patel");
    assert_eq!((mentor.contacts, mentor.minutes), (1, 60.0));
    assert_eq!((mentor.sites, mentor.mentees), (1, 1));

    assert_eq!(report.months.len(), 1);
    assert_eq!(&*report.months[0].month, "2019-03");
    assert_eq!(
        (report.months[0].contacts, report.months[0].minutes),
        (1, 60.0)
    );
}

#[test]
fn example_written_contacts_without_duration_count_the_setting() {
    // An email and a text without a duration, and a 30-minute phone call,
    // with "minutes per written message" set to 10:
    // - total 10 + 30 + 10 = 50 (it would be 40 at the default 5);
    // - live_minutes_pct 100 x 30 / 50 = 60; live_contacts_pct 100 x 1 / 3;
    // - by_mode email {1, 10}, phone {1, 30}, sms {1, 10};
    // - April to May: months 2, minutes_per_month 50 / 2 = 25;
    // - months: 2019-04 {2 contacts, 40 min}, 2019-05 {1, 10};
    // - Nia credited all three: 50 min.
    let csv = "Date,Site,Mode,Duration,Mentee\n\
               2019-04-01,Oakhurst,E-mail,,Nia Khan\n\
               2019-04-20,Oakhurst,Phone,30,Nia Khan\n\
               2019-05-02,Oakhurst,Text message,,Nia Khan\n";
    let settings = Settings {
        written_message_minutes: 10.0,
        ..Settings::default()
    };
    let report = report_of(&[("written.csv", csv)], &settings);

    assert_eq!(report.settings.written_message_minutes, 10.0);
    assert_eq!(report.input.rows_used, 3);
    assert_eq!(report.overall.contacts, 3);
    assert_eq!(report.overall.total_minutes, 50.0);
    let site = &report.sites[0];
    assert_eq!(site.total_minutes, 50.0);
    assert_eq!(site.live_minutes_pct, Some(60.0));
    assert!(close(site.live_contacts_pct.unwrap(), 100.0 / 3.0));
    assert_eq!(
        (
            site.by_mode["email"].contacts,
            site.by_mode["email"].minutes
        ),
        (1, 10.0)
    );
    assert_eq!(
        (
            site.by_mode["phone"].contacts,
            site.by_mode["phone"].minutes
        ),
        (1, 30.0)
    );
    assert_eq!(
        (site.by_mode["sms"].contacts, site.by_mode["sms"].minutes),
        (1, 10.0)
    );
    assert_eq!(site.by_mode.len(), 3);
    assert_eq!(site.months, Some(2));
    assert_eq!(site.minutes_per_month, Some(25.0));
    assert_eq!(site.live_session_minutes.mean, Some(30.0));
    let months: Vec<(&str, u64, f64)> = report
        .months
        .iter()
        .map(|m| (&*m.month, m.contacts, m.minutes))
        .collect();
    assert_eq!(months, vec![("2019-04", 2, 40.0), ("2019-05", 1, 10.0)]);
    assert_eq!(report.mentees.len(), 1);
    assert_eq!(
        (report.mentees[0].contacts, report.mentees[0].minutes),
        (3, 50.0)
    );

    let default = report_of(&[("written.csv", csv)], &Settings::default());
    assert_eq!(default.overall.total_minutes, 40.0);
}

#[test]
fn example_held_live_contact_without_duration_is_rejected_with_its_rows() {
    // Lines 2-3: one Teams group contact (session S1), held (Ann attended)
    // and live, but no row gives its minutes: both rows are rejected.
    // Line 4: a 20-minute phone call with Ann: used.
    // Line 5: a phone call Bob did not attend, no duration: not held, so it
    // needs none: used.
    // - rows_read 4, rows_used 2, rows_rejected 2 (lines 2 and 3);
    // - one held contact, 20 min;
    // - did_not_attend 1 (line 5 only: the rejected contact's DNA for Bob
    //   does not count), attendance_pct 100 x 1 / (1 + 1) = 50;
    // - mentees: Ann (1 contact, 20 min), Bob (0 contacts, 1 DNA).
    let csv = "Date,Site,Mode,Duration,Mentee,Attendance,Session\n\
               2019-05-01,Oakhurst,Teams,,Ann Roe,Attended,S1\n\
               2019-05-01,Oakhurst,Teams,,Bob Ng,DNA,S1\n\
               2019-05-02,Oakhurst,Phone,20,Ann Roe,,\n\
               2019-05-03,Oakhurst,Phone,,Bob Ng,DNA,\n";
    let report = report_of(&[("live.csv", csv)], &Settings::default());

    assert_eq!(report.input.rows_read, 4);
    assert_eq!(report.input.rows_used, 2);
    assert_eq!(report.input.rows_rejected, 2);
    let rejected: Vec<(&str, u64)> = report
        .input
        .rejected
        .iter()
        .map(|r| (r.file.as_str(), r.line))
        .collect();
    assert_eq!(rejected, vec![("live.csv", 2), ("live.csv", 3)]);
    for r in &report.input.rejected {
        assert!(r.reason.contains("without a duration"), "{}", r.reason);
    }
    assert_eq!(report.overall.contacts, 1);
    assert_eq!(report.overall.total_minutes, 20.0);
    let site = &report.sites[0];
    assert_eq!(site.did_not_attend, 1);
    assert_eq!(site.attendance_pct, Some(50.0));
    assert_eq!(
        site.by_mode.keys().map(String::as_str).collect::<Vec<_>>(),
        vec!["phone"]
    );
    let mentees: Vec<(&str, u64, u64, f64)> = report
        .mentees
        .iter()
        .map(|m| (m.mentee.as_str(), m.contacts, m.did_not_attend, m.minutes))
        .collect();
    assert_eq!(
        mentees,
        vec![("Ann Roe", 1, 0, 20.0), ("Bob Ng", 0, 1, 0.0)]
    );
}

#[test]
fn example_cancelled_contact_counts_no_minutes_and_no_months() {
    // One group contact (session C7) whose two rows are both cancelled
    // ("Cancelled", "postponed"): cancelled 1; not held, so no contacts, no
    // minutes, no dates, months null, no month entries; no attended or DNA
    // mentee-contacts, so attendance_pct null. The site and both mentees are
    // still listed (named by used rows), with nothing credited.
    let csv = "Date;Site;Mode;Duration;Mentee;Attendance;Session\n\
               2019-06-03;Riverside;Phone;;Ann Roe;Cancelled;C7\n\
               2019-06-03;Riverside;Phone;;Bob Ng;postponed;C7\n";
    let report = report_of(&[("cancelled.csv", csv)], &Settings::default());

    assert_eq!(report.input.rows_used, 2);
    assert_eq!(report.input.rows_rejected, 0);
    assert_eq!(report.overall.sites, 0);
    assert_eq!(report.overall.contacts, 0);
    assert_eq!(report.overall.total_minutes, 0.0);
    assert_eq!(report.overall.months, None);
    assert_eq!(report.overall.first_contact, None);
    assert_eq!(report.sites.len(), 1);
    let site = &report.sites[0];
    assert_eq!(site.site, "Riverside");
    assert_eq!(
        (site.contacts, site.total_minutes, site.cancelled),
        (0, 0.0, 1)
    );
    assert_eq!(site.did_not_attend, 0);
    assert_eq!(site.attendance_pct, None);
    assert_eq!(
        (site.first_contact.as_deref(), site.last_contact.as_deref()),
        (None, None)
    );
    assert_eq!((site.months, site.minutes_per_month), (None, None));
    assert_eq!(
        (site.live_minutes_pct, site.live_contacts_pct),
        (None, None)
    );
    assert!(site.by_mode.is_empty());
    assert!(report.months.is_empty());
    assert!(report.mentors.is_empty());
    assert_eq!(report.mentees.len(), 2);
    for m in &report.mentees {
        assert_eq!(
            (m.contacts, m.did_not_attend, m.minutes, m.months),
            (0, 0, 0.0, None)
        );
    }
}

// ---------------------------------------------------------------------------
// The generator.
// ---------------------------------------------------------------------------

/// Days from 2018-01-01 to 2020-12-31, both included.
const DAYS: u16 = 1096;

fn day(offset: u16) -> Date {
    date(2018, 1, 1)
        .checked_add(i64::from(offset).days())
        .expect("in range")
}

/// The header, in its usual column order.
const HEADER: [&str; 9] = [
    "Date",
    "Site",
    "Mentor",
    "Mentee(s)",
    "Mode",
    "Duration (mins)",
    "Attendance",
    "Session ID",
    "Notes",
];

const SITES: [&str; 4] = ["Oakhurst", "Riverside", "St Mary's", "North Vale"];
const MENTORS: [&str; 3] = ["Mo Patel", "Jo Evans", "Ruth O'Neil"];
const MENTEES: [&str; 6] = [
    "Nia Khan",
    "Sam Lee",
    "Zo\u{eb} Reid",
    "Ann Roe",
    "Bob Ng",
    "Eve Stone",
];
const SESSIONS: [&str; 5] = ["G1", "G2", "T-7", "1042", "wk 3"];

/// What a mode label is folded to, as far as the properties care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Live,
    Written,
    Other,
}

const MODE_LABELS: [(&str, Kind); 24] = [
    ("phone", Kind::Live),
    ("telephone", Kind::Live),
    ("tel", Kind::Live),
    ("call", Kind::Live),
    ("phone call", Kind::Live),
    ("telephone call", Kind::Live),
    ("teleconference", Kind::Live),
    ("Teams", Kind::Live),
    ("MS Teams", Kind::Live),
    ("Microsoft Teams", Kind::Live),
    ("video", Kind::Live),
    ("video call", Kind::Live),
    ("Zoom", Kind::Live),
    ("Skype", Kind::Live),
    ("face to face", Kind::Live),
    ("F2F", Kind::Live),
    ("in person", Kind::Live),
    ("visit", Kind::Live),
    ("email", Kind::Written),
    ("e-mail", Kind::Written),
    ("SMS", Kind::Written),
    ("text", Kind::Written),
    ("text message", Kind::Written),
    ("Letter", Kind::Other),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Att {
    Attended,
    DidNotAttend,
    Cancelled,
}

const ATTENDANCE_LABELS: [(&str, Att); 17] = [
    ("", Att::Attended),
    ("yes", Att::Attended),
    ("y", Att::Attended),
    ("attended", Att::Attended),
    ("present", Att::Attended),
    ("held", Att::Attended),
    ("completed", Att::Attended),
    ("no", Att::DidNotAttend),
    ("n", Att::DidNotAttend),
    ("DNA", Att::DidNotAttend),
    ("did not attend", Att::DidNotAttend),
    ("absent", Att::DidNotAttend),
    ("no show", Att::DidNotAttend),
    ("cancelled", Att::Cancelled),
    ("canceled", Att::Cancelled),
    ("postponed", Att::Cancelled),
    ("rescheduled", Att::Cancelled),
];

/// Pieces of free-text notes: commas, quotes, line breaks (LF and CRLF).
///
/// No piece has a comma on both sides of a line break: such notes, the
/// hardest case for the delimiter sniffer, are added by [`TRAP_NOTE_PIECES`]
/// for [`sniffed_delimiter_reads_the_file_as_written`].
const NOTE_PIECES: &[&str] = &[
    "ok",
    "follow-up, next month",
    "she said \"great, thanks\"",
    "line one\nline two",
    "first\r\nsecond",
    "\"quoted\"",
    "gap\n\nafter a blank line",
    "time: 1:15, cost: 0",
    "ends with a break\n",
    "\u{201c}curly\u{201d}, caf\u{e9}",
];

/// [`NOTE_PIECES`] and notes with commas on several lines.
const TRAP_NOTE_PIECES: &[&str] = &[
    "ok",
    "follow-up, next month",
    "line one\nline two",
    "goals, barriers\nnext: March, week 2",
    "a, b\r\nc, d\r\ne, f",
];

/// The one invalid value of a BAD row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bad {
    Date(&'static str),
    Site(&'static str),
    Mode(&'static str),
    Duration(&'static str),
    Attendance(&'static str),
}

const BAD_VALUES: [Bad; 10] = [
    Bad::Date("not a date"),
    Bad::Date("2019-02-30"),
    Bad::Site(""),
    Bad::Site("   "),
    Bad::Mode(""),
    Bad::Duration("abc"),
    Bad::Duration("-5"),
    Bad::Duration("25:00:00"),
    Bad::Attendance("maybe"),
    Bad::Mode("  "),
];

/// How a name or label is spelt: letter case, stray spaces.
#[derive(Clone, Copy, Debug)]
struct Spelling {
    /// 0: as is, 1: lower, 2: upper, 3: mixed by `seed`.
    case: u8,
    seed: u16,
    /// Inner spaces doubled.
    wide: bool,
    lead: usize,
    trail: usize,
}

impl Spelling {
    fn apply(&self, name: &str) -> String {
        let mut out = " ".repeat(self.lead);
        for (i, c) in name.chars().enumerate() {
            match self.case {
                1 => out.extend(c.to_lowercase()),
                2 => out.extend(c.to_uppercase()),
                3 if self.seed >> (i % 16) & 1 == 1 => out.extend(c.to_uppercase()),
                3 => out.extend(c.to_lowercase()),
                _ => out.push(c),
            }
            if c == ' ' && self.wide {
                out.push(' ');
            }
        }
        out.push_str(&" ".repeat(self.trail));
        out
    }
}

fn spelling() -> impl Strategy<Value = Spelling> {
    (
        0u8..4,
        any::<u16>(),
        proptest::bool::weighted(0.2),
        prop_oneof![3 => Just(0usize), 1 => 1usize..3],
        prop_oneof![3 => Just(0usize), 1 => 1usize..3],
    )
        .prop_map(|(case, seed, wide, lead, trail)| Spelling {
            case,
            seed,
            wide,
            lead,
            trail,
        })
}

/// A duration cell in one of SPEC's formats, with the minutes it means.
fn duration() -> impl Strategy<Value = (String, f64)> {
    let minutes = prop_oneof![4 => 0u32..=120, 1 => 0u32..=1440];
    (0u8..7, minutes).prop_map(|(format, m)| {
        let (h, mm) = (m / 60, m % 60);
        match format {
            0 => (m.to_string(), f64::from(m)),
            1 => (format!("{m} min"), f64::from(m)),
            2 => (format!("{h}:{mm:02}"), f64::from(m)),
            3 => (format!("{h:02}:{mm:02}:00"), f64::from(m)),
            4 if m >= 1440 => ("24 h".to_string(), 1440.0),
            4 if mm >= 30 => (format!("{h}.5 h"), f64::from(h * 60 + 30)),
            4 => (format!("{h} h"), f64::from(h * 60)),
            5 => (format!("{h} h {mm} min"), f64::from(m)),
            _ => (format!("{m} minutes"), f64::from(m)),
        }
    })
}

/// One generated row, before it is written.
#[derive(Clone, Debug)]
struct GenRow {
    /// An empty line (1) or a record of empty fields (2) written before the row.
    blank_before: u8,
    /// Days after 2018-01-01, used unless `pooled`.
    free_day: u16,
    /// Index into the case's small pool of dates (to make rows share a
    /// session, site and date).
    pooled: Option<usize>,
    site: (usize, Spelling),
    mentor: Option<(usize, Spelling)>,
    mentees: Vec<(usize, Spelling)>,
    mode: (usize, Spelling),
    duration: Option<(String, f64)>,
    attendance: (usize, Spelling),
    session: Option<(usize, bool)>,
    notes: String,
    bad: Option<Bad>,
}

fn gen_row(note_pieces: &'static [&'static str]) -> impl Strategy<Value = GenRow> {
    // A row with a session mostly takes its date from the small pool, so
    // that rows really share a session, a site and a date.
    let session_and_day = prop_oneof![
        1 => (Just(None), proptest::option::weighted(0.3, 0usize..3)),
        1 => (
            (0usize..SESSIONS.len(), any::<bool>()).prop_map(Some),
            proptest::option::weighted(0.85, 0usize..3),
        ),
    ];
    let mentees = prop_oneof![
        3 => Just(Vec::new()),
        4 => proptest::collection::vec((0usize..6, spelling()), 1..=1),
        3 => proptest::collection::vec((0usize..6, spelling()), 2..=3),
    ];
    let attendance = prop_oneof![
        4 => Just(0usize),
        3 => 1usize..7,
        2 => 7usize..13,
        1 => 13usize..17,
    ];
    let notes = proptest::collection::vec(select(note_pieces), 0..3).prop_map(|p| p.join(" "));
    (
        (
            prop_oneof![18 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
            0..DAYS,
            session_and_day,
        ),
        (0usize..4, spelling()),
        proptest::option::weighted(0.7, (0usize..3, spelling())),
        mentees,
        (0..MODE_LABELS.len(), spelling()),
        proptest::option::weighted(0.75, duration()),
        (attendance, spelling()),
        notes,
        proptest::option::weighted(0.2, select(&BAD_VALUES[..])),
    )
        .prop_map(
            |(
                (blank_before, free_day, (session, pooled)),
                site,
                mentor,
                mentees,
                mode,
                duration,
                attendance,
                notes,
                bad,
            )| GenRow {
                blank_before,
                free_day,
                pooled,
                site,
                mentor,
                mentees,
                mode,
                duration,
                attendance,
                session,
                notes,
                bad,
            },
        )
}

/// One generated file.
#[derive(Clone, Debug)]
struct GenFile {
    rows: Vec<GenRow>,
    delimiter: u8,
    bom: bool,
    crlf: bool,
    /// The last record has no line break after it.
    no_final_break: bool,
    /// Column order: `columns[i]` is the index in [`HEADER`] of column i.
    columns: Vec<usize>,
    /// Give the delimiter to the reader (else it is sniffed).
    tell_delimiter: bool,
}

fn gen_file(note_pieces: &'static [&'static str]) -> impl Strategy<Value = GenFile> {
    let usual: Vec<usize> = (0..HEADER.len()).collect();
    let columns = prop_oneof![
        1 => Just(usual.clone()),
        1 => Just(usual).prop_shuffle(),
    ];
    (
        proptest::collection::vec(gen_row(note_pieces), 0..=60),
        select(&b",;\t"[..]),
        (any::<bool>(), any::<bool>(), proptest::bool::weighted(0.2)),
        columns,
        any::<bool>(),
    )
        .prop_map(
            |(rows, delimiter, (bom, crlf, no_final_break), columns, tell_delimiter)| GenFile {
                rows,
                delimiter,
                bom,
                crlf,
                no_final_break,
                columns,
                tell_delimiter,
            },
        )
}

/// A whole input: 1-3 files and the small pool of dates they share.
#[derive(Clone, Debug)]
struct Case {
    date_pool: [u16; 3],
    files: Vec<GenFile>,
}

fn gen_case() -> impl Strategy<Value = Case> {
    gen_case_with(NOTE_PIECES)
}

fn gen_case_with(note_pieces: &'static [&'static str]) -> impl Strategy<Value = Case> {
    (
        (0..DAYS, 0..DAYS, 0..DAYS),
        proptest::collection::vec(gen_file(note_pieces), 1..=3),
    )
        .prop_map(|((a, b, c), files)| Case {
            date_pool: [a, b, c],
            files,
        })
}

/// What the tests know of one written row.
#[derive(Clone, Debug)]
struct RowInfo {
    /// Physical line the record starts on (the header is line 1).
    line: u64,
    bad: bool,
    /// The date (valid unless the row is BAD on its date).
    date: Date,
    site: usize,
    /// Indexes into [`MENTEES`].
    mentees: Vec<usize>,
    session: Option<usize>,
    kind: Kind,
    attendance: Att,
    has_duration: bool,
}

/// A written file, ready to read.
#[derive(Clone, Debug)]
struct Written {
    name: String,
    bytes: Vec<u8>,
    delimiter: Option<u8>,
    rows: Vec<RowInfo>,
}

/// Line breaks in `text` as the reader counts them: LF, CR, or CRLF as one.
fn line_breaks(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
        }
    }
    count
}

/// Writes the files of `case`; BAD rows are left out unless `with_bad`.
fn write_case(case: &Case, with_bad: bool) -> Vec<Written> {
    case.files
        .iter()
        .enumerate()
        .map(|(index, file)| write_file(case, index, file, with_bad))
        .collect()
}

fn write_file(case: &Case, index: usize, file: &GenFile, with_bad: bool) -> Written {
    let terminator = if file.crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut builder = csv::WriterBuilder::new();
    builder.delimiter(file.delimiter).terminator(terminator);
    let mut text: Vec<u8> = Vec::new();
    let write = |text: &mut Vec<u8>, record: &[&str]| {
        let mut writer = builder.from_writer(text);
        writer.write_record(record).expect("record written");
        writer.flush().expect("flushed");
    };
    let ending: &[u8] = if file.crlf { b"\r\n" } else { b"\n" };
    let header: Vec<&str> = file.columns.iter().map(|&c| HEADER[c]).collect();
    write(&mut text, &header);
    let mut line = 2u64;
    let mut rows = Vec::new();
    for row in file.rows.iter().filter(|r| with_bad || r.bad.is_none()) {
        // Not rows: they only push the lines down.
        match row.blank_before {
            1 => {
                text.extend_from_slice(ending);
                line += 1;
            }
            2 => {
                write(&mut text, &[""; 9]);
                line += 1;
            }
            _ => {}
        }
        let day_offset = row.pooled.map_or(row.free_day, |p| case.date_pool[p]);
        let the_date = day(day_offset);
        let (mode_label, kind) = MODE_LABELS[row.mode.0];
        let (attendance_label, attendance) = ATTENDANCE_LABELS[row.attendance.0];
        let mut cells: [String; 9] = [
            the_date.to_string(),
            row.site.1.apply(SITES[row.site.0]),
            row.mentor
                .map_or_else(String::new, |(m, s)| s.apply(MENTORS[m])),
            row.mentees
                .iter()
                .map(|(m, s)| s.apply(MENTEES[*m]))
                .collect::<Vec<_>>()
                .join("; "),
            row.mode.1.apply(mode_label),
            row.duration
                .as_ref()
                .map_or_else(String::new, |d| d.0.clone()),
            row.attendance.1.apply(attendance_label),
            row.session.map_or_else(String::new, |(s, pad)| {
                if pad {
                    format!(" {} ", SESSIONS[s])
                } else {
                    SESSIONS[s].to_string()
                }
            }),
            row.notes.clone(),
        ];
        match row.bad {
            None => {}
            Some(Bad::Date(v)) => cells[0] = v.to_string(),
            Some(Bad::Site(v)) => cells[1] = v.to_string(),
            Some(Bad::Mode(v)) => cells[4] = v.to_string(),
            Some(Bad::Duration(v)) => cells[5] = v.to_string(),
            Some(Bad::Attendance(v)) => cells[6] = v.to_string(),
        }
        let record: Vec<&str> = file.columns.iter().map(|&c| cells[c].as_str()).collect();
        write(&mut text, &record);
        rows.push(RowInfo {
            line,
            bad: row.bad.is_some(),
            date: the_date,
            site: row.site.0,
            mentees: row.mentees.iter().map(|(m, _)| *m).collect(),
            session: row.session.map(|(s, _)| s),
            kind,
            attendance,
            has_duration: row.duration.is_some(),
        });
        line += 1 + cells.iter().map(|c| line_breaks(c)).sum::<u64>();
    }
    if file.no_final_break && text.ends_with(ending) {
        text.truncate(text.len() - ending.len());
    }
    let mut bytes = Vec::new();
    if file.bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    bytes.extend_from_slice(&text);
    Written {
        name: format!("site log {}.csv", index + 1),
        bytes,
        delimiter: file.tell_delimiter.then_some(file.delimiter),
        rows,
    }
}

/// A fresh analysis of `files` under `settings`.
fn analysis_of(files: &[Written], settings: &Settings) -> Analysis {
    let mut analysis = Analysis::new(settings.clone());
    for file in files {
        let options = ReadOptions {
            delimiter: file.delimiter,
            ..ReadOptions::default()
        };
        if let Err(e) = analysis.add_file(&file.name, Cursor::new(&file.bytes), &options) {
            panic!(
                "{} should be readable: {e}\n{}",
                file.name,
                String::from_utf8_lossy(&file.bytes)
            );
        }
    }
    analysis
}

/// A contact as the tests work it out from the generated rows.
struct ModelContact {
    site: usize,
    date: Date,
    /// The mode of its first row.
    kind: Kind,
    /// A row is attended.
    held: bool,
    /// Every row is cancelled.
    all_cancelled: bool,
    /// A row gives a duration.
    has_duration: bool,
    /// Its rows, as (file index, line).
    rows: Vec<(usize, u64)>,
}

impl ModelContact {
    /// A held live contact that no row gives a duration for: its rows are rejected.
    fn dropped(&self) -> bool {
        self.held && self.kind == Kind::Live && !self.has_duration
    }
}

/// The contacts of the GOOD rows: rows sharing a session, a site and a date
/// (across files) are one contact, every other row a contact of its own.
fn model_contacts(files: &[Written]) -> Vec<ModelContact> {
    let mut contacts: Vec<ModelContact> = Vec::new();
    let mut groups: HashMap<(usize, usize, Date), usize> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        for row in file.rows.iter().filter(|r| !r.bad) {
            let existing = row
                .session
                .and_then(|s| groups.get(&(s, row.site, row.date)).copied());
            let index = existing.unwrap_or_else(|| {
                contacts.push(ModelContact {
                    site: row.site,
                    date: row.date,
                    kind: row.kind,
                    held: false,
                    all_cancelled: true,
                    has_duration: false,
                    rows: Vec::new(),
                });
                if let Some(s) = row.session {
                    groups.insert((s, row.site, row.date), contacts.len() - 1);
                }
                contacts.len() - 1
            });
            let contact = &mut contacts[index];
            contact.held |= row.attendance == Att::Attended;
            contact.all_cancelled &= row.attendance == Att::Cancelled;
            contact.has_duration |= row.has_duration;
            contact.rows.push((f, row.line));
        }
    }
    contacts
}

/// The GOOD rows that the contact rule rejects, as (file index, line).
fn contact_rule_rejects(files: &[Written]) -> BTreeSet<(usize, u64)> {
    model_contacts(files)
        .into_iter()
        .filter(ModelContact::dropped)
        .flat_map(|c| c.rows)
        .collect()
}

/// The index in [`SITES`] of a site's display name.
fn site_index(display: &str) -> Option<usize> {
    let folded = display
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    SITES.iter().position(|s| s.to_lowercase() == folded)
}

/// Settings with a random window (either end may be open) and written-message minutes.
fn gen_settings() -> impl Strategy<Value = Settings> {
    (
        proptest::option::weighted(0.5, (0..DAYS, 0..DAYS, 0u8..4)),
        select(&[0.0, 2.5, 5.0, 10.0][..]),
    )
        .prop_map(|(window, written)| {
            let (from, to) = match window {
                None => (None, None),
                Some((a, b, open)) => {
                    let (a, b) = (a.min(b), a.max(b));
                    ((open != 1).then(|| day(a)), (open != 2).then(|| day(b)))
                }
            };
            Settings {
                from,
                to,
                written_message_minutes: written,
                ..Settings::default()
            }
        })
}

/// A window that is always set, both ends most of the time.
fn gen_window() -> impl Strategy<Value = (Option<Date>, Option<Date>)> {
    (0..DAYS, 0..DAYS, 0u8..8).prop_map(|(a, b, open)| {
        let (a, b) = (a.min(b), a.max(b));
        ((open != 1).then(|| day(a)), (open != 2).then(|| day(b)))
    })
}

/// Every number of the report that is not a count, with where it is.
fn numbers(report: &Report) -> Vec<(String, Option<f64>)> {
    let mut out: Vec<(String, Option<f64>)> = Vec::new();
    let o = &report.overall;
    out.push((
        "settings.written_message_minutes".into(),
        Some(report.settings.written_message_minutes),
    ));
    out.push(("overall.total_minutes".into(), Some(o.total_minutes)));
    for (name, s) in [
        ("total_minutes", &o.across_sites.total_minutes),
        ("minutes_per_month", &o.across_sites.minutes_per_month),
        ("minutes_per_mentee", &o.across_sites.minutes_per_mentee),
        ("live_minutes_pct", &o.across_sites.live_minutes_pct),
    ] {
        for (part, x) in [
            ("mean", s.mean),
            ("sd", s.sd),
            ("min", s.min),
            ("max", s.max),
        ] {
            out.push((format!("overall.across_sites.{name}.{part}"), x));
        }
    }
    for s in &report.sites {
        let at = |field: &str| format!("sites[{}].{field}", s.site);
        out.push((at("total_minutes"), Some(s.total_minutes)));
        out.push((at("minutes_per_month"), s.minutes_per_month));
        out.push((at("minutes_per_mentee"), s.minutes_per_mentee));
        out.push((at("live_minutes_pct"), s.live_minutes_pct));
        out.push((at("live_contacts_pct"), s.live_contacts_pct));
        out.push((at("attendance_pct"), s.attendance_pct));
        let l = &s.live_session_minutes;
        for (part, x) in [
            ("mean", l.mean),
            ("median", l.median),
            ("min", l.min),
            ("max", l.max),
        ] {
            out.push((at(&format!("live_session_minutes.{part}")), x));
        }
        for (mode, m) in &s.by_mode {
            out.push((at(&format!("by_mode.{mode}.minutes")), Some(m.minutes)));
        }
    }
    for m in &report.mentees {
        let at = |field: &str| format!("mentees[{} at {}].{field}", m.mentee, m.site);
        out.push((at("minutes"), Some(m.minutes)));
        out.push((at("minutes_per_month"), m.minutes_per_month));
    }
    for m in &report.mentors {
        out.push((format!("mentors[{}].minutes", m.mentor), Some(m.minutes)));
    }
    for m in &report.months {
        out.push((
            format!("months[{} {}].minutes", m.month, m.site),
            Some(m.minutes),
        ));
    }
    out
}

fn month_of(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The (file, line) of every rejected row, as file indexes.
fn rejected_set(
    report: &Report,
    files: &[Written],
) -> Result<BTreeSet<(usize, u64)>, TestCaseError> {
    let mut out = BTreeSet::new();
    for r in &report.input.rejected {
        let f = files.iter().position(|f| f.name == r.file);
        prop_assert!(f.is_some(), "rejected row names an unknown file: {r:?}");
        prop_assert!(
            out.insert((f.unwrap_or(0), r.line)),
            "rejected twice: {r:?}"
        );
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// 1. Row accounting.
    #[test]
    fn every_row_read_is_used_or_rejected_at_its_file_and_line(
        case in gen_case(),
        settings in gen_settings(),
    ) {
        let files = write_case(&case, true);
        let report = analysis_of(&files, &settings).report();
        let input = &report.input;

        prop_assert_eq!(input.rows_read, input.rows_used + input.rows_rejected);
        let generated: usize = files.iter().map(|f| f.rows.len()).sum();
        prop_assert_eq!(input.rows_read, generated as u64);
        prop_assert_eq!(input.files.len(), files.len());
        for (read, file) in input.files.iter().zip(&files) {
            prop_assert_eq!(&read.name, &file.name);
            prop_assert_eq!(read.rows_read, file.rows.len() as u64);
        }
        prop_assert_eq!(input.rejected.len() as u64, input.rows_rejected);
        prop_assert!(input.rows_outside_window <= input.rows_used);

        let rejected = rejected_set(&report, &files)?;
        for (f, file) in files.iter().enumerate() {
            for row in file.rows.iter().filter(|r| r.bad) {
                prop_assert!(
                    rejected.contains(&(f, row.line)),
                    "BAD row at {} line {} not rejected; rejected: {:?}",
                    file.name, row.line, input.rejected
                );
            }
        }
        // And nothing else: exactly the BAD rows and the contact rule's.
        let mut expected = contact_rule_rejects(&files);
        for (f, file) in files.iter().enumerate() {
            expected.extend(file.rows.iter().filter(|r| r.bad).map(|r| (f, r.line)));
        }
        prop_assert_eq!(&rejected, &expected, "rejected: {:?}", input.rejected);
        // Listed by file, then line.
        let order: Vec<(usize, u64)> = rejected.iter().copied().collect();
        let listed: Vec<(usize, u64)> = input
            .rejected
            .iter()
            .map(|r| (files.iter().position(|f| f.name == r.file).unwrap_or(0), r.line))
            .collect();
        prop_assert_eq!(listed, order);
    }

    /// 2. Nothing lost: BAD rows change nothing but the input accounting.
    #[test]
    fn bad_rows_change_no_figure(case in gen_case(), settings in gen_settings()) {
        let all = analysis_of(&write_case(&case, true), &settings).report();
        let good = analysis_of(&write_case(&case, false), &settings).report();
        prop_assert_eq!(&all.overall, &good.overall);
        prop_assert_eq!(&all.sites, &good.sites);
        prop_assert_eq!(&all.mentees, &good.mentees);
        prop_assert_eq!(&all.mentors, &good.mentors);
        prop_assert_eq!(&all.months, &good.months);
        prop_assert_eq!(all.input.rows_used, good.input.rows_used);
        prop_assert_eq!(all.input.rows_outside_window, good.input.rows_outside_window);
    }

    /// 3. Minutes and contacts add up across sites, months and modes.
    #[test]
    fn minutes_and_contacts_add_up(case in gen_case(), settings in gen_settings()) {
        let report = analysis_of(&write_case(&case, true), &settings).report();
        let site_minutes: f64 = report.sites.iter().map(|s| s.total_minutes).sum();
        prop_assert!(
            close(site_minutes, report.overall.total_minutes),
            "sites {} vs overall {}", site_minutes, report.overall.total_minutes
        );
        let site_contacts: u64 = report.sites.iter().map(|s| s.contacts).sum();
        prop_assert_eq!(report.overall.contacts, site_contacts);

        let mut per_site: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
        for m in &report.months {
            let entry = per_site.entry(&*m.site).or_default();
            entry.0 += m.contacts;
            entry.1 += m.minutes;
        }
        for s in &report.sites {
            let (contacts, minutes) = per_site.remove(s.site.as_str()).unwrap_or_default();
            prop_assert!(
                close(minutes, s.total_minutes),
                "{}: months give {} min, site {}", s.site, minutes, s.total_minutes
            );
            prop_assert_eq!(contacts, s.contacts, "{}: month contacts", &s.site);
            let mode_contacts: u64 = s.by_mode.values().map(|m| m.contacts).sum();
            prop_assert_eq!(mode_contacts, s.contacts, "{}: by_mode contacts", &s.site);
            let mode_minutes: f64 = s.by_mode.values().map(|m| m.minutes).sum();
            prop_assert!(close(mode_minutes, s.total_minutes), "{}: by_mode minutes", &s.site);
        }
        prop_assert!(per_site.is_empty(), "months of sites not listed: {:?}", per_site);
    }

    /// 4. Percentages, months and nulls are in range; no NaN or infinity.
    #[test]
    fn percentages_months_and_nulls_are_in_range(case in gen_case(), settings in gen_settings()) {
        let report = analysis_of(&write_case(&case, true), &settings).report();
        let pct = |what: &str, x: Option<f64>| -> Result<(), TestCaseError> {
            if let Some(x) = x {
                prop_assert!((0.0..=100.0).contains(&x), "{} = {} is not a percentage", what, x);
            }
            Ok(())
        };
        let months = |what: &str, m: Option<u32>| -> Result<(), TestCaseError> {
            prop_assert!(m.is_none_or(|m| m >= 1), "{} months = {:?}", what, m);
            Ok(())
        };
        let spread = &report.overall.across_sites.live_minutes_pct;
        pct("across_sites.live_minutes_pct.mean", spread.mean)?;
        pct("across_sites.live_minutes_pct.min", spread.min)?;
        pct("across_sites.live_minutes_pct.max", spread.max)?;
        months("overall", report.overall.months)?;
        for s in &report.sites {
            pct(&format!("{} live_minutes_pct", s.site), s.live_minutes_pct)?;
            pct(&format!("{} live_contacts_pct", s.site), s.live_contacts_pct)?;
            pct(&format!("{} attendance_pct", s.site), s.attendance_pct)?;
            months(&s.site, s.months)?;
            if s.contacts == 0 {
                prop_assert_eq!(&s.first_contact, &None, "{}", &s.site);
                prop_assert_eq!(&s.last_contact, &None, "{}", &s.site);
                prop_assert_eq!(s.months, None, "{}", &s.site);
                prop_assert_eq!(s.minutes_per_month, None, "{}", &s.site);
                prop_assert_eq!(s.live_minutes_pct, None, "{}", &s.site);
            }
        }
        for m in &report.mentees {
            months(&format!("{} at {}", m.mentee, m.site), m.months)?;
        }
        for (what, x) in numbers(&report) {
            prop_assert!(x.is_none_or(f64::is_finite), "{} = {:?}", what, x);
        }
    }

    /// 5. The same files and settings give the same bytes.
    #[test]
    fn same_input_gives_the_same_json(case in gen_case(), settings in gen_settings()) {
        let files = write_case(&case, true);
        let first = analysis_of(&files, &settings);
        let second = analysis_of(&files, &settings);
        let json = first.report().to_json();
        prop_assert_eq!(&json, &second.report().to_json());
        prop_assert_eq!(&json, &first.report().to_json());
    }

    /// 6. The window: rows outside it are counted, and feed no figure.
    #[test]
    fn window_counts_outside_rows_and_keeps_months_inside(
        case in gen_case(),
        (from, to) in gen_window(),
    ) {
        let files = write_case(&case, true);
        let settings = Settings { from, to, ..Settings::default() };
        let report = analysis_of(&files, &settings).report();
        let inside = |d: Date| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);

        prop_assert_eq!(&report.settings.from, &from.map(|d| d.to_string()));
        prop_assert_eq!(&report.settings.to, &to.map(|d| d.to_string()));

        let dropped = contact_rule_rejects(&files);
        let used: Vec<&RowInfo> = files
            .iter()
            .enumerate()
            .flat_map(|(f, file)| file.rows.iter().map(move |r| (f, r)))
            .filter(|(f, r)| !r.bad && !dropped.contains(&(*f, r.line)))
            .map(|(_, r)| r)
            .collect();
        let outside = used.iter().filter(|r| !inside(r.date)).count();
        prop_assert_eq!(report.input.rows_outside_window, outside as u64);

        // Sites and mentee entries listed: those named by a used row inside.
        let sites: BTreeSet<usize> = used.iter().filter(|r| inside(r.date)).map(|r| r.site).collect();
        prop_assert_eq!(report.sites.len(), sites.len(), "sites: {:?}", &report.sites);
        let mentees: BTreeSet<(usize, usize)> = used
            .iter()
            .filter(|r| inside(r.date))
            .flat_map(|r| r.mentees.iter().map(|&m| (m, r.site)))
            .collect();
        prop_assert_eq!(report.mentees.len(), mentees.len());

        // Contacts: the held ones inside count; cancelled ones per site.
        let contacts = model_contacts(&files);
        let kept = || contacts.iter().filter(|c| !c.dropped() && inside(c.date));
        prop_assert_eq!(report.overall.contacts, kept().filter(|c| c.held).count() as u64);
        for s in &report.sites {
            let index = site_index(&s.site);
            prop_assert!(index.is_some(), "unknown site {:?}", &s.site);
            let held = kept().filter(|c| c.held && Some(c.site) == index).count();
            let cancelled = kept().filter(|c| c.all_cancelled && Some(c.site) == index).count();
            prop_assert_eq!(s.contacts, held as u64, "{} contacts", &s.site);
            prop_assert_eq!(s.cancelled, cancelled as u64, "{} cancelled", &s.site);
        }

        let (from_month, to_month) = (from.map(month_of), to.map(month_of));
        for m in &report.months {
            prop_assert!(
                from_month.as_ref().is_none_or(|f| *m.month >= **f)
                    && to_month.as_ref().is_none_or(|t| *m.month <= **t),
                "month {} of {} outside {:?}..{:?}", m.month, m.site, from, to
            );
        }
        let dates = [&report.overall.first_contact, &report.overall.last_contact]
            .into_iter()
            .chain(report.sites.iter().flat_map(|s| [&s.first_contact, &s.last_contact]))
            .chain(report.mentees.iter().flat_map(|m| [&m.first_contact, &m.last_contact]));
        for d in dates.flatten() {
            let parsed: Date = d.parse().expect("YYYY-MM-DD");
            prop_assert!(inside(parsed), "date {} outside {:?}..{:?}", d, from, to);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sniffing the delimiter reads a file as it was written, whatever its
    /// notes say: a semicolon or tab file whose quoted notes have a comma on
    /// each side of a line break, such as
    ///
    /// ```text
    /// Date;Site;Mode;Notes
    /// 2019-01-01;Oakhurst;Phone;"a, b
    /// c, d
    /// e, f"
    /// ```
    ///
    /// reads as three two-field records with `,` against two four-field
    /// records with `;`; the header decides.
    #[test]
    fn sniffed_delimiter_reads_the_file_as_written(case in gen_case_with(TRAP_NOTE_PIECES)) {
        let told = write_case(&case, true);
        let sniffed: Vec<Written> = told
            .iter()
            .cloned()
            .map(|f| Written { delimiter: None, ..f })
            .collect();
        let told: Vec<Written> = told
            .into_iter()
            .zip(&case.files)
            .map(|(f, g)| Written { delimiter: Some(g.delimiter), ..f })
            .collect();
        let settings = Settings::default();
        prop_assert_eq!(
            analysis_of(&sniffed, &settings).report().to_json(),
            analysis_of(&told, &settings).report().to_json()
        );
    }
}
