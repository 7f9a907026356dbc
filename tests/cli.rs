//! The command line: exit codes, messages, month selection, templates, determinism across disk order.

use crate::common::*;
use predicates::prelude::*;
use std::fs;

#[test]
fn missing_input_folder_exits_1_and_names_it() {
    let out = out_dir();
    baton()
        .args(["build", "--input", "/no/such/exports", "--out"])
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("/no/such/exports").and(predicate::str::contains("--input")),
        );
}

#[test]
fn empty_input_folder_exits_1() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("readme.txt"), "not a csv").unwrap();
    let out = out_dir();
    run(input.path(), out.path(), &[])
        .code(1)
        .stderr(predicate::str::contains("no .csv files"));
}

#[test]
fn unreadable_files_only_exits_1() {
    let input = tempfile::tempdir().unwrap();
    fs::write(input.path().join("a.csv"), "").unwrap();
    fs::write(input.path().join("b.csv"), "name,age\nann,3\n").unwrap();
    let out = out_dir();
    run(input.path(), out.path(), &[]).code(1).stderr(
        predicate::str::contains("a.csv: is empty")
            .and(predicate::str::contains("b.csv: header not recognised"))
            .and(predicate::str::contains(
                "none of the 2 CSV files could be used",
            )),
    );
}

#[test]
fn usage_errors_exit_2() {
    baton()
        .args(["build", "--month", "October"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM"));
    baton()
        .args(["build", "--today", "tomorrow"])
        .assert()
        .code(2);
    baton().args(["build", "--frobnicate"]).assert().code(2);
    baton()
        .args(["build", "--tz", "Mars/Olympus"])
        .arg("--input")
        .arg(fixture("handmade"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("IANA time zone"));
}

#[test]
fn bad_config_exits_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("baton.toml");
    fs::write(&cfg, "timezone = \"UTC\"\ncolour = \"blue\"\n").unwrap();
    let cfg = cfg.to_str().unwrap();
    run(
        &fixture("handmade"),
        &dir.path().join("out"),
        &["--config", cfg],
    )
    .code(2)
    .stderr(predicate::str::contains("colour").and(predicate::str::contains("baton.toml")));
}

#[test]
fn a_month_without_data_exits_1() {
    let out = out_dir();
    run(&fixture("handmade"), out.path(), &["--month", "2019-05"])
        .code(1)
        .stderr(
            predicate::str::contains("no data for 2019-05")
                .and(predicate::str::contains("2025-01 to 2025-03")),
        );
}

#[test]
fn one_month_writes_that_month_and_the_index() {
    let out = build(&fixture("handmade"), &["--month", "2025-02"]);
    assert!(out.path().join("2025-02/index.html").is_file());
    assert!(out.path().join("2025-02/metrics.json").is_file());
    assert!(!out.path().join("2025-01").exists());
    assert!(out.path().join("index.html").is_file());
}

#[test]
fn disk_order_does_not_change_the_output() {
    // The same files created in the opposite order, under other folder names' sort order.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let src = fixture("handmade");
    let mut files: Vec<_> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .collect();
    for (dir, reverse) in [(&a, false), (&b, true)] {
        if reverse {
            files.reverse();
        }
        for f in &files {
            let rel = f.path().strip_prefix(&src).unwrap();
            fs::create_dir_all(dir.path().join(rel).parent().unwrap()).unwrap();
            fs::copy(f.path(), dir.path().join(rel)).unwrap();
        }
    }
    let (oa, ob) = (build(a.path(), &[]), build(b.path(), &[]));
    for month in ["2025-01", "2025-02", "2025-03"] {
        for file in ["index.html", "metrics.json"] {
            let x = fs::read(oa.path().join(month).join(file)).unwrap();
            let y = fs::read(ob.path().join(month).join(file)).unwrap();
            assert!(x == y, "{month}/{file} differs");
        }
    }
}

#[test]
fn user_templates_override_the_defaults_by_name() {
    let tpl = tempfile::tempdir().unwrap();
    fs::create_dir_all(tpl.path().join("partials")).unwrap();
    fs::write(
        tpl.path().join("partials/cohort.html"),
        "<p id=\"custom\">Cohort of {{ period }}</p>",
    )
    .unwrap();
    let out = build(
        &fixture("handmade"),
        &["--templates", tpl.path().to_str().unwrap()],
    );
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    assert!(page.contains("<p id=\"custom\">Cohort of 2025-01</p>"));
    assert!(page.contains("The last 13 months"), "other templates stay");
}

#[test]
fn strings_from_files_are_escaped() {
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("leads.csv"),
        "lead_id,email,created_at,channel,campaign\n1,a@b.co,2025-01-02,<script>alert(1)</script>,\"<img src=x onerror=alert(2)>\"\n",
    )
    .unwrap();
    fs::write(
        input.path().join("<i onmouseover=alert(3)>odd.csv"),
        "x,y\n1,2\n",
    )
    .unwrap();
    let out = build(input.path(), &[]);
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    assert!(!page.contains("<script>alert(1)"));
    assert!(!page.contains("<img src=x"));
    assert!(!page.contains("<i onmouseover"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        page.contains("&lt;i onmouseover=alert(3)&gt;odd.csv"),
        "file names are escaped"
    );
}

#[test]
fn check_lists_every_file_and_strict_fails_on_problems() {
    let input = tempfile::tempdir().unwrap();
    fs::copy(
        fixture("handmade/crm/leads.csv"),
        input.path().join("leads.csv"),
    )
    .unwrap();
    fs::write(
        input.path().join("plan.csv"),
        "Month,Event,Budget\n2025-01,Booth,\"1,000\"\n",
    )
    .unwrap();
    baton()
        .args(["check", "--input"])
        .arg(input.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("leads.csv: canonical-leads (lead)")
                .and(predicate::str::contains(
                    "rows 7: 5 used, 1 duplicate, 1 rejected; dates 2025-01-05 to 2025-02-10",
                ))
                .and(predicate::str::contains(
                    "rejected: leads.csv:8: created_at (column 4)",
                ))
                .and(predicate::str::contains("plan.csv: unrecognised"))
                .and(predicate::str::contains("header: Month, Event, Budget"))
                .and(predicate::str::contains("cost = \"Budget\"")),
        );
    baton()
        .args(["check", "--strict", "--input"])
        .arg(input.path())
        .assert()
        .code(1);
    baton()
        .args(["check", "--strict", "--input"])
        .arg(fixture("mixed-stack"))
        .assert()
        .success();
}

#[test]
fn init_writes_a_config_that_makes_unknown_files_readable() {
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("plan.csv"),
        "Month,Event,Budget\n2025-01,Booth,\"1,000\"\n",
    )
    .unwrap();
    baton()
        .args(["init", "--input"])
        .arg(input.path())
        .assert()
        .success();
    let text = fs::read_to_string(input.path().join("baton.toml")).unwrap();
    assert!(text.contains("[[source]]") && text.contains("glob = \"plan.csv\""));
    baton()
        .args(["init", "--input"])
        .arg(input.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    baton()
        .args(["check", "--strict", "--input"])
        .arg(input.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("plan.csv: plan (spend)"));
    let out = build(input.path(), &[]);
    assert_eq!(metrics(out.path(), "2025-01")["totals"]["spend"], 1000.0);
}

#[test]
fn build_names_problem_files_on_stderr() {
    let input = tempfile::tempdir().unwrap();
    fs::copy(
        fixture("handmade/crm/leads.csv"),
        input.path().join("leads.csv"),
    )
    .unwrap();
    fs::write(
        input.path().join("plan.csv"),
        "Month,Event,Budget\n2025-01,Booth,1\n",
    )
    .unwrap();
    let out = out_dir();
    run(input.path(), out.path(), &["--today", "2026-11-23"])
        .success()
        .stderr(
            predicate::str::contains(
                "baton: warning: leads.csv: 1 of 7 rows rejected (first: line 8:",
            )
            .and(predicate::str::contains(
                "baton: warning: plan.csv: header not recognised",
            )),
        );
    run(input.path(), out.path(), &["--quiet"])
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn templates_export_then_edit_then_build() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    baton()
        .args(["templates", "export"])
        .arg(&tpl)
        .assert()
        .success();
    assert!(tpl.join("month.html").is_file() && tpl.join("partials/headline.html").is_file());
    baton()
        .args(["templates", "export"])
        .arg(&tpl)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    let css = tpl.join("style.css");
    fs::write(
        &css,
        fs::read_to_string(&css).unwrap() + "\n/* edited-by-test */\n",
    )
    .unwrap();
    // templates_dir in the config, relative to the config file.
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::copy(fixture("handmade/crm/leads.csv"), input.join("leads.csv")).unwrap();
    fs::write(
        input.join("baton.toml"),
        "templates_dir = \"../tpl\"\n[branding]\naccent = \"#0b6e4f\"\n",
    )
    .unwrap();
    let out = build(&input, &[]);
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    assert!(page.contains("/* edited-by-test */"));
    assert!(page.contains(":root { --accent: #0b6e4f; }"));
}

#[test]
fn bad_branding_is_a_config_error() {
    let input = tempfile::tempdir().unwrap();
    fs::copy(
        fixture("handmade/crm/leads.csv"),
        input.path().join("leads.csv"),
    )
    .unwrap();
    fs::write(
        input.path().join("baton.toml"),
        "[branding]\naccent = \"red; } body { display: none\"\n",
    )
    .unwrap();
    let out = out_dir();
    run(input.path(), out.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("[branding] accent"));
    fs::write(
        input.path().join("baton.toml"),
        "[branding]\nlogo = \"logo.png\"\n",
    )
    .unwrap();
    fs::write(input.path().join("logo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let out = build(input.path(), &[]);
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    assert!(page.contains("<img class=\"logo\" src=\"data:image/png;base64,iVBORw==\""));
}

#[test]
fn context_prints_the_template_context() {
    let out = baton()
        .args([
            "context",
            "--month",
            "2025-02",
            "--today",
            "2026-11-23",
            "--input",
        ])
        .arg(fixture("handmade"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["period"], "2025-02");
    assert_eq!(json["metrics"]["totals"]["won"], 2);
    for key in [
        "site", "kpis", "charts", "summary", "quality", "a", "nav_prev",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
}

#[test]
fn pdf_without_chromium_says_how_to_get_it() {
    let out = out_dir();
    baton()
        .env_remove("BATON_CHROMIUM")
        .env("PATH", "")
        .args(["build", "--pdf", "--today", "2026-11-23", "--input"])
        .arg(fixture("handmade"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--pdf needs Chromium")
                .and(predicate::str::contains("apt-get install chromium")),
        );
    assert!(
        !out.path().join("2025-02/index.html").exists(),
        "checked before anything is written"
    );
}

#[test]
fn csv_exports_neutralise_formulas() {
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("leads.csv"),
        "lead_id,email,created_at,channel,campaign,owner\n1,a@b.co,2025-01-02,=HYPERLINK(\"http://x\"),@SUM(A1),+cmd\n",
    )
    .unwrap();
    let out = build(input.path(), &[]);
    let channels = fs::read_to_string(out.path().join("2025-01/channels.csv")).unwrap();
    assert!(
        channels.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{channels}"
    );
    let campaigns = fs::read_to_string(out.path().join("2025-01/campaigns.csv")).unwrap();
    assert!(campaigns.contains("'@SUM(A1)"), "{campaigns}");
}

/// The lines `baton check` names for the rejected rows of `leads.csv` in `input`, and all it said.
fn rejected_lines(input: &std::path::Path) -> (Vec<String>, String) {
    let run = baton()
        .args(["check", "--input"])
        .arg(input)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    let named = said
        .lines()
        .filter_map(|l| l.trim().strip_prefix("rejected: leads.csv:"))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    (named, said)
}

#[test]
fn rejected_rows_and_open_quotes_are_named_by_their_line_in_files_whose_lines_end_in_cr() {
    // Old Mac exports end each line with a carriage return alone: every row was named line 1.
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("leads.csv"),
        "lead_id,email,company,created_at,channel,campaign,owner\r\
         L1,a@x.com,Co,2025-06-01,Email,Spring,Ann\r\
         L2,b@x.com,Co,June,Email,Spring,Ann\r\
         \r\
         L3,c@x.com,\"Co\rInc\",2025-06-02,Email,Spring,Ann\r\
         L4,d@x.com,Co,06/31/2025,Email,Spring,Ann\r\
         L5,e@x.com,\"Co,2025-06-03,Email,Spring,Ann\r\
         L6,f@x.com,Co,2025-06-03,Email,Spring,Ann\r",
    )
    .unwrap();
    let (named, said) = rejected_lines(input.path());
    assert_eq!(named, ["3", "7", "8"], "{said}");
    assert!(
        said.contains("a quote opened on line 8 is never closed, so lines 8 to 9"),
        "{said}"
    );
}

#[test]
fn rejected_rows_are_named_by_their_own_line_in_crlf_files_and_after_blank_lines() {
    // Windows exports end lines with CRLF; the csv crate places a row after such a line end (or
    // after blank lines) a line early, which named the header for a bad first row.
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("leads.csv"),
        "lead_id,email,company,created_at,channel,campaign,owner\r\n\
         L1,a@x.com,Co,not a date,Email,Spring,Ann\r\n\
         L2,b@x.com,Co,2025-06-01,Email,Spring,Ann\r\n\
         \r\n\
         \r\n\
         L3,c@x.com,Co,June,Email,Spring,Ann\r\n\
         L4,d@x.com,\"Co\r\nInc\",2025-06-02,Email,Spring,Ann\r\n\
         L5,e@x.com,Co,06/31/2025,Email,Spring,Ann\r\n",
    )
    .unwrap();
    let (named, said) = rejected_lines(input.path());
    assert_eq!(named, ["2", "6", "9"], "{said}");
}
