//! The mapping panel of one file: which column holds which field (with
//! sample values), the delimiter or sheet, and what went wrong if the file
//! could not be read. Every change reads the files again.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::ui::protocol::FileView;
use crate::ui::state::{Action, FileEntry};
use crate::Field;

/// Props of [`MappingPanel`].
#[derive(Properties, PartialEq)]
pub struct MappingProps {
    /// The file as added.
    pub entry: FileEntry,
    /// How it was read, once it was.
    pub view: Option<FileView>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

/// The delimiter choices: value, label, byte.
const DELIMITERS: [(&str, &str, Option<u8>); 4] = [
    ("detect", "Detect", None),
    ("comma", "Comma ( , )", Some(b',')),
    ("semicolon", "Semicolon ( ; )", Some(b';')),
    ("tab", "Tab", Some(b'\t')),
];

/// How a field is named on the page.
fn field_label(field: Field) -> &'static str {
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

fn select_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Headers a user can pick: non-empty, each once, in file order.
fn choices(header: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in header {
        if !h.trim().is_empty() && !out.contains(h) {
            out.push(h.clone());
        }
    }
    out
}

/// The columns, delimiter and sheet of one file, in a disclosure.
#[component(MappingPanel)]
pub fn mapping_panel(props: &MappingProps) -> Html {
    let entry = &props.entry;
    let id = entry.id;
    let view = props.view.as_ref();
    let error = view.and_then(|v| v.error.clone());
    let header = view.map(|v| choices(&v.header)).unwrap_or_default();
    // Open when the file could not be read (each time a new error comes);
    // otherwise as the user leaves it, so that it stays open while they map.
    let open = use_state(|| false);
    {
        let open = open.clone();
        use_effect_with(error.clone(), move |error| {
            if error.is_some() {
                open.set(true);
            }
        });
    }
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            if let Some(element) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                open.set(element.has_attribute("open"));
            }
        })
    };
    let is_workbook = entry.name.to_lowercase().ends_with(".xlsx")
        || view.is_some_and(|v| v.format.starts_with("Excel"));

    let manual = |field: &str| {
        entry
            .columns
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, h)| h.clone())
    };
    let detected = |field: &str| {
        view.and_then(|v| v.mapping.iter().find(|(f, _)| f == field))
            .and_then(|(_, h)| h.clone())
    };
    let samples = |field: &str| -> Vec<String> {
        view.and_then(|v| v.samples.iter().find(|(f, _)| f == field))
            .map(|(_, s)| s.iter().take(3).cloned().collect())
            .unwrap_or_default()
    };

    let rows = Field::ALL.iter().map(|&field| {
        let name = field.name();
        let control_id = format!("ms-map-{id}-{name}");
        let by_hand = manual(name);
        let current = by_hand.clone().or_else(|| detected(name));
        let status = match (&by_hand, &current) {
            (Some(_), _) => "set by hand",
            (None, Some(_)) => "detected",
            (None, None) if field.is_required() => "not found: required",
            (None, None) => "not found",
        };
        let control = if header.is_empty() {
            let act = props.act.clone();
            let onchange = Callback::from(move |e: Event| {
                let value = input_value(&e).trim().to_string();
                act.emit(Action::MapColumn {
                    file: id,
                    field: name.to_string(),
                    header: (!value.is_empty()).then_some(value),
                });
            });
            html! {
                <input type="text" id={control_id.clone()} value={by_hand.clone().unwrap_or_default()}
                    placeholder="column header" {onchange} />
            }
        } else {
            let act = props.act.clone();
            let onchange = Callback::from(move |e: Event| {
                let value = select_value(&e);
                act.emit(Action::MapColumn {
                    file: id,
                    field: name.to_string(),
                    header: (!value.is_empty()).then_some(value),
                });
            });
            let selected = current.clone().unwrap_or_default();
            html! {
                <select id={control_id.clone()} {onchange}>
                    <option value="" selected={selected.is_empty()}>{ "— not mapped / detect —" }</option>
                    { for header.iter().map(|h| html! {
                        <option value={h.clone()} selected={*h == selected}>{ h.clone() }</option>
                    })}
                </select>
            }
        };
        let values = samples(name);
        html! {
            <tr key={name}>
                <th scope="row">
                    <label for={control_id}>{ field_label(field) }</label>
                    if field.is_required() {
                        <span class="ms-required">{ " (required)" }</span>
                    }
                </th>
                <td>{ control }</td>
                <td class={classes!("ms-map-status", (status.starts_with("not found: required")).then_some("ms-warn"))}>
                    { status }
                </td>
                <td class="ms-samples">
                    if values.is_empty() {
                        <span class="ms-muted">{ "–" }</span>
                    }
                    { for values.into_iter().map(|v| html! { <span class="ms-sample">{ v }</span> }) }
                </td>
            </tr>
        }
    });

    let mapped: Vec<String> = Field::ALL
        .iter()
        .filter_map(|f| manual(f.name()).or_else(|| detected(f.name())))
        .collect();
    let ignored: Vec<String> = header
        .iter()
        .filter(|h| !mapped.contains(h))
        .cloned()
        .collect();

    let on_delimiter = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            let delimiter = DELIMITERS
                .iter()
                .find(|(v, _, _)| *v == value)
                .and_then(|(_, _, d)| *d);
            act.emit(Action::SetDelimiter {
                file: id,
                delimiter,
            });
        })
    };
    let on_sheet = {
        let act = props.act.clone();
        Callback::from(move |e: Event| {
            let value = input_value(&e).trim().to_string();
            act.emit(Action::SetSheet {
                file: id,
                sheet: (!value.is_empty()).then_some(value),
            });
        })
    };
    // A file whose columns were not found can be mapped by hand; one that
    // is not a record file at all (or a wrong sheet) cannot.
    let show_mapping = error.is_none()
        || !header.is_empty()
        || !entry.columns.is_empty()
        || error.as_ref().is_some_and(|e| e.contains("column"));
    let advice = match (show_mapping, header.is_empty(), is_workbook) {
        (true, true, _) => "Type the header of each required column below (the message lists the columns found), or choose the delimiter; or remove the file.",
        (true, false, _) => "Map the required columns below; or remove the file.",
        (false, _, true) => "Check the sheet name; or remove the file and load the right one.",
        (false, _, false) => "If it is a CSV file read with the wrong delimiter, choose the delimiter; otherwise remove the file and load the right one.",
    };
    let on_remove = props
        .act
        .reform(move |_: MouseEvent| Action::RemoveFile(id));
    let delimiter_id = format!("ms-delim-{id}");
    let sheet_id = format!("ms-sheet-{id}");
    let hint_id = format!("ms-map-hint-{id}");

    html! {
        <details class={classes!("ms-mapping", error.is_some().then_some("ms-mapping-error"))}
            open={*open} ontoggle={on_toggle}>
            <summary>
                { "Columns and reading options: " }<span class="ms-file-name">{ entry.name.clone() }</span>
                if error.is_some() {
                    <span class="ms-badge ms-badge-error">{ "not read" }</span>
                } else if !entry.columns.is_empty() || entry.delimiter.is_some() || entry.sheet.is_some() {
                    <span class="ms-badge">{ "changed by hand" }</span>
                }
            </summary>
            <div class="ms-mapping-body">
                if let Some(error) = &error {
                    <div class="ms-file-problem">
                        <p><strong>{ "This file could not be read. " }</strong>{ error.clone() }</p>
                        <p>{ advice }</p>
                        <button type="button" class="ms-secondary" onclick={on_remove}>
                            { "Remove this file" }
                        </button>
                    </div>
                }
                <div class="ms-fields ms-read-options">
                    if is_workbook {
                        <label for={sheet_id.clone()}>
                            { "Sheet (blank: the first)" }
                            <input type="text" id={sheet_id} value={entry.sheet.clone().unwrap_or_default()}
                                placeholder="first sheet" onchange={on_sheet} />
                        </label>
                    } else {
                        <label for={delimiter_id.clone()}>
                            { "Delimiter" }
                            <select id={delimiter_id} onchange={on_delimiter}>
                                { for DELIMITERS.iter().map(|(value, label, byte)| html! {
                                    <option value={*value} selected={entry.delimiter == *byte}>{ *label }</option>
                                })}
                            </select>
                        </label>
                    }
                </div>
                if show_mapping {
                    <p class="ms-note" id={hint_id.clone()}>
                        { "Columns are matched by their header; choose another column for a field if it was missed or wrong. A change reads the files again." }
                    </p>
                    <div class="ms-table-scroll">
                        <table class="ms-table ms-compact ms-mapping-table" aria-describedby={hint_id}>
                            <caption class="ms-visually-hidden">{ format!("Column mapping of {}", entry.name) }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ "Field" }</th>
                                    <th scope="col">{ "Column in the file" }</th>
                                    <th scope="col">{ "How" }</th>
                                    <th scope="col">{ "Sample values" }</th>
                                </tr>
                            </thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                    </div>
                }
                if !ignored.is_empty() {
                    <p class="ms-note">
                        { "Columns not used: " }
                        { for ignored.iter().enumerate().map(|(i, h)| html! {
                            <>
                                if i > 0 { { ", " } }
                                <span class="ms-col-name">{ h.clone() }</span>
                            </>
                        })}
                    </p>
                }
            </div>
        </details>
    }
}
