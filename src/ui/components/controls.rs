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

/// What a text field shows, and the handlers that keep it: what is being
/// typed, until the field is left, else the text the page's state holds.
/// The page re-renders whenever a run starts, progresses or ends, and yew
/// sets a field's value on every render: a field showing only the state's
/// text would lose what is being typed at that moment. Gives the value,
/// the field's `oninput`, and its `onchange`: `committed`, then back to
/// the state's text.
#[hook]
pub fn use_typed_text(
    state_text: AttrValue,
    committed: Callback<Event>,
) -> (AttrValue, Callback<InputEvent>, Callback<Event>) {
    let typed = use_state(|| None::<String>);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| typed.set(Some(event_value(&e))))
    };
    let value = (*typed).clone().map_or(state_text, AttrValue::from);
    let onchange = Callback::from(move |e: Event| {
        committed.emit(e);
        typed.set(None);
    });
    (value, oninput, onchange)
}
