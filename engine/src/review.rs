//! What a user reviews beside the report: how each file was read, every
//! mode and attendance label with its reading, and names that look alike.
//!
//! None of this is in the JSON report (the notices say it in words); the
//! page shows it with a control to change each reading.

use serde::{Deserialize, Serialize};

use super::value::DateOrder;

/// What the page shows beside the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Each file read (a file given twice: once), in order.
    pub files: Vec<FileReview>,
    /// Every mode and attendance label found, by field then label.
    pub labels: Vec<LabelUse>,
    /// Names of one field that differ only in punctuation or spaces.
    pub near_duplicates: Vec<NearDuplicates>,
    /// Files with the same bytes as an earlier one: its name, the earlier's.
    pub duplicates: Vec<(String, String)>,
}

/// How one file was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReview {
    /// The file's name.
    pub name: String,
    /// The date order its numeric dates were read in.
    pub date_order: DateOrder,
    /// Rows used.
    pub rows_used: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Whether its durations look like hours read as minutes.
    pub durations_look_like_hours: bool,
}

/// One distinct label of a field, over all files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelUse {
    /// `mode` or `attendance`.
    pub field: String,
    /// The label as first written.
    pub label: String,
    /// The value it reads as (`phone`, `did_not_attend`), or `None` where
    /// it cannot be read (the row is rejected).
    pub read_as: Option<String>,
    /// How: `by_user`, `listed`, `words` or `unlisted`.
    pub how: String,
    /// Rows that give it.
    pub rows: u64,
}

/// Names of one field that are equal once punctuation and spaces are
/// removed, with how many rows give each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearDuplicates {
    /// `site`, `mentee` or `mentor`.
    pub field: String,
    /// Each name as shown, with its rows, in display order.
    pub names: Vec<(String, u64)>,
    /// The name the others would merge into (the one with the most rows).
    pub target: String,
}
