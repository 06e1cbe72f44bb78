//! The root component: owns the state, the files and the worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use super::bidi;
use super::bridge::AnalysisBridge;
use super::components::{
    file_list::FileList, footer::Footer, loader::Loader, outcome_loader::OutcomeLoader,
    progress::ProgressBar, results::Results, settings::SettingsPanel,
    settings_file::SettingsFileBar,
};
use super::format;
use super::protocol::{FileJob, Request, Response};
use super::reading::{notices_for, Control};
use super::save;
use super::settings_io;
use super::state::{Action, AppState, Outcome, Work};
use mentoring_stats_engine::Report;

/// Files the user chose, by id: browser objects stay out of the state.
type Blobs = Rc<RefCell<HashMap<u32, web_sys::File>>>;
type Bridge = Rc<RefCell<Option<AnalysisBridge>>>;

/// Props of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Told each new report (the host page's share of it, where it asked).
    pub on_report: Callback<Rc<Report>>,
}

/// Starts an analysis worker whose answers become actions (and each new
/// report is told to `on_report`).
fn spawn_worker(
    dispatch: UseReducerDispatcher<AppState>,
    on_report: Callback<Rc<Report>>,
) -> Option<AnalysisBridge> {
    let on_crash = {
        let dispatch = dispatch.clone();
        move |message: String| dispatch.dispatch(Action::WorkerCrashed(message))
    };
    let on_response = move |response| match response {
        Response::Progress { run, done, total } => {
            dispatch.dispatch(Action::Progress { run, done, total })
        }
        Response::Finished {
            run,
            files,
            report,
            review,
            outcome_notices,
        } => match report.parse() {
            Ok(report) => {
                let report = Rc::new(report);
                on_report.emit(report.clone());
                dispatch.dispatch(Action::Finished {
                    run,
                    outcome: Outcome {
                        files,
                        report,
                        review: Rc::from(review),
                        outcome_notices,
                    },
                })
            }
            Err(message) => dispatch.dispatch(Action::Failed { run, message }),
        },
        Response::OutcomesRefused { run, message } => {
            dispatch.dispatch(Action::OutcomesRefused { run, message })
        }
        Response::Failed { run, message } => dispatch.dispatch(Action::Failed { run, message }),
    };
    match AnalysisBridge::spawn(on_response, on_crash) {
        Ok(bridge) => Some(bridge),
        Err(e) => {
            web_sys::console::error_1(&e);
            None
        }
    }
}

/// The page's analysis workers, and where their answers go.
#[derive(Clone)]
struct Workers {
    bridge: Bridge,
    dispatch: UseReducerDispatcher<AppState>,
    on_report: Callback<Rc<Report>>,
}

impl Workers {
    /// Starts fresh workers; dropping the old bridge terminates its workers.
    fn restart(&self) {
        *self.bridge.borrow_mut() = spawn_worker(self.dispatch.clone(), self.on_report.clone());
    }

    /// Sends the work an action calls for, given the state after it.
    fn send_work(&self, work: Work, after: &AppState, was_busy: bool, blobs: &Blobs) {
        if work == Work::None {
            return;
        }
        let run = after.run + 1;
        let request = analyse_request(after, run, blobs);
        // A new analysis never mixes with one in progress: that worker is
        // terminated (anything it sent late carries an old run number) and
        // a new one starts.
        let dead = self
            .bridge
            .borrow()
            .as_ref()
            .is_none_or(AnalysisBridge::crashed);
        if was_busy || dead {
            self.restart();
        }
        let total = after.files.iter().map(|f| f.size).sum::<f64>()
            + after.outcome_file.as_ref().map_or(0.0, |f| f.size);
        self.dispatch.dispatch(Action::Started { run, total });
        if let Some(bridge) = self.bridge.borrow().as_ref() {
            bridge.send(request);
        }
    }
}

/// The request that reads the files of `state` afresh, as run `run`.
fn analyse_request(state: &AppState, run: u32, blobs: &Blobs) -> Request {
    let blobs = blobs.borrow();
    let files: Vec<FileJob> = state
        .files
        .iter()
        .filter_map(|f| {
            blobs.get(&f.id).map(|blob| FileJob {
                id: f.id,
                name: f.name.clone(),
                blob: blob.clone().into(),
                delimiter: f.delimiter,
                sheet: f.sheet.clone(),
                columns: f.columns.clone(),
            })
        })
        .collect();
    let outcomes = state.outcome_file.as_ref().and_then(|f| {
        blobs.get(&f.id).map(|blob| FileJob {
            id: f.id,
            name: f.name.clone(),
            blob: blob.clone().into(),
            delimiter: None,
            sheet: None,
            columns: Vec::new(),
        })
    });
    Request::Analyse {
        run,
        files,
        settings: Box::new(state.settings.settings()),
        outcomes,
    }
}

// About 90 lines: the page's sections in their order, in one `html!`
// (each section is its own component or function).
/// The calculator.
#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(AppState::default);
    let blobs: Blobs = use_mut_ref(HashMap::new);
    let workers = Workers {
        bridge: use_mut_ref(|| None),
        dispatch: state.dispatcher(),
        on_report: props.on_report.clone(),
    };

    // Start the worker at once, so that its script and wasm load with the
    // page and nothing is fetched later.
    {
        let workers = workers.clone();
        use_effect_with((), move |_| workers.restart());
    }

    let act = apply_and_send(&state, &blobs, &workers);
    let on_files = add_files(&act, &blobs, state.next_id);
    let on_outcome_file = set_outcome_file(&act, &blobs, state.next_id);
    let on_cancel = {
        let workers = workers.clone();
        Callback::from(move |_| {
            // The busy worker is terminated (dropped with its bridge) and a
            // fresh one, started from code already loaded, takes the next run.
            workers.restart();
            workers.dispatch.dispatch(Action::Cancel);
        })
    };

    let on_dismiss = {
        let dispatch = state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(Action::DismissError))
    };

    let (on_save_settings, on_load_settings, settings_error) = use_settings_file(&state, &act);
    let status = status_text(&state);
    // How many files the last run could read (none: no results to show).
    let readable = state
        .outcome
        .as_ref()
        .map(|o| o.files.iter().filter(|f| f.error.is_none()).count());
    let names: Vec<(u32, String)> = state.files.iter().map(|f| (f.id, f.name.clone())).collect();

    // Every time drawn below is written in the chosen format; the results
    // are drawn afresh when it changes (their tables are built from it).
    format::set_time_format(state.time_format);
    html! {
        <div class="ms-app" data-run={state.run.to_string()}
            data-busy={if state.busy.is_some() { "true" } else { "false" }}>
            if state.outcome.is_some() {
                <a class="ms-skip" href="#ms-results">{ "Skip to the results" }</a>
            }
            { page_header() }
            <main class="ms-main">
                <p class="ms-visually-hidden" role="status" aria-live="polite">{ status }</p>
                <Loader on_files={on_files} busy={state.busy.is_some()} />
                if let Some(progress) = state.busy {
                    <ProgressBar progress={progress} on_cancel={on_cancel} />
                }
                if let Some(crash) = &state.crash {
                    { crash_panel(crash, on_dismiss.clone()) }
                }
                if let Some(error) = &state.error {
                    { error_panel(error, &state, on_dismiss) }
                }
                if !state.files.is_empty() {
                    <FileList
                        files={state.files.clone()}
                        outcome={state.outcome.clone()}
                        act={act.clone()}
                    />
                    { settings_panel(&state, &names, &act) }
                    <OutcomeLoader file={state.outcome_file.clone()} shown={state.outcome_file_shown.clone()}
                        refusal={state.outcome_refusal.clone()} results={state.outcome.is_some()}
                        on_file={on_outcome_file} act={act.clone()} />
                }
                <SettingsFileBar on_save={on_save_settings} on_load={on_load_settings}
                    error={settings_error} loaded={state.settings_file.clone()} />
                if readable == Some(0) {
                    { unread_panel() }
                } else if let Some(outcome) = &state.outcome {
                    <Results key={state.time_format.as_str()} settings_file={state.settings_file.clone().map(AttrValue::from)} outcome={outcome.clone()} settings={state.settings.clone()}
                        files={names} outcome_file={state.outcome_file_shown.as_ref().map(|f| AttrValue::from(f.name.clone()))}
                        act={act.clone()} />
                }
            </main>
            <Footer />
        </div>
    }
}

/// Applies an action and sends the work it calls for.
fn apply_and_send(
    state: &UseReducerHandle<AppState>,
    blobs: &Blobs,
    workers: &Workers,
) -> Callback<Action> {
    let state = state.clone();
    let blobs = blobs.clone();
    let workers = workers.clone();
    Callback::from(move |action: Action| {
        let before: &AppState = &state;
        let work = action.work(before);
        let after = before.clone().apply(action.clone());
        state.dispatcher().dispatch(action);
        workers.send_work(work, &after, before.busy.is_some(), &blobs);
    })
}

/// The page's title and what it does.
fn page_header() -> Html {
    html! {
    <header class="ms-header">
        <h1>{ "Mentoring statistics" }</h1>
        <p class="ms-lede">
            { "Minutes, modes and attendance of trial mentoring, per site, mentee and mentor, from your mentoring record files." }
        </p>
    </header>
    }
}

/// Keeps the files chosen or dropped (by the ids the state will give them,
/// from `next_id`) and adds them.
fn add_files(act: &Callback<Action>, blobs: &Blobs, next_id: u32) -> Callback<Vec<web_sys::File>> {
    let act = act.clone();
    let blobs = blobs.clone();
    Callback::from(move |files: Vec<web_sys::File>| {
        let mut store = blobs.borrow_mut();
        let mut added = Vec::new();
        for (i, file) in files.into_iter().enumerate() {
            added.push((file.name(), file.size()));
            store.insert(next_id + i as u32, file);
        }
        drop(store);
        act.emit(Action::AddFiles(added));
    })
}

/// Keeps the site outcome file chosen (by the id the state will give it)
/// and sets it.
fn set_outcome_file(
    act: &Callback<Action>,
    blobs: &Blobs,
    next_id: u32,
) -> Callback<web_sys::File> {
    let act = act.clone();
    let blobs = blobs.clone();
    Callback::from(move |file: web_sys::File| {
        let (name, size) = (file.name(), file.size());
        blobs.borrow_mut().insert(next_id, file);
        act.emit(Action::SetOutcomeFile(name, size));
    })
}

/// "Save settings" and "Load settings": what each does, and why the last
/// file loaded was not taken, if it was not.
#[hook]
fn use_settings_file(
    state: &UseReducerHandle<AppState>,
    act: &Callback<Action>,
) -> (Callback<()>, Callback<(String, String)>, Option<String>) {
    let settings_error = use_state(|| None::<String>);
    let on_save = {
        let state = state.clone();
        Callback::from(move |()| {
            let text = state.settings_file().to_json();
            save::download(settings_io::SETTINGS_FILE_NAME, "application/json", &text);
        })
    };
    // Through `act`: settings loaded once files are read read them again.
    let on_load = {
        let act = act.clone();
        let settings_error = settings_error.clone();
        Callback::from(move |(name, text): (String, String)| {
            match settings_io::from_text(&text) {
                Ok(loaded) => {
                    settings_error.set(None);
                    act.emit(Action::LoadSettings(name, Box::new(loaded)));
                }
                Err(e) => settings_error.set(Some(format!(
                    "{name} was not loaded: {e}. The settings are as they were; choose a file saved with Save settings."
                ))),
            }
        })
    };
    (on_save, on_load, (*settings_error).clone())
}

/// The settings panel, with the last report's notices about durations and
/// costs and its mentors (each of which can have a rate).
fn settings_panel(state: &AppState, names: &[(u32, String)], act: &Callback<Action>) -> Html {
    let notices = |control: Control| {
        state
            .outcome
            .as_ref()
            .map_or_else(Vec::new, |o| notices_for(o.notices().0, names, &control))
    };
    let mentors: Vec<String> = state.outcome.as_ref().map_or_else(Vec::new, |o| {
        o.report.mentors.iter().map(|m| m.mentor.clone()).collect()
    });
    html! {
        <SettingsPanel settings={state.settings.clone()} act={act.clone()}
            time_format={state.time_format}
            duration_notices={notices(Control::Durations)} problem={state.settings_problem()}
            mentors={mentors} cost_notices={notices(Control::Costs)}
            file_names={state.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>()} />
    }
}

/// The crash panel: the worker died (`crash`: what the browser said).
fn crash_panel(crash: &str, on_dismiss: Callback<MouseEvent>) -> Html {
    html! {
        <div class="ms-error ms-crash" id="ms-crash" role="alert">
            <h2>{ "The analysis stopped" }</h2>
            <p>
                { "The part of the page that reads the files stopped before it finished. This happens when a file is too large for this browser's memory, or on an internal error. Your files were not sent anywhere." }
            </p>
            <p>
                <strong>{ "What to do: " }</strong>
                { "load the file again, or another one: a fresh reader starts. If it stops again, close other tabs and try again, load fewer or smaller files at a time, or read them with the command line tool (mentoring-stats report FILE), which reads large files in little memory." }
            </p>
            <pre>{ format!("The browser said: {crash}") }</pre>
            <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

/// The analysis failed: what it said (the files' names isolated).
fn error_panel(error: &str, state: &AppState, on_dismiss: Callback<MouseEvent>) -> Html {
    let names: Vec<&str> = state.files.iter().map(|f| f.name.as_str()).collect();
    html! {
        <div class="ms-error" role="alert">
            <p><strong>{ "The analysis failed. " }</strong>{ bidi::prose(error, &names) }</p>
            <p>{ "You can load another file, or the same one again." }</p>
            <button type="button" onclick={on_dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

/// No file of the last run could be read: what to do.
fn unread_panel() -> Html {
    html! {
        <section class="ms-error ms-unread" id="ms-unread" aria-labelledby="ms-unread-title">
            <h2 id="ms-unread-title">{ "No file could be read" }</h2>
            <p>
                <strong>{ "What to do: " }</strong>
                { "section 2 (Files) says, for each file, what was expected and what was found. Where a file's columns were not recognised, choose them in its columns panel there; where it is not a record file, remove it and load the log itself (CSV, TSV, Excel .xlsx, LibreOffice .ods or a REDCap export)." }
            </p>
            <p class="ms-note">{ "There are no results until a file is read: nothing below is computed from these files." }</p>
        </section>
    }
}

/// What the polite status line says: it changes when a run starts and
/// when it ends, not with every step of progress.
fn status_text(state: &AppState) -> String {
    if state.busy.is_some() {
        return "Reading the files…".to_string();
    }
    if state.error.is_some() {
        return String::new();
    }
    match &state.outcome {
        Some(outcome) if outcome.files.iter().all(|f| f.error.is_some()) => {
            "No file could be read: section 2 says what to do for each.".to_string()
        }
        Some(outcome) => {
            let r = &outcome.report;
            let unread = outcome.files.iter().filter(|f| f.error.is_some()).count();
            let mut text = format!(
                "Results ready: {}, {}, {} rejected.",
                format::count(r.overall.sites, "site", "sites"),
                format::count(r.overall.contacts, "contact", "contacts"),
                format::count(r.input.rows_rejected, "row", "rows"),
            );
            if unread > 0 {
                text.push_str(&format!(
                    " {} could not be read.",
                    format::count(unread as u64, "file", "files")
                ));
            }
            text
        }
        None => String::new(),
    }
}
