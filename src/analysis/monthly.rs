//! Monthly: one accumulator per month, kept in a vector by month number, for the passes that
//! add every lead, deal and touch to its month (a map's search on every row costs more than the
//! adding).

use crate::base::datetime::Month;

/// Accumulators by month: those of the months some row named, in month order. A month's slot is
/// boxed, so that a stray far date (year 0001 among 2020s) costs 8 bytes a month between.
#[derive(Debug)]
pub struct ByMonth<T> {
    /// The month of `slots[0]`.
    first: i32,
    slots: Vec<Option<Box<T>>>,
}

impl<T> Default for ByMonth<T> {
    fn default() -> Self {
        ByMonth {
            first: 0,
            slots: Vec::new(),
        }
    }
}

impl<T: Default> ByMonth<T> {
    /// The accumulator of `month`, made empty the first time (always inlined: the analyses
    /// ask for about 3.6 million at 1M leads).
    #[inline(always)]
    pub fn entry(&mut self, month: Month) -> &mut T {
        if self.slots.is_empty() {
            self.first = month.0;
        } else if month.0 < self.first {
            let more = (self.first - month.0) as usize;
            self.slots
                .splice(0..0, std::iter::repeat_with(|| None).take(more));
            self.first = month.0;
        }
        let i = (month.0 - self.first) as usize;
        if i >= self.slots.len() {
            self.slots.resize_with(i + 1, || None);
        }
        self.slots[i].get_or_insert_with(Box::default)
    }
}

impl<T> ByMonth<T> {
    /// The accumulator of `month`, if some row named it.
    pub fn get(&self, month: Month) -> Option<&T> {
        let i = usize::try_from(month.0.checked_sub(self.first)?).ok()?;
        self.slots.get(i)?.as_deref()
    }

    /// The accumulators, in month order.
    pub fn iter(&self) -> impl Iterator<Item = (Month, &T)> {
        let first = self.first;
        self.slots
            .iter()
            .zip(first..)
            .filter_map(|(s, m)| s.as_deref().map(|a| (Month(m), a)))
    }
}

type Slots<T> = std::iter::Zip<std::vec::IntoIter<Option<Box<T>>>, std::ops::RangeFrom<i32>>;

fn filled<T>((slot, m): (Option<Box<T>>, i32)) -> Option<(Month, T)> {
    slot.map(|a| (Month(m), *a))
}

impl<T> IntoIterator for ByMonth<T> {
    type Item = (Month, T);
    type IntoIter = std::iter::FilterMap<Slots<T>, fn((Option<Box<T>>, i32)) -> Option<(Month, T)>>;

    /// The accumulators, in month order.
    fn into_iter(self) -> Self::IntoIter {
        let first = self.first;
        self.slots
            .into_iter()
            .zip(first..)
            .filter_map(filled as fn(_) -> _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_named_months_in_order_whichever_comes_first() {
        let mut m: ByMonth<u32> = ByMonth::default();
        let at = |t: &str| Month::parse(t).unwrap();
        *m.entry(at("2025-03")) += 1;
        *m.entry(at("2024-11")) += 2;
        *m.entry(at("2025-03")) += 4;
        *m.entry(at("2026-01")) += 8;
        m.entry(at("2025-01"));
        let seen: Vec<(String, u32)> = m.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let want = [
            ("2024-11", 2),
            ("2025-01", 0),
            ("2025-03", 5),
            ("2026-01", 8),
        ]
        .map(|(k, v)| (k.to_string(), v));
        assert_eq!(seen, want);
        assert_eq!(m.get(at("2025-03")), Some(&5));
        assert_eq!(m.get(at("2025-02")), None);
        assert_eq!(m.get(at("2024-10")), None);
        assert_eq!(m.get(at("2026-02")), None);
        let owned: Vec<(String, u32)> = m.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(owned, want);
        // Far apart: the months between cost a pointer each.
        let mut far: ByMonth<[u64; 32]> = ByMonth::default();
        far.entry(at("9999-12"))[0] = 1;
        far.entry(at("0001-01"))[0] = 2;
        assert_eq!(far.slots.len(), 9999 * 12);
        assert_eq!(far.iter().map(|(_, a)| a[0]).collect::<Vec<_>>(), [2, 1]);
    }
}
