//! The analysis worker: reads the files with the engine, off the main thread.
//!
//! The engine folds rows into figures as it reads them, under the settings
//! of the request, so every request reads its files afresh (a change of
//! settings too). A panic here cannot unwind (wasm), so
//! a panic hook answers the run in progress with [`Response::Failed`]
//! before the worker dies; the page then starts a new one.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::{BufReader, Read};
use std::rc::Rc;
use std::sync::Arc;

use futures_channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use wasm_bindgen::closure::Closure;

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::blob_reader::{BlobReader, SLICE};
use super::codec::{decode, encode};
use super::protocol::{
    outcome_refusal, FileJob, FileView, FromWorker, ReportBytes, Request, Response,
};
use mentoring_stats_engine::{
    add_to_report, check_file_size, deliver, is_text_table, looks_like_dictionary, read_outcomes,
    read_text_table, Analysis, Codebook, DateOrder, FileError, FileSummary, Fingerprint,
    OutcomeTable, Pushed, Settings, WireSink,
};

thread_local! {
    /// The run being answered, for the panic hook.
    static CURRENT: Cell<Option<u32>> = const { Cell::new(None) };
    /// Runs waiting for the one being answered (a run waits for the
    /// reading worker, so the next request can arrive before it ends).
    static QUEUE: RefCell<VecDeque<(u32, Box<AnalyseInput>)>> =
        const { RefCell::new(VecDeque::new()) };
    /// Whether a run is being answered.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// The analysis worker's link to the reading worker, once connected
    /// and while it lives.
    static READER: RefCell<Option<ReaderLink>> = const { RefCell::new(None) };
    /// The reading worker's own end of the channel, with its handler.
    static READS: RefCell<Option<ReadingEnd>> = const { RefCell::new(None) };
}

/// A run's request, as the queue keeps it.
#[derive(Debug)]
struct AnalyseInput {
    files: Vec<FileJob>,
    settings: Box<Settings>,
    outcomes: Option<FileJob>,
}

/// Files from this size up are split into cells by the reading worker
/// while this one counts them; smaller ones are read here alone. On a
/// 100 MB log the two workers save about a tenth of the time; on a 6 MB
/// one, the hand-over (and a second worker's code run for the first time)
/// cost more than they save (BENCHMARKS.md, "Many names").
const READ_ALONGSIDE_FROM: f64 = 20_000_000.0;

/// The analysis worker's end of the channel to the reading worker.
struct ReaderLink {
    port: web_sys::MessagePort,
    /// What the reading worker sent, in order (`null`: it died); taken by
    /// the run that waits on it.
    inbox: Option<UnboundedReceiver<JsValue>>,
    /// Where the port's messages go (and the page's word that the reading
    /// worker died).
    to_inbox: UnboundedSender<JsValue>,
    /// The number of the last file asked for.
    tag: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// The reading worker's end of the channel.
struct ReadingEnd {
    _port: web_sys::MessagePort,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// A file the analysis worker asks the reading worker to read.
#[derive(Serialize, serde::Deserialize)]
struct ReadJob {
    /// The file's number, in every answer.
    tag: u32,
    /// The file.
    job: FileJob,
}

/// What the reading worker sends, in each message's second item: a
/// message of the table's wire form; the reading's end (its format and
/// fingerprint, as JSON); or that the file could not be read there (the
/// analysis worker then reads it itself, and says why as it always does).
const SENT_TABLE: u32 = 0;
const SENT_DONE: u32 = 1;
const SENT_FAILED: u32 = 2;

/// How often progress is reported, in bytes.
const PROGRESS_EVERY: u64 = SLICE as u64;

/// Bytes looked at to tell a REDCap data dictionary from a record file.
const PEEK: usize = 64 * 1024;

/// The first bytes of a blob.
fn first_bytes(blob: &web_sys::Blob) -> Vec<u8> {
    let end = blob.size().min(PEEK as f64);
    let mut out = vec![0u8; end as usize];
    let read = BlobReader::new(blob.clone(), |_| {}).and_then(|mut r| {
        let mut n = 0;
        while n < out.len() {
            match r.read(&mut out[n..])? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    });
    match read {
        Ok(n) => {
            out.truncate(n);
            out
        }
        Err(_) => Vec::new(),
    }
}

/// Answers a run: each file's view (in the page's order), the report and
/// what the user reviews beside it. `read` gives, for each view, the
/// index of its file among the files the engine read, if it read it.
/// The site outcomes are added to the report as `Analysis` adds them
/// (after the report, their notices last), so that the page knows
/// which notices are theirs.
fn finish(
    run: u32,
    analysis: Analysis,
    outcomes: Option<&OutcomeTable>,
    mut files: Vec<FileView>,
    read: &[Option<usize>],
) {
    // Taken, not borrowed: what only reading needed is freed before
    // the report is built, so a large log needs less of the worker's
    // memory at its peak.
    let (mut report, review) = analysis.into_report_and_review();
    let before = report.input.notices.len();
    if let Some(table) = outcomes {
        add_to_report(&mut report, table);
    }
    let outcome_notices = report.input.notices.len() - before;
    for (view, index) in files.iter_mut().zip(read) {
        let Some(detail) = index.and_then(|i| review.files.get(i)) else {
            continue;
        };
        view.rows_used = detail.rows_used;
        view.rows_rejected = detail.rows_rejected;
        view.hours = detail.durations_look_like_hours;
        view.date_order = Some(detail.date_order);
    }
    let report = match ReportBytes::of(&report) {
        Ok(bytes) => bytes,
        Err(message) => {
            answer(Response::Failed { run, message });
            return;
        }
    };
    answer(Response::Finished {
        run,
        files,
        report,
        review: Box::new(review),
        outcome_notices,
    });
}

/// Reads the site outcome file of a run (as the command line reads
/// `--outcomes`: its own delimiter and sheet, the settings' `same`).
fn read_outcome_file(
    job: &FileJob,
    settings: &Settings,
    on_read: impl FnMut(u64),
) -> Result<OutcomeTable, String> {
    let Ok(blob) = job.blob.clone().dyn_into::<web_sys::Blob>() else {
        return Err(format!("{}: is not a file", job.name));
    };
    check_file_size(&job.name, blob.size() as u64).map_err(|e| e.page_message())?;
    let reader = BlobReader::new(blob, on_read).map_err(|e| format!("{}: {e}", job.name))?;
    // The reader type of the record files (`Analysis::add_file` reads
    // through a `Fingerprint`), so that the readers' code (zip,
    // workbooks, ODS) is in the page's wasm once, not once per type:
    // about 20 KB less, gzipped. The hash itself is not used.
    let mut reader = Fingerprint::new(BufReader::with_capacity(SLICE, reader));
    read_outcomes(&job.name, &mut reader, &job.read_options(None), settings)
        .map_err(|e| outcome_refusal(&e))
}

/// Tells each file's bytes are read, `n` at a time: the page hears of
/// the run's progress every [`PROGRESS_EVERY`] bytes, out of `total`.
fn progress_of(run: u32, total: f64) -> impl FnMut(u64) {
    let mut done = 0u64;
    let mut reported = 0u64;
    move |n: u64| {
        done += n;
        if done - reported >= PROGRESS_EVERY {
            reported = done;
            answer(Response::Progress {
                run,
                done: done as f64,
                total,
            });
        }
    }
}

/// Reads the data dictionaries of a run, recognised by their first bytes
/// (which also tell a text file, that the reading worker can read): each
/// one's view goes in `views`. Gives the first dictionary (the one that
/// reads the record files' codes) and which files are text.
fn read_dictionaries(
    files: &[FileJob],
    blobs: &[Option<web_sys::Blob>],
    views: &mut [Option<FileView>],
    on_read: &mut impl FnMut(u64),
) -> (Option<Arc<Codebook>>, Vec<bool>) {
    let mut codebook: Option<Arc<Codebook>> = None;
    let mut text = vec![false; files.len()];
    for (i, (job, blob)) in files.iter().zip(blobs).enumerate() {
        let Some(blob) = blob else { continue };
        if check_file_size(&job.name, blob.size() as u64).is_err() {
            continue;
        }
        let head = first_bytes(blob);
        text[i] = is_text_table(&head);
        if !looks_like_dictionary(&head) {
            continue;
        }
        let result = BlobReader::new(blob.clone(), &mut *on_read)
            .map_err(|e| e.to_string())
            .and_then(|reader| {
                Codebook::read(&job.name, BufReader::with_capacity(SLICE, reader))
                    .map_err(|e| e.page_message())
            });
        views[i] = Some(match result {
            Ok(book) => {
                let used = codebook.is_none();
                let view = FileView::dictionary(job.id, &job.name, book.len(), used);
                if used {
                    codebook = Some(Arc::new(book));
                }
                view
            }
            Err(message) => FileView::failed(job.id, &job.name, message),
        });
    }

    (codebook, text)
}

// About 90 lines: a run's reading in its order (the outcome file, the
// dictionaries, each record file in whichever worker reads it), whose
// steps share the analysis and the files' views.
/// Reads one run: data dictionaries first (told by their first bytes),
/// then every record file with the first dictionary.
async fn analyse(run: u32, files: &[FileJob], settings: &Settings, outcomes: Option<&FileJob>) {
    if let Err(message) = settings.check() {
        answer(Response::Failed { run, message });
        return;
    }
    let blobs: Vec<Option<web_sys::Blob>> = files
        .iter()
        .map(|f| f.blob.clone().dyn_into().ok())
        .collect();
    let outcome_size = outcomes
        .and_then(|job| job.blob.dyn_ref::<web_sys::Blob>())
        .map_or(0.0, web_sys::Blob::size);
    let total: f64 = blobs.iter().flatten().map(|b| b.size()).sum::<f64>() + outcome_size;
    let mut on_read = progress_of(run, total);
    // The site outcome file first: it is small, and when it cannot be
    // read nothing else is (the page keeps the report it shows).
    let outcome_table = match outcomes {
        None => None,
        Some(job) => match read_outcome_file(job, settings, &mut on_read) {
            Ok(table) => Some(table),
            Err(message) => {
                answer(Response::OutcomesRefused { run, message });
                return;
            }
        },
    };
    let mut views: Vec<Option<FileView>> = vec![None; files.len()];
    let mut read: Vec<Option<usize>> = vec![None; files.len()];

    let (codebook, text) = read_dictionaries(files, &blobs, &mut views, &mut on_read);

    let mut analysis = Analysis::new(settings.clone());
    let mut next = 0usize;
    for (i, (job, blob)) in files.iter().zip(blobs).enumerate() {
        if views[i].is_some() {
            continue;
        }
        let Some(blob) = blob else {
            views[i] = Some(FileView::failed(job.id, &job.name, "is not a file".into()));
            continue;
        };
        // A file over the size limit is refused before a byte is read.
        if let Err(e) = check_file_size(&job.name, blob.size() as u64) {
            views[i] = Some(FileView::failed(job.id, &job.name, e.page_message()));
            continue;
        }
        let options = job.read_options(codebook.clone());
        let mut kept = |result: Result<&FileSummary, FileError>| match result {
            Ok(summary) => match &summary.duplicate_of {
                Some(first) => FileView::duplicate(job.id, &job.name, first),
                None => {
                    read[i] = Some(next);
                    next += 1;
                    FileView::from_summary(job.id, summary)
                }
            },
            Err(e) => FileView::refused(job.id, &job.name, &e, &job.columns),
        };
        let alongside =
            if options.codebook.is_none() && blob.size() >= READ_ALONGSIDE_FROM && text[i] {
                read_alongside(&mut analysis, job, &blob, &mut on_read).await
            } else {
                Alongside::NotAsked
            };
        let order = match alongside {
            Alongside::Kept(summary) => {
                views[i] = Some(kept(Ok(summary)));
                continue;
            }
            Alongside::Refused(e) => {
                views[i] = Some(kept(Err(e)));
                continue;
            }
            Alongside::ReadAgain(order) => Some(order),
            Alongside::NotAsked => None,
        };
        // Read here, from the start (again, in the order its dates ask
        // for, after the reading worker's reading).
        let view = match BlobReader::new(blob, &mut on_read) {
            Ok(reader) => {
                let reader = BufReader::with_capacity(SLICE, reader);
                kept(match order {
                    Some(order) => analysis.add_file_in_order(&job.name, reader, &options, order),
                    None => analysis.add_file(&job.name, reader, &options),
                })
            }
            Err(e) => FileView::failed(job.id, &job.name, e.to_string()),
        };
        views[i] = Some(view);
    }
    let views = views.into_iter().flatten().collect();
    finish(run, analysis, outcome_table.as_ref(), views, &read);
}

/// Posts an answer to the page.
fn answer(response: Response) {
    post_to_page(&FromWorker::Answer(response));
}

fn post_to_page(message: &FromWorker) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message(&encode(message));
}

/// Takes one request from the page.
fn receive(request: Request) {
    match request {
        Request::Analyse {
            run,
            files,
            settings,
            outcomes,
        } => {
            let input = AnalyseInput {
                files,
                settings,
                outcomes,
            };
            QUEUE.with(|q| q.borrow_mut().push_back((run, Box::new(input))));
            if !RUNNING.with(|r| r.replace(true)) {
                wasm_bindgen_futures::spawn_local(answer_queue());
            }
        }
        Request::Connect { port, reads } => {
            if let Ok(port) = port.dyn_into::<web_sys::MessagePort>() {
                if reads {
                    serve_reading(port);
                } else {
                    link_reader(port);
                }
            }
        }
        Request::ReaderGone => READER.with(|r| {
            if let Some(link) = r.borrow_mut().take() {
                // A run waiting on it reads the file itself.
                let _ = link.to_inbox.unbounded_send(JsValue::NULL);
            }
        }),
        Request::Trap => trap(),
    }
}

/// Answers the queued runs in order, then stops.
async fn answer_queue() {
    while let Some((run, input)) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        CURRENT.with(|c| c.set(Some(run)));
        analyse(run, &input.files, &input.settings, input.outcomes.as_ref()).await;
        CURRENT.with(|c| c.set(None));
    }
    RUNNING.with(|r| r.set(false));
}

/// How a file given to the reading worker went.
enum Alongside<'a> {
    /// Read and kept: its summary.
    Kept(&'a FileSummary),
    /// Refused, with why.
    Refused(FileError),
    /// Read, but its dates ask for it to be read again in this order.
    ReadAgain(DateOrder),
    /// Not read there (no reading worker, or it failed): read it here.
    NotAsked,
}

/// The analysis worker's side: keeps the channel to the reading worker,
/// whose messages wait in an inbox for the run that asked for them.
fn link_reader(port: web_sys::MessagePort) {
    let (to_inbox, inbox) = unbounded();
    let on_message = {
        let to_inbox = to_inbox.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let _ = to_inbox.unbounded_send(event.data());
        })
    };
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    READER.with(|r| {
        *r.borrow_mut() = Some(ReaderLink {
            port,
            inbox: Some(inbox),
            to_inbox,
            tag: 0,
            _on_message: on_message,
        });
    });
}

/// The next message in the inbox (`None`: the channel is gone).
async fn next_message(inbox: &mut UnboundedReceiver<JsValue>) -> Option<JsValue> {
    std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *inbox), cx))
        .await
}

/// Has the reading worker split a file into cells while this worker counts
/// its rows as they come (the two threads of the native engine, on the
/// page's two workers). Anything but a clean reading there
/// ([`Alongside::NotAsked`]) leaves the file to be read here from the start,
/// which gives the same figures, or the same refusal, as ever.
async fn read_alongside<'a>(
    analysis: &'a mut Analysis,
    job: &FileJob,
    blob: &web_sys::Blob,
    on_read: &mut impl FnMut(u64),
) -> Alongside<'a> {
    let asked = READER.with(|r| {
        let mut link = r.borrow_mut();
        let link = link.as_mut()?;
        let inbox = link.inbox.take()?;
        link.tag += 1;
        let request = ReadJob {
            tag: link.tag,
            job: FileJob {
                blob: blob.clone().into(),
                ..job.clone()
            },
        };
        let message = encode(&request);
        match link.port.post_message(&message) {
            Ok(()) => Some((link.tag, inbox)),
            Err(_) => {
                link.inbox = Some(inbox);
                None
            }
        }
    });
    let Some((tag, mut inbox)) = asked else {
        return Alongside::NotAsked;
    };
    let mut pushed = analysis.push_file(&job.name);
    let mut counted = 0.0;
    let ended = loop {
        let Some(data) = next_message(&mut inbox).await.filter(|d| !d.is_null()) else {
            // The reading worker died (and its link is gone).
            break None;
        };
        let message: js_sys::Array = data.unchecked_into();
        if message.get(0).as_f64() != Some(f64::from(tag)) {
            continue;
        }
        if let Some(read) = message.get(3).as_f64() {
            if read > counted {
                on_read((read - counted) as u64);
                counted = read;
            }
        }
        let bytes = message
            .get(2)
            .dyn_into::<js_sys::Uint8Array>()
            .map(|a| a.to_vec())
            .unwrap_or_default();
        match message.get(1).as_f64().map(|k| k as u32) {
            Some(SENT_TABLE) => {
                if deliver(&bytes, &mut pushed).is_err() {
                    break None;
                }
            }
            Some(SENT_DONE) => break serde_json::from_slice(&bytes).ok(),
            _ => break None,
        }
    };
    // The inbox goes back for the next file (unless the reading worker
    // died: `ReaderGone` took its link).
    READER.with(|r| {
        if let Some(link) = r.borrow_mut().as_mut() {
            link.inbox = Some(inbox);
        }
    });
    let end = pushed.finish();
    let Some(read) = ended else {
        return Alongside::NotAsked;
    };
    match analysis.keep_pushed(end, Ok(read)) {
        Ok(Pushed::Read(summary)) => Alongside::Kept(summary),
        Ok(Pushed::ReadAgain(order)) => Alongside::ReadAgain(order),
        Err(e) => Alongside::Refused(e),
    }
}

/// The reading worker's side: reads each file the analysis worker asks
/// for, and sends its table as messages of the wire form, then its end.
fn serve_reading(port: web_sys::MessagePort) {
    let on_message = {
        let port = port.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if let Ok(ReadJob { tag, job }) = decode(event.data()) {
                read_for_analysis(&port, tag, &job);
            }
        })
    };
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    READS.with(|r| {
        *r.borrow_mut() = Some(ReadingEnd {
            _port: port,
            _on_message: on_message,
        });
    });
}

/// Sends one message to the analysis worker: `[tag, kind, bytes, read]`,
/// the bytes' buffer transferred, not copied.
fn send_to_analysis(port: &web_sys::MessagePort, tag: u32, kind: u32, bytes: &[u8], read: u64) {
    // A new array filled with `set`: in Chromium `Uint8Array::from` took
    // 132-206 ms of a 100 MB file's copies, this 113-150 ms.
    let array = js_sys::Uint8Array::new_with_length(bytes.len() as u32);
    array.copy_from(bytes);
    let message = js_sys::Array::of4(
        &JsValue::from(tag),
        &JsValue::from(kind),
        &array,
        &JsValue::from(read as f64),
    );
    let _ = port.post_message_with_transferable(&message, &js_sys::Array::of1(&array.buffer()));
}

/// Reads one file for the analysis worker.
fn read_for_analysis(port: &web_sys::MessagePort, tag: u32, job: &FileJob) {
    let Ok(blob) = job.blob.clone().dyn_into::<web_sys::Blob>() else {
        send_to_analysis(port, tag, SENT_FAILED, &[], 0);
        return;
    };
    let read = Rc::new(Cell::new(0u64));
    let reader = {
        let read = read.clone();
        BlobReader::new(blob, move |n| read.set(read.get() + n))
    };
    let Ok(reader) = reader else {
        send_to_analysis(port, tag, SENT_FAILED, &[], 0);
        return;
    };
    let mut reader = Fingerprint::new(BufReader::with_capacity(SLICE, reader));
    let options = job.read_options(None);
    let format = {
        let mut wire =
            WireSink::new(|bytes| send_to_analysis(port, tag, SENT_TABLE, &bytes, read.get()));
        // The analysis worker sends text files only (`is_text_table`).
        let format = read_text_table(&job.name, &mut reader, &options, &mut wire);
        wire.flush();
        format
    };
    let done = format
        .ok()
        .and_then(|format| Some((format, reader.finish().ok()?)))
        .and_then(|done| serde_json::to_vec(&done).ok());
    match done {
        Some(bytes) => send_to_analysis(port, tag, SENT_DONE, &bytes, read.get()),
        None => send_to_analysis(port, tag, SENT_FAILED, &[], read.get()),
    }
    // How many files this worker has read, for the browser's tools (and
    // the browser tests): `self.msFilesRead`.
    let global = js_sys::global();
    let key = JsValue::from_str("msFilesRead");
    let count = js_sys::Reflect::get(&global, &key)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&global, &key, &JsValue::from(count + 1.0));
}

/// A WebAssembly trap (`unreachable`), the way running out of memory ends
/// a worker: no panic hook runs and nothing is answered.
fn trap() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
}

/// Starts the worker (the wasm module's `main` where there is no window):
/// requests are taken from the page from now on, and the page is told so.
pub fn register() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("The analysis stopped on an internal error: {info}");
        web_sys_log(&message);
        if let Some(run) = CURRENT.with(Cell::get) {
            answer(Response::Failed { run, message });
        }
    }));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            match decode::<Request>(event.data()) {
                Ok(request) => receive(request),
                // Both ends are this crate: a message that does not decode
                // is a bug, said where the browser's tools show it.
                Err(e) => web_sys_log(&format!("a request that does not decode: {e}")),
            }
        });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post_to_page(&FromWorker::Ready);
}

fn web_sys_log(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}
