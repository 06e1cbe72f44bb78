//! Notices: every sentence the report says about how its files were read
//! and what was guessed, made here from the facts the readers, the
//! contacts and the counters keep.

use super::contacts::{place, FileTally, GroupOutcome, LiveDurations, PLACES_LISTED};
use super::counters::SiteAcc;
use super::ingest::columns::{Chosen, Field};
use super::ingest::redcap::ColumnCount;
use super::ingest::workbook::SheetChoice;
use super::ingest::{TableEnd, TableFormat};
use super::names::Vocabulary;
use super::outcomes::{OutcomeTable, SetAgainst};
use super::records::FileSummary;
use super::report::MentorStats;
use super::review::{LabelUse, NearDuplicates};
use super::settings::Settings;
use super::value::{mixes_scripts, odd_letters, DateOrder, DurationUnit};

/// `"A"`, `"A" and "B"`, `"A", "B" and "C"`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1 row`, `2 rows`.
pub(crate) fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

/// The notice that the sheets before the one read were passed over, if
/// any were: their header row names no `naming`.
pub(crate) fn passed_over_notice(file: &str, choice: &SheetChoice, naming: &str) -> Option<String> {
    if choice.passed_over.is_empty() {
        return None;
    }
    let sheets: Vec<String> = choice
        .passed_over
        .iter()
        .map(|s| format!("{s:?}"))
        .collect();
    Some(format!(
        "{file}: sheets passed over, as they have no header row naming {naming}: {}",
        and_list(&sheets)
    ))
}

/// The notices of one file: how it was read, what was guessed, and what
/// was passed over.
pub(crate) fn file_notices(
    file: &FileSummary,
    live: LiveDurations,
    look_like_hours: bool,
) -> Vec<String> {
    let mut notices = Vec::new();
    read_as_notices(file, &mut notices);
    column_notices(file, live, look_like_hours, &mut notices);
    table_end_notices(&file.name, &file.table, &mut notices);
    notices
}

/// How a file was read: its format, header and sheet.
fn read_as_notices(file: &FileSummary, notices: &mut Vec<String>) {
    let name = &file.name;
    let format = file
        .format
        .as_ref()
        .map_or_else(String::new, |f| f.describe());
    let above = match file.rows_above_header {
        0 => String::new(),
        1 => " (1 row above it skipped as a title)".to_string(),
        n => format!(" ({n} rows above it skipped as titles)"),
    };
    notices.push(format!(
        "{name}: read as {format}; header on line {}{above}",
        file.header_line
    ));
    if let Some(TableFormat::Workbook(choice)) = &file.format {
        if let Some(wanted) = &choice.requested_missing {
            notices.push(format!(
                "{name}: has no sheet {wanted:?} (--sheet {wanted:?}); sheet {:?} was read instead, the first with a header row",
                choice.sheet
            ));
        }
        notices.extend(passed_over_notice(name, choice, "date, site and mode"));
    }
}

/// What was guessed or asked of a file's columns: mappings not found,
/// columns found by their words or rivalled, the duration unit, columns
/// not used.
fn column_notices(
    file: &FileSummary,
    live: LiveDurations,
    look_like_hours: bool,
    notices: &mut Vec<String>,
) {
    let name = &file.name;
    let columns = &file.columns;
    for o in &columns.overrides_missing {
        let fallback = match columns.header_of(o.field) {
            Some(h) => format!("its {} column is {h:?}", o.field),
            None => format!("it has no {} column", o.field),
        };
        notices.push(format!(
            "{name}: has no column {:?} ({}), so the usual rules apply: {fallback}",
            o.header.as_deref().unwrap_or_default(),
            o.flag()
        ));
    }
    if !columns.unmapped.is_empty() {
        let fields: Vec<String> = columns.unmapped.iter().map(|f| f.to_string()).collect();
        notices.push(format!(
            "{name}: read without a column for {}, as asked",
            and_list(&fields)
        ));
    }
    let by_words: Vec<String> = Field::ALL
        .iter()
        .filter(|&&f| columns.chosen(f) == Some(Chosen::Words))
        .map(|&f| format!("{f} in {:?}", columns.header_of(f).unwrap_or_default()))
        .collect();
    if !by_words.is_empty() {
        notices.push(format!(
            "{name}: columns found by the words of their header: {}",
            and_list(&by_words)
        ));
    }
    for (field, other) in &columns.rivals {
        notices.push(format!(
            "{name}: column {other:?} could also be the {field}; {:?} is used (--column {field}={other:?} to use the other)",
            columns.header_of(*field).unwrap_or_default()
        ));
    }
    if let Some(header) = columns.header_of(Field::Duration) {
        if file.duration_unit == DurationUnit::Hours {
            let why = if file.duration_unit_given {
                "as asked (--duration-unit hours)".to_string()
            } else {
                "as its header says".to_string()
            };
            notices.push(format!(
                "{name}: plain numbers in {header:?} are read as hours (1.5 is 90 minutes), {why}"
            ));
        }
        if look_like_hours {
            notices.push(format!(
                "{name}: {} of {} held live contacts last under 5 minutes, so the numbers in {header:?} look like hours; if they are hours, read them as hours (--duration-unit hours)",
                live.under_5, live.contacts
            ));
        }
    }
    if !columns.unused.is_empty() {
        notices.push(format!(
            "{name}: columns not used: {}",
            columns.unused.join(", ")
        ));
    }
    if !columns.duplicates.is_empty() {
        notices.push(format!(
            "{name}: repeated columns ignored (the first of each is used): {}",
            columns.duplicates.join(", ")
        ));
    }
}

/// What a file's table passed over or decoded: blank, totals and repeated
/// header rows, bytes that are not UTF-8, a REDCap export's records and
/// codes.
fn table_end_notices(name: &str, table: &TableEnd, notices: &mut Vec<String>) {
    if table.skipped.blank > 0 {
        notices.push(format!(
            "{name}: {} empty lines or rows skipped (they are not records)",
            table.skipped.blank
        ));
    }
    if table.skipped.totals > 0 {
        notices.push(format!(
            "{name}: {} skipped as totals (Total, Subtotal, Grand total or Sum: they are not contacts)",
            rows(table.skipped.totals)
        ));
    }
    if table.skipped.repeated_headers > 0 {
        notices.push(format!(
            "{name}: {} repeating the header skipped (they are not contacts)",
            rows(table.skipped.repeated_headers)
        ));
    }
    if table.not_utf8.0 > 0 {
        let lines: Vec<String> = table.not_utf8.1.iter().map(u64::to_string).collect();
        let more = table.not_utf8.0 - table.not_utf8.1.len() as u64;
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        notices.push(format!(
            "{name}: {} with bytes that are not UTF-8 (line {}{more}): the cells with such bytes are read as Windows-1252, the rest of the file as UTF-8",
            rows(table.not_utf8.0),
            lines.join(", ")
        ));
    }
    if table.redcap_export {
        notices.push(format!(
            "{name}: a REDCap export; {} records' own rows (blank repeat instrument) are not contacts, and their values fill the blank cells of the same record's rows",
            table.skipped.record_rows
        ));
    }
    let counts = |columns: &[ColumnCount], values: bool| -> String {
        let listed: Vec<String> = columns
            .iter()
            .map(|c| {
                let shown: Vec<String> = c.values.iter().map(|v| format!("{v:?}")).collect();
                if values && !shown.is_empty() {
                    format!("{} ({} cells: {})", c.header, c.cells, shown.join(", "))
                } else {
                    format!("{} ({} cells)", c.header, c.cells)
                }
            })
            .collect();
        and_list(&listed)
    };
    if !table.decoded.is_empty() {
        notices.push(format!(
            "{name}: codes read as their labels with the data dictionary: {}",
            counts(&table.decoded, false)
        ));
    }
    if !table.unknown_codes.is_empty() {
        notices.push(format!(
            "{name}: codes the data dictionary does not list, kept as written: {}",
            counts(&table.unknown_codes, true)
        ));
    }
    if !table.unreadable_checkboxes.is_empty() {
        notices.push(format!(
            "{name}: checkbox cells that are neither checked (1, Checked) nor unchecked (0, Unchecked), left unmarked: {}",
            counts(&table.unreadable_checkboxes, true)
        ));
    }
}

/// The notice saying how a file's numeric dates were read, if it has any.
pub(crate) fn date_order_notice(file: &FileSummary, order: DateOrder) -> Option<String> {
    let e = file.dates;
    if e.year_last == 0 {
        return None;
    }
    let why = if e.valid_day_first == e.valid_month_first {
        format!(
            "as many are valid either way ({} of {}), so the date order setting decides",
            e.valid_day_first, e.year_last
        )
    } else {
        format!(
            "{} of {} are valid day-first, {} month-first",
            e.valid_day_first, e.year_last, e.valid_month_first
        )
    };
    Some(format!(
        "{}: numeric dates read {}: {why}",
        file.name,
        order.name()
    ))
}

/// The notices about contacts: mentors that differ within a group, and
/// held `other` contacts without a duration.
pub(crate) fn contact_notices(
    files: &[FileTally],
    names: &[&str],
    outcome: &GroupOutcome,
) -> Vec<String> {
    let mut notices = Vec::new();
    if let Some(&first) = outcome.mentor_conflicts.first() {
        let (file, line) = place(first);
        notices.push(format!(
            "{} rows name a different mentor from the first row of their group contact; each contact is credited to its first named mentor (first case: {} line {line})",
            outcome.mentor_conflicts.len(),
            names[file as usize]
        ));
    }
    let count = files
        .iter()
        .map(|f| f.other_without_duration.count)
        .sum::<u64>()
        + outcome.other_without_duration.len() as u64;
    if count > 0 {
        let mut first: Vec<u64> = files
            .iter()
            .flat_map(|f| f.other_without_duration.first.iter().copied())
            .chain(outcome.other_without_duration.iter().copied())
            .collect();
        first.sort_unstable();
        let mut places: Vec<String> = first
            .iter()
            .take(PLACES_LISTED)
            .map(|&p| {
                let (file, line) = place(p);
                format!("{} line {line}", names[file as usize])
            })
            .collect();
        if count > PLACES_LISTED as u64 {
            places.push(format!("and {} more", count - PLACES_LISTED as u64));
        }
        notices.push(format!(
            "{count} held contacts of mode \"other\" have no duration and count 0 minutes: {}",
            places.join(", ")
        ));
    }
    notices
}

/// The notices of labels read by their words, as the user said, or as
/// mode "other".
pub(crate) fn label_notices(labels: &[LabelUse]) -> Vec<String> {
    let listed = |how: &str, field: &str| -> Vec<String> {
        labels
            .iter()
            .filter(|l| l.how == how && l.field == field)
            .map(|l| match (&l.read_as, how) {
                (_, "unlisted") | (None, _) => format!("{:?} ({})", l.label, rows(l.rows)),
                (Some(value), _) => format!("{:?} as {value} ({})", l.label, rows(l.rows)),
            })
            .collect()
    };
    let mut notices = Vec::new();
    let words = listed("words", "mode");
    if !words.is_empty() {
        notices.push(format!(
            "mode labels read by their words: {}",
            words.join(", ")
        ));
    }
    for field in ["mode", "attendance"] {
        let by_user = listed("by_user", field);
        if !by_user.is_empty() {
            notices.push(format!(
                "{field} labels read as asked (--value): {}",
                by_user.join(", ")
            ));
        }
    }
    let other = listed("unlisted", "mode");
    if !other.is_empty() {
        notices.push(format!(
            "mode labels counted as \"other\" (neither live nor written): {}",
            other.join(", ")
        ));
    }
    notices
}

/// What the cost settings leave out: named mentor rates that no mentor of a
/// held contact has, mentors without a rate, and contacts without a mentor
/// where there is no rate for any mentor.
pub(crate) fn cost_notices(
    settings: &Settings,
    mentors: &[MentorStats],
    sites: &[SiteAcc],
    without_mentor: u64,
) -> Vec<String> {
    let mut notices = Vec::new();
    let unused: Vec<String> = settings
        .mentor_costs
        .iter()
        .filter(|(name, _)| {
            let name = crate::value::normalize_name(name);
            !mentors
                .iter()
                .any(|m| unicase::UniCase::new(m.mentor.as_str()) == unicase::UniCase::new(&*name))
        })
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    if !unused.is_empty() {
        notices.push(format!(
            "mentor costs for names that no held contact's mentor has (--mentor-cost): {}",
            and_list(&unused)
        ));
    }
    let any_rate = settings.mentor_hourly_cost.is_some() || !settings.mentor_costs.is_empty();
    if any_rate && sites.iter().any(|s| s.without_rate > 0) {
        let no_rate: Vec<String> = mentors
            .iter()
            .filter(|m| m.cost.is_none())
            .map(|m| format!("{:?}", m.mentor))
            .collect();
        let mut parts = Vec::new();
        if !no_rate.is_empty() {
            parts.push(format!("mentors without a rate: {}", and_list(&no_rate)));
        }
        if without_mentor > 0 && settings.mentor_hourly_cost.is_none() {
            parts.push(format!("{} held contacts without a mentor", without_mentor));
        }
        notices.push(format!(
            "the mentor cost of the sites where they are is null ({}); give a rate for every mentor (--mentor-cost \"NAME=AMOUNT\") or for any mentor (--mentor-cost AMOUNT)",
            parts.join("; ")
        ));
    }
    notices
}

/// Names that mix Latin letters with Cyrillic or Greek ones in a word, in
/// a notice: they look like other names.
pub(crate) fn mixed_script_notice(names: &[(&'static str, Vec<(String, u64)>)]) -> Option<String> {
    let mut listed: Vec<String> = Vec::new();
    for (field, names) in names {
        let mut mixed: Vec<&(String, u64)> = names
            .iter()
            .filter(|(name, _)| mixes_scripts(name))
            .collect();
        mixed.sort();
        listed.extend(mixed.iter().map(|(name, n)| {
            let odd: Vec<String> = odd_letters(name)
                .iter()
                .map(|(c, script)| format!("\"{c}\" is {script} U+{:04X}", u32::from(*c)))
                .collect();
            format!("{field} {name:?} ({}; {})", rows(*n), odd.join(", "))
        }));
    }
    (!listed.is_empty()).then(|| {
        format!(
            "names that mix Latin letters with Cyrillic or Greek ones in a word, so they may look like other names: {}",
            listed.join(", ")
        )
    })
}

pub(crate) fn near_duplicate_notice(group: &NearDuplicates) -> String {
    let names: Vec<String> = group
        .names
        .iter()
        .map(|(n, r)| format!("{n:?} ({})", rows(*r)))
        .collect();
    let flags: Vec<String> = group
        .names
        .iter()
        .filter(|(n, _)| *n != group.target)
        .map(|(n, _)| {
            format!(
                "--same {}:{:?}",
                group.field,
                format!("{n}={}", group.target)
            )
        })
        .collect();
    format!(
        "{}s {} differ only in punctuation or spaces, so they are counted as different {}s; if they are one, merge them ({})",
        group.field,
        and_list(&names),
        group.field,
        flags.join(" ")
    )
}

/// How many lines (or cells) a notice names before "and N more".
const NAMED: usize = 10;

/// The notices of a site outcome file set against the report: how it was
/// read, and the sites on either side that match nothing.
pub(crate) fn outcome_notices(table: &OutcomeTable, set: &SetAgainst) -> Vec<String> {
    let mut notices = table_notices(table);
    let name = &table.name;
    if !set.unmatched.is_empty() {
        let unmatched: Vec<String> = set
            .unmatched
            .iter()
            .map(|(written, line)| format!("{written:?} (line {line})"))
            .collect();
        notices.push(format!(
            "{name}: outcome sites that match no site with a held contact, left out: {} (if one is a record file's site under another name, count it as that site with --same site:\"NAME=NAME\")",
            and_list(&unmatched)
        ));
    }
    if !set.without_row.is_empty() {
        let without_row: Vec<String> = set.without_row.iter().map(|s| format!("{s:?}")).collect();
        notices.push(format!(
            "{name}: sites with a held contact that have no outcome row: {}",
            and_list(&without_row)
        ));
    }
    notices
}

/// The notices of how the file was read: its format and columns, the rows
/// skipped, and the cells missing from each measure.
fn table_notices(table: &OutcomeTable) -> Vec<String> {
    let name = &table.name;
    let mut notices = Vec::new();
    let above = match table.rows_above {
        0 => String::new(),
        1 => " (1 row above it skipped as a title)".to_string(),
        n => format!(" ({n} rows above it skipped as titles)"),
    };
    let measures: Vec<String> = table
        .measures
        .iter()
        .map(|m| format!("{:?}", m.header))
        .collect();
    notices.push(format!(
        "{name}: site outcomes read as {}; header on line {}{above}; sites in {:?}; measures: {}",
        table.format.describe(),
        table.header_line,
        table.site_header,
        and_list(&measures)
    ));
    if let TableFormat::Workbook(choice) = &table.format {
        notices.extend(passed_over_notice(name, choice, "the site"));
    }
    if !table.not_measures.is_empty() {
        let columns: Vec<String> = table
            .not_measures
            .iter()
            .map(|h| format!("{h:?}"))
            .collect();
        notices.push(format!(
            "{name}: columns with no number, not measures: {}",
            and_list(&columns)
        ));
    }
    if !table.unnamed.is_empty() {
        let columns: Vec<String> = table.unnamed.iter().map(usize::to_string).collect();
        notices.push(format!(
            "{name}: numbers under a blank header (column {}) are not read as a measure; give the column a header to read it",
            and_list(&columns)
        ));
    }
    if !table.without_site.is_empty() {
        notices.push(format!(
            "{name}: {} without a site skipped ({})",
            rows(table.without_site.len() as u64),
            lines(&table.without_site)
        ));
    }
    let skipped = &table.skipped;
    if skipped.totals > 0 {
        notices.push(format!(
            "{name}: {} skipped as totals (Total, Subtotal, Grand total or Sum: they are not sites)",
            rows(skipped.totals)
        ));
    }
    if skipped.repeated_headers > 0 {
        notices.push(format!(
            "{name}: {} repeating the header skipped",
            rows(skipped.repeated_headers)
        ));
    }
    for (line, reason) in &table.refused {
        notices.push(format!("{name}: line {line} skipped: {reason}"));
    }
    notices.extend(missing_cells_notice(table));
    notices
}

/// The notice of an outcome file's cells that are blank or not a number,
/// per measure, if any.
fn missing_cells_notice(table: &OutcomeTable) -> Option<String> {
    let name = &table.name;
    let missing: Vec<String> = table
        .measures
        .iter()
        .filter(|m| !m.missing.is_empty())
        .map(|m| {
            let mut cells: Vec<String> = m
                .missing
                .iter()
                .take(NAMED)
                .map(|(line, text)| match text {
                    None => format!("line {line} blank"),
                    Some(text) => format!("line {line} {text:?}"),
                })
                .collect();
            if m.missing.len() > NAMED {
                cells.push(format!("{} more", m.missing.len() - NAMED));
            }
            format!("{:?} {} ({})", m.header, m.missing.len(), cells.join(", "))
        })
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "{name}: cells that are blank or not a number, missing for their measure: {}",
            missing.join("; ")
        )
    })
}

/// `line 4`, `lines 4, 9 and 12`, `lines 4, 5, ... and 3 more`.
fn lines(lines: &[u64]) -> String {
    let mut shown: Vec<String> = lines.iter().take(NAMED).map(u64::to_string).collect();
    if lines.len() > NAMED {
        shown.push(format!("{} more", lines.len() - NAMED));
    }
    match shown.len() {
        1 => format!("line {}", shown[0]),
        _ => format!("lines {}", and_list(&shown)),
    }
}

/// The notice of each file given twice: read once, as the earlier file.
pub(crate) fn duplicate_notices(duplicates: &[(String, String)]) -> Vec<String> {
    (duplicates.iter())
        .map(|(name, first)| format!("{name}: the same bytes as {first}, so it is read once"))
        .collect()
}

/// The notice of the names the user counted as others (`--same`), if any.
pub(crate) fn merged_names_notice(vocabulary: &Vocabulary) -> Option<String> {
    let merged: Vec<String> = vocabulary
        .merged_names()
        .map(|(field, name, as_name, used)| {
            let unused = if used { "" } else { ", but no row names it" };
            format!("{field} {name:?} as {as_name:?}{unused}")
        })
        .collect();
    (!merged.is_empty()).then(|| {
        format!(
            "names counted as others, as asked (--same): {}",
            merged.join("; ")
        )
    })
}
