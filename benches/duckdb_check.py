"""DuckDB comparison for the benchmark: computes the spec's monthly totals and by-channel figures
from the canonical benchmark files (UTC, as baton's default), times itself, and checks that its
numbers agree with baton's metrics.json. Usage: duckdb_check.py DATA_DIR BATON_OUT_DIR"""
import json
import os
import sys
import time

import duckdb

data, out = sys.argv[1], sys.argv[2]
t0 = time.time()
con = duckdb.connect()
con.execute("SET TimeZone='UTC'")
leads = f"read_csv('{data}/leads.csv', header=true, all_varchar=true)"
opps = f"read_csv('{data}/opportunities.csv', header=true, all_varchar=true)"
spend = f"read_csv('{data}/spend.csv', header=true, all_varchar=true)"
month = lambda col: f"strftime(CAST({col} AS TIMESTAMPTZ), '%Y-%m')"
q = {
    "leads": f"SELECT {month('created_at')} m, count(*) FROM {leads} GROUP BY 1",
    "mqls": f"SELECT {month('mql_at')} m, count(*) FROM {leads} WHERE mql_at IS NOT NULL AND mql_at <> '' GROUP BY 1",
    "sqls": f"SELECT {month('sql_at')} m, count(*) FROM {leads} WHERE sql_at IS NOT NULL AND sql_at <> '' GROUP BY 1",
    "opportunities": f"SELECT {month('created_at')} m, count(*) FROM {opps} GROUP BY 1",
    "won": f"SELECT substr(close_date, 1, 7) m, count(*) FROM {opps} WHERE is_won = 'true' GROUP BY 1",
    "revenue_won": f"SELECT substr(close_date, 1, 7) m, round(sum(CAST(amount AS DECIMAL(18,2))), 2) FROM {opps} WHERE is_won = 'true' GROUP BY 1",
    "spend": f"SELECT substr(date, 1, 7) m, round(sum(CAST(cost AS DECIMAL(18,2))), 2) FROM {spend} GROUP BY 1",
}
results = {k: dict(con.execute(v).fetchall()) for k, v in q.items()}
by_channel = dict(((m, c), n) for m, c, n in con.execute(
    f"SELECT {month('created_at')}, channel, count(*) FROM {leads} GROUP BY 1, 2").fetchall())
elapsed = time.time() - t0
mismatches = 0
checked = 0
for m in sorted(results["leads"]):
    path = os.path.join(out, m, "metrics.json")
    if not os.path.exists(path):
        continue
    t = json.load(open(path))
    for k, values in results.items():
        want = float(values.get(m, 0) or 0)
        got = float(t["totals"][k] or 0)
        checked += 1
        if abs(want - got) > 0.005:
            mismatches += 1
            print(f"MISMATCH {m} {k}: duckdb {want} baton {got}", file=sys.stderr)
    for row in t["by_channel"]:
        want = float(by_channel.get((m, row["channel"]), 0))
        checked += 1
        if abs(want - row["leads"]) > 0:
            mismatches += 1
            print(f"MISMATCH {m} {row['channel']} leads: duckdb {want} baton {row['leads']}", file=sys.stderr)
print(json.dumps({"seconds": round(elapsed, 3), "checked": checked, "mismatches": mismatches}))
sys.exit(1 if mismatches else 0)
