"""Sums a build's `BATON_TIMINGS=1` lines (stdin) into its phases, in seconds of wall time:
reading the leads and spend, the lead keys, reading the touches and deals, the join, the
metrics and analytics, and rendering with publishing. Used by benches/run.sh (TIMINGS=1).
Usage: BATON_TIMINGS=1 baton build ... 2>&1 >/dev/null | phases.py LABEL"""

import re
import sys

# Each phase ends at the first of its marks that the build printed (seconds since the start).
PHASES = [
    ("read", ["read: leads and spend"]),
    ("lead_keys", ["read: lead keys"]),
    ("read_touches", ["read: touches and deals", "read"]),
    ("join", ["join"]),
    ("analytics", ["metrics and analytics"]),
    ("render", ["writing and publishing"]),
]

ends = {}
for line in sys.stdin:
    m = re.match(r"baton: timing: (.*) done at ([0-9.]+) s", line)
    if m:
        ends.setdefault(m.group(1), float(m.group(2)))
parts, last = [], 0.0
for name, marks in PHASES:
    end = next((ends[k] for k in marks if k in ends), None)
    if end is None:
        parts.append(f"{name} ?")
        continue
    parts.append(f"{name} {end - last:.3f}")
    last = end
print(f"  phases {sys.argv[1]}: " + ", ".join(parts))
