//! Chart: the mode mix of each site, as bars stacked to 100% of its minutes.

use yew::prelude::*;

use super::svg::{num, num_head, numbers, row, site_view_controls, use_chart_sites};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{fit, mode_colour, mode_stack, Scale, TEXT_PX};
use crate::ui::format;
use crate::ui::tables::modes_used;
use mentoring_stats_engine::Mode;

const WIDTH: f64 = 560.0;
const LABELS: f64 = 150.0;
const RIGHT: f64 = 24.0;
const BAR: f64 = 20.0;
const GAP: f64 = 10.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 50.0;

/// The id of the pattern drawn over a mode's colour, so that a mode is
/// told by its texture as well as its colour (phone is plain).
fn pattern_id(mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Phone => None,
        Mode::Video => Some("ms-pat-video"),
        Mode::InPerson => Some("ms-pat-in-person"),
        Mode::Email => Some("ms-pat-email"),
        Mode::Sms => Some("ms-pat-sms"),
        Mode::Other => Some("ms-pat-other"),
    }
}

/// The patterns of the modes: white lines or dots over the colour.
/// Video rising stripes, in person dots, email level lines, SMS falling
/// stripes, other a cross-hatch.
fn patterns() -> Html {
    html! {
        <defs>
            <pattern id="ms-pat-video" width="6" height="6" patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)">
                <line x1="0" y1="0" x2="0" y2="6" class="ms-pattern-line" />
            </pattern>
            <pattern id="ms-pat-in-person" width="6" height="6" patternUnits="userSpaceOnUse">
                <circle cx="3" cy="3" r="1.3" class="ms-pattern-dot" />
            </pattern>
            <pattern id="ms-pat-email" width="6" height="6" patternUnits="userSpaceOnUse">
                <line x1="0" y1="3" x2="6" y2="3" class="ms-pattern-line" />
            </pattern>
            <pattern id="ms-pat-sms" width="6" height="6" patternUnits="userSpaceOnUse"
                patternTransform="rotate(-45)">
                <line x1="0" y1="0" x2="0" y2="6" class="ms-pattern-line" />
            </pattern>
            <pattern id="ms-pat-other" width="6" height="6" patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)">
                <line x1="0" y1="0" x2="0" y2="6" class="ms-pattern-line" />
                <line x1="0" y1="3" x2="6" y2="3" class="ms-pattern-line" />
            </pattern>
        </defs>
    }
}

/// Share of each site's minutes by mode, with a legend and the numbers.
#[component(ModeChart)]
pub fn mode_chart(props: &ReportProps) -> Html {
    let (view, shown) = use_chart_sites(&props.report);
    let sites = &shown.sites;
    let modes = modes_used(&props.report.sites);
    let plot = WIDTH - LABELS - RIGHT;
    let scale = Scale {
        max: 100.0,
        length: plot,
    };
    let rows_height = sites.len() as f64 * (BAR + GAP);
    let height = TOP + rows_height + AXIS;
    let axis_y = TOP + rows_height;
    let desc = format!(
        "Bars stacked to 100% of each site's minutes, one per site, coloured by mode: {}.",
        modes
            .iter()
            .map(|m| format::mode_label(m.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    html! {
        <figure class="ms-chart" aria-labelledby="ms-chart-modes-heading">
            <h3 id="ms-chart-modes-heading">{ "Mode mix per site" }</h3>
            { site_view_controls(&view, &shown, "Mode mix per site") }
            <ul class="ms-legend" aria-label="Modes">
                { for modes.iter().map(|m| html! {
                    <li data-mode={m.as_str()}>
                        <svg class="ms-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                            <rect width="18" height="18" rx="2" fill={mode_colour(*m)} />
                            if let Some(id) = pattern_id(*m) {
                                <rect width="18" height="18" rx="2" fill={format!("url(#{id})")} class="ms-pattern" />
                            }
                        </svg>
                        { format::mode_label(m.as_str()) }
                    </li>
                })}
            </ul>
            <div class="ms-chart-scroll" role="region" aria-label="Mode mix per site, chart" tabindex="0">
            <svg class="ms-svg ms-svg-560" viewBox={format!("0 0 {WIDTH} {height}")}
                role="img" aria-labelledby="ms-chart-modes-title ms-chart-modes-desc"
                preserveAspectRatio="xMinYMin meet">
                <title id="ms-chart-modes-title">{ "Share of each site's minutes by mode of contact" }</title>
                <desc id="ms-chart-modes-desc">{ desc }</desc>
                { patterns() }
                { for [0.0, 25.0, 50.0, 75.0, 100.0].into_iter().map(|t| {
                    let x = LABELS + scale.at(t);
                    html! {
                        <g class="ms-tick">
                            <line x1={x.to_string()} x2={x.to_string()} y1={TOP.to_string()}
                                y2={axis_y.to_string()} class="ms-grid" />
                            <text x={x.to_string()} y={(axis_y + 16.0).to_string()}
                                text-anchor="middle">{ format!("{t}%") }</text>
                        </g>
                    }
                })}
                { for sites.iter().enumerate().map(|(i, s)| {
                    let y = TOP + i as f64 * (BAR + GAP) + GAP / 2.0;
                    let segments = mode_stack(s);
                    html! {
                        <g class="ms-bar">
                            <text x={(LABELS - 8.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                text-anchor="end">{ isolate(&fit(&s.site, LABELS - 10.0, TEXT_PX)) }</text>
                            if segments.is_empty() {
                                <text x={(LABELS + 6.0).to_string()} y={(y + BAR / 2.0 + 4.0).to_string()}
                                    class="ms-value">{ "no minutes" }</text>
                            }
                            { for segments.iter().map(|seg| {
                                let tip = format!("{} – {}: {} ({} of the site's minutes)",
                                    isolate(&s.site), format::mode_label(seg.mode.as_str()),
                                    format::time(seg.minutes),
                                    format::percent(Some(seg.share)));
                                let x = (LABELS + scale.at(seg.start)).to_string();
                                let w = scale.at(seg.share).to_string();
                                html! {
                                    <>
                                        <rect x={x.clone()} y={y.to_string()} width={w.clone()} height={BAR.to_string()}
                                            fill={mode_colour(seg.mode)} class="ms-segment" data-mode={seg.mode.as_str()}>
                                            <title>{ tip }</title>
                                        </rect>
                                        if let Some(id) = pattern_id(seg.mode) {
                                            <rect {x} y={y.to_string()} width={w} height={BAR.to_string()}
                                                fill={format!("url(#{id})")} class="ms-pattern" />
                                        }
                                    </>
                                }
                            })}
                        </g>
                    }
                })}
                <text x={(LABELS + plot / 2.0).to_string()} y={(height - 8.0).to_string()}
                    text-anchor="middle" class="ms-axis-label">{ "Share of the site's minutes" }</text>
            </svg>
            </div>
            { numbers("Mode mix per site, numbers".into(),
                "Minutes per site and mode, and their share of the site's minutes".into(), "Site".into(),
                html! { <>{ for modes.iter().map(|m| num_head(Html::from(format::mode_label(m.as_str())))) }</> },
                sites.iter().map(|s| {
                    let segments = mode_stack(s);
                    row(s.site.clone(), bidi::name(&s.site), html! { <>{ for modes.iter().map(|m| {
                        num(match segments.iter().find(|g| g.mode == *m) {
                            Some(g) => format!("{} ({})", format::time(g.minutes), format::percent(Some(g.share))),
                            None => "–".to_string(),
                        })
                    }) }</> })
                }).collect(), false) }
        </figure>
    }
}
