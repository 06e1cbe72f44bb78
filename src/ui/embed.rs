//! How the calculator meets its host page: where it mounts, which path to
//! its own files it accepts, whether the host gets the report, and what a
//! crash shows. (Downloads and the clipboard are [`super::save`]'s.)
//!
//! The worker's code always comes from where the running bindings were
//! loaded ([`super::bridge`]): a path given by the host (the
//! `data-mentoring-stats` attribute, or `mount`'s second argument) is only
//! checked, and a value that is not a relative path to that same folder
//! (a `data:` or `javascript:` URL, another site) stops the calculator
//! before it reads anything. The report reaches the host only when the
//! host asked for it with `mount(element, base, { shareReport: true })`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use mentoring_stats_engine::Report;

thread_local! {
    /// Settles once the worker's code is loaded and the app is shown.
    static READY: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static MOUNT: RefCell<Option<Element>> = const { RefCell::new(None) };
    static LAST_REPORT: RefCell<JsValue> = const { RefCell::new(JsValue::NULL) };
    /// Whether the calculator is the whole page (its own index.html), so
    /// that every uncaught error of the page is its own.
    static OWNS_PAGE: Cell<bool> = const { Cell::new(false) };
    /// Whether the crash panel is shown (the first message stays).
    static CRASHED: Cell<bool> = const { Cell::new(false) };
}

/// The attribute a host element carries to be mounted into automatically.
pub const MOUNT_ATTRIBUTE: &str = "data-mentoring-stats";

/// Name of the DOM event fired on the mount element with each new report,
/// when the host asked for it.
pub const REPORT_EVENT: &str = "mentoring-stats-report";

/// What a host page may ask of `mount`: `{ shareReport: true }` gives it
/// the report (off by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// Fire [`REPORT_EVENT`] on the mount element with each report, and
    /// let `report()` return the last one.
    pub share_report: bool,
}

impl MountOptions {
    /// The options of a JavaScript object (anything else: the defaults).
    pub fn from_js(value: &JsValue) -> MountOptions {
        let share_report = value.is_object()
            && js_sys::Reflect::get(value, &JsValue::from_str("shareReport"))
                .is_ok_and(|v| v.as_bool() == Some(true));
        MountOptions { share_report }
    }
}

/// Why a path given as the place of the calculator's files is refused,
/// read as a URL parser reads it: only a relative path is taken, with no
/// scheme (`data:`, `javascript:`, `https:`), no other host (`//...`) and
/// no backslash or control character.
pub fn base_refusal(base: &str) -> Option<&'static str> {
    let cleaned: String = base
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.chars().any(char::is_control) {
        return Some("it holds control characters");
    }
    if cleaned.contains('\\') {
        return Some("it holds a backslash");
    }
    if cleaned.starts_with("//") {
        return Some("it names another site");
    }
    let head = cleaned.split(['/', '?', '#']).next().unwrap_or_default();
    if head.contains(':') {
        return Some("it is a URL of its own (such as data:, javascript: or https:), not a path");
    }
    None
}

/// The folder of a URL: up to its last `/`, without query or fragment.
fn folder(url: &str) -> &str {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    &url[..url.rfind('/').map_or(0, |i| i + 1)]
}

/// Whether `resolved` (a path resolved against the page) is the folder the
/// running bindings were loaded from.
pub fn same_folder(resolved: &str, module_url: &str) -> bool {
    let want = folder(module_url);
    !want.is_empty() && folder(resolved) == want
}

/// Checks a path given by the host: `Err` says why it is refused.
fn check_base(document: &web_sys::Document, base: &str) -> Result<(), String> {
    if let Some(why) = base_refusal(base) {
        return Err(why.to_string());
    }
    let mut path = base.trim().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let page = document.base_uri().ok().flatten().unwrap_or_default();
    let module = super::offline::module_url();
    let resolved = web_sys::Url::new_with_base(&path, &page)
        .map(|u| u.href())
        .map_err(|_| "it is not a path".to_string())?;
    if same_folder(&resolved, &module) {
        Ok(())
    } else {
        Err(format!(
            "it leads to {resolved}, and the calculator's files are in {}",
            folder(&module)
        ))
    }
}

/// Mounts the calculator into `element`. `asset_base`, if given, must be
/// the relative path from the host page to the calculator's files (the
/// folder `web.js` was loaded from); anything else stops it here, with a
/// console message, before it reads anything.
pub fn mount(element: Element, asset_base: Option<String>, options: MountOptions) {
    if MOUNT.with(|m| m.borrow().is_some()) {
        web_sys::console::error_1(&JsValue::from_str(
            "mentoring-stats: the calculator is already mounted; mount it once per page",
        ));
        return;
    }
    let Some(document) = element.owner_document() else {
        return;
    };
    let base = asset_base.unwrap_or_default();
    if !base.is_empty() {
        if let Err(why) = check_base(&document, &base) {
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "mentoring-stats: not started: the path of the calculator's files {base:?} is refused: {why}. \
                 Give the relative path to the folder of its web.js, or none."
            )));
            show_refusal(&element);
            return;
        }
    }
    super::host::set_report_shared(options.share_report);
    MOUNT.with(|m| *m.borrow_mut() = Some(element.clone()));
    install_crash_handlers();
    let ready = wasm_bindgen_futures::future_to_promise(async move {
        // The worker's code is fetched now, while the page may still
        // connect; later workers start from it without a request.
        if let Err(e) = super::bridge::prepare().await {
            web_sys::console::error_1(&e);
            show_failure(
                &element,
                &format!("The calculator could not load its analysis worker ({}). Reload the page to try again.",
                    e.as_string().unwrap_or_else(|| format!("{e:?}"))),
            );
            return Err(e);
        }
        let props = super::app::AppProps {
            on_report: yew::Callback::from(|report: std::rc::Rc<Report>| publish(&report)),
        };
        yew::Renderer::<super::app::App>::with_root_and_props(element, props).render();
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
/// [`MOUNT_ATTRIBUTE`] (its value, if any, is checked as the path of the
/// calculator's files), else into the body, as the whole page. Does
/// nothing when the host page said it mounts by itself
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
            let base = element.get_attribute(MOUNT_ATTRIBUTE);
            mount(element, base, MountOptions::default());
        }
        None => {
            if let Some(body) = document.body() {
                OWNS_PAGE.with(|o| o.set(true));
                mount(body.into(), None, MountOptions::default());
            }
        }
    }
}

/// Gives the report to the host page, if it asked for it: kept as a plain
/// JavaScript object for `report()`, and a non-bubbling event on the mount
/// element, so that only a listener on that element hears it.
pub fn publish(report: &Report) {
    if !super::host::report_shared() {
        return;
    }
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let Ok(value) = serde::Serialize::serialize(report, &serializer) else {
        return;
    };
    LAST_REPORT.with(|r| *r.borrow_mut() = value.clone());
    let element = MOUNT.with(|m| m.borrow().clone());
    if let Some(element) = element {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&value);
        init.set_bubbles(false);
        init.set_composed(false);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(REPORT_EVENT, &init) {
            let _ = element.dispatch_event(&event);
        }
    }
}

/// The last report as a plain JavaScript object: `null` before the first,
/// and always when the host did not ask for it.
pub fn last_report() -> JsValue {
    if !super::host::report_shared() {
        return JsValue::NULL;
    }
    LAST_REPORT.with(|r| r.borrow().clone())
}

/// Whether an uncaught error (or a rejection's reason) is the
/// calculator's: always on its own page; in a host page, a WebAssembly
/// trap or an error raised in the calculator's files.
fn is_ours(error: &JsValue, filename: &str) -> bool {
    if OWNS_PAGE.with(Cell::get) || error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
        return true;
    }
    let module = super::offline::module_url();
    let ours = folder(&module);
    if ours.is_empty() {
        return false;
    }
    let stack = js_sys::Reflect::get(error, &JsValue::from_str("stack"))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    filename.starts_with(ours) || stack.contains(ours)
}

/// A description of an uncaught error or a rejection's reason.
fn describe(error: &JsValue, message: Option<String>) -> String {
    message
        .filter(|m| !m.is_empty())
        .or_else(|| {
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| format!("{}: {}", e.name(), e.message()))
        })
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}

/// Shows the crash panel in the mount element (once: the first message,
/// usually a panic's, says most).
fn crash(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
    if CRASHED.with(|c| c.replace(true)) {
        return;
    }
    if let Some(element) = MOUNT.with(|m| m.borrow().clone()) {
        show_failure(
            &element,
            &format!("The calculator stopped on an internal error: {message}"),
        );
    }
}

/// A panic, an uncaught error or an unhandled rejection of the calculator
/// must not leave a blank or frozen page: the crash panel replaces it.
fn install_crash_handlers() {
    std::panic::set_hook(Box::new(|info| crash(&format!("{info}"))));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        let error = event.error();
        if is_ours(&error, &event.filename()) {
            crash(&describe(&error, Some(event.message())));
        }
    });
    let on_rejection = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let reason = js_sys::Reflect::get(&event, &JsValue::from_str("reason"))
            .unwrap_or(JsValue::UNDEFINED);
        if is_ours(&reason, "") {
            crash(&format!(
                "a promise failed and nothing handled it: {}",
                describe(&reason, None)
            ));
        }
    });
    let _ = window.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback(
        "unhandledrejection",
        on_rejection.as_ref().unchecked_ref(),
    );
    on_error.forget();
    on_rejection.forget();
}

/// What the host element shows when the path of the calculator's files is
/// refused: the calculator is not started, so nothing can be read.
fn show_refusal(element: &Element) {
    let Some(document) = element.owner_document() else {
        return;
    };
    if let Ok(panel) = document.create_element("p") {
        panel.set_class_name("ms-error ms-refused");
        let _ = panel.set_attribute("role", "alert");
        panel.set_text_content(Some(
            "The mentoring statistics calculator was not started: this page names its files in a way it does not accept. Nothing was read. (The browser's console says why.)",
        ));
        element.set_inner_html("");
        let _ = element.append_child(&panel);
    }
}

/// Replaces the calculator with the crash panel: what happened, what to do
/// next, and a button that reloads it.
fn show_failure(element: &Element, message: &str) {
    let Some(document) = element.owner_document() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("ms-error ms-crash");
    panel.set_id("ms-crash");
    let _ = panel.set_attribute("role", "alert");
    let texts = [
        ("h2", "The calculator stopped"),
        (
            "p",
            "Your files were not sent anywhere. Start again to reload the calculator, then load your files again. If it stops again with the same files, try one file at a time, close other tabs, or read them with the command line tool (mentoring-stats report FILE).",
        ),
        ("pre", message),
        ("button", "Start again"),
    ];
    for (tag, text) in texts {
        if let Ok(child) = document.create_element(tag) {
            child.set_text_content(Some(text));
            let _ = panel.append_child(&child);
        }
    }
    if let Ok(Some(button)) = panel.query_selector("button") {
        let _ = button.set_attribute("type", "button");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_relative_path_is_taken_as_the_calculators_folder() {
        for ok in ["", "dist/", "../../dist/", "./", "calculator", "a/b?x=1"] {
            assert_eq!(base_refusal(ok), None, "{ok}");
        }
        for bad in [
            "data:text/javascript,alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "JAVASCRIPT:x",
            "https://elsewhere.example/dist/",
            "//elsewhere.example/dist/",
            "\\\\elsewhere.example\\dist",
            "/\\elsewhere.example/",
            "blob:https://x/y",
            "dist/\u{0}x",
        ] {
            assert!(base_refusal(bad).is_some(), "{bad:?} was taken");
        }
    }

    #[test]
    fn the_path_must_lead_to_the_folder_of_the_running_bindings() {
        let module = "https://trial.example/tools/dist/web.js";
        assert!(same_folder("https://trial.example/tools/dist/", module));
        assert!(same_folder("https://trial.example/tools/dist/?v=2", module));
        assert!(!same_folder("https://trial.example/tools/", module));
        assert!(!same_folder("https://other.example/tools/dist/", module));
        assert!(!same_folder("https://trial.example/tools/dist/", ""));
    }
}
