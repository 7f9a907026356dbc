//! Range ends: a header whose date range is half read, its start column known and a column that
//! looks like its end not read, which would book each row's spend on its first day. Such a
//! header is refused, naming the column, instead.

use crate::input::formats::{ColumnMap, Field, Profile};

/// Words that say a column starts a range (header keys are lower case, accents folded).
const START: &[&str] = &[
    "start",
    "starts",
    "starting",
    "begin",
    "begins",
    "beginning",
    "beginn",
    "debut",
    "inicio",
    "comienzo",
    "from",
    "von",
    "desde",
];

/// Words that say a column ends one.
const END: &[&str] = &[
    "end",
    "ends",
    "ending",
    "ende",
    "fin",
    "final",
    "fim",
    "termino",
    "encerramento",
    "stop",
    "until",
    "to",
    "bis",
    "hasta",
    "ate",
];

/// Words that say nothing about which range a column belongs to.
const FILLER: &[&str] = &[
    "a", "al", "am", "au", "da", "das", "de", "del", "der", "des", "die", "do", "dos", "du", "el",
    "em", "en", "in", "la", "le", "les", "los", "of", "on", "the", "date", "dates", "day", "data",
    "datum", "fecha", "dia", "jour", "tag", "time",
];

/// Whether a word starts or ends a range, and what is left of it (`berichtsende` is an end,
/// `berichts` left; `enddatum` an end, `datum` left).
enum Word<'a> {
    Start(&'a str),
    End(&'a str),
    Other(&'a str),
}

fn word(w: &str) -> Word<'_> {
    if START.contains(&w) {
        return Word::Start("");
    }
    if END.contains(&w) {
        return Word::End("");
    }
    for s in ["beginn", "start", "anfang"] {
        if let Some(rest) = w.strip_suffix(s).filter(|r| r.len() > 2) {
            return Word::Start(rest);
        }
    }
    if let Some(rest) = w.strip_suffix("ende").filter(|r| r.len() > 2) {
        return Word::End(rest);
    }
    if let Some(rest) = w.strip_prefix("start").filter(|r| FILLER.contains(r)) {
        return Word::Start(rest);
    }
    if let Some(rest) = w.strip_prefix("end").filter(|r| FILLER.contains(r)) {
        return Word::End(rest);
    }
    Word::Other(w)
}

/// A header key's words that name what its range is of, sorted, and whether it says start or
/// end: `reporting starts` is `[reporting]` and a start, `Start Date (in UTC)` `[utc]` and a start.
fn range_words(key: &str) -> (Vec<&str>, bool, bool) {
    let (mut words, mut start, mut end) = (Vec::new(), false, false);
    for w in key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let rest = match word(w) {
            Word::Start(rest) => {
                start = true;
                rest
            }
            Word::End(rest) => {
                end = true;
                rest
            }
            Word::Other(w) => w,
        };
        if !rest.is_empty() && !FILLER.contains(&rest) {
            words.push(rest);
        }
    }
    words.sort_unstable();
    (words, start, end)
}

/// When the file's range start is read and a column no field reads looks like its end: what
/// the file lacks, naming that column and saying what to do.
pub fn unread(
    profile: &Profile,
    header: &[String],
    keys: &[&str],
    map: &ColumnMap,
    used: &[bool],
) -> Option<String> {
    if map.has(Field::DateEnd) {
        return None;
    }
    let &start = map.get(Field::Date).first()?;
    let (of, _, _) = range_words(keys[start]);
    let end = (0..keys.len()).find(|&i| {
        let (words, says_start, says_end) = range_words(keys[i]);
        !used[i] && says_end && !says_start && words == of
    })?;
    let (end_name, start_name) = (header[end].trim(), header[start].trim());
    let fix = match profile.columns.iter().find(|(f, _)| *f == Field::DateEnd) {
        Some((_, spellings)) if !spellings.is_empty() => format!(
            "name the column {:?}, or map it with columns.date_end in a [[source]] block of baton.toml",
            spellings[0]
        ),
        _ => format!(
            "{} reads no end date, so each row would be booked on its first day: export the report by day, or map the column with columns.date_end in a [[source]] block with profile = {:?}",
            profile.id, profile.id
        ),
    };
    Some(format!(
        "the end of its date range: {end_name:?} (column {}) looks like the end of {start_name:?} but is not read as one; {fix}",
        end + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::range_words;
    use crate::input::formats::header_key;

    fn pair(start: &str, end: &str) -> bool {
        let (s, k) = (header_key(start), header_key(end));
        let (of, _, _) = range_words(&s);
        let (words, says_start, says_end) = range_words(&k);
        says_end && !says_start && words == of
    }

    #[test]
    fn ends_of_their_starts() {
        assert!(pair("Reporting starts", "Reporting end"));
        assert!(pair("Reporting starts", "Reporting ends on"));
        assert!(pair("Reporting starts", "Reporting end date"));
        assert!(pair("Start Date (in UTC)", "End Date (in UTC)"));
        assert!(pair("Data de início (em UTC)", "Data de término (em UTC)"));
        assert!(pair("Data de início (em UTC)", "Data final (em UTC)"));
        assert!(pair("Início dos relatórios", "Término dos relatórios"));
        assert!(pair("Inicio del informe", "Fin del informe"));
        assert!(pair("Début des rapports", "Fin des rapports"));
        assert!(pair("Berichtsbeginn", "Berichtsende"));
        assert!(pair("Startdatum", "Enddatum"));
        assert!(pair("date", "end_date"));
    }

    #[test]
    fn not_ends_of_their_starts() {
        // Meta's ad-set schedule beside the report's range.
        assert!(!pair("Reporting starts", "Ends"));
        assert!(!pair("Inicio del informe", "Fin"));
        assert!(!pair("Day", "Campaign end date"));
        assert!(!pair("Reporting starts", "Reporting starts"));
        assert!(!pair("Reporting starts", "Amount spent (USD)"));
        assert!(!pair("Start Date (in UTC)", "Total Spent"));
        assert!(!pair("Reporting starts", "Start and end"));
    }
}
