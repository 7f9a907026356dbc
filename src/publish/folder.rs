//! Folder: an open folder handle, and every file operation publishing does, each relative to
//! such a handle and none following a symbolic link (`openat`, `renameat`, `unlinkat`, ...).
//! Each operation that changes something passes `fault::step` first, so tests can stop or fail
//! a run at exactly that point.

use super::fault::{self, Step};
use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags};
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

/// An open folder, and the path it was opened by (for messages only: operations go through
/// the handle, so a folder renamed or replaced after it was opened is not followed).
pub(crate) struct Folder {
    fd: OwnedFd,
    path: PathBuf,
}

/// What `Folder::stat` finds at a name, without following a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub kind: FileType,
    pub uid: u32,
    pub mode: u32,
    pub links: u64,
}

impl Entry {
    fn of(st: &rfs::Stat) -> Entry {
        Entry {
            kind: FileType::from_raw_mode(st.st_mode as _),
            uid: st.st_uid,
            mode: st.st_mode & 0o7777,
            links: st.st_nlink,
        }
    }
}

fn nofollow_dir() -> OFlags {
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC
}

impl Folder {
    /// Opens the folder at `path`; links in `path` are followed, as the user named it.
    pub fn open_path(path: &Path) -> io::Result<Folder> {
        let fd = rfs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(Folder {
            fd,
            path: path.to_path_buf(),
        })
    }

    /// Opens the folder `name` inside this one; a link there is an error (`ELOOP` or
    /// `ENOTDIR`), never followed.
    pub fn open(&self, name: &Path) -> io::Result<Folder> {
        let fd = rfs::openat(&self.fd, name, nofollow_dir(), Mode::empty())?;
        Ok(Folder {
            fd,
            path: self.path.join(name),
        })
    }

    /// Opens the folder at `rel` below this one, one component at a time, following no link.
    pub fn open_below(&self, rel: &Path) -> io::Result<Folder> {
        let mut parts = rel.components();
        let Some(first) = parts.next() else {
            return self.reopen();
        };
        let mut f = self.open(Path::new(first.as_os_str()))?;
        for part in parts {
            f = f.open(Path::new(part.as_os_str()))?;
        }
        Ok(f)
    }

    fn reopen(&self) -> io::Result<Folder> {
        let fd = rfs::openat(&self.fd, ".", nofollow_dir(), Mode::empty())?;
        Ok(Folder {
            fd,
            path: self.path.clone(),
        })
    }

    /// The path this folder was opened by, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The owner, mode and kind of this folder itself.
    pub fn itself(&self) -> io::Result<Entry> {
        Ok(Entry::of(&rfs::fstat(&self.fd)?))
    }

    /// What is at `name`, not following a link; `None` when nothing is.
    pub fn stat(&self, name: &Path) -> io::Result<Option<Entry>> {
        match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(Entry::of(&st))),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the folder `name` with exactly `mode` (whatever the umask) and opens it.
    pub fn make(&self, name: &Path, mode: u32) -> io::Result<Folder> {
        fault::step(Step::Make)?;
        rfs::mkdirat(&self.fd, name, Mode::from_raw_mode(mode as _))?;
        let f = self.open(name)?;
        rfs::fchmod(&f.fd, Mode::from_raw_mode(mode as _))?;
        Ok(f)
    }

    /// Creates the file `name`, which must not exist yet, with exactly `mode`.
    pub fn create(&self, name: &Path, mode: u32) -> io::Result<File> {
        fault::step(Step::Create)?;
        let fd = rfs::openat(
            &self.fd,
            name,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode as _),
        )?;
        rfs::fchmod(&fd, Mode::from_raw_mode(mode as _))?;
        Ok(File::from(fd))
    }

    /// Opens the file `name` to write it anew with exactly `mode`: the file there is truncated
    /// and written over when it is a regular file of this user's with no other link (so no
    /// one else's name for it sees the change); anything else there is removed first and a new
    /// file created.
    pub fn rewrite(&self, name: &Path, mode: u32) -> io::Result<File> {
        let reusable = match rfs::openat(
            &self.fd,
            name,
            OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => {
                let st = Entry::of(&rfs::fstat(&fd)?);
                let me = rustix::process::geteuid().as_raw();
                (st.kind == FileType::RegularFile && st.links == 1 && st.uid == me).then_some(fd)
            }
            Err(rustix::io::Errno::NOENT) => return self.create(name, mode),
            Err(_) => None,
        };
        match reusable {
            Some(fd) => {
                fault::step(Step::Create)?;
                rfs::ftruncate(&fd, 0)?;
                rfs::fchmod(&fd, Mode::from_raw_mode(mode as _))?;
                Ok(File::from(fd))
            }
            None => {
                self.unlink(name)?;
                self.create(name, mode)
            }
        }
    }

    /// Opens the folder `name`, making it when it is not there, with exactly `mode`; anything
    /// else there (a file, a link) is removed first.
    pub fn make_or_open(&self, name: &Path, mode: u32) -> io::Result<Folder> {
        match self.stat(name)?.map(|e| e.kind) {
            None => self.make(name, mode),
            Some(FileType::Directory) => {
                let f = self.open(name)?;
                rfs::fchmod(&f.fd, Mode::from_raw_mode(mode as _))?;
                Ok(f)
            }
            Some(_) => {
                self.unlink(name)?;
                self.make(name, mode)
            }
        }
    }

    /// Opens the regular file `name` for reading; a link is an error.
    pub fn read_file(&self, name: &Path) -> io::Result<File> {
        let fd = rfs::openat(
            &self.fd,
            name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        Ok(File::from(fd))
    }

    /// Sets the mode of the file or folder `name` (not through a link: the caller checked it).
    pub fn chmod(&self, name: &Path, mode: u32) -> io::Result<()> {
        let file = self.read_file(name)?;
        rfs::fchmod(&file, Mode::from_raw_mode(mode as _))?;
        Ok(())
    }

    /// Sets this folder's own mode.
    pub fn chmod_itself(&self, mode: u32) -> io::Result<()> {
        rfs::fchmod(&self.fd, Mode::from_raw_mode(mode as _))?;
        Ok(())
    }

    /// Gives the file `name` of `from` a second name, `to`, here (a link to the file itself,
    /// never to a link's target).
    pub fn link_from(&self, from: &Folder, name: &Path, to: &Path) -> io::Result<()> {
        fault::step(Step::Link)?;
        rfs::linkat(&from.fd, name, &self.fd, to, AtFlags::empty())?;
        Ok(())
    }

    /// Renames `name` here to `to_name` in `to`, replacing what is there (a file or link).
    pub fn rename(&self, name: &Path, to: &Folder, to_name: &Path) -> io::Result<()> {
        fault::step(Step::Rename)?;
        rfs::renameat(&self.fd, name, &to.fd, to_name)?;
        Ok(())
    }

    /// Renames `name` here to `to_name` in `to`, failing if something is there already.
    pub fn rename_new(&self, name: &Path, to: &Folder, to_name: &Path) -> io::Result<()> {
        fault::step(Step::Rename)?;
        rfs::renameat_with(&self.fd, name, &to.fd, to_name, rfs::RenameFlags::NOREPLACE)?;
        Ok(())
    }

    /// Swaps `name` here with `to_name` in `to` in one step: both must exist (a folder swapped
    /// whole, never followed through a link). Used by `baton normalize` (`dataset::target`).
    #[cfg(feature = "parquet")]
    pub fn exchange(&self, name: &Path, to: &Folder, to_name: &Path) -> io::Result<()> {
        fault::step(Step::Rename)?;
        rfs::renameat_with(&self.fd, name, &to.fd, to_name, rfs::RenameFlags::EXCHANGE)?;
        Ok(())
    }

    /// Removes the file or link `name` (a link itself, never its target).
    pub fn unlink(&self, name: &Path) -> io::Result<()> {
        fault::step(Step::Unlink)?;
        rfs::unlinkat(&self.fd, name, AtFlags::empty())?;
        Ok(())
    }

    /// Removes the empty folder `name`; one that is not empty stays (an error).
    pub fn remove_empty(&self, name: &Path) -> io::Result<()> {
        fault::step(Step::Unlink)?;
        rfs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR)?;
        Ok(())
    }

    /// Creates the symbolic link `name` pointing at `target`.
    pub fn symlink(&self, target: &Path, name: &Path) -> io::Result<()> {
        fault::step(Step::Link)?;
        rfs::symlinkat(target, &self.fd, name)?;
        Ok(())
    }

    /// Where the link `name` points; `None` when `name` is not a link or is absent.
    pub fn read_link(&self, name: &Path) -> io::Result<Option<PathBuf>> {
        match rfs::readlinkat(&self.fd, name, Vec::new()) {
            Ok(target) => {
                use std::os::unix::ffi::OsStringExt;
                Ok(Some(PathBuf::from(std::ffi::OsString::from_vec(
                    target.into_bytes(),
                ))))
            }
            Err(rustix::io::Errno::NOENT | rustix::io::Errno::INVAL) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The names in this folder (not `.` or `..`), sorted.
    pub fn names(&self) -> io::Result<Vec<std::ffi::OsString>> {
        use std::os::unix::ffi::OsStringExt;
        let mut dir = rfs::Dir::read_from(&self.fd)?;
        let mut names = Vec::new();
        while let Some(entry) = dir.read() {
            let bytes = entry?.file_name().to_bytes().to_vec();
            if bytes != b"." && bytes != b".." {
                names.push(std::ffi::OsString::from_vec(bytes));
            }
        }
        names.sort();
        Ok(names)
    }
}

impl Folder {
    /// The regular files below this folder, as paths relative to it with `/`, sorted; links
    /// and other kinds are left out and never entered.
    pub fn files_below(&self) -> io::Result<Vec<String>> {
        let mut found = Vec::new();
        let mut todo = vec![(self.reopen()?, String::new())];
        while let Some((folder, prefix)) = todo.pop() {
            for name in folder.names()? {
                let Some(text) = name.to_str() else { continue };
                let rel = format!("{prefix}{text}");
                match folder.stat(Path::new(&name))?.map(|e| e.kind) {
                    Some(FileType::RegularFile) => found.push(rel),
                    Some(FileType::Directory) => {
                        todo.push((folder.open(Path::new(&name))?, format!("{rel}/")))
                    }
                    _ => {}
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::create_dir(&victim).unwrap();
        std::fs::write(victim.join("id_rsa"), "key").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(victim.join("id_rsa"), dir.path().join("file-link")).unwrap();
        let f = Folder::open_path(dir.path()).unwrap();
        assert!(f.open(Path::new("link")).is_err());
        assert!(f.open_below(Path::new("link/x")).is_err());
        assert!(f.read_file(Path::new("file-link")).is_err());
        assert!(f.create(Path::new("file-link"), 0o600).is_err());
        assert_eq!(
            f.stat(Path::new("link")).unwrap().unwrap().kind,
            FileType::Symlink
        );
        f.unlink(Path::new("file-link")).unwrap();
        assert_eq!(
            std::fs::read_to_string(victim.join("id_rsa")).unwrap(),
            "key"
        );
        assert_eq!(
            f.read_link(Path::new("link")).unwrap(),
            Some(victim.clone())
        );
        assert_eq!(f.read_link(Path::new("victim")).unwrap(), None);
    }

    #[test]
    fn made_files_and_folders_have_exactly_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let f = Folder::open_path(dir.path()).unwrap();
        let sub = f.make(Path::new("sub"), 0o750).unwrap();
        assert_eq!(sub.itself().unwrap().mode, 0o750);
        drop(sub.create(Path::new("a"), 0o640).unwrap());
        assert_eq!(
            f.open(Path::new("sub"))
                .unwrap()
                .stat(Path::new("a"))
                .unwrap()
                .unwrap()
                .mode,
            0o640
        );
        assert_eq!(f.names().unwrap(), vec![std::ffi::OsString::from("sub")]);
    }
}
