//! The progress bar of an analysis, with its Cancel button.

use yew::prelude::*;

use crate::ui::format;
use crate::ui::state::Progress;

/// Props of [`ProgressBar`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// How far the run is.
    pub progress: Progress,
    /// Cancels the run.
    pub on_cancel: Callback<()>,
}

/// Bytes read out of the total, and Cancel.
#[component(ProgressBar)]
pub fn progress_bar(props: &ProgressProps) -> Html {
    let p = props.progress;
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let label = if p.total > 0.0 {
        format!(
            "Reading: {} of {}",
            format::bytes(p.done),
            format::bytes(p.total)
        )
    } else {
        "Computing…".to_string()
    };
    html! {
        <div class="ms-progress">
            <label for="ms-progress-bar">{ label }</label>
            <progress id="ms-progress-bar" max="100" value={format!("{:.1}", p.percent())}>
                { format!("{:.0}%", p.percent()) }
            </progress>
            <button type="button" id="ms-cancel" class="ms-secondary" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}
