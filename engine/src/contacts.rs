//! Contacts: rows merged into the mentoring contacts they record, as the
//! rows stream by.
//!
//! A file's numeric dates (`03/04/2018`) are read in the order under which
//! more of them are valid, which is only known at the end of the file. So
//! the order is taken from the first date that reads one way only; rows
//! before it whose dates read both ways wait for it. If the file's majority
//! ends up the other way (a file whose dates disagree), the file is read
//! again in that order, so every figure is as if the order had been known.
//!
//! A row without a session value is a contact of its own and is folded into
//! the file's [`Tally`] at once. Rows with one are kept, compactly, until
//! every file is in: rows sharing a session value, a site and a date become
//! one group contact, even across files. A held live contact that no row
//! gives a duration for cannot be counted, so its rows are rejected.

use jiff::civil::Date;

use super::counters::{Contact, Part, Tally};
use super::ingest::FileErrorKind;
use super::names::{Vocabulary, NONE};
use super::records::{DateOrderEvidence, FileLabels, Rejection, Row};
use super::settings::Settings;
use super::threads::both;
use super::value::{Attendance, DateOrder, Mode, ParsedDate};

/// How many contacts of mode `other` without a duration a notice names.
pub(crate) const PLACES_LISTED: usize = 10;

/// Where a row is: file index in the high half, line in the low half, so
/// that positions order as the rows do.
fn position(file: u32, line: u32) -> u64 {
    u64::from(file) << 32 | u64::from(line)
}

pub(crate) fn place(position: u64) -> (u32, u32) {
    ((position >> 32) as u32, position as u32)
}

/// A row of a group session, kept until every file is in. A large log
/// keeps hundreds of thousands, so a row takes 36 bytes: its date, mode
/// and attendance share one 32-bit word, and the struct is packed to
/// 4-byte alignment (its fields are read by value, never borrowed).
#[derive(Clone, Copy, Debug)]
#[repr(C, packed(4))]
pub(crate) struct GroupRow {
    /// Duration in minutes; NaN where the cell is blank or absent.
    pub minutes: f64,
    /// Physical line where the record starts.
    pub line: u32,
    /// The date (year + 10,000, month and day), the mode and the
    /// attendance: see [`GroupRow::new`].
    date_mode_attendance: u32,
    /// Site spelling id.
    pub site: u32,
    /// Mentor spelling id, or [`NONE`].
    pub mentor: u32,
    /// Session id.
    pub session: u32,
    /// Mentee list id.
    pub mentees: u32,
    /// Topic list id.
    pub topics: u32,
}

/// Attendance values in the order of their code in a [`GroupRow`].
const ATTENDANCE: [Attendance; 3] = [
    Attendance::Attended,
    Attendance::DidNotAttend,
    Attendance::Cancelled,
];

impl GroupRow {
    /// A row of `row`'s figures, dated `date` (read in its file's order).
    fn new(row: &Row, date: Date) -> GroupRow {
        // Years are -9999 to 9999 (jiff's range): 15 bits once shifted.
        let year = (i32::from(date.year()) + 10_000) as u32;
        // The enums' variants are declared in the order of `Mode::ALL` and
        // `ATTENDANCE` (a test checks every one comes back).
        let mode = row.mode as u32;
        let attendance = row.attendance as u32;
        GroupRow {
            minutes: row.minutes,
            line: row.line,
            date_mode_attendance: year << 14
                | (date.month() as u32) << 10
                | (date.day() as u32) << 5
                | mode << 2
                | attendance,
            site: row.site,
            mentor: row.mentor,
            session: row.session,
            mentees: row.mentees,
            topics: row.topics,
        }
    }

    /// Its date as an integer that sorts as dates do.
    fn day_number(&self) -> u32 {
        self.date_mode_attendance >> 5
    }

    pub(crate) fn date(&self) -> Date {
        let packed = self.date_mode_attendance;
        let year = (packed >> 14) as i32 - 10_000;
        let month = ((packed >> 10) & 0xF) as i8;
        let day = ((packed >> 5) & 0x1F) as i8;
        // Unpacked from a valid date made by `new`.
        Date::new(year as i16, month, day).unwrap_or_default()
    }

    pub(crate) fn mode(&self) -> Mode {
        Mode::ALL[((self.date_mode_attendance >> 2) & 0x7) as usize % Mode::ALL.len()]
    }

    /// The attendance of its mentees.
    pub(crate) fn attendance(&self) -> Attendance {
        ATTENDANCE[(self.date_mode_attendance & 0x3) as usize % ATTENDANCE.len()]
    }
}

/// Where a group row sorts among all of them: by session, site and date
/// (the rows of one contact), then by file and line. The keys are worked
/// out once, so sorting hundreds of thousands of rows compares integers
/// and does not look each row's site up at every comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct GroupKey {
    /// Session id (high half) and site key (low half).
    session_site: u64,
    /// The date, in order (high half), and the file (low half).
    date_file: u64,
    /// Physical line of the row.
    line: u32,
    /// The row's index among its file's group rows.
    index: u32,
}

impl GroupKey {
    fn new(row: &GroupRow, site_key: u32, file: u32, index: u32) -> GroupKey {
        GroupKey {
            session_site: u64::from(row.session) << 32 | u64::from(site_key),
            date_file: u64::from(row.day_number()) << 32 | u64::from(file),
            line: row.line,
            index,
        }
    }

    fn file(&self) -> u32 {
        self.date_file as u32
    }

    /// Whether two rows belong to one contact: same session, site and date.
    fn same_contact(&self, other: &GroupKey) -> bool {
        self.session_site == other.session_site && self.date_file >> 32 == other.date_file >> 32
    }
}

/// Rows per block of [`GroupRows`].
const BLOCK: usize = 16 * 1024;

/// A file's group rows, in blocks of fixed size: growing never copies them
/// and never holds twice their size, as one vector would while it doubles.
#[derive(Clone, Debug, Default)]
pub(crate) struct GroupRows {
    blocks: Vec<Vec<GroupRow>>,
    len: usize,
}

impl GroupRows {
    /// Frees the rows once they have been folded into contacts.
    pub(crate) fn free(&mut self) {
        *self = GroupRows {
            blocks: Vec::new(),
            len: 0,
        };
    }

    fn push(&mut self, row: GroupRow) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < BLOCK => block.push(row),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push(row);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Row `i`, in the order pushed.
    pub(crate) fn get(&self, i: usize) -> &GroupRow {
        &self.blocks[i / BLOCK][i % BLOCK]
    }
}

/// Held contacts of mode `other` without a duration: how many, and where
/// the first few are.
#[derive(Clone, Debug, Default)]
pub(crate) struct Places {
    pub count: u64,
    /// Positions of the first ten, in row order.
    pub first: Vec<u64>,
}

impl Places {
    fn note(&mut self, position: u64) {
        self.count += 1;
        // Rows that waited for the date order arrive late, so keep the
        // smallest positions rather than the first seen.
        let at = self.first.partition_point(|&p| p < position);
        if at < PLACES_LISTED {
            self.first.insert(at, position);
            self.first.truncate(PLACES_LISTED);
        }
    }
}

/// One file once read: what it adds to the analysis.
#[derive(Clone, Debug)]
pub(crate) struct FileTally {
    /// The order its numeric dates were read in.
    pub order: DateOrder,
    /// Its contacts without a session value, counted.
    pub tally: Tally,
    /// Its rows with a session value.
    pub groups: GroupRows,
    /// Its rows that cannot be used so far.
    pub rejected: Vec<Rejection>,
    /// Its held `other` contacts without a duration (without a session value).
    pub other_without_duration: Places,
    /// Its mode and attendance labels, as read.
    pub labels: FileLabels,
    /// Its held live contacts with a duration (without a session value),
    /// and how many of those last under 5 minutes.
    pub live_durations: LiveDurations,
}

/// Held live contacts with a duration, and how many last under 5 minutes:
/// where nearly all do, the numbers are likely hours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LiveDurations {
    /// Held live contacts with a duration.
    pub contacts: u64,
    /// Of those, under 5 minutes.
    pub under_5: u64,
}

impl LiveDurations {
    fn add(&mut self, minutes: f64) {
        self.contacts += 1;
        self.under_5 += u64::from(minutes < 5.0);
    }

    /// Adds the counts of `other`.
    pub(crate) fn merge(&mut self, other: LiveDurations) {
        self.contacts += other.contacts;
        self.under_5 += other.under_5;
    }

    /// Whether at least 80% of at least 3 contacts last under 5 minutes.
    pub(crate) fn look_like_hours(&self) -> bool {
        self.contacts >= 3 && self.under_5 * 5 >= self.contacts * 4
    }
}

/// How a file ended.
#[derive(Debug)]
pub(crate) enum FileEnd {
    /// Read: its tally.
    Done(Box<FileTally>),
    /// Its dates read better in this order than in the one they were read
    /// in: read it again in this order.
    ReadAgain(DateOrder),
    /// It cannot be read after all (found only once every row was seen).
    Refused(FileErrorKind),
}

/// The contacts of one file as its rows arrive.
#[derive(Debug)]
pub(crate) struct FileContacts {
    file: u32,
    /// The date order, once known (or guessed from the first date that
    /// reads one way only).
    order: Option<DateOrder>,
    /// Rows whose dates read both ways, waiting for the order.
    waiting: Vec<Row>,
    tally: Tally,
    groups: GroupRows,
    rejected: Vec<Rejection>,
    other_without_duration: Places,
    live_durations: LiveDurations,
}

impl FileContacts {
    /// Contacts of file number `file`; `order` forces its date order.
    pub(crate) fn new(file: u32, order: Option<DateOrder>) -> Self {
        FileContacts {
            file,
            order,
            waiting: Vec::new(),
            tally: Tally::default(),
            groups: GroupRows::default(),
            rejected: Vec::new(),
            other_without_duration: Places::default(),
            live_durations: LiveDurations::default(),
        }
    }

    /// Rejects the row at `line`.
    pub(crate) fn reject(&mut self, line: u32, reason: String) {
        self.rejected.push(Rejection {
            file: self.file,
            line,
            reason,
        });
    }

    /// Takes one checked row.
    pub(crate) fn push(&mut self, row: Row, vocabulary: &Vocabulary, settings: &Settings) {
        if let Some(order) = self.order {
            return self.take(row, order, vocabulary, settings);
        }
        let day_first = row.date.resolve(DateOrder::DayFirst);
        let month_first = row.date.resolve(DateOrder::MonthFirst);
        match (day_first, month_first) {
            (Some(a), Some(b)) if a != b => self.waiting.push(row),
            (Some(_), Some(_)) => self.take(row, DateOrder::DayFirst, vocabulary, settings),
            (Some(_), None) => self.settle(DateOrder::DayFirst, row, vocabulary, settings),
            (None, Some(_)) => self.settle(DateOrder::MonthFirst, row, vocabulary, settings),
            // Valid neither way: rejected before it gets here.
            (None, None) => self.take(row, DateOrder::DayFirst, vocabulary, settings),
        }
    }

    /// The order is now taken to be `order`: the waiting rows go first.
    fn settle(&mut self, order: DateOrder, row: Row, vocabulary: &Vocabulary, settings: &Settings) {
        self.order = Some(order);
        for waiting in std::mem::take(&mut self.waiting) {
            self.take(waiting, order, vocabulary, settings);
        }
        self.take(row, order, vocabulary, settings);
    }

    /// Counts a row whose date is read in `order`.
    fn take(&mut self, row: Row, order: DateOrder, vocabulary: &Vocabulary, settings: &Settings) {
        let Some(date) = row.date.resolve(order) else {
            let reason = match row.date {
                ParsedDate::YearLast {
                    first,
                    second,
                    year,
                } => format!(
                    "date {first}/{second}/{year} is not a real calendar date read {}, the order of this file's dates",
                    order.name()
                ),
                ParsedDate::Exact(_) => "date is not a real calendar date".to_string(),
            };
            return self.reject(row.line, reason);
        };
        let position = position(self.file, row.line);
        if row.session != NONE {
            self.groups.push(GroupRow::new(&row, date));
            return;
        }
        let held = row.attendance == Attendance::Attended;
        if held && row.mode.is_live() && !row.minutes.is_nan() {
            self.live_durations.add(row.minutes);
        }
        let minutes = match contact_minutes(row.minutes, held, row.mode, settings) {
            Minutes::Counted(minutes) => minutes,
            Minutes::LiveWithoutDuration => {
                return self.reject(row.line, live_without_duration(row.mode, ""));
            }
            Minutes::OtherWithoutDuration => {
                self.other_without_duration.note(position);
                0.0
            }
        };
        if !settings.in_window(date) {
            self.tally.rows_outside_window += 1;
            return;
        }
        let site = vocabulary.sites.key(row.site);
        let mentees = vocabulary.mentees(row.mentees);
        let topics = vocabulary.topic_list(row.topics);
        self.tally.name_row(
            Part::All,
            position,
            site,
            row.site,
            row.mentor,
            mentees,
            topics,
            vocabulary,
        );
        let contact = Contact {
            site,
            date,
            mode: row.mode,
            mentor: row.mentor,
            minutes,
            held,
            all_cancelled: row.attendance == Attendance::Cancelled,
        };
        let attendance = mentees
            .iter()
            .map(|&m| (vocabulary.people.key(m), row.attendance));
        self.tally
            .add_contact(Part::All, &contact, attendance, topics, vocabulary);
    }

    /// Ends the file, whose dates read as `evidence` says.
    pub(crate) fn finish(
        mut self,
        evidence: &DateOrderEvidence,
        vocabulary: &Vocabulary,
        settings: &Settings,
    ) -> FileEnd {
        let best = evidence.decide(settings.date_order);
        match self.order {
            Some(order) if order != best => return FileEnd::ReadAgain(best),
            Some(_) => {}
            None => {
                self.order = Some(best);
                for waiting in std::mem::take(&mut self.waiting) {
                    self.take(waiting, best, vocabulary, settings);
                }
            }
        }
        // Rows that waited for the order were taken late.
        self.rejected.sort_by_key(|r| r.line);
        FileEnd::Done(Box::new(FileTally {
            order: best,
            tally: self.tally,
            groups: self.groups,
            rejected: self.rejected,
            other_without_duration: self.other_without_duration,
            labels: FileLabels::default(),
            live_durations: self.live_durations,
        }))
    }
}

/// What a contact counts ([`contact_minutes`]).
enum Minutes {
    Counted(f64),
    /// None: a held live contact must give its duration (its rows are
    /// rejected).
    LiveWithoutDuration,
    /// 0, said in a notice: a held contact of another mode without one.
    OtherWithoutDuration,
}

/// A contact's minutes, SPEC's one rule for a contact of one row and of a
/// group session alike: its duration (`duration`, NaN where none is
/// given; a session's longest); else 0 if it was not held; else a written
/// message's minutes from the settings; a live one has none, another mode
/// 0.
fn contact_minutes(duration: f64, held: bool, mode: Mode, settings: &Settings) -> Minutes {
    if !duration.is_nan() {
        Minutes::Counted(duration)
    } else if !held {
        Minutes::Counted(0.0)
    } else if mode.is_live() {
        Minutes::LiveWithoutDuration
    } else if mode.is_written() {
        Minutes::Counted(settings.written_message_minutes)
    } else {
        Minutes::OtherWithoutDuration
    }
}

fn live_without_duration(mode: Mode, session: &str) -> String {
    format!(
        "live contact without a duration: no row of this held {} contact{session} gives its minutes",
        mode.as_str().replace('_', "-")
    )
}

/// What the group contacts add besides their figures.
#[derive(Debug, Default)]
pub(crate) struct GroupOutcome {
    /// Rows of held live group contacts without a duration.
    pub rejected: Vec<Rejection>,
    /// Rows naming another mentor than the first of their contact.
    pub mentor_conflicts: Vec<u64>,
    /// Held `other` group contacts without a duration.
    pub other_without_duration: Vec<u64>,
    /// Held live group contacts with a duration, per file of their first row.
    pub live_durations: Vec<LiveDurations>,
}

fn rank(attendance: Attendance) -> u8 {
    match attendance {
        Attendance::Attended => 0,
        Attendance::DidNotAttend => 1,
        Attendance::Cancelled => 2,
    }
}

fn attendance_of(rank: u8) -> Attendance {
    match rank {
        0 => Attendance::Attended,
        1 => Attendance::DidNotAttend,
        _ => Attendance::Cancelled,
    }
}

/// Group rows from which natively two threads fold them, each into half
/// of the figures ([`Part`]): below it a thread costs more than it saves.
const FOLDED_ON_TWO_THREADS_FROM: usize = 20_000;

/// Merges the group rows of every file into contacts and counts them into
/// `tally`.
///
/// The rows are put in order of (session, site, date) and then of where
/// they are, so that each contact's rows are one run, in row order: no map
/// of open contacts is needed, and rows logged together (the usual case)
/// are already in order.
pub(crate) fn fold_groups(
    files: &[FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
    tally: &mut Tally,
) -> GroupOutcome {
    let order = group_order(files, vocabulary);
    let two_threads =
        cfg!(not(target_arch = "wasm32")) && order.len() >= FOLDED_ON_TWO_THREADS_FROM;
    fold_in_order(&order, files, vocabulary, settings, tally, two_threads)
}

/// Every file's group rows, in the order they are folded in.
fn group_order(files: &[FileTally], vocabulary: &Vocabulary) -> Vec<GroupKey> {
    let mut order: Vec<GroupKey> = files
        .iter()
        .enumerate()
        .flat_map(|(f, file)| {
            (0..file.groups.len() as u32).map(move |i| {
                let g = file.groups.get(i as usize);
                GroupKey::new(g, vocabulary.sites.key(g.site), f as u32, i)
            })
        })
        .collect();
    // Within a contact, rows in file and line order (rows that waited for
    // their file's date order were pushed late). A row's file and line are
    // its own, so an unstable sort gives the same order, without a second
    // buffer as large as this one.
    order.sort_unstable();
    order
}

/// Folds the rows of `order` into `tally`, on one thread or two. On two,
/// a second thread counts the sites' figures while this one counts the
/// rest: the sites are where most of the time goes on a log of thousands
/// of them (a site's figures are a cache miss away), and each figure is
/// still added to in the same order.
fn fold_in_order(
    order: &[GroupKey],
    files: &[FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
    tally: &mut Tally,
    two_threads: bool,
) -> GroupOutcome {
    if !two_threads {
        return fold_part(order, files, vocabulary, settings, tally, Part::All);
    }
    let mut sites = tally.take_sites();
    let (_, outcome) = both(
        true,
        || fold_part(order, files, vocabulary, settings, &mut sites, Part::Sites),
        || fold_part(order, files, vocabulary, settings, tally, Part::People),
    );
    tally.put_sites(sites);
    outcome
}

/// One group contact from its run of rows: the site, date and mode of
/// its first row, its first named mentor, its longest duration (NaN where
/// no row gives one), held if any row is attended; with the union of its
/// rows' topics (first spelling first) and each row's mentees with the
/// row's attendance rank, into `mentees` and `topics`. Where `conflicts`
/// is given, the rows naming another mentor than the first named one go
/// there (by position).
fn merge_run(
    run: &[GroupKey],
    files: &[FileTally],
    vocabulary: &Vocabulary,
    (mentees, topics): (&mut Vec<(u32, u8)>, &mut Vec<u32>),
    mut conflicts: Option<&mut Vec<u64>>,
) -> Contact {
    let row = |p: &GroupKey| files[p.file() as usize].groups.get(p.index as usize);
    let first = row(&run[0]);
    let mut contact = Contact {
        site: vocabulary.sites.key(first.site),
        date: first.date(),
        mode: first.mode(),
        mentor: NONE,
        minutes: f64::NAN,
        held: false,
        all_cancelled: true,
    };
    mentees.clear();
    topics.clear();
    for p in run {
        let g = row(p);
        // The contact's topics: the union of its rows', first spelling first.
        for &topic in vocabulary.topic_list(g.topics) {
            let key = vocabulary.topics.key(topic);
            if !topics.iter().any(|&t| vocabulary.topics.key(t) == key) {
                topics.push(topic);
            }
        }
        if contact.mentor == NONE {
            contact.mentor = g.mentor;
        } else if let Some(conflicts) = conflicts.as_deref_mut() {
            if g.mentor != NONE
                && vocabulary.people.key(g.mentor) != vocabulary.people.key(contact.mentor)
            {
                conflicts.push(position(p.file(), p.line));
            }
        }
        contact.held |= g.attendance() == Attendance::Attended;
        contact.all_cancelled &= g.attendance() == Attendance::Cancelled;
        if !g.minutes.is_nan() && (contact.minutes.is_nan() || g.minutes > contact.minutes) {
            contact.minutes = g.minutes;
        }
        for &mentee in vocabulary.mentees(g.mentees) {
            mentees.push((vocabulary.people.key(mentee), rank(g.attendance())));
        }
    }
    contact
}

/// Folds the rows of `order` into the figures of `part` of `tally`; what
/// the contacts add besides figures is told by the pass that counts
/// [`Part::People`] (and is empty from the other).
fn fold_part(
    order: &[GroupKey],
    files: &[FileTally],
    vocabulary: &Vocabulary,
    settings: &Settings,
    tally: &mut Tally,
    part: Part,
) -> GroupOutcome {
    let tells = part != Part::Sites;
    let mut out = GroupOutcome {
        live_durations: vec![LiveDurations::default(); files.len()],
        ..GroupOutcome::default()
    };
    let row = |p: &GroupKey| files[p.file() as usize].groups.get(p.index as usize);
    let where_is = |p: &GroupKey| position(p.file(), p.line);
    let mut mentees: Vec<(u32, u8)> = Vec::new();
    let mut topics: Vec<u32> = Vec::new();
    for run in order.chunk_by(|a, b| a.same_contact(b)) {
        let first = row(&run[0]);
        let conflicts = tells.then_some(&mut out.mentor_conflicts);
        let mut contact = merge_run(
            run,
            files,
            vocabulary,
            (&mut mentees, &mut topics),
            conflicts,
        );
        let longest = contact.minutes;
        if tells && contact.held && contact.mode.is_live() && !longest.is_nan() {
            out.live_durations[run[0].file() as usize].add(longest);
        }
        contact.minutes = match contact_minutes(longest, contact.held, contact.mode, settings) {
            Minutes::Counted(minutes) => minutes,
            Minutes::LiveWithoutDuration => {
                if tells {
                    let session = format!(
                        " (session {:?} on {})",
                        vocabulary.sessions.get(first.session),
                        contact.date
                    );
                    let reason = live_without_duration(contact.mode, &session);
                    out.rejected.extend(run.iter().map(|p| Rejection {
                        file: p.file(),
                        line: p.line,
                        reason: reason.clone(),
                    }));
                }
                continue;
            }
            Minutes::OtherWithoutDuration => {
                if tells {
                    out.other_without_duration.push(where_is(&run[0]));
                }
                0.0
            }
        };
        if !settings.in_window(contact.date) {
            if tells {
                tally.rows_outside_window += run.len() as u64;
            }
            continue;
        }
        for p in run {
            let g = row(p);
            tally.name_row(
                part,
                where_is(p),
                contact.site,
                g.site,
                g.mentor,
                vocabulary.mentees(g.mentees),
                vocabulary.topic_list(g.topics),
                vocabulary,
            );
        }
        // One entry per mentee: attended if any row naming them is, else
        // did-not-attend if any is, else cancelled.
        mentees.sort_unstable();
        mentees.dedup_by_key(|m| m.0);
        let attendance = mentees.iter().map(|&(m, r)| (m, attendance_of(r)));
        tally.add_contact(part, &contact, attendance, &topics, vocabulary);
    }
    out.mentor_conflicts.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log of group sessions across `sites` sites, each session logged
    /// as a row per mentee (a few rows per session, some a day apart or
    /// in the other file), with topics that split a contact's minutes in
    /// thirds, mentors that differ within a session, and sessions without
    /// a duration or outside the window.
    fn group_sessions_log(file: usize, sessions: usize, sites: usize) -> String {
        // A number from 0 to n - 1 that looks random for each (session, row, what).
        let pick = |session: usize, row: usize, what: usize, n: usize| {
            let mut x = ((session * 31 + row) as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(what as u64);
            x ^= x >> 29;
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            (x >> 33) as usize % n
        };
        let mut log = String::from(
            "Date,Site,Mentor,Mentee(s),Mode,Duration (mins),Attendance,Session ID,Topic(s)\n",
        );
        let topics = [
            "Recruitment",
            "Recruitment; Fidelity; Safety",
            "",
            "Safety; Fidelity",
        ];
        let modes = ["Video", "Phone", "Face to face", "Email", "Other"];
        for s in 0..sessions {
            // File 1 has every third session of file 0, and others.
            let session = if file == 0 { s } else { s * 3 };
            let site = pick(session, 0, 0, sites);
            let mode = modes[pick(session, 0, 1, 5)];
            let month = 1 + pick(session, 0, 2, 12);
            let year = if pick(session, 0, 3, 20) == 0 {
                2017
            } else {
                2019
            };
            let mentor = pick(session, 0, 4, 13);
            for r in 0..(1 + pick(session, 0, 5, 4)) {
                // Now and then a row a day later (another contact), or
                // naming another mentor.
                let day = 1 + pick(session, 0, 6, 27) + usize::from(pick(session, r, 7, 10) == 0);
                let mentor = if pick(session, r, 8, 8) == 0 {
                    mentor + 1
                } else {
                    mentor
                };
                let minutes = match pick(session, r, 9, 9) {
                    0 => String::new(),
                    k => format!("{}", 5 + 7 * k),
                };
                log.push_str(&format!(
                    "{day}/{month}/{year},Site {site},Mentor {mentor},Mentee {}; Mentee {},{mode},{minutes},{},S{session},{}\n",
                    pick(session, r, 10, 200),
                    pick(session, r, 11, 200),
                    ["Yes", "No", "Cancelled", "Yes"][pick(session, r, 12, 4)],
                    topics[pick(session, r, 13, 4)],
                ));
            }
        }
        log
    }

    #[test]
    fn group_contacts_folded_on_two_threads_give_the_report_of_one() {
        let settings = Settings {
            from: Some(jiff::civil::date(2018, 1, 1)),
            mentor_costs: vec![("Mentor 3".to_string(), 61.0)],
            mentor_hourly_cost: Some(42.5),
            ..Settings::default()
        };
        let mut analysis = crate::Analysis::new(settings);
        for file in 0..2 {
            let log = group_sessions_log(file, 6_000, 900);
            analysis
                .add_file(
                    &format!("log{file}.csv"),
                    std::io::Cursor::new(log.into_bytes()),
                    &crate::ingest::ReadOptions::default(),
                )
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let a = &analysis;
        let order = group_order(&a.files, &a.vocabulary);
        assert!(order.len() > 20_000, "{} group rows", order.len());
        let report = |two_threads: bool| {
            let mut tally = Tally::default();
            for file in &a.files {
                tally.merge(&file.tally);
            }
            let outcome = fold_in_order(
                &order,
                &a.files,
                &a.vocabulary,
                &a.settings,
                &mut tally,
                two_threads,
            );
            let folded = (tally, outcome);
            let (report, _) = crate::assemble::report_folded(
                &a.summaries,
                &a.files,
                folded,
                &a.vocabulary,
                &a.settings,
                &[],
            );
            report
        };
        let one = report(false);
        // What a pass that leaves a figure out would miss: each is there.
        assert!(one.input.rows_rejected > 0 && one.input.rows_outside_window > 0);
        assert!(one.mentors.len() > 10 && one.topics.len() == 3);
        assert!(one.input.notices.iter().any(|n| n.contains("mentor")));
        assert!(
            one.to_json() == report(true).to_json(),
            "the two reports differ"
        );
    }

    #[test]
    fn attendance_ranks_put_attended_first_and_read_back() {
        let all = [
            Attendance::Cancelled,
            Attendance::Attended,
            Attendance::DidNotAttend,
        ];
        let mut ranks: Vec<u8> = all.iter().map(|&a| rank(a)).collect();
        ranks.sort_unstable();
        let back: Vec<Attendance> = ranks.into_iter().map(attendance_of).collect();
        assert_eq!(
            back,
            vec![
                Attendance::Attended,
                Attendance::DidNotAttend,
                Attendance::Cancelled
            ]
        );
    }

    /// A checked row at `line` with a session.
    fn row(line: u32, mode: Mode, attendance: Attendance) -> Row {
        Row {
            line,
            date: ParsedDate::Exact(jiff::civil::date(2018, 3, 14)),
            site: 7,
            mentor: NONE,
            session: 3,
            mentees: 5,
            topics: 0,
            minutes: 42.5,
            mode,
            attendance,
        }
    }

    #[test]
    fn a_group_row_gives_back_its_date_mode_and_attendance() {
        let dates = [
            jiff::civil::date(-9999, 1, 1),
            jiff::civil::date(1, 12, 31),
            jiff::civil::date(2024, 2, 29),
            jiff::civil::date(9999, 12, 31),
        ];
        for date in dates {
            for mode in Mode::ALL {
                for attendance in ATTENDANCE {
                    let g = GroupRow::new(&row(u32::MAX, mode, attendance), date);
                    assert_eq!(
                        (g.date(), g.mode(), g.attendance()),
                        (date, mode, attendance)
                    );
                    let (line, minutes, site, session, mentees) =
                        (g.line, g.minutes, g.site, g.session, g.mentees);
                    assert_eq!(
                        (line, minutes, site, session, mentees),
                        (u32::MAX, 42.5, 7, 3, 5)
                    );
                }
            }
        }
        assert_eq!(std::mem::size_of::<GroupRow>(), 36);
    }

    #[test]
    fn group_rows_keep_their_order_across_blocks() {
        let date = jiff::civil::date(2018, 3, 14);
        let mut rows = GroupRows::default();
        let n = 2 * BLOCK + 3;
        for line in 0..n as u32 {
            rows.push(GroupRow::new(
                &row(line, Mode::Phone, Attendance::Attended),
                date,
            ));
        }
        assert_eq!(rows.len(), n);
        assert_eq!(rows.blocks.len(), 3);
        assert!((0..n).all(|i| rows.get(i).line == i as u32));
    }

    #[test]
    fn places_keep_the_first_few_in_row_order_whatever_order_they_come_in() {
        let mut places = Places::default();
        for p in (0..30u64).rev() {
            places.note(p);
        }
        assert_eq!(places.count, 30);
        assert_eq!(places.first, (0..10).collect::<Vec<u64>>());
    }
}
