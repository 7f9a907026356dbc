//! Publish: write a whole report set beside the old one, then swap it in with one rename, under a
//! lock, so that a run killed at any moment leaves the previous report complete and readable.
//!
//! `OUT` is a symbolic link to a report set in `.OUT.baton/` beside it (`set-<id>/`); the new set
//! gets the new files, then hard links to every other file of the current one (so a one-month
//! run keeps the other months), and replaces the link atomically. No file of the current set is
//! ever written through. The set the swap replaced is kept as `spare/`, and the next run writes
//! its new set there, over the spare's files, instead of creating every file anew: on ext4
//! without a journal, creating a file skips every inode freed in the last minute, so runs back to
//! back spent up to a tenth of their time creating files. A spare file that has another link
//! (one the current report carried over, or anyone's) is removed, never written through; one
//! this run does not write is removed before the swap. (A reader would have to hold a file of
//! the report before last open for a whole run to see it change.) Sets left by killed runs are
//! removed by the next run.

use crate::error::{Error, Result};
use crate::render::Page;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The output folder, locked for this run.
pub struct Output {
    out: PathBuf,
    state: PathBuf,
    _lock: File,
}

/// A report set being written.
pub struct Staged {
    pub dir: PathBuf,
    name: String,
    /// Whether the set is the spare, holding files of the report before last.
    recycled: bool,
}

/// The name of the report set kept for the next run to write over.
const SPARE: &str = "spare";

/// How many threads write a report set's files (`Staged::write`).
const WRITERS: usize = 8;

fn io<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |e| Error::io(path, action, e)
}

/// The entries below `dir`, each error saying it could not read `what`.
fn walk<'a>(
    walker: WalkDir,
    dir: &'a Path,
    what: &'a str,
) -> impl Iterator<Item = Result<walkdir::DirEntry>> + 'a {
    walker.into_iter().map(move |entry| {
        entry.map_err(|e| Error::Data(format!("{}: cannot read {what}: {e}", dir.display())))
    })
}

impl Output {
    /// Locks `out` for this run; exit code 3 when another run holds it. A lock left by a killed
    /// run is released by the operating system with the process.
    pub fn lock(out: &Path) -> Result<Output> {
        let name = out
            .file_name()
            .ok_or_else(|| Error::Usage(format!("--out {}: name a folder", out.display())))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if out.is_file() {
            return Err(Error::Usage(format!(
                "--out {}: is a file, not a folder",
                out.display()
            )));
        }
        let state = parent.join(format!(".{name}.baton"));
        fs::create_dir_all(&state).map_err(io(
            &state,
            "cannot create the output folder's state (is the output folder writable?)",
        ))?;
        let lock_path = state.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path, "cannot open the lock file"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked(format!(
                    "another baton run is writing {} (lock {}); wait for it to finish, or stop it",
                    out.display(),
                    lock_path.display()
                )));
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, "cannot lock", e)),
        }
        Ok(Output {
            out: out.to_path_buf(),
            state,
            _lock: lock,
        })
    }

    /// The state folder kept beside the output folder (`.OUT.baton`).
    pub fn state_dir(&self) -> &Path {
        &self.state
    }

    /// Starts a new report set: the spare, if the last run left one, without its files that
    /// have other links; else an empty one.
    pub fn stage(&self) -> Result<Staged> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("set-{stamp}-{}", std::process::id());
        let dir = self.state.join(&name);
        let spare = self.state.join(SPARE);
        let recycled = cfg!(unix) && spare.is_dir() && fs::rename(&spare, &dir).is_ok();
        if recycled {
            unlink_shared(&dir)?;
        } else {
            fs::create_dir_all(&dir).map_err(io(&dir, "cannot create a report set"))?;
        }
        Ok(Staged {
            dir,
            name,
            recycled,
        })
    }

    /// Gives `staged` (as hard links, or copies) every file of the current report it does not
    /// have: the months this run did not render. A recycled set first loses every file that is
    /// not one of `written` (the paths under `OUT` this run wrote), so that nothing of the
    /// report before last stays.
    pub fn carry_over(&self, staged: &Staged, written: &[PathBuf]) -> Result<()> {
        if staged.recycled {
            let kept: std::collections::HashSet<&Path> = written
                .iter()
                .filter_map(|f| f.strip_prefix(&self.out).ok())
                .collect();
            staged.prune(&kept)?;
        }
        if !self.out.exists() {
            return Ok(());
        }
        let entries = WalkDir::new(&self.out).follow_links(false).min_depth(1);
        for entry in walk(entries, &self.out, "the current report") {
            let entry = entry?;
            let rel = entry.path().strip_prefix(&self.out).expect("below out");
            let target = staged.dir.join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).map_err(io(&target, "cannot create a folder"))?;
            } else if entry.file_type().is_file()
                && fs::symlink_metadata(&target).is_err()
                && fs::hard_link(entry.path(), &target).is_err()
            {
                fs::copy(entry.path(), &target)
                    .map_err(io(&target, "cannot copy the current report"))?;
            }
        }
        Ok(())
    }

    /// Makes `staged` the report: one rename replaces the link. The first time, when `OUT` is
    /// still a plain folder, it is moved into the state folder first (the one moment `OUT` is
    /// briefly absent). Then removes the other sets, and keeps the one the link named as the
    /// spare for the next run.
    pub fn swap(&self, staged: Staged) -> Result<()> {
        // The set the link names now becomes the spare.
        let replaced = fs::read_link(&self.out)
            .ok()
            .and_then(|t| t.file_name().map(|n| n.to_string_lossy().into_owned()));
        let link = self.state.join(format!("link-{}", staged.name));
        let target =
            Path::new(self.state.file_name().expect("state has a name")).join(&staged.name);
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link)
            .map_err(io(&link, "cannot create the report link"))?;
        #[cfg(not(unix))]
        return Err(Error::Usage(
            "atomic report swapping needs a Unix system".into(),
        ));
        let meta = fs::symlink_metadata(&self.out);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            let legacy = self.state.join(format!("previous-{}", staged.name));
            fs::rename(&self.out, &legacy)
                .map_err(io(&self.out, "cannot move the previous report aside"))?;
        }
        fs::rename(&link, &self.out).map_err(io(&self.out, "cannot swap in the new report"))?;
        // The other sets go, then the one the link named becomes the spare (in that order, so
        // that an old spare, or a listing that shows the new one, is never confused with it).
        let entries: Vec<fs::DirEntry> = fs::read_dir(&self.state)
            .map_err(io(&self.state, "cannot list report sets"))?
            .flatten()
            .collect();
        let mut kept = None;
        for entry in entries {
            let n = entry.file_name().to_string_lossy().into_owned();
            let p = entry.path();
            if n.starts_with("set-") && Some(&n) == replaced.as_ref() && p.is_dir() {
                kept = Some(p);
            } else if n != staged.name
                && (n.starts_with("set-")
                    || n.starts_with("previous-")
                    || n.starts_with("link-")
                    || n == SPARE)
            {
                let _ = if p.is_dir() && !p.is_symlink() {
                    fs::remove_dir_all(&p)
                } else {
                    fs::remove_file(&p)
                };
            }
        }
        if let Some(p) = kept
            && fs::rename(&p, self.state.join(SPARE)).is_err()
        {
            let _ = fs::remove_dir_all(&p);
        }
        Ok(())
    }
}

/// Removes every entry of the set at `dir` that is not a folder or a file with no other link:
/// what may not be written over.
fn unlink_shared(dir: &Path) -> Result<()> {
    for entry in walk(WalkDir::new(dir).min_depth(1), dir, "a report set") {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        let alone = entry.file_type().is_file() && entry.metadata().is_ok_and(|m| links(&m) == 1);
        if !alone {
            fs::remove_file(entry.path()).map_err(io(entry.path(), "cannot remove"))?;
        }
    }
    Ok(())
}

/// How many links `meta`'s file has (where the system cannot say, more than one: never written
/// over).
fn links(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    return std::os::unix::fs::MetadataExt::nlink(meta);
    #[cfg(not(unix))]
    return 2;
}

impl Staged {
    /// Removes every file that is not one of `kept` (paths relative to the set) and every
    /// folder left empty: what this run did not write into a recycled set.
    fn prune(&self, kept: &std::collections::HashSet<&Path>) -> Result<()> {
        let entries = WalkDir::new(&self.dir).min_depth(1).contents_first(true);
        for entry in walk(entries, &self.dir, "a report set") {
            let entry = entry?;
            let rel = entry.path().strip_prefix(&self.dir).expect("below the set");
            if entry.file_type().is_dir() {
                // Not empty: fails, and stays.
                let _ = fs::remove_dir(entry.path());
            } else if !kept.contains(rel) {
                fs::remove_file(entry.path()).map_err(io(entry.path(), "cannot remove"))?;
            }
        }
        Ok(())
    }

    /// Writes the pages into the set (over a spare file of the same name): the folders first,
    /// then the files, by `WRITERS` threads (a write waits on the file system more than on a
    /// core: at 1M leads 247 files took 26-32 ms on the two cores, 18-23 ms on eight threads).
    /// An error names the first page, in the pages' order, that could not be written.
    pub fn write(&self, pages: &[Page]) -> Result<()> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let folders: std::collections::BTreeSet<PathBuf> = pages
            .iter()
            .filter_map(|p| self.dir.join(&p.rel).parent().map(Path::to_path_buf))
            .collect();
        for folder in &folders {
            fs::create_dir_all(folder).map_err(io(folder, "cannot create a folder"))?;
        }
        let next = AtomicUsize::new(0);
        // The failed page that comes first, and its error.
        let failed: std::sync::Mutex<Option<(usize, Error)>> = std::sync::Mutex::new(None);
        std::thread::scope(|s| {
            for _ in 0..WRITERS.min(pages.len()) {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(page) = pages.get(i) else { break };
                        let path = self.dir.join(&page.rel);
                        if let Err(e) = fs::write(&path, page.body.as_bytes()) {
                            let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
                            if f.as_ref().is_none_or(|(j, _)| i < *j) {
                                *f = Some((i, io(&path, "cannot write")(e)));
                            }
                        }
                    }
                });
            }
        });
        match failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_written_and_an_error_names_the_first_page_that_fails() {
        let dir = tempfile::tempdir().unwrap();
        let staged = Staged {
            dir: dir.path().to_path_buf(),
            name: "set".into(),
            recycled: false,
        };
        let page = |rel: &str| Page {
            rel: rel.into(),
            body: format!("<p>{rel}</p>"),
        };
        // More pages than writers, in several folders.
        let pages: Vec<Page> = (0..40)
            .map(|i| page(&format!("m{}/p{i}.html", i % 3)))
            .collect();
        staged.write(&pages).unwrap();
        for p in &pages {
            assert_eq!(fs::read_to_string(dir.path().join(&p.rel)).unwrap(), p.body);
        }
        // Pages 7 and 30 cannot be written (a folder stands where each goes): whichever writer
        // fails first, the error names page 7.
        for bad in ["m1/p7.html", "m0/p30.html"] {
            fs::remove_file(dir.path().join(bad)).unwrap();
            fs::create_dir(dir.path().join(bad)).unwrap();
        }
        for _ in 0..20 {
            let e = staged.write(&pages).unwrap_err().to_string();
            assert!(e.contains("p7.html") && !e.contains("p30"), "{e}");
        }
    }
}
