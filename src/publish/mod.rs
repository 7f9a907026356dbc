//! Publish: write a whole report set beside the current one, then swap it in with one rename,
//! under a lock, so that a run killed at any moment leaves the last complete report readable;
//! and never create, write over or delete anything baton cannot prove it made.
//!
//! Beside `OUT`, in the folder the user chose:
//! - `OUT` is a symbolic link to the current report set, `.OUT.reports/set-<id>`;
//! - `.OUT.reports/` holds the report sets; its mode follows the chosen folder's (a private
//!   folder keeps the report private: see `Modes`);
//! - `.OUT.baton/` is baton's private state (mode 0700): the lock, each set's manifest (the list
//!   of every folder and file baton made in it, written before the first of them), and the
//!   pseudonym key.
//!
//! Both folders are checked on every run (ours, a real folder and not a link, not writable by
//! others), opened once, and everything below them is reached through those handles with
//! operations that follow no link (`folder`). A set is removed file by file from its manifest:
//! what baton did not write stays where it is. docs/safety.md says what baton creates, reads and
//! removes, and what a crash leaves.

pub(crate) mod pdf;

pub(crate) mod atomic;
mod fault;
pub(crate) mod folder;
mod guard;
mod key;
pub(crate) mod manifest;

use crate::base::error::{Error, Result};
use crate::report::render::OutputFile;
use folder::Folder;
use manifest::{Manifest, Stage};
use rustix::fs::FileType;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How many threads write a report set's files (a write waits on the file system more than on
/// a core: at 1M leads 247 files took 26-32 ms on two cores, 18-23 ms on eight threads).
const WRITERS: usize = 8;

/// What `--out` names, and what may be done with it.
pub struct Destination<'a> {
    /// The report's path: a link baton keeps pointing at the current set.
    pub out: &'a Path,
    /// The input folder, which `out` must not contain.
    pub input: &'a Path,
    /// Adopt an `out` baton did not make, moving it aside (never deleting it).
    pub force: bool,
}

/// What stands at `OUT` when a run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Current {
    /// Nothing yet.
    Absent,
    /// An empty folder (the user made it for baton).
    Empty,
    /// A link to a complete set of ours.
    Ours(String),
    /// A link to a set of an earlier baton, kept inside its state folder (`.OUT.baton/set-*`).
    Legacy(String),
    /// Anything else: a folder with files, someone's link, a special file.
    Foreign(&'static str),
}

/// The modes of what baton publishes, from the mode of the folder the user chose: the read and
/// search bits it gives others, never write bits for anyone but the owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Modes {
    folder: u32,
    file: u32,
}

impl Modes {
    fn of(parent_mode: u32) -> Modes {
        Modes {
            folder: (parent_mode & 0o555) | 0o700,
            file: (parent_mode & 0o444) | 0o600,
        }
    }
}

/// The output folder, locked for this run.
pub struct Output {
    out: PathBuf,
    name: OsString,
    parent: Folder,
    state: Folder,
    sets: Folder,
    /// The sets folder's name, as the link names it.
    sets_name: String,
    modes: Modes,
    current: Current,
    /// The set the last swap replaced, kept for this run to write over (`stage`).
    spare: Option<String>,
    force: bool,
    warnings: Vec<String>,
    _lock: File,
}

fn io_err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |e| Error::io(path, action, e)
}

impl Output {
    /// Checks and locks the output for this run: exit code 3 when another run holds it, 2 when
    /// it is not baton's to write (see `guard`). A lock left by a killed run is released by the
    /// operating system with the process. Restores the link to the last complete report when a
    /// crash left none, and removes the sets that killed runs left.
    pub fn open(target: &Destination) -> Result<Output> {
        let out = target.out;
        let name = guard::out_name(out)?;
        let parent_path = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent_path).map_err(io_err(
            &parent_path,
            "cannot create the folder the report goes in (is it writable?)",
        ))?;
        let parent = Folder::open_path(&parent_path)
            .map_err(io_err(&parent_path, "cannot open the report's folder"))?;
        guard::check_parent(&parent, out)?;
        guard::check_input(out, target.input)?;
        let text = name.to_string_lossy();
        let state = guard::own_folder(&parent, &format!(".{text}.baton"), 0o700, false)?;
        let lock = lock(&state, out)?;
        let parent_mode = parent
            .itself()
            .map_err(io_err(&parent_path, "cannot read its mode"))?
            .mode;
        let modes = Modes::of(parent_mode);
        let sets_name = format!(".{text}.reports");
        let sets = guard::own_folder(&parent, &sets_name, modes.folder, true)?;
        let mut output = Output {
            out: out.to_path_buf(),
            name,
            parent,
            state,
            sets,
            sets_name,
            modes,
            current: Current::Absent,
            spare: None,
            force: target.force,
            warnings: Vec::new(),
            _lock: lock,
        };
        output.current = output.find_current()?;
        if output.current == Current::Absent {
            output.restore()?;
        }
        if let Current::Foreign(what) = output.current
            && !output.force
        {
            return Err(Error::Usage(format!(
                "--out {}: {what} that baton did not create; baton writes only into a new or empty folder, or one it made. Choose another --out, or pass --force to move it aside (to {}.before-baton-…; nothing is deleted).",
                crate::base::excerpt::path(&output.out),
                crate::base::excerpt::path(&output.out)
            )));
        }
        output.remove_stale_sets();
        Ok(output)
    }

    /// The pseudonym key kept in the private state folder, made there on the first run.
    pub fn pseudonym_key(&self) -> Result<crate::base::secret::Key> {
        key::load_or_create(&self.state)
    }

    /// What is at `OUT` now.
    fn find_current(&self) -> Result<Current> {
        let name = Path::new(&self.name);
        let entry = self
            .parent
            .stat(name)
            .map_err(io_err(&self.out, "cannot read it"))?;
        let Some(entry) = entry else {
            return Ok(Current::Absent);
        };
        Ok(match entry.kind {
            FileType::Symlink => {
                let target = self
                    .parent
                    .read_link(name)
                    .map_err(io_err(&self.out, "cannot read the link"))?
                    .unwrap_or_default();
                self.link_kind(&target)
            }
            FileType::Directory => {
                let inside = self
                    .parent
                    .open(name)
                    .and_then(|f| f.names())
                    .map_err(io_err(&self.out, "cannot list it"))?;
                if inside.is_empty() {
                    Current::Empty
                } else {
                    Current::Foreign("is a folder with files")
                }
            }
            FileType::RegularFile => {
                return Err(Error::Usage(format!(
                    "--out {}: is a file, not a folder; choose another --out",
                    crate::base::excerpt::path(&self.out)
                )));
            }
            _ => Current::Foreign("is a special file"),
        })
    }

    /// Whether a link's `target` names a complete set of ours, an earlier baton's, or neither.
    fn link_kind(&self, target: &Path) -> Current {
        let text = target.to_string_lossy();
        let ours = text
            .strip_prefix(&format!("{}/", self.sets_name))
            .filter(|set| manifest::is_set_name(set))
            .filter(|set| matches!(self.state.stat(&Stage::Done.file(set)), Ok(Some(_))));
        if let Some(set) = ours {
            return Current::Ours(set.to_string());
        }
        let legacy_prefix = format!(".{}.baton/", self.name.to_string_lossy());
        let legacy = text
            .strip_prefix(&legacy_prefix)
            .filter(|set| manifest::is_set_name(set));
        match legacy {
            Some(set) => Current::Legacy(set.to_string()),
            None => Current::Foreign("is a link"),
        }
    }

    /// The sets whose manifests the state folder holds, oldest first, with their stage.
    fn manifests(&self) -> Vec<(String, Stage)> {
        let names = self.state.names().unwrap_or_default();
        names
            .iter()
            .filter_map(|n| n.to_str())
            .filter_map(|n| Stage::parse(n).map(|(set, stage)| (set.to_string(), stage)))
            .collect()
    }

    /// When a crash left no `OUT`, points it at the newest complete set again.
    fn restore(&mut self) -> Result<()> {
        let newest = self
            .manifests()
            .into_iter()
            .filter(|(_, stage)| *stage == Stage::Done)
            .rfind(|(set, _)| matches!(self.sets.stat(Path::new(set)), Ok(Some(_))));
        if let Some((set, _)) = newest {
            self.link(&set, false)?;
            self.current = Current::Ours(set);
        }
        Ok(())
    }

    /// Removes every set that is not the current one and has a manifest (left by a killed run,
    /// or replaced by the last swap).
    fn remove_stale_sets(&mut self) {
        let current = match &self.current {
            Current::Ours(set) => Some(set.clone()),
            _ => None,
        };
        let manifests = self.manifests();
        // The newest other complete set whose folder is there is kept as the spare.
        self.spare = manifests
            .iter()
            .filter(|(set, stage)| *stage == Stage::Done && Some(set) != current.as_ref())
            .rfind(|(set, _)| matches!(self.sets.stat(Path::new(set)), Ok(Some(e)) if e.kind == FileType::Directory))
            .map(|(set, _)| set.clone());
        for (set, stage) in manifests {
            let kept = Some(&set) == current.as_ref() || Some(&set) == self.spare.as_ref();
            if !kept {
                self.remove_set(&set);
            } else if stage == Stage::Plan {
                // Complete (its `.done` is there too): the plan a killed run left goes.
                let _ = self.state.unlink(&Stage::Plan.file(&set));
            }
        }
        // The links a killed run made before renaming one over `OUT`.
        for name in self.state.names().unwrap_or_default() {
            let is_link = matches!(self.state.stat(Path::new(&name)), Ok(Some(e)) if e.kind == FileType::Symlink);
            let ours = name
                .to_str()
                .and_then(|n| n.strip_prefix("link-"))
                .is_some_and(manifest::is_set_name);
            if is_link && ours {
                let _ = self.state.unlink(Path::new(&name));
            }
        }
    }

    /// Removes the set `set` as its manifest lists it: the files, then the folders (deepest
    /// first), then the set's folder and the manifest. A file replaced by something else, or
    /// a folder holding what baton did not write, stays, with a warning.
    fn remove_set(&mut self, set: &str) {
        let mut listed = Manifest::default();
        for stage in [Stage::Plan, Stage::Done] {
            if let Ok(m) = Manifest::read(&self.state, &stage.file(set)) {
                listed.folders.extend(m.folders);
                listed.files.extend(m.files);
            }
        }
        let mut kept = Vec::new();
        if let Ok(root) = self.sets.open(Path::new(set)) {
            let mut opened: HashMap<String, Option<Folder>> = HashMap::new();
            for file in &listed.files {
                let (dir, base) = split(file);
                let folder = opened
                    .entry(dir.to_string())
                    .or_insert_with(|| root.open_below(Path::new(dir)).ok());
                let Some(folder) = folder else { continue };
                match folder.stat(Path::new(base)) {
                    Ok(Some(e)) if e.kind == FileType::RegularFile => {
                        if folder.unlink(Path::new(base)).is_err() {
                            kept.push(file.clone());
                        }
                    }
                    Ok(None) => {}
                    _ => kept.push(file.clone()),
                }
            }
            drop(opened);
            for dir in listed.folders.iter().rev() {
                let (up, base) = split(dir);
                if let Ok(f) = root.open_below(Path::new(up)) {
                    let _ = f.remove_empty(Path::new(base));
                }
            }
            if self.sets.remove_empty(Path::new(set)).is_err() && root.names().is_ok() {
                self.warnings.push(format!(
                    "{}: left in place: it holds files baton did not write{}",
                    crate::base::excerpt::path(&self.sets.path().join(set)),
                    if kept.is_empty() {
                        String::new()
                    } else {
                        format!(" (first: {})", kept[0])
                    }
                ));
            }
        }
        for stage in [Stage::Plan, Stage::Done] {
            let _ = self.state.unlink(&stage.file(set));
        }
    }

    /// Points `OUT` at `set`: through a new link in the state folder renamed over `OUT`
    /// (`replace`: the link there now), or into the empty place.
    fn link(&self, set: &str, replace: bool) -> Result<()> {
        let tmp = PathBuf::from(format!("link-{set}"));
        let _ = self.state.unlink(&tmp);
        let target = Path::new(&self.sets_name).join(set);
        self.state
            .symlink(&target, &tmp)
            .map_err(io_err(&self.out, "cannot create the report link"))?;
        let name = Path::new(&self.name);
        let moved = if replace {
            self.state.rename(&tmp, &self.parent, name)
        } else {
            self.state.rename_new(&tmp, &self.parent, name)
        };
        moved.map_err(|e| {
            let _ = self.state.unlink(&tmp);
            Error::io(&self.out, "cannot swap in the new report", e)
        })
    }

    /// Writes `pages` (and whatever `finish` writes into the set's folder: `extra`, paths
    /// relative to the report) as a new report set, carries over the current report's other
    /// files when `keep_others` (a one-month run), and swaps it in. On any error before the
    /// swap, removes what this run wrote and leaves the current report as it was. Returns the
    /// warnings to show (sets left in place, a folder moved aside).
    pub fn publish(
        mut self,
        pages: &[OutputFile],
        extra: &[String],
        keep_others: bool,
        finish: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<Vec<String>> {
        let set = set_name();
        let staged = self.stage(&set, pages, extra, keep_others, finish);
        if let Err(e) = staged {
            self.remove_set(&set);
            return Err(self.explain(e));
        }
        crate::base::timing::lap("publishing: new set written");
        let swapped = self.swap(&set);
        if let Err(e) = swapped {
            if !matches!(self.find_current(), Ok(Current::Ours(ref s)) if s == &set) {
                self.remove_set(&set);
            }
            return Err(self.explain(e));
        }
        Ok(self.warnings)
    }

    /// Writes the set `set`: its manifest first, then its folders and files. The spare, when
    /// there is one, becomes the set: its files are written over (`Folder::rewrite`), and the
    /// ones this run does not write are removed before the set is complete (creating files
    /// anew is what costs: on ext4, a file created just after others were removed skips their
    /// inodes, about 0.1 s for a 1M-lead report's 290 files).
    fn stage(
        &self,
        set: &str,
        pages: &[OutputFile],
        extra: &[String],
        keep_others: bool,
        finish: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        let mut files: Vec<String> = pages.iter().map(|p| p.rel.clone()).collect();
        files.extend(extra.iter().cloned());
        if let Some(bad) = files.iter().find(|f| !manifest::is_safe_rel(f)) {
            return Err(Error::Data(format!(
                "internal: a report path {bad:?} leaves the report folder"
            )));
        }
        let (source, carried) = if keep_others {
            self.others(&files)?
        } else {
            (None, Vec::new())
        };
        files.extend(carried.iter().cloned());
        let manifest = Manifest::of(files);
        let state_path = self.state.path().to_path_buf();
        // The plan lists the spare's files too: a crash before the end leaves them in this set.
        let spare = match &self.spare {
            Some(spare) => Manifest::read(&self.state, &Stage::Done.file(spare))
                .ok()
                .map(|m| (spare.as_str(), m)),
            None => None,
        };
        let mut plan = manifest.clone();
        if let Some((_, old)) = &spare {
            plan = Manifest::of(plan.files.iter().chain(&old.files).cloned().collect());
            plan.folders.extend(old.folders.iter().cloned());
            plan.folders.sort();
            plan.folders.dedup();
        }
        plan.write(&self.state, &Stage::Plan.file(set))
            .map_err(io_err(&state_path, "cannot write a report set's manifest"))?;
        let root = match &spare {
            Some((old, _)) => {
                self.sets
                    .rename_new(Path::new(old), &self.sets, Path::new(set))
                    .map_err(io_err(self.sets.path(), "cannot take the spare report set"))?;
                let _ = self.state.unlink(&Stage::Done.file(old));
                self.sets.make_or_open(Path::new(set), self.modes.folder)
            }
            None => self.sets.make(Path::new(set), self.modes.folder),
        }
        .map_err(io_err(self.sets.path(), "cannot create a report set"))?;
        let recycled = spare.is_some();
        let mut folders: HashMap<&str, Folder> = HashMap::new();
        for dir in &manifest.folders {
            let (up, base) = split(dir);
            let made = {
                let parent = if up.is_empty() { &root } else { &folders[up] };
                if recycled {
                    parent.make_or_open(Path::new(base), self.modes.folder)
                } else {
                    parent.make(Path::new(base), self.modes.folder)
                }
            };
            let made = made.map_err(io_err(&root.path().join(dir), "cannot create a folder"))?;
            folders.insert(dir, made);
        }
        let folder_of = |rel: &str| -> &Folder {
            let (dir, _) = split(rel);
            if dir.is_empty() { &root } else { &folders[dir] }
        };
        write_pages(pages, self.modes.file, recycled, &folder_of, root.path())?;
        if let Some(source) = &source {
            for rel in &carried {
                let (dir, base) = split(rel);
                let from = source
                    .open_below(Path::new(dir))
                    .map_err(io_err(&source.path().join(dir), "cannot open"))?;
                carry(&from, folder_of(rel), Path::new(base), self.modes.file)
                    .map_err(io_err(&root.path().join(rel), "cannot carry over"))?;
            }
        }
        if let Some((_, old)) = &spare {
            prune(&root, old, &manifest).map_err(io_err(
                root.path(),
                "cannot remove an old file of the spare set",
            ))?;
        }
        // What `finish` writes is written by another program, by path: nothing of the spare's
        // may stand there.
        for rel in extra {
            let (_, base) = split(rel);
            let folder = folder_of(rel);
            if matches!(folder.stat(Path::new(base)), Ok(Some(_))) {
                folder
                    .unlink(Path::new(base))
                    .map_err(io_err(&root.path().join(rel), "cannot remove"))?;
            }
        }
        finish(root.path())?;
        for rel in extra {
            let (_, base) = split(rel);
            folder_of(rel)
                .chmod(Path::new(base), self.modes.file)
                .map_err(io_err(&root.path().join(rel), "cannot set its mode"))?;
        }
        manifest
            .write(&self.state, &Stage::Done.file(set))
            .map_err(io_err(
                &state_path,
                "cannot complete a report set's manifest",
            ))?;
        let _ = self.state.unlink(&Stage::Plan.file(set));
        Ok(())
    }

    /// The files of the report at `OUT` now (relative paths, as a one-month run would carry
    /// them over): empty when there is none of baton's there.
    pub fn published(&self) -> Result<Vec<String>> {
        Ok(match self.current_listing()? {
            Some((_, listed)) => listed
                .into_iter()
                .filter(|f| manifest::is_safe_rel(f))
                .collect(),
            None => Vec::new(),
        })
    }

    /// The current set's folder and the files it holds, when `OUT` is a set of baton's.
    fn current_listing(&self) -> Result<Option<(std::io::Result<Folder>, Vec<String>)>> {
        Ok(Some(match &self.current {
            Current::Ours(set) => {
                let m = Manifest::read(&self.state, &Stage::Done.file(set)).map_err(io_err(
                    self.state.path(),
                    "cannot read the current set's list",
                ))?;
                (self.sets.open(Path::new(set)), m.files)
            }
            Current::Legacy(set) => {
                let f = self.state.open(Path::new(set));
                let listed = f.as_ref().map_or(Ok(Vec::new()), Folder::files_below);
                (f, listed.unwrap_or_default())
            }
            _ => return Ok(None),
        }))
    }

    /// The current report's files that `files` does not have (the months this run does not
    /// render), and the set's folder to take them from.
    fn others(&self, files: &[String]) -> Result<(Option<Folder>, Vec<String>)> {
        let Some((source, listed)) = self.current_listing()? else {
            return Ok((None, Vec::new()));
        };
        let source = source.map_err(io_err(&self.out, "cannot open the current report"))?;
        let have: std::collections::HashSet<&str> = files.iter().map(String::as_str).collect();
        let carried = listed
            .into_iter()
            .filter(|f| !have.contains(f.as_str()) && manifest::is_safe_rel(f))
            .collect();
        Ok((Some(source), carried))
    }

    /// Makes the complete set `set` the report, then removes the one it replaced.
    fn swap(&mut self, set: &str) -> Result<()> {
        let name = PathBuf::from(&self.name);
        match self.current.clone() {
            Current::Ours(_) | Current::Legacy(_) => self.link(set, true)?,
            Current::Absent => self.link(set, false)?,
            Current::Empty => {
                self.parent.remove_empty(&name).map_err(io_err(
                    &self.out,
                    "cannot replace the empty folder (did something write into it?)",
                ))?;
                self.link(set, false)?;
            }
            Current::Foreign(_) => {
                let aside = self.move_aside()?;
                self.link(set, false)?;
                self.warnings.push(format!(
                    "--force: what was at {} is now at {}; nothing was deleted",
                    crate::base::excerpt::path(&self.out),
                    crate::base::excerpt::path(&aside)
                ));
            }
        }
        crate::base::timing::lap("publishing: swapped");
        let old = std::mem::replace(&mut self.current, Current::Ours(set.to_string()));
        match old {
            // Kept for the next run to write over; removed by it if it does not.
            Current::Ours(_) => {}
            Current::Legacy(old) => self.warnings.push(format!(
                "the report sets of an earlier baton version stay in {} ({old} and others): baton did not list their files, so it leaves them; remove them by hand when you no longer need them",
                crate::base::excerpt::path(self.state.path())
            )),
            _ => {}
        }
        // The state folder is private from now on (an earlier baton made it readable, for the
        // sets it kept there).
        let _ = self.state.chmod_itself(0o700);
        Ok(())
    }

    /// Moves what is at `OUT` to a new name beside it; returns that name.
    fn move_aside(&self) -> Result<PathBuf> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let base = format!("{}.before-baton-{secs}", self.name.to_string_lossy());
        for n in 0..100 {
            let aside = if n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            match self
                .parent
                .rename_new(Path::new(&self.name), &self.parent, Path::new(&aside))
            {
                Ok(()) => return Ok(self.out.with_file_name(aside)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&self.out, "cannot move it aside", e)),
            }
        }
        Err(Error::Usage(format!(
            "--out {}: cannot find a free name to move it aside",
            crate::base::excerpt::path(&self.out)
        )))
    }

    /// A disk-full error in plain words, saying the current report is intact.
    fn explain(&self, e: Error) -> Error {
        let full = matches!(&e, Error::Io { source, .. }
            if matches!(source.raw_os_error(), Some(code)
                if code == rustix::io::Errno::NOSPC.raw_os_error()
                    || code == rustix::io::Errno::DQUOT.raw_os_error()));
        if !full {
            return e;
        }
        Error::Data(format!(
            "disk full: {e}. baton removed the files this run had written; the previous report at {} is unchanged. Free some space in {} and run again.",
            crate::base::excerpt::path(&self.out),
            crate::base::excerpt::path(self.parent.path())
        ))
    }
}

/// The pseudonym key of the report at `out`, read without locking it (for `baton context`);
/// `None` when it has no state folder or key yet.
pub fn read_key(out: &Path) -> Result<Option<crate::base::secret::Key>> {
    let Ok(name) = guard::out_name(out) else {
        return Ok(None);
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(parent) = Folder::open_path(parent) else {
        return Ok(None);
    };
    let state = PathBuf::from(format!(".{}.baton", name.to_string_lossy()));
    match parent.stat(&state) {
        Ok(Some(e)) if e.kind == FileType::Directory => {}
        _ => return Ok(None),
    }
    let state = parent
        .open(&state)
        .map_err(io_err(&parent.path().join(&state), "cannot open"))?;
    key::read(&state)
}

/// Opens (creating) and takes the lock in the state folder.
fn lock(state: &Folder, out: &Path) -> Result<File> {
    let name = Path::new("lock");
    let path = state.path().join(name);
    let file = match state.stat(name).map_err(io_err(&path, "cannot read"))? {
        None => state.create(name, 0o600).or_else(|_| state.read_file(name)),
        Some(e) if e.kind == FileType::RegularFile => state.read_file(name),
        Some(_) => {
            return Err(Error::Usage(format!(
                "{}: is not a plain file; remove it and run again",
                crate::base::excerpt::path(&path)
            )));
        }
    }
    .map_err(io_err(&path, "cannot open the lock file"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked(format!(
            "another baton run is writing {} (lock {}); wait for it to finish, or stop it",
            crate::base::excerpt::path(out),
            crate::base::excerpt::path(&path)
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, "cannot lock", e)),
    }
}

/// A new set's name: `set-`, the time in nanoseconds (20 digits, so names sort by age) and the
/// process id.
fn set_name() -> String {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("set-{stamp:020}-{}", std::process::id())
}

/// A relative path's folder (`""` at the top) and last part.
fn split(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

/// Gives `to` the regular file `name` of `from`: a hard link, else a copy.
fn carry(from: &Folder, to: &Folder, name: &Path, mode: u32) -> std::io::Result<()> {
    match from.stat(name)? {
        Some(e) if e.kind == FileType::RegularFile => {}
        _ => return Ok(()),
    }
    // A spare's file of the same name goes (never written through: the current report may
    // share it).
    if to.stat(name)?.is_some() {
        to.unlink(name)?;
    }
    if to.link_from(from, name, name).is_ok() {
        return Ok(());
    }
    let mut src = from.read_file(name)?;
    let mut dst = to.create(name, mode)?;
    std::io::copy(&mut src, &mut dst)?;
    Ok(())
}

/// Removes from a recycled set the spare's files and folders that `now` does not list.
fn prune(root: &Folder, old: &Manifest, now: &Manifest) -> std::io::Result<()> {
    let files: std::collections::HashSet<&String> = now.files.iter().collect();
    for rel in old.files.iter().filter(|f| !files.contains(f)) {
        let (dir, base) = split(rel);
        let Ok(folder) = root.open_below(Path::new(dir)) else {
            continue;
        };
        if folder.stat(Path::new(base))?.is_some() {
            folder.unlink(Path::new(base))?;
        }
    }
    let folders: std::collections::HashSet<&String> = now.folders.iter().collect();
    for rel in old.folders.iter().rev().filter(|d| !folders.contains(d)) {
        let (up, base) = split(rel);
        if let Ok(folder) = root.open_below(Path::new(up)) {
            let _ = folder.remove_empty(Path::new(base));
        }
    }
    Ok(())
}

/// Writes the pages into their folders (over the files there, when `recycled`), by `WRITERS`
/// threads. An error names the first page, in the pages' order, that could not be written.
fn write_pages<'f>(
    pages: &[OutputFile],
    mode: u32,
    recycled: bool,
    folder_of: &(dyn Fn(&str) -> &'f Folder + Sync),
    root: &Path,
) -> Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let failed: std::sync::Mutex<Option<(usize, Error)>> = std::sync::Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..WRITERS.min(pages.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(page) = pages.get(i) else { break };
                    let (_, base) = split(&page.rel);
                    let folder = folder_of(&page.rel);
                    let file = if recycled {
                        folder.rewrite(Path::new(base), mode)
                    } else {
                        folder.create(Path::new(base), mode)
                    };
                    let written = file.and_then(|mut f| {
                        fault::step(fault::Step::Write)?;
                        f.write_all(page.body.as_bytes())
                    });
                    if let Err(e) = written {
                        let mut f = failed.lock().unwrap_or_else(|p| p.into_inner());
                        if f.as_ref().is_none_or(|(j, _)| i < *j) {
                            *f = Some((i, Error::io(&root.join(&page.rel), "cannot write", e)));
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

#[cfg(test)]
mod tests;
