//! The report: the JSON contract of SPEC, field for field.
//!
//! Only these types derive `Serialize` (and `Deserialize`, to cross to the
//! page from its worker); their field order is the order of the JSON
//! document, and every list is sorted as the report is assembled, so the
//! same input always gives the same bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::value::DateOrder;

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// The settings the figures were computed with.
    pub settings: ReportSettings,
    /// What was read: files, row accounting, rejected rows and notices.
    pub input: Input,
    /// Figures over all sites.
    pub overall: Overall,
    /// One entry per site named by a used row in the window.
    pub sites: Vec<SiteStats>,
    /// One entry per mentee and site named by a used row in the window.
    pub mentees: Vec<MenteeStats>,
    /// One entry per mentor of a held contact.
    pub mentors: Vec<MentorStats>,
    /// One entry per calendar month and site with a held contact.
    pub months: Vec<MonthStats>,
    /// One entry per topic of a held contact in the window.
    pub topics: Vec<TopicStats>,
    /// One entry per site and topic with a held contact.
    pub site_topics: Vec<SiteTopicStats>,
    /// One entry per calendar month and mentor with a held contact.
    pub mentor_months: Vec<MentorMonthStats>,
    /// One entry per outcome measure of the site outcomes file (empty
    /// without one).
    pub outcomes: Vec<OutcomeStats>,
}

/// The settings as reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSettings {
    /// `day_first` or `month_first`: the order used on a tie.
    pub date_order: DateOrder,
    /// Minutes per written message without a duration.
    pub written_message_minutes: f64,
    /// Window start (`YYYY-MM-DD`) or null.
    pub from: Option<String>,
    /// Window end (`YYYY-MM-DD`) or null.
    pub to: Option<String>,
    /// Cost of an hour of any mentor's time, or null.
    pub mentor_hourly_cost: Option<f64>,
    /// Cost of an hour of a named mentor's time, by name as given.
    pub mentor_costs: BTreeMap<String, f64>,
    /// Cost of an hour of a mentee's time, or null.
    pub mentee_hourly_cost: Option<f64>,
    /// The label of the costs' currency (display only), or null.
    pub currency: Option<String>,
}

/// Input accounting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The files, in the order given.
    pub files: Vec<InputFile>,
    /// Data rows read, over all files.
    pub rows_read: u64,
    /// Rows used (including those outside the window).
    pub rows_used: u64,
    /// Rows rejected; `rows_read == rows_used + rows_rejected`.
    pub rows_rejected: u64,
    /// Used rows dated outside the window.
    pub rows_outside_window: u64,
    /// Every rejected row, by file then line.
    pub rejected: Vec<RejectedRow>,
    /// Things the user should know that are not rejections.
    pub notices: Vec<String>,
}

/// One file read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputFile {
    /// The file's name.
    pub name: String,
    /// Its data rows.
    pub rows_read: u64,
}

/// One rejected row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// The file's name.
    pub file: String,
    /// Physical line where the record starts (the header is line 1).
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
}

/// Figures over all sites.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overall {
    /// Sites with a held contact.
    pub sites: u64,
    /// Mentee entries (mentee and site) credited by a held contact.
    pub mentees: u64,
    /// Mentors of a held contact.
    pub mentors: u64,
    /// Held contacts.
    pub contacts: u64,
    /// Minutes of held contacts.
    pub total_minutes: f64,
    /// Date of the first held contact.
    pub first_contact: Option<String>,
    /// Date of the last held contact.
    pub last_contact: Option<String>,
    /// Calendar months from the first to the last held contact, both counted.
    pub months: Option<u32>,
    /// Held contacts with no topic.
    pub untagged_contacts: u64,
    /// Their minutes.
    pub untagged_minutes: f64,
    /// Sum of the sites' mentor costs (null when any is null).
    pub mentor_cost: Option<f64>,
    /// Sum of the sites' mentee costs (null when any is null).
    pub mentee_cost: Option<f64>,
    /// Sum of the sites' total costs (null when any is null).
    pub total_cost: Option<f64>,
    /// Spread of per-site figures over sites with a held contact.
    pub across_sites: AcrossSites,
}

/// Spread of four per-site figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AcrossSites {
    /// Of `total_minutes`.
    pub total_minutes: Spread,
    /// Of `minutes_per_month`.
    pub minutes_per_month: Spread,
    /// Of `minutes_per_mentee`.
    pub minutes_per_mentee: Spread,
    /// Of `live_minutes_pct`.
    pub live_minutes_pct: Spread,
    /// Of `total_cost` (all null without costs).
    pub total_cost: Spread,
}

/// Mean, sample standard deviation, minimum, maximum and quartiles of some
/// values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Mean; null without values.
    pub mean: Option<f64>,
    /// Standard deviation (n-1); null for fewer than two values.
    pub sd: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
    /// Median (linear interpolation between the sorted values).
    pub median: Option<f64>,
    /// First quartile (the same interpolation, at a quarter).
    pub q1: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
}

/// Figures for one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteStats {
    /// Display name.
    pub site: String,
    /// Distinct mentees credited by a held contact here.
    pub mentees: u64,
    /// Held contacts.
    pub contacts: u64,
    /// Minutes of held contacts.
    pub total_minutes: f64,
    /// First held contact.
    pub first_contact: Option<String>,
    /// Last held contact.
    pub last_contact: Option<String>,
    /// Months from first to last held contact, both counted.
    pub months: Option<u32>,
    /// `total_minutes / months`.
    pub minutes_per_month: Option<f64>,
    /// Minutes credited to the site's mentees, divided by `mentees`.
    pub minutes_per_mentee: Option<f64>,
    /// Share of minutes from held live contacts, in percent.
    pub live_minutes_pct: Option<f64>,
    /// Share of held contacts that were live, in percent.
    pub live_contacts_pct: Option<f64>,
    /// Held contacts and minutes per mode (only modes with a held contact).
    pub by_mode: BTreeMap<String, ModeStats>,
    /// Mentee-contacts not attended (all contacts).
    pub did_not_attend: u64,
    /// Contacts all of whose rows are cancelled.
    pub cancelled: u64,
    /// Attended / (attended + did not attend) mentee-contacts, in percent.
    pub attendance_pct: Option<f64>,
    /// Minutes of held live contacts.
    pub live_session_minutes: Summary,
    /// Mentors' time, at their rates; null without a mentor rate, or when
    /// a held contact has none.
    pub mentor_cost: Option<f64>,
    /// Mentees' time (credited minutes) at the mentee rate; null without it.
    pub mentee_cost: Option<f64>,
    /// Mentor and mentee costs (a part without a rate counts 0); null
    /// without any rate, or when a part with a rate is null.
    pub total_cost: Option<f64>,
    /// `total_cost / mentees`.
    pub cost_per_mentee: Option<f64>,
    /// `total_cost / months`.
    pub cost_per_month: Option<f64>,
}

/// Contacts and minutes of one mode.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModeStats {
    /// Held contacts.
    pub contacts: u64,
    /// Their minutes.
    pub minutes: f64,
}

/// Mean, median, minimum and maximum of some values; null without values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Mean.
    pub mean: Option<f64>,
    /// Median (the mean of the middle two for an even count).
    pub median: Option<f64>,
    /// Smallest value.
    pub min: Option<f64>,
    /// Largest value.
    pub max: Option<f64>,
}

/// Figures for one mentee at one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MenteeStats {
    /// Display name.
    pub mentee: String,
    /// Display name of the site.
    pub site: String,
    /// Held contacts attended.
    pub contacts: u64,
    /// Contacts not attended.
    pub did_not_attend: u64,
    /// Minutes credited.
    pub minutes: f64,
    /// First contact attended.
    pub first_contact: Option<String>,
    /// Last contact attended.
    pub last_contact: Option<String>,
    /// Months from first to last contact attended.
    pub months: Option<u32>,
    /// `minutes / months`.
    pub minutes_per_month: Option<f64>,
}

/// Figures for one mentor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentorStats {
    /// Display name.
    pub mentor: String,
    /// Held contacts.
    pub contacts: u64,
    /// Their minutes.
    pub minutes: f64,
    /// Sites of those contacts.
    pub sites: u64,
    /// Mentee entries credited by those contacts.
    pub mentees: u64,
    /// Date of the mentor's first held contact.
    pub first_contact: Option<String>,
    /// Date of the last.
    pub last_contact: Option<String>,
    /// Calendar months from the first to the last, both counted.
    pub months: Option<u32>,
    /// `minutes / months`.
    pub minutes_per_month: Option<f64>,
    /// `YYYY-MM` of the month with the most minutes (the earliest on a tie).
    pub peak_month: Option<String>,
    /// That month's minutes.
    pub peak_month_minutes: Option<f64>,
    /// The mentor's minutes at their rate; null without one.
    pub cost: Option<f64>,
}

/// Held contacts of one site in one calendar month. A log of thousands
/// of sites over years has hundreds of thousands of these, so the texts
/// are shared: one allocation per month and per site, not per entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthStats {
    /// `YYYY-MM`.
    pub month: Arc<str>,
    /// Display name of the site.
    pub site: Arc<str>,
    /// Held contacts.
    pub contacts: u64,
    /// Their minutes.
    pub minutes: f64,
}

/// Held contacts with one topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicStats {
    /// Display name.
    pub topic: String,
    /// Held contacts with the topic.
    pub contacts: u64,
    /// `100 x contacts / all held contacts` (these may add up to over 100).
    pub contacts_pct: Option<f64>,
    /// Minutes, each contact's split evenly among its topics.
    pub minutes: f64,
    /// `100 x minutes / overall total_minutes`.
    pub minutes_pct: Option<f64>,
}

/// Held contacts of one site with one topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteTopicStats {
    /// Display name of the site.
    pub site: String,
    /// Display name of the topic.
    pub topic: String,
    /// Held contacts.
    pub contacts: u64,
    /// Minutes, split as in [`TopicStats`].
    pub minutes: f64,
}

/// Held contacts of one mentor in one calendar month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentorMonthStats {
    /// `YYYY-MM`.
    pub month: String,
    /// Display name of the mentor.
    pub mentor: String,
    /// Held contacts.
    pub contacts: u64,
    /// Their minutes.
    pub minutes: f64,
}

/// One outcome measure of the sites, against the mentoring they had.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeStats {
    /// The measure's header, as written.
    pub measure: String,
    /// Matched sites with a value.
    pub sites: u64,
    /// Spearman's rho against total minutes; null under 3 sites or without spread.
    pub spearman_total_minutes: Option<f64>,
    /// Spearman's rho against minutes per month.
    pub spearman_minutes_per_month: Option<f64>,
    /// Each site's value, by site.
    pub points: Vec<OutcomePoint>,
}

/// One site's value of a measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomePoint {
    /// Display name of the site.
    pub site: String,
    /// Its value.
    pub value: f64,
}

impl Report {
    /// The JSON document: pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        let mut json = Vec::new();
        match self.write_json(&mut json) {
            Ok(()) => String::from_utf8(json)
                .unwrap_or_else(|e| format!("{{\"error\": \"report not UTF-8: {e}\"}}\n")),
            Err(e) => format!("{{\"error\": \"report not serializable: {e}\"}}\n"),
        }
    }

    /// Writes the JSON document (the bytes of [`Report::to_json`]) as it is
    /// made, without holding the whole text: a report of a log with
    /// thousands of sites is tens of megabytes.
    pub fn write_json<W: std::io::Write>(&self, mut writer: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut writer, self)?;
        writer.write_all(b"\n")
    }

    /// The per-site table as CSV, one row per site, modes as column pairs.
    /// Text cells that a spreadsheet would run as a formula are prefixed with `'`.
    pub fn sites_csv(&self) -> String {
        use super::value::Mode;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = [
            "site",
            "mentees",
            "contacts",
            "total_minutes",
            "first_contact",
            "last_contact",
            "months",
            "minutes_per_month",
            "minutes_per_mentee",
            "live_minutes_pct",
            "live_contacts_pct",
            "did_not_attend",
            "cancelled",
            "attendance_pct",
            "live_session_minutes_mean",
            "live_session_minutes_median",
            "live_session_minutes_min",
            "live_session_minutes_max",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for mode in Mode::ALL {
            header.push(format!("{}_contacts", mode.as_str()));
            header.push(format!("{}_minutes", mode.as_str()));
        }
        let _ = writer.write_record(&header);
        let num = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
        let text = |x: &Option<String>| x.clone().unwrap_or_default();
        for s in &self.sites {
            let mut row = vec![
                safe_cell(&s.site),
                s.mentees.to_string(),
                s.contacts.to_string(),
                s.total_minutes.to_string(),
                text(&s.first_contact),
                text(&s.last_contact),
                s.months.map_or(String::new(), |m| m.to_string()),
                num(s.minutes_per_month),
                num(s.minutes_per_mentee),
                num(s.live_minutes_pct),
                num(s.live_contacts_pct),
                s.did_not_attend.to_string(),
                s.cancelled.to_string(),
                num(s.attendance_pct),
                num(s.live_session_minutes.mean),
                num(s.live_session_minutes.median),
                num(s.live_session_minutes.min),
                num(s.live_session_minutes.max),
            ];
            for mode in Mode::ALL {
                match s.by_mode.get(mode.as_str()) {
                    Some(m) => {
                        row.push(m.contacts.to_string());
                        row.push(m.minutes.to_string());
                    }
                    None => {
                        row.push("0".to_string());
                        row.push("0".to_string());
                    }
                }
            }
            let _ = writer.write_record(&row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// Neutralises a text cell that a spreadsheet would read as a formula
/// (OWASP CSV injection): a leading `=`, `+`, `-`, `@`, tab or carriage
/// return gets a `'` in front.
pub fn safe_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}
