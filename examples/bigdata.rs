//! Writes a large synthetic dataset for the benchmark (`examples/shared/bigdata.rs` says what it
//! holds): `cargo run --release --example bigdata -- --leads 1000000 --out target/bench/1m
//! [--vendor] [--ids dense|text|uuid] [--touch-keys id|email|both] [--touch-order lead|date]`
//! writes baton's canonical format in the given shape (default: dense ids, touches by id in lead
//! order), or with `--vendor` the same records as HubSpot, Google Ads and Meta Ads exports.

#[path = "shared/bigdata.rs"]
mod bigdata;

use bigdata::{Ids, Shape, TouchKeys, TouchOrder};
use std::path::PathBuf;

/// The value of a flag among `choices`, or the first choice when the flag is absent.
fn pick<T: Copy>(
    get: &dyn Fn(&str) -> Option<String>,
    flag: &str,
    choices: &[(&str, T)],
) -> Result<T, String> {
    match get(flag) {
        None => Ok(choices[0].1),
        Some(v) => choices
            .iter()
            .find(|(name, _)| *name == v)
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
                format!("{flag} {v}: expected one of {}", names.join(", "))
            }),
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let get = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let n: u64 = get("--leads")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let out = PathBuf::from(get("--out").unwrap_or_else(|| format!("target/bench/{n}")));
    let vendor = args.iter().any(|a| a == "--vendor");
    let shape = (|| {
        Ok::<_, String>(Shape {
            ids: pick(
                &get,
                "--ids",
                &[
                    ("dense", Ids::Dense),
                    ("text", Ids::Text),
                    ("uuid", Ids::Uuid),
                ],
            )?,
            touch_keys: pick(
                &get,
                "--touch-keys",
                &[
                    ("id", TouchKeys::Id),
                    ("email", TouchKeys::Email),
                    ("both", TouchKeys::Both),
                ],
            )?,
            touch_order: pick(
                &get,
                "--touch-order",
                &[("lead", TouchOrder::Lead), ("date", TouchOrder::Date)],
            )?,
        })
    })();
    let shape = match shape {
        Ok(s) if vendor && s.ids != Ids::Dense => {
            eprintln!("--ids applies to the canonical files; the vendor exports keep HubSpot ids");
            std::process::exit(2)
        }
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    };
    std::fs::create_dir_all(&out)?;
    bigdata::write_shaped(&out, n, vendor, shape)?;
    eprintln!("wrote {n} leads to {}", out.display());
    Ok(())
}
