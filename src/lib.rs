//! Mentoring statistics for multi-site clinical trials.
//!
//! Reads mentoring record files (CSV, TSV, `.xlsx`) and computes how much
//! mentoring each site, mentee and mentor had, in which mode, over how many
//! months, and how often mentees did not attend; the result is a
//! [`Report`] with a stable JSON form. The engine in [`core`] does no I/O of
//! its own: it reads any byte stream, so the command line tool and the web
//! page run the same code.
#![deny(missing_docs)]

pub mod core;
pub mod ui;

pub use crate::core::error::{FileError, FileErrorKind};
pub use crate::core::ingest::columns::{ColumnMap, ColumnOverride, Field};
pub use crate::core::ingest::{check_file_size, ReadOptions, MAX_FILE_BYTES};
pub use crate::core::records::FileSummary;
pub use crate::core::report::Report;
pub use crate::core::review::Review;
pub use crate::core::settings::{LabelValue, SameName, Settings, ValueLabel};
pub use crate::core::table::{manuscript_table, methods_paragraph, ManuscriptTable, RowKind};
pub use crate::core::value::{DateOrder, DurationUnit};
pub use crate::core::Analysis;
