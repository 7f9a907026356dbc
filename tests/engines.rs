//! The engines (issue 27): every month's `metrics.json` that DataFusion computes over the dataset
//! `baton normalize` writes is the one `baton build` writes in memory, key for key, on every
//! fixture that builds and on the sample data.

#![cfg(feature = "datafusion")]

use crate::common::*;
use std::path::{Path, PathBuf};

/// Builds `input` in memory and through `engine`; returns the months compared, or what differs.
fn compare(input: &Path, engine: &str) -> Result<usize, String> {
    // A pseudonym key, so that the dataset lists the dropped batons as the report does.
    let config = keyed_config(input);
    let out = out_dir();
    let built = run(
        input,
        out.path(),
        &["--today", "2026-11-23", "--config", config.arg()],
    )
    .get_output()
    .clone();
    if !built.status.success() {
        return Ok(0);
    }
    let parent = tempfile::tempdir().unwrap();
    let dataset = parent.path().join("dataset");
    baton()
        .args(["normalize", "--quiet", "--today", "2026-11-23", "--input"])
        .arg(input)
        .args(["--config", config.arg()])
        .arg("--out")
        .arg(&dataset)
        .assert()
        .success();
    let computed = baton::parts::metrics_json(engine, &dataset, Some(config.path()), input)
        .map_err(|e| e.to_string())?;
    let months = months_of(out.path());
    let mut wrong = Vec::new();
    for month in &months {
        let memory = metrics(out.path(), month);
        let Some(sql) = computed.get(month) else {
            wrong.push(format!("{month}: no month from {engine}"));
            continue;
        };
        let (Some(memory), Some(sql)) = (memory.as_object(), sql.as_object()) else {
            wrong.push(format!("{month}: not an object"));
            continue;
        };
        let expected: Vec<&String> = memory.keys().collect();
        if sql.keys().collect::<Vec<_>>() != expected {
            wrong.push(format!("{month}: keys {:?}, not {expected:?}", sql.keys()));
        }
        for (key, value) in sql {
            if memory.get(key) != Some(value) {
                wrong.push(format!(
                    "{month} {key}:\n  memory {}\n  {engine} {value}",
                    memory.get(key).unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
    if wrong.is_empty() {
        Ok(months.len())
    } else {
        Err(wrong.join("\n"))
    }
}

/// Every fixture folder, and the sample data.
fn inputs() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    all.sort();
    all.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"));
    all
}

/// The inputs compared through `engine`, failing with every difference.
fn compare_all(engine: &str, inputs: Vec<PathBuf>) -> usize {
    let mut failed = Vec::new();
    let mut compared = 0;
    for input in inputs {
        match compare(&input, engine) {
            Ok(n) => compared += n,
            Err(e) => failed.push(format!("{}:\n{e}", input.display())),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    compared
}

#[test]
fn datafusion_gives_the_metrics_of_memory_on_every_fixture_and_the_sample() {
    let compared = compare_all("datafusion", inputs());
    assert!(compared > 50, "only {compared} months compared");
}

#[test]
fn an_unknown_engine_is_refused_with_the_ones_there_are() {
    let dataset = tempfile::tempdir().unwrap();
    let input = fixture("handmade");
    baton()
        .args(["normalize", "--quiet", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(dataset.path().join("d"))
        .assert()
        .success();
    let e = baton::parts::metrics_json("spark", &dataset.path().join("d"), None, &input)
        .expect_err("no such engine");
    assert!(e.to_string().contains("unknown engine `spark`"), "{e}");
    assert!(e.to_string().contains("`datafusion`"), "{e}");
}
