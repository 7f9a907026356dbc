//! Excerpts: text from the inputs (file names, header cells) made fit for a message: control
//! characters escaped, so that a file name cannot move the cursor, colour the terminal or start a
//! line of its own, and long text cut, so that a junk file cannot fill every page.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// At most this many characters of a header (or other text from a file) are quoted back.
pub const LIMIT: usize = 200;

/// Whether `c` must not reach a terminal as it is: control characters, and the marks that
/// reorder text on screen (bidirectional overrides and isolates).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with its control characters written as escapes (`\n`, `\t`, `\x1b`, `\u{202e}`).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && is_unsafe(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path for a message, escaped.
pub fn path(p: &Path) -> String {
    escape(&p.to_string_lossy()).into_owned()
}

/// `text` cut to `LIMIT` characters (at a character boundary), saying how many more there were.
pub fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(LIMIT) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let more = text[end..].chars().count();
            Cow::Owned(format!("{}… ({more} more characters)", &text[..end]))
        }
    }
}

/// Text from a file for a message: cut to `LIMIT` characters, then escaped.
pub fn quote(text: &str) -> String {
    escape(&cut(text)).into_owned()
}

/// Header cells for a message, joined with commas: cut and escaped as one text. Only as many
/// cells as can show are joined, so a header of millions of cells costs no more than a short one.
pub fn cells(cells: &[String]) -> String {
    let mut joined = String::new();
    let (mut shown, mut chars) = (0, 0);
    for c in cells {
        if chars > LIMIT {
            break;
        }
        if shown > 0 {
            joined.push_str(", ");
        }
        joined.push_str(c);
        chars += c.chars().count() + 2;
        shown += 1;
    }
    let mut text = quote(&joined);
    if shown < cells.len() {
        let _ = write!(text, " (and {} more cells)", cells.len() - shown);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(escape("plain.csv"), "plain.csv");
        assert_eq!(
            escape("evil\n\x1b[31mbaton: error: x\r\t\u{7f}\u{9b}\u{202e}.csv"),
            "evil\\n\\x1b[31mbaton: error: x\\r\\t\\x7f\\u{9b}\\u{202e}.csv"
        );
        assert_eq!(escape("é, 日本"), "é, 日本");
    }

    #[test]
    fn cuts_long_text_at_a_character_boundary() {
        let short = "a".repeat(LIMIT);
        assert_eq!(cut(&short), short);
        let long = "é".repeat(LIMIT + 5);
        let c = cut(&long);
        assert!(c.starts_with(&"é".repeat(LIMIT)));
        assert!(c.ends_with("… (5 more characters)"), "{c}");
    }

    #[test]
    fn joins_only_the_cells_that_show() {
        let many: Vec<String> = (0..100_000).map(|i| format!("col{i}")).collect();
        let text = cells(&many);
        assert!(text.chars().count() < 2 * LIMIT, "{text}");
        assert!(text.starts_with("col0, col1, "));
        assert!(text.ends_with("more cells)"), "{text}");
        assert_eq!(cells(&["a\nb".to_string(), "c".to_string()]), "a\\nb, c");
    }
}
