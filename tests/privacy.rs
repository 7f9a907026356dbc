//! No email, name or phone from the inputs reaches a report file or a message unless
//! `show_people = true`; people are listed by keyed pseudonyms, whose key a report folder keeps
//! privately.

use crate::common::*;
use std::fs;
use std::path::Path;

/// Every email address in the files under `dir`, found as the shell check does
/// (`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`).
fn emails_in(dir: &Path) -> Vec<String> {
    let mut found = std::collections::BTreeSet::new();
    for e in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap) {
        if e.file_type().is_file() {
            found.extend(emails_of(&fs::read(e.path()).unwrap()));
        }
    }
    found.into_iter().collect()
}

/// The email addresses in `b`, as `emails_in` finds them (in one pass: a report is megabytes).
fn emails_of(b: &[u8]) -> std::collections::BTreeSet<String> {
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain = |c: u8| c.is_ascii_alphanumeric() || b".-".contains(&c);
    let mut found = std::collections::BTreeSet::new();
    for at in memchr::memchr_iter(b'@', b) {
        let start = (0..at).rev().take_while(|&i| local(b[i])).last();
        let end = (at + 1..b.len()).take_while(|&i| domain(b[i])).last();
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        // The domain's last label, two letters or more (trailing dots and hyphens left out).
        let host = &b[at + 1..=end];
        let Some(dot) = host.iter().rposition(|&c| c == b'.') else {
            continue;
        };
        let tld = host[dot + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if tld >= 2 {
            let end = at + 1 + dot + tld;
            found.insert(String::from_utf8_lossy(&b[start..=end]).into_owned());
        }
    }
    found
}

/// The pairs of words (`First Last`) written with one space between them in `text`.
fn word_pairs(text: &str) -> std::collections::HashSet<&str> {
    let mut pairs = std::collections::HashSet::new();
    let mut last: Option<(usize, usize)> = None;
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let letter = c.is_alphabetic() || c == '\'' || c == '-';
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if let Some((ls, le)) = last
                    && le + 1 == s
                    && text.as_bytes()[le] == b' '
                {
                    pairs.insert(&text[ls..i]);
                }
                last = Some((s, i));
                start = None;
            }
            _ => {}
        }
    }
    pairs
}

/// The values of the person columns (names, phones) of the CSV files under `dir`.
fn person_values(dir: &Path) -> Vec<String> {
    let person = |h: &str| {
        let h = h.to_lowercase().replace(['_', ' '], "");
        ["firstname", "lastname", "fullname", "phone"].contains(&h.as_str())
    };
    let mut values = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap) {
        if e.path().extension().is_none_or(|x| x != "csv") {
            continue;
        }
        let Ok(mut reader) = csv::ReaderBuilder::new().flexible(true).from_path(e.path()) else {
            continue;
        };
        let Ok(header) = reader.headers() else {
            continue;
        };
        let columns: Vec<usize> = (0..header.len())
            .filter(|&i| person(header[i].trim_start_matches('\u{feff}')))
            .collect();
        for row in reader.records().filter_map(Result::ok) {
            values.extend(
                columns
                    .iter()
                    .filter_map(|&i| row.get(i))
                    .filter(|v| !v.trim().is_empty())
                    .map(str::to_string),
            );
        }
    }
    values.sort();
    values.dedup();
    values
}

/// All that baton wrote and said: every file under `dir` (the report folder and what it keeps
/// beside it), then `said`.
fn everything(dir: &Path, said: &str) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(dir).follow_links(true) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            all.push_str(&String::from_utf8_lossy(&fs::read(e.path()).unwrap()));
            all.push('\n');
        }
    }
    all + said
}

/// What a finished command printed, stdout and stderr.
fn said(run: &assert_cmd::assert::Assert) -> String {
    let o = run.get_output();
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs every command that reads `input` (build, build -v, check, context, and init on a copy)
/// in a folder of its own, `config` given to each when set; returns all they wrote and said.
fn run_everything(input: &Path, config: Option<&Path>, month: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let with_config = |c: &mut assert_cmd::Command| {
        if let Some(p) = config {
            c.arg("--config").arg(p);
        }
    };
    let mut text = String::new();
    for extra in [&[][..], &["-v"][..]] {
        let mut c = baton();
        c.current_dir(dir.path())
            .args(["build", "--today", "2026-11-23", "--input"])
            .arg(input)
            .args(extra);
        with_config(&mut c);
        text += &said(&c.assert().success());
    }
    let mut check = baton();
    check
        .current_dir(dir.path())
        .arg("check")
        .arg("--input")
        .arg(input);
    with_config(&mut check);
    text += &said(&check.assert().success());
    // `context` in the folder whose `out` the builds wrote: it reads their key.
    let mut context = baton();
    context
        .current_dir(dir.path())
        .args([
            "context",
            "--today",
            "2026-11-23",
            "--month",
            month,
            "--input",
        ])
        .arg(input);
    with_config(&mut context);
    text += &said(&context.assert().success());
    assert!(
        out.join("index.html").is_file(),
        "built into the default out"
    );
    // init writes into the input folder: a copy of it.
    let copy = dir.path().join("copy");
    for e in walkdir::WalkDir::new(input).into_iter().map(Result::unwrap) {
        let to = copy.join(e.path().strip_prefix(input).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
    let init = baton()
        .args(["init", "--force", "--input"])
        .arg(&copy)
        .assert()
        .success();
    text += &said(&init);
    text += &fs::read_to_string(copy.join("baton.toml")).unwrap();
    fs::remove_dir_all(&copy).unwrap();
    everything(dir.path(), &text)
}

/// The people's data among `values` that `all` shows.
fn shown<'a>(values: &'a [String], all: &str) -> Vec<&'a str> {
    values
        .iter()
        .map(String::as_str)
        .filter(|v| all.contains(v))
        .collect()
}

#[test]
fn the_sample_report_shows_no_email_or_name_anywhere() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let emails = emails_in(&sample);
    assert!(emails.len() > 100, "{}", emails.len());
    assert!(emails.iter().any(|e| e == "someone@nowhere.example"));
    let all = run_everything(&sample, None, "2026-10");
    let written = emails_of(all.as_bytes());
    let leaked: Vec<&String> = emails.iter().filter(|e| written.contains(*e)).collect();
    assert_eq!(leaked, Vec::<&String>::new());
    // Owners are named, and the rejected touch is reported, without its address.
    assert!(all.contains("Maya Chen"));
    assert!(all.contains("touch matches no lead: no lead file has email (column 3) (an email address, hidden; set show_people = true to see it)"));
    // Full names: first and last name side by side, as a person would be written.
    let first_last: Vec<String> = {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(sample.join("salesforce/leads-report.csv"))
            .unwrap();
        reader
            .records()
            .filter_map(Result::ok)
            .filter(|r| r.len() > 2)
            .map(|r| format!("{} {}", &r[1], &r[2]))
            .collect()
    };
    assert!(first_last.len() > 1000);
    let pairs = word_pairs(&all);
    assert!(pairs.contains("Maya Chen"), "pairs are found");
    let leaked: Vec<&String> = first_last
        .iter()
        .filter(|n| pairs.contains(n.as_str()))
        .collect();
    assert_eq!(leaked, Vec::<&String>::new());
}

#[test]
fn person_data_in_any_column_stays_hidden() {
    let input = fixture("privacy");
    let mut people = emails_in(&input);
    people.extend(person_values(&input));
    // The names and phones of the leads file and of the file without a header line.
    people.extend(
        [
            "Frida",
            "Grunewaldt",
            "Hugo",
            "Ibsenholm",
            "+49 30 1234 5678",
        ]
        .map(String::from),
    );
    assert!(people.len() > 20, "{people:?}");
    let all = run_everything(&input, None, "2025-03");
    assert_eq!(shown(&people, &all), Vec::<&str>::new());
    // What is wrong is still said, with file, line and column.
    for said in [
        "leads.csv:3: created_at (column 7): cannot read (an email address, hidden; set show_people = true to see it) as a date",
        "leads.csv:4: created_at (column 7): cannot read (a phone number, hidden; set show_people = true to see it) as a date",
        "touches.csv:4: team (column 4): (an email address, hidden",
        "touches.csv:5: touch matches no lead: no lead file has lead_id (column 2) \"L404\" or email (column 3) (an email address, hidden",
        "so it may be a data row: put back the header line the export had",
    ] {
        assert!(all.contains(said), "{said}");
    }
    assert!(all.contains("Owen Ownerly"), "owners are named");
}

#[test]
fn show_people_shows_them_in_messages() {
    let input = fixture("privacy");
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("baton.toml");
    fs::write(&path, "show_people = true\n").unwrap();
    let out = out_dir();
    let run = baton()
        .args(["build", "-v", "--today", "2026-11-23", "--input"])
        .arg(&input)
        .arg("--config")
        .arg(&path)
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let text = said(&run);
    for said in [
        "touches.csv:3: touch matches no lead: no lead file has email (column 3) \"dora.nobody@privacy-example.com\"",
        "leads.csv:4: created_at (column 7): cannot read \"+44 20 7946 0958\" as a date",
    ] {
        assert!(text.contains(said), "{said}\n{text}");
    }
    let check = said(
        &baton()
            .arg("check")
            .arg("--input")
            .arg(&input)
            .arg("--config")
            .arg(&path)
            .assert()
            .success(),
    );
    assert!(check.contains("header: Frida, Grunewaldt, frida.grunewaldt@privacy-example.com"));
}

/// The dropped-baton and over-contact people of April 2025 in the alignment fixture, built
/// into `out` with `extra` arguments.
fn april_people(out: &Path, extra: &[&str]) -> Vec<String> {
    run(
        &fixture("alignment"),
        out,
        &[&["--today", "2026-11-23"][..], extra].concat(),
    )
    .success();
    let m = metrics(out, "2025-04");
    let mut ids: Vec<String> = m["dropped_batons"]["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    ids.extend(
        m["over_contact"]["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_str().unwrap().to_string()),
    );
    ids
}

/// `input`'s config with `pseudonym_key = key` put first, in `dir`.
fn config_with_key(dir: &Path, key: &str) -> std::path::PathBuf {
    let own = fs::read_to_string(fixture("alignment").join("baton.toml")).unwrap();
    let path = dir.join(format!("{}.toml", &key[..4]));
    fs::write(&path, format!("pseudonym_key = \"{key}\"\n{own}")).unwrap();
    path
}

#[test]
fn pseudonyms_are_keyed_long_and_kept_by_the_report_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = april_people(&out, &[]);
    assert_eq!(first.len(), 2, "{first:?}");
    for id in &first {
        let hex = id.strip_prefix("P-").unwrap_or_else(|| panic!("{id}"));
        assert!(
            hex.len() == 16 && hex.bytes().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
    }
    // The same folder keeps its key: the same ids.
    assert_eq!(april_people(&out, &[]), first);
    // Another folder makes its own key: other ids.
    let elsewhere = april_people(&dir.path().join("other"), &[]);
    assert_ne!(elsewhere, first);
    // A key in the config: the same ids in any folder; another key, other ids.
    let (k1, k2) = ("1a".repeat(16), "2b".repeat(32));
    let c1 = config_with_key(dir.path(), &k1);
    let c2 = config_with_key(dir.path(), &k2);
    let a = april_people(&dir.path().join("a"), &["--config", c1.to_str().unwrap()]);
    let b = april_people(&dir.path().join("b"), &["--config", c1.to_str().unwrap()]);
    let c = april_people(&dir.path().join("c"), &["--config", c2.to_str().unwrap()]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.iter().chain(&c).all(|id| !first.contains(id)));
    // A configured key makes no key file.
    assert!(!dir.path().join(".a.baton/key").exists());
}

#[test]
fn a_short_configured_key_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_with_key(dir.path(), &"ab".repeat(15));
    let run = run(
        &fixture("alignment"),
        &dir.path().join("out"),
        &["--config", config.to_str().unwrap()],
    )
    .code(2);
    let text = said(&run);
    assert!(
        text.contains("pseudonym_key: the key has 30 hex digits; it needs at least 32"),
        "{text}"
    );
    assert!(!text.contains(&"ab".repeat(15)), "the key is not shown");
}

#[cfg(unix)]
#[test]
fn the_key_file_is_private_and_no_link_is_followed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&fixture("alignment"), &out, &["--today", "2026-11-23"]).success();
    let key = dir.path().join(".out.baton/key");
    let meta = fs::symlink_metadata(&key).unwrap();
    assert!(meta.is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let hex = fs::read_to_string(&key).unwrap();
    assert_eq!(hex.trim().len(), 64, "32 random bytes as hex");
    // A key file others can read is refused, and the report left as it was.
    let page = fs::read(out.join("index.html")).unwrap();
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let text = said(&run(&fixture("alignment"), &out, &["--today", "2026-11-23"]).code(2));
    assert!(
        text.contains(&key.display().to_string()) && text.contains("chmod 600"),
        "{text}"
    );
    assert_eq!(fs::read(out.join("index.html")).unwrap(), page);
    // A link in its place is refused, and what it points to is left alone.
    let target = dir.path().join("target-key");
    fs::write(&target, &hex).unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    fs::remove_file(&key).unwrap();
    std::os::unix::fs::symlink(&target, &key).unwrap();
    let text = said(&run(&fixture("alignment"), &out, &["--today", "2026-11-23"]).code(2));
    assert!(
        text.contains("symbolic link") && text.contains(&key.display().to_string()),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), hex);
    // A new folder whose key path is a link to nowhere: nothing is created through it.
    let other = dir.path().join("other");
    fs::create_dir(dir.path().join(".other.baton")).unwrap();
    let nowhere = dir.path().join("nowhere");
    std::os::unix::fs::symlink(&nowhere, dir.path().join(".other.baton/key")).unwrap();
    run(&fixture("alignment"), &other, &["--today", "2026-11-23"]).code(2);
    assert!(!nowhere.exists());
}
