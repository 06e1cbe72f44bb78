//! Counters: the running figures of the contacts counted so far.
//!
//! Each figure is an accumulator keyed by a dense id (site key, mentee and
//! site, mentor key, month and site), fed one [`Contact`] at a time; a
//! [`Tally`] is small however many rows went in, and tallies merge in file
//! order, so every sum is taken in the same order each time.

use jiff::civil::Date;

use super::maps::{FastMap, FastSet};
use super::names::{Vocabulary, NONE};
use super::value::{Attendance, Mode};

/// One mentoring contact, ready to be counted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Contact {
    /// Site key.
    pub site: u32,
    /// Its date.
    pub date: Date,
    /// The mode of its first row.
    pub mode: Mode,
    /// Person spelling id of the first non-blank mentor of its rows, or [`NONE`].
    pub mentor: u32,
    /// Minutes it counts (the largest duration, or the default for its mode).
    pub minutes: f64,
    /// At least one row is attended.
    pub held: bool,
    /// Every row is cancelled.
    pub all_cancelled: bool,
}

/// First and last date of a set of contacts.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl Span {
    fn add(&mut self, date: Date) {
        self.first = Some(self.first.map_or(date, |d| d.min(date)));
        self.last = Some(self.last.map_or(date, |d| d.max(date)));
    }

    /// Calendar months from first to last, both counted.
    pub(crate) fn months(&self) -> Option<u32> {
        let (first, last) = (self.first?, self.last?);
        let index = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month());
        u32::try_from(index(last) - index(first) + 1).ok()
    }

    pub(crate) fn first_text(&self) -> Option<String> {
        self.first.map(|d| d.to_string())
    }

    pub(crate) fn last_text(&self) -> Option<String> {
        self.last.map(|d| d.to_string())
    }
}

impl Span {
    pub(crate) fn merge(&mut self, other: &Span) {
        if let Some(first) = other.first {
            self.add(first);
        }
        if let Some(last) = other.last {
            self.add(last);
        }
    }
}

/// The first spelling a name was seen with: position of its row, spelling id.
pub(crate) type Display = Option<(u64, u32)>;

fn earliest(display: &mut Display, position: u64, spelling: u32) {
    if display.is_none_or(|(p, _)| position < p) {
        *display = Some((position, spelling));
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SiteAcc {
    /// Set once a used row in the window names the site.
    pub display: Display,
    /// Used rows in the window naming it.
    pub rows: u64,
    pub contacts: u64,
    pub minutes: f64,
    pub span: Span,
    pub by_mode: [(u64, f64); 6],
    pub live_contacts: u64,
    pub live_minutes: f64,
    /// Minutes of held live contacts (as bits), with how many gave each:
    /// few distinct values however many contacts.
    pub live_sessions: FastMap<u64, u64>,
    pub did_not_attend: u64,
    pub cancelled: u64,
    pub attended: u64,
    /// Mentor cost of its held contacts that have a rate.
    pub mentor_cost: f64,
    /// Held contacts without a mentor rate.
    pub without_rate: u64,
    /// Held contacts and minutes per calendar month.
    pub months: MonthTally,
}

/// Held contacts and minutes per calendar month, in month order: kept with
/// its site (contacts mostly come in date order, so the last month is the
/// usual one to add to), where one map of every site and month would be
/// looked up at random.
#[derive(Clone, Debug, Default)]
pub(crate) struct MonthTally {
    /// Month index (year x 12 + month - 1), contacts, minutes.
    pub months: Vec<(i32, u64, f64)>,
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

    pub(crate) fn merge(&mut self, other: &MonthTally) {
        for &(month, contacts, minutes) in &other.months {
            self.add(month, contacts, minutes);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TopicAcc {
    /// Set once a used row in the window names the topic.
    pub display: Display,
    pub contacts: u64,
    pub minutes: f64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct MenteeAcc {
    pub contacts: u64,
    pub did_not_attend: u64,
    pub minutes: f64,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct MentorAcc {
    pub contacts: u64,
    pub minutes: f64,
    pub span: Span,
    /// Site keys of its held contacts.
    pub sites: Distinct,
    /// Mentee entries (indices into [`Tally::mentees`]) it met.
    pub mentees: Distinct,
}

/// A set of integers that count from 0 (site keys, mentee entries, so the
/// largest is at most how many there are): a hash set while
/// it holds few of them, a bitset once that takes less room. Forty
/// mentors who each meet most of 17,000 mentees take 2 KB each as
/// bitsets, where hash sets of pairs took 300 KB each; a mentor who meets
/// three of them takes a few bytes.
#[derive(Clone, Debug)]
pub(crate) enum Distinct {
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

    pub(crate) fn len(&self) -> u64 {
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
    pub sites: Vec<SiteAcc>,
    /// First spelling of each person key named by a used row in the window.
    pub people: Vec<Display>,
    /// Used rows in the window naming each person key as a mentee, and as
    /// a mentor (for the notice of names that look alike).
    pub person_rows: Vec<(u64, u64)>,
    /// Per mentee key and site key: the index of its entry in `mentees`.
    pub mentee_entries: FastMap<(u32, u32), u32>,
    /// Mentee key and site key of each entry, with its figures.
    pub mentees: Vec<((u32, u32), MenteeAcc)>,
    pub mentors: FastMap<u32, MentorAcc>,
    /// Per topic key.
    pub topics: Vec<TopicAcc>,
    /// Per site key and topic key: held contacts and minutes (split).
    pub site_topics: FastMap<(u32, u32), (u64, f64)>,
    /// Held contacts without a topic, and their minutes.
    pub untagged: (u64, f64),
    /// Per month and mentor key: held contacts and minutes.
    pub mentor_months: FastMap<(i16, i8, u32), (u64, f64)>,
    /// Held contacts without a mentor.
    pub without_mentor: u64,
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
    // Long: a contact goes through every figure in one pass, the hot path
    // of a large log.
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
    // Long: every figure of the tally in turn, as `add_contact` counts them.
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
