//! The archive and the month pages link only to pages the published report holds: the cron
//! recipe (`--month last` into an empty folder, month after month) never leaves a dead link.

use crate::common::{baton, months_of};
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// `baton build --input sample-data --out out --today today extra...`, asserting success.
fn build_into(out: &Path, today: &str, extra: &[&str]) {
    baton()
        .arg("build")
        .arg("--input")
        .arg(sample())
        .arg("--out")
        .arg(out)
        .args(["--today", today])
        .args(extra)
        .assert()
        .success();
}

/// Every `href` and `src` of every HTML file under `out`, as (page, target) pairs, the target
/// without its `#fragment`; links out of the report (`https:`, `mailto:`, `data:`) left out.
fn links(out: &Path) -> Vec<(PathBuf, String)> {
    let root = out.canonicalize().unwrap();
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(&root) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let page = std::fs::read_to_string(e.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for (at, _) in page.match_indices(attr) {
                let rest = &page[at + attr.len()..];
                let value = &rest[..rest.find('"').unwrap()];
                let target = value.split('#').next().unwrap();
                let external = ["http:", "https:", "mailto:", "data:"]
                    .iter()
                    .any(|p| target.starts_with(p));
                if !target.is_empty() && !external {
                    found.push((e.path().to_path_buf(), target.to_string()));
                }
            }
        }
    }
    found
}

/// Asserts that every link of every page resolves to a file inside `out`.
fn assert_no_dead_links(out: &Path) {
    let root = out.canonicalize().unwrap();
    let all = links(out);
    assert!(!all.is_empty(), "no links found under {}", out.display());
    for (page, target) in all {
        let file = page.parent().unwrap().join(&target);
        let resolved = file.canonicalize().unwrap_or_else(|_| {
            panic!(
                "{}: dead link {target:?}",
                page.strip_prefix(&root).unwrap().display()
            )
        });
        assert!(resolved.starts_with(&root), "{target:?} leaves the report");
        assert!(resolved.is_file(), "{target:?} is not a file");
    }
}

/// The `href` of the page's `rel="prev"` or `rel="next"` link, if it has one.
fn nav(out: &Path, month: &str, rel: &str) -> Option<String> {
    let page = std::fs::read_to_string(out.join(month).join("index.html")).unwrap();
    let start = page.find(&format!("rel=\"{rel}\" href=\""))? + rel.len() + 13;
    Some(page[start..start + page[start..].find('"').unwrap()].to_string())
}

/// The months the archive index links to, newest first.
fn linked_months(out: &Path) -> Vec<String> {
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    page.match_indices("<th scope=\"row\"><a href=\"")
        .map(|(at, _)| page[at + 25..at + 32].to_string())
        .collect()
}

#[test]
fn the_cron_recipe_into_an_empty_folder_links_only_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    build_into(&out, "2026-11-23", &["--month", "last"]);
    assert_eq!(months_of(&out), ["2026-10"]);
    assert_no_dead_links(&out);
    assert_eq!(linked_months(&out), ["2026-10"]);
    assert_eq!(nav(&out, "2026-10", "prev"), None);
    assert_eq!(nav(&out, "2026-10", "next"), None);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("September 2026 <span class=\"tag\">not built</span>"));
    assert!(
        index.contains("<code>--month 2026-09</code>"),
        "says how to build one"
    );
    assert!(index.contains("href=\"latest/index.html\""));
}

#[test]
fn a_later_run_adds_its_month_and_keeps_the_earlier_ones_linked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(&out, "2026-10-05", &["--month", "last"]);
    build_into(&out, "2026-11-23", &["--month", "last"]);
    assert_eq!(months_of(&out), ["2026-09", "2026-10"]);
    assert_no_dead_links(&out);
    assert_eq!(linked_months(&out), ["2026-10", "2026-09"]);
    assert_eq!(
        nav(&out, "2026-10", "prev").as_deref(),
        Some("../2026-09/index.html")
    );
    // September's page was written before October's existed: it links no further.
    assert_eq!(nav(&out, "2026-09", "next"), None);
    // An older month built later fills in, and leaves latest/ on the newest complete month.
    build_into(&out, "2026-11-23", &["--month", "2026-05"]);
    assert_no_dead_links(&out);
    assert_eq!(linked_months(&out), ["2026-10", "2026-09", "2026-05"]);
    assert_eq!(
        nav(&out, "2026-05", "next").as_deref(),
        Some("../2026-09/index.html"),
        "the nearest month built"
    );
    assert_eq!(
        std::fs::read(out.join("latest/metrics.json")).unwrap(),
        std::fs::read(out.join("2026-10/metrics.json")).unwrap()
    );
}

#[test]
fn the_current_month_alone_links_no_latest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(&out, "2026-10-20", &["--month", "2026-10"]);
    assert_no_dead_links(&out);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("latest/"), "no complete month was built");
}

#[test]
fn a_full_build_links_every_month_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(&out, "2026-11-23", &[]);
    assert_no_dead_links(&out);
    let months = months_of(&out);
    assert_eq!(linked_months(&out).len(), months.len());
    assert_eq!(
        nav(&out, "2026-10", "prev").as_deref(),
        Some("../2026-09/index.html")
    );
    assert_eq!(nav(&out, &months[0], "prev"), None);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("not built"));
}
