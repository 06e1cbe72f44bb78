//! Statistics: contacts folded into the figures of the report.
//!
//! Each figure is an accumulator keyed by a dense id (site key, mentee and
//! site, mentor key, month and site); contacts are folded in the order of
//! their first rows and the results sorted by display name, so every sum is
//! taken in the same order and the report is the same bytes every time.

use std::collections::BTreeMap;

use super::{FastMap, FastSet};

use jiff::civil::Date;

use super::contacts::{self, Contacts};
use super::records::{RecordStore, NONE};
use super::report::{
    AcrossSites, FileDetail, Input, InputFile, MenteeStats, MentorStats, ModeStats, MonthStats,
    Overall, RejectedRow, Report, ReportSettings, SiteStats, Spread, Summary,
};
use super::settings::Settings;
use super::value::{Attendance, Mode};

/// Current version of the report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// First and last date of a set of contacts.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    first: Option<Date>,
    last: Option<Date>,
}

impl Span {
    fn add(&mut self, date: Date) {
        self.first = Some(self.first.map_or(date, |d| d.min(date)));
        self.last = Some(self.last.map_or(date, |d| d.max(date)));
    }

    /// Calendar months from first to last, both counted.
    fn months(&self) -> Option<u32> {
        let (first, last) = (self.first?, self.last?);
        let index = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month());
        u32::try_from(index(last) - index(first) + 1).ok()
    }

    fn first_text(&self) -> Option<String> {
        self.first.map(|d| d.to_string())
    }

    fn last_text(&self) -> Option<String> {
        self.last.map(|d| d.to_string())
    }
}

/// `numerator / denominator`, or null where the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

fn percent(numerator: f64, denominator: f64) -> Option<f64> {
    ratio(100.0 * numerator, denominator)
}

#[derive(Debug, Default)]
struct SiteAcc {
    named: bool,
    display: Option<u32>,
    contacts: u64,
    minutes: f64,
    span: Span,
    by_mode: [(u64, f64); 6],
    live_contacts: u64,
    live_minutes: f64,
    live_sessions: Vec<f64>,
    did_not_attend: u64,
    cancelled: u64,
    attended: u64,
}

#[derive(Debug, Default)]
struct MenteeAcc {
    contacts: u64,
    did_not_attend: u64,
    minutes: f64,
    span: Span,
}

#[derive(Debug, Default)]
struct MentorAcc {
    contacts: u64,
    minutes: f64,
    sites: FastSet<u32>,
    mentees: FastSet<(u32, u32)>,
}

fn mode_index(mode: Mode) -> usize {
    Mode::ALL.iter().position(|m| *m == mode).unwrap_or(0)
}

/// Mean, median, minimum and maximum; `values` need not be sorted.
fn summary(mut values: Vec<f64>) -> Summary {
    if values.is_empty() {
        return Summary {
            mean: None,
            median: None,
            min: None,
            max: None,
        };
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Summary {
        mean: Some(values.iter().sum::<f64>() / n as f64),
        median: Some(median),
        min: values.first().copied(),
        max: values.last().copied(),
    }
}

/// Mean, sample standard deviation (n-1), minimum and maximum.
fn spread(values: &[f64]) -> Spread {
    let n = values.len();
    if n == 0 {
        return Spread {
            mean: None,
            sd: None,
            min: None,
            max: None,
        };
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2).then(|| {
        let squares: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    });
    Spread {
        mean: Some(mean),
        sd,
        min: values.iter().copied().reduce(f64::min),
        max: values.iter().copied().reduce(f64::max),
    }
}

/// Computes the whole report over the store under `settings`.
pub fn report(store: &RecordStore, settings: &Settings) -> Report {
    let contacts = contacts::build(store, settings);
    let Contacts {
        contacts: all_contacts,
        row_contact,
        attendance,
        date_orders,
        rejected: late_rejected,
        notices: contact_notices,
    } = &contacts;
    let in_window: Vec<bool> = all_contacts
        .iter()
        .map(|c| !c.dropped && settings.in_window(c.date))
        .collect();

    // Who is named by a used row in the window, and with which first spelling.
    let mut sites: Vec<SiteAcc> = Vec::new();
    sites.resize_with(store.sites.key_count(), SiteAcc::default);
    let mut person_display: Vec<Option<u32>> = vec![None; store.people.key_count()];
    let mut mentees: FastMap<(u32, u32), MenteeAcc> = FastMap::default();
    let mut rows_outside_window = 0u64;
    for (row, &contact) in store.rows.iter().zip(row_contact) {
        if contact == NONE {
            continue;
        }
        if !in_window[contact as usize] {
            rows_outside_window += 1;
            continue;
        }
        let site_key = store.sites.key(row.site);
        let site = &mut sites[site_key as usize];
        site.named = true;
        site.display.get_or_insert(row.site);
        if row.mentor != NONE {
            person_display[store.people.key(row.mentor) as usize].get_or_insert(row.mentor);
        }
        for &mentee in store.mentees(row.mentees) {
            let key = store.people.key(mentee);
            person_display[key as usize].get_or_insert(mentee);
            mentees.entry((key, site_key)).or_default();
        }
    }

    // Fold the contacts.
    let mut overall_span = Span::default();
    let mut overall_contacts = 0u64;
    let mut mentors: FastMap<u32, MentorAcc> = FastMap::default();
    let mut months: FastMap<(i16, i8, u32), (u64, f64)> = FastMap::default();
    let mut cursor = 0usize;
    for (index, contact) in all_contacts.iter().enumerate() {
        let start = cursor;
        while cursor < attendance.len() && attendance[cursor].contact() as usize == index {
            cursor += 1;
        }
        if !in_window[index] {
            continue;
        }
        let minutes = contact.minutes;
        let site = &mut sites[contact.site as usize];
        let mentor_key = (contact.mentor != NONE).then(|| store.people.key(contact.mentor));
        if contact.held {
            site.contacts += 1;
            site.minutes += minutes;
            site.span.add(contact.date);
            let mode = &mut site.by_mode[mode_index(contact.mode)];
            mode.0 += 1;
            mode.1 += minutes;
            if contact.mode.is_live() {
                site.live_contacts += 1;
                site.live_minutes += minutes;
                site.live_sessions.push(minutes);
            }
            overall_contacts += 1;
            overall_span.add(contact.date);
            let month = months
                .entry((contact.date.year(), contact.date.month(), contact.site))
                .or_default();
            month.0 += 1;
            month.1 += minutes;
            if let Some(key) = mentor_key {
                let mentor = mentors.entry(key).or_default();
                mentor.contacts += 1;
                mentor.minutes += minutes;
                mentor.sites.insert(contact.site);
            }
        }
        if contact.all_cancelled {
            site.cancelled += 1;
        }
        for entry in &attendance[start..cursor] {
            let mentee = mentees.entry((entry.mentee(), contact.site)).or_default();
            match entry.attendance() {
                Attendance::Attended => {
                    mentee.contacts += 1;
                    mentee.minutes += minutes;
                    mentee.span.add(contact.date);
                    site.attended += 1;
                    if let Some(key) = mentor_key {
                        if let Some(mentor) = mentors.get_mut(&key) {
                            mentor.mentees.insert((entry.mentee(), contact.site));
                        }
                    }
                }
                Attendance::DidNotAttend => {
                    mentee.did_not_attend += 1;
                    site.did_not_attend += 1;
                }
                Attendance::Cancelled => {}
            }
        }
    }

    let site_name = |key: u32| -> String {
        sites[key as usize]
            .display
            .map_or_else(String::new, |id| store.sites.spelling(id).to_string())
    };
    let person_name = |key: u32| -> String {
        person_display[key as usize]
            .map_or_else(String::new, |id| store.people.spelling(id).to_string())
    };

    // Mentees: every entry named in the window, sorted by mentee then site.
    let mut mentee_rows: Vec<((String, String), u32, &MenteeAcc)> = mentees
        .iter()
        .filter(|((key, site), _)| {
            person_display[*key as usize].is_some() && sites[*site as usize].named
        })
        .map(|(&(key, site), acc)| ((person_name(key), site_name(site)), site, acc))
        .collect();
    mentee_rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut credited: Vec<(u64, f64)> = vec![(0, 0.0); sites.len()];
    let mentee_stats: Vec<MenteeStats> = mentee_rows
        .iter()
        .map(|((mentee, site), site_key, acc)| {
            if acc.contacts > 0 {
                let c = &mut credited[*site_key as usize];
                c.0 += 1;
                c.1 += acc.minutes;
            }
            let months = acc.span.months();
            MenteeStats {
                mentee: mentee.clone(),
                site: site.clone(),
                contacts: acc.contacts,
                did_not_attend: acc.did_not_attend,
                minutes: acc.minutes,
                first_contact: acc.span.first_text(),
                last_contact: acc.span.last_text(),
                months,
                minutes_per_month: months.and_then(|m| ratio(acc.minutes, f64::from(m))),
            }
        })
        .collect();

    // Sites, sorted by display name.
    let mut site_keys: Vec<u32> = (0..sites.len() as u32)
        .filter(|&k| sites[k as usize].named)
        .collect();
    site_keys.sort_by_cached_key(|&k| site_name(k));
    let site_stats: Vec<SiteStats> = site_keys
        .iter()
        .map(|&key| {
            let acc = &sites[key as usize];
            let months = acc.span.months();
            let (mentee_count, mentee_minutes) = credited[key as usize];
            let by_mode: BTreeMap<String, ModeStats> = Mode::ALL
                .iter()
                .zip(acc.by_mode)
                .filter(|(_, (contacts, _))| *contacts > 0)
                .map(|(mode, (contacts, minutes))| {
                    (mode.as_str().to_string(), ModeStats { contacts, minutes })
                })
                .collect();
            SiteStats {
                site: site_name(key),
                mentees: mentee_count,
                contacts: acc.contacts,
                total_minutes: acc.minutes,
                first_contact: acc.span.first_text(),
                last_contact: acc.span.last_text(),
                months,
                minutes_per_month: months.and_then(|m| ratio(acc.minutes, f64::from(m))),
                minutes_per_mentee: ratio(mentee_minutes, mentee_count as f64),
                live_minutes_pct: percent(acc.live_minutes, acc.minutes),
                live_contacts_pct: percent(acc.live_contacts as f64, acc.contacts as f64),
                by_mode,
                did_not_attend: acc.did_not_attend,
                cancelled: acc.cancelled,
                attendance_pct: percent(
                    acc.attended as f64,
                    (acc.attended + acc.did_not_attend) as f64,
                ),
                live_session_minutes: summary(acc.live_sessions.clone()),
            }
        })
        .collect();

    let held_sites: Vec<&SiteStats> = site_stats.iter().filter(|s| s.contacts > 0).collect();
    let values = |f: fn(&SiteStats) -> Option<f64>| -> Vec<f64> {
        held_sites.iter().filter_map(|s| f(s)).collect()
    };
    let across_sites = AcrossSites {
        total_minutes: spread(&values(|s| Some(s.total_minutes))),
        minutes_per_month: spread(&values(|s| s.minutes_per_month)),
        minutes_per_mentee: spread(&values(|s| s.minutes_per_mentee)),
        live_minutes_pct: spread(&values(|s| s.live_minutes_pct)),
    };

    // Mentors, sorted by display name.
    let mut mentor_stats: Vec<MentorStats> = mentors
        .iter()
        .map(|(&key, acc)| MentorStats {
            mentor: person_name(key),
            contacts: acc.contacts,
            minutes: acc.minutes,
            sites: acc.sites.len() as u64,
            mentees: acc.mentees.len() as u64,
        })
        .collect();
    mentor_stats.sort_by(|a, b| a.mentor.cmp(&b.mentor));

    // Months, sorted by month then site.
    let mut month_stats: Vec<MonthStats> = months
        .iter()
        .map(|(&(year, month, site), &(contacts, minutes))| MonthStats {
            month: format!("{year:04}-{month:02}"),
            site: site_name(site),
            contacts,
            minutes,
        })
        .collect();
    month_stats.sort_by(|a, b| (&a.month, &a.site).cmp(&(&b.month, &b.site)));

    let overall = Overall {
        sites: held_sites.len() as u64,
        mentees: mentee_stats.iter().filter(|m| m.contacts > 0).count() as u64,
        mentors: mentor_stats.len() as u64,
        contacts: overall_contacts,
        total_minutes: site_stats.iter().map(|s| s.total_minutes).sum(),
        first_contact: overall_span.first_text(),
        last_contact: overall_span.last_text(),
        months: overall_span.months(),
        across_sites,
    };

    // Input accounting.
    let mut rejected: Vec<_> = store.rejected.iter().chain(late_rejected).collect();
    rejected.sort_by_key(|r| (r.file, r.line));
    let mut rejected_per_file = vec![0u64; store.files.len()];
    for r in &rejected {
        rejected_per_file[r.file as usize] += 1;
    }
    let rows_read: u64 = store.files.iter().map(|f| f.rows_read).sum();
    let rows_rejected = rejected.len() as u64;
    let file_details = store
        .files
        .iter()
        .zip(date_orders)
        .zip(&rejected_per_file)
        .map(|((file, &date_order), &rejected)| FileDetail {
            name: file.name.clone(),
            date_order,
            rows_used: file.rows_read - rejected,
            rows_rejected: rejected,
        })
        .collect();
    let mut notices = file_notices(store);
    notices.extend(contact_notices.iter().cloned());
    if !store.other_mode_labels.is_empty() {
        let labels: Vec<String> = store
            .other_mode_labels
            .iter()
            .map(|(label, n)| format!("{label:?} ({n} rows)"))
            .collect();
        notices.push(format!(
            "mode labels counted as \"other\" (neither live nor written): {}",
            labels.join(", ")
        ));
    }

    Report {
        schema_version: SCHEMA_VERSION,
        settings: ReportSettings {
            date_order: settings.date_order,
            written_message_minutes: settings.written_message_minutes,
            from: settings.from.map(|d| d.to_string()),
            to: settings.to.map(|d| d.to_string()),
        },
        input: Input {
            files: store
                .files
                .iter()
                .map(|f| InputFile {
                    name: f.name.clone(),
                    rows_read: f.rows_read,
                })
                .collect(),
            rows_read,
            rows_used: rows_read - rows_rejected,
            rows_rejected,
            rows_outside_window,
            rejected: rejected
                .iter()
                .map(|r| RejectedRow {
                    file: store.files[r.file as usize].name.clone(),
                    line: u64::from(r.line),
                    reason: r.reason.clone(),
                })
                .collect(),
            notices,
        },
        overall,
        sites: site_stats,
        mentees: mentee_stats,
        mentors: mentor_stats,
        months: month_stats,
        file_details,
    }
}

/// One notice per file: how it was read, and columns left unused.
fn file_notices(store: &RecordStore) -> Vec<String> {
    let mut notices = Vec::new();
    for file in &store.files {
        let format = file
            .format
            .as_ref()
            .map_or_else(String::new, |f| f.describe());
        let above = match file.rows_above_header {
            0 => String::new(),
            1 => " (1 row above it skipped as a title)".to_string(),
            n => format!(" ({n} rows above it skipped as titles)"),
        };
        notices.push(format!(
            "{}: read as {format}; header on line {}{above}",
            file.name, file.header_line
        ));
        if !file.columns.unused.is_empty() {
            notices.push(format!(
                "{}: columns not used: {}",
                file.name,
                file.columns.unused.join(", ")
            ));
        }
        if !file.columns.duplicates.is_empty() {
            notices.push(format!(
                "{}: repeated columns ignored (the first of each is used): {}",
                file.name,
                file.columns.duplicates.join(", ")
            ));
        }
        if file.blank_rows > 0 {
            notices.push(format!(
                "{}: {} empty lines or rows skipped (they are not records)",
                file.name, file.blank_rows
            ));
        }
    }
    notices
}
