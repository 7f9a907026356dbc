//! Discover: find every `*.csv` under the input folder, in a stable order.

use crate::base::error::{Error, Result};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One input file.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input folder, with `/` separators: how reports name the file.
    pub rel: String,
}

/// What discovery found: the files, and what it had to pass over (loops, unreadable folders).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<InputFile>,
    pub warnings: Vec<String>,
}

/// Walks `input` recursively, following links, skipping hidden folders and files and the
/// `exclude` folder (the output, when it sits inside the input). Files come sorted by relative
/// path so that disk order never changes a result.
pub fn find_csv_files(input: &Path, exclude: Option<&Path>) -> Result<Discovery> {
    let meta = std::fs::metadata(input).map_err(|e| {
        Error::Data(format!(
            "input folder {} cannot be read ({e}); pass --input DIR with your CSV exports",
            crate::base::excerpt::path(input)
        ))
    })?;
    if !meta.is_dir() {
        return Err(Error::Data(format!(
            "input {} is not a folder; pass --input DIR with your CSV exports",
            crate::base::excerpt::path(input)
        )));
    }
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut found = Discovery::default();
    let walker = WalkDir::new(input)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let excluded = exclude.as_ref().is_some_and(|x| {
                e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|p| &p == x)
            });
            !hidden && !excluded
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map(crate::base::excerpt::path).unwrap_or_default();
                let why = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a parent folder; skipped".to_string()
                } else {
                    format!("{e}; skipped")
                };
                found
                    .warnings
                    .push(crate::base::excerpt::escape(&format!("{at}: {why}")).into_owned());
                continue;
            }
        };
        let is_csv = entry
            .path()
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("csv"));
        if !entry.file_type().is_file() || !is_csv {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(input)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        found.files.push(InputFile {
            path: entry.path().to_path_buf(),
            rel,
        });
    }
    found.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.files.dedup_by(|a, b| a.rel == b.rel);
    if found.files.is_empty() {
        return Err(Error::Data(format!(
            "no .csv files found under {}; put your exports there or pass --input DIR",
            crate::base::excerpt::path(input)
        )));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_sorted_skips_hidden_and_survives_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deep")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join("b/deep/z.CSV"), "x").unwrap();
        fs::write(root.join("a.csv"), "x").unwrap();
        fs::write(root.join("notes.txt"), "x").unwrap();
        fs::write(root.join(".hidden/h.csv"), "x").unwrap();
        fs::write(root.join(".dot.csv"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("b/loop")).unwrap();
        let d = find_csv_files(root, None).unwrap();
        let rels: Vec<_> = d.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["a.csv", "b/deep/z.CSV"]);
        #[cfg(unix)]
        assert!(
            d.warnings.iter().any(|w| w.contains("loops")),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn missing_and_empty_folders_are_data_errors() {
        let dir = tempfile::tempdir().unwrap();
        let e = find_csv_files(&dir.path().join("nope"), None).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(e.to_string().contains("nope"));
        let e = find_csv_files(dir.path(), None).unwrap_err();
        assert!(e.to_string().contains("no .csv files"));
    }

    #[test]
    fn output_inside_input_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("out/2024-01")).unwrap();
        fs::write(dir.path().join("out/2024-01/t.csv"), "x").unwrap();
        fs::write(dir.path().join("a.csv"), "x").unwrap();
        let d = find_csv_files(dir.path(), Some(&dir.path().join("out"))).unwrap();
        assert_eq!(d.files.len(), 1);
    }
}
