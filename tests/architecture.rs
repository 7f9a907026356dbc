//! The layout rule of docs/architecture.md, read from the sources: each stage folder of `src/`
//! imports only the folders below it, no files import each other in a circle, and every file
//! opens with a `//!` line saying its role.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, lowest first: a folder may use `crate::` paths into its own folder and the ones
/// before it.
const STAGES: [&str; 11] = [
    "base", "model", "config", "input", "funnel", "analysis", "report", "publish", "dataset",
    "engine", "app",
];

/// One source file: its path from `src/`, its text without comments, and where its unit tests
/// start (the rest of the file counts for the folder rule but not for circles).
struct Source {
    rel: String,
    code: String,
    tests_at: usize,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources() -> Vec<Source> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let code = without_comments(&text);
        let tests_at = if rel.ends_with("/tests.rs") {
            0
        } else {
            code.find("#[cfg(test)]\nmod tests").unwrap_or(code.len())
        };
        out.push(Source {
            rel,
            code,
            tests_at,
        });
    }
    out
}

/// The text with `//` comments blanked (lengths kept, so offsets still give line numbers).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => {
                format!("{}{}", &line[..i], " ".repeat(line.len() - i))
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each `crate::a::b::c` path in `code`, with its byte offset.
fn crate_paths(code: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let mut parts = Vec::new();
        let mut s = rest;
        loop {
            let n = s
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if n == 0 {
                break;
            }
            parts.push(&s[..n]);
            match s[n..].strip_prefix("::") {
                Some(more) => s = more,
                None => break,
            }
        }
        out.push((at, parts));
    }
    out
}

/// The file a path names: the longest prefix that is a module file.
fn file_of(parts: &[&str], files: &BTreeSet<String>) -> Option<String> {
    (1..=parts.len()).rev().find_map(|n| {
        let stem = parts[..n].join("/");
        [format!("{stem}.rs"), format!("{stem}/mod.rs")]
            .into_iter()
            .find(|f| files.contains(f))
    })
}

fn folder(rel: &str) -> &str {
    rel.split('/').next().unwrap()
}

fn line_of(code: &str, at: usize) -> usize {
    code[..at].matches('\n').count() + 1
}

#[test]
fn every_file_is_in_a_stage_folder() {
    let stray: Vec<String> = sources()
        .into_iter()
        .map(|s| s.rel)
        .filter(|rel| {
            !matches!(rel.as_str(), "lib.rs" | "main.rs") && !STAGES.contains(&folder(rel))
        })
        .collect();
    assert!(
        stray.is_empty(),
        "files outside the stage folders {STAGES:?}: {stray:?}"
    );
}

#[test]
fn stages_import_only_the_stages_below_them() {
    let sources = sources();
    let files: BTreeSet<String> = sources.iter().map(|s| s.rel.clone()).collect();
    let mut upward = Vec::new();
    for s in &sources {
        let Some(own) = STAGES.iter().position(|f| *f == folder(&s.rel)) else {
            continue;
        };
        for (at, parts) in crate_paths(&s.code) {
            let Some(target) = file_of(&parts, &files) else {
                continue;
            };
            if let Some(to) = STAGES.iter().position(|f| *f == folder(&target))
                && to > own
            {
                upward.push(format!(
                    "src/{}:{}: crate::{} ({} may not use {})",
                    s.rel,
                    line_of(&s.code, at),
                    parts.join("::"),
                    STAGES[own],
                    STAGES[to]
                ));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let sources = sources();
    let files: BTreeSet<String> = sources.iter().map(|s| s.rel.clone()).collect();
    let mut uses: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let edges = uses.entry(&s.rel).or_default();
        for (at, parts) in crate_paths(&s.code) {
            if at < s.tests_at
                && let Some(target) = file_of(&parts, &files)
                && target != s.rel
            {
                edges.insert(target);
            }
        }
    }
    // Depth-first search; a file met again while still open closes a circle.
    fn visit<'a>(
        file: &'a str,
        uses: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        circles: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|f| *f == file) {
            circles.push(format!("{} -> {file}", path[i..].join(" -> ")));
            return;
        }
        if !done.insert(file) {
            return;
        }
        path.push(file);
        for next in uses.get(file).into_iter().flatten() {
            visit(next, uses, path, done, circles);
        }
        path.pop();
    }
    let (mut done, mut circles) = (BTreeSet::new(), Vec::new());
    for file in uses.keys() {
        visit(file, &uses, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "files that import each other:\n{}",
        circles.join("\n")
    );
}

#[test]
fn every_file_says_its_role_on_its_first_line() {
    let silent: Vec<String> = walkdir::WalkDir::new(src())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//! "))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        silent.is_empty(),
        "files without a `//!` first line: {silent:?}"
    );
}

#[test]
fn comments_cite_documents_in_the_repository() {
    // The funnel model's definitions are in docs/metrics.md and docs/input-format.md; a "spec
    // section" is in no file a reader of the repository has.
    let mut cites = Vec::new();
    for entry in walkdir::WalkDir::new(src()) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                if line.contains("spec section") {
                    cites.push(format!("{}:{}", path.display(), i + 1));
                }
            }
        }
    }
    assert!(
        cites.is_empty(),
        "comments citing a spec section: {cites:?}"
    );
}
