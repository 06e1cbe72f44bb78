//! Charts: what the mentoring was about. Minutes by topic over all sites
//! (horizontal bars, the minutes without a topic last, hatched and named),
//! and minutes by topic at each site (a grid of tiles with the minutes
//! written in each, darker for more). Each with its numbers in a table.

use yew::prelude::*;

use super::svg::site_view_controls;
use super::svg::{line, num, num_head, numbers, rect, row, text, x_tick};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{axis, fit, site_topic_rows_shown, tile_colour, Scale, SiteView, TEXT_PX};
use crate::ui::format;
use crate::ui::tables::UNTAGGED;
use mentoring_stats_engine::report::Report;

const WIDTH: f64 = 640.0;
const LABELS: f64 = 170.0;
const VALUES: f64 = 130.0;
const BAR: f64 = 20.0;
const GAP: f64 = 10.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 50.0;

/// A column of the charts: a topic (its index in the report), or the
/// contacts without one.
#[derive(Clone, Copy, PartialEq)]
enum Topic {
    Named(usize),
    Untagged,
}

/// The topics, most minutes first (the report's name order on a tie),
/// then no topic.
fn columns(r: &Report) -> Vec<Topic> {
    let mut order: Vec<usize> = (0..r.topics.len()).collect();
    order.sort_by(|&a, &b| r.topics[b].minutes.total_cmp(&r.topics[a].minutes));
    order
        .into_iter()
        .map(Topic::Named)
        .chain([Topic::Untagged])
        .collect()
}

/// A topic's name as shown: isolated, or "No topic"; with `room` (width
/// in pixels and text size), cut to fit it.
fn shown(r: &Report, topic: Topic, room: Option<(f64, f64)>) -> String {
    match topic {
        Topic::Named(i) => {
            let name = &r.topics[i].topic;
            isolate(&room.map_or_else(|| name.clone(), |(px, size)| fit(name, px, size)))
        }
        Topic::Untagged => UNTAGGED.to_string(),
    }
}

/// A topic's name in a table cell: isolated, or "No topic" in italics.
fn cell_name(r: &Report, topic: Topic) -> Html {
    match topic {
        Topic::Named(i) => bidi::name(&r.topics[i].topic),
        Topic::Untagged => html! { <em>{ UNTAGGED }</em> },
    }
}

/// Minutes by topic, all sites: one bar per topic (most minutes first),
/// then the minutes without a topic.
#[component(TopicsChart)]
pub fn topics_chart(props: &ReportProps) -> Html {
    let r = &props.report;
    let o = &r.overall;
    let bars = columns(r);
    // Minutes, contacts and share of all minutes of each bar.
    let figures = |t: Topic| match t {
        Topic::Named(i) => {
            let x = &r.topics[i];
            (x.minutes, x.contacts, x.minutes_pct)
        }
        Topic::Untagged => (
            o.untagged_minutes,
            o.untagged_contacts,
            (o.total_minutes > 0.0).then(|| 100.0 * o.untagged_minutes / o.total_minutes),
        ),
    };
    let max = bars.iter().map(|&t| figures(t).0).fold(0.0, f64::max);
    // Ticks fall on round numbers of the unit the times are written in.
    let (per, per_name) = format::axis_unit();
    let (end, ticks) = axis(max / per, 4);
    let (end, ticks): (f64, Vec<f64>) = (end * per, ticks.iter().map(|t| t * per).collect());
    let plot = WIDTH - LABELS - VALUES;
    let scale = Scale {
        max: end,
        length: plot,
    };
    let axis_y = TOP + bars.len() as f64 * (BAR + GAP);
    let height = axis_y + AXIS;
    let desc = format!(
        "Horizontal bars, one per topic ({}), most minutes first, then the minutes of contacts without a topic: {}. A contact's minutes are split evenly among its topics.",
        format::count(r.topics.len() as u64, "topic", "topics"),
        format::time(o.untagged_minutes)
    );

    html! {
        <figure class="ms-chart" aria-labelledby="ms-chart-topics-heading">
            <h4 id="ms-chart-topics-heading">{ "Time by topic, all sites" }</h4>
            <div class="ms-chart-scroll" role="region" aria-label="Time by topic, all sites, chart" tabindex="0">
            <svg class="ms-svg ms-svg-640" viewBox={format!("0 0 {WIDTH} {height}")}
                role="img" aria-labelledby="ms-chart-topics-title ms-chart-topics-desc"
                preserveAspectRatio="xMinYMin meet">
                <title id="ms-chart-topics-title">{ "Minutes of mentoring by topic, all sites together" }</title>
                <desc id="ms-chart-topics-desc">{ desc }</desc>
                <defs>
                    <pattern id="ms-hatch" width="6" height="6" patternUnits="userSpaceOnUse"
                        patternTransform="rotate(45)">
                        <rect width="6" height="6" class="ms-hatch-bg" />
                        <line x1="0" y1="0" x2="0" y2="6" class="ms-hatch-line" />
                    </pattern>
                </defs>
                { for ticks.iter().map(|&t| x_tick(LABELS + scale.at(t), TOP, axis_y, format::number(t / per, 1))) }
                { line(LABELS, TOP, LABELS, axis_y, "ms-axis") }
                { for bars.iter().enumerate().map(|(i, &topic)| {
                    let (minutes, contacts, share) = figures(topic);
                    let untagged = topic == Topic::Untagged;
                    let y = TOP + i as f64 * (BAR + GAP) + GAP / 2.0;
                    let w = scale.at(minutes);
                    let tip = format!("{}: {} ({} minutes, {} of all minutes; {})",
                        shown(r, topic, None), format::time(minutes), format::number(minutes, 1),
                        format::percent(share), format::count(contacts, "contact", "contacts"));
                    html! {
                        <g class="ms-bar">
                            { text(LABELS - 8.0, y + BAR / 2.0 + 4.0, "end", untagged.then_some("ms-italic"),
                                Html::from(shown(r, topic, Some((LABELS - 10.0, TEXT_PX))))) }
                            { rect(LABELS, y, w.max(0.5), BAR, if untagged { "ms-hatched" } else { "ms-fill" },
                                untagged.then(|| "url(#ms-hatch)".to_string()), tip) }
                            { text(LABELS + w + 6.0, y + BAR / 2.0 + 4.0, "start", Some("ms-value"),
                                Html::from(format!("{} ({})", format::time(minutes), format::percent(share)))) }
                        </g>
                    }
                })}
                { text(LABELS + plot / 2.0, height - 8.0, "middle", Some("ms-axis-label"),
                    Html::from(format!("{per_name} (held contacts, split among their topics)"))) }
            </svg>
            </div>
            { numbers("Time by topic, numbers".into(), "Minutes and held contacts by topic, all sites".into(), "Topic".into(),
                html! { <>
                    { num_head(Html::from("Minutes")) }{ num_head(Html::from("Time")) }
                    { num_head(Html::from("Share of time")) }{ num_head(Html::from("Contacts")) }
                </> },
                bars.iter().enumerate().map(|(i, &topic)| {
                    let (minutes, contacts, share) = figures(topic);
                    row(i.to_string(), cell_name(r, topic), html! { <>
                        { num(format::number(minutes, 1)) }{ num(format::time(minutes)) }
                        { num(format::percent(share)) }{ num(contacts.to_string()) }
                    </> })
                }).collect(), false) }
        </figure>
    }
}

const TILE_W: f64 = 72.0;
const TILE_H: f64 = 30.0;
const TILE_GAP: f64 = 3.0;
const SITE_LABELS: f64 = 170.0;
/// Room for the column headings, written at a slant.
const HEAD: f64 = 120.0;
/// The length a heading may take at its slant of 40°: what rises
/// (HEAD − 16) / sin 40°, about 165 px, stays inside the chart.
const HEAD_ROOM: f64 = 160.0;
/// The size of the headings' text (`.ms-tick-label` in `styles/main.css`).
const TICK_PX: f64 = 12.0;

/// Minutes by topic at each site: a grid of sites (rows) by topics
/// (columns, the same order as the bars, then no topic), each tile with
/// its minutes written in it and darker for more.
#[component(SiteTopicsChart)]
pub fn site_topics_chart(props: &ReportProps) -> Html {
    let r = &props.report;
    let view = use_state(SiteView::default);
    let rows_shown = use_memo((super::Same(props.report.clone()), *view), |(r, v)| {
        site_topic_rows_shown(&r.0, *v)
    });
    let (rows, sites_shown) = &*rows_shown;
    // Tiles are written in the unit of the number format (hours or minutes).
    let tile_unit = format::axis_unit();
    let columns = columns(r);
    let cell = |row: &crate::ui::chart::SiteTopicRow, topic: Topic| -> f64 {
        match topic {
            Topic::Named(i) => row.minutes[i],
            Topic::Untagged => row.untagged,
        }
    };
    let max = rows
        .iter()
        .flat_map(|row| columns.iter().map(move |&t| cell(row, t)))
        .fold(0.0, f64::max);
    let width = SITE_LABELS + columns.len() as f64 * (TILE_W + TILE_GAP) + 60.0;
    let height = HEAD + rows.len() as f64 * (TILE_H + TILE_GAP) + 8.0;
    let desc = format!(
        "A grid of {} (rows) by {} and no topic (columns). Each tile gives the minutes of that topic at that site, written in it; darker tiles have more minutes.",
        format::count(rows.len() as u64, "site", "sites"),
        format::count(r.topics.len() as u64, "topic", "topics"),
    );

    html! {
        <figure class="ms-chart ms-chart-wide" aria-labelledby="ms-chart-site-topics-heading">
            <h4 id="ms-chart-site-topics-heading">{ "Time by topic at each site" }</h4>
            { site_view_controls(&view, sites_shown, "Time by topic at each site") }
            <p class="ms-note">{ format!("{} of each topic at each site; darker tiles have more. The last column is the time of contacts without a topic.", tile_unit.1) }</p>
            <div class="ms-chart-scroll" role="region" aria-label="Time by topic at each site, chart" tabindex="0">
                <svg class="ms-svg ms-svg-fixed" viewBox={format!("0 0 {width} {height}")}
                    width={width.to_string()} height={height.to_string()}
                    role="img" aria-labelledby="ms-chart-site-topics-title ms-chart-site-topics-desc"
                    preserveAspectRatio="xMinYMin meet">
                    <title id="ms-chart-site-topics-title">{ "Minutes of mentoring by topic at each site" }</title>
                    <desc id="ms-chart-site-topics-desc">{ desc }</desc>
                    { for columns.iter().enumerate().map(|(c, &topic)| {
                        let x = SITE_LABELS + c as f64 * (TILE_W + TILE_GAP) + TILE_W / 2.0;
                        let untagged = topic == Topic::Untagged;
                        html! {
                            <text transform={format!("translate({x} {}) rotate(-40)", HEAD - 8.0)}
                                class={classes!("ms-tick-label", untagged.then_some("ms-italic"))}>
                                { shown(r, topic, Some((HEAD_ROOM, TICK_PX))) }
                                <title>{ shown(r, topic, None) }</title>
                            </text>
                        }
                    })}
                    { for rows.iter().enumerate().map(|(i, row)| {
                        let y = HEAD + i as f64 * (TILE_H + TILE_GAP);
                        html! {
                            <g class="ms-tile-row">
                                { text(SITE_LABELS - 8.0, y + TILE_H / 2.0 + 4.0, "end", None,
                                    Html::from(isolate(&fit(&row.site, SITE_LABELS - 10.0, TEXT_PX)))) }
                                { for columns.iter().enumerate().map(|(c, &topic)| {
                                    let minutes = cell(row, topic);
                                    let (fill, white) = tile_colour(if max > 0.0 { minutes / max } else { 0.0 });
                                    let x = SITE_LABELS + c as f64 * (TILE_W + TILE_GAP);
                                    let tip = format!("{} – {}: {} ({} minutes)", isolate(&row.site),
                                        shown(r, topic, None), format::time(minutes),
                                        format::number(minutes, 1));
                                    html! {
                                        <g class="ms-tile">
                                            { rect(x, y, TILE_W, TILE_H,
                                                if topic == Topic::Untagged { "ms-tile-untagged" } else { "ms-tile-rect" },
                                                Some(fill), tip) }
                                            { text(x + TILE_W / 2.0, y + TILE_H / 2.0 + 4.0, "middle",
                                                Some(if white { "ms-tile-value ms-ink-light" } else { "ms-tile-value" }),
                                                Html::from(format::number(minutes / tile_unit.0, if tile_unit.0 > 1.0 { 1 } else { 0 }))) }
                                        </g>
                                    }
                                })}
                            </g>
                        }
                    })}
                </svg>
            </div>
            { numbers("Time by topic at each site, numbers".into(),
                "Minutes by topic at each site (a contact's minutes split among its topics)".into(), "Site".into(),
                html! { <>
                    { for columns.iter().map(|&t| num_head(cell_name(r, t))) }
                    { num_head(Html::from("All minutes")) }
                </> },
                rows.iter().map(|row_| row(row_.site.clone(), bidi::name(&row_.site), html! { <>
                    { for columns.iter().map(|&t| num(format::number(cell(row_, t), 1))) }
                    { num(format::number(row_.total, 1)) }
                </> })).collect(), false) }
        </figure>
    }
}
