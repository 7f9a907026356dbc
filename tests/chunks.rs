//! Reading large files in pieces on both cores gives exactly what one reader gives: the same
//! report bytes, the same ledger lines, the same date judgements. `BATON_CHUNK_BYTES` makes the
//! pieces small enough for the test files.

use crate::common::{self, baton};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Builds `input` with pieces of `chunk` bytes (or the default); returns the output files and
/// the timing lines on stderr.
fn build(input: &Path, chunk: Option<u64>) -> (BTreeMap<String, Vec<u8>>, String) {
    build_on(input, chunk, None)
}

/// `build`, on `threads` threads when given.
fn build_on(
    input: &Path,
    chunk: Option<u64>,
    threads: Option<usize>,
) -> (BTreeMap<String, Vec<u8>>, String) {
    let out = tempfile::tempdir().unwrap();
    // Every build of a test shares one pseudonym key, so that their reports can be compared.
    let config = common::keyed_config(input);
    let mut cmd = baton();
    if let Some(c) = chunk {
        cmd.env("BATON_CHUNK_BYTES", c.to_string());
    }
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t.to_string());
    }
    let run = cmd
        .env("BATON_TIMINGS", "1")
        .args(["build", "--today", "2026-11-23", "--input"])
        .arg(input)
        .arg("--config")
        .arg(config.path())
        .arg("--out")
        .arg(out.path().join("r"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    (common::files_with_bytes(&out.path().join("r")), stderr)
}

fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files written"
    );
    for (k, v) in a {
        assert!(v == &b[k], "{k} differs between one reader and pieces");
    }
}

/// Builds `dir` whole and in pieces of `chunk` bytes; checks that the log says `how` the
/// leads were read and that the reports are the same. Returns the whole build's files.
fn same_in_pieces(dir: &Path, chunk: u64, how: &str) -> BTreeMap<String, Vec<u8>> {
    let (whole, _) = build(dir, None);
    let (pieces, log) = build(dir, Some(chunk));
    assert!(log.contains(how), "{log}");
    assert_same(&whole, &pieces);
    whole
}

/// Builds `dir` in pieces of 700, 1,500 and 4,000 bytes; checks that the leads were read in
/// pieces and that each report is `whole`.
fn same_in_small_pieces(dir: &Path, whole: &BTreeMap<String, Vec<u8>>) {
    for chunk in [700, 1500, 4000] {
        let (pieces, log) = build(dir, Some(chunk));
        assert!(log.contains("leads.csv read in"), "{log}");
        assert_same(whole, &pieces);
    }
}

/// One month's `metrics.json` among a build's files.
fn month(files: &BTreeMap<String, Vec<u8>>, month: &str) -> serde_json::Value {
    serde_json::from_slice(&files[&format!("{month}/metrics.json")]).expect("metrics.json")
}

/// The lines of the rejected rows of leads.csv that June's `metrics.json` names.
fn rejected_lines(files: &BTreeMap<String, Vec<u8>>) -> Vec<u64> {
    month(files, "2025-06")["rejected_rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "leads.csv")
        .map(|r| r["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_sample_report_is_the_same_read_in_pieces() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let (whole, _) = build(&sample, None);
    let (pieces, log) = build(&sample, Some(3000));
    assert!(
        log.contains("read in") && log.contains("pieces"),
        "some sample file was read in pieces: {log}"
    );
    assert_same(&whole, &pieces);
}

/// A lead file with what makes splitting hard: quoted values over several lines, blank lines,
/// rejected rows at known lines, a one-value row in the middle and footer lines at the end.
fn messy_leads() -> (String, Vec<u64>) {
    let mut text = String::from("lead_id,email,company,created_at,channel,campaign,owner\n");
    let mut line = 1u64;
    let mut rejected = Vec::new();
    for i in 0..1500u64 {
        line += 1;
        let month = 1 + i % 12;
        if i % 97 == 5 {
            rejected.push(line);
            writeln!(
                text,
                "L{i},p{i}@x{i}.com,Co {i},not a date,Email,Spring,Ann"
            )
            .unwrap();
        } else if i % 41 == 3 {
            // Two lines inside one quoted value, with a comma and a doubled quote.
            writeln!(
                text,
                "L{i},p{i}@x{i}.com,\"Co {i}, \"\"the\"\"\nsecond line\",2025-{month:02}-03,Webinar,Fall,Bo"
            )
            .unwrap();
            line += 1;
        } else if i % 211 == 7 {
            text.push_str(",,,,,,\n");
            line += 1;
            writeln!(
                text,
                "L{i},p{i}@x{i}.com,Co {i},2025-{month:02}-04,Paid Search,,Cy"
            )
            .unwrap();
        } else if i == 800 {
            // One value alone mid-file: a row to reject, not a footer, since rows follow it.
            writeln!(text, "L{i},,,,,,").unwrap();
            rejected.push(line);
        } else {
            writeln!(
                text,
                "L{i},p{i}@x{i}.com,Co {i},2025-{month:02}-0{},Organic Search,Brand,Dee",
                1 + i % 9
            )
            .unwrap();
        }
    }
    text.push_str("Confidential\nGenerated by baton tests\n");
    (text, rejected)
}

#[test]
fn lines_rejects_and_footers_are_the_same_read_in_pieces() {
    let dir = tempfile::tempdir().unwrap();
    let (leads, rejected) = messy_leads();
    fs::write(dir.path().join("leads.csv"), &leads).unwrap();
    let mut touches = String::from("at,lead_id,email,team,kind\n");
    for i in 0..1500 {
        let who = if i % 113 == 9 {
            format!("NOBODY{i}")
        } else {
            format!("L{i}")
        };
        writeln!(
            touches,
            "2025-06-0{}T10:00:00Z,{who},,marketing,email",
            1 + i % 9
        )
        .unwrap();
    }
    fs::write(dir.path().join("touches.csv"), touches).unwrap();
    let (whole, _) = build(dir.path(), None);
    same_in_small_pieces(dir.path(), &whole);
    // However many cores take the pieces (each takes the next, and the one that finishes the
    // piece due merges it), the report is the same.
    for threads in [1, 3, 8] {
        let (pieces, log) = build_on(dir.path(), Some(700), Some(threads));
        assert!(log.contains("leads.csv read in"), "{log}");
        assert_same(&whole, &pieces);
    }
    // The ledger names the lines where the rejected rows are, counted across quoted line breaks.
    assert_eq!(rejected_lines(&whole), rejected);
    let m = month(&whole, "2025-06");
    let file = common::input(&m, "leads.csv");
    assert_eq!(file["skipped_lines"], 2, "the two footer lines: {file}");
    assert_eq!(file["blank_lines"], 8, "{file}");
}

#[test]
fn empty_lines_are_placed_the_same_read_in_pieces() {
    // Pieces split plain lines themselves and hand the rest of a piece to the csv reader at its
    // first quote; around empty lines (after which the csv crate places a record on the empty
    // line, the line after the last record's line feed) the rejected rows' lines must still be
    // the ones one csv reader gives.
    let dir = tempfile::tempdir().unwrap();
    let (leads, _) = messy_leads();
    let mut text = String::new();
    for (i, line) in leads.split_inclusive('\n').enumerate() {
        text.push_str(line);
        if i % 150 == 149 {
            text.push_str(if i % 300 == 149 { "\n" } else { "\n\n" });
        }
    }
    fs::write(dir.path().join("leads.csv"), &text).unwrap();
    let (whole, _) = build(dir.path(), None);
    let rejected = month(&whole, "2025-06")["rejected_rows"].clone();
    assert!(
        rejected.as_array().is_some_and(|r| r.len() > 10),
        "{rejected}"
    );
    same_in_small_pieces(dir.path(), &whole);
}

#[test]
fn crlf_lines_are_placed_the_same_read_in_pieces() {
    // With CRLF line ends the rejected rows are named by their own lines, read whole or in
    // pieces (each piece starts just after a line feed).
    let dir = tempfile::tempdir().unwrap();
    let (leads, rejected) = messy_leads();
    let mut text = String::new();
    let mut blank_before = Vec::new();
    for (i, line) in leads.split_inclusive('\n').enumerate() {
        text.push_str(&line.replace('\n', "\r\n"));
        if i % 150 == 149 {
            text.push_str("\r\n");
            blank_before.push(i as u64 + 2);
        }
    }
    fs::write(dir.path().join("leads.csv"), &text).unwrap();
    let (whole, _) = build(dir.path(), None);
    // Every rejected row is on its line of the LF text, moved down by the blank lines before.
    let expected: Vec<u64> = rejected
        .iter()
        .map(|&l| l + blank_before.iter().filter(|&&b| b <= l).count() as u64)
        .collect();
    assert_eq!(rejected_lines(&whole), expected);
    same_in_small_pieces(dir.path(), &whole);
}

#[test]
fn a_cut_inside_a_quoted_value_moves_and_an_unclosed_quote_goes_to_one_reader() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("lead_id,email,company,created_at,channel\n");
    // A quoted value of many lines, far longer than a piece: cuts fall inside it.
    let long: String = (0..400).map(|i| format!("note line {i}\n")).collect();
    writeln!(text, "L0,a@b.com,\"{long}\",2025-01-02,Email").unwrap();
    for i in 1..600 {
        writeln!(text, "L{i},p{i}@b.com,Co,2025-01-02,Email").unwrap();
    }
    fs::write(dir.path().join("leads.csv"), &text).unwrap();
    let whole = same_in_pieces(dir.path(), 1000, "leads.csv read in");
    assert_eq!(month(&whole, "2025-01")["totals"]["leads"], 600);

    // A quote never closed near the end: one reader reads the file and says where.
    text.push_str("L900,z@b.com,\"Unclosed,2025-01-03,Email\n");
    for i in 901..905 {
        writeln!(text, "L{i},p{i}@b.com,Co,2025-01-02,Email").unwrap();
    }
    fs::write(dir.path().join("leads.csv"), &text).unwrap();
    let whole = same_in_pieces(dir.path(), 1000, "leads.csv read by one reader");
    let m = month(&whole, "2025-01");
    let reason = m["rejected_rows"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("is never closed"), "{reason}");
}

#[test]
fn a_file_read_whole_for_its_encoding_is_still_read_in_pieces() {
    // Up to four pieces' worth, a file is read whole so that its encoding is judged on every
    // byte; the pieces are then cut from that text: a UTF-8 one with its BOM skipped, and a
    // Windows-1252 one transcoded to UTF-8 in memory.
    let mut text = String::from("lead_id,email,company,created_at,channel\n");
    for i in 0..80 {
        writeln!(text, "L{i},p{i}@b.com,Société {i},2025-01-02,Email").unwrap();
    }
    let utf8_bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    for bytes in [utf8_bom, latin1] {
        assert!((2000..4000).contains(&bytes.len()), "{}", bytes.len());
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("leads.csv"), bytes).unwrap();
        let whole = same_in_pieces(dir.path(), 1000, "leads.csv read in");
        let m = month(&whole, "2025-01");
        assert_eq!(m["totals"]["leads"], 80);
        assert_eq!(common::input(&m, "leads.csv")["rejected"], 0);
    }
}

#[test]
fn every_fixture_gives_the_same_report_read_in_tiny_pieces() {
    // Vendor exports with byte-order marks, CRLF, preambles, report totals, footers, semicolons,
    // quoted amounts and day-first dates, each split into pieces of a few lines.
    for name in [
        "alignment",
        "dupes",
        "handmade",
        "joins",
        "mixed-stack",
        "vendors",
    ] {
        let dir = common::fixture(name);
        let (whole, _) = build(&dir, None);
        let (pieces, log) = build(&dir, Some(60));
        assert!(
            log.contains(" read in "),
            "{name}: some file read in pieces: {log}"
        );
        assert_same(&whole, &pieces);
    }
}
