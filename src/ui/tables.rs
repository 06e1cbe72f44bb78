//! The page's tables, built from the report: per site, per mentee, per
//! mentor, per month, and the rejected rows. Cells keep the report's raw
//! numbers (`data-value`, CSV) and show them rounded ([`super::format`]).
//!
//! Totals rows hold only what adds up: counts and minutes are summed; the
//! period and months of all sites are the report's overall ones; the live
//! shares are recomputed from the summed minutes and contacts per mode.
//! Means, medians and attendance cannot be summed and are left blank.

use std::collections::HashMap;

use crate::ui::bidi::marks_written_out;
use mentoring_stats_engine::{
    report::{safe_cell, MenteeStats, Report, SiteStats},
    Mode,
};

use super::format;
use super::table::{Cell, Column, Row, Table};

/// A time, in the number format chosen in the settings.
fn minutes(x: f64) -> Cell {
    time(Some(x))
}

/// An optional time (a rate of minutes per month or per mentee, a
/// session's length), in the number format chosen.
fn time(x: Option<f64>) -> Cell {
    Cell::number(x, format::time)
}

fn percent(x: Option<f64>) -> Cell {
    Cell::number(x, |x| format::percent(Some(x)))
}

/// An amount of money: two decimals shown, every digit kept.
fn money(x: Option<f64>) -> Cell {
    Cell::number(x, format::money)
}

/// The per-site cost columns (when a cost setting is given): field and
/// heading, before the currency.
const COST_COLUMNS: [(&str, &str); 5] = [
    ("mentor_cost", "Mentor cost"),
    ("mentee_cost", "Mentee cost"),
    ("total_cost", "Cost"),
    ("cost_per_mentee", "Cost per mentee"),
    ("cost_per_month", "Cost per month"),
];

/// Whether the report was computed with an hourly cost (then the tables
/// have cost columns, as the manuscript table does).
pub fn has_costs(report: &Report) -> bool {
    mentoring_stats_engine::table::has_costs(report)
}

/// The report's currency label, if one was given.
pub use mentoring_stats_engine::table::currency;

/// A cost heading with its currency: `Cost, GBP`.
fn with_currency(label: &str, currency: Option<&str>) -> String {
    match currency {
        Some(cur) => format!("{label}, {cur}"),
        None => label.to_string(),
    }
}

fn date(x: &Option<String>) -> Cell {
    Cell::text_shown(x.as_deref(), |t| format::date(Some(t)))
}

fn share(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| 100.0 * part / whole)
}

/// The modes that at least one site has a held contact in, in the
/// report's order.
pub fn modes_used(sites: &[SiteStats]) -> Vec<Mode> {
    Mode::ALL
        .into_iter()
        .filter(|m| sites.iter().any(|s| s.by_mode.contains_key(m.as_str())))
        .collect()
}

fn mode_minutes(site: &SiteStats, mode: Mode) -> f64 {
    site.by_mode.get(mode.as_str()).map_or(0.0, |m| m.minutes)
}

fn mode_contacts(site: &SiteStats, mode: Mode) -> u64 {
    site.by_mode.get(mode.as_str()).map_or(0, |m| m.contacts)
}

/// The per-site table: every per-site figure of the report, minutes per
/// mode for the modes used (`phone_minutes`...), and a totals row.
pub fn sites(report: &Report) -> Table {
    let modes = modes_used(&report.sites);
    let costs = has_costs(report);
    Table {
        id: "ms-sites-table".into(),
        caption: "Per site".into(),
        columns: site_columns(report, &modes, costs),
        rows: report
            .sites
            .iter()
            .map(|s| site_row(s, &modes, costs))
            .collect(),
        extra: Vec::new(),
        totals: (!report.sites.is_empty()).then(|| site_totals(report, &modes, costs)),
        csv_name: "mentoring-sites.csv".into(),
    }
}

/// The columns of [`sites`]: a time column per mode of `modes`, and the
/// cost columns where there are `costs`.
fn site_columns(report: &Report, modes: &[Mode], costs: bool) -> Vec<Column> {
    let mut columns = vec![
        Column::text("site", "Site"),
        Column::number("mentees", "Mentees"),
        Column::number("contacts", "Contacts"),
        Column::number("total_minutes", "Total time"),
        Column::text("first_contact", "First contact"),
        Column::text("last_contact", "Last contact"),
        Column::number("months", "Months"),
        Column::number("minutes_per_month", "Time per month"),
        Column::number("minutes_per_mentee", "Time per mentee"),
        Column::number("live_minutes_pct", "Live share of time"),
        Column::number("live_contacts_pct", "Live share of contacts"),
    ];
    for mode in modes {
        columns.push(Column::number(
            &format!("{}_minutes", mode.as_str()),
            &format!("{} time", format::mode_label(mode.as_str())),
        ));
    }
    columns.extend([
        Column::number("did_not_attend", "Did not attend"),
        Column::number("cancelled", "Cancelled"),
        Column::number("attendance_pct", "Attendance"),
        Column::number("live_session_minutes_mean", "Live session mean"),
        Column::number("live_session_minutes_median", "Live session median"),
        Column::number("live_session_minutes_min", "Shortest live session"),
        Column::number("live_session_minutes_max", "Longest live session"),
    ]);
    if costs {
        let cur = currency(report);
        for (field, label) in COST_COLUMNS {
            columns.push(Column::number(field, &with_currency(label, cur)));
        }
    }
    columns
}

/// A site's row of [`sites`].
fn site_row(s: &SiteStats, modes: &[Mode], costs: bool) -> Row {
    let mut cells = vec![
        Cell::text(Some(&s.site)),
        Cell::count(s.mentees),
        Cell::count(s.contacts),
        minutes(s.total_minutes),
        date(&s.first_contact),
        date(&s.last_contact),
        Cell::maybe_count(s.months),
        time(s.minutes_per_month),
        time(s.minutes_per_mentee),
        percent(s.live_minutes_pct),
        percent(s.live_contacts_pct),
    ];
    for mode in modes {
        cells.push(minutes(mode_minutes(s, *mode)));
    }
    let l = &s.live_session_minutes;
    cells.extend([
        Cell::count(s.did_not_attend),
        Cell::count(s.cancelled),
        percent(s.attendance_pct),
        time(l.mean),
        time(l.median),
        time(l.min),
        time(l.max),
    ]);
    if costs {
        cells.extend(
            [
                s.mentor_cost,
                s.mentee_cost,
                s.total_cost,
                s.cost_per_mentee,
                s.cost_per_month,
            ]
            .map(money),
        );
    }
    Row {
        key: s.site.clone(),
        cells,
    }
}

/// The totals row of [`sites`]: what adds up over the sites, the live
/// shares of all minutes and contacts, and blanks where nothing adds up.
fn site_totals(report: &Report, modes: &[Mode], costs: bool) -> Vec<Cell> {
    let o = &report.overall;
    let sum_minutes = |mode: Mode| report.sites.iter().map(|s| mode_minutes(s, mode)).sum();
    let live = |f: &dyn Fn(&SiteStats, Mode) -> f64| -> f64 {
        report
            .sites
            .iter()
            .flat_map(|s| Mode::ALL.into_iter().map(move |m| (s, m)))
            .filter(|(_, m)| m.is_live())
            .map(|(s, m)| f(s, m))
            .sum()
    };
    let live_minutes = live(&mode_minutes);
    let live_contacts = live(&|s, m| mode_contacts(s, m) as f64);
    let mut totals = vec![
        Cell::text(Some("All sites")),
        Cell::count(report.sites.iter().map(|s| s.mentees).sum()),
        Cell::count(report.sites.iter().map(|s| s.contacts).sum()),
        minutes(report.sites.iter().map(|s| s.total_minutes).sum()),
        date(&o.first_contact),
        date(&o.last_contact),
        Cell::maybe_count(o.months),
        Cell::blank(),
        Cell::blank(),
        percent(share(live_minutes, o.total_minutes)),
        percent(share(live_contacts, o.contacts as f64)),
    ];
    for mode in modes {
        totals.push(minutes(sum_minutes(*mode)));
    }
    totals.extend([
        Cell::count(report.sites.iter().map(|s| s.did_not_attend).sum()),
        Cell::count(report.sites.iter().map(|s| s.cancelled).sum()),
    ]);
    totals.extend(std::iter::repeat_with(Cell::blank).take(5));
    if costs {
        totals.extend([o.mentor_cost, o.mentee_cost, o.total_cost].map(money));
        totals.extend([Cell::blank(), Cell::blank()]);
    }
    totals
}

/// The per-site CSV: the command line tool's (`report --format csv`)
/// and, when the report has costs, the five cost figures of each site
/// after its columns (unrounded, empty for null). Unchanged when the
/// engine's CSV already has them.
pub fn sites_csv(report: &Report) -> String {
    let csv = report.sites_csv();
    if !has_costs(report) {
        return csv;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let num = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    for (i, record) in reader.records().enumerate() {
        let Ok(record) = record else {
            return csv;
        };
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        if i == 0 {
            if cells.iter().any(|c| c == "total_cost") {
                return csv;
            }
            cells.extend(COST_COLUMNS.iter().map(|(field, _)| field.to_string()));
        } else {
            let Some(s) = report.sites.get(i - 1) else {
                return csv;
            };
            cells.extend(
                [
                    s.mentor_cost,
                    s.mentee_cost,
                    s.total_cost,
                    s.cost_per_mentee,
                    s.cost_per_month,
                ]
                .map(num),
            );
        }
        let _ = writer.write_record(&cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or(csv)
}

fn mentee_row(m: &MenteeStats) -> Row {
    Row {
        key: format!("{}|{}", m.mentee, m.site),
        cells: vec![
            Cell::text(Some(&m.mentee)),
            Cell::text(Some(&m.site)),
            Cell::count(m.contacts),
            Cell::count(m.did_not_attend),
            minutes(m.minutes),
            date(&m.first_contact),
            date(&m.last_contact),
            Cell::maybe_count(m.months),
            time(m.minutes_per_month),
        ],
    }
}

/// The per-mentee table (one row per mentee and site).
pub fn mentees(report: &Report) -> Table {
    let list = &report.mentees;
    let mut totals = vec![
        Cell::text(Some("All mentees")),
        Cell::blank(),
        Cell::count(list.iter().map(|m| m.contacts).sum()),
        Cell::count(list.iter().map(|m| m.did_not_attend).sum()),
        minutes(list.iter().map(|m| m.minutes).sum()),
    ];
    totals.extend(std::iter::repeat_with(Cell::blank).take(4));
    Table {
        id: "ms-mentees-table".into(),
        caption: "Per mentee".into(),
        columns: vec![
            Column::text("mentee", "Mentee"),
            Column::text("site", "Site"),
            Column::number("contacts", "Contacts attended"),
            Column::number("did_not_attend", "Did not attend"),
            Column::number("minutes", "Time credited"),
            Column::text("first_contact", "First contact"),
            Column::text("last_contact", "Last contact"),
            Column::number("months", "Months"),
            Column::number("minutes_per_month", "Time per month"),
        ],
        rows: list.iter().map(mentee_row).collect(),
        extra: Vec::new(),
        totals: (!list.is_empty()).then_some(totals),
        csv_name: "mentoring-mentees.csv".into(),
    }
}

/// The per-mentor table: contacts, time, sites and mentees, the
/// workload (first and last contact, months, minutes per month, the peak
/// month and its minutes) and, with a cost setting, the cost.
pub fn mentors(report: &Report) -> Table {
    let list = &report.mentors;
    let costs = has_costs(report);
    let mut columns = vec![
        Column::text("mentor", "Mentor"),
        Column::number("contacts", "Contacts"),
        Column::number("minutes", "Time"),
        Column::number("sites", "Sites"),
        Column::number("mentees", "Mentees"),
        Column::text("first_contact", "First contact"),
        Column::text("last_contact", "Last contact"),
        Column::number("months", "Months"),
        Column::number("minutes_per_month", "Time per month"),
        Column::text("peak_month", "Peak month"),
        Column::number("peak_month_minutes", "Time in the peak month"),
    ];
    if costs {
        columns.push(Column::number(
            "cost",
            &with_currency("Cost", currency(report)),
        ));
    }
    let rows = list
        .iter()
        .map(|m| {
            let mut cells = vec![
                Cell::text(Some(&m.mentor)),
                Cell::count(m.contacts),
                minutes(m.minutes),
                Cell::count(m.sites),
                Cell::count(m.mentees),
                date(&m.first_contact),
                date(&m.last_contact),
                Cell::maybe_count(m.months),
                time(m.minutes_per_month),
                Cell::text_shown(m.peak_month.as_deref(), format::month),
                time(m.peak_month_minutes),
            ];
            if costs {
                cells.push(money(m.cost));
            }
            Row {
                key: m.mentor.clone(),
                cells,
            }
        })
        .collect();
    let totals = (!list.is_empty()).then(|| {
        let mut cells = vec![
            Cell::text(Some("All mentors")),
            Cell::count(list.iter().map(|m| m.contacts).sum()),
            minutes(list.iter().map(|m| m.minutes).sum()),
        ];
        cells.extend(std::iter::repeat_with(Cell::blank).take(8));
        if costs {
            // A sum only where every mentor has a cost.
            cells.push(money(list.iter().map(|m| m.cost).sum::<Option<f64>>()));
        }
        cells
    });
    Table {
        id: "ms-mentors-table".into(),
        caption: "Per mentor".into(),
        columns,
        rows,
        extra: Vec::new(),
        totals,
        csv_name: "mentoring-mentors.csv".into(),
    }
}

/// The per-topic table: held contacts and minutes of each topic, with
/// their shares; in the foot, the contacts without a topic and all held
/// contacts.
pub fn topics(report: &Report) -> Table {
    let o = &report.overall;
    let contacts = o.contacts as f64;
    Table {
        id: "ms-topics-table".into(),
        caption: "Per topic".into(),
        columns: vec![
            Column::text("topic", "Topic"),
            Column::number("contacts", "Contacts"),
            Column::number("contacts_pct", "Share of contacts"),
            Column::number("minutes", "Time"),
            Column::number("minutes_pct", "Share of time"),
        ],
        rows: report
            .topics
            .iter()
            .map(|t| Row {
                key: t.topic.clone(),
                cells: vec![
                    Cell::text(Some(&t.topic)),
                    Cell::count(t.contacts),
                    percent(t.contacts_pct),
                    minutes(t.minutes),
                    percent(t.minutes_pct),
                ],
            })
            .collect(),
        extra: vec![vec![
            Cell::text(Some(UNTAGGED)),
            Cell::count(o.untagged_contacts),
            percent(share(o.untagged_contacts as f64, contacts)),
            minutes(o.untagged_minutes),
            percent(share(o.untagged_minutes, o.total_minutes)),
        ]],
        totals: Some(vec![
            Cell::text(Some("All held contacts")),
            Cell::count(o.contacts),
            Cell::blank(),
            minutes(o.total_minutes),
            Cell::blank(),
        ]),
        csv_name: "mentoring-topics.csv".into(),
    }
}

/// How the page names the contacts without a topic.
pub const UNTAGGED: &str = "No topic";

/// The per-site-and-topic table (one row per site and topic with a held
/// contact), with the topic's share of the site's time.
pub fn site_topics(report: &Report) -> Table {
    let by_site: HashMap<&str, f64> = report
        .sites
        .iter()
        .map(|s| (s.site.as_str(), s.total_minutes))
        .collect();
    let site_minutes = |site: &str| by_site.get(site).copied().unwrap_or(0.0);
    Table {
        id: "ms-site-topics-table".into(),
        caption: "Per site and topic".into(),
        columns: vec![
            Column::text("site", "Site"),
            Column::text("topic", "Topic"),
            Column::number("contacts", "Contacts"),
            Column::number("minutes", "Time"),
            Column::number("site_minutes_pct", "Share of the site's time"),
        ],
        rows: report
            .site_topics
            .iter()
            .map(|t| Row {
                key: format!("{}|{}", t.site, t.topic),
                cells: vec![
                    Cell::text(Some(&t.site)),
                    Cell::text(Some(&t.topic)),
                    Cell::count(t.contacts),
                    minutes(t.minutes),
                    percent(share(t.minutes, site_minutes(&t.site))),
                ],
            })
            .collect(),
        extra: Vec::new(),
        totals: None,
        csv_name: "mentoring-site-topics.csv".into(),
    }
}

/// The per-mentor-and-month table (one row per calendar month and mentor
/// with a held contact); a mentor's peak month says so.
pub fn mentor_months(report: &Report) -> Table {
    let list = &report.mentor_months;
    let peaks: HashMap<&str, &str> = report
        .mentors
        .iter()
        .filter_map(|m| Some((m.mentor.as_str(), m.peak_month.as_deref()?)))
        .collect();
    let peak = |month: &str, mentor: &str| peaks.get(mentor) == Some(&month);
    Table {
        id: "ms-mentor-months-table".into(),
        caption: "Per mentor and month".into(),
        columns: vec![
            Column::text("month", "Month"),
            Column::text("mentor", "Mentor"),
            Column::number("contacts", "Contacts"),
            Column::number("minutes", "Time"),
            Column::text("peak", "Mentor's peak month"),
        ],
        rows: list
            .iter()
            .map(|m| Row {
                key: format!("{}|{}", m.month, m.mentor),
                cells: vec![
                    Cell::text_shown(Some(&m.month), format::month),
                    Cell::text(Some(&m.mentor)),
                    Cell::count(m.contacts),
                    minutes(m.minutes),
                    if peak(&m.month, &m.mentor) {
                        Cell::text(Some("peak"))
                    } else {
                        Cell::blank()
                    },
                ],
            })
            .collect(),
        extra: Vec::new(),
        totals: (!list.is_empty()).then(|| {
            vec![
                Cell::text(Some("All months")),
                Cell::blank(),
                Cell::count(list.iter().map(|m| m.contacts).sum()),
                minutes(list.iter().map(|m| m.minutes).sum()),
                Cell::blank(),
            ]
        }),
        csv_name: "mentoring-mentor-months.csv".into(),
    }
}

/// The per-month table (one row per month and site).
pub fn months(report: &Report) -> Table {
    let list = &report.months;
    Table {
        id: "ms-months-table".into(),
        caption: "Per month and site".into(),
        columns: vec![
            Column::text("month", "Month"),
            Column::text("site", "Site"),
            Column::number("contacts", "Contacts"),
            Column::number("minutes", "Time"),
        ],
        rows: list
            .iter()
            .map(|m| Row {
                key: format!("{}|{}", m.month, m.site),
                cells: vec![
                    Cell::text_shown(Some(&m.month), format::month),
                    Cell::text(Some(&m.site)),
                    Cell::count(m.contacts),
                    minutes(m.minutes),
                ],
            })
            .collect(),
        extra: Vec::new(),
        totals: (!list.is_empty()).then(|| {
            vec![
                Cell::text(Some("All months")),
                Cell::blank(),
                Cell::count(list.iter().map(|m| m.contacts).sum()),
                minutes(list.iter().map(|m| m.minutes).sum()),
            ]
        }),
        csv_name: "mentoring-months.csv".into(),
    }
}

/// The rejected rows: file, line and reason.
pub fn rejected(report: &Report) -> Table {
    Table {
        id: "ms-rejected-table".into(),
        caption: "Rejected rows".into(),
        columns: vec![
            Column::text("file", "File"),
            Column::number("line", "Line"),
            Column::sentences("reason", "Reason"),
        ],
        rows: report
            .input
            .rejected
            .iter()
            .map(|r| Row {
                key: format!("{}|{}", r.file, r.line),
                cells: vec![
                    Cell::text_shown(Some(&r.file), marks_written_out),
                    Cell::plain(r.line),
                    Cell::text(Some(&r.reason)),
                ],
            })
            .collect(),
        extra: Vec::new(),
        totals: None,
        csv_name: "mentoring-rejected-rows.csv".into(),
    }
}

/// Spearman's rho, shown with two decimals.
fn rho(x: Option<f64>) -> Cell {
    Cell::number(x, |x| format::number(x, 2))
}

/// A key for each outcome measure: its header, numbered where two
/// columns have the same header.
pub fn measure_keys(report: &Report) -> Vec<String> {
    let outcomes = &report.outcomes;
    outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let twice = outcomes
                .iter()
                .filter(|other| other.measure == o.measure)
                .count()
                > 1;
            if twice {
                format!("{} ({})", o.measure, i + 1)
            } else {
                o.measure.clone()
            }
        })
        .collect()
}

/// The outcome measures (one row per measure, in the file's order): the
/// sites with a value, and Spearman's rho against minutes per month and
/// against total minutes (null under 3 sites or without spread).
pub fn outcome_measures(report: &Report) -> Table {
    Table {
        id: "ms-outcome-measures-table".into(),
        caption: "Spearman's rho of each outcome measure with the sites' mentoring".into(),
        columns: vec![
            Column::text("measure", "Measure"),
            Column::number("sites", "Sites"),
            Column::number("spearman_minutes_per_month", "ρ with minutes per month"),
            Column::number("spearman_total_minutes", "ρ with total minutes"),
        ],
        rows: report
            .outcomes
            .iter()
            .zip(measure_keys(report))
            .map(|(o, key)| Row {
                key,
                cells: vec![
                    Cell::text(Some(&o.measure)),
                    Cell::count(o.sites),
                    rho(o.spearman_minutes_per_month),
                    rho(o.spearman_total_minutes),
                ],
            })
            .collect(),
        extra: Vec::new(),
        totals: None,
        csv_name: "mentoring-outcome-measures.csv".into(),
    }
}

/// The sites with a value of any outcome measure, in the report's order,
/// each with its total minutes and minutes per month.
fn outcome_sites_of(report: &Report) -> Vec<&SiteStats> {
    let mut with_value: Vec<&str> = report
        .outcomes
        .iter()
        .flat_map(|o| o.points.iter().map(|p| p.site.as_str()))
        .collect();
    with_value.sort_unstable();
    with_value.dedup();
    report
        .sites
        .iter()
        .filter(|s| with_value.binary_search(&s.site.as_str()).is_ok())
        .collect()
}

/// Each site's value of the `m`th measure, if it has one.
fn outcome_value(report: &Report, m: usize, site: &str) -> Option<f64> {
    report.outcomes.get(m).and_then(|o| {
        o.points
            .binary_search_by(|p| p.site.as_str().cmp(site))
            .ok()
            .map(|i| o.points[i].value)
    })
}

/// Support and outcomes by site: one row per site with a value of any
/// measure, its total minutes and minutes per month, then its value of
/// each measure (blank where it has none). The points of every scatter
/// plot, in one table.
pub fn outcome_sites(report: &Report) -> Table {
    let mut columns = vec![
        Column::text("site", "Site"),
        Column::number("total_minutes", "Total time"),
        Column::number("minutes_per_month", "Time per month"),
    ];
    for (m, o) in report.outcomes.iter().enumerate() {
        columns.push(Column::number(&format!("measure_{}", m + 1), &o.measure));
    }
    let rows = outcome_sites_of(report)
        .into_iter()
        .map(|s| {
            let mut cells = vec![
                Cell::text(Some(&s.site)),
                minutes(s.total_minutes),
                time(s.minutes_per_month),
            ];
            for m in 0..report.outcomes.len() {
                cells.push(Cell::number(outcome_value(report, m, &s.site), |x| {
                    format::number(x, 2)
                }));
            }
            Row {
                key: s.site.clone(),
                cells,
            }
        })
        .collect();
    Table {
        id: "ms-outcome-sites-table".into(),
        caption: "Outcomes and mentoring per site".into(),
        columns,
        rows,
        extra: Vec::new(),
        totals: None,
        csv_name: "mentoring-site-outcomes.csv".into(),
    }
}

/// The CSV of [`outcome_sites`]: one row per site, `site`,
/// `total_minutes`, `minutes_per_month`, then one column per measure
/// headed as in the outcome file; numbers unrounded, blank for none.
/// One case per row and one variable per column, as a statistics
/// package reads them.
pub fn outcome_sites_csv(report: &Report) -> String {
    let table = outcome_sites(report);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = ["site", "total_minutes", "minutes_per_month"]
        .into_iter()
        .map(str::to_string)
        .chain(report.outcomes.iter().map(|o| safe_cell(&o.measure)))
        .collect();
    let _ = writer.write_record(&header);
    for row in &table.rows {
        let record: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    safe_cell(&c.raw())
                } else {
                    c.raw().clone()
                }
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::table::{to_csv, Value};
    use mentoring_stats_engine::{Analysis, ReadOptions, Settings};

    /// Two sites, worked by hand:
    /// - North: a group phone call of 60 min (Ann, Bob; Bob did not
    ///   attend), a 30 min video call with Ann, an email to Bob (5 min by
    ///   the setting) and a cancelled call. 3 held contacts, 95 min, live
    ///   90 min (94.7...%), live contacts 2 of 3, first 2019-01-10, last
    ///   2019-03-02, 3 months.
    /// - =South: one 45 min in-person visit with Cy in February.
    fn report() -> Report {
        let csv = "\
Date,Site,Mode,Duration,Mentee,Mentor,Attendance,Session
10/01/2019,North,Phone,60,Ann,Mo,yes,S1
10/01/2019,North,Phone,60,Bob,Mo,DNA,S1
20/02/2019,North,Video,30,Ann,Mo,,
02/03/2019,North,Email,,Bob,Mo,,
05/03/2019,North,Phone,,Ann,Mo,cancelled,
14/02/2019,=South,Visit,45,Cy,Lu,,
";
        let mut analysis = Analysis::new(Settings::default());
        analysis
            .add_file(
                "t.csv",
                std::io::Cursor::new(csv.as_bytes().to_vec()),
                &ReadOptions::default(),
            )
            .expect("the file reads");
        analysis.report()
    }

    fn cell<'a>(table: &'a Table, key: &str, field: &str) -> &'a Cell {
        let col = table
            .columns
            .iter()
            .position(|c| c.field == field)
            .unwrap_or_else(|| panic!("no column {field}"));
        let row = table
            .rows
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("no row {key}"));
        &row.cells[col]
    }

    fn total<'a>(table: &'a Table, field: &str) -> &'a Cell {
        let col = table.columns.iter().position(|c| c.field == field).unwrap();
        &table.totals.as_ref().unwrap()[col]
    }

    #[test]
    fn the_site_table_holds_every_figure_raw_and_rounded() {
        let t = sites(&report());
        assert_eq!(t.id, "ms-sites-table");
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["=South", "North"]);
        assert!(t.rows.iter().all(|r| r.cells.len() == t.columns.len()));
        assert_eq!(cell(&t, "North", "contacts").raw(), "3");
        assert_eq!(cell(&t, "North", "total_minutes").raw(), "95");
        // Times in the default number format, hours with one decimal.
        assert_eq!(cell(&t, "North", "total_minutes").display(), "1.6\u{a0}h");
        assert_eq!(cell(&t, "North", "months").raw(), "3");
        let per_month = cell(&t, "North", "minutes_per_month");
        assert_eq!(per_month.raw(), (95.0f64 / 3.0).to_string());
        assert_eq!(per_month.display(), "0.5\u{a0}h");
        let live = cell(&t, "North", "live_minutes_pct");
        assert_eq!(live.raw(), (100.0 * 90.0f64 / 95.0).to_string());
        assert_eq!(live.display(), "94.7%");
        assert_eq!(cell(&t, "North", "live_contacts_pct").display(), "66.7%");
        assert_eq!(cell(&t, "North", "phone_minutes").raw(), "60");
        assert_eq!(cell(&t, "North", "email_minutes").raw(), "5");
        assert_eq!(cell(&t, "North", "in_person_minutes").raw(), "0");
        assert_eq!(cell(&t, "North", "cancelled").raw(), "1");
        assert_eq!(cell(&t, "North", "did_not_attend").raw(), "1");
        assert_eq!(cell(&t, "North", "first_contact").raw(), "2019-01-10");
        assert_eq!(
            cell(&t, "North", "first_contact").display(),
            "10\u{a0}Jan 2019"
        );
        assert_eq!(
            cell(&t, "=South", "live_session_minutes_median").raw(),
            "45"
        );
        // No SMS or other contact anywhere: no column for them.
        assert!(!t.columns.iter().any(|c| c.field == "sms_minutes"));
    }

    #[test]
    fn site_totals_sum_counts_and_recompute_shares() {
        let t = sites(&report());
        assert_eq!(total(&t, "contacts").raw(), "4");
        assert_eq!(total(&t, "total_minutes").raw(), "140");
        assert_eq!(total(&t, "mentees").raw(), "3");
        // Live: 60 + 30 + 45 of 140 minutes; 3 of 4 contacts.
        assert_eq!(
            total(&t, "live_minutes_pct").raw(),
            (100.0 * 135.0f64 / 140.0).to_string()
        );
        assert_eq!(total(&t, "live_contacts_pct").raw(), "75");
        assert_eq!(total(&t, "months").raw(), "3");
        assert_eq!(total(&t, "first_contact").raw(), "2019-01-10");
        // Averages are not summed.
        assert_eq!(total(&t, "minutes_per_month").display(), "");
        assert_eq!(total(&t, "attendance_pct").display(), "");
    }

    #[test]
    fn mentee_mentor_and_month_tables_key_their_rows() {
        let r = report();
        let m = mentees(&r);
        let keys: Vec<&str> = m.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Ann|North", "Bob|North", "Cy|=South"]);
        assert_eq!(cell(&m, "Ann|North", "minutes").raw(), "90");
        assert_eq!(cell(&m, "Bob|North", "did_not_attend").raw(), "1");
        assert_eq!(total(&m, "minutes").raw(), "140");
        let t = mentors(&r);
        assert_eq!(cell(&t, "Mo", "minutes").raw(), "95");
        assert_eq!(cell(&t, "Mo", "sites").raw(), "1");
        assert_eq!(total(&t, "contacts").raw(), "4");
        let t = months(&r);
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "2019-01|North",
                "2019-02|=South",
                "2019-02|North",
                "2019-03|North"
            ]
        );
        assert_eq!(cell(&t, "2019-02|North", "month").display(), "Feb 2019");
        assert_eq!(total(&t, "minutes").raw(), "140");
    }

    #[test]
    fn the_sites_csv_is_raw_and_formula_safe() {
        let csv = to_csv(&sites(&report()));
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("site,mentees,contacts,total_minutes,"));
        assert!(lines
            .next()
            .unwrap()
            .starts_with("'=South,1,1,45,2019-02-14,"));
        let north = lines.next().unwrap();
        assert!(north.starts_with(&format!(
            "North,2,3,95,2019-01-10,2019-03-02,3,{},",
            95.0f64 / 3.0
        )));
    }

    /// Two sites with topics, worked by hand, costed at 30 an hour for
    /// any mentor, 60 for Mo, 12 for mentees:
    /// - North (Mo): 60 min phone in Jan on Recruitment and Fidelity
    ///   (30 min each), 30 min video in Mar on Fidelity, 15 min phone in
    ///   Mar without a topic. Mo: 105 min, 3 months (Jan to Mar), peak
    ///   January (60 min; March has 45), cost 105 / 60 x 60 = 105.
    /// - South (Lu): 45 min in Feb on Recruitment; Lu costs 45 / 60 x 30
    ///   = 22.5.
    fn topics_report() -> Report {
        let csv = "\
Date,Site,Mode,Duration,Mentee,Mentor,Topic
10/01/2019,North,Phone,60,Ann,Mo,Recruitment; Fidelity
20/03/2019,North,Video,30,Ann,Mo,Fidelity
25/03/2019,North,Phone,15,Bob,Mo,
14/02/2019,South,Visit,45,Cy,Lu,recruitment
";
        let settings = Settings {
            mentor_hourly_cost: Some(30.0),
            mentor_costs: vec![("Mo".into(), 60.0)],
            mentee_hourly_cost: Some(12.0),
            currency: Some("EUR".into()),
            ..Settings::default()
        };
        let mut analysis = Analysis::new(settings);
        analysis
            .add_file(
                "t.csv",
                std::io::Cursor::new(csv.as_bytes().to_vec()),
                &ReadOptions::default(),
            )
            .expect("the file reads");
        analysis.report()
    }

    fn extra<'a>(table: &'a Table, row: usize, field: &str) -> &'a Cell {
        let col = table.columns.iter().position(|c| c.field == field).unwrap();
        &table.extra[row][col]
    }

    #[test]
    fn topics_show_their_split_minutes_and_the_untagged_ones() {
        let r = topics_report();
        let t = topics(&r);
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Fidelity", "Recruitment"]);
        assert_eq!(cell(&t, "Fidelity", "minutes").raw(), "60");
        assert_eq!(cell(&t, "Recruitment", "minutes").raw(), "75");
        assert_eq!(cell(&t, "Recruitment", "contacts").raw(), "2");
        // 2 of 4 held contacts; 75 of 150 minutes.
        assert_eq!(cell(&t, "Recruitment", "contacts_pct").raw(), "50");
        assert_eq!(cell(&t, "Recruitment", "minutes_pct").raw(), "50");
        assert_eq!(extra(&t, 0, "topic").display(), UNTAGGED);
        assert_eq!(extra(&t, 0, "contacts").raw(), "1");
        assert_eq!(extra(&t, 0, "minutes").raw(), "15");
        assert_eq!(extra(&t, 0, "minutes_pct").raw(), "10");
        assert_eq!(total(&t, "minutes").raw(), "150");
        let s = site_topics(&r);
        assert_eq!(cell(&s, "North|Recruitment", "minutes").raw(), "30");
        assert_eq!(cell(&s, "South|Recruitment", "minutes").raw(), "45");
        // 60 of North's 105 minutes were on fidelity.
        assert_eq!(
            cell(&s, "North|Fidelity", "site_minutes_pct").raw(),
            (100.0 * 60.0f64 / 105.0).to_string()
        );
    }

    #[test]
    fn mentors_show_their_workload_and_cost_and_months_mark_the_peak() {
        let r = topics_report();
        let t = mentors(&r);
        assert_eq!(cell(&t, "Mo", "first_contact").raw(), "2019-01-10");
        assert_eq!(cell(&t, "Mo", "last_contact").raw(), "2019-03-25");
        assert_eq!(cell(&t, "Mo", "months").raw(), "3");
        assert_eq!(cell(&t, "Mo", "minutes_per_month").raw(), "35");
        assert_eq!(cell(&t, "Mo", "peak_month").raw(), "2019-01");
        assert_eq!(cell(&t, "Mo", "peak_month").display(), "Jan 2019");
        assert_eq!(cell(&t, "Mo", "peak_month_minutes").raw(), "60");
        assert_eq!(cell(&t, "Mo", "cost").raw(), "105");
        assert_eq!(cell(&t, "Lu", "cost").raw(), "22.5");
        assert_eq!(cell(&t, "Lu", "cost").display(), "22.50");
        assert_eq!(
            t.columns.last().map(|c| c.label.as_str()),
            Some("Cost, EUR")
        );
        assert_eq!(total(&t, "cost").raw(), "127.5");
        let m = mentor_months(&r);
        let keys: Vec<&str> = m.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["2019-01|Mo", "2019-02|Lu", "2019-03|Mo"]);
        assert_eq!(cell(&m, "2019-03|Mo", "minutes").raw(), "45");
        assert_eq!(cell(&m, "2019-01|Mo", "peak").raw(), "peak");
        assert_eq!(cell(&m, "2019-03|Mo", "peak").raw(), "");
        // Without a cost setting, no cost column.
        assert!(!mentors(&report()).columns.iter().any(|c| c.field == "cost"));
    }

    #[test]
    fn sites_have_cost_columns_and_csv_only_with_a_cost_setting() {
        let r = topics_report();
        let t = sites(&r);
        // North: mentor 105 / 60 x 60 = 105; mentee: 105 credited minutes
        // x 12 / 60 = 21; 126 in all, over 2 mentees and 3 months.
        assert_eq!(cell(&t, "North", "mentor_cost").raw(), "105");
        assert_eq!(cell(&t, "North", "mentee_cost").raw(), "21");
        assert_eq!(cell(&t, "North", "total_cost").raw(), "126");
        assert_eq!(cell(&t, "North", "cost_per_mentee").raw(), "63");
        assert_eq!(cell(&t, "North", "cost_per_month").raw(), "42");
        assert_eq!(cell(&t, "North", "total_cost").display(), "126.00");
        // South: 22.5 + 9.
        assert_eq!(total(&t, "total_cost").raw(), "157.5");
        let csv = sites_csv(&r);
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .ends_with(",mentor_cost,mentee_cost,total_cost,cost_per_mentee,cost_per_month"));
        assert!(lines.next().unwrap().ends_with(",105,21,126,63,42"));
        // Without costs: the command line tool's CSV as it is.
        let plain = report();
        assert_eq!(sites_csv(&plain), plain.sites_csv());
        assert!(!sites(&plain)
            .columns
            .iter()
            .any(|c| c.field.contains("cost")));
    }

    #[test]
    fn rejected_rows_are_keyed_by_file_and_line() {
        let mut analysis = Analysis::new(Settings::default());
        let csv = "Date,Site,Mode,Duration\n31/02/2019,North,Phone,10\n01/02/2019,North,Phone,10\n";
        analysis
            .add_file(
                "a.csv",
                std::io::Cursor::new(csv.as_bytes().to_vec()),
                &ReadOptions::default(),
            )
            .unwrap();
        let t = rejected(&analysis.report());
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].key, "a.csv|2");
        assert_eq!(t.rows[0].cells[1].value, Value::Number(Some(2.0)));
        assert!(t.totals.is_none());
    }

    #[test]
    fn outcome_tables_hold_each_measure_and_each_site_with_a_value() {
        let log = "Date,Site,Mode,Duration\n\
                   04/03/2019,Ash,Phone,60\n\
                   05/03/2019,Birch,Phone,30\n\
                   06/03/2019,Cedar,Phone,90\n";
        let outcomes = "Site,Recruited,=Score,Comment\n\
                        ash,5,1.5,fine\n\
                        Birch,3,,\n\
                        Cedar,,2.25,\n\
                        Dale,9,3,no mentoring\n";
        let mut analysis = Analysis::new(Settings::default());
        let options = ReadOptions::default();
        analysis
            .add_file("log.csv", std::io::Cursor::new(log), &options)
            .expect("the log reads");
        analysis
            .add_outcomes("sites.csv", std::io::Cursor::new(outcomes), &options)
            .expect("the outcomes read");
        let report = analysis.report();

        let measures = outcome_measures(&report);
        let keys: Vec<&str> = measures.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Recruited", "=Score"]);
        // Two sites each: no rho, an empty data-value.
        assert_eq!(measures.rows[0].cells[1].raw(), "2");
        assert_eq!(measures.rows[0].cells[2].raw(), "");
        assert_eq!(measures.rows[0].cells[2].display(), "–");

        let sites = outcome_sites(&report);
        let fields: Vec<&str> = sites.columns.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "site",
                "total_minutes",
                "minutes_per_month",
                "measure_1",
                "measure_2"
            ]
        );
        assert_eq!(sites.columns[4].label, "=Score");
        let rows: Vec<Vec<String>> = sites
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.raw()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec!["Ash", "60", "60", "5", "1.5"],
                vec!["Birch", "30", "30", "3", ""],
                vec!["Cedar", "90", "90", "", "2.25"],
            ]
        );
        assert_eq!(
            outcome_sites_csv(&report),
            "site,total_minutes,minutes_per_month,Recruited,'=Score\n\
             Ash,60,60,5,1.5\n\
             Birch,30,30,3,\n\
             Cedar,90,90,,2.25\n"
        );
        // Without an outcome file: no measure, no site.
        let plain = Analysis::new(Settings::default()).report();
        assert!(outcome_measures(&plain).rows.is_empty());
        assert_eq!(
            outcome_sites_csv(&plain),
            "site,total_minutes,minutes_per_month\n"
        );
    }
}
