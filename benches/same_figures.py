"""Checks that two reports give the same monthly totals and by-channel figures: the benchmark
builds one funnel from canonical files and from vendor exports (examples/shared/bigdata.rs).
Usage: same_figures.py OUT_A OUT_B; prints how many numbers were compared, exits 1 on any
difference."""
import json
import os
import sys

FIGURES = ["leads", "mqls", "sqls", "opportunities", "pipeline_created", "won", "lost",
           "revenue_won", "spend"]


def figures(out):
    """{(month, channel or 'total', figure): value} of every month's metrics.json."""
    cells = {}
    for month in sorted(os.listdir(out)):
        path = os.path.join(out, month, "metrics.json")
        if not month.startswith("20") or not os.path.exists(path):
            continue
        m = json.load(open(path))
        for f in FIGURES:
            cells[(month, "total", f)] = m["totals"][f]
        for row in m["by_channel"]:
            for f in FIGURES:
                cells[(month, row["channel"], f)] = row[f]
    return cells


a, b = figures(sys.argv[1]), figures(sys.argv[2])
differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
for k in differ[:20]:
    print(f"DIFFERENT {' '.join(k)}: {a.get(k)} against {b.get(k)}", file=sys.stderr)
print(json.dumps({"compared": len(a.keys() | b.keys()), "different": len(differ)}))
sys.exit(1 if differ or not a else 0)
