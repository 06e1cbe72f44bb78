//! The file picker and drop zone.

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::ui::host::report_shared;

/// File types the picker offers.
pub const ACCEPT: &str = ".csv,.tsv,.txt,.xlsx,.ods,text/csv,text/tab-separated-values,application/vnd.oasis.opendocument.spreadsheet";

/// The invented example log behind "Try it with an example log" (made by
/// `scripts/make_example.py` with the project's generator; its expected
/// report is checked by `tests/offline_assets.rs` and the browser tests).
const EXAMPLE: &[u8] = include_bytes!("../../../assets/invented_example_log.csv");

/// The example's file name, as the file list and the report show it.
pub const EXAMPLE_NAME: &str = "invented_example_log.csv";

/// The example log as a browser `File` (made here: nothing is fetched).
fn example_file() -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(EXAMPLE));
    let options = web_sys::FilePropertyBag::new();
    options.set_type("text/csv");
    web_sys::File::new_with_u8_array_sequence_and_options(&parts, EXAMPLE_NAME, &options).ok()
}

/// Props of [`Loader`].
#[derive(Properties, PartialEq)]
pub struct LoaderProps {
    /// Called with the files chosen or dropped.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// Whether an analysis is running (a new file then replaces it).
    pub busy: bool,
}

/// The files of a file list (of an input or a drop), in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file input and drop zone's handlers: `on_files` gets the files
/// chosen or dropped (never none), `dragging` whether files are over it.
pub struct DropZone {
    /// Whether files are being dragged over the zone.
    pub dragging: bool,
    /// The file input's change.
    pub on_change: Callback<Event>,
    /// Files dragged over the zone.
    pub on_drag_over: Callback<DragEvent>,
    /// Files dragged away.
    pub on_drag_leave: Callback<DragEvent>,
    /// Files dropped.
    pub on_drop: Callback<DragEvent>,
}

/// The handlers of a file input and its drop zone, for [`Loader`] and the
/// site outcome file's loader.
#[hook]
pub fn use_drop_zone(on_files: Callback<Vec<web_sys::File>>) -> DropZone {
    let dragging = use_state(|| false);
    let on_change = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                let files = files_of(input.files());
                // Clear, so that choosing the same file again is a change.
                input.set_value("");
                if !files.is_empty() {
                    on_files.emit(files);
                }
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let files = files_of(e.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    DropZone {
        dragging: *dragging,
        on_change,
        on_drag_over,
        on_drag_leave,
        on_drop,
    }
}

/// Where record files are chosen or dropped, with the privacy promise.
#[component(Loader)]
pub fn loader(props: &LoaderProps) -> Html {
    let input = use_node_ref();
    let zone = use_drop_zone(props.on_files.clone());
    let dragging = zone.dragging;

    let on_example = {
        let on_files = props.on_files.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = example_file() {
                on_files.emit(vec![file]);
            }
        })
    };

    html! {
        <section class="ms-load" aria-labelledby="ms-load-title">
            <h2 id="ms-load-title"><span class="ms-step">{ "1. " }</span>{ "Load record files" }</h2>
            <div
                class={classes!("ms-drop", dragging.then_some("ms-drop-active"))}
                ondragover={zone.on_drag_over}
                ondragleave={zone.on_drag_leave}
                ondrop={zone.on_drop}
            >
                <p>{ "Drop CSV, TSV, Excel (.xlsx) or LibreOffice (.ods) files here, or" }</p>
                // The input comes first, hidden, so that its focus ring is
                // drawn on the label after it, the control people see.
                <input
                    ref={input}
                    id="ms-file-input"
                    class="ms-visually-hidden ms-file-input"
                    type="file"
                    multiple=true
                    accept={ACCEPT}
                    onchange={zone.on_change}
                />
                <label class="ms-button ms-file-button" for="ms-file-input">{ "Choose files" }</label>
                <p class="ms-note">
                    { "A REDCap export can come with its data dictionary: drop both, and coded values are read as their labels." }
                </p>
                <p class="ms-privacy" id="ms-privacy">
                    if report_shared() {
                        { "Your files are read here, in the browser, and the calculator sends nothing anywhere. This page has asked for the report: once your files are read, the page around the calculator receives every figure and every site, mentee and mentor name in it." }
                    } else {
                        { "Your files stay on this computer: they are read here, in the browser, and nothing is sent anywhere." }
                    }
                </p>
                if props.busy {
                    <p class="ms-note">{ "Adding a file now starts the analysis again with all files." }</p>
                }
            </div>
            <div class="ms-example">
                <button type="button" id="ms-example" class="ms-secondary" onclick={on_example}
                    aria-describedby="ms-example-note">
                    { "Try it with an example log" }
                </button>
                <p class="ms-note" id="ms-example-note">
                    { "The example log is invented: its sites, mentors and mentees are made up, and a few of its rows are wrong on purpose, to show how rejected rows are reported. It is part of this page; nothing is fetched." }
                </p>
            </div>
        </section>
    }
}
