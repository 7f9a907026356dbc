"""DuckDB comparison for the benchmark: computes the spec's monthly totals and every by-channel
figure (funnel-model.md, sections 4 and 5) from the canonical benchmark files (UTC, as baton's
default), times itself, and checks that its numbers agree with baton's metrics.json.

Written as a DuckDB user would: each file read once into a table, opportunities given the channel
of the lead they join to (by lead_id: every benchmark opportunity has one), then one grouping of
every figure by month and channel; the totals are the sums over the channels.
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


def csv(data, name):
    return f"read_csv('{data}/{name}.csv', header=true, all_varchar=true)"


def month(col):
    return f"strftime(CAST({col} AS TIMESTAMPTZ), '%Y-%m')"


def by_month_and_channel(con, data):
    """{(month, channel): {figure: value}} for every figure of FIGURES."""
    con.execute(f"""CREATE TEMP TABLE leads AS SELECT lead_id,
      coalesce(nullif(trim(channel), ''), '(none)') AS channel,
      {month('created_at')} AS lm,
      CASE WHEN coalesce(mql_at, '') <> '' THEN {month('mql_at')} END AS mm,
      CASE WHEN coalesce(sql_at, '') <> '' THEN {month('sql_at')} END AS sm
      FROM {csv(data, 'leads')}""")
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


def check(cells, out):
    """How many numbers were compared with baton's metrics.json, and how many differ."""
    totals = {}
    for (m, _), figures in cells.items():
        t = totals.setdefault(m, dict.fromkeys(FIGURES, 0.0))
        for f, v in figures.items():
            t[f] += v
    checked = mismatches = 0

    def compare(where, want, got):
        nonlocal checked, mismatches
        checked += 1
        if abs(want - float(got or 0)) > 0.005:
            mismatches += 1
            print(f"MISMATCH {where}: duckdb {want} baton {got}", file=sys.stderr)

    for m in sorted(totals):
        path = os.path.join(out, m, "metrics.json")
        if not os.path.exists(path):
            continue
        t = json.load(open(path))
        for f in FIGURES:
            compare(f"{m} {f}", totals[m][f], t["totals"][f])
        won, lost = totals[m]["won"], totals[m]["lost"]
        if won + lost:
            checked += 1
            if abs(won / (won + lost) - t["totals"]["win_rate"]) > 0.00005:
                mismatches += 1
                print(f"MISMATCH {m} win_rate: duckdb {won / (won + lost)} baton "
                      f"{t['totals']['win_rate']}", file=sys.stderr)
        shown = {row["channel"]: row for row in t["by_channel"]}
        for (cm, channel), figures in cells.items():
            if cm != m:
                continue
            row = shown.get(channel, {})
            for f in FIGURES:
                compare(f"{m} {channel} {f}", figures[f], row.get(f))
    return checked, mismatches


def main():
    data, out = sys.argv[1], sys.argv[2]
    old = "--old" in sys.argv[3:]
    t0 = time.time()
    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    if old:
        old_script(con, data)
        cells = {}
    else:
        cells = by_month_and_channel(con, data)
    elapsed = time.time() - t0
    checked, mismatches = check(cells, out)
    if not old and checked == 0:
        print(f"no month of {out} to check", file=sys.stderr)
        mismatches = 1
    print(json.dumps({"seconds": round(elapsed, 3), "checked": checked,
                      "mismatches": mismatches}))
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
