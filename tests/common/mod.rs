//! Helpers shared by the integration tests: run the real binary and read what it wrote.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn baton() -> Command {
    let mut c = Command::cargo_bin("baton").expect("binary built");
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    c
}

/// A report folder for one test: `out` inside a temporary folder, so that what baton keeps
/// beside a report folder (`.out.baton`, its report sets) goes when the test ends.
pub struct OutDir {
    _parent: tempfile::TempDir,
    path: PathBuf,
}

impl OutDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

pub fn out_dir() -> OutDir {
    let parent = tempfile::tempdir().unwrap();
    let path = parent.path().join("out");
    OutDir {
        _parent: parent,
        path,
    }
}

/// Builds `input` into a fresh report folder with `extra` arguments; returns the folder.
pub fn build(input: &Path, extra: &[&str]) -> OutDir {
    let out = out_dir();
    baton()
        .arg("build")
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out.path())
        .args(if extra.contains(&"--today") {
            &[][..]
        } else {
            &["--today", "2026-11-23"][..]
        })
        .args(extra)
        .assert()
        .success();
    out
}

pub fn metrics(out: &Path, month: &str) -> Value {
    let text = std::fs::read_to_string(out.join(month).join("metrics.json"))
        .expect("metrics.json written");
    serde_json::from_str(&text).expect("valid JSON")
}

/// The by_channel row named `channel`.
pub fn channel<'a>(m: &'a Value, channel: &str) -> &'a Value {
    m["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["channel"] == channel)
        .unwrap_or_else(|| panic!("no channel {channel} in {}", m["by_channel"]))
}

/// The inputs entry for `path`.
pub fn input<'a>(m: &'a Value, path: &str) -> &'a Value {
    m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == path)
        .unwrap_or_else(|| panic!("no input {path}"))
}

/// The channel names of `by_channel`, in file order.
pub fn channel_names(m: &Value) -> Vec<&str> {
    m["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["channel"].as_str().unwrap())
        .collect()
}

/// Runs `baton build --input input --out out extra...` without asserting the outcome.
pub fn run(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    baton()
        .arg("build")
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

/// The month folders (`YYYY-MM`) a build wrote, sorted; `latest/` is not one.
pub fn months_of(out: &Path) -> Vec<String> {
    let mut m: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("metrics.json").is_file() && e.file_name() != "latest")
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    m.sort();
    m
}

/// Copies the folder `from` (recursively) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The sample data copied into a temporary folder, to be changed by a test.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &input,
    );
    (dir, input)
}

/// Every page the index links to is there and complete, and each month's metrics.json parses.
pub fn assert_complete(out: &Path) {
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html readable");
    assert!(index.trim_end().ends_with("</html>"), "index.html complete");
    let mut pages = 0;
    for part in index.split("href=\"").skip(1) {
        let target = part.split('"').next().unwrap();
        if target.ends_with("/index.html") && !target.starts_with("http") {
            let page = std::fs::read_to_string(out.join(target))
                .unwrap_or_else(|e| panic!("{target}: {e}"));
            assert!(page.trim_end().ends_with("</html>"), "{target} complete");
            let month = target.trim_end_matches("/index.html");
            if month != "latest" {
                let json = std::fs::read_to_string(out.join(month).join("metrics.json")).unwrap();
                serde_json::from_str::<serde_json::Value>(&json)
                    .unwrap_or_else(|e| panic!("{month}/metrics.json: {e}"));
            }
            pages += 1;
        }
    }
    assert!(pages > 0, "the index links to its months");
}

/// The pseudonym key that builds compared across report folders share (each folder otherwise
/// makes a key of its own, and its people's `P-` ids with it).
pub const TEST_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// `input`'s config (its `baton.toml`, if any) with `pseudonym_key = TEST_KEY`, written to a
/// folder of its own; pass `path()` as `--config`.
pub struct KeyedConfig {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl KeyedConfig {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `path()` as text, for an argument list.
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("a UTF-8 temporary path")
    }
}

pub fn keyed_config(input: &Path) -> KeyedConfig {
    let own = std::fs::read_to_string(input.join("baton.toml")).unwrap_or_default();
    // A key before the file's first table belongs to no table.
    let text = format!("pseudonym_key = \"{TEST_KEY}\"\n{own}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baton.toml");
    std::fs::write(&path, text).unwrap();
    KeyedConfig { _dir: dir, path }
}

/// The shared folder (`../shared`), when `BATON_SHARED` names it (`.ci/run` sets it); else
/// `None`, saying the tests over it are skipped.
#[cfg_attr(not(feature = "datafusion"), allow(dead_code))]
pub fn shared() -> Option<PathBuf> {
    let shared = std::env::var_os("BATON_SHARED").map(PathBuf::from);
    if shared.is_none() {
        eprintln!("skipped: set BATON_SHARED to the shared/ folder to run the real-data tests");
    }
    shared
}

/// The real exports of `../shared/real-exports`, when `BATON_SHARED` names the shared folder
/// (`.ci/run` sets it); else `None`, saying the tests over them are skipped.
pub fn real_exports() -> Option<PathBuf> {
    match std::env::var_os("BATON_SHARED") {
        Some(p) => Some(PathBuf::from(p).join("real-exports")),
        None => {
            eprintln!(
                "skipped: set BATON_SHARED to the shared/ folder to run the real-export tests"
            );
            None
        }
    }
}

/// What `baton check` prints for the folder `input` (which it must read without failing).
pub fn check_output(input: &Path) -> String {
    let check = baton()
        .args(["check", "--input"])
        .arg(input)
        .assert()
        .success();
    String::from_utf8_lossy(&check.get_output().stdout).into_owned()
}

/// Asserts that `text` holds each of `lines`.
pub fn assert_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
}

/// The real export `file` (`vendor/name.csv`) alone in a folder, as a user drops it in; `None`
/// when the real exports are not opted in.
pub fn real_alone(file: &str) -> Option<tempfile::TempDir> {
    let root = real_exports()?;
    let dir = tempfile::tempdir().unwrap();
    let name = file.rsplit('/').next().unwrap();
    std::fs::copy(root.join(file), dir.path().join(name)).unwrap();
    Some(dir)
}

/// Every file under `dir`, by its path relative to `dir`, with its bytes (for comparing two
/// outputs byte for byte).
pub fn files_with_bytes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
