//! `baton normalize`: the Parquet dataset read back agrees with `baton build`'s metrics.json,
//! is byte-identical run to run, keeps people private, refuses a folder it did not write, and
//! puts a hand-made input's rows in the months and days worked out by hand; without the
//! `parquet` feature, the command says how to get it.

use crate::common::*;
use predicates::prelude::*;
#[cfg(feature = "parquet")]
use std::collections::BTreeMap;
use std::path::Path;

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_parquet_feature_normalize_exits_2_with_the_build_command() {
    let out = out_dir();
    baton()
        .args(["normalize", "--input"])
        .arg(fixture("handmade"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("built without Parquet support")
                .and(predicate::str::contains(
                    "cargo install --path . --features parquet",
                ))
                .and(predicate::str::contains(
                    "cargo build --release --features parquet",
                ))
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
    assert!(!out.path().exists());
    // Without --out too: the missing feature is what it says.
    baton()
        .arg("normalize")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("built without Parquet support"));
    // It is listed with the other commands all the same.
    baton()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("normalize"));
}

/// Runs `baton normalize` on `input` into `out`.
fn normalize(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    baton()
        .args(["normalize", "--today", "2026-11-23", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .assert()
}

#[test]
fn a_folder_baton_did_not_write_is_refused_and_left_as_it_was() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("dataset");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    // Refused (exit 2) for what it is with the feature, and for the missing feature without.
    let said = if cfg!(feature = "parquet") {
        "did not write"
    } else {
        "without Parquet support"
    };
    normalize(&fixture("handmade"), &out)
        .code(2)
        .stderr(predicate::str::contains(said));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let names = |p: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&out), ["notes.txt"]);
    assert_eq!(names(parent.path()), ["dataset"]);
}

#[cfg(feature = "parquet")]
mod parquet_tests {
    use super::*;
    use arrow_array::{Array, BooleanArray, Date32Array, Int64Array, StringArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    /// One value of a row, as read back.
    #[derive(Clone, Debug, PartialEq)]
    pub enum Cell {
        Null,
        Int(i64),
        Text(String),
        Day(chrono::NaiveDate),
        Flag(bool),
    }

    impl Cell {
        pub fn int(&self) -> i64 {
            match self {
                Cell::Int(v) => *v,
                other => panic!("not an integer: {other:?}"),
            }
        }
        pub fn text(&self) -> Option<&str> {
            match self {
                Cell::Text(v) => Some(v),
                Cell::Null => None,
                other => panic!("not text: {other:?}"),
            }
        }
        pub fn flag(&self) -> bool {
            matches!(self, Cell::Flag(true))
        }
    }

    pub type Row = BTreeMap<String, Cell>;

    /// Every row of `table`, partition by partition in name order, each with its partition's
    /// `month` (from the folder name, as a Hive reader gives it).
    pub fn rows(dataset: &Path, table: &str) -> Vec<Row> {
        let mut parts: Vec<_> = std::fs::read_dir(dataset.join(table))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        parts.sort();
        let mut out = Vec::new();
        for part in parts {
            let month = part
                .file_name()
                .unwrap()
                .to_string_lossy()
                .strip_prefix("month=")
                .expect("a month= folder")
                .to_string();
            let file = std::fs::File::open(part.join("part-0.parquet")).unwrap();
            let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                .unwrap()
                .build()
                .unwrap();
            for batch in reader {
                let batch = batch.unwrap();
                let schema = batch.schema();
                for r in 0..batch.num_rows() {
                    let mut row = Row::new();
                    row.insert("month".into(), Cell::Text(month.clone()));
                    for (field, col) in schema.fields().iter().zip(batch.columns()) {
                        row.insert(field.name().clone(), cell(col.as_ref(), r));
                    }
                    out.push(row);
                }
            }
        }
        out
    }

    fn cell(col: &dyn Array, r: usize) -> Cell {
        if col.is_null(r) {
            return Cell::Null;
        }
        let any = col.as_any();
        if let Some(a) = any.downcast_ref::<Int64Array>() {
            Cell::Int(a.value(r))
        } else if let Some(a) = any.downcast_ref::<StringArray>() {
            Cell::Text(a.value(r).to_string())
        } else if let Some(a) = any.downcast_ref::<Date32Array>() {
            Cell::Day(a.value_as_date(r).unwrap())
        } else if let Some(a) = any.downcast_ref::<BooleanArray>() {
            Cell::Flag(a.value(r))
        } else {
            panic!("unexpected column type {:?}", col.data_type())
        }
    }

    fn sample() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
    }

    #[test]
    fn sample_dataset_gives_the_figures_of_every_months_metrics_json() {
        let report = build(&sample(), &[]);
        let ds = out_dir();
        normalize(&sample(), ds.path()).success();
        let leads = rows(ds.path(), "leads");
        let deals = rows(ds.path(), "opportunities");
        let spend = rows(ds.path(), "spend");
        let touches = rows(ds.path(), "touches");
        let mut months: Vec<String> = std::fs::read_dir(report.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.len() == 7 && n.as_bytes()[4] == b'-')
            .collect();
        months.sort();
        assert!(months.len() >= 20, "{months:?}");
        let is = |r: &Row, col: &str, m: &str| r[col].text() == Some(m);
        // Leads with a creation date sit in its month's partition.
        for l in &leads {
            if let Some(created) = l["created_month"].text() {
                assert_eq!(l["month"].text(), Some(created));
            }
        }
        // funnel.json says what every metrics.json says of the whole data.
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(ds.path().join("funnel.json")).unwrap()).unwrap();
        assert_eq!(summary["timezone"], "America/New_York");
        for m in &months {
            let json = metrics(report.path(), m);
            for key in [
                "joins",
                "unavailable",
                "currency_choice",
                "inputs",
                "rejected_rows",
            ] {
                assert_eq!(summary[key], json[key], "{m} {key}");
            }
            assert_eq!(summary["currency"], json["currency"]);
            let t = &json["totals"];
            let cents = |v: &serde_json::Value| (v.as_f64().unwrap() * 100.0).round() as i64;
            let count = |rows: &[Row], f: &dyn Fn(&Row) -> bool| {
                rows.iter().filter(|r| f(r)).count() as u64
            };
            assert_eq!(
                count(&leads, &|r| is(r, "created_month", m)),
                t["leads"],
                "{m} leads"
            );
            assert_eq!(
                count(&deals, &|r| is(r, "created_month", m)),
                t["opportunities"],
                "{m} opportunities"
            );
            let won =
                |r: &Row| is(r, "close_month", m) && r["is_closed"].flag() && r["is_won"].flag();
            assert_eq!(count(&deals, &won), t["won"], "{m} won");
            let revenue: i64 = deals
                .iter()
                .filter(|r| won(r))
                .map(|r| r["amount_cents"].int())
                .sum();
            assert_eq!(revenue, cents(&t["revenue_won"]), "{m} revenue");
            let spent: i64 = spend
                .iter()
                .filter(|r| is(r, "date_month", m))
                .map(|r| r["cost_cents"].int())
                .sum();
            assert_eq!(spent, cents(&t["spend"]), "{m} spend");
            // Touches: the people touched by both teams on one local day of the month.
            let mut days: BTreeMap<(i64, String), (bool, bool)> = BTreeMap::new();
            for r in touches.iter().filter(|r| is(r, "touched_month", m)) {
                let Cell::Day(d) = &r["touched_day"] else {
                    panic!()
                };
                let e = days.entry((r["lead"].int(), d.to_string())).or_default();
                match r["team"].text() {
                    Some("marketing") => e.0 = true,
                    Some("sales") => e.1 = true,
                    other => panic!("team {other:?}"),
                }
            }
            let both: std::collections::BTreeSet<i64> = days
                .iter()
                .filter(|(_, v)| v.0 && v.1)
                .map(|(k, _)| k.0)
                .collect();
            assert_eq!(
                both.len() as u64,
                json["over_contact"]["both_teams_same_day"]
                    .as_u64()
                    .unwrap_or(0),
                "{m} both teams same day"
            );
            // Over all the data, not the month.
            assert_eq!(
                touches.len() as u64,
                json["joins"]["touches_matched"],
                "touches"
            );
        }
    }

    #[test]
    fn two_runs_write_the_same_bytes_and_a_rerun_replaces_the_dataset() {
        let (a, b) = (out_dir(), out_dir());
        normalize(&sample(), a.path()).success();
        normalize(&sample(), b.path()).success();
        let first = files_with_bytes(a.path());
        assert!(first.len() > 20, "{:?}", first.keys());
        assert!(first.contains_key(".baton-dataset"));
        assert!(first.contains_key("funnel.json"));
        assert!(first.contains_key("spend/month=2026-10/part-0.parquet"));
        assert_eq!(first, files_with_bytes(b.path()));
        // A run over the dataset an earlier run wrote replaces it, and leaves nothing beside it.
        // (With --quiet: the sample's rejected rows are not warned about.)
        baton()
            .args(["normalize", "--quiet", "--today", "2026-11-23", "--input"])
            .arg(sample())
            .arg("--out")
            .arg(a.path())
            .assert()
            .success()
            .stderr("");
        assert_eq!(first, files_with_bytes(a.path()));
        let beside: Vec<_> = std::fs::read_dir(a.path().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, [std::ffi::OsString::from("out")]);
        // No time or path in the metadata: it names the writer only.
        let bytes = &first["leads/month=2026-10/part-0.parquet"];
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(&*a.path().to_string_lossy()));
    }

    /// The emails written in the sample's files, lower-cased.
    fn sample_emails() -> Vec<String> {
        let mut emails = std::collections::BTreeSet::new();
        for e in walkdir::WalkDir::new(sample()) {
            let e = e.unwrap();
            if !e.file_type().is_file() {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            for token in text.split(|c: char| ",;\"' \t\r\n<>()".contains(c)) {
                if let Some((user, domain)) = token.split_once('@')
                    && !user.is_empty()
                    && domain.contains('.')
                {
                    emails.insert(token.to_lowercase());
                }
            }
        }
        emails.into_iter().collect()
    }

    /// Every text value of every table.
    fn texts(dataset: &Path) -> Vec<String> {
        let mut all = Vec::new();
        for table in ["leads", "opportunities", "spend", "touches"] {
            for row in rows(dataset, table) {
                all.extend(row.values().filter_map(|c| match c {
                    Cell::Text(t) => Some(t.to_lowercase()),
                    _ => None,
                }));
            }
        }
        all
    }

    #[test]
    fn no_email_is_written_unless_show_people_is_set() {
        let emails = sample_emails();
        assert!(emails.len() > 1000, "{}", emails.len());
        let ds = out_dir();
        normalize(&sample(), ds.path()).success();
        let hidden = texts(ds.path());
        let set: std::collections::BTreeSet<&str> = emails.iter().map(String::as_str).collect();
        let leaked: Vec<&String> = hidden
            .iter()
            .filter(|t| set.contains(t.as_str()) || t.contains('@'))
            .take(3)
            .collect();
        assert!(leaked.is_empty(), "{leaked:?}");
        for (rel, bytes) in files_with_bytes(ds.path()) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            assert!(!emails.iter().any(|e| text.contains(e.as_str())), "{rel}");
        }
        let leads = rows(ds.path(), "leads");
        assert!(leads.iter().all(|l| l["email"] == Cell::Null
            && l["lead_id"] == Cell::Null
            && l["person"] == Cell::Null));
        // With show_people = true (and the rest of the sample's config), they are written.
        let input = tempfile::tempdir().unwrap();
        copy_dir(&sample(), input.path());
        let toml = input.path().join("baton.toml");
        let config = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, format!("show_people = true\n{config}")).unwrap();
        let shown = out_dir();
        normalize(input.path(), shown.path()).success();
        let leads = rows(shown.path(), "leads");
        let written: std::collections::BTreeSet<&str> =
            leads.iter().filter_map(|l| l["email"].text()).collect();
        let known = written.iter().filter(|e| set.contains(*e)).count();
        assert!(known > 1000, "{known} of {} emails", written.len());
        assert!(leads.iter().all(|l| l["lead_id"].text().is_some()));
    }

    fn copy_dir(from: &Path, to: &Path) {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(from).unwrap();
            if e.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
            } else {
                std::fs::copy(e.path(), to.join(rel)).unwrap();
            }
        }
    }

    #[test]
    fn links_and_foreign_datasets_are_refused() {
        let parent = tempfile::tempdir().unwrap();
        // A link to a folder elsewhere: refused, its target untouched.
        let elsewhere = parent.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep"), "k").unwrap();
        let link = parent.path().join("ds-link");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        normalize(&fixture("handmade"), &link)
            .code(2)
            .stderr(predicate::str::contains("symbolic link"));
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
        // A dataset someone added a file to: refused, the file named.
        let ds = parent.path().join("ds");
        normalize(&fixture("handmade"), &ds).success();
        std::fs::write(ds.join("leads").join("extra.txt"), "x").unwrap();
        normalize(&fixture("handmade"), &ds)
            .code(2)
            .stderr(predicate::str::contains("leads/extra.txt"));
        assert!(ds.join("leads/extra.txt").exists());
        // An empty folder is taken.
        let empty = parent.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        normalize(&fixture("handmade"), &empty).success();
        assert!(empty.join(".baton-dataset").exists());
    }

    #[test]
    fn a_killed_runs_temporary_folder_is_removed_by_the_next_run() {
        let parent = tempfile::tempdir().unwrap();
        let ds = parent.path().join("ds");
        normalize(&fixture("handmade"), &ds).success();
        // What a run killed mid-way leaves: a temporary folder with its marker and some files,
        // named by a process that is gone; and one with a file baton did not list.
        let dead = parent.path().join(".ds.normalize-999999999");
        copy_dir(&ds, &dead);
        normalize(&fixture("handmade"), &ds).success();
        assert!(!dead.exists());
        let names: Vec<_> = std::fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("ds")]);
    }

    #[test]
    fn a_run_killed_or_out_of_space_mid_way_leaves_the_previous_dataset_whole() {
        let parent = tempfile::tempdir().unwrap();
        let ds = parent.path().join("ds");
        normalize(&sample(), &ds).success();
        let before = files_with_bytes(&ds);
        let beside = || -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(parent.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        // Killed (as by SIGKILL) before its 10th file, and before the swap: the dataset is the
        // one before, whole; the temporary folder the run left is removed by the next run.
        for point in ["create:10", "rename:1"] {
            let killed = baton()
                .env("BATON_TEST_KILL_AT", point)
                .args(["normalize", "--today", "2026-11-23", "--input"])
                .arg(sample())
                .arg("--out")
                .arg(&ds)
                .output()
                .unwrap();
            assert!(!killed.status.success(), "{point}");
            assert_eq!(files_with_bytes(&ds), before, "{point}");
            assert_eq!(beside().len(), 2, "{point}: {:?}", beside());
            normalize(&sample(), &ds).success();
            assert_eq!(files_with_bytes(&ds), before);
            assert_eq!(beside(), ["ds"]);
        }
        // Out of space at its 10th file: exit 1, nothing of the run left, the dataset as it was.
        baton()
            .env("BATON_TEST_FAIL_AT", "create:10")
            .args(["normalize", "--today", "2026-11-23", "--input"])
            .arg(sample())
            .arg("--out")
            .arg(&ds)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("No space left"));
        assert_eq!(files_with_bytes(&ds), before);
        assert_eq!(beside(), ["ds"]);
    }

    #[test]
    fn out_is_required_and_pseudonyms_are_written_only_with_a_configured_key() {
        baton()
            .args(["normalize", "--input"])
            .arg(fixture("handmade"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--out DATASET"));
        let input = tempfile::tempdir().unwrap();
        copy_dir(&fixture("handmade"), input.path());
        let toml = input.path().join("baton.toml");
        let config = std::fs::read_to_string(&toml).unwrap_or_default();
        let key = "0123456789abcdef".repeat(2);
        std::fs::write(&toml, format!("pseudonym_key = \"{key}\"\n{config}")).unwrap();
        let (a, b) = (out_dir(), out_dir());
        normalize(input.path(), a.path()).success();
        normalize(input.path(), b.path()).success();
        let people = |ds: &Path| -> Vec<String> {
            rows(ds, "leads")
                .iter()
                .map(|l| l["person"].text().expect("a pseudonym").to_string())
                .collect()
        };
        let first = people(a.path());
        assert!(!first.is_empty());
        assert!(
            first.iter().all(|p| p.starts_with("P-") && p.len() == 18),
            "{first:?}"
        );
        assert_eq!(first, people(b.path()));
        assert_eq!(files_with_bytes(a.path()), files_with_bytes(b.path()));
    }

    /// A tiny company in Los Angeles (UTC-7 in spring, -8 in winter): three leads, two deals, a
    /// touch and a spend row, several near midnight, whose months and days are worked out by
    /// hand.
    #[test]
    fn handmade_rows_land_in_the_local_months_and_days_worked_out_by_hand() {
        let input = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(input.path().join(name), text).unwrap();
        write(
            "baton.toml",
            "timezone = \"America/Los_Angeles\"\ncurrency = \"USD\"\n",
        );
        write(
            "leads.csv",
            "lead_id,email,created_at,channel,campaign,mql_at\n\
             L1,ann@tiny.test,2026-03-31T23:30:00-07:00,Events,Spring,\n\
             L2,bob@tiny.test,2026-04-01T07:30:00Z,Paid Search,,2026-05-01T06:00:00Z\n\
             L3,cy@tiny.test,2026-02-15 10:00,Organic Search,,\n",
        );
        write(
            "deals.csv",
            "opportunity_id,lead_id,created_at,close_date,amount,is_won,is_closed\n\
             O1,L1,2026-04-01T03:00:00Z,2026-04-20,\"1,234.56\",true,true\n\
             O2,L3,2026-03-01T07:30:00Z,,500,false,false\n",
        );
        write(
            "touches.csv",
            "lead_id,at,team,campaign\nL2,2026-06-01T06:45:00Z,sales,\n",
        );
        write(
            "spend.csv",
            "date,cost,channel,campaign\n2026-03-31,99.99,Paid Search,Spring\n",
        );
        let ds = out_dir();
        normalize(input.path(), ds.path()).success();
        let day = |s: &str| Cell::Day(s.parse().unwrap());
        let text = |s: &str| Cell::Text(s.into());
        let leads = rows(ds.path(), "leads");
        assert_eq!(leads.len(), 3);
        // Partitions in month order: L3 (February), L1 (March, 23:30 on the 31st, which is
        // April in UTC), L2 (April: 00:30 on the 1st).
        let l3 = &leads[0];
        assert_eq!(l3["lead"], Cell::Int(2));
        assert_eq!(l3["month"], text("2026-02"));
        // 10:00 without an offset is Los Angeles time: 18:00 UTC (PST, UTC-8).
        assert_eq!(l3["created_at"], Cell::Int(1_771_178_400));
        assert_eq!(l3["created_day"], day("2026-02-15"));
        assert_eq!(l3["first_opportunity_at"], Cell::Int(1_772_350_200));
        assert_eq!(l3["first_won_date"], Cell::Null);
        let l1 = &leads[1];
        assert_eq!(l1["lead"], Cell::Int(0));
        assert_eq!(l1["month"], text("2026-03"));
        assert_eq!(l1["created_at"], Cell::Int(1_775_025_000));
        assert_eq!(l1["created_month"], text("2026-03"));
        assert_eq!(l1["created_day"], day("2026-03-31"));
        assert_eq!(l1["channel"], text("Events"));
        assert_eq!(l1["campaign"], text("Spring"));
        assert_eq!(l1["first_won_date"], day("2026-04-20"));
        assert_eq!(l1["first_won_month"], text("2026-04"));
        assert_eq!(l1["email"], Cell::Null);
        let l2 = &leads[2];
        assert_eq!(l2["lead"], Cell::Int(1));
        assert_eq!(l2["month"], text("2026-04"));
        assert_eq!(l2["created_at"], Cell::Int(1_775_028_600));
        assert_eq!(l2["created_day"], day("2026-04-01"));
        // MQL at 06:00 UTC on May 1st: 23:00 on April 30th in Los Angeles.
        assert_eq!(l2["mql_at"], Cell::Int(1_777_615_200));
        assert_eq!(l2["mql_month"], text("2026-04"));
        assert_eq!(l2["mql_day"], day("2026-04-30"));
        assert_eq!(l2["campaign"], Cell::Null);

        let deals = rows(ds.path(), "opportunities");
        assert_eq!(deals.len(), 2);
        // O2: 07:30 UTC on March 1st is 23:30 on February 28th (PST).
        let o2 = &deals[0];
        assert_eq!(o2["deal"], Cell::Int(1));
        assert_eq!(o2["month"], text("2026-02"));
        assert_eq!(o2["created_day"], day("2026-02-28"));
        assert_eq!(o2["lead"], Cell::Int(2));
        assert_eq!(o2["is_closed"], Cell::Flag(false));
        assert_eq!(o2["close_date"], Cell::Null);
        assert_eq!(o2["amount_cents"], Cell::Int(50_000));
        assert_eq!(o2["channel"], text("Organic Search"));
        // O1: 03:00 UTC on April 1st is 20:00 on March 31st (PDT); closed won on April 20th.
        let o1 = &deals[1];
        assert_eq!(o1["deal"], Cell::Int(0));
        assert_eq!(o1["month"], text("2026-03"));
        assert_eq!(o1["created_at"], Cell::Int(1_775_012_400));
        assert_eq!(o1["created_month"], text("2026-03"));
        assert_eq!(o1["created_day"], day("2026-03-31"));
        assert_eq!(o1["close_date"], day("2026-04-20"));
        assert_eq!(o1["close_month"], text("2026-04"));
        assert_eq!(o1["amount_cents"], Cell::Int(123_456));
        assert_eq!(o1["amount_e4"], Cell::Int(12_345_600));
        assert_eq!(o1["currency"], text("USD"));
        assert_eq!(o1["lead"], Cell::Int(0));
        assert_eq!(o1["channel"], text("Events"));
        assert_eq!(o1["campaign"], text("Spring"));
        assert_eq!((o1["is_closed"].flag(), o1["is_won"].flag()), (true, true));

        let touches = rows(ds.path(), "touches");
        assert_eq!(touches.len(), 1);
        // 06:45 UTC on June 1st: 23:45 on May 31st.
        let t = &touches[0];
        assert_eq!(t["lead"], Cell::Int(1));
        assert_eq!(t["month"], text("2026-05"));
        assert_eq!(t["touched_at"], Cell::Int(1_780_296_300));
        assert_eq!(t["touched_month"], text("2026-05"));
        assert_eq!(t["touched_day"], day("2026-05-31"));
        assert_eq!(t["team"], text("sales"));
        assert_eq!(t["campaign"], Cell::Null);

        let spend = rows(ds.path(), "spend");
        assert_eq!(spend.len(), 1);
        let s = &spend[0];
        assert_eq!(s["month"], text("2026-03"));
        assert_eq!(s["date"], day("2026-03-31"));
        assert_eq!(s["date_month"], text("2026-03"));
        assert_eq!(s["cost_cents"], Cell::Int(9_999));
        assert_eq!(s["cost_e4"], Cell::Int(999_900));
        assert_eq!(s["channel"], text("Paid Search"));
        assert_eq!(s["campaign"], text("Spring"));
        assert_eq!(s["source_file"], text("spend.csv"));
        assert_eq!(s["source_line"], Cell::Int(2));
        assert_eq!(s["impressions"], Cell::Null);
    }
}
