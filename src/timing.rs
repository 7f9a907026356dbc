//! Timing: with `BATON_TIMINGS` set, each phase's end time (from the start of the run) and the
//! memory in use go to stderr, for the benchmark (docs/performance.md).

use std::sync::OnceLock;
use std::time::Instant;

fn clock() -> Option<&'static Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    START
        .get_or_init(|| std::env::var_os("BATON_TIMINGS").map(|_| Instant::now()))
        .as_ref()
}

/// Starts the clock (the first call does); nothing when timings are off.
pub fn start() {
    clock();
}

/// Whether timings are on.
pub fn enabled() -> bool {
    clock().is_some()
}

/// Says that `step` is done: when, and the memory resident and at its peak so far.
pub fn lap(step: &str) {
    if let Some(start) = clock() {
        eprintln!(
            "baton: timing: {step} done at {:.3} s, {}",
            start.elapsed().as_secs_f64(),
            memory()
        );
    }
}

/// Resident and peak memory from /proc, or nothing where there is no /proc.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .map(|l| l[k.len()..].trim().to_string())
            .unwrap_or_default()
    };
    format!("RSS {} (peak {})", field("VmRSS:"), field("VmHWM:"))
}
