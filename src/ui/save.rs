//! Files the page offers for download, and tables it copies to the
//! clipboard. Nothing leaves the machine: a download is a `blob:` URL made
//! and revoked here. A leaf: it uses no component and not the app.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// A blob of `parts` (strings or byte arrays) of type `mime`.
fn blob(parts: &JsValue, mime: &str) -> Option<web_sys::Blob> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options).ok()
}

/// Offers `blob` as the file `name`, through a `blob:` URL made and
/// revoked here.
fn offer(name: &str, blob: Option<web_sys::Blob>) {
    let (Some(document), Some(blob)) = (web_sys::window().and_then(|w| w.document()), blob) else {
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

/// Offers `text` as a file download; nothing leaves the machine (the data
/// goes through a `blob:` URL made and revoked here).
pub fn download(name: &str, mime: &str, text: &str) {
    offer(
        name,
        blob(&js_sys::Array::of1(&JsValue::from_str(text)), mime),
    );
}

/// Offers `bytes` as a file download (a `.docx`), as [`download`] does.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    offer(name, blob(&js_sys::Array::of1(&array), mime));
}

/// `target[name]`, if it is an object or a function.
fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Calls the method `name` of `target` with `args`.
fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method: js_sys::Function = property(target, name)
        .ok_or_else(|| JsValue::from_str(&format!("no {name}")))?
        .dyn_into()?;
    let list = js_sys::Array::new();
    for arg in args {
        list.push(arg);
    }
    method.apply(target, &list)
}

/// How a table reached the clipboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Copied {
    /// As HTML and as tab-separated text.
    Both,
    /// As tab-separated text only (the browser takes no HTML).
    TextOnly,
}

/// Writes `html` and `text` to the clipboard at once, so that a word
/// processor pastes the HTML table and a spreadsheet the tab-separated
/// cells: a `ClipboardItem` with `text/html` and `text/plain`; where the
/// browser lacks it (or refuses it, as on a page not served over HTTPS),
/// the page's own copy event with both types; failing that, the text
/// alone. Call it from a click (browsers copy only on a user's gesture).
pub async fn copy_table(html: &str, text: &str) -> Result<Copied, String> {
    let window: JsValue = web_sys::window().ok_or("no window")?.into();
    let clipboard = property(&window, "navigator").and_then(|n| property(&n, "clipboard"));
    if let (Some(clipboard), Some(item)) = (&clipboard, property(&window, "ClipboardItem")) {
        let types = js_sys::Object::new();
        for (mime, content) in [("text/html", html), ("text/plain", text)] {
            let part = blob(&js_sys::Array::of1(&JsValue::from_str(content)), mime);
            let _ = js_sys::Reflect::set(&types, &JsValue::from_str(mime), &part.into());
        }
        let written = item
            .dyn_into::<js_sys::Function>()
            .and_then(|ctor| js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&types)))
            .and_then(|item| call(clipboard, "write", &[&js_sys::Array::of1(&item)]))
            .and_then(|p| p.dyn_into::<js_sys::Promise>());
        if let Ok(promise) = written {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                return Ok(Copied::Both);
            }
        }
    }
    if copy_event(html, text) {
        return Ok(Copied::Both);
    }
    let Some(clipboard) = clipboard else {
        return Err("this browser gives the page no clipboard".to_string());
    };
    let promise = call(&clipboard, "writeText", &[&JsValue::from_str(text)])
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
        .map_err(|_| "this browser gives the page no clipboard".to_string())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| Copied::TextOnly)
        .map_err(|e| {
            property(&e, "message")
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "the browser refused to copy".to_string())
        })
}

/// Copies through the document's `copy` command, setting both types in
/// the copy event; whether the browser copied.
fn copy_event(html: &str, text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let (html, text) = (JsValue::from_str(html), JsValue::from_str(text));
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let data: JsValue = event.clone().into();
        if let Some(data) = property(&data, "clipboardData") {
            let _ = call(&data, "setData", &[&JsValue::from_str("text/html"), &html]);
            let _ = call(&data, "setData", &[&JsValue::from_str("text/plain"), &text]);
            event.prevent_default();
        }
    });
    let function = listener.as_ref().unchecked_ref();
    if document
        .add_event_listener_with_callback("copy", function)
        .is_err()
    {
        return false;
    }
    let copied = call(&document, "execCommand", &[&JsValue::from_str("copy")])
        .is_ok_and(|r| r.as_bool() == Some(true));
    let _ = document.remove_event_listener_with_callback("copy", function);
    copied
}
