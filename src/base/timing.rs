//! Timing: with `BATON_TIMINGS` set, each phase's end time (from the start of the run), the CPU
//! time used so far and the memory in use go to stderr, for the benchmark
//! (docs/performance.md).

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

/// Says that `step` is done: when, the CPU time of every thread so far (which, against the
/// wall time, shows how busy the cores were), and the memory resident and at its peak so far.
pub fn lap(step: &str) {
    if let Some(start) = clock() {
        eprintln!(
            "baton: timing: {step} done at {:.3} s, {}{}",
            start.elapsed().as_secs_f64(),
            cpu(),
            memory()
        );
    }
}

/// "cpu 1.23 s, ": user and system time from /proc (in clock ticks, taken as the usual
/// hundredths of a second), or nothing where there is no /proc.
fn cpu() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    match (fields.get(11), fields.get(12)) {
        (Some(u), Some(s)) => match (u.parse::<u64>(), s.parse::<u64>()) {
            (Ok(u), Ok(s)) => format!("cpu {:.2} s, ", (u + s) as f64 / 100.0),
            _ => String::new(),
        },
        _ => String::new(),
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
