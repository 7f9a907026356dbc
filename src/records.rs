//! Records: the rows of a large file's piece, split at their delimiters eight bytes at a time
//! while no byte needs the CSV reader's rules, and by the csv crate's reader from there on.
//!
//! Machine-written exports are mostly lines of plain values: no quote, and no carriage return
//! but the one before each line feed. Such a line is its fields between delimiters, found a word
//! at a time (about 700 instructions a row where the csv crate's byte-by-byte state machine takes
//! about 1,100). The first line holding a quote or a lone carriage return hands itself and the
//! rest of the piece to a csv reader, so every record comes out as the csv crate would give it,
//! placed on the same line (a differential test checks this on random text).

use std::io::{self, Cursor, Read};

/// Where rows come from: the csv crate's reader, or `FastRecords`.
pub trait Records {
    /// Reads the next record into `record`; false at the end.
    fn read_record(&mut self, record: &mut csv::ByteRecord) -> csv::Result<bool>;
}

impl<R: Read> Records for csv::Reader<R> {
    fn read_record(&mut self, record: &mut csv::ByteRecord) -> csv::Result<bool> {
        self.read_byte_record(record)
    }
}

/// How a line ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Lf,
    Crlf,
    Eof,
}

/// How much text is read at a time: the csv reader's buffer size too.
const BUFFER: usize = 256 * 1024;

/// The csv reader of what is left: the unread bytes, then the rest of the source.
type Rest<R> = csv::Reader<io::Chain<Cursor<Vec<u8>>, R>>;

/// The records of `inner`, which starts at a record's start (a file's, or a piece's).
pub struct FastRecords<R: Read> {
    inner: Option<R>,
    delimiter: u8,
    buf: Vec<u8>,
    /// The unread bytes of `buf`.
    start: usize,
    end: usize,
    eof: bool,
    /// The line ends taken so far, as the csv reader counts them: a record's own line feed is
    /// taken with it, but after a carriage return the line feed waits for the next read
    /// (`pending_feed`), and each record is placed on the line after those taken before its
    /// read began (so a record after blank lines, or after a CRLF line, is placed early, as
    /// the csv crate places it).
    feeds: u64,
    pending_feed: bool,
    records: u64,
    byte: u64,
    /// The csv reader that reads the rest once a line needs it, and the lines before it.
    csv: Option<(Rest<R>, u64)>,
}

impl<R: Read> FastRecords<R> {
    pub fn new(inner: R, delimiter: u8) -> FastRecords<R> {
        FastRecords {
            inner: Some(inner),
            delimiter,
            buf: vec![0; BUFFER],
            start: 0,
            end: 0,
            eof: false,
            feeds: 0,
            pending_feed: false,
            records: 0,
            byte: 0,
            csv: None,
        }
    }

    /// The source, for what it has seen.
    pub fn get_ref(&self) -> &R {
        match (&self.csv, &self.inner) {
            (Some((csv, _)), _) => csv.get_ref().get_ref().1,
            (None, Some(inner)) => inner,
            (None, None) => unreachable!("the source is held by the reader or by the csv reader"),
        }
    }

    /// Moves the unread bytes to the front and reads more after them; false when there are no
    /// more.
    fn refill(&mut self) -> io::Result<bool> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            // A line longer than the buffer: room for more of it.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let Some(inner) = self.inner.as_mut() else {
            return Ok(false);
        };
        loop {
            match inner.read(&mut self.buf[self.end..]) {
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

    /// Hands the unread bytes and the rest of the source to a csv reader.
    /// `skipped` line feeds were taken in this read before the line that needs the csv reader:
    /// they are given back to it (as blank lines, which it skips), with any the last record
    /// left, so that it places its records where the csv crate would have from the start.
    fn hand_over(&mut self, skipped: u64) {
        let feeds = (skipped + u64::from(self.pending_feed)) as usize;
        let mut rest = Vec::with_capacity(self.end - self.start + feeds);
        rest.resize(feeds, b'\n');
        rest.extend_from_slice(&self.buf[self.start..self.end]);
        let inner = self
            .inner
            .take()
            .expect("the source is held until it is handed over");
        let reader = crate::read::open_reader(Cursor::new(rest).chain(inner), self.delimiter);
        self.csv = Some((reader, self.feeds));
        self.buf = Vec::new();
    }

    /// The next line, as `(start, end)` in `buf` without its line end, the bytes it takes with
    /// its line end, and how it ends; `None` at the end of the text.
    fn next_line(&mut self) -> io::Result<Option<(usize, usize, usize, End)>> {
        loop {
            let unread = &self.buf[self.start..self.end];
            if let Some(k) = memchr::memchr(b'\n', unread) {
                let (cut, end) = if k > 0 && unread[k - 1] == b'\r' {
                    (k - 1, End::Crlf)
                } else {
                    (k, End::Lf)
                };
                return Ok(Some((self.start, self.start + cut, k + 1, end)));
            }
            if self.eof || !self.refill()? {
                let n = self.end - self.start;
                return Ok((n > 0).then_some((self.start, self.end, n, End::Eof)));
            }
        }
    }
}

/// Each byte of `word` that is `byte`, as its top bit (exactly: no other bit is set).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Splits a line at `delimiter` into `record`, eight bytes at a time; false (leaving `record`
/// to be cleared) when the line holds a quote or a carriage return, which the csv reader must
/// read.
fn split(line: &[u8], delimiter: u8, record: &mut csv::ByteRecord) -> bool {
    if memchr::memchr2(b'"', b'\r', line).is_some() {
        return false;
    }
    let mut field = 0;
    let mut words = line.chunks_exact(8);
    let mut at = 0;
    let mut take = |mut found: u64, at: usize, record: &mut csv::ByteRecord| {
        while found != 0 {
            let d = at + found.trailing_zeros() as usize / 8;
            record.push_field(&line[field..d]);
            field = d + 1;
            found &= found - 1;
        }
    };
    for w in words.by_ref() {
        let word = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        take(bytes_equal(word, delimiter), at, record);
        at += 8;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        let word = u64::from_le_bytes(last);
        // Only the line's own bytes, not the zeros after them.
        let own = (1u64 << (rest.len() * 8)) - 1;
        take(bytes_equal(word, delimiter) & own, at, record);
    }
    record.push_field(&line[field..]);
    true
}

impl<R: Read> Records for FastRecords<R> {
    fn read_record(&mut self, record: &mut csv::ByteRecord) -> csv::Result<bool> {
        loop {
            if let Some((csv, lines)) = self.csv.as_mut() {
                let read = csv.read_byte_record(record)?;
                if read && let Some(p) = record.position() {
                    let mut p = p.clone();
                    p.set_line(p.line() + *lines);
                    record.set_position(Some(p));
                }
                return Ok(read);
            }
            let placed = self.feeds + 1;
            // Blank lines are skipped, their line feeds taken within this read.
            let mut skipped = 0;
            let (from, to, taken, end) = loop {
                let Some((from, to, taken, end)) = self.next_line()? else {
                    return Ok(false);
                };
                if from < to || end == End::Eof {
                    break (from, to, taken, end);
                }
                self.start += taken;
                self.byte += taken as u64;
                skipped += 1 + u64::from(std::mem::take(&mut self.pending_feed));
            };
            let line = &self.buf[from..to];
            record.clear();
            if !split(line, self.delimiter, record) {
                self.hand_over(skipped);
                continue;
            }
            self.start += taken;
            self.feeds += skipped + u64::from(std::mem::take(&mut self.pending_feed));
            match end {
                End::Lf => self.feeds += 1,
                End::Crlf => self.pending_feed = true,
                End::Eof => {}
            }
            let mut p = csv::Position::new();
            p.set_byte(self.byte)
                .set_line(placed)
                .set_record(self.records);
            record.set_position(Some(p));
            self.records += 1;
            self.byte += taken as u64;
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as their fields and lines.
    type Rows = Vec<(Vec<Vec<u8>>, u64)>;

    /// Every record of `text` with its line, read by `reader`.
    fn all(reader: &mut impl Records) -> Rows {
        let mut out = Vec::new();
        let mut record = csv::ByteRecord::new();
        while reader
            .read_record(&mut record)
            .expect("in-memory text reads")
        {
            let line = record.position().map_or(0, |p| p.line());
            out.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    fn both(text: &[u8], delimiter: u8) -> (Rows, Rows) {
        let fast = all(&mut FastRecords::new(text, delimiter));
        let csv = all(&mut crate::read::open_reader(text, delimiter));
        (fast, csv)
    }

    #[test]
    fn plain_lines_are_split_at_their_delimiters() {
        let (fast, csv) = both(b"a,b,,c\r\n\nd,e\n,\nlast", b',');
        assert_eq!(fast, csv);
        let lines: Vec<u64> = fast.iter().map(|r| r.1).collect();
        // The csv crate places a record after a CRLF line, or after blank lines, on the line
        // after the last record's line feed: here the second on line 1.
        assert_eq!(lines, [1, 1, 4, 5]);
        assert_eq!(
            fast[0].0,
            [b"a".to_vec(), b"b".to_vec(), vec![], b"c".to_vec()]
        );
    }

    #[test]
    fn a_quote_hands_the_rest_to_the_csv_reader() {
        let text = b"a;b\nc;\"d;\ne\"\nf;g\n";
        let (fast, csv) = both(text, b';');
        assert_eq!(fast, csv);
        assert_eq!(fast[1].0[1], b"d;\ne");
        assert_eq!(fast[2].1, 4, "line numbers go on across the hand-over");
    }

    #[test]
    fn lines_longer_than_the_buffer_are_read_whole() {
        let long = "x".repeat(3 * BUFFER);
        let text = format!("a,{long}\nb,c\n");
        let (fast, csv) = both(text.as_bytes(), b',');
        assert_eq!(fast, csv);
        assert_eq!(fast[0].0[1].len(), 3 * BUFFER);
    }

    #[test]
    fn random_text_reads_as_the_csv_reader_reads_it() {
        // Texts of the bytes that matter to CSV, from a fixed seed: every one gives the csv
        // crate's records and lines.
        let alphabet = b"ab,;\"\r\n \t";
        let mut next = crate::quotes::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..5_000 {
            let len = (next() % 40) as usize;
            // Mostly plain text, so that many lines are split before a quote comes.
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r.is_multiple_of(4) {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    } else {
                        alphabet[(r >> 8) as usize % 3]
                    }
                })
                .collect();
            for delimiter in [b',', b';'] {
                let (fast, csv) = both(&text, delimiter);
                assert_eq!(fast, csv, "{:?}", String::from_utf8_lossy(&text));
            }
        }
    }
}
