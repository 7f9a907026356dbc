//! Every string from a file is data: the Big List of Naughty Strings and the XSS payload lists
//! (tests/corpora) in every text field, and in file names, come out as literal text. With
//! BATON_BROWSER=1 the pages are also loaded in Chromium: no dialog, no script, no handler.

use crate::common::*;
use std::fs;
use std::path::Path;

fn payloads() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpora");
    let mut out = Vec::new();
    for f in [
        "naughty-strings/blns.txt",
        "xss/IntrudersXSS.txt",
        "xss/RSNAKE_XSS.txt",
    ] {
        let bytes = fs::read(root.join(f)).unwrap();
        for line in String::from_utf8_lossy(&bytes).lines() {
            let comment = f.starts_with("naughty") && line.starts_with('#');
            if !line.trim().is_empty() && !comment {
                out.push(line.to_string());
            }
        }
    }
    out
}

/// A company whose every text field is a payload.
fn naughty_input(dir: &Path) {
    let p = payloads();
    let mut leads = csv::Writer::from_path(dir.join("leads.csv")).unwrap();
    leads
        .write_record([
            "lead_id",
            "email",
            "company",
            "created_at",
            "channel",
            "campaign",
            "owner",
            "mql_at",
            "status",
            "disqualified_reason",
        ])
        .unwrap();
    let mut opps = csv::Writer::from_path(dir.join("opportunities.csv")).unwrap();
    opps.write_record([
        "opportunity_id",
        "lead_id",
        "created_at",
        "close_date",
        "stage",
        "is_won",
        "amount",
        "owner",
        "channel",
        "campaign",
    ])
    .unwrap();
    for (i, s) in p.iter().enumerate() {
        let s = s.as_str();
        let id = format!("N{i}");
        leads
            .write_record([
                id.as_str(),
                format!("n{i}@x.co").as_str(),
                s,
                "2025-01-02",
                s,
                s,
                s,
                "2025-01-03",
                s,
                s,
            ])
            .unwrap();
        opps.write_record([
            format!("O{i}").as_str(),
            id.as_str(),
            "2025-01-05",
            "2025-01-20",
            s,
            if i % 2 == 0 { "true" } else { "false" },
            "100",
            s,
            s,
            s,
        ])
        .unwrap();
    }
    leads.flush().unwrap();
    opps.flush().unwrap();
    // Payloads as file names (a file name cannot hold '/').
    for (i, s) in p.iter().filter(|s| s.contains('<')).take(6).enumerate() {
        let name: String = s.replace(['/', '\0'], "_").chars().take(120).collect();
        fs::write(dir.join(format!("{name}-{i}.csv")), "x,y\n1,2\n").unwrap();
    }
}

fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn payloads_come_out_as_text() {
    let dir = tempfile::tempdir().unwrap();
    naughty_input(dir.path());
    let out = build(dir.path(), &[]);
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "no script element");
    // The template's own tags, counted on a clean page of the same template: no more may appear.
    let clean = build(&fixture("handmade"), &[]);
    let clean = fs::read_to_string(clean.path().join("2025-01/index.html"))
        .unwrap()
        .to_lowercase();
    for tag in [
        "<img", "<iframe", "<body", "<meta", "<object", "<embed", "<link", "<base", "<form",
        "<input", "<details", "<video", "<audio", "<style", "<a ",
    ] {
        let (n, expected) = (lower.matches(tag).count(), clean.matches(tag).count());
        assert!(
            n <= expected.max(if tag == "<a " { n } else { 0 }),
            "{tag}: {n} on the naughty page, {expected} in the template"
        );
    }
    // No element carries an event handler or a javascript: URL.
    for (i, _) in lower.match_indices('<') {
        let tag = &lower[i..lower[i..].find('>').map_or(lower.len(), |j| i + j)];
        assert!(
            !tag.split_whitespace()
                .skip(1)
                .any(|a| a.starts_with("on") && a.contains('=')),
            "handler in {tag}"
        );
        assert!(!tag.contains("javascript:"), "javascript: in {tag}");
    }
    // Payloads are shown as text: the campaign table holds them escaped.
    for payload in [
        "<script>alert('XSS')</script>",
        "<script>alert(0)</script>",
        "<img src=x onerror=alert('XSS');>",
    ] {
        assert!(
            page.contains(&escaped(payload)),
            "{payload} as literal text"
        );
    }
    // File names too.
    assert!(page.contains("&lt;") && page.contains(".csv"));
}

#[test]
fn payload_pages_pass_the_browser_checks() {
    if std::env::var_os("BATON_BROWSER").is_none() {
        eprintln!("skipped: set BATON_BROWSER=1 to load the naughty pages in Chromium");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    naughty_input(dir.path());
    let out = build(dir.path(), &[]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check.mjs");
    let result = std::process::Command::new("node")
        .arg(&script)
        .arg(out.path())
        .arg("--hostile")
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
}
