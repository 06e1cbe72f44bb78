//! Chart geometry as plain functions: scales, axis ticks, stacked
//! segments, the monthly series and the mode colours. The chart
//! components draw SVG from these; the numbers are tested natively.

use std::collections::HashMap;

use mentoring_stats_engine::report::{
    MentorMonthStats, MentorStats, MonthStats, Report, SiteStats,
};
use mentoring_stats_engine::Mode;

/// A linear scale from `0..=max` (data) to `0..=length` (drawing units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The data value drawn at the far end.
    pub max: f64,
    /// The drawing length of the axis.
    pub length: f64,
}

impl Scale {
    /// Where `value` is drawn: `0` at 0, `length` at `max`; values outside
    /// are clamped; with no range everything is at 0.
    pub fn at(&self, value: f64) -> f64 {
        if self.max > 0.0 && value.is_finite() {
            (value / self.max).clamp(0.0, 1.0) * self.length
        } else {
            0.0
        }
    }
}

/// A "nice" step of about `raw`: 1, 2, 2.5 or 5 times a power of ten, no
/// smaller than `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&n| fraction <= n + 1e-9)
        .unwrap_or(10.0);
    nice * power
}

/// An axis for values from 0 to `max` with about `ticks` intervals: the
/// axis end (a multiple of a nice step, at least `max`) and the tick
/// values from 0 to it. With nothing to show (`max` 0) the axis is 0..1.
pub fn axis(max: f64, ticks: usize) -> (f64, Vec<f64>) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let step = nice_step(max / ticks.max(1) as f64);
    let intervals = (max / step - 1e-9).ceil().max(1.0) as usize;
    let end = step * intervals as f64;
    let values = (0..=intervals).map(|i| step * i as f64).collect();
    (end, values)
}

/// An axis of times from 0 to `max` minutes whose ticks fall on round
/// numbers of a unit `per` minutes long (60: hours), about `ticks`
/// intervals: its end and its ticks, in minutes.
pub fn time_axis(max: f64, per: f64, ticks: usize) -> (f64, Vec<f64>) {
    let (end, values) = axis(max / per, ticks);
    (end * per, values.iter().map(|t| t * per).collect())
}

/// Every how many labels one is drawn so that labels `label_width` wide
/// do not overlap along `length` units holding `count` of them.
pub fn label_every(count: usize, length: f64, label_width: f64) -> usize {
    if count == 0 || length <= 0.0 {
        return 1;
    }
    let slot = length / count as f64;
    (label_width / slot).ceil().max(1.0) as usize
}

/// `name` cut to at most `max` characters, with `…` where it was cut.
pub fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let kept: String = name.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Advance widths of the printable ASCII characters (space to `~`), in
/// hundredths of an em, rounded up, as DejaVu Sans draws them. Of the
/// fonts the page's `system-ui, …, sans-serif` falls back to, it is the
/// widest (Arial, Helvetica, Roboto and Segoe UI are narrower), so a
/// label that fits by these widths fits in any of them.
const ASCII_WIDTHS: [u8; 95] = [
    32, 41, 46, 84, 64, 96, 78, 28, 40, 40, 50, 84, 32, 37, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 54, 100, 69, 69, 70, 78, 64, 58, 78, 76, 30, 30, 66, 56, 87, 75,
    79, 61, 79, 70, 64, 62, 74, 69, 99, 69, 62, 69, 40, 34, 40, 84, 50, 50, 62, 64, 55, 64, 62, 36,
    64, 64, 28, 28, 58, 28, 98, 64, 62, 64, 64, 42, 53, 40, 64, 60, 82, 60, 60, 53, 64, 34, 64, 84,
];

/// A character's width in hundredths of an em, at most: ASCII as
/// measured, combining marks and invisible format characters none,
/// accented Latin, Greek and Cyrillic letters 0.8 em (the widest common
/// ones, `Æ` and `Œ`, are about 1 em), anything else (CJK among them) 1 em.
fn char_width(c: char) -> u32 {
    match c {
        ' '..='~' => u32::from(ASCII_WIDTHS[c as usize - 0x20]),
        '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200f}' | '\u{2066}'..='\u{2069}' => 0,
        '\u{80}'..='\u{24f}' | '\u{370}'..='\u{4ff}' => 80,
        _ => 100,
    }
}

/// The size of a chart's text in pixels (`.ms-svg text` in
/// `styles/main.css`).
pub const TEXT_PX: f64 = 13.0;

/// The width `text` takes at `font_px` pixels, at most (see [`char_width`]).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars().map(char_width).sum::<u32>() as f64 * font_px / 100.0
}

/// `name` as shown in a label `room` pixels wide at `font_px`: whole where
/// it fits, else cut with `…` so that the whole label fits. A cut by
/// characters ([`truncate`]) left a name of wide letters wider than its
/// room, drawn past the chart's edge.
pub fn fit(name: &str, room: f64, font_px: f64) -> String {
    if text_width(name, font_px) <= room {
        return name.to_string();
    }
    let budget = room * 100.0 / font_px - f64::from(char_width('…'));
    let mut used = 0u32;
    let end = name
        .char_indices()
        .find(|&(_, c)| {
            used += char_width(c);
            f64::from(used) > budget
        })
        .map_or(name.len(), |(i, _)| i);
    format!("{}…", name[..end].trim_end())
}

/// One part of a stacked bar: a mode, its minutes, and where it lies in
/// percent of the bar (`start`, `share`).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// The mode.
    pub mode: Mode,
    /// Its minutes.
    pub minutes: f64,
    /// Where the segment starts, 0 to 100.
    pub start: f64,
    /// Its width, in percent of the bar.
    pub share: f64,
}

/// A site's minutes per mode as a bar stacked to 100%, in the report's
/// order of modes, leaving out modes without minutes. Empty when the site
/// has no minutes.
pub fn mode_stack(site: &SiteStats) -> Vec<Segment> {
    let total: f64 = site.by_mode.values().map(|m| m.minutes).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut start = 0.0;
    let mut segments = Vec::new();
    for mode in Mode::ALL {
        let minutes = site.by_mode.get(mode.as_str()).map_or(0.0, |m| m.minutes);
        if minutes > 0.0 {
            let share = 100.0 * minutes / total;
            segments.push(Segment {
                mode,
                minutes,
                start,
                share,
            });
            start += share;
        }
    }
    segments
}

/// A site's minutes and held contacts split into live (phone, video, in
/// person), written (email, SMS) and other contacts: the parts of its
/// live-versus-written bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LiveSplit {
    /// Minutes of live contacts.
    pub live_minutes: f64,
    /// Minutes of written contacts.
    pub written_minutes: f64,
    /// Minutes of contacts of another mode.
    pub other_minutes: f64,
    /// Live held contacts.
    pub live_contacts: u64,
    /// Written held contacts.
    pub written_contacts: u64,
    /// Held contacts of another mode.
    pub other_contacts: u64,
}

impl LiveSplit {
    /// All minutes.
    pub fn minutes(&self) -> f64 {
        self.live_minutes + self.written_minutes + self.other_minutes
    }

    /// Each part's share of the minutes, in percent (live, written,
    /// other); `None` without minutes.
    pub fn shares(&self) -> Option<(f64, f64, f64)> {
        let total = self.minutes();
        (total > 0.0).then(|| {
            (
                100.0 * self.live_minutes / total,
                100.0 * self.written_minutes / total,
                100.0 * self.other_minutes / total,
            )
        })
    }
}

/// The live, written and other parts of a site's minutes and contacts,
/// from its minutes per mode (so that the others' summed bar has them
/// too). The live share is the report's `live_minutes_pct`.
pub fn live_split(site: &SiteStats) -> LiveSplit {
    let mut split = LiveSplit {
        live_minutes: 0.0,
        written_minutes: 0.0,
        other_minutes: 0.0,
        live_contacts: 0,
        written_contacts: 0,
        other_contacts: 0,
    };
    for mode in Mode::ALL {
        let Some(m) = site.by_mode.get(mode.as_str()) else {
            continue;
        };
        let (minutes, contacts) = if mode.is_live() {
            (&mut split.live_minutes, &mut split.live_contacts)
        } else if mode.is_written() {
            (&mut split.written_minutes, &mut split.written_contacts)
        } else {
            (&mut split.other_minutes, &mut split.other_contacts)
        };
        *minutes += m.minutes;
        *contacts += m.contacts;
    }
    split
}

/// How many sites a chart draws before it shows the top ones only.
pub const CHART_TOP: usize = 20;
/// How many sites a page of "show all" draws.
pub const CHART_PAGE: usize = 50;

/// Which sites a chart of many sites draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SiteView {
    /// The [`CHART_TOP`] sites with the most minutes, the others summed.
    #[default]
    Top,
    /// Every site, most minutes first, one page of [`CHART_PAGE`] at a time.
    All(usize),
}

/// The sites a chart draws: at most [`CHART_TOP`] + 1 or [`CHART_PAGE`]
/// of them, so that a chart of thousands of sites costs a screenful.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSites {
    /// The sites drawn, in order; with `rest`, the last one is the others
    /// summed (its `site` says how many).
    pub sites: Vec<SiteStats>,
    /// How many sites the last entry sums, if it does.
    pub rest: Option<usize>,
    /// The page shown and how many there are, in [`SiteView::All`].
    pub page: Option<(usize, usize)>,
    /// All sites with a held contact.
    pub total: usize,
}

/// The sites with a held contact, most minutes first (the report's name
/// order on a tie).
fn by_minutes(sites: &[SiteStats]) -> Vec<&SiteStats> {
    let mut order: Vec<&SiteStats> = sites.iter().filter(|s| s.contacts > 0).collect();
    order.sort_by(|a, b| b.total_minutes.total_cmp(&a.total_minutes));
    order
}

/// The sites `view` draws of `sites`. Up to [`CHART_TOP`] sites are all
/// drawn in the report's order, as always; beyond, the top ones by minutes
/// and one bar for the others, or a page of all of them.
pub fn chart_sites(sites: &[SiteStats], view: SiteView) -> ChartSites {
    let total = sites.iter().filter(|s| s.contacts > 0).count();
    if sites.len() <= CHART_TOP {
        return ChartSites {
            sites: sites.to_vec(),
            rest: None,
            page: None,
            total,
        };
    }
    let order = by_minutes(sites);
    match view {
        SiteView::Top => {
            let (top, others) = order.split_at(CHART_TOP.min(order.len()));
            let mut shown: Vec<SiteStats> = top.iter().map(|s| (*s).clone()).collect();
            if !others.is_empty() {
                shown.push(summed(others));
            }
            ChartSites {
                sites: shown,
                rest: (!others.is_empty()).then_some(others.len()),
                page: None,
                total,
            }
        }
        SiteView::All(page) => {
            let pages = order.len().div_ceil(CHART_PAGE).max(1);
            let page = page.min(pages - 1);
            let shown = order
                .iter()
                .skip(page * CHART_PAGE)
                .take(CHART_PAGE)
                .map(|s| (*s).clone())
                .collect();
            ChartSites {
                sites: shown,
                rest: None,
                page: Some((page, pages)),
                total,
            }
        }
    }
}

/// The sites `others` as one: their contacts, minutes and minutes per
/// mode summed (what the charts draw); the other figures do not add up
/// and are left empty.
fn summed(others: &[&SiteStats]) -> SiteStats {
    let mut by_mode: std::collections::BTreeMap<String, mentoring_stats_engine::report::ModeStats> =
        std::collections::BTreeMap::new();
    for site in others {
        for (mode, m) in &site.by_mode {
            let entry =
                by_mode
                    .entry(mode.clone())
                    .or_insert(mentoring_stats_engine::report::ModeStats {
                        contacts: 0,
                        minutes: 0.0,
                    });
            entry.contacts += m.contacts;
            entry.minutes += m.minutes;
        }
    }
    SiteStats {
        site: format!("Other {} sites", others.len()),
        mentees: others.iter().map(|s| s.mentees).sum(),
        contacts: others.iter().map(|s| s.contacts).sum(),
        total_minutes: others.iter().map(|s| s.total_minutes).sum(),
        first_contact: None,
        last_contact: None,
        months: None,
        minutes_per_month: None,
        minutes_per_mentee: None,
        live_minutes_pct: None,
        live_contacts_pct: None,
        by_mode,
        did_not_attend: 0,
        cancelled: 0,
        attendance_pct: None,
        live_session_minutes: mentoring_stats_engine::report::Summary {
            mean: None,
            median: None,
            min: None,
            max: None,
        },
        mentor_cost: None,
        mentee_cost: None,
        total_cost: None,
        cost_per_mentee: None,
        cost_per_month: None,
    }
}

/// One calendar month over all sites.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTotal {
    /// `YYYY-MM`.
    pub month: String,
    /// Held contacts.
    pub contacts: u64,
    /// Their minutes.
    pub minutes: f64,
}

fn parse_month(text: &str) -> Option<(i32, u32)> {
    let (y, m) = text.split_once('-')?;
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some((y, m))
}

/// The months of the report summed over sites, every month from the first
/// to the last included (months without a contact show as 0). One pass
/// over the report's entries, however many sites they span.
pub fn monthly_totals(months: &[MonthStats]) -> Vec<MonthTotal> {
    let mut sums: std::collections::BTreeMap<(i32, u32), (u64, f64)> =
        std::collections::BTreeMap::new();
    for m in months {
        if let Some(ym) = parse_month(&m.month) {
            let sum = sums.entry(ym).or_insert((0, 0.0));
            sum.0 += m.contacts;
            sum.1 += m.minutes;
        }
    }
    let (Some(&first), Some(&last)) = (sums.keys().next(), sums.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let (contacts, minutes) = sums.get(&(y, m)).copied().unwrap_or((0, 0.0));
        out.push(MonthTotal {
            month: format!("{y:04}-{m:02}"),
            contacts,
            minutes,
        });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The period a time chart draws one bar for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// A calendar month (`YYYY-MM`).
    Month,
    /// A quarter (`YYYY-Qn`).
    Quarter,
    /// A year (`YYYY`).
    Year,
}

impl Period {
    /// The period's name in a sentence (`quarter`) and as the heading of
    /// its axis (`Quarter`).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Period::Month => ("month", "Calendar month"),
            Period::Quarter => ("quarter", "Quarter"),
            Period::Year => ("year", "Year"),
        }
    }
}

/// Months a chart draws one by one; past this, quarters.
pub const MONTHS_SHOWN: usize = 36;
/// Quarters a chart draws one by one; past this, years.
pub const QUARTERS_SHOWN: usize = 40;

/// The period for a span of `months` months: months up to three years,
/// quarters up to ten, years beyond, so that a chart never has more than
/// about forty bars per screen's width.
pub fn period_for(months: usize) -> Period {
    if months <= MONTHS_SHOWN {
        Period::Month
    } else if months.div_ceil(3) <= QUARTERS_SHOWN {
        Period::Quarter
    } else {
        Period::Year
    }
}

/// The period of `month` (`YYYY-MM`): itself, `YYYY-Qn` or `YYYY`.
pub fn period_key(month: &str, period: Period) -> String {
    match (period, parse_month(month)) {
        (Period::Quarter, Some((y, m))) => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
        (Period::Year, Some((y, _))) => format!("{y:04}"),
        _ => month.to_string(),
    }
}

/// Consecutive months summed by `period` (in order, each period once).
pub fn grouped(months: &[MonthTotal], period: Period) -> Vec<MonthTotal> {
    let mut out: Vec<MonthTotal> = Vec::new();
    for m in months {
        let key = period_key(&m.month, period);
        match out.last_mut() {
            Some(last) if last.month == key => {
                last.contacts += m.contacts;
                last.minutes += m.minutes;
            }
            _ => out.push(MonthTotal {
                month: key,
                contacts: m.contacts,
                minutes: m.minutes,
            }),
        }
    }
    out
}

/// Every calendar month from `first` to `last` (`YYYY-MM`), both included;
/// empty when either does not read as a month or `last` is before `first`.
pub fn month_span(first: &str, last: &str) -> Vec<String> {
    let (Some(first), Some(last)) = (parse_month(first), parse_month(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// One row of the topics-by-site chart: a site and its minutes per topic
/// (in the report's order of topics), then its minutes without a topic.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteTopicRow {
    /// The site.
    pub site: String,
    /// The site's minutes, all topics.
    pub total: f64,
    /// Minutes of each topic of the report, in its order (0 where none).
    pub minutes: Vec<f64>,
    /// Minutes of the site's held contacts without a topic.
    pub untagged: f64,
}

/// The sites with a held contact, each with its minutes per topic (the
/// report's `site_topics`) and without one (the rest of its minutes; a
/// remainder under a millionth of a minute, left by adding split minutes,
/// is 0).
pub fn site_topic_rows(report: &Report) -> Vec<SiteTopicRow> {
    let topic_index: HashMap<&str, usize> = report
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.topic.as_str(), i))
        .collect();
    let mut by_site: HashMap<&str, Vec<f64>> = HashMap::new();
    for x in &report.site_topics {
        if let Some(&i) = topic_index.get(x.topic.as_str()) {
            by_site
                .entry(x.site.as_str())
                .or_insert_with(|| vec![0.0; report.topics.len()])[i] += x.minutes;
        }
    }
    report
        .sites
        .iter()
        .filter(|s| s.contacts > 0)
        .map(|s| {
            let minutes = by_site
                .remove(s.site.as_str())
                .unwrap_or_else(|| vec![0.0; report.topics.len()]);
            let tagged: f64 = minutes.iter().sum();
            let rest = s.total_minutes - tagged;
            SiteTopicRow {
                site: s.site.clone(),
                total: s.total_minutes,
                minutes,
                untagged: if rest > 1e-6 { rest } else { 0.0 },
            }
        })
        .collect()
}

/// The rows of the topics-by-site chart for the sites `view` draws (see
/// [`chart_sites`]): the top sites and one row summing the others, or a
/// page of all of them.
pub fn site_topic_rows_shown(report: &Report, view: SiteView) -> (Vec<SiteTopicRow>, ChartSites) {
    let shown = chart_sites(&report.sites, view);
    let mut rows: HashMap<String, SiteTopicRow> = site_topic_rows(report)
        .into_iter()
        .map(|r| (r.site.clone(), r))
        .collect();
    let named = shown.sites.len() - usize::from(shown.rest.is_some());
    let mut out: Vec<SiteTopicRow> = shown.sites[..named]
        .iter()
        .filter_map(|s| rows.remove(&s.site))
        .collect();
    if let Some(last) = shown.rest.and(shown.sites.last()) {
        // What is left in `rows` is exactly the others (sites without a
        // held contact have no row).
        let mut names: Vec<&String> = rows.keys().collect();
        names.sort();
        let mut sum = SiteTopicRow {
            site: last.site.clone(),
            total: 0.0,
            minutes: vec![0.0; report.topics.len()],
            untagged: 0.0,
        };
        for name in names {
            let r = &rows[name];
            sum.total += r.total;
            sum.untagged += r.untagged;
            for (a, b) in sum.minutes.iter_mut().zip(&r.minutes) {
                *a += b;
            }
        }
        out.push(sum);
    }
    (out, shown)
}

/// One mentor's minutes per month, over the months of all mentors.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorSeries {
    /// The mentor.
    pub mentor: String,
    /// Minutes in each month of [`Workload::months`] (0 where none).
    pub minutes: Vec<f64>,
    /// Held contacts in each month.
    pub contacts: Vec<u64>,
    /// Index of the mentor's peak month in [`Workload::months`], as the
    /// report gives it.
    pub peak: Option<usize>,
}

/// Every mentor's minutes per month, on one calendar from the first to the
/// last month any mentor has a held contact in.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// `YYYY-MM`, every month of the span.
    pub months: Vec<String>,
    /// One series per mentor with a held contact, in the report's order.
    pub mentors: Vec<MentorSeries>,
}

/// The mentors' workload from the report's `mentor_months` and `mentors`.
pub fn workload(mentors: &[MentorStats], mentor_months: &[MentorMonthStats]) -> Workload {
    let first = mentor_months.iter().map(|m| m.month.as_str()).min();
    let last = mentor_months.iter().map(|m| m.month.as_str()).max();
    let months = match (first, last) {
        (Some(first), Some(last)) => month_span(first, last),
        _ => Vec::new(),
    };
    let month_index: HashMap<&str, usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut series: Vec<MentorSeries> = mentors
        .iter()
        .filter(|m| m.contacts > 0)
        .map(|m| MentorSeries {
            mentor: m.mentor.clone(),
            minutes: vec![0.0; months.len()],
            contacts: vec![0; months.len()],
            peak: m
                .peak_month
                .as_deref()
                .and_then(|p| month_index.get(p).copied()),
        })
        .collect();
    let mentor_index: HashMap<String, usize> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.mentor.clone(), i))
        .collect();
    for mm in mentor_months {
        if let (Some(&who), Some(&when)) = (
            mentor_index.get(&mm.mentor),
            month_index.get(mm.month.as_str()),
        ) {
            series[who].minutes[when] += mm.minutes;
            series[who].contacts[when] += mm.contacts;
        }
    }
    Workload {
        months,
        mentors: series,
    }
}

/// Mentors a workload chart draws; past this, the ones with the most
/// minutes (the tables have them all).
pub const MENTORS_SHOWN: usize = 20;

/// `w` drawn by `period`: each mentor's minutes and contacts summed per
/// period, the peak marked on the period that holds the peak month.
pub fn workload_by(w: Workload, period: Period) -> Workload {
    if period == Period::Month {
        return w;
    }
    let keys: Vec<String> = w.months.iter().map(|m| period_key(m, period)).collect();
    let mut periods: Vec<String> = Vec::new();
    let mut index = Vec::with_capacity(keys.len());
    for key in &keys {
        if periods.last() != Some(key) {
            periods.push(key.clone());
        }
        index.push(periods.len() - 1);
    }
    let mentors = w
        .mentors
        .into_iter()
        .map(|m| {
            let mut minutes = vec![0.0; periods.len()];
            let mut contacts = vec![0; periods.len()];
            for (j, (&x, &c)) in m.minutes.iter().zip(&m.contacts).enumerate() {
                minutes[index[j]] += x;
                contacts[index[j]] += c;
            }
            MentorSeries {
                peak: m.peak.map(|p| index[p]),
                mentor: m.mentor,
                minutes,
                contacts,
            }
        })
        .collect();
    Workload {
        months: periods,
        mentors,
    }
}

/// The [`MENTORS_SHOWN`] mentors of `w` with the most minutes, in the
/// report's order, and how many are left out.
pub fn top_mentors(mut w: Workload) -> (Workload, usize) {
    let n = w.mentors.len();
    if n <= MENTORS_SHOWN {
        return (w, 0);
    }
    let total = |m: &MentorSeries| m.minutes.iter().sum::<f64>();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| total(&w.mentors[b]).total_cmp(&total(&w.mentors[a])));
    let mut keep: Vec<usize> = order[..MENTORS_SHOWN].to_vec();
    keep.sort_unstable();
    let mut mentors: Vec<Option<MentorSeries>> = w.mentors.drain(..).map(Some).collect();
    w.mentors = keep.iter().filter_map(|&i| mentors[i].take()).collect();
    (w, n - MENTORS_SHOWN)
}

/// The fill of a tile of `level` (0 to 1: its minutes / the most of any
/// tile), from a pale to a dark blue, and whether the number written in it
/// is white (else black): whichever stands out more (4.5:1 or more).
pub fn tile_colour(level: f64) -> (String, bool) {
    const PALE: [f64; 3] = [238.0, 244.0, 250.0];
    const DARK: [f64; 3] = [0.0, 62.0, 107.0];
    let t = if level.is_finite() {
        level.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |i: usize| (PALE[i] + (DARK[i] - PALE[i]) * t).round() as u8;
    let fill = format!("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
    let white = contrast_ratio(&fill, "#ffffff") > contrast_ratio(&fill, "#000000");
    (fill, white)
}

pub use crate::ui::palette::mode_colour;

fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let c = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// The WCAG contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// An axis over the values from `min` to `max`, for values that need
/// not start at 0 (an outcome measure): its ends, on a nice step, and the
/// ticks. It starts at 0 when every value is positive and the smallest is
/// no further from 0 than the spread (so that 5 to 18 reads from 0, and
/// 0.8 to 0.9 from about 0.8). An end that a value reaches, or nearly
/// (within a quarter step), moves out a step, so that no point sits on
/// the edge of the plot with no room for its label (0.8 to 0.9: 0.78 to
/// 0.92), except at a 0 the axis starts from. A single value gets a step
/// on either side.
pub fn range_axis(min: f64, max: f64, ticks: usize) -> (f64, f64, Vec<f64>) {
    let (data_min, max) = match (min.is_finite(), max.is_finite()) {
        (true, true) if min <= max => (min, max),
        _ => (0.0, 1.0),
    };
    let from_zero = data_min >= 0.0 && data_min <= max - data_min;
    let min = if from_zero { 0.0 } else { data_min };
    let spread = max - min;
    let step = if spread > 0.0 {
        nice_step(spread / ticks.max(1) as f64)
    } else {
        let size = if max == 0.0 { 1.0 } else { max.abs() };
        nice_step(size / ticks.max(1) as f64)
    };
    // Indices of the ends on the step's grid (rounded a little inwards
    // first, so that 0.8 / 0.05 = 16.000000000000004 stays 16).
    let mut low = (min / step + 1e-9).floor();
    let mut high = (max / step - 1e-9).ceil();
    if high <= low {
        low -= 1.0;
        high = low + 2.0;
    }
    if high - max / step < 0.25 {
        high += 1.0;
    }
    if !from_zero && data_min / step - low < 0.25 {
        low -= 1.0;
    }
    let values: Vec<f64> = (0..=(high - low) as usize)
        .map(|i| (low + i as f64) * step)
        .collect();
    (low * step, high * step, values)
}

/// Decimals that show every tick of an axis with step `step` (0.25: 2).
pub fn tick_decimals(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Where a label is written beside its point, and how it is anchored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSpot {
    /// The text's x (where its anchor is).
    pub x: f64,
    /// Its baseline.
    pub y: f64,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// Whether it is set away from its point (a line then joins them).
    pub leader: bool,
}

impl LabelSpot {
    /// Where a line from the point at (`x`, `y`) meets the label's box
    /// (of a label `width` wide): the nearest point of the box.
    pub fn leader_end(&self, x: f64, y: f64, width: f64) -> (f64, f64) {
        let b = label_box(*self, width);
        (x.clamp(b.0, b.2), y.clamp(b.1, b.3))
    }
}

/// Height of a label's box above its baseline and below it, in drawing
/// units (12-unit text).
const LABEL_ABOVE: f64 = 10.0;
const LABEL_BELOW: f64 = 3.0;
/// Half the side of the box kept clear around each point.
const POINT_CLEAR: f64 = 5.0;

type Box2 = (f64, f64, f64, f64);

fn label_box(spot: LabelSpot, width: f64) -> Box2 {
    let left = match spot.anchor {
        "end" => spot.x - width,
        "middle" => spot.x - width / 2.0,
        _ => spot.x,
    };
    (
        left,
        spot.y - LABEL_ABOVE,
        left + width,
        spot.y + LABEL_BELOW,
    )
}

fn overlap(a: Box2, b: Box2) -> f64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0.0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0.0);
    w * h
}

/// Places the label of each point (`points` in drawing units, `widths`
/// of their labels) beside it: to the right, left, above, below or at a
/// corner, whichever overlaps the labels already placed, the other points
/// and the edges of `area` (left, top, right, bottom) least; where every
/// place beside the point is taken, a place further above or below it,
/// joined to it by a line. The nearest place wins a tie. The labels are
/// placed one by one, in four orders (left to right, right to left, top
/// down, bottom up), and the layout that covers least is kept.
pub fn place_labels(points: &[(f64, f64)], widths: &[f64], area: Box2) -> Vec<LabelSpot> {
    let sorted = |key: fn(&(f64, f64)) -> (f64, f64)| {
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|&a, &b| {
            let (ka, kb) = (key(&points[a]), key(&points[b]));
            ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
        });
        order
    };
    let across = sorted(|p| (p.0, p.1));
    let down = sorted(|p| (p.1, p.0));
    let orders = [
        across.clone(),
        across.iter().rev().copied().collect(),
        down.clone(),
        down.iter().rev().copied().collect::<Vec<usize>>(),
    ];
    // Labelled in each order in turn; the layout that covers least wins
    // (the first on a tie).
    orders
        .iter()
        .map(|order| place_in_order(points, widths, area, order))
        .fold(
            None,
            |best: Option<(Vec<LabelSpot>, f64)>, (spots, cost)| match best {
                Some((_, b)) if b <= cost => best,
                _ => Some((spots, cost)),
            },
        )
        .map(|(spots, _)| spots)
        .unwrap_or_default()
}

/// The places a label is tried at, about its point: (dx, dy, anchor,
/// ring), ring 0 beside the point, 1 and 2 further (joined to it by a
/// line).
const CANDIDATES: [(f64, f64, &str, u8); 20] = [
    (8.0, 4.0, "start", 0),
    (-8.0, 4.0, "end", 0),
    (0.0, -9.0, "middle", 0),
    (0.0, 17.0, "middle", 0),
    (6.0, -7.0, "start", 0),
    (6.0, 15.0, "start", 0),
    (-6.0, -7.0, "end", 0),
    (-6.0, 15.0, "end", 0),
    (0.0, -24.0, "middle", 1),
    (0.0, 32.0, "middle", 1),
    (12.0, -22.0, "start", 1),
    (12.0, 30.0, "start", 1),
    (-12.0, -22.0, "end", 1),
    (-12.0, 30.0, "end", 1),
    (0.0, -39.0, "middle", 2),
    (0.0, 47.0, "middle", 2),
    (18.0, -37.0, "start", 2),
    (18.0, 45.0, "start", 2),
    (-18.0, -37.0, "end", 2),
    (-18.0, 45.0, "end", 2),
];

/// A line from (`.0`, `.1`) to (`.2`, `.3`).
type Line = (f64, f64, f64, f64);

/// The labels placed so far, and what a label would cover where it is
/// tried.
struct Placed<'a> {
    /// The area the labels should stay in.
    area: Box2,
    /// The box kept clear around each point.
    point_boxes: Vec<Box2>,
    /// The boxes of the labels placed.
    labels: Vec<Box2>,
    /// The lines joining labels set away to their points.
    leaders: Vec<Line>,
    /// The points.
    points: &'a [(f64, f64)],
}

impl<'a> Placed<'a> {
    fn new(points: &'a [(f64, f64)], area: Box2) -> Self {
        let point_boxes = points
            .iter()
            .map(|&(x, y)| {
                (
                    x - POINT_CLEAR,
                    y - POINT_CLEAR,
                    x + POINT_CLEAR,
                    y + POINT_CLEAR,
                )
            })
            .collect();
        Placed {
            area,
            point_boxes,
            labels: Vec::new(),
            leaders: Vec::new(),
            points,
        }
    }

    /// What the label of point `i`, `width` wide, covers at `spot`: the
    /// labels placed, the other points, what is outside the area and the
    /// lines it crosses, each weighed by how much it hurts.
    fn cost(&self, i: usize, spot: LabelSpot, width: f64) -> f64 {
        let (x, y) = self.points[i];
        let b = label_box(spot, width);
        let inside = overlap(b, self.area);
        let outside = (b.2 - b.0) * (b.3 - b.1) - inside;
        // Labels keep a little apart, so that two never read as one.
        let apart = (b.0 - 5.0, b.1 - 1.0, b.2 + 5.0, b.3 + 1.0);
        let labels: f64 = self.labels.iter().map(|&p| overlap(apart, p)).sum();
        let others: f64 = self
            .point_boxes
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &p)| overlap(b, p))
            .sum();
        // A line through a label, this one's through another or
        // another's through this one, makes it hard to read.
        let own = spot.leader.then(|| {
            let (ex, ey) = spot.leader_end(x, y, width);
            (x, y, ex, ey)
        });
        let crossings = own.map_or(0, |l| {
            self.labels.iter().filter(|&&p| crosses(l, p)).count()
        }) + self.leaders.iter().filter(|&&l| crosses(l, b)).count();
        // Covering a point hides it: worse than covering a label.
        labels + 4.0 * others + 2.0 * outside + 100.0 * crossings as f64
    }

    /// The place of [`CANDIDATES`] where the label of point `i` covers
    /// least (the nearest on a tie), and what it covers there.
    fn best(&self, i: usize, width: f64) -> Option<(LabelSpot, f64)> {
        let (x, y) = self.points[i];
        CANDIDATES
            .iter()
            .map(|&(dx, dy, anchor, ring)| {
                let spot = LabelSpot {
                    x: x + dx,
                    y: y + dy,
                    anchor,
                    leader: ring > 0,
                };
                // A place further out is taken only to cover less.
                (spot, f64::from(ring) * 0.5)
            })
            .fold(None, |best: Option<(LabelSpot, f64)>, (spot, far)| {
                let c = self.cost(i, spot, width) + far;
                match best {
                    Some((_, b)) if b <= c => best,
                    _ => Some((spot, c)),
                }
            })
    }

    /// Keeps the label of point `i`, `width` wide, at `spot`.
    fn keep(&mut self, i: usize, spot: LabelSpot, width: f64) {
        self.labels.push(label_box(spot, width));
        if spot.leader {
            let (x, y) = self.points[i];
            let (ex, ey) = spot.leader_end(x, y, width);
            self.leaders.push((x, y, ex, ey));
        }
    }
}

/// The labels placed one by one in `order`, each where it covers least
/// (see [`place_labels`]), and what they cover in all.
fn place_in_order(
    points: &[(f64, f64)],
    widths: &[f64],
    area: Box2,
    order: &[usize],
) -> (Vec<LabelSpot>, f64) {
    let mut placed = Placed::new(points, area);
    let mut spots = vec![
        LabelSpot {
            x: 0.0,
            y: 0.0,
            anchor: "start",
            leader: false,
        };
        points.len()
    ];
    let mut total = 0.0;
    for &i in order {
        let width = widths.get(i).copied().unwrap_or(0.0);
        if let Some((spot, c)) = placed.best(i, width) {
            total += c;
            placed.keep(i, spot, width);
            spots[i] = spot;
        }
    }
    (spots, total)
}

/// Whether the line from (`l.0`, `l.1`) to (`l.2`, `l.3`) passes through
/// the box `b` (tested at points along it).
fn crosses(l: Line, b: Box2) -> bool {
    (1..16).any(|k| {
        let t = f64::from(k) / 16.0;
        let (x, y) = (l.0 + (l.2 - l.0) * t, l.1 + (l.3 - l.1) * t);
        x > b.0 && x < b.2 && y > b.1 && y < b.3
    })
}

/// Why Spearman's rho of paired values is null, if it is: fewer than 3
/// pairs, or no spread on a side (the engine's rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRho {
    /// Fewer than 3 pairs (how many there are).
    TooFew(usize),
    /// Every pair has the same first value (the measure).
    SameMeasure,
    /// Every pair has the same second value (the minutes).
    SameMinutes,
}

/// Why rho is null over `pairs` (measure, minutes), or `None` when the
/// engine computes one.
pub fn no_rho(pairs: &[(f64, f64)]) -> Option<NoRho> {
    let same = |f: fn(&(f64, f64)) -> f64| pairs.windows(2).all(|w| f(&w[0]) == f(&w[1]));
    if pairs.len() < 3 {
        Some(NoRho::TooFew(pairs.len()))
    } else if same(|p| p.0) {
        Some(NoRho::SameMeasure)
    } else if same(|p| p.1) {
        Some(NoRho::SameMinutes)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mentoring_stats_engine::report::{ModeStats, Summary};

    #[test]
    fn a_scale_maps_zero_to_max_onto_the_length() {
        let s = Scale {
            max: 200.0,
            length: 400.0,
        };
        assert_eq!(s.at(0.0), 0.0);
        assert_eq!(s.at(50.0), 100.0);
        assert_eq!(s.at(200.0), 400.0);
        assert_eq!(s.at(300.0), 400.0);
        assert_eq!(s.at(-5.0), 0.0);
        let empty = Scale {
            max: 0.0,
            length: 400.0,
        };
        assert_eq!(empty.at(10.0), 0.0);
    }

    #[test]
    fn axes_end_on_a_nice_step_above_the_largest_value() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(23.0), 25.0);
        assert_eq!(nice_step(120.0), 200.0);
        assert_eq!(nice_step(1000.0), 1000.0);
        assert_eq!(
            axis(107.0, 5),
            (125.0, vec![0.0, 25.0, 50.0, 75.0, 100.0, 125.0])
        );
        assert_eq!(axis(100.0, 4), (100.0, vec![0.0, 25.0, 50.0, 75.0, 100.0]));
        assert_eq!(axis(2413.6, 5).0, 2500.0);
        // 6,420 minutes are 107 hours: ticks every 25 hours, in minutes.
        assert_eq!(
            time_axis(6420.0, 60.0, 5),
            (7500.0, vec![0.0, 1500.0, 3000.0, 4500.0, 6000.0, 7500.0])
        );
        assert_eq!(
            axis(0.0, 5),
            (1.0, vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0])
        );
    }

    #[test]
    fn labels_are_thinned_so_they_do_not_overlap() {
        // 26 months on 520 units: 20 units each; a 60-unit label every 3rd.
        assert_eq!(label_every(26, 520.0, 60.0), 3);
        assert_eq!(label_every(4, 520.0, 60.0), 1);
        assert_eq!(label_every(0, 520.0, 60.0), 1);
        assert_eq!(truncate("Ashford General", 20), "Ashford General");
        assert_eq!(truncate("Royal Infirmary of Edinburgh", 12), "Royal Infir…");
    }

    #[test]
    fn a_label_is_cut_to_fit_its_room_by_the_widths_of_its_letters() {
        // By hand from the table, in hundredths of an em: "Thorngwyn" is
        // T 62 h 64 o 62 r 42 n 64 g 64 w 82 y 60 n 64 = 564, the space 32,
        // "Community" C 70 o 62 m 98 m 98 u 64 n 64 i 28 t 40 y 60 = 584:
        // 1,180, so 153.4 px at 13 px.
        assert!((text_width("Thorngwyn Community", 13.0) - 153.4).abs() < 1e-9);
        // 140 px at 13 px is 1,076.9 hundredths; "…" takes 100, leaving
        // 976.9: "Thorngwyn Comm" takes 924, its "u" would make 988.
        assert_eq!(
            fit("Thorngwyn Community Hospital", 140.0, 13.0),
            "Thorngwyn Comm…"
        );
        // Narrow letters fit more: 818 hundredths, 106.3 px.
        assert_eq!(
            fit("Illinois Hill Clinic", 140.0, 13.0),
            "Illinois Hill Clinic"
        );
        // Wide letters fewer (nine W of 99 take 891, a tenth 990), never
        // past the room.
        let wide = fit("WWWWWWWWWWWWWWWWWWWW", 140.0, 13.0);
        assert_eq!(wide, "WWWWWWWWW…");
        assert!(text_width(&wide, 13.0) <= 140.0);
        // A name that fits is whole (820 hundredths, 106.6 px).
        assert_eq!(fit("Ashford General", 140.0, 13.0), "Ashford General");
        // Other scripts count 1 em a character: nine of them and "…".
        assert_eq!(
            fit("東京都立多摩総合医療センター", 140.0, 13.0),
            "東京都立多摩総合医…"
        );
        // 60 px leaves 361.5: "Ward " takes 299, "1" would make 363; the
        // space before the cut is not kept.
        assert_eq!(fit("Ward 12 North West", 60.0, 13.0), "Ward…");
    }

    fn site(modes: &[(&str, f64)]) -> SiteStats {
        let none = Summary {
            mean: None,
            median: None,
            min: None,
            max: None,
        };
        SiteStats {
            site: "S".into(),
            mentees: 0,
            contacts: 0,
            total_minutes: modes.iter().map(|m| m.1).sum(),
            first_contact: None,
            last_contact: None,
            months: None,
            minutes_per_month: None,
            minutes_per_mentee: None,
            live_minutes_pct: None,
            live_contacts_pct: None,
            by_mode: modes
                .iter()
                .map(|(m, minutes)| {
                    (
                        m.to_string(),
                        ModeStats {
                            contacts: 1,
                            minutes: *minutes,
                        },
                    )
                })
                .collect(),
            did_not_attend: 0,
            cancelled: 0,
            attendance_pct: None,
            live_session_minutes: none,
            mentor_cost: None,
            mentee_cost: None,
            total_cost: None,
            cost_per_mentee: None,
            cost_per_month: None,
        }
    }

    #[test]
    fn a_stacked_bar_runs_in_mode_order_to_one_hundred() {
        // 150 min phone, 30 min email, 20 min video; the zero SMS is left out.
        let stack = mode_stack(&site(&[
            ("email", 30.0),
            ("phone", 150.0),
            ("sms", 0.0),
            ("video", 20.0),
        ]));
        let parts: Vec<(Mode, f64, f64)> =
            stack.iter().map(|s| (s.mode, s.start, s.share)).collect();
        assert_eq!(
            parts,
            vec![
                (Mode::Phone, 0.0, 75.0),
                (Mode::Video, 75.0, 10.0),
                (Mode::Email, 85.0, 15.0),
            ]
        );
        assert!(mode_stack(&site(&[("other", 0.0)])).is_empty());
    }

    #[test]
    fn a_live_versus_written_split_adds_the_live_modes_and_the_written_ones() {
        // 150 min phone + 20 video live, 30 email + 0 SMS written, 10 other.
        let s = site(&[
            ("email", 30.0),
            ("phone", 150.0),
            ("sms", 0.0),
            ("video", 20.0),
            ("other", 10.0),
        ]);
        let split = live_split(&s);
        assert_eq!(
            (
                split.live_minutes,
                split.written_minutes,
                split.other_minutes
            ),
            (170.0, 30.0, 10.0)
        );
        assert_eq!(
            (
                split.live_contacts,
                split.written_contacts,
                split.other_contacts
            ),
            (2, 2, 1)
        );
        let (live, written, other) = split.shares().unwrap();
        assert!((live - 100.0 * 170.0 / 210.0).abs() < 1e-9);
        assert!((live + written + other - 100.0).abs() < 1e-9);
        assert_eq!(live_split(&site(&[])).shares(), None);
    }

    #[test]
    fn monthly_totals_sum_sites_and_fill_the_gaps() {
        let m = |month: &str, site: &str, contacts, minutes| MonthStats {
            month: month.into(),
            site: site.into(),
            contacts,
            minutes,
        };
        let totals = monthly_totals(&[
            m("2018-11", "A", 2, 90.0),
            m("2018-11", "B", 1, 30.0),
            m("2019-02", "A", 1, 45.0),
        ]);
        let got: Vec<(&str, u64, f64)> = totals
            .iter()
            .map(|t| (t.month.as_str(), t.contacts, t.minutes))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2018-11", 3, 120.0),
                ("2018-12", 0, 0.0),
                ("2019-01", 0, 0.0),
                ("2019-02", 1, 45.0),
            ]
        );
        assert!(monthly_totals(&[]).is_empty());
    }

    #[test]
    fn tiles_darken_with_their_minutes_and_their_numbers_stay_legible() {
        assert_eq!(tile_colour(0.0), ("#eef4fa".to_string(), false));
        assert_eq!(tile_colour(1.0), ("#003e6b".to_string(), true));
        assert_eq!(tile_colour(f64::NAN).0, "#eef4fa");
        for i in 0..=20 {
            let (fill, white) = tile_colour(f64::from(i) / 20.0);
            let ink = if white { "#ffffff" } else { "#000000" };
            let ratio = contrast_ratio(&fill, ink);
            assert!(ratio >= 4.5, "{fill} with {ink}: {ratio:.2}:1");
        }
    }

    #[test]
    fn months_span_the_calendar() {
        assert_eq!(
            month_span("2018-11", "2019-02"),
            ["2018-11", "2018-12", "2019-01", "2019-02"]
        );
        assert_eq!(month_span("2019-02", "2019-02"), ["2019-02"]);
        assert!(month_span("2019-03", "2019-02").is_empty());
        assert!(month_span("soon", "2019-02").is_empty());
    }

    #[test]
    fn mode_colours_have_enough_contrast_and_differ() {
        assert!((contrast_ratio("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast_ratio("#777777", "#777777") - 1.0).abs() < 1e-9);
        for mode in Mode::ALL {
            let ratio = contrast_ratio(mode_colour(mode), "#ffffff");
            assert!(ratio >= 3.0, "{mode:?} has {ratio:.2}:1 on white");
        }
        let mut colours: Vec<&str> = Mode::ALL.into_iter().map(mode_colour).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 6);
    }

    /// `n` sites `S000`... with `minutes(i)` phone minutes and one contact.
    fn many_sites(n: usize, minutes: impl Fn(usize) -> f64) -> Vec<SiteStats> {
        (0..n)
            .map(|i| SiteStats {
                site: format!("S{i:03}"),
                contacts: 1,
                ..site(&[("phone", minutes(i))])
            })
            .collect()
    }

    #[test]
    fn up_to_twenty_sites_are_all_drawn_in_the_report_order() {
        let sites = many_sites(CHART_TOP, |i| i as f64);
        let shown = chart_sites(&sites, SiteView::Top);
        assert_eq!(shown.sites, sites);
        assert_eq!(
            (shown.rest, shown.page, shown.total),
            (None, None, CHART_TOP)
        );
    }

    #[test]
    fn past_twenty_sites_the_top_ones_are_drawn_and_the_others_summed() {
        // 6,912 sites, site i with i minutes: the top 20 are 6911 down to 6892.
        let sites = many_sites(6912, |i| i as f64);
        let shown = chart_sites(&sites, SiteView::Top);
        assert_eq!(shown.sites.len(), CHART_TOP + 1);
        assert_eq!(shown.sites[0].site, "S6911");
        assert_eq!(shown.sites[CHART_TOP - 1].site, "S6892");
        let rest = &shown.sites[CHART_TOP];
        assert_eq!(shown.rest, Some(6892));
        assert_eq!(rest.site, "Other 6892 sites");
        // 0 + 1 + ... + 6891 minutes, one contact each.
        assert_eq!(rest.total_minutes, 6891.0 * 6892.0 / 2.0);
        assert_eq!(rest.contacts, 6892);
        assert_eq!(rest.by_mode["phone"].minutes, rest.total_minutes);
        // Every site is drawn once across the pages of "show all".
        let pages = 6912usize.div_ceil(CHART_PAGE);
        let mut seen = 0;
        for page in 0..pages {
            let all = chart_sites(&sites, SiteView::All(page));
            assert_eq!(all.page, Some((page, pages)));
            assert!(all.sites.len() <= CHART_PAGE);
            seen += all.sites.len();
        }
        assert_eq!(seen, 6912);
        assert_eq!(
            chart_sites(&sites, SiteView::All(999)).page,
            Some((pages - 1, pages))
        );
    }

    #[test]
    fn long_periods_are_drawn_by_quarter_then_by_year() {
        assert_eq!(period_for(36), Period::Month);
        assert_eq!(period_for(37), Period::Quarter);
        assert_eq!(period_for(120), Period::Quarter);
        assert_eq!(period_for(121), Period::Year);
        let months: Vec<MonthTotal> = month_span("2018-11", "2020-02")
            .into_iter()
            .enumerate()
            .map(|(i, month)| MonthTotal {
                month,
                contacts: 1,
                minutes: i as f64,
            })
            .collect();
        let quarters = grouped(&months, Period::Quarter);
        let got: Vec<(&str, u64, f64)> = quarters
            .iter()
            .map(|q| (q.month.as_str(), q.contacts, q.minutes))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2018-Q4", 2, 1.0),
                ("2019-Q1", 3, 2.0 + 3.0 + 4.0),
                ("2019-Q2", 3, 5.0 + 6.0 + 7.0),
                ("2019-Q3", 3, 8.0 + 9.0 + 10.0),
                ("2019-Q4", 3, 11.0 + 12.0 + 13.0),
                ("2020-Q1", 2, 14.0 + 15.0),
            ]
        );
        let years = grouped(&months, Period::Year);
        assert_eq!(years.len(), 3);
        assert_eq!((years[1].month.as_str(), years[1].contacts), ("2019", 12));
        assert_eq!(crate::ui::format::month("2019-Q3"), "Q3 2019");
    }

    #[test]
    fn a_grouped_workload_marks_the_period_of_the_peak_and_keeps_the_busiest_mentors() {
        let months = month_span("2019-01", "2019-06");
        let series = |name: &str, minutes: [f64; 6], peak| MentorSeries {
            mentor: name.into(),
            minutes: minutes.to_vec(),
            contacts: vec![1; 6],
            peak: Some(peak),
        };
        let w = Workload {
            months,
            mentors: vec![series("A", [1.0, 9.0, 1.0, 2.0, 2.0, 2.0], 1)],
        };
        let q = workload_by(w, Period::Quarter);
        assert_eq!(q.months, vec!["2019-Q1", "2019-Q2"]);
        assert_eq!(q.mentors[0].minutes, vec![11.0, 6.0]);
        assert_eq!(q.mentors[0].contacts, vec![3, 3]);
        assert_eq!(q.mentors[0].peak, Some(0));

        let many = Workload {
            months: vec!["2019-01".into()],
            mentors: (0..25)
                .map(|i| MentorSeries {
                    mentor: format!("M{i:02}"),
                    minutes: vec![f64::from(i)],
                    contacts: vec![1],
                    peak: Some(0),
                })
                .collect(),
        };
        let (top, left_out) = top_mentors(many);
        assert_eq!(left_out, 5);
        let names: Vec<&str> = top.mentors.iter().map(|m| m.mentor.as_str()).collect();
        // The 20 busiest (M05 to M24), in the report's order.
        assert_eq!(names.first(), Some(&"M05"));
        assert_eq!(names.last(), Some(&"M24"));
        assert_eq!(names.len(), MENTORS_SHOWN);
    }

    #[test]
    fn a_range_axis_starts_at_zero_only_when_zero_is_near() {
        let (lo, hi, ticks) = range_axis(5.0, 18.0, 5);
        assert_eq!((lo, hi), (0.0, 20.0));
        assert_eq!(ticks, vec![0.0, 5.0, 10.0, 15.0, 20.0]);
        // The values reach both ends: a step more on each side.
        let (lo, hi, ticks) = range_axis(0.8, 0.9, 5);
        assert!(
            (lo - 0.78).abs() < 1e-12 && (hi - 0.92).abs() < 1e-12,
            "{lo} {hi}"
        );
        assert_eq!(ticks.len(), 8);
        assert_eq!(tick_decimals(ticks[1] - ticks[0]), 2);
        let (lo, hi, _) = range_axis(57.3, 82.3, 5);
        assert_eq!((lo, hi), (55.0, 85.0));
        // One value: a step either side; negative values keep their sign.
        let (lo, hi, _) = range_axis(7.0, 7.0, 5);
        assert!(lo < 7.0 && hi > 7.0);
        let (lo, hi, _) = range_axis(-3.0, 4.0, 5);
        assert!(lo <= -3.0 && hi >= 4.0);
        assert_eq!(range_axis(0.0, 0.0, 5).0, -0.2);
        assert_eq!(tick_decimals(0.25), 2);
        assert_eq!(tick_decimals(5.0), 0);
    }

    #[test]
    fn labels_go_where_they_cover_no_other_label_or_point() {
        let area = (0.0, 0.0, 400.0, 300.0);
        // Three points in a row, close together: not every label fits to
        // the right, and none may cover another or a point.
        let points = [
            (100.0, 150.0),
            (130.0, 150.0),
            (160.0, 150.0),
            (395.0, 20.0),
        ];
        let widths = [60.0, 60.0, 60.0, 60.0];
        let spots = place_labels(&points, &widths, area);
        let boxes: Vec<Box2> = spots
            .iter()
            .zip(widths)
            .map(|(&s, w)| label_box(s, w))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert_eq!(overlap(*a, *b), 0.0, "{spots:?}");
            }
            for (j, p) in points.iter().enumerate() {
                let clear = (p.0 - 5.0, p.1 - 5.0, p.0 + 5.0, p.1 + 5.0);
                assert!(
                    i == j || overlap(*a, clear) == 0.0,
                    "label {i} covers point {j}"
                );
            }
            // Inside the area: the point at the right edge is labelled to its left.
            assert!(a.0 >= 0.0 && a.2 <= 400.0 && a.1 >= 0.0, "{a:?}");
        }
        assert_eq!(spots[3].anchor, "end");
        assert!(spots.iter().all(|s| !s.leader));

        // Five points in a row, closer than their labels are wide: every
        // label still clear of the others, some set away with a line.
        let row: Vec<(f64, f64)> = [311.0, 351.0, 370.0, 398.0, 407.0]
            .iter()
            .map(|&x| (x, 250.0))
            .collect();
        let widths = [115.0, 90.0, 90.0, 105.0, 105.0];
        let spots = place_labels(&row, &widths, (70.0, 0.0, 560.0, 328.0));
        let boxes: Vec<Box2> = spots
            .iter()
            .zip(widths)
            .map(|(&s, w)| label_box(s, w))
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert_eq!(overlap(*a, *b), 0.0, "{spots:?}");
            }
        }
        assert!(spots.iter().any(|s| s.leader));
        // A leader ends on its label's box.
        let (x, y) = spots[4].leader_end(row[4].0, row[4].1, widths[4]);
        let b = boxes[4];
        assert!(x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3);
    }

    #[test]
    fn rho_is_null_under_three_sites_or_without_spread() {
        assert_eq!(no_rho(&[(1.0, 2.0), (2.0, 3.0)]), Some(NoRho::TooFew(2)));
        assert_eq!(
            no_rho(&[(1.0, 2.0), (1.0, 3.0), (1.0, 4.0)]),
            Some(NoRho::SameMeasure)
        );
        assert_eq!(
            no_rho(&[(1.0, 2.0), (2.0, 2.0), (3.0, 2.0)]),
            Some(NoRho::SameMinutes)
        );
        assert_eq!(no_rho(&[(1.0, 2.0), (2.0, 2.0), (3.0, 4.0)]), None);
    }
}
