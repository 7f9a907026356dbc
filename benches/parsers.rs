//! Criterion benchmarks for the parsers on the hot path: dates, money, and the reader on a
//! generated canonical file. `cargo bench --bench parsers`

use baton::parts::ChannelMap;
use baton::parts::RowContext;
use baton::parts::parse_money;
use baton::parts::{DateOrder, OrderEvidence, parse_iso_instant, parse_written};
use baton::parts::{ProfileSet, read_bytes};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn dates(c: &mut Criterion) {
    let mut g = c.benchmark_group("dates");
    for (name, text) in [
        ("iso", "2025-03-04T14:22:05Z"),
        ("us", "3/4/2025 2:22 PM"),
        ("named", "Mar 4, 2025"),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                parse_written(
                    black_box(text),
                    DateOrder::MonthFirst,
                    &mut OrderEvidence::default(),
                )
            })
        });
    }
    // The path most rows take: a timestamp with its offset, straight to seconds.
    g.bench_function("iso_instant", |b| {
        b.iter(|| parse_iso_instant(black_box(b"2025-03-04T14:22:05Z"), false))
    });
    g.finish();
}

fn money(c: &mut Criterion) {
    let mut g = c.benchmark_group("money");
    for (name, text) in [
        ("plain", "12345.67"),
        ("us", "$12,345.67"),
        ("eu", "12.345,67 €"),
    ] {
        g.bench_function(name, |b| b.iter(|| parse_money(black_box(text), None)));
    }
    g.finish();
}

fn reader(c: &mut Criterion) {
    let mut csv = String::from(
        "lead_id,email,company,created_at,channel,campaign,owner,mql_at,sql_at,status\n",
    );
    for i in 0..20_000 {
        csv.push_str(&format!(
            "L{i},p{i}@c{}.com,Company {},2025-0{}-1{}T10:00:00Z,Paid Search,Brand,Maya Chen,2025-05-02T10:00:00Z,,Open\n",
            i % 700,
            i % 700,
            1 + i % 9,
            i % 10
        ));
    }
    let ctx = RowContext::new(chrono_tz::UTC, ChannelMap::new(&Default::default()));
    let profiles = ProfileSet::default();
    let mut g = c.benchmark_group("reader");
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("canonical_leads_20k", |b| {
        b.iter(|| read_bytes("leads.csv", black_box(csv.as_bytes()), &profiles, &ctx))
    });
    g.finish();
}

criterion_group!(benches, dates, money, reader);
criterion_main!(benches);
