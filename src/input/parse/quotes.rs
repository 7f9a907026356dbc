//! Quotes: watch the bytes the CSV reader consumes for a quote that is never closed. The csv
//! crate ends such a field at the end of the file without an error, swallowing every line after
//! it; this follows the same field rules (a quote opens a field only at its start) and says where.

use crate::input::parse::lines::LineCount;
use std::io::{self, Read};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: closing, or the first of a doubled pair.
    QuoteInQuoted,
}

/// A `Read` that tracks quoting while passing bytes through.
pub struct QuoteWatch<R> {
    inner: R,
    delimiter: u8,
    state: State,
    lines: LineCount,
    open_line: u64,
    last: u8,
}

impl<R: Read> QuoteWatch<R> {
    pub fn new(inner: R, delimiter: u8) -> QuoteWatch<R> {
        QuoteWatch::on_line(inner, delimiter, LineCount::at(1))
    }

    /// A watch over text at a record's start, whose first byte `lines` places.
    pub fn on_line(inner: R, delimiter: u8, lines: LineCount) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            delimiter,
            state: State::FieldStart,
            lines,
            open_line: 0,
            last: 0,
        }
    }

    /// The line of a quote still open at the end of the input.
    pub fn unclosed(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.open_line)
    }

    /// Whether the bytes so far end with a whole record: a line end outside quotes.
    pub fn at_record_end(&self) -> bool {
        self.state == State::FieldStart && self.last == b'\n'
    }

    /// Lines read so far (a final line end does not start another).
    pub fn lines(&self) -> u64 {
        if self.last == b'\n' {
            self.lines.line() - 1
        } else {
            self.lines.line()
        }
    }

    /// Follows the field states through `bytes`, jumping with memchr over the bytes that cannot
    /// change the state (inside a quoted field only a quote can; inside an unquoted one only a
    /// field or line end can), and counting their lines.
    fn scan(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        self.last = last;
        // Outside quotes, bytes without a quote only end fields and lines: count the lines and
        // take the state from the last byte.
        if matches!(self.state, State::FieldStart | State::Unquoted)
            && memchr::memchr(b'"', bytes).is_none()
        {
            self.lines.count(bytes);
            let end = last == b'\n' || last == b'\r' || last == self.delimiter;
            self.state = if end {
                State::FieldStart
            } else {
                State::Unquoted
            };
            return;
        }
        // The lines are counted once, at the end; where a quote opens only its place is noted,
        // and the line of the last one that is still open at the end is counted then (counting
        // at every quote took a quarter of the time of reading an export that quotes every
        // value).
        let (mut i, mut opened) = (0, None);
        // Whole 64-byte blocks by their masks of quotes and of field and line ends: the state
        // jumps from one to the next without a call (a search a value took as long again as
        // the rest of the scan, on an export that quotes every value); the bytes after them one
        // search at a time.
        let blocks = bytes.len() / 64 * 64;
        while i < blocks {
            let base = i / 64 * 64;
            let (quotes, ends) = masks(&bytes[base..base + 64], self.delimiter);
            while i < base + 64 {
                let from = !0u64 << (i - base);
                match self.state {
                    State::Quoted | State::Unquoted => {
                        let (wanted, next) = match self.state {
                            State::Quoted => (quotes, State::QuoteInQuoted),
                            _ => (ends, State::FieldStart),
                        };
                        let m = wanted & from;
                        if m == 0 {
                            i = base + 64;
                        } else {
                            self.state = next;
                            i = base + m.trailing_zeros() as usize + 1;
                        }
                    }
                    State::FieldStart | State::QuoteInQuoted => {
                        self.step(bytes[i], i, &mut opened);
                        i += 1;
                    }
                }
            }
        }
        while i < bytes.len() {
            match self.state {
                State::Quoted => match memchr::memchr(b'"', &bytes[i..]) {
                    Some(k) => {
                        self.state = State::QuoteInQuoted;
                        i += k + 1;
                    }
                    None => break,
                },
                State::Unquoted => match memchr::memchr3(self.delimiter, b'\n', b'\r', &bytes[i..])
                {
                    Some(k) => {
                        self.state = State::FieldStart;
                        i += k + 1;
                    }
                    None => break,
                },
                State::FieldStart | State::QuoteInQuoted => {
                    self.step(bytes[i], i, &mut opened);
                    i += 1;
                }
            }
        }
        // (A quote last may be the first of a doubled pair: that field may still be open.)
        let open = matches!(self.state, State::Quoted | State::QuoteInQuoted);
        if let Some(at) = opened.filter(|_| open) {
            let mut before = self.lines;
            before.count(&bytes[..at]);
            self.open_line = before.settle();
        }
        self.lines.count(bytes);
    }
}

impl<R> QuoteWatch<R> {
    /// The state after byte `b` (at `at`) at a field's start or after a quote in a quoted
    /// field; a quote that opens a field has its place noted in `opened`.
    #[inline(always)]
    fn step(&mut self, b: u8, at: usize, opened: &mut Option<usize>) {
        let end = b == b'\n' || b == b'\r' || b == self.delimiter;
        self.state = match (self.state, b) {
            (State::FieldStart, b'"') => {
                *opened = Some(at);
                State::Quoted
            }
            (State::FieldStart, _) if end => State::FieldStart,
            (State::FieldStart, _) => State::Unquoted,
            (_, b'"') => State::Quoted,
            (_, _) if end => State::FieldStart,
            (_, _) => State::Unquoted,
        };
    }
}

/// The quotes, and the field and line ends (`delimiter`, line feeds, carriage returns), of a
/// 64-byte block, each as the bit of its place.
fn masks(block: &[u8], delimiter: u8) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        let (mut quotes, mut ends) = (0u64, 0u64);
        // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline); each load
        // reads the sixteen bytes of one `part` of the block, which has exactly that many.
        unsafe {
            let (quote, delim) = (_mm_set1_epi8(b'"' as i8), _mm_set1_epi8(delimiter as i8));
            let (lf, cr) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(b'\r' as i8));
            for (k, part) in block.chunks_exact(16).enumerate() {
                let v = _mm_loadu_si128(part.as_ptr().cast::<__m128i>());
                let q = _mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)) as u16;
                let e = _mm_or_si128(
                    _mm_cmpeq_epi8(v, delim),
                    _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
                );
                let e = _mm_movemask_epi8(e) as u16;
                quotes |= u64::from(q) << (16 * k);
                ends |= u64::from(e) << (16 * k);
            }
        }
        (quotes, ends)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let (mut quotes, mut ends) = (0u64, 0u64);
        for (k, &b) in block.iter().enumerate().take(64) {
            quotes |= u64::from(b == b'"') << k;
            ends |= u64::from(b == delimiter || b == b'\n' || b == b'\r') << k;
        }
        (quotes, ends)
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.scan(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watch(text: &str) -> Option<u64> {
        let mut w = QuoteWatch::new(text.as_bytes(), b',');
        io::copy(&mut w, &mut io::sink()).unwrap();
        w.unclosed()
    }

    /// The plain byte-by-byte state machine the fast scan must agree with.
    fn reference(text: &[u8]) -> (Option<u64>, u64) {
        let (mut state, mut line, mut open) = (State::FieldStart, 1u64, 0u64);
        for (i, &b) in text.iter().enumerate() {
            // A line ends at a line feed, or at a carriage return with no line feed after it
            // (counted on the next byte, when there is one).
            if b == b'\n' || (i > 0 && text[i - 1] == b'\r') {
                line += 1;
            }
            let end = b == b'\n' || b == b'\r' || b == b',';
            state = match (state, b) {
                (State::FieldStart, b'"') => {
                    open = line;
                    State::Quoted
                }
                (State::FieldStart | State::Unquoted, _) if end => State::FieldStart,
                (State::FieldStart | State::Unquoted, _) => State::Unquoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::QuoteInQuoted, _) if end => State::FieldStart,
                (State::QuoteInQuoted, _) => State::Unquoted,
            };
        }
        let lines = if text.last() == Some(&b'\n') {
            line - 1
        } else {
            line
        };
        ((state == State::Quoted).then_some(open), lines)
    }

    #[test]
    fn the_fast_scan_agrees_with_the_plain_one_in_any_chunks() {
        let mut next = crate::base::splitmix::numbers(0x9E37_79B9_7F4A_7C15);
        for round in 0..20_000 {
            // Short texts in small pieces, and every tenth long ones in pieces of up to 300
            // bytes, which the 64-byte blocks read.
            let long = round % 10 == 0;
            let len = (next() % if long { 600 } else { 60 }) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| b"ab,\"\n\r"[(next() % 6) as usize])
                .collect();
            let mut w = QuoteWatch::new(&[][..], b',');
            let mut at = 0;
            while at < text.len() {
                let n = 1 + (next() % if long { 300 } else { 7 }) as usize;
                let end = (at + n).min(text.len());
                w.scan(&text[at..end]);
                at = end;
            }
            let (open, lines) = reference(&text);
            assert_eq!(w.unclosed(), open, "{:?}", String::from_utf8_lossy(&text));
            if !text.is_empty() {
                assert_eq!(w.lines(), lines, "{:?}", String::from_utf8_lossy(&text));
            }
        }
    }

    #[test]
    fn finds_the_line_of_an_unclosed_quote() {
        assert_eq!(watch("a,b\n1,\"x\n2,3\n4,5\n"), Some(2));
        assert_eq!(watch("a,b\n1,\"x\"\"y\"\n"), None);
        assert_eq!(watch("a,b\n1,\"multi\nline\"\n2,3\n"), None);
        // A quote inside an unquoted field is literal (5'10").
        assert_eq!(watch("a,b\n5\"10,x\n"), None);
        assert_eq!(watch("a,b\n\"x\" y,z\n"), None);
        assert_eq!(watch("\"never closed"), Some(1));
    }
}
