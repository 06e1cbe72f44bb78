//! Drawing the results in stages, one a frame: what a trial manager reads
//! first (the overview, the manuscript table, the per-site table) is drawn
//! with the report, and the charts and the longer tables in the frames
//! after, so that a log of hundreds of sites shows its results in the
//! engine's time plus the drawing of one screen, and the page answers a
//! click between stages.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Runs `then` once the browser has drawn the next frame: from a timer
/// set in an animation frame callback, which runs after that frame's
/// drawing.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return then();
    };
    let frame = Closure::once_into_js(move || {
        let timer = Closure::once_into_js(then);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(timer.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// The stage drawn so far, from 0 when the component is first drawn up to
/// `last`, one more after each frame. It never goes back: a new report
/// (the settings changed) redraws every stage in place, so that no table
/// loses its sort or its page.
#[hook]
pub fn use_stage(last: u8) -> u8 {
    let stage = use_state(|| 0u8);
    {
        let handle = stage.clone();
        use_effect_with(*stage, move |&now| {
            if now < last {
                after_next_paint(move || handle.set(now + 1));
            }
        });
    }
    *stage
}
