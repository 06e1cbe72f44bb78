//! Pieces of the charts, written once so that each is compiled once (the
//! markup of a chart element is much code when written out at each use):
//! SVG text, lines and bars, and the "Show the numbers" table under a
//! chart.

use std::rc::Rc;

use mentoring_stats_engine::Report;
use yew::prelude::*;

use crate::ui::chart::{chart_sites, ChartSites, SiteView};

/// A number as an SVG coordinate.
fn at(x: f64) -> AttrValue {
    AttrValue::from(x.to_string())
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

/// A row of a numbers table: its header cell, then its cells.
#[inline(never)]
pub fn row(key: String, header: Html, cells: Html) -> Html {
    html! { <tr key={key}><th scope="row">{ header }</th>{ cells }</tr> }
}

/// The "Show the numbers" table under a chart: a region named `label`
/// that scrolls, a table with `caption`, its first column's heading
/// `first`, the other headings and the rows.
#[inline(never)]
pub fn numbers(
    label: AttrValue,
    caption: AttrValue,
    first: AttrValue,
    heads: Html,
    rows: Html,
    tall: bool,
) -> Html {
    html! {
        <details class="ms-chart-numbers">
            <summary>{ "Show the numbers" }</summary>
            <div class={classes!("ms-table-scroll", tall.then_some("ms-table-tall"))}
                role="region" aria-label={label} tabindex="0">
                <table class="ms-table ms-compact">
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
    use crate::ui::format;
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
