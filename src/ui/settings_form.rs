//! The settings form: the engine's [`Settings`] as the page's controls
//! hold them. What is typed stays as typed (an amount that is not one is
//! shown with its error, and runs nothing); everything else is the
//! engine's own value. The worker is sent the engine's settings
//! ([`SettingsInput::settings`]); every default is [`Settings::default`]'s.

use mentoring_stats_engine::{
    iso_date, parse_amount, DateOrder, DurationUnit, SameName, Settings, ValueLabel,
};

/// The analysis settings as the settings panel holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsInput {
    /// The date order used on a tie.
    pub date_order: DateOrder,
    /// Minutes per written message.
    pub written_message_minutes: f64,
    /// Window start, `YYYY-MM-DD` as the date field gives it.
    pub from: Option<String>,
    /// Window end, `YYYY-MM-DD` as the date field gives it.
    pub to: Option<String>,
    /// The unit of plain numbers in duration columns (`None`: as each
    /// column's header says).
    pub duration_unit: Option<DurationUnit>,
    /// Labels read as the user says.
    pub values: Vec<ValueLabel>,
    /// Names counted as others.
    pub same: Vec<SameName>,
    /// Cost of one hour of any mentor's time, as typed (blank: none).
    pub mentor_cost: String,
    /// Cost of one hour of a named mentor's time, as typed: the mentor's
    /// name as the report shows it, and the amount (blank: none).
    pub mentor_rates: Vec<(String, String)>,
    /// Cost of one hour of a mentee's time, as typed (blank: none).
    pub mentee_cost: String,
    /// The currency label, as typed (blank: none).
    pub currency: String,
}

/// A cost field of the settings, for its error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CostField {
    /// Any mentor's hourly cost.
    Mentor,
    /// A named mentor's hourly cost.
    Named(String),
    /// A mentee's hourly cost.
    Mentee,
}

impl CostField {
    /// How the page names the field in its error.
    pub fn label(&self) -> String {
        match self {
            CostField::Mentor => "Mentor hourly cost".to_string(),
            CostField::Named(name) => format!("Hourly cost of \u{201c}{name}\u{201d}"),
            CostField::Mentee => "Mentee hourly cost".to_string(),
        }
    }
}

/// An amount as typed: `None` when blank, else the command line's reading
/// of `--mentor-cost` and `--mentee-cost` ([`parse_amount`]).
pub fn typed_amount(text: &str) -> Option<Result<f64, String>> {
    (!text.trim().is_empty()).then(|| parse_amount(text))
}

/// The text of an amount as the costs panel shows it (blank for none).
fn amount_text(amount: Option<f64>) -> String {
    amount.map_or_else(String::new, |x| x.to_string())
}

impl Default for SettingsInput {
    fn default() -> Self {
        SettingsInput::from_settings(&Settings::default())
    }
}

impl SettingsInput {
    /// The form showing `settings` (the defaults, or a loaded settings file's).
    pub fn from_settings(settings: &Settings) -> SettingsInput {
        SettingsInput {
            date_order: settings.date_order,
            written_message_minutes: settings.written_message_minutes,
            from: settings.from.map(|d| d.to_string()),
            to: settings.to.map(|d| d.to_string()),
            duration_unit: settings.duration_unit,
            values: settings.values.clone(),
            same: settings.same.clone(),
            mentor_cost: amount_text(settings.mentor_hourly_cost),
            mentor_rates: settings
                .mentor_costs
                .iter()
                .map(|(name, rate)| (name.clone(), rate.to_string()))
                .collect(),
            mentee_cost: amount_text(settings.mentee_hourly_cost),
            currency: settings.currency.clone().unwrap_or_default(),
        }
    }

    /// The engine's settings; dates that do not parse are left open, and
    /// amounts that are not ones are left out ([`SettingsInput::problem`]
    /// stops the run while they stand).
    pub fn settings(&self) -> Settings {
        let date = |text: &Option<String>| text.as_deref().and_then(|t| iso_date(t.trim()));
        let defaults = Settings::default();
        let minutes = self.written_message_minutes;
        Settings {
            date_order: self.date_order,
            written_message_minutes: if minutes.is_finite() && minutes >= 0.0 {
                minutes
            } else {
                defaults.written_message_minutes
            },
            from: date(&self.from),
            to: date(&self.to),
            duration_unit: self.duration_unit,
            same: self.same.clone(),
            values: self.values.clone(),
            mentor_hourly_cost: typed_amount(&self.mentor_cost).and_then(Result::ok),
            mentor_costs: self
                .mentor_rates
                .iter()
                .filter_map(|(name, text)| {
                    let rate = typed_amount(text)?.ok()?;
                    Some((name.clone(), rate))
                })
                .collect(),
            mentee_hourly_cost: typed_amount(&self.mentee_cost).and_then(Result::ok),
            currency: Some(self.currency.trim())
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        }
    }
    /// The hourly rate typed for `mentor` (blank where none is).
    pub fn mentor_rate(&self, mentor: &str) -> &str {
        self.mentor_rates
            .iter()
            .find(|(name, _)| name == mentor)
            .map_or("", |(_, text)| text.as_str())
    }

    /// These settings with `mentor`'s rate typed as `text` (blank removes it).
    pub fn with_mentor_rate(&self, mentor: &str, text: String) -> SettingsInput {
        let mut next = self.clone();
        match next
            .mentor_rates
            .iter_mut()
            .find(|(name, _)| name == mentor)
        {
            Some(entry) if !text.trim().is_empty() => entry.1 = text,
            Some(_) => next.mentor_rates.retain(|(name, _)| name != mentor),
            None if !text.trim().is_empty() => next.mentor_rates.push((mentor.to_string(), text)),
            None => {}
        }
        next
    }

    /// Each cost field whose amount is not one, with the page's message:
    /// the field, then the command line's words (what is expected, what
    /// was found).
    pub fn cost_errors(&self) -> Vec<(CostField, String)> {
        let fields = [
            (CostField::Mentor, self.mentor_cost.as_str()),
            (CostField::Mentee, self.mentee_cost.as_str()),
        ]
        .into_iter()
        .chain(
            self.mentor_rates
                .iter()
                .map(|(name, text)| (CostField::Named(name.clone()), text.as_str())),
        );
        fields
            .filter_map(|(field, text)| match typed_amount(text)? {
                Ok(_) => None,
                Err(e) => {
                    let message = format!("{}: {e}", field.label());
                    Some((field, message))
                }
            })
            .collect()
    }

    /// Why the window cannot be used (it ends before it starts), in the
    /// engine's words.
    pub fn window_problem(&self) -> Option<String> {
        self.settings().check().err()
    }

    /// Why no analysis can run under these settings: a window that ends
    /// before it starts, or an amount that is not one (the command line
    /// stops on either with an argument error).
    pub fn problem(&self) -> Option<String> {
        self.window_problem()
            .or_else(|| self.cost_errors().into_iter().next().map(|(_, m)| m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_dates_read_as_jiff_reads_them() {
        let mut texts = vec![
            String::new(),
            "2018-3-14".into(),
            "2018/03/14".into(),
            "18-03-14".into(),
            "2018-03-14 ".into(),
            "+2018-03-14".into(),
            "２０１８-03-14".into(),
            "2018-0a-14".into(),
        ];
        for year in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in [0, 1, 15, 28, 29, 30, 31, 32, 99] {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        for text in texts {
            let jiff: Option<jiff::civil::Date> = text.parse().ok();
            assert_eq!(iso_date(&text), jiff, "{text:?}");
        }
    }

    #[test]
    fn settings_window_from_date_inputs() {
        let input = SettingsInput {
            from: Some(" 2018-03-14 ".into()),
            to: Some("2018-02-30".into()),
            ..SettingsInput::default()
        };
        let settings = input.settings();
        assert_eq!(settings.from, Some(jiff::civil::date(2018, 3, 14)));
        assert_eq!(settings.to, None);
    }

    #[test]
    fn amounts_typed_read_as_the_command_line_reads_them() {
        let input = SettingsInput {
            mentor_cost: " 42.5 ".into(),
            mentor_rates: vec![
                ("Mentor B".into(), "60".into()),
                ("Mentor C".into(), "  ".into()),
            ],
            mentee_cost: "35,50".into(),
            currency: " GBP ".into(),
            ..SettingsInput::default()
        };
        let settings = input.settings();
        assert_eq!(settings.mentor_hourly_cost, Some(42.5));
        assert_eq!(settings.mentor_costs, vec![("Mentor B".to_string(), 60.0)]);
        assert_eq!(settings.mentee_hourly_cost, Some(35.5));
        assert_eq!(settings.currency.as_deref(), Some("GBP"));
        assert!(input.cost_errors().is_empty() && input.problem().is_none());
        // Blank fields: no cost at all, as without the flags.
        let none = SettingsInput::default().settings();
        assert!(!none.has_costs() && none.currency.is_none());
    }

    #[test]
    fn a_bad_amount_names_its_field_what_was_found_and_what_is_expected() {
        let input = SettingsInput {
            mentor_cost: "£40".into(),
            mentor_rates: vec![("Mentor B".into(), "-5".into())],
            mentee_cost: "1e3".into(),
            ..SettingsInput::default()
        };
        let errors = input.cost_errors();
        let fields: Vec<&CostField> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                &CostField::Mentor,
                &CostField::Mentee,
                &CostField::Named("Mentor B".into())
            ]
        );
        assert_eq!(
            errors[0].1,
            format!(
                "Mentor hourly cost: {}",
                mentoring_stats_engine::parse_amount("£40").unwrap_err()
            )
        );
        assert!(errors[0].1.contains("found \"£40\"") && errors[0].1.contains("such as 45"));
        assert!(errors[2]
            .1
            .starts_with("Hourly cost of \u{201c}Mentor B\u{201d}: "));
        assert!(errors[2].1.contains("found \"-5\""));
        // Not applied, and nothing runs while it stands.
        assert_eq!(input.settings().mentor_hourly_cost, None);
        assert_eq!(input.problem(), Some(errors[0].1.clone()));
        assert!(input.window_problem().is_none());
    }

    #[test]
    fn a_mentors_rate_is_added_replaced_and_cleared() {
        let input = SettingsInput::default().with_mentor_rate("Mentor B", "60".into());
        assert_eq!(input.mentor_rate("Mentor B"), "60");
        assert_eq!(input.mentor_rate("Mentor A"), "");
        let input = input
            .with_mentor_rate("Mentor A", "50".into())
            .with_mentor_rate("Mentor B", "65".into());
        assert_eq!(
            input.mentor_rates,
            vec![
                ("Mentor B".to_string(), "65".to_string()),
                ("Mentor A".to_string(), "50".to_string())
            ]
        );
        let input = input.with_mentor_rate("Mentor B", " ".into());
        assert_eq!(
            input.mentor_rates,
            vec![("Mentor A".to_string(), "50".to_string())]
        );
        assert_eq!(input.with_mentor_rate("Mentor C", String::new()), input);
    }

    #[test]
    fn page_settings_become_the_engines() {
        let input = SettingsInput {
            duration_unit: Some(DurationUnit::Hours),
            values: vec![
                ValueLabel::parse("mode:Catch-up=phone").expect("a label"),
                ValueLabel::parse("attendance:Seen=attended").expect("a label"),
            ],
            same: vec![SameName::parse("site:St Georges=St George's").expect("a merge")],
            ..SettingsInput::default()
        };
        let settings = input.settings();
        assert_eq!(settings.duration_unit, Some(DurationUnit::Hours));
        let flags: Vec<String> = settings.values.iter().map(ValueLabel::flag).collect();
        assert_eq!(
            flags,
            vec![
                "--value mode:\"Catch-up=phone\"",
                "--value attendance:\"Seen=attended\""
            ]
        );
        assert_eq!(
            settings.same.iter().map(SameName::flag).collect::<Vec<_>>(),
            vec!["--same site:\"St Georges=St George's\""]
        );
        assert!(input.problem().is_none());
        let backwards = SettingsInput {
            from: Some("2019-05-01".into()),
            to: Some("2019-04-30".into()),
            ..SettingsInput::default()
        };
        assert!(backwards.problem().is_some());
    }

    #[test]
    fn the_forms_defaults_are_the_engines() {
        assert_eq!(SettingsInput::default().settings(), Settings::default());
        let settings = Settings {
            date_order: DateOrder::MonthFirst,
            written_message_minutes: 10.0,
            from: Some(jiff::civil::date(2019, 1, 1)),
            mentor_hourly_cost: Some(42.5),
            mentor_costs: vec![("Mentor B".to_string(), 60.0)],
            currency: Some("GBP".to_string()),
            ..Settings::default()
        };
        assert_eq!(SettingsInput::from_settings(&settings).settings(), settings);
    }
}
