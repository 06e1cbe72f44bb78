//! The web page (built by Trunk): one wasm module for the page's main
//! thread, where it mounts the calculator and exports the embedding API to
//! JavaScript, and for its analysis workers, which the page starts from
//! this same module (see `ui::bridge`).

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Mounts the calculator into `element`; `asset_base` says where its
    /// files are relative to the host page (default: beside it).
    #[wasm_bindgen(js_name = mount)]
    pub fn mount(element: web_sys::Element, asset_base: Option<String>) {
        mentoring_stats::ui::embed::mount(element, asset_base);
    }

    /// A promise that settles once the calculator is ready: its worker's
    /// code loaded (connections may be forbidden after it) and the app shown.
    #[wasm_bindgen(js_name = ready)]
    pub fn ready() -> js_sys::Promise {
        mentoring_stats::ui::embed::ready()
    }

    /// The last report as a plain JavaScript object, or `null`.
    #[wasm_bindgen(js_name = report)]
    pub fn report() -> JsValue {
        mentoring_stats::ui::embed::last_report()
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().is_some() {
        mentoring_stats::ui::embed::start();
    } else {
        // No window: this is an analysis worker the page started.
        mentoring_stats::ui::worker::register();
    }
}
