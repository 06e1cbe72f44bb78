//! The settings panel: date order, minutes per written message, window,
//! the unit of plain numbers in duration columns, and the costs (hourly
//! costs of mentors, of each mentor found, of mentees; a currency label).

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::components::controls::{event_value, notices_beside, use_typed_text};
use crate::ui::format::TimeFormat;
use crate::ui::settings_form::{CostField, SettingsInput};
use crate::ui::state::{Action, SettingsEdit};
use mentoring_stats_engine::{DateOrder, DurationUnit};

/// Props of [`SettingsPanel`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// Current settings.
    pub settings: SettingsInput,
    /// The report's notices about durations, shown beside their setting.
    #[prop_or_default]
    pub duration_notices: Vec<String>,
    /// The files' names, isolated where the notices name them.
    #[prop_or_default]
    pub file_names: Vec<String>,
    /// Why no analysis runs under these settings, if so.
    #[prop_or_default]
    pub problem: Option<String>,
    /// The mentors of the last report, each of which can have a rate.
    #[prop_or_default]
    pub mentors: Vec<String>,
    /// The report's notices about costs, shown beside the costs.
    #[prop_or_default]
    pub cost_notices: Vec<String>,
    /// How times are written on the page.
    #[prop_or_default]
    pub time_format: TimeFormat,
    /// Sends actions up.
    pub act: Callback<Action>,
}

fn input_value(e: &Event) -> String {
    event_value(e)
}

/// The choices of unit for plain numbers in duration columns: the
/// setting, its radio button's value and its words.
const DURATION_UNITS: [(Option<DurationUnit>, &str, &str); 3] = [
    (
        None,
        "header",
        "as each column's header says (minutes where it says none)",
    ),
    (Some(DurationUnit::Minutes), "minutes", "minutes"),
    (
        Some(DurationUnit::Hours),
        "hours",
        "hours (1.5 is 90 minutes)",
    ),
];

/// An edit of the settings by the text of the control whose change it hears.
fn edit_by_text(act: &Callback<Action>, f: fn(&mut SettingsInput, String)) -> Callback<Event> {
    let act = act.clone();
    Callback::from(move |e: Event| {
        let value = input_value(&e);
        act.emit(Action::EditSettings(SettingsEdit::new(move |s| {
            f(s, value.clone())
        })));
    })
}

/// The number of minutes per written message, kept as typed until the
/// field is left: the text shown, its `input` and `change` handlers, and
/// the error of a number that cannot be one (said at its field; it runs
/// nothing and the last report stays).
#[hook]
fn use_minutes_field(
    minutes: f64,
    act: &Callback<Action>,
) -> (
    AttrValue,
    Callback<InputEvent>,
    Callback<Event>,
    Option<String>,
) {
    let minutes_error = use_state(|| None::<String>);
    let committed = {
        let act = act.clone();
        let minutes_error = minutes_error.clone();
        Callback::from(move |e: Event| {
            let text = input_value(&e);
            match text.trim().parse::<f64>() {
                Ok(n) if n.is_finite() && n >= 0.0 => {
                    minutes_error.set(None);
                    act.emit(Action::EditSettings(SettingsEdit::new(move |s| {
                        s.written_message_minutes = n;
                    })));
                }
                _ => minutes_error.set(Some(format!(
                    "Minutes per email or SMS: expected a number of minutes, 0 or more, such as 5; found \u{201c}{}\u{201d}. Nothing is computed with it: the results below are those of the last number that could be used",
                    text.trim()
                ))),
            }
        })
    };
    let (shown, oninput, onchange) = use_typed_text(minutes.to_string().into(), committed);
    (shown, oninput, onchange, (*minutes_error).clone())
}

/// The unit of plain numbers in duration columns, with the report's
/// notices about durations beside it.
fn duration_setting(props: &SettingsProps) -> Html {
    let on_unit = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let value = event_value(&e);
            let unit = DURATION_UNITS
                .iter()
                .find(|(_, v, _)| *v == value)
                .and_then(|(unit, _, _)| *unit);
            act.emit(Action::SetDurationUnit(unit));
        })
    };
    let names: Vec<&str> = props.file_names.iter().map(String::as_str).collect();
    html! {
        <div class="ms-duration-setting">
            <fieldset id="ms-duration-unit" class="ms-choices"
                aria-describedby={(!props.duration_notices.is_empty()).then_some("ms-duration-notices")}>
                <legend>{ "Plain numbers in duration columns (such as 1.5)" }</legend>
                { for DURATION_UNITS.into_iter().map(|(unit, value, text)| {
                    let id = format!("ms-duration-unit-{value}");
                    html! {
                        <label for={id.clone()}>
                            <input type="radio" id={id} name="ms-duration-unit" {value}
                                checked={props.settings.duration_unit == unit} onchange={on_unit.clone()} />
                            { text }
                        </label>
                    }
                })}
            </fieldset>
            { notices_beside(Some("ms-duration-notices"), "Notices about durations".into(), &props.duration_notices, &names) }
        </div>
    }
}

/// Why nothing is computed under the window given, if so.
fn window_problem(problem: Option<&String>) -> Html {
    let Some(problem) = problem else {
        return Html::default();
    };
    html! {
        <div class="ms-error ms-window-error" id="ms-window-error" role="alert">
            <p>
                <strong>{ "Nothing is computed: " }</strong>
                { format!("{problem}. Change From or To.") }
            </p>
            <p class="ms-note">{ "The results below, if any, are those of the last settings that could be used." }</p>
        </div>
    }
}

/// Settings of the analysis; a change re-runs it.
#[component(SettingsPanel)]
pub fn settings_panel(props: &SettingsProps) -> Html {
    let s = &props.settings;
    let on_order = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let order = if event_value(&e) == "month_first" {
                DateOrder::MonthFirst
            } else {
                DateOrder::DayFirst
            };
            act.emit(Action::EditSettings(SettingsEdit::new(move |s| {
                s.date_order = order
            })));
        })
    };
    let (minutes_shown, on_minutes_input, on_minutes, minutes_error) =
        use_minutes_field(s.written_message_minutes, &props.act);
    let on_time_format = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            if let Some(format) = TimeFormat::from_name(&event_value(&e)) {
                act.emit(Action::SetTimeFormat(format));
            }
        })
    };
    let invalid = props.problem.as_ref().map(|_| "true");
    let described = props.problem.as_ref().map(|_| "ms-window-error");
    let on_from = edit_by_text(&props.act, |s, v| s.from = (!v.is_empty()).then_some(v));
    let on_to = edit_by_text(&props.act, |s, v| s.to = (!v.is_empty()).then_some(v));
    html! {
        <section class="ms-settings" aria-labelledby="ms-settings-title">
            <h2 id="ms-settings-title"><span class="ms-step">{ "3. " }</span>{ "Settings" }</h2>
            <div class="ms-fields">
                <label>
                    { "Times shown as (the JSON and CSV files keep every digit, in minutes)" }
                    <select id="ms-time-format" onchange={on_time_format}>
                        { for TimeFormat::ALL.into_iter().map(|f| html! {
                            <option value={f.as_str()} selected={f == props.time_format}>{ f.label() }</option>
                        })}
                    </select>
                </label>
                <label>
                    { "Dates like 03/04/2018, where a file reads equally well both ways" }
                    <select id="ms-date-order" onchange={on_order}>
                        <option value="day_first" selected={s.date_order == DateOrder::DayFirst}>{ "day first (3 April)" }</option>
                        <option value="month_first" selected={s.date_order == DateOrder::MonthFirst}>{ "month first (4 March)" }</option>
                    </select>
                </label>
                <div class="ms-field">
                    <label for="ms-written-minutes">{ "Minutes per email or SMS without a duration" }</label>
                    <input type="number" id="ms-written-minutes" min="0" step="any" spellcheck="false" autocomplete="off"
                        value={minutes_shown} oninput={on_minutes_input} onchange={on_minutes}
                        aria-invalid={minutes_error.as_ref().map(|_| "true")}
                        aria-describedby={minutes_error.as_ref().map(|_| "ms-written-minutes-error")} />
                    if let Some(error) = &minutes_error {
                        <p class="ms-field-error" id="ms-written-minutes-error" role="alert">{ format!("{error}.") }</p>
                    }
                </div>
                <label>
                    { "From (inclusive)" }
                    <input type="date" id="ms-from" value={s.from.clone().unwrap_or_default()} onchange={on_from}
                        spellcheck="false" autocomplete="off"
                        aria-invalid={invalid} aria-describedby={described} />
                </label>
                <label>
                    { "To (inclusive)" }
                    <input type="date" id="ms-to" value={s.to.clone().unwrap_or_default()} onchange={on_to}
                        spellcheck="false" autocomplete="off"
                        aria-invalid={invalid} aria-describedby={described} />
                </label>
            </div>
            { window_problem(props.problem.as_ref()) }
            { duration_setting(props) }
            { costs_panel(props) }
        </section>
    }
}

/// The properties of a [`TextField`].
#[derive(Properties, PartialEq)]
struct TextFieldProps {
    id: AttrValue,
    label: Html,
    /// The text the settings hold.
    value: AttrValue,
    /// An amount (a decimal keypad on phones), or free text.
    amount: bool,
    #[prop_or_default]
    error: Option<AttrValue>,
    /// Told the text once it is committed (the field is left).
    onchange: Callback<Event>,
    /// The mentor whose rate it is, if any (`data-mentor`).
    #[prop_or_default]
    mentor: Option<AttrValue>,
}

/// A text field of the settings: its label, the text (kept as typed until
/// the field is left, [`use_typed_text`]), its error (beside it, named by
/// `aria-describedby`) and what a change does.
#[component(TextField)]
fn text_field(props: &TextFieldProps) -> Html {
    let (value, oninput, onchange) = use_typed_text(props.value.clone(), props.onchange.clone());
    let error_id = format!("{}-error", props.id);
    let error = props.error.as_ref();
    html! {
        <div class="ms-field" data-mentor={props.mentor.clone()}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input type="text" id={props.id.clone()} inputmode={props.amount.then_some("decimal")}
                spellcheck="false" autocomplete="off"
                value={value} {oninput} {onchange}
                aria-invalid={error.map(|_| "true")}
                aria-describedby={error.map(|_| error_id.clone())} />
            if let Some(error) = error {
                <p class="ms-field-error" id={error_id} role="alert">
                    { bidi::prose(error, &[]) }
                    { ". Nothing is computed until it is fixed; the results below are those of the last amounts that could be used." }
                </p>
            }
        </div>
    }
}

/// An amount field (see [`TextField`]).
fn amount_field(
    id: String,
    label: Html,
    value: String,
    error: Option<&String>,
    onchange: Callback<Event>,
    mentor: Option<String>,
) -> Html {
    // A mentor's field keeps what is typed in it if the list of mentors
    // changes around it.
    let key = mentor.clone().unwrap_or_else(|| id.clone());
    html! {
        <TextField {key} id={id} {label} value={value} amount={true}
            error={error.map(|e| AttrValue::from(e.clone()))} {onchange}
            mentor={mentor.map(AttrValue::from)} />
    }
}

/// The costs: mentor and mentee hourly costs, the currency label, and a
/// rate for each mentor found. A bad amount is said beside its field and
/// runs nothing (as the command line stops on it).
fn costs_panel(props: &SettingsProps) -> Html {
    let s = &props.settings;
    let errors = s.cost_errors();
    let error_of = |field: &CostField| errors.iter().find(|(f, _)| f == field).map(|(_, m)| m);
    let set = |f: fn(&mut SettingsInput, String)| {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let value = event_value(&e);
            act.emit(Action::EditSettings(SettingsEdit::new(move |s| {
                f(s, value.clone())
            })));
        })
    };
    // The mentors of the report, then any with a rate that it no longer
    // has (so that the rate can be cleared).
    let mut mentors = props.mentors.clone();
    for (name, _) in &s.mentor_rates {
        if !mentors.contains(name) {
            mentors.push(name.clone());
        }
    }
    let rates = mentors.iter().enumerate().map(|(i, name)| {
        let onchange = {
            let act = props.act.clone();
            let name = name.clone();
            Callback::from(move |e: Event| {
                let (name, text) = (name.clone(), event_value(&e));
                act.emit(Action::EditSettings(SettingsEdit::new(move |s| {
                    *s = s.with_mentor_rate(&name, text.clone());
                })));
            })
        };
        let field = CostField::Named(name.clone());
        amount_field(
            format!("ms-mentor-rate-{i}"),
            html! { <>{ bidi::name(name) }</> },
            s.mentor_rate(name).to_string(),
            error_of(&field),
            onchange,
            Some(name.clone()),
        )
    });
    let names: Vec<&str> = props.file_names.iter().map(String::as_str).collect();
    html! {
        <fieldset class="ms-costs ms-choices" id="ms-costs" aria-describedby="ms-costs-help">
            <legend>{ "Costs (optional)" }</legend>
            <p class="ms-note" id="ms-costs-help">
                { "An amount per hour, such as 45 or 45.50; leave a field blank for no cost. Mentor time is costed at the mentor's own rate where one is given, else at the mentor hourly cost; mentee time (the time credited to mentees) at the mentee hourly cost. The currency is a label only." }
            </p>
            <div class="ms-fields">
                { amount_field("ms-mentor-cost".into(), html! { "Mentor hourly cost" },
                    s.mentor_cost.clone(), error_of(&CostField::Mentor),
                    set(|s, v| s.mentor_cost = v), None) }
                { amount_field("ms-mentee-cost".into(), html! { "Mentee hourly cost" },
                    s.mentee_cost.clone(), error_of(&CostField::Mentee),
                    set(|s, v| s.mentee_cost = v), None) }
                <TextField key="ms-currency" id="ms-currency" label={html! { "Currency label (such as GBP)" }}
                    value={s.currency.clone()} amount={false}
                    onchange={set(|s, v| s.currency = v)} />
            </div>
            <h3 class="ms-costs-heading" id="ms-mentor-rates-heading">{ "Hourly cost of each mentor (overrides the mentor hourly cost)" }</h3>
            if mentors.is_empty() {
                <p class="ms-note">{ "A field for each mentor appears once the files are read and name mentors." }</p>
            } else {
                <div class="ms-fields ms-mentor-rates" role="group" aria-labelledby="ms-mentor-rates-heading">
                    { for rates }
                </div>
            }
            { notices_beside(Some("ms-cost-notices"), "Notices about costs".into(), &props.cost_notices, &names) }
        </fieldset>
    }
}
