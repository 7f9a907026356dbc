"""DuckDB comparison for the benchmark: computes, from the canonical benchmark files (UTC, as
baton's default; the default settings: a 24-hour SLA, a 14-day window for dropped batons, at most
8 touches in 7 days), every figure below of every month, times itself, and checks each number
against baton's metrics.json (funnel-model.md, sections 3 to 5; docs/metrics.md):

- the monthly totals and every by-channel figure: leads, MQLs, SQLs, opportunities, pipeline
  created, won, lost, revenue won, spend, and the win rate;
- speed to lead (`speed_to_lead`): for the MQLs of the month, the hours from `mql_at` to the
  lead's first sales touch at or after it by the month's end, else to its `sql_at` (when that is
  at or after `mql_at` and by the month's end); the MQLs, those answered, answered within the
  SLA and not yet due, the median and p90 hours (linear interpolation between closest ranks:
  DuckDB's `quantile_cont`), the share within the SLA (of the answered and the unanswered whose
  SLA has run out) and the count in each bucket of the waiting-time distribution;
- dropped batons (`dropped_batons`): the MQLs of the month with no sales touch and no `sql_at`
  within 14 days of `mql_at`, counted once those 14 days have passed by the month's end; the
  MQLs whose window has not passed (`pending`) and, of those, the unanswered; the count by owner
  and by channel, and the number of dropped leads listed;
- per owner (`owners`): MQLs, median speed to lead and dropped batons;
- over-contact (`over_contact`): the people with more than 8 touches (both teams together) in
  some 168 hours ending in the month, the most touches of the most touched (the listed people's
  counts), and the people touched by marketing and sales on the same (UTC) day of the month;
- the touches matched to a lead and those matched to none (`joins`, over all the data).

Touches find their lead by `lead_id`, else by email (trimmed and lower-cased on both sides; a
lead's email that cannot be an address is absent); unmatched touches are not used. The script
assumes what the benchmark generator writes: one row per lead id and per email (no duplicates to
merge), canonical channel names, times in whole seconds.

Written as a DuckDB user would: each file read once into a table (touches joined to their lead
as they are loaded), then one grouping per family of figures. Prints {"seconds": from the
connection to the last result, "checked": numbers compared, "mismatches": ...} and exits 1 when
a number differs (each difference named on stderr with its month and figure).
Usage: duckdb_check.py DATA_DIR BATON_OUT_DIR [--old]

`--old` times the script used until round 12 instead (each query reading its file again, and
only leads by channel), for comparison with the figures measured before; see
benches/history/performance-rounds.md."""
import json
import os
import sys
import time

import duckdb

FIGURES = ["leads", "mqls", "sqls", "opportunities", "pipeline_created", "won", "lost",
           "revenue_won", "spend"]

# baton's defaults (docs/config.md): the benchmark data has no baton.toml.
SLA_HOURS = 24.0
WINDOW_DAYS = 14
MAX_TOUCHES = 8
# Where the waiting-time buckets break (docs/metrics.md): 1, 4, 24 and 72 hours and the SLA.
BREAKS = sorted({1.0, 4.0, 24.0, 72.0, SLA_HOURS})
LISTED = 20  # over-contact lists the 20 most-touched people


def csv(data, name, times=()):
    """A file read as text, but for the columns `times` read as timestamps (parsed by the
    reader: faster than a cast)."""
    types = ", ".join(f"'{c}': 'TIMESTAMPTZ'" for c in times)
    return (f"read_csv('{data}/{name}.csv', header=true, all_varchar=true"
            + (f", types={{{types}}})" if times else ")"))


def month(col):
    return f"strftime(CAST({col} AS TIMESTAMPTZ), '%Y-%m')"


def seconds(col):
    """A timestamp column as whole seconds since 1970 (the fraction dropped)."""
    return f"CAST(floor(epoch({col})) AS BIGINT)"


def load(con, data):
    """Reads the four files once each into tables: leads (with the keys touches find them by),
    deals (with their lead's channel), spend, and touches (each with the lead it names, NULL
    when it names none); returns the touches matched and unmatched."""
    # A normalised email: trimmed, lower-cased, and absent unless it can be an address (one @,
    # a local part, a domain of non-empty dotted labels, no white space).
    email = "lower(trim(email))"
    valid = r"'[^@\s,;]+@[^@\s,;.]+(\.[^@\s,;.]+)+'"
    con.execute(f"""CREATE TEMP TABLE leads AS SELECT lead_id,
      CASE WHEN regexp_full_match({email}, {valid}) THEN {email} END AS email,
      coalesce(nullif(trim(channel), ''), '(none)') AS channel,
      coalesce(nullif(trim(owner), ''), '(no owner)') AS owner,
      strftime(created_at, '%Y-%m') AS lm, strftime(mql_at, '%Y-%m') AS mm,
      strftime(sql_at, '%Y-%m') AS sm, {seconds('mql_at')} AS mql, {seconds('sql_at')} AS sql
      FROM {csv(data, 'leads', ['created_at', 'mql_at', 'sql_at'])}""")
    con.execute(f"""CREATE TEMP TABLE deals AS SELECT
      {month('o.created_at')} AS om, substr(o.close_date, 1, 7) AS cm,
      o.is_won = 'true' AS won, o.is_closed = 'true' AS closed,
      CAST(o.amount AS DECIMAL(18,2)) AS amount,
      coalesce(l.channel, '(unattributed)') AS channel
      FROM {csv(data, 'opportunities')} o LEFT JOIN leads l USING (lead_id)""")
    con.execute(f"""CREATE TEMP TABLE spend AS SELECT substr(date, 1, 7) AS m,
      coalesce(nullif(trim(channel), ''), '(none)') AS channel,
      CAST(cost AS DECIMAL(18,2)) AS cost
      FROM {csv(data, 'spend')}""")
    # A touch's lead: the one its lead_id names, else the one with its email (normalised only
    # for the touches whose id names no lead).
    con.execute(f"""CREATE TEMP TABLE touches AS
      WITH t AS (
        SELECT nullif(trim(lead_id), '') AS id, email, lower(trim(team)) AS team,
               {seconds('"at"')} AS at_s
        FROM {csv(data, 'touches', ['at'])})
      SELECT coalesce(by_id.lead_id, by_email.lead_id) AS lead, t.at_s, t.team = 'sales' AS sales
      FROM t LEFT JOIN leads by_id ON by_id.lead_id = t.id
      LEFT JOIN leads by_email ON by_email.email =
        CASE WHEN by_id.lead_id IS NULL THEN nullif(lower(trim(t.email)), '') END
      WHERE t.team IN ('marketing', 'sales') AND t.at_s IS NOT NULL""")
    # Touches that name no lead (`lead` NULL) are counted, not used.
    return dict(zip(["touches_matched", "touches_unmatched"], con.execute(
        "SELECT count(lead), count(*) - count(lead) FROM touches").fetchone()))


def by_month_and_channel(con):
    """{(month, channel): {figure: value}} for every figure of FIGURES."""
    zero = "0::DECIMAL(18,2)"
    rows = con.execute(f"""
      WITH f AS (
        SELECT lm AS m, channel, 1 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities,
               {zero} AS pipeline_created, 0 AS won, 0 AS lost, {zero} AS revenue_won,
               {zero} AS spend FROM leads
        UNION ALL SELECT mm, channel, 0, 1, 0, 0, 0, 0, 0, 0, 0 FROM leads WHERE mm IS NOT NULL
        UNION ALL SELECT sm, channel, 0, 0, 1, 0, 0, 0, 0, 0, 0 FROM leads WHERE sm IS NOT NULL
        UNION ALL SELECT om, channel, 0, 0, 0, 1, amount, 0, 0, 0, 0 FROM deals
        UNION ALL SELECT cm, channel, 0, 0, 0, 0, 0, 1, 0, amount, 0 FROM deals WHERE won
        UNION ALL SELECT cm, channel, 0, 0, 0, 0, 0, 0, 1, 0, 0 FROM deals
          WHERE closed AND NOT won
        UNION ALL SELECT m, channel, 0, 0, 0, 0, 0, 0, 0, 0, cost FROM spend
      )
      SELECT m, channel, {", ".join(f"sum({f})" for f in FIGURES)}
      FROM f WHERE m IS NOT NULL GROUP BY m, channel""").fetchall()
    return {(r[0], r[1]): dict(zip(FIGURES, (float(v) for v in r[2:]))) for r in rows}


def handoff(con):
    """Speed to lead, dropped batons and the owners' share of both, by month of `mql_at`:
    {month: {"speed": {...}, "dropped": {...}, "owners": {owner: {...}}}}."""
    window = WINDOW_DAYS * 86_400
    # Each MQL, as of the end of its month: the hours until sales answered (NULL when not by
    # then), whether the SLA had run out by then, whether the dropped-baton window had passed
    # and whether sales answered within it.
    con.execute(f"""CREATE TEMP TABLE mqls AS
      WITH q AS (
        SELECT lead_id, owner, channel, mm AS m, mql, sql,
               CAST(epoch(date_trunc('month', to_timestamp(mql)) + INTERVAL 1 MONTH) AS BIGINT)
                 - 1 AS as_of
        FROM leads WHERE mql IS NOT NULL),
      s AS (
        SELECT q.lead_id, min(t.at_s) FILTER (WHERE t.at_s <= q.as_of) AS first_touch,
               bool_or(t.at_s <= q.mql + {window}) AS touched_in_window
        FROM q JOIN touches t ON t.lead = q.lead_id AND t.sales AND t.at_s >= q.mql
        GROUP BY q.lead_id)
      SELECT q.m, q.owner, q.channel,
             (coalesce(s.first_touch, CASE WHEN q.sql BETWEEN q.mql AND q.as_of THEN q.sql END)
               - q.mql) / 3600.0 AS h,
             (q.as_of - q.mql) / 3600.0 > {SLA_HOURS} AS sla_over,
             q.mql + {window} <= q.as_of AS window_passed,
             coalesce(s.touched_in_window, false)
               OR coalesce(q.sql BETWEEN q.mql AND q.mql + {window}, false) AS answered_in_window
      FROM q LEFT JOIN s USING (lead_id)""")
    # Bucket i holds the waits above break i-1 up to break i; the last, the waits above all.
    bounds = [None] + BREAKS + [None]
    buckets = []
    for lo, hi in zip(bounds, bounds[1:]):
        cond = " AND ".join(c for c in [lo is not None and f"h > {lo}",
                                         hi is not None and f"h <= {hi}"] if c)
        buckets.append(f"count(*) FILTER (WHERE {cond})")
    buckets += ["count(*) FILTER (WHERE h IS NULL AND sla_over)",
                "count(*) FILTER (WHERE h IS NULL AND NOT sla_over)"]
    dropped = "window_passed AND NOT answered_in_window"
    out = {}
    for r in con.execute(f"""SELECT m, count(*), count(h),
        count(*) FILTER (WHERE h IS NULL AND NOT sla_over),
        count(*) FILTER (WHERE h <= {SLA_HOURS}),
        count(*) FILTER (WHERE h IS NOT NULL OR sla_over),
        quantile_cont(h, 0.5), quantile_cont(h, 0.9),
        count(*) FILTER (WHERE {dropped}),
        count(*) FILTER (WHERE NOT window_passed),
        count(*) FILTER (WHERE NOT window_passed AND h IS NULL),
        {", ".join(buckets)}
        FROM mqls GROUP BY m""").fetchall():
        (m, n, responded, pending, within, judged, median, p90,
         n_dropped, dropped_pending, unanswered) = r[:11]
        out[m] = {
            "speed": {"mqls": n, "responded": responded, "pending": pending,
                      "within_sla": within, "median_hours": median, "p90_hours": p90,
                      "within_sla_share": within / judged if judged else None,
                      "distribution": list(r[11:])},
            "dropped": {"count": n_dropped, "pending": dropped_pending,
                        "unanswered_in_window": unanswered, "by_owner": {}, "by_channel": {}},
            "owners": {},
        }
    for by in ["owner", "channel"]:
        for m, name, n in con.execute(f"""SELECT m, {by}, count(*) FROM mqls
            WHERE {dropped} GROUP BY m, {by}""").fetchall():
            out[m]["dropped"][f"by_{by}"][name] = n
    for m, owner, n, median, n_dropped in con.execute(f"""SELECT m, owner, count(*),
        quantile_cont(h, 0.5), count(*) FILTER (WHERE {dropped})
        FROM mqls GROUP BY m, owner""").fetchall():
        out[m]["owners"][owner] = {"mqls": n, "speed_to_lead_median_hours": median,
                                   "dropped_batons": n_dropped}
    return out


def over_contact(con):
    """{month: {"over_limit", "both_teams_same_day", "most": [most touches in 7 days of each
    person over the limit, largest first]}}."""
    week = 7 * 86_400
    out = {}

    def cell(m):
        return out.setdefault(m, {"over_limit": 0, "both_teams_same_day": 0, "most": []})

    # Only a person with more touches than the limit in all can have more in 7 days. A window
    # is 168 hours ending at an instant of the month, the touches at its first instant excluded
    # (the spec: "in any rolling 7 days ending in M"). The fullest window ending in a month ends
    # at one of its touches, or at its first instant (the touches of the 168 hours before it:
    # a touch counts there for the month that starts within 168 hours of it).
    for m, n, most in con.execute(f"""
        WITH busy AS (SELECT lead FROM touches WHERE lead IS NOT NULL GROUP BY lead
                      HAVING count(*) > {MAX_TOUCHES}),
        mine AS (SELECT lead, at_s FROM touches SEMI JOIN busy USING (lead)),
        at_touch AS (
          SELECT strftime(to_timestamp(at_s), '%Y-%m') AS m, lead,
                 count(*) OVER (PARTITION BY lead ORDER BY at_s
                   RANGE BETWEEN {week - 1} PRECEDING AND CURRENT ROW) AS n
          FROM mine),
        at_start AS (
          SELECT strftime(s, '%Y-%m') AS m, lead, count(*) AS n
          FROM (SELECT lead, at_s, date_trunc('month', to_timestamp(at_s + {week - 1})) AS s
                FROM mine)
          WHERE epoch(s) >= at_s GROUP BY ALL),
        per AS (SELECT m, lead, max(n) AS n
                FROM (FROM at_touch UNION ALL BY NAME FROM at_start)
                WHERE n > {MAX_TOUCHES} GROUP BY ALL)
        SELECT m, count(*), list(n ORDER BY n DESC) FROM per GROUP BY m""").fetchall():
        c = cell(m)
        c["over_limit"], c["most"] = n, most[:LISTED]
    for m, n in con.execute("""
        WITH days AS (SELECT lead, at_s // 86400 AS day FROM touches WHERE lead IS NOT NULL
                      GROUP BY lead, day
                      HAVING bool_or(sales) AND bool_or(NOT sales))
        SELECT strftime(DATE '1970-01-01' + CAST(day AS INTEGER), '%Y-%m'), count(DISTINCT lead)
        FROM days GROUP BY 1""").fetchall():
        cell(m)["both_teams_same_day"] = n
    return out


def old_script(con, data):
    """The script before round 12: seven totals and leads by channel, each query reading its
    file again. Returns nothing to check (its figures are a subset of the new ones)."""
    leads, opps, spend = csv(data, "leads"), csv(data, "opportunities"), csv(data, "spend")
    for q in [
        f"SELECT {month('created_at')} m, count(*) FROM {leads} GROUP BY 1",
        f"SELECT {month('mql_at')} m, count(*) FROM {leads} WHERE mql_at IS NOT NULL AND mql_at <> '' GROUP BY 1",
        f"SELECT {month('sql_at')} m, count(*) FROM {leads} WHERE sql_at IS NOT NULL AND sql_at <> '' GROUP BY 1",
        f"SELECT {month('created_at')} m, count(*) FROM {opps} GROUP BY 1",
        f"SELECT substr(close_date, 1, 7) m, count(*) FROM {opps} WHERE is_won = 'true' GROUP BY 1",
        f"SELECT substr(close_date, 1, 7) m, round(sum(CAST(amount AS DECIMAL(18,2))), 2) FROM {opps} WHERE is_won = 'true' GROUP BY 1",
        f"SELECT substr(date, 1, 7) m, round(sum(CAST(cost AS DECIMAL(18,2))), 2) FROM {spend} GROUP BY 1",
        f"SELECT {month('created_at')}, channel, count(*) FROM {leads} GROUP BY 1, 2",
    ]:
        con.execute(q).fetchall()


class Checker:
    """Compares DuckDB's numbers with baton's, counting both the numbers and the differences."""

    def __init__(self):
        self.checked = self.mismatches = 0

    def differs(self, where, want, got):
        self.mismatches += 1
        print(f"MISMATCH {where}: duckdb {want} baton {got}", file=sys.stderr)

    def exact(self, where, want, got):
        """Counts (and money, to the cent)."""
        self.checked += 1
        if got is None or abs(float(want) - float(got)) > 0.005:
            self.differs(where, want, got)

    def rounded(self, where, want, got, decimals):
        """A figure baton rounds (hours and days to 2 decimals, shares to 4): `got` must be
        `want` rounded, either way at an exact half; both null when there is none."""
        self.checked += 1
        if want is None or got is None:
            if want is not None or got is not None:
                self.differs(where, want, got)
            return
        unit = 10.0 ** -decimals
        on_grid = abs(got / unit - round(got / unit)) < 1e-6
        if not on_grid or abs(want - got) > unit / 2 + 1e-9:
            self.differs(where, want, got)

    def counts(self, where, want, got):
        """Two {name: count} maps, a missing name counting 0."""
        for name in sorted(set(want) | set(got)):
            self.exact(f"{where} {name}", want.get(name, 0), got.get(name, 0))


def check_totals(c, m, cells, t):
    """The monthly totals (summed over the channels), the win rate and the by-channel rows."""
    totals = dict.fromkeys(FIGURES, 0.0)
    for (cm, _), figures in cells.items():
        if cm == m:
            for f, v in figures.items():
                totals[f] += v
    for f in FIGURES:
        c.exact(f"{m} {f}", totals[f], t["totals"][f])
    won, lost = totals["won"], totals["lost"]
    c.rounded(f"{m} win_rate", won / (won + lost) if won + lost else None,
              t["totals"]["win_rate"], 4)
    shown = {row["channel"]: row for row in t["by_channel"]}
    for (cm, channel), figures in cells.items():
        if cm == m:
            row = shown.get(channel, {})
            for f in FIGURES:
                c.exact(f"{m} {channel} {f}", figures[f], row.get(f))


NO_MQLS = {"speed": {"mqls": 0, "responded": 0, "pending": 0, "within_sla": 0,
                     "median_hours": None, "p90_hours": None, "within_sla_share": None,
                     "distribution": []},
           "dropped": {"count": 0, "pending": 0, "unanswered_in_window": 0, "by_owner": {},
                       "by_channel": {}},
           "owners": {}}


def check_handoff(c, m, h, t):
    """Speed to lead, dropped batons and the owners' columns for them."""
    s, got = h["speed"], t["speed_to_lead"]
    for f in ["mqls", "responded", "pending", "within_sla"]:
        c.exact(f"{m} speed_to_lead.{f}", s[f], got[f])
    for f in ["median_hours", "p90_hours"]:
        c.rounded(f"{m} speed_to_lead.{f}", s[f], got[f], 2)
    c.rounded(f"{m} speed_to_lead.within_sla_share", s["within_sla_share"],
              got["within_sla_share"], 4)
    shown = [b["count"] for b in got["distribution"]]
    if len(shown) != len(s["distribution"]):
        c.checked += 1
        c.differs(f"{m} speed_to_lead.distribution (buckets)", s["distribution"], shown)
    else:
        for want, b in zip(s["distribution"], got["distribution"]):
            c.exact(f"{m} speed_to_lead.distribution[{b['label']}]", want, b["count"])
    d, got = h["dropped"], t["dropped_batons"]
    for f in ["count", "pending", "unanswered_in_window"]:
        c.exact(f"{m} dropped_batons.{f}", d[f], got[f])
    c.exact(f"{m} dropped_batons.leads (listed)", d["count"], len(got["leads"]))
    for by in ["by_owner", "by_channel"]:
        c.counts(f"{m} dropped_batons.{by}", d[by],
                 {row["name"]: row["count"] for row in got[by]})
    owners = {row["owner"]: row for row in t["owners"]}
    for owner in sorted(set(h["owners"]) | set(owners)):
        want = h["owners"].get(owner, {"mqls": 0, "speed_to_lead_median_hours": None,
                                       "dropped_batons": 0})
        row = owners.get(owner, {})
        c.exact(f"{m} owners[{owner}].mqls", want["mqls"], row.get("mqls"))
        c.rounded(f"{m} owners[{owner}].speed_to_lead_median_hours",
                  want["speed_to_lead_median_hours"], row.get("speed_to_lead_median_hours"), 2)
        c.exact(f"{m} owners[{owner}].dropped_batons", want["dropped_batons"],
                row.get("dropped_batons"))


def check_over_contact(c, m, o, t):
    """People over the limit, the listed people's counts, people touched by both teams."""
    got = t["over_contact"]
    for f in ["over_limit", "both_teams_same_day"]:
        c.exact(f"{m} over_contact.{f}", o[f], got[f])
    shown = [n for _, n in got["people"]]
    if len(shown) != len(o["most"]):
        c.checked += 1
        c.differs(f"{m} over_contact.people (listed)", o["most"], shown)
    else:
        for i, (want, n) in enumerate(zip(o["most"], shown)):
            c.exact(f"{m} over_contact.people[{i}]", want, n)


def check_joins(c, joins, t):
    """The touches matched to a lead and those not (over all the data: one month's file)."""
    for f, n in joins.items():
        c.exact(f"joins.{f}", n, t["joins"][f])


def check(cells, handoffs, contacts, joins, out):
    """Compares every figure of every month that baton reported (a month with MQLs must have
    a report); returns the Checker (numbers compared, differences)."""
    c = Checker()
    months = {m for m, _ in cells} | set(handoffs)
    reported = {m for m in months if os.path.exists(os.path.join(out, m, "metrics.json"))}
    for m in sorted(set(handoffs) - reported):
        c.checked += 1
        c.differs(f"{m} report", f"{handoffs[m]['speed']['mqls']} MQLs", "no metrics.json")
    for m in sorted(reported):
        t = json.load(open(os.path.join(out, m, "metrics.json")))
        if (t["speed_to_lead"]["sla_hours"], t["dropped_batons"]["window_days"],
                t["over_contact"]["limit"]) != (SLA_HOURS, WINDOW_DAYS, MAX_TOUCHES):
            c.checked += 1
            c.differs(f"{m} settings (SLA hours, window days, touch limit)",
                      (SLA_HOURS, WINDOW_DAYS, MAX_TOUCHES),
                      (t["speed_to_lead"]["sla_hours"], t["dropped_batons"]["window_days"],
                       t["over_contact"]["limit"]))
        if m == min(reported):  # the same in every month's file
            check_joins(c, joins, t)
        check_totals(c, m, cells, t)
        check_handoff(c, m, handoffs.get(m, NO_MQLS), t)
        check_over_contact(c, m, contacts.get(m, {"over_limit": 0, "both_teams_same_day": 0,
                                                   "most": []}), t)
    return c


def main():
    data, out = sys.argv[1], sys.argv[2]
    old = "--old" in sys.argv[3:]
    t0 = time.time()
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    if old:
        old_script(con, data)
    else:
        joins = load(con, data)
        cells, handoffs, contacts = by_month_and_channel(con), handoff(con), over_contact(con)
    elapsed = time.time() - t0
    if old:
        print(json.dumps({"seconds": round(elapsed, 3), "checked": 0, "mismatches": 0}))
        return
    c = check(cells, handoffs, contacts, joins, out)
    if c.checked == 0:
        print(f"no month of {out} to check", file=sys.stderr)
        c.mismatches = 1
    print(json.dumps({"seconds": round(elapsed, 3), "checked": c.checked,
                      "mismatches": c.mismatches}))
    sys.exit(1 if c.mismatches else 0)


if __name__ == "__main__":
    main()
