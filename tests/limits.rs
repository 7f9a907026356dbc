//! The bounds on what a build may take: a page a template makes too large, a template that
//! renders without end, a Chromium that never finishes printing. Each ends the run with exit 2
//! and a message, the previous report left as it was and the output folder free for the next run.

use crate::common::*;
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// Builds `handmade` into `out` with `extra` arguments and environment; returns the run.
fn run(out: &Path, extra: &[&str], env: &[(&str, &str)]) -> assert_cmd::assert::Assert {
    let mut cmd = baton();
    cmd.args(["build", "--today", "2026-11-23", "--input"])
        .arg(fixture("handmade"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .timeout(Duration::from_secs(60));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.assert()
}

/// A template folder whose `month.html` is `text`.
fn month_template(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("month.html"), text).unwrap();
    dir
}

/// The previous report, as it was: every file's bytes by path.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = files_under(out)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            (rel, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_page_past_64_mib_stops_the_run_before_memory_runs_out() {
    let out = out_dir();
    run(out.path(), &[], &[]).success();
    let before = snapshot(out.path());
    // Ten gigabytes of HTML, if nothing stopped it.
    let body = "x".repeat(100_000);
    let tpl = month_template(&format!(
        "{{% for i in range(end=100000) %}}{body}{{% endfor %}}"
    ));
    let started = Instant::now();
    run(
        out.path(),
        &["--templates", tpl.path().to_str().unwrap()],
        &[],
    )
    .code(2)
    .stderr(
        predicate::str::contains("month.html produced more than 64 MiB for 2025-0").and(
            predicate::str::contains("the previous report was left as it was"),
        ),
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(
        snapshot(out.path()),
        before,
        "the previous report is untouched"
    );
    run(out.path(), &[], &[]).success();
}

#[test]
fn a_template_that_renders_without_end_is_stopped_after_the_time_limit() {
    let out = out_dir();
    run(out.path(), &[], &[]).success();
    let before = snapshot(out.path());
    // Ten billion turns that write nothing: only the clock stops them.
    let tpl = month_template(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let started = Instant::now();
    run(
        out.path(),
        &["--templates", tpl.path().to_str().unwrap()],
        &[("BATON_RENDER_TIMEOUT_SECS", "1.5")],
    )
    .code(2)
    .stderr(
        predicate::str::contains("rendering the pages took longer than 1.5 s").and(
            predicate::str::contains("the previous report was left as it was"),
        ),
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(30),
        "{took:?}"
    );
    assert_eq!(
        snapshot(out.path()),
        before,
        "the previous report is untouched"
    );
    // The lock went with the process: the next run gets the folder.
    run(out.path(), &[], &[]).success();
}

/// A fake Chromium: a shell script that starts a helper, writes the helper's process id to the
/// file it returns, then runs `rest`.
#[cfg(unix)]
fn fake_chromium(rest: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (chromium, helper) = (dir.path().join("chromium"), dir.path().join("helper.pid"));
    let script = format!(
        "#!/bin/sh\nsleep 600 &\necho $! > '{}'\n{rest}\n",
        helper.display()
    );
    fs::write(&chromium, script).unwrap();
    fs::set_permissions(&chromium, fs::Permissions::from_mode(0o755)).unwrap();
    (dir, chromium, helper)
}

#[cfg(unix)]
#[test]
fn a_chromium_that_fails_says_why_even_when_a_helper_lingers() {
    let out = out_dir();
    // The helper keeps the message pipe open for ten minutes.
    let (_dir, chromium, helper) = fake_chromium("echo 'ERROR: cannot print' >&2\nexit 1");
    let started = Instant::now();
    let run = run(
        out.path(),
        &["--pdf"],
        &[("BATON_CHROMIUM", chromium.to_str().unwrap())],
    );
    let pid = fs::read_to_string(&helper).unwrap();
    let _ = std::process::Command::new("kill").arg(pid.trim()).status();
    run.code(1).stderr(predicate::str::contains(
        "Chromium could not print it to PDF: ERROR: cannot print",
    ));
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[cfg(unix)]
#[test]
fn a_chromium_that_never_finishes_is_killed_with_its_children() {
    let out = out_dir();
    run(out.path(), &[], &[]).success();
    let before = snapshot(out.path());
    // A Chromium that starts a helper and waits for it: both must go.
    let (_dir, chromium, helper) = fake_chromium("wait");
    let started = Instant::now();
    run(
        out.path(),
        &["--pdf"],
        &[
            ("BATON_CHROMIUM", chromium.to_str().unwrap()),
            ("BATON_PDF_TIMEOUT_SECS", "1"),
        ],
    )
    .code(2)
    .stderr(
        predicate::str::contains(
            "index.html: Chromium did not finish printing it to PDF within 1 s",
        )
        .and(predicate::str::contains(
            "the previous report was left as it was",
        )),
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(
        snapshot(out.path()),
        before,
        "the previous report is untouched"
    );
    let pid = fs::read_to_string(&helper).unwrap();
    let proc = Path::new("/proc").join(pid.trim());
    if Path::new("/proc/self").exists() {
        // Killed, and reaped by init (a zombie's status says so).
        let alive = fs::read_to_string(proc.join("status")).is_ok_and(|s| {
            !s.lines()
                .any(|l| l.starts_with("State:") && l.contains('Z'))
        });
        assert!(!alive, "the helper {} still runs", pid.trim());
    }
    run(out.path(), &[], &[]).success();
}
