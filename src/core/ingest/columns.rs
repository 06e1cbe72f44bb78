//! Column mapping: which column of a file holds which field.

use std::fmt;

/// The fields of a mentoring record that the calculator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Date of the contact (required).
    Date,
    /// Trial site (required).
    Site,
    /// Contact mode (required).
    Mode,
    /// Duration in minutes (needed for held live contacts).
    Duration,
    /// Mentee or mentees (`;`-separated).
    Mentee,
    /// Mentor.
    Mentor,
    /// Attendance (blank means attended).
    Attendance,
    /// Session identifier grouping the rows of one group contact.
    Session,
}

impl Field {
    /// Every field, in report order.
    pub const ALL: [Field; 8] = [
        Field::Date,
        Field::Site,
        Field::Mode,
        Field::Duration,
        Field::Mentee,
        Field::Mentor,
        Field::Attendance,
        Field::Session,
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
            Field::Site => &["Site", "Trial site", "Centre", "Center", "Site ID"],
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
        }
    }

    /// A few of the recognised headers, for messages.
    pub fn example_headers(self) -> String {
        self.synonyms().join(", ")
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Folds a header for matching: letters and digits only, lower case.
pub fn fold_header(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A manual mapping given by the user: `field` is in the column headed `header`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnOverride {
    /// The field mapped.
    pub field: Field,
    /// The header of its column, matched like synonyms (case, spaces and punctuation ignored).
    pub header: String,
}

/// Which column holds each field, decided from a header row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    columns: [Option<usize>; 8],
    /// The header row as found.
    pub header: Vec<String>,
    /// Headers matched to no field, listed in a notice.
    pub unused: Vec<String>,
    /// Headers that appear twice for one field; the first is used.
    pub duplicates: Vec<String>,
}

impl ColumnMap {
    /// The column index of `field`, if the file has one.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    /// The header text of the column used for `field`.
    pub fn header_of(&self, field: Field) -> Option<&str> {
        self.column(field).map(|i| self.header[i].as_str())
    }

    /// Maps a header row: manual overrides first, then synonyms.
    /// Fails when an override names no column, or a required field has none.
    pub fn from_header(
        header: &[&str],
        overrides: &[ColumnOverride],
    ) -> Result<ColumnMap, MappingError> {
        let folded: Vec<String> = header.iter().map(|h| fold_header(h)).collect();
        let mut map = ColumnMap {
            header: header.iter().map(|h| h.to_string()).collect(),
            ..ColumnMap::default()
        };
        for o in overrides {
            let wanted = fold_header(&o.header);
            match folded.iter().position(|h| *h == wanted) {
                Some(i) => map.columns[o.field as usize] = Some(i),
                None => {
                    return Err(MappingError::NoSuchColumn {
                        field: o.field,
                        wanted: o.header.clone(),
                    })
                }
            }
        }
        let taken = |map: &ColumnMap, i: usize| map.columns.contains(&Some(i));
        for field in Field::ALL {
            if map.columns[field as usize].is_some() {
                continue;
            }
            let synonyms: Vec<String> = field.synonyms().iter().map(|s| fold_header(s)).collect();
            // Synonyms are tried in order so that e.g. "Mentee" wins over "Attendees".
            'synonyms: for synonym in &synonyms {
                for (i, h) in folded.iter().enumerate() {
                    if h == synonym && !taken(&map, i) {
                        map.columns[field as usize] = Some(i);
                        break 'synonyms;
                    }
                }
            }
        }
        for (i, h) in folded.iter().enumerate() {
            if taken(&map, i) || h.is_empty() {
                continue;
            }
            let duplicate = Field::ALL
                .into_iter()
                .filter_map(|f| map.column(f))
                .any(|j| folded[j] == *h);
            if duplicate {
                map.duplicates.push(header[i].to_string());
            } else {
                map.unused.push(header[i].to_string());
            }
        }
        let missing: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| f.is_required() && map.column(*f).is_none())
            .collect();
        if missing.is_empty() {
            Ok(map)
        } else {
            Err(MappingError::Missing(missing))
        }
    }
}

/// Why a header row cannot be mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// Required fields with no column.
    Missing(Vec<Field>),
    /// A manual mapping names a header that is not there.
    NoSuchColumn {
        /// The field being mapped.
        field: Field,
        /// The header the user named.
        wanted: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let map = ColumnMap::from_header(&header, &[]).expect("maps");
        assert_eq!(map.column(Field::Date), Some(0));
        assert_eq!(map.column(Field::Site), Some(1));
        assert_eq!(map.column(Field::Mode), Some(2));
        assert_eq!(map.column(Field::Duration), Some(3));
        assert_eq!(map.column(Field::Mentee), Some(4));
        assert_eq!(map.column(Field::Mentor), None);
        assert_eq!(map.unused, vec!["Notes".to_string()]);
    }

    #[test]
    fn missing_required_columns_are_named() {
        let err = ColumnMap::from_header(&["Date", "Mentor"], &[]).unwrap_err();
        assert_eq!(err, MappingError::Missing(vec![Field::Site, Field::Mode]));
    }

    #[test]
    fn manual_mapping_wins_over_synonyms() {
        let header = ["When", "Site", "Mode", "Type"];
        let overrides = [
            ColumnOverride {
                field: Field::Date,
                header: "when".into(),
            },
            ColumnOverride {
                field: Field::Mode,
                header: "Type".into(),
            },
        ];
        let map = ColumnMap::from_header(&header, &overrides).expect("maps");
        assert_eq!(map.column(Field::Date), Some(0));
        assert_eq!(map.column(Field::Mode), Some(3));
        assert_eq!(map.unused, vec!["Mode".to_string()]);
    }

    #[test]
    fn manual_mapping_to_an_absent_header_fails() {
        let overrides = [ColumnOverride {
            field: Field::Date,
            header: "Day".into(),
        }];
        let err = ColumnMap::from_header(&["Date", "Site", "Mode"], &overrides).unwrap_err();
        assert!(matches!(
            err,
            MappingError::NoSuchColumn {
                field: Field::Date,
                ..
            }
        ));
    }

    #[test]
    fn a_repeated_header_uses_the_first_column() {
        let map = ColumnMap::from_header(&["Date", "Site", "Mode", "Site"], &[]).expect("maps");
        assert_eq!(map.column(Field::Site), Some(1));
        assert_eq!(map.duplicates, vec!["Site".to_string()]);
    }

    #[test]
    fn field_names_read_in_any_case() {
        assert_eq!(Field::from_name("Duration"), Some(Field::Duration));
        assert_eq!(Field::from_name("nonsense"), None);
    }
}
