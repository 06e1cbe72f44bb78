//! The web page: a yew app on the main thread and an analysis worker.
//!
//! The page only gathers files and settings and shows what comes back: the
//! worker ([`worker`]) reads the files in slices ([`blob_reader`]) with the
//! same engine as the command line tool and answers with the report
//! ([`protocol`]). App state is a reducer ([`state`]) with no browser types,
//! tested natively; components live in [`components`].

pub mod app;
pub mod bidi;
pub mod blob_reader;
pub mod bridge;
pub mod chart;
pub mod codec;
pub mod components;
pub mod embed;
pub mod focus;
pub mod format;
pub mod host;
pub mod offline;
pub mod palette;
pub mod print;
pub mod protocol;
pub mod reading;
pub mod save;
pub mod settings_form;
pub mod settings_io;
pub mod sha256;
pub mod state;
pub mod table;
pub mod tables;
pub mod worker;
