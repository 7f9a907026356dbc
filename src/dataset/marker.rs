//! Marker: `.baton-dataset`, the list of every file of a dataset, written into its folder before
//! the first of them; what proves that baton wrote a folder, and what baton removes one by.

use crate::base::excerpt;
use crate::publish::folder::Folder;
use rustix::fs::FileType;
use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::Path;

/// The marker's file name.
pub(crate) const NAME: &str = ".baton-dataset";

/// Its first line.
const FIRST: &str = "baton dataset 1";

/// The marker's first line, written before any file is listed.
pub(crate) fn first_line() -> String {
    format!("{FIRST}\n")
}

/// The marker's lines listing `files` (paths relative to its folder), appended after the first.
pub(crate) fn lines(files: &[String]) -> String {
    files.iter().map(|f| format!("{f}\n")).collect()
}

/// The files the marker of `folder` lists; `None` when it has none, or one baton did not write.
pub(crate) fn read(folder: &Folder) -> std::io::Result<Option<Vec<String>>> {
    if folder.stat(Path::new(NAME))?.map(|e| e.kind) != Some(FileType::RegularFile) {
        return Ok(None);
    }
    let mut body = String::new();
    folder
        .read_file(Path::new(NAME))?
        .take(64 << 20)
        .read_to_string(&mut body)?;
    let mut lines = body.lines();
    if lines.next() != Some(FIRST) {
        return Ok(None);
    }
    Ok(Some(
        lines
            .filter(|l| crate::publish::manifest::is_safe_rel(l))
            .map(String::from)
            .collect(),
    ))
}

/// Every entry below `folder` (links and other kinds too, never entered), relative to it.
pub(crate) fn list_entries(folder: &Folder) -> std::io::Result<Vec<(String, FileType)>> {
    let mut found = Vec::new();
    let mut todo = vec![(folder.open_below(Path::new(""))?, String::new())];
    while let Some((f, prefix)) = todo.pop() {
        for name in f.names()? {
            let rel = format!("{prefix}{}", name.to_string_lossy());
            let Some(entry) = f.stat(Path::new(&name))? else {
                continue;
            };
            if entry.kind == FileType::Directory {
                todo.push((f.open(Path::new(&name))?, format!("{rel}/")));
            }
            found.push((rel, entry.kind));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// The first entry below `folder` that its marker's list `files` does not account for: a file
/// not listed, a folder that holds no listed file, or anything that is not a file or folder.
pub(crate) fn find_unlisted(folder: &Folder, files: &[String]) -> std::io::Result<Option<String>> {
    let listed: BTreeSet<&str> = files.iter().map(String::as_str).collect();
    let folders: BTreeSet<String> = files.iter().flat_map(|f| folders_of(f)).collect();
    Ok(list_entries(folder)?
        .into_iter()
        .find(|(rel, kind)| match *kind {
            FileType::RegularFile => rel != NAME && !listed.contains(rel.as_str()),
            FileType::Directory => !folders.contains(rel),
            _ => true,
        })
        .map(|(rel, _)| rel))
}

/// The folders `rel` is in, nearest last (`a/b/c` → `a`, `a/b`).
fn folders_of(rel: &str) -> Vec<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    (1..parts.len()).map(|n| parts[..n].join("/")).collect()
}

/// Removes the dataset folder `name` of `parent` file by file from its marker: its listed files
/// (regular files only), then its folders once empty, the marker and the folder itself. What it
/// did not list stays, and each warning returned names what was left.
pub(crate) fn remove(parent: &Folder, name: &Path) -> Vec<String> {
    let shown = || excerpt::path(&parent.path().join(name));
    let left = |why: String| vec![format!("{}: left in place: {why}", shown())];
    let Ok(folder) = parent.open(name) else {
        return left("it is not a folder baton can open without following a link".into());
    };
    let files = match read(&folder) {
        Ok(Some(files)) => files,
        _ => {
            // A run killed before its marker was written made the folder only.
            return match parent.remove_empty(name) {
                Ok(()) => Vec::new(),
                Err(_) => left(format!("it has no {NAME} listing what baton wrote there")),
            };
        }
    };
    for rel in &files {
        let (dir, file) = match rel.rsplit_once('/') {
            Some((d, f)) => (d, f),
            None => ("", rel.as_str()),
        };
        let Ok(dir) = folder.open_below(Path::new(dir)) else {
            continue;
        };
        if let Ok(Some(e)) = dir.stat(Path::new(file))
            && e.kind == FileType::RegularFile
        {
            let _ = dir.unlink(Path::new(file));
        }
    }
    let mut dirs: Vec<String> = files.iter().flat_map(|f| folders_of(f)).collect();
    dirs.sort();
    dirs.dedup();
    // Deepest first.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    for d in dirs {
        let _ = folder.remove_empty(Path::new(&d));
    }
    let _ = folder.unlink(Path::new(NAME));
    match parent.remove_empty(name) {
        Ok(()) => Vec::new(),
        Err(_) => left("it holds files baton did not write".into()),
    }
}
