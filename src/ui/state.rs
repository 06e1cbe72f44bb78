//! The page's state and what can happen to it, as a reducer.
//!
//! No browser type appears here (files are referred to by id; the `File`
//! objects stay in the app), so every transition is tested natively.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use super::format::TimeFormat;
use super::protocol::FileView;
use super::settings_form::SettingsInput;
use super::settings_io::Loaded;
use mentoring_stats_engine::settings_file::{FileEntry as SavedFile, SettingsFile};
use mentoring_stats_engine::{
    label_key, ColumnOverride, DurationUnit, Field, LabelValue, ReadOptions, Report, Review,
    SameName, ValueLabel,
};

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
    /// Columns mapped by hand (a header of `None`: the file has no column
    /// for that field). A field not listed is detected.
    pub columns: Vec<ColumnOverride>,
}

impl FileEntry {
    /// This file read as a saved file says (by its name), if the file names it
    /// (the settings file's own reading of its parts).
    pub fn read_as_saved(&mut self, saved: &BTreeMap<String, SavedFile>) {
        let Some(options) = saved.get(&self.name).and_then(|s| s.options().ok()) else {
            return;
        };
        self.columns = options.columns;
        self.sheet = options.sheet;
        self.delimiter = options.delimiter;
    }

    /// What the user chose for `field`.
    pub fn choice(&self, field: Field) -> ColumnChoice {
        match self.columns.iter().find(|c| c.field == field) {
            None => ColumnChoice::Detect,
            Some(ColumnOverride { header: None, .. }) => ColumnChoice::NoColumn,
            Some(ColumnOverride {
                header: Some(header),
                ..
            }) => ColumnChoice::Header(header.clone()),
        }
    }
}

/// The site outcome file the user added (one row per site, columns of
/// numbers): read beside the record files, as the command line's
/// `--outcomes`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeFile {
    /// Stable id (from the same sequence as the record files').
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// Size in bytes.
    pub size: f64,
}

/// A site outcome file that could not be read, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeRefusal {
    /// The file's name.
    pub name: String,
    /// Why, in the page's words (the file's name first).
    pub message: String,
}

/// What a field of a file is mapped to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnChoice {
    /// Found by the usual rules (synonyms, then words).
    Detect,
    /// The file has no column for the field (the command line's
    /// `--column FIELD=`).
    NoColumn,
    /// The column with this header (`--column FIELD="HEADER"`).
    Header(String),
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
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Each file as read.
    pub files: Vec<FileView>,
    /// The report.
    pub report: Rc<Report>,
    /// What the user reviews beside it: labels, names that look alike.
    pub review: Rc<Review>,
    /// How many of the report's notices, at its end, are about the site
    /// outcome file.
    pub outcome_notices: usize,
}

impl Outcome {
    /// The report's notices about the record files, then those about the
    /// site outcome file.
    pub fn notices(&self) -> (&[String], &[String]) {
        let notices = &self.report.input.notices;
        notices.split_at(notices.len().saturating_sub(self.outcome_notices))
    }
}

impl PartialEq for Outcome {
    /// A report is compared by identity: each run makes a new one, and a
    /// report of many names is not walked at each redraw of the page.
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files
            && Rc::ptr_eq(&self.report, &other.report)
            && Rc::ptr_eq(&self.review, &other.review)
            && self.outcome_notices == other.outcome_notices
    }
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
    /// The worker died (a trap, such as running out of memory): what the
    /// browser said, for the crash panel, until the next run starts.
    pub crash: Option<String>,
    /// How times are written on the page (not in the JSON or CSV files):
    /// a change redraws, it runs nothing.
    pub time_format: TimeFormat,
    /// How the files named in a loaded settings file are read: applied to
    /// each file of that name when it is added, and saved again.
    pub saved_files:
        std::collections::BTreeMap<String, mentoring_stats_engine::settings_file::FileEntry>,
    /// The name of the settings file last loaded, for the methods.
    pub settings_file: Option<String>,
    /// The site outcome file to read with the record files, if any.
    pub outcome_file: Option<OutcomeFile>,
    /// The site outcome file the report shown was made with: what
    /// `outcome_file` goes back to when a new one cannot be read.
    pub outcome_file_shown: Option<OutcomeFile>,
    /// The last site outcome file that could not be read, until another
    /// is added or the outcomes are removed.
    pub outcome_refusal: Option<OutcomeRefusal>,
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

/// A change to the settings, as a function of the settings it changes.
#[derive(Clone)]
pub struct SettingsEdit(pub Rc<dyn Fn(&mut SettingsInput)>);

impl SettingsEdit {
    /// The edit `f`.
    pub fn new(f: impl Fn(&mut SettingsInput) + 'static) -> SettingsEdit {
        SettingsEdit(Rc::new(f))
    }
}

impl PartialEq for SettingsEdit {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SettingsEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SettingsEdit")
    }
}

/// Everything that can happen to the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Files were chosen or dropped: names and sizes, in order.
    AddFiles(Vec<(String, f64)>),
    /// A file was removed.
    RemoveFile(u32),
    /// A site outcome file was chosen or dropped (name and size): it
    /// replaces the one before.
    SetOutcomeFile(String, f64),
    /// The site outcome file was removed: the report is made without it.
    RemoveOutcomeFile,
    /// The worker could not read the site outcome file of a run.
    OutcomesRefused {
        /// Run.
        run: u32,
        /// Why, in the page's words.
        message: String,
    },
    /// A field was mapped to a column by hand, to no column, or back to
    /// detection.
    MapColumn {
        /// File id.
        file: u32,
        /// The field.
        field: Field,
        /// The choice.
        choice: ColumnChoice,
    },
    /// Several fields were mapped at once (the columns suggested for a
    /// file whose header was not found): field and header.
    MapColumns {
        /// File id.
        file: u32,
        /// Fields and headers.
        columns: Vec<(Field, String)>,
    },
    /// A mode or attendance label is read as the user says (`None`: as
    /// the rules read it).
    SetLabel {
        /// Mode or attendance.
        field: Field,
        /// The label as shown.
        label: String,
        /// What it reads as, or `None`.
        value: Option<LabelValue>,
    },
    /// Every label back to the rules' reading.
    ResetLabels,
    /// Names that look alike count as one: each of `names` other than
    /// `target` counts as `target`.
    Merge {
        /// Site, mentee, mentor or topic.
        field: Field,
        /// The names of the group.
        names: Vec<String>,
        /// The name they all count as.
        target: String,
    },
    /// Undoes the merges into `target`.
    Unmerge {
        /// The field.
        field: Field,
        /// The name the others counted as.
        target: String,
    },
    /// The unit of plain numbers in duration columns (`None`: as each
    /// column's header says).
    SetDurationUnit(Option<DurationUnit>),
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
    /// One setting changed: the edit is applied to the settings as they
    /// are when it arrives, so that two fields changed in quick succession
    /// both count (a control's copy of the settings may be a redraw old).
    EditSettings(SettingsEdit),
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
    /// memory): the run in progress, if any, stops, and the crash panel
    /// shows until the next run (which starts a new worker).
    WorkerCrashed(String),
    /// The user cancelled the run in progress.
    Cancel,
    /// The user dismissed the error.
    DismissError,
    /// How times are written on the page.
    SetTimeFormat(TimeFormat),
    /// A settings file was loaded (its name, and what it holds).
    LoadSettings(String, Box<Loaded>),
}

impl Action {
    /// What must be done after this action, given the state before it.
    /// Nothing runs while the settings have a problem (a window that
    /// ends before it starts): the page shows it instead.
    pub fn work(&self, state: &AppState) -> Work {
        let work = match self {
            Action::AddFiles(files) if !files.is_empty() => Work::Analyse,
            Action::LoadSettings(..) if !state.files.is_empty() => Work::Analyse,
            Action::SetOutcomeFile(..) if !state.files.is_empty() => Work::Analyse,
            Action::RemoveOutcomeFile
                if !state.files.is_empty() && state.outcome_file.is_some() =>
            {
                Work::Analyse
            }
            // Removing the last file returns to the start: nothing to read.
            Action::RemoveFile(id) if state.files.iter().all(|f| f.id == *id) => Work::None,
            Action::RemoveFile(_)
            | Action::MapColumn { .. }
            | Action::MapColumns { .. }
            | Action::SetDelimiter { .. }
            | Action::SetSheet { .. } => Work::Analyse,
            Action::SetSettings(_)
            | Action::EditSettings(_)
            | Action::SetLabel { .. }
            | Action::ResetLabels
            | Action::Merge { .. }
            | Action::Unmerge { .. }
            | Action::SetDurationUnit(_) => {
                let after = state.settings_after(self);
                if after != state.settings && !state.files.is_empty() {
                    Work::Analyse
                } else {
                    Work::None
                }
            }
            _ => Work::None,
        };
        if work == Work::Analyse && state.settings_after(self).problem().is_some() {
            return Work::None;
        }
        work
    }
}

impl AppState {
    /// The page's settings as a settings file: the analysis settings, each
    /// file's hand-made reading (by file name) and the number format.
    pub fn settings_file(&self) -> SettingsFile {
        let files: Vec<(String, ReadOptions)> = self
            .files
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    ReadOptions {
                        delimiter: f.delimiter,
                        sheet: f.sheet.clone(),
                        columns: f.columns.clone(),
                        codebook: None,
                    },
                )
            })
            .collect();
        let mut file = SettingsFile::from_parts(&self.settings.settings(), &files);
        // Files loaded with settings but not (yet) added keep their reading.
        for (name, saved) in &self.saved_files {
            file.files
                .entry(name.clone())
                .or_insert_with(|| saved.clone());
        }
        file.number_format = Some(self.time_format.as_str().to_string());
        file
    }

    fn file_mut(&mut self, id: u32) -> Option<&mut FileEntry> {
        self.files.iter_mut().find(|f| f.id == id)
    }

    /// The settings once `action` is applied.
    fn settings_after(&self, action: &Action) -> SettingsInput {
        let mut settings = self.settings.clone();
        apply_to_settings(&mut settings, action.clone());
        settings
    }

    /// Why the current window cannot be used, if so (no analysis runs
    /// then; the page says so beside the dates).
    pub fn settings_problem(&self) -> Option<String> {
        self.settings.window_problem()
    }

    /// Applies one action.
    pub fn apply(mut self, action: Action) -> AppState {
        match action {
            Action::AddFiles(files) => self.add_files(files),
            Action::LoadSettings(name, loaded) => self.load_settings(name, *loaded),
            Action::RemoveFile(id) => self.remove_file(id),
            action @ (Action::SetOutcomeFile(..)
            | Action::RemoveOutcomeFile
            | Action::OutcomesRefused { .. }) => self.apply_to_outcome_file(action),
            action @ (Action::MapColumn { .. }
            | Action::MapColumns { .. }
            | Action::SetDelimiter { .. }
            | Action::SetSheet { .. }) => self.apply_to_reading(action),
            action @ (Action::SetSettings(_)
            | Action::EditSettings(_)
            | Action::SetLabel { .. }
            | Action::ResetLabels
            | Action::Merge { .. }
            | Action::Unmerge { .. }
            | Action::SetDurationUnit(_)) => apply_to_settings(&mut self.settings, action),
            Action::SetTimeFormat(format) => self.time_format = format,
            action => self.apply_to_run(action),
        }
        self
    }

    fn add_files(&mut self, files: Vec<(String, f64)>) {
        for (name, size) in files {
            self.files.push(FileEntry {
                id: self.next_id,
                name,
                size,
                delimiter: None,
                sheet: None,
                columns: Vec::new(),
            });
            if let Some(entry) = self.files.last_mut() {
                entry.read_as_saved(&self.saved_files);
            }
            self.next_id += 1;
        }
    }

    fn load_settings(&mut self, name: String, loaded: Loaded) {
        let Loaded {
            settings,
            time_format,
            files,
        } = loaded;
        self.settings = settings;
        if let Some(format) = time_format {
            self.time_format = format;
        }
        self.saved_files = files;
        for entry in &mut self.files {
            entry.read_as_saved(&self.saved_files);
        }
        self.settings_file = Some(name);
    }

    fn remove_file(&mut self, id: u32) {
        self.files.retain(|f| f.id != id);
        if self.files.is_empty() {
            // Back to the start: a run still reading is not waited for.
            self.run += 1;
            self.busy = None;
            self.outcome = None;
            self.error = None;
            self.outcome_file_shown = None;
        }
    }

    /// Applies an action on the site outcome file.
    fn apply_to_outcome_file(&mut self, action: Action) {
        match action {
            Action::SetOutcomeFile(name, size) => {
                self.outcome_file = Some(OutcomeFile {
                    id: self.next_id,
                    name,
                    size,
                });
                self.next_id += 1;
                self.outcome_refusal = None;
            }
            Action::RemoveOutcomeFile => {
                self.outcome_file = None;
                self.outcome_refusal = None;
            }
            Action::OutcomesRefused { run, message } if run == self.run => {
                self.busy = None;
                if let Some(file) = self.outcome_file.take() {
                    self.outcome_refusal = Some(OutcomeRefusal {
                        name: file.name,
                        message,
                    });
                }
                self.outcome_file = self.outcome_file_shown.clone();
            }
            _ => {}
        }
    }

    /// Applies an action on how one file is read.
    fn apply_to_reading(&mut self, action: Action) {
        match action {
            Action::MapColumn {
                file,
                field,
                choice,
            } => {
                if let Some(entry) = self.file_mut(file) {
                    map_column(entry, field, choice);
                }
            }
            Action::MapColumns { file, columns } => {
                if let Some(entry) = self.file_mut(file) {
                    for (field, header) in columns {
                        map_column(entry, field, ColumnChoice::Header(header));
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
            _ => {}
        }
    }

    /// Applies what the worker says of a run, or what the user does to it.
    fn apply_to_run(&mut self, action: Action) {
        match action {
            Action::Started { run, total } => {
                self.run = run;
                self.busy = Some(Progress { done: 0.0, total });
                self.error = None;
                self.crash = None;
            }
            Action::Progress { run, done, total } if run == self.run && self.busy.is_some() => {
                self.busy = Some(Progress { done, total });
            }
            Action::Finished { run, outcome } if run == self.run => {
                self.busy = None;
                self.outcome = Some(outcome);
                self.outcome_file_shown = self.outcome_file.clone();
            }
            Action::Failed { run, message } if run == self.run => {
                self.busy = None;
                self.error = Some(message);
            }
            Action::WorkerCrashed(message) => {
                // Nothing more comes from that worker's run.
                self.run += 1;
                self.busy = None;
                self.crash = Some(message);
            }
            Action::Cancel => {
                // Answers of the cancelled run are ignored from now on.
                self.run += 1;
                self.busy = None;
            }
            Action::DismissError => {
                self.error = None;
                self.crash = None;
            }
            _ => {}
        }
    }
}

fn map_column(entry: &mut FileEntry, field: Field, choice: ColumnChoice) {
    entry.columns.retain(|c| c.field != field);
    let header = match choice {
        ColumnChoice::Detect => return,
        ColumnChoice::NoColumn => None,
        ColumnChoice::Header(header) => Some(header),
    };
    entry.columns.push(ColumnOverride { field, header });
}

/// Applies an action that changes the settings (others change nothing).
fn apply_to_settings(settings: &mut SettingsInput, action: Action) {
    match action {
        Action::SetSettings(next) => *settings = next,
        Action::EditSettings(edit) => (edit.0)(settings),
        Action::SetLabel {
            field,
            label,
            value,
        } => {
            let key = label_key(&label);
            settings
                .values
                .retain(|v| !(v.value.field() == field && label_key(&v.label) == key));
            if let Some(value) = value {
                settings.values.push(ValueLabel { label, value });
            }
        }
        Action::ResetLabels => settings.values.clear(),
        Action::Merge {
            field,
            names,
            target,
        } => {
            for name in names {
                let merge = SameName {
                    field,
                    name,
                    as_name: target.clone(),
                };
                if merge.name != target && !settings.same.contains(&merge) {
                    settings.same.push(merge);
                }
            }
        }
        Action::Unmerge { field, target } => settings
            .same
            .retain(|m| !(m.field == field && m.as_name == target)),
        Action::SetDurationUnit(unit) => settings.duration_unit = unit,
        _ => {}
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
            report: Rc::new(
                mentoring_stats_engine::Analysis::new(mentoring_stats_engine::Settings::default())
                    .report(),
            ),
            review: Rc::new(Review::default()),
            outcome_notices: 0,
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
    fn a_crashed_worker_shows_the_crash_panel_until_the_next_run() {
        let idle = AppState::default().apply(Action::WorkerCrashed("trap".into()));
        assert_eq!(idle.crash.as_deref(), Some("trap"));
        let busy = AppState::default()
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::WorkerCrashed("trap".into()));
        assert!(busy.busy.is_none());
        assert_eq!(busy.crash.as_deref(), Some("trap"));
        // Nothing late from the dead worker's run is taken.
        let late = busy.clone().apply(Action::Finished {
            run: 1,
            outcome: outcome(),
        });
        assert!(late.outcome.is_none());
        let next = busy.apply(Action::Started { run: 3, total: 1.0 });
        assert!(next.crash.is_none());
        assert!(next.busy.is_some());
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
        let map = |choice: ColumnChoice| Action::MapColumn {
            file: 0,
            field: Field::Date,
            choice,
        };
        let state = state
            .apply(map(ColumnChoice::Header("When".into())))
            .apply(map(ColumnChoice::Header("Day".into())));
        assert_eq!(
            state.files[0].columns,
            vec![ColumnOverride {
                field: Field::Date,
                header: Some("Day".to_string())
            }]
        );
        assert_eq!(
            state.files[0].choice(Field::Date),
            ColumnChoice::Header("Day".into())
        );
        let state = state.apply(map(ColumnChoice::Detect));
        assert!(state.files[0].columns.is_empty());
        assert_eq!(state.files[0].choice(Field::Date), ColumnChoice::Detect);
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

    fn with_file() -> AppState {
        AppState::default().apply(Action::AddFiles(vec![("a.csv".into(), 1.0)]))
    }

    #[test]
    fn none_unmaps_a_field_and_detect_forgets_the_choice() {
        let none = Action::MapColumn {
            file: 0,
            field: Field::Attendance,
            choice: ColumnChoice::NoColumn,
        };
        let state = with_file();
        assert_eq!(none.work(&state), Work::Analyse);
        let state = state.apply(none);
        // The worker's overrides say "no column", as --column attendance= does.
        assert_eq!(
            state.files[0].columns,
            vec![ColumnOverride {
                field: Field::Attendance,
                header: None
            }]
        );
        assert_eq!(
            state.files[0].choice(Field::Attendance),
            ColumnChoice::NoColumn
        );
        let state = state.apply(Action::MapColumn {
            file: 0,
            field: Field::Attendance,
            choice: ColumnChoice::Detect,
        });
        assert!(state.files[0].columns.is_empty());
    }

    #[test]
    fn suggested_columns_are_mapped_at_once() {
        let state = with_file().apply(Action::MapColumn {
            file: 0,
            field: Field::Date,
            choice: ColumnChoice::NoColumn,
        });
        let action = Action::MapColumns {
            file: 0,
            columns: vec![
                (Field::Date, "Visit day".into()),
                (Field::Site, "Ward".into()),
            ],
        };
        assert_eq!(action.work(&state), Work::Analyse);
        let state = state.apply(action);
        let by_hand = |field, header: &str| ColumnOverride {
            field,
            header: Some(header.to_string()),
        };
        assert_eq!(
            state.files[0].columns,
            vec![
                by_hand(Field::Date, "Visit day"),
                by_hand(Field::Site, "Ward")
            ]
        );
    }

    #[test]
    fn a_label_is_read_as_chosen_replaced_and_reset() {
        let set = |label: &str, value: Option<&str>| Action::SetLabel {
            field: Field::Mode,
            label: label.into(),
            value: value.and_then(|v| crate::ui::reading::label_value(Field::Mode, v)),
        };
        let state = with_file();
        assert_eq!(set("Catch-up", Some("phone")).work(&state), Work::Analyse);
        let state = state
            .apply(set("Catch-up", Some("video")))
            .apply(set("catch up", Some("phone")))
            .apply(set("Drop-in", Some("in_person")));
        let values: Vec<(&str, &str)> = state
            .settings
            .values
            .iter()
            .map(|v| (v.label.as_str(), v.value.name()))
            .collect();
        // The same label (folded) is replaced, not added twice.
        assert_eq!(
            values,
            vec![("catch up", "phone"), ("Drop-in", "in_person")]
        );
        let engine = state.settings.settings();
        assert_eq!(engine.values.len(), 2);
        assert_eq!(
            engine.values[0].flag(),
            "--value mode:\"catch up=phone\"".to_string()
        );
        // Back to the rules' reading: one label, then all.
        let state = state.apply(set("Drop-in", None));
        assert_eq!(state.settings.values.len(), 1);
        assert_eq!(Action::ResetLabels.work(&state), Work::Analyse);
        let state = state.apply(Action::ResetLabels);
        assert!(state.settings.values.is_empty());
        // Nothing changes: nothing runs.
        assert_eq!(Action::ResetLabels.work(&state), Work::None);
        // Without files a choice is kept but nothing runs.
        assert_eq!(
            set("x", Some("phone")).work(&AppState::default()),
            Work::None
        );
    }

    #[test]
    fn merging_names_adds_one_same_name_per_other_name_and_undo_removes_them() {
        let names = vec![
            "St George's".to_string(),
            "St Georges".to_string(),
            "St. Georges".to_string(),
        ];
        let merge = Action::Merge {
            field: Field::Site,
            names: names.clone(),
            target: "St George's".into(),
        };
        let state = with_file();
        assert_eq!(merge.work(&state), Work::Analyse);
        let state = state.apply(merge.clone());
        let flags: Vec<String> = state
            .settings
            .settings()
            .same
            .iter()
            .map(mentoring_stats_engine::SameName::flag)
            .collect();
        assert_eq!(
            flags,
            vec![
                "--same site:\"St Georges=St George's\"".to_string(),
                "--same site:\"St. Georges=St George's\"".to_string()
            ]
        );
        // Merging again changes nothing.
        assert_eq!(merge.work(&state), Work::None);
        let undo = Action::Unmerge {
            field: Field::Site,
            target: "St George's".into(),
        };
        assert_eq!(undo.work(&state), Work::Analyse);
        assert!(state.apply(undo).settings.same.is_empty());
    }

    #[test]
    fn the_duration_unit_is_a_setting_that_reruns() {
        let state = with_file();
        let hours = Action::SetDurationUnit(Some(DurationUnit::Hours));
        assert_eq!(hours.work(&state), Work::Analyse);
        let state = state.apply(hours.clone());
        assert_eq!(
            state.settings.settings().duration_unit,
            Some(DurationUnit::Hours)
        );
        assert_eq!(hours.work(&state), Work::None);
        let state = state.apply(Action::SetDurationUnit(None));
        assert_eq!(state.settings.settings().duration_unit, None);
    }

    #[test]
    fn a_bad_amount_runs_nothing_and_keeps_the_last_report_until_fixed() {
        let done = with_file()
            .apply(Action::Started { run: 1, total: 1.0 })
            .apply(Action::Finished {
                run: 1,
                outcome: outcome(),
            });
        let good = SettingsInput {
            mentor_cost: "42.5".into(),
            ..SettingsInput::default()
        };
        assert_eq!(Action::SetSettings(good.clone()).work(&done), Work::Analyse);
        let bad = SettingsInput {
            mentor_cost: "forty".into(),
            ..SettingsInput::default()
        };
        let action = Action::SetSettings(bad.clone());
        assert_eq!(action.work(&done), Work::None);
        let state = done.apply(action);
        // The text stays for the field to show, with its error; the last
        // report stays; the window is not what is wrong.
        assert_eq!(state.settings.mentor_cost, "forty");
        assert!(state.outcome.is_some());
        assert!(state.settings_problem().is_none());
        assert_eq!(state.settings.cost_errors().len(), 1);
        // Other changes run nothing while it stands; fixing it runs.
        let other = Action::SetSettings(SettingsInput {
            currency: "GBP".into(),
            ..bad
        });
        assert_eq!(other.work(&state), Work::None);
        assert_eq!(Action::SetSettings(good).work(&state), Work::Analyse);
    }

    #[test]
    fn a_window_that_ends_before_it_starts_runs_nothing_until_fixed() {
        let state = with_file();
        let backwards = SettingsInput {
            from: Some("2019-05-01".into()),
            to: Some("2019-04-30".into()),
            ..SettingsInput::default()
        };
        let action = Action::SetSettings(backwards.clone());
        assert_eq!(action.work(&state), Work::None);
        let state = state.apply(action);
        let problem = state.settings_problem().expect("a problem");
        assert!(problem.contains("2019-05-01") && problem.contains("2019-04-30"));
        // Other changes run nothing either while it stands...
        let more = Action::AddFiles(vec![("b.csv".into(), 1.0)]);
        assert_eq!(more.work(&state), Work::None);
        let label = Action::SetLabel {
            field: Field::Mode,
            label: "x".into(),
            value: Some(LabelValue::Mode(mentoring_stats_engine::Mode::Phone)),
        };
        assert_eq!(label.work(&state), Work::None);
        // ...and fixing it runs the analysis.
        let fixed = Action::SetSettings(SettingsInput {
            to: Some("2019-05-31".into()),
            ..backwards
        });
        assert_eq!(fixed.work(&state), Work::Analyse);
        assert!(state.apply(fixed).settings_problem().is_none());
    }

    #[test]
    fn two_fields_changed_before_a_redraw_both_count() {
        // Each control's edit is applied to the settings as they are then,
        // not to the copy the control was drawn with.
        let state = AppState::default();
        let mentor = Action::EditSettings(SettingsEdit::new(|s| s.mentor_cost = "42.5".into()));
        let mentee = Action::EditSettings(SettingsEdit::new(|s| s.mentee_cost = "35".into()));
        let state = state.apply(mentor).apply(mentee);
        assert_eq!(state.settings.mentor_cost, "42.5");
        assert_eq!(state.settings.mentee_cost, "35");
    }

    fn finished(state: AppState) -> AppState {
        let run = state.run + 1;
        state
            .apply(Action::Started { run, total: 1.0 })
            .apply(Action::Finished {
                run,
                outcome: outcome(),
            })
    }

    #[test]
    fn an_outcome_file_added_after_the_records_reruns_and_removing_it_reruns_without() {
        // Before any record file: kept, nothing runs.
        let early = Action::SetOutcomeFile("sites.csv".into(), 10.0);
        assert_eq!(early.work(&AppState::default()), Work::None);
        let state = finished(with_file());
        let add = Action::SetOutcomeFile("sites.csv".into(), 10.0);
        assert_eq!(add.work(&state), Work::Analyse);
        let state = state.apply(add);
        let file = state.outcome_file.clone().expect("the outcome file");
        assert_eq!((file.id, file.name.as_str()), (1, "sites.csv"));
        // Its id is not a record file's.
        assert_eq!(state.next_id, 2);
        assert!(state.outcome_file_shown.is_none());
        let state = finished(state);
        assert_eq!(state.outcome_file_shown, Some(file));
        assert_eq!(Action::RemoveOutcomeFile.work(&state), Work::Analyse);
        let state = finished(state.apply(Action::RemoveOutcomeFile));
        assert!(state.outcome_file.is_none() && state.outcome_file_shown.is_none());
        // Nothing to remove: nothing runs.
        assert_eq!(Action::RemoveOutcomeFile.work(&state), Work::None);
    }

    #[test]
    fn an_outcome_file_that_cannot_be_read_is_said_and_the_last_report_stays() {
        let good =
            finished(finished(with_file()).apply(Action::SetOutcomeFile("good.csv".into(), 1.0)));
        let before = good.outcome.clone();
        let state = good.apply(Action::SetOutcomeFile("bad.csv".into(), 1.0));
        let run = state.run + 1;
        let state =
            state
                .apply(Action::Started { run, total: 1.0 })
                .apply(Action::OutcomesRefused {
                    run,
                    message: "bad.csv: holds no site outcomes".into(),
                });
        assert!(state.busy.is_none());
        assert_eq!(state.outcome, before);
        let refusal = state.outcome_refusal.clone().expect("the refusal");
        assert_eq!(refusal.name, "bad.csv");
        // Back to the file the report shown was made with.
        assert_eq!(
            state.outcome_file.as_ref().map(|f| f.name.as_str()),
            Some("good.csv")
        );
        // A late refusal of an old run changes nothing.
        let late = state.clone().apply(Action::OutcomesRefused {
            run: run - 1,
            message: "old".into(),
        });
        assert_eq!(late, state);
        // Another file, or removing them, clears the message.
        let again = state
            .clone()
            .apply(Action::SetOutcomeFile("fixed.csv".into(), 1.0));
        assert!(again.outcome_refusal.is_none());
        assert!(state
            .apply(Action::RemoveOutcomeFile)
            .outcome_refusal
            .is_none());
    }

    #[test]
    fn the_outcome_files_notices_are_the_last_ones() {
        let mut report =
            mentoring_stats_engine::Analysis::new(mentoring_stats_engine::Settings::default())
                .report();
        report.input.notices = vec!["a".into(), "b".into(), "sites.csv: c".into()];
        let outcome = Outcome {
            report: Rc::new(report),
            outcome_notices: 1,
            ..outcome()
        };
        let (records, outcomes) = outcome.notices();
        assert_eq!(records, ["a", "b"]);
        assert_eq!(outcomes, ["sites.csv: c"]);
    }

    #[test]
    fn the_number_format_redraws_and_runs_nothing() {
        let state = finished(AppState::default());
        let action = Action::SetTimeFormat(TimeFormat::Minutes);
        assert_eq!(action.work(&state), Work::None);
        let after = state.clone().apply(action);
        assert_eq!(after.time_format, TimeFormat::Minutes);
        assert_eq!(after.outcome, state.outcome, "the report stays");
    }

    #[test]
    fn loaded_settings_apply_now_and_to_files_added_later() {
        let text = r#"{"mentoring_stats_settings": 1, "written_message_minutes": 10,
            "number_format": "hours_minutes",
            "files": {"log.csv": {"columns": {"date": "Visit day"}}, "later.csv": {"sheet": "Log"}}}"#;
        let loaded = crate::ui::settings_io::from_text(text).expect("valid");
        let state = AppState::default().apply(Action::AddFiles(vec![("log.csv".into(), 1.0)]));
        let action = Action::LoadSettings("mine.json".into(), Box::new(loaded));
        assert_eq!(action.work(&state), Work::Analyse);
        let state = state.apply(action);
        assert_eq!(state.settings.written_message_minutes, 10.0);
        assert_eq!(state.time_format, TimeFormat::HoursMinutes);
        assert_eq!(
            state.files[0].columns,
            vec![ColumnOverride {
                field: Field::Date,
                header: Some("Visit day".to_string())
            }]
        );
        let state = state.apply(Action::AddFiles(vec![("later.csv".into(), 1.0)]));
        assert_eq!(state.files[1].sheet.as_deref(), Some("Log"));
        assert_eq!(state.settings_file.as_deref(), Some("mine.json"));
    }
}
