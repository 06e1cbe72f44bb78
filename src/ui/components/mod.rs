//! One component per file; props go down, actions come up.

pub mod file_list;
pub mod loader;
pub mod progress;
pub mod results;
pub mod settings;
