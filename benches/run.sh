#!/usr/bin/env bash
# The benchmark: generates datasets once (target/bench/), then times `baton build --month all`
# end to end against the floor (a bare single-threaded csv-crate pass over the same files) and
# against DuckDB (benches/duckdb_check.py) computing the spec's monthly totals and by-channel
# figures and, from the touches, speed to lead, dropped batons and over-contact, every number of
# which must agree with baton's metrics.json (the run stops on a difference).
# Each size is measured three times: as generated, with the touches sorted by date, and as vendor
# exports (whose figures must equal the canonical build's; no DuckDB time for those: the script
# reads the canonical files only).
# Usage: benches/run.sh [LEADS ...]    (default: 100000 1000000 5000000)
# Data shapes (issue 26) instead: SHAPES="IDS/KEYS/ORDER ... [vendor]" benches/run.sh LEADS ...
# with IDS dense|text|uuid, KEYS id|email|both (what the touches carry), ORDER lead|date (of the
# touches), e.g. SHAPES="dense/id/lead text/both/date uuid/email/lead vendor". One row each, with
# DuckDB timed and checked on every shape but vendor (nan: the script reads canonical files
# only); each shape's files are deleted after its row (KEEP=1 keeps them). TIMINGS=1 adds a line
# per row with the phases of one more build (BATON_TIMINGS=1, benches/phases.py).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000 5000000}")
[ $# -eq 0 ] && sizes=(100000 1000000 5000000)
bin="${CARGO_TARGET_DIR:-target}/release"
cargo build --release --quiet --bin baton --example bigdata --example floor
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
mkdir -p target/bench
printf '%-18s %9s %10s %9s %9s %9s %9s %10s %9s %8s %8s %9s\n' leads MB rows floor_s baton_s duckdb_s "x_floor" "x_duckdb" "rows/s" "MB/s" "RSS_MB" "RSS/input"
# One row of the table: `measure LABEL DATA_DIR`. This VM's speed drifts by up to a half from
# minute to minute, so the floor, baton and DuckDB are run in turn RUNS times (default 3) and
# each is given by its median; the peak RSS is the largest seen. baton writes into an output
# folder that earlier runs wrote, as a cron job does: two untimed runs first, so that each timed
# one writes over the spare set (the one the last run replaced) and swaps it in, as a cron run
# does (docs/safety.md). The figures and what they mean: docs/performance.md.
# Wall time of a command in seconds to the microsecond (`/usr/bin/time -f %e` gives hundredths,
# too coarse at 100k leads); the command's stderr goes to the file named by $2.
wall() {
  local err=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>"$err"
  t1=$(date +%s%N)
  python3 -c "print(($t1 - $t0) / 1e9)"
}
measure() {
  local label=$1 data=$2 duck=${3:-duckdb} runs=${RUNS:-3}
  local bytes rows out
  bytes=$(du -cbL "$data"/*.csv | tail -1 | cut -f1)
  rows=$("$bin"/examples/floor "$data" | cut -d' ' -f1)
  out="target/bench/out-${label//\//-}"
  local floors=() secs=() ducks=() kbs=()
  for _ in 1 2; do
    "$bin"/baton build -q --input "$data" --out "$out" --today 2026-11-23 >/dev/null
  done
  for _ in $(seq "$runs"); do
    floors+=("$(wall /dev/null "$bin"/examples/floor "$data")")
    secs+=("$(wall target/bench/time.txt /usr/bin/time -f '%M' "$bin"/baton build -q --input "$data" --out "$out" --today 2026-11-23)")
    kbs+=("$(tail -1 target/bench/time.txt)")
    if [ "$duck" = duckdb ]; then
      ducks+=("$(python3 benches/duckdb_check.py "$data" "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')")
    else
      ducks+=(nan)
    fi
  done
  python3 - "$label" "$bytes" "$rows" "${floors[*]}" "${secs[*]}" "${ducks[*]}" "${kbs[*]}" <<'PY'
import statistics, sys
n, b, rows, floors, secs, ducks, kbs = sys.argv[1:]
med = lambda xs: statistics.median(float(x) for x in xs.split())
b, rows, floor, secs, duck, kb = int(b), int(rows), med(floors), med(secs), med(ducks), max(int(k) for k in kbs.split())
print(f"{n:<18} {b/1e6:9.0f} {rows:10d} {floor:9.3f} {secs:9.3f} {duck:9.3f} {secs/floor:9.2f} {secs/duck:10.2f} {rows/secs:9.0f} {b/1e6/secs:8.1f} {kb/1024:8.0f} {kb*1024/b:9.2f}")
PY
  if [ -n "${TIMINGS:-}" ]; then
    BATON_TIMINGS=1 "$bin"/baton build -q --input "$data" --out "$out" --today 2026-11-23 2>&1 >/dev/null |
      python3 benches/phases.py "$label"
  fi
}
if [ -n "${SHAPES:-}" ]; then
  for n in "${sizes[@]}"; do
    for shape in $SHAPES; do
      data="target/bench/$n-${shape//\//-}"
      if [ ! -d "$data" ]; then
        if [ "$shape" = vendor ]; then
          "$bin"/examples/bigdata --leads "$n" --out "$data" --vendor 2>/dev/null
        else
          IFS=/ read -r ids keys order <<<"$shape"
          "$bin"/examples/bigdata --leads "$n" --out "$data" --ids "$ids" --touch-keys "$keys" --touch-order "$order" 2>/dev/null
        fi
      fi
      if [ "$shape" = vendor ]; then
        measure "$n/$shape" "$data" none
      else
        measure "$n/$shape" "$data"
      fi
      [ -n "${KEEP:-}" ] || rm -rf "$data" "target/bench/out-$n-${shape//\//-}"
    done
  done
  exit 0
fi
for n in "${sizes[@]}"; do
  data="target/bench/$n"
  [ -f "$data/leads.csv" ] || "$bin"/examples/bigdata --leads "$n" --out "$data" 2>/dev/null
  measure "$n" "$data"
  # The generator writes each lead's touches together, which keeps lookups in the cache; most
  # CRMs export touches by date. The same files with touches.csv sorted by date, as a second row.
  dated="target/bench/$n-bydate"
  if [ ! -f "$dated/touches.csv" ]; then
    mkdir -p "$dated"
    for f in leads opportunities spend; do ln -sf "../$n/$f.csv" "$dated/$f.csv"; done
    { head -n 1 "$data/touches.csv"; tail -n +2 "$data/touches.csv" | LC_ALL=C sort -s -t, -k1,1; } > "$dated/touches.tmp"
    mv "$dated/touches.tmp" "$dated/touches.csv"
  fi
  measure "$n/date" "$dated"
  # The same funnel as the vendors export it (HubSpot contacts and deals, Google Ads and Meta Ads
  # reports): timed against its own floor (DuckDB's script reads the canonical files only), and
  # its figures checked against the canonical build's.
  vendor="target/bench/$n-vendor"
  [ -f "$vendor/hubspot-contacts.csv" ] || "$bin"/examples/bigdata --leads "$n" --out "$vendor" --vendor 2>/dev/null
  measure "$n/vendor" "$vendor" none
  python3 benches/same_figures.py "target/bench/out-$n" "target/bench/out-$n-vendor" >/dev/null
done
