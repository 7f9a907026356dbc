//! Budget: how much memory DataFusion's operators may hold before they spill to disk
//! (`BATON_DATAFUSION_MEMORY`, else half the machine's memory).

use crate::base::error::{Error, Result};

/// The setting's name.
pub(crate) const VARIABLE: &str = "BATON_DATAFUSION_MEMORY";

/// The memory DataFusion's sorts, aggregations, joins and windows may reserve together, in bytes;
/// `None` for no limit. `BATON_DATAFUSION_MEMORY` when set (`4GiB`, `512M`, bytes, or
/// `unlimited`), else half of the machine's memory as `/proc/meminfo` gives it (no limit where
/// there is no such file).
pub(crate) fn limit() -> Result<Option<usize>> {
    match std::env::var(VARIABLE) {
        Ok(text) => parse(&text).ok_or_else(|| {
            Error::Usage(format!(
                "{VARIABLE}={text:?} is not a size: give bytes with an optional unit (K, M, G, T: powers of 1024, e.g. 4GiB or 512M), or `unlimited`"
            ))
        }),
        Err(_) => Ok(std::fs::read_to_string("/proc/meminfo")
            .ok()
            .as_deref()
            .and_then(total_memory)
            .map(|bytes| bytes / 2)),
    }
}

/// A size: digits, then optionally a unit K, M, G or T (each 1024 times the last; `KB`, `KiB`
/// and lower case read the same), or `unlimited` (`Some(None)`). `None` when it is not one, or
/// is zero.
fn parse(text: &str) -> Option<Option<usize>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("unlimited") {
        return Some(None);
    }
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let shift = match unit {
        "" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        _ => return None,
    };
    let bytes = number.checked_mul(1u64 << shift)?;
    if bytes == 0 {
        return None;
    }
    usize::try_from(bytes).ok().map(Some)
}

/// `MemTotal` of a `/proc/meminfo` text, in bytes.
fn total_memory(meminfo: &str) -> Option<usize> {
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line
        .trim_start_matches("MemTotal:")
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    kib.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_with_binary_units() {
        assert_eq!(parse("1048576"), Some(Some(1 << 20)));
        assert_eq!(parse("4GiB"), Some(Some(4 << 30)));
        assert_eq!(parse(" 512M "), Some(Some(512 << 20)));
        assert_eq!(parse("512 mb"), Some(Some(512 << 20)));
        assert_eq!(parse("64k"), Some(Some(64 << 10)));
        assert_eq!(parse("2T"), Some(Some(2 << 40)));
        assert_eq!(parse("Unlimited"), Some(None));
    }

    #[test]
    fn what_is_not_a_size_is_refused() {
        for text in [
            "",
            "0",
            "0G",
            "-1G",
            "1.5G",
            "G",
            "4 gigs",
            "4GiBB",
            "99999999999T",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_machine_memory_is_read_from_meminfo() {
        let meminfo = "MemTotal:       24576000 kB\nMemFree:         1000 kB\n";
        assert_eq!(total_memory(meminfo), Some(24_576_000 * 1024));
        assert_eq!(total_memory("MemFree: 1 kB\n"), None);
    }
}
