//! The engines (issue 27): `baton build --engine datafusion --dataset DATASET`, over the dataset
//! `baton normalize` writes, makes the report `baton build` makes from the exports in memory:
//! every `metrics.json` key for key, then every file byte for byte, on every fixture that builds
//! and on the sample data. And the flags' mistakes are refused with what to do.

#![cfg(feature = "parquet")]

use crate::common::*;
use std::path::{Path, PathBuf};

#[cfg(feature = "ballista")]
#[path = "../examples/shared/cluster.rs"]
mod cluster;
#[cfg(feature = "datafusion")]
mod generated;
#[cfg(feature = "datafusion")]
mod moto;
#[cfg(feature = "spark")]
mod spark;

/// Every file under the report `out` (the month folders, `latest/`, the site pages), by path.
#[cfg(feature = "datafusion")]
fn files(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut all = std::collections::BTreeMap::new();
    for e in walkdir::WalkDir::new(out).follow_root_links(true) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            all.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    all
}

/// Writes the dataset of `input` (with `config`) into a new folder under `parent`.
fn normalize(input: &Path, config: &KeyedConfig, parent: &Path) -> PathBuf {
    let dataset = parent.join("dataset");
    baton()
        .args(["normalize", "--quiet", "--today", "2026-11-23", "--input"])
        .arg(input)
        .args(["--config", config.arg()])
        .arg("--out")
        .arg(&dataset)
        .assert()
        .success();
    dataset
}

/// Builds `input` in memory and through `engine`; returns the months compared, or what differs.
#[cfg(feature = "datafusion")]
fn compare(input: &Path, engine: &str) -> Result<usize, String> {
    // A pseudonym key, so that the dataset lists the dropped batons as the report does.
    compare_with(input, keyed_config(input), engine, None)
}

/// `compare`, with the settings of `config` (which holds a pseudonym key); with `store`, the
/// engine reads the dataset from that S3 server instead of the folder `normalize` wrote.
#[cfg(feature = "datafusion")]
fn compare_with(
    input: &Path,
    config: KeyedConfig,
    engine: &str,
    store: Option<&moto::Moto>,
) -> Result<usize, String> {
    let args = ["--today", "2026-11-23", "--config", config.arg()];
    let memory = out_dir();
    if !run(input, memory.path(), &args)
        .get_output()
        .status
        .success()
    {
        return Ok(0);
    }
    let parent = tempfile::tempdir().unwrap();
    let dataset = normalize(input, &config, parent.path());
    let (dataset, env) = match store {
        Some(s3) => (s3.put(&dataset, &bucket_of(input)).into(), s3.env()),
        None => (dataset.into_os_string(), Vec::new()),
    };
    let sql = out_dir();
    let built = baton()
        .args(["build", "--engine", engine, "--dataset"])
        .arg(&dataset)
        .envs(env)
        .arg("--out")
        .arg(sql.path())
        .args(args)
        .output()
        .unwrap();
    if !built.status.success() {
        return Err(String::from_utf8_lossy(&built.stderr).into_owned());
    }
    let months = months_of(memory.path());
    let mut wrong = Vec::new();
    if months_of(sql.path()) != months {
        wrong.push(format!("months {:?}", months_of(sql.path())));
    }
    for month in &months {
        let (expected, got) = (metrics(memory.path(), month), metrics(sql.path(), month));
        let (Some(expected), Some(got)) = (expected.as_object(), got.as_object()) else {
            wrong.push(format!("{month}: not an object"));
            continue;
        };
        for (key, value) in expected {
            if got.get(key) != Some(value) {
                wrong.push(format!(
                    "{month} {key}:\n  memory {value}\n  {engine} {}",
                    got.get(key).unwrap_or(&serde_json::Value::Null)
                ));
            }
        }
    }
    // Then everything else: pages, CSV tables, the site's own files.
    let (expected, got) = (files(memory.path()), files(sql.path()));
    if expected.keys().ne(got.keys()) {
        wrong.push(format!("files {:?}, not {:?}", got.keys(), expected.keys()));
    }
    for (rel, body) in &expected {
        if got.get(rel) != Some(body) {
            wrong.push(format!("{rel} differs"));
        }
    }
    if wrong.is_empty() {
        Ok(months.len())
    } else {
        Err(wrong.join("\n"))
    }
}

/// Every fixture folder, and the sample data.
#[cfg(feature = "datafusion")]
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
#[cfg(feature = "datafusion")]
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

#[cfg(feature = "datafusion")]
#[test]
fn datafusion_makes_the_report_of_memory_on_every_fixture_and_the_sample() {
    let compared = compare_all("datafusion", inputs());
    assert!(compared > 50, "only {compared} months compared");
}

/// An S3 bucket name for the dataset of `input`: its folder's name, in the letters S3 allows.
#[cfg(feature = "datafusion")]
fn bucket_of(input: &Path) -> String {
    let name: String = input
        .file_name()
        .unwrap()
        .to_string_lossy()
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .take(50)
        .collect();
    format!("baton-{}", name.trim_end_matches('-'))
}

/// The sample data and the six generated folders, each dataset put into an S3 server on
/// localhost (moto's) and read from there by `--engine datafusion --dataset s3://...`, make the
/// report of memory; skipped unless `BATON_MOTO` names a Python with moto (`.ci/run` sets it).
#[cfg(feature = "datafusion")]
#[test]
fn datafusion_makes_the_report_of_memory_from_a_dataset_in_object_storage() {
    let Some(s3) = moto::start_if_asked() else {
        return;
    };
    let parent = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let inputs = keyed([vec![sample], generated_inputs(parent.path())].concat());
    let (failed, compared) = compare_through("datafusion", Some(&s3), inputs);
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(compared > 20, "only {compared} months compared");
}

/// A dataset URL with nothing there: the build exits 1 naming the URL (never the credentials
/// written into it) and what to check, and writes no report.
#[cfg(feature = "datafusion")]
#[test]
fn a_dataset_missing_from_object_storage_is_named_without_its_credentials() {
    let Some(s3) = moto::start_if_asked() else {
        return;
    };
    let out = out_dir();
    let assert = baton()
        .args(["build", "--engine", "datafusion", "--dataset"])
        .arg("s3://someone:NOT-TO-BE-SHOWN@no-such-bucket/data")
        .arg("--out")
        .arg(out.path())
        .envs(s3.env())
        .assert()
        .code(1);
    let e = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(e.contains("s3://no-such-bucket/data/funnel.json"), "{e}");
    assert!(e.contains("environment variables"), "{e}");
    assert!(!e.contains("NOT-TO-BE-SHOWN"), "{e}");
    assert!(!out.path().exists(), "a failed build wrote a report");
}

/// Object storage is for `--engine datafusion`; a URL of no kind of storage baton reads is refused
/// with the forms it does.
#[cfg(feature = "datafusion")]
#[test]
fn a_dataset_url_baton_cannot_read_is_refused_with_the_forms_it_can() {
    let e = refused(&["--engine", "datafusion", "--dataset", "ftp://host/data"]);
    assert!(e.contains("s3://BUCKET/PREFIX"), "{e}");
    #[cfg(feature = "ballista")]
    {
        let e = refused(&[
            "--engine",
            "ballista://127.0.0.1:1",
            "--dataset",
            "s3://b/data",
        ]);
        assert!(e.contains("read by --engine datafusion"), "{e}");
    }
}

/// Generated folders dense in ties, duplicates and daylight-saving edges (`generated`), in three
/// time zones with their settings, build to the same report both ways.
#[cfg(feature = "datafusion")]
#[test]
fn datafusion_makes_the_report_of_memory_on_generated_ties_duplicates_and_daylight_saving() {
    let parent = tempfile::tempdir().unwrap();
    let (failed, _) = compare_through("datafusion", None, keyed(generated_inputs(parent.path())));
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// The public datasets of `../shared/realdata` under `shared`, each with the settings its example
/// folder gives it (docs/real-data.md).
#[cfg(feature = "datafusion")]
fn real_datasets(shared: &Path) -> Vec<(PathBuf, KeyedConfig)> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    [
        ("olist-marketing-funnel", "olist"),
        ("olist-marketing-funnel-excel-eu", "olist"),
        ("maven-crm-sales-opportunities", "maven-crm"),
    ]
    .into_iter()
    .map(|(name, settings)| {
        (
            shared.join("realdata").join(name),
            keyed_config(&examples.join(settings)),
        )
    })
    .collect()
}

/// The public datasets of `../shared/realdata` (opt-in: `BATON_SHARED`, as `.ci/run` sets it)
/// build to the same report both ways.
#[cfg(feature = "datafusion")]
#[test]
fn datafusion_makes_the_report_of_memory_on_the_real_datasets() {
    let Some(shared) = shared() else {
        return;
    };
    let (failed, _) = compare_through("datafusion", None, real_datasets(&shared));
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    // And the vendors' exports of `../shared/real-exports`, a folder per vendor as it comes (the
    // folders that build; `real_exports.rs` says which do and why).
    let exports = real_exports().expect("BATON_SHARED is set");
    let mut vendors: Vec<PathBuf> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    vendors.sort();
    vendors.push(exports);
    let compared = compare_all("datafusion", vendors);
    assert!(compared > 0, "no vendor folder built");
}

/// `build ARGS` with a dataset of the hand-made fixture as DATASET: its stderr, after checking
/// it exits with 2 and writes no report.
fn refused(args: &[&str]) -> String {
    let input = fixture("handmade");
    let config = keyed_config(&input);
    let parent = tempfile::tempdir().unwrap();
    let dataset = normalize(&input, &config, parent.path());
    let out = out_dir();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("DATASET", &dataset.to_string_lossy()))
        .collect();
    let assert = baton()
        .arg("build")
        .args(&args)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2);
    assert!(!out.path().exists(), "a refused build wrote a report");
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn an_unknown_engine_is_refused_with_the_ones_there_are() {
    let e = refused(&["--engine", "spark", "--dataset", "DATASET"]);
    assert!(e.contains("unknown engine `spark`"), "{e}");
    assert!(e.contains("`memory`") && e.contains("`datafusion`"), "{e}");
    assert!(e.contains("ballista://HOST:PORT"), "{e}");
    assert!(e.contains("sc://HOST:PORT"), "{e}");
}

/// A binary without an engine's feature says how to build one that has it.
#[test]
fn a_binary_without_an_engine_says_how_to_get_it() {
    let engines = [
        ("datafusion", "datafusion", cfg!(feature = "datafusion")),
        (
            "ballista://localhost:50050",
            "ballista",
            cfg!(feature = "ballista"),
        ),
        ("sc://localhost:15002", "spark", cfg!(feature = "spark")),
    ];
    for (engine, feature, _) in engines.iter().filter(|e| !e.2) {
        let e = refused(&["--engine", engine, "--dataset", "DATASET"]);
        assert!(e.contains(&format!("--features {feature}")), "{e}");
    }
}

#[test]
fn an_engine_without_a_dataset_or_a_dataset_without_an_engine_is_refused() {
    let e = refused(&["--engine", "datafusion"]);
    assert!(e.contains("--dataset DATASET"), "{e}");
    let e = refused(&["--dataset", "DATASET"]);
    assert!(e.contains("add --engine datafusion"), "{e}");
    let e = refused(&[
        "--engine",
        "datafusion",
        "--dataset",
        "DATASET",
        "--tz",
        "Asia/Tokyo",
    ]);
    assert!(e.contains("baton normalize --tz"), "{e}");
}

#[cfg(feature = "datafusion")]
#[test]
fn a_folder_that_is_no_dataset_is_refused_with_what_to_do() {
    let not = tempfile::tempdir().unwrap();
    std::fs::write(not.path().join("funnel.json"), "{\"format\": \"other\"}").unwrap();
    let out = out_dir();
    let assert = baton()
        .args(["build", "--engine", "datafusion", "--dataset"])
        .arg(not.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .failure();
    let e = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        e.contains("funnel.json") && e.contains("baton normalize"),
        "{e}"
    );
    assert!(!out.path().exists());
}

/// `--strict` and `--max-age` read the dataset's ledgers: the sample's rejected rows refuse the
/// build, and a dataset whose rows end long before `--today` is stale, before any query runs.
#[cfg(feature = "datafusion")]
#[test]
fn strict_and_max_age_refuse_a_dataset_as_they_refuse_the_exports() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let config = keyed_config(&input);
    let parent = tempfile::tempdir().unwrap();
    let dataset = normalize(&input, &config, parent.path());
    for flags in [
        &["--strict"][..],
        &["--max-age", "30", "--today", "2030-01-01"][..],
    ] {
        let out = out_dir();
        let assert = baton()
            .args(["build", "--engine", "datafusion", "--dataset"])
            .arg(&dataset)
            .arg("--out")
            .arg(out.path())
            .args(flags)
            .assert()
            .code(1);
        let e = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(e.contains(flags[0]), "{flags:?}: {e}");
        assert!(
            !out.path().exists(),
            "{flags:?}: a refused build wrote a report"
        );
    }
}

/// `build --engine datafusion` over `dataset` into `out`, with `BATON_DATAFUSION_MEMORY` set to
/// `budget` and the phase timings on (they say when a query spilled).
#[cfg(feature = "datafusion")]
fn build_within(
    dataset: &Path,
    config: &KeyedConfig,
    budget: &str,
    out: &Path,
) -> std::process::Output {
    baton()
        .args([
            "build",
            "--engine",
            "datafusion",
            "--today",
            "2026-11-23",
            "--dataset",
        ])
        .arg(dataset)
        .args(["--config", config.arg(), "--out"])
        .arg(out)
        .env("BATON_DATAFUSION_MEMORY", budget)
        .env("BATON_TIMINGS", "1")
        .output()
        .unwrap()
}

/// Within a memory budget far below what its sorts would hold, DataFusion spills them to disk and
/// the report is still the in-memory one, byte for byte; a budget too small even to spill in
/// fails with the setting to raise, and a budget that is not a size is refused.
#[cfg(feature = "datafusion")]
#[test]
fn datafusion_spills_to_disk_within_its_memory_budget() {
    let parent = tempfile::tempdir().unwrap();
    let input = parent.path().join("many");
    generated::write_many(&input, 7, SPILL_LEADS, generated::SETTINGS[0]);
    let config = keyed_config(&input);
    let memory = out_dir();
    run(
        &input,
        memory.path(),
        &["--today", "2026-11-23", "--config", config.arg()],
    )
    .success();
    let dataset = normalize(&input, &config, parent.path());

    let sql = out_dir();
    let built = build_within(&dataset, &config, SPILL_BUDGET, sql.path());
    let e = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{e}");
    assert!(
        e.contains("spilled to disk"),
        "nothing spilled within {SPILL_BUDGET}: {e}"
    );
    let (expected, got) = (files(memory.path()), files(sql.path()));
    assert!(expected.keys().eq(got.keys()), "{:?}", got.keys());
    for (rel, body) in &expected {
        assert!(got.get(rel) == Some(body), "{rel} differs");
    }

    let small = out_dir();
    let failed = build_within(&dataset, &config, "1M", small.path());
    let e = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{e}");
    assert!(e.contains("set BATON_DATAFUSION_MEMORY higher"), "{e}");
    assert!(!small.path().exists(), "a failed build wrote a report");

    let e = refused_with_env(&dataset, "lots");
    assert!(
        e.contains("BATON_DATAFUSION_MEMORY=\"lots\" is not a size"),
        "{e}"
    );
}

/// Leads in the folder `datafusion_spills_to_disk_within_its_memory_budget` builds, and the
/// budget that makes its sorts spill (found by trying: below what its sorts would hold, above
/// what its joins must hold, which cannot spill).
#[cfg(feature = "datafusion")]
const SPILL_LEADS: usize = 40_000;
#[cfg(feature = "datafusion")]
const SPILL_BUDGET: &str = "24M";

/// The message of a build over `dataset` refused (exit 2) for its memory budget `budget`.
#[cfg(feature = "datafusion")]
fn refused_with_env(dataset: &Path, budget: &str) -> String {
    let out = out_dir();
    let assert = baton()
        .args(["build", "--engine", "datafusion", "--dataset"])
        .arg(dataset)
        .arg("--out")
        .arg(out.path())
        .env("BATON_DATAFUSION_MEMORY", budget)
        .assert()
        .code(2);
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// A Ballista cluster on localhost, in this process: a scheduler and two executors of two task
/// slots each. Returns the runtime they run on (the cluster stops with it) and `--engine`'s name
/// for the scheduler.
#[cfg(feature = "ballista")]
fn ballista_cluster() -> (tokio::runtime::Runtime, String) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let port = runtime.block_on(cluster::start(2, 2));
    (runtime, format!("ballista://localhost:{port}"))
}

/// `compare_with` of each input through `engine`: every difference, and every input that is
/// not a fixture but does not build in memory (some fixtures are made not to), as failures; and
/// the months compared.
#[cfg(feature = "datafusion")]
fn compare_through(
    engine: &str,
    store: Option<&moto::Moto>,
    inputs: Vec<(PathBuf, KeyedConfig)>,
) -> (Vec<String>, usize) {
    let (mut failed, mut compared) = (Vec::new(), 0);
    for (input, config) in inputs {
        match compare_with(&input, config, engine, store) {
            Ok(0) if !input.starts_with(fixture("")) => {
                failed.push(format!("{}: the in-memory build failed", input.display()))
            }
            Ok(n) => compared += n,
            Err(e) => failed.push(format!("{}:\n{e}", input.display())),
        }
    }
    (failed, compared)
}

/// The six generated folders (ties, duplicates, daylight saving in three zones), written under
/// `parent`.
#[cfg(feature = "datafusion")]
fn generated_inputs(parent: &Path) -> Vec<PathBuf> {
    (1..)
        .zip(generated::SETTINGS.iter().cycle())
        .take(6)
        .map(|(seed, settings)| {
            let dir = parent.join(format!("seed-{seed}"));
            generated::write(&dir, seed, settings);
            dir
        })
        .collect()
}

/// Each input with its settings and a pseudonym key (`keyed_config`).
#[cfg(feature = "datafusion")]
fn keyed(inputs: Vec<PathBuf>) -> Vec<(PathBuf, KeyedConfig)> {
    inputs
        .into_iter()
        .map(|input| {
            let config = keyed_config(&input);
            (input, config)
        })
        .collect()
}

/// Every fixture and the sample data (`inputs`), and the generated folders written under
/// `parent`, each with its settings.
#[cfg(any(feature = "ballista", feature = "spark"))]
fn every_input(parent: &Path) -> Vec<(PathBuf, KeyedConfig)> {
    keyed([inputs(), generated_inputs(parent)].concat())
}

/// The inputs through one Ballista cluster started for them, failing with every difference.
#[cfg(feature = "ballista")]
fn compare_on_a_cluster(inputs: Vec<(PathBuf, KeyedConfig)>) {
    let (cluster, engine) = ballista_cluster();
    let (failed, compared) = compare_through(&engine, None, inputs);
    cluster.shutdown_background();
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(compared > 0, "no month compared");
}

/// Every fixture, the sample data and the six generated folders through a Ballista cluster on
/// localhost (about 40 seconds an input in a debug build: Ballista plans and schedules each
/// query, some two seconds each).
#[cfg(feature = "ballista")]
#[test]
fn ballista_makes_the_report_of_memory_on_every_fixture_the_sample_and_generated_data() {
    let parent = tempfile::tempdir().unwrap();
    compare_on_a_cluster(every_input(parent.path()));
}

/// A port nothing listens on: one just bound and let go.
#[cfg(feature = "datafusion")]
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `build --engine engine` of the hand-made fixture's dataset, with nothing at the engine's
/// address: its stderr, after checking that it exits with 1 and writes no report.
#[cfg(any(feature = "ballista", feature = "spark"))]
fn unreachable(engine: &str) -> String {
    let input = fixture("handmade");
    let config = keyed_config(&input);
    let parent = tempfile::tempdir().unwrap();
    let dataset = normalize(&input, &config, parent.path());
    let out = out_dir();
    let assert = baton()
        .args(["build", "--engine", engine, "--dataset"])
        .arg(&dataset)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1);
    assert!(!out.path().exists());
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Without a scheduler at the address, the build says so and writes nothing.
#[cfg(feature = "ballista")]
#[test]
fn a_ballista_scheduler_that_is_not_there_is_named() {
    let engine = format!("ballista://127.0.0.1:{}", free_port());
    let e = unreachable(&engine);
    assert!(e.contains(&format!("Ballista at {engine}")), "{e}");
    assert!(e.contains("is the scheduler running"), "{e}");
}

/// The public datasets of `../shared/realdata` (opt-in: `BATON_SHARED`) through a Ballista
/// cluster.
#[cfg(feature = "ballista")]
#[test]
fn ballista_makes_the_report_of_memory_on_the_real_datasets() {
    let Some(shared) = shared() else {
        return;
    };
    compare_on_a_cluster(real_datasets(&shared));
}

/// The inputs through one Spark Connect server started for them (`spark::start`), failing with
/// every difference; skipped unless `BATON_SPARK_HOME` names a Spark (`.ci/run` sets it).
#[cfg(feature = "spark")]
fn compare_on_spark(inputs: Vec<(PathBuf, KeyedConfig)>) {
    let Some(home) = spark::home() else {
        eprintln!(
            "skipped: set BATON_SPARK_HOME to a Spark 4 folder (PySpark's) to run the Spark Connect tests"
        );
        return;
    };
    let server = spark::start(&home);
    let (failed, compared) = compare_through(&server.engine, None, inputs);
    assert!(
        failed.is_empty(),
        "{}\n\nthe server's log ends:\n{}",
        failed.join("\n\n"),
        server.log_tail()
    );
    assert!(compared > 0, "no month compared");
}

/// Every fixture, the sample data and the six generated folders through a Spark Connect server
/// on localhost.
#[cfg(feature = "spark")]
#[test]
fn spark_makes_the_report_of_memory_on_every_fixture_the_sample_and_generated_data() {
    let parent = tempfile::tempdir().unwrap();
    compare_on_spark(every_input(parent.path()));
}

/// The public datasets of `../shared/realdata` through Spark Connect (opt-in: `BATON_SHARED`).
#[cfg(feature = "spark")]
#[test]
fn spark_makes_the_report_of_memory_on_the_real_datasets() {
    let Some(shared) = shared() else {
        return;
    };
    compare_on_spark(real_datasets(&shared));
}

/// Without a Spark Connect server at the address, the build says so at once and writes nothing;
/// a token in the address is never printed.
#[cfg(feature = "spark")]
#[test]
fn a_spark_connect_server_that_is_not_there_is_named() {
    let address = format!("sc://127.0.0.1:{}", free_port());
    let e = unreachable(&format!("{address}/;token=NOT-TO-BE-SHOWN"));
    assert!(e.contains(&address), "{e}");
    assert!(e.contains("Spark Connect server running"), "{e}");
    assert!(!e.contains("NOT-TO-BE-SHOWN"), "{e}");
}
