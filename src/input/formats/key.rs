//! Header keys: a header cell as profiles compare it, the same whatever its case, spacing,
//! punctuation or typography (`Reporting Ends`, `reporting_ends`, `Reporting  ends`,
//! `Reporting\u{a0}ends` and `“Reporting ends”` are one key).

/// A header cell as a comparison key: lower case; accents, curly quotes, dashes and invisible
/// characters folded; every run of spaces, underscores and hyphens one space; one space before
/// a bracket and none inside it (`Amount spent(USD )` is `amount spent (usd)`); quotes, `*`,
/// `:`, `.` and the like around it dropped. A key's key is itself.
pub fn header_key(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut gap = false;
    for raw in cell.chars() {
        let Some(c) = typographic(raw) else {
            continue;
        };
        if c.is_whitespace() || c == '_' || c == '-' {
            gap = true;
            continue;
        }
        if (gap || c == '(') && !out.is_empty() && !out.ends_with('(') && c != ')' {
            out.push(' ');
        }
        gap = false;
        for l in c.to_lowercase() {
            push_folded(&mut out, l);
        }
    }
    let trimmed = out.trim_matches(|c: char| c == ' ' || SURROUNDING.contains(&c));
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// What may stand around a header name without changing it (a required-field `*`, quotes, a
/// closing `:`).
const SURROUNDING: [char; 10] = ['"', '\'', '*', ':', ';', ',', '.', '!', '?', '`'];

/// `c` with its typographic variants folded: `None` for a character that shows nothing.
fn typographic(c: char) -> Option<char> {
    Some(match c {
        '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{ad}' | '\u{300}'..='\u{36f}' => {
            return None;
        }
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{ff08}' => '(',
        '\u{ff09}' => ')',
        c => c,
    })
}

/// Pushes lower-case `c` without its accent (`é` is `e`, `ß` is `ss`).
fn push_folded(out: &mut String, c: char) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => return out.push_str("ss"),
        'æ' => return out.push_str("ae"),
        'œ' => return out.push_str("oe"),
        c => c,
    };
    out.push(base);
}

#[cfg(test)]
mod tests {
    use super::header_key;

    #[test]
    fn spellings_of_one_name_are_one_key() {
        for cell in [
            "Reporting ends",
            "Reporting Ends",
            "REPORTING_ENDS",
            "reporting-ends",
            "  Reporting   ends ",
            "Reporting\u{a0}ends",
            "Reporting\u{202f}ends",
            "\u{feff}Reporting ends",
            "\u{201c}Reporting ends\u{201d}",
            "'Reporting ends'",
            "Reporting ends:",
            "*Reporting ends",
            "Reporting \u{2013} ends",
            "Reporting\u{200b} ends",
        ] {
            assert_eq!(header_key(cell), "reporting ends", "{cell:?}");
        }
    }

    #[test]
    fn brackets_accents_and_dashes() {
        assert_eq!(header_key("Amount Spent (USD)"), "amount spent (usd)");
        assert_eq!(header_key("Amount spent(USD )"), "amount spent (usd)");
        assert_eq!(header_key("Amount spent ( USD)"), "amount spent (usd)");
        assert_eq!(header_key("amount spent (*)"), "amount spent (*)");
        assert_eq!(
            header_key("Data de início (em UTC)"),
            "data de inicio (em utc)"
        );
        // Decomposed accents (macOS) fold the same as composed ones.
        assert_eq!(header_key("Data de inic\u{301}io"), "data de inicio");
        assert_eq!(header_key("Montant dépensé (EUR)"), "montant depense (eur)");
        assert_eq!(header_key("Größe"), "grosse");
        assert_eq!(header_key("Deal - Wert"), "deal wert");
        assert_eq!(header_key("Deal \u{2014} Wert"), "deal wert");
        assert_eq!(header_key("lead_id"), header_key("Lead ID"));
        assert_eq!(header_key("Impr."), "impr");
        assert_eq!(header_key("Contact: Email"), "contact: email");
        assert_eq!(header_key(""), "");
        assert_eq!(header_key(" * "), "");
    }

    #[test]
    fn a_key_is_its_own_key() {
        for cell in [
            "Amount Spent (USD)",
            "Date entered \"Marketing Qualified Lead (Lifecycle Stage Pipeline)\"",
            "Company / Account",
            "Converted Opportunity: Opportunity ID",
            "Início dos relatórios",
            "((x))",
            "a (b) c",
        ] {
            let k = header_key(cell);
            assert_eq!(header_key(&k), k, "{cell:?}");
        }
    }
}
