//! What a new user's first commands say: `init` on a budget sheet, `context --month last`, and
//! counts whose words agree with them (issue 25).

use crate::common::{baton, fixture};
use std::fs;

#[test]
fn init_books_a_budget_sheet_as_spend_named_after_its_file() {
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("programs.csv"),
        "Month,Program,Channel,Amount\n2025-01,Newsletter,Email,450.00\n2025-02,Co-marketing,Partner,\"2,000.00\"\n",
    )
    .unwrap();
    baton()
        .args(["init", "--input"])
        .arg(input.path())
        .assert()
        .success();
    let written = fs::read_to_string(input.path().join("baton.toml")).unwrap();
    assert!(written.contains("entity = \"spend\""), "{written}");
    assert!(written.contains("reads like a budget sheet"), "{written}");
    let check = baton()
        .args(["check", "--input"])
        .arg(input.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(
        stdout.contains("programs.csv: programs (spend)\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("config-"), "{stdout}");
    // One file, two rows: the words agree with the counts.
    assert!(
        stdout.contains("1 file: 1 read cleanly, 0 with problems or rejected rows."),
        "{stdout}"
    );
}

#[test]
fn context_takes_the_last_month_as_build_does() {
    let out = baton()
        .args([
            "context",
            "--month",
            "last",
            "--today",
            "2025-03-10",
            "--input",
        ])
        .arg(fixture("handmade"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["period"], "2025-02");
    let said = baton()
        .args([
            "context",
            "--month",
            "last",
            "--today",
            "2026-11-23",
            "--input",
        ])
        .arg(fixture("handmade"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&said.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no data for 2026-10 (the last complete month before today)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("--month all"),
        "context takes one month: {stderr}"
    );
}

#[test]
fn a_build_of_one_file_says_one_file_and_one_month() {
    let input = tempfile::tempdir().unwrap();
    fs::write(
        input.path().join("spend.csv"),
        "date,channel,cost\n2025-01-05,Paid Search,100\n2025-01-06,Paid Search,50\n",
    )
    .unwrap();
    let out = crate::common::out_dir();
    let run = crate::common::run(
        input.path(),
        out.path(),
        &["--today", "2025-03-01", "--verbose"],
    )
    .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("baton: 1 file, 2 rows: 2 used, 0 duplicates, 0 rejected\n"),
        "{stderr}"
    );
    assert!(stderr.contains("baton: wrote 1 month to "), "{stderr}");
}
