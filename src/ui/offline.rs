//! The calculator as one file (`dist/mentoring-stats.html`, written after
//! Trunk by `scripts/make_offline.mjs`), and what the page offers besides
//! the user's files: the single file itself ("Use it offline") and the log
//! templates.
//!
//! The single file runs the same `web.js` as the served page, inline in a
//! module script, and the same `web_bg.wasm`, decompressed from the page
//! itself. Nothing is fetched: before starting the calculator, its loader
//! sets `window.mentoringStatsOffline` to `{ code, templates }`, the bytes
//! of `web.js` (for the worker, still checked against the SHA-256 the build
//! pinned) and of the two log templates. That object is heeded only when
//! the bindings run inline in the page (their `import.meta.url` is the
//! page's own address): a served or mounted calculator always fetches its
//! worker's code from the folder of its `web.js`.

use wasm_bindgen::{JsCast, JsValue};

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `import.meta.url` of the bindings module that runs this wasm
    /// (`web.js`): where it was loaded from, which no host markup can change.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static MODULE_URL: String;
}

/// The URL of the bindings (`web.js`) this page runs.
pub fn module_url() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        MODULE_URL.with(String::clone)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The name of the single file in `dist/`.
pub const OFFLINE_FILE: &str = "mentoring-stats.html";

/// The log templates in `dist/` (made by `scripts/make_templates.mjs`):
/// file name, media type, and what the link says.
pub const TEMPLATES: [(&str, &str, &str); 2] = [
    (
        "mentoring-stats-log-template.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (.xlsx)",
    ),
    ("mentoring-stats-log-template.csv", "text/csv", "CSV (.csv)"),
];

/// The global the single file's loader sets.
const GLOBAL: &str = "mentoringStatsOffline";

/// A URL without its fragment.
fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or_default()
}

/// Whether the running bindings are inline in the page: the single file.
pub fn is_single_file() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let page = document.url().unwrap_or_default();
    let module = module_url();
    !module.is_empty() && without_fragment(&module) == without_fragment(&page)
}

/// `window.mentoringStatsOffline[path...]`, in the single file only.
fn offline_value(path: &[&str]) -> Option<JsValue> {
    if !is_single_file() {
        return None;
    }
    let mut value: JsValue = web_sys::window()?.into();
    for name in std::iter::once(&GLOBAL).chain(path) {
        value = js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok()?;
        if value.is_undefined() || value.is_null() {
            return None;
        }
    }
    Some(value)
}

/// A byte array of the single file's loader, as bytes.
fn offline_bytes(path: &[&str]) -> Option<Vec<u8>> {
    let value = offline_value(path)?;
    value
        .is_instance_of::<js_sys::Uint8Array>()
        .then(|| js_sys::Uint8Array::new(&value).to_vec())
}

/// The bytes of `web.js` that the single file carries for its worker
/// (`None` when served: the worker's code is fetched then).
pub fn worker_code() -> Option<Vec<u8>> {
    offline_bytes(&["code"])
}

/// The bytes of a template the single file carries, by file name.
pub fn template_bytes(name: &str) -> Option<Vec<u8>> {
    offline_bytes(&["templates", name])
}

/// The address of a file of `dist/` beside the running `web.js` (served
/// or mounted page): a plain link, so that no script fetches it.
pub fn beside_bindings(name: &str) -> String {
    let module = module_url();
    let module = module.split(['?', '#']).next().unwrap_or_default();
    let folder = &module[..module.rfind('/').map_or(0, |i| i + 1)];
    format!("{folder}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_does_not_change_the_page() {
        assert_eq!(
            without_fragment("file:///a/b.html#ms-results"),
            "file:///a/b.html"
        );
        assert_eq!(without_fragment("file:///a/b.html"), "file:///a/b.html");
    }

    #[test]
    fn the_templates_are_an_xlsx_and_a_csv() {
        assert!(TEMPLATES.iter().any(|t| t.0.ends_with(".xlsx")));
        assert!(TEMPLATES.iter().any(|t| t.0.ends_with(".csv")));
    }
}
