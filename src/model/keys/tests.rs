//! Unit tests of `model::keys`.

use super::*;

/// The length in bytes of the company key of `raw`.
fn company_key_len(raw: &str) -> usize {
    if raw.is_ascii() {
        raw.bytes()
            .filter(|&b| !char::from(b).is_whitespace())
            .count()
    } else {
        raw.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .map(char::len_utf8)
            .sum()
    }
}

fn normalize_email(raw: &str) -> Option<Box<str>> {
    email_key(raw).map(Box::from)
}

fn company_key(raw: &str) -> Option<Box<str>> {
    let mut key = String::new();
    push_company_key(raw, &mut key);
    (!key.is_empty()).then(|| key.into_boxed_str())
}

#[test]
fn every_short_text_is_judged_alike_by_the_one_pass_email_check_and_the_rules() {
    // Every text of up to six of these bytes, read both ways.
    let alphabet = [b'a', b'B', b'@', b'.', b',', b';', b' ', b'-'];
    let mut texts = vec![String::new()];
    let mut plain = 0;
    for _ in 0..6 {
        let longer: Vec<String> = texts
            .iter()
            .filter(|t| t.len() == texts.last().map_or(0, String::len))
            .flat_map(|t| {
                alphabet
                    .iter()
                    .map(move |&c| format!("{t}{}", char::from(c)))
            })
            .collect();
        for t in &longer {
            plain += usize::from(is_plain_address(t.as_bytes()));
            assert_eq!(email_key(t), any_email_key(t), "{t:?}");
        }
        texts = longer;
    }
    // The one-pass check took many of them (a@b.a, a-@b.a, ...), not none.
    assert!(plain > 50, "{plain}");
}

#[test]
fn emails() {
    assert_eq!(
        normalize_email("  Ann.Lee@Example.COM ").as_deref(),
        Some("ann.lee@example.com")
    );
    for bad in [
        "",
        "  ",
        "ann",
        "ann@",
        "@x.com",
        "ann@x",
        "a b@x.com",
        "a@b@x.com",
        "a@x..com",
    ] {
        assert_eq!(normalize_email(bad), None, "{bad}");
    }
    assert_eq!(email_domain("ann@acme.io"), "acme.io");
    assert_eq!(
        normalize_email("a@x.com, b@y.com").as_deref(),
        Some("a@x.com")
    );
}

/// `count` seeded texts of up to `longest` pieces drawn from `alphabet`.
fn random_texts<'a>(
    seed: u64,
    alphabet: &'a [&'a str],
    longest: u64,
    count: usize,
) -> impl Iterator<Item = String> + 'a {
    let mut next = crate::base::splitmix::numbers(seed);
    (0..count).map(move |_| {
        let x = next();
        let len = (x % (longest + 1)) as usize;
        (0..len)
            .map(|i| alphabet[((x >> (i * 4 + 8)) % alphabet.len() as u64) as usize])
            .collect()
    })
}

#[test]
fn the_one_pass_email_check_agrees_with_the_rules() {
    let alphabet = ["a", "B", "@", ".", ",", ";", " ", "-", "é", "\t", "x"];
    for s in random_texts(7, &alphabet, 8, 200_000) {
        assert_eq!(email_key(&s), any_email_key(&s), "{s:?}");
    }
    for s in [
        "a@x.com", "a@.x.com", "a@x.com.", "ab@x.c", "a@x", "@x.com", "a@@x.com", "a@x..com",
    ] {
        assert_eq!(email_key(s), any_email_key(s), "{s:?}");
    }
}

#[test]
fn the_word_at_a_time_email_check_agrees_with_the_rules_across_words() {
    // Longer texts, so that dots, at signs and bad bytes fall on both sides of each eight-byte
    // boundary; with the bytes at the edges of each range judged ('!' and '~' are printable,
    // space and DEL not; '@' and '[' border the capitals).
    let alphabet = [
        "a", "@", ".", ".", "x", "Z", "A", "[", "`", "{", "~", "!", " ", "\u{7f}", ",", ";", "é",
    ];
    let mut plain = 0;
    for s in random_texts(13, &alphabet, 14, 400_000) {
        plain += usize::from(is_plain_address(s.as_bytes()));
        assert_eq!(email_key(&s), any_email_key(&s), "{s:?}");
    }
    for s in [
        "abcdefg.@x.com",
        "abcdefgh@wxyzabc..com",
        "a@bcdefgh.ijklmn.",
        "a@bcdefg..hijk",
    ] {
        assert_eq!(email_key(s), any_email_key(s), "{s:?}");
    }
    assert!(plain > 100, "{plain}");
}

#[test]
fn the_sixteen_byte_email_check_agrees_with_the_byte_one() {
    // Texts of 14 to 66 bytes, mostly letters with a few bytes of every kind put anywhere,
    // so that the wide check's loads (the last one overlapping) meet each kind on both sides
    // of every sixteen-byte boundary, and texts outside 16 to 64 bytes go to the byte check.
    let kinds = b"@@..xZA[`{~! \x7f,;\x80\xff-";
    let mut next = crate::base::splitmix::numbers(17);
    let mut plain = 0;
    for _ in 0..300_000 {
        let len = 14 + (next() % 53) as usize;
        let mut s: Vec<u8> = (0..len).map(|_| b'a' + (next() % 26) as u8).collect();
        for _ in 0..next() % 4 {
            let (i, k) = (next() as usize % len, next() as usize % kinds.len());
            s[i] = kinds[k];
        }
        for (c, odds) in [(b'@', 4), (b'.', 2)] {
            if !next().is_multiple_of(odds) {
                let i = next() as usize % len;
                s[i] = c;
            }
        }
        let want = plain_address_bytes(&s);
        plain += usize::from(want);
        assert_eq!(
            is_plain_address(&s),
            want,
            "{:?}",
            String::from_utf8_lossy(&s)
        );
    }
    assert!(plain > 10_000, "{plain}");
    let a = |n: usize| "a".repeat(n);
    for (s, want) in [
        (format!("{}@b.c", a(12)), true),
        (format!("{}@b.c", a(60)), true),
        (format!("{}@bc", a(60)), false),
        (format!("{}@", a(63)), false),
        (format!("{}.@b.cc", a(10)), true),
        (format!("{}@b{}..c", a(10), a(3)), false),
        (format!("{}@.{}.c", a(10), a(8)), false),
        (format!("{}@{}.c.", a(10), a(8)), false),
        (format!("@{}.c", a(20)), false),
        (format!("{}@{}.c", a(20), "A"), false),
    ] {
        assert_eq!(is_plain_address(s.as_bytes()), want, "{s}");
        assert_eq!(plain_address_bytes(s.as_bytes()), want, "{s}");
    }
}

#[test]
fn ascii_company_keys_agree_with_the_rules() {
    // Random ASCII names, every white space and control character among them, against
    // the rule for any text: no white space (as `char::is_whitespace` has it), lower case.
    let alphabet = [
        "A", "c", "Z", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1c}", "\u{1f}", "-", ".",
    ];
    for s in random_texts(11, &alphabet, 9, 100_000) {
        let mut key = String::new();
        push_company_key(&s, &mut key);
        let rule: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        assert_eq!(key, rule, "{s:?}");
    }
}

#[test]
fn company_key_lengths_are_exact() {
    for raw in [
        "Acme  Corp",
        "",
        " ",
        "İstanbul Ltd",
        "Société Générale",
        "ÆØÅ\u{a0}AS",
    ] {
        let mut out = String::new();
        push_company_key(raw, &mut out);
        assert_eq!(company_key_len(raw), out.len(), "{raw:?}");
        let mut again = String::new();
        push_company_key(&out, &mut again);
        assert_eq!(again, out, "a key passes unchanged: {raw:?}");
    }
}

#[test]
fn companies_and_domains() {
    assert_eq!(company_key(" Acme  Corp "), company_key("acme corp"));
    assert_eq!(company_key("AcmeCorp").as_deref(), Some("acmecorp"));
    assert_eq!(company_key("   "), None);
    assert_eq!(
        domain_key("https://www.Acme.com/about").as_deref(),
        Some("acme.com")
    );
    assert_eq!(domain_key("acme.com").as_deref(), Some("acme.com"));
    assert_eq!(domain_key("not a domain"), None);
}
