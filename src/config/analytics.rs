//! Analytics settings from `baton.toml`: SLA, business hours, contact limits, attribution,
//! targets, fiscal year and small-number threshold. Every key has a documented default.

use crate::base::datetime::Month;
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// Working hours for speed to lead.
#[derive(Clone, Debug)]
pub struct BusinessHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub tz: Tz,
    pub holidays: Vec<NaiveDate>,
}

/// The analytics settings a run uses, validated.
#[derive(Clone, Debug)]
pub struct Settings {
    pub sla_hours: f64,
    pub dropped_after_days: i64,
    pub business_hours: Option<BusinessHours>,
    pub max_touches_per_7_days: u32,
    pub lookback_days: i64,
    pub min_events: u64,
    pub fiscal_year_start: u32,
    pub cohort_window_months: i32,
    pub rejected_statuses: Vec<String>,
    pub recycled_statuses: Vec<String>,
    /// Metric -> monthly target, with per-month overrides.
    pub targets: BTreeMap<String, f64>,
    pub month_targets: BTreeMap<Month, BTreeMap<String, f64>>,
    /// Name people (by email, else lead id) where the report lists them.
    pub show_people: bool,
}

fn weekday(name: &str) -> Result<Weekday, String> {
    name.trim()
        .parse::<Weekday>()
        .map_err(|_| format!("[business_hours] days: {name:?} is not a weekday such as \"mon\""))
}

fn time(text: &str, key: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| format!("[business_hours] {key} = {text:?} is not a time like \"09:00\""))
}

fn target_value(metric: &str, v: &toml::Value) -> Result<f64, String> {
    if !crate::model::metric_keys::total_keys().any(|k| k == metric) {
        let all: Vec<&str> = crate::model::metric_keys::total_keys().collect();
        return Err(format!(
            "[targets] {metric:?} is not a metric; use one of {}",
            all.join(", ")
        ));
    }
    match v {
        toml::Value::Integer(i) => Ok(*i as f64),
        toml::Value::Float(f) => Ok(*f),
        other => Err(format!("[targets] {metric} = {other} is not a number")),
    }
}

impl Settings {
    /// Validates the analytics parts of `raw` (taking them out of it).
    pub fn from_raw(
        raw: &mut crate::config::file::RawConfig,
        report_tz: Tz,
    ) -> Result<Settings, String> {
        let sla = std::mem::take(&mut raw.sla);
        let hours = raw.business_hours.take();
        let contact = std::mem::take(&mut raw.contact);
        let attribution = std::mem::take(&mut raw.attribution);
        let report = std::mem::take(&mut raw.report);
        let acceptance = std::mem::take(&mut raw.acceptance);
        let targets = std::mem::take(&mut raw.targets);
        if sla.hours.is_nan() || sla.hours <= 0.0 || sla.dropped_after_days <= 0 {
            return Err("[sla] hours and dropped_after_days must be positive".into());
        }
        if !(1..=12).contains(&report.fiscal_year_start) {
            return Err("[report] fiscal_year_start must be a month number from 1 to 12".into());
        }
        let business_hours = match hours {
            None => None,
            Some(h) => {
                let tz = match &h.timezone {
                    Some(n) => n.parse::<Tz>().map_err(|_| {
                        format!("[business_hours] timezone {n:?} is not an IANA zone")
                    })?,
                    None => report_tz,
                };
                let start = time(&h.start, "start")?;
                let end = time(&h.end, "end")?;
                if end <= start {
                    return Err("[business_hours] end must be after start".into());
                }
                let holidays = h
                    .holidays
                    .iter()
                    .map(|d| {
                        NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                            format!("[business_hours] holiday {d:?} is not YYYY-MM-DD")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let days = h
                    .days
                    .iter()
                    .map(|d| weekday(d))
                    .collect::<Result<Vec<_>, _>>()?;
                Some(BusinessHours {
                    days,
                    start,
                    end,
                    tz,
                    holidays,
                })
            }
        };
        let mut flat = BTreeMap::new();
        let mut months = BTreeMap::new();
        for (key, v) in &targets {
            if let toml::Value::Table(t) = v {
                let m = Month::parse(key)
                    .ok_or_else(|| format!("[targets.{key:?}] is not a month YYYY-MM"))?;
                let mut per = BTreeMap::new();
                for (metric, value) in t {
                    per.insert(metric.clone(), target_value(metric, value)?);
                }
                months.insert(m, per);
            } else {
                flat.insert(key.clone(), target_value(key, v)?);
            }
        }
        let lower = |v: Vec<String>| {
            v.into_iter()
                .map(|s| crate::model::keys::stage_key(&s))
                .collect()
        };
        Ok(Settings {
            sla_hours: sla.hours,
            dropped_after_days: sla.dropped_after_days,
            business_hours,
            max_touches_per_7_days: contact.max_touches_per_7_days,
            lookback_days: attribution.lookback_days,
            min_events: report.min_events,
            fiscal_year_start: report.fiscal_year_start,
            cohort_window_months: report.cohort_window_months,
            rejected_statuses: lower(acceptance.rejected),
            recycled_statuses: lower(acceptance.recycled),
            targets: flat,
            month_targets: months,
            show_people: raw.show_people,
        })
    }

    /// The target for `metric` in `month`, if any.
    pub fn target(&self, month: Month, metric: &str) -> Option<f64> {
        self.month_targets
            .get(&month)
            .and_then(|t| t.get(metric))
            .or_else(|| self.targets.get(metric))
            .copied()
    }
}
