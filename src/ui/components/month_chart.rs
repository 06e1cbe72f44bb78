//! Chart: minutes of mentoring per calendar month, all sites together.

use yew::prelude::*;

use super::svg::{num, num_head, numbers, row};
use super::ReportProps;
use crate::ui::chart::{axis, grouped, label_every, monthly_totals, period_for, Period, Scale};
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
    let (unit, units) = match period {
        Period::Month => ("month", "Calendar month"),
        Period::Quarter => ("quarter", "Quarter"),
        Period::Year => ("year", "Year"),
    };
    let max = months.iter().map(|m| m.minutes).fold(0.0, f64::max);
    // Ticks fall on round numbers of the unit the times are written in.
    let (per, per_name) = format::axis_unit();
    let (end, ticks) = axis(max / per, 5);
    let (end, ticks): (f64, Vec<f64>) = (end * per, ticks.iter().map(|t| t * per).collect());
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
    let total: f64 = months.iter().map(|m| m.minutes).sum();
    let desc = match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!(
            "Vertical bars, one per {unit} from {} to {}, of the minutes of held contacts at all sites; {} in all.",
            format::month(&first.month),
            format::month(&last.month),
            format::time(total)
        ),
        _ => "No held contact.".to_string(),
    };

    html! {
        <figure class="ms-chart ms-chart-wide" aria-labelledby="ms-chart-months-heading">
            <h3 id="ms-chart-months-heading">{ format!("Time per {unit}, all sites") }</h3>
            <div class="ms-chart-scroll" role="region" aria-label="Time per month, chart" tabindex="0">
            <svg class="ms-svg ms-svg-1000" viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                role="img" aria-labelledby="ms-chart-months-title ms-chart-months-desc"
                preserveAspectRatio="xMinYMin meet">
                <title id="ms-chart-months-title">{ "Minutes of mentoring per month, all sites together" }</title>
                <desc id="ms-chart-months-desc">{ desc }</desc>
                { for ticks.iter().map(|&t| {
                    let y = base - scale.at(t);
                    html! {
                        <g class="ms-tick">
                            <line x1={LEFT.to_string()} x2={(LEFT + plot_w).to_string()}
                                y1={y.to_string()} y2={y.to_string()} class="ms-grid" />
                            <text x={(LEFT - 6.0).to_string()} y={(y + 4.0).to_string()}
                                text-anchor="end">{ format::number(t / per, 1) }</text>
                        </g>
                    }
                })}
                <line x1={LEFT.to_string()} x2={(LEFT + plot_w).to_string()}
                    y1={base.to_string()} y2={base.to_string()} class="ms-axis" />
                { for months.iter().enumerate().map(|(i, m)| {
                    let x = LEFT + i as f64 * slot;
                    let h = scale.at(m.minutes);
                    let bar_w = (slot * 0.72).max(1.0);
                    let tip = format!("{}: {} ({})", format::month(&m.month),
                        format::time(m.minutes),
                        format::count(m.contacts, "contact", "contacts"));
                    html! {
                        <g class="ms-bar">
                            <rect x={(x + (slot - bar_w) / 2.0).to_string()} y={(base - h).to_string()}
                                width={bar_w.to_string()} height={h.to_string()} class="ms-fill">
                                <title>{ tip }</title>
                            </rect>
                            if i % every == 0 {
                                <text x={(x + slot / 2.0).to_string()} y={(base + 18.0).to_string()}
                                    text-anchor="middle" class="ms-tick-label">{ format::month(&m.month) }</text>
                            }
                        </g>
                    }
                })}
                <text x={(LEFT + plot_w / 2.0).to_string()} y={(HEIGHT - 10.0).to_string()}
                    text-anchor="middle" class="ms-axis-label">{ units }</text>
                <text transform={format!("translate(16 {}) rotate(-90)", TOP + plot_h / 2.0)}
                    text-anchor="middle" class="ms-axis-label">{ per_name }</text>
            </svg>
            </div>
            { numbers("Minutes per month, numbers".into(), "Minutes and held contacts per month, all sites".into(),
                units.into(),
                html! { <>
                    { num_head(Html::from("Minutes")) }{ num_head(Html::from("Time")) }
                    { num_head(Html::from("Contacts")) }
                </> },
                months.iter().map(|m| row(m.month.clone(), Html::from(format::month(&m.month)), html! { <>
                    { num(format::number(m.minutes, 1)) }{ num(format::time(m.minutes)) }
                    { num(m.contacts.to_string()) }
                </> })).collect(), true) }
        </figure>
    }
}
