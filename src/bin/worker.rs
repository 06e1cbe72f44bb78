//! The web page's analysis worker (built by Trunk).

fn main() {
    #[cfg(target_arch = "wasm32")]
    mentoring_stats::ui::worker::register();
}
