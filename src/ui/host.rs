//! What the host page asked of the calculator when it mounted it, for the
//! parts of the page that say so. A leaf: `embed` sets it, the
//! components read it.

use std::cell::Cell;

thread_local! {
    /// Whether the host asked for the report.
    static SHARE: Cell<bool> = const { Cell::new(false) };
}

/// Records whether the host page asked for the report (at mount).
pub fn set_report_shared(shared: bool) {
    SHARE.with(|s| s.set(shared));
}

/// Whether the host page asked for the report (the page then says so).
pub fn report_shared() -> bool {
    SHARE.with(Cell::get)
}
