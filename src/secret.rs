//! Secret: the pseudonym key, without which a person's `P-` id cannot be worked back to the
//! lead id. Set in `baton.toml` (`pseudonym_key`), or made once (32 random bytes) and kept in
//! the output folder's state folder as `key`, readable by its owner only.

use crate::error::{Error, Result};
use siphasher::sip::SipHasher24;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The key file's name in the state folder.
pub const KEY_FILE: &str = "key";

/// The fewest hex digits a key may have: 128 bits.
pub const MIN_HEX_DIGITS: usize = 32;

/// The bytes a new key has.
const NEW_KEY_BYTES: usize = 32;

/// A pseudonym key: SipHash-2-4's 128-bit key, made from the key's bytes (a longer key's bytes
/// folded in by XOR, 16 at a time). Its value is never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    sip: [u8; 16],
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(hidden)")
    }
}

impl Key {
    /// The key of `bytes` (16 or more).
    fn of_bytes(bytes: &[u8]) -> Key {
        let mut sip = [0u8; 16];
        for (i, b) in bytes.iter().enumerate() {
            sip[i % 16] ^= b;
        }
        Key { sip }
    }

    /// The key written as `hex`: at least 32 hex digits (white space around them is ignored).
    pub fn from_hex(hex: &str) -> std::result::Result<Key, String> {
        let hex = hex.trim();
        let digits = hex.len();
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) || !digits.is_multiple_of(2) {
            return Err(format!(
                "the key must be hex digits (0-9, a-f), an even number of them; {digits} characters given, and the key's value is not shown"
            ));
        }
        if digits < MIN_HEX_DIGITS {
            return Err(format!(
                "the key has {digits} hex digits; it needs at least {MIN_HEX_DIGITS} (128 bits). Make one with `head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'`"
            ));
        }
        let bytes: Vec<u8> = (0..digits)
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
            .collect();
        Ok(Key::of_bytes(&bytes))
    }

    /// A new key of 32 random bytes from the operating system, and its hex text.
    fn random_with_hex() -> Result<(Key, String)> {
        let mut bytes = [0u8; NEW_KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| {
            Error::Data(format!(
                "cannot get random bytes from the operating system for the pseudonym key: {e}"
            ))
        })?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok((Key::of_bytes(&bytes), hex))
    }

    /// A new random key, for a run whose pseudonyms no one will see again.
    pub fn random() -> Result<Key> {
        Ok(Key::random_with_hex()?.0)
    }

    /// The 64-bit code of `lead_id`: its keyed SipHash-2-4.
    #[inline]
    pub fn code(&self, lead_id: &str) -> u64 {
        SipHasher24::new_with_key(&self.sip).hash(lead_id.as_bytes())
    }
}

/// The key kept in `state_dir`, made there (32 random bytes, mode 0600) when there is none yet.
/// Called under the output folder's lock (`publish::Output::lock`), so only one run makes it.
pub fn load_or_create_key(state_dir: &Path) -> Result<Key> {
    if let Some(key) = read_key(state_dir)? {
        return Ok(key);
    }
    let path = state_dir.join(KEY_FILE);
    let (key, hex) = Key::random_with_hex()?;
    // Written whole beside it, then renamed into place: a run killed half way leaves no short
    // key behind.
    let new = state_dir.join(format!("{KEY_FILE}.new"));
    match fs::remove_file(&new) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Error::io(
                &new,
                "cannot remove a key file left half made",
                e,
            ));
        }
    }
    let mut file = create_private(&new)
        .map_err(|e| Error::io(&new, "cannot create the pseudonym key file", e))?;
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&new, "cannot write the pseudonym key file", e))?;
    fs::rename(&new, &path).map_err(|e| Error::io(&path, "cannot put the key file in place", e))?;
    Ok(key)
}

/// The key kept in `state_dir`, if there is one; never makes one. The file must be a regular
/// file (not a link), owned by this user and readable by no one else.
pub fn read_key(state_dir: &Path) -> Result<Option<Key>> {
    let path = state_dir.join(KEY_FILE);
    let file = match open_private(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(refused(&path, &format!("cannot be used ({e})"))),
    };
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

/// The error for a key file baton will not use, saying what to do.
fn refused(path: &Path, why: &str) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        message: format!(
            "the pseudonym key file {why}. Remove it (the next build makes a new key, and every `P-` id changes), or set pseudonym_key in baton.toml"
        ),
    }
}

/// The state folder `publish::Output::lock` keeps beside `out` (`.OUT.baton`), for reading its
/// key without locking it.
pub fn state_dir_of(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.join(format!(".{name}.baton")))
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn no_follow() -> i32 {
    libc::O_NOFOLLOW | libc::O_NONBLOCK
}

/// Elsewhere the key file is not opened through a link by a check just before (the state
/// folder is the user's own, so the gap matters little).
#[cfg(all(unix, not(all(target_os = "linux", target_env = "gnu"))))]
fn no_follow() -> i32 {
    0
}

/// Opens `path` for reading, refusing a symbolic link.
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(no_follow());
    }
    let kind = fs::symlink_metadata(path)?.file_type();
    if kind.is_symlink() {
        return Err(std::io::Error::other("it is a symbolic link"));
    }
    if !kind.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    options.open(path)
}

/// Creates `path`, which must not exist (not even as a link), readable and writable by its
/// owner only.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(no_follow());
    }
    options.open(path)
}

/// Refuses a key file that others can read or that another user owns.
#[cfg(unix)]
fn check_private(path: &Path, meta: &fs::Metadata) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    if meta.mode() & 0o077 != 0 {
        return Err(refused(
            path,
            &format!(
                "can be read or written by others (mode {:o}); run `chmod 600 {}`",
                meta.mode() & 0o777,
                path.display()
            ),
        ));
    }
    if let Some(me) = current_uid()
        && meta.uid() != me
    {
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

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &fs::Metadata) -> Result<()> {
    Ok(())
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn current_uid() -> Option<u32> {
    // SAFETY: geteuid takes nothing, cannot fail and touches no memory of ours.
    Some(unsafe { libc::geteuid() })
}

#[cfg(all(unix, not(all(target_os = "linux", target_env = "gnu"))))]
fn current_uid() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hex_of_128_bits_or_more() {
        let k = Key::from_hex(&"ab".repeat(16)).unwrap();
        assert_eq!(
            k,
            Key::from_hex(&format!(" {} \n", "AB".repeat(16))).unwrap()
        );
        assert!(
            Key::from_hex(&"ab".repeat(15))
                .unwrap_err()
                .contains("at least 32")
        );
        assert!(Key::from_hex(&"zz".repeat(16)).is_err());
        assert!(Key::from_hex(&"a".repeat(33)).is_err());
        // A longer key's bytes all count.
        let long = |last: &str| Key::from_hex(&format!("{}{last}", "00".repeat(31))).unwrap();
        assert_ne!(long("01"), long("02"));
        assert_eq!(format!("{k:?}"), "Key(hidden)");
    }

    #[test]
    fn codes_are_keyed_siphash() {
        let k = Key::from_hex("000102030405060708090a0b0c0d0e0f").unwrap();
        // SipHash-2-4 of the empty message under the key 00..0f: the paper's first test vector.
        assert_eq!(k.code(""), 0x726f_db47_dd0e_0e31);
        let other = Key::from_hex(&"11".repeat(16)).unwrap();
        assert_ne!(k.code("00Q1"), other.code("00Q1"));
        assert_eq!(k.code("00Q1"), k.code("00Q1"));
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
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

    #[test]
    fn the_state_folder_is_where_publishing_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report");
        let output = crate::publish::Output::open(&crate::publish::Target {
            out: &out,
            input: dir.path(),
            force: false,
        })
        .unwrap();
        assert_eq!(state_dir_of(&out).as_deref(), Some(output.state_dir()));
    }
}
