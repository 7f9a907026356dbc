//! Manifest: the list of every folder and file of one report set, kept in the private state
//! folder. It is written before the set's first file, so that whatever a crash leaves, the next
//! run knows exactly what baton made and removes that and nothing else.
//!
//! `SET.plan` while the set is being written; renamed `SET.done` once every file is in place.
//! One line of text a path, relative to the set: `d 2026-10` for a folder, `f 2026-10/index.html`
//! for a file, after a first line `baton report set 1`.

use super::folder::Folder;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "baton report set 1";

/// The folders and files of a report set, in the order they are made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub folders: Vec<String>,
    pub files: Vec<String>,
}

/// Whether a set is still being written or complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Plan,
    Done,
}

impl Stage {
    fn suffix(self) -> &'static str {
        match self {
            Stage::Plan => ".plan",
            Stage::Done => ".done",
        }
    }

    /// The manifest's file name for the set `set`.
    pub fn file(self, set: &str) -> PathBuf {
        PathBuf::from(format!("{set}{}", self.suffix()))
    }

    /// The set a manifest file name is for, and its stage.
    pub fn parse(name: &str) -> Option<(&str, Stage)> {
        [Stage::Plan, Stage::Done]
            .into_iter()
            .find_map(|s| name.strip_suffix(s.suffix()).map(|set| (set, s)))
            .filter(|(set, _)| is_set_name(set))
    }
}

/// Whether `name` is one baton gives report sets: `set-` and digits and dashes.
pub(crate) fn is_set_name(name: &str) -> bool {
    name.strip_prefix("set-").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    })
}

impl Manifest {
    /// The manifest of a set holding `files` (relative paths with `/`): their folders first,
    /// parents before children.
    pub fn of(files: Vec<String>) -> Manifest {
        let mut folders = std::collections::BTreeSet::new();
        for f in &files {
            let mut p = Path::new(f).parent();
            while let Some(dir) = p.filter(|d| !d.as_os_str().is_empty()) {
                folders.insert(dir.to_string_lossy().into_owned());
                p = dir.parent();
            }
        }
        // Sorted, a parent comes before its children.
        Manifest {
            folders: folders.into_iter().collect(),
            files,
        }
    }

    fn text(&self) -> String {
        let mut s = String::from(HEADER);
        s.push('\n');
        for d in &self.folders {
            s.push_str("d ");
            s.push_str(d);
            s.push('\n');
        }
        for f in &self.files {
            s.push_str("f ");
            s.push_str(f);
            s.push('\n');
        }
        s
    }

    /// Writes the manifest into `state` as the new file `name` (`Stage::file`).
    pub fn write(&self, state: &Folder, name: &Path) -> io::Result<()> {
        let mut file = state.create(name, 0o600)?;
        super::fault::step(super::fault::Step::Write)?;
        file.write_all(self.text().as_bytes())
    }

    /// Reads the manifest `name` from `state`. A manifest cut short by a crash gives the paths
    /// it has; a line that is not a path baton writes is left out.
    pub fn read(state: &Folder, name: &Path) -> io::Result<Manifest> {
        let mut text = String::new();
        state.read_file(name)?.read_to_string(&mut text)?;
        let mut m = Manifest::default();
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Ok(m);
        }
        for line in lines {
            let (list, rel) = match line.split_at_checked(2) {
                Some(("d ", rel)) => (&mut m.folders, rel),
                Some(("f ", rel)) => (&mut m.files, rel),
                _ => continue,
            };
            if is_safe_rel(rel) {
                list.push(rel.to_string());
            }
        }
        Ok(m)
    }
}

/// Whether `rel` is a relative path that stays below its folder: no `..`, no root, no empty
/// part.
pub(crate) fn is_safe_rel(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_lists_folders_before_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let state = Folder::open_path(dir.path()).unwrap();
        let m = Manifest::of(vec![
            "index.html".into(),
            "2026-10/index.html".into(),
            "a/b/c.csv".into(),
        ]);
        assert_eq!(m.folders, vec!["2026-10", "a", "a/b"]);
        m.write(&state, &Stage::Plan.file("set-1")).unwrap();
        assert_eq!(Manifest::read(&state, Path::new("set-1.plan")).unwrap(), m);
    }

    #[test]
    fn paths_that_leave_the_set_are_never_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("set-1.done"),
            "baton report set 1\nf ../../etc/passwd\nf /etc/passwd\nd a//b\nf ok.html\nf a/./b\nf ok2.h",
        )
        .unwrap();
        let state = Folder::open_path(dir.path()).unwrap();
        let m = Manifest::read(&state, Path::new("set-1.done")).unwrap();
        assert_eq!(m.files, vec!["ok.html", "ok2.h"]);
        assert!(m.folders.is_empty());
    }

    #[test]
    fn set_and_manifest_names() {
        assert!(is_set_name("set-00000000001733-42"));
        assert!(!is_set_name("set-"));
        assert!(!is_set_name("set-1/../x"));
        assert_eq!(Stage::parse("set-1-2.done"), Some(("set-1-2", Stage::Done)));
        assert_eq!(Stage::parse("set-1.plan"), Some(("set-1", Stage::Plan)));
        assert_eq!(Stage::parse("key"), None);
        assert_eq!(Stage::parse("spare.done"), None);
    }
}
