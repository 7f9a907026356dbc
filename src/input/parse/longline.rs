//! Long lines: a reader that refuses a line longer than a cap, so that the search for a file's
//! header never holds a whole file without line ends (a 2 GiB junk file) as one record.

use std::io::{self, Read};

/// The longest line the header search reads.
pub const LIMIT: usize = 1 << 20;

/// What a file whose first lines run past `LIMIT` is told.
pub const PROBLEM: &str =
    "header not recognised: a line is longer than 1 MiB, so it is not a CSV header";

/// Passes bytes through until a line runs past `LIMIT` bytes, then fails with `is_long`'s error.
pub struct LineCap<R> {
    inner: R,
    /// Bytes since the last line end.
    run: usize,
}

impl<R> LineCap<R> {
    pub fn new(inner: R) -> LineCap<R> {
        LineCap { inner, run: 0 }
    }
}

#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line is longer than {LIMIT} bytes")
    }
}

impl std::error::Error for LineTooLong {}

/// Whether `e` (from the CSV reader) is a line run past the cap.
pub fn is_long(e: &csv::Error) -> bool {
    match e.kind() {
        csv::ErrorKind::Io(io) => io.get_ref().is_some_and(|inner| inner.is::<LineTooLong>()),
        _ => false,
    }
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.run > LIMIT {
            return Err(io::Error::other(LineTooLong));
        }
        let n = self.inner.read(buf)?;
        let got = &buf[..n];
        self.run = match memchr::memrchr(b'\n', got) {
            Some(i) => n - i - 1,
            None => self.run + n,
        };
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: Vec<u8>) -> Result<usize, bool> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineCap::new(io::Cursor::new(text)));
        let mut rec = csv::ByteRecord::new();
        let mut n = 0;
        loop {
            match r.read_byte_record(&mut rec) {
                Ok(true) => n += 1,
                Ok(false) => return Ok(n),
                Err(e) => return Err(is_long(&e)),
            }
        }
    }

    #[test]
    fn refuses_only_a_line_past_the_cap() {
        let mut ok = b"a,b\n".to_vec();
        ok.extend(std::iter::repeat_n(b'x', LIMIT - 1));
        ok.extend(b"\nc,d\n");
        assert_eq!(records(ok), Ok(3));
        let long = vec![b'x'; 3 * LIMIT];
        assert_eq!(records(long), Err(true));
        let mut many_short = Vec::new();
        for _ in 0..100_000 {
            many_short.extend(b"0123456789,0123456789\n");
        }
        assert_eq!(records(many_short), Ok(100_000));
    }
}
