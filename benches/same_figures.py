"""Checks that two reports give the same monthly totals and by-channel figures: the benchmark
builds one funnel from canonical files and from vendor exports (examples/shared/bigdata.rs).
Usage: same_figures.py OUT_A OUT_B; prints how many numbers were compared, exits 1 on any
difference."""
import json
import os
import sys


def figures(out):
    """{(month, channel or 'total', figure): value} of every number of every month's totals
    and by-channel rows."""
    cells = {}
    for month in sorted(os.listdir(out)):
        path = os.path.join(out, month, "metrics.json")
        if not month.startswith("20") or not os.path.exists(path):
            continue
        m = json.load(open(path))
        for f, v in m["totals"].items():
            cells[(month, "total", f)] = v
        for row in m["by_channel"]:
            for f, v in row.items():
                if f != "channel":
                    cells[(month, row["channel"], f)] = v
    return cells


a, b = figures(sys.argv[1]), figures(sys.argv[2])
differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
for k in differ[:20]:
    print(f"DIFFERENT {' '.join(k)}: {a.get(k)} against {b.get(k)}", file=sys.stderr)
print(json.dumps({"compared": len(a.keys() | b.keys()), "different": len(differ)}))
sys.exit(1 if differ or not a else 0)
