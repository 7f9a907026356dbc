//! App: the commands (build, check, init, context, normalize) that run the pipeline stages in order.

pub(crate) mod canonical;
pub(crate) mod check;

use crate::analysis::{freshness, measure, metrics};
use crate::base::{datetime, error, excerpt, format, secret, timing};
use crate::config;
use crate::funnel::{assemble, join};
use crate::input::formats::set::ProfileSet;
use crate::input::formats::{custom, suggest};
use crate::input::{discover, normalize, read};
use crate::model::{channel, ledger};
use crate::publish::{self, pdf};
use crate::report::{context as page_context, json, render, tables};

use chrono::NaiveDate;
use datetime::Month;
use error::{Error, Result};
use std::path::PathBuf;

/// Which months a build writes pages for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MonthChoice {
    #[default]
    All,
    /// The last complete calendar month before today.
    Last,
    One(Month),
}

/// Everything `baton build` is told.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub input: PathBuf,
    pub out: PathBuf,
    pub month: MonthChoice,
    pub config: Option<PathBuf>,
    pub tz: Option<String>,
    /// "Today", for `--month last` and for marking the month in progress. `None`: the clock.
    pub today: Option<NaiveDate>,
    pub templates: Option<PathBuf>,
    /// Also print each month's page to `report.pdf` with Chromium.
    pub pdf: bool,
    /// Fail (exit 1, report left as it was) when the newest row is older than this many days.
    pub max_age: Option<i64>,
    /// Fail (exit 1, report left as it was) when a file is unrecognised or a row rejected.
    pub strict: bool,
    /// Adopt an `--out` baton did not make, moving what is there aside (never deleting it).
    pub force: bool,
    /// Where the figures come from: the exports in `input` (the default) or a dataset.
    pub source: Source,
}

/// Where a build's figures come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The exports in `input`, read and computed in memory (`--engine memory`, the default).
    #[default]
    Exports,
    /// A dataset `baton normalize` wrote, computed by the SQL engine `engine` (`--engine
    /// datafusion --dataset DATASET`; feature `datafusion`).
    Dataset { engine: String, path: PathBuf },
}

/// What a build did, for the summary on stderr.
#[derive(Debug)]
pub struct BuildOutcome {
    pub ledgers: Vec<ledger::FileLedger>,
    pub warnings: Vec<String>,
    pub months_written: Vec<Month>,
    pub files_written: Vec<PathBuf>,
}

/// Loads the configuration (`Config::load`) and turns its `[[source]]` blocks and `ignore` list
/// into the profiles the run tries on each file.
pub fn load_config(
    explicit: Option<&std::path::Path>,
    input: &std::path::Path,
    tz_override: Option<&str>,
) -> Result<(config::Config, ProfileSet)> {
    let config = config::Config::load(explicit, input, tz_override)?;
    let profiles =
        custom::profile_set(&config.source, &config.ignore).map_err(|message| Error::Config {
            path: config.path.clone().unwrap_or_else(|| PathBuf::from("--tz")),
            message,
        })?;
    Ok((config, profiles))
}

/// Reads and joins the inputs: the pipeline up to the funnel, shared by `build` and `check`.
/// Rows dated after `today` are counted apart in their files' ledgers.
pub fn load(
    input: &std::path::Path,
    config: &config::Config,
    profiles: &ProfileSet,
    exclude: Option<&std::path::Path>,
    today: NaiveDate,
) -> Result<(join::Funnel, Vec<String>)> {
    timing::start();
    let lap = timing::lap;
    let found = discover::find_csv_files(input, exclude)?;
    let mut ctx = normalize::RowContext::new(config.tz, channel::ChannelMap::new(&config.channels))
        .as_of(today);
    ctx.show_people = config.analytics.show_people;
    let (batches, id_rows) = read::read_files(&found.files, profiles, &ctx);
    lap("read");
    let data = assemble::assemble(batches, id_rows, config);
    lap("assemble");
    // A run that keeps no key (check, init) lists no one: its pseudonyms need no key past it.
    let run_key;
    let key = match &config.pseudonym_key {
        Some(key) => key,
        None => {
            run_key = secret::Key::random()?;
            &run_key
        }
    };
    let funnel = join::join(data, config, key);
    lap("join");
    let mut warnings = found.warnings;
    warnings.extend(funnel.currency.left_out_line());
    Ok((funnel, warnings))
}

/// Runs the whole pipeline.
pub fn build(opts: &BuildOptions) -> Result<BuildOutcome> {
    build_with_progress(opts, &|_| {})
}

/// Runs the whole pipeline, naming each step to `progress` as it starts.
pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Fn(&str)) -> Result<BuildOutcome> {
    progress(match opts.source {
        Source::Exports => "reading the exports",
        Source::Dataset { .. } => "reading the dataset",
    });
    let (mut config, profiles) =
        load_config(opts.config.as_deref(), &opts.input, opts.tz.as_deref())?;
    let tera = render::load_templates(
        opts.templates
            .as_deref()
            .or(config.templates_dir.as_deref()),
    )?;
    let chromium = if opts.pdf {
        Some(pdf::find_chromium().ok_or_else(pdf::missing)?)
    } else {
        None
    };
    // The report may not go inside what it is made from.
    let from = match &opts.source {
        Source::Exports => &opts.input,
        Source::Dataset { path, .. } => path,
    };
    let output = publish::Output::open(&publish::Destination {
        out: &opts.out,
        input: from,
        force: opts.force,
    })?;
    let (metrics, ledgers, today, mut warnings) = match &opts.source {
        Source::Exports => {
            if config.pseudonym_key.is_none() {
                config.pseudonym_key = Some(output.pseudonym_key()?);
            }
            let today = opts.today.unwrap_or_else(|| today(config.tz));
            let (metrics, ledgers, warnings) =
                from_exports(opts, &config, &profiles, today, progress)?;
            (metrics, ledgers, today, warnings)
        }
        Source::Dataset { engine, path } => {
            progress("computing the metrics");
            // The gate runs on the dataset's ledgers before any query.
            let check = |ledgers: &[ledger::FileLedger], tz| {
                gate(ledgers, opts, opts.today.unwrap_or_else(|| today(tz)))
            };
            let computed = from_dataset(engine, path, &mut config, &check)?;
            let today = opts.today.unwrap_or_else(|| today(config.tz));
            // The one warning of the reading that the dataset's summary can repeat.
            let warnings = computed
                .metrics
                .currency
                .left_out_line()
                .into_iter()
                .collect();
            (computed.metrics, computed.ledgers, today, warnings)
        }
    };
    warnings.extend(freshness::warnings(&ledgers, today));
    let site = site(&config, &metrics.currency.code.to_string());
    let lap = timing::lap;
    let months = select_months(&metrics, opts.month, true, today, &ledgers)?;
    // A one-month run keeps the other months of the current report; a full build publishes
    // exactly the months the data has. Pages link only to what the published report holds.
    let keep_others = opts.month != MonthChoice::All;
    let kept = if keep_others {
        output.published()?
    } else {
        Vec::new()
    };
    let current = Month::of(today);
    let built: Vec<Month> = metrics
        .months
        .iter()
        .map(|m| m.period)
        .filter(|p| months.contains(p) || kept.contains(&format!("{p}/index.html")))
        .collect();
    // out/latest/ is a stable address for the newest complete month built; a run that renders
    // an older month leaves it as it is.
    let latest = built
        .iter()
        .rev()
        .find(|p| **p < current)
        .filter(|p| months.contains(p))
        .copied();
    let selection = render::Selection {
        months: &months,
        built: &built,
        latest: latest.is_some() || kept.iter().any(|f| f == "latest/index.html"),
        current,
        today,
    };
    progress("rendering the pages");
    // The pages, and beside them each month's CSV tables and metrics.json, on every core.
    let (pages, more) = rayon::join(
        || render::render(&tera, &site, &metrics, &ledgers, &selection),
        || month_files(&metrics, &months, &ledgers),
    );
    let mut pages = pages?;
    pages.extend(more);
    if let Some(latest) = latest {
        let prefix = format!("{latest}/");
        let copies: Vec<render::OutputFile> = pages
            .iter()
            .filter_map(|p| {
                p.rel.strip_prefix(&prefix).map(|rest| render::OutputFile {
                    rel: format!("latest/{rest}"),
                    body: p.body.clone(),
                })
            })
            .collect();
        pages.extend(copies);
    }
    lap("rendering");
    progress("writing the report");
    let mut files_written: Vec<PathBuf> = pages.iter().map(|p| opts.out.join(&p.rel)).collect();
    let pdfs: Vec<String> = if chromium.is_some() {
        months.iter().map(|m| format!("{m}/report.pdf")).collect()
    } else {
        Vec::new()
    };
    files_written.extend(pdfs.iter().map(|p| opts.out.join(p)));
    let publish_warnings = output.publish(&pages, &pdfs, keep_others, |set| {
        if let Some(chromium) = &chromium {
            for m in &months {
                let dir = set.join(m.to_string());
                pdf::print(chromium, &dir.join("index.html"), &dir.join("report.pdf"))?;
            }
        }
        Ok(())
    })?;
    warnings.extend(publish_warnings);
    lap("writing and publishing");
    Ok(BuildOutcome {
        ledgers,
        warnings,
        months_written: months,
        files_written,
    })
}

/// Reads and joins the exports and computes every month's metrics in memory; the freshness gate
/// and `--strict` are checked before the metrics. Returns the metrics, the inputs' ledgers and
/// the warnings so far.
fn from_exports(
    opts: &BuildOptions,
    config: &config::Config,
    profiles: &ProfileSet,
    today: NaiveDate,
    progress: &dyn Fn(&str),
) -> Result<(metrics::Metrics, Vec<ledger::FileLedger>, Vec<String>)> {
    let (funnel, warnings) = load(&opts.input, config, profiles, Some(&opts.out), today)?;
    gate(&funnel.ledgers, opts, today)?;
    progress("computing the metrics");
    let metrics = measure::measure(&funnel, config);
    timing::lap("metrics and analytics");
    // The records are not needed past here: their memory goes back, on another thread, while
    // the pages are made.
    let mut funnel = funnel;
    let ledgers = std::mem::take(&mut funnel.ledgers);
    // (Where no thread can be started, the closure and the records go at once.)
    let _ = std::thread::Builder::new().spawn(move || drop(funnel));
    Ok((metrics, ledgers, warnings))
}

/// Every month's metrics from the dataset at `path`, computed by the SQL engine `engine`, and
/// the inputs' ledgers as `normalize` read them; `config` takes the dataset's time zone and
/// `check` vets the ledgers before any query.
#[cfg(feature = "datafusion")]
fn from_dataset(
    engine: &str,
    path: &std::path::Path,
    config: &mut config::Config,
    check: &dyn Fn(&[ledger::FileLedger], chrono_tz::Tz) -> Result<()>,
) -> Result<crate::engine::Computed> {
    crate::engine::compute(engine, path, config, check)
}

/// A binary without the engines says how to get one.
#[cfg(not(feature = "datafusion"))]
fn from_dataset(
    engine: &str,
    _: &std::path::Path,
    _: &mut config::Config,
    _: &dyn Fn(&[ledger::FileLedger], chrono_tz::Tz) -> Result<()>,
) -> Result<Computed> {
    let feature = if engine == "datafusion" {
        "datafusion"
    } else if engine.starts_with("ballista://") {
        "ballista"
    } else if engine.starts_with("sc://") {
        "spark"
    } else {
        return Err(Error::Usage(format!(
            "unknown engine `{engine}`: this baton knows `memory` (and `datafusion`, `ballista://HOST:PORT` and `sc://HOST:PORT` when built with `--features datafusion`, `ballista` or `spark`)"
        )));
    };
    Err(Error::Usage(format!(
        "--engine {engine}: this baton was built without it; build it with `cargo build --release --features {feature}`"
    )))
}

/// What an engine computed (the binary has none).
#[cfg(not(feature = "datafusion"))]
struct Computed {
    metrics: metrics::Metrics,
    ledgers: Vec<ledger::FileLedger>,
}

/// Each selected month's CSV tables, then each one's `metrics.json`, in the months' order.
fn month_files(
    metrics: &metrics::Metrics,
    months: &[Month],
    ledgers: &[ledger::FileLedger],
) -> Vec<render::OutputFile> {
    use rayon::prelude::*;
    let selected: Vec<&metrics::MonthMetrics> = metrics
        .months
        .iter()
        .filter(|m| months.contains(&m.period))
        .collect();
    let tables: Vec<Vec<render::OutputFile>> = selected
        .par_iter()
        .map(|m| tables::month_tables(m))
        .collect();
    let json: Vec<render::OutputFile> = selected
        .par_iter()
        .map(|m| render::OutputFile {
            rel: format!("{}/metrics.json", m.period),
            body: json::metrics_json(m, metrics, ledgers),
        })
        .collect();
    tables.into_iter().flatten().chain(json).collect()
}

/// Writes the built-in templates into `dir`; returns how many. Existing files are kept unless
/// `force`.
pub fn export_templates(dir: &std::path::Path, force: bool) -> Result<usize> {
    for (name, _) in render::TEMPLATES {
        if dir.join(name).exists() && !force {
            return Err(Error::Usage(format!(
                "{} exists already; pass --force to replace it",
                excerpt::path(&dir.join(name))
            )));
        }
    }
    for (name, text) in render::TEMPLATES {
        publish::atomic::write_atomic(&dir.join(name), text.as_bytes())?;
    }
    Ok(render::TEMPLATES.len())
}

/// The JSON context the month page template receives for the month `opts.month` names (one
/// month, or `last`, as for `build`), pretty-printed.
/// Pseudonyms come from the configured key, else from the key of the `opts.out` report's state
/// folder when it has one (read, never made), else from a key for this run only.
pub fn context(opts: &BuildOptions) -> Result<String> {
    if opts.month == MonthChoice::All {
        return Err(Error::Usage(
            "context prints one month's context: pass --month YYYY-MM or --month last".into(),
        ));
    }
    let (mut config, profiles) =
        load_config(opts.config.as_deref(), &opts.input, opts.tz.as_deref())?;
    if config.pseudonym_key.is_none() {
        config.pseudonym_key = publish::read_key(&opts.out)?;
    }
    let today = opts.today.unwrap_or_else(|| today(config.tz));
    let (funnel, _) = load(&opts.input, &config, &profiles, None, today)?;
    let metrics = measure::measure(&funnel, &config);
    let months = select_months(&metrics, opts.month, false, today, &funnel.ledgers)?;
    let month = months[0];
    let site = site(&config, &funnel.currency.code.to_string());
    // As a full build would link: every month with data has its page.
    let all: Vec<Month> = metrics.months.iter().map(|m| m.period).collect();
    let sel = render::Selection {
        months: &months,
        built: &all,
        latest: true,
        current: Month::of(today),
        today,
    };
    let quality = page_context::quality(&funnel.ledgers, &metrics, today);
    let i = metrics
        .months
        .iter()
        .position(|m| m.period == month)
        .expect("selected month exists");
    let ctx: serde_json::Map<String, serde_json::Value> =
        page_context::month_context(&site, &metrics, &quality, &sel, i);
    Ok(serde_json::to_string_pretty(&ctx).expect("context serializes"))
}

/// The freshness gate and `--strict`: checked before anything is written.
fn gate(ledgers: &[ledger::FileLedger], opts: &BuildOptions, today: NaiveDate) -> Result<()> {
    if let Some(days) = opts.max_age {
        let stale = freshness::stale(ledgers, today, days);
        if !stale.is_empty() {
            return Err(Error::Data(format!(
                "the inputs are stale (--max-age {days}): {} older than {} on {today}:\n  {}\nThe export job upstream may have stopped. The previous report was left as it was.",
                format::counted(stale.len() as u64, "source", "sources"),
                format::counted(days.max(0) as u64, "day", "days"),
                stale.join("\n  ")
            )));
        }
    }
    if opts.strict {
        let problems = check::summary_lines(ledgers);
        if !problems.is_empty() {
            return Err(Error::Data(format!(
                "--strict: {} with problems or rejected rows; the previous report was left as it was:\n  {}",
                format::counted(problems.len() as u64, "file", "files"),
                problems.join("\n  ")
            )));
        }
    }
    Ok(())
}

fn site(config: &config::Config, currency: &str) -> render::Site {
    render::Site {
        accent: config.accent.clone(),
        logo: config.logo.clone(),
        company: config.company.clone(),
        currency: currency.to_string(),
        timezone: config.tz.name().to_string(),
    }
}

/// Writes a starter `baton.toml` into `input`: the settings, commented, and a `[[source]]` block
/// for every file no profile recognises. Returns the path written.
pub fn init(input: &std::path::Path, force: bool) -> Result<PathBuf> {
    let path = input.join(config::FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} exists already; pass --force to replace it",
            excerpt::path(&path)
        )));
    }
    let config = config::Config::default();
    let (funnel, _) = load(
        input,
        &config,
        &ProfileSet::default(),
        None,
        today(config.tz),
    )?;
    let mut text = String::from(config::STARTER);
    text.push_str("\n# Files found, and how baton reads them:\n");
    for l in &funnel.ledgers {
        text.push_str(&format!(
            "#   {}: {}\n",
            excerpt::escape(&l.rel),
            excerpt::escape(&l.source)
        ));
    }
    for l in funnel
        .ledgers
        .iter()
        .filter(|l| l.source == "unrecognised" && !l.header.is_empty())
    {
        text.push_str(&format!(
            "\n# {} was not recognised. Its header: {}\n",
            excerpt::escape(&l.rel),
            excerpt::cells(&l.header)
        ));
        text.push_str(&suggest::source_block(&l.rel, &l.header));
    }
    publish::atomic::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Today's date in `tz`: `SOURCE_DATE_EPOCH` when set, else the clock.
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let now = epoch.unwrap_or_else(|| chrono::Utc::now().timestamp());
    datetime::local_date(now, tz)
}

/// The months `choice` names; `all_too`: the command takes `--month all` as well.
fn select_months(
    m: &metrics::Metrics,
    choice: MonthChoice,
    all_too: bool,
    today: NaiveDate,
    ledgers: &[ledger::FileLedger],
) -> Result<Vec<Month>> {
    let have: Vec<Month> = m.months.iter().map(|x| x.period).collect();
    if have.is_empty() {
        let read = ledgers.iter().filter(|l| l.entity.is_some()).count();
        let mut msg = if read == 0 {
            format!(
                "none of the {} CSV files could be used; each needs a header line that baton recognises (see docs/input-format.md):",
                ledgers.len()
            )
        } else {
            "the input files hold no usable rows, so there is no month to report:".to_string()
        };
        for l in ledgers {
            let why = l.problem.clone().or_else(|| {
                l.rejects
                    .first()
                    .map(|r| format!("line {}: {}", r.line, r.reason))
            });
            msg.push_str(&format!(
                "\n  {}: {}",
                excerpt::escape(&l.rel),
                excerpt::escape(&why.unwrap_or_else(|| "no data rows".to_string()))
            ));
        }
        return Err(Error::Data(msg));
    }
    let wanted = match choice {
        MonthChoice::All => return Ok(have),
        MonthChoice::Last => Month::of(today).prev(),
        MonthChoice::One(month) => month,
    };
    if have.contains(&wanted) {
        Ok(vec![wanted])
    } else {
        Err(Error::Data(format!(
            "no data for {wanted}{}: the inputs cover {} to {}; pick a month in that range{}",
            if choice == MonthChoice::Last {
                " (the last complete month before today)"
            } else {
                ""
            },
            have[0],
            have[have.len() - 1],
            if all_too { " or use --month all" } else { "" }
        )))
    }
}
