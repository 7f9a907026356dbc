//! Target: the `--out` folder of `baton normalize`, checked before anything is read or written
//! (new, empty, or a dataset baton wrote), and the new dataset written into a temporary folder
//! beside it, then swapped in with one rename (docs/dataset.md, "Safety").

use crate::base::error::{Error, Result};
use crate::base::excerpt;
use crate::dataset::marker;
use crate::publish::folder::Folder;
use rustix::fs::FileType;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// What stands at `--out` when the run starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    Absent,
    /// An empty folder, or a dataset an earlier run wrote: swapped out, then removed.
    Replaceable,
}

/// A checked `--out`.
pub(crate) struct Target {
    out: PathBuf,
    name: OsString,
    parent: Folder,
    found: Found,
    /// The modes of the folders and files written: the read bits of the folder the dataset is
    /// in, and only this user may write.
    modes: (u32, u32),
    pub warnings: Vec<String>,
}

/// The folder a run writes its dataset into before the swap, beside `--out`.
fn temp_prefix(name: &OsString) -> String {
    format!(".{}.normalize-", name.to_string_lossy())
}

fn refuse(out: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "--out {}: {why}; baton normalize writes only into a new folder, an empty one, or one an earlier `baton normalize` wrote (it holds {}), and never changes anything else: choose another --out",
        excerpt::path(out),
        marker::NAME
    ))
}

impl Target {
    /// Checks `out` (exit code 2 when it is not baton's to write) and removes what killed runs
    /// left beside it.
    pub fn open(out: &Path, input: &Path) -> Result<Target> {
        let name = match out.components().next_back() {
            Some(Component::Normal(n)) => n.to_os_string(),
            _ => return Err(refuse(out, "name a folder (for example --out dataset)")),
        };
        let parent_path = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent_path)
            .map_err(|e| Error::io(&parent_path, "cannot create the folder", e))?;
        let parent = Folder::open_path(&parent_path)
            .map_err(|e| Error::io(&parent_path, "cannot open the folder", e))?;
        let mode = parent
            .itself()
            .map_err(|e| Error::io(&parent_path, "cannot read its mode", e))?
            .mode;
        if mode & 0o002 != 0 && mode & 0o1000 == 0 {
            return Err(refuse(
                out,
                &format!(
                    "its folder is writable by everyone and not sticky (mode {mode:04o}), so anyone could replace the dataset"
                ),
            ));
        }
        if let (Ok(i), Ok(p)) = (
            std::fs::canonicalize(input),
            std::fs::canonicalize(&parent_path),
        ) && i.starts_with(p.join(&name))
        {
            return Err(refuse(out, "holds the input folder"));
        }
        let found = Self::check(&parent, &name, out)?;
        let mut target = Target {
            out: out.to_path_buf(),
            name,
            parent,
            found,
            modes: ((mode & 0o555) | 0o700, (mode & 0o444) | 0o600),
            warnings: Vec::new(),
        };
        target.clean_up();
        Ok(target)
    }

    /// What stands at `name`, refusing what is not baton's.
    fn check(parent: &Folder, name: &OsString, out: &Path) -> Result<Found> {
        let io = |action| move |e| Error::io(out, action, e);
        let Some(entry) = parent.stat(Path::new(name)).map_err(io("cannot read it"))? else {
            return Ok(Found::Absent);
        };
        match entry.kind {
            FileType::Directory => {}
            FileType::Symlink => return Err(refuse(out, "is a symbolic link")),
            _ => return Err(refuse(out, "is not a folder")),
        }
        let folder = parent.open(Path::new(name)).map_err(io("cannot open it"))?;
        let me = rustix::process::geteuid().as_raw();
        if entry.uid != me {
            return Err(refuse(out, &format!("belongs to user {}", entry.uid)));
        }
        let entries = marker::list_entries(&folder).map_err(io("cannot list it"))?;
        if entries.is_empty() {
            return Ok(Found::Replaceable);
        }
        let Some(files) = marker::read(&folder).map_err(io("cannot read its marker"))? else {
            return Err(refuse(
                out,
                &format!(
                    "is a folder with files that baton did not write (no {})",
                    marker::NAME
                ),
            ));
        };
        if let Some(other) = marker::find_unlisted(&folder, &files).map_err(io("cannot list it"))? {
            return Err(refuse(
                out,
                &format!("holds {other}, which baton did not write there"),
            ));
        }
        Ok(Found::Replaceable)
    }

    /// Removes the temporary folders of runs that were killed (whose process is gone), each
    /// file by file from its marker.
    fn clean_up(&mut self) {
        let prefix = temp_prefix(&self.name);
        let Ok(names) = self.parent.names() else {
            return;
        };
        for n in names {
            let text = n.to_string_lossy();
            let Some(pid) = text
                .strip_prefix(&prefix)
                .and_then(|p| p.parse::<i32>().ok())
            else {
                continue;
            };
            let alive = rustix::process::Pid::from_raw(pid)
                .is_some_and(|p| rustix::process::test_kill_process(p).is_ok());
            if !alive {
                let left = marker::remove(&self.parent, Path::new(&n));
                self.warnings.extend(left);
            }
        }
    }

    /// Writes the dataset through `fill` into a new temporary folder beside `--out` (each file
    /// listed in its marker before it is written: `Writer`); then swaps it in and removes the
    /// dataset it replaced. A failure removes what this run wrote and leaves `--out` as it
    /// was. Gives the bytes written.
    pub fn write(
        mut self,
        fill: impl FnOnce(&mut Writer<'_>) -> Result<()>,
    ) -> Result<(u64, Vec<String>)> {
        let temp = PathBuf::from(format!("{}{}", temp_prefix(&self.name), std::process::id()));
        let temp_path = self.parent.path().join(&temp);
        let result = (|| -> Result<u64> {
            let io = |action| {
                let p = temp_path.clone();
                move |e| Error::io(&p, action, e)
            };
            let folder = self
                .parent
                .make(&temp, self.modes.0)
                .map_err(io("cannot create it"))?;
            let mut marker = folder
                .create(Path::new(marker::NAME), self.modes.1)
                .map_err(io("cannot create its marker"))?;
            marker
                .write_all(marker::first_line().as_bytes())
                .map_err(io("cannot write its marker"))?;
            let mut writer = Writer {
                target: &self,
                folder,
                marker,
                bytes: 0,
                #[cfg(debug_assertions)]
                announced: Default::default(),
            };
            fill(&mut writer)?;
            Ok(writer.bytes)
        })();
        let bytes = match result {
            Ok(b) => b,
            Err(e) => {
                marker::remove(&self.parent, &temp);
                return Err(e);
            }
        };
        let swap = match self.found {
            Found::Absent => self
                .parent
                .rename_new(&temp, &self.parent, Path::new(&self.name)),
            Found::Replaceable => self
                .parent
                .exchange(&temp, &self.parent, Path::new(&self.name)),
        };
        if let Err(e) = swap {
            marker::remove(&self.parent, &temp);
            return Err(Error::io(
                &self.out,
                "cannot move the new dataset into place",
                e,
            ));
        }
        if self.found == Found::Replaceable {
            let left = marker::remove(&self.parent, &temp);
            self.warnings.extend(left);
        }
        Ok((bytes, self.warnings))
    }

    /// Writes the file `rel` of the folder `root`, making the folders it is in.
    fn put(&self, root: &Folder, rel: &str, body: &[u8]) -> Result<()> {
        let path = root.path().join(rel);
        let io = |action| {
            let p = path.clone();
            move |e| Error::io(&p, action, e)
        };
        let (dirs, file) = match rel.rsplit_once('/') {
            Some((d, f)) => (Some(d), f),
            None => (None, rel),
        };
        let mut folder = root.open_below(Path::new("")).map_err(io("cannot open"))?;
        for d in dirs.into_iter().flat_map(|d| d.split('/')) {
            folder = match folder.stat(Path::new(d)).map_err(io("cannot read"))? {
                Some(_) => folder.open(Path::new(d)),
                None => folder.make(Path::new(d), self.modes.0),
            }
            .map_err(io("cannot create its folder"))?;
        }
        let mut f = folder
            .create(Path::new(file), self.modes.1)
            .map_err(io("cannot create"))?;
        f.write_all(body).map_err(io("cannot write"))?;
        f.sync_all().map_err(io("cannot write"))
    }
}

/// A run's new dataset while it is written: each file is listed in the marker (appended and
/// synced) before it is written, so that a run killed at any point leaves a folder the next
/// run can remove file by file.
pub(crate) struct Writer<'t> {
    target: &'t Target,
    folder: Folder,
    marker: std::fs::File,
    bytes: u64,
    /// The files `announce` listed, for `put` to check against.
    #[cfg(debug_assertions)]
    announced: std::collections::BTreeSet<String>,
}

impl Writer<'_> {
    /// Lists `files` (paths relative to the dataset) in the marker.
    pub fn announce(&mut self, files: &[String]) -> Result<()> {
        let path = self.folder.path().join(marker::NAME);
        let io = |e| Error::io(&path, "cannot write", e);
        self.marker
            .write_all(marker::lines(files).as_bytes())
            .map_err(io)?;
        #[cfg(debug_assertions)]
        self.announced.extend(files.iter().cloned());
        self.marker.sync_data().map_err(io)
    }

    /// Writes the file `rel`, which `announce` listed.
    pub fn put(&mut self, rel: &str, body: &[u8]) -> Result<()> {
        #[cfg(debug_assertions)]
        debug_assert!(self.announced.contains(rel), "{rel} written unannounced");
        self.target.put(&self.folder, rel, body)?;
        self.bytes += body.len() as u64;
        Ok(())
    }
}
