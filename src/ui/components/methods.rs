//! About the report: the settings used, how each figure is computed, and
//! the files read. On paper it comes first, after the title.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::format;
use crate::ui::protocol::{FileRole, FileView};
use crate::ui::reading;
use mentoring_stats_engine::{report::Report, DateOrder};

/// Props of [`Methods`].
#[derive(Properties)]
pub struct MethodsProps {
    /// The report.
    pub report: Rc<Report>,
    /// How each file was read.
    pub files: Vec<FileView>,
    /// What the user chose beyond the report's settings: the duration
    /// unit, labels read as chosen, names counted as one.
    #[prop_or_default]
    pub chosen: Vec<(String, String)>,
}

impl PartialEq for MethodsProps {
    /// The report by identity (a derived comparison would walk a report
    /// of many names, equal or not, at every redraw of the results).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.files == other.files
            && self.chosen == other.chosen
    }
}

/// Today's date as people write it (on the page only; the engine has no clock).
fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let iso = String::from(js_sys::Date::new_0().to_iso_string());
        format::date(iso.get(..10))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

fn file_line(f: &FileView) -> Html {
    match &f.role {
        FileRole::Dictionary { fields, used } => {
            return html! {
                <li>
                    <strong>{ bidi::file_name(&f.name) }</strong>
                    { format!(": REDCap data dictionary ({}){}.",
                        format::count(*fields, "field", "fields"),
                        if *used { ", used to read coded values" } else { ", not used" }) }
                </li>
            }
        }
        FileRole::Duplicate { of } => {
            return html! {
                <li><strong>{ bidi::file_name(&f.name) }</strong>{ ": same bytes as " }{ bidi::file_name(of) }{ ": read once." }</li>
            }
        }
        FileRole::Records => {}
    }
    match &f.error {
        Some(error) => html! {
            <li><strong>{ bidi::file_name(&f.name) }</strong>{ ": not read. " }{ bidi::prose(error, &[f.name.as_str()]) }</li>
        },
        None => html! {
            <li>
                <strong>{ bidi::file_name(&f.name) }</strong>
                { ": " }{ bidi::prose(&reading::format_text(f), &[]) }
                { format!("; dates read {}; {} read, {} used, {} rejected.",
                    if f.date_order.is_none() { "–" } else { reading::date_order_text(f.date_order) },
                    format::count(f.rows_read, "row", "rows"),
                    format::number(f.rows_used as f64, 0),
                    format::number(f.rows_rejected as f64, 0)) }
            </li>
        },
    }
}

/// Settings, methods and files of the report.
#[component(Methods)]
pub fn methods(props: &MethodsProps) -> Html {
    let s = &props.report.settings;
    let written = format::number(s.written_message_minutes, 2);
    let order = match s.date_order {
        DateOrder::DayFirst => "day first (03/04/2018 is 3 April)",
        DateOrder::MonthFirst => "month first (03/04/2018 is 4 March)",
    };
    let window = match (&s.from, &s.to) {
        (None, None) => "all dates".to_string(),
        (Some(f), None) => format!("from {} on", format::date(Some(f))),
        (None, Some(t)) => format!("up to {}", format::date(Some(t))),
        (Some(f), Some(t)) => format!(
            "{} to {}, both included",
            format::date(Some(f)),
            format::date(Some(t))
        ),
    };
    let today = today();
    let costs = costs_used(&props.report);
    html! {
        <section class="ms-about" id="ms-about" aria-labelledby="ms-about-title">
            <h2 id="ms-about-title">{ "About this report" }</h2>
            if !today.is_empty() {
                <p class="ms-note">
                    { format!("Computed on {today} in the browser from the files below; {}.",
                        if crate::ui::host::report_shared() {
                            "the calculator sent nothing anywhere, and gave the report to the page around it, which asked for it"
                        } else {
                            "nothing was sent anywhere"
                        }) }
                </p>
            }
            <div class="ms-about-grid">
                <div>
                    <h3>{ "Settings used" }</h3>
                    <dl class="ms-settings-used">
                        <dt>{ "Numeric dates, where a file reads equally well both ways" }</dt>
                        <dd>{ order }</dd>
                        <dt>{ "Minutes per email or SMS without a duration" }</dt>
                        <dd>{ written.clone() }</dd>
                        <dt>{ "Analysis window" }</dt>
                        <dd>{ window }</dd>
                        { for props.chosen.iter().map(|(what, how)| html! {
                            <><dt>{ what.clone() }</dt><dd>{ bidi::prose(how, &[]) }</dd></>
                        })}
                        { for costs.into_iter().map(|(what, how)| html! {
                            <><dt>{ what }</dt><dd>{ how }</dd></>
                        })}
                    </dl>
                </div>
                <div>
                    <h3>{ "Files read" }</h3>
                    <ul class="ms-files-read">
                        { for props.files.iter().map(file_line) }
                    </ul>
                </div>
            </div>
            { how_computed(&written) }
        </section>
    }
}

/// The costs used (each hourly cost given, the currency), or that none was.
fn costs_used(report: &Report) -> Vec<(String, Html)> {
    let s = &report.settings;
    let cur = crate::ui::tables::currency(report);
    let rate = |x: f64| format!("{} an hour", format::money_in(x, cur));
    let mut costs: Vec<(String, Html)> = Vec::new();
    if let Some(x) = s.mentor_hourly_cost {
        costs.push(("Mentor hourly cost".into(), Html::from(rate(x))));
    }
    for (name, x) in &s.mentor_costs {
        costs.push((
            "Hourly cost of a named mentor".into(),
            html! { <>{ bidi::name(name) }{ format!(": {}", rate(*x)) }</> },
        ));
    }
    if let Some(x) = s.mentee_hourly_cost {
        costs.push(("Mentee hourly cost".into(), Html::from(rate(x))));
    }
    if costs.is_empty() {
        costs.push((
            "Costs".into(),
            Html::from("none computed: no hourly cost was given"),
        ));
    }
    if let Some(cur) = cur {
        costs.push(("Currency".into(), bidi::name(cur)));
    }
    costs
}

/// How the figures are computed; `written`: the minutes per written
/// message, as shown.
fn how_computed(written: &str) -> Html {
    html! {
        <>
        <h3>{ "How the figures are computed" }</h3>
        <ul class="ms-methods">
            <li>
                <strong>{ "Contacts. " }</strong>
                { "Rows that share a session ID, a site and a date are one contact (a group session logged once per mentee); every other row is a contact of its own. A contact is held when at least one of its rows is attended. Only held contacts give contacts, minutes, dates and months." }
            </li>
            <li>
                <strong>{ "Minutes. " }</strong>
                { format!("A contact's minutes are the largest duration among its rows. A written contact (email or SMS) without a duration counts {written} minutes, the minutes-per-message setting; another contact without one counts 0; a held live contact without one is rejected. A group contact's minutes count once for its site and its mentor, and in full for each mentee who attended it, so mentees' minutes add up to more than their site's.") }
            </li>
            <li>
                <strong>{ "Live share. " }</strong>
                { "Phone, video and in-person contacts are live; email and SMS are written. The live share of minutes is 100 × minutes of held live contacts ÷ minutes of all held contacts; the live share of contacts is the same with counts." }
            </li>
            <li>
                <strong>{ "Months. " }</strong>
                { "Calendar months from the first to the last held contact, both counted (March 2018 to April 2020 is 26). Minutes per month are total minutes ÷ months; minutes per mentee are the minutes credited to the site's mentees ÷ its mentees." }
            </li>
            <li>
                <strong>{ "Attendance. " }</strong>
                { "Each mentee counts once per contact: attended if any row naming them is attended, else did not attend, else cancelled. Attendance is 100 × attended ÷ (attended + did not attend) mentee-contacts, over all contacts, held or not; cancelled counts contacts all of whose rows are cancelled." }
            </li>
            <li>
                <strong>{ "Topics. " }</strong>
                { "A contact's topics are all those of its rows; its minutes are split evenly among them, so that the topics' minutes and those of contacts without a topic add up to the total. A contact with several topics counts once for each in the topics' contacts." }
            </li>
            <li>
                <strong>{ "Mentor workload. " }</strong>
                { "A mentor's months run from the first to the last of the mentor's held contacts; minutes per month are the mentor's minutes ÷ those months; the peak month is the calendar month with the most minutes, the earliest on a tie." }
            </li>
            <li>
                <strong>{ "Costs. " }</strong>
                { "A held contact's mentor cost is its minutes ÷ 60 × its mentor's own hourly cost where one is given, else the mentor hourly cost (a contact without a mentor takes the mentor hourly cost); a site with a held contact without a rate has no mentor cost. A site's mentee cost is the minutes credited to its mentees ÷ 60 × the mentee hourly cost. Cost is mentor cost + mentee cost, a part with no hourly cost given counting 0; cost per mentee is cost ÷ mentees, cost per month cost ÷ months. Without an hourly cost, no cost is computed." }
            </li>
            <li>
                <strong>{ "Across sites. " }</strong>
                { "Means, standard deviations (n − 1), medians, quartiles and ranges are over the sites with a held contact, leaving out a site where a figure has no value (a zero denominator gives no value, never 0); quartiles interpolate linearly between the sorted values (Excel's QUARTILE.INC)." }
            </li>
            <li>
                <strong>{ "Rounding. " }</strong>
                { "Figures are rounded for display only; the JSON report and the CSV files keep every digit. Rows dated outside the analysis window are checked but count in no figure." }
            </li>
        </ul>
        </>
    }
}
