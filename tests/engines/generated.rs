//! Generated exports for the engines' differential test: small, seeded, and dense in what
//! engines are known to disagree on: ties (many rows at one instant, so that "the earliest"
//! needs its tie-break), duplicates (a lead id or an email on several rows, a deal id twice),
//! and local times at daylight-saving changes (a time that does not exist, one that exists
//! twice, midnight at a month's end), in several time zones and settings.

use std::fmt::Write as _;
use std::path::Path;

/// splitmix64: the same files from the same seed, on every machine.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

/// The settings each generated folder is built with: a zone with its daylight-saving days, and
/// the analytics settings that read local time.
pub const SETTINGS: [&str; 3] = [
    r#"timezone = "America/New_York"
[sla]
hours = 8
dropped_after_days = 5
[business_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:00"
holidays = ["2025-03-10", "2025-11-03"]
[contact]
max_touches_per_7_days = 3
[attribution]
lookback_days = 30
"#,
    r#"timezone = "Europe/Berlin"
[sla]
hours = 24
dropped_after_days = 3
[contact]
max_touches_per_7_days = 2
"#,
    "",
];

/// Local times around the daylight-saving changes of New York (2025-03-09, 2025-11-02) and
/// Berlin (2025-03-30, 2025-10-26), month ends, and the same instants written with an offset:
/// several rows get each, so that ties are the rule.
const LOCAL: [&str; 22] = [
    "2025-03-09 01:59:59",
    "2025-03-09 02:30:00",
    "2025-03-09 03:00:00",
    "2025-11-02 00:59:59",
    "2025-11-02 01:30:00",
    "2025-11-02 02:00:00",
    "2025-03-30 02:30:00",
    "2025-10-26 02:30:00",
    "2025-03-31 23:59:59",
    "2025-04-01 00:00:00",
    "2025-10-31 23:30:00",
    "2025-11-01 00:00:00",
    "2025-02-28 23:59:59",
    "2025-12-31 23:59:59",
    "2026-01-01 00:00:00",
    "2025-06-30 22:00:00",
    "2025-03-09",
    "2025-11-02",
    "2025-10-26",
    "2025-07-01",
    "2025-09-30",
    "2025-05-15 12:00:00",
];

const ZONED: [&str; 10] = [
    "2025-03-09T07:00:00Z",
    "2025-03-09T06:59:59Z",
    "2025-11-02T05:30:00Z",
    "2025-11-02T06:30:00Z",
    "2025-03-30T01:00:00Z",
    "2025-10-26T00:30:00Z",
    "2025-10-26T01:30:00Z",
    "2025-04-01T03:59:59Z",
    "2025-11-01T04:00:00Z",
    "2025-11-02T01:30:00-04:00",
];

/// An instant from the pools: one of a few dozen, so that many rows share each.
fn instant(r: &mut Seeded) -> String {
    if r.chance(50) {
        r.pick(&LOCAL).to_string()
    } else {
        r.pick(&ZONED).to_string()
    }
}

/// `at` moved by `hours` (a whole instant of the pools, or a day of one): the moved time in UTC.
fn later(at: &str, hours: i64) -> String {
    use chrono::{NaiveDate, NaiveDateTime};
    let t = chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.naive_utc())
        .or_else(|_| NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M:%S"))
        .or_else(|_| {
            NaiveDate::parse_from_str(at, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap())
        })
        .expect("a time of the pools");
    (t + chrono::Duration::hours(hours))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

const CHANNELS: [&str; 6] = [
    "Paid Search",
    "Organic Search",
    "Partner",
    "Webinar",
    "Email",
    "",
];
const CAMPAIGNS: [&str; 4] = ["Brand", "Spring Push", "Summit", ""];
const OWNERS: [&str; 4] = ["Ana", "Ben", "Chen", ""];
const STATUSES: [&str; 5] = ["Open", "Disqualified", "Nurture", "Working", ""];

/// Writes a folder of leads, deals, touches and spend from `seed`, with `settings` as its
/// `baton.toml`.
pub fn write(dir: &Path, seed: u64, settings: &str) {
    let mut r = Seeded(seed);
    let leads_n = 160 + r.below(80);
    write_leads(dir, r, leads_n, settings);
}

/// `write` with `leads_n` leads (and a third as many deals, three times as many touches).
pub fn write_many(dir: &Path, seed: u64, leads_n: usize, settings: &str) {
    write_leads(dir, Seeded(seed), leads_n, settings);
}

fn write_leads(dir: &Path, mut r: Seeded, leads_n: usize, settings: &str) {
    let mut leads = String::from(
        "lead_id,email,company,created_at,channel,campaign,owner,mql_at,sql_at,status,disqualified_reason\n",
    );
    // (id, email, created) of each row, for deals and touches to name.
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for i in 0..leads_n {
        // A repeated id, a repeated email (in another case), or a new person.
        let (id, email) = match (rows.is_empty(), r.below(10)) {
            (false, 0) => {
                let (id, _, _) = r.pick(&rows).clone();
                (id, format!("p{i}@firm{}.com", r.below(30)))
            }
            (false, 1) => {
                let (_, email, _) = r.pick(&rows).clone();
                (format!("L{i}"), email.to_uppercase())
            }
            _ => (format!("L{i}"), format!("p{i}@firm{}.com", r.below(30))),
        };
        let created = instant(&mut r);
        let mql = match r.below(4) {
            0 => String::new(),
            1 => created.clone(),
            _ => later(&created, r.below(72) as i64),
        };
        let sql = if !mql.is_empty() && r.chance(50) {
            later(&created, 24 + r.below(200) as i64)
        } else {
            String::new()
        };
        let status = r.pick(&STATUSES);
        let reason = if *status == "Disqualified" {
            "No budget"
        } else {
            ""
        };
        writeln!(
            leads,
            "{id},{email},Firm {},{created},{},{},{},{mql},{sql},{status},{reason}",
            r.below(30),
            r.pick(&CHANNELS),
            r.pick(&CAMPAIGNS),
            r.pick(&OWNERS),
        )
        .unwrap();
        rows.push((id, email, created));
    }
    let mut deals = String::from(
        "opportunity_id,lead_id,email,company,created_at,close_date,stage,amount,currency,owner\n",
    );
    for d in 0..leads_n / 3 {
        let (id, email, created) = r.pick(&rows).clone();
        // By id, by email alone, or by company alone; at the lead's own instant (a tie with
        // "at or before") or later.
        let (id, email, company) = match r.below(5) {
            0 => (String::new(), email.to_lowercase(), String::new()),
            1 => (
                String::new(),
                String::new(),
                format!("Firm {}", r.below(30)),
            ),
            _ => (id, String::new(), String::new()),
        };
        let at = if r.chance(40) {
            created
        } else {
            later(&created, r.below(900) as i64)
        };
        let closes = &later(&at, 24 * r.below(120) as i64)[..10];
        let stage = r.pick(&["Closed Won", "Closed Lost", "Negotiation", "Closed Won"]);
        let amount = [1000, 2500, 2500, 12000][r.below(4)];
        // A deal id twice (a re-export): the duplicate rule keeps one.
        let deal = if d > 0 && r.chance(8) {
            format!("O{}", d - 1)
        } else {
            format!("O{d}")
        };
        writeln!(
            deals,
            "{deal},{id},{email},{company},{at},{closes},{stage},{amount},USD,{}",
            r.pick(&OWNERS)
        )
        .unwrap();
    }
    let mut touches = String::from("at,lead_id,email,team,kind,campaign\n");
    for _ in 0..leads_n * 3 {
        let (id, email, created) = r.pick(&rows).clone();
        // Exactly at the lead's instant, in a burst after it, or at an instant of the pools.
        let at = match r.below(3) {
            0 => created.clone(),
            1 => later(&created, r.below(200) as i64),
            _ => instant(&mut r),
        };
        let (id, email) = match r.below(6) {
            0 => (String::new(), email.to_lowercase()),
            1 => (id, email),
            2 => (String::from("L-none"), String::new()),
            _ => (id, String::new()),
        };
        let team = if r.chance(50) { "marketing" } else { "sales" };
        writeln!(
            touches,
            "{at},{id},{email},{team},email,{}",
            r.pick(&CAMPAIGNS)
        )
        .unwrap();
    }
    let mut spend = String::from("date,channel,campaign,cost\n");
    for day in [
        "2025-03-08",
        "2025-03-09",
        "2025-03-30",
        "2025-10-26",
        "2025-11-02",
        "2025-12-31",
    ] {
        for channel in &CHANNELS[..4] {
            writeln!(
                spend,
                "{day},{channel},{},{}",
                r.pick(&CAMPAIGNS),
                100 + r.below(900)
            )
            .unwrap();
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in [
        ("leads.csv", &leads),
        ("opportunities.csv", &deals),
        ("touches.csv", &touches),
        ("spend.csv", &spend),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("baton.toml"), settings).unwrap();
}
