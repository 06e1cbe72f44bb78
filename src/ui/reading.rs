//! What the page says of how the files were read, and which of its
//! controls changes each reading: plain functions behind the mapping,
//! labels and names panels, tested natively.
//!
//! Notices are the command line's text (the JSON report is the same bytes
//! in both); one that names a flag is shown beside the page's control that
//! does the same ([`control_of`]).

use crate::ui::bidi::isolate;
use crate::ui::protocol::{ColumnHow, FileView, TableKind};
use crate::ui::settings_form::SettingsInput;
use crate::ui::state::{ColumnChoice, FileEntry};
use mentoring_stats_engine::{
    label_key, Attendance, DateOrder, DurationUnit, Field, LabelUse, LabelValue, Mode, TableFormat,
    ValueLabel,
};

/// A control of the page that changes how the files are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    /// The mapping panel of a file (by id): columns and sheet.
    Mapping(u32),
    /// The labels panel.
    Labels,
    /// The panel of names that look alike.
    Names,
    /// The duration unit setting.
    Durations,
    /// The costs panel of the settings.
    Costs,
}

impl Control {
    /// The id of the element a link to the control points at.
    pub fn anchor(&self) -> String {
        match self {
            Control::Mapping(id) => format!("ms-mapping-body-{id}"),
            Control::Labels => "ms-labels".to_string(),
            Control::Names => "ms-names".to_string(),
            Control::Durations => "ms-duration-unit".to_string(),
            Control::Costs => "ms-costs".to_string(),
        }
    }

    /// How a link to it reads.
    pub fn text(&self) -> &'static str {
        match self {
            Control::Mapping(_) => "Change it in the file's columns",
            Control::Labels => "Change it in the labels",
            Control::Names => "Merge them in names that look alike",
            Control::Durations => "Change it in the settings (durations)",
            Control::Costs => "Change it in the settings (costs)",
        }
    }
}

/// The file a notice is about (it starts with `NAME: `): the longest name
/// that fits, so that `a.csv` is not taken for `a.csv.csv`.
fn file_of<'a>(notice: &str, files: &'a [(u32, String)]) -> Option<&'a (u32, String)> {
    files
        .iter()
        .filter(|(_, name)| {
            notice
                .strip_prefix(name.as_str())
                .is_some_and(|rest| rest.starts_with(": "))
        })
        .max_by_key(|(_, name)| name.len())
}

/// The control that does what a notice suggests or reports, if any.
/// `files` are the page's files: id and name.
pub fn control_of(notice: &str, files: &[(u32, String)]) -> Option<Control> {
    if notice.contains("--duration-unit") || notice.contains(": plain numbers in ") {
        return Some(Control::Durations);
    }
    if notice.contains("--mentor-cost") || notice.contains("--mentee-cost") {
        return Some(Control::Costs);
    }
    if notice.contains("--same ") {
        return Some(Control::Names);
    }
    if notice.contains("--value") || notice.starts_with("mode labels") {
        return Some(Control::Labels);
    }
    let (id, name) = file_of(notice, files)?;
    let rest = &notice[name.len() + 2..];
    let about_columns = rest.contains("--column")
        || rest.contains("--sheet")
        || rest.contains("column")
        || rest.contains("sheets passed over");
    about_columns.then_some(Control::Mapping(*id))
}

/// The notices that belong beside `control`, in report order.
pub fn notices_for(notices: &[String], files: &[(u32, String)], control: &Control) -> Vec<String> {
    notices
        .iter()
        .filter(|n| control_of(n, files).as_ref() == Some(control))
        .cloned()
        .collect()
}

/// How the page names a field.
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::Date => "Date",
        Field::Site => "Site",
        Field::Mode => "Mode",
        Field::Duration => "Duration",
        Field::Mentee => "Mentee(s)",
        Field::Mentor => "Mentor",
        Field::Attendance => "Attendance",
        Field::Session => "Session ID",
        Field::Topic => "Topic(s)",
    }
}

/// The fields the mapping panel offers: every field, topics included.
pub fn mapped_fields() -> impl Iterator<Item = Field> {
    Field::ALL.into_iter()
}

/// `<option>` value of "Detect automatically".
pub const DETECT: &str = "auto";
/// `<option>` value of "(none)".
pub const NONE: &str = "none";

/// The `<option>` value of a choice.
pub fn choice_value(choice: &ColumnChoice) -> String {
    match choice {
        ColumnChoice::Detect => DETECT.to_string(),
        ColumnChoice::NoColumn => NONE.to_string(),
        ColumnChoice::Header(h) => format!("h:{h}"),
    }
}

/// The choice of an `<option>` value.
pub fn choice_of(value: &str) -> ColumnChoice {
    match value {
        NONE => ColumnChoice::NoColumn,
        _ => match value.strip_prefix("h:") {
            Some(h) if !h.trim().is_empty() => ColumnChoice::Header(h.to_string()),
            _ => ColumnChoice::Detect,
        },
    }
}

/// One column a field can be mapped to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnOption {
    /// `<option>` value.
    pub value: String,
    /// The header.
    pub header: String,
    /// Its text: the header and its first values.
    pub text: String,
}

/// Shortens a sample value for an option's text.
fn short(value: &str) -> String {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.chars().count() > 24 {
        let cut: String = value.chars().take(23).collect();
        format!("{cut}…")
    } else {
        value
    }
}

/// The sample values of column `i`, shortened and each isolated (see
/// [`isolate`]), as a list.
pub fn samples_text(view: &FileView, i: usize) -> String {
    view.samples
        .get(i)
        .map(|s| {
            s.iter()
                .take(3)
                .map(|v| isolate(&short(v)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The columns of a file's header row a field can be mapped to: each
/// non-empty header once, in file order, with its sample values.
pub fn column_options(view: &FileView) -> Vec<ColumnOption> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (i, header) in view.header.iter().enumerate() {
        if header.trim().is_empty() || seen.contains(&header.as_str()) {
            continue;
        }
        seen.push(header);
        let samples = samples_text(view, i);
        out.push(ColumnOption {
            value: choice_value(&ColumnChoice::Header(header.clone())),
            header: header.clone(),
            text: if samples.is_empty() {
                format!("{} (no values)", isolate(header))
            } else {
                format!("{}: {samples}", isolate(header))
            },
        });
    }
    out
}

/// The state of one field of a file, as the mapping panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldStatus {
    /// The header of the column used, if any.
    pub header: Option<String>,
    /// The column's index, if any.
    pub column: Option<usize>,
    /// How it was taken, in words.
    pub how: &'static str,
    /// A required field the file has no column for: the user must choose.
    pub missing: bool,
}

/// How `field` of a file was read (or, for a refused file, what is missing).
pub fn field_status(entry: &FileEntry, view: Option<&FileView>, field: Field) -> FieldStatus {
    let found = view.and_then(|v| v.field(field));
    let column = found.and_then(|f| f.column);
    let header = column.and_then(|i| view.and_then(|v| v.header.get(i)).cloned());
    let how = match (entry.choice(field), found.map(|f| f.how)) {
        (_, None) => "not read",
        (ColumnChoice::Header(_), Some(ColumnHow::NotFound)) => {
            "the chosen column is not in this file"
        }
        (ColumnChoice::Header(_), Some(how)) if how != ColumnHow::ByHand => {
            "the chosen column is not in this file: found by the usual rules"
        }
        (_, Some(how)) => how.describe(),
    };
    let missing = view.is_some_and(|v| v.missing.contains(&field)) && column.is_none();
    let required_not_found = column.is_none()
        && field.is_required()
        && entry.choice(field) != ColumnChoice::NoColumn
        && view.is_some_and(|v| v.error.is_none());
    FieldStatus {
        header,
        column,
        how: if missing {
            "missing: choose its column"
        } else if required_not_found {
            "not found (required)"
        } else {
            how
        },
        missing,
    }
}

/// The values a label of `field` can be read as: `<option>` value and text.
pub fn label_values(field: &str) -> &'static [(&'static str, &'static str)] {
    match field {
        "attendance" => &[
            ("attended", "attended"),
            ("did_not_attend", "did not attend"),
            ("cancelled", "cancelled"),
        ],
        _ => &[
            ("phone", "phone"),
            ("video", "video"),
            ("in_person", "in person"),
            ("email", "email"),
            ("sms", "SMS"),
            ("other", "other"),
        ],
    }
}

/// How a file was read, in words: `UTF-8, comma-separated` or `Excel
/// workbook, sheet "Log"` (blank where it was not read).
pub fn format_text(view: &FileView) -> String {
    view.format
        .as_ref()
        .map_or_else(String::new, TableFormat::describe)
}

/// Whether a file's reading options are a workbook's (a sheet) rather
/// than a text file's (a delimiter): as the engine found it, or where it
/// has not (the file is being read, or was refused before that was
/// known), as the file's name says.
pub fn is_workbook(entry: &FileEntry, view: Option<&FileView>) -> bool {
    match view.and_then(|v| v.kind) {
        Some(kind) => kind == TableKind::Workbook,
        None => {
            let lower = entry.name.to_lowercase();
            lower.ends_with(".xlsx") || lower.ends_with(".ods")
        }
    }
}

/// How the page names the order a file's numeric dates were read in
/// (blank where the file was not read).
pub fn date_order_text(order: Option<DateOrder>) -> &'static str {
    match order {
        Some(DateOrder::DayFirst) => "day-first",
        Some(DateOrder::MonthFirst) => "month-first",
        None => "",
    }
}

/// Fields named in a list: `date, site, mode`.
pub fn field_list(fields: &[Field]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    names.join(", ")
}

/// The value of a label of `field` whose `<option>` value is `value`
/// (`phone`, `did_not_attend`), if it is one.
pub fn label_value(field: Field, value: &str) -> Option<LabelValue> {
    match field {
        Field::Mode => Mode::from_name(value).map(LabelValue::Mode),
        Field::Attendance => Attendance::from_name(value).map(LabelValue::Attendance),
        _ => None,
    }
}

/// How a value is written on the page (`in_person`: in person).
pub fn value_text(field: &str, value: &str) -> String {
    label_values(field)
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_string(), |(_, t)| t.to_string())
}

/// What a label reads as, in words.
pub fn reading_text(label: &LabelUse) -> String {
    match &label.read_as {
        Some(value) => value_text(&label.field, value),
        None => "not read: its rows are rejected".to_string(),
    }
}

/// How a label was read, in words.
pub fn how_text(label: &LabelUse) -> &'static str {
    match label.how.as_str() {
        "by_user" => "as you chose",
        "listed" => "in the vocabulary",
        "words" => "by its words",
        _ => "unknown label",
    }
}

/// The user's choice for a label, if any (labels match as the engine
/// matches them: ignoring case, spaces and punctuation).
pub fn label_choice<'a>(values: &'a [ValueLabel], label: &LabelUse) -> Option<&'a ValueLabel> {
    let key = label_key(&label.label);
    values
        .iter()
        .find(|v| v.value.field().name() == label.field && label_key(&v.label) == key)
}

/// `“A”, “B” and “C”`, each name isolated (for an attribute).
pub fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("“{}”", isolate(n))).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// What the user chose that the report's settings do not list, for the
/// page's account of how the report was made: what and how.
pub fn chosen_settings(settings: &SettingsInput) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match settings.duration_unit {
        None => {}
        Some(DurationUnit::Minutes) => out.push((
            "Plain numbers in duration columns".to_string(),
            "minutes, in every file".to_string(),
        )),
        Some(DurationUnit::Hours) => out.push((
            "Plain numbers in duration columns".to_string(),
            "hours, in every file".to_string(),
        )),
    }
    if !settings.values.is_empty() {
        let read: Vec<String> = settings
            .values
            .iter()
            .map(|v| {
                let value = value_text(v.value.field().name(), v.value.name());
                format!("“{}” as {value}", v.label)
            })
            .collect();
        out.push(("Labels read as you chose".to_string(), read.join("; ")));
    }
    if !settings.same.is_empty() {
        let merged: Vec<String> = settings
            .same
            .iter()
            .map(|m| format!("“{}” as “{}”", m.name, m.as_name))
            .collect();
        out.push(("Names counted as one".to_string(), merged.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::protocol::FieldView;

    fn files() -> Vec<(u32, String)> {
        vec![(0, "a.csv".into()), (1, "a.csv.csv".into())]
    }

    #[test]
    fn notices_that_name_a_flag_go_beside_the_control_that_does_the_same() {
        let files = files();
        let cases = [
            ("a.csv: 10 of 10 held live contacts last under 5 minutes, so the numbers in \"Duration\" look like hours; if they are hours, read them as hours (--duration-unit hours)", Some(Control::Durations)),
            ("a.csv: plain numbers in \"Hours\" are read as hours (1.5 is 90 minutes), as its header says", Some(Control::Durations)),
            ("sites \"A\" (1 row) and \"A.\" (2 rows) differ only in punctuation or spaces, so they are counted as different sites; if they are one, merge them (--same site:\"A=A.\")", Some(Control::Names)),
            ("mode labels read by their words: \"Teams call\" as video (3 rows)", Some(Control::Labels)),
            ("mode labels read as asked (--value): \"Catch-up\" as phone (4 rows)", Some(Control::Labels)),
            ("attendance labels read as asked (--value): \"Seen\" as attended (1 row)", Some(Control::Labels)),
            ("a.csv.csv: column \"Type\" could also be the mode; \"Mode\" is used (--column mode=\"Type\" to use the other)", Some(Control::Mapping(1))),
            ("a.csv: read without a column for attendance, as asked", Some(Control::Mapping(0))),
            ("a.csv: sheets passed over, as they have no header row naming date, site and mode: \"Notes\"", Some(Control::Mapping(0))),
            ("a.csv: read as UTF-8, comma-separated; header on line 1", None),
            ("a.csv: numeric dates read day-first: 10 of 10 are valid day-first, 6 month-first", None),
            ("b.csv: has no column \"X\" (--column date=\"X\")", None),
            ("mentor costs for names that no held contact's mentor has (--mentor-cost): \"Mo\"", Some(Control::Costs)),
            ("the mentor cost of the sites where they are is null (mentors without a rate: \"Lu\"); give a rate for every mentor (--mentor-cost \"NAME=AMOUNT\") or for any mentor (--mentor-cost AMOUNT)", Some(Control::Costs)),
        ];
        for (notice, control) in cases.clone() {
            assert_eq!(control_of(notice, &files), control, "{notice}");
        }
        let notices: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(notices_for(&notices, &files, &Control::Labels).len(), 3);
        assert_eq!(notices_for(&notices, &files, &Control::Mapping(0)).len(), 2);
    }

    #[test]
    fn the_choices_beyond_the_reports_settings_are_listed() {
        assert!(chosen_settings(&SettingsInput::default()).is_empty());
        let settings = SettingsInput {
            duration_unit: Some(DurationUnit::Hours),
            values: vec![ValueLabel::parse("mode:Drop-in=in_person").expect("a label")],
            same: vec![
                mentoring_stats_engine::SameName::parse("site:St Georges=St George's")
                    .expect("a merge"),
            ],
            ..SettingsInput::default()
        };
        let chosen = chosen_settings(&settings);
        let how: Vec<&str> = chosen.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(
            how,
            vec![
                "hours, in every file",
                "“Drop-in” as in person",
                "“St Georges” as “St George's”"
            ]
        );
    }

    #[test]
    fn option_values_round_trip() {
        for choice in [
            ColumnChoice::Detect,
            ColumnChoice::NoColumn,
            ColumnChoice::Header("Visit day".into()),
            ColumnChoice::Header("none".into()),
        ] {
            assert_eq!(choice_of(&choice_value(&choice)), choice);
        }
        assert_eq!(choice_of("h: "), ColumnChoice::Detect);
    }

    fn view() -> FileView {
        let mut view = FileView::failed(0, "w.csv", "no header".into());
        view.header = vec![
            "Visit day".into(),
            "Ward".into(),
            String::new(),
            "Ward".into(),
            "Notes".into(),
        ];
        view.samples = vec![
            vec!["04/03/2019".into(), "06/03/2019".into()],
            vec!["Royal Derby Hospital".into()],
            vec![],
            vec![],
            vec!["a very long note that goes on and on".into()],
        ];
        view.missing = vec![Field::Date, Field::Site, Field::Mode];
        view.fields = vec![FieldView {
            field: Field::Date,
            column: None,
            how: ColumnHow::NotFound,
        }];
        view
    }

    #[test]
    fn columns_are_offered_once_with_their_samples() {
        let options = column_options(&view());
        let texts: Vec<&str> = options.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "\u{2068}Visit day\u{2069}: \u{2068}04/03/2019\u{2069}, \u{2068}06/03/2019\u{2069}",
                "\u{2068}Ward\u{2069}: \u{2068}Royal Derby Hospital\u{2069}",
                "\u{2068}Notes\u{2069}: \u{2068}a very long note that g…\u{2069}"
            ]
        );
        assert_eq!(options[1].value, "h:Ward");
    }

    #[test]
    fn a_missing_required_field_is_marked_until_it_has_a_column() {
        let entry = FileEntry {
            id: 0,
            name: "w.csv".into(),
            size: 1.0,
            delimiter: None,
            sheet: None,
            columns: Vec::new(),
        };
        let status = field_status(&entry, Some(&view()), Field::Date);
        assert!(status.missing);
        assert_eq!(status.how, "missing: choose its column");
        let status = field_status(&entry, Some(&view()), Field::Mentor);
        assert!(!status.missing);
        let mut found = view();
        found.fields[0] = FieldView {
            field: Field::Date,
            column: Some(0),
            how: ColumnHow::ByHand,
        };
        let status = field_status(&entry, Some(&found), Field::Date);
        assert!(!status.missing);
        assert_eq!(status.header.as_deref(), Some("Visit day"));
        assert_eq!(status.how, "chosen by hand");
    }

    #[test]
    fn a_files_reading_options_follow_what_the_engine_found_else_its_name() {
        let entry = |name: &str| FileEntry {
            id: 0,
            name: name.into(),
            size: 1.0,
            delimiter: None,
            sheet: None,
            columns: Vec::new(),
        };
        assert!(is_workbook(&entry("log.xlsx"), None));
        assert!(!is_workbook(&entry("log.csv"), None));
        let mut read = view();
        read.kind = Some(TableKind::Text);
        assert!(!is_workbook(&entry("log.xlsx"), Some(&read)));
        read.kind = Some(TableKind::Workbook);
        assert!(is_workbook(&entry("log.csv"), Some(&read)));
    }

    #[test]
    fn labels_are_described_in_the_pages_words() {
        let label = LabelUse {
            field: "mode".into(),
            label: "Drop-in".into(),
            read_as: Some("in_person".into()),
            how: "by_user".into(),
            rows: 3,
        };
        assert_eq!(reading_text(&label), "in person");
        assert_eq!(how_text(&label), "as you chose");
        let values = vec![ValueLabel {
            label: "drop in".into(),
            value: LabelValue::Mode(Mode::InPerson),
        }];
        assert!(label_choice(&values, &label).is_some());
        let dna = LabelUse {
            field: "attendance".into(),
            label: "Maybe".into(),
            read_as: None,
            how: "unlisted".into(),
            rows: 1,
        };
        assert_eq!(reading_text(&dna), "not read: its rows are rejected");
        assert_eq!(how_text(&dna), "unknown label");
        assert_eq!(
            quoted_list(&["A".into(), "B".into(), "C".into()]),
            "“\u{2068}A\u{2069}”, “\u{2068}B\u{2069}” and “\u{2068}C\u{2069}”"
        );
    }
}
