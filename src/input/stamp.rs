//! Stamp: what tells that an input file changed while baton read it (an export still being
//! written, or replaced): its device, inode, size and modification time.

use std::fs::Metadata;
use std::time::SystemTime;

/// What identifies a file's contents, as far as one `stat` tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Device and inode (0 and 0 where the platform has none): another file under the name.
    place: (u64, u64),
    pub size: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    pub fn of(meta: &Metadata) -> FileStamp {
        #[cfg(unix)]
        let place = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let place = (0, 0);
        FileStamp {
            place,
            size: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// How the file went from `self` to `now`, as a file's problem; `None` when it did not
    /// change.
    pub fn change(&self, now: &FileStamp) -> Option<String> {
        let what = if self.place != now.place {
            "was replaced by another file while baton read it".to_string()
        } else if self.size != now.size {
            format!(
                "changed while baton read it ({} -> {} bytes)",
                crate::base::format::count(self.size),
                crate::base::format::count(now.size)
            )
        } else if self.modified != now.modified {
            "was rewritten while baton read it (same size, new modification time)".to_string()
        } else {
            return None;
        };
        Some(format!("{what}, so none of its rows were used: {AGAIN}"))
    }
}

/// What to do about a file that changed while it was read.
pub const AGAIN: &str = "re-run once the export has finished writing";

/// A fault for the tests to inject, in debug builds only: `BATON_FAULT=after-read:REL:HOW`
/// changes the input file `REL` once, after baton has read it and before it checks the file's
/// stamp again, `HOW` being `append` (a line added), `truncate` (cut to half its size) or
/// `replace` (a copy renamed over it: same size, another inode).
#[cfg(debug_assertions)]
pub fn inject_fault(rel: &str, path: &std::path::Path) {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    static DONE: AtomicBool = AtomicBool::new(false);
    let Ok(fault) = std::env::var("BATON_FAULT") else {
        return;
    };
    let Some((file, how)) = fault
        .strip_prefix("after-read:")
        .and_then(|f| f.rsplit_once(':'))
    else {
        return;
    };
    if file != rel || DONE.swap(true, Ordering::SeqCst) {
        return;
    }
    let done = match how {
        "append" => std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(b"appended,late\n")),
        "truncate" => std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(f.metadata()?.len() / 2)),
        "replace" => {
            let copy = path.with_extension("baton-fault");
            std::fs::copy(path, &copy).and_then(|_| std::fs::rename(&copy, path))
        }
        _ => Ok(()),
    };
    if let Err(e) = done {
        eprintln!("baton: BATON_FAULT: {rel} could not be changed: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_inode_size_or_time_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        let stamp = || FileStamp::of(&std::fs::metadata(&path).unwrap());
        let first = stamp();
        assert_eq!(first.change(&stamp()), None);
        let grown = FileStamp { size: 9, ..first };
        assert!(first.change(&grown).unwrap().contains("(8 -> 9 bytes)"));
        let touched = FileStamp {
            modified: Some(SystemTime::UNIX_EPOCH),
            ..first
        };
        assert!(first.change(&touched).unwrap().contains("rewritten"));
        #[cfg(unix)]
        {
            let other = dir.path().join("b.csv");
            std::fs::write(&other, "a,b\n1,2\n").unwrap();
            std::fs::rename(&other, &path).unwrap();
            let msg = first.change(&stamp()).unwrap();
            assert!(msg.contains("replaced") && msg.contains(AGAIN), "{msg}");
        }
    }
}
