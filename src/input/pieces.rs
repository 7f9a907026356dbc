//! Pieces: read a large file in pieces on every core, cut at record boundaries.
//!
//! A UTF-8 file of a few megabytes or more is cut after the first line end past every
//! `piece_bytes()` (at most 4 MiB, smaller towards the end); each piece is parsed by its own
//! reader into its own batch, and the pieces are merged in file order, giving what one reader
//! would have given (labels, lines, rejects, notes, date evidence). A cut inside a quoted value
//! (the piece before it ends inside quotes) moves to the next cut; a read error or an unclosed
//! quote in any piece sends the file back to the single reader, which then says what is wrong.

use crate::base::datetime::OrderEvidence;
use crate::input::formats::view::FileView;
use crate::input::normalize::RowContext;
use crate::input::parse::lines::LineCount;
use crate::input::parse::quotes::QuoteWatch;
use crate::input::parse::records::{FastRecords, Record};
use crate::input::rows::{Batch, Tail, read_rows, take_row};
use crate::model::Entity;
use crate::model::ledger::{FileLedger, REJECT_EXAMPLES};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

/// A file's text, to read in pieces: its bytes on disk from `start` (after a byte-order mark) to
/// `size`, or the text already read whole (then `start` is 0 and `size` its length).
#[derive(Clone, Debug)]
pub struct FileText {
    pub path: PathBuf,
    pub start: u64,
    pub size: u64,
    /// The text of a file read whole (to judge its encoding on every byte), which the pieces
    /// then read instead of the disk.
    pub text: Option<Shared>,
}

/// Text read whole, shared by the reader of its header and by the pieces.
#[derive(Clone, Debug)]
pub struct Shared(pub Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl FileText {
    /// Bytes `from..to` of the text.
    pub fn open(&self, from: u64, to: u64) -> std::io::Result<Box<dyn Read + Send>> {
        match &self.text {
            Some(text) => {
                let mut c = Cursor::new(text.clone());
                c.set_position(from);
                Ok(Box::new(c.take(to - from)))
            }
            None => {
                let mut file = File::open(&self.path)?;
                file.seek(SeekFrom::Start(from))?;
                Ok(Box::new(file.take(to - from)))
            }
        }
    }
}

/// `BATON_CHUNK_BYTES`, when set to a size (for tests and tuning).
fn chunk_setting() -> Option<u64> {
    static BYTES: OnceLock<Option<u64>> = OnceLock::new();
    *BYTES.get_or_init(|| {
        std::env::var("BATON_CHUNK_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n: &u64| n > 0)
    })
}

/// The largest piece: `BATON_CHUNK_BYTES` when set, else 4 MiB. Each core holds a piece's text
/// while it reads it, and up to two pieces' records wait to be merged: at 1M leads, 4 MiB pieces
/// took 3 to 5 MB off the peak, which comes at the end of the touch file, against 8 MiB, in the
/// same time (seven alternate runs each).
pub fn chunk_bytes() -> u64 {
    chunk_setting().unwrap_or(4 << 20)
}

/// The size of the next piece of a file with `len` bytes of data left to cut: `BATON_CHUNK_BYTES`
/// when set, else a quarter of them per core (two pieces each), between 1 MiB and 4 MiB, so that
/// a file of a few megabytes is read on every core too, and the pieces get smaller towards the
/// end, where a core would otherwise wait for the last large one.
fn piece_bytes(len: u64) -> u64 {
    chunk_setting().unwrap_or_else(|| {
        let cores = rayon::current_num_threads().max(1) as u64;
        (len / (2 * cores)).clamp(1 << 20, chunk_bytes())
    })
}

/// Files up to this size are read whole, so that their encoding is judged on every byte:
/// 32 MiB, or four pieces when `BATON_CHUNK_BYTES` makes them smaller than 8 MiB.
pub fn whole_file_limit() -> u64 {
    chunk_setting().map_or(32 << 20, |c| (32 << 20).min(4 * c))
}

/// One piece read: its records, what it left untaken at its end, and how many lines it held.
struct Piece {
    batch: Batch,
    evidence: Vec<OrderEvidence>,
    /// What its amounts said about their decimal mark (`input::marks`).
    numbers: Vec<crate::base::money::MarkEvidence>,
    /// Single-value rows after its last full row: footers, unless a later piece has rows.
    trailing: Vec<Record>,
    has_rows: bool,
    lines: u64,
    /// Whether it ends with a whole record (the last piece: with no quote left open).
    clean_end: bool,
}

/// Reads the data rows of `src` (which start at byte `start`, just after the header, on the line
/// `lines` gives) in pieces on every core into `batch`. Returns false, leaving `batch` untouched,
/// when the file is too small to split or does not split cleanly; the caller then reads it with
/// one reader.
#[allow(clippy::too_many_arguments)]
pub fn read_in_chunks(
    src: &FileText,
    start: u64,
    lines: LineCount,
    delimiter: u8,
    view: &FileView,
    batch: &mut Batch,
    ctx: &RowContext,
    index: u32,
) -> bool {
    let size = piece_bytes(src.size.saturating_sub(start));
    if src.size.saturating_sub(start) < 2 * size {
        return false;
    }
    let Ok(cuts) = find_cuts(src, start, src.size) else {
        return false;
    };
    if cuts.len() < 3 {
        return false;
    }
    let (profile, map, header) = (view.profile, &view.map, &view.header);
    let (header_currency, orders) = (view.header_currency, view.orders);
    let (show_people, hints, range) = (view.show_people, &view.hints, view.range);
    let plan = view.numbers.plan();
    let end = src.size;
    let spare = Spare::default();
    let own_view = || FileView {
        profile,
        map: map.clone(),
        header: header.clone(),
        header_currency,
        orders,
        evidence: crate::input::formats::view::no_evidence(),
        hints: hints.clone(),
        range,
        show_people,
        numbers: plan.start(),
    };
    let read = |from: u64, to: u64| {
        let place = Place {
            from,
            to,
            last: to == end,
            // The first piece starts where the header ends (perhaps in a carriage return whose
            // line end its first byte shows); the others after a line feed.
            lines: if from == start {
                lines.restarted_at_one()
            } else {
                LineCount::at(1)
            },
        };
        read_piece(src, place, delimiter, &own_view(), ctx, index, &spare)
    };
    // If the file turns out not to split cleanly, `batch` is put back as it was.
    let saved = (batch.ledger.clone(), batch.labels.clone());
    // Every core reads the next piece not yet taken, and whichever finishes the piece due next
    // merges it (and any after it already read), so no core waits for a round to end. A core
    // runs at most `ahead` pieces beyond the one due, which bounds the records held beside the
    // merged ones. The merge keeps its own view of the file (its date evidence, and the rows
    // held back as possible footers are read with it), added to `view` once all is merged.
    let pieces = cuts.len() - 1;
    let ahead = 2 * rayon::current_num_threads().max(1);
    let taken = AtomicUsize::new(0);
    let state = Mutex::new(Pipeline {
        batch,
        view: own_view(),
        merger: Merger {
            offset: lines.line().saturating_sub(1),
            held: Vec::new(),
            pieces: 0,
        },
        due: 0,
        read: BTreeMap::new(),
        end: None,
    });
    let ready = Condvar::new();
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    let work = || {
        loop {
            let k = taken.fetch_add(1, Ordering::Relaxed);
            if k >= pieces {
                break;
            }
            let mut st = lock();
            while st.end.is_none() && k > st.due + ahead {
                st = ready.wait(st).unwrap_or_else(|e| e.into_inner());
            }
            if st.end.is_some() {
                break;
            }
            drop(st);
            let piece = read(cuts[k], cuts[k + 1]);
            let mut st = lock();
            // A piece that a moved cut has covered since it was taken is dropped.
            if k >= st.due {
                st.read.insert(k, piece);
                st.merge_due(&cuts, &read, ctx, index, &spare);
            }
            drop(st);
            ready.notify_all();
        }
    };
    rayon::scope(|s| {
        for _ in 1..rayon::current_num_threads() {
            s.spawn(|_| work());
        }
        work();
    });
    let Pipeline {
        batch,
        view: merged_view,
        merger,
        end: outcome,
        ..
    } = state.into_inner().unwrap_or_else(|e| e.into_inner());
    let clean = outcome == Some(true);
    let name = src.path.file_name().unwrap_or_default().to_string_lossy();
    let timings = crate::base::timing::enabled();
    if clean {
        if timings {
            eprintln!("baton: timing: {name} read in {} pieces", merger.pieces);
        }
        for (cell, ev) in view.evidence.iter().zip(&merged_view.evidence) {
            cell.set(cell.get().plus(ev.get()));
        }
        view.numbers.add(&merged_view.numbers.counts());
        let footers = merger.held.len() as u64;
        batch
            .ledger
            .skipped_lines("footer lines after the data", footers);
        true
    } else {
        if timings {
            eprintln!("baton: timing: {name} read by one reader (it does not split cleanly)");
        }
        let (ledger, labels) = saved;
        batch.ledger = ledger;
        batch.labels = labels;
        batch.leads = Vec::new();
        batch.updates = Default::default();
        batch.texts = Default::default();
        batch.sealed = 0;
        batch.opportunities = Vec::new();
        batch.spend = Vec::new();
        batch.touches = Vec::new();
        batch.touches_unmatched = 0;
        batch.companies = Default::default();
        batch.emails = false;
        false
    }
}

/// The merging side of a chunked read, behind its lock.
struct Pipeline<'b, 'v> {
    batch: &'b mut Batch,
    view: FileView<'v>,
    merger: Merger,
    /// The piece to merge next.
    due: usize,
    /// Pieces read and not yet merged (`None`: a piece that could not be read).
    read: BTreeMap<usize, Option<Piece>>,
    /// Set when all is merged (true) or the file must go to one reader (false).
    end: Option<bool>,
}

impl Pipeline<'_, '_> {
    /// Merges the due piece and those after it that are read. A piece that ends inside a quoted
    /// value moves the cut: it is read again up to the next cut, and further, until it ends
    /// cleanly (the pieces it then covers are dropped when they come); a piece that cannot be
    /// read, or a quote still open at the end of the file, sends the file to one reader.
    fn merge_due(
        &mut self,
        cuts: &[u64],
        read: &(dyn Fn(u64, u64) -> Option<Piece> + Sync),
        ctx: &RowContext,
        index: u32,
        spare: &Spare,
    ) {
        let last = cuts.len() - 1;
        while self.end.is_none() {
            let Some(piece) = self.read.remove(&self.due) else {
                break;
            };
            let mut to = self.due + 1;
            let mut piece = piece;
            while let Some(p) = &piece
                && !p.clean_end
            {
                to += 1;
                piece = if to <= last {
                    read(cuts[self.due], cuts[to])
                } else {
                    None
                };
            }
            let Some(piece) = piece else {
                self.end = Some(false);
                break;
            };
            let reach = MergeProgress {
                done: cuts[to] - cuts[0],
                total: cuts[last] - cuts[0],
            };
            self.merger
                .add(piece, reach, &self.view, self.batch, ctx, index, spare);
            self.due = to;
            self.read.retain(|&k, _| k >= to);
            if self.due == last {
                self.end = Some(true);
            }
        }
    }
}

/// Where the pieces of bytes `start..end` begin (and where the last ends): at the first line
/// start past each piece's size (`piece_bytes` of what is left).
fn find_cuts(src: &FileText, start: u64, end: u64) -> std::io::Result<Vec<u64>> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut cuts = vec![start];
    let mut at = start + piece_bytes(end - start);
    'cuts: while at < end {
        let mut text = src.open(at, end)?;
        let mut pos = at;
        loop {
            let n = text.read(&mut buf)?;
            if n == 0 {
                break 'cuts;
            }
            if let Some(k) = memchr::memchr(b'\n', &buf[..n]) {
                let cut = pos + k as u64 + 1;
                if cut >= end {
                    break 'cuts;
                }
                cuts.push(cut);
                at = cut + piece_bytes(end - cut);
                break;
            }
            pos += n as u64;
        }
    }
    cuts.push(end);
    Ok(cuts)
}

/// Where a piece lies in its file: from and to (bytes), and whether it is the file's last.
#[derive(Clone, Copy)]
struct Place {
    from: u64,
    to: u64,
    last: bool,
    /// Where its first byte is, as lines are counted in the piece.
    lines: LineCount,
}

/// The lead and touch vectors of pieces already merged (the two kinds large files hold),
/// emptied, for the next pieces to fill: their memory is then written once per file instead of
/// once per piece (each fresh page is a fault the kernel must zero).
#[derive(Default)]
struct Spare {
    leads: Mutex<Vec<Vec<crate::model::Lead>>>,
    touches: Mutex<Vec<Vec<crate::model::Touch>>>,
    /// The bytes of a record in the pieces merged so far, in 256ths (0 before the first merge).
    record_bytes: AtomicU64,
}

impl Spare {
    fn take<T>(pool: &Mutex<Vec<Vec<T>>>) -> Vec<T> {
        pool.lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    /// Notes that `records` records were merged from the first `bytes` bytes.
    fn learn(&self, records: usize, bytes: u64) {
        if records > 0 {
            let per = u128::from(bytes) * 256 / records as u128;
            let per = u64::try_from(per).unwrap_or(u64::MAX).max(1);
            self.record_bytes.store(per, Ordering::Relaxed);
        }
    }

    /// A vector from `pool` sized for the records of `bytes` bytes of the file and a 16th more,
    /// as the pieces merged so far foretell (grown by doubling, as read, before the first merge):
    /// the pieces read ahead of the merge then hold no doubling's unused half.
    fn take_for<T>(&self, pool: &Mutex<Vec<Vec<T>>>, bytes: u64) -> Vec<T> {
        let mut v = Self::take(pool);
        let per = self.record_bytes.load(Ordering::Relaxed);
        if per == 0 {
            return v;
        }
        let n = usize::try_from(u128::from(bytes) * 256 / u128::from(per)).unwrap_or(0);
        let want = n.saturating_add(n / 16);
        if v.capacity() > want.saturating_add(want / 4) {
            v.shrink_to(want);
        }
        if v.try_reserve_exact(want).is_err() {
            v.shrink_to(0);
        }
        v
    }

    fn give<T>(pool: &Mutex<Vec<Vec<T>>>, mut v: Vec<T>) {
        v.clear();
        if v.capacity() > 0
            && let Ok(mut p) = pool.lock()
        {
            p.push(v);
        }
    }
}

/// Reads the piece at `place` in the text as rows, into vectors `spare` hands out; `None` when
/// they cannot be read or parsed.
fn read_piece(
    src: &FileText,
    place: Place,
    delimiter: u8,
    view: &FileView,
    ctx: &RowContext,
    index: u32,
    spare: &Spare,
) -> Option<Piece> {
    let Place {
        from,
        to,
        last,
        lines,
    } = place;
    let text = src.open(from, to).ok()?;
    let watch = QuoteWatch::on_line(text, delimiter, lines);
    let mut reader = FastRecords::new(watch, delimiter, lines);
    let mut batch = Batch {
        ledger: FileLedger::new(""),
        ..Batch::default()
    };
    // A file holds one kind of record: only its vector is taken.
    match view.profile.entity {
        Entity::Lead => batch.leads = spare.take_for(&spare.leads, to - from),
        Entity::Touch => batch.touches = spare.take_for(&spare.touches, to - from),
        Entity::Opportunity | Entity::Spend => {}
    }
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
    batch.seal_texts();
    Some(Piece {
        batch,
        evidence: view.evidence.iter().map(Cell::get).collect(),
        numbers: view.numbers.counts(),
        trailing: pending,
        has_rows: have_held,
        lines: watch.lines(),
        clean_end,
    })
}

/// Merges pieces into a batch in file order, with their lines counted from the file's start.
struct Merger {
    /// Lines before the next piece.
    offset: u64,
    /// Single-value rows after the last full row so far: taken if a full row follows them,
    /// footers otherwise (their lines already counted from the file's start).
    held: Vec<Record>,
    pieces: usize,
}

impl Merger {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        piece: Piece,
        reach: MergeProgress,
        view: &FileView,
        batch: &mut Batch,
        ctx: &RowContext,
        index: u32,
        spare: &Spare,
    ) {
        for (cell, ev) in view.evidence.iter().zip(&piece.evidence) {
            cell.set(cell.get().plus(*ev));
        }
        view.numbers.add(&piece.numbers);
        if piece.has_rows {
            for record in std::mem::take(&mut self.held) {
                take_row(batch, view, &record, ctx, index);
            }
        }
        absorb(batch, piece.batch, self.offset, reach, spare);
        for mut record in piece.trailing {
            record.set_line(record.line() + self.offset);
            self.held.push(record);
        }
        self.offset += piece.lines;
        self.pieces += 1;
    }
}

/// How far the merged pieces reach into the file's data, in bytes.
#[derive(Clone, Copy)]
struct MergeProgress {
    done: u64,
    total: u64,
}

/// Makes room for `more` records after those of a list that a file's pieces fill: the first
/// time, for as many as the whole file will hold by the pieces so far and a 32nd more; after
/// that, an eighth more at a time. Never double: a list of touches grown by doubling held
/// 22 MB it never used at 1M leads, at the moment memory peaks.
fn make_room<T>(list: &mut Vec<T>, more: usize, reach: MergeProgress) {
    let need = list.len() + more;
    if need <= list.capacity() {
        return;
    }
    let whole = need as u128 * u128::from(reach.total) / u128::from(reach.done.max(1));
    let foretold = usize::try_from(whole + whole / 32).unwrap_or(need);
    let want = need.max(foretold).max(list.len() + list.len() / 8);
    // A foretelling too large for memory (pieces of very unlike rows) falls back to the need.
    if list.try_reserve_exact(want - list.len()).is_err() {
        list.reserve(more);
    }
}

/// Appends one piece's records and counts to `batch`, its lines moved down by `offset`.
fn absorb(batch: &mut Batch, mut piece: Batch, offset: u64, reach: MergeProgress, spare: &Spare) {
    let (labels, records) = piece.parts();
    batch.labels.take_in(labels, records);
    make_room(&mut batch.leads, piece.leads.len(), reach);
    batch.updates.append(batch.leads.len(), piece.updates);
    batch.leads.append(&mut piece.leads);
    Spare::give(&spare.leads, std::mem::take(&mut piece.leads));
    make_room(&mut batch.opportunities, piece.opportunities.len(), reach);
    batch
        .opportunities
        .extend(piece.opportunities.into_iter().map(|mut o| {
            o.origin = o.origin.moved(offset);
            o
        }));
    make_room(&mut batch.spend, piece.spend.len(), reach);
    batch.spend.extend(piece.spend.into_iter().map(|mut s| {
        s.origin = s.origin.moved(offset);
        s
    }));
    make_room(&mut batch.touches, piece.touches.len(), reach);
    batch.touches.append(&mut piece.touches);
    Spare::give(&spare.touches, std::mem::take(&mut piece.touches));
    // A file holds one kind of record.
    let records = [
        batch.leads.len(),
        batch.opportunities.len(),
        batch.spend.len(),
    ];
    spare.learn(
        records.iter().sum::<usize>() + batch.touches.len(),
        reach.done,
    );
    batch.touches_unmatched += piece.touches_unmatched;
    batch.companies.extend(piece.companies);
    batch.emails |= piece.emails;
    let (to, from) = (&mut batch.ledger, piece.ledger);
    to.rows += from.rows;
    to.blank += from.blank;
    to.rejected += from.rejected;
    to.future += from.future;
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

#[cfg(test)]
mod tests;
