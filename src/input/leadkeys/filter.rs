//! The lead emails as a Bloom filter: kept, at two bytes a lead, when the emails themselves are let
//! go before the touches are read, to tell for certain that no lead has an email a touch names.

/// Bits set for each email (of a 64-bit hash: double hashing, Kirsch and Mitzenmacher).
const PROBES: u64 = 8;
/// Bits per email: with `PROBES`, about one email in 1,700 that no lead has is taken for one
/// that a lead may have.
const BITS_PER_KEY: usize = 16;

pub struct EmailFilter {
    words: Vec<u64>,
    /// The number of bits.
    bits: u64,
}

impl EmailFilter {
    /// A filter of the emails `hashes` gives (their `leadkeys::hash`), `count` at most.
    pub fn of(count: usize, hashes: impl Iterator<Item = u64>) -> EmailFilter {
        let words = (count * BITS_PER_KEY).div_ceil(64).max(1);
        let mut filter = EmailFilter {
            words: vec![0; words],
            bits: words as u64 * 64,
        };
        for h in hashes {
            let bits: [u64; PROBES as usize] = std::array::from_fn(|i| filter.probe(h, i as u64));
            for bit in bits {
                filter.words[(bit / 64) as usize] |= 1 << (bit % 64);
            }
        }
        filter
    }

    /// False when no email put in has the hash `h`; true when one may have it.
    pub fn may_hold(&self, h: u64) -> bool {
        (0..PROBES)
            .map(|i| self.probe(h, i))
            .all(|bit| self.words[(bit / 64) as usize] & (1 << (bit % 64)) != 0)
    }

    /// The bit of probe `i` for the hash `h`: `h + i * h'`, its 64 bits scaled to the filter's
    /// size (Lemire's multiply-shift).
    fn probe(&self, h: u64, i: u64) -> u64 {
        let probe = h.wrapping_add(i.wrapping_mul(h.rotate_left(32) | 1));
        ((u128::from(probe) * u128::from(self.bits)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(i: u64) -> u64 {
        super::super::hash(format!("person{i}@example.com").as_bytes())
    }

    #[test]
    fn every_email_put_in_is_held_and_few_others_seem_to_be() {
        let filter = EmailFilter::of(10_000, (0..10_000).map(hash));
        assert!((0..10_000).all(|i| filter.may_hold(hash(i))));
        let seeming = (10_000..110_000)
            .filter(|&i| filter.may_hold(hash(i)))
            .count();
        // One in 1,700 expected (59 of 100,000); a filter that held everything would give all.
        assert!(seeming < 200, "{seeming} of 100,000 others seem held");
    }

    #[test]
    fn an_empty_filter_holds_nothing() {
        let filter = EmailFilter::of(0, std::iter::empty());
        assert!(!filter.may_hold(hash(1)));
    }
}
