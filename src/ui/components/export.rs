//! Export: the JSON report, exactly as the command line tool writes it,
//! and the printed report.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::embed::download;

/// Props of [`ExportBar`].
#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The report as JSON, byte for byte as `mentoring-stats report` prints it.
    pub json: Rc<str>,
}

/// "Download JSON report" and "Print report".
#[component(ExportBar)]
pub fn export_bar(props: &ExportProps) -> Html {
    let on_json = {
        let json = props.json.clone();
        Callback::from(move |_: MouseEvent| {
            download("mentoring-report.json", "application/json", &json);
        })
    };
    let on_print = Callback::from(|_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <div class="ms-actions ms-export">
            <button type="button" id="ms-download-json" onclick={on_json}>
                { "Download JSON report" }
            </button>
            <button type="button" id="ms-print" class="ms-secondary" onclick={on_print}>
                { "Print report" }
            </button>
            <p class="ms-note">{ "Each table below has its own CSV download." }</p>
        </div>
    }
}
