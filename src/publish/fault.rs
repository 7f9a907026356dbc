//! Fault: points where tests stop or fail a publishing run, to prove that a crash or a full
//! disk at any of them leaves the last complete report reachable.
//!
//! Only in debug builds (the binary `cargo test` runs): `BATON_TEST_KILL_AT=KIND:N` aborts the
//! process (as SIGKILL would: no clean-up runs) just before the N-th operation of KIND, and
//! `BATON_TEST_FAIL_AT=KIND:N` makes that operation fail with "no space left on device". KIND is
//! `make`, `create`, `write`, `link`, `rename` or `unlink` (which counts folder removals too).
//! Release builds compile every step to nothing.

use std::io;

/// The kinds of operation a test can stop at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Make,
    Create,
    Write,
    Link,
    Rename,
    Unlink,
}

#[cfg(debug_assertions)]
mod armed {
    use super::Step;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const KINDS: [(&str, Step); 6] = [
        ("make", Step::Make),
        ("create", Step::Create),
        ("write", Step::Write),
        ("link", Step::Link),
        ("rename", Step::Rename),
        ("unlink", Step::Unlink),
    ];
    static COUNTS: [AtomicUsize; 6] = [const { AtomicUsize::new(0) }; 6];

    fn parse(var: &str) -> Option<(Step, usize)> {
        let text = std::env::var(var).ok()?;
        let (kind, n) = text.split_once(':')?;
        let step = KINDS.iter().find(|(k, _)| *k == kind)?.1;
        Some((step, n.parse().ok()?))
    }

    /// A kind of operation and which one of them (from 1).
    type Point = Option<(Step, usize)>;

    /// The armed kill and failure points, read once.
    fn points() -> &'static (Point, Point) {
        static POINTS: OnceLock<(Point, Point)> = OnceLock::new();
        POINTS.get_or_init(|| (parse("BATON_TEST_KILL_AT"), parse("BATON_TEST_FAIL_AT")))
    }

    pub fn step(step: Step) -> std::io::Result<()> {
        let (kill, fail) = points();
        if kill.is_none() && fail.is_none() {
            return Ok(());
        }
        let i = KINDS.iter().position(|(_, s)| *s == step).expect("a kind");
        let n = COUNTS[i].fetch_add(1, Ordering::SeqCst) + 1;
        if *kill == Some((step, n)) {
            std::process::abort();
        }
        if *fail == Some((step, n)) {
            return Err(std::io::Error::from_raw_os_error(
                rustix::io::Errno::NOSPC.raw_os_error(),
            ));
        }
        Ok(())
    }
}

/// Passes the point before an operation of `kind`: in tests, may stop the process or fail.
#[cfg(debug_assertions)]
pub(crate) fn step(kind: Step) -> io::Result<()> {
    armed::step(kind)
}

/// Passes the point before an operation of `kind` (nothing, in a release build).
#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn step(_kind: Step) -> io::Result<()> {
    Ok(())
}
