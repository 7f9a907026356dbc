#!/usr/bin/env bash
# The engine benchmark (issue 27): for each size, generates the canonical dataset once
# (target/bench/), then times (wall seconds) and measures the peak memory (RSS) of
#   memory      `baton build --month all` from the CSV files (the default engine),
#   normalize   `baton normalize`, CSV to the Parquet dataset (once per dataset),
#   datafusion  `baton build --month all --engine datafusion --dataset` over that dataset,
# each twice, and checks that the two builds wrote the same report, byte for byte (diff -r),
# stopping on a difference.
# Usage: benches/engines.sh [LEADS ...]    (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
[ $# -eq 0 ] && sizes=(100000 1000000)
bin="${CARGO_TARGET_DIR:-target}/release"
cargo build --release --quiet --features "${FEATURES:-datafusion}" --bin baton --example bigdata
mkdir -p target/bench
# A pseudonym key, so that the dataset lists people (dropped batons, over-contact) as the report
# does (docs/dataset.md, Engines).
config=target/bench/engines.toml
echo 'pseudonym_key = "000102030405060708090a0b0c0d0e0f"' >"$config"
printf '%-10s %8s %-12s %9s %8s\n' leads MB step seconds RSS_MB
for n in "${sizes[@]}"; do
  data="target/bench/e$n"
  [ -f "$data/leads.csv" ] || "$bin"/examples/bigdata --leads "$n" --out "$data" 2>/dev/null
  mb=$(du -sm --apparent-size "$data" | cut -f1)
  for step in memory normalize datafusion; do
    case $step in
      memory) cmd=("$bin"/baton build -q --month all --input "$data" --config "$config" --out "target/bench/e$n-out" --today 2026-11-23) ;;
      normalize) cmd=("$bin"/baton normalize --quiet --input "$data" --config "$config" --out "target/bench/e$n-dataset" --today 2026-11-23) ;;
      datafusion) cmd=("$bin"/baton build -q --month all --engine datafusion --dataset "target/bench/e$n-dataset" --config "$config" --out "target/bench/e$n-sql-out" --today 2026-11-23) ;;
    esac
    for _ in 1 2; do
      t0=$(date +%s%N)
      /usr/bin/time -f '%M' -o target/bench/step.rss "${cmd[@]}" >/dev/null 2>target/bench/step.err \
        || { cat target/bench/step.err >&2; exit 1; }
      t1=$(date +%s%N)
      printf '%-10s %8s %-12s %9.2f %8.0f\n' "$n" "$mb" "$step" \
        "$(python3 -c "print(($t1 - $t0) / 1e9)")" \
        "$(python3 -c "print($(tail -1 target/bench/step.rss) / 1024)")"
    done
  done
  diff -r "target/bench/e$n-out/" "target/bench/e$n-sql-out/" >/dev/null \
    || { echo "e$n: the DataFusion report differs from the in-memory one" >&2; exit 1; }
  echo "e$n: the same report, byte for byte"
done
