//! Split: the models' integer weights for a deal's touchpoints, and an amount split by them in
//! exact money units (the remainder to the largest remainders), so each deal's credit adds up.

use crate::base::money::Money;

/// Integer weights for `n` touchpoints under `model`; `key` is the index of the lead-creation
/// touchpoint, the W-shaped model's middle key when it is neither first nor last.
#[cfg(test)]
pub fn weights(model: &str, n: usize, key: Option<usize>) -> Vec<i128> {
    let mut w = Vec::new();
    fill_weights(model, n, key, &mut w);
    w
}

/// [`weights`] into `w`, which keeps its memory from deal to deal.
pub(crate) fn fill_weights(model: &str, n: usize, key: Option<usize>, w: &mut Vec<i128>) {
    w.clear();
    w.resize(n, 0);
    if n == 0 {
        return;
    }
    match (model, n) {
        ("first_touch", _) => w[0] = 1,
        ("last_touch", _) => w[n - 1] = 1,
        (_, 1) => w[0] = 1,
        ("linear", _) | (_, 2) | ("w_shaped", 3) => w.iter_mut().for_each(|x| *x = 1),
        ("u_shaped", _) => {
            let middle = (n - 2) as i128;
            w.iter_mut().for_each(|x| *x = 20);
            w[0] = 40 * middle;
            w[n - 1] = 40 * middle;
        }
        ("w_shaped", _) => {
            let rest = (n - 3) as i128;
            let mid = key.filter(|&k| k > 0 && k < n - 1).unwrap_or(n / 2);
            w.iter_mut().for_each(|x| *x = 10);
            for k in [0, mid, n - 1] {
                w[k] = 30 * rest;
            }
        }
        _ => unreachable!("unknown model {model}"),
    }
}

/// Splits `amount` by `weights` exactly: shares rounded down, the remainder given one unit at a
/// time to the largest remainders (earliest first on ties).
#[cfg(test)]
pub fn split(amount: Money, weights: &[i128]) -> Vec<Money> {
    let mut shares = Vec::new();
    split_into(amount, weights, &mut shares, &mut Vec::new());
    shares
}

/// [`split`] into `shares`, with `order` to work in; both keep their memory from deal to deal.
pub(crate) fn split_into(
    amount: Money,
    weights: &[i128],
    shares: &mut Vec<Money>,
    order: &mut Vec<(i128, usize)>,
) {
    shares.clear();
    let total: i128 = weights.iter().sum();
    if total == 0 {
        shares.resize(weights.len(), Money::ZERO);
        return;
    }
    let sign = amount.0.signum();
    let a = amount.0.abs();
    // Each share and what its division leaves: in 64 bits when `a * total` fits there (weights
    // are not negative, so every `a * w` does too), which is nearly always and much faster.
    order.clear();
    match (u64::try_from(a), u64::try_from(total)) {
        (Ok(a64), Ok(t64)) if a64.checked_mul(t64).is_some() => {
            for (i, &w) in weights.iter().enumerate() {
                let part = a64 * w as u64;
                shares.push(Money((part / t64) as i128));
                order.push(((part % t64) as i128, i));
            }
        }
        _ => {
            for (i, &w) in weights.iter().enumerate() {
                shares.push(Money(a * w / total));
                order.push((a * w % total, i));
            }
        }
    }
    let mut left = a - shares.iter().map(|s| s.0).sum::<i128>();
    // The remainder goes one unit at a time to the largest remainders, earliest first on ties.
    order.sort_by_key(|&(rem, i)| (std::cmp::Reverse(rem), i));
    for &(_, i) in order.iter() {
        if left == 0 {
            break;
        }
        if weights[i] > 0 {
            shares[i].0 += 1;
            left -= 1;
        }
    }
    for s in shares.iter_mut() {
        s.0 *= sign;
    }
}
