//! Packed: instants in 4 and 5 bytes (`Stamp`, `When`), for the millions of records a
//! large export holds. A touch's `Stamp` holds 1970-01-01 to 2106-02-07 (UTC).

use super::zone::Instant;

/// An instant that may be absent, in 5 bytes instead of an `Option`'s 16: seconds in 40-bit
/// two's complement (about 17,000 years either side of 1970), the lowest value for none. Every
/// instant baton reads fits: dates have years 0000 to 9999, within 8,000 years of 1970. Orders
/// as `Option<Instant>` does: none first. (A lead holds four; 5 bytes each keep it at 80.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct When([u8; 5]);

/// The range of a `When`'s seconds; the value below it means none.
pub(super) const WHEN_MAX: i64 = (1 << 39) - 1;
pub(super) const WHEN_MIN: i64 = -WHEN_MAX;

impl When {
    /// -2^39 in 40 bits, little-endian.
    pub const NONE: When = When([0, 0, 0, 0, 0x80]);

    #[inline]
    fn seconds(self) -> i64 {
        // Four bytes and one, put together in registers (a copy into an eight-byte buffer read
        // back whole could not be forwarded from the narrower stores, and stalled the read).
        let [a, b, c, d, e] = self.0;
        let low = u64::from(u32::from_le_bytes([a, b, c, d]));
        ((low | u64::from(e) << 32) << 24) as i64 >> 24
    }

    pub fn get(self) -> Option<Instant> {
        (self != When::NONE).then(|| self.seconds())
    }
}

/// A touch's instant in 4 bytes: seconds since 1970-01-01T00:00:00Z, unsigned, so from 1970 to
/// 2106-02-07T06:28:15Z. A touch (an email sent, a call, an ad click) outside those years is a
/// typing error, and its row is refused (`normalize::touch`); in 12 bytes instead of 16, the
/// touches, a third of a build's memory, take a quarter less. Orders as its instant does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(u32);

impl Stamp {
    /// `t` as a stamp, when it lies in the stamps' years.
    pub fn new(t: Instant) -> Option<Stamp> {
        u32::try_from(t).ok().map(Stamp)
    }

    pub fn get(self) -> Instant {
        Instant::from(self.0)
    }
}

impl From<Option<Instant>> for When {
    fn from(t: Option<Instant>) -> When {
        match t {
            None => When::NONE,
            Some(t) => {
                debug_assert!(
                    (WHEN_MIN..=WHEN_MAX).contains(&t),
                    "instant {t} out of range"
                );
                let b = t.clamp(WHEN_MIN, WHEN_MAX).to_le_bytes();
                When([b[0], b[1], b[2], b[3], b[4]])
            }
        }
    }
}

impl Ord for When {
    /// By seconds: none's are the lowest.
    fn cmp(&self, other: &When) -> std::cmp::Ordering {
        self.seconds().cmp(&other.seconds())
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &When) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
