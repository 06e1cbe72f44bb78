//! "Save settings" and "Load settings": the analysis settings as a small
//! JSON file the user keeps (nothing is kept in the browser), which
//! `mentoring-stats report --settings FILE` also reads.

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::settings_io::SETTINGS_FILE_NAME;

/// Props of [`SettingsFileBar`].
#[derive(Properties, PartialEq)]
pub struct SettingsFileProps {
    /// Downloads the settings file.
    pub on_save: Callback<()>,
    /// A settings file was chosen: its name and text.
    pub on_load: Callback<(String, String)>,
    /// Why the last file chosen could not be loaded.
    #[prop_or_default]
    pub error: Option<String>,
    /// The settings file last loaded.
    #[prop_or_default]
    pub loaded: Option<String>,
}

/// The two buttons, what they do, and a bad file's message at them.
#[component(SettingsFileBar)]
pub fn settings_file_bar(props: &SettingsFileProps) -> Html {
    let on_save = {
        let save = props.on_save.clone();
        Callback::from(move |_: MouseEvent| save.emit(()))
    };
    let on_change = {
        let load = props.on_load.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let load = load.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                match text {
                    Some(text) => load.emit((name, text)),
                    None => load.emit((name, String::new())),
                }
            });
        })
    };
    let error_id = "ms-settings-file-error";
    html! {
        <div class="ms-settings-file" id="ms-settings-file">
            <p class="ms-note" id="ms-settings-file-help">
                { format!("Save settings downloads {SETTINGS_FILE_NAME}: the column mapping of each file (by its name), label readings, merged names, costs, window, date order, minutes per written message, duration unit and number format. Load settings applies such a file; the command line reads it too (mentoring-stats report --settings {SETTINGS_FILE_NAME} FILE...). Nothing is kept in the browser.") }
            </p>
            <div class="ms-actions">
                <button type="button" id="ms-save-settings" class="ms-secondary" onclick={on_save}>
                    { "Save settings" }
                </button>
                <input type="file" id="ms-load-settings" class="ms-visually-hidden" accept=".json,application/json"
                    onchange={on_change} aria-describedby={props.error.as_ref().map(|_| error_id)} />
                <label for="ms-load-settings" class="ms-button ms-secondary-button">{ "Load settings" }</label>
            </div>
            if let Some(name) = &props.loaded {
                <p class="ms-note" id="ms-settings-loaded">
                    { "Settings loaded from " }{ bidi::name(name) }{ "." }
                </p>
            }
            if let Some(error) = &props.error {
                <p class="ms-field-error" id={error_id} role="alert">{ bidi::prose(error, &[]) }</p>
            }
        </div>
    }
}
