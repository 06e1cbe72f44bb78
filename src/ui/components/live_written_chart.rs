//! Chart: each site's minutes split into live contact (phone, video, in
//! person) and written contact (email, SMS), as a bar stacked to 100%,
//! each part labelled with its share where it has room.

use yew::prelude::*;

use super::svg::{
    figure, name_label, num, num_head, numbers, percent_ticks, plot, row, site_view_controls, text,
    use_chart_sites, BarRows, Figure, Level, Numbers, Plot, Sizing,
};
use super::ReportProps;
use crate::ui::bidi::{self, isolate};
use crate::ui::chart::{live_split, LiveSplit, Scale};
use crate::ui::format;
use crate::ui::palette::{LIVE_COLOUR, OTHER_COLOUR, WRITTEN_COLOUR};
use mentoring_stats_engine::report::SiteStats;

const WIDTH: f64 = 560.0;
const LABELS: f64 = 150.0;
const RIGHT: f64 = 24.0;
const BAR: f64 = 22.0;
const ROWS: BarRows = BarRows {
    left: LABELS,
    length: WIDTH - LABELS - RIGHT,
    bar: BAR,
};
/// The narrowest part (drawing units) its share is written in.
const LABEL_ROOM: f64 = 46.0;

/// The id of the written part's hatching.
const HATCH: &str = "ms-lw-hatch";

/// A part of a bar: its start and width (percent), class, fill and the
/// share written in it (where it has room), with its tooltip.
fn part(
    y: f64,
    scale: &Scale,
    (start, share): (f64, f64),
    class: &'static str,
    fill: String,
    tip: String,
) -> Html {
    let x = LABELS + scale.at(start);
    let w = scale.at(share);
    if w <= 0.0 {
        return Html::default();
    }
    let label = (w >= LABEL_ROOM).then(|| {
        text(
            x + w / 2.0,
            y + BAR / 2.0 + 4.5,
            "middle",
            Some(class),
            Html::from(format::percent(Some(share))),
        )
    });
    html! {
        <>
            <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={BAR.to_string()}
                fill={fill} class="ms-segment">
                <title>{ tip }</title>
            </rect>
            { label.unwrap_or_default() }
        </>
    }
}

/// A legend entry: a swatch (hatched for the written part) and its name.
fn legend_item(key: &'static str, fill: &'static str, hatched: bool, name: &'static str) -> Html {
    html! {
        <li data-part={key}>
            <svg class="ms-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                <rect width="18" height="18" rx="2" fill={fill} class="ms-swatch-edge" />
                if hatched {
                    <rect width="18" height="18" rx="2" fill={format!("url(#{HATCH})")} class="ms-pattern" />
                }
            </svg>
            { name }
        </li>
    }
}

/// Live and written shares of each site's minutes, with a legend and the
/// numbers.
#[component(LiveWrittenChart)]
pub fn live_written_chart(props: &ReportProps) -> Html {
    let (view, shown) = use_chart_sites(&props.report);
    let sites = &shown.sites;
    let splits: Vec<_> = sites.iter().map(live_split).collect();
    let any_other = splits.iter().any(|s| s.other_minutes > 0.0);
    let scale = ROWS.scale(100.0);
    let (top, axis_y) = ROWS.span(sites.len());
    let desc = format!(
        "Bars stacked to 100% of each site's minutes, one per site: live contact (phone, video, in person) in dark blue from the left, written contact (email, SMS) hatched in light amber{}. Each part's share is written in it where it has room.",
        if any_other { ", then other modes in grey" } else { "" }
    );
    let body = html! { <>
        <defs>
            <pattern id={HATCH} width="6" height="6" patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)">
                <line x1="0" y1="0" x2="0" y2="6" class="ms-written-hatch" />
            </pattern>
        </defs>
        { percent_ticks(LABELS, &scale, top, axis_y) }
        { for sites.iter().zip(&splits).enumerate().map(|(i, (s, split))| {
            bar(ROWS.y(i), s, split, &scale)
        })}
        { ROWS.axis_title(sites.len(), Html::from("Share of the site's minutes")) }
    </> };
    figure(
        Figure {
            id: "ms-chart-live".into(),
            heading: Html::from("Live and written contact per site"),
            level: Level::H3,
            class: None,
            data: Vec::new(),
        },
        html! { <>
            { site_view_controls(&view, &shown, "Live and written contact per site") }
            <ul class="ms-legend" aria-label="Parts of each bar">
                { legend_item("live", LIVE_COLOUR, false, "Live: phone, video, in person") }
                { legend_item("written", WRITTEN_COLOUR, true, "Written: email, SMS") }
                if any_other {
                    { legend_item("other", OTHER_COLOUR, false, "Other") }
                }
            </ul>
            { plot(Plot {
                id: "ms-chart-live".into(),
                size: (WIDTH, ROWS.height(sites.len())),
                sizing: Sizing::AtLeast("ms-svg-560"),
                region: Some("Live and written contact per site, chart"),
                title: "Share of each site's minutes in live and in written contact".into(),
                desc,
            }, body) }
            { numbers(Numbers {
                label: "Live and written contact per site, numbers".into(),
                caption: "Minutes and held contacts per site, live and written, with their share of the site's minutes".into(),
                first: "Site".into(),
                heads: html! { <>
                    { num_head(Html::from("Live time")) }
                    { num_head(Html::from("Written time")) }
                    if any_other { { num_head(Html::from("Other time")) } }
                    { num_head(Html::from("Live contacts")) }
                    { num_head(Html::from("Written contacts")) }
                </> },
                rows: sites.iter().zip(&splits).map(|(s, split)| numbers_row(s, split, any_other)).collect(),
                tall: false,
                id: None,
            }) }
        </> },
    )
}

/// A site's bar at `y`: its name, then its live, written and other parts
/// (the written part hatched), in an outline of the whole; "no minutes"
/// where it has none.
fn bar(y: f64, s: &SiteStats, split: &LiveSplit, scale: &Scale) -> Html {
    let baseline = ROWS.baseline(y);
    let Some((live, written, other)) = split.shares() else {
        return html! {
            <g class="ms-bar" data-site={s.site.clone()}>
                { name_label(LABELS - 8.0, baseline, &s.site) }
                { text(LABELS + 6.0, baseline, "start", Some("ms-value"), Html::from("no minutes")) }
            </g>
        };
    };
    let name = isolate(&s.site);
    let tip = |what: &str, minutes: f64, share: f64, contacts: u64| {
        format!(
            "{name} – {what}: {} ({} of the site's minutes; {})",
            format::time(minutes),
            format::percent(Some(share)),
            format::count(contacts, "contact", "contacts")
        )
    };
    html! {
        <g class="ms-bar" data-site={s.site.clone()}
            data-live={live.to_string()} data-written={written.to_string()}>
            { name_label(LABELS - 8.0, baseline, &s.site) }
            { part(y, scale, (0.0, live), "ms-on-dark", LIVE_COLOUR.to_string(),
                tip("live", split.live_minutes, live, split.live_contacts)) }
            { part(y, scale, (live, written), "ms-on-light", WRITTEN_COLOUR.to_string(),
                tip("written", split.written_minutes, written, split.written_contacts)) }
            if written > 0.0 {
                <rect x={(LABELS + scale.at(live)).to_string()} y={y.to_string()}
                    width={scale.at(written).to_string()} height={BAR.to_string()}
                    fill={format!("url(#{HATCH})")} class="ms-pattern" />
            }
            { part(y, scale, (live + written, other), "ms-on-light", OTHER_COLOUR.to_string(),
                tip("other", split.other_minutes, other, split.other_contacts)) }
            <rect x={LABELS.to_string()} y={y.to_string()} width={scale.length.to_string()}
                height={BAR.to_string()} class="ms-bar-outline" />
        </g>
    }
}

/// A site's row of the numbers: each part's time and share (a dash where
/// the site has no minutes), and its live and written contacts.
fn numbers_row(s: &SiteStats, split: &LiveSplit, any_other: bool) -> Html {
    let shares = split.shares();
    let cell = |minutes: f64, share: Option<f64>| {
        num(match share {
            Some(p) => format!("{} ({})", format::time(minutes), format::percent(Some(p))),
            None => "–".to_string(),
        })
    };
    row(
        s.site.clone(),
        bidi::name(&s.site),
        html! { <>
            { cell(split.live_minutes, shares.map(|x| x.0)) }
            { cell(split.written_minutes, shares.map(|x| x.1)) }
            if any_other { { cell(split.other_minutes, shares.map(|x| x.2)) } }
            { num(format::number(split.live_contacts as f64, 0)) }
            { num(format::number(split.written_contacts as f64, 0)) }
        </> },
    )
}
