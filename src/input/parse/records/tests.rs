//! Unit tests of `input::parse::records`.

use super::*;

/// Records as their fields and lines.
type Rows = Vec<(Vec<Vec<u8>>, u64)>;

/// Every record of `text` with its line, read by `FastRecords`.
fn fast(text: &[u8], delimiter: u8) -> Rows {
    let mut reader = FastRecords::new(text, delimiter, LineCount::at(1));
    let mut out = Vec::new();
    let mut record = Record::new();
    while reader
        .read_record(&mut record)
        .expect("in-memory text reads")
    {
        out.push((record.iter().map(<[u8]>::to_vec).collect(), record.line()));
    }
    out
}

/// The fields of every record of `text`, as the csv crate's reader gives them.
fn by_csv(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
    crate::input::parse::open_reader(text, delimiter)
        .byte_records()
        .map(|r| {
            r.expect("in-memory text reads")
                .iter()
                .map(<[u8]>::to_vec)
                .collect()
        })
        .collect()
}

fn fields(rows: &Rows) -> Vec<Vec<Vec<u8>>> {
    rows.iter().map(|r| r.0.clone()).collect()
}

fn lines(rows: &Rows) -> Vec<u64> {
    rows.iter().map(|r| r.1).collect()
}

#[test]
fn plain_lines_are_split_at_their_delimiters_and_placed_on_their_lines() {
    let rows = fast(b"a,b,,c\r\n\nd,e\n,\nlast", b',');
    assert_eq!(fields(&rows), by_csv(b"a,b,,c\r\n\nd,e\n,\nlast", b','));
    assert_eq!(
        rows[0].0,
        [b"a".to_vec(), b"b".to_vec(), vec![], b"c".to_vec()]
    );
    // The csv reader would place the second on line 1, after the first's carriage return.
    assert_eq!(lines(&rows), [1, 3, 4, 5]);
}

#[test]
fn lines_of_every_length_split_at_every_delimiter() {
    // Lengths across several sixteen-byte stretches and a tail, with a delimiter at each
    // place alone and at every third place.
    for n in 0..50 {
        for pattern in 0..=n {
            let line: Vec<u8> = (0..n)
                .map(|i| {
                    let delimiter = i == pattern || (pattern == n && i % 3 == 1);
                    if delimiter {
                        b';'
                    } else {
                        b'a' + (i % 26) as u8
                    }
                })
                .collect();
            let mut r = Record::new();
            split(&line, b';', &mut r);
            let want: Vec<&[u8]> = line.split(|&b| b == b';').collect();
            assert_eq!(
                r.iter().collect::<Vec<_>>(),
                want,
                "{n} bytes, pattern {pattern}"
            );
        }
    }
}

#[test]
fn a_split_line_is_plain_text_only_when_every_byte_is_ascii_and_none_is_nul() {
    let plain = |line: &[u8]| {
        let mut r = Record::new();
        split(line, b',', &mut r);
        r.plain_text().map(str::to_owned)
    };
    // Every length around a word's and a stretch's, with the odd byte in each place.
    for n in 0..40 {
        let line: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
        assert_eq!(plain(&line).as_deref().map(str::as_bytes), Some(&line[..]));
        for at in 0..n {
            for odd in [0u8, 0x80, 0xc3, 0xff] {
                let mut bad = line.clone();
                bad[at] = odd;
                assert_eq!(plain(&bad), None, "{n} bytes, {odd:#x} at {at}");
            }
        }
    }
    // Read by the rules (a quote), or changed field by field: checked where it is read.
    let rows = fast(b"\"a\",b\n", b',');
    assert_eq!(rows[0].0, [b"a".to_vec(), b"b".to_vec()]);
    let mut r = Record::new();
    split(b"a,b", b',', &mut r);
    r.push_field(b"c");
    assert_eq!(r.plain_text(), None);
    assert_eq!(Record::from_fields(["a"]).plain_text(), None);
}

#[test]
fn quoted_values_are_read_by_the_rules_and_lines_go_on_after_them() {
    let text = b"a;b\r\nc;\"d;\r\ne\"\r\n\r\nf;g\rh;i\n\"j\"\"\";k";
    let rows = fast(text, b';');
    assert_eq!(fields(&rows), by_csv(text, b';'));
    assert_eq!(rows[1].0[1], b"d;\r\ne");
    assert_eq!(rows[4].0[0], b"j\"");
    // A carriage return alone ends a line too (h;i is on line 6), as in an editor.
    assert_eq!(lines(&rows), [1, 2, 5, 6, 7]);
}

#[test]
fn lines_longer_than_the_buffer_are_read_whole() {
    let long = "x".repeat(3 * BUFFER);
    for text in [format!("a,{long}\nb,c\n"), format!("a,\"{long}\"\nb,c\n")] {
        let rows = fast(text.as_bytes(), b',');
        assert_eq!(rows[0].0[1].len(), 3 * BUFFER);
        assert_eq!(lines(&rows), [1, 2]);
    }
}

#[test]
fn a_quote_left_open_takes_the_rest_as_the_csv_reader_does() {
    let text = b"a,b\nc,\"d\ne,f\n";
    let rows = fast(text, b',');
    assert_eq!(
        rows,
        [
            (vec![b"a".to_vec(), b"b".to_vec()], 1),
            (vec![b"c".to_vec(), b"d\ne,f\n".to_vec()], 2)
        ]
    );
}

/// The line of each record's first byte, found another way: each record's text is the
/// csv reader's from the same bytes, so the n-th record starts after the bytes the csv
/// reader took for the ones before it and the line ends it skipped.
fn lines_by_rescan(text: &[u8], delimiter: u8) -> Vec<u64> {
    let mut core = crate::input::parse::open_parser(delimiter);
    let (mut out, mut ends) = (vec![0u8; text.len() + 1], vec![0usize; text.len() + 1]);
    let mut at = 0;
    let mut lines = Vec::new();
    loop {
        while at < text.len() && (text[at] == b'\n' || text[at] == b'\r') {
            at += 1;
        }
        let (got, nin, _, _) = core.read_record(&text[at..], &mut out, &mut ends);
        let got = if got == csv_core::ReadRecordResult::InputEmpty {
            core.read_record(&[], &mut out, &mut ends).0
        } else {
            got
        };
        if got != csv_core::ReadRecordResult::Record {
            return lines;
        }
        // Line ends before the record: line feeds, and carriage returns without one after.
        let ends = (0..at)
            .filter(|&i| text[i] == b'\n' || (text[i] == b'\r' && text[i + 1] != b'\n'))
            .count();
        lines.push(1 + ends as u64);
        at += nin;
    }
}

#[test]
fn quoted_lines_are_split_as_the_csv_reader_reads_them() {
    for text in [
        &b"\"a\",\"b,c\",,d\n\"\"\n\"x\",\n,\"y\"\r\n\"z\""[..],
        b"\"a\"\"b\",c\n\"d\"e,f\ng,h\"i\n\"j,k\nl\",m\n",
        b"\"a\",\"b\r\"\n\"c\"\rd\n \"e\",f\n\"g\" ,h\n",
    ] {
        let rows = fast(text, b',');
        let shown = String::from_utf8_lossy(text);
        assert_eq!(fields(&rows), by_csv(text, b','), "{shown:?}");
        assert_eq!(lines(&rows), lines_by_rescan(text, b','), "{shown:?}");
    }
    let rows = fast(b"\"a\",\"b,c\",,d\n", b',');
    assert_eq!(rows[0].0, [&b"a"[..], b"b,c", b"", b"d"]);
}

#[test]
fn only_lines_quoted_as_exports_quote_are_split_without_the_rules() {
    let (mut r, mut marks) = (Record::new(), Vec::new());
    for (line, fields) in [
        (
            &b"\"a\",\"b,c\",,d"[..],
            &[&b"a"[..], b"b,c", b"", b"d"][..],
        ),
        (b"\"\"", &[b""]),
        (b"x,\"\",", &[b"x", b"", b""]),
    ] {
        assert!(split_quoted(line, b',', &mut r, &mut marks), "{line:?}");
        assert_eq!(r.iter().collect::<Vec<_>>(), fields);
        assert!(r.plain_text().is_some());
    }
    assert!(split_quoted("\"é\",x".as_bytes(), b',', &mut r, &mut marks));
    assert_eq!(r.plain_text(), None, "not ASCII: checked where it is read");
    for line in [
        &b"\"a\"\"b\""[..],
        b"\"a\"b,c",
        b"a\"b,c",
        b"\"a,b",
        b"\"a\" ,b",
    ] {
        assert!(!split_quoted(line, b',', &mut r, &mut marks), "{line:?}");
    }
}

#[test]
fn random_quoted_text_reads_as_the_csv_reader_reads_it() {
    // Lines of values quoted as exports quote them, and now and then not: doubled quotes,
    // text after a closing quote, line ends and carriage returns inside quotes, quotes left
    // open.
    let mut next = crate::base::splitmix::numbers(0x5851_f42d_4c95_7f2d);
    for _ in 0..5_000 {
        let mut text = Vec::new();
        for _ in 0..(next() % 4) {
            // Up to 8 values of up to 11 bytes: lines across several sixteen-byte stretches.
            for f in 0..(next() % 9) {
                if f > 0 {
                    text.push(b',');
                }
                let quoted = !next().is_multiple_of(3);
                if quoted {
                    text.push(b'"');
                }
                for _ in 0..(next() % 12) {
                    let r = next() % 40;
                    text.push(match r {
                        0 => b'"',
                        1 => b'\n',
                        2 => b'\r',
                        3..=6 => b',',
                        7 => b' ',
                        _ => b'a' + (r % 3) as u8,
                    });
                }
                if quoted && !next().is_multiple_of(8) {
                    text.push(b'"');
                }
            }
            text.extend_from_slice(if next().is_multiple_of(4) {
                b"\r\n"
            } else {
                b"\n"
            });
        }
        let rows = fast(&text, b',');
        let shown = String::from_utf8_lossy(&text);
        assert_eq!(fields(&rows), by_csv(&text, b','), "{shown:?}");
        assert_eq!(lines(&rows), lines_by_rescan(&text, b','), "{shown:?}");
    }
}

#[test]
fn random_text_reads_as_the_csv_reader_reads_it() {
    // Texts of the bytes that matter to CSV, from a fixed seed: every one gives the csv
    // crate's records, each on the line where it starts.
    let alphabet = b"ab,;\"\r\n \t";
    let mut next = crate::base::splitmix::numbers(0x9e37_79b9_7f4a_7c15);
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
            let rows = fast(&text, delimiter);
            let shown = String::from_utf8_lossy(&text);
            assert_eq!(fields(&rows), by_csv(&text, delimiter), "{shown:?}");
            assert_eq!(lines(&rows), lines_by_rescan(&text, delimiter), "{shown:?}");
        }
    }
}
