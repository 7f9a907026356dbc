//! The benchmark datasets, from a fixed seed: `n` leads over three years, about 10% of them
//! becoming opportunities, about 3 touches per lead, and daily spend per campaign; at 1,000,000
//! leads 309 MB of CSV (the performance issue guessed about 380). `examples/bigdata.rs` writes
//! them for `benches/run.sh`; `tests/vendor_formats.rs` writes small ones
//! (`#[path]`-included by `examples/bigdata.rs` and the vendor-format test).
//!
//! Canonical files, or with `vendor` the same records as a company's exports would hold them:
//! the leads as a HubSpot contact export (every value quoted, times to the minute, lifecycle
//! stages), the opportunities as a HubSpot deal export (stages, associated contact ids), the
//! paid search spend as a Google Ads report (a preamble, thousands separators, total rows) and
//! the paid social spend as a Meta Ads export; the other spend stays a canonical budget sheet
//! and the touches canonical, naming the leads by their HubSpot ids. The random draws are the
//! same in both forms, so the two datasets hold the same funnel: their monthly totals and
//! by-channel figures agree.
//!
//! A [`Shape`] varies how the canonical files name things, not the funnel: lead ids as dense
//! numbers (`L00000001`, the default), as a prefix and digits with gaps (`L0000123`, as CRMs
//! number records) or as UUIDs; touches naming their lead by id, by email or by both; touches in
//! lead order (the default) or sorted by time. The ids come from a second seeded stream, so every
//! shape holds the same funnel and the default shape writes the same bytes as before shapes.

use baton::parts::SplitMix64;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

struct Rng(SplitMix64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
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

/// `n` with a comma between each three digits, as spreadsheet exports write counts and money.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A time as HubSpot exports it: local date and time to the minute (the portal here in UTC).
fn hubspot_time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .expect("in range")
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn create(out: &Path, name: &str) -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(out.join(name))?,
    ))
}

/// How the lead ids look (canonical files only; the vendor exports keep HubSpot's record ids).
#[allow(dead_code)]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Ids {
    /// `L00000000`, `L00000001`, ...: the lead's number.
    #[default]
    Dense,
    /// `L0000003`, `L0000007`, ...: a prefix and increasing digits with gaps of 1 to 9.
    Text,
    /// Random version-4 UUIDs, lower case.
    Uuid,
}

/// Which keys the touch rows carry.
#[allow(dead_code)]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum TouchKeys {
    /// `lead_id` only.
    #[default]
    Id,
    /// `email` only.
    Email,
    /// Both `lead_id` and `email`.
    Both,
}

/// The order of the touch rows.
#[allow(dead_code)]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum TouchOrder {
    /// Each lead's touches together, leads in creation order.
    #[default]
    Lead,
    /// Sorted by time (stable: ties keep lead order), as most CRMs export activities.
    Date,
}

/// The data shape of a dataset (see the top of this file); the default is the original one.
#[derive(Clone, Copy, Default)]
pub struct Shape {
    pub ids: Ids,
    pub touch_keys: TouchKeys,
    pub touch_order: TouchOrder,
}

/// The ids of the leads in order, from their own seeded stream.
struct IdMaker {
    rng: Rng,
    last: u64,
}
impl IdMaker {
    fn next(&mut self, ids: Ids, i: u64) -> String {
        match ids {
            Ids::Dense => format!("L{i:08}"),
            Ids::Text => {
                self.last += 1 + self.rng.below(9);
                format!("L{:07}", self.last)
            }
            Ids::Uuid => {
                let (a, b) = (self.rng.next(), self.rng.next());
                let a = (a & !0xF000) | 0x4000;
                let b = (b & !(0xC000 << 48)) | (0x8000 << 48);
                format!(
                    "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xFFFF,
                    a & 0xFFFF,
                    b >> 48,
                    b & 0xFFFF_FFFF_FFFF
                )
            }
        }
    }
}

/// Writes the dataset of `n` leads into the folder `out` (which must exist): canonical files, or
/// with `vendor` the vendors' exports (see the top of this file).
#[allow(dead_code)]
pub fn write(out: &Path, n: u64, vendor: bool) -> std::io::Result<()> {
    write_shaped(out, n, vendor, Shape::default())
}

/// [`write`] in a given [`Shape`].
pub fn write_shaped(out: &Path, n: u64, vendor: bool, shape: Shape) -> std::io::Result<()> {
    let mut rng = Rng(SplitMix64(0xBA70_0001 ^ n));
    let mut id_maker = IdMaker {
        rng: Rng(SplitMix64(0x1D5_0002 ^ n)),
        last: 0,
    };
    // Touches by date are kept until the end and sorted: (time, row).
    let mut dated: Vec<(i64, String)> = Vec::new();
    let (lead_file, opp_file) = match vendor {
        true => ("hubspot-contacts.csv", "hubspot-deals.csv"),
        false => ("leads.csv", "opportunities.csv"),
    };
    let mut leads = create(out, lead_file)?;
    let mut opps = create(out, opp_file)?;
    let mut touches = create(out, "touches.csv")?;
    if vendor {
        writeln!(
            leads,
            "\"Associated Company\",\"Became a Marketing Qualified Lead Date\",\"Became a Sales Qualified Lead Date\",\"Contact owner\",\"Create Date\",\"Email\",\"First Name\",\"Last Name\",\"Lifecycle Stage\",\"Original Source\",\"Original Source Drill-Down 2\",\"Record ID\""
        )?;
        writeln!(
            opps,
            "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Amount\",\"Deal owner\",\"Close Date\",\"Create Date\",\"Pipeline\",\"Associated Contact IDs\""
        )?;
    } else {
        writeln!(
            leads,
            "lead_id,email,company,created_at,channel,campaign,owner,mql_at,sql_at,status,disqualified_reason"
        )?;
        writeln!(
            opps,
            "opportunity_id,lead_id,email,company,created_at,close_date,stage,is_won,is_closed,amount,currency,owner"
        )?;
    }
    writeln!(touches, "at,lead_id,email,team,kind,campaign")?;
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
        let status = if sql.is_some() {
            "Working"
        } else if mql.is_some() && rng.below(4) == 0 {
            "Disqualified"
        } else {
            "Open"
        };
        // How the touches and deals name the lead: its id in the system that holds it.
        let lead_ref = match vendor {
            true => format!("{}", 100_000_000 + i),
            false => id_maker.next(shape.ids, i),
        };
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
                "\"{company}\",\"{}\",\"{}\",\"{owner}\",\"{}\",\"{email}\",\"First\",\"Last\",\"{stage}\",\"{channel}\",\"{campaign}\",\"{lead_ref}\"",
                mql.map(hubspot_time).unwrap_or_default(),
                sql.map(hubspot_time).unwrap_or_default(),
                hubspot_time(created),
            )?;
        } else {
            let reason = if status == "Disqualified" {
                "No budget"
            } else {
                ""
            };
            writeln!(
                leads,
                "{lead_ref},{email},{company},{},{channel},{campaign},{owner},{},{},{status},{reason}",
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
            let (id_key, email_key) = match shape.touch_keys {
                TouchKeys::Id => (lead_ref.as_str(), ""),
                TouchKeys::Email => ("", email.as_str()),
                TouchKeys::Both => (lead_ref.as_str(), email.as_str()),
            };
            match shape.touch_order {
                TouchOrder::Lead => writeln!(
                    touches,
                    "{},{id_key},{email_key},{team},email,{campaign}",
                    ts(at)
                )?,
                TouchOrder::Date => dated.push((
                    at,
                    format!("{},{id_key},{email_key},{team},email,{campaign}\n", ts(at)),
                )),
            }
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
            let amount = 1_000 + rng.below(40_000);
            let close_date = chrono::DateTime::from_timestamp(close, 0)
                .expect("in range")
                .format("%Y-%m-%d");
            if vendor {
                let stage = match (won, closed) {
                    (true, _) => "closedwon",
                    (false, true) => "closedlost",
                    (false, false) => "qualifiedtobuy",
                };
                writeln!(
                    opps,
                    "\"{}\",\"Deal {i}\",\"{stage}\",\"{amount}\",\"{owner}\",\"{close_date} 00:00\",\"{}\",\"default\",\"{lead_ref}\"",
                    200_000_000 + i,
                    hubspot_time(opp_created),
                )?;
            } else {
                writeln!(
                    opps,
                    "O{i:08},{lead_ref},,,{},{close_date},{stage},{won},{closed},{amount}.00,USD,{owner}",
                    ts(opp_created),
                )?;
            }
        }
    }
    dated.sort_by_key(|(at, _)| *at);
    for (_, row) in dated {
        touches.write_all(row.as_bytes())?;
    }
    write_spend(out, vendor, n, &mut rng)?;
    leads.flush()?;
    opps.flush()?;
    touches.flush()
}

/// Daily spend for each campaign over the three years: canonical rows in `spend.csv`, or with
/// `vendor` the paid search rows as a Google Ads report and the paid social ones as a Meta Ads
/// export (the same amounts either way).
fn write_spend(out: &Path, vendor: bool, n: u64, rng: &mut Rng) -> std::io::Result<()> {
    let mut spend = create(out, "spend.csv")?;
    writeln!(
        spend,
        "date,channel,campaign,cost,currency,impressions,clicks"
    )?;
    let mut google = None;
    let mut meta = None;
    if vendor {
        let mut g = create(out, "google-ads.csv")?;
        write!(
            g,
            "\u{feff}Campaign report\r\n\"January 1, 2023 - December 31, 2025\"\r\n"
        )?;
        write!(
            g,
            "Day,Campaign,Campaign ID,Currency code,Cost,Impr.,Clicks,Conversions\r\n"
        )?;
        google = Some(g);
        let mut m = create(out, "meta-ads.csv")?;
        writeln!(
            m,
            "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks"
        )?;
        meta = Some(m);
    }
    // The Google Ads report's total row: cost in cents, impressions, clicks.
    let (mut cents, mut shown, mut clicked) = (0u64, 0u64, 0u64);
    let scale = (n / 1000).max(1);
    for d in 0..DAYS as i64 {
        let date = chrono::DateTime::from_timestamp(START + d * 86_400, 0)
            .expect("in range")
            .format("%Y-%m-%d");
        for (c, campaign) in CAMPAIGNS.iter().enumerate() {
            let channel = CHANNELS[c % 4];
            let cost = scale * (50 + rng.below(200));
            let cent = rng.below(100);
            match (channel, &mut google, &mut meta) {
                ("Paid Search", Some(g), _) => {
                    (cents, shown, clicked) =
                        (cents + cost * 100 + cent, shown + cost * 40, clicked + cost);
                    write!(
                        g,
                        "{date},{campaign},{},USD,\"{}.{cent:02}\",\"{}\",{cost},0.00\r\n",
                        1000 + c,
                        grouped(cost),
                        grouped(cost * 40)
                    )?
                }
                ("Paid Social", _, Some(m)) => writeln!(
                    m,
                    "{date},{date},{campaign},{cost}.{cent:02},\"{}\",{cost}",
                    grouped(cost * 40)
                )?,
                _ => writeln!(
                    spend,
                    "{date},{channel},{campaign},{cost}.{cent:02},USD,{},{cost}",
                    cost * 40
                )?,
            }
        }
    }
    if let Some(mut g) = google {
        for total in ["Total: Account", "Total: Campaigns"] {
            write!(
                g,
                "{total},--,--,USD,\"{}.{:02}\",\"{}\",\"{}\",0.00\r\n",
                grouped(cents / 100),
                cents % 100,
                grouped(shown),
                grouped(clicked)
            )?;
        }
        g.flush()?;
    }
    if let Some(mut m) = meta {
        m.flush()?;
    }
    spend.flush()
}
