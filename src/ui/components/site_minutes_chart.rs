//! Chart: minutes of mentoring per site, as horizontal bars.

use yew::prelude::*;

use super::svg::{
    figure, name_label, numbers, plot, rect, row, site_view_controls, text, time_cells, time_heads,
    time_ticks, use_chart_sites, BarRows, Figure, Level, Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{time_axis, ChartSites, Scale, CHART_PAGE};
use crate::ui::format;
use mentoring_stats_engine::report::SiteStats;

const WIDTH: f64 = 560.0;
const LABELS: f64 = 150.0;
/// Room right of the bars for their times.
const VALUES: f64 = 84.0;
const ROWS: BarRows = BarRows {
    left: LABELS,
    length: WIDTH - LABELS - VALUES,
    bar: 20.0,
};

/// Total minutes per site: one bar per site, its time at the end, the
/// same numbers in a table under "Show the numbers".
#[component(SiteMinutesChart)]
pub fn site_minutes_chart(props: &ReportProps) -> Html {
    let (view, shown) = use_chart_sites(&props.report);
    let sites = &shown.sites;
    // The others' sum is written, not drawn: on the same scale it would
    // flatten every other bar.
    let named = sites.len() - usize::from(shown.rest.is_some());
    let max = sites[..named]
        .iter()
        .map(|s| s.total_minutes)
        .fold(0.0, f64::max);
    // Ticks fall on round numbers of the unit the times are written in.
    let (per, per_name) = format::axis_unit();
    let (end, ticks) = time_axis(max, per, 5);
    let scale = ROWS.scale(end);
    let (top, axis_y) = ROWS.span(sites.len());
    let body = html! { <>
        { time_ticks(LABELS, &scale, &ticks, per, top, axis_y) }
        { for sites.iter().enumerate().map(|(i, s)| {
            let y = ROWS.y(i);
            if i >= named { rest_bar(y, s) } else { bar(y, s, &scale) }
        })}
        { ROWS.axis_title(sites.len(), Html::from(format!("{per_name} (held contacts)"))) }
    </> };
    figure(
        Figure {
            id: "ms-chart-sites".into(),
            heading: Html::from("Time per site"),
            level: Level::H3,
            class: None,
            data: Vec::new(),
        },
        html! { <>
            { site_view_controls(&view, &shown, "Time per site") }
            { plot(Plot {
                id: "ms-chart-sites".into(),
                size: (WIDTH, ROWS.height(sites.len())),
                sizing: Sizing::AtLeast("ms-svg-560"),
                region: Some("Time per site, chart"),
                title: "Minutes of mentoring per site (held contacts)".into(),
                desc: description(&shown),
            }, body) }
            { numbers(Numbers {
                label: "Minutes per site, numbers".into(),
                caption: "Time per site".into(),
                first: "Site".into(),
                heads: time_heads(),
                rows: sites
                    .iter()
                    .map(|s| row(s.site.clone(), bidi::name(&s.site), time_cells(s.total_minutes, s.contacts)))
                    .collect(),
                tall: false,
                id: None,
            }) }
        </> },
    )
}

/// What the chart shows, for a reader who does not see it: which sites
/// and the one with the most minutes.
fn description(shown: &ChartSites) -> String {
    let sites = &shown.sites;
    let largest = sites
        .iter()
        .max_by(|a, b| a.total_minutes.total_cmp(&b.total_minutes));
    let Some(largest) = largest else {
        return "No site has a held contact.".to_string();
    };
    let which = match (shown.rest, shown.page) {
        (Some(rest), _) => format!(
            "the top {} of {} sites with the other {rest} summed in the last bar",
            sites.len() - 1,
            shown.total
        ),
        (None, Some((page, _))) => format!(
            "sites {} to {} of {}, most minutes first",
            page * CHART_PAGE + 1,
            page * CHART_PAGE + sites.len(),
            shown.total
        ),
        (None, None) => format::count(sites.len() as u64, "site", "sites"),
    };
    format!(
        "Horizontal bars, one per site, {which}. The most: {} with {}.",
        isolate(&largest.site),
        format::time(largest.total_minutes)
    )
}

/// The tooltip of a site's bar: its time, minutes and contacts.
fn tip(name: &str, s: &SiteStats) -> String {
    format!(
        "{name}: {} ({} minutes, {})",
        format::time(s.total_minutes),
        format::number(s.total_minutes, 1),
        format::count(s.contacts, "contact", "contacts")
    )
}

/// A site's bar at `y`: its name, the bar and its time at the end.
fn bar(y: f64, s: &SiteStats, scale: &Scale) -> Html {
    let w = scale.at(s.total_minutes);
    let baseline = ROWS.baseline(y);
    html! {
        <g class="ms-bar">
            { name_label(LABELS - 8.0, baseline, &s.site) }
            { rect(LABELS, y, w.max(0.5), ROWS.bar, "ms-fill", None, tip(&isolate(&s.site), s)) }
            { text(LABELS + w + 6.0, baseline, "start", Some("ms-value"), Html::from(format::time(s.total_minutes))) }
        </g>
    }
}

/// The last row of the top sites: the others' sum, written, not drawn.
fn rest_bar(y: f64, s: &SiteStats) -> Html {
    let baseline = ROWS.baseline(y);
    html! {
        <g class="ms-bar ms-rest">
            { text(LABELS - 8.0, baseline, "end", None, Html::from(s.site.clone())) }
            { text(LABELS + 6.0, baseline, "start", Some("ms-value"), html! { <>
                <title>{ tip(&s.site, s) }</title>
                { format!("{} in all (not drawn to scale)", format::time(s.total_minutes)) }
            </> }) }
        </g>
    }
}
