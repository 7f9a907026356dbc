//! Writes a large synthetic dataset for the benchmark (`examples/shared/bigdata.rs` says what it
//! holds): `cargo run --release --example bigdata -- --leads 1000000 --out target/bench/1m
//! [--vendor]` writes baton's canonical format, or with `--vendor` the same records as HubSpot,
//! Google Ads and Meta Ads exports.

#[path = "shared/bigdata.rs"]
mod bigdata;

use std::path::PathBuf;

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
    std::fs::create_dir_all(&out)?;
    bigdata::write(&out, n, vendor)?;
    eprintln!("wrote {n} leads to {}", out.display());
    Ok(())
}
