//! The list of files: how each was read, its rows, and Remove.

use yew::prelude::*;

use crate::ui::protocol::FileView;
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
    html! {
        <section class="ms-files" aria-labelledby="ms-files-title">
            <h2 id="ms-files-title">{ "2. Files" }</h2>
            <table class="ms-table">
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
                    { for props.files.iter().map(|f| {
                        let id = f.id;
                        let on_remove = props.act.reform(move |_: MouseEvent| Action::RemoveFile(id));
                        let view = view_of(id);
                        html! {
                            <tr key={id}>
                                <th scope="row">{ f.name.clone() }</th>
                                { match view {
                                    Some(v) if v.error.is_some() => html! {
                                        <td colspan="5" class="ms-file-error">
                                            { v.error.clone().unwrap_or_default() }
                                        </td>
                                    },
                                    Some(v) => html! {
                                        <>
                                            <td>{ v.format.clone() }</td>
                                            <td>{ v.date_order.clone() }</td>
                                            <td class="ms-num">{ v.rows_read }</td>
                                            <td class="ms-num">{ v.rows_used }</td>
                                            <td class="ms-num">{ v.rows_rejected }</td>
                                        </>
                                    },
                                    None => html! { <td colspan="5">{ "waiting…" }</td> },
                                }}
                                <td>
                                    <button type="button" onclick={on_remove}
                                        aria-label={format!("Remove {}", f.name)}>{ "Remove" }</button>
                                </td>
                            </tr>
                        }
                    })}
                </tbody>
            </table>
        </section>
    }
}
