//! The report in a real browser (tests/browser/check.mjs): Nu HTML Checker, axe-core WCAG 2 A/AA,
//! no network request, print layout, and the phone view at 390 px (chart text >= 10 px, no
//! sideways page scroll, wide boxes scroll with a shadow, no overlapping chart labels); and
//! `build --pdf` of the sample month (tests/browser/pdf.mjs: pages numbered, no link target
//! printed, no page holding only a note, at most 10 pages). Opt-in: BATON_BROWSER=1, which `.ci/run` sets after
//! installing Chromium and the npm packages; without it the test says so and passes.

use crate::common::*;
use std::path::Path;
use std::process::Command;

#[test]
fn sample_report_passes_the_browser_checks() {
    if std::env::var_os("BATON_BROWSER").is_none() {
        eprintln!(
            "skipped: set BATON_BROWSER=1 (and install Chromium and tests/browser's npm packages) to run the browser checks"
        );
        return;
    }
    let out = build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &[],
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.mjs");
    let result = Command::new("node")
        .arg(&script)
        .arg(out.path())
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains("browser checks: all passed"), "{report}");
}

#[test]
fn sample_pdf_is_numbered_and_prints_no_link_targets() {
    if std::env::var_os("BATON_BROWSER").is_none() {
        eprintln!(
            "skipped: set BATON_BROWSER=1 (and install Chromium and tests/browser's npm packages) to check the PDF"
        );
        return;
    }
    let out = build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &["--month", "2026-10", "--pdf"],
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/pdf.mjs");
    let result = Command::new("node")
        .arg(&script)
        .arg(out.path().join("2026-10/report.pdf"))
        // The month prints on 11 pages (with the platform claims and the stage conversions).
        .arg("12")
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains("each numbered"), "{report}");
}
