//! Export: the JSON report, exactly as the command line tool writes it,
//! and the printed report.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::save::download;
use mentoring_stats_engine::Report;

/// Props of [`ExportBar`].
#[derive(Properties)]
pub struct ExportProps {
    /// The report.
    pub report: Rc<Report>,
}

impl PartialEq for ExportProps {
    /// By identity: each run makes a new report.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// "Download JSON report" and "Print report".
#[component(ExportBar)]
pub fn export_bar(props: &ExportProps) -> Html {
    let on_json = {
        let report = props.report.clone();
        Callback::from(move |_: MouseEvent| {
            // Written when asked for (a report of thousands of sites is
            // tens of megabytes of JSON): byte for byte what
            // `mentoring-stats report` prints.
            download(
                "mentoring-report.json",
                "application/json",
                &report.to_json(),
            );
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
