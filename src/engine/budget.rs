//! Budget: how much memory DataFusion's operators may hold before they spill to disk
//! (`BATON_DATAFUSION_MEMORY`, else half the memory this process may use).

use crate::base::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The setting's name.
pub(crate) const VARIABLE: &str = "BATON_DATAFUSION_MEMORY";

/// The memory DataFusion's sorts, aggregations, joins and windows may reserve together, in bytes;
/// `None` for no limit. `BATON_DATAFUSION_MEMORY` when set (`4GiB`, `512M`, bytes, or
/// `unlimited`), else half of the memory this process may use (`usable`; no limit where that is
/// not known).
pub(crate) fn limit() -> Result<Option<usize>> {
    match std::env::var(VARIABLE) {
        Ok(text) => parse(&text).ok_or_else(|| {
            Error::Usage(format!(
                "{VARIABLE}={text:?} is not a size: give bytes with an optional unit (K, M, G, T: powers of 1024, e.g. 4GiB or 512M), or `unlimited`"
            ))
        }),
        Err(_) => Ok(usable().map(|bytes| bytes / 2)),
    }
}

/// The memory this process may use: the machine's (`MemTotal` of `/proc/meminfo`), or its
/// control group's limit where that is less (a container's, a systemd unit's `MemoryMax`, a
/// batch job's). `None` where neither is known.
fn usable() -> Option<usize> {
    let read = |path: &Path| std::fs::read_to_string(path).ok();
    let machine = read(Path::new("/proc/meminfo")).and_then(|t| total_memory(&t));
    let group = read(Path::new("/proc/self/cgroup")).and_then(|t| group_limit(&t, read));
    match (machine, group) {
        (Some(m), Some(g)) => Some(m.min(g)),
        (m, g) => m.or(g),
    }
}

/// The least memory limit set on the control group a `/proc/self/cgroup` text names or on any
/// group above it: cgroup v2's `memory.max`, cgroup v1's `memory.limit_in_bytes`, read through
/// `read` from `/sys/fs/cgroup`. In a container the group's path may not be visible under that
/// mount; the walk up then reaches the mount's own files, which are the container's. `None`
/// when no limit is set (`max`, or no such file).
fn group_limit(cgroup: &str, read: impl Fn(&Path) -> Option<String>) -> Option<usize> {
    let mut least: Option<usize> = None;
    for line in cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (root, file) = if controllers.is_empty() {
            ("/sys/fs/cgroup", "memory.max")
        } else if controllers.split(',').any(|c| c == "memory") {
            ("/sys/fs/cgroup/memory", "memory.limit_in_bytes")
        } else {
            continue;
        };
        let root = Path::new(root);
        let mut dir: PathBuf = root.join(path.trim_start_matches('/'));
        loop {
            let limit = read(&dir.join(file)).and_then(|t| t.trim().parse::<usize>().ok());
            if let Some(limit) = limit {
                least = Some(least.map_or(limit, |l| l.min(limit)));
            }
            if dir == root || !dir.pop() || !dir.starts_with(root) {
                break;
            }
        }
    }
    least
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

    /// `group_limit` over the files of `files` (path, text).
    fn limit_of(cgroup: &str, files: &[(&str, &str)]) -> Option<usize> {
        group_limit(cgroup, |p| {
            files
                .iter()
                .find(|(path, _)| Path::new(path) == p)
                .map(|(_, text)| text.to_string())
        })
    }

    #[test]
    fn a_control_group_limit_is_found_in_v2_and_v1_and_above_the_group() {
        // cgroup v2: the job's own limit, and a lower one on its parent.
        let v2 = "0::/batch/job7\n";
        let own = ("/sys/fs/cgroup/batch/job7/memory.max", "8589934592\n");
        assert_eq!(limit_of(v2, &[own]), Some(8 << 30));
        let parent = ("/sys/fs/cgroup/batch/memory.max", "4294967296\n");
        assert_eq!(limit_of(v2, &[own, parent]), Some(4 << 30));
        assert_eq!(
            limit_of(v2, &[("/sys/fs/cgroup/batch/job7/memory.max", "max\n")]),
            None
        );
        // cgroup v1, among other controllers; a container whose group path is not under the
        // mount: the mount's own limit.
        let v1 = "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n1:name=systemd:/x\n";
        let mount = ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "2147483648");
        assert_eq!(limit_of(v1, &[mount]), Some(2 << 30));
        assert_eq!(limit_of(v1, &[]), None);
        assert_eq!(limit_of("garbage", &[mount]), None);
    }

    #[test]
    fn the_machine_memory_is_read_from_meminfo() {
        let meminfo = "MemTotal:       24576000 kB\nMemFree:         1000 kB\n";
        assert_eq!(total_memory(meminfo), Some(24_576_000 * 1024));
        assert_eq!(total_memory("MemFree: 1 kB\n"), None);
    }
}
