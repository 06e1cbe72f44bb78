//! The overview figures: the numbers a trial manager reports first.

use yew::prelude::*;

use super::ReportProps;
use crate::ui::format;
use crate::ui::tables::{currency, has_costs};
use mentoring_stats_engine::report::Spread;

/// `mentor 4,804.75 + mentee 6,234.67`, a part without a value as a dash.
fn cost_note(mentor: Option<f64>, mentee: Option<f64>) -> String {
    let show = |x: Option<f64>| x.map_or_else(|| "–".to_string(), format::money);
    format!("mentor {} + mentee {}", show(mentor), show(mentee))
}

/// `min – max`, or the one value where they are equal.
fn range(spread: &Spread, show: impl Fn(f64) -> String) -> String {
    match (spread.min, spread.max) {
        (Some(a), Some(b)) if show(a) == show(b) => show(a),
        (Some(a), Some(b)) => format!("{} – {}", show(a), show(b)),
        _ => "–".to_string(),
    }
}

/// `SD x` where there is a standard deviation.
fn sd(spread: &Spread, show: impl Fn(f64) -> String) -> Option<String> {
    spread.sd.map(|s| format!("SD {}", show(s)))
}

fn figure(label: &str, value: String, note: Option<String>, key: &str) -> Html {
    html! {
        <div data-overall={key.to_string()}>
            <dt>{ label.to_string() }</dt>
            <dd class="ms-figure">{ value }</dd>
            if let Some(note) = note {
                <dd class="ms-figure-note">{ note }</dd>
            }
        </div>
    }
}

/// Sites, mentees, mentors, contacts, time, period, the live share across
/// sites and the mean time per site.
#[component(Overview)]
pub fn overview(props: &ReportProps) -> Html {
    let o = &props.report.overall;
    let a = &o.across_sites;
    let period = match (&o.first_contact, &o.last_contact) {
        (Some(first), Some(last)) => format!(
            "{} – {}",
            format::date(Some(first)),
            format::date(Some(last))
        ),
        _ => "–".to_string(),
    };
    // "mean over 16 sites; SD 7.9 min"
    let mean_note = |spread: &Spread, show: &dyn Fn(f64) -> String| {
        let mean = format!("mean over {}", format::count(o.sites, "site", "sites"));
        match sd(spread, show) {
            Some(sd) => format!("{mean}; {sd}"),
            None => mean,
        }
    };
    html! {
        <dl class="ms-overview">
            { figure("Sites", format::number(o.sites as f64, 0), None, "sites") }
            { figure("Mentees", format::number(o.mentees as f64, 0),
                Some("credited, per site".to_string()), "mentees") }
            { figure("Mentors", format::number(o.mentors as f64, 0), None, "mentors") }
            { figure("Contacts", format::number(o.contacts as f64, 0),
                Some("held".to_string()), "contacts") }
            { figure("Total time", format::time(o.total_minutes),
                (format::time_format() != format::TimeFormat::Minutes)
                    .then(|| format!("{} minutes", format::number(o.total_minutes, 1))), "total_minutes") }
            { figure("Period", period,
                o.months.map(|m| format::count(u64::from(m), "month", "months")), "period") }
            { figure("Live share of time", range(&a.live_minutes_pct, |x| format::percent(Some(x))),
                Some("range across sites".to_string()), "live_minutes_pct") }
            { figure("Time per site per month",
                a.minutes_per_month.mean.map_or_else(|| "–".to_string(), format::time),
                Some(mean_note(&a.minutes_per_month, &format::time)), "minutes_per_month") }
            { figure("Time per site",
                a.total_minutes.mean.map_or_else(|| "–".to_string(), format::time),
                Some(mean_note(&a.total_minutes, &format::time)), "total_minutes_per_site") }
            if has_costs(&props.report) {
                { figure("Total cost",
                    o.total_cost.map_or_else(|| "–".to_string(), |x| format::money_in(x, currency(&props.report))),
                    Some(cost_note(o.mentor_cost, o.mentee_cost)), "total_cost") }
            }
        </dl>
    }
}
