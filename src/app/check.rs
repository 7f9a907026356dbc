//! Check: say, file by file, what baton made of the inputs (`baton check`, and `build`'s summary).

use crate::base::excerpt;
use crate::base::format;
use crate::input::formats::suggest;
use crate::model::ledger::FileLedger;
use std::fmt::Write as _;
use std::path::Path;

/// What `baton check` found: the warnings, a description a file, and the closing count.
pub struct Checked {
    pub warnings: Vec<String>,
    pub files: Vec<String>,
    pub summary: String,
    /// The report currency and how it was chosen (`Amounts in EUR: configured.`).
    pub currency: String,
    /// Files unrecognised, unreadable or with rejected rows (`--strict` fails on any).
    pub unclean: usize,
}

/// Reads the inputs as a build would, and says what baton made of each file.
pub fn check(
    input: &Path,
    config: Option<&Path>,
    tz: Option<&str>,
) -> crate::base::error::Result<Checked> {
    let (config, profiles) = crate::app::load_config(config, input, tz)?;
    let today = crate::app::today(config.tz);
    let (funnel, mut warnings) = crate::app::load(input, &config, &profiles, None, today)?;
    warnings.extend(crate::analysis::freshness::warnings(&funnel.ledgers, today));
    let files = funnel.ledgers.iter().map(describe_file).collect();
    let unclean = funnel.ledgers.iter().filter(|l| !is_clean(l)).count();
    let summary = format!(
        "{}: {} read cleanly, {unclean} with problems or rejected rows.",
        format::counted(funnel.ledgers.len() as u64, "file", "files"),
        format::count((funnel.ledgers.len() - unclean) as u64)
    );
    Ok(Checked {
        warnings,
        files,
        summary,
        currency: funnel.currency.statement(),
        unclean,
    })
}

/// Whether `--strict` fails on this file: unrecognised, unreadable, or any row rejected.
pub fn is_clean(l: &FileLedger) -> bool {
    l.entity.is_some() && l.rejected == 0 && l.problem.is_none() || l.source == "ignored"
}

/// The full report of one file, as `baton check` prints it.
pub fn describe_file(l: &FileLedger) -> String {
    let mut s = String::new();
    let rel = excerpt::escape(&l.rel);
    match l.entity {
        Some(e) => {
            let _ = writeln!(s, "{rel}: {} ({})", excerpt::escape(&l.source), e.name());
            let same_email = if l.same_email > 0 {
                format!(
                    ", {} sharing an email with another of this source",
                    format::counted(l.same_email, "record", "records")
                )
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "  rows {}: {} used, {}{same_email}, {} rejected",
                format::count(l.rows),
                format::count(l.used()),
                format::counted(l.duplicates, "duplicate", "duplicates"),
                format::count(l.rejected)
            );
            if let (Some(a), Some(b)) = (l.first_date, l.last_date) {
                let _ = write!(s, "; dates {a} to {b}");
            }
            s.push('\n');
        }
        None => {
            let _ = writeln!(s, "{rel}: {}", excerpt::escape(&l.source));
        }
    }
    if let Some(p) = &l.problem {
        let _ = writeln!(s, "  problem: {}", excerpt::escape(p));
    }
    for w in &l.warnings {
        let _ = writeln!(s, "  warning: {}", excerpt::escape(w));
    }
    for f in &l.facts {
        let _ = writeln!(s, "  note: {}", excerpt::escape(f));
    }
    if l.future > 0 {
        let _ = writeln!(
            s,
            "  note: {} dated after today, left out of the dates above",
            format::counted(l.future, "row", "rows")
        );
    }
    for (kind, n) in &l.skipped {
        let _ = writeln!(s, "  skipped: {}", FileLedger::skipped_phrase(kind, *n));
    }
    for (note, n) in &l.notes {
        let _ = writeln!(s, "  note: {}", excerpt::escape(&format::agree(*n, note)));
    }
    if !l.ignored_columns.is_empty() {
        let _ = writeln!(
            s,
            "  columns not used: {}",
            excerpt::cells(&l.ignored_columns)
        );
    }
    for r in &l.rejects {
        let _ = writeln!(
            s,
            "  rejected: {rel}:{}: {}",
            r.line,
            excerpt::escape(&r.reason)
        );
    }
    // (A file whose problem refuses every row says why once, above.)
    let all_refused = l.problem.is_some() && l.rejects.is_empty();
    if l.rejected > l.rejects.len() as u64 && l.entity.is_some() && !all_refused {
        let _ = writeln!(
            s,
            "  … and {} more rejected rows",
            format::count(l.rejected - l.rejects.len() as u64)
        );
    }
    if l.entity.is_none() && !l.header.is_empty() && l.source == "unrecognised" {
        let _ = writeln!(s, "  header: {}", excerpt::cells(&l.header));
        let _ = writeln!(
            s,
            "  to use it, add this to baton.toml (run `baton init` to start one):"
        );
        for line in suggest::source_block(&l.rel, &l.header).lines() {
            let _ = writeln!(s, "    {line}");
        }
    }
    s
}

/// The short form `build` prints: one line per file with a problem or rejected rows, and one
/// per warning about how a file was read.
pub fn summary_lines(ledgers: &[FileLedger]) -> Vec<String> {
    let mut out = Vec::new();
    for l in ledgers.iter().filter(|l| l.source != "ignored") {
        for w in &l.warnings {
            out.push(format!(
                "{}: {}",
                excerpt::escape(&l.rel),
                excerpt::escape(w)
            ));
        }
        if let Some(p) = &l.problem {
            out.push(format!(
                "{}: {}",
                excerpt::escape(&l.rel),
                excerpt::escape(p)
            ));
        } else if l.rejected > 0 {
            let first = l
                .rejects
                .first()
                .map(|r| format!(" (first: line {}: {})", r.line, excerpt::escape(&r.reason)))
                .unwrap_or_default();
            out.push(format!(
                "{}: {} of {} rejected{first}",
                excerpt::escape(&l.rel),
                format::count(l.rejected),
                format::counted(l.rows, "row", "rows")
            ));
        }
    }
    out
}
