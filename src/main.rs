//! The `baton` command line: parse arguments, run a command, report, exit with a documented code.

use baton::Month;
use baton::{BuildOptions, MonthChoice};
use baton::{EXIT_DATA, EXIT_OK, Error};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Like `eprintln!`, but a closed stderr is not a panic.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

/// Monthly sales-and-marketing alignment reports from a folder of CSV exports.
///
/// Exit codes: 0 success; 1 a data problem (missing or empty input, no data for the month,
/// problems under --strict, stale inputs under --max-age); 2 a usage or configuration error;
/// 3 another run is writing the same output folder.
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
    /// Say, file by file, how baton reads the exports: profile, rows used, duplicate and
    /// rejected, dates, and a [[source]] block to paste for files it does not recognise.
    Check(CheckArgs),
    /// Write a starter baton.toml into the input folder, with a [[source]] block for every file
    /// baton does not recognise.
    Init(InitArgs),
    /// Work with the report templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print, as JSON, the context the month page template receives (for template authors).
    Context(ContextArgs),
    /// Write the joined funnel as a Parquet dataset: leads, opportunities, spend and touches,
    /// one folder per table, partitioned by local month (docs/dataset.md).
    ///
    /// --out must be a new folder, an empty one, or one an earlier `baton normalize` wrote;
    /// anything else is refused (exit 2) and left untouched. The new dataset is written beside
    /// it and swapped in whole. Exit codes: 0 success; 1 a data problem or a write that failed;
    /// 2 a usage or configuration error, an --out that is not baton's to write, or a binary
    /// built without the `parquet` feature (build with `cargo build --release --features
    /// parquet`).
    Normalize(NormalizeArgs),
}

#[derive(clap::Args, Debug)]
struct NormalizeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The dataset folder to write (required).
    #[arg(long, short, value_name = "DATASET")]
    out: Option<PathBuf>,
    /// Take this date as today (YYYY-MM-DD); SOURCE_DATE_EPOCH works too.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Print nothing on success, only errors.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand, Debug)]
enum TemplatesCommand {
    /// Write the built-in templates into DIR for editing; use them with --templates DIR or
    /// templates_dir in baton.toml.
    Export {
        /// Where to write them.
        dir: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args, Debug)]
struct ContextArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The month: YYYY-MM, or `last` (the last complete month before today).
    #[arg(long, short, value_parser = parse_one_month)]
    month: MonthChoice,
    /// Take this date as today (YYYY-MM-DD), for `--month last`; SOURCE_DATE_EPOCH works too.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
}

impl InputArgs {
    /// The exports folder: --input, else sample-data.
    fn folder(&self) -> PathBuf {
        self.input
            .clone()
            .unwrap_or_else(|| PathBuf::from("sample-data"))
    }
}

fn parse_one_month(s: &str) -> Result<MonthChoice, String> {
    match s {
        "last" => Ok(MonthChoice::Last),
        _ => Month::parse(s)
            .map(MonthChoice::One)
            .ok_or_else(|| format!("{s:?} is not a month like 2026-10, or last")),
    }
}

#[derive(clap::Args, Debug, Clone)]
struct InputArgs {
    /// Folder with the CSV exports, searched recursively [default: sample-data]. With
    /// --dataset, only the folder whose baton.toml applies.
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Config file [default: INPUT/baton.toml when it exists].
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Time zone for timestamps without an offset and for month buckets (IANA name, e.g.
    /// Europe/Paris); overrides the config's `timezone`.
    #[arg(long)]
    tz: Option<String>,
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Folder to write the reports into.
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Which month to write: YYYY-MM, `all`, or `last` (the last complete month before today).
    #[arg(long, short, default_value = "all", value_parser = parse_month)]
    month: MonthChoice,
    /// Take this date as today (YYYY-MM-DD), for `--month last`; SOURCE_DATE_EPOCH works too.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Folder of templates that replace the built-in ones file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Also print each month's page to YYYY-MM/report.pdf with headless Chromium.
    #[arg(long)]
    pdf: bool,
    /// Fail (exit 1, report untouched) when the newest row of the inputs is older than DAYS.
    #[arg(long, value_name = "DAYS")]
    max_age: Option<i64>,
    /// Fail (exit 1, report untouched) when any file is unrecognised or any row rejected.
    #[arg(long)]
    strict: bool,
    /// Use an --out folder that baton did not create: what is there is moved aside to
    /// OUT.before-baton-SECONDS, never deleted.
    #[arg(long)]
    force: bool,
    /// Where the figures are computed: `memory` (the exports in --input, the default),
    /// `datafusion` (the dataset `baton normalize` wrote, given with --dataset, in this process;
    /// a binary built with `--features datafusion`), `ballista://HOST:PORT` (that dataset on
    /// a Ballista cluster; `--features ballista`) or `sc://HOST:PORT` (on a Spark Connect
    /// server; `--features spark`). The figures are the same; see docs/dataset.md.
    #[arg(long, value_name = "ENGINE", default_value = "memory")]
    engine: String,
    /// The dataset folder `baton normalize` wrote, for --engine; with `datafusion` also its URL
    /// in object storage (s3://, gs://, az://; docs/dataset.md). No export is read: the time
    /// zone, currency and input ledgers are the dataset's.
    #[arg(long, value_name = "DATASET")]
    dataset: Option<PathBuf>,
    /// Print nothing on success, only errors.
    #[arg(long, short)]
    quiet: bool,
    /// Also list every rejected row.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Exit with code 1 when any file is unrecognised or unreadable, or any row is rejected.
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args, Debug)]
struct InitArgs {
    /// Folder with the CSV exports; baton.toml is written there.
    #[arg(long, short, default_value = "sample-data")]
    input: PathBuf,
    /// Replace an existing baton.toml.
    #[arg(long)]
    force: bool,
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

/// Keeps glibc from holding on to large freed blocks, and from giving back small ones too soon.
/// Its default threshold for giving a large block its own mapping rises to 32 MiB once such a
/// block is freed, after which the big buffers a build frees (the pieces of a large file,
/// merged as they come) stay in its heap: about 45 MB of peak memory at 1M leads
/// (docs/performance.md). A fixed 1 MiB threshold returns them. The blocks below it (each
/// piece's read buffer and small vectors) come and go with every piece: an 8 MiB pad when a
/// heap grows keeps them from being handed back and faulted in again each time (a fifth fewer
/// page faults at 1M, for about 1.5 MiB more at the peak).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TOP_PAD, 8 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Build(a)) => run_build(a),
        Some(Command::Check(a)) => run_check(a),
        Some(Command::Init(a)) => run_init(a),
        Some(Command::Templates(TemplatesCommand::Export { dir, force })) => {
            match baton::export_templates(&dir, force) {
                Ok(n) => {
                    say!(
                        "baton: wrote {} to {}",
                        baton::parts::counted(n as u64, "template", "templates"),
                        baton::excerpt::path(&dir)
                    );
                    EXIT_OK
                }
                Err(e) => fail(e),
            }
        }
        Some(Command::Normalize(a)) => run_normalize(a),
        Some(Command::Context(a)) => {
            let opts = BuildOptions {
                input: a.input.folder(),
                out: PathBuf::from("out"),
                month: a.month,
                config: a.input.config,
                tz: a.input.tz,
                today: a.today,
                templates: None,
                pdf: false,
                max_age: None,
                strict: false,
                force: false,
                source: baton::Source::Exports,
            };
            match baton::context(&opts) {
                Ok(json) => {
                    emit(&json);
                    EXIT_OK
                }
                Err(e) => fail(e),
            }
        }
        None => run_build(BuildArgs::parse_from(["baton"])),
    };
    ExitCode::from(code as u8)
}

impl BuildArgs {
    fn parse_from(args: [&str; 1]) -> BuildArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            build: BuildArgs,
        }
        Only::parse_from(args).build
    }
}

/// Writes a line to stdout; a closed pipe (`baton check | head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn fail(e: Error) -> i32 {
    say!("baton: error: {e}");
    e.exit_code()
}

/// Where `build` takes its figures from, as --engine and --dataset say.
fn source(a: &BuildArgs) -> Result<(baton::Source, PathBuf), Error> {
    match (a.engine.as_str(), &a.dataset) {
        ("memory", None) => Ok((baton::Source::Exports, a.input.folder())),
        ("memory", Some(_)) => Err(Error::Usage(
            "--dataset is read by a SQL engine: add --engine datafusion, or leave out --dataset to read the exports".into(),
        )),
        (engine, None) => Err(Error::Usage(format!(
            "--engine {engine} reads a dataset: name the one `baton normalize` wrote with --dataset DATASET"
        ))),
        (_, Some(_)) if a.input.tz.is_some() => Err(Error::Usage(
            "--tz does not apply to --dataset: its months are in the zone it was written in; write it again with `baton normalize --tz ZONE`".into(),
        )),
        (engine, Some(path)) => Ok((
            baton::Source::Dataset {
                engine: engine.to_string(),
                path: path.clone(),
            },
            // Only where baton.toml is looked for: no export is read.
            a.input.input.clone().unwrap_or_else(|| path.clone()),
        )),
    }
}

fn run_build(a: BuildArgs) -> i32 {
    let (source, input) = match source(&a) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let opts = BuildOptions {
        source,
        input,
        out: a.out.clone(),
        month: a.month,
        config: a.input.config,
        tz: a.input.tz,
        today: a.today,
        templates: a.templates,
        pdf: a.pdf,
        max_age: a.max_age,
        strict: a.strict,
        force: a.force,
    };
    // A spinner naming the step, only on a terminal and never with --quiet.
    let spinner = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.enable_steady_tick(std::time::Duration::from_millis(120));
        s
    });
    let progress = |step: &str| {
        if let Some(s) = &spinner {
            s.set_message(step.to_string());
        }
    };
    let result = baton::build_with_progress(&opts, &progress);
    if let Some(s) = &spinner {
        s.finish_and_clear();
    }
    let outcome = match result {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if a.quiet {
        return EXIT_OK;
    }
    warn(&outcome.warnings, baton::summary_lines(&outcome.ledgers));
    if a.verbose {
        for l in &outcome.ledgers {
            for r in &l.rejects {
                say!(
                    "baton: rejected: {}:{}: {}",
                    baton::excerpt::escape(&l.rel),
                    r.line,
                    baton::excerpt::escape(&r.reason)
                );
            }
        }
    }
    if a.verbose || std::io::stderr().is_terminal() {
        let rows: u64 = outcome.ledgers.iter().map(|l| l.rows).sum();
        let dup: u64 = outcome.ledgers.iter().map(|l| l.duplicates).sum();
        let rej: u64 = outcome.ledgers.iter().map(|l| l.rejected).sum();
        let counted = baton::parts::counted;
        say!(
            "baton: {}, {}: {} used, {}, {} rejected",
            counted(outcome.ledgers.len() as u64, "file", "files"),
            counted(rows, "row", "rows"),
            baton::parts::count(rows - dup - rej),
            counted(dup, "duplicate", "duplicates"),
            baton::parts::count(rej)
        );
        say!(
            "baton: wrote {} to {}",
            counted(outcome.months_written.len() as u64, "month", "months"),
            baton::excerpt::path(&a.out.join("index.html"))
        );
    }
    EXIT_OK
}

/// The run's warnings, then a line for each file with rows left out (build and normalize alike).
fn warn(warnings: &[String], left_out: Vec<String>) {
    for w in warnings {
        say!("baton: warning: {w}");
    }
    for line in left_out {
        say!("baton: warning: {line}");
    }
}

fn run_normalize(a: NormalizeArgs) -> i32 {
    let opts = baton::NormalizeOptions {
        input: a.input.folder(),
        out: a.out,
        config: a.input.config,
        tz: a.input.tz,
        today: a.today,
    };
    let outcome = match baton::normalize(&opts) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if a.quiet {
        return EXIT_OK;
    }
    warn(&outcome.warnings, baton::summary_lines(&outcome.ledgers));
    if std::io::stderr().is_terminal() {
        let counted = baton::parts::counted;
        let tables: Vec<String> = outcome
            .tables
            .iter()
            .map(|(name, rows)| format!("{name} {}", baton::parts::count(*rows)))
            .collect();
        say!(
            "baton: wrote {} ({} bytes: {}) to {}",
            counted(outcome.files, "file", "files"),
            baton::parts::count(outcome.bytes),
            tables.join(", "),
            baton::excerpt::path(opts.out.as_deref().unwrap_or(std::path::Path::new("")))
        );
    }
    EXIT_OK
}

fn run_check(a: CheckArgs) -> i32 {
    let checked = match baton::check(
        &a.input.folder(),
        a.input.config.as_deref(),
        a.input.tz.as_deref(),
    ) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    for w in &checked.warnings {
        say!("baton: warning: {w}");
    }
    for f in &checked.files {
        emit(f);
    }
    emit(&checked.currency);
    emit(&checked.summary);
    if a.strict && checked.unclean > 0 {
        EXIT_DATA
    } else {
        EXIT_OK
    }
}

fn run_init(a: InitArgs) -> i32 {
    match baton::init(&a.input, a.force) {
        Ok(path) => {
            say!(
                "baton: wrote {}; edit it, then run `baton check --input {}`",
                baton::excerpt::path(&path),
                baton::excerpt::path(&a.input)
            );
            EXIT_OK
        }
        Err(e) => fail(e),
    }
}
