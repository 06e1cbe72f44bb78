//! The list of files: how each was read, its rows, and Remove; under it,
//! the mapping panel of each file.

use yew::prelude::*;

use crate::ui::bidi::{self, isolate};
use crate::ui::components::mapping::MappingPanel;
use crate::ui::focus;
use crate::ui::format;
use crate::ui::protocol::{FileRole, FileView};
use crate::ui::reading::{self, notices_for, Control};
use crate::ui::state::{Action, FileEntry, Outcome};

/// Props of [`FileList`].
#[derive(Properties, PartialEq)]
pub struct FileListProps {
    /// Files added.
    pub files: Vec<FileEntry>,
    /// The last result, with how each file was read.
    pub outcome: Option<Outcome>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

/// One row per file.
#[component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    let view_of = |id: u32| -> Option<&FileView> {
        props
            .outcome
            .as_ref()
            .and_then(|o| o.files.iter().find(|v| v.id == id))
    };
    let names: Vec<(u32, String)> = props.files.iter().map(|f| (f.id, f.name.clone())).collect();
    let file_names: Vec<&str> = props.files.iter().map(|f| f.name.as_str()).collect();
    // The record files' notices (not the site outcome file's, whose name
    // may be a record file's too).
    let notices: &[String] = props.outcome.as_ref().map_or(&[], |o| o.notices().0);
    html! {
        <section class="ms-files" aria-labelledby="ms-files-title">
            <h2 id="ms-files-title"><span class="ms-step">{ "2. " }</span>{ "Files" }</h2>
            <div class="ms-table-scroll">
                <table class="ms-table ms-stack ms-files-table" id="ms-files-table">
                    <caption class="ms-visually-hidden">{ "Files loaded and how each was read" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "File" }</th>
                            <th scope="col">{ "Read as" }</th>
                            <th scope="col">{ "Dates" }</th>
                            <th scope="col" class="ms-num">{ "Rows read" }</th>
                            <th scope="col" class="ms-num">{ "Used" }</th>
                            <th scope="col" class="ms-num">{ "Rejected" }</th>
                            <th scope="col"><span class="ms-visually-hidden">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for props.files.iter().map(|f| file_row(f, view_of(f.id), &file_names, &props.act)) }
                    </tbody>
                </table>
            </div>
            <div class="ms-mappings">
                { for props.files.iter().map(|f| html! {
                    <MappingPanel key={f.id} entry={f.clone()} view={view_of(f.id).cloned()}
                        notices={notices_for(notices, &names, &Control::Mapping(f.id))}
                        act={props.act.clone()} />
                })}
            </div>
        </section>
    }
}

/// A count of rows, in its column.
fn row_count(field: &str, n: u64) -> Html {
    let caption = match field {
        "rows_read" => "Rows read",
        "rows_used" => "Used",
        _ => "Rejected",
    };
    html! {
        <td class="ms-num ms-inline" data-field={field.to_string()} data-value={n.to_string()}
            data-caption={caption}>
            { format::number(n as f64, 0) }
        </td>
    }
}

/// How a file was read, in the cells between its name and its button:
/// why it was not, what it is instead, or how it was and its rows.
fn reading_cells(f: &FileEntry, view: Option<&FileView>, file_names: &[&str]) -> Html {
    let id = f.id;
    match view {
        Some(v) if v.error.is_some() => html! {
            <>
                <td colspan="2" class="ms-file-error">
                    <strong>{ "Not read: " }</strong>
                    if v.missing.is_empty() {
                        { bidi::prose(v.error.as_deref().unwrap_or_default(), file_names) }
                    } else {
                        { format!("no header row naming date, site and mode was found (the row that names the most fields has no column for {}). ", reading::field_list(&v.missing)) }
                        <a href={format!("#ms-mapping-body-{id}")}>{ "Choose its columns" }</a>
                    }
                </td>
                { row_count("rows_read", v.rows_read) }
                { row_count("rows_used", v.rows_used) }
                { row_count("rows_rejected", v.rows_rejected) }
            </>
        },
        Some(FileView {
            role: FileRole::Dictionary { fields, used },
            ..
        }) => html! {
            <td colspan="5" class="ms-file-role" data-role="dictionary">
                { format!("REDCap data dictionary ({})", format::count(*fields, "field", "fields")) }
                { if *used { ": it reads the coded values of the other files" } else { ": not used (only the first data dictionary is)" } }
            </td>
        },
        Some(FileView {
            role: FileRole::Duplicate { of },
            ..
        }) => html! {
            <td colspan="5" class="ms-file-role" data-role="duplicate">
                { "same bytes as " }{ bidi::file_name(of) }{ ": read once" }
            </td>
        },
        Some(v) => html! {
            <>
                <td data-caption="Read as">{ bidi::prose(&reading::format_text(v), &[]) }</td>
                <td data-caption="Dates">{ reading::date_order_text(v.date_order) }</td>
                { row_count("rows_read", v.rows_read) }
                { row_count("rows_used", v.rows_used) }
                { row_count("rows_rejected", v.rows_rejected) }
            </>
        },
        None => html! {
            <td colspan="5" class="ms-muted">
                { format!("waiting… ({})", format::bytes(f.size)) }
            </td>
        },
    }
}

/// A file's row: its name, how it was read and its remove button.
fn file_row(
    f: &FileEntry,
    view: Option<&FileView>,
    file_names: &[&str],
    act: &Callback<Action>,
) -> Html {
    let id = f.id;
    let on_remove = act.reform(move |_: MouseEvent| {
        focus::after_remove(id);
        Action::RemoveFile(id)
    });
    html! {
        <tr key={id} data-file={f.name.clone()}
            class={classes!(view.is_some_and(|v| v.error.is_some()).then_some("ms-row-error"))}>
            <th scope="row">{ bidi::file_name(&f.name) }</th>
            { reading_cells(f, view, file_names) }
            <td class="ms-file-actions">
                <button type="button" class="ms-secondary ms-small" onclick={on_remove}
                    id={focus::remove_button_id(id)} data-remove={id.to_string()}
                    aria-label={format!("Remove {}", isolate(&f.name))}>{ "Remove" }</button>
            </td>
        </tr>
    }
}
