//! Read: open each CSV file, find its encoding, delimiter, header and profile, and stream its rows.
//!
//! This is the one place that builds a `csv::Reader` (for the lines up to the header). Files are
//! read in parallel; each data row is read into a reused `records::Record` (a plain line copied
//! in one move) and handed to `normalize`.

use crate::base::datetime::OrderEvidence;
use crate::input::discover::InputFile;
use crate::input::formats::set::ProfileSet;
use crate::input::formats::view::{FileView, Readings};
use crate::input::formats::{self, ALL_FIELDS, FIELD_COUNT, Recognition};
use crate::input::leadkeys::{KeyRows, LeadKeys};
use crate::input::marks::Why;
use crate::input::normalize::{self, RowContext};
use crate::input::parse::lines::LineCount;
use crate::input::parse::{
    Encoding, detect_encoding, open_reader, sniff_delimiter, transcode, utf8_bom,
};
use crate::input::rows::{Batch, Tail, is_total_line, read_rows, take_row};
use crate::input::stamp::FileStamp;
use crate::model::Entity;
use crate::model::keys::email_domain;
use crate::model::ledger::FileLedger;
use rayon::prelude::*;
use sample::KeySample;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::sync::OnceLock;

/// How many leading records may be preamble before the header.
const HEADER_SEARCH: usize = 40;

/// Reads every file, in parallel, and returns the batches in the files' order, with the lead
/// rows of each lead key. Touch and opportunity files are read last, their lead ids and emails
/// looked up among the leads as they are read.
pub fn read_files(
    files: &[InputFile],
    profiles: &ProfileSet,
    ctx: &RowContext,
) -> (Vec<Batch>, KeyRows) {
    // Each file's stamp as the first round found it, for every round to check against.
    let seen: Vec<OnceLock<FileStamp>> = files.iter().map(|_| OnceLock::new()).collect();
    let read = |i: usize, round: &RowContext| {
        read_file(i as u32, &files[i], profiles, round, None, &seen[i])
    };
    // First the deal files' company keys: the leads keep only those (`normalize::Companies`).
    let gather = RowContext {
        gather_companies: true,
        show_people: ctx.show_people,
        ..RowContext::new(ctx.tz, ctx.channels.clone())
    };
    let (companies, deal_emails) = (0..files.len())
        .into_par_iter()
        .map(|i| {
            let b = read(i, &gather);
            (b.companies, b.emails)
        })
        .reduce(Default::default, |mut a, b| {
            a.0.extend(b.0);
            (a.0, a.1 || b.1)
        });
    crate::base::timing::lap("read: deals' companies");
    let mut round = RowContext::new(ctx.tz, ctx.channels.clone()).as_of(ctx.today);
    round.defer_linked = true;
    round.show_people = ctx.show_people;
    round.companies = normalize::Companies::Named(&companies);
    // The emails go before the touches are read when it is likely that nothing will look a lead
    // up by one (`read_linked`). When a touch then looks an email up that a lead may have had
    // (its id found no lead), the leads and the touches are read again, keeping the emails.
    let reading = Reading {
        count: files.len(),
        round: &round,
        companies: &companies,
        deal_emails,
        read: &read,
    };
    let mut linked = reading.linked(true);
    if linked.missed {
        crate::base::timing::lap("read: a touch looked an email up: again, keeping the emails");
        drop(linked);
        linked = reading.linked(false);
    }
    let Linked {
        mut batches,
        rows,
        early,
        ..
    } = linked;
    // Every lookup is done: unless the reports show people, of the emails only the domains the
    // account join looks for (those the deals name) are kept from here on.
    if !early && !ctx.show_people {
        let named: rustc_hash::FxHashSet<Box<str>> = batches
            .iter()
            .flat_map(|b| &b.opportunities)
            .flat_map(|o| [o.company(), o.domain(), o.email().map(email_domain)])
            .flatten()
            .map(Box::from)
            .collect();
        forget_emails(&mut batches, |d| named.contains(d));
        crate::base::timing::lap("read: emails let go");
    }
    for b in &mut batches {
        b.ledger.close_span(ctx.tz);
    }
    (batches, rows)
}

/// The lead and spend files read, their leads' keys, and the touch and deal files read with them.
struct Linked {
    batches: Vec<Batch>,
    rows: KeyRows,
    /// Whether the emails went before the touches were read.
    early: bool,
    /// Whether a touch looked up an email that a lead may have had after they went.
    missed: bool,
}

/// The second and third rounds of `read_files`: every file but the touch and deal files, then
/// those, their leads looked up among the leads.
struct Reading<'r, R> {
    count: usize,
    round: &'r RowContext<'r>,
    /// The company keys and domains the deals name.
    companies: &'r rustc_hash::FxHashSet<Box<str>>,
    /// Whether a deal row has an email.
    deal_emails: bool,
    read: &'r R,
}

impl<R: Fn(usize, &RowContext) -> Batch + Sync> Reading<'_, R> {
    /// Whether the first rows of a touch file in `deferred` look their leads up by email among
    /// those of `batches` (`sample::looks_up_emails`): then the emails are kept, as a second
    /// reading is likely.
    fn sampled_lookups(&self, batches: &[Batch], deferred: &[usize]) -> bool {
        let samples: Vec<&KeySample> = deferred
            .iter()
            .filter_map(|&i| batches[i].sample.as_ref())
            .collect();
        let leads: Vec<&[crate::model::Lead]> =
            batches.iter().map(|b| b.leads.as_slice()).collect();
        !samples.is_empty() && sample::looks_up_emails(&samples, &leads)
    }

    /// Reads every file in `round` (which leaves the touch and deal files for later), then the
    /// touch and deal files. The emails go before those are read when `early` allows, no deal
    /// row has an email, no touch file names its leads by email alone and the reports do not
    /// show people: a touch whose id finds no lead then looks its email up in a filter of them,
    /// and one a lead may have had sets `missed` (and the lookups must be made again).
    fn linked(&self, early: bool) -> Linked {
        let (round, read) = (self.round, self.read);
        let mut batches: Vec<Batch> = (0..self.count)
            .into_par_iter()
            .map(|i| read(i, round))
            .collect();
        let deferred: Vec<usize> = (0..self.count).filter(|&i| batches[i].deferred).collect();
        crate::base::timing::lap("read: leads and spend");
        let by_email = deferred.iter().any(|&i| batches[i].by_email);
        // A touch file with an email column whose first rows carry one: the emails that go leave
        // a filter of them behind (else any email looked up after them has the files read again).
        let touch_emails = deferred.iter().any(|&i| {
            batches[i].emails
                && batches[i]
                    .sample
                    .as_ref()
                    .is_none_or(KeySample::carries_emails)
        });
        let early = early
            && !self.deal_emails
            && !by_email
            && !round.show_people
            && !self.sampled_lookups(&batches, &deferred);
        let keys = if early {
            fn leads(b: &[Batch]) -> Vec<&[crate::model::Lead]> {
                b.iter().map(|b| b.leads.as_slice()).collect()
            }
            let (same_email, filter) = rayon::join(
                || LeadKeys::group_emails(leads(&batches)),
                || touch_emails.then(|| LeadKeys::filter_emails(leads(&batches))),
            );
            forget_emails(&mut batches, |d| self.companies.contains(d));
            LeadKeys::index_grouped(leads(&batches), same_email, filter)
        } else {
            LeadKeys::index(batches.iter().map(|b| b.leads.as_slice()), by_email)
        };
        crate::base::timing::lap("read: lead keys");
        let second = RowContext {
            leads: Some(&keys),
            show_people: round.show_people,
            ..RowContext::new(round.tz, round.channels.clone()).as_of(round.today)
        };
        let linked: Vec<Batch> = deferred.par_iter().map(|&i| read(i, &second)).collect();
        crate::base::timing::lap("read: touches and deals");
        drop(second);
        let missed = keys.missed_email();
        let rows = keys.into_rows();
        for (i, b) in deferred.into_iter().zip(linked) {
            batches[i] = b;
        }
        Linked {
            batches,
            rows,
            early,
            missed,
        }
    }
}

/// Text in memory (a file read whole, or transcoded to UTF-8): a reader of it, and the same text
/// to be read in pieces on every core once its header is known.
fn text_source(
    path: &std::path::Path,
    text: Vec<u8>,
) -> (Box<dyn BufRead + Send>, crate::input::pieces::FileText) {
    let text = crate::input::pieces::Shared(std::sync::Arc::new(text));
    let src = crate::input::pieces::FileText {
        path: path.to_path_buf(),
        start: 0,
        size: text.0.len() as u64,
        text: Some(text.clone()),
    };
    (Box::new(Cursor::new(text)), src)
}

fn read_file(
    index: u32,
    file: &InputFile,
    profiles: &ProfileSet,
    ctx: &RowContext,
    readings: Option<Readings>,
    seen: &OnceLock<FileStamp>,
) -> Batch {
    let mut batch = fresh(&file.rel);
    if profiles.ignores(&file.rel) {
        batch.ledger.source = "ignored".to_string();
        batch.ledger.problem = Some("left out by `ignore` in baton.toml".to_string());
        return batch;
    }
    let opened = match File::open(&file.path) {
        Ok(f) => f,
        Err(e) => return unreadable(batch, format!("cannot be opened: {e}")),
    };
    // The file as this read opened it, and as the run's first read of it found it: a file that
    // changes while it is read (an export still being written, a copy renamed over it) is not
    // used, lest its rows be a mix of two versions or cut short.
    let stamp = match opened.metadata() {
        Ok(m) => FileStamp::of(&m),
        Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
    };
    let first = *seen.get_or_init(|| stamp);
    if let Some(change) = first.change(&stamp) {
        return unreadable(batch, change);
    }
    let size = stamp.size;
    if size == 0 {
        return unreadable(batch, "is empty (0 bytes)".to_string());
    }
    // A pass that reads only some kinds of file knows the rest by their first lines, without
    // reading a small file whole; the pass that reads them sees them in full.
    if (ctx.gather_companies || ctx.defer_linked)
        && size <= crate::input::pieces::whole_file_limit()
        && let Some((m, sample)) =
            skim_header(&file.path, &file.rel, profiles, ctx).filter(|(m, _)| ctx.passes_by(m))
    {
        defer(&mut batch, &m, ctx);
        batch.sample = sample;
        return batch;
    }
    // The text, and the same text to read in pieces once the header is known: in memory when
    // the file is read whole (to judge its encoding on every byte) or transcoded, else on disk.
    let (source, pieces): (Box<dyn BufRead + Send>, crate::input::pieces::FileText) =
        if size <= crate::input::pieces::whole_file_limit() {
            let mut bytes = Vec::with_capacity(size as usize);
            if let Err(e) = BufReader::new(opened).read_to_end(&mut bytes) {
                return unreadable(batch, format!("cannot be read: {e}"));
            }
            let encoding = match detect_encoding(&bytes, true) {
                Ok(e) => e,
                Err(p) => return unreadable(batch, p),
            };
            if encoding != Encoding::Utf8 {
                batch
                    .ledger
                    .fact(format!("read as {} text", encoding.name()));
            }
            text_source(&file.path, transcode(bytes, encoding))
        } else {
            let mut r = BufReader::with_capacity(256 * 1024, opened);
            let head = match r.fill_buf() {
                Ok(h) => h.to_vec(),
                Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
            };
            match detect_encoding(&head, false) {
                Ok(Encoding::Utf8) => {
                    let bom = utf8_bom(&head);
                    r.consume(bom);
                    let on_disk = crate::input::pieces::FileText {
                        path: file.path.clone(),
                        start: bom as u64,
                        size,
                        text: None,
                    };
                    (Box::new(r), on_disk)
                }
                Ok(other) => {
                    batch.ledger.fact(format!("read as {} text", other.name()));
                    let mut bytes = Vec::new();
                    if let Err(e) = r.read_to_end(&mut bytes) {
                        return unreadable(batch, format!("cannot be read: {e}"));
                    }
                    text_source(&file.path, transcode(bytes, other))
                }
                Err(p) => return unreadable(batch, p),
            }
        };
    let again = |r| read_file(index, file, profiles, ctx, Some(r), seen);
    let batch = read_text(
        index, &file.rel, profiles, ctx, readings, batch, source, &again, &pieces,
    );
    #[cfg(debug_assertions)]
    crate::input::stamp::inject_fault(&file.rel, &file.path);
    // Once read, the file must still be the one first found under its name, at the same size and
    // modification time (the pieces of a large file open it by name again).
    let now = std::fs::metadata(&file.path).map(|m| FileStamp::of(&m));
    match now.as_ref().map(|now| first.change(now)) {
        Ok(None) => batch,
        Ok(Some(change)) => unreadable(fresh(&file.rel), change),
        Err(e) => unreadable(
            fresh(&file.rel),
            format!(
                "could not be found again once read ({e}), so none of its rows were used: {}",
                crate::input::stamp::AGAIN
            ),
        ),
    }
}

/// An empty batch for the file at `rel`.
/// Leaves a touch or deal file for the round that knows the leads (when this round defers them),
/// noting whether it names its leads by email alone.
fn defer(batch: &mut Batch, matched: &formats::Matched, ctx: &RowContext) {
    use formats::Field;
    batch.deferred = ctx.defer_linked;
    batch.by_email =
        ctx.defer_linked && matched.gives(Field::Email) && !matched.gives(Field::LeadId);
    // A deal file's emails were looked at row by row in the deal-company round.
    batch.emails = ctx.defer_linked
        && matched.profile.entity == crate::model::Entity::Touch
        && matched.gives(Field::Email);
}

/// Lets go of the lead emails of `batches`, keeping only the domains `keep` keeps (those a deal
/// names, for the account join); stretches of leads on every core.
fn forget_emails(batches: &mut [Batch], keep: impl Fn(&str) -> bool + Sync) {
    const STRETCH: usize = 1 << 16;
    batches
        .iter_mut()
        .flat_map(|b| b.leads.chunks_mut(STRETCH))
        .par_bridge()
        .for_each(|leads| crate::model::Lead::forget_emails(leads, &keep));
}

fn fresh(rel: &str) -> Batch {
    Batch {
        ledger: FileLedger::new(rel),
        ..Batch::default()
    }
}

/// The header a file holds, judged from its first 64 KiB as `read_text` judges it (the same
/// delimiter sniffing and header search), but only when those bytes are plain ASCII without
/// NUL: then no encoding could read its header otherwise. `None` when they are not, or no
/// header is recognised in them.
fn skim_header<'p>(
    path: &std::path::Path,
    rel: &str,
    profiles: &'p ProfileSet,
    ctx: &RowContext,
) -> Option<(formats::Matched<'p>, Option<KeySample>)> {
    let mut head = Vec::with_capacity(64 << 10);
    File::open(path)
        .ok()?
        .take(64 << 10)
        .read_to_end(&mut head)
        .ok()?;
    if !head.is_ascii() || head.contains(&0) {
        return None;
    }
    // The head is the whole file, or a record reaching its end may be cut off: no header to
    // judge by.
    let whole = head.len() < 64 << 10;
    let delimiter = sniff_delimiter(&head);
    let mut reader = open_reader(Cursor::new(&head[..]), delimiter);
    let candidates = profiles.for_file(rel);
    let mut record = csv::ByteRecord::new();
    for _ in 0..HEADER_SEARCH {
        if !reader.read_byte_record(&mut record).ok()?
            || (!whole && reader.position().byte() >= head.len() as u64)
        {
            return None;
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if let Recognition::Matched(m) = formats::recognise(&candidates, &cells) {
            // The rows after the header in the head, but one it may have cut off.
            let sample = samples(&m, ctx).then(|| {
                let mut next = || {
                    let mut r = csv::ByteRecord::new();
                    let read = matches!(reader.read_byte_record(&mut r), Ok(true));
                    (read && (whole || reader.position().byte() < head.len() as u64)).then_some(r)
                };
                KeySample::of(&mut next, &m.map)
            });
            return Some((m, sample));
        }
    }
    None
}

/// Whether a file left for the second round is sampled (`KeySample`): a touch file with a lead
/// id and an email column.
fn samples(m: &formats::Matched, ctx: &RowContext) -> bool {
    use formats::Field;
    ctx.defer_linked
        && m.profile.entity == crate::model::Entity::Touch
        && m.map.has(Field::LeadId)
        && m.map.has(Field::Email)
}

/// A file's records as text, split the way baton splits every file (encoding, delimiter, quoting);
/// for tests against other readers' expected output.
pub fn parse_records(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let text = transcode(bytes.to_vec(), detect_encoding(bytes, true)?);
    let mut reader = open_reader(Cursor::new(&text[..]), sniff_delimiter(&text));
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| e.to_string())?
    {
        out.push(
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        );
    }
    Ok(out)
}

/// Reads a file's bytes as `read_files` would read the file at `rel` (encoding, dialect,
/// profile, rows); for tests and fuzzing.
pub fn read_bytes(rel: &str, bytes: &[u8], profiles: &ProfileSet, ctx: &RowContext) -> Batch {
    read_bytes_with(rel, bytes, profiles, ctx, None)
}

fn read_bytes_with(
    rel: &str,
    bytes: &[u8],
    profiles: &ProfileSet,
    ctx: &RowContext,
    readings: Option<Readings>,
) -> Batch {
    let batch = Batch {
        ledger: FileLedger::new(rel),
        ..Batch::default()
    };
    if bytes.is_empty() {
        return unreadable(batch, "is empty (0 bytes)".to_string());
    }
    let encoding = match detect_encoding(bytes, true) {
        Ok(e) => e,
        Err(p) => return unreadable(batch, p),
    };
    let (text, src) = text_source(
        std::path::Path::new(rel),
        transcode(bytes.to_vec(), encoding),
    );
    let again = |r| read_bytes_with(rel, bytes, profiles, ctx, Some(r));
    read_text(0, rel, profiles, ctx, readings, batch, text, &again, &src)
}

#[allow(clippy::too_many_arguments)]
fn read_text(
    index: u32,
    rel: &str,
    profiles: &ProfileSet,
    ctx: &RowContext,
    forced: Option<Readings>,
    mut batch: Batch,
    mut source: Box<dyn BufRead + Send>,
    reread: &dyn Fn(Readings) -> Batch,
    text: &crate::input::pieces::FileText,
) -> Batch {
    let (delimiter, line_len) = match source.fill_buf() {
        Ok(head) => {
            // A file read whole is all head: its first 64 KiB are enough to judge by.
            let head = &head[..head.len().min(64 << 10)];
            let lines = memchr::memchr_iter(b'\n', head).count().max(1);
            (sniff_delimiter(head), (head.len() / lines).max(1))
        }
        Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
    };
    let capped = crate::input::parse::longline::LineCap::new(source);
    let mut reader = open_reader(
        crate::input::parse::quotes::QuoteWatch::new(capped, delimiter),
        delimiter,
    );
    // The header is the first record a profile recognises; what comes before it is preamble.
    let candidates_for_file = profiles.for_file(rel);
    let mut preamble: Vec<csv::ByteRecord> = Vec::new();
    let mut found = None;
    let mut record = csv::ByteRecord::new();
    // Where the data starts when the header was known only by the row after it (a Salesforce
    // extract known by its ids), which the reader has then read.
    let mut data_at: Option<csv::Position> = None;
    let mut previous: Option<Vec<String>> = None;
    while preamble.len() < HEADER_SEARCH {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if crate::input::parse::longline::is_long(&e) => {
                batch.ledger.problem = Some(crate::input::parse::longline::PROBLEM.to_string());
                return batch;
            }
            Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
        }
        let cells: Vec<String> = record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        if let Recognition::Matched(m) = formats::recognise(&candidates_for_file, &cells) {
            found = Some((cells, m));
            break;
        }
        if let Some(header) = previous.take()
            && let Some(by_id) = formats::sfid::recognise_by_id(&header, &cells)
        {
            preamble.pop();
            match by_id {
                Ok(m) => {
                    data_at = record.position().cloned();
                    found = Some((header, m));
                }
                Err(problem) => {
                    batch
                        .ledger
                        .skipped_lines("preamble lines before the header", preamble.len() as u64);
                    batch.ledger.header = header;
                    // Known, and refused: no [[source]] block would make it funnel data.
                    batch.ledger.source = "salesforce-accounts".to_string();
                    let mut refused = refuse_rows(batch, &mut reader, problem);
                    refused.ledger.rows += 1;
                    refused.ledger.rejected += 1;
                    return refused;
                }
            }
            break;
        }
        preamble.push(record.clone());
        previous = Some(cells);
    }
    let Some((header, matched)) = found else {
        // Unrecognised: show the widest early record as the header, and count the rest as rows.
        let widest = preamble
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| (r.len(), usize::MAX - i))
            .map(|(i, _)| i);
        let Some(h) = widest else {
            return unreadable(batch, "has no header line".to_string());
        };
        let header: Vec<String> = preamble[h]
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let problem = match formats::recognise(&candidates_for_file, &header) {
            Recognition::Unrecognised(Some(m)) => format!(
                "header not recognised: it looks like {} but lacks {}",
                m.profile,
                m.missing.join(", ")
            ),
            _ => "header not recognised: no profile matches it".to_string(),
        };
        // No profile knew the line: it may be a first data row, a person's name and email.
        match crate::input::privacy::hidden_line(&header, ctx.show_people) {
            Some(note) => {
                batch.ledger.problem = Some(format!(
                    "{problem}; its first line holds {note}, so it may be a data row: put back the header line the export had"
                ));
            }
            None => {
                batch.ledger.problem = Some(problem);
                batch.ledger.header = header;
            }
        }
        let mut rows = (preamble.len() - h - 1) as u64;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => rows += 1,
                Err(e) if crate::input::parse::longline::is_long(&e) => {
                    if let Some(p) = batch.ledger.problem.as_mut() {
                        p.push_str("; rows counted up to a line longer than 1 MiB");
                    }
                    break;
                }
                _ => break,
            }
        }
        batch.ledger.rows = rows;
        batch.ledger.rejected = rows;
        batch
            .ledger
            .skipped_lines("preamble lines before the header", h as u64);
        return batch;
    };
    batch
        .ledger
        .skipped_lines("preamble lines before the header", preamble.len() as u64);
    let prof = matched.profile;
    if ctx.passes_by(&matched) {
        defer(&mut batch, &matched, ctx);
        if samples(&matched, ctx) {
            let mut next = || {
                let mut r = csv::ByteRecord::new();
                matches!(reader.read_byte_record(&mut r), Ok(true)).then_some(r)
            };
            batch.sample = Some(KeySample::of(&mut next, &matched.map));
        }
        return batch;
    }
    // Date columns start in the profile's order, unless a first reading showed otherwise.
    let orders = forced.map_or([prof.date_order; FIELD_COUNT], |r| r.orders);
    batch.ledger.header = header;
    batch.ledger.source = prof.id.clone();
    batch.ledger.entity = Some(prof.entity);
    batch.subscribers = prof.subscribers;
    batch.ledger.ignored_columns = matched.ignored.clone();
    let range = if let Some(by_day) = prof.range_in_preamble
        && matched.map.get(formats::Field::Date).is_empty()
    {
        match preamble::range(&preamble, by_day, prof.date_order) {
            Ok((from, to)) => {
                batch.ledger.fact(format!(
                    "every row covers {from} to {to}, the report's date range before its header"
                ));
                Some((from, to))
            }
            Err(problem) => return refuse_rows(batch, &mut reader, problem),
        }
    } else {
        None
    };
    if let Some(part) = formats::builtin::google_part(&prof.id) {
        batch.ledger.fact(format!(
            "{part}; the campaign report has the account's whole spend (one report per account, lest its spend count twice)"
        ));
    }
    if prof.entity == Entity::Opportunity
        && !matched.gives(formats::Field::CreatedAt)
        && !matched.gives(formats::Field::CloseDate)
    {
        let problem = format!(
            "deals without dates: the export has no creation or close date column, so no deal can be placed in a month; add the deals' create date and close date to the export ({}) and export again",
            match prof.id.as_str() {
                id if id.starts_with("hubspot") || id == "report-opportunities" => {
                    "in HubSpot: Edit columns, add Create Date and Close Date"
                }
                _ => "the created and close date columns",
            }
        );
        let mut refused = refuse_rows(batch, &mut reader, problem);
        // The first row, read to know the file by its ids, is refused too.
        let read = u64::from(data_at.is_some());
        refused.ledger.rows += read;
        refused.ledger.rejected += read;
        return refused;
    }
    for r in &matched.repeated {
        batch.ledger.fact(format!(
            "column {r:?} appears more than once; in each row the first non-empty one is used"
        ));
    }
    batch.fields = ALL_FIELDS
        .iter()
        .copied()
        .filter(|f| matched.gives(*f))
        .collect();
    let hints = crate::input::formats::view::hint_columns(&matched.map, batch.ledger.header.len());
    let numbers = crate::input::marks::Numbers::new(
        prof,
        &matched.map,
        batch.ledger.header.len(),
        forced.map(|r| r.marks),
    );
    let view = FileView {
        profile: prof,
        map: matched.map,
        header: batch.ledger.header.clone(),
        header_currency: matched.header_currency,
        orders,
        evidence: crate::input::formats::view::no_evidence(),
        hints,
        range,
        show_people: ctx.show_people,
        numbers,
    };
    // A large file is read in pieces on every core when it splits cleanly at record boundaries.
    let at = data_at.unwrap_or_else(|| reader.position().clone());
    let (data, start) = (text.start + at.byte(), data_start(text, &at));
    let chunked = crate::input::pieces::read_in_chunks(
        text, data, start, delimiter, &view, &mut batch, ctx, index,
    );
    let mut tail = Tail::default();
    let mut end_state = (None, 0);
    if !chunked {
        // Size the record list once from the file's size and its first lines, instead of
        // doubling (and copying) it as rows arrive.
        let size = text.size.saturating_sub(data);
        let expected = (size / line_len as u64).min(50_000_000) as usize;
        match prof.entity {
            Entity::Lead => batch.leads.reserve(expected),
            Entity::Opportunity => batch.opportunities.reserve(expected),
            Entity::Spend => batch.spend.reserve(expected),
            Entity::Touch => batch.touches.reserve(expected),
        }
        // The rows after the header are read from the text again, by the reader that places
        // each on its own line (the csv reader, which read the header, places a row a line early
        // after a CRLF line end or blank lines).
        let rest = match text.open(data, text.size) {
            Ok(rest) => rest,
            Err(e) => return unreadable(batch, format!("cannot be read after its header: {e}")),
        };
        let watch = crate::input::parse::quotes::QuoteWatch::on_line(rest, delimiter, start);
        let mut rows = crate::input::parse::records::FastRecords::new(watch, delimiter, start);
        tail = read_rows(&mut rows, &mut batch, &view, ctx, index);
        let watch = rows.get_ref();
        end_state = (watch.unclosed(), watch.lines());
    }
    let (pending, held, have_held) = (tail.pending, tail.held, tail.have_held);
    let (unclosed, lines) = end_state;
    match unclosed.filter(|_| !chunked) {
        Some(open) if have_held && pending.is_empty() => {
            let line = held.line();
            batch.ledger.rows += 1;
            batch.ledger.reject(
                line,
                format!(
                    "a quote opened on line {open} is never closed, so lines {open} to {lines} were read as one value; close the quote (or double it) and export again"
                ),
            );
        }
        Some(open) => {
            batch.ledger.problem = Some(format!(
                "a quote opened on line {open} is never closed; everything after it was read as one value"
            ));
            if have_held {
                take_row(&mut batch, &view, &held, ctx, index);
            }
        }
        None if have_held => take_row(&mut batch, &view, &held, ctx, index),
        None => {}
    }
    batch
        .ledger
        .skipped_lines("footer lines after the data", pending.len() as u64);
    // A column's date order is judged on all its values; if they contradict the order used, the
    // file is read again with the order they demand.
    let mut corrected = orders;
    let mut changed = false;
    // The order the file's dates tell when its columns that tell agree: a column whose every
    // value fits both orders takes it (a report's `01/02/2025` start beside its `28/02/2025` end).
    let temporal = || ALL_FIELDS.iter().copied().filter(|f| f.is_temporal());
    let hinted = view.evidence.get(crate::input::formats::view::HINTS);
    let mut told = temporal()
        .filter_map(|f| view.evidence[f as usize].get().verdict())
        .chain(hinted.and_then(|e| e.get().verdict()));
    let file_order = told.next().filter(|first| told.all(|o| o == *first));
    let mut adopted = Vec::new();
    let mut unread = Vec::new();
    for f in temporal() {
        let ev = view.evidence[f as usize].get();
        match ev.verdict() {
            Some(o) if o != orders[f as usize] && prof.date_format.is_none() => {
                corrected[f as usize] = o;
                changed = true;
            }
            None if ev.day_first > 0 && ev.month_first > 0 => {
                batch.ledger.fact(format!(
                    "{} mixes day-first and month-first dates; rows that fit neither were rejected",
                    f.name()
                ));
            }
            _ if ev.ambiguous > 0
                && ev.day_first == 0
                && ev.month_first == 0
                && prof.date_format.is_none()
                && file_order.is_some() =>
            {
                let o = file_order.expect("some");
                if o != orders[f as usize] {
                    corrected[f as usize] = o;
                    changed = true;
                    adopted.push(f);
                }
            }
            // A column none of whose values was read (a range's end, on rows whose start failed
            // in the order first tried) takes the file's order too, silently.
            _ if ev == OrderEvidence::default()
                && view.map.has(f)
                && prof.date_format.is_none()
                && file_order.is_some_and(|o| o != orders[f as usize]) =>
            {
                corrected[f as usize] = file_order.expect("some");
                unread.push(f);
            }
            _ if ev.ambiguous > 0 && ev.day_first == 0 && ev.month_first == 0 => {
                let o = orders[f as usize];
                batch.ledger.fact(format!(
                    "{}: every date fits both day-first and month-first; read as {} (set date_order in baton.toml if that is wrong)",
                    f.name(),
                    o.name()
                ));
            }
            _ => {}
        }
    }
    // A money column's decimal mark too is judged on all its values (`input::marks`).
    let marks = view.numbers.marks;
    let mut corrected_marks = marks;
    let decisions =
        crate::input::marks::decide(&view.numbers, prof, view.header_currency, file_order);
    for d in &decisions {
        if d.mark != marks[d.field as usize] {
            corrected_marks[d.field as usize] = d.mark;
            changed = true;
        }
    }
    let round = forced.map_or(0, |r| r.round);
    if changed && round < 2 {
        let mut again = reread(Readings {
            orders: corrected,
            marks: corrected_marks,
            round: round + 1,
        });
        for f in ALL_FIELDS
            .iter()
            .filter(|f| corrected[**f as usize] != orders[**f as usize] && !unread.contains(f))
        {
            let why = if adopted.contains(f) {
                "the file's other dates say so"
            } else {
                "its values say so"
            };
            again.ledger.fact(format!(
                "{} read {} ({why})",
                f.name(),
                corrected[*f as usize].name()
            ));
        }
        for d in decisions
            .iter()
            .filter(|d| d.why == Why::Values && d.mark != marks[d.field as usize])
        {
            again.ledger.fact(format!(
                "{} read with {} (its values say so)",
                d.field.name(),
                d.mark.name()
            ));
        }
        return again;
    }
    for d in &decisions {
        match d.statement() {
            Some((text, true)) => batch.ledger.warn(text),
            Some((text, false)) => batch.ledger.fact(text),
            None => {}
        }
    }
    batch.seal_texts();
    batch
}

/// Where the data after the header starts (at `at`, as the csv reader that read the header has
/// it), as lines are counted (`lines::LineCount`): the csv reader's own count of lines knows
/// none that a carriage return alone ends.
fn data_start(text: &crate::input::pieces::FileText, at: &csv::Position) -> LineCount {
    let mut before = Vec::new();
    let to = text.start + at.byte();
    match text
        .open(text.start, to)
        .and_then(|mut r| r.read_to_end(&mut before))
    {
        Ok(_) => LineCount::after(&before),
        Err(_) => LineCount::at(at.line()),
    }
}

/// A recognised file none of whose rows can be used: every non-blank record after the header
/// is counted as rejected, with the file's problem as the reason.
fn refuse_rows<R: Read>(mut batch: Batch, reader: &mut csv::Reader<R>, problem: String) -> Batch {
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    let mut totals = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        if is_total_line(record.iter()) {
            totals += 1;
        } else if record.iter().any(|c| !c.trim_ascii().is_empty()) {
            rows += 1;
        }
    }
    batch.ledger.skipped_lines("report total rows", totals);
    batch.ledger.problem = Some(problem);
    batch.ledger.rows = rows;
    batch.ledger.rejected = rows;
    batch
}

fn unreadable(mut batch: Batch, problem: String) -> Batch {
    batch.ledger.source = "unreadable".to_string();
    batch.ledger.problem = Some(problem);
    batch
}

mod preamble;
pub(crate) mod sample;
#[cfg(test)]
mod tests;
