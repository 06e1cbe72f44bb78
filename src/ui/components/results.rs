//! The results: checks of the data, overview figures, charts, the four
//! result tables, exports, and what the report is based on.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::components::{
    data_table::{CsvSource, DataTable},
    export::ExportBar,
    labels::LabelsPanel,
    live_written_chart::LiveWrittenChart,
    manuscript::Manuscript,
    methods::Methods,
    mode_chart::ModeChart,
    month_chart::MonthChart,
    names::NamesPanel,
    notices::Notices,
    outcomes::OutcomesSection,
    overview::Overview,
    print_panel::{PrintOptions, PrintTable},
    site_minutes_chart::SiteMinutesChart,
    stages::use_stage,
    topics_chart::{SiteTopicsChart, TopicsChart},
    workload_chart::WorkloadChart,
    Same,
};
use crate::ui::format;
use crate::ui::reading::{self, notices_for, Control};
use crate::ui::settings_form::SettingsInput;
use crate::ui::state::{Action, Outcome};
use crate::ui::table::{Direction, Table};
use crate::ui::tables;
use mentoring_stats_engine::report::Report;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The last result.
    pub outcome: Outcome,
    /// The settings (the labels and names chosen).
    pub settings: SettingsInput,
    /// The page's files: id and name.
    pub files: Vec<(u32, String)>,
    /// The name of the site outcome file the report was made with.
    #[prop_or_default]
    pub outcome_file: Option<AttrValue>,
    /// The settings file last loaded, for the methods.
    #[prop_or_default]
    pub settings_file: Option<AttrValue>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

/// The sort the report's rows have: by name.
const BY_NAME: Option<(usize, Direction)> = Some((0, Direction::Ascending));

/// The stage of [`use_stage`] at which the charts (and the outcomes) are
/// drawn; the topics, workload, per-mentee and month tables and the
/// methods come at [`LAST_STAGE`].
const CHARTS_STAGE: u8 = 1;
const LAST_STAGE: u8 = 2;

/// Every statistic of the report, drawn in stages (see [`use_stage`]):
/// first the checks, the overview, the manuscript table and the per-site
/// table, then the charts, then the rest. `data-drawn` on the section
/// says `all` once every stage is drawn.
#[component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let stage = use_stage(LAST_STAGE);
    let report = props.outcome.report.clone();
    let sites = use_memo(Same(report.clone()), |Same(r)| tables::sites(r));
    let sites_csv = use_memo(Same(report.clone()), |Same(r)| {
        let report = r.clone();
        Rc::new(move || tables::sites_csv(&report)) as CsvSource
    });
    // The last stage's tables are made when it is drawn, not with the
    // report: a log of thousands of sites has hundreds of thousands of
    // month-by-site rows, which would hold back the per-site table.
    let later = use_memo(
        (Same(report.clone()), stage == LAST_STAGE),
        |(Same(r), drawn)| drawn.then(|| LaterTables::of(r)),
    );
    let rejected = use_memo(Same(report.clone()), |Same(r)| tables::rejected(r));
    let review = props.outcome.review.clone();
    let (record_notices, outcome_notices) = props.outcome.notices();
    let notices = record_notices;
    let mut names: Vec<String> = props.files.iter().map(|(_, n)| n.clone()).collect();
    names.extend(props.outcome_file.iter().map(|n| n.to_string()));
    let charts = report.overall.contacts > 0;
    let chosen = chosen_settings(props);
    let unread = props
        .outcome
        .files
        .iter()
        .filter(|f| f.error.is_some())
        .count();

    html! {
        <>
            <Notices report={report.clone()} rejected={rejected} files={props.files.clone()}
                outcome_notices={props.outcome.outcome_notices} outcome_file={props.outcome_file.clone()}>
                <LabelsPanel labels={review.labels.clone()} values={props.settings.values.clone()}
                    notices={notices_for(notices, &props.files, &Control::Labels)} act={props.act.clone()} />
                <NamesPanel groups={review.near_duplicates.clone()} merges={props.settings.same.clone()}
                    notices={notices_for(notices, &props.files, &Control::Names)} act={props.act.clone()} />
            </Notices>
            <section class="ms-results" id="ms-results" aria-labelledby="ms-results-title"
                data-drawn={if stage == LAST_STAGE { "all" } else { "first" }}
                aria-busy={(stage < LAST_STAGE).then_some("true")}>
                <h2 id="ms-results-title"><span class="ms-step">{ "5. " }</span>{ "Results" }</h2>
                if unread > 0 {
                    { unread_note(unread, props.outcome.files.len()) }
                }
                if let Some(window) = window_text(&report) {
                    <p class="ms-banner" id="ms-window-note">
                        <strong>{ "Analysis window: " }</strong>{ window }
                    </p>
                }
                <ExportBar report={props.outcome.report.clone()} />
                <PrintOptions />
                <h3 class="ms-visually-hidden">{ "Overview" }</h3>
                <Overview report={report.clone()} />
                <Manuscript report={report.clone()} />
                if stage >= CHARTS_STAGE {
                    { charts_of(&report, charts) }
                    if !report.outcomes.is_empty() {
                        <OutcomesSection report={report.clone()} notices={outcome_notices.to_vec()}
                            names={names} file={props.outcome_file.clone().unwrap_or_default()} />
                    }
                }
                if let Some(later) = &*later {
                    { topics_section(&report, later, charts) }
                    { workload_section(&report, later, charts) }
                }
                { table_of_sites(sites.clone(), (*sites_csv).clone(), later.as_ref().as_ref()) }
            </section>
            if stage == LAST_STAGE {
                <Methods report={report} files={props.outcome.files.clone()}
                    chosen={chosen} />
            }
        </>
    }
}

/// What the methods list of the settings chosen, with how the settings
/// file repeats them.
fn chosen_settings(props: &ResultsProps) -> Vec<(String, String)> {
    let mut chosen = reading::chosen_settings(&props.settings);
    let file = crate::ui::settings_io::SETTINGS_FILE_NAME;
    chosen.push((
        "Settings file".to_string(),
        match &props.settings_file {
            Some(name) => format!("the settings were loaded from {name}; mentoring-stats report --settings {name} FILE... repeats this analysis"),
            None => format!("Save settings writes these settings to {file}; mentoring-stats report --settings {file} FILE... repeats this analysis"),
        },
    ));
    chosen
}

/// What tells a table's columns apart: a table of other columns is a
/// fresh table (its sort refers to columns by position).
fn columns_key(t: &Table) -> String {
    t.columns
        .iter()
        .map(|c| c.field.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The warning that `unread` of the `files` could not be read.
fn unread_note(unread: usize, files: usize) -> Html {
    html! {
        <p class="ms-banner ms-banner-warning" id="ms-unread-note">
            <strong>{ format!("{} of {} could not be read: ", format::number(unread as f64, 0),
                format::count(files as u64, "file", "files")) }</strong>
            { "their rows are in none of the figures below. Section 2 says, for each, what was expected and what to do." }
        </p>
    }
}

/// The charts of the report, or why there are none (no held contact:
/// not `charts`).
fn charts_of(report: &Rc<Report>, charts: bool) -> Html {
    if !charts {
        return html! {
            <p class="ms-note ms-empty">
                { "No held contact was found in the files read (within the analysis window, if one is set): there is nothing to chart. Check the notices, the rejected rows and the column mapping above." }
            </p>
        };
    }
    html! { <>
        <h3 class="ms-visually-hidden">{ "Charts" }</h3>
        <div class="ms-charts">
            <SiteMinutesChart report={report.clone()} />
            <ModeChart report={report.clone()} />
            <LiveWrittenChart report={report.clone()} />
            <MonthChart report={report.clone()} />
        </div>
    </> }
}

/// The per-site table, and once the last stage is drawn (`later`), its
/// printed form and the per-mentee and per-month tables.
fn table_of_sites(sites: Rc<Table>, csv: CsvSource, later: Option<&LaterTables>) -> Html {
    html! {
        <div class="ms-tables">
            <h3 id="ms-sites-heading">{ "Per site" }</h3>
            <p class="ms-note ms-screen-only">
                { "A wide table: scroll it sideways for every column (with the arrow keys once it has the focus). Times are hours and minutes; live means phone, video or in person." }
            </p>
            <DataTable key={columns_key(&sites)} table={sites.clone()} initial_sort={BY_NAME} csv={Some(csv)} />
            if let Some(later) = later {
                <PrintTable table={sites} />
                <h3 id="ms-mentees-heading">{ "Per mentee" }</h3>
                <p class="ms-note">
                    { "One row per mentee and site. Minutes credited: the full minutes of every held contact the mentee attended." }
                </p>
                <DataTable table={later.mentees.clone()} initial_sort={BY_NAME} tall=true />
                <h3 id="ms-months-heading">{ "Per month and site" }</h3>
                <DataTable table={later.months.clone()} initial_sort={BY_NAME} tall=true />
            }
        </div>
    }
}

/// The topics: their charts (where there are `charts`) and tables, or
/// how to see them.
fn topics_section(report: &Rc<Report>, later: &LaterTables, charts: bool) -> Html {
    html! {
        <section class="ms-topics" id="ms-topics" aria-labelledby="ms-topics-title">
            <h3 id="ms-topics-title">{ "Topics: what the mentoring was about" }</h3>
            if report.topics.is_empty() {
                <p class="ms-note" id="ms-no-topics">
                    { "No contact has a topic: the files read have no topic column, or it is empty. To see time by topic, map a column of topics (one or more a cell, such as “Recruitment; Fidelity”, or REDCap checkbox columns) to Topic(s) in the file's columns above." }
                </p>
            } else {
                <p class="ms-note">
                    { "A contact's minutes are split evenly among its topics, so that the topics' minutes and those of contacts without a topic add up to the total. A contact with several topics counts once for each, so the shares of contacts may add up to more than 100%." }
                </p>
                if charts {
                    <div class="ms-charts">
                        <TopicsChart report={report.clone()} />
                        <SiteTopicsChart report={report.clone()} />
                    </div>
                }
                <h4 id="ms-topics-heading">{ "Per topic" }</h4>
                <DataTable table={later.topics.clone()} initial_sort={BY_NAME} />
                <h4 id="ms-site-topics-heading">{ "Per site and topic" }</h4>
                <DataTable table={later.site_topics.clone()} initial_sort={BY_NAME} tall=true />
            }
        </section>
    }
}

/// The mentors' workload: its chart (where there are `charts`) and
/// tables, or how to see them.
fn workload_section(report: &Rc<Report>, later: &LaterTables, charts: bool) -> Html {
    html! {
        <section class="ms-workload" id="ms-workload" aria-labelledby="ms-workload-title">
            <h3 id="ms-workload-title">{ "Mentor workload" }</h3>
            if report.mentors.is_empty() {
                <p class="ms-note" id="ms-no-mentors">
                    { "No held contact names a mentor: map the mentor column in the file's columns above to see each mentor's time per month." }
                </p>
            } else {
                if charts {
                    <WorkloadChart report={report.clone()} />
                }
                <h4 id="ms-mentors-heading">{ "Per mentor" }</h4>
                <p class="ms-note">
                    { "Months run from the mentor's first to last held contact, both counted; minutes per month are the mentor's minutes ÷ those months. The peak month has the most minutes (the earliest on a tie)." }
                </p>
                // The mentors' columns change with the cost settings.
                <DataTable key={columns_key(&later.mentors)} table={later.mentors.clone()} initial_sort={BY_NAME} />
                <h4 id="ms-mentor-months-heading">{ "Per mentor and month" }</h4>
                <DataTable table={later.mentor_months.clone()} initial_sort={BY_NAME} tall=true />
            }
        </section>
    }
}

/// The tables of the last stage (see [`LAST_STAGE`]).
struct LaterTables {
    topics: Rc<Table>,
    site_topics: Rc<Table>,
    mentors: Rc<Table>,
    mentor_months: Rc<Table>,
    mentees: Rc<Table>,
    months: Rc<Table>,
}

impl LaterTables {
    fn of(report: &Report) -> Self {
        LaterTables {
            topics: Rc::new(tables::topics(report)),
            site_topics: Rc::new(tables::site_topics(report)),
            mentors: Rc::new(tables::mentors(report)),
            mentor_months: Rc::new(tables::mentor_months(report)),
            mentees: Rc::new(tables::mentees(report)),
            months: Rc::new(tables::months(report)),
        }
    }
}

/// What the results say of an analysis window, if one is set: its dates
/// and how many rows it left out.
fn window_text(report: &Report) -> Option<String> {
    let s = &report.settings;
    let dates = match (&s.from, &s.to) {
        (None, None) => return None,
        (Some(from), Some(to)) => format!(
            "contacts from {} to {} only",
            format::date(Some(from)),
            format::date(Some(to))
        ),
        (Some(from), None) => format!("contacts from {} on", format::date(Some(from))),
        (None, Some(to)) => format!("contacts up to {}", format::date(Some(to))),
    };
    Some(format!(
        "{dates}; {} outside it {} left out of every figure. Change From and To in the settings (section 3).",
        format::count(report.input.rows_outside_window, "row", "rows"),
        if report.input.rows_outside_window == 1 { "is" } else { "are" }
    ))
}
