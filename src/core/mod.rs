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

use error::FileError;
use ingest::{read_table, ReadOptions};
use records::{FileRecorder, FileSummary, RecordStore};
use report::Report;
use settings::Settings;

/// Record files read so far, ready to report on under any [`Settings`].
///
/// ```
/// use mentoring_stats::{Analysis, ReadOptions, Settings};
/// let csv = "Date,Site,Mode,Duration,Mentee\n\
///            14/03/2018,Oakhurst,Phone,45,Nia Khan\n\
///            20/03/2018,Oakhurst,Email,,Nia Khan\n";
/// let mut analysis = Analysis::new();
/// analysis
///     .add_file("log.csv", std::io::Cursor::new(csv), &ReadOptions::default())
///     .expect("readable");
/// let report = analysis.report(&Settings::default());
/// assert_eq!(report.overall.total_minutes, 50.0); // 45 + 5 for the email
/// assert_eq!(report.input.rows_read, 2);
/// ```
#[derive(Debug, Default)]
pub struct Analysis {
    store: RecordStore,
}

impl Analysis {
    /// An analysis with no files.
    pub fn new() -> Self {
        Analysis {
            store: RecordStore::new(),
        }
    }

    /// Reads one record file (CSV, TSV or `.xlsx`, told apart by its bytes)
    /// from a byte stream. Rows that cannot be used are not errors: they are
    /// listed in the report. Fails only when the file as a whole cannot be
    /// read, and then leaves the analysis as it was.
    pub fn add_file<R: Read + Seek>(
        &mut self,
        name: &str,
        reader: R,
        options: &ReadOptions,
    ) -> Result<&FileSummary, FileError> {
        let rows_from = self.store.rows.len();
        let file = self.store.files.len() as u32;
        let mut recorder = FileRecorder::new(&mut self.store, name, &options.columns);
        match read_table(name, reader, options, &mut recorder) {
            Ok(format) => {
                let mut summary = recorder.summary;
                summary.format = Some(format);
                summary.rows = rows_from..self.store.rows.len();
                self.store.files.push(summary);
                Ok(&self.store.files[file as usize])
            }
            Err(e) => {
                self.store.discard_file(file, rows_from);
                Err(e)
            }
        }
    }

    /// The files read so far.
    pub fn files(&self) -> &[FileSummary] {
        &self.store.files
    }

    /// The report over every file read so far.
    pub fn report(&self, settings: &Settings) -> Report {
        stats::report(&self.store, settings)
    }
}
