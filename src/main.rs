//! `mentoring-stats`: the command line face of the engine.
//!
//! Glue only: arguments become [`Settings`] and [`ReadOptions`], files are
//! opened and handed to [`Analysis`], and the report goes to stdout.
//!
//! Exit codes: 0 success; 1 a file could not be read (nothing is printed on
//! stdout then); 2 bad arguments.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
