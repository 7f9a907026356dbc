//! Writes the sample data: a realistic small B2B company's exports as its systems write them
//! (HubSpot, Salesforce reports, Google Ads, LinkedIn, Meta, Mailchimp, budget sheets), from a
//! fixed seed, so the same command always writes the same bytes.
//!
//! `cargo run --example generate -- sample-data` rewrites `sample-data/`.

#![allow(clippy::explicit_auto_deref)]

use baton::parts::count;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use baton::parts::SplitMix64;

/// SplitMix64 (`baton::parts::SplitMix64`) with the draws the sample data needs.
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
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
    first: &'static str,
    last: &'static str,
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

fn after(t: NaiveDateTime, rng: &mut Rng, mean_days: f64) -> NaiveDateTime {
    t + Duration::minutes((rng.expo(mean_days) * 1440.0) as i64 + 30)
}

/// A deal in Salesforce.
struct Opp {
    id: String,
    lead: Option<usize>,
    company: String,
    created: NaiveDateTime,
    close: NaiveDate,
    stage: &'static str,
    won: bool,
    closed: bool,
    amount: f64,
    owner: &'static str,
    lead_source: &'static str,
}

/// Where a lead lives: marketing's channels in HubSpot, the rest in Salesforce.
fn in_hubspot(l: &Lead) -> bool {
    !matches!(SOURCES[l.source].value, "Outbound" | "Events" | "Partner")
}

fn main() {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "sample-data".to_string()),
    );
    let mut rng = Rng(SplitMix64(SEED));
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
    let end = end_of_data();
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
            let (f, l) = (*rng.pick(FIRST), *rng.pick(LAST));
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
                id: String::new(),
                first: f,
                last: l,
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
            lead.id = if in_hubspot(&lead) {
                format!("{}", 51_000_000 + leads.len() * 13)
            } else {
                format!("00Q5g{:010}", 4_000_000 + leads.len() * 7)
            };
            leads.push(lead);
        }
    }
    let opps = simulate_deals(&leads, &mut rng);
    for dir in [
        "hubspot",
        "salesforce",
        "ads",
        "budget",
        "mailchimp",
        "marketing",
        "sales",
    ] {
        std::fs::create_dir_all(out.join(dir)).unwrap();
    }
    write_hubspot(&out, &leads, &opps, &mut rng);
    write_salesforce_leads(&out, &leads, &opps);
    write_salesforce_opportunities(&out, &leads, &opps);
    write_touches(&out, &leads, &mut rng);
    // Its own stream, so the marketing touches leave every other file as it was.
    write_marketing_touches(&out, &leads, &mut Rng(SplitMix64(SEED ^ 0x0070_C4E5)));
    write_ads(&out, &mut rng);
    write_budgets(&out, &mut rng);
    std::fs::write(out.join("baton.toml"), CONFIG).unwrap();
    eprintln!(
        "wrote {} leads and {} deals to {}",
        leads.len(),
        opps.len(),
        out.display()
    );
}

const CONFIG: &str = r#"# Northwind Analytics: how baton reads this company's exports.
company = "Northwind Analytics"
timezone = "America/New_York"
currency = "USD"

# Sales answers MQLs in working hours, New York time.
[sla]
hours = 8
dropped_after_days = 14

[business_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"
holidays = ["2025-01-01", "2025-05-26", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
            "2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"]

# Monthly targets agreed with leadership; October 2026 had a launch push.
[targets]
leads = 320
mqls = 110
revenue_won = 150000
cac = 5000

[targets."2026-10"]
leads = 380

# Salesforce leads carry a custom "MQL Date" field.
[[source]]
profile = "salesforce-report-leads"
columns = { mql_at = "MQL Date" }

# The events team's budget sheet: one line per event, all of it Events spend.
[[source]]
name = "events-budget"
glob = "budget/events-*.csv"
entity = "spend"
columns = { date = "Month", campaign = "Event", cost = "Actual cost" }
constants = { channel = "Events" }

# Programs paid by invoice (newsletter tool, partner co-marketing), with their channel.
[[source]]
name = "programs-budget"
glob = "budget/programs.csv"
entity = "spend"
columns = { date = "Month", campaign = "Program", channel = "Channel", cost = "Amount" }
"#;

fn simulate_deals(leads: &[Lead], rng: &mut Rng) -> Vec<Opp> {
    let end = end_of_data();
    let mut opps = Vec::new();
    let add = |opps: &mut Vec<Opp>,
               rng: &mut Rng,
               lead: Option<usize>,
               company: &str,
               created: NaiveDateTime,
               mean: f64,
               owner: &'static str,
               lead_source: &'static str| {
        let amount = (mean * (0.55 * rng.normal()).exp() / 50.0).round() * 50.0;
        let cycle = 20.0 + rng.expo(35.0);
        let close = (created + Duration::days(cycle as i64)).date();
        let r = rng.unit();
        let (stage, won, closed, close) = if close.and_time(NaiveTime::MIN) > end {
            (
                *rng.pick(&[
                    "Qualification",
                    "Proposal/Price Quote",
                    "Negotiation/Review",
                ]),
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
                *rng.pick(&["Proposal/Price Quote", "Negotiation/Review"]),
                false,
                false,
                close + Duration::days(30),
            )
        };
        let id = format!("0065g{:010}", 7_000_000 + opps.len() * 11);
        opps.push(Opp {
            id,
            lead,
            company: company.to_string(),
            created,
            close,
            stage,
            won,
            closed,
            amount,
            owner,
            lead_source,
        });
    };
    for (i, l) in leads.iter().enumerate() {
        let Some(sql) = l.sql else { continue };
        if !rng.chance(0.62) {
            continue;
        }
        let created = after(sql, rng, 6.0);
        if created > end {
            continue;
        }
        add(
            &mut opps,
            rng,
            Some(i),
            &l.company,
            created,
            SOURCES[l.source].deal,
            l.owner,
            sf_source(l),
        );
    }
    // Deals sales found on its own, with no lead record.
    for m in 0..MONTHS {
        for _ in 0..(2 + rng.below(3)) {
            let created = moment_in(rng, month_start(m));
            let company = format!("{} {} Group", rng.pick(WORDS), rng.pick(LAST));
            let owner = *rng.pick(OWNERS);
            add(
                &mut opps,
                rng,
                None,
                &company,
                created,
                24_000.0,
                owner,
                "Cold Call",
            );
        }
    }
    opps.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    opps
}

/// The Lead Source a lead has in Salesforce.
fn sf_source(l: &Lead) -> &'static str {
    match SOURCES[l.source].value {
        "Outbound" => "Cold Call",
        "Events" => "Trade Show",
        "Partner" => "Partner Referral",
        _ => "Web",
    }
}

fn q(cells: &[&str]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect();
    quoted.join(",")
}

fn hubspot_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

fn sf_time(t: NaiveDateTime) -> String {
    t.format("%-m/%-d/%Y %-I:%M %p").to_string()
}

fn sf_date(d: NaiveDate) -> String {
    d.format("%-m/%-d/%Y").to_string()
}

/// `54,805.00`: a US amount as Salesforce and the ad platforms write it (all amounts here are
/// positive).
fn money_us(v: f64) -> String {
    let cents = (v * 100.0).round() as u64;
    format!("{}.{:02}", count(cents / 100), cents % 100)
}

/// HubSpot's all-properties contact export: every property label, alphabetical, every value quoted.
fn write_hubspot(out: &Path, leads: &[Lead], opps: &[Opp], rng: &mut Rng) {
    let header = [
        "Associated Company",
        "Associated Deal IDs",
        "Became a Customer Date",
        "Became a Lead Date",
        "Became a Marketing Qualified Lead Date",
        "Became a Sales Qualified Lead Date",
        "Contact owner",
        "Create Date",
        "Email",
        "First Name",
        "Last Name",
        "Lifecycle Stage",
        "Original Source",
        "Original Source Drill-Down 1",
        "Original Source Drill-Down 2",
        "Record ID",
    ];
    let mut s = q(&header) + "\n";
    let opt = |t: Option<NaiveDateTime>| t.map(hubspot_time).unwrap_or_default();
    for (i, l) in leads.iter().enumerate().filter(|(_, l)| in_hubspot(l)) {
        let won = opps
            .iter()
            .find(|o| o.lead == Some(i) && o.won)
            .map(|o| o.close.and_time(NaiveTime::MIN + Duration::hours(12)));
        let stage = if won.is_some() {
            "customer"
        } else if l.sql.is_some() {
            "salesqualifiedlead"
        } else if l.mql.is_some() {
            "marketingqualifiedlead"
        } else {
            "lead"
        };
        let (source, drill) = match SOURCES[l.source].value {
            "Paid Search" => ("Paid Search", "google"),
            "Paid Social" => (
                "Paid Social",
                if l.campaign.starts_with("LinkedIn") {
                    "linkedin"
                } else {
                    "facebook"
                },
            ),
            "Organic Search" => ("Organic Search", "google"),
            "Email" => ("Email Marketing", "newsletter"),
            "Referral" => ("Referrals", "referral"),
            _ => ("Direct Traffic", ""),
        };
        let created = hubspot_time(l.created);
        let line = q(&[
            &l.company,
            "",
            &opt(won),
            &created,
            &opt(l.mql),
            &opt(l.sql),
            l.owner,
            &created,
            &l.email,
            l.first,
            l.last,
            stage,
            source,
            drill,
            l.campaign,
            &l.id,
        ]);
        s.push_str(&line);
        s.push('\n');
        // Two exports pasted together: a few contacts appear twice.
        if rng.chance(0.002) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s.push_str(&q(&[
        "Harbor Foods",
        "",
        "",
        "31/02/2025 10:00",
        "",
        "",
        "Maya Chen",
        "31/02/2025 10:00",
        "lena.fox@harborfoods.com",
        "Lena",
        "Fox",
        "lead",
        "Organic Search",
        "google",
        "",
        "59999999",
    ]));
    s.push('\n');
    std::fs::write(out.join("hubspot/contacts-all-properties.csv"), s).unwrap();
}

const SF_FOOTER: &str = "\n\n\"Confidential Information - Do Not Distribute\"\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n\"Generated By:  Maya Chen  11/2/2026 6:04 AM\"\n\"Northwind Analytics\"\n";

/// A Salesforce lead report: Salesforce's own leads, and the HubSpot contacts synced over when
/// they became sales-qualified. Converted leads name their opportunity.
fn write_salesforce_leads(out: &Path, leads: &[Lead], opps: &[Opp]) {
    let header = [
        "Lead ID",
        "First Name",
        "Last Name",
        "Company / Account",
        "Email",
        "Lead Source",
        "Lead Status",
        "Lead Owner",
        "Created Date",
        "Converted",
        "Converted Opportunity ID",
        "MQL Date",
    ];
    let mut s = q(&header) + "\n";
    let mut n = 0;
    for (i, l) in leads.iter().enumerate() {
        let synced = in_hubspot(l) && l.sql.is_some();
        if in_hubspot(l) && !synced {
            continue;
        }
        n += 1;
        let opp = opps.iter().find(|o| o.lead == Some(i));
        // A few converted leads lost their link in a data migration: the account name still joins.
        let linked = opp
            .filter(|_| n % 10 != 0)
            .map(|o| o.id.as_str())
            .unwrap_or("");
        let (id, created) = if synced {
            (format!("00Q5g{:010}", 9_000_000 + i * 7), l.sql.unwrap())
        } else {
            (l.id.clone(), l.created)
        };
        let status = if opp.is_some() { "Converted" } else { l.status };
        let mql = l.mql.map(|t| sf_date(t.date())).unwrap_or_default();
        s.push_str(&q(&[
            &id,
            l.first,
            l.last,
            &l.company,
            &l.email,
            sf_source(l),
            status,
            l.owner,
            &sf_time(created),
            if opp.is_some() { "True" } else { "False" },
            linked,
            &mql,
        ]));
        s.push('\n');
    }
    s.push_str(&q(&[
        "00Q5g9999999001",
        "Sam",
        "Ortiz",
        "Tidal Robotics",
        "sam.ortiz@tidalrobotics.com",
        "Trade Show",
        "Open",
        "Maya Chen",
        "",
        "False",
        "",
        "",
    ]));
    s.push('\n');
    s.push_str(&format!("\n\"Grand Totals ({n} records)\"{SF_FOOTER}"));
    std::fs::write(out.join("salesforce/leads-report.csv"), s).unwrap();
}

/// A Salesforce opportunity report: `$` amounts, US dates, True/False, the report footer.
fn write_salesforce_opportunities(out: &Path, leads: &[Lead], opps: &[Opp]) {
    let header = [
        "Opportunity ID",
        "Opportunity Name",
        "Account Name",
        "Stage",
        "Amount",
        "Probability (%)",
        "Won",
        "Closed",
        "Created Date",
        "Close Date",
        "Lead Source",
        "Opportunity Owner",
    ];
    let mut s = q(&header) + "\n";
    for o in opps {
        let prob = match o.stage {
            "Closed Won" => "100",
            "Closed Lost" => "0",
            "Negotiation/Review" => "75",
            "Proposal/Price Quote" => "50",
            _ => "20",
        };
        let name = format!(
            "{} - {}",
            o.company,
            if o.lead.is_some_and(|i| leads[i].source == 8) {
                "Outbound"
            } else {
                "New Business"
            }
        );
        let b = |v: bool| if v { "True" } else { "False" };
        s.push_str(&q(&[
            &o.id,
            &name,
            &o.company,
            o.stage,
            &format!("${}", money_us(o.amount)),
            prob,
            b(o.won),
            b(o.closed),
            &sf_date(o.created.date()),
            &sf_date(o.close),
            o.lead_source,
            o.owner,
        ]));
        s.push('\n');
    }
    s.push_str(&q(&[
        "0065g9999999001",
        "Cedar Labs - Expansion",
        "Cedar Labs",
        "Closed Won",
        "$12,000.00",
        "100",
        "True",
        "True",
        "5/6/2025",
        "",
        "Web",
        "Maya Chen",
    ]));
    s.push('\n');
    s.push_str(&q(&[
        "0065g9999999002",
        "Onyx Media - Pilot",
        "Onyx Media",
        "Proposal/Price Quote",
        "TBD",
        "50",
        "False",
        "False",
        "5/7/2025",
        "6/30/2025",
        "Web",
        "Luis Ortega",
    ]));
    s.push('\n');
    s.push_str(&format!(
        "\n\"Grand Totals ({} records)\"{SF_FOOTER}",
        opps.len() + 2
    ));
    std::fs::write(out.join("salesforce/opportunities-report.csv"), s).unwrap();
}

/// Newsletter subscribers (Mailchimp) and sales activities (a plain sheet in baton's format).
fn write_touches(out: &Path, leads: &[Lead], rng: &mut Rng) {
    let end = end_of_data();
    let mut mc = String::from(
        "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\n",
    );
    let mut sales = String::from("at,lead_id,email,team,kind,campaign\n");
    for (i, l) in leads.iter().enumerate() {
        if SOURCES[l.source].value == "Email" || (in_hubspot(l) && rng.chance(0.1)) {
            // Mailchimp keeps UTC.
            let optin = l.created + Duration::hours(4) + Duration::minutes(rng.below(600) as i64);
            if optin <= end {
                let confirm = optin + Duration::minutes(3);
                let _ = writeln!(
                    mc,
                    "{},{},{},{},\"{}\",,\"{}\",,,,,,,,,\"{}\",{},{:x},,",
                    l.email,
                    l.first,
                    l.last,
                    1 + rng.below(5),
                    optin.format("%Y-%m-%d %H:%M:%S"),
                    confirm.format("%Y-%m-%d %H:%M:%S"),
                    confirm.format("%Y-%m-%d %H:%M:%S"),
                    100_000 + i,
                    0xABC000 + i
                );
            }
        }
        if let Some(start) = l.mql.or(l.sql)
            && rng.chance(0.9)
        {
            let mut at = start + Duration::minutes((rng.expo(16.0) * 60.0) as i64 + 5);
            for _ in 0..(1 + rng.below(3)) {
                if at > end {
                    break;
                }
                let _ = writeln!(
                    sales,
                    "{},,{},sales,{},",
                    at.format("%Y-%m-%d %H:%M"),
                    l.email,
                    rng.pick(&["call", "email", "meeting"])
                );
                at += Duration::hours(20 + rng.below(96) as i64);
            }
        }
    }
    sales.push_str("2025-07-01 10:00,,someone@nowhere.example,sales,call,\n");
    std::fs::write(out.join("mailchimp/subscribed_members_export.csv"), mc).unwrap();
    std::fs::write(out.join("sales/activities.csv"), sales).unwrap();
}

/// The marketing touches the automation tool logged (baton's plain format): ad clicks in the weeks
/// before a lead was created, then newsletter clicks, webinars and the September trade show while
/// it is nurtured. Each names a campaign that also has spend or leads, so a deal's credit spreads
/// over channels and the five attribution models part ways as they do in life: ads open
/// journeys, email and events close them.
fn write_marketing_touches(out: &Path, leads: &[Lead], rng: &mut Rng) {
    let end = end_of_data();
    const ADS: &[(&str, &str, f64)] = &[
        ("ad click", "Brand", 3.0),
        ("ad click", "Competitor Terms", 2.0),
        ("ad click", "Generic - Forecasting", 3.0),
        ("ad click", "LinkedIn - CFO Audience", 3.0),
        ("ad click", "Meta - Retargeting", 2.0),
    ];
    const NURTURE: &[(&str, &str, f64)] = &[
        ("email click", "Monthly Newsletter", 5.0),
        ("email click", "Product Launch", 2.0),
        ("webinar", "Forecasting Webinar Series", 3.0),
        ("ad click", "Meta - Retargeting", 1.5),
        ("ad click", "Brand", 1.5),
    ];
    let pick = |rng: &mut Rng, items: &[(&'static str, &'static str, f64)]| {
        let weighted: Vec<((&str, &str), f64)> =
            items.iter().map(|&(k, c, w)| ((k, c), w)).collect();
        *rng.weighted(&weighted)
    };
    let mut s = String::from("at,lead_id,email,team,kind,campaign\n");
    for l in leads {
        let engaged = l.mql.is_some() || l.sql.is_some();
        let outbound = SOURCES[l.source].value == "Outbound";
        if !engaged && !rng.chance(0.3) {
            continue;
        }
        let mut touches: Vec<(NaiveDateTime, &str, &str)> = Vec::new();
        // Ads seen before the form fill (rarely for a lead sales found itself).
        let before = if outbound {
            usize::from(rng.chance(0.2))
        } else {
            rng.below(3)
        };
        for _ in 0..before {
            let at = l.created - Duration::minutes((rng.expo(12.0) * 1440.0) as i64 + 60);
            let (kind, campaign) = pick(rng, ADS);
            touches.push((at, kind, campaign));
        }
        // Nurture from creation to the hand-over to sales (or a month on).
        let until = l.sql.unwrap_or(l.created + Duration::days(30)).min(end);
        let after = if engaged {
            1 + rng.below(3)
        } else {
            rng.below(2)
        };
        for _ in 0..after {
            let span = (until - l.created).num_minutes().max(60);
            let at = l.created + Duration::minutes(rng.below(span as usize) as i64);
            let (mut kind, mut campaign) = pick(rng, NURTURE);
            if at.month() == 9 && rng.chance(0.5) {
                (kind, campaign) = ("event visit", "SaaStr Annual");
            }
            touches.push((at, kind, campaign));
        }
        touches.sort();
        for (at, kind, campaign) in touches.into_iter().filter(|t| t.0 <= end) {
            let _ = writeln!(
                s,
                "{},,{},marketing,{kind},{campaign}",
                at.format("%Y-%m-%d %H:%M"),
                l.email
            );
        }
    }
    std::fs::write(out.join("marketing/touches.csv"), s).unwrap();
}

/// Google Ads (one UI download per year), LinkedIn (UTF-16, tab-separated) and Meta.
fn write_ads(out: &Path, rng: &mut Rng) {
    let google: &[(&str, u64, f64)] = &[
        ("Brand", 20_811_401, 95.0),
        ("Competitor Terms", 20_811_402, 140.0),
        ("Generic - Forecasting", 20_811_403, 210.0),
    ];
    let first = month_start(0);
    let days = (month_start(MONTHS) - first).num_days();
    let mut years: Vec<(i32, String, f64, u64, u64)> = Vec::new();
    let mut linkedin = String::new();
    let mut meta = String::from(
        "Reporting starts,Reporting ends,Campaign name,Amount spent (USD),Impressions,Link clicks\n",
    );
    let (mut li_rows, mut li_total) = (0, 0.0);
    for d in 0..days {
        let date = first + Duration::days(d);
        let growth = 1.0 + d as f64 / 900.0;
        if years.last().is_none_or(|y| y.0 != date.year()) {
            years.push((date.year(), String::new(), 0.0, 0, 0));
        }
        let y = years.last_mut().unwrap();
        for (campaign, id, base) in google {
            let cost = (base * growth * (0.8 + 0.4 * rng.unit()) * 100.0).round() / 100.0;
            let impressions = (cost * (40.0 + 20.0 * rng.unit())) as u64;
            let clicks = impressions / (30 + rng.below(40) as u64);
            let conv = clicks as f64 * 0.0045;
            let _ = write!(
                y.1,
                "{date},{campaign},{id},USD,\"{}\",\"{}\",{clicks},{conv:.2}\r\n",
                money_us(cost),
                count(impressions)
            );
            y.2 += cost;
            y.3 += impressions;
            y.4 += clicks;
        }
        let li = (260.0 * growth * (0.8 + 0.4 * rng.unit()) * 100.0).round() / 100.0;
        let li_impr = (li * (20.0 + 10.0 * rng.unit())) as u64;
        let _ = write!(
            linkedin,
            "{}\tNorthwind Analytics\tLinkedIn - CFO Audience\tSponsored Content\t{li:.2}\t{}\t{}\tUSD\r\n",
            date.format("%-m/%-d/%Y"),
            li_impr,
            li_impr / 90
        );
        li_rows += 1;
        li_total += li;
        let fb = (70.0 * growth * (0.8 + 0.4 * rng.unit()) * 100.0).round() / 100.0;
        let fb_impr = (fb * (80.0 + 40.0 * rng.unit())) as u64;
        let _ = writeln!(
            meta,
            "{date},{date},Meta - Retargeting,{fb:.2},{fb_impr},{}",
            fb_impr / 120
        );
    }
    for (year, rows, cost, impressions, clicks) in years {
        let last = if year == 2026 {
            "October 31, 2026"
        } else {
            "December 31, 2025"
        };
        let mut s = format!(
            "\u{feff}Campaign report\r\n\"January 1, {year} - {last}\"\r\nDay,Campaign,Campaign ID,Currency code,Cost,Impr.,Clicks,Conversions\r\n{rows}"
        );
        for total in ["Total: Account", "Total: Search", "Total: Campaigns"] {
            let _ = write!(
                s,
                "{total},--,--,USD,\"{}\",\"{}\",{clicks},--\r\n",
                money_us(cost),
                count(impressions)
            );
        }
        std::fs::write(out.join(format!("ads/google-ads-{year}.csv")), s).unwrap();
    }
    let li_text = format!(
        "Campaign Performance Report (in UTC)\r\nReport Start: 1/1/2025\r\nReport End: 10/31/2026\r\nDate Generated: 11/2/2026 6:00 AM\r\nStart Date (in UTC)\tAccount Name\tCampaign Name\tCampaign Type\tTotal Spent\tImpressions\tClicks\tCurrency\r\n{linkedin}"
    );
    let _ = (li_rows, li_total);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(li_text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(out.join("ads/linkedin-campaign-performance.csv"), bytes).unwrap();
    std::fs::write(
        out.join("ads/meta-ads-manager.csv"),
        format!("\u{feff}{meta}"),
    )
    .unwrap();
}

/// The events team's sheet and the invoiced programs.
fn write_budgets(out: &Path, rng: &mut Rng) {
    let mut events = String::from("Month,Event,Actual cost,Notes\n");
    let mut programs = String::from("Month,Program,Channel,Amount\n");
    for m in 0..MONTHS {
        let first = month_start(m);
        let month = first.format("%Y-%m");
        let _ = writeln!(
            events,
            "{month},Forecasting Webinar Series,\"{}\",",
            money_us(1200.0 + 400.0 * rng.unit())
        );
        if first.month() == 9 {
            let _ = writeln!(
                events,
                "{month},SaaStr Annual,\"18,500.00\",booth and travel"
            );
        }
        let _ = writeln!(programs, "{month},Monthly Newsletter,Email,450.00");
        let _ = writeln!(
            programs,
            "{month},Partner Co-marketing,Partner,\"2,000.00\""
        );
    }
    events.push_str("2025-13,Forecasting Webinar Series,\"1,100.00\",typo in the month\n");
    std::fs::write(out.join("budget/events-2025-2026.csv"), events).unwrap();
    std::fs::write(out.join("budget/programs.csv"), programs).unwrap();
}
