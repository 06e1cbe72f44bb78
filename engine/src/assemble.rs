//! Assembly: the report made from the counted contacts.
//!
//! The files' tallies are merged in file order and the group contacts
//! folded in ([`fold`]); the figures are then sorted by display name, so
//! the report is the same bytes every time, and the notices are gathered
//! from [`notices`](super::notices).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::maps::FastMap;
use super::threads::both;

use super::contacts::{self, FileTally, LiveDurations};
use super::counters::{Display, MenteeAcc, SiteAcc, Span, Tally, TopicAcc};
use super::ingest::columns::Field;
use super::names::{Rates, Vocabulary};
use super::notices;
use super::outcomes::{self, OutcomeTable};
use super::records::{FileSummary, LabelHow, Rejection};
use super::report::{
    AcrossSites, Input, InputFile, MenteeStats, MentorMonthStats, MentorStats, ModeStats,
    MonthStats, Overall, RejectedRow, Report, ReportSettings, SiteStats, SiteTopicStats, Spread,
    Summary, TopicStats,
};
use super::review::{FileReview, LabelUse, NearDuplicates, Review};
use super::settings::Settings;
use super::value::{label_key, name_shape, Attendance, DurationUnit, Mode};

/// Current version of the report's shape.
pub(crate) const SCHEMA_VERSION: u32 = 2;

/// `numerator / denominator`, or null where the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

fn percent(numerator: f64, denominator: f64) -> Option<f64> {
    ratio(100.0 * numerator, denominator)
}

/// `YYYY-MM` of a month index.
fn month_text(index: i32) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Each name's rank in the order of the report's lists (Unicode code
/// points of the name as shown); names that are not shown rank last.
fn ranks(names: &[Option<&str>]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..names.len() as u32)
        .filter(|&k| names[k as usize].is_some())
        .collect();
    order.sort_unstable_by_key(|&k| names[k as usize]);
    let mut rank = vec![u32::MAX; names.len()];
    for (r, &k) in order.iter().enumerate() {
        rank[k as usize] = r as u32;
    }
    rank
}

/// Mean, median, minimum and maximum of values given with how many times
/// each occurs (keyed by their bits).
fn summary(counts: &FastMap<u64, u64>) -> Summary {
    let mut values: Vec<(f64, u64)> = counts
        .iter()
        .map(|(&bits, &n)| (f64::from_bits(bits), n))
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n: u64 = values.iter().map(|&(_, count)| count).sum();
    if n == 0 {
        return Summary {
            mean: None,
            median: None,
            min: None,
            max: None,
        };
    }
    // The value at sorted index `i`.
    let nth = |i: u64| {
        let mut seen = 0;
        for &(value, count) in &values {
            seen += count;
            if i < seen {
                return value;
            }
        }
        f64::NAN
    };
    let median = if n % 2 == 1 {
        nth(n / 2)
    } else {
        (nth(n / 2 - 1) + nth(n / 2)) / 2.0
    };
    // Summed in sorted order, one by one, so the mean does not depend on
    // the order contacts came in.
    let mut sum = 0.0;
    for &(value, count) in &values {
        for _ in 0..count {
            sum += value;
        }
    }
    Summary {
        mean: Some(sum / n as f64),
        median: Some(median),
        min: values.first().map(|v| v.0),
        max: values.last().map(|v| v.0),
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
            median: None,
            q1: None,
            q3: None,
        };
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2).then(|| {
        let squares: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    });
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Spread {
        mean: Some(mean),
        sd,
        min: values.iter().copied().reduce(f64::min),
        max: values.iter().copied().reduce(f64::max),
        median: quantile(&sorted, 0.5),
        q1: quantile(&sorted, 0.25),
        q3: quantile(&sorted, 0.75),
    }
}

/// The quantile `p` of sorted values: linear interpolation between x(0)..
/// x(n-1) at position p x (n - 1), the "inclusive" method of Excel's
/// QUARTILE.INC and numpy's default. One value is every quantile; none
/// gives null.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = p * last as f64;
    let below = position.floor() as usize;
    let fraction = position - below as f64;
    let low = sorted[below];
    Some(match sorted.get(below + 1) {
        Some(&high) if fraction > 0.0 => low + (high - low) * fraction,
        _ => low,
    })
}

/// Computes the whole report over the files read (`summaries` and their
/// `files` tallies, in the order read) under the `settings` they were read with.
/// `duplicates` are the files given twice: each one's name and the name of
/// the file with the same bytes, read once.
pub(crate) fn report(
    summaries: &[FileSummary],
    files: &[FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
    duplicates: &[(String, String)],
) -> (Report, Review) {
    let folded = fold(files, vocabulary, settings);
    report_folded(summaries, files, folded, vocabulary, settings, duplicates)
}

/// Every contact counted: the files' tallies merged in file order, and the
/// group contacts (whose rows may span files) folded in.
pub(crate) fn fold(
    files: &[FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
) -> (Tally, contacts::GroupOutcome) {
    let mut tally = Tally::default();
    for file in files {
        tally.merge(&file.tally);
    }
    let groups = contacts::fold_groups(files, vocabulary, settings, &mut tally);
    (tally, groups)
}

/// As [`fold`], but taking the files' tallies rather than copying them:
/// the first file's tally becomes the sum, so a large log's tally is not
/// held twice at the peak.
pub(crate) fn fold_taking(
    files: &mut [FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
) -> (Tally, contacts::GroupOutcome) {
    let mut tally = match files.first_mut() {
        Some(first) => std::mem::take(&mut first.tally),
        None => Tally::default(),
    };
    for file in files.iter_mut().skip(1) {
        tally.merge(&std::mem::take(&mut file.tally));
    }
    let groups = contacts::fold_groups(files, vocabulary, settings, &mut tally);
    (tally, groups)
}

/// The report's mentees: every entry named in the window, sorted by mentee
/// then site; with each site's mentees credited with time and their
/// minutes, by site key.
fn mentee_stats(
    mentees: &[((u32, u32), MenteeAcc)],
    shown: &Shown,
) -> (Vec<MenteeStats>, Vec<(u64, f64)>) {
    let mut mentee_rows: Vec<((u32, u32), u32, u32, &MenteeAcc)> = mentees
        .iter()
        .filter(|((key, site), _)| {
            shown.people.get(*key as usize).is_some_and(Option::is_some)
                && shown.sites.get(*site as usize).is_some_and(Option::is_some)
        })
        .map(|&((key, site), ref acc)| {
            (
                (
                    shown.person_rank[key as usize],
                    shown.site_rank[site as usize],
                ),
                key,
                site,
                acc,
            )
        })
        .collect();
    mentee_rows.sort_unstable_by_key(|row| row.0);
    let mut credited: Vec<(u64, f64)> = vec![(0, 0.0); shown.sites.len()];
    let stats: Vec<MenteeStats> = mentee_rows
        .iter()
        .map(|&(_, key, site_key, acc)| {
            if acc.contacts > 0 {
                let c = &mut credited[site_key as usize];
                c.0 += 1;
                c.1 += acc.minutes;
            }
            let months = acc.span.months();
            MenteeStats {
                mentee: shown.person(key),
                site: shown.site(site_key),
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
    (stats, credited)
}

/// The report's sites, sorted by display name, with the mentees credited
/// to each (from [`mentee_stats`]) and the costs' rates.
fn site_stats(
    sites: &[SiteAcc],
    shown: &Shown,
    credited: &[(u64, f64)],
    (rates, mentee_rate): (&Rates, Option<f64>),
) -> Vec<SiteStats> {
    let mut site_keys: Vec<u32> = (0..sites.len() as u32)
        .filter(|&k| sites[k as usize].display.is_some())
        .collect();
    site_keys.sort_unstable_by_key(|&k| shown.site_rank[k as usize]);
    site_keys
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
            // A part whose rate is not set at all counts 0 in the total;
            // one whose rate is set but cannot be had makes it null.
            let mentor_cost = (rates.any() && acc.without_rate == 0).then_some(acc.mentor_cost);
            let mentee_cost = mentee_rate.map(|rate| mentee_minutes / 60.0 * rate);
            let total_cost = match (rates.any(), mentee_rate.is_some()) {
                (false, false) => None,
                (mentor_set, mentee_set) => {
                    let mentor = if mentor_set { mentor_cost } else { Some(0.0) };
                    let mentee = if mentee_set { mentee_cost } else { Some(0.0) };
                    mentor.zip(mentee).map(|(a, b)| a + b)
                }
            };
            SiteStats {
                site: shown.site(key),
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
                live_session_minutes: summary(&acc.live_sessions),
                mentor_cost,
                mentee_cost,
                total_cost,
                cost_per_mentee: total_cost.and_then(|c| ratio(c, mentee_count as f64)),
                cost_per_month: total_cost
                    .zip(months)
                    .and_then(|(c, m)| ratio(c, f64::from(m))),
            }
        })
        .collect()
}

/// Month entries from which the report's months are made on a thread of
/// their own (natively): below it a thread costs more than it saves.
const MONTHS_MADE_APART_FROM: usize = 20_000;

/// The report's months: each site's held contacts and minutes per
/// calendar month, sorted by month then site.
fn month_stats(sites: &[SiteAcc], shown: &Shown) -> Vec<MonthStats> {
    let mut month_keys: Vec<(i32, u32, u32, u32)> = sites
        .iter()
        .enumerate()
        .flat_map(|(key, site)| {
            let rank = shown.site_rank[key];
            (0..site.months.months.len() as u32)
                .map(move |i| (site.months.months[i as usize].0, rank, key as u32, i))
        })
        .collect();
    month_keys.sort_unstable();
    let mut month_site_names: Vec<Option<Arc<str>>> = vec![None; sites.len()];
    let mut month_name: Option<(i32, Arc<str>)> = None;
    month_keys
        .iter()
        .map(|&(month, _, site, i)| {
            let (_, contacts, minutes) = sites[site as usize].months.months[i as usize];
            let month = match &month_name {
                Some((index, text)) if *index == month => text.clone(),
                _ => month_name
                    .insert((month, month_text(month).into()))
                    .1
                    .clone(),
            };
            let site = month_site_names[site as usize]
                .get_or_insert_with(|| shown.site(site).into())
                .clone();
            MonthStats {
                month,
                site,
                contacts,
                minutes,
            }
        })
        .collect()
}

/// Every name the report shows, found and ranked once: entries are then
/// sorted by their ranks (integers), not by comparing their names.
struct Shown<'v> {
    sites: Vec<Option<&'v str>>,
    site_rank: Vec<u32>,
    people: Vec<Option<&'v str>>,
    person_rank: Vec<u32>,
    topics: Vec<Option<&'v str>>,
    topic_rank: Vec<u32>,
}

impl<'v> Shown<'v> {
    fn new(tally: &Tally, vocabulary: &'v Vocabulary) -> Self {
        let sites: Vec<Option<&str>> = (tally.sites.iter())
            .map(|s| s.display.map(|(_, id)| vocabulary.sites.spelling(id)))
            .collect();
        let people: Vec<Option<&str>> = (tally.people.iter())
            .map(|d| d.map(|(_, id)| vocabulary.people.spelling(id)))
            .collect();
        let topics: Vec<Option<&str>> = (tally.topics.iter())
            .map(|t| t.display.map(|(_, id)| vocabulary.topics.spelling(id)))
            .collect();
        Shown {
            site_rank: ranks(&sites),
            person_rank: ranks(&people),
            topic_rank: ranks(&topics),
            sites,
            people,
            topics,
        }
    }

    fn site(&self, key: u32) -> String {
        self.sites[key as usize].unwrap_or_default().to_string()
    }

    fn person(&self, key: u32) -> String {
        (self.people.get(key as usize).copied().flatten())
            .unwrap_or_default()
            .to_string()
    }

    fn topic(&self, key: u32) -> String {
        self.topics[key as usize].unwrap_or_default().to_string()
    }
}

/// The report of contacts already counted ([`fold`]); `files` are needed
/// for what they say besides their contacts (rejected rows, labels, date
/// orders), not for their group rows, which may be gone.
pub(crate) fn report_folded(
    summaries: &[FileSummary],
    files: &[FileTally],
    (tally, groups): (Tally, contacts::GroupOutcome),
    vocabulary: &Vocabulary,
    settings: &Settings,
    duplicates: &[(String, String)],
) -> (Report, Review) {
    let shown = Shown::new(&tally, vocabulary);
    // The months, the report's longest list, are made on a second thread
    // while this one makes the mentees and the sites.
    let many_months = (tally.sites.iter())
        .map(|s| s.months.months.len())
        .sum::<usize>()
        >= MONTHS_MADE_APART_FROM;
    let (month_stats, (mentee_stats, site_stats)) = both(
        many_months,
        || month_stats(&tally.sites, &shown),
        || {
            let (mentee_stats, credited) = mentee_stats(&tally.mentees, &shown);
            let costs = (&vocabulary.rates, settings.mentee_hourly_cost);
            let site_stats = site_stats(&tally.sites, &shown, &credited, costs);
            (mentee_stats, site_stats)
        },
    );
    let mentor_stats = mentor_stats(&tally, &shown, &vocabulary.rates);
    let overall = overall(&tally, &site_stats, &mentee_stats, &mentor_stats, settings);
    let topic_stats = topic_stats(&tally.topics, &shown, &overall);

    let reading = FileReading::new(summaries, files, &groups);
    let labels = label_uses(files);
    let shown_names = names_by_field(&tally.sites, &tally.people, &tally.person_rows, vocabulary);
    let mixed_scripts = notices::mixed_script_notice(&shown_names);
    let near_duplicates = near_duplicates(shown_names);
    let mut said = notices::duplicate_notices(duplicates);
    said.extend(reading.notices(summaries, files, &groups));
    said.extend(notices::label_notices(&labels));
    said.extend(notices::merged_names_notice(vocabulary));
    said.extend(mixed_scripts);
    said.extend(near_duplicates.iter().map(notices::near_duplicate_notice));
    said.extend(notices::cost_notices(
        settings,
        &mentor_stats,
        &tally.sites,
        tally.without_mentor,
    ));
    let review = Review {
        files: reading.reviews(summaries, files),
        labels,
        near_duplicates,
        duplicates: duplicates.to_vec(),
    };
    let report = Report {
        schema_version: SCHEMA_VERSION,
        settings: report_settings(settings),
        input: reading.input(summaries, tally.rows_outside_window, said),
        overall,
        sites: site_stats,
        mentees: mentee_stats,
        mentors: mentor_stats,
        months: month_stats,
        topics: topic_stats,
        site_topics: site_topic_stats(&tally.site_topics, &shown),
        mentor_months: mentor_month_stats(&tally.mentor_months, &shown),
        outcomes: Vec::new(),
    };
    (report, review)
}

/// The settings as the report repeats them.
fn report_settings(settings: &Settings) -> ReportSettings {
    ReportSettings {
        date_order: settings.date_order,
        written_message_minutes: settings.written_message_minutes,
        from: settings.from.map(|d| d.to_string()),
        to: settings.to.map(|d| d.to_string()),
        mentor_hourly_cost: settings.mentor_hourly_cost,
        mentor_costs: settings.mentor_costs.iter().cloned().collect(),
        mentee_hourly_cost: settings.mentee_hourly_cost,
        currency: settings.currency.clone(),
    }
}

/// The overall figures: every held contact counts at its site, so they
/// are the sites' (costs null where any site's is null).
fn overall(
    tally: &Tally,
    site_stats: &[SiteStats],
    mentee_stats: &[MenteeStats],
    mentor_stats: &[MentorStats],
    settings: &Settings,
) -> Overall {
    let mut span = Span::default();
    for site in &tally.sites {
        span.merge(&site.span);
    }
    let held_sites: Vec<&SiteStats> = site_stats.iter().filter(|s| s.contacts > 0).collect();
    let values = |f: fn(&SiteStats) -> Option<f64>| -> Vec<f64> {
        held_sites.iter().filter_map(|s| f(s)).collect()
    };
    let sum_of = |f: fn(&SiteStats) -> Option<f64>| -> Option<f64> {
        site_stats
            .iter()
            .try_fold(0.0, |sum, s| f(s).map(|cost| sum + cost))
            .filter(|_| settings.has_costs())
    };
    Overall {
        sites: held_sites.len() as u64,
        mentees: mentee_stats.iter().filter(|m| m.contacts > 0).count() as u64,
        mentors: mentor_stats.len() as u64,
        contacts: tally.sites.iter().map(|s| s.contacts).sum(),
        // From 0.0: an empty float sum is -0.0.
        total_minutes: site_stats.iter().fold(0.0, |sum, s| sum + s.total_minutes),
        first_contact: span.first_text(),
        last_contact: span.last_text(),
        months: span.months(),
        untagged_contacts: tally.untagged.0,
        untagged_minutes: tally.untagged.1,
        mentor_cost: sum_of(|s| s.mentor_cost),
        mentee_cost: sum_of(|s| s.mentee_cost),
        total_cost: sum_of(|s| s.total_cost),
        across_sites: AcrossSites {
            total_minutes: spread(&values(|s| Some(s.total_minutes))),
            minutes_per_month: spread(&values(|s| s.minutes_per_month)),
            minutes_per_mentee: spread(&values(|s| s.minutes_per_mentee)),
            live_minutes_pct: spread(&values(|s| s.live_minutes_pct)),
            total_cost: spread(&values(|s| s.total_cost)),
        },
    }
}

/// The report's mentors, sorted by display name, each with its busiest
/// month: the most minutes, the earliest on a tie.
fn mentor_stats(tally: &Tally, shown: &Shown, rates: &Rates) -> Vec<MentorStats> {
    let mut peaks: FastMap<u32, ((i16, i8), f64)> = FastMap::default();
    for (&(year, month, key), &(_, minutes)) in &tally.mentor_months {
        let peak = peaks.entry(key).or_insert(((year, month), minutes));
        if minutes > peak.1 || (minutes == peak.1 && (year, month) < peak.0) {
            *peak = ((year, month), minutes);
        }
    }
    let mut mentor_keys: Vec<(u32, u32)> = (tally.mentors.keys())
        .map(|&key| (shown.person_rank[key as usize], key))
        .collect();
    mentor_keys.sort_unstable();
    mentor_keys
        .iter()
        .map(|&(_, key)| {
            let acc = &tally.mentors[&key];
            let name = shown.person(key);
            let months = acc.span.months();
            let peak = peaks.get(&key);
            MentorStats {
                contacts: acc.contacts,
                minutes: acc.minutes,
                sites: acc.sites.len(),
                mentees: acc.mentees.len(),
                first_contact: acc.span.first_text(),
                last_contact: acc.span.last_text(),
                months,
                minutes_per_month: months.and_then(|m| ratio(acc.minutes, f64::from(m))),
                peak_month: peak.map(|((y, m), _)| format!("{y:04}-{m:02}")),
                peak_month_minutes: peak.map(|(_, minutes)| *minutes),
                cost: (rates.of_mentor(Some(&name))).map(|rate| acc.minutes / 60.0 * rate),
                mentor: name,
            }
        })
        .collect()
}

/// The report's mentors' months, sorted by month then mentor.
fn mentor_month_stats(
    mentor_months: &FastMap<(i16, i8, u32), (u64, f64)>,
    shown: &Shown,
) -> Vec<MentorMonthStats> {
    let mut keys: Vec<((i16, i8, u32), u32)> = (mentor_months.keys())
        .map(|&(year, month, key)| ((year, month, shown.person_rank[key as usize]), key))
        .collect();
    keys.sort_unstable();
    keys.iter()
        .map(|&((year, month, _), key)| {
            let (contacts, minutes) = mentor_months[&(year, month, key)];
            MentorMonthStats {
                month: format!("{year:04}-{month:02}"),
                mentor: shown.person(key),
                contacts,
                minutes,
            }
        })
        .collect()
}

/// The report's topics, over held contacts in the window, sorted by name.
fn topic_stats(topics: &[TopicAcc], shown: &Shown, overall: &Overall) -> Vec<TopicStats> {
    let mut keys: Vec<(u32, usize)> = topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.contacts > 0 && t.display.is_some())
        .map(|(key, _)| (shown.topic_rank[key], key))
        .collect();
    keys.sort_unstable();
    keys.iter()
        .map(|&(_, key)| {
            let t = &topics[key];
            TopicStats {
                topic: shown.topic(key as u32),
                contacts: t.contacts,
                contacts_pct: percent(t.contacts as f64, overall.contacts as f64),
                minutes: t.minutes,
                minutes_pct: percent(t.minutes, overall.total_minutes),
            }
        })
        .collect()
}

/// The report's topics per site, sorted by site then topic.
fn site_topic_stats(
    site_topics: &FastMap<(u32, u32), (u64, f64)>,
    shown: &Shown,
) -> Vec<SiteTopicStats> {
    let mut keys: Vec<((u32, u32), (u32, u32))> = (site_topics.keys())
        .map(|&(site, topic)| {
            let rank = (
                shown.site_rank[site as usize],
                shown.topic_rank[topic as usize],
            );
            (rank, (site, topic))
        })
        .collect();
    keys.sort_unstable();
    keys.iter()
        .map(|&(_, (site, topic))| {
            let (contacts, minutes) = site_topics[&(site, topic)];
            SiteTopicStats {
                site: shown.site(site),
                topic: shown.topic(topic),
                contacts,
                minutes,
            }
        })
        .collect()
}

/// How each file's rows went: the rows rejected (in file and line
/// order), and what its live durations suggest.
struct FileReading<'a> {
    rejected: Vec<&'a Rejection>,
    rejected_per_file: Vec<u64>,
    /// Each file's held live contacts' durations, its group contacts' included.
    live_durations: Vec<LiveDurations>,
    /// Whether each file's durations, read as minutes, look like hours.
    look_like_hours: Vec<bool>,
}

impl<'a> FileReading<'a> {
    fn new(
        summaries: &[FileSummary],
        files: &'a [FileTally],
        groups: &'a contacts::GroupOutcome,
    ) -> Self {
        let mut rejected: Vec<&Rejection> = (files.iter())
            .flat_map(|f| &f.rejected)
            .chain(&groups.rejected)
            .collect();
        rejected.sort_by_key(|r| (r.file, r.line));
        let mut rejected_per_file = vec![0u64; summaries.len()];
        for r in &rejected {
            rejected_per_file[r.file as usize] += 1;
        }
        let live_durations: Vec<LiveDurations> = (files.iter())
            .zip(&groups.live_durations)
            .map(|(file, groups)| {
                let mut all = file.live_durations;
                all.merge(*groups);
                all
            })
            .collect();
        let look_like_hours = (summaries.iter())
            .zip(&live_durations)
            .map(|(summary, live)| {
                summary.columns.column(Field::Duration).is_some()
                    && summary.duration_unit == DurationUnit::Minutes
                    && !summary.duration_unit_given
                    && !summary.columns.duration_unit().1
                    && live.look_like_hours()
            })
            .collect();
        FileReading {
            rejected,
            rejected_per_file,
            live_durations,
            look_like_hours,
        }
    }

    /// The notices of each file's reading, its date order and its contacts.
    fn notices(
        &self,
        summaries: &[FileSummary],
        files: &[FileTally],
        groups: &contacts::GroupOutcome,
    ) -> Vec<String> {
        let mut notices = Vec::new();
        for ((summary, live), &hours) in (summaries.iter())
            .zip(&self.live_durations)
            .zip(&self.look_like_hours)
        {
            notices.extend(notices::file_notices(summary, *live, hours));
        }
        notices.extend(
            (summaries.iter())
                .zip(files)
                .filter_map(|(summary, file)| notices::date_order_notice(summary, file.order)),
        );
        let names: Vec<&str> = summaries.iter().map(|f| f.name.as_str()).collect();
        notices.extend(notices::contact_notices(files, &names, groups));
        notices
    }

    /// Each file's reading, as the review lists it.
    fn reviews(&self, summaries: &[FileSummary], files: &[FileTally]) -> Vec<FileReview> {
        (summaries.iter())
            .zip(files)
            .zip(&self.rejected_per_file)
            .zip(&self.look_like_hours)
            .map(|(((summary, file), &rejected), &hours)| FileReview {
                name: summary.name.clone(),
                date_order: file.order,
                rows_used: summary.rows_read - rejected,
                rows_rejected: rejected,
                durations_look_like_hours: hours,
            })
            .collect()
    }

    /// The report's accounting of the rows read.
    fn input(&self, summaries: &[FileSummary], outside_window: u64, notices: Vec<String>) -> Input {
        let rows_read: u64 = summaries.iter().map(|f| f.rows_read).sum();
        let rows_rejected = self.rejected.len() as u64;
        Input {
            files: (summaries.iter())
                .map(|f| InputFile {
                    name: f.name.clone(),
                    rows_read: f.rows_read,
                })
                .collect(),
            rows_read,
            rows_used: rows_read - rows_rejected,
            rows_rejected,
            rows_outside_window: outside_window,
            rejected: (self.rejected.iter())
                .map(|r| RejectedRow {
                    file: summaries[r.file as usize].name.clone(),
                    line: u64::from(r.line),
                    reason: r.reason.clone(),
                })
                .collect(),
            notices,
        }
    }
}

/// Every mode and attendance label of the files, merged by label (folded),
/// with the first spelling in file order; sorted by field then label.
fn label_uses(files: &[FileTally]) -> Vec<LabelUse> {
    let how_name = |how: LabelHow| match how {
        LabelHow::ByUser => "by_user",
        LabelHow::Listed => "listed",
        LabelHow::Words => "words",
        LabelHow::Unlisted => "unlisted",
    };
    // Every file's labels in file order, then merged by field and key:
    // a label keeps its first spelling and reading, and sums its rows.
    let mut all: Vec<(bool, String, usize, LabelUse)> = Vec::new();
    for file in files {
        let mut entries: Vec<(bool, &str, Option<&'static str>, LabelHow, u64)> = Vec::new();
        for (label, e) in &file.labels.modes.labels {
            entries.push((false, label, e.value.ok().map(Mode::as_str), e.how, e.rows));
        }
        for (label, e) in &file.labels.attendance.labels {
            entries.push((
                true,
                label,
                e.value.ok().map(Attendance::as_str),
                e.how,
                e.rows,
            ));
        }
        entries.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (attendance, label, value, how, rows) in entries {
            let shown = label.trim();
            let key = label_key(shown);
            // Blank cells are no label (a blank attendance is attended).
            if key.is_empty() {
                continue;
            }
            let order = all.len();
            all.push((
                attendance,
                key,
                order,
                LabelUse {
                    field: if attendance { "attendance" } else { "mode" }.to_string(),
                    label: shown.to_string(),
                    read_as: value.map(str::to_string),
                    how: how_name(how).to_string(),
                    rows,
                },
            ));
        }
    }
    all.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    let mut uses: Vec<LabelUse> = Vec::new();
    for group in all.chunk_by(|a, b| (a.0, &a.1) == (b.0, &b.1)) {
        let mut first = group[0].3.clone();
        first.rows = group.iter().map(|g| g.3.rows).sum();
        uses.push(first);
    }
    uses.sort_by(|a, b| (&a.field, &a.label).cmp(&(&b.field, &b.label)));
    uses
}

/// The names of each field named by used rows in the window (sites,
/// mentees, mentors), with those rows' counts, as shown.
fn names_by_field(
    sites: &[SiteAcc],
    people: &[Display],
    person_rows: &[(u64, u64)],
    vocabulary: &Vocabulary,
) -> [(&'static str, Vec<(String, u64)>); 3] {
    let site_names: Vec<(String, u64)> = sites
        .iter()
        .filter_map(|s| {
            s.display
                .map(|(_, id)| (vocabulary.sites.spelling(id).to_string(), s.rows))
        })
        .collect();
    let person = |pick: fn(&(u64, u64)) -> u64| -> Vec<(String, u64)> {
        person_rows
            .iter()
            .enumerate()
            .filter(|(_, r)| pick(r) > 0)
            .filter_map(|(key, r)| {
                people
                    .get(key)
                    .copied()
                    .flatten()
                    .map(|(_, id)| (vocabulary.people.spelling(id).to_string(), pick(r)))
            })
            .collect()
    };
    [
        ("site", site_names),
        ("mentee", person(|r| r.0)),
        ("mentor", person(|r| r.1)),
    ]
}

/// Names of one field equal once punctuation and spaces are removed (and
/// case ignored), but different names.
fn near_duplicates(names: [(&'static str, Vec<(String, u64)>); 3]) -> Vec<NearDuplicates> {
    let mut out = Vec::new();
    for (field, names) in names {
        let mut shaped: Vec<(String, String, u64)> = names
            .into_iter()
            .map(|(name, rows)| (name_shape(&name), name, rows))
            .filter(|(shape, _, _)| !shape.is_empty())
            .collect();
        shaped.sort();
        for group in shaped.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            let mut names: Vec<(String, u64)> =
                group.iter().map(|(_, n, r)| (n.clone(), *r)).collect();
            names.sort();
            let target = names
                .iter()
                .rev()
                .max_by_key(|(_, rows)| *rows)
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            out.push(NearDuplicates {
                field: field.to_string(),
                names,
                target,
            });
        }
    }
    out
}

/// Adds the outcomes of `table` to a finished report: `report.outcomes`,
/// one entry per measure in the file's column order, and the outcome
/// notices after the report's own.
///
/// The file's sites are matched to the report's sites with a held contact
/// as names are (up to case; `--same` applied when the file was read).
/// Each measure's points are the matched sites with a value, by site name;
/// its rho against total minutes (and minutes per month) is over those of
/// them with that figure.
pub fn add_to_report(report: &mut Report, table: &OutcomeTable) {
    let set = outcomes::set_against(report, table);
    report
        .input
        .notices
        .extend(notices::outcome_notices(table, &set));
    report.outcomes = set.outcomes;
}
