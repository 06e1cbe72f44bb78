//! Chart: each mentor's minutes per month, one small bar chart per mentor
//! on one calendar and one scale, the peak month of each marked with a
//! triangle and its minutes written above it; the numbers in a table.

use yew::prelude::*;

use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{
    axis, fit, label_every, period_for, top_mentors, workload, workload_by, Period, Scale,
    MENTORS_SHOWN, TEXT_PX,
};
use crate::ui::format;

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 170.0;
const RIGHT: f64 = 16.0;
/// Height of one mentor's bars, and the room above them for the peak.
const BARS: f64 = 56.0;
const ABOVE: f64 = 22.0;
const BELOW: f64 = 12.0;
const AXIS: f64 = 44.0;
/// Room a month label (`Mar 2018`) needs, in drawing units.
const LABEL_WIDTH: f64 = 64.0;

/// Minutes per month of each mentor, the peak marked.
#[component(WorkloadChart)]
pub fn workload_chart(props: &ReportProps) -> Html {
    let drawn = use_memo(super::Same(props.report.clone()), |r| {
        let w = workload(&r.0.mentors, &r.0.mentor_months);
        let period = period_for(w.months.len());
        let (w, left_out) = top_mentors(workload_by(w, period));
        (w, period, left_out)
    });
    let (w, period, left_out) = (&drawn.0, drawn.1, drawn.2);
    let (unit, units) = match period {
        Period::Month => ("month", "Calendar month"),
        Period::Quarter => ("quarter", "Quarter"),
        Period::Year => ("year", "Year"),
    };
    let max = w
        .mentors
        .iter()
        .flat_map(|m| m.minutes.iter().copied())
        .fold(0.0, f64::max);
    let (per, _) = format::axis_unit();
    let end = axis(max / per, 2).0 * per;
    let scale = Scale {
        max: end,
        length: BARS,
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = if w.months.is_empty() {
        plot_w
    } else {
        plot_w / w.months.len() as f64
    };
    let bar_w = (slot * 0.72).max(1.0);
    let row_h = ABOVE + BARS + BELOW;
    let height = w.mentors.len() as f64 * row_h + AXIS;
    let every = label_every(w.months.len(), plot_w, LABEL_WIDTH);
    let axis_y = w.mentors.len() as f64 * row_h;
    // Each mentor's peak month and its minutes, from the report (a bar
    // may be a quarter or a year holding it).
    let peak_of = |mentor: &str| {
        props
            .report
            .mentors
            .iter()
            .find(|x| x.mentor == mentor)
            .and_then(|x| Some((x.peak_month.clone()?, x.peak_month_minutes?)))
    };
    let peaks: Vec<String> = w
        .mentors
        .iter()
        .filter_map(|m| {
            let (month, minutes) = peak_of(&m.mentor)?;
            Some(format!(
                "{}, {} ({})",
                isolate(&m.mentor),
                format::month(&month),
                format::time(minutes)
            ))
        })
        .collect();
    let desc = match (w.months.first(), w.months.last()) {
        (Some(first), Some(last)) => format!(
            "Bar charts, one per mentor, of the minutes of held contacts in each {unit} from {} to {}, all on one scale (up to {}). Each mentor's peak month is marked with a triangle and its time. Peaks: {}.",
            format::month(first),
            format::month(last),
            format::time(end),
            peaks.join("; ")
        ),
        _ => "No mentor has a held contact.".to_string(),
    };

    html! {
        <figure class="ms-chart ms-chart-wide" aria-labelledby="ms-chart-workload-heading">
            <h4 id="ms-chart-workload-heading">{ format!("Time per {unit}, each mentor") }</h4>
            <p class="ms-note">
                { format!("One row per mentor, one bar per {unit}, on one scale: a full-height bar is {}. ▼ marks each mentor's peak month (the earliest on a tie), with its time.{}",
                    format::time(end),
                    if left_out > 0 {
                        format!(" The {MENTORS_SHOWN} mentors with the most minutes are drawn; the other {} are in the tables below.", format::number(left_out as f64, 0))
                    } else {
                        String::new()
                    }) }
            </p>
            <div class="ms-chart-scroll" role="region" aria-label="Minutes per month, each mentor, chart" tabindex="0">
            <svg class="ms-svg ms-svg-1000" viewBox={format!("0 0 {WIDTH} {height}")}
                role="img" aria-labelledby="ms-chart-workload-title ms-chart-workload-desc"
                preserveAspectRatio="xMinYMin meet">
                <title id="ms-chart-workload-title">{ "Minutes of mentoring per month, each mentor" }</title>
                <desc id="ms-chart-workload-desc">{ desc }</desc>
                { for w.mentors.iter().enumerate().map(|(i, m)| {
                    let top = i as f64 * row_h;
                    let base = top + ABOVE + BARS;
                    html! {
                        <g class="ms-workload-row">
                            <text x={(LEFT - 10.0).to_string()} y={(top + ABOVE + BARS / 2.0 + 4.0).to_string()}
                                text-anchor="end">{ isolate(&fit(&m.mentor, LEFT - 12.0, TEXT_PX)) }</text>
                            <line x1={LEFT.to_string()} x2={(LEFT + plot_w).to_string()}
                                y1={(base - BARS).to_string()} y2={(base - BARS).to_string()} class="ms-grid" />
                            <text x={(LEFT - 10.0).to_string()} y={(base - BARS + 4.0).to_string()}
                                text-anchor="end" class="ms-tick-label ms-scale-label">{ format::time(end) }</text>
                            <line x1={LEFT.to_string()} x2={(LEFT + plot_w).to_string()}
                                y1={base.to_string()} y2={base.to_string()} class="ms-axis" />
                            { for m.minutes.iter().enumerate().map(|(j, &minutes)| {
                                let x = LEFT + j as f64 * slot + (slot - bar_w) / 2.0;
                                let h = scale.at(minutes);
                                let peak = m.peak == Some(j);
                                let tip = format!("{}, {}: {} ({}){}", isolate(&m.mentor),
                                    format::month(&w.months[j]), format::time(minutes),
                                    format::count(m.contacts[j], "contact", "contacts"),
                                    if peak { ", the peak month" } else { "" });
                                html! {
                                    <rect x={x.to_string()} y={(base - h).to_string()}
                                        width={bar_w.to_string()} height={h.to_string()}
                                        class={if peak { "ms-fill ms-peak" } else { "ms-fill" }}>
                                        <title>{ tip }</title>
                                    </rect>
                                }
                            })}
                            if let (Some(p), Some((month, minutes))) = (m.peak, peak_of(&m.mentor)) {
                                { peak_mark(LEFT + p as f64 * slot + slot / 2.0, base - scale.at(m.minutes[p]),
                                    &if period == Period::Month {
                                        format::time(minutes)
                                    } else {
                                        format!("{}, {}", format::month(&month), format::time(minutes))
                                    }, LEFT + plot_w) }
                            }
                        </g>
                    }
                })}
                { for w.months.iter().enumerate().filter(|(j, _)| j % every == 0).map(|(j, month)| html! {
                    <text x={(LEFT + j as f64 * slot + slot / 2.0).to_string()} y={(axis_y + 14.0).to_string()}
                        text-anchor="middle" class="ms-tick-label">{ format::month(month) }</text>
                })}
                <text x={(LEFT + plot_w / 2.0).to_string()} y={(height - 8.0).to_string()}
                    text-anchor="middle" class="ms-axis-label">{ units }</text>
            </svg>
            </div>
            <details class="ms-chart-numbers">
                <summary>{ "Show the numbers" }</summary>
                <div class="ms-table-scroll ms-table-tall" role="region" aria-label="Minutes per month, each mentor, numbers" tabindex="0">
                    <table class="ms-table ms-compact" id="ms-workload-numbers">
                        <caption>{ "Minutes of held contacts per month and mentor; each mentor's peak month says so" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ units }</th>
                                { for w.mentors.iter().map(|m| html! {
                                    <th scope="col" class="ms-num">{ bidi::name(&m.mentor) }</th>
                                })}
                            </tr>
                        </thead>
                        <tbody>
                            { for w.months.iter().enumerate().map(|(j, month)| html! {
                                <tr key={month.clone()}>
                                    <th scope="row">{ format::month(month) }</th>
                                    { for w.mentors.iter().map(|m| {
                                        let peak = m.peak == Some(j);
                                        html! {
                                            <td class={classes!("ms-num", peak.then_some("ms-peak-cell"))}>
                                                { format::number(m.minutes[j], 1) }
                                                if peak { <strong>{ " ▼ peak" }</strong> }
                                            </td>
                                        }
                                    })}
                                </tr>
                            })}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// The mark of a peak: a triangle pointing down at the bar's top at
/// (`x`, `y`), and its time beside it, kept inside the plot (which ends
/// at `right`).
fn peak_mark(x: f64, y: f64, time: &str, right: f64) -> Html {
    let label = format!("peak {time}");
    // About 6.5 units a character at 12 px.
    let room = label.chars().count() as f64 * 6.5;
    let (anchor, tx) = if x + 9.0 + room > right {
        ("end", x - 9.0)
    } else {
        ("start", x + 9.0)
    };
    let ty = (y - 5.0).to_string();
    html! {
        <g class="ms-peak-mark" aria-hidden="true">
            <path d={format!("M{} {}h10l-5 7z", x - 5.0, y - 12.0)} class="ms-peak-triangle" />
            <text x={tx.to_string()} y={ty} text-anchor={anchor} class="ms-peak-label">{ label }</text>
        </g>
    }
}
