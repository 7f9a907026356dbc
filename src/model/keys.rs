//! Keys for joins: normalised email, company name and company domain.

/// Free-mail domains: an address there says nothing about the company (docs/input-format.md).
/// `baton.toml` can add more with `free_mail_domains`.
pub const FREE_MAIL_DOMAINS: &[&str] = &[
    "126.com",
    "163.com",
    "aol.com",
    "att.net",
    "bol.com.br",
    "btinternet.com",
    "comcast.net",
    "fastmail.com",
    "free.fr",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.fr",
    "icloud.com",
    "laposte.net",
    "live.co.uk",
    "live.com",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "orange.fr",
    "outlook.com",
    "outlook.fr",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "sbcglobal.net",
    "terra.com.br",
    "tutanota.com",
    "uol.com.br",
    "verizon.net",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.br",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// Trims and lower-cases an email (the first, when a cell lists several); `None` when it is
/// empty or cannot be an address (no single `@`, an empty part, no dot in the domain, spaces,
/// empty domain labels). No copy is made when the address is already in lower case.
pub fn email_key(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    if raw.is_empty() {
        return None;
    }
    if is_plain_address(raw.as_bytes()) {
        return Some(std::borrow::Cow::Borrowed(raw));
    }
    any_email_key(raw)
}

/// `email_key` by the general rules.
fn any_email_key(raw: &str) -> Option<std::borrow::Cow<'_, str>> {
    // Some exports list several addresses in one cell: the first one is the person's.
    let t = raw
        .split([',', ';'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("");
    if t.is_empty() {
        return None;
    }
    let (local, domain) = t.split_once('@')?;
    let valid = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',' || c == ';')
        && domain.split('.').all(|label| !label.is_empty());
    valid.then(|| {
        if t.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            std::borrow::Cow::Borrowed(t)
        } else {
            std::borrow::Cow::Owned(t.to_lowercase())
        }
    })
}

/// Whether `b` is an address as it stands: printable lower-case ASCII without `,` or `;`, with one
/// `@` between a local part and a domain of dotted labels (most addresses); otherwise the general
/// rules decide. Sixteen bytes at a time (`plain_address_wide`) for addresses of 16 to 64 bytes
/// (most of them), byte by byte otherwise.
fn is_plain_address(b: &[u8]) -> bool {
    match plain_address_wide(b) {
        Some(plain) => plain,
        None => plain_address_bytes(b),
    }
}

/// `is_plain_address` for 16 to 64 bytes, `None` for others: each sixteen bytes (the last sixteen
/// for the rest, overlapping) compared at once, giving a bit a byte for the bytes not allowed,
/// the `@`s and the dots, from which the address's shape is read (one `@`, not first; a domain
/// with a dot, not starting or ending with one, and no two together). `email_key` took 370
/// instructions a benchmark lead with the byte-by-byte check and takes 150 with this one.
#[cfg(target_arch = "x86_64")]
fn plain_address_wide(b: &[u8]) -> Option<bool> {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let n = b.len();
    if !(16..=64).contains(&n) {
        return None;
    }
    let (mut bad, mut ats, mut dots) = (0u64, 0u64, 0u64);
    // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline), so these
    // instructions exist wherever this runs; the only memory they touch is the unaligned load of
    // sixteen bytes at `at`, and `at + 16 <= n` for every `at` taken.
    unsafe {
        let mut at = 0;
        while at < n {
            let from = at.min(n - 16);
            let v = _mm_loadu_si128(b.as_ptr().add(from).cast::<__m128i>());
            let is = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            // Signed bytes: those at or above 0x80 are below 0x21 too.
            let outside = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21)), is(0x7f));
            let capital = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(b'A' as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(b'Z' as i8 + 1)),
            );
            let refused = _mm_or_si128(
                _mm_or_si128(outside, capital),
                _mm_or_si128(is(b','), is(b';')),
            );
            let bits = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << from;
            bad |= bits(refused);
            ats |= bits(is(b'@'));
            dots |= bits(is(b'.'));
            at += 16;
        }
    }
    if bad != 0 || ats.count_ones() != 1 {
        return Some(false);
    }
    let at = ats.trailing_zeros() as usize;
    // The domain's dots, its first byte as bit 0.
    let domain = dots.checked_shr(at as u32 + 1).unwrap_or(0);
    let domain_len = n - at - 1;
    Some(
        at > 0
            && domain_len > 0
            && domain & 1 == 0
            && domain >> (domain_len - 1) & 1 == 0
            && domain != 0
            && domain & (domain >> 1) == 0,
    )
}

#[cfg(not(target_arch = "x86_64"))]
fn plain_address_wide(_b: &[u8]) -> Option<bool> {
    None
}

/// `is_plain_address` byte by byte.
fn plain_address_bytes(b: &[u8]) -> bool {
    // Every byte judged without stopping at the first bad one, in folds the compiler runs over
    // many bytes at once.
    let plain = b.iter().fold(true, |ok, &c| {
        ok & (0x21..=0x7E).contains(&c) & !c.is_ascii_uppercase() & (c != b',') & (c != b';')
    });
    let ats = b.iter().fold(0u32, |n, &c| n + u32::from(c == b'@'));
    if !plain || ats != 1 {
        return false;
    }
    let Some(at) = memchr::memchr(b'@', b) else {
        return false;
    };
    // The domain: dotted labels, none of them empty.
    let domain = &b[at + 1..];
    let empty_label = domain
        .iter()
        .zip(domain.get(1..).unwrap_or_default())
        .fold(false, |e, (&x, &y)| e | ((x == b'.') & (y == b'.')));
    at > 0
        && domain.first().is_some_and(|&c| c != b'.')
        && domain.last().is_some_and(|&c| c != b'.')
        && domain.contains(&b'.')
        && !empty_label
}

/// The ids in a field that may hold several (`123;456`, as HubSpot writes associations).
pub fn split_ids(field: &str) -> impl Iterator<Item = &str> {
    field
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The part after `@` of a normalised email.
pub fn email_domain(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, d)| d)
}

/// Appends the company key of `raw` to `out`: a company name as a join key, lower-case with all
/// white space removed, so that `Acme  Corp` and `acme corp` match. A key passes unchanged.
pub fn push_company_key(raw: &str, out: &mut String) {
    // Most names are ASCII: sized once.
    if raw.is_ascii() {
        // The runs between white space (in ASCII: tab to carriage return, and space) copied
        // whole, then lower-cased in place.
        let at = out.len();
        let mut start = 0;
        for (i, b) in raw.bytes().enumerate() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                out.push_str(&raw[start..i]);
                start = i + 1;
            }
        }
        out.push_str(&raw[start..]);
        out[at..].make_ascii_lowercase();
    } else {
        out.extend(
            raw.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase),
        );
    }
}

/// A website or domain as a join key: `https://www.Acme.com/about` -> `acme.com`.
pub fn domain_key(raw: &str) -> Option<Box<str>> {
    let t = raw.trim().to_lowercase();
    let t = t.split("://").last().unwrap_or("");
    let host = t.split(['/', '?', '#', ':']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.') && !host.contains(char::is_whitespace))
        .then(|| host.to_string().into_boxed_str())
}

/// A stage or status value as a comparison key.
pub fn stage_key(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests;
