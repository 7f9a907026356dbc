//! Render: turn metrics into HTML pages with the Tera templates (embedded, overridable).

use crate::analysis::metrics::Metrics;
use crate::base::error::{Error, Result};
use crate::base::format::{self, DASH};
use crate::model::ledger::FileLedger;
use crate::report::context;
pub use crate::report::site::{OutputFile, Selection, Site};
use std::io::Write;
use std::path::Path;
use tera::{Context, Tera};

/// The default templates, compiled into the binary. A user's folder overrides them by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("month.html", include_str!("../../templates/month.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "partials/headline.html",
        include_str!("../../templates/partials/headline.html"),
    ),
    (
        "partials/funnel.html",
        include_str!("../../templates/partials/funnel.html"),
    ),
    (
        "partials/channels.html",
        include_str!("../../templates/partials/channels.html"),
    ),
    (
        "partials/cohort.html",
        include_str!("../../templates/partials/cohort.html"),
    ),
    (
        "partials/quality.html",
        include_str!("../../templates/partials/quality.html"),
    ),
    (
        "partials/handoff.html",
        include_str!("../../templates/partials/handoff.html"),
    ),
    (
        "partials/attribution.html",
        include_str!("../../templates/partials/attribution.html"),
    ),
    (
        "partials/cohort_matrix.html",
        include_str!("../../templates/partials/cohort_matrix.html"),
    ),
    (
        "partials/targets.html",
        include_str!("../../templates/partials/targets.html"),
    ),
    (
        "partials/owners.html",
        include_str!("../../templates/partials/owners.html"),
    ),
    (
        "partials/glossary.html",
        include_str!("../../templates/partials/glossary.html"),
    ),
    (
        "partials/claims.html",
        include_str!("../../templates/partials/claims.html"),
    ),
];

/// Loads the embedded templates, then any file of the same name in `dir`.
pub fn load_templates(dir: Option<&Path>) -> Result<Tera> {
    let mut sources: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    if let Some(dir) = dir {
        for (name, text) in sources.iter_mut() {
            let path = dir.join(name.as_str());
            if path.is_file() {
                *text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::io(&path, "cannot read template", e))?;
            }
        }
    }
    let mut tera = Tera::new();
    tera.set_escape_fn(escape);
    register_filters(&mut tera);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Template(describe(&e)))?;
    Ok(tera)
}

/// The HTML escaping of every value a template prints: `& < > " '` as entities, and code points
/// HTML forbids (control characters, non-characters), which CSV files can hold, as U+FFFD.
pub fn escape(input: &str, buf: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, c) in input.char_indices() {
        let replacement: Option<&str> = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            '\'' => Some("&#39;"),
            '\t' | '\n' | '\r' => None,
            c if c.is_control() => Some("\u{fffd}"),
            '\u{fdd0}'..='\u{fdef}' => Some("\u{fffd}"),
            c if (c as u32) & 0xfffe == 0xfffe => Some("\u{fffd}"),
            _ => None,
        };
        if let Some(r) = replacement {
            buf.write_all(&input.as_bytes()[start..i])?;
            buf.write_all(r.as_bytes())?;
            start = i + c.len_utf8();
        }
    }
    buf.write_all(&input.as_bytes()[start..])
}

/// Filters for numbers in templates; each shows `—` for a missing (null) value:
/// `count` (1,234), `counted(one="file", many="files")` (1 file, 2 files), `money(cur="USD")`
/// ($1,234), `pct` (12.3%), `ratio` (3.95×), `hours`
/// (5.6 h), `days` (52.0), `num` (a setting: 8, 12.5). And the function `flag(metric=key)`: the
/// small-number mark of a flagged rate (docs/templates.md), nothing for any other.
fn register_filters(tera: &mut Tera) {
    use tera::{Kwargs, State, Value};
    fn dash(v: &Value, f: impl Fn(f64) -> String) -> String {
        v.as_f64().map_or_else(|| DASH.to_string(), f)
    }
    tera.register_filter("count", |v: &Value, _: Kwargs, _: &State| {
        dash(v, |x| format::count(x.max(0.0) as u64))
    });
    tera.register_filter(
        "counted",
        |v: &Value, k: Kwargs, _: &State| -> tera::TeraResult<String> {
            let one = k.get::<&str>("one")?.unwrap_or("");
            let many = k.get::<&str>("many")?.unwrap_or(one);
            Ok(dash(v, |x| format::counted(x.max(0.0) as u64, one, many)))
        },
    );
    tera.register_filter("pct", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::percent)
    });
    tera.register_filter("num", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::decimal)
    });
    tera.register_filter("ratio", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::ratio)
    });
    tera.register_filter("hours", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::hours)
    });
    tera.register_filter("days", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::tenths)
    });
    tera.register_function("flag", flag);
    tera.register_filter(
        "money",
        |v: &Value, k: Kwargs, _: &State| -> tera::TeraResult<String> {
            let cur = k.get::<&str>("cur")?.unwrap_or("USD").to_string();
            Ok(dash(v, |x| format::money(x, &cur)))
        },
    );
}

/// The mark after a rate computed over too few events: `†`, saying on hover how few, and naming
/// the rate by its place in `metrics.json`'s `small_numbers` (`data-flag="0"` is the first), so
/// that no text from the inputs (a channel's name) goes into an attribute. The month's flags are
/// the context's `flags` (key → {`flag`, `title`}); a key not among them gets no mark.
fn flag(k: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
    use tera::Value;
    let none = || Ok(Value::safe_string(""));
    let metric = k.get::<Value>("metric")?;
    let Some(metric) = metric.as_ref().and_then(Value::as_str) else {
        return none();
    };
    let flags = state.get::<Value>("flags")?;
    let key = tera::value::Key::String(metric.into());
    let Some(entry) = flags
        .as_ref()
        .and_then(Value::as_map)
        .and_then(|m| m.get(&key))
        .and_then(Value::as_map)
    else {
        return none();
    };
    let field = |name: &'static str| entry.get(&tera::value::Key::Str(name));
    let (Some(n), Some(title)) = (
        field("flag").and_then(Value::as_u64),
        field("title").and_then(Value::as_str),
    ) else {
        return none();
    };
    Ok(Value::safe_string(&format!(
        "<sup class=\"small-n\" data-flag=\"{n}\" title=\"{}\">{}</sup>",
        state.escape(title)?,
        format::SMALL_MARK
    )))
}

fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The most HTML one page may hold: 64 MiB (a built-in month page of the sample data holds
/// 65 KB). A template that writes more is stopped there, not when memory runs out.
pub const PAGE_LIMIT: usize = 64 << 20;

/// How long rendering every page may take, unless `BATON_RENDER_TIMEOUT_SECS` says otherwise:
/// a minute (the built-in pages of a 1M-lead build take 0.1 s).
pub const RENDER_TIMEOUT_SECS: f64 = 60.0;

/// What the limits on a template leave behind.
const LEFT: &str = "the previous report was left as it was";

/// Renders `template` with its context into the page `rel`, stopping it at `PAGE_LIMIT`.
pub fn render_one(tera: &Tera, template: &str, context: &Context, rel: &str) -> Result<String> {
    let mut page = Capped::default();
    match tera.render_to(template, context, &mut page) {
        Ok(()) => String::from_utf8(page.bytes)
            .map_err(|e| Error::Template(format!("{template} wrote text that is not UTF-8: {e}"))),
        Err(_) if page.over => Err(Error::Template(format!(
            "{template} produced more than {} MiB for {rel} (a loop that repeats too often?); {LEFT}",
            PAGE_LIMIT >> 20
        ))),
        Err(e) => Err(Error::Template(describe(&e))),
    }
}

/// A page's bytes, refusing to grow past `PAGE_LIMIT`.
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > PAGE_LIMIT {
            self.over = true;
            return Err(std::io::Error::other("the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The time rendering may take: `BATON_RENDER_TIMEOUT_SECS` (seconds, fractions allowed) when
/// set to a positive number, else `RENDER_TIMEOUT_SECS`.
fn render_timeout() -> std::time::Duration {
    let secs = std::env::var("BATON_RENDER_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(RENDER_TIMEOUT_SECS);
    std::time::Duration::try_from_secs_f64(secs).unwrap_or(std::time::Duration::MAX)
}

/// Ends the run (exit 2) if rendering is still going when its time is up: Tera cannot be
/// stopped mid-template, so a template that loops without end is stopped with the process.
/// Nothing has been written by then; the output folder's lock goes with the process. Dropping
/// the watch ends it.
struct Watch {
    _done: std::sync::mpsc::Sender<()>,
}

impl Watch {
    fn start() -> Watch {
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let limit = render_timeout();
        let watch = move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                let e = Error::Template(format!(
                    "rendering the pages took longer than {} s (a template that loops without end?); {LEFT}",
                    crate::base::format::decimal(limit.as_secs_f64())
                ));
                let _ = writeln!(std::io::stderr(), "baton: error: {e}");
                std::process::exit(e.exit_code());
            }
        };
        // Where no thread can be started, rendering goes unwatched.
        let _ = std::thread::Builder::new()
            .name("render-watch".into())
            .spawn(watch);
        Watch { _done: done }
    }
}

/// Renders the selected months' pages and the archive index.
pub fn render(
    tera: &Tera,
    site: &Site,
    metrics: &Metrics,
    ledgers: &[FileLedger],
    sel: &Selection,
) -> Result<Vec<OutputFile>> {
    use rayon::prelude::*;
    let _watch = Watch::start();
    let quality = context::quality(ledgers, metrics, sel.today);
    // Months are rendered on every core; the pages keep the months' order.
    let mut pages = metrics
        .months
        .par_iter()
        .enumerate()
        .filter(|(_, m)| sel.months.contains(&m.period))
        .map(|(i, m)| {
            let context: Context = context::month_context(site, metrics, &quality, sel, i);
            let rel = format!("{}/index.html", m.period);
            let body = render_one(tera, "month.html", &context, &rel)?;
            Ok(OutputFile { rel, body })
        })
        .collect::<Result<Vec<OutputFile>>>()?;
    let context: Context = context::index_context(site, metrics, &quality, sel);
    pages.push(OutputFile {
        rel: "index.html".to_string(),
        body: render_one(tera, "index.html", &context, "index.html")?,
    });
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_code_points() {
        let mut out = Vec::new();
        escape(
            "<a href=\"x\" title='y'>&\u{1}\u{7f}\u{9f}\u{fdd0}\u{fffe}\u{1ffff}é\tok</a>",
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}é\tok&lt;/a&gt;"
        );
    }
}
