//! The settings panel: date order, minutes per written message, window.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::protocol::SettingsInput;
use crate::ui::state::Action;

/// Props of [`SettingsPanel`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// Current settings.
    pub settings: SettingsInput,
    /// Sends actions up.
    pub act: Callback<Action>,
}

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
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
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
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
                    <input type="number" min="0" step="any"
                        value={s.written_message_minutes.to_string()} onchange={on_minutes} />
                </label>
                <label>
                    { "From (inclusive)" }
                    <input type="date" value={s.from.clone().unwrap_or_default()} onchange={on_from} />
                </label>
                <label>
                    { "To (inclusive)" }
                    <input type="date" value={s.to.clone().unwrap_or_default()} onchange={on_to} />
                </label>
            </div>
        </section>
    }
}
