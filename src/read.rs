//! Read: open each CSV file, sniff its dialect, recognise its profile and stream its rows.
//!
//! This is the one place that builds a `csv::Reader`. Files are read in parallel; each row is
//! parsed into a reused `ByteRecord` and handed to `normalize` without copying the line.

use crate::discover::InputFile;
use crate::ledger::FileLedger;
use crate::model::{Entity, Labels, Lead, Opportunity, Origin, Spend, Touch};
use crate::normalize::{self, Row, RowContext};
use crate::profile::{self, Recognition};
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct Batch {
    pub ledger: FileLedger,
    pub labels: Labels,
    pub leads: Vec<Lead>,
    pub opportunities: Vec<Opportunity>,
    pub spend: Vec<Spend>,
    pub touches: Vec<Touch>,
    /// Canonical fields this file has a column for.
    pub fields: Vec<profile::Field>,
}

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

/// Reads every file, in parallel, and returns the batches in the files' order.
pub fn read_files(files: &[InputFile], ctx: &RowContext) -> Vec<Batch> {
    files
        .par_iter()
        .enumerate()
        .map(|(i, f)| read_file(i as u32, f, ctx))
        .collect()
}

/// The delimiter that splits the first line into the most fields, outside quotes.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line_end = head
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(head.len());
    let line = &head[..line_end];
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(k) = candidates.iter().position(|&c| c == b) {
            counts[k] += 1;
        }
    }
    let best = (0..4).max_by_key(|&k| (counts[k], 4 - k)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

fn read_file(index: u32, file: &InputFile, ctx: &RowContext) -> Batch {
    let mut batch = Batch {
        ledger: FileLedger::new(&file.rel),
        ..Batch::default()
    };
    let opened = File::open(&file.path);
    let mut source = match opened {
        Ok(f) => BufReader::with_capacity(256 * 1024, f),
        Err(e) => return unreadable(batch, format!("cannot be opened: {e}")),
    };
    let head = match source.fill_buf() {
        Ok(h) => h,
        Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
    };
    if let Some(problem) = sniff_problem(head) {
        return unreadable(batch, problem);
    }
    let delimiter = sniff_delimiter(head);
    let mut reader = open_reader(source, delimiter);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return unreadable(batch, "has no header line".to_string()),
        Err(e) => return unreadable(batch, format!("cannot be read: {e}")),
    }
    batch.ledger.header = record
        .iter()
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let (profile, map) = match profile::recognise(&batch.ledger.header) {
        Recognition::Matched {
            profile,
            map,
            ignored,
            repeated,
        } => {
            for r in repeated {
                batch.ledger.note(&format!(
                    "column {r:?} appears more than once; the first one is used"
                ));
            }
            batch.ledger.ignored_columns = ignored;
            (profile, map)
        }
        Recognition::Unrecognised { closest } => {
            batch.ledger.problem = Some(match closest {
                Some((p, missing)) => format!(
                    "header not recognised: it looks like {} but lacks {}",
                    p.id,
                    missing.join(", ")
                ),
                None => "header not recognised: no profile matches it".to_string(),
            });
            return count_unused_rows(batch, reader, record);
        }
    };
    batch.ledger.source = profile.id.to_string();
    batch.ledger.entity = Some(profile.entity);
    batch.fields = profile
        .columns
        .iter()
        .map(|(f, _)| *f)
        .filter(|f| map.has(*f))
        .collect();
    let width = batch.ledger.header.len();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                batch.ledger.problem = Some(format!("stopped at line {line}: {e}"));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            batch.ledger.blank += 1;
            continue;
        }
        batch.ledger.rows += 1;
        if record.len() != width {
            batch.ledger.reject(
                line,
                format!(
                    "has {} fields but the header has {width}; check the quoting on this line",
                    record.len()
                ),
            );
            continue;
        }
        let row = Row::new(&record, &map, &batch.ledger.header);
        let origin = Origin { file: index, line };
        let labels = &mut batch.labels;
        let notes = &mut batch.ledger.notes;
        let outcome = match profile.entity {
            Entity::Lead => {
                normalize::lead(&row, ctx, labels, notes, origin).map(|l| batch.leads.push(l))
            }
            Entity::Opportunity => {
                normalize::opportunity(&row, ctx, profile.decimal, labels, notes, origin)
                    .map(|o| batch.opportunities.push(o))
            }
            Entity::Spend => normalize::spend(&row, ctx, profile.decimal, labels, origin)
                .map(|s| batch.spend.push(s)),
            Entity::Touch => {
                normalize::touch(&row, ctx, labels, origin).map(|t| batch.touches.push(t))
            }
        };
        if let Err(reason) = outcome {
            batch.ledger.reject(line, reason);
        }
    }
    batch
}

fn unreadable(mut batch: Batch, problem: String) -> Batch {
    batch.ledger.source = "unreadable".to_string();
    batch.ledger.problem = Some(problem);
    batch
}

/// A file no profile recognised: its rows are counted, and all rejected together.
fn count_unused_rows<R: Read>(
    mut batch: Batch,
    mut reader: csv::Reader<R>,
    mut record: csv::ByteRecord,
) -> Batch {
    while let Ok(true) = reader.read_byte_record(&mut record) {
        batch.ledger.rows += 1;
    }
    batch.ledger.rejected = batch.ledger.rows;
    batch
}

/// File-level problems visible in the first bytes.
fn sniff_problem(head: &[u8]) -> Option<String> {
    if head.is_empty() {
        return Some("is empty (0 bytes)".to_string());
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some("is UTF-16 encoded; save it as UTF-8 CSV".to_string());
    }
    if head.iter().take(4096).any(|&b| b == 0) {
        return Some(
            "contains NUL bytes: it looks like a binary file, not a CSV export".to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\r\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b"), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\";b;c"), b';');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }

    #[test]
    fn spots_file_problems() {
        assert!(sniff_problem(b"").unwrap().contains("empty"));
        assert!(
            sniff_problem(&[0xFF, 0xFE, b'a', 0])
                .unwrap()
                .contains("UTF-16")
        );
        assert!(
            sniff_problem(b"PK\x03\x04\x00\x00")
                .unwrap()
                .contains("binary")
        );
        assert_eq!(sniff_problem(b"a,b\n"), None);
    }
}
