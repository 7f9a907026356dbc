//! PDF: print each month's page with headless Chromium (`baton build --pdf`).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium to use: `BATON_CHROMIUM`, else the first of the usual names on the PATH.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BATON_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Prints `html` to `pdf` with the print stylesheet, no header or footer, no network.
pub fn print(chromium: &Path, html: &Path, pdf: &Path) -> Result<()> {
    let html = html
        .canonicalize()
        .map_err(|e| Error::io(html, "cannot find the page to print", e))?;
    let profile = tempfile::tempdir()
        .map_err(|e| Error::io(Path::new("."), "cannot make a temporary folder", e))?;
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .map_err(|e| Error::io(chromium, "cannot run Chromium", e))?;
    if !out.status.success() || !pdf.is_file() {
        return Err(Error::Data(format!(
            "{}: Chromium could not print it to PDF: {}",
            crate::excerpt::path(&html),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("no message")
        )));
    }
    Ok(())
}

/// The message when `--pdf` is asked for without a Chromium.
pub fn missing() -> Error {
    Error::Usage(
        "--pdf needs Chromium, and none was found: install it (Debian and Ubuntu: `apt-get install chromium`) or set BATON_CHROMIUM to its path, or build without --pdf. Nothing was written."
            .to_string(),
    )
}
