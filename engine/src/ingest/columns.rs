//! Column mapping: which column of a file holds which field.
//!
//! A header is matched in three ways, in this order of strength:
//! 1. by hand: the user's `--column FIELD=HEADER` (or the page's choice);
//! 2. by synonym: the header, or its name without a qualifier in brackets or
//!    after a comma (`Duration (h:mm)`, `Length, minutes`), is one of the
//!    field's synonyms, ignoring case, spaces and punctuation;
//! 3. by its words: `Which site?`, `OT name`, `How long (minutes)?`.
//!
//! The map also says what it guessed, so that every guess can be named in a
//! notice: headers taken by their words, other headers that could have been
//! the same field, and the unit of plain numbers in the duration column.

use std::fmt;

use crate::value::DurationUnit;

/// The fields of a mentoring record that the calculator reads.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Field {
    /// Date of the contact (required).
    Date,
    /// Trial site (required).
    Site,
    /// Contact mode (required).
    Mode,
    /// Duration in minutes (needed for held live contacts).
    Duration,
    /// Mentee or mentees.
    Mentee,
    /// Mentor.
    Mentor,
    /// Attendance (blank means attended).
    Attendance,
    /// Session identifier grouping the rows of one group contact.
    Session,
    /// What the contact was about.
    Topic,
}

/// How many fields there are.
pub(crate) const FIELDS: usize = 9;

impl Field {
    /// Every field, in report order.
    pub const ALL: [Field; FIELDS] = [
        Field::Date,
        Field::Site,
        Field::Mode,
        Field::Duration,
        Field::Mentee,
        Field::Mentor,
        Field::Attendance,
        Field::Session,
        Field::Topic,
    ];

    /// The order in which a header whose words name two fields is given
    /// to one (SPEC): `Did the OT attend?` is attendance, not mentee.
    const WORD_PRIORITY: [Field; FIELDS] = [
        Field::Attendance,
        Field::Duration,
        Field::Mode,
        Field::Date,
        Field::Topic,
        Field::Session,
        Field::Site,
        Field::Mentor,
        Field::Mentee,
    ];

    /// The field's name as used on the command line (`--column date=...`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Site => "site",
            Field::Mode => "mode",
            Field::Duration => "duration",
            Field::Mentee => "mentee",
            Field::Mentor => "mentor",
            Field::Attendance => "attendance",
            Field::Session => "session",
            Field::Topic => "topic",
        }
    }

    /// Reads a field name as written by a user (any case).
    pub fn from_name(name: &str) -> Option<Field> {
        let folded = fold_header(name);
        Field::ALL.into_iter().find(|f| f.name() == folded)
    }

    /// Whether a file without this column cannot be read.
    pub fn is_required(self) -> bool {
        matches!(self, Field::Date | Field::Site | Field::Mode)
    }

    /// Headers recognised for the field, as written in SPEC.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Date => &["Date", "Contact date", "Session date"],
            Field::Site => &[
                "Site",
                "Trial site",
                "Centre",
                "Center",
                "Site ID",
                "redcap_data_access_group",
            ],
            Field::Mode => &["Mode", "Contact mode", "Method", "Type", "Channel"],
            Field::Duration => &[
                "Duration",
                "Duration (mins)",
                "Duration (minutes)",
                "Minutes",
                "Mins",
                "Time spent",
            ],
            Field::Mentee => &[
                "Mentee",
                "Mentees",
                "Mentee(s)",
                "OT",
                "Therapist",
                "Attendees",
            ],
            Field::Mentor => &["Mentor"],
            Field::Attendance => &["Attendance", "Attended", "Status", "Outcome"],
            Field::Session => &["Session", "Session ID", "Meeting ID"],
            Field::Topic => &[
                "Topic",
                "Topics",
                "Topic(s)",
                "Topics discussed",
                "Content",
                "Focus",
                "Subject",
                "Purpose",
            ],
        }
    }

    /// The words (and runs of words) that name the field in a header that
    /// is no synonym; a word matches with or without a plural s.
    fn words(self) -> &'static [&'static [&'static str]] {
        match self {
            Field::Date => &[&["date"], &["when"]],
            Field::Site => &[
                &["site"],
                &["centre"],
                &["center"],
                &["hospital"],
                &["trust"],
                &["data", "access", "group"],
            ],
            // "how ... made" is matched apart (see `names_field`).
            Field::Mode => &[
                &["mode"],
                &["method"],
                &["channel"],
                &["contact", "type"],
                &["type", "of", "contact"],
            ],
            Field::Duration => &[
                &["duration"],
                &["length"],
                &["how", "long"],
                &["time", "spent"],
                &["minutes"],
                &["mins"],
                &["hours"],
            ],
            Field::Mentee => &[
                &["mentee"],
                &["ot"],
                &["therapist"],
                &["clinician"],
                &["attendee"],
                &["participant"],
            ],
            Field::Mentor => &[&["mentor"]],
            Field::Attendance => &[
                &["attendance"],
                &["attended"],
                &["attend"],
                &["status"],
                &["outcome"],
            ],
            Field::Session => &[&["session"], &["meeting"]],
            Field::Topic => &[&["topic"], &["content"], &["discussed"]],
        }
    }

    /// A few of the recognised headers, for messages.
    pub fn example_headers(self) -> String {
        self.synonyms()
            .iter()
            .filter(|s| !s.contains('_'))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Folds a header for matching: letters and digits only, lower case.
pub(crate) fn fold_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header's name without its qualifier: what stands before the first
/// bracket or comma (`Duration (h:mm)`, `Time spent [hrs]`, `Length,
/// minutes`). A header that starts with its qualifier keeps it all.
pub(crate) fn header_stem(header: &str) -> &str {
    let stem = header
        .find(['(', '[', '{', ','])
        .map_or(header, |at| &header[..at])
        .trim();
    if fold_header(stem).is_empty() {
        header.trim()
    } else {
        stem
    }
}

/// The words of a text, lower-cased: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a header word is a listed word, with or without a plural s.
fn same_word(word: &str, listed: &str) -> bool {
    word == listed
        || word.strip_suffix('s') == Some(listed)
        || listed.strip_suffix('s') == Some(word)
}

/// Whether `run` occurs as consecutive words of `words`.
fn has_run(words: &[String], run: &[&str]) -> bool {
    words
        .windows(run.len())
        .any(|w| w.iter().zip(run).all(|(a, b)| same_word(a, b)))
}

/// Whether a header's words name `field`.
fn names_field(words: &[String], field: Field) -> bool {
    if field == Field::Mode {
        // "How was the contact made?"
        if let Some(how) = words.iter().position(|w| w == "how") {
            if words[how + 1..].iter().any(|w| w == "made") {
                return true;
            }
        }
    }
    field.words().iter().any(|run| has_run(words, run))
}

/// The field a header names by its words, if any: the first in SPEC's
/// priority order. `Timestamp` (a form's submission time) names none.
pub(crate) fn field_by_words(header: &str) -> Option<Field> {
    let words = words(header_stem(header));
    Field::WORD_PRIORITY
        .into_iter()
        .find(|&f| names_field(&words, f))
}

/// The field a header is a synonym of, if any, and the synonym's rank in
/// that field's list (earlier synonyms win: `Mentee` over `Attendees`).
pub(crate) fn field_by_synonym(header: &str) -> Option<(Field, usize)> {
    let full = fold_header(header);
    let stem = fold_header(header_stem(header));
    if full.is_empty() {
        return None;
    }
    Field::ALL.into_iter().find_map(|field| {
        field
            .synonyms()
            .iter()
            .position(|s| {
                let s = fold_header(s);
                s == full || s == stem
            })
            .map(|rank| (field, rank))
    })
}

/// Tokens of a header for its unit: split at white space, brackets and
/// commas, trimmed of punctuation, so that `h:mm` stays one token.
fn unit_tokens(header: &str) -> Vec<String> {
    header
        .split(|c: char| c.is_whitespace() || "()[]{},;/".contains(c))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

const HOUR_WORDS: [&str; 5] = ["h", "hr", "hrs", "hour", "hours"];
const MINUTE_WORDS: [&str; 5] = ["m", "min", "mins", "minute", "minutes"];
const CLOCKS: [&str; 4] = ["h:mm", "hh:mm", "h:mm:ss", "hh:mm:ss"];

/// What a duration header says of its plain numbers (`1.5`): hours where
/// it has the word h, hr, hrs, hour or hours (`Hours`, `Time spent
/// (hrs)`), minutes otherwise; and whether it names a unit at all (a
/// minutes word or a clock such as `h:mm` count as one).
pub(crate) fn duration_unit_of(header: &str) -> (DurationUnit, bool) {
    let tokens = unit_tokens(header);
    if tokens.iter().any(|t| HOUR_WORDS.contains(&t.as_str())) {
        return (DurationUnit::Hours, true);
    }
    let named = tokens
        .iter()
        .any(|t| MINUTE_WORDS.contains(&t.as_str()) || CLOCKS.contains(&t.as_str()));
    (DurationUnit::Minutes, named)
}

/// A manual mapping given by the user: `field` is in the column headed
/// `header`, or (`None`) the files have no column for it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnOverride {
    /// The field mapped.
    pub field: Field,
    /// The header of its column, matched like synonyms (case, spaces and
    /// punctuation ignored; with or without its qualifier); `None` unmaps
    /// the field.
    pub header: Option<String>,
}

impl ColumnOverride {
    /// How the override is written on the command line:
    /// `--column date="Visit day"`.
    pub fn flag(&self) -> String {
        format!(
            "--column {}={}",
            self.field,
            self.header
                .as_deref()
                .map_or_else(String::new, |h| format!("{h:?}"))
        )
    }
}

/// How the column of a field was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Chosen {
    /// Named by the user.
    ByHand,
    /// The header is one of the field's synonyms.
    Synonym,
    /// The header's words name the field.
    Words,
}

impl Chosen {
    /// How the page says it.
    pub fn describe(self) -> &'static str {
        match self {
            Chosen::ByHand => "chosen by hand",
            Chosen::Synonym => "header recognised",
            Chosen::Words => "found by the header's words",
        }
    }
}

/// Which column holds each field, decided from a header row.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnMap {
    columns: [Option<(usize, Chosen)>; self::FIELDS],
    /// The header row as found.
    pub header: Vec<String>,
    /// Headers matched to no field, listed in a notice.
    pub unused: Vec<String>,
    /// Headers that repeat the header of a mapped column; the first is used.
    pub duplicates: Vec<String>,
    /// Other headers that could have been a mapped field (by synonym or
    /// words): the field and the header passed over.
    pub rivals: Vec<(Field, String)>,
    /// The user's mappings this file has no column for: it falls back to
    /// the usual rules for those fields.
    pub overrides_missing: Vec<ColumnOverride>,
    /// Fields the user said the file has no column for.
    pub unmapped: Vec<Field>,
    /// Further topic columns (a row's topics are the union of its topic
    /// columns: a text column and checkbox columns, say).
    pub more_topics: Vec<usize>,
}

impl ColumnMap {
    /// The column index of `field`, if the file has one.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize].map(|(i, _)| i)
    }

    /// How the column of `field` was chosen, if it has one.
    pub fn chosen(&self, field: Field) -> Option<Chosen> {
        self.columns[field as usize].map(|(_, how)| how)
    }

    /// The header text of the column used for `field`.
    pub fn header_of(&self, field: Field) -> Option<&str> {
        self.column(field).map(|i| self.header[i].as_str())
    }

    /// Fields the map has a column for.
    pub fn found(&self) -> impl Iterator<Item = Field> + '_ {
        Field::ALL.into_iter().filter(|&f| self.column(f).is_some())
    }

    /// Every topic column: the topic's, then the further ones.
    pub fn topic_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.column(Field::Topic)
            .into_iter()
            .chain(self.more_topics.iter().copied())
    }

    /// Required fields without a column.
    pub fn missing(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| f.is_required() && self.column(*f).is_none())
            .collect()
    }

    /// Whether every required field has a column: the row can be the header.
    pub fn is_complete(&self) -> bool {
        self.missing().is_empty()
    }

    /// What the duration column says of its plain numbers: the unit, and
    /// whether the header names one (see `duration_unit_of`).
    pub fn duration_unit(&self) -> (DurationUnit, bool) {
        self.header_of(Field::Duration)
            .map_or((DurationUnit::Minutes, false), duration_unit_of)
    }

    /// Maps a header row: the user's mappings first (those whose header the
    /// row has), then synonyms, then words. Never fails: see
    /// [`ColumnMap::missing`].
    ///
    /// ```
    /// use mentoring_stats_engine::{ColumnMap, Field};
    /// let map = ColumnMap::from_header(&["Date of contact", "Which site?", "Contact type"], &[]);
    /// assert_eq!(map.column(Field::Site), Some(1));
    /// assert!(map.is_complete());
    /// ```
    // Long: the header is matched in the order of the rules (the user's
    // columns, synonyms, the headers' words), each a short pass.
    pub fn from_header(header: &[&str], overrides: &[ColumnOverride]) -> ColumnMap {
        let folded: Vec<String> = header.iter().map(|h| fold_header(h)).collect();
        let stems: Vec<String> = header.iter().map(|h| fold_header(header_stem(h))).collect();
        let mut map = ColumnMap {
            header: header.iter().map(|h| h.to_string()).collect(),
            ..ColumnMap::default()
        };
        let mut settled = [false; FIELDS];
        for o in overrides {
            if settled[o.field as usize] {
                continue;
            }
            match &o.header {
                None => {
                    settled[o.field as usize] = true;
                    map.unmapped.push(o.field);
                }
                Some(wanted) => {
                    let wanted = fold_header(wanted);
                    let at = folded
                        .iter()
                        .position(|h| *h == wanted)
                        .or_else(|| stems.iter().position(|h| *h == wanted));
                    match at {
                        Some(i) if !wanted.is_empty() => {
                            settled[o.field as usize] = true;
                            map.columns[o.field as usize] = Some((i, Chosen::ByHand));
                        }
                        _ => map.overrides_missing.push(o.clone()),
                    }
                }
            }
        }
        let taken =
            |map: &ColumnMap, i: usize| map.columns.iter().any(|c| c.map(|c| c.0) == Some(i));
        // Synonyms: for each field, its earliest synonym present wins.
        let by_synonym: Vec<Option<(Field, usize)>> =
            header.iter().map(|h| field_by_synonym(h)).collect();
        for field in Field::ALL {
            if settled[field as usize] {
                continue;
            }
            let best = (0..header.len())
                .filter(|&i| !taken(&map, i))
                .filter_map(|i| match by_synonym[i] {
                    Some((f, rank)) if f == field => Some((rank, i)),
                    _ => None,
                })
                .min();
            if let Some((_, i)) = best {
                map.columns[field as usize] = Some((i, Chosen::Synonym));
                settled[field as usize] = true;
            }
        }
        // Words: the first header whose words name the field.
        let by_words: Vec<Option<Field>> = header
            .iter()
            .zip(&by_synonym)
            .map(|(h, s)| if s.is_some() { None } else { field_by_words(h) })
            .collect();
        for field in Field::ALL {
            if settled[field as usize] {
                continue;
            }
            let first = (0..header.len()).find(|&i| !taken(&map, i) && by_words[i] == Some(field));
            if let Some(i) = first {
                map.columns[field as usize] = Some((i, Chosen::Words));
            }
        }
        for (i, h) in folded.iter().enumerate() {
            if taken(&map, i) || h.is_empty() {
                continue;
            }
            let repeats = map.columns.iter().flatten().any(|&(j, _)| folded[j] == *h);
            let could_be = by_synonym[i].map(|(f, _)| f).or(by_words[i]);
            if could_be == Some(Field::Topic) && map.column(Field::Topic).is_some() {
                map.more_topics.push(i);
            } else if repeats {
                map.duplicates.push(header[i].to_string());
            } else if let Some(field) =
                could_be.filter(|f| map.chosen(*f).is_some_and(|c| c != Chosen::ByHand))
            {
                map.rivals.push((field, header[i].to_string()));
            } else {
                map.unused.push(header[i].to_string());
            }
        }
        map
    }
}

/// What makes a row the header of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeaderNeeds {
    /// A record file's header: it names the date, the site and the mode.
    #[default]
    Records,
    /// A table with one row per site (site outcomes): it names the site,
    /// beside at least one other cell that is not blank and not a number,
    /// so that a title above it such as `Outcomes by site` (or `Outcomes
    /// by site | 2019`) is not taken for it.
    SiteTable,
}

impl HeaderNeeds {
    /// The fields the header must name.
    pub fn fields(self) -> &'static [Field] {
        match self {
            HeaderNeeds::Records => &[Field::Date, Field::Site, Field::Mode],
            HeaderNeeds::SiteTable => &[Field::Site],
        }
    }

    /// Whether a row (its trimmed cells, mapped to `map`) is such a header.
    pub fn met_by(self, map: &ColumnMap, cells: &[String]) -> bool {
        match self {
            HeaderNeeds::Records => map.is_complete(),
            HeaderNeeds::SiteTable => map.column(Field::Site).is_some_and(|site| {
                cells.iter().enumerate().any(|(i, c)| {
                    i != site && !c.trim().is_empty() && c.trim().parse::<f64>().is_err()
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(field: Field, header: Option<&str>) -> ColumnOverride {
        ColumnOverride {
            field,
            header: header.map(str::to_string),
        }
    }

    #[test]
    fn headers_match_ignoring_case_spaces_and_punctuation() {
        let header = [
            "DATE",
            "Trial site",
            "contact-mode",
            "Duration (mins)",
            "Mentee(s)",
            "Notes",
        ];
        let map = ColumnMap::from_header(&header, &[]);
        assert_eq!(map.column(Field::Date), Some(0));
        assert_eq!(map.column(Field::Site), Some(1));
        assert_eq!(map.column(Field::Mode), Some(2));
        assert_eq!(map.column(Field::Duration), Some(3));
        assert_eq!(map.column(Field::Mentee), Some(4));
        assert_eq!(map.column(Field::Mentor), None);
        assert_eq!(map.unused, vec!["Notes".to_string()]);
        assert!(Field::ALL
            .iter()
            .filter_map(|&f| map.chosen(f))
            .all(|c| c == Chosen::Synonym));
    }

    #[test]
    fn missing_required_columns_are_named() {
        let map = ColumnMap::from_header(&["Date", "Mentor"], &[]);
        assert_eq!(map.missing(), vec![Field::Site, Field::Mode]);
        assert!(!map.is_complete());
    }

    #[test]
    fn manual_mapping_wins_over_synonyms() {
        let header = ["When", "Site", "Mode", "Type"];
        let overrides = [
            over(Field::Date, Some("when")),
            over(Field::Mode, Some("Type")),
        ];
        let map = ColumnMap::from_header(&header, &overrides);
        assert_eq!(map.column(Field::Date), Some(0));
        assert_eq!(map.chosen(Field::Date), Some(Chosen::ByHand));
        assert_eq!(map.column(Field::Mode), Some(3));
        assert_eq!(map.unused, vec!["Mode".to_string()]);
    }

    #[test]
    fn a_mapping_to_a_header_the_file_lacks_falls_back_to_the_rules() {
        let overrides = [over(Field::Date, Some("Visit day"))];
        let map = ColumnMap::from_header(&["Date", "Site", "Mode"], &overrides);
        assert_eq!(map.column(Field::Date), Some(0));
        assert_eq!(map.chosen(Field::Date), Some(Chosen::Synonym));
        assert_eq!(map.overrides_missing, overrides.to_vec());
    }

    #[test]
    fn an_empty_mapping_leaves_the_field_without_a_column() {
        let overrides = [over(Field::Attendance, None)];
        let map = ColumnMap::from_header(&["Date", "Site", "Mode", "Status"], &overrides);
        assert_eq!(map.column(Field::Attendance), None);
        assert_eq!(map.unmapped, vec![Field::Attendance]);
        assert_eq!(map.unused, vec!["Status".to_string()]);
    }

    #[test]
    fn a_repeated_header_uses_the_first_column() {
        let map = ColumnMap::from_header(&["Date", "Site", "Mode", "Site"], &[]);
        assert_eq!(map.column(Field::Site), Some(1));
        assert_eq!(map.duplicates, vec!["Site".to_string()]);
    }

    #[test]
    fn field_names_read_in_any_case() {
        assert_eq!(Field::from_name("Duration"), Some(Field::Duration));
        assert_eq!(Field::from_name("nonsense"), None);
    }

    #[test]
    fn a_qualifier_in_brackets_or_after_a_comma_is_not_part_of_the_name() {
        for header in [
            "Duration (h:mm)",
            "Time spent [hrs]",
            "Length, minutes",
            "Minutes (total)",
        ] {
            let map = ColumnMap::from_header(&["Date", "Site", "Mode", header], &[]);
            assert_eq!(map.column(Field::Duration), Some(3), "{header}");
        }
        assert_eq!(header_stem("Duration (h:mm)"), "Duration");
        assert_eq!(header_stem("Length, minutes"), "Length");
        assert_eq!(header_stem("(notes)"), "(notes)");
    }

    #[test]
    fn headers_that_are_no_synonym_are_found_by_their_words() {
        let cases: &[(&str, Option<Field>)] = &[
            ("Which site?", Some(Field::Site)),
            ("OT name", Some(Field::Mentee)),
            ("OTs present", Some(Field::Mentee)),
            ("How was the contact made?", Some(Field::Mode)),
            ("How long (minutes)?", Some(Field::Duration)),
            ("Contact type", Some(Field::Mode)),
            ("Type of contact", Some(Field::Mode)),
            ("Date of contact", Some(Field::Date)),
            ("When did it happen", Some(Field::Date)),
            ("Hospital", Some(Field::Site)),
            ("NHS Trust", Some(Field::Site)),
            ("Data Access Group", Some(Field::Site)),
            ("Mentor name", Some(Field::Mentor)),
            ("Clinicians", Some(Field::Mentee)),
            ("Meeting no.", Some(Field::Session)),
            ("Topics covered", Some(Field::Topic)),
            ("Hours", Some(Field::Duration)),
            ("Timestamp", None),
            ("Email address", None),
            ("Notes", None),
            ("Mentoring contact complete?", None),
        ];
        for &(header, want) in cases {
            assert_eq!(field_by_words(header), want, "{header}");
        }
    }

    #[test]
    fn a_header_naming_two_fields_goes_to_the_first_in_priority() {
        assert_eq!(
            field_by_words("Did the OT attend?"),
            Some(Field::Attendance)
        );
        assert_eq!(field_by_words("Session length"), Some(Field::Duration));
        assert_eq!(field_by_words("Site of meeting"), Some(Field::Session));
        assert_eq!(field_by_words("Mentor/mentee"), Some(Field::Mentor));
    }

    #[test]
    fn a_form_export_maps_by_words_and_never_takes_the_timestamp() {
        let header = [
            "Timestamp",
            "Email address",
            "Which site?",
            "Date of contact",
            "How was the contact made?",
            "How long (minutes)?",
            "OT name",
            "Did the OT attend?",
        ];
        let map = ColumnMap::from_header(&header, &[]);
        assert_eq!(map.column(Field::Date), Some(3));
        assert_eq!(map.column(Field::Site), Some(2));
        assert_eq!(map.column(Field::Mode), Some(4));
        assert_eq!(map.column(Field::Duration), Some(5));
        assert_eq!(map.column(Field::Mentee), Some(6));
        assert_eq!(map.column(Field::Attendance), Some(7));
        assert_eq!(map.chosen(Field::Date), Some(Chosen::Words));
        assert_eq!(map.unused, vec!["Timestamp", "Email address"]);
    }

    #[test]
    fn an_exact_synonym_wins_over_words_and_the_other_is_a_rival() {
        let map = ColumnMap::from_header(&["Date", "Which site?", "Site", "Mode"], &[]);
        assert_eq!(map.column(Field::Site), Some(2));
        assert_eq!(map.rivals, vec![(Field::Site, "Which site?".to_string())]);
    }

    #[test]
    fn between_two_word_matches_the_first_wins() {
        let map = ColumnMap::from_header(&["Date", "Site", "Mode", "Lead OT", "OT name"], &[]);
        assert_eq!(map.column(Field::Mentee), Some(3));
        assert_eq!(map.rivals, vec![(Field::Mentee, "OT name".to_string())]);
    }

    #[test]
    fn earlier_synonyms_win_over_later_ones() {
        let map = ColumnMap::from_header(&["Date", "Site", "Mode", "Attendees", "Mentee"], &[]);
        assert_eq!(map.column(Field::Mentee), Some(4));
    }

    #[test]
    fn the_duration_header_sets_the_unit_of_plain_numbers() {
        let cases: &[(&str, DurationUnit, bool)] = &[
            ("Duration", DurationUnit::Minutes, false),
            ("Time spent (hrs)", DurationUnit::Hours, true),
            ("Hours", DurationUnit::Hours, true),
            ("Time spent [h]", DurationUnit::Hours, true),
            ("Duration (h:mm)", DurationUnit::Minutes, true),
            ("Duration (mins)", DurationUnit::Minutes, true),
            ("How long (minutes)?", DurationUnit::Minutes, true),
            ("Length, hour", DurationUnit::Hours, true),
            ("Length", DurationUnit::Minutes, false),
        ];
        for &(header, unit, named) in cases {
            assert_eq!(duration_unit_of(header), (unit, named), "{header}");
        }
    }

    #[test]
    fn overrides_are_written_as_flags() {
        assert_eq!(
            over(Field::Date, Some("Visit day")).flag(),
            "--column date=\"Visit day\""
        );
        assert_eq!(over(Field::Attendance, None).flag(), "--column attendance=");
    }
}
