//! Cron behaviour: the lock, atomic swaps under kill -9, the freshness gate, --strict, and
//! byte-identical output whatever the clock, the locale or the file order.

use crate::common::{self, *};
use predicates::prelude::*;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_previous_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("baton");
    let run = || {
        Command::new(&bin)
            .args(["build", "--today", "2026-11-23", "--input"])
            .arg(sample())
            .arg("--out")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    assert!(run().wait().unwrap().success());
    assert_complete(&out);
    let before = fs::read(out.join("2026-10/index.html")).unwrap();
    for delay_ms in [0, 5, 15, 30, 60, 100, 150, 250] {
        let mut child = run();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_complete(&out);
        assert_eq!(
            fs::read(out.join("2026-10/index.html")).unwrap(),
            before,
            "after a kill at {delay_ms} ms"
        );
    }
    // The lock of a killed run does not block the next one, and leftovers are cleaned up.
    assert!(run().wait().unwrap().success());
    assert_complete(&out);
    let sets = fs::read_dir(dir.path().join(".out.reports"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("set-")
        })
        .count();
    assert!(sets <= 2, "the report and perhaps the spare: {sets}");
}

#[test]
fn a_second_run_on_the_same_output_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Hold the lock as a running build would.
    fs::create_dir_all(dir.path().join(".out.baton")).unwrap();
    let lock = fs::File::create(dir.path().join(".out.baton/lock")).unwrap();
    lock.lock().unwrap();
    baton()
        .args(["build", "--input"])
        .arg(fixture("handmade"))
        .arg("--out")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("another baton run is writing"));
    drop(lock);
    run(&fixture("handmade"), &out, &["--today", "2026-11-23"]).success();
}

#[test]
fn the_freshness_gate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Each source is judged on its own: the handmade spend runs to 2025-02-15, its touches
    // only to 2025-01-26.
    run(
        &fixture("handmade"),
        &out,
        &["--today", "2025-02-20", "--max-age", "30"],
    )
    .success();
    run(
        &fixture("handmade"),
        &out,
        &["--today", "2025-02-20", "--max-age", "10"],
    )
    .code(1)
    .stderr(
        predicate::str::contains("canonical-touches (touch: crm/touches.csv): the newest row is from 2025-01-26, 25 days before 2025-02-20")
            .and(predicate::str::contains("canonical-spend").not()),
    );
    run(
        &fixture("handmade"),
        &out,
        &["--today", "2025-03-20", "--max-age", "30"],
    )
    .code(1)
    .stderr(
        predicate::str::contains("canonical-spend (spend: ads/spend.csv): the newest row is from 2025-02-15, 33 days before 2025-03-20")
            .and(predicate::str::contains("--max-age 30")),
    );
}

#[test]
fn strict_refuses_to_publish_with_rejected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(
        &fixture("handmade"),
        &out,
        &["--today", "2026-11-23", "--strict"],
    )
    .code(1)
    .stderr(
        predicate::str::contains("--strict").and(predicate::str::contains(
            "crm/leads.csv: 1 of 7 rows rejected",
        )),
    );
    assert!(!out.exists(), "nothing published");
    run(
        &fixture("mixed-stack"),
        &out,
        &["--today", "2026-11-23", "--strict"],
    )
    .success();
}

#[test]
fn output_does_not_depend_on_clock_locale_or_zone_of_the_machine() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Two report folders: one pseudonym key for both.
    let config = common::keyed_config(&fixture("mixed-stack"));
    for (dir, tz, lang) in [(&a, "UTC", "C"), (&b, "Pacific/Kiritimati", "de_DE.UTF-8")] {
        baton()
            .env("TZ", tz)
            .env("LC_ALL", lang)
            .env("LANG", lang)
            .args(["build", "--today", "2026-11-23", "--input"])
            .arg(fixture("mixed-stack"))
            .arg("--config")
            .arg(config.path())
            .arg("--out")
            .arg(dir.path().join("out"))
            .assert()
            .success();
    }
    for f in [
        "index.html",
        "2025-03/index.html",
        "2025-03/metrics.json",
        "2025-03/channels.csv",
    ] {
        assert_eq!(
            fs::read(a.path().join("out").join(f)).unwrap(),
            fs::read(b.path().join("out").join(f)).unwrap(),
            "{f}"
        );
    }
}

/// Templates in `dir` that mark every month's page `first-run`.
fn marking_templates(dir: &Path) -> std::path::PathBuf {
    let tpl = dir.join("templates");
    fs::create_dir_all(tpl.join("partials")).unwrap();
    fs::write(
        tpl.join("partials/cohort.html"),
        "<p id=\"first-run\">Cohort of {{ period }}</p>",
    )
    .unwrap();
    tpl
}

/// Builds the sample data into `out`, which must succeed.
fn build_sample(out: &Path, extra: &[&str]) {
    let status = Command::new(assert_cmd::cargo::cargo_bin("baton"))
        .args(["build", "--today", "2026-11-23", "--input"])
        .arg(sample())
        .arg("--out")
        .arg(out)
        .args(extra)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_one_month_run_keeps_the_other_months_and_never_writes_through_the_current_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let tpl = marking_templates(dir.path());
    let run = |extra: &[&str]| build_sample(&out, extra);
    // The first run marks every page; the second renders one month with the default templates.
    run(&["--templates", tpl.to_str().unwrap()]);
    let kept = fs::read(out.join("2026-09/index.html")).unwrap();
    let old = fs::read(out.join("2026-10/index.html")).unwrap();
    assert!(String::from_utf8_lossy(&old).contains("first-run"));
    // A link of our own to the first run's file: the second run must replace, not rewrite, it.
    let witness = dir.path().join("witness.html");
    fs::hard_link(out.join("2026-10/index.html"), &witness).unwrap();
    run(&["--month", "2026-10"]);
    let new = fs::read(out.join("2026-10/index.html")).unwrap();
    assert!(!String::from_utf8_lossy(&new).contains("first-run"));
    assert_eq!(
        fs::read(&witness).unwrap(),
        old,
        "the old file was written through"
    );
    assert_eq!(
        fs::read(out.join("2026-09/index.html")).unwrap(),
        kept,
        "months not rendered are carried over"
    );
    assert!(out.join("2026-09/metrics.json").is_file());
    assert_complete(&out);
}
#[cfg(unix)]
#[test]
fn the_report_before_last_is_written_over_without_stale_or_shared_files() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let tpl = marking_templates(dir.path());
    let run = |extra: &[&str]| build_sample(&out, extra);
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    // Run 1 marks every page; run 2 renders October again (the other months are links to run
    // 1's files); run 3 renders September into run 1's set, the spare.
    run(&["--templates", tpl.to_str().unwrap()]);
    let witness = dir.path().join("witness.html");
    fs::hard_link(out.join("2026-09/index.html"), &witness).unwrap();
    let witnessed = fs::read(&witness).unwrap();
    run(&["--month", "2026-10"]);
    let october = fs::read(out.join("2026-10/index.html")).unwrap();
    run(&["--month", "2026-09"]);
    assert_eq!(
        fs::read(out.join("2026-10/index.html")).unwrap(),
        october,
        "run 1's October, left in the spare, is not published again"
    );
    assert!(
        !String::from_utf8_lossy(&fs::read(out.join("2026-09/index.html")).unwrap())
            .contains("first-run")
    );
    assert_eq!(
        fs::read(&witness).unwrap(),
        witnessed,
        "a file with other links (the current report's, the witness) is not written over"
    );
    assert_complete(&out);
    // Two runs of every month: the second writes over the first's files, creating none.
    run(&[]);
    let before = inode("2026-09/index.html");
    run(&[]);
    run(&[]);
    assert_eq!(
        inode("2026-09/index.html"),
        before,
        "the spare's file is reused"
    );
    assert_eq!(
        fs::read_dir(dir.path().join(".out.reports"))
            .unwrap()
            .count(),
        2,
        "the report and the spare"
    );
    assert_complete(&out);
}
