//! An input file that changes while baton reads it (an export still being written, a copy renamed
//! over it) is not used: its ledger says why, the run warns, and `--strict` refuses to publish.
//! The change is made by the debug build's fault hook, `BATON_FAULT=after-read:FILE:HOW`, between
//! the reading of the file and baton's check of it.

use crate::common::{self, *};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// A copy of the `alignment` fixture to change.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture("alignment")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Builds `input` into `out` with the fault `how` made to `file` after it is read.
fn build_changing(
    input: &Path,
    out: &Path,
    file: &str,
    how: &str,
    extra: &[&str],
    chunk: Option<&str>,
) -> assert_cmd::assert::Assert {
    let mut cmd = baton();
    cmd.env("BATON_FAULT", format!("after-read:{file}:{how}"))
        .args(["build", "--today", "2026-11-23", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra);
    if let Some(bytes) = chunk {
        cmd.env("BATON_CHUNK_BYTES", bytes);
    }
    cmd.assert()
}

#[test]
fn a_file_appended_truncated_or_replaced_while_read_is_not_used() {
    let cases = [
        ("append", "changed while baton read it (520 -> 534 bytes)"),
        ("truncate", "changed while baton read it (520 -> 260 bytes)"),
        (
            "replace",
            "was replaced by another file while baton read it",
        ),
    ];
    for (how, said) in cases {
        let input = inputs();
        let out = out_dir();
        build_changing(input.path(), out.path(), "leads.csv", how, &[], None)
            .success()
            .stderr(
                predicate::str::contains(format!("baton: warning: leads.csv: {said}")).and(
                    predicate::str::contains(
                        "none of its rows were used: re-run once the export has finished writing",
                    ),
                ),
            );
        let m = metrics(out.path(), "2025-04");
        let leads = common::input(&m, "leads.csv");
        assert_eq!(leads["used"], 0, "{how}");
        assert_eq!(leads["source"], "unreadable", "{how}");
        assert!(
            leads["problem"].as_str().unwrap().contains(said),
            "{how}: {leads}"
        );
        assert_eq!(
            m["totals"]["leads"], 0,
            "{how}: no lead of the file reached the funnel"
        );
    }
}

#[test]
fn a_file_read_in_pieces_is_checked_too() {
    // Pieces of 64 bytes: touches.csv is read from disk in pieces, each opening it by name.
    for how in ["append", "truncate", "replace"] {
        let input = inputs();
        let out = out_dir();
        build_changing(
            input.path(),
            out.path(),
            "touches.csv",
            how,
            &[],
            Some("64"),
        )
        .success()
        .stderr(predicate::str::contains("baton: warning: touches.csv: "))
        .stderr(predicate::str::contains("none of its rows were used"));
        let m = metrics(out.path(), "2025-04");
        let touches = common::input(&m, "touches.csv");
        assert_eq!(touches["used"], 0, "{how}");
        assert!(
            touches["problem"]
                .as_str()
                .unwrap()
                .contains("while baton read it")
        );
    }
}

#[test]
fn strict_refuses_to_publish_over_a_changed_file() {
    let input = inputs();
    let out = out_dir();
    build_changing(input.path(), out.path(), "nothing.csv", "append", &[], None).success();
    let before = fs::read(out.path().join("2025-04/metrics.json")).unwrap();
    for how in ["append", "truncate", "replace"] {
        let input = inputs();
        build_changing(
            input.path(),
            out.path(),
            "opportunities.csv",
            how,
            &["--strict"],
            None,
        )
        .code(1)
        .stderr(
            predicate::str::contains("--strict:")
                .and(predicate::str::contains("opportunities.csv: "))
                .and(predicate::str::contains("while baton read it"))
                .and(predicate::str::contains(
                    "the previous report was left as it was",
                )),
        );
        let after = fs::read(out.path().join("2025-04/metrics.json")).unwrap();
        assert_eq!(after, before, "{how}: the report is untouched");
    }
}
