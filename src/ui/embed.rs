//! How the calculator meets its host page: where it mounts, where its
//! worker script is, how a host reads the finished report, downloads, and
//! what a panic shows.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::Report;

thread_local! {
    /// Settles once the worker's code is loaded and the app is shown.
    static READY: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static MOUNT: RefCell<Option<Element>> = const { RefCell::new(None) };
    static LAST_REPORT: RefCell<JsValue> = const { RefCell::new(JsValue::NULL) };
}

/// The attribute a host element carries to be mounted into automatically.
pub const MOUNT_ATTRIBUTE: &str = "data-mentoring-stats";

/// Name of the DOM event fired on the mount element with each new report.
pub const REPORT_EVENT: &str = "mentoring-stats-report";

/// Mounts the calculator into `element`. `asset_base` is where its files
/// are (`web.js`, fetched again for its workers), relative to the host
/// page; empty or `None` means beside the page.
pub fn mount(element: Element, asset_base: Option<String>) {
    let mut base = asset_base.unwrap_or_default();
    if !base.is_empty() && !base.ends_with('/') {
        base.push('/');
    }
    MOUNT.with(|m| *m.borrow_mut() = Some(element.clone()));
    install_panic_hook();
    let ready = wasm_bindgen_futures::future_to_promise(async move {
        // The worker's code is fetched now, while the page may still
        // connect; later workers start from it without a request.
        if let Err(e) = super::bridge::prepare(&base).await {
            web_sys::console::error_1(&e);
            show_failure(
                &element,
                &format!("The calculator could not load its analysis worker ({e:?}). Reload the page to try again."),
            );
            return Err(e);
        }
        yew::Renderer::<super::app::App>::with_root(element).render();
        Ok(JsValue::UNDEFINED)
    });
    READY.with(|r| *r.borrow_mut() = Some(ready));
}

/// A promise that settles when the calculator is ready (its worker's code
/// loaded and the app shown); `loader.js` forbids connections after it.
pub fn ready() -> js_sys::Promise {
    READY
        .with(|r| r.borrow().clone())
        .unwrap_or_else(|| js_sys::Promise::resolve(&JsValue::UNDEFINED))
}

/// Mounts where the page asks: into the first element with
/// [`MOUNT_ATTRIBUTE`] (its value, if any, is the asset base), else into the
/// body. Does nothing when the host page said it mounts by itself
/// (`window.mentoringStatsManualMount = true`).
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let manual = js_sys::Reflect::get(&window, &JsValue::from_str("mentoringStatsManualMount"))
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    if manual {
        return;
    }
    let Some(document) = window.document() else {
        return;
    };
    let host = document
        .query_selector(&format!("[{MOUNT_ATTRIBUTE}]"))
        .ok()
        .flatten();
    match host {
        Some(element) => {
            let base = element
                .get_attribute(MOUNT_ATTRIBUTE)
                .filter(|b| !b.is_empty());
            mount(element, base);
        }
        None => {
            if let Some(body) = document.body() {
                mount(body.into(), None);
            }
        }
    }
}

/// Keeps the report as a plain JavaScript object for the host page and
/// tells it with a DOM event on the mount element.
pub fn publish(report: &Report) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(value) = serde::Serialize::serialize(report, &serializer) else {
        return;
    };
    LAST_REPORT.with(|r| *r.borrow_mut() = value.clone());
    let element = MOUNT.with(|m| m.borrow().clone());
    if let Some(element) = element {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&value);
        init.set_bubbles(true);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(REPORT_EVENT, &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

/// The last report as a plain JavaScript object (`null` before the first).
pub fn last_report() -> JsValue {
    LAST_REPORT.with(|r| r.borrow().clone())
}

/// Offers `text` as a file download; nothing leaves the machine (the data
/// goes through a `blob:` URL made and revoked here).
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document.create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A panic on the page must not leave it blank: the mount element then
/// shows what failed and a button to start again.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("{info}");
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Some(element) = MOUNT.with(|m| m.borrow().clone()) {
            show_failure(
                &element,
                &format!("The calculator stopped on an internal error: {message}"),
            );
        }
    }));
}

/// Replaces the calculator with a message and a button that reloads it.
fn show_failure(element: &Element, message: &str) {
    let Some(document) = element.owner_document() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("ms-error ms-crash");
    let _ = panel.set_attribute("role", "alert");
    let heading = document.create_element("p").ok();
    let detail = document.create_element("pre").ok();
    let button = document.create_element("button").ok();
    if let (Some(heading), Some(detail), Some(button)) = (heading, detail, button) {
        heading.set_text_content(Some(
            "The calculator stopped. Your files were not sent anywhere. Start again to load another file.",
        ));
        detail.set_text_content(Some(message));
        button.set_text_content(Some("Start again"));
        let _ = button.set_attribute("type", "button");
        let _ = panel.append_child(&heading);
        let _ = panel.append_child(&detail);
        let _ = panel.append_child(&button);
        // No inline handler (the page's CSP forbids them): a listener.
        let reload = Closure::<dyn FnMut()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
    }
    element.set_inner_html("");
    let _ = element.append_child(&panel);
    if let Ok(Some(button)) = panel.query_selector("button") {
        if let Ok(button) = button.dyn_into::<HtmlElement>() {
            let _ = button.focus();
        }
    }
}
