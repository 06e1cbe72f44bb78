//! Contacts: rows merged into the mentoring contacts they record.
//!
//! Each file's dates are resolved in the order its dates read best; rows
//! sharing a session value, a site and a date become one group contact;
//! every other row is a contact of its own. A held live contact that no row
//! gives a duration for cannot be counted, so its rows are rejected here.

use super::FastMap;

use jiff::civil::Date;

use super::records::{RecordStore, Rejection, NONE};
use super::settings::Settings;
use super::value::{Attendance, DateOrder, Mode, ParsedDate};

/// One mentoring contact.
#[derive(Clone, Copy, Debug)]
pub struct Contact {
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
    /// Its rows are rejected (a held live contact without a duration).
    pub dropped: bool,
    /// Index of its first row in the store.
    pub first_row: u32,
}

/// One mentee's attendance at one contact, packed in 8 bytes (contact,
/// mentee key, attendance) so that a million rows' worth sorts fast and
/// small. Ordered by contact, then mentee, then attendance (attended first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MenteeAttendance(u64);

impl MenteeAttendance {
    /// Packs one entry; `mentee` must be below 2^30 (a billion names).
    pub fn new(contact: u32, mentee: u32, attendance: Attendance) -> Self {
        debug_assert!(mentee < 1 << 30);
        let rank = match attendance {
            Attendance::Attended => 0,
            Attendance::DidNotAttend => 1,
            Attendance::Cancelled => 2,
        };
        MenteeAttendance(u64::from(contact) << 32 | u64::from(mentee & ((1 << 30) - 1)) << 2 | rank)
    }

    /// Contact index.
    pub fn contact(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// Person key of the mentee.
    pub fn mentee(self) -> u32 {
        ((self.0 >> 2) & ((1 << 30) - 1)) as u32
    }

    /// Attended if any row naming them is, else did-not-attend if any is, else cancelled.
    pub fn attendance(self) -> Attendance {
        match self.0 & 3 {
            0 => Attendance::Attended,
            1 => Attendance::DidNotAttend,
            _ => Attendance::Cancelled,
        }
    }
}

/// Every contact of an analysis, with the rows that could not be used.
#[derive(Debug, Default)]
pub struct Contacts {
    /// Contacts in the order of their first rows.
    pub contacts: Vec<Contact>,
    /// For each stored row, its contact, or [`NONE`] when the row is rejected.
    pub row_contact: Vec<u32>,
    /// Mentee attendance, sorted by contact then mentee, one entry per pair.
    pub attendance: Vec<MenteeAttendance>,
    /// The order each file's dates were read in.
    pub date_orders: Vec<DateOrder>,
    /// Rows rejected at this stage.
    pub rejected: Vec<Rejection>,
    /// Notices about dates, mentors and contacts without a duration.
    pub notices: Vec<String>,
}

fn order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day-first",
        DateOrder::MonthFirst => "month-first",
    }
}

/// Builds the contacts of every stored row under `settings`.
pub fn build(store: &RecordStore, settings: &Settings) -> Contacts {
    let mut out = Contacts {
        row_contact: vec![NONE; store.rows.len()],
        ..Contacts::default()
    };
    for file in &store.files {
        let order = file.dates.decide(settings.date_order);
        out.date_orders.push(order);
        let e = file.dates;
        if e.year_last == 0 {
            continue;
        }
        let why = if e.valid_day_first == e.valid_month_first {
            format!(
                "as many are valid either way ({} of {}), so the date order setting decides",
                e.valid_day_first, e.year_last
            )
        } else {
            format!(
                "{} of {} are valid day-first, {} month-first",
                e.valid_day_first, e.year_last, e.valid_month_first
            )
        };
        out.notices.push(format!(
            "{}: numeric dates read {}: {why}",
            file.name,
            order_name(order)
        ));
    }

    let mut groups: FastMap<(u32, u32, Date), u32> = FastMap::default();
    let mut mentor_conflicts: Vec<(u32, u32)> = Vec::new();
    for (i, row) in store.rows.iter().enumerate() {
        let order = out.date_orders[row.file as usize];
        let Some(date) = row.date.resolve(order) else {
            let reason = match row.date {
                ParsedDate::YearLast {
                    first,
                    second,
                    year,
                } => format!(
                    "date {first}/{second}/{year} is not a real calendar date read {}, the order of this file's dates",
                    order_name(order)
                ),
                ParsedDate::Exact(_) => "date is not a real calendar date".to_string(),
            };
            out.rejected.push(Rejection {
                file: row.file,
                line: row.line,
                reason,
            });
            continue;
        };
        let site = store.sites.key(row.site);
        let existing = if row.session == NONE {
            None
        } else {
            groups.get(&(row.session, site, date)).copied()
        };
        let index = match existing {
            Some(index) => {
                let contact = &mut out.contacts[index as usize];
                if contact.mentor == NONE {
                    contact.mentor = row.mentor;
                } else if row.mentor != NONE
                    && store.people.key(row.mentor) != store.people.key(contact.mentor)
                {
                    mentor_conflicts.push((row.file, row.line));
                }
                contact.held |= row.attendance == Attendance::Attended;
                contact.all_cancelled &= row.attendance == Attendance::Cancelled;
                index
            }
            None => {
                let index = out.contacts.len() as u32;
                if row.session != NONE {
                    groups.insert((row.session, site, date), index);
                }
                out.contacts.push(Contact {
                    site,
                    date,
                    mode: row.mode,
                    mentor: row.mentor,
                    minutes: f64::NAN,
                    held: row.attendance == Attendance::Attended,
                    all_cancelled: row.attendance == Attendance::Cancelled,
                    dropped: false,
                    first_row: i as u32,
                });
                index
            }
        };
        out.row_contact[i] = index;
        // Until all rows are in, a contact's minutes are its longest duration.
        let longest = &mut out.contacts[index as usize].minutes;
        if !row.minutes.is_nan() && (longest.is_nan() || row.minutes > *longest) {
            *longest = row.minutes;
        }
        for &mentee in store.mentees(row.mentees) {
            out.attendance.push(MenteeAttendance::new(
                index,
                store.people.key(mentee),
                row.attendance,
            ));
        }
    }

    let mut other_without_duration: Vec<u32> = Vec::new();
    for contact in out.contacts.iter_mut() {
        let longest = contact.minutes;
        contact.minutes = if !longest.is_nan() {
            longest
        } else if !contact.held {
            0.0
        } else if contact.mode.is_live() {
            contact.dropped = true;
            f64::NAN
        } else if contact.mode.is_written() {
            settings.written_message_minutes
        } else {
            other_without_duration.push(contact.first_row);
            0.0
        };
    }

    for (i, row) in store.rows.iter().enumerate() {
        let index = out.row_contact[i];
        if index == NONE || !out.contacts[index as usize].dropped {
            continue;
        }
        let contact = out.contacts[index as usize];
        let session = if row.session == NONE {
            String::new()
        } else {
            format!(
                " (session {:?} on {})",
                &*store.sessions[row.session as usize], contact.date
            )
        };
        out.rejected.push(Rejection {
            file: row.file,
            line: row.line,
            reason: format!(
                "live contact without a duration: no row of this held {} contact{session} gives its minutes",
                contact.mode.as_str().replace('_', "-")
            ),
        });
        out.row_contact[i] = NONE;
    }

    out.attendance.sort_unstable();
    out.attendance.dedup_by(|later, first| {
        later.contact() == first.contact() && later.mentee() == first.mentee()
    });
    let contacts = &out.contacts;
    out.attendance
        .retain(|a| !contacts[a.contact() as usize].dropped);

    if let Some(&(file, line)) = mentor_conflicts.first() {
        out.notices.push(format!(
            "{} rows name a different mentor from the first row of their group contact; each contact is credited to its first named mentor (first case: {} line {line})",
            mentor_conflicts.len(),
            store.files[file as usize].name
        ));
    }
    if !other_without_duration.is_empty() {
        const LISTED: usize = 10;
        let mut places: Vec<String> = other_without_duration
            .iter()
            .take(LISTED)
            .map(|&i| {
                let row = &store.rows[i as usize];
                format!("{} line {}", store.files[row.file as usize].name, row.line)
            })
            .collect();
        if other_without_duration.len() > LISTED {
            places.push(format!(
                "and {} more",
                other_without_duration.len() - LISTED
            ));
        }
        out.notices.push(format!(
            "{} held contacts of mode \"other\" have no duration and count 0 minutes: {}",
            other_without_duration.len(),
            places.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_entries_pack_and_sort_by_contact_mentee_then_attended_first() {
        let a = MenteeAttendance::new(7, 123_456, Attendance::DidNotAttend);
        assert_eq!(
            (a.contact(), a.mentee(), a.attendance()),
            (7, 123_456, Attendance::DidNotAttend)
        );
        let mut entries = [
            MenteeAttendance::new(2, 1, Attendance::Attended),
            MenteeAttendance::new(1, 5, Attendance::Cancelled),
            MenteeAttendance::new(1, 5, Attendance::Attended),
            MenteeAttendance::new(1, 3, Attendance::DidNotAttend),
        ];
        entries.sort_unstable();
        let seen: Vec<(u32, u32, Attendance)> = entries
            .iter()
            .map(|e| (e.contact(), e.mentee(), e.attendance()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (1, 3, Attendance::DidNotAttend),
                (1, 5, Attendance::Attended),
                (1, 5, Attendance::Cancelled),
                (2, 1, Attendance::Attended),
            ]
        );
    }
}
