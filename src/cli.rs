//! Command line arguments and the `report` command.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use mentoring_stats::{
    check_file_size, Analysis, ColumnOverride, DateOrder, Field, ReadOptions, Settings,
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
}

#[derive(Parser, Debug)]
struct ReportArgs {
    /// Record files, analysed together.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Order of numeric dates like 03/04/2018 where a file's dates read equally well both ways.
    #[arg(long, value_enum, default_value_t = DateOrderArg::DayFirst)]
    date_order: DateOrderArg,
    /// Minutes counted for an email or SMS without a duration.
    #[arg(long, value_name = "N", default_value_t = 5.0, value_parser = parse_minutes)]
    written_minutes: f64,
    /// First day of the analysis window (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    from: Option<Date>,
    /// Last day of the analysis window (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    to: Option<Date>,
    /// Map a field to a column by hand, e.g. --column date="Visit day". Fields: date, site,
    /// mode, duration, mentee, mentor, attendance, session.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column)]
    columns: Vec<ColumnOverride>,
    /// Sheet to read in .xlsx files (default: the first visible sheet).
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Field delimiter of text files: , ; or tab (default: detected).
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Output: the JSON report, or the per-site table as CSV.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DateOrderArg {
    DayFirst,
    MonthFirst,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Json,
    Csv,
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
    Ok(ColumnOverride {
        field,
        header: header.to_string(),
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
    let cli = Cli::parse();
    match cli.command {
        Command::Report(args) => report(args),
    }
}

fn report(args: ReportArgs) -> ExitCode {
    let settings = Settings {
        date_order: match args.date_order {
            DateOrderArg::DayFirst => DateOrder::DayFirst,
            DateOrderArg::MonthFirst => DateOrder::MonthFirst,
        },
        written_message_minutes: args.written_minutes,
        from: args.from,
        to: args.to,
    };
    let options = ReadOptions {
        delimiter: args.delimiter,
        sheet: args.sheet,
        columns: args.columns,
    };
    let mut analysis = Analysis::new(settings);
    let mut failed = false;
    for path in &args.files {
        let name = path.display().to_string();
        let result = File::open(path)
            .map_err(|e| format!("{name}: cannot be opened: {e}"))
            .and_then(|file| {
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                check_file_size(&name, size).map_err(|e| e.to_string())?;
                analysis
                    .add_file(&name, BufReader::new(file), &options)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
        if let Err(message) = result {
            eprintln!("mentoring-stats: {message}");
            failed = true;
        }
    }
    if failed {
        return ExitCode::from(1);
    }
    let report = analysis.report();
    let text = match args.format {
        Format::Json => report.to_json(),
        Format::Csv => report.sites_csv(),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of the tool.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mentoring-stats: cannot write the report: {e}");
            ExitCode::from(1)
        }
    }
}
