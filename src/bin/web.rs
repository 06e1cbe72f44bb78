//! The web page (built by Trunk): one wasm module for the page's main
//! thread, where it mounts the calculator and exports the embedding API to
//! JavaScript, and for its analysis workers, which the page starts from
//! this same module (see `ui::bridge`).

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// Mounts the calculator into `element`. `asset_base`, if given, is the
    /// relative path from the host page to the calculator's files (the
    /// folder of this `web.js`; anything else is refused). `options`:
    /// `{ shareReport: true }` gives the host page each report (an event
    /// on `element`, and `report()`); without it the host gets none.
    #[wasm_bindgen(js_name = mount)]
    pub fn mount(element: web_sys::Element, asset_base: Option<String>, options: JsValue) {
        mentoring_stats_page::ui::embed::mount(
            element,
            asset_base,
            mentoring_stats_page::ui::embed::MountOptions::from_js(&options),
        );
    }

    /// A promise that settles once the calculator is ready: its worker's
    /// code loaded (connections may be forbidden after it) and the app shown.
    #[wasm_bindgen(js_name = ready)]
    pub fn ready() -> js_sys::Promise {
        mentoring_stats_page::ui::embed::ready()
    }

    /// The last report as a plain JavaScript object; `null` before the
    /// first, and always unless the host mounted with `shareReport`.
    #[wasm_bindgen(js_name = report)]
    pub fn report() -> JsValue {
        mentoring_stats_page::ui::embed::last_report()
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    if web_sys::window().is_some() {
        mentoring_stats_page::ui::embed::start();
    } else {
        // No window: this is an analysis worker the page started.
        mentoring_stats_page::ui::worker::register();
    }
}
