//! The page's end of the analysis worker.
//!
//! The worker ([`super::worker`]) runs the
//! page's own code: the one wasm module serves both the page and its
//! workers. When the page starts, its bindings (`web.js`) are fetched once
//! from where the running module was loaded (`import.meta.url`: nothing a
//! host page writes can name another script), checked against the SHA-256
//! the build pinned into the wasm, and kept in a `blob:` URL; each new
//! worker is a module worker started from that URL and handed the page's
//! compiled `WebAssembly.Module`. So starting another worker, after a
//! Cancel or a crash, makes no request; a `blob:` worker also inherits the
//! page's Content-Security-Policy, so it cannot connect anywhere either.
//! Cancel terminates the busy worker for real.
//!
//! The page posts each [`Request`] as it is; a worker answers with the
//! envelope [`FromWorker`] (first `Ready`, then its answers), both encoded
//! by [`super::codec`]. The bridge is the page's own rather than a worker
//! library's: requests carry transferables (the channel's ports), and a
//! worker that dies without a word (a trap) is told by its `error` event.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::codec::{decode, encode};
use super::protocol::{FromWorker, Request, Response};

/// The worker's code: the page's bindings in a `blob:` URL, and the page's
/// own compiled wasm module.
#[derive(Clone)]
struct WorkerCode {
    script_url: String,
    module: JsValue,
}

thread_local! {
    static CODE: RefCell<Option<WorkerCode>> = const { RefCell::new(None) };
}

/// What the build writes the SHA-256 of `web.js` after (Trunk.toml's
/// post_build hook finds these bytes in `web_bg.wasm` and replaces the 64
/// zeros that follow with the hash, in hexadecimal).
const PIN_MARK: &[u8; 22] = b"@@ms-web.js-sha256@@=:";

/// The mark and the hash of `web.js`, fixed at build time (zeros: a build
/// that did not pin it, whose workers are refused).
#[used]
static PINNED: [u8; 86] =
    *b"@@ms-web.js-sha256@@=:0000000000000000000000000000000000000000000000000000000000000000";

/// The hash the build pinned, read as the bytes stand in the module (not
/// as the compiler saw them before the build wrote the hash).
fn pinned_hash() -> Option<String> {
    // SAFETY: PINNED is a plain array that lives for the whole program.
    let bytes = unsafe { std::ptr::read_volatile(&PINNED) };
    let (mark, hash) = bytes.split_at(PIN_MARK.len());
    let hash = std::str::from_utf8(hash).ok()?;
    (mark == PIN_MARK && hash != "0".repeat(64)).then(|| hash.to_string())
}

fn js_error(message: &str) -> JsValue {
    JsValue::from_str(message)
}

async fn fetch(url: &str) -> Result<web_sys::Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| js_error("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(js_error(&format!("{url}: HTTP {}", response.status())));
    }
    Ok(response)
}

/// Fetches the page's own bindings (`web.js`, from where this module was
/// loaded; in the single file, takes the copy it carries), checks them
/// against the hash the build pinned, and keeps them for the workers. Must
/// run before the page forbids connections (`loader.js` waits for it).
pub async fn prepare() -> Result<(), JsValue> {
    let url = super::offline::module_url();
    let expected = pinned_hash().ok_or_else(|| {
        js_error("this build did not pin its worker's code (build it with Trunk)")
    })?;
    // The single file carries the bytes of its inline bindings (nothing
    // may be fetched there); a served page fetches them again.
    let bytes = match super::offline::worker_code() {
        Some(code) => js_sys::Uint8Array::from(code.as_slice()),
        None => {
            let buffer = JsFuture::from(fetch(&url).await?.array_buffer()?).await?;
            js_sys::Uint8Array::new(&buffer)
        }
    };
    if super::sha256::hex_digest(&bytes.to_vec()) != expected {
        return Err(js_error(&format!(
            "{url} is not the code this calculator was built with (its SHA-256 differs)"
        )));
    }
    // The bindings, then: take the compiled module from the first message
    // and start (the module's `main` sees no window, registers the worker,
    // and says it is ready). `initSync` is the bindings' own
    // name for their synchronous start.
    let start = "\n;self.onmessage = (event) => { self.onmessage = null; \
                 initSync({ module: event.data }); };\n";
    let script_url = if super::offline::is_single_file() {
        // From a file:// page, Chromium refuses a module worker from a
        // blob: URL, and takes one from a data: URL (Firefox takes both):
        // the same checked bytes, in the URL itself.
        let mut code = bytes.to_vec();
        code.extend_from_slice(start.as_bytes());
        format!("data:text/javascript;base64,{}", base64(&code))
    } else {
        let parts = js_sys::Array::of2(&bytes, &JsValue::from_str(start));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)?;
        web_sys::Url::create_object_url_with_blob(&blob)?
    };
    let module = wasm_bindgen::module();
    CODE.with(|c| *c.borrow_mut() = Some(WorkerCode { script_url, module }));
    Ok(())
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Posts requests to one worker, holding them (with what they transfer)
/// until it says it is ready.
#[derive(Clone)]
struct Poster {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    queue: Rc<RefCell<Vec<(JsValue, js_sys::Array)>>>,
}

impl Poster {
    fn post(&self, request: Request, transfer: js_sys::Array) {
        let message = encode(&request);
        if self.ready.get() {
            let _ = self.worker.post_message_with_transfer(&message, &transfer);
        } else {
            self.queue.borrow_mut().push((message, transfer));
        }
    }

    /// The worker is ready: what waited goes now.
    fn ready(&self) {
        self.ready.set(true);
        for (message, transfer) in self.queue.borrow_mut().drain(..) {
            let _ = self.worker.post_message_with_transfer(&message, &transfer);
        }
    }
}

/// One worker started from the page's code, with its handlers.
struct Started {
    poster: Poster,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Started {
    /// Starts a worker; `on_response` hears its answers, `on_crash` that
    /// it died (a trap such as running out of memory, which no panic hook
    /// sees).
    fn start(
        code: &WorkerCode,
        name: &str,
        on_response: impl Fn(Response) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<Started, JsValue> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        // Its name in the browser's tools (and the tests'): `self.name`.
        options.set_name(name);
        let worker = web_sys::Worker::new_with_options(&code.script_url, &options)?;
        let poster = Poster {
            worker: worker.clone(),
            ready: Rc::new(Cell::new(false)),
            queue: Rc::new(RefCell::new(Vec::new())),
        };
        let on_message = {
            let poster = poster.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                match decode::<FromWorker>(event.data()) {
                    Ok(FromWorker::Ready) => poster.ready(),
                    Ok(FromWorker::Answer(response)) => on_response(response),
                    // Not one of ours: nothing to do with it.
                    Err(_) => {}
                }
            })
        };
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                // Handled here, with the page's crash panel: not also an
                // uncaught error of the page.
                event.prevent_default();
                // A worker whose script did not load fires a plain Event,
                // with no message.
                let message = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "the analysis worker could not start".to_string());
                on_crash(message);
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.post_message(&code.module)?;
        Ok(Started {
            poster,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        let worker = &self.poster.worker;
        worker.set_onmessage(None);
        worker.set_onerror(None);
        worker.terminate();
    }
}

/// The page's analysis worker, and where the browser has a second core,
/// its reading worker: large files are split into cells there while the
/// analysis worker counts their rows. Dropping it terminates both.
pub struct AnalysisBridge {
    analysis: Started,
    _reading: Option<Started>,
    crashed: Rc<Cell<bool>>,
}

impl AnalysisBridge {
    /// Starts the workers from the code [`prepare`] fetched. `on_response`
    /// hears the analysis worker's answers; `on_crash` hears that it died.
    /// If the reading worker dies, the analysis worker reads alone.
    pub fn spawn(
        on_response: impl Fn(Response) + 'static,
        on_crash: impl Fn(String) + 'static,
    ) -> Result<AnalysisBridge, JsValue> {
        let code = CODE
            .with(|c| c.borrow().clone())
            .ok_or_else(|| js_error("the analysis worker's code is not loaded"))?;
        let crashed = Rc::new(Cell::new(false));
        let analysis = {
            let crashed = crashed.clone();
            Started::start(&code, "analysis", on_response, move |message| {
                crashed.set(true);
                on_crash(message);
            })?
        };
        let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency());
        let reading = if cores >= 2.0 {
            let to_analysis = analysis.poster.clone();
            let reading = Started::start(
                &code,
                "reading",
                |_| {},
                move |_| to_analysis.post(Request::ReaderGone, js_sys::Array::new()),
            );
            // Without it, the analysis worker reads alone, as on one core.
            match (reading, web_sys::MessageChannel::new()) {
                (Ok(reading), Ok(channel)) => {
                    for (worker, port, reads) in [
                        (&analysis, channel.port1(), false),
                        (&reading, channel.port2(), true),
                    ] {
                        let connect = Request::Connect {
                            port: port.clone().into(),
                            reads,
                        };
                        worker.poster.post(connect, js_sys::Array::of1(&port));
                    }
                    Some(reading)
                }
                _ => None,
            }
        } else {
            None
        };
        Ok(AnalysisBridge {
            analysis,
            _reading: reading,
            crashed,
        })
    }

    /// Sends a request (queued until the worker is ready).
    pub fn send(&self, request: Request) {
        self.analysis.poster.post(request, js_sys::Array::new());
    }

    /// Whether the analysis worker died.
    pub fn crashed(&self) -> bool {
        self.crashed.get()
    }
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
