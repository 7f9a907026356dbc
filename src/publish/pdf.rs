//! PDF: print each month's page with headless Chromium (`baton build --pdf`).

use crate::base::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

/// How long Chromium may take to print one page, unless `BATON_PDF_TIMEOUT_SECS` says
/// otherwise: two minutes (a page prints in a few seconds).
pub const PDF_TIMEOUT_SECS: f64 = 120.0;

/// The time Chromium may take per page: `BATON_PDF_TIMEOUT_SECS` (seconds, fractions allowed)
/// when set to a positive number, else `PDF_TIMEOUT_SECS`.
fn pdf_timeout() -> Duration {
    let secs = std::env::var("BATON_PDF_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(PDF_TIMEOUT_SECS);
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
}

/// Prints `html` to `pdf` with the print stylesheet, whose `@page` footer numbers the pages
/// ("Page 2 of 9"); Chromium's own header and footer (date, file path) are off; no network. A
/// Chromium that has not finished within `pdf_timeout()` is killed, with the processes it
/// started.
pub fn print(chromium: &Path, html: &Path, pdf: &Path) -> Result<()> {
    let html = html
        .canonicalize()
        .map_err(|e| Error::io(html, "cannot find the page to print", e))?;
    let profile = tempfile::tempdir()
        .map_err(|e| Error::io(Path::new("."), "cannot make a temporary folder", e))?;
    let mut command = Command::new(chromium);
    command
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
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // Its own process group, so that a timeout ends the helpers it starts too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|e| Error::io(chromium, "cannot run Chromium", e))?;
    // Its messages are read on another thread as they come, so that a full pipe never stalls it.
    let text = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (ended, end) = std::sync::mpsc::channel::<()>();
    if let Some(mut err) = child.stderr.take() {
        let text = text.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                if let Ok(mut t) = text.lock() {
                    t.extend_from_slice(&buf[..n]);
                }
            }
            drop(ended);
        });
    }
    let limit = pdf_timeout();
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                stop(&mut child);
                return Err(Error::Usage(format!(
                    "{}: Chromium did not finish printing it to PDF within {} s, so it was stopped; the previous report was left as it was. Try again, or build without --pdf",
                    html.display(),
                    crate::base::format::decimal(limit.as_secs_f64())
                )));
            }
            Err(e) => {
                stop(&mut child);
                return Err(Error::io(chromium, "cannot wait for Chromium", e));
            }
        }
    };
    if !status.success() || !pdf.is_file() {
        // A helper it left running may hold the pipe open: the end of its messages is waited
        // for briefly.
        let _ = end.recv_timeout(Duration::from_secs(2));
        let text = text.lock().map(|t| t.clone()).unwrap_or_default();
        return Err(Error::Data(format!(
            "{}: Chromium could not print it to PDF: {}",
            crate::base::excerpt::path(&html),
            String::from_utf8_lossy(&text)
                .lines()
                .last()
                .unwrap_or("no message")
        )));
    }
    Ok(())
}

/// Kills a Chromium and the processes of its group, and reaps it.
fn stop(child: &mut Child) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if let Ok(group) = i32::try_from(child.id()) {
        // SAFETY: killpg only sends a signal, to the group `process_group(0)` made for it.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The message when `--pdf` is asked for without a Chromium.
pub fn missing() -> Error {
    Error::Usage(
        "--pdf needs Chromium, and none was found: install it (Debian and Ubuntu: `apt-get install chromium`) or set BATON_CHROMIUM to its path, or build without --pdf. Nothing was written."
            .to_string(),
    )
}
