//! Small-number flags, targets, changes and number formats on the sample's pages (issue 25): the
//! real binary over `sample-data/`, its metrics.json against its HTML.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// Every element of the page that carries the small-number mark `†`: (its `data-flag`, the
/// place of its rate in metrics.json's `small_numbers`, if any; the whole tag).
fn marks(page: &str) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(i) = rest.find('†') {
        let before = &rest[..i];
        let open = before.rfind('<').expect("a mark inside an element");
        let tag_end = open + before[open..].find('>').expect("a whole tag");
        let tag = &before[open..=tag_end];
        let flag = tag.split("data-flag=\"").nth(1).map(|v| {
            let end = v.find('"').expect("a quoted attribute");
            v[..end].parse().expect("a number")
        });
        out.push((flag, tag.to_string()));
        rest = &rest[i + '†'.len_utf8()..];
    }
    out
}

/// The mark of `metric` as the page writes it (up to its title).
fn mark_of(m: &Value, metric: &str) -> String {
    let n = m["small_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["metric"] == metric)
        .unwrap_or_else(|| panic!("{metric} is not flagged"));
    format!("<sup class=\"small-n\" data-flag=\"{n}\" title=")
}

fn flagged(m: &Value) -> BTreeSet<String> {
    m["small_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["metric"].as_str().unwrap().to_string())
        .collect()
}

/// The count the glossary states: `… ; 39 are marked this month.`
fn glossary_count(page: &str) -> usize {
    let g = &page[page.find("id=\"h-glossary\"").expect("a glossary")..];
    let at = g.find(" marked this month").expect("the count of marks");
    let words: Vec<&str> = g[..at].split_whitespace().collect();
    words[words.len() - 2].parse().expect("a number")
}

/// The table row (`<tr>…</tr>`) whose header cell is `name`, in the section `section` (its
/// heading id).
fn row<'a>(page: &'a str, section: &str, name: &str) -> &'a str {
    let s = &page[page.find(&format!("id=\"{section}\"")).expect(section)..];
    let s = &s[..s.find("</section>").unwrap()];
    let at = s
        .find(&format!("<th scope=\"row\">{name}</th>"))
        .unwrap_or_else(|| panic!("{section}: no row {name}"));
    let start = s[..at].rfind("<tr").unwrap();
    let end = at + s[at..].find("</tr>").unwrap();
    &s[start..end]
}

#[test]
fn the_page_marks_exactly_the_flagged_rates_and_the_glossary_counts_them() {
    let out = build(&sample(), &[]);
    for month in months_of(out.path()) {
        let m = metrics(out.path(), &month);
        let page = std::fs::read_to_string(out.path().join(&month).join("index.html")).unwrap();
        let json = flagged(&m);
        let list = m["small_numbers"].as_array().unwrap();
        let mut on_page = BTreeSet::new();
        for (flag, tag) in marks(&page) {
            match flag {
                Some(n) => {
                    let s = &list[n];
                    let title = format!("title=\"Over {} ", s["events"]);
                    assert!(tag.contains(&title), "{month}: {tag} for {s}");
                    on_page.insert(s["metric"].as_str().unwrap().to_string());
                }
                // The legends show the mark alone, naming no rate.
                None => assert!(
                    tag.starts_with("<span class=\"small-n\">"),
                    "{month}: {tag}"
                ),
            }
        }
        assert_eq!(
            on_page, json,
            "{month}: marked on the page, flagged in metrics.json"
        );
        assert_eq!(
            glossary_count(&page),
            json.len(),
            "{month}: the glossary's count"
        );
        assert!(
            !page.contains("class=\"small-n\">*"),
            "{month}: * is for immature cohorts only"
        );
    }
}

#[test]
fn october_flags_every_small_rate_where_it_is_shown() {
    let out = build(&sample(), &[]);
    let m = metrics(out.path(), "2026-10");
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    let json = flagged(&m);
    let min = m["min_events"].as_u64().unwrap();
    assert_eq!(min, 20);
    // The headline marketing-sourced share rests on 12 won deals.
    assert!(json.contains("totals.marketing_sourced_share"));
    let tile = &page[page.find("Marketing-sourced revenue</span>").unwrap()..];
    assert!(
        tile[..tile.find("</li>").unwrap()].contains(&format!(
            "{}\"Over 12 won deals, fewer than 20: read with care\"",
            mark_of(&m, "totals.marketing_sourced_share")
        )),
        "the tile is marked"
    );
    // Every channel's win rate (none has 20 closed deals), in the channel table.
    for c in m["by_channel"].as_array().unwrap() {
        let name = c["channel"].as_str().unwrap();
        let closed = c["won"].as_u64().unwrap() + c["lost"].as_u64().unwrap();
        let key = format!("by_channel.{name}.win_rate");
        assert_eq!(json.contains(&key), closed > 0 && closed < min, "{key}");
        if json.contains(&key) {
            assert!(
                row(&page, "h-channels", name).contains(&mark_of(&m, &key)),
                "{key} marked in its row"
            );
        }
    }
    // Owners: each marked as metrics.json says, with no threshold of the template's own.
    for o in m["owners"].as_array().unwrap() {
        let name = o["owner"].as_str().unwrap();
        let key = format!("owners.{name}.win_rate");
        let closed = o["won"].as_u64().unwrap() + o["lost"].as_u64().unwrap();
        assert_eq!(json.contains(&key), closed > 0 && closed < min, "{key}");
        assert_eq!(
            row(&page, "h-owners", name).contains("data-flag="),
            json.contains(&key),
            "{key}"
        );
    }
    // The handoff's acceptance by channel, and the cohort rates of channels with few leads.
    for c in m["sales_acceptance"]["by_channel"].as_array().unwrap() {
        let key = format!(
            "sales_acceptance.by_channel.{}.acceptance_rate",
            c["channel"].as_str().unwrap()
        );
        let decided = c["accepted"].as_u64().unwrap() + c["rejected"].as_u64().unwrap();
        assert_eq!(json.contains(&key), decided > 0 && decided < min, "{key}");
    }
    for c in m["cohort_by_channel"].as_array().unwrap() {
        let name = c["channel"].as_str().unwrap();
        let leads = c["leads"].as_u64().unwrap();
        let key = format!("cohort_by_channel.{name}.mql_rate");
        assert_eq!(json.contains(&key), leads > 0 && leads < min, "{key}");
        let marked = row(&page, "h-cohort", name).matches("data-flag=").count();
        assert_eq!(marked, if json.contains(&key) { 4 } else { 0 }, "{name}");
    }
    // Each flag says what its events are.
    for s in m["small_numbers"].as_array().unwrap() {
        assert!(s["events"].as_u64().unwrap() < min, "{s}");
        assert!(!s["of"].as_str().unwrap().is_empty(), "{s}");
    }
}

#[test]
fn targets_say_the_metric_and_whether_it_was_beaten() {
    let out = build(&sample(), &[]);
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    // Leads 370 against 380; CAC $3,785 against $5,000 (lower is better).
    for (label, cells) in [
        (
            "Leads",
            "<td>380</td><td>370</td><td class=\"bad\">missed by 2.6%</td>",
        ),
        (
            "MQLs",
            "<td>110</td><td>121</td><td class=\"good\">beat by 10.0%</td>",
        ),
        (
            "Revenue won",
            "<td>$150,000</td><td>$179,500</td><td class=\"good\">beat by 19.7%</td>",
        ),
        (
            "CAC",
            "<td>$5,000</td><td>$3,785</td><td class=\"good\">beat by 24.3%</td>",
        ),
    ] {
        assert!(row(&page, "h-targets", label).contains(cells), "{label}");
    }
    assert!(!page.contains("revenue_won</th>"), "no raw keys");
}

#[test]
fn the_roas_tile_shows_the_change_metrics_json_states() {
    let out = build(&sample(), &[]);
    let m = metrics(out.path(), "2026-10");
    let t = &m["trends"]["roas"];
    assert_eq!(t["kind"], "difference");
    let change = t["change"].as_f64().unwrap();
    let year = t["change_year"].as_f64().unwrap();
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    let tile = &page[page.find("<span class=\"kpi-label\">ROAS</span>").unwrap()..];
    let tile = &tile[..tile.find("</li>").unwrap()];
    assert!(tile.contains(&format!("+{change:.2}×</span>")), "{tile}");
    assert!(
        tile.contains(&format!("+{year:.2}× on a year before")),
        "{tile}"
    );
    assert!(tile.contains("+2.17×"), "3.95× against 1.78×: {tile}");
}

#[test]
fn one_format_per_kind_of_number() {
    let out = build(&sample(), &[]);
    let m = metrics(out.path(), "2026-10");
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    // Hours and days with one decimal: Luis Ortega's 9 hours as 9.0 h beside 5.6 h.
    assert!(row(&page, "h-owners", "Luis Ortega").contains("<td>9.0 h</td>"));
    // Every element that holds a number of hours alone (a chart's bucket bounds, `up to 1 h`,
    // are labels, not figures).
    for (i, _) in page.match_indices(" h</") {
        let number: String = page[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if !page[..i - number.len()].ends_with('>') {
            continue;
        }
        assert!(
            number.chars().nth(1) == Some('.'),
            "hours with one decimal: {number:?}"
        );
    }
    assert!(row(&page, "h-handoff", "Opportunity to won").contains("<td>52.0</td>"));
    // Ratios with two decimals, in every table.
    assert!(!page.contains(">0×<") && !page.contains("3.1×"));
    // Paid Search's ROAS under the linear model, with two decimals: $50,065 credited over
    // $24,171.91 of spend is 2.0712.
    assert!(row(&page, "h-attribution", "Paid Search").contains("2.07×"));
    // No cost per lead where no spend is recorded: a dash, explained under the table.
    for c in m["by_channel"].as_array().unwrap() {
        let name = c["channel"].as_str().unwrap();
        let cells: Vec<&str> = row(&page, "h-channels", name)
            .split("<td>")
            .skip(1)
            .collect();
        let cost = cells[9].split('<').next().unwrap();
        if c["spend"].as_f64().unwrap() == 0.0 {
            assert_eq!(cost, "—", "{name}");
        } else {
            assert!(cost.starts_with('$'), "{name}: {cost}");
        }
    }
    assert!(page.contains("A dash under Cost / lead and ROAS: no marketing spend is recorded"));
}

#[test]
fn the_glossary_defines_only_what_the_page_shows() {
    let out = build(&sample(), &[]);
    let page = std::fs::read_to_string(out.path().join("2026-10/index.html")).unwrap();
    let g = &page[page.find("id=\"h-glossary\"").unwrap()..];
    let g = &g[..g.find("</section>").unwrap()];
    // The sample sets no target for these, and no tile or table shows them.
    for absent in ["Average deal size", "Sales cycle", "cost per MQL"] {
        assert!(!g.contains(absent), "{absent}");
    }
    for shown in [
        "Win rate",
        "CAC, ROAS",
        "Speed to lead",
        "Revenue per MQL",
        "Immature cohort",
        "Small numbers",
    ] {
        assert!(g.contains(shown), "{shown}");
    }
}
