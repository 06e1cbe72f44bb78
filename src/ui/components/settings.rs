//! The settings panel: date order, minutes per written message, window,
//! and the unit of plain numbers in duration columns.

use yew::prelude::*;

use crate::ui::components::controls::{event_value, notices_beside};
use crate::ui::protocol::{SettingsInput, UnitChoice};
use crate::ui::state::Action;

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
    /// Sends actions up.
    pub act: Callback<Action>,
}

fn input_value(e: &Event) -> String {
    event_value(e)
}

/// Settings of the analysis; a change re-runs it.
#[component(SettingsPanel)]
pub fn settings_panel(props: &SettingsProps) -> Html {
    let s = props.settings.clone();
    let change = |f: fn(&mut SettingsInput, String)| {
        let act = props.act.clone();
        let s = s.clone();
        Callback::from(move |e: Event| {
            let mut next = s.clone();
            f(&mut next, input_value(&e));
            act.emit(Action::SetSettings(next));
        })
    };
    let on_order = {
        let act = props.act.clone();
        let s = s.clone();
        Callback::from(move |e: Event| {
            let value = event_value(&e);
            let mut next = s.clone();
            next.day_first = value != "month_first";
            act.emit(Action::SetSettings(next));
        })
    };
    let on_minutes = change(|s, v| {
        if let Ok(n) = v.trim().parse::<f64>() {
            if n.is_finite() && n >= 0.0 {
                s.written_message_minutes = n;
            }
        }
    });
    let on_unit = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let value = event_value(&e);
            act.emit(Action::SetDurationUnit(UnitChoice::from_value(&value)));
        })
    };
    let unit_text = |u: UnitChoice| match u {
        UnitChoice::Header => "as each column's header says (minutes where it says none)",
        UnitChoice::Minutes => "minutes",
        UnitChoice::Hours => "hours (1.5 is 90 minutes)",
    };
    let problem = props.problem.clone();
    let invalid = problem.as_ref().map(|_| "true");
    let described = problem.as_ref().map(|_| "ms-window-error");
    let on_from = change(|s, v| s.from = (!v.is_empty()).then_some(v));
    let on_to = change(|s, v| s.to = (!v.is_empty()).then_some(v));
    html! {
        <section class="ms-settings" aria-labelledby="ms-settings-title">
            <h2 id="ms-settings-title"><span class="ms-step">{ "3. " }</span>{ "Settings" }</h2>
            <div class="ms-fields">
                <label>
                    { "Dates like 03/04/2018, where a file reads equally well both ways" }
                    <select onchange={on_order}>
                        <option value="day_first" selected={s.day_first}>{ "day first (3 April)" }</option>
                        <option value="month_first" selected={!s.day_first}>{ "month first (4 March)" }</option>
                    </select>
                </label>
                <label>
                    { "Minutes per email or SMS without a duration" }
                    <input type="number" min="0" step="any" spellcheck="false" autocomplete="off"
                        value={s.written_message_minutes.to_string()} onchange={on_minutes} />
                </label>
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
            if let Some(problem) = problem {
                <div class="ms-error ms-window-error" id="ms-window-error" role="alert">
                    <p>
                        <strong>{ "Nothing is computed: " }</strong>
                        { format!("{problem}. Change From or To.") }
                    </p>
                    <p class="ms-note">{ "The results below, if any, are those of the last settings that could be used." }</p>
                </div>
            }
            <div class="ms-duration-setting">
                <fieldset id="ms-duration-unit" class="ms-choices"
                    aria-describedby={(!props.duration_notices.is_empty()).then_some("ms-duration-notices")}>
                    <legend>{ "Plain numbers in duration columns (such as 1.5)" }</legend>
                    { for UnitChoice::ALL.into_iter().map(|u| {
                        let id = format!("ms-duration-unit-{}", u.value());
                        html! {
                            <label for={id.clone()}>
                                <input type="radio" id={id} name="ms-duration-unit" value={u.value()}
                                    checked={s.duration_unit == u} onchange={on_unit.clone()} />
                                { unit_text(u) }
                            </label>
                        }
                    })}
                </fieldset>
                { notices_beside(Some("ms-duration-notices"), "Notices about durations".into(), &props.duration_notices,
                    &props.file_names.iter().map(String::as_str).collect::<Vec<_>>()) }
            </div>
        </section>
    }
}
