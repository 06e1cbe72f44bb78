//! `mentoring-stats`: the command line face of the engine.
//!
//! Glue only: arguments become [`Settings`] and [`ReadOptions`], files are
//! opened and handed to [`Analysis`], and the report goes to stdout.
//!
//! Exit codes: 0 success; 1 a file could not be read (nothing is printed on
//! stdout then); 2 bad arguments.

//!
//! [`Settings`]: mentoring_stats_engine::Settings
//! [`ReadOptions`]: mentoring_stats_engine::ReadOptions
//! [`Analysis`]: mentoring_stats_engine::Analysis

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
