//! Keeping the keyboard focus on a sensible element when a redraw takes
//! away the one that had it (a removed file's button, a button that is
//! only there while a file cannot be read).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Times [`focus_soon`] looks again for its element, 30 ms apart.
const TRIES: u32 = 20;

/// The first element of `ids` that exists when it is looked for.
fn first_of(document: &web_sys::Document, ids: &[String]) -> Option<web_sys::HtmlElement> {
    ids.iter()
        .filter_map(|id| document.get_element_by_id(id))
        .find_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether the focus is nowhere in particular: on `<body>`, or on an
/// element no longer in the page.
fn focus_is_lost(document: &web_sys::Document) -> bool {
    match document.active_element() {
        None => true,
        Some(e) => document.body().is_some_and(|b| e == *b.as_ref()) || !e.is_connected(),
    }
}

/// After the next redraw, moves the focus to the first element of `ids`
/// that exists, unless the user has put it elsewhere meanwhile; looks
/// again for a while if none exists yet (the page redraws after an
/// action, not during it).
pub fn focus_soon(ids: Vec<String>) {
    try_focus(ids, TRIES, true);
}

fn try_focus(ids: Vec<String>, tries: u32, first: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let retry = Closure::once_into_js(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        // Once the action has been drawn, an element the user chose since
        // keeps the focus.
        if !first && !focus_is_lost(&document) {
            return;
        }
        match first_of(&document, &ids) {
            Some(element) => {
                let _ = element.focus();
            }
            None if tries > 0 => try_focus(ids, tries - 1, false),
            None => {}
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        retry.unchecked_ref(),
        if first { 0 } else { 30 },
    );
}

/// Moves the focus to the element `id` if the focus has been lost (after
/// a redraw took away the element that had it). For an effect run after
/// each redraw of a panel.
pub fn refocus_if_lost(id: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    if !focus_is_lost(&document) {
        return false;
    }
    match first_of(&document, &[id.to_string()]) {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// The id of the Remove button of file `id` in the files table.
pub fn remove_button_id(id: u32) -> String {
    format!("ms-remove-{id}")
}

/// Before file `id` is removed: after the redraw, the focus goes to the
/// Remove button of the file after it in the files table, else of the
/// file before it, else (no file left) to the file chooser.
pub fn after_remove(id: u32) {
    let mut ids = Vec::new();
    let row = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&remove_button_id(id)))
        .and_then(|b| b.closest("tr").ok().flatten());
    if let Some(row) = row {
        let button_of = |r: Option<web_sys::Element>| {
            r.and_then(|r| r.query_selector("button[data-remove]").ok().flatten())
                .map(|b| b.id())
        };
        ids.extend(button_of(row.next_element_sibling()));
        ids.extend(button_of(row.previous_element_sibling()));
    }
    ids.push("ms-file-input".to_string());
    focus_soon(ids);
}
