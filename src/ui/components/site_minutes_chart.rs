//! Chart: minutes of mentoring per site, as horizontal bars.

use yew::prelude::*;

use super::svg::{num, num_head, numbers, row, site_view_controls, use_chart_sites};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{axis, fit, Scale, TEXT_PX};
use crate::ui::format;

const WIDTH: f64 = 560.0;
const LABELS: f64 = 150.0;
const VALUES: f64 = 84.0;
const BAR: f64 = 20.0;
const GAP: f64 = 10.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 50.0;

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
    let (end, ticks) = axis(max / per, 5);
    let (end, ticks): (f64, Vec<f64>) = (end * per, ticks.iter().map(|t| t * per).collect());
    let plot = WIDTH - LABELS - VALUES;
    let scale = Scale {
        max: end,
        length: plot,
    };
    let rows_height = sites.len() as f64 * (BAR + GAP);
    let height = TOP + rows_height + AXIS;
    let axis_y = TOP + rows_height;
    let largest = sites
        .iter()
        .max_by(|a, b| a.total_minutes.total_cmp(&b.total_minutes));
    let desc = match largest {
        Some(s) => format!(
            "Horizontal bars, one per site, {}. The most: {} with {}.",
            match (shown.rest, shown.page) {
                (Some(rest), _) => format!(
                    "the top {} of {} sites with the other {rest} summed in the last bar",
                    sites.len() - 1,
                    shown.total
                ),
                (None, Some((page, _))) => format!(
                    "sites {} to {} of {}, most minutes first",
                    page * crate::ui::chart::CHART_PAGE + 1,
                    page * crate::ui::chart::CHART_PAGE + sites.len(),
                    shown.total
                ),
                (None, None) => format::count(sites.len() as u64, "site", "sites"),
            },
            isolate(&s.site),
            format::time(s.total_minutes)
        ),
        None => "No site has a held contact.".to_string(),
    };

    html! {
        <figure class="ms-chart" aria-labelledby="ms-chart-sites-heading">
            <h3 id="ms-chart-sites-heading">{ "Time per site" }</h3>
            { site_view_controls(&view, &shown, "Time per site") }
            <div class="ms-chart-scroll" role="region" aria-label="Time per site, chart" tabindex="0">
            <svg class="ms-svg ms-svg-560" viewBox={format!("0 0 {WIDTH} {height}")}
                role="img" aria-labelledby="ms-chart-sites-title ms-chart-sites-desc"
                preserveAspectRatio="xMinYMin meet">
                <title id="ms-chart-sites-title">{ "Minutes of mentoring per site (held contacts)" }</title>
                <desc id="ms-chart-sites-desc">{ desc }</desc>
                { for ticks.iter().map(|&t| {
                    let x = LABELS + scale.at(t);
                    html! {
                        <g class="ms-tick">
                            <line x1={x.to_string()} x2={x.to_string()} y1={TOP.to_string()}
                                y2={axis_y.to_string()} class="ms-grid" />
                            <text x={x.to_string()} y={(axis_y + 16.0).to_string()}
                                text-anchor="middle">{ format::number(t / per, 1) }</text>
                        </g>
                    }
                })}
                <line x1={LABELS.to_string()} x2={LABELS.to_string()} y1={TOP.to_string()}
                    y2={axis_y.to_string()} class="ms-axis" />
                { for sites.iter().enumerate().map(|(i, s)| {
                    let y = TOP + i as f64 * (BAR + GAP) + GAP / 2.0;
                    if i >= named {
                        return html! {
                            <g class="ms-bar ms-rest">
                                <text x={(LABELS - 8.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                    text-anchor="end">{ s.site.clone() }</text>
                                <text x={(LABELS + 6.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                    class="ms-value">
                                    <title>{ format!("{}: {} ({} minutes, {})", s.site,
                                        format::time(s.total_minutes),
                                        format::number(s.total_minutes, 1),
                                        format::count(s.contacts, "contact", "contacts")) }</title>
                                    { format!("{} in all (not drawn to scale)", format::time(s.total_minutes)) }
                                </text>
                            </g>
                        };
                    }
                    let w = scale.at(s.total_minutes);
                    let tip = format!("{}: {} ({} minutes, {})", isolate(&s.site),
                        format::time(s.total_minutes),
                        format::number(s.total_minutes, 1),
                        format::count(s.contacts, "contact", "contacts"));
                    html! {
                        <g class="ms-bar">
                            <text x={(LABELS - 8.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                text-anchor="end">{ isolate(&fit(&s.site, LABELS - 10.0, TEXT_PX)) }</text>
                            <rect x={LABELS.to_string()} y={y.to_string()} width={w.max(0.5).to_string()}
                                height={BAR.to_string()} class="ms-fill">
                                <title>{ tip }</title>
                            </rect>
                            <text x={(LABELS + w + 6.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                class="ms-value">{ format::time(s.total_minutes) }</text>
                        </g>
                    }
                })}
                <text x={(LABELS + plot / 2.0).to_string()} y={(height - 8.0).to_string()}
                    text-anchor="middle" class="ms-axis-label">{ format!("{per_name} (held contacts)") }</text>
            </svg>
            </div>
            { numbers("Minutes per site, numbers".into(), "Time per site".into(), "Site".into(),
                html! { <>
                    { num_head(Html::from("Minutes")) }{ num_head(Html::from("Time")) }
                    { num_head(Html::from("Contacts")) }
                </> },
                sites.iter().map(|s| row(s.site.clone(), bidi::name(&s.site), html! { <>
                    { num(format::number(s.total_minutes, 1)) }{ num(format::time(s.total_minutes)) }
                    { num(s.contacts.to_string()) }
                </> })).collect(), false) }
        </figure>
    }
}
