//! Safe output: baton writes only what it can prove it made. Planted links, foreign folders,
//! other users' folders and an input inside `--out` are refused; a run killed or failing at any
//! step of publishing leaves the last complete report reachable, and the next run recovers.

use crate::common::*;
use predicates::prelude::*;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

fn handmade() -> PathBuf {
    fixture("handmade")
}

/// Runs `baton build` on `input` into `out` with `env`.
fn build_into(
    input: &Path,
    out: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> assert_cmd::assert::Assert {
    let mut cmd = baton();
    cmd.args(["build", "--today", "2026-11-23", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.assert()
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A folder holding someone's private files, to see that baton leaves them alone.
fn victim(dir: &Path) -> PathBuf {
    let v = dir.join("victim");
    fs::create_dir_all(v.join("docs")).unwrap();
    fs::write(v.join("id_rsa"), "key").unwrap();
    fs::write(v.join("docs/notes.txt"), "notes").unwrap();
    v
}

fn assert_untouched(victim: &Path) {
    assert_eq!(fs::read_to_string(victim.join("id_rsa")).unwrap(), "key");
    assert_eq!(
        fs::read_to_string(victim.join("docs/notes.txt")).unwrap(),
        "notes"
    );
    assert_eq!(names(victim), vec!["docs", "id_rsa"]);
}

#[test]
fn planted_links_in_place_of_baton_s_folders_are_refused_and_never_followed() {
    for planted in [".out.baton", ".out.reports"] {
        let dir = tempfile::tempdir().unwrap();
        let v = victim(dir.path());
        symlink(&v, dir.path().join(planted)).unwrap();
        build_into(&handmade(), &dir.path().join("out"), &[], &[])
            .code(2)
            .stderr(predicate::str::contains("is a symbolic link"));
        assert_untouched(&v);
    }
    // The issue's attack: a link where an earlier baton kept its spare set.
    let dir = tempfile::tempdir().unwrap();
    let v = victim(dir.path());
    fs::create_dir(dir.path().join(".out.baton")).unwrap();
    fs::set_permissions(
        dir.path().join(".out.baton"),
        fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    symlink(&v, dir.path().join(".out.baton/spare")).unwrap();
    let out = dir.path().join("out");
    build_into(&handmade(), &out, &[], &[]).success();
    build_into(&handmade(), &out, &[], &[]).success();
    assert_untouched(&v);
    assert_complete(&out);
    assert!(
        dir.path().join(".out.baton/spare").is_symlink(),
        "what baton did not make stays"
    );
}

#[test]
fn a_report_folder_named_through_its_resolved_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(&handmade(), &out, &[], &[]).success();
    let resolved = fs::canonicalize(&out).unwrap();
    build_into(&handmade(), &resolved, &[], &[])
        .code(2)
        .stderr(predicate::str::contains(
            "where baton keeps its report sets",
        ));
    assert_complete(&out);
}

#[test]
fn a_folder_baton_did_not_make_is_refused_and_force_moves_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("sub")).unwrap();
    fs::write(out.join("index.html"), "mine").unwrap();
    symlink("/etc/passwd", out.join("a-link")).unwrap();
    build_into(&handmade(), &out, &[], &[]).code(2).stderr(
        predicate::str::contains("baton did not create").and(predicate::str::contains("--force")),
    );
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "mine");
    build_into(&handmade(), &out, &["--force"], &[])
        .success()
        .stderr(predicate::str::contains("nothing was deleted"));
    assert_complete(&out);
    let aside: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("out.before-baton-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names(dir.path()));
    let aside = dir.path().join(&aside[0]);
    assert_eq!(
        fs::read_to_string(aside.join("index.html")).unwrap(),
        "mine"
    );
    assert!(aside.join("sub").is_dir() && aside.join("a-link").is_symlink());
    // An empty folder made for baton is taken without --force.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build_into(&handmade(), &empty, &[], &[]).success();
    assert_complete(&empty);
}

#[test]
fn someone_s_link_or_fifo_at_out_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let v = victim(dir.path());
    let out = dir.path().join("out");
    symlink(&v, &out).unwrap();
    build_into(&handmade(), &out, &[], &[])
        .code(2)
        .stderr(predicate::str::contains("is a link"));
    assert_untouched(&v);
    build_into(&handmade(), &out, &["--force"], &[]).success();
    assert_untouched(&v);
    assert_complete(&out);
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        build_into(&handmade(), &fifo, &[], &[])
            .code(2)
            .stderr(predicate::str::contains("special file"));
        assert!(fifo.exists());
    }
}

#[test]
fn out_holding_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("exports/crm");
    fs::create_dir_all(&input).unwrap();
    fs::copy(handmade().join("crm/leads.csv"), input.join("leads.csv")).unwrap();
    for out in [dir.path().join("exports"), input.clone()] {
        build_into(&input, &out, &[], &[])
            .code(2)
            .stderr(predicate::str::contains("holds the input folder"));
    }
    assert!(input.join("leads.csv").is_file());
}

#[test]
fn published_files_take_the_privacy_of_the_chosen_folder() {
    for (parent_mode, folder, file) in [
        (0o700, 0o700, 0o600),
        (0o755, 0o755, 0o644),
        (0o750, 0o750, 0o640),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join("p");
        fs::create_dir(&parent).unwrap();
        fs::set_permissions(&parent, fs::Permissions::from_mode(parent_mode)).unwrap();
        let out = parent.join("out");
        build_into(&handmade(), &out, &[], &[]).success();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&parent.join(".out.baton")), 0o700, "state is private");
        assert_eq!(mode(&parent.join(".out.reports")), folder);
        assert_eq!(mode(&out), folder, "the set's folder");
        assert_eq!(mode(&out.join("2025-01")), folder);
        assert_eq!(mode(&out.join("index.html")), file);
        assert_eq!(mode(&out.join("2025-01/metrics.json")), file);
    }
}

#[test]
fn a_full_build_publishes_exactly_the_months_the_data_has() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    build_into(&sample, &out, &[], &[]).success();
    assert!(out.join("2026-10").is_dir());
    // A one-month run keeps the other months.
    build_into(&handmade(), &out, &["--month", "2025-02"], &[]).success();
    assert!(out.join("2026-10").is_dir());
    // A full build has exactly the handmade data's months.
    build_into(&handmade(), &out, &[], &[]).success();
    assert_eq!(
        names(&out),
        vec!["2025-01", "2025-02", "2025-03", "index.html", "latest"]
    );
    assert_complete(&out);
}

#[test]
fn a_full_disk_removes_what_the_run_wrote_and_keeps_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_into(&handmade(), &out, &[], &[]).success();
    let before = fs::read(out.join("2025-02/index.html")).unwrap();
    let state_before = names(&dir.path().join(".out.baton"));
    let sets_before = names(&dir.path().join(".out.reports"));
    for point in ["create:1", "create:9", "write:5", "make:2", "rename:1"] {
        build_into(
            &handmade(),
            &out,
            &["--month", "2025-02"],
            &[("BATON_TEST_FAIL_AT", point)],
        )
        .code(1)
        .stderr(
            predicate::str::contains("disk full")
                .and(predicate::str::contains("the previous report at")),
        );
        assert_eq!(fs::read(out.join("2025-02/index.html")).unwrap(), before);
        assert_eq!(
            names(&dir.path().join(".out.baton")),
            state_before,
            "at {point}"
        );
        assert_eq!(
            names(&dir.path().join(".out.reports")),
            sets_before,
            "at {point}"
        );
        assert_complete(&out);
    }
    build_into(&handmade(), &out, &[], &[]).success();
}

/// What baton keeps once a run has finished: the pseudonym key, the lock, the current set and perhaps the one it
/// replaced (the spare, for the next run to write over), each with its manifest.
fn assert_clean_state(parent: &Path) {
    let state = names(&parent.join(".out.baton"));
    let sets = names(&parent.join(".out.reports"));
    assert!((1..=2).contains(&sets.len()), "one or two sets: {sets:?}");
    let mut expected = vec!["key".to_string(), "lock".to_string()];
    expected.extend(sets.iter().map(|s| format!("{s}.done")));
    expected.sort();
    assert_eq!(state, expected, "state");
    let link = fs::read_link(parent.join("out")).unwrap();
    assert!(
        sets.iter()
            .any(|s| link == Path::new(".out.reports").join(s))
    );
}

/// Kills a run at every operation of every kind, with `setup` making the starting point and
/// `extra` the run's arguments; after each kill the report is whole (or, where there was none,
/// absent or whole), and the next run publishes and leaves a clean state. Returns the number of
/// kills.
fn kill_everywhere(setup: &dyn Fn(&Path), extra: &[&str], had_report: bool) -> usize {
    let mut kills = 0;
    for kind in ["make", "create", "write", "link", "rename", "unlink"] {
        for n in 1.. {
            let dir = tempfile::tempdir().unwrap();
            setup(dir.path());
            let keep = dir.path().join("keep.txt");
            fs::write(&keep, "the user's").unwrap();
            let out = dir.path().join("out");
            let point = format!("{kind}:{n}");
            let mut cmd = baton();
            let status = cmd
                .args(["build", "--today", "2026-11-23", "--input"])
                .arg(handmade())
                .arg("--out")
                .arg(&out)
                .args(extra)
                .env("BATON_TEST_KILL_AT", &point)
                .output()
                .unwrap()
                .status;
            if status.success() {
                break; // fewer than n operations of this kind
            }
            kills += 1;
            assert!(
                status.code().is_none() || status.code() == Some(134),
                "{point}: {status:?}"
            );
            // Where there was no report, there may still be none (or the empty folder).
            let something = fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
            if had_report || something {
                assert_complete(&out);
            }
            build_into(&handmade(), &out, extra, &[]).success();
            assert_complete(&out);
            assert_clean_state(dir.path());
            assert_eq!(fs::read_to_string(&keep).unwrap(), "the user's");
        }
    }
    kills
}

#[test]
fn a_run_killed_at_any_step_of_publishing_leaves_the_last_report_and_the_next_run_recovers() {
    let report = |dir: &Path| {
        build_into(&handmade(), &dir.join("out"), &[], &[]).success();
    };
    let kills = kill_everywhere(&report, &[], true);
    assert!(kills > 40, "{kills} kill points");
    kill_everywhere(&report, &["--month", "2025-02"], true);
    // With a spare set to write over (two reports before).
    let twice = |dir: &Path| {
        report(dir);
        report(dir);
    };
    kill_everywhere(&twice, &[], true);
    kill_everywhere(&twice, &["--month", "2025-02"], true);
    // The first publish: into nothing, and into an empty folder made for baton.
    kill_everywhere(&|_: &Path| {}, &[], false);
    kill_everywhere(
        &|dir: &Path| fs::create_dir(dir.join("out")).unwrap(),
        &[],
        false,
    );
}

#[test]
fn killed_while_adopting_a_folder_its_files_are_kept_aside() {
    for n in 1..=4 {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let point = format!("rename:{n}");
        let status = baton()
            .args(["build", "--force", "--today", "2026-11-23", "--input"])
            .arg(handmade())
            .arg("--out")
            .arg(&out)
            .env("BATON_TEST_KILL_AT", &point)
            .output()
            .unwrap()
            .status;
        build_into(&handmade(), &out, &["--force"], &[]).success();
        assert_complete(&out);
        let kept: Vec<PathBuf> = names(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("out.before-baton-"))
            .map(|n| dir.path().join(n).join("notes.txt"))
            .collect();
        assert_eq!(
            kept.len(),
            1,
            "{point} ({status:?}): {:?}",
            names(dir.path())
        );
        assert_eq!(fs::read_to_string(&kept[0]).unwrap(), "mine");
    }
}

/// Runs `script` with `sh -c` as the throwaway user 65534; false where this machine cannot.
fn as_other_user(script: &str) -> bool {
    let root = rustix_uid() == 0;
    root && std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sh",
            "-c",
            script,
        ])
        .status()
        .is_ok_and(|s| s.success())
}

fn rustix_uid() -> u32 {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(u32::MAX)
}

#[test]
fn another_user_cannot_redirect_or_take_over_what_baton_writes() {
    // A shared sticky folder, like /tmp.
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let v = victim(dir.path());
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let planted = format!(
        "ln -s {} {}/.out.baton && mkdir {}/.out.reports",
        v.display(),
        shared.display(),
        shared.display()
    );
    if !as_other_user(&planted) {
        eprintln!("skipped: needs root and setpriv to act as another user");
        return;
    }
    let out = shared.join("out");
    build_into(&handmade(), &out, &[], &[])
        .code(2)
        .stderr(predicate::str::contains("is a symbolic link"));
    assert_untouched(&v);
    // With the link gone, the other user's real folder is refused too.
    assert!(as_other_user(&format!(
        "rm {}/.out.baton",
        shared.display()
    )));
    build_into(&handmade(), &out, &[], &[])
        .code(2)
        .stderr(predicate::str::contains("belongs to user 65534"));
    assert!(as_other_user(&format!(
        "rmdir {}/.out.reports",
        shared.display()
    )));
    // Once baton's folders are its own, the report is published and the other user cannot
    // write into them.
    build_into(&handmade(), &out, &[], &[]).success();
    assert_complete(&out);
    assert!(!as_other_user(&format!(
        "touch {}/.out.baton/x || touch {}/.out.reports/x || touch {}/index.html",
        shared.display(),
        shared.display(),
        out.display()
    )));
    assert!(
        !as_other_user(&format!("ls {}/.out.baton", shared.display())),
        "the state folder is private"
    );
    // A world-writable folder without the sticky bit is refused.
    let open = dir.path().join("open");
    fs::create_dir(&open).unwrap();
    fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).unwrap();
    build_into(&handmade(), &open.join("out"), &[], &[])
        .code(2)
        .stderr(predicate::str::contains("writable by everyone"));
}

#[test]
fn a_really_full_disk_keeps_the_report_and_leaves_nothing_behind() {
    // A 1 MiB file system of its own (a mount namespace, where the machine allows): room for
    // the handmade report (about 0.3 MiB), not for the sample's (about 3 MiB).
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("baton");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let disk = dir.path().join("disk");
    fs::create_dir(&disk).unwrap();
    let script = r#"mount -t tmpfs -o size=1m tmpfs "$1" || exit 99
        "$2" build -q --today 2026-11-23 --input "$3" --out "$1/out" || exit 98
        cp "$1/out/2025-02/index.html" "$1/../before.html"
        "$2" build -q --today 2026-11-23 --input "$4" --out "$1/out" 2>"$1/../said.txt"
        echo $? >"$1/../code.txt"
        cp "$1/out/2025-02/index.html" "$1/../after.html"
        ls -a "$1/.out.baton" "$1/.out.reports" >"$1/../left.txt""#;
    let status = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&disk)
        .arg(&bin)
        .arg(handmade())
        .arg(&sample)
        .status();
    if !status.is_ok_and(|s| s.success()) || !dir.path().join("code.txt").exists() {
        eprintln!(
            "skipped: this machine cannot mount a small file system (needs unshare and root)"
        );
        return;
    }
    let read = |f: &str| fs::read_to_string(dir.path().join(f)).unwrap();
    assert_eq!(read("code.txt").trim(), "1");
    let said = read("said.txt");
    assert!(
        said.contains("disk full") && said.contains("is unchanged"),
        "{said}"
    );
    assert_eq!(read("before.html"), read("after.html"));
    let left = read("left.txt");
    assert_eq!(
        left.matches("set-").count(),
        2,
        "one set and its manifest: {left}"
    );
}
