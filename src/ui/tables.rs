//! The page's tables, built from the report: per site, per mentee, per
//! mentor, per month, and the rejected rows. Cells keep the report's raw
//! numbers (`data-value`, CSV) and show them rounded ([`super::format`]).
//!
//! Totals rows hold only what adds up: counts and minutes are summed; the
//! period and months of all sites are the report's overall ones; the live
//! shares are recomputed from the summed minutes and contacts per mode.
//! Means, medians and attendance cannot be summed and are left blank.

use crate::core::report::{MenteeStats, Report, SiteStats};
use crate::core::value::Mode;
use crate::ui::bidi::marks_written_out;

use super::format;
use super::table::{Cell, Column, Row, Table};

fn minutes(x: f64) -> Cell {
    Cell::number(Some(x), format::hours_minutes)
}

fn decimal(x: Option<f64>) -> Cell {
    Cell::number(x, |x| format::number(x, 1))
}

fn percent(x: Option<f64>) -> Cell {
    Cell::number(x, |x| format::percent(Some(x)))
}

fn date(x: &Option<String>) -> Cell {
    Cell::text_shown(x.as_deref(), format::date(x.as_deref()))
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
    let mut columns = vec![
        Column::text("site", "Site"),
        Column::number("mentees", "Mentees"),
        Column::number("contacts", "Contacts"),
        Column::number("total_minutes", "Total time"),
        Column::text("first_contact", "First contact"),
        Column::text("last_contact", "Last contact"),
        Column::number("months", "Months"),
        Column::number("minutes_per_month", "Minutes per month"),
        Column::number("minutes_per_mentee", "Minutes per mentee"),
        Column::number("live_minutes_pct", "Live share of minutes"),
        Column::number("live_contacts_pct", "Live share of contacts"),
    ];
    for mode in &modes {
        columns.push(Column::number(
            &format!("{}_minutes", mode.as_str()),
            &format!("{} time", format::mode_label(mode.as_str())),
        ));
    }
    columns.extend([
        Column::number("did_not_attend", "Did not attend"),
        Column::number("cancelled", "Cancelled"),
        Column::number("attendance_pct", "Attendance"),
        Column::number("live_session_minutes_mean", "Live session mean (min)"),
        Column::number("live_session_minutes_median", "Live session median (min)"),
        Column::number("live_session_minutes_min", "Shortest live session (min)"),
        Column::number("live_session_minutes_max", "Longest live session (min)"),
    ]);
    let rows = report
        .sites
        .iter()
        .map(|s| {
            let mut cells = vec![
                Cell::text(Some(&s.site)),
                Cell::count(s.mentees),
                Cell::count(s.contacts),
                minutes(s.total_minutes),
                date(&s.first_contact),
                date(&s.last_contact),
                Cell::maybe_count(s.months),
                decimal(s.minutes_per_month),
                decimal(s.minutes_per_mentee),
                percent(s.live_minutes_pct),
                percent(s.live_contacts_pct),
            ];
            for mode in &modes {
                cells.push(minutes(mode_minutes(s, *mode)));
            }
            let l = &s.live_session_minutes;
            cells.extend([
                Cell::count(s.did_not_attend),
                Cell::count(s.cancelled),
                percent(s.attendance_pct),
                decimal(l.mean),
                decimal(l.median),
                decimal(l.min),
                decimal(l.max),
            ]);
            Row {
                key: s.site.clone(),
                cells,
            }
        })
        .collect();

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
    for mode in &modes {
        totals.push(minutes(sum_minutes(*mode)));
    }
    totals.extend([
        Cell::count(report.sites.iter().map(|s| s.did_not_attend).sum()),
        Cell::count(report.sites.iter().map(|s| s.cancelled).sum()),
    ]);
    totals.extend(std::iter::repeat_with(Cell::blank).take(5));
    Table {
        id: "ms-sites-table".into(),
        caption: "Per site".into(),
        columns,
        rows,
        totals: (!report.sites.is_empty()).then_some(totals),
        csv_name: "mentoring-sites.csv".into(),
    }
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
            decimal(m.minutes_per_month),
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
            Column::number("minutes_per_month", "Minutes per month"),
        ],
        rows: list.iter().map(mentee_row).collect(),
        totals: (!list.is_empty()).then_some(totals),
        csv_name: "mentoring-mentees.csv".into(),
    }
}

/// The per-mentor table.
pub fn mentors(report: &Report) -> Table {
    let list = &report.mentors;
    Table {
        id: "ms-mentors-table".into(),
        caption: "Per mentor".into(),
        columns: vec![
            Column::text("mentor", "Mentor"),
            Column::number("contacts", "Contacts"),
            Column::number("minutes", "Time"),
            Column::number("sites", "Sites"),
            Column::number("mentees", "Mentees"),
        ],
        rows: list
            .iter()
            .map(|m| Row {
                key: m.mentor.clone(),
                cells: vec![
                    Cell::text(Some(&m.mentor)),
                    Cell::count(m.contacts),
                    minutes(m.minutes),
                    Cell::count(m.sites),
                    Cell::count(m.mentees),
                ],
            })
            .collect(),
        totals: (!list.is_empty()).then(|| {
            vec![
                Cell::text(Some("All mentors")),
                Cell::count(list.iter().map(|m| m.contacts).sum()),
                minutes(list.iter().map(|m| m.minutes).sum()),
                Cell::blank(),
                Cell::blank(),
            ]
        }),
        csv_name: "mentoring-mentors.csv".into(),
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
                    Cell::text_shown(Some(&m.month), format::month(&m.month)),
                    Cell::text(Some(&m.site)),
                    Cell::count(m.contacts),
                    minutes(m.minutes),
                ],
            })
            .collect(),
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
                    Cell::text_shown(Some(&r.file), marks_written_out(&r.file)),
                    Cell {
                        display: r.line.to_string(),
                        ..Cell::count(r.line)
                    },
                    Cell::text(Some(&r.reason)),
                ],
            })
            .collect(),
        totals: None,
        csv_name: "mentoring-rejected-rows.csv".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::table::{to_csv, Value};
    use crate::{Analysis, ReadOptions, Settings};

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
        assert_eq!(cell(&t, "North", "contacts").raw, "3");
        assert_eq!(cell(&t, "North", "total_minutes").raw, "95");
        assert_eq!(
            cell(&t, "North", "total_minutes").display,
            "1\u{a0}h 35\u{a0}min"
        );
        assert_eq!(cell(&t, "North", "months").raw, "3");
        let per_month = cell(&t, "North", "minutes_per_month");
        assert_eq!(per_month.raw, (95.0f64 / 3.0).to_string());
        assert_eq!(per_month.display, "31.7");
        let live = cell(&t, "North", "live_minutes_pct");
        assert_eq!(live.raw, (100.0 * 90.0f64 / 95.0).to_string());
        assert_eq!(live.display, "94.7%");
        assert_eq!(cell(&t, "North", "live_contacts_pct").display, "66.7%");
        assert_eq!(cell(&t, "North", "phone_minutes").raw, "60");
        assert_eq!(cell(&t, "North", "email_minutes").raw, "5");
        assert_eq!(cell(&t, "North", "in_person_minutes").raw, "0");
        assert_eq!(cell(&t, "North", "cancelled").raw, "1");
        assert_eq!(cell(&t, "North", "did_not_attend").raw, "1");
        assert_eq!(cell(&t, "North", "first_contact").raw, "2019-01-10");
        assert_eq!(
            cell(&t, "North", "first_contact").display,
            "10\u{a0}Jan 2019"
        );
        assert_eq!(cell(&t, "=South", "live_session_minutes_median").raw, "45");
        // No SMS or other contact anywhere: no column for them.
        assert!(!t.columns.iter().any(|c| c.field == "sms_minutes"));
    }

    #[test]
    fn site_totals_sum_counts_and_recompute_shares() {
        let t = sites(&report());
        assert_eq!(total(&t, "contacts").raw, "4");
        assert_eq!(total(&t, "total_minutes").raw, "140");
        assert_eq!(total(&t, "mentees").raw, "3");
        // Live: 60 + 30 + 45 of 140 minutes; 3 of 4 contacts.
        assert_eq!(
            total(&t, "live_minutes_pct").raw,
            (100.0 * 135.0f64 / 140.0).to_string()
        );
        assert_eq!(total(&t, "live_contacts_pct").raw, "75");
        assert_eq!(total(&t, "months").raw, "3");
        assert_eq!(total(&t, "first_contact").raw, "2019-01-10");
        // Averages are not summed.
        assert_eq!(total(&t, "minutes_per_month").display, "");
        assert_eq!(total(&t, "attendance_pct").display, "");
    }

    #[test]
    fn mentee_mentor_and_month_tables_key_their_rows() {
        let r = report();
        let m = mentees(&r);
        let keys: Vec<&str> = m.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["Ann|North", "Bob|North", "Cy|=South"]);
        assert_eq!(cell(&m, "Ann|North", "minutes").raw, "90");
        assert_eq!(cell(&m, "Bob|North", "did_not_attend").raw, "1");
        assert_eq!(total(&m, "minutes").raw, "140");
        let t = mentors(&r);
        assert_eq!(cell(&t, "Mo", "minutes").raw, "95");
        assert_eq!(cell(&t, "Mo", "sites").raw, "1");
        assert_eq!(total(&t, "contacts").raw, "4");
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
        assert_eq!(cell(&t, "2019-02|North", "month").display, "Feb 2019");
        assert_eq!(total(&t, "minutes").raw, "140");
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
}
