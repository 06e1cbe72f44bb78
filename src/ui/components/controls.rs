//! Small pieces the panels share, written once so that each is compiled
//! once: a control's value, a list of options, notices beside a control.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::ui::bidi;

/// The value of the control an event came from (a select or an input).
pub fn event_value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// `<option>`s of value and text; the one whose value is `selected` is
/// selected.
#[inline(never)]
pub fn options(items: Vec<(String, String)>, selected: &str) -> Html {
    items
        .into_iter()
        .map(|(value, text)| {
            let chosen = value == selected;
            html! { <option value={value} selected={chosen}>{ text }</option> }
        })
        .collect()
}

/// The report's notices shown beside the control that changes what they
/// report (nothing when there are none), with the files' `names` and
/// quoted values in them isolated.
#[inline(never)]
pub fn notices_beside(
    id: Option<&'static str>,
    label: String,
    notices: &[String],
    names: &[&str],
) -> Html {
    if notices.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="ms-notices ms-notices-beside" id={id} aria-label={label}>
            { for notices.iter().map(|n| html! { <li>{ bidi::prose(n, names) }</li> }) }
        </ul>
    }
}
