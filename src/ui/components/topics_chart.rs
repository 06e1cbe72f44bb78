//! Charts: what the mentoring was about. Minutes by topic over all sites
//! (horizontal bars, the minutes without a topic last, hatched and named),
//! and minutes by topic at each site (a grid of tiles with the minutes
//! written in each, darker for more). Each with its numbers in a table.

use yew::prelude::*;

use super::svg::{
    figure, name_label, num, num_head, numbers, plot, rect, row, site_view_controls, text,
    time_ticks, BarRows, Figure, Level, Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{
    fit, site_topic_rows_shown, tile_colour, time_axis, Scale, SiteTopicRow, SiteView, TEXT_PX,
};
use crate::ui::format;
use crate::ui::tables::UNTAGGED;
use mentoring_stats_engine::report::Report;

const WIDTH: f64 = 640.0;
const LABELS: f64 = 170.0;
/// Room right of the bars for their times and shares.
const VALUES: f64 = 130.0;
const ROWS: BarRows = BarRows {
    left: LABELS,
    length: WIDTH - LABELS - VALUES,
    bar: 20.0,
};

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

/// Minutes, contacts and share of all minutes of a topic's bar.
fn figures(r: &Report, topic: Topic) -> (f64, u64, Option<f64>) {
    let o = &r.overall;
    match topic {
        Topic::Named(i) => {
            let x = &r.topics[i];
            (x.minutes, x.contacts, x.minutes_pct)
        }
        Topic::Untagged => (
            o.untagged_minutes,
            o.untagged_contacts,
            (o.total_minutes > 0.0).then(|| 100.0 * o.untagged_minutes / o.total_minutes),
        ),
    }
}

/// Minutes by topic, all sites: one bar per topic (most minutes first),
/// then the minutes without a topic.
#[component(TopicsChart)]
pub fn topics_chart(props: &ReportProps) -> Html {
    let r = &props.report;
    let bars = columns(r);
    let max = bars.iter().map(|&t| figures(r, t).0).fold(0.0, f64::max);
    // Ticks fall on round numbers of the unit the times are written in.
    let (per, per_name) = format::axis_unit();
    let (end, ticks) = time_axis(max, per, 4);
    let scale = ROWS.scale(end);
    let (top, axis_y) = ROWS.span(bars.len());
    let desc = format!(
        "Horizontal bars, one per topic ({}), most minutes first, then the minutes of contacts without a topic: {}. A contact's minutes are split evenly among its topics.",
        format::count(r.topics.len() as u64, "topic", "topics"),
        format::time(r.overall.untagged_minutes)
    );
    let body = html! { <>
        <defs>
            <pattern id="ms-hatch" width="6" height="6" patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)">
                <rect width="6" height="6" class="ms-hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="6" class="ms-hatch-line" />
            </pattern>
        </defs>
        { time_ticks(LABELS, &scale, &ticks, per, top, axis_y) }
        { for bars.iter().enumerate().map(|(i, &topic)| {
            topic_bar(r, topic, ROWS.y(i), &scale)
        })}
        { ROWS.axis_title(bars.len(), Html::from(format!("{per_name} (held contacts, split among their topics)"))) }
    </> };
    figure(
        Figure {
            id: "ms-chart-topics".into(),
            heading: Html::from("Time by topic, all sites"),
            level: Level::H4,
            class: None,
            data: Vec::new(),
        },
        html! { <>
            { plot(Plot {
                id: "ms-chart-topics".into(),
                size: (WIDTH, ROWS.height(bars.len())),
                sizing: Sizing::AtLeast("ms-svg-640"),
                region: Some("Time by topic, all sites, chart"),
                title: "Minutes of mentoring by topic, all sites together".into(),
                desc,
            }, body) }
            { numbers(Numbers {
                label: "Time by topic, numbers".into(),
                caption: "Minutes and held contacts by topic, all sites".into(),
                first: "Topic".into(),
                heads: html! { <>
                    { num_head(Html::from("Minutes")) }{ num_head(Html::from("Time")) }
                    { num_head(Html::from("Share of time")) }{ num_head(Html::from("Contacts")) }
                </> },
                rows: bars.iter().enumerate().map(|(i, &topic)| {
                    let (minutes, contacts, share) = figures(r, topic);
                    row(i.to_string(), cell_name(r, topic), html! { <>
                        { num(format::number(minutes, 1)) }{ num(format::time(minutes)) }
                        { num(format::percent(share)) }{ num(contacts.to_string()) }
                    </> })
                }).collect(),
                tall: false,
                id: None,
            }) }
        </> },
    )
}

/// A topic's bar at `y`: its name (in italics for no topic), the bar
/// (hatched for no topic) and its time and share at the end.
fn topic_bar(r: &Report, topic: Topic, y: f64, scale: &Scale) -> Html {
    let (minutes, contacts, share) = figures(r, topic);
    let untagged = topic == Topic::Untagged;
    let w = scale.at(minutes);
    let baseline = ROWS.baseline(y);
    let tip = format!(
        "{}: {} ({} minutes, {} of all minutes; {})",
        shown(r, topic, None),
        format::time(minutes),
        format::number(minutes, 1),
        format::percent(share),
        format::count(contacts, "contact", "contacts")
    );
    html! {
        <g class="ms-bar">
            { text(LABELS - 8.0, baseline, "end", untagged.then_some("ms-italic"),
                Html::from(shown(r, topic, Some((LABELS - 10.0, TEXT_PX))))) }
            { rect(LABELS, y, w.max(0.5), ROWS.bar, if untagged { "ms-hatched" } else { "ms-fill" },
                untagged.then(|| "url(#ms-hatch)".to_string()), tip) }
            { text(LABELS + w + 6.0, baseline, "start", Some("ms-value"),
                Html::from(format!("{} ({})", format::time(minutes), format::percent(share)))) }
        </g>
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
    let columns = columns(r);
    let max = rows
        .iter()
        .flat_map(|row| columns.iter().map(move |&t| minutes_at(row, t)))
        .fold(0.0, f64::max);
    let width = SITE_LABELS + columns.len() as f64 * (TILE_W + TILE_GAP) + 60.0;
    let height = HEAD + rows.len() as f64 * (TILE_H + TILE_GAP) + 8.0;
    let desc = format!(
        "A grid of {} (rows) by {} and no topic (columns). Each tile gives the minutes of that topic at that site, written in it; darker tiles have more minutes.",
        format::count(rows.len() as u64, "site", "sites"),
        format::count(r.topics.len() as u64, "topic", "topics"),
    );
    let body = html! { <>
        { for columns.iter().enumerate().map(|(c, &topic)| column_heading(r, c, topic)) }
        { for rows.iter().enumerate().map(|(i, row)| {
            tile_row(r, row, &columns, HEAD + i as f64 * (TILE_H + TILE_GAP), max)
        })}
    </> };
    figure(
        Figure {
            id: "ms-chart-site-topics".into(),
            heading: Html::from("Time by topic at each site"),
            level: Level::H4,
            class: Some("ms-chart-wide"),
            data: Vec::new(),
        },
        html! { <>
            { site_view_controls(&view, sites_shown, "Time by topic at each site") }
            <p class="ms-note">{ format!("{} of each topic at each site; darker tiles have more. The last column is the time of contacts without a topic.", format::axis_unit().1) }</p>
            { plot(Plot {
                id: "ms-chart-site-topics".into(),
                size: (width, height),
                sizing: Sizing::Fixed,
                region: Some("Time by topic at each site, chart"),
                title: "Minutes of mentoring by topic at each site".into(),
                desc,
            }, body) }
            { numbers(Numbers {
                label: "Time by topic at each site, numbers".into(),
                caption: "Minutes by topic at each site (a contact's minutes split among its topics)".into(),
                first: "Site".into(),
                heads: html! { <>
                    { for columns.iter().map(|&t| num_head(cell_name(r, t))) }
                    { num_head(Html::from("All minutes")) }
                </> },
                rows: rows.iter().map(|row_| row(row_.site.clone(), bidi::name(&row_.site), html! { <>
                    { for columns.iter().map(|&t| num(format::number(minutes_at(row_, t), 1))) }
                    { num(format::number(row_.total, 1)) }
                </> })).collect(),
                tall: false,
                id: None,
            }) }
        </> },
    )
}

/// A site's minutes of a topic (or of no topic).
fn minutes_at(row: &SiteTopicRow, topic: Topic) -> f64 {
    match topic {
        Topic::Named(i) => row.minutes[i],
        Topic::Untagged => row.untagged,
    }
}

/// The heading of column `c`, at a slant, cut to its room (the whole name
/// in its tooltip).
fn column_heading(r: &Report, c: usize, topic: Topic) -> Html {
    let x = SITE_LABELS + c as f64 * (TILE_W + TILE_GAP) + TILE_W / 2.0;
    let untagged = topic == Topic::Untagged;
    html! {
        <text transform={format!("translate({x} {}) rotate(-40)", HEAD - 8.0)}
            class={classes!("ms-tick-label", untagged.then_some("ms-italic"))}>
            { shown(r, topic, Some((HEAD_ROOM, TICK_PX))) }
            <title>{ shown(r, topic, None) }</title>
        </text>
    }
}

/// A site's row of tiles from `y`: its name, then a tile per column with
/// its time written in it, shaded by its share of the largest, `max`.
fn tile_row(r: &Report, row: &SiteTopicRow, columns: &[Topic], y: f64, max: f64) -> Html {
    // Tiles are written in the unit of the number format (hours or minutes).
    let (per, _) = format::axis_unit();
    let decimals = if per > 1.0 { 1 } else { 0 };
    html! {
        <g class="ms-tile-row">
            { name_label(SITE_LABELS - 8.0, y + TILE_H / 2.0 + 4.0, &row.site) }
            { for columns.iter().enumerate().map(|(c, &topic)| {
                let minutes = minutes_at(row, topic);
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
                            Html::from(format::number(minutes / per, decimals))) }
                    </g>
                }
            })}
        </g>
    }
}
