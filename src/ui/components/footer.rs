//! The footer: the calculator as one file to use offline, and the log
//! templates.
//!
//! Served, both are plain download links to files of `dist/` beside
//! `web.js` (no script fetches them). In the single file, the calculator
//! is already offline, and the templates it carries are offered through
//! `blob:` URLs as every other download of the page.

use yew::prelude::*;

use crate::ui::offline::{self, OFFLINE_FILE, TEMPLATES};
use crate::ui::save;

/// The page's footer.
#[component(Footer)]
pub fn footer() -> Html {
    let single = offline::is_single_file();
    let templates = TEMPLATES.iter().map(|&(name, mime, label)| {
        let id = if name.ends_with(".xlsx") { "ms-template-xlsx" } else { "ms-template-csv" };
        if single {
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(bytes) = offline::template_bytes(name) {
                    save::download_bytes(name, mime, &bytes);
                }
            });
            html! { <button type="button" class="ms-secondary" id={id} {onclick}>{ label }</button> }
        } else {
            html! { <a id={id} href={offline::beside_bindings(name)} download={name}>{ label }</a> }
        }
    });
    let templates = Html::from_iter(templates.enumerate().map(|(i, link)| {
        html! { <>{ if i > 0 { " or " } else { "" } }{ link }</> }
    }));
    html! {
        <footer class="ms-footer">
            if single {
                <p id="ms-offline-note">
                    <strong>{ "Offline. " }</strong>
                    { "This is the calculator as one file: it runs from your disk with no connection at all, and can be copied to another computer and opened in a browser there." }
                </p>
            } else {
                <p>
                    <a id="ms-offline-link" href={offline::beside_bindings(OFFLINE_FILE)} download={OFFLINE_FILE}>
                        { "Use it offline" }
                    </a>
                    { ": download the whole calculator as one file (mentoring-stats.html) that runs from your disk with no connection at all, for a computer that cannot reach this site." }
                </p>
            }
            <p>
                <strong>{ "Starting a log? " }</strong>
                { "Download a log template: " }{ templates }
                { ", with the columns the calculator reads, an example row to replace, and (in the Excel file) a sheet explaining each column and drop-down lists for mode and attendance." }
            </p>
        </footer>
    }
}
