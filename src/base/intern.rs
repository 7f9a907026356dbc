//! Interned labels: channels, campaigns, owners and stages become small integers.

use rustc_hash::FxHashMap as HashMap;

/// An interned label. `0` is always the empty label.
pub type Sym = u32;

/// A map from text to `V` for the labels read on every row: a text of up to 15 bytes is keyed
/// by its bytes and length packed in a `u128` (hashed and compared as one number), a longer one
/// as a string.
#[derive(Debug, Clone)]
pub struct TextMap<V> {
    short: HashMap<u128, V>,
    long: HashMap<Box<str>, V>,
}

impl<V> Default for TextMap<V> {
    fn default() -> Self {
        TextMap {
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<V: Copy> TextMap<V> {
    /// The bytes of a text of up to 15 bytes, zero-padded, with its length in the last byte, as
    /// one little-endian number. Built from (overlapping) word loads: copying the bytes into a
    /// buffer and reading it back as a number stalled every lookup on the CPU's store
    /// forwarding, a quarter of the lookup's time.
    #[inline(always)]
    fn pack(text: &str) -> Option<u128> {
        let b = text.as_bytes();
        let n = b.len();
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                b[at..at + 4].try_into().expect("4 bytes"),
            ))
        };
        let (lo, hi) = match n {
            0 => (0, 0),
            1..=3 => (
                u64::from(b[0])
                    | u64::from(b[n / 2]) << (8 * (n / 2))
                    | u64::from(b[n - 1]) << (8 * (n - 1)),
                0,
            ),
            4..=7 => (half(0) | half(n - 4) << (8 * (n - 4)), 0),
            8 => (word(0), 0),
            9..=15 => (word(0), word(n - 8) >> (8 * (16 - n))),
            _ => return None,
        };
        Some(u128::from(lo) | u128::from(hi) << 64 | (n as u128) << 120)
    }

    #[inline(always)]
    pub fn get(&self, text: &str) -> Option<V> {
        match Self::pack(text) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(text).copied(),
        }
    }

    pub fn insert(&mut self, text: &str, v: V) {
        match Self::pack(text) {
            Some(k) => self.short.insert(k, v),
            None => self.long.insert(text.into(), v),
        };
    }
}

/// Maps labels to `Sym`s. Labels are compared by a key (for campaigns, case- and
/// space-insensitive); the first spelling seen is the one shown.
#[derive(Debug, Clone)]
pub struct Interner {
    index: TextMap<Sym>,
    keys: Vec<Box<str>>,
    names: Vec<Box<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut i = Interner {
            index: TextMap::default(),
            keys: Vec::new(),
            names: Vec::new(),
        };
        i.intern_keyed("", "");
        i
    }
}

impl Interner {
    /// Interns `name` under its own spelling.
    pub fn intern(&mut self, name: &str) -> Sym {
        self.intern_keyed(name, name)
    }

    /// Interns `name` under `key`; the first name seen for a key is kept.
    pub fn intern_keyed(&mut self, key: &str, name: &str) -> Sym {
        if let Some(s) = self.index.get(key) {
            return s;
        }
        let s = self.names.len() as Sym;
        self.names.push(name.into());
        self.keys.push(key.into());
        self.index.insert(key, s);
        s
    }

    /// Interns a campaign name: the key ignores case and runs of white space.
    pub fn intern_campaign(&mut self, name: &str) -> Sym {
        let display = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = display.to_lowercase();
        self.intern_keyed(&key, &display)
    }

    pub fn name(&self, s: Sym) -> &str {
        &self.names[s as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }

    /// Every (sym, key, name) in insertion order, for merging into another interner.
    pub fn entries(&self) -> Vec<(Sym, &str, &str)> {
        (0..self.names.len())
            .map(|s| (s as Sym, &*self.keys[s], &*self.names[s]))
            .collect()
    }

    /// A table mapping `other`'s syms to syms of `self`, interning what is new.
    pub fn absorb(&mut self, other: &Interner) -> Vec<Sym> {
        let mut map = vec![0; other.len()];
        for (s, key, name) in other.entries() {
            map[s as usize] = self.intern_keyed(key, name);
        }
        map
    }
}

/// Pairs of syms numbered as they are first seen, `(0, 0)` first: two labels that go together
/// (a lead's status and disqualification reason; its channel and campaign) kept in one 4-byte
/// number.
#[derive(Clone, Debug)]
pub struct Pairs {
    index: rustc_hash::FxHashMap<(Sym, Sym), Sym>,
    pairs: Vec<(Sym, Sym)>,
}

impl Default for Pairs {
    fn default() -> Self {
        let mut p = Pairs {
            index: Default::default(),
            pairs: Vec::new(),
        };
        p.intern((0, 0));
        p
    }
}

impl Pairs {
    pub fn intern(&mut self, pair: (Sym, Sym)) -> Sym {
        let next = self.pairs.len() as Sym;
        let s = *self.index.entry(pair).or_insert(next);
        if s == next {
            self.pairs.push(pair);
        }
        s
    }

    pub fn get(&self, s: Sym) -> (Sym, Sym) {
        self.pairs[s as usize]
    }

    /// How many pairs are numbered, `(0, 0)` among them.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether only `(0, 0)` is numbered.
    pub fn is_empty(&self) -> bool {
        self.pairs.len() <= 1
    }

    /// Interns `other`'s pairs, their first syms rewritten by `first` and their second by
    /// `second`; returns the table that rewrites `other`'s numbers.
    pub fn absorb(&mut self, other: &Pairs, first: &[Sym], second: &[Sym]) -> Vec<Sym> {
        other
            .pairs
            .iter()
            .map(|&(a, b)| self.intern((first[a as usize], second[b as usize])))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_numbered_as_first_seen_and_absorbed_through_a_map() {
        let mut p = Pairs::default();
        assert_eq!(p.intern((0, 0)), 0);
        assert_eq!(p.intern((3, 1)), 1);
        assert_eq!(p.intern((1, 3)), 2);
        assert_eq!(p.intern((3, 1)), 1);
        assert_eq!(p.get(2), (1, 3));
        // Another table whose syms 1, 2 and 3 are 5, 3 and 1 here.
        let mut q = Pairs::default();
        q.intern((2, 3));
        q.intern((1, 0));
        let map = p.absorb(&q, &[0, 5, 3, 1], &[0, 5, 3, 1]);
        assert_eq!(map, [0, 1, 3]);
        assert_eq!(p.get(3), (5, 0));
    }

    #[test]
    fn campaigns_match_loosely_and_keep_first_spelling() {
        let mut i = Interner::default();
        let a = i.intern_campaign("Spring  Launch");
        let b = i.intern_campaign(" spring launch ");
        assert_eq!(a, b);
        assert_eq!(i.name(a), "Spring Launch");
        assert_eq!(i.intern(""), 0);
    }

    #[test]
    fn texts_pack_as_their_bytes_padded_with_the_length_last() {
        let bytes: Vec<u8> = (0u8..16).map(|i| b'!' + i * 5).collect();
        for n in 0..=16 {
            let text = std::str::from_utf8(&bytes[..n]).unwrap();
            let want = (n <= 15).then(|| {
                let mut p = [0u8; 16];
                p[..n].copy_from_slice(&bytes[..n]);
                p[15] = n as u8;
                u128::from_le_bytes(p)
            });
            assert_eq!(TextMap::<u32>::pack(text), want, "{n} bytes");
        }
        assert_eq!(TextMap::<u32>::pack("é"), Some(0xc3 | 0xa9 << 8 | 2 << 120));
    }

    #[test]
    fn text_maps_tell_texts_apart_at_every_length() {
        let mut m = TextMap::default();
        let texts = [
            "",
            "a",
            "a\u{0}",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "é",
        ];
        for (i, t) in texts.iter().enumerate() {
            m.insert(t, i);
        }
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(m.get(t), Some(i), "{t:?}");
        }
        assert_eq!(m.get("b"), None);
        assert_eq!(m.get("abcdefghijklmnopq"), None);
    }

    #[test]
    fn absorb_remaps() {
        let mut g = Interner::default();
        g.intern("Email");
        let mut f = Interner::default();
        let web = f.intern("Web");
        let email = f.intern("Email");
        let map = g.absorb(&f);
        assert_eq!(g.name(map[web as usize]), "Web");
        assert_eq!(map[email as usize], 1);
    }
}
