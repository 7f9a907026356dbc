//! Errors that end a run, each mapped to a documented exit code.

use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for a data problem: missing or empty input, no month to report, nothing readable.
pub const EXIT_DATA: i32 = 1;
/// Exit code for a usage or configuration error.
pub const EXIT_USAGE: i32 = 2;
/// Exit code when another run holds the output folder's lock.
pub const EXIT_LOCKED: i32 = 3;

/// Everything that can stop a run. Each message names the path and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// `baton.toml` is unreadable or wrong.
    #[error("{}: {message}", crate::base::excerpt::path(path))]
    Config { path: PathBuf, message: String },
    /// The data cannot give the requested report.
    #[error("{0}")]
    Data(String),
    /// A file or folder could not be read or written.
    #[error("{}: {action}: {source}", crate::base::excerpt::path(path))]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// A template failed to parse or render.
    #[error("template error: {0}")]
    Template(String),
    /// Another run is writing the same output folder.
    #[error("{0}")]
    Locked(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Config { .. } | Error::Template(_) => EXIT_USAGE,
            Error::Data(_) | Error::Io { .. } => EXIT_DATA,
            Error::Locked(_) => EXIT_LOCKED,
        }
    }

    /// Wraps an I/O error with the path and what was being done.
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

/// Result with baton's error.
pub type Result<T> = std::result::Result<T, Error>;
