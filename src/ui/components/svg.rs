//! Pieces of the charts, written once so that each is compiled once (the
//! markup of a chart element is much code when written out at each use):
//! a chart's frame (its figure and heading, and its SVG with the title
//! and description a screen reader reads, in a region that scrolls), SVG
//! text, lines, bars, ticks and axis titles, and the "Show the numbers"
//! table under a chart.

use std::rc::Rc;

use mentoring_stats_engine::Report;
use yew::prelude::*;

use crate::ui::bidi::isolate;
use crate::ui::chart::{chart_sites, fit, ChartSites, Scale, SiteView, TEXT_PX};
use crate::ui::format;

/// A number as an SVG coordinate.
fn at(x: f64) -> AttrValue {
    AttrValue::from(x.to_string())
}

/// The level of a chart's heading.
#[derive(Clone, Copy, PartialEq)]
pub enum Level {
    /// `h3`: one of the results' charts.
    H3,
    /// `h4`: a chart under its section's own heading.
    H4,
}

/// A chart's figure: what it is called and how it is laid out.
pub struct Figure {
    /// The figure's id; its heading's is `{id}-heading`.
    pub id: String,
    /// The heading above the chart, which names the figure.
    pub heading: Html,
    /// The heading's level.
    pub level: Level,
    /// A class beside `ms-chart` (`ms-chart-wide` spans the grid of charts).
    pub class: Option<&'static str>,
    /// Data attributes (name, value), for the tests and host pages that
    /// read what a chart shows.
    pub data: Vec<(&'static str, String)>,
}

/// A chart: its figure and heading, then `content` (what stands above the
/// drawing, the drawing ([`plot`]), what is written under it and the
/// numbers ([`numbers`])).
#[inline(never)]
pub fn figure(figure: Figure, content: Html) -> Html {
    let Figure {
        id,
        heading,
        level,
        class,
        data,
    } = figure;
    let heading_id = format!("{id}-heading");
    let tag = match level {
        Level::H3 => "h3",
        Level::H4 => "h4",
    };
    let mut figure = html! {
        <figure class={classes!("ms-chart", class)} id={id} aria-labelledby={heading_id.clone()}>
            <@{tag} id={heading_id}>{ heading }</@>
            { content }
        </figure>
    };
    // The markup names its attributes; these are named by the chart.
    if let Html::VTag(tag) = &mut figure {
        let tag = Rc::make_mut(tag);
        for (name, value) in data {
            tag.add_attribute(name, value);
        }
    }
    figure
}

/// How a chart's SVG takes the room it has.
#[derive(Clone, Copy, PartialEq)]
pub enum Sizing {
    /// As wide as its column, however narrow.
    Fluid,
    /// As wide as its column, but no narrower than its class says
    /// (`ms-svg-560`: its smallest text stays readable); it scrolls
    /// sideways in its region where the column is narrower.
    AtLeast(&'static str),
    /// Its own size in pixels (`ms-svg-fixed`), scrolling in its region.
    Fixed,
}

/// A chart's drawing: its SVG's size in drawing units and how it takes
/// its room, and what a screen reader reads for it.
pub struct Plot {
    /// Its title's id is `{id}-title`, its description's `{id}-desc`.
    pub id: String,
    /// Width and height in drawing units.
    pub size: (f64, f64),
    /// How it takes its room.
    pub sizing: Sizing,
    /// The region it scrolls in (its name), or none: a fluid drawing
    /// never scrolls.
    pub region: Option<&'static str>,
    /// What the chart shows, in a line.
    pub title: String,
    /// How it shows it, for a reader who does not see it.
    pub desc: String,
}

/// A chart's SVG (an image named by its title and description) with the
/// drawing `body`, in the region it scrolls in.
#[inline(never)]
pub fn plot(plot: Plot, body: Html) -> Html {
    let Plot {
        id,
        size: (width, height),
        sizing,
        region,
        title,
        desc,
    } = plot;
    let (class, fixed) = match sizing {
        Sizing::Fluid => (None, None),
        Sizing::AtLeast(class) => (Some(class), None),
        Sizing::Fixed => (Some("ms-svg-fixed"), Some((at(width), at(height)))),
    };
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let svg = html! {
        <svg class={classes!("ms-svg", class)} viewBox={format!("0 0 {width} {height}")}
            width={fixed.as_ref().map(|f| f.0.clone())} height={fixed.map(|f| f.1)}
            role="img" aria-labelledby={format!("{title_id} {desc_id}")}
            preserveAspectRatio="xMinYMin meet">
            <title id={title_id}>{ title }</title>
            <desc id={desc_id}>{ desc }</desc>
            { body }
        </svg>
    };
    match region {
        Some(name) => html! {
            <div class="ms-chart-scroll" role="region" aria-label={name} tabindex="0">{ svg }</div>
        },
        None => svg,
    }
}

/// The rows of a chart of horizontal bars, one bar a row from the top,
/// with room under them for the axis and its title.
#[derive(Clone, Copy)]
pub struct BarRows {
    /// Where the bars start; their names end left of it.
    pub left: f64,
    /// The length of a full bar.
    pub length: f64,
    /// The height of a bar.
    pub bar: f64,
}

/// Room above the first bar, between two bars, and under the last for the
/// axis's ticks and title.
const ROWS_TOP: f64 = 8.0;
const ROWS_GAP: f64 = 10.0;
const ROWS_AXIS: f64 = 50.0;

impl BarRows {
    /// The scale of the bars: `max` is a full bar.
    pub fn scale(&self, max: f64) -> Scale {
        Scale {
            max,
            length: self.length,
        }
    }

    /// The top of the bar of row `i`.
    pub fn y(&self, i: usize) -> f64 {
        ROWS_TOP + i as f64 * (self.bar + ROWS_GAP) + ROWS_GAP / 2.0
    }

    /// The baseline of a text beside the bar whose top is `y`.
    pub fn baseline(&self, y: f64) -> f64 {
        y + self.bar / 2.0 + 4.0
    }

    /// The top of the plot of `rows` bars and its axis under them.
    pub fn span(&self, rows: usize) -> (f64, f64) {
        (ROWS_TOP, ROWS_TOP + rows as f64 * (self.bar + ROWS_GAP))
    }

    /// The chart's height with `rows` bars.
    pub fn height(&self, rows: usize) -> f64 {
        self.span(rows).1 + ROWS_AXIS
    }

    /// The title of the axis under `rows` bars.
    pub fn axis_title(&self, rows: usize, content: Html) -> Html {
        axis_title(
            self.left + self.length / 2.0,
            self.height(rows) - 8.0,
            content,
        )
    }
}

/// A text at (`x`, `y`), anchored `start`, `middle` or `end`.
#[inline(never)]
pub fn text(
    x: f64,
    y: f64,
    anchor: &'static str,
    class: Option<&'static str>,
    content: Html,
) -> Html {
    html! { <text x={at(x)} y={at(y)} text-anchor={anchor} class={class}>{ content }</text> }
}

/// A line from (`x1`, `y1`) to (`x2`, `y2`).
#[inline(never)]
pub fn line(x1: f64, y1: f64, x2: f64, y2: f64, class: &'static str) -> Html {
    html! { <line x1={at(x1)} y1={at(y1)} x2={at(x2)} y2={at(y2)} class={class} /> }
}

/// A bar (or tile) with its tooltip; `fill` where the class gives none.
#[inline(never)]
pub fn rect(
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    class: &'static str,
    fill: Option<String>,
    tip: String,
) -> Html {
    html! {
        <rect x={at(x)} y={at(y)} width={at(w)} height={at(h)} class={class} fill={fill}>
            <title>{ tip }</title>
        </rect>
    }
}

/// A vertical grid line from `top` to `bottom` at `x`, with its value
/// under it (the ticks of a horizontal axis).
#[inline(never)]
pub fn x_tick(x: f64, top: f64, bottom: f64, label: String) -> Html {
    html! {
        <g class="ms-tick">
            { line(x, top, x, bottom, "ms-grid") }
            { text(x, bottom + 16.0, "middle", None, Html::from(label)) }
        </g>
    }
}

/// A horizontal grid line from `left` to `right` at `y`, with its value
/// before it (the ticks of a vertical axis).
#[inline(never)]
pub fn y_tick(y: f64, left: f64, right: f64, label: String) -> Html {
    html! {
        <g class="ms-tick">
            { line(left, y, right, y, "ms-grid") }
            { text(left - 6.0, y + 4.0, "end", None, Html::from(label)) }
        </g>
    }
}

/// A horizontal axis of times over a plot from `left` (drawn to `scale`)
/// and from `top` to `bottom`: a tick at each of `ticks` (minutes), its
/// value in units `per` minutes long, and the axis line up the left.
#[inline(never)]
pub fn time_ticks(
    left: f64,
    scale: &Scale,
    ticks: &[f64],
    per: f64,
    top: f64,
    bottom: f64,
) -> Html {
    html! { <>
        { for ticks.iter().map(|&t| x_tick(left + scale.at(t), top, bottom, format::number(t / per, 1))) }
        { line(left, top, left, bottom, "ms-axis") }
    </> }
}

/// The ticks of a horizontal axis of shares, 0% to 100%, over a plot
/// from `left` (drawn to `scale`) and from `top` to `bottom`.
pub fn percent_ticks(left: f64, scale: &Scale, top: f64, bottom: f64) -> Html {
    [0.0, 25.0, 50.0, 75.0, 100.0]
        .into_iter()
        .map(|t| x_tick(left + scale.at(t), top, bottom, format!("{t}%")))
        .collect()
}

/// The title of an axis, centred on (`x`, `y`).
#[inline(never)]
pub fn axis_title(x: f64, y: f64, content: Html) -> Html {
    text(x, y, "middle", Some("ms-axis-label"), content)
}

/// The title of a vertical axis, written upwards along the chart's left
/// edge, centred on `y`.
#[inline(never)]
pub fn y_axis_title(y: f64, content: Html) -> Html {
    html! {
        <text transform={format!("translate(16 {y}) rotate(-90)")}
            text-anchor="middle" class="ms-axis-label">{ content }</text>
    }
}

/// A name before its bar or row, ending at `x` on the baseline `y`: cut
/// to the room left of it (see [`fit`]) and isolated.
#[inline(never)]
pub fn name_label(x: f64, y: f64, name: &str) -> Html {
    text(
        x,
        y,
        "end",
        None,
        Html::from(isolate(&fit(name, x - 2.0, TEXT_PX))),
    )
}

/// A table cell with a number, right-aligned.
#[inline(never)]
pub fn num(text: String) -> Html {
    html! { <td class="ms-num">{ text }</td> }
}

/// A column header of a numbers table, right-aligned.
#[inline(never)]
pub fn num_head(content: Html) -> Html {
    html! { <th scope="col" class="ms-num">{ content }</th> }
}

/// The headings of a numbers table's columns of time: minutes, the time
/// as written, and held contacts ([`time_cells`]).
#[inline(never)]
pub fn time_heads() -> Html {
    html! { <>
        { num_head(Html::from("Minutes")) }{ num_head(Html::from("Time")) }
        { num_head(Html::from("Contacts")) }
    </> }
}

/// The cells under [`time_heads`].
#[inline(never)]
pub fn time_cells(minutes: f64, contacts: u64) -> Html {
    html! { <>
        { num(format::number(minutes, 1)) }{ num(format::time(minutes)) }
        { num(contacts.to_string()) }
    </> }
}

/// A row of a numbers table: its header cell, then its cells.
#[inline(never)]
pub fn row(key: String, header: Html, cells: Html) -> Html {
    html! { <tr key={key}><th scope="row">{ header }</th>{ cells }</tr> }
}

/// The "Show the numbers" table under a chart.
pub struct Numbers {
    /// The name of the region the table scrolls in.
    pub label: AttrValue,
    /// The table's caption.
    pub caption: AttrValue,
    /// The heading of its first column, which heads each row.
    pub first: AttrValue,
    /// The other columns' headings ([`num_head`]).
    pub heads: Html,
    /// The rows ([`row`]).
    pub rows: Html,
    /// Whether the region is kept short, scrolling down (a table of many
    /// rows).
    pub tall: bool,
    /// The table's id, for one that is looked up.
    pub id: Option<&'static str>,
}

/// The "Show the numbers" table under a chart: a disclosure that opens on
/// a region that scrolls, with the table in it.
#[inline(never)]
pub fn numbers(numbers: Numbers) -> Html {
    let Numbers {
        label,
        caption,
        first,
        heads,
        rows,
        tall,
        id,
    } = numbers;
    html! {
        <details class="ms-chart-numbers">
            <summary>{ "Show the numbers" }</summary>
            <div class={classes!("ms-table-scroll", tall.then_some("ms-table-tall"))}
                role="region" aria-label={label} tabindex="0">
                <table class="ms-table ms-compact" id={id}>
                    <caption>{ caption }</caption>
                    <thead><tr><th scope="col">{ first }</th>{ heads }</tr></thead>
                    <tbody>{ rows }</tbody>
                </table>
            </div>
        </details>
    }
}

/// The sites a chart of sites draws (the top ones with the others summed,
/// or a page of all of them) and the view that chooses them, which
/// [`site_view_controls`] sets.
#[hook]
pub fn use_chart_sites(report: &Rc<Report>) -> (UseStateHandle<SiteView>, Rc<ChartSites>) {
    let view = use_state(SiteView::default);
    let shown = use_memo((super::Same(report.clone()), *view), |(r, v)| {
        chart_sites(&r.0.sites, *v)
    });
    (view, shown)
}

/// Above a chart of many sites: which of them it draws, and buttons to
/// see all of them a page at a time or the top ones again. Nothing where
/// the chart draws every site.
#[inline(never)]
pub fn site_view_controls(
    view: &UseStateHandle<SiteView>,
    shown: &ChartSites,
    chart: &'static str,
) -> Html {
    use crate::ui::chart::{CHART_PAGE, CHART_TOP};
    let set = |to: SiteView| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(to))
    };
    let all = format::number(shown.total as f64, 0);
    let hidden = |text: String| html! { <span class="ms-visually-hidden">{ text }</span> };
    match (shown.rest, shown.page) {
        (Some(rest), _) => html! {
            <p class="ms-chart-view">
                { format!("The {CHART_TOP} sites with the most minutes; the other {} are summed in the last bar. ",
                    format::number(rest as f64, 0)) }
                <button type="button" class="ms-secondary" onclick={set(SiteView::All(0))}>
                    { format!("Show all {all} sites") }{ hidden(format!(" in {chart}")) }
                </button>
            </p>
        },
        (None, Some((page, pages))) => html! {
            <p class="ms-chart-view">
                { format!("Sites {}–{} of {all}, most minutes first. ",
                    format::number((page * CHART_PAGE + 1) as f64, 0),
                    format::number((page * CHART_PAGE + shown.sites.len()) as f64, 0)) }
                <button type="button" class="ms-secondary" disabled={page == 0}
                    onclick={set(SiteView::All(page.saturating_sub(1)))}>
                    { "Previous" }{ hidden(format!(" sites in {chart}")) }
                </button>
                <button type="button" class="ms-secondary" disabled={page + 1 >= pages}
                    onclick={set(SiteView::All(page + 1))}>
                    { "Next" }{ hidden(format!(" sites in {chart}")) }
                </button>
                <button type="button" class="ms-secondary" onclick={set(SiteView::Top)}>
                    { format!("Top {CHART_TOP} only") }{ hidden(format!(" in {chart}")) }
                </button>
            </p>
        },
        (None, None) => Html::default(),
    }
}
