//! The analysis worker: reads the files with the engine, off the main thread.
//!
//! The engine folds rows into figures as it reads them, under the settings
//! of the request, so every request reads its files afresh (a change of
//! settings too). A panic here cannot unwind (wasm), so
//! a panic hook answers the run in progress with [`Response::Failed`]
//! before the worker dies; the page then starts a new one.

use std::cell::Cell;
use std::io::BufReader;

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::blob_reader::{BlobReader, SLICE};
use super::codec::JsCodec;
use super::protocol::{FileView, Request, Response};
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

impl AnalysisWorker {
    fn finish(
        scope: &WorkerScope<Self>,
        id: HandlerId,
        run: u32,
        analysis: &Analysis,
        mut files: Vec<FileView>,
    ) {
        let (report, review) = analysis.report_and_review();
        let readable = files.iter_mut().filter(|f| f.error.is_none());
        for (view, detail) in readable.zip(&review.files) {
            view.rows_used = detail.rows_used;
            view.rows_rejected = detail.rows_rejected;
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
                json: report.to_json(),
                report: Box::new(report),
            },
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
            } => {
                CURRENT.with(|c| c.set(Some((id, run))));
                let blobs: Vec<Option<web_sys::Blob>> = files
                    .iter()
                    .map(|f| f.blob.clone().dyn_into().ok())
                    .collect();
                let total: f64 = blobs.iter().flatten().map(|b| b.size()).sum();
                let mut done = 0u64;
                let mut reported = 0u64;
                let mut analysis = Analysis::new(settings.settings());
                let mut views = Vec::new();
                for (job, blob) in files.iter().zip(blobs) {
                    let Some(blob) = blob else {
                        views.push(FileView::failed(job.id, &job.name, "is not a file".into()));
                        continue;
                    };
                    let on_read = |n: u64| {
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
                    // A file over the size limit is refused before a byte is read.
                    if let Err(e) = crate::check_file_size(&job.name, blob.size() as u64) {
                        views.push(FileView::failed(job.id, &job.name, e.to_string()));
                        continue;
                    }
                    let view = match BlobReader::new(blob, on_read) {
                        Ok(reader) => {
                            let reader = BufReader::with_capacity(SLICE, reader);
                            match analysis.add_file(&job.name, reader, &job.read_options()) {
                                Ok(summary) => FileView::from_summary(job.id, summary),
                                Err(e) => FileView::failed(job.id, &job.name, e.to_string()),
                            }
                        }
                        Err(e) => FileView::failed(job.id, &job.name, e.to_string()),
                    };
                    views.push(view);
                }
                Self::finish(scope, id, run, &analysis, views);
            }
        }
        CURRENT.with(|c| c.set(None));
    }
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
