//! The analysis worker: reads the files with the engine, off the main thread.
//!
//! The engine folds rows into figures as it reads them, under the settings
//! of the request, so every request reads its files afresh (a change of
//! settings too). A panic here cannot unwind (wasm), so
//! a panic hook answers the run in progress with [`Response::Failed`]
//! before the worker dies; the page then starts a new one.

use std::cell::Cell;
use std::io::{BufReader, Read};
use std::sync::Arc;

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::blob_reader::{BlobReader, SLICE};
use super::codec::JsCodec;
use super::protocol::{
    outcome_refusal, FileJob, FileView, JsonBytes, Request, Response, SettingsInput,
};
use crate::core::ingest::fingerprint::Fingerprint;
use crate::core::ingest::redcap::{looks_like_dictionary, Codebook};
use crate::core::outcomes::{add_to_report, read_outcomes, OutcomeTable};
use crate::Analysis;

/// The worker: it keeps nothing between requests.
#[derive(Debug, Default)]
pub struct AnalysisWorker;

thread_local! {
    /// The request being answered, for the panic hook.
    static CURRENT: Cell<Option<(HandlerId, u32)>> = const { Cell::new(None) };
}

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

impl AnalysisWorker {
    /// Answers a run: each file's view (in the page's order), the report and
    /// what the user reviews beside it. `read` gives, for each view, the
    /// index of its file among the files the engine read, if it read it.
    /// The site outcomes are added to the report as `Analysis` adds them
    /// (after the report, their notices last), so that the page knows
    /// which notices are theirs.
    fn finish(
        scope: &WorkerScope<Self>,
        id: HandlerId,
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
            view.date_order = match detail.date_order {
                crate::DateOrder::DayFirst => "day-first",
                crate::DateOrder::MonthFirst => "month-first",
            }
            .to_string();
        }
        scope.respond(
            id,
            Response::Finished {
                run,
                files,
                json: JsonBytes(report.to_json().into_bytes()),
                review: Box::new(review),
                outcome_notices,
            },
        );
    }

    /// Reads the site outcome file of a run (as the command line reads
    /// `--outcomes`: its own delimiter and sheet, the settings' `same`).
    fn read_outcome_file(
        job: &FileJob,
        settings: &crate::Settings,
        on_read: impl FnMut(u64),
    ) -> Result<OutcomeTable, String> {
        let Ok(blob) = job.blob.clone().dyn_into::<web_sys::Blob>() else {
            return Err(format!("{}: is not a file", job.name));
        };
        crate::check_file_size(&job.name, blob.size() as u64).map_err(|e| e.page_message())?;
        let reader = BlobReader::new(blob, on_read).map_err(|e| format!("{}: {e}", job.name))?;
        // The reader type of the record files (`Analysis::add_file` reads
        // through a `Fingerprint`), so that the readers' code (zip,
        // workbooks, ODS) is in the page's wasm once, not once per type:
        // about 20 KB less, gzipped. The hash itself is not used.
        let mut reader = Fingerprint::new(BufReader::with_capacity(SLICE, reader));
        read_outcomes(&job.name, &mut reader, &job.read_options(None), settings)
            .map_err(|e| outcome_refusal(&e))
    }

    /// Reads one run: data dictionaries first (told by their first bytes),
    /// then every record file with the first dictionary.
    fn analyse(
        scope: &WorkerScope<Self>,
        id: HandlerId,
        run: u32,
        files: &[FileJob],
        settings: &SettingsInput,
        outcomes: Option<&FileJob>,
    ) {
        let settings = settings.settings();
        if let Err(message) = settings.check() {
            scope.respond(id, Response::Failed { run, message });
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
        let mut done = 0u64;
        let mut reported = 0u64;
        let mut on_read = |n: u64| {
            done += n;
            if done - reported >= PROGRESS_EVERY {
                reported = done;
                scope.respond(
                    id,
                    Response::Progress {
                        run,
                        done: done as f64,
                        total,
                    },
                );
            }
        };
        // The site outcome file first: it is small, and when it cannot be
        // read nothing else is (the page keeps the report it shows).
        let outcome_table = match outcomes {
            None => None,
            Some(job) => match Self::read_outcome_file(job, &settings, &mut on_read) {
                Ok(table) => Some(table),
                Err(message) => {
                    scope.respond(id, Response::OutcomesRefused { run, message });
                    return;
                }
            },
        };
        let mut views: Vec<Option<FileView>> = vec![None; files.len()];
        let mut read: Vec<Option<usize>> = vec![None; files.len()];

        // Data dictionaries, recognised by their first bytes.
        let mut codebook: Option<Arc<Codebook>> = None;
        for (i, (job, blob)) in files.iter().zip(&blobs).enumerate() {
            let Some(blob) = blob else { continue };
            if crate::check_file_size(&job.name, blob.size() as u64).is_err()
                || !looks_like_dictionary(&first_bytes(blob))
            {
                continue;
            }
            let result = BlobReader::new(blob.clone(), &mut on_read)
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

        let mut analysis = Analysis::new(settings);
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
            if let Err(e) = crate::check_file_size(&job.name, blob.size() as u64) {
                views[i] = Some(FileView::failed(job.id, &job.name, e.page_message()));
                continue;
            }
            let options = job.read_options(codebook.clone());
            let view = match BlobReader::new(blob, &mut on_read) {
                Ok(reader) => {
                    let reader = BufReader::with_capacity(SLICE, reader);
                    match analysis.add_file(&job.name, reader, &options) {
                        Ok(summary) => match &summary.duplicate_of {
                            Some(first) => FileView::duplicate(job.id, &job.name, first),
                            None => {
                                read[i] = Some(next);
                                next += 1;
                                FileView::from_summary(job.id, summary)
                            }
                        },
                        Err(e) => FileView::refused(job.id, &job.name, &e, &job.columns),
                    }
                }
                Err(e) => FileView::failed(job.id, &job.name, e.to_string()),
            };
            views[i] = Some(view);
        }
        let views = views.into_iter().flatten().collect();
        Self::finish(
            scope,
            id,
            run,
            analysis,
            outcome_table.as_ref(),
            views,
            &read,
        );
    }
}

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        AnalysisWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        match msg {
            Request::Analyse {
                run,
                files,
                settings,
                outcomes,
            } => {
                CURRENT.with(|c| c.set(Some((id, run))));
                Self::analyse(scope, id, run, &files, &settings, outcomes.as_ref());
            }
            Request::Trap => trap(),
        }
        CURRENT.with(|c| c.set(None));
    }
}

/// A WebAssembly trap (`unreachable`), the way running out of memory ends
/// a worker: no panic hook runs and nothing is answered.
fn trap() {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
}

/// The shape of gloo-worker's own answer message, to answer from the panic
/// hook (serde writes an enum by its variant names, so this encodes the same).
#[derive(Serialize)]
enum FromWorker {
    #[allow(dead_code)]
    WorkerLoaded,
    ProcessOutput(HandlerId, Response),
}

/// Starts the worker (the worker binary's `main`).
pub fn register() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("The analysis stopped on an internal error: {info}");
        web_sys_log(&message);
        if let Some((id, run)) = CURRENT.with(Cell::get) {
            let answer = FromWorker::ProcessOutput(id, Response::Failed { run, message });
            let value = <JsCodec as gloo_worker::Codec>::encode(answer);
            let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            let _ = scope.post_message(&value);
        }
    }));
    use gloo_worker::Registrable;
    AnalysisWorker::registrar().encoding::<JsCodec>().register();
}

fn web_sys_log(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}
