//! The `baton` command line: parse arguments, run the pipeline, report, exit with a documented code.

use baton::datetime::Month;
use baton::error::{EXIT_DATA, EXIT_OK, EXIT_USAGE};
use baton::{BuildOptions, MonthChoice};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Monthly sales-and-marketing alignment reports from a folder of CSV exports.
///
/// Exit codes: 0 success; 1 a data problem (missing or empty input, no data for the month);
/// 2 a usage or configuration error.
#[derive(Parser, Debug)]
#[command(name = "baton", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read the exports and write the reports (the default command).
    Build(BuildArgs),
}

#[derive(clap::Args, Debug, Default)]
struct BuildArgs {
    /// Folder with the CSV exports, searched recursively.
    #[arg(long, short, default_value = "sample-data")]
    input: PathBuf,
    /// Folder to write the reports into.
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Which month to write: YYYY-MM, `all`, or `last` (the last complete month before today).
    #[arg(long, short, default_value = "all", value_parser = parse_month)]
    month: MonthChoice,
    /// Config file [default: INPUT/baton.toml when it exists].
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Time zone for timestamps without an offset and for month buckets (IANA name, e.g.
    /// Europe/Paris); overrides the config's `timezone`.
    #[arg(long)]
    tz: Option<String>,
    /// Take this date as today (YYYY-MM-DD), for `--month last`; SOURCE_DATE_EPOCH works too.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Folder of templates that replace the built-in ones file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Print nothing on success, only problems.
    #[arg(long, short)]
    quiet: bool,
    /// Also list every file and what became of its rows.
    #[arg(long, short)]
    verbose: bool,
}

fn parse_month(s: &str) -> Result<MonthChoice, String> {
    match s {
        "all" => Ok(MonthChoice::All),
        "last" => Ok(MonthChoice::Last),
        _ => Month::parse(s)
            .map(MonthChoice::One)
            .ok_or_else(|| format!("{s:?} is not YYYY-MM, all or last")),
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date like 2026-11-01"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match cli.command {
        Some(Command::Build(a)) => a,
        None => BuildArgs {
            input: "sample-data".into(),
            out: "out".into(),
            ..BuildArgs::default()
        },
    };
    ExitCode::from(run_build(args) as u8)
}

fn run_build(a: BuildArgs) -> i32 {
    let opts = BuildOptions {
        input: a.input,
        out: a.out.clone(),
        month: a.month,
        config: a.config,
        tz: a.tz,
        today: a.today,
        templates: a.templates,
    };
    match baton::build(&opts) {
        Ok(outcome) => {
            for w in &outcome.warnings {
                eprintln!("baton: warning: {w}");
            }
            for l in &outcome.ledgers {
                if let Some(p) = &l.problem {
                    eprintln!("baton: warning: {}: {p}", l.rel);
                }
                if a.verbose {
                    for r in &l.rejects {
                        eprintln!("baton: rejected: {}:{}: {}", l.rel, r.line, r.reason);
                    }
                }
            }
            let rows: u64 = outcome.ledgers.iter().map(|l| l.rows).sum();
            let dup: u64 = outcome.ledgers.iter().map(|l| l.duplicates).sum();
            let rej: u64 = outcome.ledgers.iter().map(|l| l.rejected).sum();
            if !a.quiet && (a.verbose || std::io::stderr().is_terminal() || rej > 0) {
                eprintln!(
                    "baton: {} files, {rows} rows: {} used, {dup} duplicates, {rej} rejected{}",
                    outcome.ledgers.len(),
                    rows - dup - rej,
                    if rej > 0 && !a.verbose {
                        " (-v lists them)"
                    } else {
                        ""
                    }
                );
                eprintln!(
                    "baton: wrote {} month{} to {}",
                    outcome.months_written.len(),
                    if outcome.months_written.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    a.out.join("index.html").display()
                );
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("baton: error: {e}");
            match e.exit_code() {
                EXIT_USAGE => EXIT_USAGE,
                _ => EXIT_DATA,
            }
        }
    }
}
