//! Parse: a file's encoding and delimiter, the one place that builds every `csv::Reader`, and
//! below it the fast record splitting (`records`, `quotes`, `lines`, `longline`).

pub(crate) mod lines;
pub(crate) mod longline;
pub(crate) mod quotes;
pub(crate) mod records;

use std::io::Read;

/// Builds a CSV reader over `source` with the given delimiter: headers read by hand, ragged rows
/// allowed (they are rejected with a reason rather than stopping the file).
pub fn open_reader<R: Read>(source: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(source)
}

/// The parser inside `open_reader`'s reader, for `records::FastRecords` to read the rows that
/// need the CSV rules with: the same settings (the csv crate's headers, flexibility and buffer
/// are the reader's, not the parser's).
pub fn open_parser(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delimiter).build()
}

/// The delimiter that splits the most lines into the same number of fields (outside quotes).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n' || b == b'\r')
        .filter(|l| !l.is_empty())
        .take(50)
        .collect();
    let mut best = (0usize, 0usize, b',');
    for &c in &candidates {
        let mut freq: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for line in &lines {
            let mut quoted = false;
            let n = line
                .iter()
                .filter(|&&b| {
                    if b == b'"' {
                        quoted = !quoted;
                    }
                    !quoted && b == c
                })
                .count();
            if n > 0 {
                *freq.entry(n).or_default() += 1;
            }
        }
        if let Some((&count, &lines_with)) =
            freq.iter().max_by_key(|(count, lines)| (**lines, **count))
            && (lines_with, count) > (best.0, best.1)
        {
            best = (lines_with, count, c);
        }
    }
    best.2
}

/// How the bytes of a file are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Judges the encoding from the bytes (all of a small file, the start of a large one).
pub fn detect_encoding(bytes: &[u8], complete: bool) -> Result<Encoding, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok(Encoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(Encoding::Utf16Be);
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let nul_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let nul_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if half >= 8 && nul_odd * 10 >= half * 8 && nul_even == 0 {
        return Ok(Encoding::Utf16Le);
    }
    if half >= 8 && nul_even * 10 >= half * 8 && nul_odd == 0 {
        return Ok(Encoding::Utf16Be);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(
            "is an Excel workbook (or another zipped file), not CSV: open it and save it as CSV"
                .to_string(),
        );
    }
    // A stray NUL in text is refused row by row; many of them mean a binary file.
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls * 10 > sample.len() || bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"%PDF") {
        return Err(
            "contains NUL bytes: it looks like a binary file, not a CSV export".to_string(),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(Encoding::Utf8),
        // A large file cut mid-character at the end of the sample is still UTF-8.
        Err(e) if !complete && e.error_len().is_none() => Ok(Encoding::Utf8),
        // UTF-8 text with a few broken bytes stays UTF-8 (the rows with them are refused, naming
        // the column); text with no valid multi-byte character at all is an Excel/Windows save.
        Err(_) if has_utf8_multibyte(bytes) => Ok(Encoding::Utf8),
        Err(_) => Ok(Encoding::Windows1252),
    }
}

/// Whether `bytes` hold at least one valid multi-byte UTF-8 character.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return s.bytes().any(|b| b >= 0x80),
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                if valid.iter().any(|&b| b >= 0x80) {
                    return true;
                }
                match e.error_len() {
                    Some(n) => rest = &after[n..],
                    None => return false,
                }
            }
        }
    }
}

/// The length of the UTF-8 byte-order mark that `bytes` start with (0 or 3).
pub(crate) fn utf8_bom(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// The file's text as UTF-8 bytes.
pub(crate) fn transcode(bytes: Vec<u8>, encoding: Encoding) -> Vec<u8> {
    let enc = match encoding {
        Encoding::Utf8 => {
            let skip = utf8_bom(&bytes);
            return if skip == 0 {
                bytes
            } else {
                bytes[skip..].to_vec()
            };
        }
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    let (text, _, _) = enc.decode(&bytes);
    text.into_owned().into_bytes()
}
