//! Privacy: what a message may quote of a value read from the inputs.
//!
//! Every message that quotes an input value (a rejected row's reason, the header of a file no
//! profile knew, which may be its first data row) takes the text from `quote` or `hidden_line`.
//! Unless `show_people = true` they hide a person's data: any value of a person's column (the
//! email), and any value at all that looks like an email address or a phone number (an address
//! typed into a date column, a headerless file's first row). Other values are quoted, so that a
//! bad date or amount can be found and mended; the message always names the file, line and
//! column.

use crate::input::formats::Field;

/// What a column holds, as far as quoting its values goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A person's data: never quoted unless `show_people`.
    Person,
    /// Anything else: quoted unless the value looks like an email address or a phone number.
    Other,
}

impl Role {
    /// The role of `field`'s columns. baton reads no name or phone column; the email is the one
    /// person's field it reads.
    pub fn of(field: Field) -> Role {
        match field {
            Field::Email => Role::Person,
            _ => Role::Other,
        }
    }
}

/// At most this many characters of a value are quoted back in a message.
const QUOTE_LIMIT: usize = 40;

/// `value` as a message quotes it: in double quotes, escaped, at most 40 characters; or, when
/// it may be a person's data and `show_people` is off, a note that it is hidden and why.
pub fn quote(value: &str, role: Role, show_people: bool) -> String {
    if let Some(note) = hidden(value, role, show_people) {
        return note.to_string();
    }
    let mut q: String = value.chars().take(QUOTE_LIMIT).collect();
    if value.chars().nth(QUOTE_LIMIT).is_some() {
        q.push('…');
    }
    format!("{q:?}")
}

/// What stands for a whole line of cells (a header no profile knew, which may be a data row,
/// a person's name beside their email) when one of them would be hidden; `None` when they may
/// all be shown.
pub fn hidden_line(cells: &[String], show_people: bool) -> Option<&'static str> {
    cells
        .iter()
        .find_map(|c| hidden(c, Role::Other, show_people))
}

/// A label that reports show (an owner, a campaign) as it may be shown: unless `show_people`,
/// each email address in it stands as `user-` and six hex digits of its hash, the same for
/// the same address (HubSpot names a deactivated owner by address: `ann@x.com (Deactivated
/// User)` becomes `user-3f09c1 (Deactivated User)`).
pub fn label(value: &str, show_people: bool) -> std::borrow::Cow<'_, str> {
    if show_people || !looks_like_email(value) {
        return std::borrow::Cow::Borrowed(value);
    }
    let shown: Vec<String> = value
        .split(' ')
        .map(|word| {
            if looks_like_email(word) {
                // FNV-1a over the lower-cased word: stable across runs and machines.
                let hash = word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
                });
                format!("user-{:06x}", hash >> 40)
            } else {
                word.to_string()
            }
        })
        .collect();
    std::borrow::Cow::Owned(shown.join(" "))
}

/// What stands for `value` when it is hidden, or `None` when it may be shown.
fn hidden(value: &str, role: Role, show_people: bool) -> Option<&'static str> {
    if show_people {
        None
    } else if looks_like_email(value) {
        Some("(an email address, hidden; set show_people = true to see it)")
    } else if looks_like_phone(value) {
        Some("(a phone number, hidden; set show_people = true to see it)")
    } else if role == Role::Person && !value.is_empty() {
        Some("(a person's data, hidden; set show_people = true to see it)")
    } else {
        None
    }
}

/// Whether `value` holds something like an address: an `@` with a character that is not white
/// space on either side (`ann@x`, `"Ann" <ann@x.com>`; not `Meetup @ Berlin`).
fn looks_like_email(value: &str) -> bool {
    let b = value.as_bytes();
    memchr::memchr_iter(b'@', b).any(|at| {
        let solid = |c: Option<&u8>| c.is_some_and(|c| !c.is_ascii_whitespace());
        at > 0 && solid(b.get(at - 1)) && solid(b.get(at + 1))
    })
}

/// Whether `value` is written like a phone number: only digits and `+ - ( ) . /` and spaces,
/// with at least 7 digits when it starts with `+` or `(` (`+44 20 7946 0958`, `(555) 010-9999`),
/// else at least 10 (`555-010-9999`; not a date such as `2025-13-01`, nor a short count).
fn looks_like_phone(value: &str) -> bool {
    let t = value.trim();
    let phone_chars = t
        .bytes()
        .all(|c| c.is_ascii_digit() || b"+-(). /".contains(&c));
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    let least = if t.starts_with(['+', '(']) { 7 } else { 10 };
    phone_chars && digits >= least
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_hide_addresses_but_keep_the_rest() {
        let shown = label("Ann@X.com (Deactivated User)", false);
        assert!(shown.starts_with("user-") && shown.ends_with(" (Deactivated User)"));
        assert!(!shown.contains('@'));
        assert_eq!(label("ann@x.com (Deactivated User)", false), shown);
        assert_ne!(label("bo@x.com", false), label("ann@x.com", false));
        assert_eq!(label("Ann Lee", false), "Ann Lee");
        assert_eq!(label("Meetup @ Berlin", false), "Meetup @ Berlin");
        assert_eq!(label("ann@x.com", true), "ann@x.com");
    }

    #[test]
    fn other_values_are_quoted_short_and_escaped() {
        assert_eq!(quote("2025-13", Role::Other, false), "\"2025-13\"");
        assert_eq!(quote("a\"b\n", Role::Other, false), "\"a\\\"b\\n\"");
        let long = "x".repeat(50);
        assert_eq!(
            quote(&long, Role::Other, false),
            format!("\"{}…\"", "x".repeat(40))
        );
        assert_eq!(
            quote(&"x".repeat(40), Role::Other, false),
            format!("\"{}\"", "x".repeat(40))
        );
        // Not an address, nor a phone number: quoted.
        for v in [
            "Meetup @ Berlin",
            "@handle",
            "2025-01-01",
            "31/02/2025 10:00",
            "555-1234",
            "$1,234.56",
        ] {
            assert!(quote(v, Role::Other, false).starts_with('"'), "{v}");
        }
    }

    #[test]
    fn person_data_is_hidden_unless_shown() {
        for v in [
            "ann@x.com",
            "Ann <ann@x.com>",
            "a@b",
            "+44 20 7946 0958",
            "(555) 010-9999",
            "555.010.9999",
        ] {
            let q = quote(v, Role::Other, false);
            assert!(
                !q.contains(v) && q.contains("show_people = true"),
                "{v}: {q}"
            );
            assert!(quote(v, Role::Other, true).contains(v), "{v}");
            // A line holding it is hidden whole (a person's name may stand beside it).
            let line = ["Ann".to_string(), "Lee".to_string(), v.to_string()];
            assert_eq!(hidden_line(&line, false), Some(q.as_str()));
            assert_eq!(hidden_line(&line, true), None);
        }
        let header = [
            "Email".to_string(),
            "Phone".to_string(),
            "Created".to_string(),
        ];
        assert_eq!(hidden_line(&header, false), None);
        // Whatever a person's column holds.
        let q = quote("not an address", Role::Person, false);
        assert!(q.starts_with("(a person's data, hidden"), "{q}");
        assert_eq!(
            quote("not an address", Role::Person, true),
            "\"not an address\""
        );
        assert!(quote("Ann@x.com", Role::Person, false).starts_with("(an email address"));
        assert_eq!(Role::of(Field::Email), Role::Person);
        assert_eq!(Role::of(Field::CreatedAt), Role::Other);
    }
}
