//! Key: the pseudonym key's file in the state folder (`key`, 32 random bytes as hex, mode
//! 0600), read and made through the folder's handle like everything else there: never through a
//! link, and only a file of this user's that no one else can read.

use super::folder::Folder;
use crate::base::error::{Error, Result};
use crate::base::secret::Key;
use rustix::fs::FileType;
use std::io::{Read, Write};
use std::path::Path;

/// The key file's name in the state folder.
pub(crate) const KEY_FILE: &str = "key";

/// Where a new key is written whole before it is renamed into place, so that a run killed half
/// way leaves no short key behind.
const NEW_KEY_FILE: &str = "key.new";

/// The key kept in `state`, made there when there is none yet. Called under the output
/// folder's lock, so only one run makes it.
pub(crate) fn load_or_create(state: &Folder) -> Result<Key> {
    if let Some(key) = read(state)? {
        return Ok(key);
    }
    let (key, hex) = Key::random_with_hex()?;
    let new = Path::new(NEW_KEY_FILE);
    let new_path = state.path().join(new);
    let left = state
        .stat(new)
        .map_err(|e| Error::io(&new_path, "cannot read", e))?;
    if left.is_some() {
        state
            .unlink(new)
            .map_err(|e| Error::io(&new_path, "cannot remove a key file left half made", e))?;
    }
    let mut file = state
        .create(new, 0o600)
        .map_err(|e| Error::io(&new_path, "cannot create the pseudonym key file", e))?;
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&new_path, "cannot write the pseudonym key file", e))?;
    let path = state.path().join(KEY_FILE);
    state
        .rename(new, state, Path::new(KEY_FILE))
        .map_err(|e| Error::io(&path, "cannot put the key file in place", e))?;
    Ok(key)
}

/// The key kept in `state`, if there is one; never makes one. The file must be a regular file
/// (not a link), owned by this user and readable by no one else.
pub(crate) fn read(state: &Folder) -> Result<Option<Key>> {
    let name = Path::new(KEY_FILE);
    let path = state.path().join(name);
    let entry = state
        .stat(name)
        .map_err(|e| refused(&path, &format!("cannot be used ({e})")))?;
    match entry.map(|e| e.kind) {
        None => return Ok(None),
        Some(FileType::RegularFile) => {}
        Some(FileType::Symlink) => {
            return Err(refused(&path, "cannot be used (it is a symbolic link)"));
        }
        Some(_) => return Err(refused(&path, "is not a regular file")),
    }
    let file = state
        .read_file(name)
        .map_err(|e| refused(&path, &format!("cannot be used ({e})")))?;
    // Checked on the open file: what was checked is what is read.
    let meta = file
        .metadata()
        .map_err(|e| Error::io(&path, "cannot read the key file's details", e))?;
    if !meta.is_file() {
        return Err(refused(&path, "is not a regular file"));
    }
    check_private(&path, &meta)?;
    let mut text = String::new();
    file.take(4096)
        .read_to_string(&mut text)
        .map_err(|e| Error::io(&path, "cannot read the key file", e))?;
    Key::from_hex(&text)
        .map(Some)
        .map_err(|m| refused(&path, &m))
}

/// Refuses a key file that others can read or that another user owns.
fn check_private(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    if meta.mode() & 0o077 != 0 {
        return Err(refused(
            path,
            &format!(
                "can be read or written by others (mode {:o}); run `chmod 600 {}`",
                meta.mode() & 0o777,
                crate::base::excerpt::path(path)
            ),
        ));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(refused(
            path,
            &format!(
                "belongs to user {}, not to the one running baton",
                meta.uid()
            ),
        ));
    }
    Ok(())
}

/// The error for a key file baton will not use, saying what to do.
fn refused(path: &Path, why: &str) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        message: format!(
            "the pseudonym key file {why}. Remove it (the next build makes a new key, and every `P-` id changes), or set pseudonym_key in baton.toml"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn read_key(dir: &Path) -> Result<Option<Key>> {
        read(&Folder::open_path(dir).unwrap())
    }

    fn load_or_create_key(dir: &Path) -> Result<Key> {
        load_or_create(&Folder::open_path(dir).unwrap())
    }

    #[test]
    fn a_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_key(dir.path()).unwrap(), None);
        let made = load_or_create_key(dir.path()).unwrap();
        assert_eq!(load_or_create_key(dir.path()).unwrap(), made);
        assert_eq!(read_key(dir.path()).unwrap(), Some(made));
        let path = dir.path().join(KEY_FILE);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), 64, "32 bytes as hex");
        assert!(!dir.path().join("key.new").exists());
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn unsafe_key_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "ab".repeat(32)).unwrap();
        fs::set_permissions(&elsewhere, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let errors = [
            read_key(dir.path()).unwrap_err(),
            load_or_create_key(dir.path()).unwrap_err(),
        ];
        for e in errors.map(|e| e.to_string()) {
            assert!(
                e.contains("symbolic link") && e.contains("Remove it"),
                "{e}"
            );
        }
        // The file the link points to is left as it was.
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "ab".repeat(32));
        fs::remove_file(&path).unwrap();
        fs::write(&path, "ab".repeat(32)).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_key(dir.path()).unwrap_err().to_string();
        assert!(e.contains("chmod 600") && e.contains("mode 644"), "{e}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(read_key(dir.path()).unwrap().is_some());
        fs::write(&path, "abcd").unwrap();
        let e = read_key(dir.path()).unwrap_err().to_string();
        assert!(e.contains("at least 32") && e.contains("Remove it"), "{e}");
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        let e = read_key(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
    }
}
