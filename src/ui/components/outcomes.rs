//! Support and outcomes by site: each outcome measure of the site outcome
//! file against the sites' mentoring. A table of Spearman's rho per
//! measure, one scatter plot per measure (minutes per month across, the
//! measure up, each point labelled with its site, rho and n under it),
//! and every point in one table with its CSV download.

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use super::svg::{
    axis_title, figure, line, num, num_head, numbers, plot, row, x_tick, y_axis_title, y_tick,
    Figure, Level, Numbers, Plot, Sizing,
};
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{
    fit, no_rho, place_labels, range_axis, text_width, tick_decimals, truncate, NoRho,
};
use crate::ui::components::data_table::DataTable;
use crate::ui::components::notices::notice_item;
use crate::ui::format;
use crate::ui::reading::control_of;
use crate::ui::table::Direction;
use crate::ui::tables;
use mentoring_stats_engine::report::{OutcomeStats, Report, SiteStats};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 380.0;
/// The plot area: left, top, right, bottom.
const LEFT: f64 = 70.0;
const TOP: f64 = 14.0;
/// Room is left to the right of the plot for the labels of its
/// rightmost points.
const RIGHT: f64 = 530.0;
const BOTTOM: f64 = HEIGHT - 52.0;
/// The room a site's name beside its point may take, in pixels: what a
/// name of 20 characters took when names were cut by their count.
const LABEL_ROOM: f64 = 136.0;
/// The size of a point's label (`.ms-point-label` in `styles/main.css`).
const LABEL_PX: f64 = 12.0;

/// The caution SPEC asks for under each plot.
pub fn caution(sites: usize) -> String {
    format!(
        "A correlation across {}; it does not show that mentoring caused the difference.",
        format::count(sites as u64, "site", "sites")
    )
}

/// How a rho is written: `ρ = 0.74 (n = 11 sites)`, or why there is none.
pub fn rho_text(rho: Option<f64>, pairs: &[(f64, f64)], measure: &str, minutes: &str) -> String {
    let n = format::count(pairs.len() as u64, "site", "sites");
    match (rho, no_rho(pairs)) {
        (Some(r), _) => format!("ρ = {} (n = {n})", format::number(r, 2)),
        (None, Some(NoRho::TooFew(_))) => {
            format!("no ρ: fewer than 3 sites have both figures (n = {n})")
        }
        (None, Some(NoRho::SameMeasure)) => {
            format!(
                "no ρ: every site has the same “{measure}”, so there is no order to rank (n = {n})"
            )
        }
        (None, Some(NoRho::SameMinutes)) => {
            format!(
                "no ρ: every site has the same {minutes}, so there is no order to rank (n = {n})"
            )
        }
        (None, None) => format!("no ρ (n = {n})"),
    }
}

/// Props of [`OutcomesSection`].
#[derive(Properties)]
pub struct OutcomesProps {
    /// The report (with `outcomes`).
    pub report: Rc<Report>,
    /// The notices about the site outcome file.
    pub notices: Vec<String>,
    /// The names of the files given (record and outcome files), to set
    /// them apart in the notices.
    pub names: Vec<String>,
    /// The site outcome file's name.
    pub file: AttrValue,
}

impl PartialEq for OutcomesProps {
    /// The report by identity (a report of many sites is not walked).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && self.notices == other.notices
            && self.names == other.names
            && self.file == other.file
    }
}

/// The outcomes of the sites against their mentoring.
#[component(OutcomesSection)]
pub fn outcomes_section(props: &OutcomesProps) -> Html {
    let report = props.report.clone();
    let measures = use_memo(super::Same(report.clone()), |super::Same(r)| {
        tables::outcome_measures(r)
    });
    let sites = use_memo(super::Same(report.clone()), |super::Same(r)| {
        tables::outcome_sites(r)
    });
    let csv = use_memo(super::Same(report.clone()), |super::Same(r)| {
        let report = r.clone();
        Rc::new(move || tables::outcome_sites_csv(&report)) as super::data_table::CsvSource
    });
    let names: Vec<&str> = props.names.iter().map(String::as_str).collect();
    let key = tables::measure_keys(&report).join("\u{1f}");
    html! {
        <section class="ms-outcomes" id="ms-outcomes" aria-labelledby="ms-outcomes-title">
            <h3 id="ms-outcomes-title">{ "Support and outcomes by site" }</h3>
            <p class="ms-note">
                { "Each measure of " }{ bidi::file_name(&props.file) }
                { " set against the mentoring each site had: one point per site, minutes of mentoring per month across, the measure up. Spearman's ρ is the rank correlation (from −1, the order reversed, through 0, no relation, to 1, the same order; sites with equal values share their ranks); it is not computed for fewer than 3 sites, or when every site has the same value." }
            </p>
            if !props.notices.is_empty() {
                <h4 id="ms-outcome-notices-heading">{ "How the site outcome file was read" }</h4>
                <ul id="ms-outcome-notices" class="ms-notices" aria-labelledby="ms-outcome-notices-heading">
                    { for props.notices.iter().map(|n| notice_item(n, &names, control_of(n, &[]))) }
                </ul>
            }
            <h4 id="ms-outcome-measures-heading">{ "Spearman's ρ of each measure" }</h4>
            <DataTable key={key.clone()} table={measures} sortable=false />
            <div class="ms-charts ms-outcome-charts">
                { for (0..report.outcomes.len()).map(|i| html! {
                    <OutcomeChart key={i} report={report.clone()} index={i} />
                }) }
            </div>
            <h4 id="ms-outcome-sites-heading">{ "Outcomes and mentoring per site" }</h4>
            <p class="ms-note">
                { "The points of every plot: each site with a value of a measure, its mentoring, and its values. The CSV has one row per site and one column per measure, headed as in the outcome file, for a statistics package." }
            </p>
            <DataTable key={key} table={sites} initial_sort={Some((0, Direction::Ascending))}
                csv={Some((*csv).clone())} csv_label="Download site outcomes (CSV)" />
        </section>
    }
}

/// Props of [`OutcomeChart`].
#[derive(Properties)]
pub struct OutcomeChartProps {
    /// The report.
    pub report: Rc<Report>,
    /// Which measure of `report.outcomes`.
    pub index: usize,
}

impl PartialEq for OutcomeChartProps {
    /// The report by identity (a report of many sites is not walked).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report) && self.index == other.index
    }
}

/// A site's point of a plot: its name, its value of the measure, its
/// minutes per month (none where it has no months) and its total minutes.
type Point<'a> = (&'a str, f64, Option<f64>, f64);

/// The points of measure `o`, each with its site's figures (a point's
/// site is always one of the report's).
fn points<'a>(r: &'a Report, o: &'a OutcomeStats) -> Vec<Point<'a>> {
    let by_site: HashMap<&str, &SiteStats> = r.sites.iter().map(|s| (s.site.as_str(), s)).collect();
    o.points
        .iter()
        .filter_map(|p| {
            let s = by_site.get(p.site.as_str())?;
            Some((
                p.site.as_str(),
                p.value,
                s.minutes_per_month,
                s.total_minutes,
            ))
        })
        .collect()
}

/// One measure against minutes per month: a scatter plot, rho and n, the
/// caution, and its numbers.
#[component(OutcomeChart)]
pub fn outcome_chart(props: &OutcomeChartProps) -> Html {
    let r = &props.report;
    let Some(o) = r.outcomes.get(props.index) else {
        return Html::default();
    };
    let i = props.index;
    let points = points(r, o);
    // The sites plotted: those with minutes per month.
    let plotted: Vec<(&str, f64, f64)> = points
        .iter()
        .filter_map(|&(site, value, per_month, _)| Some((site, value, per_month?)))
        .collect();
    let month_pairs: Vec<(f64, f64)> = plotted.iter().map(|&(_, v, m)| (v, m)).collect();
    let total_pairs: Vec<(f64, f64)> = points.iter().map(|&(_, v, _, t)| (v, t)).collect();
    let measure = o.measure.as_str();
    let per_month = rho_text(
        o.spearman_minutes_per_month,
        &month_pairs,
        measure,
        "minutes per month",
    );
    let total = rho_text(
        o.spearman_total_minutes,
        &total_pairs,
        measure,
        "total minutes",
    );
    let raw = |x: Option<f64>| x.map_or_else(String::new, |x| x.to_string());
    let id = format!("ms-outcome-{i}");
    let chart = drawing(&id, &plotted, measure, &per_month);
    figure(
        Figure {
            id,
            heading: bidi::name(measure),
            level: Level::H4,
            class: Some("ms-outcome-chart"),
            data: vec![
                ("data-index", i.to_string()),
                ("data-sites", o.sites.to_string()),
                ("data-n", month_pairs.len().to_string()),
                ("data-rho", raw(o.spearman_minutes_per_month)),
                ("data-n-total", total_pairs.len().to_string()),
                ("data-rho-total", raw(o.spearman_total_minutes)),
            ],
        },
        html! { <>
            { chart }
            <p class="ms-rho">
                { "Spearman's " }{ bidi::prose(&per_month, &[]) }{ " with minutes per month; " }
                { bidi::prose(&total, &[]) }{ " with total minutes." }
            </p>
            if o.spearman_minutes_per_month.is_some() || o.spearman_total_minutes.is_some() {
                <p class="ms-caution">{ caution(month_pairs.len().max(total_pairs.len())) }</p>
            }
            { point_numbers(measure, &points) }
        </> },
    )
}

/// The plot of `plotted` (site, value, minutes per month) with its title
/// and description, which says `rho`; a note where there is nothing to
/// plot.
fn drawing(id: &str, plotted: &[(&str, f64, f64)], measure: &str, rho: &str) -> Html {
    if plotted.is_empty() {
        return html! {
            <p class="ms-note ms-empty">
                { "No site with a held contact has a value of this measure: there is nothing to plot. The notices above say which sites matched." }
            </p>
        };
    }
    let desc = format!(
        "A scatter plot of {} sites: minutes of mentoring per month across, “{}” up, one labelled point per site. Spearman's {rho}.",
        plotted.len(),
        isolate(measure),
    );
    plot(
        Plot {
            id: id.to_string(),
            size: (WIDTH, HEIGHT),
            sizing: Sizing::Fluid,
            region: None,
            title: format!(
                "{} against minutes of mentoring per month, by site",
                isolate(measure)
            ),
            desc,
        },
        scatter(plotted, measure),
    )
}

/// The numbers of a plot: each site with a value of the measure, its
/// minutes per month and in all, and its value.
fn point_numbers(measure: &str, points: &[Point]) -> Html {
    numbers(Numbers {
        label: format!("{}, numbers", isolate(measure)).into(),
        caption: format!("{} and mentoring by site", isolate(measure)).into(),
        first: "Site".into(),
        heads: html! { <>
            { num_head(Html::from("Minutes per month")) }{ num_head(Html::from("Total time")) }
            { num_head(bidi::name(measure)) }
        </> },
        rows: points
            .iter()
            .map(|&(site, value, month, total)| {
                row(
                    site.to_string(),
                    bidi::name(site),
                    html! { <>
                        { num(format::maybe(month, 1)) }{ num(format::time(total)) }
                        { num(format::number(value, 2)) }
                    </> },
                )
            })
            .collect(),
        tall: false,
        id: None,
    })
}

/// A site's name as written beside its point, cut to its room by the
/// widths of its letters (as the other charts cut a name), and the width
/// it takes there.
fn point_label(site: &str) -> (String, f64) {
    let label = fit(site, LABEL_ROOM, LABEL_PX);
    let width = text_width(&label, LABEL_PX);
    (label, width)
}

/// An axis over the range of `values`: its low and high ends, its ticks
/// and the decimals that tell them apart.
fn value_axis(values: impl Iterator<Item = f64> + Clone) -> (f64, f64, Vec<f64>, usize) {
    let (low, high, ticks) = range_axis(
        values.clone().fold(f64::INFINITY, f64::min),
        values.fold(f64::NEG_INFINITY, f64::max),
        5,
    );
    let decimals = tick_decimals(ticks.get(1).map_or(1.0, |t| t - low));
    (low, high, ticks, decimals)
}

/// Where `v` falls between `low` and `high`, from 0 to 1 (the middle where
/// they are one).
fn share(v: f64, low: f64, high: f64) -> f64 {
    if high > low {
        ((v - low) / (high - low)).clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// The scatter plot of `plotted` (site, value, minutes per month): its
/// axes, the points and their labels, each beside its point or joined to
/// it by a line.
fn scatter(plotted: &[(&str, f64, f64)], measure: &str) -> Html {
    // Both axes over the values' range (a rank correlation is about
    // order, and sites' minutes per month seldom start near 0).
    // The time axis counts in the unit of the number format chosen.
    let (per, per_name) = format::axis_unit();
    let (x_low, x_high, x_ticks, x_decimals) = value_axis(plotted.iter().map(|p| p.2 / per));
    let (x_low, x_high) = (x_low * per, x_high * per);
    let (y_low, y_high, y_ticks, y_decimals) = value_axis(plotted.iter().map(|p| p.1));
    let x_at = |minutes: f64| LEFT + share(minutes, x_low, x_high) * (RIGHT - LEFT);
    let y_at = |v: f64| BOTTOM - share(v, y_low, y_high) * (BOTTOM - TOP);
    let at: Vec<(f64, f64)> = plotted
        .iter()
        .map(|&(_, v, m)| (x_at(m), y_at(v)))
        .collect();
    let (labels, widths): (Vec<String>, Vec<f64>) =
        plotted.iter().map(|p| point_label(p.0)).unzip();
    let spots = place_labels(&at, &widths, (LEFT, 0.0, WIDTH, BOTTOM));
    html! { <>
        { for x_ticks.iter().map(|&t| x_tick(x_at(t * per), TOP, BOTTOM, format::number(t, x_decimals))) }
        { for y_ticks.iter().map(|&t| y_tick(y_at(t), LEFT, RIGHT, format::number(t, y_decimals))) }
        { line(LEFT, TOP, LEFT, BOTTOM, "ms-axis") }
        { line(LEFT, BOTTOM, RIGHT, BOTTOM, "ms-axis") }
        { for spots.iter().zip(&at).zip(&widths).filter(|((s, _), _)| s.leader).map(|((spot, &(x, y)), &w)| {
            let (to_x, to_y) = spot.leader_end(x, y, w);
            line(x, y, to_x, to_y, "ms-leader")
        }) }
        { for plotted.iter().zip(&at).map(|(&(site, value, month), &(x, y))| {
            let tip = format!("{}: {} minutes per month; {} {}", isolate(site),
                format::number(month, 1), isolate(measure), format::number(value, 2));
            html! {
                <circle cx={x.to_string()} cy={y.to_string()} r="4.5" class="ms-point">
                    <title>{ tip }</title>
                </circle>
            }
        }) }
        { for labels.iter().zip(&spots).map(|(label, spot)| html! {
            <text x={spot.x.to_string()} y={spot.y.to_string()} text-anchor={spot.anchor}
                class="ms-point-label">{ isolate(label) }</text>
        }) }
        { axis_title((LEFT + RIGHT) / 2.0, HEIGHT - 10.0,
            Html::from(format!("{per_name} of mentoring per month (held contacts)"))) }
        { y_axis_title((TOP + BOTTOM) / 2.0, Html::from(isolate(&truncate(measure, 44)))) }
    </> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_label_is_cut_to_its_room_by_the_widths_of_its_letters() {
        // By hand, in hundredths of an em: "Dunmore Infirmary" is D 78 u 64
        // n 64 m 98 o 62 r 42 e 62, the space 32, I 30 n 64 f 36 i 28 r 42
        // m 98 a 62 r 42 y 60: 964, so 115.68 px at 12 px, whole.
        let (label, width) = point_label("Dunmore Infirmary");
        assert_eq!(label, "Dunmore Infirmary");
        assert!((width - 115.68).abs() < 1e-9);
        // Narrow letters: 27 characters in 1,109 hundredths (133.08 px)
        // fit whole, where a cut at 20 characters took 7 off.
        assert_eq!(
            point_label("Illinois Hill Clinic, Lisle").0,
            "Illinois Hill Clinic, Lisle"
        );
        // Wide letters: 136 px at 12 px is 1,133.3 hundredths; "…" takes
        // 100, leaving 1,033.3: ten W of 99 take 990, an eleventh 1,089.
        // Twenty W cut at 20 characters took 237.7 px, past the room.
        let (label, width) = point_label("WWWWWWWWWWWWWWWWWWWWWW");
        assert_eq!(label, "WWWWWWWWWW…");
        assert!((width - 130.8).abs() < 1e-9 && width <= LABEL_ROOM);
    }

    #[test]
    fn rho_is_written_with_its_n_or_why_there_is_none() {
        let three = [(1.0, 10.0), (2.0, 30.0), (3.0, 20.0)];
        assert_eq!(
            rho_text(Some(0.5), &three, "Retention", "minutes per month"),
            "ρ = 0.5 (n = 3 sites)"
        );
        assert_eq!(
            rho_text(None, &three[..2], "Retention", "minutes per month"),
            "no ρ: fewer than 3 sites have both figures (n = 2 sites)"
        );
        let flat = [(1.0, 10.0), (1.0, 30.0), (1.0, 20.0)];
        assert_eq!(
            rho_text(None, &flat, "Retention", "minutes per month"),
            "no ρ: every site has the same “Retention”, so there is no order to rank (n = 3 sites)"
        );
        let same_minutes = [(1.0, 10.0), (2.0, 10.0), (3.0, 10.0)];
        assert!(rho_text(None, &same_minutes, "R", "total minutes")
            .contains("every site has the same total minutes"));
        assert_eq!(
            caution(11),
            "A correlation across 11 sites; it does not show that mentoring caused the difference."
        );
    }
}
