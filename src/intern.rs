//! Interned labels: channels, campaigns, owners and stages become small integers.

use rustc_hash::FxHashMap as HashMap;

/// An interned label. `0` is always the empty label.
pub type Sym = u32;

/// Maps labels to `Sym`s. Labels are compared by a key (for campaigns, case- and
/// space-insensitive); the first spelling seen is the one shown.
#[derive(Debug, Clone)]
pub struct Interner {
    by_key: HashMap<Box<str>, Sym>,
    names: Vec<Box<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut i = Interner {
            by_key: HashMap::default(),
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
        if let Some(&s) = self.by_key.get(key) {
            return s;
        }
        let s = self.names.len() as Sym;
        self.names.push(name.into());
        self.by_key.insert(key.into(), s);
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
        let mut keyed: Vec<(Sym, &str)> = self.by_key.iter().map(|(k, &s)| (s, &**k)).collect();
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|(s, k)| (s, k, &*self.names[s as usize]))
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

#[cfg(test)]
mod tests {
    use super::*;

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
