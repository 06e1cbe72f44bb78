//! Statistics: contacts folded into the figures of the report.
//!
//! Each figure is an accumulator keyed by a dense id (site key, mentee and
//! site, mentor key, month and site); contacts are folded in the order of
//! their first rows and the results sorted by display name, so every sum is
//! taken in the same order and the report is the same bytes every time.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{both, FastMap, FastSet};

use jiff::civil::Date;

use super::contacts::{self, Contact, FileTally, LiveDurations};
use super::ingest::columns::{Chosen, Field};
use super::records::{FileSummary, LabelHow, Rates, Rejection, Vocabulary, NONE};
use super::report::{
    AcrossSites, Input, InputFile, MenteeStats, MentorMonthStats, MentorStats, ModeStats,
    MonthStats, Overall, RejectedRow, Report, ReportSettings, SiteStats, SiteTopicStats, Spread,
    Summary, TopicStats,
};
use super::review::{FileReview, LabelUse, NearDuplicates, Review};
use super::settings::Settings;
use super::value::{
    label_key, mixes_scripts, name_shape, odd_letters, Attendance, DurationUnit, Mode,
};

/// Current version of the report's shape.
pub(crate) const SCHEMA_VERSION: u32 = 2;

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

/// The first spelling a name was seen with: position of its row, spelling id.
type Display = Option<(u64, u32)>;

fn earliest(display: &mut Display, position: u64, spelling: u32) {
    if display.is_none_or(|(p, _)| position < p) {
        *display = Some((position, spelling));
    }
}

#[derive(Clone, Debug, Default)]
struct SiteAcc {
    /// Set once a used row in the window names the site.
    display: Display,
    /// Used rows in the window naming it.
    rows: u64,
    contacts: u64,
    minutes: f64,
    span: Span,
    by_mode: [(u64, f64); 6],
    live_contacts: u64,
    live_minutes: f64,
    /// Minutes of held live contacts (as bits), with how many gave each:
    /// few distinct values however many contacts.
    live_sessions: FastMap<u64, u64>,
    did_not_attend: u64,
    cancelled: u64,
    attended: u64,
    /// Mentor cost of its held contacts that have a rate.
    mentor_cost: f64,
    /// Held contacts without a mentor rate.
    without_rate: u64,
    /// Held contacts and minutes per calendar month.
    months: MonthTally,
}

/// Held contacts and minutes per calendar month, in month order: kept with
/// its site (contacts mostly come in date order, so the last month is the
/// usual one to add to), where one map of every site and month would be
/// looked up at random.
#[derive(Clone, Debug, Default)]
struct MonthTally {
    /// Month index (year x 12 + month - 1), contacts, minutes.
    months: Vec<(i32, u64, f64)>,
}

impl MonthTally {
    fn index(date: Date) -> i32 {
        i32::from(date.year()) * 12 + i32::from(date.month()) - 1
    }

    fn add(&mut self, month: i32, contacts: u64, minutes: f64) {
        let at = match self.months.last() {
            Some(last) if last.0 == month => self.months.len() - 1,
            Some(last) if last.0 < month => {
                self.months.push((month, 0, 0.0));
                self.months.len() - 1
            }
            None => {
                self.months.push((month, 0, 0.0));
                0
            }
            Some(_) => match self.months.binary_search_by_key(&month, |m| m.0) {
                Ok(at) => at,
                Err(at) => {
                    self.months.insert(at, (month, 0, 0.0));
                    at
                }
            },
        };
        let entry = &mut self.months[at];
        entry.1 += contacts;
        entry.2 += minutes;
    }

    fn merge(&mut self, other: &MonthTally) {
        for &(month, contacts, minutes) in &other.months {
            self.add(month, contacts, minutes);
        }
    }
}

/// `YYYY-MM` of a month index.
fn month_text(index: i32) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

#[derive(Clone, Debug, Default)]
struct TopicAcc {
    /// Set once a used row in the window names the topic.
    display: Display,
    contacts: u64,
    minutes: f64,
}

#[derive(Clone, Debug, Default)]
struct MenteeAcc {
    contacts: u64,
    did_not_attend: u64,
    minutes: f64,
    span: Span,
}

#[derive(Clone, Debug, Default)]
struct MentorAcc {
    contacts: u64,
    minutes: f64,
    span: Span,
    /// Site keys of its held contacts.
    sites: Distinct,
    /// Mentee entries (indices into [`Tally::mentees`]) it met.
    mentees: Distinct,
}

/// A set of integers that count from 0 (site keys, mentee entries, so the
/// largest is at most how many there are): a hash set while
/// it holds few of them, a bitset once that takes less room. Forty
/// mentors who each meet most of 17,000 mentees take 2 KB each as
/// bitsets, where hash sets of pairs took 300 KB each; a mentor who meets
/// three of them takes a few bytes.
#[derive(Clone, Debug)]
enum Distinct {
    Few(FastSet<u32>),
    Many { bits: Vec<u64>, len: u64 },
}

impl Default for Distinct {
    fn default() -> Self {
        Distinct::Few(FastSet::default())
    }
}

impl Distinct {
    fn insert(&mut self, i: u32) {
        match self {
            Distinct::Few(set) => {
                if set.insert(i) && set.len().is_power_of_two() && set.len() >= 64 {
                    // A hash set entry costs about 5 bytes, a bitset 1/8
                    // byte per integer up to the largest.
                    let largest = set.iter().copied().max().unwrap_or(0) as usize;
                    if set.capacity() * 5 > largest / 8 {
                        let mut many = Distinct::Many {
                            bits: Vec::new(),
                            len: 0,
                        };
                        for &j in set.iter() {
                            many.insert(j);
                        }
                        *self = many;
                    }
                }
            }
            Distinct::Many { bits, len } => {
                let word = i as usize / 64;
                if word >= bits.len() {
                    bits.resize(word + 1, 0);
                }
                let bit = 1u64 << (i % 64);
                if bits[word] & bit == 0 {
                    bits[word] |= bit;
                    *len += 1;
                }
            }
        }
    }

    fn len(&self) -> u64 {
        match self {
            Distinct::Few(set) => set.len() as u64,
            Distinct::Many { len, .. } => *len,
        }
    }

    /// Every integer in the set, in no particular order.
    fn to_vec(&self) -> Vec<u32> {
        match self {
            Distinct::Few(set) => set.iter().copied().collect(),
            Distinct::Many { bits, .. } => bits
                .iter()
                .enumerate()
                .flat_map(|(w, &word)| {
                    (0..64u32)
                        .filter(move |b| word & (1u64 << b) != 0)
                        .map(move |b| w as u32 * 64 + b)
                })
                .collect(),
        }
    }
}

impl Span {
    fn merge(&mut self, other: &Span) {
        if let Some(first) = other.first {
            self.add(first);
        }
        if let Some(last) = other.last {
            self.add(last);
        }
    }
}

/// Which of a [`Tally`]'s figures a pass counts: all of them, or one of
/// two halves that share no figure. Two threads can then fold the same
/// contacts in the same order, each into its half, and every sum is made
/// in the order one thread would make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Every figure.
    All,
    /// The sites' own figures (`sites`, `site_topics`).
    Sites,
    /// The others: people, mentee entries, mentors, topics, months by
    /// mentor, rows outside the window.
    People,
}

impl Part {
    fn sites(self) -> bool {
        self != Part::People
    }

    fn people(self) -> bool {
        self != Part::Sites
    }
}

/// The figures of contacts counted so far, by dense ids (site key, mentee
/// and site, mentor key, month and site): small however many rows went in.
/// Each file has its own; the report merges them in file order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    sites: Vec<SiteAcc>,
    /// First spelling of each person key named by a used row in the window.
    people: Vec<Display>,
    /// Used rows in the window naming each person key as a mentee, and as
    /// a mentor (for the notice of names that look alike).
    person_rows: Vec<(u64, u64)>,
    /// Per mentee key and site key: the index of its entry in `mentees`.
    mentee_entries: FastMap<(u32, u32), u32>,
    /// Mentee key and site key of each entry, with its figures.
    mentees: Vec<((u32, u32), MenteeAcc)>,
    mentors: FastMap<u32, MentorAcc>,
    /// Per topic key.
    topics: Vec<TopicAcc>,
    /// Per site key and topic key: held contacts and minutes (split).
    site_topics: FastMap<(u32, u32), (u64, f64)>,
    /// Held contacts without a topic, and their minutes.
    untagged: (u64, f64),
    /// Per month and mentor key: held contacts and minutes.
    mentor_months: FastMap<(i16, i8, u32), (u64, f64)>,
    /// Held contacts without a mentor.
    without_mentor: u64,
    /// Used rows dated outside the analysis window.
    pub rows_outside_window: u64,
}

impl Tally {
    /// Takes the figures of [`Part::Sites`] out, as a tally of their own.
    pub(crate) fn take_sites(&mut self) -> Tally {
        Tally {
            sites: std::mem::take(&mut self.sites),
            site_topics: std::mem::take(&mut self.site_topics),
            ..Tally::default()
        }
    }

    /// Puts back the figures taken by [`Tally::take_sites`].
    pub(crate) fn put_sites(&mut self, sites: Tally) {
        self.sites = sites.sites;
        self.site_topics = sites.site_topics;
    }

    fn site(&mut self, key: u32) -> &mut SiteAcc {
        let i = key as usize;
        if i >= self.sites.len() {
            self.sites.resize_with(i + 1, SiteAcc::default);
        }
        &mut self.sites[i]
    }

    fn person(&mut self, key: u32, position: u64, spelling: u32) {
        let i = key as usize;
        if i >= self.people.len() {
            self.people.resize(i + 1, None);
        }
        earliest(&mut self.people[i], position, spelling);
    }

    fn topic(&mut self, key: u32) -> &mut TopicAcc {
        let i = key as usize;
        if i >= self.topics.len() {
            self.topics.resize_with(i + 1, TopicAcc::default);
        }
        &mut self.topics[i]
    }

    /// The index of the entry of mentee `key` at site `site`, made if new.
    fn mentee_entry(&mut self, key: u32, site: u32) -> u32 {
        let mentees = &mut self.mentees;
        *self.mentee_entries.entry((key, site)).or_insert_with(|| {
            mentees.push(((key, site), MenteeAcc::default()));
            mentees.len() as u32 - 1
        })
    }

    fn person_rows(&mut self, key: u32) -> &mut (u64, u64) {
        let i = key as usize;
        if i >= self.person_rows.len() {
            self.person_rows.resize(i + 1, (0, 0));
        }
        &mut self.person_rows[i]
    }

    /// Records that a used row in the window, at `position`, names its site
    /// (key `site`, spelling `site_spelling`), mentor, mentees and topics
    /// (spelling ids), in the figures of `part`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn name_row(
        &mut self,
        part: Part,
        position: u64,
        site: u32,
        site_spelling: u32,
        mentor: u32,
        mentees: &[u32],
        topics: &[u32],
        vocabulary: &Vocabulary,
    ) {
        if part.sites() {
            let site_acc = self.site(site);
            earliest(&mut site_acc.display, position, site_spelling);
            site_acc.rows += 1;
        }
        if !part.people() {
            return;
        }
        for &topic in topics {
            let key = vocabulary.topics.key(topic);
            earliest(&mut self.topic(key).display, position, topic);
        }
        if mentor != NONE {
            let key = vocabulary.people.key(mentor);
            self.person(key, position, mentor);
            self.person_rows(key).1 += 1;
        }
        // (The mentee's entry at the site is made by `add_contact`, which
        // every row named here goes on to.)
        for &mentee in mentees {
            let key = vocabulary.people.key(mentee);
            self.person(key, position, mentee);
            self.person_rows(key).0 += 1;
        }
    }

    /// Counts one contact in the window, with each mentee's (key)
    /// attendance and its topics (spelling ids of distinct topics), in the
    /// figures of `part`.
    pub(crate) fn add_contact(
        &mut self,
        part: Part,
        contact: &Contact,
        attendance: impl Iterator<Item = (u32, Attendance)>,
        topics: &[u32],
        vocabulary: &Vocabulary,
    ) {
        let (sites, people) = (part.sites(), part.people());
        let minutes = contact.minutes;
        let mentor_key = (contact.mentor != NONE).then(|| vocabulary.people.key(contact.mentor));
        if contact.held {
            // Each topic has an even share of the contact's minutes.
            if topics.is_empty() {
                if people {
                    self.untagged.0 += 1;
                    self.untagged.1 += minutes;
                }
            } else {
                let share = minutes / topics.len() as f64;
                for &topic in topics {
                    let key = vocabulary.topics.key(topic);
                    if people {
                        let acc = self.topic(key);
                        acc.contacts += 1;
                        acc.minutes += share;
                    }
                    if sites {
                        let site_topic = self.site_topics.entry((contact.site, key)).or_default();
                        site_topic.0 += 1;
                        site_topic.1 += share;
                    }
                }
            }
            if sites {
                let mentor_name =
                    (contact.mentor != NONE).then(|| vocabulary.people.spelling(contact.mentor));
                match vocabulary.rates.of_mentor(mentor_name) {
                    Some(rate) => self.site(contact.site).mentor_cost += minutes / 60.0 * rate,
                    None => self.site(contact.site).without_rate += 1,
                }
                let site = self.site(contact.site);
                site.contacts += 1;
                site.minutes += minutes;
                site.span.add(contact.date);
                let mode = &mut site.by_mode[mode_index(contact.mode)];
                mode.0 += 1;
                mode.1 += minutes;
                if contact.mode.is_live() {
                    site.live_contacts += 1;
                    site.live_minutes += minutes;
                    *site.live_sessions.entry(minutes.to_bits()).or_default() += 1;
                }
                site.months.add(MonthTally::index(contact.date), 1, minutes);
            }
            if people {
                match mentor_key {
                    Some(key) => {
                        let month = self
                            .mentor_months
                            .entry((contact.date.year(), contact.date.month(), key))
                            .or_default();
                        month.0 += 1;
                        month.1 += minutes;
                        let mentor = self.mentors.entry(key).or_default();
                        mentor.contacts += 1;
                        mentor.minutes += minutes;
                        mentor.span.add(contact.date);
                        mentor.sites.insert(contact.site);
                    }
                    None => self.without_mentor += 1,
                }
            }
        }
        if sites && contact.all_cancelled {
            self.site(contact.site).cancelled += 1;
        }
        for (mentee_key, attendance) in attendance {
            if sites {
                match attendance {
                    Attendance::Attended => self.site(contact.site).attended += 1,
                    Attendance::DidNotAttend => self.site(contact.site).did_not_attend += 1,
                    Attendance::Cancelled => {}
                }
            }
            if !people {
                continue;
            }
            let entry = self.mentee_entry(mentee_key, contact.site);
            let mentee = &mut self.mentees[entry as usize].1;
            match attendance {
                Attendance::Attended => {
                    mentee.contacts += 1;
                    mentee.minutes += minutes;
                    mentee.span.add(contact.date);
                    if let Some(key) = mentor_key {
                        if let Some(mentor) = self.mentors.get_mut(&key) {
                            mentor.mentees.insert(entry);
                        }
                    }
                }
                Attendance::DidNotAttend => mentee.did_not_attend += 1,
                Attendance::Cancelled => {}
            }
        }
    }

    /// Adds the figures of `other`, counted after these.
    pub(crate) fn merge(&mut self, other: &Tally) {
        for (key, theirs) in other.sites.iter().enumerate() {
            let site = self.site(key as u32);
            if let Some((position, spelling)) = theirs.display {
                earliest(&mut site.display, position, spelling);
            }
            site.rows += theirs.rows;
            site.contacts += theirs.contacts;
            site.minutes += theirs.minutes;
            site.span.merge(&theirs.span);
            for (mine, theirs) in site.by_mode.iter_mut().zip(&theirs.by_mode) {
                mine.0 += theirs.0;
                mine.1 += theirs.1;
            }
            site.live_contacts += theirs.live_contacts;
            site.live_minutes += theirs.live_minutes;
            for (&bits, &n) in &theirs.live_sessions {
                *site.live_sessions.entry(bits).or_default() += n;
            }
            site.did_not_attend += theirs.did_not_attend;
            site.cancelled += theirs.cancelled;
            site.attended += theirs.attended;
            site.mentor_cost += theirs.mentor_cost;
            site.without_rate += theirs.without_rate;
            site.months.merge(&theirs.months);
        }
        for (key, theirs) in other.topics.iter().enumerate() {
            let topic = self.topic(key as u32);
            if let Some((position, spelling)) = theirs.display {
                earliest(&mut topic.display, position, spelling);
            }
            topic.contacts += theirs.contacts;
            topic.minutes += theirs.minutes;
        }
        for (&key, &(contacts, minutes)) in &other.site_topics {
            let acc = self.site_topics.entry(key).or_default();
            acc.0 += contacts;
            acc.1 += minutes;
        }
        self.untagged.0 += other.untagged.0;
        self.untagged.1 += other.untagged.1;
        for (&key, &(contacts, minutes)) in &other.mentor_months {
            let acc = self.mentor_months.entry(key).or_default();
            acc.0 += contacts;
            acc.1 += minutes;
        }
        self.without_mentor += other.without_mentor;
        for (key, display) in other.people.iter().enumerate() {
            if let Some((position, spelling)) = *display {
                self.person(key as u32, position, spelling);
            }
        }
        for (key, &(as_mentee, as_mentor)) in other.person_rows.iter().enumerate() {
            let rows = self.person_rows(key as u32);
            rows.0 += as_mentee;
            rows.1 += as_mentor;
        }
        // Their mentee entries as ours.
        let mut entries = Vec::with_capacity(other.mentees.len());
        for &((key, site), ref theirs) in &other.mentees {
            let entry = self.mentee_entry(key, site);
            entries.push(entry);
            let mentee = &mut self.mentees[entry as usize].1;
            mentee.contacts += theirs.contacts;
            mentee.did_not_attend += theirs.did_not_attend;
            mentee.minutes += theirs.minutes;
            mentee.span.merge(&theirs.span);
        }
        for (&key, theirs) in &other.mentors {
            let mentor = self.mentors.entry(key).or_default();
            mentor.contacts += theirs.contacts;
            mentor.minutes += theirs.minutes;
            mentor.span.merge(&theirs.span);
            for site in theirs.sites.to_vec() {
                mentor.sites.insert(site);
            }
            for entry in theirs.mentees.to_vec() {
                mentor.mentees.insert(entries[entry as usize]);
            }
        }

        self.rows_outside_window += other.rows_outside_window;
    }
}

fn mode_index(mode: Mode) -> usize {
    Mode::ALL.iter().position(|m| *m == mode).unwrap_or(0)
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
    (person_names, person_rank): (&[Option<&str>], &[u32]),
    (site_names, site_rank): (&[Option<&str>], &[u32]),
    person_name: &impl Fn(u32) -> String,
    site_name: &impl Fn(u32) -> String,
) -> (Vec<MenteeStats>, Vec<(u64, f64)>) {
    let mut mentee_rows: Vec<((u32, u32), u32, u32, &MenteeAcc)> = mentees
        .iter()
        .filter(|((key, site), _)| {
            person_names.get(*key as usize).is_some_and(Option::is_some)
                && site_names.get(*site as usize).is_some_and(Option::is_some)
        })
        .map(|&((key, site), ref acc)| {
            (
                (person_rank[key as usize], site_rank[site as usize]),
                key,
                site,
                acc,
            )
        })
        .collect();
    mentee_rows.sort_unstable_by_key(|row| row.0);
    let mut credited: Vec<(u64, f64)> = vec![(0, 0.0); site_names.len()];
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
                mentee: person_name(key),
                site: site_name(site_key),
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
    site_rank: &[u32],
    credited: &[(u64, f64)],
    (rates, mentee_rate): (&Rates, Option<f64>),
    site_name: &impl Fn(u32) -> String,
) -> Vec<SiteStats> {
    let mut site_keys: Vec<u32> = (0..sites.len() as u32)
        .filter(|&k| sites[k as usize].display.is_some())
        .collect();
    site_keys.sort_unstable_by_key(|&k| site_rank[k as usize]);
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
fn month_stats(
    sites: &[SiteAcc],
    site_rank: &[u32],
    site_name: &(impl Fn(u32) -> String + Sync),
) -> Vec<MonthStats> {
    let mut month_keys: Vec<(i32, u32, u32, u32)> = sites
        .iter()
        .enumerate()
        .flat_map(|(key, site)| {
            let rank = site_rank[key];
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
                .get_or_insert_with(|| site_name(site).into())
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
    let Tally {
        sites,
        people: person_display,
        person_rows,
        mentee_entries: _,
        mentees,
        mentors,
        topics,
        site_topics,
        untagged,
        mentor_months,
        without_mentor,
        rows_outside_window,
    } = tally;
    // Every held contact counts at its site, so the overall figures are the sites'.
    let overall_contacts: u64 = sites.iter().map(|s| s.contacts).sum();
    let mut overall_span = Span::default();
    for site in &sites {
        overall_span.merge(&site.span);
    }

    // Each name is found and ranked once; entries are then sorted by the
    // ranks (integers), not by comparing their names.
    let site_names: Vec<Option<&str>> = sites
        .iter()
        .map(|s| s.display.map(|(_, id)| vocabulary.sites.spelling(id)))
        .collect();
    let person_names: Vec<Option<&str>> = person_display
        .iter()
        .map(|d| d.map(|(_, id)| vocabulary.people.spelling(id)))
        .collect();
    let topic_names: Vec<Option<&str>> = topics
        .iter()
        .map(|t| t.display.map(|(_, id)| vocabulary.topics.spelling(id)))
        .collect();
    let site_rank = ranks(&site_names);
    let person_rank = ranks(&person_names);
    let topic_rank = ranks(&topic_names);
    let site_name =
        |key: u32| -> String { site_names[key as usize].unwrap_or_default().to_string() };
    let person_name = |key: u32| -> String {
        person_names
            .get(key as usize)
            .copied()
            .flatten()
            .unwrap_or_default()
            .to_string()
    };
    let topic_name =
        |key: u32| -> String { topic_names[key as usize].unwrap_or_default().to_string() };

    let rates = &vocabulary.rates;
    let mentee_rate = settings.mentee_hourly_cost;
    // The months, the report's longest list, are made on a second thread
    // while this one makes the mentees and the sites.
    let many_months =
        sites.iter().map(|s| s.months.months.len()).sum::<usize>() >= MONTHS_MADE_APART_FROM;
    let (month_stats, (mentee_stats, site_stats)) = both(
        many_months,
        || month_stats(&sites, &site_rank, &site_name),
        || {
            let (mentee_stats, credited) = mentee_stats(
                &mentees,
                (&person_names, &person_rank),
                (&site_names, &site_rank),
                &person_name,
                &site_name,
            );
            let costs = (rates, mentee_rate);
            let site_stats = site_stats(&sites, &site_rank, &credited, costs, &site_name);
            (mentee_stats, site_stats)
        },
    );

    let held_sites: Vec<&SiteStats> = site_stats.iter().filter(|s| s.contacts > 0).collect();
    let values = |f: fn(&SiteStats) -> Option<f64>| -> Vec<f64> {
        held_sites.iter().filter_map(|s| f(s)).collect()
    };
    let across_sites = AcrossSites {
        total_minutes: spread(&values(|s| Some(s.total_minutes))),
        minutes_per_month: spread(&values(|s| s.minutes_per_month)),
        minutes_per_mentee: spread(&values(|s| s.minutes_per_mentee)),
        live_minutes_pct: spread(&values(|s| s.live_minutes_pct)),
        total_cost: spread(&values(|s| s.total_cost)),
    };

    // Each mentor's busiest month: the most minutes, the earliest on a tie.
    let mut peaks: FastMap<u32, ((i16, i8), f64)> = FastMap::default();
    for (&(year, month, key), &(_, minutes)) in &mentor_months {
        let peak = peaks.entry(key).or_insert(((year, month), minutes));
        if minutes > peak.1 || (minutes == peak.1 && (year, month) < peak.0) {
            *peak = ((year, month), minutes);
        }
    }
    // Mentors, sorted by display name.
    let mut mentor_keys: Vec<(u32, u32)> = mentors
        .keys()
        .map(|&key| (person_rank[key as usize], key))
        .collect();
    mentor_keys.sort_unstable();
    let mentor_stats: Vec<MentorStats> = mentor_keys
        .iter()
        .map(|&(_, key)| {
            let acc = &mentors[&key];
            let name = person_name(key);
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
                cost: rates
                    .of_mentor(Some(&name))
                    .map(|rate| acc.minutes / 60.0 * rate),
                mentor: name,
            }
        })
        .collect();
    let mut mentor_month_keys: Vec<((i16, i8, u32), u32)> = mentor_months
        .keys()
        .map(|&(year, month, key)| ((year, month, person_rank[key as usize]), key))
        .collect();
    mentor_month_keys.sort_unstable();
    let mentor_month_stats: Vec<MentorMonthStats> = mentor_month_keys
        .iter()
        .map(|&((year, month, _), key)| {
            let (contacts, minutes) = mentor_months[&(year, month, key)];
            MentorMonthStats {
                month: format!("{year:04}-{month:02}"),
                mentor: person_name(key),
                contacts,
                minutes,
            }
        })
        .collect();

    // From 0.0: an empty float sum is -0.0.
    let total_minutes = site_stats.iter().fold(0.0, |sum, s| sum + s.total_minutes);
    // Topics, over held contacts in the window.
    let mut topic_keys: Vec<(u32, usize)> = topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.contacts > 0 && t.display.is_some())
        .map(|(key, _)| (topic_rank[key], key))
        .collect();
    topic_keys.sort_unstable();
    let topic_stats: Vec<TopicStats> = topic_keys
        .iter()
        .map(|&(_, key)| {
            let t = &topics[key];
            TopicStats {
                topic: topic_name(key as u32),
                contacts: t.contacts,
                contacts_pct: percent(t.contacts as f64, overall_contacts as f64),
                minutes: t.minutes,
                minutes_pct: percent(t.minutes, total_minutes),
            }
        })
        .collect();
    let mut site_topic_keys: Vec<((u32, u32), (u32, u32))> = site_topics
        .keys()
        .map(|&(site, topic)| {
            (
                (site_rank[site as usize], topic_rank[topic as usize]),
                (site, topic),
            )
        })
        .collect();
    site_topic_keys.sort_unstable();
    let site_topic_stats: Vec<SiteTopicStats> = site_topic_keys
        .iter()
        .map(|&(_, (site, topic))| {
            let (contacts, minutes) = site_topics[&(site, topic)];
            SiteTopicStats {
                site: site_name(site),
                topic: topic_name(topic),
                contacts,
                minutes,
            }
        })
        .collect();

    // Overall costs are the sites' sums, null where any site's is null.
    let sum_of = |f: fn(&SiteStats) -> Option<f64>| -> Option<f64> {
        site_stats
            .iter()
            .try_fold(0.0, |sum, s| f(s).map(|cost| sum + cost))
            .filter(|_| settings.has_costs())
    };
    let overall = Overall {
        sites: held_sites.len() as u64,
        mentees: mentee_stats.iter().filter(|m| m.contacts > 0).count() as u64,
        mentors: mentor_stats.len() as u64,
        contacts: overall_contacts,
        total_minutes,
        first_contact: overall_span.first_text(),
        last_contact: overall_span.last_text(),
        months: overall_span.months(),
        untagged_contacts: untagged.0,
        untagged_minutes: untagged.1,
        mentor_cost: sum_of(|s| s.mentor_cost),
        mentee_cost: sum_of(|s| s.mentee_cost),
        total_cost: sum_of(|s| s.total_cost),
        across_sites,
    };

    // Input accounting.
    let mut rejected: Vec<&Rejection> = files
        .iter()
        .flat_map(|f| &f.rejected)
        .chain(&groups.rejected)
        .collect();
    rejected.sort_by_key(|r| (r.file, r.line));
    let mut rejected_per_file = vec![0u64; summaries.len()];
    for r in &rejected {
        rejected_per_file[r.file as usize] += 1;
    }
    let rows_read: u64 = summaries.iter().map(|f| f.rows_read).sum();
    let rows_rejected = rejected.len() as u64;
    let names: Vec<&str> = summaries.iter().map(|f| f.name.as_str()).collect();
    let live_durations: Vec<LiveDurations> = files
        .iter()
        .zip(&groups.live_durations)
        .map(|(file, groups)| {
            let mut all = file.live_durations;
            all.merge(*groups);
            all
        })
        .collect();
    let look_like_hours: Vec<bool> = summaries
        .iter()
        .zip(&live_durations)
        .map(|(summary, live)| {
            summary.columns.column(Field::Duration).is_some()
                && summary.duration_unit == DurationUnit::Minutes
                && !summary.duration_unit_given
                && !summary.columns.duration_unit().1
                && live.look_like_hours()
        })
        .collect();
    let mut notices: Vec<String> = duplicates
        .iter()
        .map(|(name, first)| format!("{name}: the same bytes as {first}, so it is read once"))
        .collect();
    for ((summary, live), &hours) in summaries.iter().zip(&live_durations).zip(&look_like_hours) {
        notices.extend(file_notices(summary, *live, hours));
    }
    notices.extend(
        summaries
            .iter()
            .zip(files)
            .filter_map(|(summary, file)| contacts::date_order_notice(summary, file.order)),
    );
    notices.extend(contacts::contact_notices(files, &names, &groups));
    let labels = label_uses(files);
    notices.extend(label_notices(&labels));
    let merged: Vec<String> = vocabulary
        .merged_names()
        .map(|(field, name, as_name, used)| {
            let unused = if used { "" } else { ", but no row names it" };
            format!("{field} {name:?} as {as_name:?}{unused}")
        })
        .collect();
    if !merged.is_empty() {
        notices.push(format!(
            "names counted as others, as asked (--same): {}",
            merged.join("; ")
        ));
    }
    let shown = names_by_field(&sites, &person_display, &person_rows, vocabulary);
    notices.extend(mixed_script_notice(&shown));
    let near_duplicates = near_duplicates(shown);
    notices.extend(near_duplicates.iter().map(near_duplicate_notice));
    notices.extend(cost_notices(
        settings,
        &mentor_stats,
        &sites,
        without_mentor,
    ));

    let review = Review {
        files: summaries
            .iter()
            .zip(files)
            .zip(&rejected_per_file)
            .zip(&look_like_hours)
            .map(|(((summary, file), &rejected), &hours)| FileReview {
                name: summary.name.clone(),
                date_order: file.order,
                rows_used: summary.rows_read - rejected,
                rows_rejected: rejected,
                durations_look_like_hours: hours,
            })
            .collect(),
        labels,
        near_duplicates,
        duplicates: duplicates.to_vec(),
    };

    let report = Report {
        schema_version: SCHEMA_VERSION,
        settings: ReportSettings {
            date_order: settings.date_order,
            written_message_minutes: settings.written_message_minutes,
            from: settings.from.map(|d| d.to_string()),
            to: settings.to.map(|d| d.to_string()),
            mentor_hourly_cost: settings.mentor_hourly_cost,
            mentor_costs: settings.mentor_costs.iter().cloned().collect(),
            mentee_hourly_cost: settings.mentee_hourly_cost,
            currency: settings.currency.clone(),
        },
        input: Input {
            files: summaries
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
                    file: names[r.file as usize].to_string(),
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
        topics: topic_stats,
        site_topics: site_topic_stats,
        mentor_months: mentor_month_stats,
        outcomes: Vec::new(),
    };
    (report, review)
}

/// The notice that the sheets before the one read were passed over, if
/// any were: their header row names no `naming`.
pub(crate) fn passed_over_notice(
    file: &str,
    choice: &crate::ingest::workbook::SheetChoice,
    naming: &str,
) -> Option<String> {
    if choice.passed_over.is_empty() {
        return None;
    }
    let sheets: Vec<String> = choice
        .passed_over
        .iter()
        .map(|s| format!("{s:?}"))
        .collect();
    Some(format!(
        "{file}: sheets passed over, as they have no header row naming {naming}: {}",
        and_list(&sheets)
    ))
}

/// `"A"`, `"A" and "B"`, `"A", "B" and "C"`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1 row`, `2 rows`.
pub(crate) fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

/// The notices of one file: how it was read, what was guessed, and what
/// was passed over.
fn file_notices(file: &FileSummary, live: LiveDurations, look_like_hours: bool) -> Vec<String> {
    let name = &file.name;
    let columns = &file.columns;
    let mut notices = Vec::new();
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
        "{name}: read as {format}; header on line {}{above}",
        file.header_line
    ));
    if let Some(super::ingest::TableFormat::Workbook(choice)) = &file.format {
        if let Some(wanted) = &choice.requested_missing {
            notices.push(format!(
                "{name}: has no sheet {wanted:?} (--sheet {wanted:?}); sheet {:?} was read instead, the first with a header row",
                choice.sheet
            ));
        }
        notices.extend(passed_over_notice(name, choice, "date, site and mode"));
    }
    for o in &columns.overrides_missing {
        let fallback = match columns.header_of(o.field) {
            Some(h) => format!("its {} column is {h:?}", o.field),
            None => format!("it has no {} column", o.field),
        };
        notices.push(format!(
            "{name}: has no column {:?} ({}), so the usual rules apply: {fallback}",
            o.header.as_deref().unwrap_or_default(),
            o.flag()
        ));
    }
    if !columns.unmapped.is_empty() {
        let fields: Vec<String> = columns.unmapped.iter().map(|f| f.to_string()).collect();
        notices.push(format!(
            "{name}: read without a column for {}, as asked",
            and_list(&fields)
        ));
    }
    let by_words: Vec<String> = Field::ALL
        .iter()
        .filter(|&&f| columns.chosen(f) == Some(Chosen::Words))
        .map(|&f| format!("{f} in {:?}", columns.header_of(f).unwrap_or_default()))
        .collect();
    if !by_words.is_empty() {
        notices.push(format!(
            "{name}: columns found by the words of their header: {}",
            and_list(&by_words)
        ));
    }
    for (field, other) in &columns.rivals {
        notices.push(format!(
            "{name}: column {other:?} could also be the {field}; {:?} is used (--column {field}={other:?} to use the other)",
            columns.header_of(*field).unwrap_or_default()
        ));
    }
    if let Some(header) = columns.header_of(Field::Duration) {
        if file.duration_unit == DurationUnit::Hours {
            let why = if file.duration_unit_given {
                "as asked (--duration-unit hours)".to_string()
            } else {
                "as its header says".to_string()
            };
            notices.push(format!(
                "{name}: plain numbers in {header:?} are read as hours (1.5 is 90 minutes), {why}"
            ));
        }
        if look_like_hours {
            notices.push(format!(
                "{name}: {} of {} held live contacts last under 5 minutes, so the numbers in {header:?} look like hours; if they are hours, read them as hours (--duration-unit hours)",
                live.under_5, live.contacts
            ));
        }
    }
    if !columns.unused.is_empty() {
        notices.push(format!(
            "{name}: columns not used: {}",
            columns.unused.join(", ")
        ));
    }
    if !columns.duplicates.is_empty() {
        notices.push(format!(
            "{name}: repeated columns ignored (the first of each is used): {}",
            columns.duplicates.join(", ")
        ));
    }
    let table = &file.table;
    if table.skipped.blank > 0 {
        notices.push(format!(
            "{name}: {} empty lines or rows skipped (they are not records)",
            table.skipped.blank
        ));
    }
    if table.skipped.totals > 0 {
        notices.push(format!(
            "{name}: {} skipped as totals (Total, Subtotal, Grand total or Sum: they are not contacts)",
            rows(table.skipped.totals)
        ));
    }
    if table.skipped.repeated_headers > 0 {
        notices.push(format!(
            "{name}: {} repeating the header skipped (they are not contacts)",
            rows(table.skipped.repeated_headers)
        ));
    }
    if table.not_utf8.0 > 0 {
        let lines: Vec<String> = table.not_utf8.1.iter().map(u64::to_string).collect();
        let more = table.not_utf8.0 - table.not_utf8.1.len() as u64;
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        notices.push(format!(
            "{name}: {} with bytes that are not UTF-8 (line {}{more}): the cells with such bytes are read as Windows-1252, the rest of the file as UTF-8",
            rows(table.not_utf8.0),
            lines.join(", ")
        ));
    }
    if table.redcap_export {
        notices.push(format!(
            "{name}: a REDCap export; {} records' own rows (blank repeat instrument) are not contacts, and their values fill the blank cells of the same record's rows",
            table.skipped.record_rows
        ));
    }
    let counts = |columns: &[super::ingest::redcap::ColumnCount], values: bool| -> String {
        let listed: Vec<String> = columns
            .iter()
            .map(|c| {
                let shown: Vec<String> = c.values.iter().map(|v| format!("{v:?}")).collect();
                if values && !shown.is_empty() {
                    format!("{} ({} cells: {})", c.header, c.cells, shown.join(", "))
                } else {
                    format!("{} ({} cells)", c.header, c.cells)
                }
            })
            .collect();
        and_list(&listed)
    };
    if !table.decoded.is_empty() {
        notices.push(format!(
            "{name}: codes read as their labels with the data dictionary: {}",
            counts(&table.decoded, false)
        ));
    }
    if !table.unknown_codes.is_empty() {
        notices.push(format!(
            "{name}: codes the data dictionary does not list, kept as written: {}",
            counts(&table.unknown_codes, true)
        ));
    }
    if !table.unreadable_checkboxes.is_empty() {
        notices.push(format!(
            "{name}: checkbox cells that are neither checked (1, Checked) nor unchecked (0, Unchecked), left unmarked: {}",
            counts(&table.unreadable_checkboxes, true)
        ));
    }
    notices
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

/// The notices of labels read by their words, as the user said, or as
/// mode "other".
fn label_notices(labels: &[LabelUse]) -> Vec<String> {
    let listed = |how: &str, field: &str| -> Vec<String> {
        labels
            .iter()
            .filter(|l| l.how == how && l.field == field)
            .map(|l| match (&l.read_as, how) {
                (_, "unlisted") | (None, _) => format!("{:?} ({})", l.label, rows(l.rows)),
                (Some(value), _) => format!("{:?} as {value} ({})", l.label, rows(l.rows)),
            })
            .collect()
    };
    let mut notices = Vec::new();
    let words = listed("words", "mode");
    if !words.is_empty() {
        notices.push(format!(
            "mode labels read by their words: {}",
            words.join(", ")
        ));
    }
    for field in ["mode", "attendance"] {
        let by_user = listed("by_user", field);
        if !by_user.is_empty() {
            notices.push(format!(
                "{field} labels read as asked (--value): {}",
                by_user.join(", ")
            ));
        }
    }
    let other = listed("unlisted", "mode");
    if !other.is_empty() {
        notices.push(format!(
            "mode labels counted as \"other\" (neither live nor written): {}",
            other.join(", ")
        ));
    }
    notices
}

/// What the cost settings leave out: named mentor rates that no mentor of a
/// held contact has, mentors without a rate, and contacts without a mentor
/// where there is no rate for any mentor.
fn cost_notices(
    settings: &Settings,
    mentors: &[MentorStats],
    sites: &[SiteAcc],
    without_mentor: u64,
) -> Vec<String> {
    let mut notices = Vec::new();
    let unused: Vec<String> = settings
        .mentor_costs
        .iter()
        .filter(|(name, _)| {
            let name = crate::value::normalize_name(name);
            !mentors
                .iter()
                .any(|m| unicase::UniCase::new(m.mentor.as_str()) == unicase::UniCase::new(&*name))
        })
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    if !unused.is_empty() {
        notices.push(format!(
            "mentor costs for names that no held contact's mentor has (--mentor-cost): {}",
            and_list(&unused)
        ));
    }
    let any_rate = settings.mentor_hourly_cost.is_some() || !settings.mentor_costs.is_empty();
    if any_rate && sites.iter().any(|s| s.without_rate > 0) {
        let no_rate: Vec<String> = mentors
            .iter()
            .filter(|m| m.cost.is_none())
            .map(|m| format!("{:?}", m.mentor))
            .collect();
        let mut parts = Vec::new();
        if !no_rate.is_empty() {
            parts.push(format!("mentors without a rate: {}", and_list(&no_rate)));
        }
        if without_mentor > 0 && settings.mentor_hourly_cost.is_none() {
            parts.push(format!("{} held contacts without a mentor", without_mentor));
        }
        notices.push(format!(
            "the mentor cost of the sites where they are is null ({}); give a rate for every mentor (--mentor-cost \"NAME=AMOUNT\") or for any mentor (--mentor-cost AMOUNT)",
            parts.join("; ")
        ));
    }
    notices
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

/// Names that mix Latin letters with Cyrillic or Greek ones in a word, in
/// a notice: they look like other names.
fn mixed_script_notice(names: &[(&'static str, Vec<(String, u64)>)]) -> Option<String> {
    let mut listed: Vec<String> = Vec::new();
    for (field, names) in names {
        let mut mixed: Vec<&(String, u64)> = names
            .iter()
            .filter(|(name, _)| mixes_scripts(name))
            .collect();
        mixed.sort();
        listed.extend(mixed.iter().map(|(name, n)| {
            let odd: Vec<String> = odd_letters(name)
                .iter()
                .map(|(c, script)| format!("\"{c}\" is {script} U+{:04X}", u32::from(*c)))
                .collect();
            format!("{field} {name:?} ({}; {})", rows(*n), odd.join(", "))
        }));
    }
    (!listed.is_empty()).then(|| {
        format!(
            "names that mix Latin letters with Cyrillic or Greek ones in a word, so they may look like other names: {}",
            listed.join(", ")
        )
    })
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

fn near_duplicate_notice(group: &NearDuplicates) -> String {
    let names: Vec<String> = group
        .names
        .iter()
        .map(|(n, r)| format!("{n:?} ({})", rows(*r)))
        .collect();
    let flags: Vec<String> = group
        .names
        .iter()
        .filter(|(n, _)| *n != group.target)
        .map(|(n, _)| {
            format!(
                "--same {}:{:?}",
                group.field,
                format!("{n}={}", group.target)
            )
        })
        .collect();
    format!(
        "{}s {} differ only in punctuation or spaces, so they are counted as different {}s; if they are one, merge them ({})",
        group.field,
        and_list(&names),
        group.field,
        flags.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::Distinct;
    use std::collections::BTreeSet;

    /// A set of `n` integers drawn from `0..range` (some twice), against
    /// a `BTreeSet`: the same members and size, through the switch from a
    /// hash set to a bitset where it happens.
    fn check(n: u32, range: u32) {
        let mut set = Distinct::default();
        let mut model = BTreeSet::new();
        let mut x: u32 = 12345;
        for _ in 0..n {
            // A linear congruential sequence: repeatable, with repeats.
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let i = (x >> 8) % range;
            set.insert(i);
            model.insert(i);
            assert_eq!(set.len(), model.len() as u64);
        }
        let mut members = set.to_vec();
        members.sort_unstable();
        assert_eq!(members, model.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn distinct_counts_each_integer_once_as_a_hash_set_or_a_bitset() {
        // Few and far apart: stays a hash set.
        check(200, 4_000_000_000);
        // Many, close together: becomes a bitset.
        check(20_000, 17_000);
        let mut dense = Distinct::default();
        for i in 0..1000 {
            dense.insert(i);
        }
        assert!(matches!(dense, Distinct::Many { .. }));
        // Integers at both ends of the range.
        check(5_000, u32::MAX);
        let mut ends = Distinct::default();
        ends.insert(0);
        ends.insert(u32::MAX);
        assert_eq!(ends.len(), 2);
    }
}
