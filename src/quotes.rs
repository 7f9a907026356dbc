//! Quotes: watch the bytes the CSV reader consumes for a quote that is never closed. The csv
//! crate ends such a field at the end of the file without an error, swallowing every line after
//! it; this follows the same field rules (a quote opens a field only at its start) and says where.

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
    line: u64,
    open_line: u64,
    last: u8,
}

impl<R: Read> QuoteWatch<R> {
    pub fn new(inner: R, delimiter: u8) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            delimiter,
            state: State::FieldStart,
            line: 1,
            open_line: 0,
            last: 0,
        }
    }

    /// The line of a quote still open at the end of the input.
    pub fn unclosed(&self) -> Option<u64> {
        (self.state == State::Quoted).then_some(self.open_line)
    }

    /// Lines read so far (a final newline does not start another).
    pub fn lines(&self) -> u64 {
        if self.last == b'\n' {
            self.line - 1
        } else {
            self.line
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        if let Some(&b) = bytes.last() {
            self.last = b;
        }
        for &b in bytes {
            if b == b'\n' {
                self.line += 1;
            }
            let end = b == b'\n' || b == b'\r' || b == self.delimiter;
            self.state = match (self.state, b) {
                (State::FieldStart, b'"') => {
                    self.open_line = self.line;
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
