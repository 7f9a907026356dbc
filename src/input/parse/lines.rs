//! Lines: line ends counted as an editor shows them, for the line numbers rejections and
//! messages name. A line ends at a line feed, a carriage return and line feed, or a carriage
//! return alone (old Mac exports); the csv crate counts line feeds only.

/// Lines counted as an editor shows them: a line ends at a line feed, a carriage return and line
/// feed, or a carriage return alone. A carriage return is counted once the byte after it shows
/// that it is not the first half of a CRLF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCount {
    /// The line of the next byte (or of the pending carriage return's line, see `cr`).
    line: u64,
    /// The last byte counted was a carriage return, not counted yet.
    cr: bool,
}

impl LineCount {
    /// Text whose first byte is on line `line`.
    pub fn at(line: u64) -> LineCount {
        LineCount { line, cr: false }
    }

    /// The line of the text after `bytes`, which are on lines from 1.
    pub fn after(bytes: &[u8]) -> LineCount {
        let mut c = LineCount::at(1);
        c.count(bytes);
        c
    }

    /// The same count on from line 1: for text read on its own whose lines are later moved
    /// down by the lines before it (a file's pieces).
    pub fn restarted_at_one(self) -> LineCount {
        LineCount { line: 1, ..self }
    }

    /// The line reached, a carriage return still pending left out.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Counts the line ends of `bytes`, the next bytes of the text.
    pub fn count(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        if self.cr && bytes[0] != b'\n' {
            self.line += 1;
        }
        // Line feeds, counted by memchr many bytes at a time; then, only when there are carriage
        // returns, those with no line feed after them, in a fold the compiler also runs over many
        // bytes at once (a carriage return last waits for the next bytes).
        self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
        if memchr::memchr(b'\r', bytes).is_some() {
            let lone = bytes.windows(2).fold(0u64, |n, w| {
                n + u64::from((w[0] == b'\r') & (w[1] != b'\n'))
            });
            self.line += lone;
        }
        self.cr = last == b'\r';
    }

    /// The line of the next byte, which is neither a line feed nor a carriage return (a record's
    /// or a value's first): a pending carriage return is then a line end.
    pub fn settle(&mut self) -> u64 {
        if std::mem::take(&mut self.cr) {
            self.line += 1;
        }
        self.line
    }

    /// A line end passed that is not a lone carriage return.
    pub fn end_line(&mut self) {
        self.line += 1;
        self.cr = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line after `text` counted in pieces of `n` bytes.
    fn in_pieces(text: &[u8], n: usize) -> u64 {
        let mut c = LineCount::at(1);
        for piece in text.chunks(n) {
            c.count(piece);
        }
        c.settle()
    }

    #[test]
    fn lf_crlf_and_a_lone_cr_each_end_one_line_however_the_text_is_cut() {
        for (text, line) in [
            (&b"a\nb\r\nc\rd"[..], 4),
            (b"a\r\r\nb", 3),
            (b"\r\n\r\n", 3),
            (b"a\r", 2),
            (b"", 1),
        ] {
            for n in 1..=4 {
                assert_eq!(in_pieces(text, n), line, "{text:?} in pieces of {n}");
            }
        }
    }

    #[test]
    fn a_carriage_return_last_waits_for_the_next_byte() {
        let mut c = LineCount::after(b"a\r");
        assert_eq!(c.line(), 1);
        c.count(b"\nb");
        assert_eq!(c.line(), 2, "a CRLF cut in two is one line end");
        let mut c = LineCount::after(b"a\r");
        assert_eq!(
            c.settle(),
            2,
            "a record after a lone CR is on the next line"
        );
        assert_eq!(LineCount::after(b"a\r").restarted_at_one().settle(), 2);
    }
}
