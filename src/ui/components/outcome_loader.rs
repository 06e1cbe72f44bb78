//! Where the site outcome file is added, apart from the record files: its
//! own heading, what it holds, a file button and a drop zone, Remove,
//! and why a file could not be read.

use yew::prelude::*;

use crate::ui::bidi::{self, isolate};
use crate::ui::components::loader::{use_drop_zone, ACCEPT};
use crate::ui::format;
use crate::ui::state::{Action, OutcomeFile, OutcomeRefusal};

/// Props of [`OutcomeLoader`].
#[derive(Properties, PartialEq)]
pub struct OutcomeLoaderProps {
    /// The site outcome file in use (or being read), if any.
    pub file: Option<OutcomeFile>,
    /// The site outcome file of the results shown, if any.
    pub shown: Option<OutcomeFile>,
    /// The last site outcome file that could not be read.
    pub refusal: Option<OutcomeRefusal>,
    /// Whether results are shown.
    pub results: bool,
    /// Called with the file chosen or dropped.
    pub on_file: Callback<web_sys::File>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

// Just over 80 lines: one small form, its handlers and its three states.
/// "Add site outcomes".
#[component(OutcomeLoader)]
pub fn outcome_loader(props: &OutcomeLoaderProps) -> Html {
    // One outcome file: the first one chosen or dropped.
    let zone = use_drop_zone({
        let on_file = props.on_file.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if let Some(file) = files.into_iter().next() {
                on_file.emit(file);
            }
        })
    });
    let dragging = zone.dragging;
    let on_remove = props.act.reform(|_: MouseEvent| Action::RemoveOutcomeFile);
    let reading = props.file.is_some() && props.file != props.shown;
    let results_are = match &props.shown {
        Some(shown) => html! {
            <>{ "The results below are still those made with the site outcomes of " }
                { bidi::file_name(&shown.name) }{ "." }</>
        },
        None => html! { { "The results below are still those of the record files alone." } },
    };

    html! {
        <section class="ms-outcomes-load" id="ms-outcomes-load" aria-labelledby="ms-outcomes-load-title">
            <h2 id="ms-outcomes-load-title"><span class="ms-step">{ "Optional: " }</span>{ "Add site outcomes" }</h2>
            <p>
                { "To set the mentoring each site had against how the site did, add a table of site outcomes. It is not a record file: it has " }
                <strong>{ "one row per site" }</strong>
                { ", a site column (such as Site or Trial site) and a column of numbers for each outcome measure (such as Participants recruited, Fidelity score (%) or Retention). Its sites are matched to the record files' sites by name." }
            </p>
            if let Some(refusal) = &props.refusal {
                <div class="ms-error" id="ms-outcomes-error" role="alert">
                    <p>
                        <strong>{ "The site outcome file " }{ bidi::file_name(&refusal.name) }{ " could not be read. " }</strong>
                        { bidi::prose(&refusal.message, &[refusal.name.as_str()]) }
                    </p>
                    <p>
                        <strong>{ "Expected: " }</strong>
                        { "a CSV, TSV, Excel (.xlsx) or LibreOffice (.ods) table with a header row naming the site column and each measure, then one row per site, such as Site,Participants recruited,Retention then Ashford General,14,0.8." }
                    </p>
                    <p>
                        <strong>{ "What to do: " }</strong>
                        { "check that this is the site outcome file, correct it in your spreadsheet, save it and add it again. " }
                        if props.results { { results_are } }
                    </p>
                </div>
            }
            <div
                class={classes!("ms-drop", "ms-drop-outcomes", dragging.then_some("ms-drop-active"))}
                ondragover={zone.on_drag_over}
                ondragleave={zone.on_drag_leave}
                ondrop={zone.on_drop}
            >
                if let Some(file) = &props.file {
                    <p class="ms-outcome-file" id="ms-outcome-file" data-file={file.name.clone()}>
                        { "Site outcomes: " }
                        <span class="ms-file-name">{ bidi::file_name(&file.name) }</span>
                        { format!(" ({})", format::bytes(file.size)) }
                        if reading { { " – reading…" } }
                        { " " }
                        <button type="button" id="ms-outcomes-remove" class="ms-secondary ms-small"
                            onclick={on_remove} aria-label={format!("Remove site outcomes {}", isolate(&file.name))}>
                            { "Remove site outcomes" }
                        </button>
                    </p>
                    <p>{ "Drop another site outcome file here to replace it, or" }</p>
                } else {
                    <p>{ "Drop the site outcome file here, or" }</p>
                }
                <label class="ms-button ms-secondary-button" for="ms-outcomes-input">
                    { if props.file.is_some() { "Choose another site outcome file" } else { "Choose site outcome file" } }
                </label>
                <input
                    id="ms-outcomes-input"
                    class="ms-visually-hidden"
                    type="file"
                    accept={ACCEPT}
                    onchange={zone.on_change}
                />
            </div>
        </section>
    }
}
