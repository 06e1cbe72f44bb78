//! The engine: plain Rust, no browser and no file system.
//!
//! A record goes one way through these modules: [`ingest`] turns bytes into
//! rows of cells, [`records`] checks each row with the [`value`] parsers and
//! stores it compactly, [`contacts`] merges rows into contacts, [`stats`]
//! folds contacts into figures, and [`report`] is the JSON contract.

pub mod contacts;
pub mod error;
pub mod ingest;
pub mod records;
pub mod report;
pub mod settings;
pub mod stats;
pub mod value;

use std::io::{Read, Seek};

/// Hash map for ids and short names: foldhash is several times faster than
/// SipHash on these keys, and no map's order ever reaches the report.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// Hash set to go with [`FastMap`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

use contacts::FileTally;
use error::{FileError, FileErrorKind};
use ingest::{read_table, ReadOptions};
use records::{FileRecorder, FileSummary, Vocabulary};
use report::Report;
use settings::Settings;

/// Record files read so far under one set of [`Settings`], folded into
/// figures as they stream in: memory grows with the names and group
/// sessions in the files, not with their rows.
///
/// ```
/// use mentoring_stats::{Analysis, ReadOptions, Settings};
/// let csv = "Date,Site,Mode,Duration,Mentee\n\
///            14/03/2018,Oakhurst,Phone,45,Nia Khan\n\
///            20/03/2018,Oakhurst,Email,,Nia Khan\n";
/// let mut analysis = Analysis::new(Settings::default());
/// analysis
///     .add_file("log.csv", std::io::Cursor::new(csv), &ReadOptions::default())
///     .expect("readable");
/// let report = analysis.report();
/// assert_eq!(report.overall.total_minutes, 50.0); // 45 + 5 for the email
/// assert_eq!(report.input.rows_read, 2);
/// ```
#[derive(Debug, Default)]
pub struct Analysis {
    settings: Settings,
    vocabulary: Vocabulary,
    summaries: Vec<FileSummary>,
    files: Vec<FileTally>,
}

impl Analysis {
    /// An analysis with no files, to be read under `settings`.
    pub fn new(settings: Settings) -> Self {
        Analysis {
            settings,
            ..Analysis::default()
        }
    }

    /// Reads one record file (CSV, TSV or `.xlsx`, told apart by its bytes)
    /// from a byte stream. Rows that cannot be used are not errors: they are
    /// listed in the report. Fails only when the file as a whole cannot be
    /// read, and then leaves the analysis as it was.
    ///
    /// The stream is read once, or twice for a file whose numeric dates turn
    /// out to read better in the other order than its first such date
    /// suggested (see [`contacts`]).
    pub fn add_file<R: Read + Seek>(
        &mut self,
        name: &str,
        mut reader: R,
        options: &ReadOptions,
    ) -> Result<&FileSummary, FileError> {
        let file = self.files.len() as u32;
        let mut order = None;
        loop {
            let mut recorder = FileRecorder::new(
                &mut self.vocabulary,
                &self.settings,
                file,
                name,
                &options.columns,
                order,
            );
            // Natively, the file is split into cells on this thread while
            // another checks and counts the rows.
            #[cfg(not(target_arch = "wasm32"))]
            let format = ingest::pipeline::run(&mut recorder, |sink| {
                read_table(name, &mut reader, options, sink)
            })?;
            #[cfg(target_arch = "wasm32")]
            let format = read_table(name, &mut reader, options, &mut recorder)?;
            match recorder.finish() {
                Ok((mut summary, tally)) => {
                    summary.format = Some(format);
                    self.summaries.push(summary);
                    self.files.push(tally);
                    return Ok(&self.summaries[file as usize]);
                }
                // Read again once, in the order the whole file asks for.
                Err(best) if order.is_none() => order = Some(best),
                Err(_) => {
                    return Err(FileError::new(
                        name,
                        FileErrorKind::Io(std::io::Error::other(
                            "the file changed while it was being read",
                        )),
                    ))
                }
            }
        }
    }

    /// The files read so far.
    pub fn files(&self) -> &[FileSummary] {
        &self.summaries
    }

    /// The report over every file read so far.
    pub fn report(&self) -> Report {
        stats::report(
            &self.summaries,
            &self.files,
            &self.vocabulary,
            &self.settings,
        )
    }
}
