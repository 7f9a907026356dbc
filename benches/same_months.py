"""Checks that an engine's months (a JSON object by month, from examples/engine.rs) equal the
metrics.json files a build wrote (OUT/YYYY-MM/metrics.json), key for key; exits 1 on the first
difference. Usage: same_months.py OUT ENGINE.json"""
import json
import pathlib
import sys

out, engine = pathlib.Path(sys.argv[1]), json.load(open(sys.argv[2]))
# The month folders (`latest/` is a copy of the last one).
months = sorted(p.parent.name for p in out.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/metrics.json"))
if sorted(engine) != months:
    sys.exit(f"months differ: build {months[:3]}..., engine {sorted(engine)[:3]}...")
for month in months:
    built = json.load(open(out / month / "metrics.json"))
    for key in sorted(set(built) | set(engine[month])):
        if built.get(key) != engine[month].get(key):
            sys.exit(f"{month} {key} differs")
