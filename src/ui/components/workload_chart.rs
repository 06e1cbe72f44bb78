//! Chart: each mentor's minutes per month, one small bar chart per mentor
//! on one calendar and one scale, the peak month of each marked with a
//! triangle and its minutes written above it; the numbers in a table.

use yew::prelude::*;

use super::svg::{
    axis_title, figure, line, name_label, num_head, numbers, plot, rect, row, text, Figure, Level,
    Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{
    axis, label_every, period_for, top_mentors, workload, workload_by, MentorSeries, Period, Scale,
    Workload, MENTORS_SHOWN,
};
use crate::ui::format;
use mentoring_stats_engine::report::Report;

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
    let (unit, units) = period.names();
    let max = w
        .mentors
        .iter()
        .flat_map(|m| m.minutes.iter().copied())
        .fold(0.0, f64::max);
    let (per, _) = format::axis_unit();
    let end = axis(max / per, 2).0 * per;
    let slot = if w.months.is_empty() {
        PLOT_W
    } else {
        PLOT_W / w.months.len() as f64
    };
    let grid = Grid {
        slot,
        bar_w: (slot * 0.72).max(1.0),
        scale: Scale {
            max: end,
            length: BARS,
        },
        period,
    };
    let axis_y = w.mentors.len() as f64 * ROW_H;
    let height = axis_y + AXIS;
    let every = label_every(w.months.len(), PLOT_W, LABEL_WIDTH);
    let peaks = peaks(&props.report, w);
    let body = html! { <>
        { for w.mentors.iter().zip(&peaks).enumerate().map(|(i, (m, peak))| {
            mentor_row(m, i as f64 * ROW_H, &w.months, &grid, peak.as_ref())
        })}
        { for w.months.iter().enumerate().filter(|(j, _)| j % every == 0).map(|(j, month)| {
            text(LEFT + j as f64 * slot + slot / 2.0, axis_y + 14.0, "middle", Some("ms-tick-label"),
                Html::from(format::month(month)))
        })}
        { axis_title(LEFT + PLOT_W / 2.0, height - 8.0, Html::from(units)) }
    </> };
    figure(
        Figure {
            id: "ms-chart-workload".into(),
            heading: Html::from(format!("Time per {unit}, each mentor")),
            level: Level::H4,
            class: Some("ms-chart-wide"),
            data: Vec::new(),
        },
        html! { <>
            <p class="ms-note">{ note(unit, end, left_out) }</p>
            { plot(Plot {
                id: "ms-chart-workload".into(),
                size: (WIDTH, height),
                sizing: Sizing::AtLeast("ms-svg-1000"),
                region: Some("Minutes per month, each mentor, chart"),
                title: "Minutes of mentoring per month, each mentor".into(),
                desc: description(w, &peaks, unit, end),
            }, body) }
            { numbers(Numbers {
                label: "Minutes per month, each mentor, numbers".into(),
                caption: "Minutes of held contacts per month and mentor; each mentor's peak month says so".into(),
                first: units.into(),
                heads: w.mentors.iter().map(|m| num_head(bidi::name(&m.mentor))).collect(),
                rows: w.months.iter().enumerate().map(|(j, month)| numbers_row(w, j, month)).collect(),
                tall: true,
                id: Some("ms-workload-numbers"),
            }) }
        </> },
    )
}

/// Width of the plot, right of the mentors' names.
const PLOT_W: f64 = WIDTH - LEFT - RIGHT;
/// Height of one mentor's row.
const ROW_H: f64 = ABOVE + BARS + BELOW;

/// Where each mentor's bars stand: each period's slot across, a bar's
/// width, and the scale of minutes up (the same for all); and the period.
struct Grid {
    slot: f64,
    bar_w: f64,
    scale: Scale,
    period: Period,
}

/// Each drawn mentor's peak month and its minutes, from the report (a
/// bar may be a quarter or a year holding it).
fn peaks(report: &Report, w: &Workload) -> Vec<Option<(String, f64)>> {
    w.mentors
        .iter()
        .map(|m| {
            let x = report.mentors.iter().find(|x| x.mentor == m.mentor)?;
            Some((x.peak_month.clone()?, x.peak_month_minutes?))
        })
        .collect()
}

/// What the note above the chart says: the scale, the peak's mark, and
/// how many mentors are left out.
fn note(unit: &str, end: f64, left_out: usize) -> String {
    format!(
        "One row per mentor, one bar per {unit}, on one scale: a full-height bar is {}. ▼ marks each mentor's peak month (the earliest on a tie), with its time.{}",
        format::time(end),
        if left_out > 0 {
            format!(
                " The {MENTORS_SHOWN} mentors with the most minutes are drawn; the other {} are in the tables below.",
                format::number(left_out as f64, 0)
            )
        } else {
            String::new()
        }
    )
}

/// What the chart shows, for a reader who does not see it: the span, the
/// scale and each mentor's peak.
fn description(w: &Workload, peaks: &[Option<(String, f64)>], unit: &str, end: f64) -> String {
    let (Some(first), Some(last)) = (w.months.first(), w.months.last()) else {
        return "No mentor has a held contact.".to_string();
    };
    let peaks: Vec<String> = w
        .mentors
        .iter()
        .zip(peaks)
        .filter_map(|(m, peak)| {
            let (month, minutes) = peak.as_ref()?;
            Some(format!(
                "{}, {} ({})",
                isolate(&m.mentor),
                format::month(month),
                format::time(*minutes)
            ))
        })
        .collect();
    format!(
        "Bar charts, one per mentor, of the minutes of held contacts in each {unit} from {} to {}, all on one scale (up to {}). Each mentor's peak month is marked with a triangle and its time. Peaks: {}.",
        format::month(first),
        format::month(last),
        format::time(end),
        peaks.join("; ")
    )
}

/// A mentor's row from `top`: the name, the full-height line with its
/// time, the base line, a bar per period of `months` and the peak's mark.
fn mentor_row(
    m: &MentorSeries,
    top: f64,
    months: &[String],
    grid: &Grid,
    peak: Option<&(String, f64)>,
) -> Html {
    let base = top + ABOVE + BARS;
    let full = format::time(grid.scale.max);
    let mark = m.peak.zip(peak).map(|(p, (month, minutes))| {
        let label = if grid.period == Period::Month {
            format::time(*minutes)
        } else {
            format!("{}, {}", format::month(month), format::time(*minutes))
        };
        let x = LEFT + p as f64 * grid.slot + grid.slot / 2.0;
        peak_mark(x, base - grid.scale.at(m.minutes[p]), &label, LEFT + PLOT_W)
    });
    html! {
        <g class="ms-workload-row">
            { name_label(LEFT - 10.0, top + ABOVE + BARS / 2.0 + 4.0, &m.mentor) }
            { line(LEFT, base - BARS, LEFT + PLOT_W, base - BARS, "ms-grid") }
            { text(LEFT - 10.0, base - BARS + 4.0, "end", Some("ms-tick-label ms-scale-label"), Html::from(full)) }
            { line(LEFT, base, LEFT + PLOT_W, base, "ms-axis") }
            { for m.minutes.iter().enumerate().map(|(j, &minutes)| {
                let x = LEFT + j as f64 * grid.slot + (grid.slot - grid.bar_w) / 2.0;
                let h = grid.scale.at(minutes);
                let peak = m.peak == Some(j);
                let tip = format!("{}, {}: {} ({}){}", isolate(&m.mentor),
                    format::month(&months[j]), format::time(minutes),
                    format::count(m.contacts[j], "contact", "contacts"),
                    if peak { ", the peak month" } else { "" });
                rect(x, base - h, grid.bar_w, h, if peak { "ms-fill ms-peak" } else { "ms-fill" }, None, tip)
            })}
            { mark.unwrap_or_default() }
        </g>
    }
}

/// A period's row of the numbers: each mentor's minutes, the peak said.
fn numbers_row(w: &Workload, j: usize, month: &str) -> Html {
    let cells = w.mentors.iter().map(|m| {
        let peak = m.peak == Some(j);
        html! {
            <td class={classes!("ms-num", peak.then_some("ms-peak-cell"))}>
                { format::number(m.minutes[j], 1) }
                if peak { <strong>{ " ▼ peak" }</strong> }
            </td>
        }
    });
    row(
        month.to_string(),
        Html::from(format::month(month)),
        cells.collect(),
    )
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
