//! Work made on two threads natively, and on one in a page's worker.

/// Runs `a` and `b`, natively on two threads where `two_threads` (a
/// page's worker has one), and gives both results.
pub(crate) fn both<A: Send, B>(
    two_threads: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !two_threads || cfg!(target_arch = "wasm32") {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        match a.join() {
            Ok(a) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::both;

    #[test]
    fn both_gives_each_result_in_its_place_on_one_thread_or_two() {
        let here = std::thread::current().id();
        for two_threads in [false, true] {
            let ((a, a_thread), (b, b_thread)) = both(
                two_threads,
                || ("a", std::thread::current().id()),
                || ("b", std::thread::current().id()),
            );
            assert_eq!((a, b), ("a", "b"));
            assert_eq!(b_thread, here);
            assert_eq!(a_thread == here, !two_threads);
        }
        // A panic on the second thread is this thread's.
        let caught = std::panic::catch_unwind(|| both(true, || panic!("made apart"), || 1));
        let message = caught.expect_err("the panic reaches the caller");
        assert_eq!(message.downcast_ref::<&str>(), Some(&"made apart"));
    }
}
