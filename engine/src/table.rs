//! The manuscript table: the per-site table of a paper, with its summary
//! rows and the methods paragraph below it, as SPEC's "The manuscript
//! table" fixes it, and its renderings (Markdown, HTML, CSV,
//! tab-separated text and a Word `.docx`).
//!
//! Everything here is computed from a [`Report`] alone, so the command line
//! tool and the page give the same table for the same report. No I/O: the
//! renderers return text or bytes.
//!
//! ```
//! use mentoring_stats_engine::table::{format_rounded, round_half_away};
//! // 1347 minutes are 22.45 h, whose f64 lies just under the half.
//! assert_eq!(format_rounded(Some(1347.0 / 60.0), 1), "22.5");
//! assert_eq!(round_half_away(-2.25, 1), -2.3);
//! assert_eq!(format_rounded(None, 1), "–");
//! ```

use std::fmt::Write as _;

use super::report::{safe_cell, Report, SiteStats, Spread};

/// What a cell without a value shows: an en dash.
pub const NULL_CELL: &str = "\u{2013}";

/// The label of the row over all sites.
pub const ALL_SITES: &str = "All sites";

/// The labels of the three summary rows, in order.
pub const SUMMARY_LABELS: [&str; 3] = ["Mean (SD)", "Median (Q1; Q3)", "Range"];

/// Significant digits a value is written to before it is rounded (Excel's).
const SIGNIFICANT: usize = 15;

/// `value` rounded to `decimals` places as Excel's ROUND does: the value is
/// first written to 15 significant digits, then rounded half away from zero
/// on that decimal text. So `1347.0 / 60.0` (22.449999999999999289...)
/// rounds to 22.5 at one decimal, `1.005` to 1.01 at two, `-2.25` to -2.3.
/// A value that is not finite is returned as it is.
#[must_use]
pub fn round_half_away(value: f64, decimals: u32) -> f64 {
    match rounded_text(value, decimals) {
        Some(text) => text.parse().unwrap_or(value),
        None => value,
    }
}

/// A figure as the table shows it: rounded by [`round_half_away`] and
/// written with exactly `decimals` decimals (no thousands separator, a
/// point as decimal mark, never `-0`); a null, NaN or infinite value is an
/// en dash ([`NULL_CELL`]).
#[must_use]
pub fn format_rounded(value: Option<f64>, decimals: u32) -> String {
    value
        .and_then(|v| rounded_text(v, decimals))
        .unwrap_or_else(|| NULL_CELL.to_string())
}

/// The text of `value` rounded to `decimals` places (see
/// [`round_half_away`]); `None` when it is not finite.
fn rounded_text(value: f64, decimals: u32) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let decimals = decimals as usize;
    let (digits, mut exponent) = leading_digits(value.abs())?;
    // 15 significant digits, half away from zero on the exact value (the
    // 16th digit and all after it are the part dropped).
    let mut sig: Vec<u8> = digits[..SIGNIFICANT].to_vec();
    if digits[SIGNIFICANT] >= 5 && increment(&mut sig) {
        exponent += 1;
    }
    // `sig[i]` is the digit of 10^(exponent - i). Keep the digits down to
    // 10^-decimals, then round half away on the first digit dropped.
    let keep = exponent + 1 + decimals as i64;
    let mut kept: Vec<u8> = if keep <= 0 {
        Vec::new()
    } else {
        let keep = keep as usize;
        let mut kept: Vec<u8> = sig.iter().copied().take(keep).collect();
        kept.resize(keep, 0);
        kept
    };
    let dropped = if keep < 0 {
        0
    } else {
        sig.get(keep as usize).copied().unwrap_or(0)
    };
    if dropped >= 5 {
        kept.insert(0, 0);
        increment(&mut kept);
    }
    // `kept` is the result times 10^decimals: write it with its point.
    let mut text: String = kept
        .iter()
        .map(|d| char::from(b'0' + d))
        .skip_while(|&c| c == '0')
        .collect();
    let zero = text.is_empty();
    if text.len() < decimals + 1 {
        text.insert_str(0, &"0".repeat(decimals + 1 - text.len()));
    }
    if decimals > 0 {
        text.insert(text.len() - decimals, '.');
    }
    if value < 0.0 && !zero {
        text.insert(0, '-');
    }
    Some(text)
}

/// Significant digits [`leading_digits`] gives: the 15 kept and the one
/// that decides how they round.
const LEADING: usize = SIGNIFICANT + 1;

/// The first [`LEADING`] significant digits of the exact decimal expansion
/// of `value` (finite, not negative), cut off rather than rounded, and the
/// power of ten of the first: `(digits, e)` with `digits[i]` the digit of
/// 10^(e - i). Zero is all zeros, at 10^0.
fn leading_digits(value: f64) -> Option<([u8; LEADING], i64)> {
    if value == 0.0 {
        return Some(([0; LEADING], 0));
    }
    leading_digits_by_integers(value).or_else(|| leading_digits_written_out(value))
}

/// [`leading_digits`] in integer arithmetic, for a normal `value` between
/// about 1e-7 and 1e16 (every figure of a report): `value` is m * 2^e
/// exactly, so the digits are those of floor(m * 2^e * 10^k) for the k
/// that leaves 16 of them, which fits in a u128. `None` outside that range.
fn leading_digits_by_integers(value: f64) -> Option<([u8; LEADING], i64)> {
    let bits = value.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 || biased == 0x7ff {
        return None;
    }
    let mantissa = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let two_power = biased - 1075;
    let smallest = 10u128.pow(LEADING as u32 - 1);
    // The power of ten of the first digit, estimated from the logarithm
    // (it may be one off near a power of ten: corrected below).
    let mut exponent = value.log10().floor() as i64;
    for _ in 0..3 {
        let k = LEADING as i64 - 1 - exponent;
        // A value of 1e16 or more (k < 0) would need a u128 division,
        // whose code the page would download: no figure is that large.
        let product = mantissa.checked_mul(10u128.checked_pow(u32::try_from(k).ok()?)?)?;
        let scaled = if two_power >= 0 {
            if i64::from(product.leading_zeros()) <= two_power {
                return None;
            }
            product << two_power
        } else if two_power > -128 {
            product >> -two_power
        } else {
            return None;
        };
        if scaled < smallest {
            exponent -= 1;
        } else if scaled >= smallest * 10 {
            exponent += 1;
        } else {
            let mut digits = [0u8; LEADING];
            // Under 10^16: the digits are taken in 64 bits.
            let mut rest = u64::try_from(scaled).ok()?;
            for d in digits.iter_mut().rev() {
                *d = (rest % 10) as u8;
                rest /= 10;
            }
            return Some((digits, exponent));
        }
    }
    None
}

/// [`leading_digits`] from the whole decimal expansion written out: a
/// double has at most 767 significant digits, so 800 leave nothing out
/// and nothing is rounded.
fn leading_digits_written_out(value: f64) -> Option<([u8; LEADING], i64)> {
    let exact = format!("{value:.800e}");
    let (mantissa, exponent) = exact.split_once('e')?;
    let mut digits = [0u8; LEADING];
    for (d, b) in digits
        .iter_mut()
        .zip(mantissa.bytes().filter(u8::is_ascii_digit))
    {
        *d = b - b'0';
    }
    Some((digits, exponent.parse().ok()?))
}

/// Adds one to the last digit of a decimal number; true when it carried
/// out of the first (the digits are then `1` followed by zeros, one fewer
/// than the number's length: the caller moves the exponent).
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return false;
        }
    }
    if let Some(first) = digits.first_mut() {
        *first = 1;
    }
    true
}

/// What a row of the table is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// One site with a held contact.
    Site,
    /// The figures over all sites (`All sites`).
    AllSites,
    /// A summary over the sites: `Mean (SD)`, `Median (Q1; Q3)` or `Range`.
    Summary,
}

/// The manuscript table as text cells, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManuscriptTable {
    /// Column headers: `Site`, `Mentees, n` ... and, with costs, `Cost, CUR`
    /// and `Cost per mentee, CUR`.
    pub headers: Vec<String>,
    /// Rows of cells as shown (rounded, en dash for null), as many cells
    /// as headers each.
    pub rows: Vec<Vec<String>>,
    /// What each row is, one per row.
    pub kinds: Vec<RowKind>,
    /// The methods paragraph shown below the table ([`methods_paragraph`]).
    pub paragraph: String,
}

/// How a column's numbers are written.
#[derive(Clone, Copy)]
enum Unit {
    /// A count: whole number, no summary rows.
    Count,
    /// Minutes shown as hours, one decimal.
    Hours,
    /// Minutes, no decimal.
    Minutes,
    /// Percent, one decimal.
    Percent,
    /// Currency, no decimal.
    Cost,
}

impl Unit {
    fn decimals(self) -> u32 {
        match self {
            Unit::Count | Unit::Minutes | Unit::Cost => 0,
            Unit::Hours | Unit::Percent => 1,
        }
    }

    /// The value shown for a figure in this column's source unit (minutes
    /// become hours).
    fn scale(self, value: f64) -> f64 {
        match self {
            Unit::Hours => value / 60.0,
            _ => value,
        }
    }

    fn cell(self, value: Option<f64>) -> String {
        format_rounded(value.map(|v| self.scale(v)), self.decimals())
    }
}

/// True when the report was computed with a cost setting (an hourly cost
/// of mentors, of a named mentor, or of mentees; a currency alone is not one).
#[must_use]
pub fn has_costs(report: &Report) -> bool {
    let s = &report.settings;
    s.mentor_hourly_cost.is_some() || !s.mentor_costs.is_empty() || s.mentee_hourly_cost.is_some()
}

/// The report's currency, if one was given (trimmed; blank is none).
pub fn currency(report: &Report) -> Option<&str> {
    report
        .settings
        .currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Modes whose minutes are live (SPEC: phone, video, in person).
const LIVE_MODES: [&str; 3] = ["phone", "video", "in_person"];

/// `numerator / denominator`, null for a zero denominator.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Mean, sd (n-1), range and quartiles (linear interpolation at p x (n-1))
/// of values, by the rules of the report's `across_sites`.
fn spread(values: &[f64]) -> Spread {
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let quantile = |p: f64| crate::assemble::quantile(&sorted, p);
    let mean = (n > 0).then(|| values.iter().sum::<f64>() / n as f64);
    let sd = mean.filter(|_| n >= 2).map(|mean| {
        let squares: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    });
    Spread {
        mean,
        sd,
        min: sorted.first().copied(),
        max: sorted.last().copied(),
        median: quantile(0.5),
        q1: quantile(0.25),
        q3: quantile(0.75),
    }
}

/// The three summary cells of a column: `m (sd)`, `md (q1; q3)`, `min–max`,
/// each number rounded as the column; a summary without values is an en
/// dash, and so is a missing SD (one site) inside its brackets.
fn summary_cells(unit: Unit, spread: &Spread) -> [String; 3] {
    let cell = |v: Option<f64>| unit.cell(v);
    let mean_sd = match spread.mean {
        None => NULL_CELL.to_string(),
        Some(_) => format!("{} ({})", cell(spread.mean), cell(spread.sd)),
    };
    let median = match spread.median {
        None => NULL_CELL.to_string(),
        Some(_) => format!(
            "{} ({}; {})",
            cell(spread.median),
            cell(spread.q1),
            cell(spread.q3)
        ),
    };
    let range = match (spread.min, spread.max) {
        (Some(_), Some(_)) => format!("{}{NULL_CELL}{}", cell(spread.min), cell(spread.max)),
        _ => NULL_CELL.to_string(),
    };
    [mean_sd, median, range]
}

/// One column: header, unit, the cell of a site, of `All sites`, and the
/// spread of its summary rows (`None` for count columns: empty cells).
struct Column {
    header: String,
    unit: Unit,
    site: fn(&SiteStats) -> Option<f64>,
    all: Option<f64>,
    spread: Option<Spread>,
}

/// The manuscript table of a report, as SPEC's "The manuscript table" sets
/// it out.
///
/// Rows: one per site with a held contact, in the report's order; `All
/// sites`; then `Mean (SD)`, `Median (Q1; Q3)` and `Range` over the sites
/// with a held contact (a site whose figure is null left out), for the
/// time, percentage and cost columns (the count columns are empty there).
///
/// `All sites`: overall mentees, contacts, months and total time; time per
/// month = overall minutes / overall months; time per mentee = the minutes
/// credited to all mentee entries / overall mentees; live share = minutes
/// of held live contacts at every site / overall minutes; attendance =
/// attended / (attended + not attended) mentee-contacts over every
/// contact of the report; cost = overall `total_cost`, and cost per mentee
/// = that / overall mentees.
#[must_use]
pub fn manuscript_table(report: &Report) -> ManuscriptTable {
    manuscript_table_head(report, usize::MAX)
}

/// [`manuscript_table`] with its first `sites` site rows only, and the
/// `All sites` and summary rows over every site: what a page shows of a
/// log of thousands of sites, without writing the cells of all of them.
#[must_use]
pub fn manuscript_table_head(report: &Report, sites: usize) -> ManuscriptTable {
    let held = report.sites.iter().filter(|s| s.contacts > 0);
    let columns = columns(report);
    let mut headers = vec!["Site".to_string()];
    headers.extend(columns.iter().map(|c| c.header.clone()));
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut kinds = Vec::new();
    for site in held.take(sites) {
        let mut row = vec![site.site.clone()];
        row.extend(columns.iter().map(|c| c.unit.cell((c.site)(site))));
        rows.push(row);
        kinds.push(RowKind::Site);
    }
    let mut all = vec![ALL_SITES.to_string()];
    all.extend(columns.iter().map(|c| c.unit.cell(c.all)));
    rows.push(all);
    kinds.push(RowKind::AllSites);
    let summaries: Vec<[String; 3]> = columns
        .iter()
        .map(|c| match &c.spread {
            Some(spread) => summary_cells(c.unit, spread),
            None => Default::default(),
        })
        .collect();
    for (i, label) in SUMMARY_LABELS.iter().enumerate() {
        let mut row = vec![label.to_string()];
        row.extend(summaries.iter().map(|cells| cells[i].clone()));
        rows.push(row);
        kinds.push(RowKind::Summary);
    }
    ManuscriptTable {
        headers,
        rows,
        kinds,
        paragraph: methods_paragraph(report),
    }
}

/// The table's columns after the site's name: how each reads a site, its
/// value over all sites, and its spread across the sites (for the summary
/// rows), with the two cost columns where the report has costs.
// Long: one entry per column of the table, in order.
fn columns(report: &Report) -> Vec<Column> {
    let overall = &report.overall;
    let across = &overall.across_sites;
    let held: Vec<&SiteStats> = report.sites.iter().filter(|s| s.contacts > 0).collect();
    let spread_of = |f: fn(&SiteStats) -> Option<f64>| -> Spread {
        spread(&held.iter().filter_map(|s| f(s)).collect::<Vec<f64>>())
    };

    // Every mentee entry's credited minutes, attended and not attended
    // mentee-contacts (the sites' sums; a mentee at two sites counts at each).
    let credited: f64 = report.mentees.iter().map(|m| m.minutes).sum();
    let attended: u64 = report.mentees.iter().map(|m| m.contacts).sum();
    let not_attended: u64 = report.mentees.iter().map(|m| m.did_not_attend).sum();
    let live_minutes: f64 = report
        .sites
        .iter()
        .flat_map(|s| LIVE_MODES.iter().filter_map(|m| s.by_mode.get(*m)))
        .map(|m| m.minutes)
        .sum();
    let mentees = overall.mentees as f64;

    let mut columns = vec![
        Column {
            header: "Mentees, n".into(),
            unit: Unit::Count,
            site: |s| Some(s.mentees as f64),
            all: Some(mentees),
            spread: None,
        },
        Column {
            header: "Contacts, n".into(),
            unit: Unit::Count,
            site: |s| Some(s.contacts as f64),
            all: Some(overall.contacts as f64),
            spread: None,
        },
        Column {
            header: "Months, n".into(),
            unit: Unit::Count,
            site: |s| s.months.map(f64::from),
            all: overall.months.map(f64::from),
            spread: None,
        },
        Column {
            header: "Total time, h".into(),
            unit: Unit::Hours,
            site: |s| Some(s.total_minutes),
            all: Some(overall.total_minutes),
            spread: Some(across.total_minutes.clone()),
        },
        Column {
            header: "Time per month, min".into(),
            unit: Unit::Minutes,
            site: |s| s.minutes_per_month,
            all: overall
                .months
                .and_then(|m| ratio(overall.total_minutes, f64::from(m))),
            spread: Some(across.minutes_per_month.clone()),
        },
        Column {
            header: "Time per mentee, h".into(),
            unit: Unit::Hours,
            site: |s| s.minutes_per_mentee,
            all: ratio(credited, mentees),
            spread: Some(across.minutes_per_mentee.clone()),
        },
        Column {
            header: "Live, % of time".into(),
            unit: Unit::Percent,
            site: |s| s.live_minutes_pct,
            all: ratio(100.0 * live_minutes, overall.total_minutes),
            spread: Some(across.live_minutes_pct.clone()),
        },
        Column {
            header: "Attendance, %".into(),
            unit: Unit::Percent,
            site: |s| s.attendance_pct,
            all: ratio(100.0 * attended as f64, (attended + not_attended) as f64),
            spread: Some(spread_of(|s| s.attendance_pct)),
        },
    ];
    if has_costs(report) {
        let cur = currency(report).unwrap_or("cost");
        columns.push(Column {
            header: format!("Cost, {cur}"),
            unit: Unit::Cost,
            site: |s| s.total_cost,
            all: overall.total_cost,
            spread: Some(across.total_cost.clone()),
        });
        columns.push(Column {
            header: format!("Cost per mentee, {cur}"),
            unit: Unit::Cost,
            site: |s| s.cost_per_mentee,
            all: overall.total_cost.and_then(|c| ratio(c, mentees)),
            spread: Some(spread_of(|s| s.cost_per_mentee)),
        });
    }
    columns
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2018-03-01` as `1 March 2018`; anything else as it is.
fn long_date(iso: &str) -> String {
    let part = |range: std::ops::Range<usize>| iso.get(range).and_then(|t| t.parse::<usize>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(year), Some(month @ 1..=12), Some(day)) if iso.len() == 10 => {
            format!("{day} {} {year}", MONTH_NAMES[month - 1])
        }
        _ => iso.to_string(),
    }
}

/// An amount or a number of minutes as given (`42.5`, `60`).
fn amount(value: f64) -> String {
    format!("{value}")
}

/// The methods paragraph: one paragraph stating the definitions and the
/// settings behind the table (held contacts, minutes, live modes,
/// attendance, the window, minutes per written message, the cost settings
/// and currency, the topic rule, the summary rows and the rounding),
/// generated from the report's settings. The page shows the same paragraph.
#[must_use]
pub fn methods_paragraph(report: &Report) -> String {
    let s = &report.settings;
    let held = report.sites.iter().filter(|x| x.contacts > 0).count();
    let mut p = String::new();
    let sites = if held == 1 { "site" } else { "sites" };
    let _ = write!(
        p,
        "One row per site with a held contact ({held} {sites}). A contact is held when at \
         least one of its rows is attended; rows that share a session ID, a site and a date \
         are one contact (a group session), and every other row is a contact of its own. \
         Only held contacts give contacts, time and months. A contact's time is the largest \
         duration among its rows; an email or SMS without a duration counts {} minutes, and \
         another contact without one counts 0. ",
        amount(s.written_message_minutes)
    );
    let window = match (&s.from, &s.to) {
        (None, None) => "No date window was set: contacts of every date count.".to_string(),
        (Some(from), None) => format!("Contacts dated from {} on count.", long_date(from)),
        (None, Some(to)) => format!("Contacts dated up to {} count.", long_date(to)),
        (Some(from), Some(to)) => format!(
            "Contacts dated from {} to {}, both included, count; others do not.",
            long_date(from),
            long_date(to)
        ),
    };
    p.push_str(&window);
    p.push_str(
        " Months are the calendar months from the first to the last held contact, both \
         counted; time per month is total time / months. Time per mentee is the time \
         credited to mentees / mentees, a contact's time being credited in full to each \
         mentee who attended it (a mentee at two sites counts at each). Live, % of time is \
         100 \u{d7} time of held phone, video and in-person contacts / total time (email and \
         SMS are written contacts). Attendance, % is 100 \u{d7} attended / (attended + did \
         not attend) mentee-contacts, each mentee counted once per contact, over all \
         contacts, held or not; cancelled ones count in neither. ",
    );
    p.push_str(&cost_sentences(report));
    p.push_str(
        " Topics: a contact's topics are all those of its rows, and its time is split evenly \
         among them. All sites gives the figures over every held contact (its months run from \
         the first to the last contact at any site; its attendance is over every contact). \
         Mean (SD), Median (Q1; Q3) and Range are over the sites in the table, leaving out a \
         site without a value; the SD has n \u{2212} 1 in its denominator and the quartiles \
         interpolate linearly between the sorted values (Excel's QUARTILE.INC). Figures are \
         rounded half away from zero, as by Excel's ROUND; \u{2013} marks a figure without a \
         value.",
    );
    p
}

/// The sentences of the paragraph on costs.
fn cost_sentences(report: &Report) -> String {
    if !has_costs(report) {
        return "No hourly cost was given, so no cost was computed.".to_string();
    }
    let s = &report.settings;
    let cur = s
        .currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let rate = |value: f64| match cur {
        Some(cur) => format!("{} {cur} an hour", amount(value)),
        None => format!("{} an hour", amount(value)),
    };
    let named: Vec<String> = s
        .mentor_costs
        .iter()
        .map(|(name, value)| format!("{name} at {}", rate(*value)))
        .collect();
    let mentor = match (s.mentor_hourly_cost, named.is_empty()) {
        (None, true) => None,
        (Some(any), true) => Some(format!("mentor time at {}", rate(any))),
        (Some(any), false) => Some(format!(
            "mentor time at {} ({})",
            rate(any),
            named.join(", ")
        )),
        (None, false) => Some(format!(
            "mentor time at the named mentors' rates ({}; a site with a held contact of \
             another mentor, or of none, has no cost)",
            named.join(", ")
        )),
    };
    let mentee = s
        .mentee_hourly_cost
        .map(|r| format!("mentee time (the time credited to mentees) at {}", rate(r)));
    let mut text = match (mentor, mentee) {
        (Some(mentor), Some(mentee)) => format!("Cost is {mentor} plus {mentee}."),
        (Some(mentor), None) => {
            format!("Cost is {mentor}; no mentee hourly cost was given, so it counts 0.")
        }
        (None, Some(mentee)) => {
            format!("Cost is {mentee}; no mentor hourly cost was given, so it counts 0.")
        }
        (None, None) => String::new(),
    };
    text.push_str(" Cost per mentee is cost / mentees.");
    match cur {
        Some(cur) => {
            let _ = write!(text, " Costs are in {cur}.");
        }
        None => text.push_str(" No currency was given."),
    }
    text
}

/// Characters XML 1.0 cannot hold (control characters but tab, line feed
/// and carriage return; unpaired surrogates cannot be in a `str`).
fn xml_allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Text escaped for XML and HTML content and attributes; characters XML
/// cannot hold are dropped, and tabs and line breaks become spaces.
fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| xml_allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell: pipes, backslashes and the characters that would
/// start emphasis, code, links or HTML are escaped; line breaks are spaces.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The table as a Markdown pipe table (the site column left-aligned, the
/// figures right-aligned), a blank line, then the methods paragraph.
#[must_use]
pub fn to_markdown(table: &ManuscriptTable) -> String {
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(&escape_markdown(cell));
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(&mut out, &table.headers);
    out.push('|');
    for i in 0..table.headers.len() {
        out.push_str(if i == 0 { " :--- |" } else { " ---: |" });
    }
    out.push('\n');
    for row in &table.rows {
        line(&mut out, row);
    }
    out.push('\n');
    out.push_str(&escape_markdown(&table.paragraph));
    out.push('\n');
    out
}

/// The table as an HTML fragment: a `<table>` whose `<thead>` has one
/// `<th scope="col">` a column and whose rows start with a
/// `<th scope="row">`, then a `<p>` with the methods paragraph. Text is
/// escaped; there are no styles or classes, so that it pastes cleanly into
/// Word or a spreadsheet.
#[must_use]
pub fn to_html(table: &ManuscriptTable) -> String {
    let mut out = String::from("<table>\n<thead>\n<tr>");
    for header in &table.headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_xml(header));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{}</th>", escape_xml(cell));
            } else {
                let _ = write!(out, "<td>{}</td>", escape_xml(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(out, "<p>{}</p>", escape_xml(&table.paragraph));
    out
}

/// The table only (no paragraph) as CSV: the header, then every row, cells
/// as shown (rounded numbers, `m (sd)` summaries, en dashes). A text cell
/// that a spreadsheet would run as a formula gets a leading `'`, as in the
/// report's CSV.
#[must_use]
pub fn to_csv(table: &ManuscriptTable) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        let _ = writer.write_record(row.iter().map(|c| safe_cell(c)));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The table only as tab-separated text, one line a row (for the
/// clipboard: it pastes into a spreadsheet as cells). Tabs and line breaks
/// inside a cell become spaces, and a cell that a spreadsheet would run as
/// a formula gets a leading `'`.
#[must_use]
pub fn to_tsv(table: &ManuscriptTable) -> String {
    let mut out = String::new();
    for row in std::iter::once(&table.headers).chain(&table.rows) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| safe_cell(&c.replace(['\t', '\n', '\r'], " ")))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The package's content types: the parts below and their kinds.
const CONTENT_TYPES: &str = concat!(
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "</Types>"
);

/// The package's relationships: its main part is the document.
const PACKAGE_RELS: &str = concat!(
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "</Relationships>"
);

/// The document's relationships: its styles.
const DOCUMENT_RELS: &str = concat!(
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "</Relationships>"
);

/// Styles: Calibri 10 pt with no space after paragraphs by default, and the
/// normal paragraph and table styles Word expects.
const STYLES: &str = concat!(
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:docDefaults><w:rPrDefault><w:rPr>",
    "<w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>",
    "<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"en-GB\"/>",
    "</w:rPr></w:rPrDefault>",
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>",
    "</w:docDefaults>",
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>",
    "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>",
    "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>",
    "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>",
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>",
    "</w:tblCellMar></w:tblPr></w:style>",
    "</w:styles>"
);

/// A4 landscape with 2 cm margins: the width the table may take, in
/// twentieths of a point (twips).
const TEXT_WIDTH: u32 = 16838 - 2 * 1134;
/// The table's text size, in half points (9 pt).
const TABLE_SIZE: u32 = 18;
/// A cell's left and right margins together, in twips.
const CELL_MARGINS: u32 = 2 * 108;

/// The width of text in Calibri (a little over, to be safe), in
/// thousandths of an em.
fn text_em(text: &str) -> u32 {
    text.chars()
        .map(|c| match c {
            '0'..='9' => 510,
            ' ' | '\u{a0}' => 230,
            '.' | ',' | ';' | ':' | '\'' => 270,
            '(' | ')' | '[' | ']' => 310,
            'i' | 'j' | 'l' | 'I' | 'f' | 't' | 'r' => 350,
            'm' | 'w' => 810,
            'M' | 'W' | '%' => 860,
            'a'..='z' => 500,
            'A'..='Z' => 620,
            _ => 650,
        })
        .sum()
}

/// The width of a cell holding text of `em` thousandths of an em (bold
/// text being about 6 % wider), in twips.
fn cell_width(em: u32, bold: bool) -> u32 {
    let em = if bold { em + em / 16 } else { em };
    em * TABLE_SIZE * 10 / 1000 + CELL_MARGINS + 40
}

/// A figure's text in the document: the spaces inside its brackets are
/// no-break spaces, so that a narrow column breaks `17.0 (16.5; 22.4)`
/// only before its bracket.
fn docx_figure(text: &str) -> String {
    match text.find('(') {
        Some(open) => format!("{}{}", &text[..open], text[open..].replace(' ', "\u{a0}")),
        None => text.to_string(),
    }
}

/// Column widths in twips: each as wide as its widest cell on one line
/// (header included) where the page allows, else at least as wide as its
/// widest word (the site column: its widest name), the rest of the page
/// shared in proportion to what each column lacks.
fn column_widths(headers: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    let words = |text: &str| text.split(' ').map(text_em).max().unwrap_or(0);
    let mut full = Vec::new();
    let mut least = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let cells = rows.iter().filter_map(|row| row.get(i));
        let (mut f, mut l) = (
            cell_width(text_em(header), true),
            cell_width(words(header), true),
        );
        for cell in cells {
            let cell = if i == 0 {
                cell.clone()
            } else {
                docx_figure(cell)
            };
            f = f.max(cell_width(text_em(&cell), false));
            l = l.max(cell_width(words(&cell), false));
        }
        // Site names stay on one line where they take under a quarter
        // of the page.
        if i == 0 {
            l = l.max(f.min(TEXT_WIDTH / 4));
        }
        full.push(f);
        least.push(l);
    }
    let total = |w: &[u32]| w.iter().sum::<u32>();
    if total(&full) <= TEXT_WIDTH {
        return full;
    }
    if total(&least) >= TEXT_WIDTH {
        return least
            .iter()
            .map(|&w| (u64::from(w) * u64::from(TEXT_WIDTH) / u64::from(total(&least))) as u32)
            .collect();
    }
    let spare = u64::from(TEXT_WIDTH - total(&least));
    let lacking = u64::from(total(&full) - total(&least));
    least
        .iter()
        .zip(&full)
        .map(|(&l, &f)| l + (u64::from(f - l) * spare / lacking) as u32)
        .collect()
}

/// The document part: the table (its header row repeated on each page,
/// rules above and below it, under its header and above `All sites`), then
/// the methods paragraph, on an A4 landscape page.
fn document_xml(table: &ManuscriptTable) -> String {
    let widths = column_widths(&table.headers, &table.rows);
    let width = |i: usize| widths.get(i).copied().unwrap_or(0);
    let rule = |side: &str, size: u32| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let mut x = String::from(XML_DECL);
    let _ = write!(x, "<w:document xmlns:w=\"{W_NS}\"><w:body><w:tbl><w:tblPr>");
    let _ = write!(
        x,
        "<w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders>{}{}</w:tblBorders>",
        widths.iter().sum::<u32>(),
        rule("top", 8),
        rule("bottom", 8)
    );
    x.push_str(
        "<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" \
         w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for w in &widths {
        let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
    }
    x.push_str("</w:tblGrid>");
    let cell = |x: &mut String, i: usize, text: &str, bold: bool, border: Option<&str>| {
        let _ = write!(
            x,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
            width(i)
        );
        if let Some(side) = border {
            let _ = write!(x, "<w:tcBorders>{}</w:tcBorders>", rule(side, 4));
        }
        x.push_str("<w:vAlign w:val=\"bottom\"/></w:tcPr><w:p>");
        if i > 0 {
            x.push_str("<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
        }
        let _ = write!(
            x,
            "<w:r><w:rPr>{}<w:sz w:val=\"{TABLE_SIZE}\"/><w:szCs w:val=\"{TABLE_SIZE}\"/></w:rPr>",
            if bold { "<w:b/>" } else { "" }
        );
        let text = if i > 0 && !bold {
            docx_figure(text)
        } else {
            text.to_string()
        };
        let _ = write!(
            x,
            "<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
            escape_xml(&text)
        );
    };
    x.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (i, header) in table.headers.iter().enumerate() {
        cell(&mut x, i, header, true, Some("bottom"));
    }
    x.push_str("</w:tr>");
    for (row, kind) in table.rows.iter().zip(&table.kinds) {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let border = (*kind == RowKind::AllSites).then_some("top");
        for (i, text) in row.iter().enumerate() {
            cell(&mut x, i, text, false, border);
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    let _ = write!(
        x,
        "<w:p><w:pPr><w:spacing w:before=\"240\"/></w:pPr><w:r>\
         <w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape_xml(&table.paragraph)
    );
    x.push_str(
        "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" \
         w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
    );
    x
}

/// The table as a Word document (`.docx`, Office Open XML): one table whose
/// first row is marked as its header row (`<w:tblHeader/>`, repeated on
/// each page), the figures right-aligned, then the methods paragraph, on
/// an A4 landscape page: the parts a Word document needs, checked with
/// LibreOffice and python-docx.
///
/// The package is a zip archive of five small parts, stored uncompressed
/// (so no compressor is needed; a table is a few kilobytes) with the
/// timestamp of 1980-01-01, so the same table always gives the same bytes.
#[must_use]
pub fn to_docx(table: &ManuscriptTable) -> Vec<u8> {
    let with_decl = |xml: &str| format!("{XML_DECL}{xml}");
    let parts: [(&str, String); 5] = [
        ("[Content_Types].xml", with_decl(CONTENT_TYPES)),
        ("_rels/.rels", with_decl(PACKAGE_RELS)),
        ("word/document.xml", document_xml(table)),
        ("word/_rels/document.xml.rels", with_decl(DOCUMENT_RELS)),
        ("word/styles.xml", with_decl(STYLES)),
    ];
    zip_stored(&parts)
}

/// CRC-32 (IEEE, as zip uses it), bit by bit: a table's parts are a few
/// kilobytes, and this takes less code than a lookup table.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

/// A zip archive of `parts` (name, content), stored uncompressed, every
/// entry dated 1980-01-01 00:00 (the earliest date zip can hold). Written
/// here rather than with the zip crate's writer, which links its
/// compressors into the page even for stored entries (see docs/DECISIONS.md).
/// Empty past the 4 GiB of a zip without its 64-bit extension, which no
/// table comes near.
fn zip_stored(parts: &[(&str, String)]) -> Vec<u8> {
    const DOS_TIME: u16 = 0;
    const DOS_DATE: u16 = 1 << 5 | 1; // 1980-01-01
    const VERSION: u16 = 20; // 2.0: stored entries and folders
    let u16le = |out: &mut Vec<u8>, v: u16| out.extend_from_slice(&v.to_le_bytes());
    let u32le = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in parts {
        let (name, data) = (name.as_bytes(), content.as_bytes());
        let (Ok(offset), Ok(size), Ok(name_len)) = (
            u32::try_from(out.len()),
            u32::try_from(data.len()),
            u16::try_from(name.len()),
        ) else {
            return Vec::new();
        };
        let crc = crc32(data);
        // Local file header, then the data.
        u32le(&mut out, 0x0403_4b50);
        for v in [VERSION, 0, 0, DOS_TIME, DOS_DATE] {
            u16le(&mut out, v);
        }
        for v in [crc, size, size] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Its central directory entry.
        u32le(&mut central, 0x0201_4b50);
        for v in [VERSION, VERSION, 0, 0, DOS_TIME, DOS_DATE] {
            u16le(&mut central, v);
        }
        for v in [crc, size, size] {
            u32le(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let (Ok(central_offset), Ok(central_size), Ok(count)) = (
        u32::try_from(out.len()),
        u32::try_from(central.len()),
        u16::try_from(parts.len()),
    ) else {
        return Vec::new();
    };
    out.extend_from_slice(&central);
    // End of central directory record.
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, count, count] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Both ways of finding a value's leading digits, where the integer
    /// one answers: it must give what the written-out expansion gives.
    fn same_leading_digits(value: f64) -> Result<(), TestCaseError> {
        if let Some(fast) = leading_digits_by_integers(value) {
            prop_assert_eq!(Some(fast), leading_digits_written_out(value), "{:e}", value);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn leading_digits_by_integers_are_those_of_the_whole_expansion(
            mantissa in 1.0f64..10.0,
            exponent in -9i32..40,
        ) {
            same_leading_digits(mantissa * 10f64.powi(exponent))?;
        }

        #[test]
        fn leading_digits_of_any_double_are_those_of_the_whole_expansion(bits in any::<u64>()) {
            let value = f64::from_bits(bits).abs();
            if value.is_finite() {
                same_leading_digits(value)?;
            }
        }

        #[test]
        fn leading_digits_of_figures_as_reports_make_them(minutes in 0u32..10_000_000, count in 1u32..100_000) {
            same_leading_digits(f64::from(minutes) / f64::from(count))?;
            same_leading_digits(f64::from(minutes) / 60.0)?;
        }
    }

    #[test]
    fn leading_digits_next_to_powers_of_ten_and_at_the_ends_of_the_range() {
        let mut answered = 0;
        for e in -8..=39 {
            let power = 10f64.powi(e);
            for value in [
                power,
                power.next_down(),
                power.next_up(),
                5.0 * power,
                9.999_999_999_999_999 * power,
            ] {
                same_leading_digits(value).unwrap();
                answered += usize::from(leading_digits_by_integers(value).is_some());
            }
        }
        // The integer way answers the range it is for (about 1e-7 to 1e16).
        assert!(answered >= 5 * 22, "{answered}");
        assert_eq!(leading_digits_by_integers(1e16), None);
        assert_eq!(leading_digits_by_integers(1e-9), None);
        assert_eq!(leading_digits_by_integers(1e300), None);
        assert_eq!(leading_digits_by_integers(f64::MIN_POSITIVE / 2.0), None);
        assert_eq!(leading_digits(0.0), Some(([0; LEADING], 0)));
        // 22.449999999999999289...: the 16th digit is 9, not a rounded 0.
        assert_eq!(
            leading_digits(1347.0 / 60.0),
            Some(([2, 2, 4, 4, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], 1))
        );
    }

    fn r(value: f64, decimals: u32) -> String {
        format_rounded(Some(value), decimals)
    }

    #[test]
    fn ties_round_half_away_from_zero_on_15_significant_digits() {
        // 1347/60 is 22.449999999999999289... in binary: Excel shows 22.5.
        assert!(format!("{:.20}", 1347.0 / 60.0).starts_with("22.4499999"));
        assert_eq!(r(1347.0 / 60.0, 1), "22.5");
        assert_eq!(round_half_away(1347.0 / 60.0, 1), 22.5);
        assert_eq!(r(2.25, 1), "2.3");
        assert_eq!(r(-2.25, 1), "-2.3");
        assert_eq!(round_half_away(-2.25, 1), -2.3);
        assert_eq!(r(0.05, 1), "0.1");
        assert_eq!(r(2.5, 0), "3");
        assert_eq!(r(-0.5, 0), "-1");
        assert_eq!(round_half_away(-0.5, 0), -1.0);
        assert_eq!(r(0.5, 0), "1");
        assert_eq!(r(1.5, 0), "2");
        // 1.005 is 1.00499999999999989... : 1.01, as Excel's ROUND(1.005, 2).
        assert_eq!(r(1.005, 2), "1.01");
        assert_eq!(round_half_away(1.005, 2), 1.01);
        // 4.35 is 4.3499999999999996...; 9.95 is 9.949999999999999...
        assert_eq!(r(4.35, 1), "4.4");
        assert_eq!(r(9.95, 1), "10.0");
        assert_eq!(r(0.95, 1), "1.0");
        assert_eq!(r(99.95, 1), "100.0");
    }

    #[test]
    fn below_the_half_rounds_down_and_exact_values_keep_their_digits() {
        assert_eq!(r(2.24, 1), "2.2");
        assert_eq!(r(22.449, 1), "22.4");
        assert_eq!(r(0.0, 1), "0.0");
        assert_eq!(r(7.0, 0), "7");
        assert_eq!(r(100.0, 1), "100.0");
        assert_eq!(r(61.25, 0), "61");
        assert_eq!(r(67.5, 0), "68");
        assert_eq!(r(3.0, 2), "3.00");
        // No minus sign on a value that rounds to zero.
        assert_eq!(r(-0.04, 1), "0.0");
        assert_eq!(r(-0.0, 0), "0");
        assert_eq!(r(-0.4, 0), "0");
    }

    #[test]
    fn large_and_tiny_values() {
        // 999999999999999.5 is exact in binary; at 15 digits it is 1E+15.
        assert_eq!(r(999_999_999_999_999.5, 0), "1000000000000000");
        // 123456789012345.67 is 123456789012345.671875: its 15 digits are
        // 123456789012346, whatever the decimals asked for.
        assert_eq!(r(123_456_789_012_345.67, 1), "123456789012346.0");
        assert_eq!(r(123_456_789_012_345.67, 0), "123456789012346");
        // Beyond 15 digits the rest are zeros.
        assert_eq!(r(1e20, 0), "100000000000000000000");
        assert_eq!(r(12_345_678_901_234_567_890.0, 0), "12345678901234600000");
        assert_eq!(r(1e300, 1).len(), 301 + 2);
        assert!(r(f64::MAX, 0).starts_with("179769313486232"));
        assert_eq!(round_half_away(1e300, 1), 1e300);
        // Tiny values.
        assert_eq!(r(1e-300, 1), "0.0");
        assert_eq!(r(5e-324, 3), "0.000");
        assert_eq!(r(-1e-20, 1), "0.0");
        assert_eq!(r(0.000_05, 4), "0.0001");
        assert_eq!(r(0.000_049_999, 4), "0.0000");
        assert_eq!(r(0.049_999_999_999_999_996, 1), "0.1");
        assert_eq!(r(1.234_567_890_123_456_7e-5, 12), "0.000012345679");
    }

    #[test]
    fn null_and_not_finite_are_an_en_dash() {
        assert_eq!(format_rounded(None, 1), "\u{2013}");
        assert_eq!(format_rounded(Some(f64::NAN), 1), NULL_CELL);
        assert_eq!(format_rounded(Some(f64::INFINITY), 0), NULL_CELL);
        assert!(round_half_away(f64::NAN, 1).is_nan());
    }

    #[test]
    fn spread_follows_the_engine_rules() {
        let none = spread(&[]);
        assert_eq!(none.mean, None);
        assert_eq!(none.median, None);
        let one = spread(&[4.0]);
        assert_eq!(
            (one.mean, one.sd, one.q1, one.median, one.q3),
            (Some(4.0), None, Some(4.0), Some(4.0), Some(4.0))
        );
        // 1, 2, 4, 10: mean 4.25; sd sqrt((3.25² + 2.25² + 0.25² + 5.75²) / 3)
        // = sqrt(48.75 / 3); positions 0.75, 1.5, 2.25.
        let four = spread(&[10.0, 1.0, 4.0, 2.0]);
        assert_eq!(four.mean, Some(4.25));
        assert!((four.sd.unwrap() - (48.75f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(four.q1, Some(1.75));
        assert_eq!(four.median, Some(3.0));
        assert_eq!(four.q3, Some(5.5));
        assert_eq!((four.min, four.max), (Some(1.0), Some(10.0)));
    }

    #[test]
    fn summary_cells_have_their_shapes() {
        let s = spread(&[1347.0, 60.0, 90.0]);
        let cells = summary_cells(Unit::Hours, &s);
        // Mean 499 min = 8.3 h; median 90 = 1.5 h; q1 75 = 1.25 -> 1.3,
        // q3 718.5 = 11.975 -> 12.0; range 1.0–22.5.
        assert!(cells[0].starts_with("8.3 ("), "{}", cells[0]);
        assert_eq!(cells[1], "1.5 (1.3; 12.0)");
        assert_eq!(cells[2], "1.0\u{2013}22.5");
        let one = summary_cells(Unit::Percent, &spread(&[50.0]));
        assert_eq!(one[0], "50.0 (\u{2013})");
        assert_eq!(one[1], "50.0 (50.0; 50.0)");
        assert_eq!(one[2], "50.0\u{2013}50.0");
        let none = summary_cells(Unit::Cost, &spread(&[]));
        assert_eq!(none, [NULL_CELL, NULL_CELL, NULL_CELL].map(String::from));
    }

    #[test]
    fn crc32_is_the_zip_checksum() {
        // The check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_xml("A&B <x> \"q\" 'a'\u{1}\tz"),
            "A&amp;B &lt;x&gt; &quot;q&quot; &#39;a&#39; z"
        );
        assert_eq!(escape_markdown("a|b*c_d\\"), "a\\|b\\*c\\_d\\\\");
        assert_eq!(long_date("2018-03-01"), "1 March 2018");
        assert_eq!(long_date("2020-12-31"), "31 December 2020");
        assert_eq!(long_date("soon"), "soon");
    }
}
