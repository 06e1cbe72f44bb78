//! Chart: minutes of mentoring per calendar month, all sites together.

use yew::prelude::*;

use super::svg::{
    axis_title, figure, line, numbers, plot, rect, row, text, time_cells, time_heads, y_axis_title,
    y_tick, Figure, Level, Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::chart::{
    grouped, label_every, monthly_totals, period_for, time_axis, MonthTotal, Scale,
};
use crate::ui::format;

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 58.0;
/// Room a month label (`Mar 2018`) needs, in drawing units.
const LABEL_WIDTH: f64 = 64.0;

/// One bar per month from the first to the last held contact (months
/// without contacts show as empty), with the numbers in a table.
#[component(MonthChart)]
pub fn month_chart(props: &ReportProps) -> Html {
    // Past three years, quarters; past ten, years: a bar stays wide
    // enough to see and to label.
    let months = use_memo(super::Same(props.report.clone()), |r| {
        let months = monthly_totals(&r.0.months);
        let period = period_for(months.len());
        (grouped(&months, period), period)
    });
    let (months, period) = (&months.0, months.1);
    let (unit, units) = period.names();
    let max = months.iter().map(|m| m.minutes).fold(0.0, f64::max);
    // Ticks fall on round numbers of the unit the times are written in.
    let (per, per_name) = format::axis_unit();
    let (end, ticks) = time_axis(max, per, 5);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let scale = Scale {
        max: end,
        length: plot_h,
    };
    let slot = if months.is_empty() {
        plot_w
    } else {
        plot_w / months.len() as f64
    };
    let every = label_every(months.len(), plot_w, LABEL_WIDTH);
    let base = TOP + plot_h;
    let body = html! { <>
        { for ticks.iter().map(|&t| y_tick(base - scale.at(t), LEFT, LEFT + plot_w, format::number(t / per, 1))) }
        { line(LEFT, base, LEFT + plot_w, base, "ms-axis") }
        { for months.iter().enumerate().map(|(i, m)| {
            bar(m, LEFT + i as f64 * slot, slot, (base, &scale), i % every == 0)
        })}
        { axis_title(LEFT + plot_w / 2.0, HEIGHT - 10.0, Html::from(units)) }
        { y_axis_title(TOP + plot_h / 2.0, Html::from(per_name)) }
    </> };
    figure(
        Figure {
            id: "ms-chart-months".into(),
            heading: Html::from(format!("Time per {unit}, all sites")),
            level: Level::H3,
            class: Some("ms-chart-wide"),
            data: Vec::new(),
        },
        html! { <>
            { plot(Plot {
                id: "ms-chart-months".into(),
                size: (WIDTH, HEIGHT),
                sizing: Sizing::AtLeast("ms-svg-1000"),
                region: Some("Time per month, chart"),
                title: "Minutes of mentoring per month, all sites together".into(),
                desc: description(months, unit),
            }, body) }
            { numbers(Numbers {
                label: "Minutes per month, numbers".into(),
                caption: "Minutes and held contacts per month, all sites".into(),
                first: units.into(),
                heads: time_heads(),
                rows: months
                    .iter()
                    .map(|m| row(m.month.clone(), Html::from(format::month(&m.month)), time_cells(m.minutes, m.contacts)))
                    .collect(),
                tall: true,
                id: None,
            }) }
        </> },
    )
}

/// What the chart shows, for a reader who does not see it: from when to
/// when, and the time in all.
fn description(months: &[MonthTotal], unit: &str) -> String {
    let total: f64 = months.iter().map(|m| m.minutes).sum();
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!(
            "Vertical bars, one per {unit} from {} to {}, of the minutes of held contacts at all sites; {} in all.",
            format::month(&first.month),
            format::month(&last.month),
            format::time(total)
        ),
        _ => "No held contact.".to_string(),
    }
}

/// A month's bar in its `slot` from `x`, standing on `base` to `scale`,
/// with its month under it where `labelled`.
fn bar(m: &MonthTotal, x: f64, slot: f64, (base, scale): (f64, &Scale), labelled: bool) -> Html {
    let h = scale.at(m.minutes);
    let bar_w = (slot * 0.72).max(1.0);
    let tip = format!(
        "{}: {} ({})",
        format::month(&m.month),
        format::time(m.minutes),
        format::count(m.contacts, "contact", "contacts")
    );
    html! {
        <g class="ms-bar">
            { rect(x + (slot - bar_w) / 2.0, base - h, bar_w, h, "ms-fill", None, tip) }
            if labelled {
                { text(x + slot / 2.0, base + 18.0, "middle", Some("ms-tick-label"), Html::from(format::month(&m.month))) }
            }
        </g>
    }
}
