//! "Save settings" and "Load settings": the page's choices as the settings
//! file that `mentoring-stats report --settings FILE` reads
//! ([`mentoring_stats_engine::settings_file`]), and back. No browser type here.

use std::collections::BTreeMap;

use crate::ui::format::TimeFormat;
use crate::ui::settings_form::SettingsInput;
use mentoring_stats_engine::settings_file::{FileEntry as SavedFile, SettingsFile};

/// The name "Save settings" gives its file.
pub const SETTINGS_FILE_NAME: &str = "mentoring-settings.json";

/// What the page applies of a settings file that [`SettingsFile::parse`]
/// accepted: its settings (anything it leaves out at its default), the
/// number format, and the reading of each file by name.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The settings.
    pub settings: SettingsInput,
    /// The number format (the current one where the file has none).
    pub time_format: Option<TimeFormat>,
    /// How each file named in it is read.
    pub files: BTreeMap<String, SavedFile>,
}

/// Reads a settings file's text; the error says where and what was wrong.
pub fn from_text(text: &str) -> Result<Loaded, String> {
    let file = SettingsFile::parse(text)?;
    let time_format = match file.number_format.as_deref() {
        None => None,
        Some(name) => Some(TimeFormat::from_name(name).ok_or_else(|| {
            format!(
                "number_format: expected \"decimal_hours\", \"hours_minutes\" or \"minutes\"; found {name:?}"
            )
        })?),
    };
    let settings = SettingsInput::from_settings(&file.settings()?);
    Ok(Loaded {
        settings,
        time_format,
        files: file.files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::state::{Action, AppState};
    use mentoring_stats_engine::{
        ColumnOverride, DateOrder, DurationUnit, Field, SameName, ValueLabel,
    };

    fn state_with_choices() -> AppState {
        let state = AppState::default().apply(Action::AddFiles(vec![
            ("log.csv".to_string(), 10.0),
            ("emails.csv".to_string(), 5.0),
        ]));
        let mut state = state.apply(Action::SetSettings(SettingsInput {
            date_order: DateOrder::MonthFirst,
            written_message_minutes: 7.0,
            from: Some("2018-05-01".into()),
            to: Some("2019-01-31".into()),
            duration_unit: Some(DurationUnit::Hours),
            values: vec![ValueLabel::parse("mode:Catch-up=phone").expect("a label")],
            same: vec![SameName::parse("site:St Georges=St George's").expect("a merge")],
            mentor_cost: "42.5".into(),
            mentor_rates: vec![("Mentor B".into(), "60".into())],
            mentee_cost: "35".into(),
            currency: "GBP".into(),
        }));
        state.files[0].columns = vec![
            ColumnOverride {
                field: Field::Date,
                header: Some("Visit day".into()),
            },
            ColumnOverride {
                field: Field::Attendance,
                header: None,
            },
        ];
        state.files[0].delimiter = Some(b';');
        state.files[1].sheet = Some("Log".into());
        state.time_format = TimeFormat::Minutes;
        state
    }

    #[test]
    fn saved_settings_load_back_as_they_were() {
        let state = state_with_choices();
        let text = state.settings_file().to_json();
        let loaded = from_text(&text).expect("reads back");
        assert_eq!(loaded.settings, state.settings);
        assert_eq!(loaded.time_format, Some(TimeFormat::Minutes));
        let mut fresh = AppState::default().apply(Action::AddFiles(vec![
            ("log.csv".to_string(), 10.0),
            ("emails.csv".to_string(), 5.0),
        ]));
        for entry in &mut fresh.files {
            entry.read_as_saved(&loaded.files);
        }
        // The same choices (the file lists them by field name).
        let sorted = |mut c: Vec<ColumnOverride>| {
            c.sort_by_key(|c| c.field);
            c
        };
        assert_eq!(
            sorted(fresh.files[0].columns.clone()),
            sorted(state.files[0].columns.clone())
        );
        assert_eq!(fresh.files[0].delimiter, Some(b';'));
        assert_eq!(fresh.files[1].sheet.as_deref(), Some("Log"));
    }

    #[test]
    fn the_saved_file_is_what_the_command_line_reads() {
        let text = state_with_choices().settings_file().to_json();
        let file = SettingsFile::parse(&text).expect("the CLI's reader takes it");
        let settings = file.settings().expect("valid");
        assert_eq!(settings.written_message_minutes, 7.0);
        assert_eq!(settings.mentor_hourly_cost, Some(42.5));
        assert_eq!(file.read_options("log.csv").delimiter, Some(b';'));
        assert_eq!(file.read_options("log.csv").columns.len(), 2);
        assert!(text.contains("\"number_format\": \"minutes\""));
    }

    #[test]
    fn a_bad_settings_file_says_where_and_what() {
        let broken =
            from_text("{\"mentoring_stats_settings\": 1, \"written_message_minutes\": -3}");
        assert!(broken.is_err_and(|e| e.contains("written_message_minutes") && e.contains("-3")));
        let format = from_text("{\"mentoring_stats_settings\": 1, \"number_format\": \"days\"}");
        assert!(format.is_err_and(|e| e.contains("number_format") && e.contains("days")));
        let not_json = from_text("Date,Site\n");
        assert!(not_json.is_err_and(|e| e.contains("line 1")));
    }
}
