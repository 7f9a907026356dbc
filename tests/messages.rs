//! What baton says about files: names with control characters escaped wherever they are printed,
//! a junk file's header quoted briefly (and never read whole), and a `baton.toml` from
//! `baton init` that baton loads whatever the files are called and hold.

use crate::common::*;
use std::fs;
use std::path::Path;

const EVIL: &str = "evil\n\x1b[31mbaton: error: forged.csv";

fn assert_harmless(what: &str, text: &str) {
    assert!(!text.contains('\x1b'), "{what} holds a raw escape: {text}");
    assert!(
        !text.lines().any(|l| l.starts_with("baton: error: forged")),
        "{what} holds a forged line: {text}"
    );
}

#[test]
fn file_names_are_printed_with_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&fixture("handmade"), &input);
    // One such file read (with a rejected row), one not recognised.
    fs::copy(input.join("crm/leads.csv"), input.join("crm").join(EVIL)).unwrap();
    fs::write(input.join(EVIL), "junk\x1b[2J,\x1b]0;title\x07\n1,2\n").unwrap();
    let out = out_dir();
    let built = run(&input, out.path(), &["--today", "2026-11-23", "--verbose"]).success();
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert_harmless("build's stderr", &stderr);
    assert!(
        stderr.contains("evil\\n\\x1b[31mbaton: error: forged.csv"),
        "{stderr}"
    );
    let strict = run(&input, out.path(), &["--today", "2026-11-23", "--strict"]).code(1);
    assert_harmless(
        "--strict's error",
        &String::from_utf8_lossy(&strict.get_output().stderr),
    );
    let check = baton()
        .args(["check", "--input"])
        .arg(&input)
        .assert()
        .success();
    let o = check.get_output();
    assert_harmless("check's stdout", &String::from_utf8_lossy(&o.stdout));
    assert_harmless("check's stderr", &String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("header: junk\\x1b[2J, \\x1b]0;title\\x07")
    );
    // An error naming the input folder.
    let gone = dir.path().join(EVIL);
    let e = baton()
        .args(["check", "--input"])
        .arg(&gone)
        .assert()
        .code(1);
    assert_harmless("an error", &String::from_utf8_lossy(&e.get_output().stderr));
}

/// Total bytes of the files under `dir`.
fn size_of(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let m = fs::metadata(e.path()).unwrap();
            if m.is_dir() {
                size_of(&e.path())
            } else {
                m.len()
            }
        })
        .sum()
}

#[test]
fn a_one_line_junk_file_is_quoted_briefly() {
    let plain = build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &[],
    );
    let (_dir, input) = sample_copy();
    // 5 MB on one line, commas and all: no line end for the header search to stop at.
    let junk: String = (0..5_000_000u32)
        .map(|i| b"abc, xyz;\"q"[(i as usize * 7) % 11] as char)
        .collect();
    fs::write(input.join("junk.csv"), &junk).unwrap();
    let out = build(&input, &[]);
    let (before, after) = (size_of(plain.path()), size_of(out.path()));
    assert!(
        after < before + before / 10,
        "{before} bytes grew to {after}"
    );
    let page = fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    assert!(page.contains("a line is longer than 1 MiB"));
    let check = baton()
        .args(["check", "--input"])
        .arg(&input)
        .assert()
        .success();
    assert!(check.get_output().stdout.len() < 100_000);
}

#[test]
fn a_wide_junk_header_is_cut_to_200_characters() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&fixture("handmade"), &input);
    let header: Vec<String> = (0..50_000).map(|i| format!("column number {i}")).collect();
    fs::write(input.join("wide.csv"), header.join(",") + "\n").unwrap();
    let out = build(&input, &[]);
    let page = fs::read_to_string(out.path().join("2025-01/index.html")).unwrap();
    assert!(page.contains("Header: <code>column number 0, column number 1"));
    assert!(page.contains("more cells)"));
    let json = fs::read_to_string(out.path().join("2025-01/metrics.json")).unwrap();
    assert!(page.len() + json.len() < 200_000, "{} bytes", page.len());
}

#[test]
fn init_writes_a_config_that_loads_whatever_the_files_are_called_and_hold() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("leads [q4] {a,b}*?\\\n\x1b.csv"),
        "Lead ID\x01,Signup \"date\"\x07,E-mail\n1,2025-01-02,a@b.co\n",
    )
    .unwrap();
    fs::write(input.join(EVIL), "junk\x1b[2J,x\n1,2\n").unwrap();
    let init = baton()
        .args(["init", "--input"])
        .arg(&input)
        .assert()
        .success();
    assert_harmless(
        "init's stderr",
        &String::from_utf8_lossy(&init.get_output().stderr),
    );
    let written = fs::read_to_string(input.join("baton.toml")).unwrap();
    assert!(
        !written.contains('\x1b') && !written.contains('\x01'),
        "{written}"
    );
    let check = baton()
        .args(["check", "--input"])
        .arg(&input)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert_harmless("check's stdout", &stdout);
    // The guessed block reads the file it was written for.
    assert!(
        stdout.contains(
            "leads [q4] {a,b}*?\\\\n\\x1b.csv: leads [q4] {a,b}*?\\\\n\\x1b (lead)\n  rows 1: 1 used"
        ),
        "{stdout}"
    );
    // And the block `check` suggests for the other keeps each value on its line.
    assert!(
        stdout.contains("    glob = \"evil\\n\\u001B[[]31mbaton: error: forged.csv\"\n"),
        "{stdout}"
    );
}
