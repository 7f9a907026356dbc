//! SplitMix64: the one seeded generator of the project, the same on every platform and crate
//! version. The example data generators (sample data, benchmark data) and the tests that draw
//! many random cases all use it.

pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The generator as a closure, for tests that draw many cases.
#[cfg(test)]
pub(crate) fn numbers(seed: u64) -> impl FnMut() -> u64 {
    let mut g = SplitMix64(seed);
    move || g.next_u64()
}
