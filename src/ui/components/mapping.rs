//! The mapping panel of one file: which column holds which field and how it
//! was taken (with sample values), the delimiter or sheet, and what went
//! wrong if the file could not be read. Every change reads the files again.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::bidi::{self, isolate};
use crate::ui::components::controls::{event_value, notices_beside, options, use_typed_text};
use crate::ui::focus;
use crate::ui::protocol::{FileRole, FileView, Refusal};
use crate::ui::reading::{self, column_options, field_label, field_status, mapped_fields};
use crate::ui::state::{Action, ColumnChoice, FileEntry};
use mentoring_stats_engine::Field;

/// Props of [`MappingPanel`].
#[derive(Properties, PartialEq)]
pub struct MappingProps {
    /// The file as added.
    pub entry: FileEntry,
    /// How it was read, once it was.
    pub view: Option<FileView>,
    /// The report's notices about this file's columns and sheets.
    #[prop_or_default]
    pub notices: Vec<String>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

/// The id of the control of the field last mapped, until the files have
/// been read again.
type Mapped = Rc<RefCell<Option<String>>>;

/// Keeps the focus on the control `id` of the field just mapped, now and
/// when the files have been read again.
fn keep_focus(mapped: &Mapped, id: String) {
    *mapped.borrow_mut() = Some(id.clone());
    focus::focus_soon(vec![id]);
}

/// The delimiter choices: value, label, byte.
const DELIMITERS: [(&str, &str, Option<u8>); 4] = [
    ("detect", "Detect", None),
    ("comma", "Comma ( , )", Some(b',')),
    ("semicolon", "Semicolon ( ; )", Some(b';')),
    ("tab", "Tab", Some(b'\t')),
];

fn select_value(e: &Event) -> String {
    event_value(e)
}

/// The sheet control: a list of the workbook's sheets where they are
/// known, else a text field.
fn sheet_control(entry: &FileEntry, view: Option<&FileView>, act: &Callback<Action>) -> Html {
    let id = entry.id;
    let control_id = format!("ms-sheet-{id}");
    let sheets = view.map(|v| v.sheets.clone()).unwrap_or_default();
    let on_sheet = {
        let act = act.clone();
        Callback::from(move |e: Event| {
            let value = event_value(&e).trim().to_string();
            act.emit(Action::SetSheet {
                file: id,
                sheet: (!value.is_empty()).then_some(value),
            });
        })
    };
    if sheets.is_empty() {
        return html! {
            <SheetField id={control_id} sheet={entry.sheet.clone().unwrap_or_default()} onchange={on_sheet} />
        };
    }
    let read = view.and_then(|v| v.sheet.clone());
    let chosen = entry.sheet.clone().unwrap_or_default();
    let first = match &read {
        Some(sheet) if entry.sheet.is_none() => {
            format!("The first with a header row (now “{}”)", isolate(sheet))
        }
        _ => "The first with a header row".to_string(),
    };
    html! {
        <label for={control_id.clone()}>
            { "Sheet" }
            <select id={control_id} data-sheet-file={entry.name.clone()} onchange={on_sheet}>
                { options(
                    std::iter::once((String::new(), first))
                        .chain(sheets.iter().map(|s| (s.clone(), s.clone())))
                        .collect(),
                    &chosen,
                ) }
            </select>
        </label>
    }
}

/// The properties of a [`SheetField`].
#[derive(Properties, PartialEq)]
struct SheetFieldProps {
    id: AttrValue,
    /// The sheet the file's entry names ("" for the first with a header).
    sheet: AttrValue,
    /// Told the name once it is committed (the field is left).
    onchange: Callback<Event>,
}

/// The sheet's name typed by hand, where the workbook's sheets are not
/// known yet (it is being read, or could not be opened): what is typed
/// stays until the field is left ([`use_typed_text`]).
#[component(SheetField)]
fn sheet_field(props: &SheetFieldProps) -> Html {
    let (value, oninput, onchange) = use_typed_text(props.sheet.clone(), props.onchange.clone());
    html! {
        <label for={props.id.clone()}>
            { "Sheet (blank: the first with a header row)" }
            <input type="text" id={props.id.clone()} {value} {oninput} {onchange}
                placeholder="first sheet with a header"
                spellcheck="false" autocomplete="off" autocorrect="off" autocapitalize="off" />
        </label>
    }
}

// About 90 lines: one row's markup, each cell drawn from the same status
// of the field.
/// One field's row: its column (a list of the file's columns with their
/// values, "detect" and "none"), how it was taken, and its values.
fn field_row(
    entry: &FileEntry,
    view: Option<&FileView>,
    field: Field,
    act: &Callback<Action>,
    mapped: &Mapped,
) -> Html {
    let id = entry.id;
    let name = field.name();
    let control_id = format!("ms-map-{id}-{name}");
    let how_id = format!("ms-map-how-{id}-{name}");
    let status = field_status(entry, view, field);
    let choice = entry.choice(field);
    let selected = reading::choice_value(&choice);
    let columns = view.map(column_options).unwrap_or_default();
    let onchange = {
        let act = act.clone();
        let mapped = mapped.clone();
        let control_id = control_id.clone();
        Callback::from(move |e: Event| {
            keep_focus(&mapped, control_id.clone());
            act.emit(Action::MapColumn {
                file: id,
                field,
                choice: reading::choice_of(&select_value(&e)),
            });
        })
    };
    let detect_text = match (&choice, &status.header) {
        (ColumnChoice::Detect, Some(h)) => format!("Detect automatically (now “{}”)", isolate(h)),
        _ => "Detect automatically".to_string(),
    };
    let suggestion = view.and_then(|v| {
        v.suggestions
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, h)| h.clone())
    });
    let mut items = vec![
        (reading::DETECT.to_string(), detect_text),
        (
            reading::NONE.to_string(),
            "(none): this file has no such column".to_string(),
        ),
    ];
    items.extend(columns.into_iter().map(|o| {
        let text = if suggestion.as_deref() == Some(o.header.as_str()) {
            format!("{} (suggested)", o.text)
        } else {
            o.text
        };
        (o.value, text)
    }));
    let values = status
        .column
        .and_then(|i| view.and_then(|v| v.samples.get(i)))
        .cloned()
        .unwrap_or_default();
    html! {
        <tr key={name} data-map-field={name} data-missing={status.missing.then_some("true")}
            class={classes!(status.missing.then_some("ms-missing"))}>
            <th scope="row">
                <label for={control_id.clone()}>{ field_label(field) }</label>
                if field.is_required() {
                    <span class="ms-required">{ " (required)" }</span>
                }
            </th>
            <td>
                <select id={control_id} data-map-field={name} onchange={onchange}
                    aria-describedby={how_id.clone()}
                    aria-invalid={status.missing.then_some("true")}>
                    { options(items, &selected) }
                </select>
            </td>
            <td id={how_id} data-caption="How it was taken" class={classes!("ms-map-status", status.missing.then_some("ms-warn"))}>
                if status.missing {
                    <span aria-hidden="true">{ "⚠ " }</span>
                }
                { status.how }
                if let Some(h) = suggestion.filter(|_| status.missing) {
                    <span class="ms-suggestion">{ " (perhaps “" }{ bidi::name(&h) }{ "”)" }</span>
                }
            </td>
            <td class="ms-samples" data-caption="Values">
                if values.is_empty() {
                    <span class="ms-muted">{ "–" }</span>
                }
                { for values.into_iter().take(3).map(|v| html! { <bdi class="ms-sample">{ v }</bdi> }) }
            </td>
        </tr>
    }
}

/// Whether the panel is open: as the user leaves it, and opened each time
/// a new error comes (so that it stays open while they map); with the
/// handler of its `toggle` event.
#[hook]
fn use_open_on_error(error: Option<String>) -> (bool, Callback<Event>) {
    let open = use_state(|| false);
    {
        let open = open.clone();
        use_effect_with(error, move |error| {
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
    (*open, on_toggle)
}

/// The field last mapped, which keeps the focus when the files have been
/// read again (if a redraw took it away).
#[hook]
fn use_mapped_focus(view: Option<FileView>) -> Mapped {
    let mapped: Mapped = use_mut_ref(|| None);
    {
        let mapped = mapped.clone();
        use_effect_with(view, move |_| {
            if let Some(id) = mapped.borrow_mut().take() {
                focus::refocus_if_lost(&id);
            }
        });
    }
    mapped
}

/// What to do about a file that could not be read.
fn advice(
    refusal: Option<Refusal>,
    has_header: bool,
    is_workbook: bool,
    missing: bool,
) -> &'static str {
    match (has_header, is_workbook) {
        _ if refusal == Some(Refusal::CodedModes) => {
            "Drop the project's data dictionary together with this file, or load an export with labels instead; or remove the file."
        }
        _ if refusal == Some(Refusal::DataDictionary) => {
            "Drop it together with the REDCap export it describes; or remove it."
        }
        (true, _) if missing => {
            "Choose the column of each missing field in the list below; the file is read again at each choice."
        }
        (true, _) => "Choose the columns below, or remove the file.",
        (false, true) => "Choose another sheet, or remove the file and load the right one.",
        (false, false) => "If it is a CSV file read with the wrong delimiter, choose the delimiter; otherwise remove the file and load the right one.",
    }
}

/// Why a file could not be read, what to do, the columns suggested for
/// it (one button maps them all) and a button to remove it.
fn file_problem(
    entry: &FileEntry,
    view: &FileView,
    error: &str,
    act: &Callback<Action>,
    mapped: &Mapped,
) -> Html {
    let id = entry.id;
    let advice = advice(
        view.refusal,
        !view.header.is_empty(),
        reading::is_workbook(entry, Some(view)),
        !view.missing.is_empty(),
    );
    let suggestions = view.suggestions.clone();
    let on_suggested = {
        let act = act.clone();
        let columns = suggestions.clone();
        let mapped = mapped.clone();
        Callback::from(move |_: MouseEvent| {
            // The button goes once the file is read: the focus goes to
            // the first field it mapped.
            if let Some((field, _)) = columns.first() {
                keep_focus(&mapped, format!("ms-map-{id}-{field}"));
            }
            act.emit(Action::MapColumns {
                file: id,
                columns: columns.clone(),
            })
        })
    };
    let on_remove = act.reform(move |_: MouseEvent| {
        focus::after_remove(id);
        Action::RemoveFile(id)
    });
    html! {
        <div class="ms-file-problem" data-problem-file={entry.name.clone()}>
            <p class="ms-problem-message"><strong>{ "This file could not be read. " }</strong>{ bidi::prose(error, &[entry.name.as_str()]) }</p>
            <p>{ advice }</p>
            <div class="ms-actions">
                if !suggestions.is_empty() {
                    <button type="button" data-use-suggestions={entry.name.clone()} onclick={on_suggested}>
                        { "Use the suggested columns (" }
                        { for suggestions.iter().enumerate().map(|(i, (f, h))| html! {
                            <>{ if i > 0 { ", " } else { "" } }{ format!("{f}: “") }{ bidi::name(h) }{ "”" }</>
                        })}
                        { ")" }
                    </button>
                }
                <button type="button" class="ms-secondary" onclick={on_remove}>
                    { "Remove this file" }
                </button>
            </div>
        </div>
    }
}

/// The delimiter control of a text file.
fn delimiter_control(entry: &FileEntry, act: &Callback<Action>) -> Html {
    let id = entry.id;
    let on_delimiter = {
        let act = act.clone();
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
    let delimiter_id = format!("ms-delim-{id}");
    html! {
        <label for={delimiter_id.clone()}>
            { "Delimiter" }
            <select id={delimiter_id} onchange={on_delimiter}>
                { options(
                    DELIMITERS.iter().map(|(v, l, _)| (v.to_string(), l.to_string())).collect(),
                    DELIMITERS.iter().find(|(_, _, b)| *b == entry.delimiter).map_or("detect", |(v, _, _)| *v),
                ) }
            </select>
        </label>
    }
}

/// The header row's place and the table of fields and their columns.
fn columns_table(
    entry: &FileEntry,
    view: &FileView,
    act: &Callback<Action>,
    mapped: &Mapped,
) -> Html {
    let id = entry.id;
    let hint_id = format!("ms-map-hint-{id}");
    let place = (view.header_line > 0).then(|| match &view.sheet {
        Some(sheet) => {
            html! { <>{ "sheet “" }{ bidi::name(sheet) }{ format!("”, row {}", view.header_line) }</> }
        }
        None => html! { { format!("line {}", view.header_line) } },
    });
    html! {
        <>
            <p class="ms-note" id={hint_id.clone()}>
                { match place {
                    Some(place) if view.error.is_some() => html! { <>{ "The row that names the most fields is on " }{ place }{ ". " }</> },
                    Some(place) => html! { <>{ "Header row: " }{ place }{ ". " }</> },
                    None => Html::default(),
                }}
                { "Each field is found by its column's header; choose another column if one was missed or is wrong, or “(none)” if the file has no such column (a Status column that is not attendance). Each choice reads the files again." }
            </p>
            <div class="ms-table-scroll">
                <table class="ms-table ms-compact ms-mapping-table ms-stack" id={format!("ms-mapping-table-{id}")}
                    aria-describedby={hint_id}>
                    <caption class="ms-visually-hidden">{ "Columns of " }{ bidi::file_name(&entry.name) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Field" }</th>
                            <th scope="col">{ "Column in the file" }</th>
                            <th scope="col">{ "How it was taken" }</th>
                            <th scope="col">{ "Values" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for mapped_fields().map(|field| field_row(entry, Some(view), field, act, mapped)) }
                    </tbody>
                </table>
            </div>
        </>
    }
}

/// The headers matched to no field.
fn unused_columns(unused: &[String]) -> Html {
    if unused.is_empty() {
        return Html::default();
    }
    html! {
        <p class="ms-note">
            { "Columns not used: " }
            { for unused.iter().enumerate().map(|(i, h)| html! {
                <>
                    if i > 0 { { ", " } }
                    <bdi class="ms-col-name">{ h.clone() }</bdi>
                </>
            })}
        </p>
    }
}

/// The columns, delimiter and sheet of one file, in a disclosure.
#[component(MappingPanel)]
pub fn mapping_panel(props: &MappingProps) -> Html {
    let entry = &props.entry;
    let id = entry.id;
    let view = props.view.as_ref();
    let error = view.and_then(|v| v.error.clone());
    let (open, on_toggle) = use_open_on_error(error.clone());
    let mapped = use_mapped_focus(props.view.clone());
    if view.is_some_and(|v| v.role != FileRole::Records) {
        return Html::default();
    }
    let changed = !entry.columns.is_empty() || entry.delimiter.is_some() || entry.sheet.is_some();
    html! {
        <details class={classes!("ms-mapping", error.is_some().then_some("ms-mapping-error"))}
            id={format!("ms-mapping-{id}")} data-mapping-file={entry.name.clone()}
            {open} ontoggle={on_toggle}>
            <summary>
                { "Columns and reading options: " }<span class="ms-file-name">{ bidi::file_name(&entry.name) }</span>
                if error.is_some() {
                    <span class="ms-badge ms-badge-error">{ "not read" }</span>
                } else if changed {
                    <span class="ms-badge">{ "changed by hand" }</span>
                }
            </summary>
            <div class="ms-mapping-body" id={format!("ms-mapping-body-{id}")}>
                if let (Some(error), Some(view)) = (&error, view) {
                    { file_problem(entry, view, error, &props.act, &mapped) }
                }
                <div class="ms-fields ms-read-options">
                    if reading::is_workbook(entry, view) {
                        { sheet_control(entry, view, &props.act) }
                    } else {
                        { delimiter_control(entry, &props.act) }
                    }
                </div>
                if let Some(view) = view.filter(|v| !v.header.is_empty()) {
                    { columns_table(entry, view, &props.act, &mapped) }
                }
                { unused_columns(view.map_or(&[][..], |v| v.unused.as_slice())) }
                { notices_beside(None, format!("Notices about the columns of {}", isolate(&entry.name)), &props.notices, &[entry.name.as_str()]) }
            </div>
        </details>
    }
}
