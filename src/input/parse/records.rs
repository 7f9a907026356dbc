//! Records: the data rows of a file (or of a piece of one), each placed on the line where it
//! starts; plain lines, and lines quoted as exports quote them, split sixteen or eight bytes at a
//! time, the rest by the csv crate's parser.
//!
//! Machine-written exports are mostly lines of plain values: no quote, and no carriage return
//! but the one before each line feed. Such a line is its fields between delimiters, found sixteen
//! bytes at a time (SSE2, on x86-64) or a word at a time, and it becomes a `Record` as it stands:
//! copied in one move, with its delimiters' places noted (about 350 instructions a row of the
//! benchmark a word at a time, a quarter less by sixteen; a `csv::ByteRecord`, which copies field
//! by field, took 775, and the csv crate's byte-by-byte state machine about 1,100). HubSpot and
//! Salesforce quote every value: a line whose quotes each open a value at its start and close it
//! before a delimiter or the line's end (`"a","b,c",,d`) is kept as it stands too, each value's
//! start and end noted (`split_quoted`). Any other line holding a quote, and a lone carriage
//! return, is read by `csv_core` (the csv crate's own parser, with the csv reader's settings) for
//! as many bytes as its record takes, and the lines after it resume; so every record's fields are
//! the csv crate's (differential tests read random text, and random quoted text, both ways).
//!
//! Lines are counted here, as an editor shows them (`lines::LineCount`), by the line ends before
//! each record's first byte: the csv reader places a record on the line after the last record's
//! line feed, which after a CRLF line end or blank lines is a line too early (a bad value on
//! line 2 of a Windows export was reported on line 1, the header), and counts no line in a file
//! whose lines end in carriage returns alone.

use crate::input::parse::lines::LineCount;
use std::io::{self, Read};
use std::ops::Range;

/// One data record: its fields side by side with one ASCII byte between each two (a plain line
/// is copied as it is, delimiters and all, in one move), or for a quoted line the line as it is
/// with each field's start noted too; and the line where it starts. As the bytes between fields
/// are ASCII, a record that is valid UTF-8 has every field valid UTF-8.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`; the next starts one byte after, unless `starts` says.
    ends: Vec<usize>,
    /// Where each field starts, for a quoted line kept as it is (`split_quoted`: its values lie
    /// between quotes, not one byte apart); empty otherwise.
    starts: Vec<usize>,
    line: u64,
    /// Whether `bytes` is plain ASCII without a NUL, as `split` or `split_quoted` found while
    /// splitting it (false for a record read any other way, whose text is then checked where it
    /// is read).
    plain: bool,
}

impl Record {
    pub fn new() -> Record {
        Record::default()
    }

    /// A record of `fields`, on line 0 (for tests).
    #[cfg(test)]
    pub fn from_fields<T: AsRef<[u8]>>(fields: impl IntoIterator<Item = T>) -> Record {
        let mut r = Record::new();
        for f in fields {
            r.push_field(f.as_ref());
        }
        r
    }

    /// Adds a field at the end.
    fn push_field(&mut self, field: &[u8]) {
        self.plain = false;
        if !self.ends.is_empty() {
            self.bytes.push(b',');
        }
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.starts.clear();
        self.plain = false;
    }

    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `i` lies in `as_slice`.
    #[inline]
    pub fn range(&self, i: usize) -> Option<Range<usize>> {
        let end = *self.ends.get(i)?;
        let start = match (self.starts.get(i), i) {
            (Some(&start), _) => start,
            (None, 0) => 0,
            (None, _) => self.ends[i - 1] + 1,
        };
        Some(start..end)
    }

    /// Field `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.range(i).map(|r| &self.bytes[r])
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The fields with the bytes between them.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// The record as text, when `split` found it plain ASCII without a NUL byte (most lines of
    /// an export): such a record needs no UTF-8 check of its own.
    #[inline]
    pub fn plain_text(&self) -> Option<&str> {
        if !self.plain {
            return None;
        }
        // SAFETY: `plain` is set only by `split` and `split_quoted`, after they saw every byte of
        // the line that `bytes` then holds below 0x80 (ASCII, hence UTF-8), and every other
        // change of `bytes` (`clear`, `push_field`) unsets it; `bytes` is private to this
        // module.
        Some(unsafe { std::str::from_utf8_unchecked(&self.bytes) })
    }

    /// The line where the record starts (1 is the file's first).
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn set_line(&mut self, line: u64) {
        self.line = line;
    }
}

/// How much text is read at a time: the csv reader's buffer size too.
const BUFFER: usize = 256 * 1024;

/// The records of `inner`, which starts at a record's start (a file's data, or a piece's).
pub struct FastRecords<R: Read> {
    inner: R,
    buf: Vec<u8>,
    /// The unread bytes of `buf`.
    start: usize,
    end: usize,
    eof: bool,
    /// The lines of the bytes taken.
    lines: LineCount,
    delimiter: u8,
    /// The csv crate's parser, for lines that need its rules, with room for a record's fields
    /// and their ends.
    core: csv_core::Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The places of a quoted line's quotes and delimiters (`split_quoted`).
    marks: Vec<usize>,
}

impl<R: Read> FastRecords<R> {
    /// The records of `inner`, whose first byte `lines` places.
    pub fn new(inner: R, delimiter: u8, lines: LineCount) -> FastRecords<R> {
        let mut core = crate::input::parse::open_parser(delimiter);
        // As the csv reader's parser after the header: one that has read, which takes no
        // byte-order mark off the start of a record.
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        FastRecords {
            inner,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            eof: false,
            lines,
            delimiter,
            core,
            fields: vec![0; 1024],
            ends: vec![0; 64],
            marks: Vec::with_capacity(64),
        }
    }

    /// The line reached.
    pub fn line(&self) -> u64 {
        self.lines.line()
    }

    /// The source, for what it has seen.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Moves the unread bytes to the front and reads more after them; false at the end of the
    /// source.
    fn refill(&mut self) -> io::Result<bool> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            // A line longer than the buffer: room for more of it.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes `n` unread bytes, counting their line ends.
    fn take(&mut self, n: usize) {
        self.lines.count(&self.buf[self.start..self.start + n]);
        self.start += n;
    }

    /// The next line: where it ends in `buf` without its line end, and the bytes it takes with
    /// it, and whether it holds a quote; `Line::Rules` when it needs the CSV rules as a whole
    /// (a carriage return that is not the one before its line feed), `None` at the end of the
    /// text. A line with a quote may still need them (`split_quoted` tells).
    fn next_line(&mut self) -> io::Result<Option<Line>> {
        loop {
            let unread = &self.buf[self.start..self.end];
            match memchr::memchr3(b'\n', b'"', b'\r', unread) {
                Some(k) if unread[k] == b'\n' => {
                    return Ok(Some(Line::Plain(self.start + k, k + 1)));
                }
                Some(k) if unread[k] == b'\r' && unread.get(k + 1) == Some(&b'\n') => {
                    return Ok(Some(Line::Plain(self.start + k, k + 2)));
                }
                // A carriage return at the end of what is read: the next byte decides.
                Some(k) if unread[k] == b'\r' && k + 1 == unread.len() && !self.eof => {}
                Some(k) if unread[k] == b'"' => {
                    // The rest of the line, up to its line feed: no carriage return but one
                    // right before that.
                    match memchr::memchr2(b'\n', b'\r', &unread[k..]) {
                        Some(j) if unread[k + j] == b'\n' => {
                            return Ok(Some(Line::Quoted(self.start + k + j, k + j + 1)));
                        }
                        Some(j) if unread.get(k + j + 1) == Some(&b'\n') => {
                            return Ok(Some(Line::Quoted(self.start + k + j, k + j + 2)));
                        }
                        Some(j) if k + j + 1 < unread.len() || self.eof => {
                            return Ok(Some(Line::Rules));
                        }
                        Some(_) => {}
                        None if self.eof => {
                            return Ok(Some(Line::Quoted(self.end, unread.len())));
                        }
                        None => {}
                    }
                }
                Some(_) => return Ok(Some(Line::Rules)),
                None if !self.eof => {}
                None => {
                    let n = unread.len();
                    return Ok((n > 0).then_some(Line::Plain(self.end, n)));
                }
            }
            // More text, or the end of it: either way the unread bytes are looked at again.
            self.refill()?;
        }
    }

    /// Reads one record with the csv crate's parser from the unread bytes (a record's start,
    /// or line ends before it, which it skips as the csv reader does).
    fn read_by_rules(&mut self, record: &mut Record) -> io::Result<bool> {
        use csv_core::ReadRecordResult as Got;
        // Line ends before the record are skipped here, so that its line is known.
        loop {
            let skip = self.buf[self.start..self.end]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            self.take(skip);
            if self.start < self.end || self.eof || !self.refill()? {
                break;
            }
        }
        let line = self.lines.settle();
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = &self.buf[self.start..self.end];
            let (got, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.fields[out..], &mut self.ends[ends..]);
            self.take(nin);
            out += nout;
            ends += nend;
            match got {
                Got::InputEmpty => {
                    if !self.eof {
                        self.refill()?;
                    }
                }
                Got::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                Got::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Got::Record => break,
                Got::End => return Ok(false),
            }
        }
        record.clear();
        let mut from = 0;
        for &to in &self.ends[..ends] {
            record.push_field(&self.fields[from..to]);
            from = to;
        }
        record.line = line;
        Ok(true)
    }

    /// Reads the next record into `record`; false at the end.
    pub fn read_record(&mut self, record: &mut Record) -> io::Result<bool> {
        loop {
            let (to, taken, quoted) = match self.next_line()? {
                None => return Ok(false),
                Some(Line::Rules) => return self.read_by_rules(record),
                Some(Line::Plain(to, taken)) => (to, taken, false),
                Some(Line::Quoted(to, taken)) => (to, taken, true),
            };
            let from = self.start;
            if from == to && to < self.end {
                // An empty line, skipped as the csv reader skips it.
                self.take(taken);
                continue;
            }
            let line = &self.buf[from..to];
            if !quoted {
                split(line, self.delimiter, record);
            } else if !split_quoted(line, self.delimiter, record, &mut self.marks) {
                return self.read_by_rules(record);
            }
            record.line = self.lines.settle();
            self.start += taken;
            if to < self.end {
                // The line ends in a line feed, or a carriage return and line feed.
                self.lines.end_line();
            }
            return Ok(true);
        }
    }
}

/// What `FastRecords::next_line` found next: a line without a quote or with one (where it ends
/// without its line end, and the bytes it takes with it), or text that needs the CSV rules.
enum Line {
    Plain(usize, usize),
    Quoted(usize, usize),
    Rules,
}

/// Splits a line that holds quotes (and no carriage return, nor line feed) into `record`, when
/// each quote opens a value at its start or closes it right before a delimiter or the line's
/// end, as machine-written exports quote (`"a","b,c",,d`): the values between the quotes, as the
/// csv rules read them. False for any other line (a doubled quote, text after a closing quote,
/// a quote inside a value, a quote left open: perhaps a value going on over the next line),
/// which the csv rules then read whole. The quotes and delimiters are found first, sixteen bytes
/// at a time (`find_bytes`, into `marks`), then the values are read off their places.
fn split_quoted(line: &[u8], delimiter: u8, record: &mut Record, marks: &mut Vec<usize>) -> bool {
    record.clear();
    marks.clear();
    let plain = find_bytes(line, b'"', delimiter, marks);
    // The line is kept as it is, each value's place noted (a copy a value, each a call, took a
    // fifth of this function's time).
    record.bytes.extend_from_slice(line);
    let mut field = |from: usize, to: usize| {
        record.starts.push(from);
        record.ends.push(to);
    };
    // `k` is the first mark at or after `at`, the start of the value being read.
    let (mut at, mut k) = (0, 0);
    loop {
        if line.get(at) == Some(&b'"') {
            // The closing quote: the next quote mark (delimiters before it are in the value).
            k += 1;
            while k < marks.len() && line[marks[k]] != b'"' {
                k += 1;
            }
            let Some(&close) = marks.get(k) else {
                return false;
            };
            field(at + 1, close);
            match line.get(close + 1) {
                None => break,
                // The delimiter right after is the next mark.
                Some(&d) if d == delimiter => (at, k) = (close + 2, k + 2),
                Some(_) => return false,
            }
        } else {
            match marks.get(k) {
                None => {
                    field(at, line.len());
                    break;
                }
                Some(&m) if line[m] == b'"' => return false,
                Some(&m) => {
                    field(at, m);
                    (at, k) = (m + 1, k + 1);
                }
            }
        }
    }
    record.plain = plain;
    true
}

/// The places of the bytes of `line` that are `a` or `b`, in order, pushed onto `marks`; and
/// whether every byte is ASCII and none is NUL.
fn find_bytes(line: &[u8], a: u8, b: u8, marks: &mut Vec<usize>) -> bool {
    let (done, wide_odd) = split_wide(line, [a, b], marks);
    let mut odd = wide_odd;
    for (i, &c) in line[done..].iter().enumerate() {
        if c == a || c == b {
            marks.push(done + i);
        }
        odd |= c >= 0x80 || c == 0;
    }
    !odd
}

/// Each byte of `word` that is `byte`, as its top bit (exactly: no other bit is set).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Splits a plain line (no quote, no carriage return) at `delimiter` into `record`: the line is
/// copied whole and its delimiters' places noted, sixteen bytes at a time where the processor
/// compares that many at once (every x86-64 does), eight at a time otherwise and at the end; and
/// whether it is plain ASCII without a NUL byte is seen from the same loads
/// (`Record::plain_text`).
fn split(line: &[u8], delimiter: u8, record: &mut Record) {
    record.clear();
    record.bytes.extend_from_slice(line);
    let (done, wide_odd) = split_wide(line, [delimiter], &mut record.ends);
    let odd = split_words(&line[done..], done, delimiter, &mut record.ends);
    record.ends.push(line.len());
    record.plain = !wide_odd && odd & 0x8080_8080_8080_8080 == 0;
}

/// The places of the bytes of `line` that are one of `wanted` (the delimiter; or quotes and
/// delimiters, for `split_quoted`), sixteen bytes at a time, pushed onto `ends` in order: how
/// many bytes that covered (all of a line of sixteen or more, none of a shorter one), and
/// whether any of them is at or above 0x80 or NUL.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn split_wide<const N: usize>(
    line: &[u8],
    wanted: [u8; N],
    ends: &mut Vec<usize>,
) -> (usize, bool) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    let mut at = 0;
    // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline), so these
    // instructions exist wherever this runs; the only memory they touch is the unaligned load of
    // the sixteen bytes of each `stretch`, which has exactly that many.
    unsafe {
        let wanted = wanted.map(|b| _mm_set1_epi8(b as i8));
        let zero = _mm_setzero_si128();
        let hits = |v| {
            let each = wanted.map(|w| _mm_cmpeq_epi8(v, w));
            _mm_movemask_epi8(each[1..].iter().fold(each[0], |a, &b| _mm_or_si128(a, b))) as u32
        };
        let mut odd = zero;
        for stretch in line.chunks_exact(16) {
            let v = _mm_loadu_si128(stretch.as_ptr().cast::<__m128i>());
            let mut found = hits(v);
            while found != 0 {
                ends.push(at + found.trailing_zeros() as usize);
                found &= found - 1;
            }
            // A byte's top bit: at or above 0x80, or (from the comparison with zero) NUL.
            odd = _mm_or_si128(odd, _mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));
            at += 16;
        }
        let mut odd = _mm_movemask_epi8(odd) as u32;
        // The last bytes, fewer than sixteen: the line's last sixteen read again, and only the
        // lanes of those bytes kept (copying them out to pad a load would stall it).
        let tail = line.len() - at;
        if tail > 0 && line.len() >= 16 {
            let last = &line[line.len() - 16..];
            let v = _mm_loadu_si128(last.as_ptr().cast::<__m128i>());
            let skip = 16 - tail as u32;
            let mut found = hits(v) >> skip;
            while found != 0 {
                ends.push(at + found.trailing_zeros() as usize);
                found &= found - 1;
            }
            odd |= _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, zero))) as u32 >> skip;
            at = line.len();
        }
        (at, odd != 0)
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn split_wide<const N: usize>(
    _line: &[u8],
    _wanted: [u8; N],
    _ends: &mut Vec<usize>,
) -> (usize, bool) {
    (0, false)
}

/// The delimiters of `bytes` (which start at byte `at` of the line), eight bytes at a time,
/// pushed onto `ends`; returns the top bit of every byte at or above 0x80, or NUL.
fn split_words(bytes: &[u8], mut at: usize, delimiter: u8, ends: &mut Vec<usize>) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut odd = 0u64;
    let mut take = |mut found: u64, at: usize| {
        while found != 0 {
            ends.push(at + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
    };
    for w in words.by_ref() {
        let word = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        take(bytes_equal(word, delimiter), at);
        odd |= word | bytes_equal(word, 0);
        at += 8;
    }
    let rest = words.remainder().len();
    if rest > 0 {
        // The last bytes, fewer than eight: the last eight read again and shifted down (copying
        // them out to pad a word would stall its load), or, from a shorter text, padded.
        let word = match bytes.len().checked_sub(8) {
            Some(from) => {
                let last = bytes[from..].try_into().expect("eight bytes");
                u64::from_le_bytes(last) >> (8 * (8 - rest))
            }
            None => {
                let mut last = [0u8; 8];
                last[..rest].copy_from_slice(bytes);
                u64::from_le_bytes(last)
            }
        };
        // Only the text's own bytes, not the zeros above them.
        let own = (1u64 << (rest * 8)) - 1;
        take(bytes_equal(word, delimiter) & own, at);
        odd |= (word | bytes_equal(word, 0)) & own;
    }
    odd
}

#[cfg(test)]
mod tests;
