//! Unit tests of `analysis::attribution`.

use super::credit::{NO_CHANNEL, campaign_channels};
use super::split::{split, weights};
use super::*;
use crate::base::intern::Interner;

/// Channels 1 to 9 named so that their names sort against their numbers: `9` first, `1` last.
fn channels() -> Interner {
    let mut names = Interner::default();
    for n in 1..=9 {
        names.intern(&format!("{}", 10 - n));
    }
    names
}

#[test]
fn a_campaign_belongs_to_the_channel_most_of_its_rows_carry() {
    // (campaign, channel): campaign 1 ties channels 3 and 2 (3 wins: its name, "7", sorts before
    // channel 2's "8"), campaign 2
    // has 5 twice against 4 once, campaign 4 one row, campaign 3 none, campaign 0 is none.
    let rows = [
        (1, 3),
        (2, 4),
        (1, 2),
        (0, 9),
        (2, 5),
        (1, 3),
        (4, 7),
        (2, 5),
        (1, 2),
    ];
    assert_eq!(
        campaign_channels(rows.into_iter().map(|r| (r, 1)), &channels()),
        [NO_CHANNEL, 3, 5, NO_CHANNEL, 7]
    );
    // The same rows counted: campaign 2 now has 4 three times against 5 twice.
    let counted = [
        ((1, 3), 2),
        ((1, 2), 2),
        ((2, 4), 3),
        ((2, 5), 2),
        ((4, 7), 1),
    ];
    assert_eq!(
        campaign_channels(counted.into_iter(), &channels()),
        [NO_CHANNEL, 3, 4, NO_CHANNEL, 7]
    );
    assert!(campaign_channels([((0, 1), 1)].into_iter(), &channels()).is_empty());
}

#[test]
fn weights_follow_the_models() {
    assert_eq!(weights("first_touch", 3, None), vec![1, 0, 0]);
    assert_eq!(weights("last_touch", 3, None), vec![0, 0, 1]);
    assert_eq!(weights("linear", 3, None), vec![1, 1, 1]);
    // U-shaped: 40/20/40; with two middle touches 40/10/10/40.
    assert_eq!(weights("u_shaped", 3, None), vec![40, 20, 40]);
    assert_eq!(weights("u_shaped", 4, None), vec![80, 20, 20, 80]);
    // A single touch gets everything under every model; two share equally.
    for m in MODELS {
        assert_eq!(weights(m, 1, Some(0)), vec![1], "{m}");
    }
    assert_eq!(weights("u_shaped", 2, None), vec![1, 1]);
    assert_eq!(weights("w_shaped", 2, None), vec![1, 1]);
    assert_eq!(weights("w_shaped", 3, None), vec![1, 1, 1]);
    // W-shaped, five touches, lead creation second: 30/30/10/10/30... of 100.
    assert_eq!(weights("w_shaped", 5, Some(1)), vec![60, 60, 10, 10, 60]);
    assert_eq!(weights("w_shaped", 5, None), vec![60, 10, 60, 10, 60]);
}

#[test]
fn credit_adds_up_to_the_deal() {
    let amount = Money(1_000_001); // 100.0001
    for m in MODELS {
        for n in 1..7 {
            let parts = split(amount, &weights(m, n, Some(1)));
            assert_eq!(parts.iter().copied().sum::<Money>(), amount, "{m} {n}");
        }
    }
    // 100 over three equal touches: 33.3334 + 33.3333 + 33.3333.
    assert_eq!(
        split(Money(1_000_000), &[1, 1, 1]),
        vec![Money(333_334), Money(333_333), Money(333_333)]
    );
    assert_eq!(
        split(Money(-10), &[1, 1, 1]).iter().copied().sum::<Money>(),
        Money(-10)
    );
    // Remainders to the largest, earliest first on ties: 10 by 40/20/40 is 4 + 2 + 4.
    assert_eq!(
        split(Money(10), &[40, 20, 40]),
        vec![Money(4), Money(2), Money(4)]
    );
    // 11 by 2/1/1: 5 (rest 2/4), 2 (rest 3/4), 2 (rest 3/4); the two units left go to the 3/4s.
    assert_eq!(
        split(Money(11), &[2, 1, 1]),
        vec![Money(5), Money(3), Money(3)]
    );
}

#[test]
fn amounts_beyond_64_bits_split_the_same_way() {
    // 2^70 + 1 over two equal touches, and the same split scaled down into 64 bits.
    let big = (1i128 << 70) + 1;
    assert_eq!(
        split(Money(big), &[1, 1]),
        vec![Money((1 << 69) + 1), Money(1 << 69)]
    );
    assert_eq!(
        split(Money(-big), &[1, 1]),
        vec![Money(-(1 << 69) - 1), Money(-(1 << 69))]
    );
    assert_eq!(split(Money(5), &[1, 1]), vec![Money(3), Money(2)]);
    // Where `amount * total` leaves 64 bits but each `amount * weight` does not: the slow path.
    let near = i128::from(u64::MAX / 3);
    let parts = split(Money(near), &[1, 1, 1, 1]);
    assert_eq!(parts.iter().copied().sum::<Money>(), Money(near));
    assert_eq!(parts[0].0 - parts[3].0, 1);
}

/// The plain rule in 128 bits, as `split` was first written: the fast path must agree.
fn split_plainly(amount: Money, weights: &[i128]) -> Vec<Money> {
    let total: i128 = weights.iter().sum();
    if total == 0 {
        return vec![Money::ZERO; weights.len()];
    }
    let (sign, a) = (amount.0.signum(), amount.0.abs());
    let mut shares: Vec<i128> = weights.iter().map(|w| a * w / total).collect();
    let mut left = a - shares.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(a * weights[i] % total), i));
    for i in order {
        if left > 0 && weights[i] > 0 {
            shares[i] += 1;
            left -= 1;
        }
    }
    shares.into_iter().map(|s| Money(s * sign)).collect()
}

#[test]
fn split_agrees_with_the_plain_rule() {
    let mut rng = crate::base::splitmix::SplitMix64(7);
    let mut next = || rng.next_u64();
    for case in 0..20_000 {
        let n = (next() % 8 + 1) as usize;
        let scale = [1_000, 1 << 40, u64::MAX][case % 3];
        let a = i128::from(next() % scale) * if case % 5 == 0 { -1 } else { 1 };
        let m = MODELS[case % MODELS.len()];
        let w = weights(m, n, Some((next() % n as u64) as usize));
        assert_eq!(
            split(Money(a), &w),
            split_plainly(Money(a), &w),
            "{a} {w:?}"
        );
    }
}

#[test]
fn touchpoints_at_one_instant_go_in_name_order_whatever_order_they_came_in() {
    // Two touches at the same instant, "Search" (numbered first) and "Email": first touch
    // credits Email and last touch Search, in both input orders; the lead's creation at that
    // instant would go before both.
    let mut channels = Interner::default();
    let (search, email) = (channels.intern("Search"), channels.intern("Email"));
    let campaigns = Interner::default();
    let names = credit::Names {
        channels: &channels,
        campaigns: &campaigns,
    };
    let point = |channel| credit::Point {
        at: 100,
        channel,
        campaign: 0,
        creation: false,
    };
    let m = Month::parse("2025-03").unwrap();
    for mut points in [[point(search), point(email)], [point(email), point(search)]] {
        let mut credit = credit::Credit::default();
        credit.add(&mut points, Money(1_000_000), Some(m), None, names);
        let month = &credit.finish(&BTreeMap::new(), names)[&m];
        let pipeline = |model: &str, name: &str| {
            month.by_channel[model]
                .iter()
                .find(|c| c.channel == name)
                .map(|c| c.pipeline)
        };
        assert_eq!(pipeline("first_touch", "Email"), Some(100.0));
        assert_eq!(pipeline("first_touch", "Search"), None);
        assert_eq!(pipeline("last_touch", "Search"), Some(100.0));
    }
}
