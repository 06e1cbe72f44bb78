//! The page's state and what can happen to it, as a reducer.
//!
//! No browser type appears here (files are referred to by id; the `File`
//! objects stay in the app), so every transition is tested natively.

use std::rc::Rc;

use yew::Reducible;

use super::protocol::{FileView, SettingsInput};
use crate::Report;

/// A file the user added, and how they asked for it to be read.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    /// Stable id.
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// Size in bytes.
    pub size: f64,
    /// Delimiter chosen by hand.
    pub delimiter: Option<u8>,
    /// Sheet chosen by hand.
    pub sheet: Option<String>,
    /// Columns mapped by hand: field name and header.
    pub columns: Vec<(String, String)>,
}

/// Progress of the analysis in the worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Bytes read.
    pub done: f64,
    /// Bytes to read.
    pub total: f64,
}

impl Progress {
    /// Share done, 0 to 100.
    pub fn percent(&self) -> f64 {
        if self.total > 0.0 {
            (100.0 * self.done / self.total).clamp(0.0, 100.0)
        } else {
            0.0
        }
    }
}

/// The result of the last finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Each file as read.
    pub files: Vec<FileView>,
    /// The report as the command line tool prints it.
    pub json: Rc<str>,
    /// The report.
    pub report: Rc<Report>,
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AppState {
    /// Files added, in order.
    pub files: Vec<FileEntry>,
    /// Next file id.
    pub next_id: u32,
    /// Settings.
    pub settings: SettingsInput,
    /// The run the page waits for (answers of other runs are ignored).
    pub run: u32,
    /// The run in progress, if any.
    pub busy: Option<Progress>,
    /// The last result.
    pub outcome: Option<Outcome>,
    /// A failure to show.
    pub error: Option<String>,
}

/// What the reader of files must do after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Nothing.
    None,
    /// Read all files again (files, their mapping or the settings changed:
    /// the engine folds rows as it reads, under the settings).
    Analyse,
}

/// Everything that can happen to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Files were chosen or dropped: names and sizes, in order.
    AddFiles(Vec<(String, f64)>),
    /// A file was removed.
    RemoveFile(u32),
    /// A field was mapped to a column by hand (`None`: back to detection).
    MapColumn {
        /// File id.
        file: u32,
        /// Field name.
        field: String,
        /// Header, or `None`.
        header: Option<String>,
    },
    /// A delimiter was chosen by hand (`None`: detect).
    SetDelimiter {
        /// File id.
        file: u32,
        /// The delimiter.
        delimiter: Option<u8>,
    },
    /// A sheet was chosen (`None`: the first).
    SetSheet {
        /// File id.
        file: u32,
        /// Sheet name.
        sheet: Option<String>,
    },
    /// Settings changed.
    SetSettings(SettingsInput),
    /// A run was sent to the worker.
    Started {
        /// Its number.
        run: u32,
        /// Bytes it will read (0 for a recompute).
        total: f64,
    },
    /// The worker reports progress.
    Progress {
        /// Run.
        run: u32,
        /// Bytes read.
        done: f64,
        /// Bytes to read.
        total: f64,
    },
    /// The worker finished a run.
    Finished {
        /// Run.
        run: u32,
        /// The result.
        outcome: Outcome,
    },
    /// The worker failed.
    Failed {
        /// Run.
        run: u32,
        /// What it said.
        message: String,
    },
    /// The worker died without answering (a trap, such as running out of
    /// memory): the run in progress, if any, failed.
    WorkerCrashed(String),
    /// The user cancelled the run in progress.
    Cancel,
    /// The user dismissed the error.
    DismissError,
}

impl Action {
    /// What must be done after this action, given the state before it.
    pub fn work(&self, state: &AppState) -> Work {
        match self {
            Action::AddFiles(files) if !files.is_empty() => Work::Analyse,
            Action::RemoveFile(_)
            | Action::MapColumn { .. }
            | Action::SetDelimiter { .. }
            | Action::SetSheet { .. } => Work::Analyse,
            Action::SetSettings(s) if *s != state.settings && !state.files.is_empty() => {
                Work::Analyse
            }
            _ => Work::None,
        }
    }
}

impl AppState {
    fn file_mut(&mut self, id: u32) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.id == id)
    }

    /// Applies one action.
    pub fn apply(mut self, action: Action) -> AppState {
        match action {
            Action::AddFiles(files) => {
                for (name, size) in files {
                    self.files.push(FileEntry {
                        id: self.next_id,
                        name,
                        size,
                        delimiter: None,
                        sheet: None,
                        columns: Vec::new(),
                    });
                    self.next_id += 1;
                }
            }
            Action::RemoveFile(id) => {
                self.files.retain(|f| f.id != id);
                if self.files.is_empty() {
                    self.outcome = None;
                }
            }
            Action::MapColumn {
                file,
                field,
                header,
            } => {
                if let Some(entry) = self.file_mut(file) {
                    entry.columns.retain(|(f, _)| *f != field);
                    if let Some(header) = header {
                        entry.columns.push((field, header));
                    }
                }
            }
            Action::SetDelimiter { file, delimiter } => {
                if let Some(entry) = self.file_mut(file) {
                    entry.delimiter = delimiter;
                }
            }
            Action::SetSheet { file, sheet } => {
                if let Some(entry) = self.file_mut(file) {
                    entry.sheet = sheet;
                }
            }
            Action::SetSettings(settings) => self.settings = settings,
            Action::Started { run, total } => {
                self.run = run;
                self.busy = Some(Progress { done: 0.0, total });
                self.error = None;
            }
            Action::Progress { run, done, total } => {
                if run == self.run && self.busy.is_some() {
                    self.busy = Some(Progress { done, total });
                }
            }
            Action::Finished { run, outcome } => {
                if run == self.run {
                    self.busy = None;
                    self.outcome = Some(outcome);
                }
            }
            Action::Failed { run, message } => {
                if run == self.run {
                    self.busy = None;
                    self.error = Some(message);
                }
            }
            Action::WorkerCrashed(message) => {
                if self.busy.is_some() {
                    self.busy = None;
                    self.error = Some(format!(
                        "The analysis stopped: {message}. The file may be too large for this browser's memory."
                    ));
                }
            }
            Action::Cancel => {
                // Answers of the cancelled run are ignored from now on.
                self.run += 1;
                self.busy = None;
            }
            Action::DismissError => self.error = None,
        }
        self
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome() -> Outcome {
        Outcome {
            files: Vec::new(),
            json: Rc::from("{}"),
            report: Rc::new(crate::Analysis::new(crate::Settings::default()).report()),
        }
    }

    #[test]
    fn added_files_get_ids_in_order_and_need_an_analysis() {
        let action = Action::AddFiles(vec![("a.csv".into(), 10.0), ("b.xlsx".into(), 20.0)]);
        assert_eq!(action.work(&AppState::default()), Work::Analyse);
        let state = AppState::default().apply(action);
        let ids: Vec<(u32, &str)> = state
            .files
            .iter()
            .map(|f| (f.id, f.name.as_str()))
            .collect();
        assert_eq!(ids, vec![(0, "a.csv"), (1, "b.xlsx")]);
        let state = state.apply(Action::AddFiles(vec![("c.csv".into(), 1.0)]));
        assert_eq!(state.files[2].id, 2);
    }

    #[test]
    fn answers_of_an_old_run_are_ignored() {
        let state = AppState::default()
            .apply(Action::Started {
                run: 1,
                total: 100.0,
            })
            .apply(Action::Started {
                run: 2,
                total: 100.0,
            })
            .apply(Action::Finished {
                run: 1,
                outcome: outcome(),
            });
        assert!(state.outcome.is_none());
        assert!(state.busy.is_some());
        let state = state.apply(Action::Progress {
            run: 2,
            done: 50.0,
            total: 100.0,
        });
        assert_eq!(state.busy.map(|p| p.percent()), Some(50.0));
        let state = state.apply(Action::Finished {
            run: 2,
            outcome: outcome(),
        });
        assert!(state.outcome.is_some() && state.busy.is_none());
    }

    #[test]
    fn cancel_stops_waiting_and_ignores_the_late_answer() {
        let state = AppState::default()
            .apply(Action::Started {
                run: 1,
                total: 100.0,
            })
            .apply(Action::Cancel);
        assert!(state.busy.is_none());
        let state = state.apply(Action::Finished {
            run: 1,
            outcome: outcome(),
        });
        assert!(state.outcome.is_none());
    }

    #[test]
    fn a_crashed_worker_fails_the_run_in_progress_only() {
        let idle = AppState::default().apply(Action::WorkerCrashed("trap".into()));
        assert!(idle.error.is_none());
        let busy = AppState::default()
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::WorkerCrashed("trap".into()));
        assert!(busy.busy.is_none());
        assert!(busy.error.as_deref().is_some_and(|e| e.contains("trap")));
    }

    #[test]
    fn a_failure_is_shown_and_can_be_dismissed() {
        let state = AppState::default()
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::Failed {
                run: 1,
                message: "boom".into(),
            });
        assert_eq!(state.error.as_deref(), Some("boom"));
        assert!(state.busy.is_none());
        assert!(state.apply(Action::DismissError).error.is_none());
    }

    #[test]
    fn settings_recompute_when_results_exist_and_analyse_otherwise() {
        let changed = SettingsInput {
            written_message_minutes: 10.0,
            ..SettingsInput::default()
        };
        let action = Action::SetSettings(changed.clone());
        assert_eq!(action.work(&AppState::default()), Work::None);
        let with_file = AppState::default().apply(Action::AddFiles(vec![("a.csv".into(), 1.0)]));
        assert_eq!(action.work(&with_file), Work::Analyse);
        let done = with_file
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::Finished {
                run: 1,
                outcome: outcome(),
            });
        assert_eq!(action.work(&done), Work::Analyse);
        let same = Action::SetSettings(SettingsInput::default());
        assert_eq!(same.work(&done), Work::None);
    }

    #[test]
    fn a_manual_mapping_replaces_the_previous_one_and_can_be_undone() {
        let state = AppState::default().apply(Action::AddFiles(vec![("a.csv".into(), 1.0)]));
        let map = |header: Option<&str>| Action::MapColumn {
            file: 0,
            field: "date".into(),
            header: header.map(str::to_string),
        };
        let state = state.apply(map(Some("When"))).apply(map(Some("Day")));
        assert_eq!(
            state.files[0].columns,
            vec![("date".to_string(), "Day".to_string())]
        );
        let state = state.apply(map(None));
        assert!(state.files[0].columns.is_empty());
    }

    #[test]
    fn removing_the_last_file_clears_the_results() {
        let state = AppState::default()
            .apply(Action::AddFiles(vec![("a.csv".into(), 1.0)]))
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::Finished {
                run: 1,
                outcome: outcome(),
            })
            .apply(Action::RemoveFile(0));
        assert!(state.files.is_empty() && state.outcome.is_none());
    }
}
