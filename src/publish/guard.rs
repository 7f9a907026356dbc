//! Guard: the checks that make an output folder baton's to write, run before anything is
//! written: a name to publish under, a folder others cannot tamper with, no input inside, and
//! state and report folders that are baton's own (a real folder, this user's, writable by no
//! one else), never a link someone planted.

use super::folder::Folder;
use crate::base::error::{Error, Result};
use rustix::fs::FileType;
use std::ffi::OsString;
use std::path::{Component, Path};

/// The name `OUT` is published under: the last part of `--out`.
pub(crate) fn out_name(out: &Path) -> Result<OsString> {
    match out.components().next_back() {
        Some(Component::Normal(name)) => Ok(name.to_os_string()),
        _ => Err(Error::Usage(format!(
            "--out {}: name a folder (for example --out reports)",
            crate::base::excerpt::path(out)
        ))),
    }
}

/// Whether `name` is one of the folders baton keeps beside a report (`.NAME.baton`,
/// `.NAME.reports`).
fn is_baton_folder(name: &std::ffi::OsStr) -> bool {
    let text = name.to_string_lossy();
    text.starts_with('.') && (text.ends_with(".baton") || text.ends_with(".reports"))
}

/// The report link that baton's folder `folder` (`.NAME.baton` or `.NAME.reports`) belongs to.
fn link_of(folder: &Path) -> std::path::PathBuf {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    let name = name.trim_start_matches('.');
    let name = name
        .strip_suffix(".baton")
        .or_else(|| name.strip_suffix(".reports"))
        .unwrap_or(name);
    folder.parent().unwrap_or(Path::new(".")).join(name)
}

/// Refuses a report folder inside baton's own folders (as `--out "$(readlink -f out)"`
/// names), and a folder anyone may rename things in (world-writable without the sticky bit).
pub(crate) fn check_parent(parent: &Folder, out: &Path) -> Result<()> {
    let real = std::fs::canonicalize(parent.path())
        .map_err(|e| Error::io(parent.path(), "cannot resolve the report's folder", e))?;
    if let Some(inside) = real
        .ancestors()
        .find(|a| a.file_name().is_some_and(is_baton_folder))
    {
        return Err(Error::Usage(format!(
            "--out {}: is inside {}, where baton keeps its report sets and state; name the report link itself instead (--out {})",
            crate::base::excerpt::path(out),
            crate::base::excerpt::path(inside),
            crate::base::excerpt::path(&link_of(inside))
        )));
    }
    let mode = parent
        .itself()
        .map_err(|e| Error::io(parent.path(), "cannot read its mode", e))?
        .mode;
    if mode & 0o002 != 0 && mode & 0o1000 == 0 {
        return Err(Error::Usage(format!(
            "--out {}: its folder {} is writable by everyone and not sticky (mode {mode:04o}), so anyone could replace the report; choose a folder only you (or your group) can write, or one with the sticky bit like /tmp",
            crate::base::excerpt::path(out),
            crate::base::excerpt::path(&real)
        )));
    }
    Ok(())
}

/// Refuses an `--out` that is, or contains, the input folder.
pub(crate) fn check_input(out: &Path, input: &Path) -> Result<()> {
    let Ok(input_real) = std::fs::canonicalize(input) else {
        return Ok(());
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut outs = Vec::new();
    if let (Ok(p), Some(name)) = (std::fs::canonicalize(parent), out.file_name()) {
        outs.push(p.join(name));
    }
    if let Ok(real) = std::fs::canonicalize(out) {
        outs.push(real);
    }
    if outs.iter().any(|o| input_real.starts_with(o)) {
        return Err(Error::Usage(format!(
            "--out {}: holds the input folder {}; baton replaces --out with the report, so it must be a folder of its own (for example --out {})",
            crate::base::excerpt::path(out),
            crate::base::excerpt::path(input),
            crate::base::excerpt::path(&parent.join("reports"))
        )));
    }
    Ok(())
}

/// Opens the folder `name` in `parent` that baton keeps for itself, making it with `mode` when
/// it is not there; one that is there must be a real folder (not a link), this user's, and not
/// writable by group or others. `mode` is set on it when `set_mode`.
pub(crate) fn own_folder(parent: &Folder, name: &str, mode: u32, set_mode: bool) -> Result<Folder> {
    let path = parent.path().join(name);
    let io = |action: &'static str| {
        let path = path.clone();
        move |e| Error::io(&path, action, e)
    };
    let found = parent.stat(Path::new(name)).map_err(io("cannot read it"))?;
    let Some(entry) = found else {
        return match parent.make(Path::new(name), mode) {
            Ok(f) => Ok(f),
            // Made by someone else since: checked below like any other.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                own_folder(parent, name, mode, set_mode)
            }
            Err(e) => Err(Error::io(
                &path,
                "cannot create it (can you write to the report's folder?)",
                e,
            )),
        };
    };
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "{}: {why}; baton keeps its state and report sets only in a folder of its own, and will not use this one. Check what it is, remove it, and run again.",
            crate::base::excerpt::path(&path)
        )))
    };
    match entry.kind {
        FileType::Directory => {}
        FileType::Symlink => {
            return refuse(
                "is a symbolic link, not a folder (someone may be trying to redirect what baton writes or removes)".into(),
            );
        }
        _ => return refuse("is not a folder".into()),
    }
    let folder = parent.open(Path::new(name)).map_err(io("cannot open it"))?;
    // Checked on the open handle: what was checked is what is used.
    let me = rustix::process::geteuid().as_raw();
    let itself = folder.itself().map_err(io("cannot read it"))?;
    if itself.kind != FileType::Directory {
        return refuse("is not a folder".into());
    }
    if itself.uid != me {
        return refuse(format!(
            "belongs to user {}, not to this user ({me})",
            itself.uid
        ));
    }
    if itself.mode & 0o022 != 0 {
        return refuse(format!(
            "others can write into it (mode {:04o})",
            itself.mode
        ));
    }
    if set_mode && itself.mode != mode {
        folder
            .chmod_itself(mode)
            .map_err(io("cannot set its mode"))?;
    }
    Ok(folder)
}
