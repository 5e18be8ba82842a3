//! What a page's rewriter shares with its handlers and its output sink:
//! the input window the handler reads start tags from, and the output.
//!
//! lol_html calls handlers and the sink synchronously, inside `write` and
//! `end`, on the caller's thread, so this state is installed in
//! thread-locals for the length of the call ([`Io::run`]) and taken back
//! after. A `Mutex` behind an `Arc` cost two atomic operations per output
//! chunk (~9,400 on the 1 MB bench page) and per element: ~8 % of the
//! page's time. Installing swaps, so a rewriter running inside another's
//! handler (a `<noscript>`'s fragment) has its own state for its call and
//! leaves the outer one's as it was.

use crate::start_tag::Window;
use std::cell::RefCell;

thread_local! {
    static WINDOW: RefCell<Window> = RefCell::new(Window::default());
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// One rewriter's state while no call of it runs.
#[derive(Debug, Default)]
pub(crate) struct Io {
    pub(crate) window: Window,
    pub(crate) out: Vec<u8>,
}

impl Io {
    /// Runs `f` (a rewriter's `write` or `end`) with this state installed,
    /// the state before restored after it, on unwinding too.
    pub(crate) fn run<R>(&mut self, f: impl FnOnce() -> R) -> R {
        struct Installed<'a>(&'a mut Io);
        impl Drop for Installed<'_> {
            fn drop(&mut self) {
                swap(self.0);
            }
        }
        fn swap(io: &mut Io) {
            WINDOW.with_borrow_mut(|w| std::mem::swap(w, &mut io.window));
            OUT.with_borrow_mut(|o| std::mem::swap(o, &mut io.out));
        }
        swap(self);
        let _installed = Installed(self);
        f()
    }
}

/// The installed window, for a handler.
pub(crate) fn with_window<R>(f: impl FnOnce(&mut Window) -> R) -> R {
    WINDOW.with_borrow_mut(f)
}

/// Appends to the installed output, for the sink.
pub(crate) fn emit(chunk: &[u8]) {
    OUT.with_borrow_mut(|o| o.extend_from_slice(chunk));
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn nested_runs_keep_their_own_state() {
        let mut outer = Io::default();
        outer.window.push(Bytes::from_static(b"<a>"));
        let mut inner = Io::default();
        outer.run(|| {
            emit(b"1");
            inner.run(|| {
                assert!(with_window(|w| w.get(0..3).is_none()));
                emit(b"2");
            });
            emit(b"3");
            assert_eq!(
                with_window(|w| w.get(0..3).map(<[u8]>::to_vec)),
                Some(b"<a>".to_vec())
            );
        });
        assert_eq!(outer.out, b"13");
        assert_eq!(inner.out, b"2");
        // Nothing installed is left behind.
        emit(b"x");
        OUT.with_borrow_mut(|o| assert_eq!(std::mem::take(o), b"x"));
    }
}
