//! Chunk: read a large file in pieces on every core, cut at record boundaries.
//!
//! A large UTF-8 file is cut after the first line end past every `chunk_bytes()`; each piece is
//! parsed by its own reader into its own batch, and the pieces are merged in file order, giving
//! what one reader would have given (labels, lines, rejects, notes, date evidence). A cut inside
//! a quoted value (the piece before it ends inside quotes), a read error or an unclosed quote in
//! any piece sends the file back to the single reader, which then says what is wrong.

use crate::datetime::OrderEvidence;
use crate::ledger::{FileLedger, REJECT_EXAMPLES};
use crate::normalize::{FileView, RowContext};
use crate::quotes::QuoteWatch;
use crate::read::{Batch, Tail, open_reader, read_rows, take_row};
use rayon::prelude::*;
use std::cell::Cell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file on disk whose text is its bytes from `start` (after a byte-order mark) to `size`.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub start: u64,
    pub size: u64,
}

/// The size of a piece: `BATON_CHUNK_BYTES` when set (for tests and tuning), else 8 MiB.
pub fn chunk_bytes() -> u64 {
    static BYTES: OnceLock<u64> = OnceLock::new();
    *BYTES.get_or_init(|| {
        std::env::var("BATON_CHUNK_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n: &u64| n > 0)
            .unwrap_or(8 << 20)
    })
}

/// Files up to this size are read whole, so that their encoding is judged on every byte:
/// 32 MiB, or four pieces when pieces are made smaller.
pub fn whole_file_limit() -> u64 {
    (32 << 20).min(4 * chunk_bytes())
}

/// One piece read: its records, what it left untaken at its end, and how many lines it held.
struct Piece {
    batch: Batch,
    evidence: Vec<OrderEvidence>,
    /// Single-value rows after its last full row: footers, unless a later piece has rows.
    trailing: Vec<csv::ByteRecord>,
    has_rows: bool,
    lines: u64,
    /// Whether it ends with a whole record (the last piece: with no quote left open).
    clean_end: bool,
}

/// Reads the data rows of `src` (which start at `at`, just after the header) in pieces on every
/// core into `batch`. Returns false, leaving `batch` untouched, when the file is too small to
/// split or does not split cleanly; the caller then reads it with one reader.
pub fn read_in_chunks(
    src: &Source,
    at: &csv::Position,
    delimiter: u8,
    view: &FileView,
    batch: &mut Batch,
    ctx: &RowContext,
    index: u32,
) -> bool {
    let start = src.start + at.byte();
    let size = chunk_bytes();
    if src.size.saturating_sub(start) < 2 * size {
        return false;
    }
    let Ok(mut cuts) = find_cuts(&src.path, start, src.size, size) else {
        return false;
    };
    if cuts.len() < 3 {
        return false;
    }
    let (profile, map, header) = (view.profile, &view.map, &view.header);
    let (header_currency, orders) = (view.header_currency, view.orders);
    let end = src.size;
    let read = |from: u64, to: u64| {
        let own = FileView {
            profile,
            map: map.clone(),
            header: header.clone(),
            header_currency,
            orders,
            evidence: (0..orders.len())
                .map(|_| Cell::new(OrderEvidence::default()))
                .collect(),
        };
        read_piece(&src.path, from, to, delimiter, &own, ctx, index, to == end)
    };
    let first: Vec<Option<Piece>> = cuts.par_windows(2).map(|w| read(w[0], w[1])).collect();
    // A piece that ends inside a quoted value was cut in the wrong place: it is read again
    // together with the next one (the next one's own reading started mid-value and is dropped).
    let mut pieces = Vec::with_capacity(first.len());
    let mut i = 0;
    let mut current = first.into_iter();
    let mut piece = current.next().flatten();
    let pieces = loop {
        let Some(p) = piece else { break None };
        if p.clean_end {
            pieces.push(p);
            i += 1;
            if i + 1 == cuts.len() {
                break Some(pieces);
            }
            piece = current.next().flatten();
        } else if i + 2 < cuts.len() {
            current.next();
            cuts.remove(i + 1);
            piece = read(cuts[i], cuts[i + 1]);
        } else {
            break None;
        }
    };
    let name = src.path.file_name().unwrap_or_default().to_string_lossy();
    let timings = crate::timing::enabled();
    match pieces {
        Some(pieces) => {
            if timings {
                eprintln!("baton: timing: {name} read in {} pieces", pieces.len());
            }
            merge(pieces, at.line().saturating_sub(1), view, batch, ctx, index);
            true
        }
        None => {
            if timings {
                eprintln!("baton: timing: {name} read by one reader (it does not split cleanly)");
            }
            false
        }
    }
}

/// Offsets from `start` to `end` cut just after a line end, about `piece` bytes apart.
fn find_cuts(path: &Path, start: u64, end: u64, piece: u64) -> std::io::Result<Vec<u64>> {
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut cuts = vec![start];
    let mut at = start + piece;
    'cuts: while at < end {
        file.seek(SeekFrom::Start(at))?;
        let mut pos = at;
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break 'cuts;
            }
            if let Some(k) = memchr::memchr(b'\n', &buf[..n]) {
                let cut = pos + k as u64 + 1;
                if cut >= end {
                    break 'cuts;
                }
                cuts.push(cut);
                at = cut + piece;
                break;
            }
            pos += n as u64;
        }
    }
    cuts.push(end);
    Ok(cuts)
}

/// Reads bytes `from..to` of the file as rows; `None` when they cannot be read or parsed.
#[allow(clippy::too_many_arguments)]
fn read_piece(
    path: &Path,
    from: u64,
    to: u64,
    delimiter: u8,
    view: &FileView,
    ctx: &RowContext,
    index: u32,
    last: bool,
) -> Option<Piece> {
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut reader = open_reader(QuoteWatch::new(file.take(to - from), delimiter), delimiter);
    let mut batch = Batch {
        ledger: FileLedger::new(""),
        ..Batch::default()
    };
    let Tail {
        pending,
        held,
        have_held,
    } = read_rows(&mut reader, &mut batch, view, ctx, index);
    if batch.ledger.problem.is_some() {
        return None;
    }
    let watch = reader.get_ref();
    let clean_end = if last {
        watch.unclosed().is_none()
    } else {
        watch.at_record_end()
    };
    if have_held {
        take_row(&mut batch, view, &held, ctx, index);
    }
    Some(Piece {
        batch,
        evidence: view.evidence.iter().map(Cell::get).collect(),
        trailing: pending,
        has_rows: have_held,
        lines: watch.lines(),
        clean_end,
    })
}

/// Moves the pieces into `batch` in order, with their lines counted from the file's start.
fn merge(
    pieces: Vec<Piece>,
    first_offset: u64,
    view: &FileView,
    batch: &mut Batch,
    ctx: &RowContext,
    index: u32,
) {
    let total = |n: fn(&Batch) -> usize| pieces.iter().map(|p| n(&p.batch)).sum::<usize>();
    batch.leads.reserve(total(|b| b.leads.len()));
    batch
        .opportunities
        .reserve(total(|b| b.opportunities.len()));
    batch.spend.reserve(total(|b| b.spend.len()));
    batch.touches.reserve(total(|b| b.touches.len()));
    // Whether some piece after each one has a full row (its trailing rows are then not footers).
    let mut rows_after = vec![false; pieces.len()];
    for i in (0..pieces.len().saturating_sub(1)).rev() {
        rows_after[i] = rows_after[i + 1] || pieces[i + 1].has_rows;
    }
    let mut offset = first_offset;
    for (piece, rows_after) in pieces.into_iter().zip(rows_after) {
        for (cell, ev) in view.evidence.iter().zip(&piece.evidence) {
            let mut sum = cell.get();
            sum.day_first += ev.day_first;
            sum.month_first += ev.month_first;
            sum.ambiguous += ev.ambiguous;
            cell.set(sum);
        }
        absorb(batch, piece.batch, offset);
        if rows_after {
            for mut record in piece.trailing {
                if let Some(mut p) = record.position().cloned() {
                    p.set_line(p.line() + offset);
                    record.set_position(Some(p));
                }
                take_row(batch, view, &record, ctx, index);
            }
        } else {
            let footers = piece.trailing.len() as u64;
            batch
                .ledger
                .skipped_lines("footer lines after the data", footers);
        }
        offset += piece.lines;
    }
}

/// Appends one piece's records and counts to `batch`, its lines moved down by `offset`.
fn absorb(batch: &mut Batch, piece: Batch, offset: u64) {
    let map = batch.labels.absorb(&piece.labels);
    batch.leads.extend(piece.leads.into_iter().map(|mut l| {
        map.lead(&mut l);
        l.origin.line += offset;
        l
    }));
    batch
        .opportunities
        .extend(piece.opportunities.into_iter().map(|mut o| {
            map.opportunity(&mut o);
            o.origin.line += offset;
            o
        }));
    batch.spend.extend(piece.spend.into_iter().map(|mut s| {
        map.spend(&mut s);
        s.origin.line += offset;
        s
    }));
    batch.touches.extend(piece.touches.into_iter().map(|mut t| {
        map.touch(&mut t);
        t
    }));
    batch.touches_unmatched += piece.touches_unmatched;
    let (to, from) = (&mut batch.ledger, piece.ledger);
    to.rows += from.rows;
    to.blank += from.blank;
    to.rejected += from.rejected;
    let room = REJECT_EXAMPLES.saturating_sub(to.rejects.len());
    to.rejects
        .extend(from.rejects.into_iter().take(room).map(|mut r| {
            r.line += offset;
            r
        }));
    for (note, n) in from.notes {
        *to.notes.entry(note).or_default() += n;
    }
    for (kind, n) in from.skipped {
        *to.skipped.entry(kind).or_default() += n;
    }
    for fact in from.facts {
        to.fact(fact);
    }
    for t in [from.first_instant, from.last_instant]
        .into_iter()
        .flatten()
    {
        to.span_instant(t);
    }
    for d in [from.first_date, from.last_date].into_iter().flatten() {
        to.span(d);
    }
}
