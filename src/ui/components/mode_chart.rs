//! Chart: the mode mix of each site, as bars stacked to 100% of its minutes.

use yew::prelude::*;

use super::svg::{
    figure, name_label, num, num_head, numbers, percent_ticks, plot, row, site_view_controls, text,
    use_chart_sites, BarRows, Figure, Level, Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{mode_colour, mode_stack, Scale};
use crate::ui::format;
use crate::ui::tables::modes_used;
use mentoring_stats_engine::report::SiteStats;
use mentoring_stats_engine::Mode;

const WIDTH: f64 = 560.0;
const LABELS: f64 = 150.0;
const RIGHT: f64 = 24.0;
const ROWS: BarRows = BarRows {
    left: LABELS,
    length: WIDTH - LABELS - RIGHT,
    bar: 20.0,
};

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
    let scale = ROWS.scale(100.0);
    let (top, axis_y) = ROWS.span(sites.len());
    let desc = format!(
        "Bars stacked to 100% of each site's minutes, one per site, coloured by mode: {}.",
        modes
            .iter()
            .map(|m| format::mode_label(m.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let body = html! { <>
        { patterns() }
        { percent_ticks(LABELS, &scale, top, axis_y) }
        { for sites.iter().enumerate().map(|(i, s)| bar(ROWS.y(i), s, &scale)) }
        { ROWS.axis_title(sites.len(), Html::from("Share of the site's minutes")) }
    </> };
    figure(
        Figure {
            id: "ms-chart-modes".into(),
            heading: Html::from("Mode mix per site"),
            level: Level::H3,
            class: None,
            data: Vec::new(),
        },
        html! { <>
            { site_view_controls(&view, &shown, "Mode mix per site") }
            { legend(&modes) }
            { plot(Plot {
                id: "ms-chart-modes".into(),
                size: (WIDTH, ROWS.height(sites.len())),
                sizing: Sizing::AtLeast("ms-svg-560"),
                region: Some("Mode mix per site, chart"),
                title: "Share of each site's minutes by mode of contact".into(),
                desc,
            }, body) }
            { numbers(Numbers {
                label: "Mode mix per site, numbers".into(),
                caption: "Minutes per site and mode, and their share of the site's minutes".into(),
                first: "Site".into(),
                heads: modes.iter().map(|m| num_head(Html::from(format::mode_label(m.as_str())))).collect(),
                rows: sites.iter().map(|s| numbers_row(s, &modes)).collect(),
                tall: false,
                id: None,
            }) }
        </> },
    )
}

/// The modes' colours and patterns, each named.
fn legend(modes: &[Mode]) -> Html {
    html! {
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
    }
}

/// A site's bar at `y`: its name and a segment per mode, each with its
/// pattern over it; "no minutes" where it has none.
fn bar(y: f64, s: &SiteStats, scale: &Scale) -> Html {
    let segments = mode_stack(s);
    let baseline = ROWS.baseline(y);
    html! {
        <g class="ms-bar">
            { name_label(LABELS - 8.0, baseline, &s.site) }
            if segments.is_empty() {
                { text(LABELS + 6.0, baseline, "start", Some("ms-value"), Html::from("no minutes")) }
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
                        <rect x={x.clone()} y={y.to_string()} width={w.clone()} height={ROWS.bar.to_string()}
                            fill={mode_colour(seg.mode)} class="ms-segment" data-mode={seg.mode.as_str()}>
                            <title>{ tip }</title>
                        </rect>
                        if let Some(id) = pattern_id(seg.mode) {
                            <rect {x} y={y.to_string()} width={w} height={ROWS.bar.to_string()}
                                fill={format!("url(#{id})")} class="ms-pattern" />
                        }
                    </>
                }
            })}
        </g>
    }
}

/// A site's row of the numbers: each mode's time and share, or a dash.
fn numbers_row(s: &SiteStats, modes: &[Mode]) -> Html {
    let segments = mode_stack(s);
    let cells = modes.iter().map(|m| {
        num(match segments.iter().find(|g| g.mode == *m) {
            Some(g) => format!(
                "{} ({})",
                format::time(g.minutes),
                format::percent(Some(g.share))
            ),
            None => "–".to_string(),
        })
    });
    row(s.site.clone(), bidi::name(&s.site), cells.collect())
}
