//! Writes the sample data: a realistic small B2B company's exports in baton's canonical format,
//! from a fixed seed, so the same command always writes the same bytes.
//!
//! `cargo run --example generate -- sample-data` rewrites `sample-data/`.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: tiny, fast, and the same on every platform and crate version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|i| i.1).sum();
        let mut x = self.unit() * total;
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
    /// Exponential with the given mean.
    fn expo(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (1.0 - self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

const FIRST: &[&str] = &[
    "Ava", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jamal", "Kira",
    "Liam", "Mei", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wes",
    "Ximena", "Yusuf", "Zoe", "Amara", "Bruno",
];
const LAST: &[&str] = &[
    "Adams", "Brooks", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Quist", "Rossi", "Santos",
    "Tanaka", "Usman", "Varga", "Weber", "Young",
];
const WORDS: &[&str] = &[
    "Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Maple", "Nimbus", "Onyx", "Pioneer", "Quartz", "Ridge", "Summit", "Tidal",
    "Umber", "Vertex", "Willow", "Zenith",
];
const KINDS: &[&str] = &[
    "Logistics",
    "Health",
    "Foods",
    "Robotics",
    "Capital",
    "Retail",
    "Energy",
    "Labs",
    "Media",
    "Systems",
];
const FREE: &[&str] = &["gmail.com", "outlook.com", "yahoo.com"];
const OWNERS: &[&str] = &[
    "Maya Chen",
    "Luis Ortega",
    "Priya Nair",
    "Tom Becker",
    "Aisha Bello",
    "Jonas Weber",
];

/// (source value as the CRM writes it, channel weight, MQL rate, campaigns, mean deal size)
struct Source {
    value: &'static str,
    weight: f64,
    mql: f64,
    campaigns: &'static [&'static str],
    deal: f64,
}

const SOURCES: &[Source] = &[
    Source {
        value: "Paid Search",
        weight: 24.0,
        mql: 0.38,
        campaigns: &["Brand", "Competitor Terms", "Generic - Forecasting"],
        deal: 11_000.0,
    },
    Source {
        value: "Paid Social",
        weight: 16.0,
        mql: 0.26,
        campaigns: &["LinkedIn - CFO Audience", "Meta - Retargeting"],
        deal: 9_000.0,
    },
    Source {
        value: "Organic Search",
        weight: 18.0,
        mql: 0.30,
        campaigns: &[""],
        deal: 10_000.0,
    },
    Source {
        value: "Email",
        weight: 10.0,
        mql: 0.34,
        campaigns: &["Monthly Newsletter", "Product Launch"],
        deal: 8_500.0,
    },
    Source {
        value: "Events",
        weight: 7.0,
        mql: 0.52,
        campaigns: &["SaaStr Annual", "Forecasting Webinar Series"],
        deal: 16_000.0,
    },
    Source {
        value: "Referral",
        weight: 6.0,
        mql: 0.55,
        campaigns: &[""],
        deal: 14_000.0,
    },
    Source {
        value: "Partner",
        weight: 5.0,
        mql: 0.45,
        campaigns: &["Partner Co-marketing"],
        deal: 18_000.0,
    },
    Source {
        value: "Direct",
        weight: 6.0,
        mql: 0.28,
        campaigns: &[""],
        deal: 9_500.0,
    },
    Source {
        value: "Outbound",
        weight: 8.0,
        mql: 0.0,
        campaigns: &[""],
        deal: 21_000.0,
    },
];

const START: (i32, u32) = (2025, 1);
const MONTHS: i32 = 22; // January 2025 to October 2026
const SEED: u64 = 0xBA70_2025;

struct Lead {
    id: String,
    email: String,
    company: String,
    created: NaiveDateTime,
    source: usize,
    campaign: &'static str,
    owner: &'static str,
    mql: Option<NaiveDateTime>,
    sql: Option<NaiveDateTime>,
    status: &'static str,
    reason: &'static str,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn month_start(i: i32) -> NaiveDate {
    let n = START.0 * 12 + START.1 as i32 - 1 + i;
    day(n.div_euclid(12), n.rem_euclid(12) as u32 + 1, 1)
}

fn end_of_data() -> NaiveDateTime {
    month_start(MONTHS).and_time(NaiveTime::MIN) - Duration::seconds(1)
}

/// A working-hours moment on a random weekday of the month.
fn moment_in(rng: &mut Rng, first: NaiveDate) -> NaiveDateTime {
    let next = month_start_after(first);
    let days = (next - first).num_days();
    loop {
        let d = first + Duration::days(rng.below(days as usize) as i64);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend && !rng.chance(0.25) {
            continue;
        }
        let minutes = 13 * 60 + (rng.normal() * 150.0) as i64;
        return d.and_time(NaiveTime::MIN) + Duration::minutes(minutes.clamp(0, 24 * 60 - 1));
    }
}

fn month_start_after(d: NaiveDate) -> NaiveDate {
    if d.month() == 12 {
        day(d.year() + 1, 1, 1)
    } else {
        day(d.year(), d.month() + 1, 1)
    }
}

fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn after(t: NaiveDateTime, rng: &mut Rng, mean_days: f64) -> NaiveDateTime {
    t + Duration::minutes((rng.expo(mean_days) * 1440.0) as i64 + 30)
}

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "sample-data".to_string()),
    );
    let mut rng = Rng(SEED);
    let companies: Vec<(String, String)> = (0..1400)
        .map(|_| {
            let name = format!("{} {}", rng.pick(WORDS), rng.pick(KINDS));
            let domain = format!("{}.com", name.to_lowercase().replace(' ', ""));
            (name, domain)
        })
        .collect();
    let weights: Vec<(usize, f64)> = SOURCES
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.weight))
        .collect();
    let mut leads: Vec<Lead> = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for m in 0..MONTHS {
        let first = month_start(m);
        let season = [
            0.85, 0.95, 1.05, 1.0, 1.05, 0.9, 0.8, 0.85, 1.1, 1.2, 1.1, 0.75,
        ][first.month0() as usize];
        let volume = (150.0 * 1.035f64.powi(m) * season) as usize;
        for _ in 0..volume {
            let source = *rng.weighted(&weights);
            let s = &SOURCES[source];
            let (company, domain) = rng.pick(&companies).clone();
            let (f, l) = (rng.pick(FIRST), rng.pick(LAST));
            let free = rng.chance(0.12);
            let email_domain = if free {
                rng.pick(FREE).to_string()
            } else {
                domain
            };
            let mut local = format!("{}.{}", f.to_lowercase(), l.to_lowercase());
            while !taken.insert(format!("{local}@{email_domain}")) {
                local = format!(
                    "{}.{}{}",
                    f.to_lowercase(),
                    l.to_lowercase(),
                    1 + rng.below(99)
                );
            }
            let created = moment_in(&mut rng, first);
            let mut lead = Lead {
                id: format!("00Q{:07}", 1_000_000 + leads.len() * 7),
                email: format!("{local}@{email_domain}"),
                company,
                created,
                source,
                campaign: *rng.pick(s.campaigns),
                owner: *rng.pick(OWNERS),
                mql: None,
                sql: None,
                status: "Open",
                reason: "",
            };
            let end = end_of_data();
            if s.value == "Outbound" {
                if rng.chance(0.35) {
                    lead.sql = Some(after(created, &mut rng, 6.0)).filter(|t| *t <= end);
                }
            } else if rng.chance(s.mql) {
                lead.mql = Some(after(created, &mut rng, 4.0)).filter(|t| *t <= end);
                if let Some(mql) = lead.mql {
                    if rng.chance(0.42) {
                        lead.sql = Some(after(mql, &mut rng, 5.0)).filter(|t| *t <= end);
                    } else if rng.chance(0.5) {
                        lead.status = "Disqualified";
                        lead.reason = *rng.pick(&[
                            "No budget",
                            "Wrong persona",
                            "Student or job seeker",
                            "Competitor",
                            "Too small",
                        ]);
                    } else {
                        lead.status = "Nurture";
                    }
                }
            }
            if lead.sql.is_some() {
                lead.status = "Working";
            }
            leads.push(lead);
        }
    }
    std::fs::create_dir_all(out.join("crm")).unwrap();
    std::fs::create_dir_all(out.join("events")).unwrap();
    std::fs::create_dir_all(out.join("ads")).unwrap();
    write_opportunities_and_touches(&out, &leads, &mut rng);
    write_leads(&out, &leads, &mut rng);
    write_spend(&out, &mut rng);
    std::fs::write(
        out.join("baton.toml"),
        "# Northwind Analytics: sample settings for baton.\ncompany = \"Northwind Analytics\"\ntimezone = \"America/New_York\"\ncurrency = \"USD\"\n",
    )
    .unwrap();
    eprintln!("wrote {} leads to {}", leads.len(), out.display());
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_leads(out: &Path, leads: &[Lead], rng: &mut Rng) {
    let opt = |t: Option<NaiveDateTime>| t.map(iso).unwrap_or_default();
    let mut crm = String::from(
        "lead_id,email,company,created_at,channel,campaign,owner,mql_at,sql_at,status,disqualified_reason\n",
    );
    let mut webinar = String::from("lead_id,email,company,created_at,channel,campaign,mql_at\n");
    for (i, l) in leads.iter().enumerate() {
        let line = format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            l.id,
            l.email,
            csv_field(&l.company),
            iso(l.created),
            SOURCES[l.source].value,
            csv_field(l.campaign),
            l.owner,
            opt(l.mql),
            opt(l.sql),
            l.status,
            l.reason
        );
        crm.push_str(&line);
        // Re-exports overlap: a few rows appear twice.
        if i % 997 == 3 {
            crm.push_str(&line);
        }
        // Webinar sign-ups, kept in a separate sheet; some are people the CRM already has.
        if SOURCES[l.source].value == "Events" && rng.chance(0.15) {
            let signup = l.created - Duration::days(2 + rng.below(10) as i64);
            let _ = writeln!(
                webinar,
                "W-{i:05},{},{},{},Webinar,Forecasting Webinar Series,{}",
                l.email.to_uppercase(),
                csv_field(&l.company),
                signup.format("%Y-%m-%d %H:%M"),
                signup.format("%Y-%m-%d %H:%M"),
            );
        }
    }
    // A few rows a person typed by hand.
    crm.push_str("00Q9999001,lena.fox@harborfoods.com,Harbor Foods,31/02/2025,Events,SaaStr Annual,Maya Chen,,,Open,\n");
    crm.push_str(",,Unknown Co,2025-06-04T10:00:00Z,Direct,,,,,Open,\n");
    webinar.push_str("W-99999,sam.ortiz@tidalrobotics.com,Tidal Robotics,next tuesday,Webinar,Forecasting Webinar Series,\n");
    std::fs::write(out.join("crm/leads.csv"), crm).unwrap();
    std::fs::write(out.join("events/webinar-leads.csv"), webinar).unwrap();
}

fn write_opportunities_and_touches(out: &Path, leads: &[Lead], rng: &mut Rng) {
    let end = end_of_data();
    let mut opps = String::from(
        "opportunity_id,lead_id,email,company,created_at,close_date,stage,is_won,is_closed,amount,currency,owner,channel\n",
    );
    let mut touches = String::from("at,lead_id,email,team,kind,campaign\n");
    let mut n = 0;
    let mut add_opp = |opps: &mut String,
                       rng: &mut Rng,
                       lead_ref: (&str, &str, &str),
                       created: NaiveDateTime,
                       mean: f64,
                       owner: &str,
                       channel: &str| {
        n += 1;
        let amount = (mean * (0.55 * rng.normal()).exp() / 50.0).round() * 50.0;
        let cycle = 20.0 + rng.expo(35.0);
        let close = (created + Duration::days(cycle as i64)).date();
        let r = rng.unit();
        let (stage, won, closed, close_date) = if close.and_time(NaiveTime::MIN) > end {
            (
                *rng.pick(&["Discovery", "Proposal", "Negotiation"]),
                false,
                false,
                close,
            )
        } else if r < 0.34 {
            ("Closed Won", true, true, close)
        } else if r < 0.80 {
            ("Closed Lost", false, true, close)
        } else {
            (
                *rng.pick(&["Proposal", "Negotiation"]),
                false,
                false,
                close + Duration::days(30),
            )
        };
        let _ = writeln!(
            opps,
            "006{:07},{},{},{},{},{},{},{},{},{:.2},USD,{},{}",
            2_000_000 + n * 3,
            lead_ref.0,
            lead_ref.1,
            csv_field(lead_ref.2),
            iso(created),
            close_date,
            stage,
            won,
            closed,
            amount,
            owner,
            channel
        );
    };
    for l in leads {
        let s = &SOURCES[l.source];
        // Marketing touches before and around the MQL.
        for _ in 0..(1 + rng.below(3)) {
            let at = l.created + Duration::hours(rng.below(24 * 20) as i64);
            if at <= end {
                let _ = writeln!(
                    touches,
                    "{},{},,marketing,{},{}",
                    iso(at),
                    l.id,
                    rng.pick(&["email", "ad click", "form fill"]),
                    csv_field(l.campaign)
                );
            }
        }
        // Sales follows up on MQLs (or works its own outbound leads).
        if let Some(start) = l.mql.or(l.sql) {
            if rng.chance(0.9) {
                let mut at = start + Duration::minutes((rng.expo(16.0) * 60.0) as i64 + 5);
                for _ in 0..(1 + rng.below(3)) {
                    if at > end {
                        break;
                    }
                    let _ = writeln!(
                        touches,
                        "{},,{},sales,{},",
                        iso(at),
                        l.email,
                        rng.pick(&["call", "email", "meeting"])
                    );
                    at += Duration::hours(20 + rng.below(96) as i64);
                }
            }
        }
        let Some(sql) = l.sql else { continue };
        if !rng.chance(0.62) {
            continue;
        }
        let created = after(sql, rng, 6.0);
        if created > end {
            continue;
        }
        // Most deals carry the lead id; some only an email or the account name, as in real CRMs.
        let r = rng.unit();
        let lead_ref = if r < 0.7 {
            (l.id.as_str(), "", "")
        } else if r < 0.9 {
            ("", l.email.as_str(), "")
        } else {
            ("", "", l.company.as_str())
        };
        add_opp(&mut opps, rng, lead_ref, created, s.deal, l.owner, "");
    }
    // Deals sales found on its own, with no lead record.
    for m in 0..MONTHS {
        for _ in 0..(2 + rng.below(3)) {
            let created = moment_in(rng, month_start(m));
            let company = format!("{} {} Group", rng.pick(WORDS), rng.pick(LAST));
            let owner = *rng.pick(OWNERS);
            add_opp(
                &mut opps,
                rng,
                ("", "", company.as_str()),
                created,
                24_000.0,
                owner,
                "Outbound",
            );
        }
    }
    opps.push_str("0069999001,00Q1000000,,,2025-05-06T15:00:00Z,,Closed Won,true,true,12000.00,USD,Maya Chen,\n");
    opps.push_str("0069999002,00Q1000007,,,2025-05-07T15:00:00Z,2025-06-30,Proposal,false,false,TBD,USD,Luis Ortega,\n");
    touches.push_str("2025-07-01T10:00:00Z,,someone@nowhere.example,sales,call,\n");
    std::fs::write(out.join("crm/opportunities.csv"), opps).unwrap();
    std::fs::write(out.join("crm/activities.csv"), touches).unwrap();
}

fn write_spend(out: &Path, rng: &mut Rng) {
    let mut s = String::from("date,channel,campaign,cost,currency,impressions,clicks\n");
    let paid: &[(&str, &str, f64)] = &[
        ("Google Ads", "Brand", 95.0),
        ("Google Ads", "Competitor Terms", 140.0),
        ("Google Ads", "Generic - Forecasting", 210.0),
        ("LinkedIn Ads", "LinkedIn - CFO Audience", 260.0),
        ("Meta Ads", "Meta - Retargeting", 70.0),
    ];
    let first = month_start(0);
    let days = (month_start(MONTHS) - first).num_days();
    for d in 0..days {
        let date = first + Duration::days(d);
        let growth = 1.0 + d as f64 / 900.0;
        for (channel, campaign, base) in paid {
            let cost = (base * growth * (0.8 + 0.4 * rng.unit()) * 100.0).round() / 100.0;
            let impressions = (cost * (40.0 + 20.0 * rng.unit())) as u64;
            let clicks = impressions / (30 + rng.below(40) as u64);
            let _ = writeln!(
                s,
                "{date},{channel},{campaign},{cost:.2},USD,{impressions},{clicks}"
            );
        }
        if date.day() == 1 {
            let _ = writeln!(s, "{date},Email,Monthly Newsletter,450.00,USD,,");
            let _ = writeln!(
                s,
                "{date},Events,Forecasting Webinar Series,{:.2},USD,,",
                1200.0 + 400.0 * rng.unit()
            );
            let _ = writeln!(s, "{date},Partner,Partner Co-marketing,2000.00,USD,,");
        }
        if date.month() == 9 && date.day() == 15 {
            let _ = writeln!(s, "{date},Events,SaaStr Annual,\"18,500.00\",USD,,");
        }
    }
    s.push_str("2025-04-31,Google Ads,Brand,120.00,USD,,\n");
    s.push_str("2025-08-12,Meta Ads,Meta - Retargeting,n/a,USD,,\n");
    std::fs::write(out.join("ads/spend.csv"), s).unwrap();
}
