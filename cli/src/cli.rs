//! Command line arguments and the `report` and `table` commands.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mentoring_stats_engine::{
    check_file_size, manuscript_table, parse_amount, settings_file::SettingsFile, table, Analysis,
    Codebook, ColumnOverride, Date, DateOrder, DurationUnit, Field, FileSummary, MentorCost,
    ReadOptions, Report, SameName, Settings, ValueLabel,
};

/// Mentoring statistics for clinical trials, from mentoring record files.
#[derive(Parser, Debug)]
#[command(name = "mentoring-stats", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read record files (CSV, TSV or .xlsx) and print the report.
    Report(ReportArgs),
    /// Read record files and write the per-site table of a paper (with its summary rows and
    /// the methods paragraph) as Markdown, HTML, CSV, tab-separated text or a Word document.
    Table(TableArgs),
}

#[derive(Parser, Debug)]
struct ReportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output: the JSON report, or the per-site table as CSV.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Parser, Debug)]
struct TableArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output: a Markdown table (default), an HTML table, CSV or tab-separated text (the table
    /// only), or a Word document (docx; needs --output). The methods paragraph follows the
    /// table in Markdown, HTML and docx.
    #[arg(long, value_enum, default_value_t = TableFormat::Markdown)]
    format: TableFormat,
    /// Write to this file rather than to stdout (needed for docx).
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// The record files and the settings they are read with: the flags that
/// `report` and `table` share.
#[derive(Args, Debug)]
struct InputArgs {
    /// Record files, analysed together.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Settings saved by the page ("Save settings"): its choices apply first, and the flags
    /// given here on top of them.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Order of numeric dates like 03/04/2018 where a file's dates read equally well both ways
    /// (default day-first).
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
    /// Minutes counted for an email or SMS without a duration (default 5).
    #[arg(long, value_name = "N", value_parser = parse_minutes)]
    written_minutes: Option<f64>,
    /// First day of the analysis window (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    from: Option<Date>,
    /// Last day of the analysis window (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    to: Option<Date>,
    /// Map a field to a column by hand, e.g. --column date="Visit day", in each file that has
    /// that column; --column attendance= says the files have none. Fields: date, site, mode,
    /// duration, mentee, mentor, attendance, session, topic.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column)]
    columns: Vec<ColumnOverride>,
    /// Sheet to read in the workbooks (.xlsx, .ods) that have it (default: the first visible
    /// sheet with a header row).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Unit of plain numbers (1.5) in duration columns (default: as each column's header says;
    /// minutes where it says nothing).
    #[arg(long, value_enum, value_name = "UNIT")]
    duration_unit: Option<DurationUnitArg>,
    /// Count a name as another, e.g. --same site:"St Georges=St George's" (site, mentee,
    /// mentor or topic).
    #[arg(long = "same", value_name = "FIELD:NAME=NAME", value_parser = SameName::parse)]
    same: Vec<SameName>,
    /// Read a label as you say, e.g. --value mode:"Catch-up=phone" or
    /// --value attendance:"Seen=attended".
    #[arg(long = "value", value_name = "FIELD:LABEL=VALUE", value_parser = ValueLabel::parse)]
    values: Vec<ValueLabel>,
    /// A REDCap data dictionary (CSV): coded values of the files become their labels.
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,
    /// Cost of one hour of any mentor's time (AMOUNT), or of a named mentor's
    /// ("NAME=AMOUNT"; repeatable).
    #[arg(long = "mentor-cost", value_name = "AMOUNT|NAME=AMOUNT", value_parser = MentorCost::parse)]
    mentor_costs: Vec<MentorCost>,
    /// Cost of one hour of a mentee's time.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    mentee_cost: Option<f64>,
    /// A label for the costs' currency, such as GBP (display only).
    #[arg(long, value_name = "TEXT")]
    currency: Option<String>,
    /// Field delimiter of text files: , ; or tab (default: detected).
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Site outcomes (CSV, TSV, .xlsx or .ods): one row per site, a site column and columns of
    /// numbers such as "Participants recruited"; the report sets each against the sites'
    /// mentoring (Spearman's rho). Its delimiter and sheet are detected; --column site= applies.
    #[arg(long, value_name = "FILE")]
    outcomes: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DateOrderArg {
    DayFirst,
    MonthFirst,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DurationUnitArg {
    Minutes,
    Hours,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TableFormat {
    Markdown,
    Html,
    Csv,
    Tsv,
    Docx,
}

fn parse_minutes(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "expected a number of minutes, 0 or more; found {text:?}"
        )),
    }
}

fn parse_iso_date(text: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|_| format!("expected a date as YYYY-MM-DD; found {text:?}"))
}

fn parse_column(text: &str) -> Result<ColumnOverride, String> {
    let (field, header) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=HEADER; found {text:?}"))?;
    let field = Field::from_name(field).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        format!(
            "expected a field among {}; found {field:?}",
            names.join(", ")
        )
    })?;
    let header = header.trim();
    Ok(ColumnOverride {
        field,
        header: (!header.is_empty()).then(|| header.to_string()),
    })
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" | "TAB" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!("expected , ; tab or |; found {text:?}")),
    }
}

/// Runs the command line tool.
pub fn main() -> ExitCode {
    one_malloc_arena();
    let cli = Cli::parse();
    match cli.command {
        Command::Report(args) => report(args),
        Command::Table(args) => table(args),
    }
}

/// Opens a file given on the command line, refusing one over the size
/// limit before reading it; the message names the file.
fn open_checked(path: &Path, name: &str) -> Result<BufReader<File>, String> {
    let file = File::open(path).map_err(|e| format!("{name}: cannot be opened: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    check_file_size(name, size).map_err(|e| e.to_string())?;
    Ok(BufReader::new(file))
}

/// Makes glibc's allocator keep one arena for all threads. The engine
/// reads on one thread and counts on another; with an arena each, what the
/// counting thread frees once the files are read (the tables that look
/// names up, the rows of group contacts) is kept by its arena while the
/// report fills the other. With one, the report reuses it: peak memory on
/// a 1M-row log of 6,912 sites 70 MB -> 58 MB, for about 5% more time.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    /// `M_ARENA_MAX` of glibc's `<malloc.h>`.
    const M_ARENA_MAX: std::ffi::c_int = -8;
    // SAFETY: mallopt sets a tuning parameter of glibc's allocator, which
    // is the allocator of this program on this target; it takes plain
    // integers and is called before any other thread starts.
    unsafe {
        mallopt(M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_malloc_arena() {}

/// A usage error: printed as clap prints its own, exit code 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("mentoring-stats: {message}");
    ExitCode::from(2)
}

fn report(args: ReportArgs) -> ExitCode {
    let report = match analyse(args.input) {
        Ok(report) => report,
        Err(code) => return code,
    };
    let code = match args.format {
        // Written as it is made: the JSON of a log with thousands of sites
        // is tens of megabytes.
        Format::Json => write_stdout(|out| report.write_json(out), "the report"),
        Format::Csv => write_output(report.sites_csv().as_bytes(), None, "the report"),
    };
    // The process ends here, and its memory with it: freeing a report of
    // hundreds of thousands of entries one by one first took about 6 ms of
    // a half-second run.
    std::mem::forget(report);
    code
}

fn table(args: TableArgs) -> ExitCode {
    if args.format == TableFormat::Docx && args.output.is_none() {
        return usage_error(
            "--format docx writes a Word document, which is not printed: give --output FILE.docx",
        );
    }
    let report = match analyse(args.input) {
        Ok(report) => report,
        Err(code) => return code,
    };
    let table = manuscript_table(&report);
    let bytes = match args.format {
        TableFormat::Markdown => table::to_markdown(&table).into_bytes(),
        TableFormat::Html => table::to_html(&table).into_bytes(),
        TableFormat::Csv => table::to_csv(&table).into_bytes(),
        TableFormat::Tsv => table::to_tsv(&table).into_bytes(),
        TableFormat::Docx => table::to_docx(&table),
    };
    write_output(&bytes, args.output.as_deref(), "the table")
}

/// Writes `bytes` to the file `output`, or to stdout without one; exit 1
/// when that fails (a closed pipe is not a failure).
fn write_output(bytes: &[u8], output: Option<&Path>, what: &str) -> ExitCode {
    if let Some(path) = output {
        return match std::fs::write(path, bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!(
                    "mentoring-stats: cannot write {what} to {}: {e}",
                    path.display()
                );
                ExitCode::from(1)
            }
        };
    }
    write_stdout(|out| out.write_all(bytes), what)
}

/// Writes to stdout with `write`; exit 1 when that fails (a closed pipe is
/// not a failure).
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>, what: &str) -> ExitCode {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the tool.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mentoring-stats: cannot write {what}: {e}");
            ExitCode::from(1)
        }
    }
}

/// The settings file given with `--settings`, read; exit 1 with its message
/// when it cannot be.
fn settings_file(path: Option<&Path>) -> Result<SettingsFile, ExitCode> {
    let Some(path) = path else {
        return Ok(SettingsFile::default());
    };
    let name = path.display().to_string();
    std::fs::read_to_string(path)
        .map_err(|e| format!("{name}: cannot be read: {e}"))
        .and_then(|text| SettingsFile::parse(&text).map_err(|e| format!("{name}: {e}")))
        .map_err(|message| {
            eprintln!("mentoring-stats: {message}");
            ExitCode::from(1)
        })
}

/// The settings: the settings file's, each flag given replacing or adding
/// to them; exit 1 when the file's are wrong, 2 when the window is.
fn settings_of(args: &InputArgs, file: &SettingsFile) -> Result<Settings, ExitCode> {
    // The file's settings first; each flag given replaces or adds to them.
    let mut settings = file.settings().map_err(|message| {
        eprintln!("mentoring-stats: --settings: {message}");
        ExitCode::from(1)
    })?;
    if let Some(order) = args.date_order {
        settings.date_order = match order {
            DateOrderArg::DayFirst => DateOrder::DayFirst,
            DateOrderArg::MonthFirst => DateOrder::MonthFirst,
        };
    }
    if let Some(minutes) = args.written_minutes {
        settings.written_message_minutes = minutes;
    }
    settings.from = args.from.or(settings.from);
    settings.to = args.to.or(settings.to);
    if let Some(unit) = args.duration_unit {
        settings.duration_unit = Some(match unit {
            DurationUnitArg::Minutes => DurationUnit::Minutes,
            DurationUnitArg::Hours => DurationUnit::Hours,
        });
    }
    settings.same.extend(args.same.iter().cloned());
    settings.values.extend(args.values.iter().cloned());
    for cost in &args.mentor_costs {
        match cost {
            MentorCost::Any(rate) => settings.mentor_hourly_cost = Some(*rate),
            MentorCost::Named(name, rate) => {
                settings.mentor_costs.retain(|(n, _)| n != name);
                settings.mentor_costs.push((name.clone(), *rate));
            }
        }
    }
    settings.mentee_hourly_cost = args.mentee_cost.or(settings.mentee_hourly_cost);
    if let Some(currency) = args.currency.as_ref().filter(|c| !c.trim().is_empty()) {
        settings.currency = Some(currency.clone());
    }
    if let Err(message) = settings.check() {
        return Err(usage_error(&format!("--from and --to: {message}")));
    }
    Ok(settings)
}

/// The REDCap data dictionary given with `--codebook`, read; exit 1 with
/// its message when it cannot be.
fn codebook(path: Option<&Path>) -> Result<Option<std::sync::Arc<Codebook>>, ExitCode> {
    let Some(path) = path else {
        return Ok(None);
    };
    let name = path.display().to_string();
    File::open(path)
        .map_err(|e| format!("{name}: cannot be opened: {e}"))
        .and_then(|file| Codebook::read(&name, BufReader::new(file)).map_err(|e| e.to_string()))
        .map(|codebook| Some(std::sync::Arc::new(codebook)))
        .map_err(|message| {
            eprintln!("mentoring-stats: {message}");
            ExitCode::from(1)
        })
}

/// Reads the files under the flags into a report; the exit code when a
/// file cannot be read (1, its message printed) or a flag is wrong (2).
fn analyse(args: InputArgs) -> Result<Report, ExitCode> {
    let file = settings_file(args.settings.as_deref())?;
    let settings = settings_of(&args, &file)?;
    let codebook = codebook(args.codebook.as_deref())?;
    let options = ReadOptions {
        delimiter: args.delimiter,
        sheet: args.sheet,
        columns: args.columns,
        codebook,
    };
    let mut analysis = Analysis::new(settings);
    let mut failed = false;
    let mut summaries: Vec<FileSummary> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        // A settings file names files by their name alone, as the page does.
        let base = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let saved = file.read_options(&base);
        let file_options = ReadOptions {
            delimiter: options.delimiter.or(saved.delimiter),
            sheet: options.sheet.clone().or(saved.sheet),
            columns: options
                .columns
                .iter()
                .cloned()
                .chain(saved.columns)
                .collect(),
            codebook: options.codebook.clone(),
        };
        let result = open_checked(path, &name).and_then(|file| {
            analysis
                .add_file(&name, file, &file_options)
                .map(|summary| summaries.push(summary.clone()))
                .map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            eprintln!("mentoring-stats: {message}");
            failed = true;
        }
    }
    if let Some(path) = &args.outcomes {
        // Its own delimiter and sheet; the column mappings apply where it
        // has the column.
        let outcome_options = ReadOptions {
            columns: options.columns.clone(),
            ..ReadOptions::default()
        };
        let name = path.display().to_string();
        let result = open_checked(path, &name).and_then(|file| {
            analysis
                .add_outcomes(&name, file, &outcome_options)
                .map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            eprintln!("mentoring-stats: {message}");
            failed = true;
        }
    }
    if failed {
        return Err(ExitCode::from(1));
    }
    if let Err(message) = check_options_used(&options, &summaries) {
        return Err(usage_error(&message));
    }
    Ok(analysis.into_report_and_review().0)
}

/// A mapping or sheet that no file has is an error (one that some file has
/// applies to those files; the others fall back to the usual rules).
fn check_options_used(options: &ReadOptions, files: &[FileSummary]) -> Result<(), String> {
    for o in options.columns.iter().filter(|o| o.header.is_some()) {
        if files
            .iter()
            .all(|f| f.columns.overrides_missing.contains(o))
        {
            let found: Vec<String> = files
                .iter()
                .map(|f| format!("{}: {}", f.name, f.columns.header.join(", ")))
                .collect();
            return Err(format!(
                "{}: no file has a column {:?} (expected a header as written in the file; found {})",
                o.flag(),
                o.header.as_deref().unwrap_or_default(),
                found.join("; ")
            ));
        }
    }
    if let Some(wanted) = &options.sheet {
        let workbooks: Vec<_> = files
            .iter()
            .filter_map(|f| match &f.format {
                Some(mentoring_stats_engine::TableFormat::Workbook(choice)) => Some((f, choice)),
                _ => None,
            })
            .collect();
        if workbooks.iter().all(|(_, c)| c.requested_missing.is_some()) {
            let sheets: Vec<String> = workbooks
                .iter()
                .map(|(f, c)| format!("{}: {}", f.name, c.sheets.join(", ")))
                .collect();
            return Err(if workbooks.is_empty() {
                format!("--sheet {wanted:?}: none of the files is a workbook (.xlsx or .ods)")
            } else {
                format!(
                    "--sheet {wanted:?}: no workbook has a sheet of that name (found {})",
                    sheets.join("; ")
                )
            });
        }
    }
    Ok(())
}
