//! Writes a large synthetic dataset for benchmarks, from a fixed seed: `--leads N` leads over
//! three years, about 10% of them becoming opportunities, about 3 touches per lead, and daily
//! spend per campaign. At 1,000,000 leads that is about 380 MB of CSV.
//!
//! `cargo run --release --example bigdata -- --leads 1000000 --out target/bench/1m [--vendor]`
//! writes baton's canonical format, or with `--vendor` the leads as a HubSpot contact export.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[path = "shared/splitmix.rs"]
mod splitmix;

struct Rng(splitmix::SplitMix64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CHANNELS: [&str; 9] = [
    "Paid Search",
    "Paid Social",
    "Organic Search",
    "Email",
    "Events",
    "Referral",
    "Partner",
    "Direct",
    "Outbound",
];
const CAMPAIGNS: [&str; 12] = [
    "Brand",
    "Competitor",
    "Generic",
    "Retargeting",
    "CFO Audience",
    "Newsletter",
    "Launch",
    "Webinar",
    "Summit",
    "Partner Push",
    "Winter Promo",
    "Spring Promo",
];
const OWNERS: [&str; 8] = [
    "Maya Chen",
    "Luis Ortega",
    "Priya Nair",
    "Tom Becker",
    "Aisha Bello",
    "Jonas Weber",
    "Sara Kim",
    "Omar Haddad",
];
const DAYS: u64 = 3 * 365;
/// 2023-01-01T00:00:00Z.
const START: i64 = 1_672_531_200;

fn ts(secs: i64) -> String {
    let t = chrono::DateTime::from_timestamp(secs, 0).expect("in range");
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
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
    std::fs::create_dir_all(&out)?;
    let mut rng = Rng(splitmix::SplitMix64(0xBA70_0001 ^ n));
    let mut leads = BufWriter::with_capacity(
        1 << 20,
        File::create(out.join(if vendor {
            "hubspot-contacts.csv"
        } else {
            "leads.csv"
        }))?,
    );
    let mut opps = BufWriter::with_capacity(1 << 20, File::create(out.join("opportunities.csv"))?);
    let mut touches = BufWriter::with_capacity(1 << 20, File::create(out.join("touches.csv"))?);
    if vendor {
        writeln!(
            leads,
            "\"Associated Company\",\"Became a Marketing Qualified Lead Date\",\"Became a Sales Qualified Lead Date\",\"Contact owner\",\"Create Date\",\"Email\",\"First Name\",\"Last Name\",\"Lifecycle Stage\",\"Original Source\",\"Original Source Drill-Down 2\",\"Record ID\""
        )?;
    } else {
        writeln!(
            leads,
            "lead_id,email,company,created_at,channel,campaign,owner,mql_at,sql_at,status,disqualified_reason"
        )?;
    }
    writeln!(
        opps,
        "opportunity_id,lead_id,email,company,created_at,close_date,stage,is_won,is_closed,amount,currency,owner"
    )?;
    writeln!(touches, "at,lead_id,email,team,kind,campaign")?;
    let hubspot_time = |secs: i64| {
        chrono::DateTime::from_timestamp(secs, 0)
            .expect("in range")
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    for i in 0..n {
        // Growth: later days get more leads.
        let day = ((rng.below(DAYS * DAYS) as f64).sqrt()) as i64;
        let created = START + day * 86_400 + 8 * 3600 + rng.below(10 * 3600) as i64;
        let channel = CHANNELS[rng.below(9) as usize];
        let campaign = CAMPAIGNS[rng.below(12) as usize];
        let owner = OWNERS[rng.below(8) as usize];
        let company = format!("Company {}", rng.below(n / 3 + 1));
        let email = format!("person{i}@company{}.com", rng.below(n / 3 + 1));
        let mql = (rng.below(100) < 35).then(|| created + 3600 + rng.below(10 * 86_400) as i64);
        let sql = mql
            .filter(|_| rng.below(100) < 40)
            .map(|m| m + 3600 + rng.below(7 * 86_400) as i64);
        let id = format!("L{i:08}");
        if vendor {
            let stage = if sql.is_some() {
                "salesqualifiedlead"
            } else if mql.is_some() {
                "marketingqualifiedlead"
            } else {
                "lead"
            };
            writeln!(
                leads,
                "\"{company}\",\"{}\",\"{}\",\"{owner}\",\"{}\",\"{email}\",\"First\",\"Last\",\"{stage}\",\"{channel}\",\"{campaign}\",\"{}\"",
                mql.map(hubspot_time).unwrap_or_default(),
                sql.map(hubspot_time).unwrap_or_default(),
                hubspot_time(created),
                100_000_000 + i
            )?;
        } else {
            let status = if sql.is_some() {
                "Working"
            } else if mql.is_some() && rng.below(4) == 0 {
                "Disqualified"
            } else {
                "Open"
            };
            let reason = if status == "Disqualified" {
                "No budget"
            } else {
                ""
            };
            writeln!(
                leads,
                "{id},{email},{company},{},{channel},{campaign},{owner},{},{},{status},{reason}",
                ts(created),
                mql.map(ts).unwrap_or_default(),
                sql.map(ts).unwrap_or_default()
            )?;
        }
        for k in 0..(1 + rng.below(5)) {
            let at = created + (k as i64) * 86_400 + rng.below(86_400) as i64;
            let team = if k > 0 && mql.is_some() && rng.below(2) == 0 {
                "sales"
            } else {
                "marketing"
            };
            writeln!(touches, "{},{id},,{team},email,{campaign}", ts(at))?;
        }
        if let Some(s) = sql
            && rng.below(100) < 62
        {
            let opp_created = s + 86_400 + rng.below(5 * 86_400) as i64;
            let close = opp_created + (20 + rng.below(60) as i64) * 86_400;
            let r = rng.below(100);
            let (stage, won, closed) = if r < 33 {
                ("Closed Won", true, true)
            } else if r < 78 {
                ("Closed Lost", false, true)
            } else {
                ("Proposal", false, false)
            };
            let close_date = chrono::DateTime::from_timestamp(close, 0)
                .expect("in range")
                .format("%Y-%m-%d");
            let lead_ref = if vendor {
                format!("{}", 100_000_000 + i)
            } else {
                id.clone()
            };
            writeln!(
                opps,
                "O{i:08},{lead_ref},,,{},{close_date},{stage},{won},{closed},{}.00,USD,{owner}",
                ts(opp_created),
                1_000 + rng.below(40_000)
            )?;
        }
    }
    let mut spend = BufWriter::new(File::create(out.join("spend.csv"))?);
    writeln!(
        spend,
        "date,channel,campaign,cost,currency,impressions,clicks"
    )?;
    let scale = (n / 1000).max(1);
    for d in 0..DAYS as i64 {
        let date = chrono::DateTime::from_timestamp(START + d * 86_400, 0)
            .expect("in range")
            .format("%Y-%m-%d");
        for (c, campaign) in CAMPAIGNS.iter().enumerate() {
            let channel = CHANNELS[c % 4];
            let cost = scale * (50 + rng.below(200));
            writeln!(
                spend,
                "{date},{channel},{campaign},{cost}.{:02},USD,{},{}",
                rng.below(100),
                cost * 40,
                cost
            )?;
        }
    }
    leads.flush()?;
    opps.flush()?;
    touches.flush()?;
    spend.flush()?;
    eprintln!("wrote {n} leads to {}", out.display());
    Ok(())
}
