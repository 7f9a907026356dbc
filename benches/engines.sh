#!/usr/bin/env bash
# The engine benchmark (issue 27): for each size, generates the canonical dataset once
# (target/bench/), then times (wall seconds) and measures the peak memory (RSS) of
#   memory      `baton build --month all` from the CSV files (the default engine),
#   normalize   `baton normalize`, CSV to the Parquet dataset (once per dataset),
#   datafusion  `baton build --month all --engine datafusion --dataset` over that dataset,
#   ballista    the same with `--engine ballista://localhost:PORT`, on a cluster of a scheduler and
#               two executors of two task slots on this machine (`examples/cluster.rs`, started
#               afresh for each run; its RSS is the client's plus the cluster's peak),
#   spark       the same with `--engine sc://127.0.0.1:PORT`, on a Spark Connect server of the
#               Spark in BATON_SPARK_HOME (PySpark's folder; `.ci/run` installs one) on this
#               machine with `--master local[2]` (started afresh for each run and timed once it
#               answers; its RSS is the client's plus the server's peak), when BATON_SPARK_HOME
#               is set (the build then needs protoc),
# each twice, and checks that the builds wrote the same report, byte for byte (diff -r),
# stopping on a difference. FEATURES=datafusion leaves Ballista and Spark out.
# Usage: benches/engines.sh [LEADS ...]    (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
[ $# -eq 0 ] && sizes=(100000 1000000)
bin="${CARGO_TARGET_DIR:-target}/release"
features="${FEATURES:-ballista}"
if [ -n "${BATON_SPARK_HOME:-}" ] && [ -z "${FEATURES:-}" ]; then features=ballista,spark; fi
steps=(memory normalize datafusion)
[[ "$features" == ballista* ]] && steps+=(ballista)
[[ "$features" == *spark ]] && steps+=(spark)
cargo build --release --quiet --features "$features" --bin baton --example bigdata --example cluster
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
  for step in "${steps[@]}"; do
    case $step in
      memory) cmd=("$bin"/baton build -q --month all --input "$data" --config "$config" --out "target/bench/e$n-out" --today 2026-11-23) ;;
      normalize) cmd=("$bin"/baton normalize --quiet --input "$data" --config "$config" --out "target/bench/e$n-dataset" --today 2026-11-23) ;;
      datafusion) cmd=("$bin"/baton build -q --month all --engine datafusion --dataset "target/bench/e$n-dataset" --config "$config" --out "target/bench/e$n-sql-out" --today 2026-11-23) ;;
      ballista|spark) cmd=("$bin"/baton build -q --month all --engine ENGINE --dataset "target/bench/e$n-dataset" --config "$config" --out "target/bench/e$n-$step-out" --today 2026-11-23) ;;
    esac
    for _ in 1 2; do
      cluster=0
      run=("${cmd[@]}")
      if [ "$step" = ballista ]; then
        "$bin"/examples/cluster --executors 2 --slots 2 >target/bench/cluster.url 2>/dev/null &
        cluster=$!
        until [ -s target/bench/cluster.url ]; do
          kill -0 "$cluster" 2>/dev/null || { echo "the Ballista cluster did not start" >&2; exit 1; }
          sleep 0.2
        done
        run=("${cmd[@]/ENGINE/$(head -1 target/bench/cluster.url)}")
      fi
      if [ "$step" = spark ]; then
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        SPARK_HOME="$BATON_SPARK_HOME" SPARK_LOCAL_IP=127.0.0.1 "$BATON_SPARK_HOME"/bin/spark-submit \
          --master 'local[2]' --driver-memory 4g \
          --class org.apache.spark.sql.connect.service.SparkConnectServer \
          --conf spark.connect.grpc.binding.port="$port" --conf spark.ui.enabled=false --conf spark.log.level=WARN \
          spark-internal >target/bench/spark.log 2>&1 &
        cluster=$!
        until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
          kill -0 "$cluster" 2>/dev/null || { echo "the Spark Connect server did not start: target/bench/spark.log" >&2; exit 1; }
          sleep 0.5
        done
        run=("${cmd[@]/ENGINE/sc://127.0.0.1:$port}")
      fi
      t0=$(date +%s%N)
      /usr/bin/time -f '%M' -o target/bench/step.rss "${run[@]}" >/dev/null 2>target/bench/step.err \
        || { cat target/bench/step.err >&2; [ "$cluster" = 0 ] || kill "$cluster"; exit 1; }
      t1=$(date +%s%N)
      kb=$(tail -1 target/bench/step.rss)
      if [ "$cluster" != 0 ]; then
        kb=$((kb + $(awk '/VmHWM/ {print $2}' "/proc/$cluster/status")))
        kill "$cluster"; wait "$cluster" 2>/dev/null || true
        rm -f target/bench/cluster.url
      fi
      printf '%-10s %8s %-12s %9.2f %8.0f\n' "$n" "$mb" "$step" \
        "$(python3 -c "print(($t1 - $t0) / 1e9)")" "$(python3 -c "print($kb / 1024)")"
    done
  done
  for engine in sql ballista spark; do
    [ -d "target/bench/e$n-$engine-out" ] || continue
    diff -r "target/bench/e$n-out/" "target/bench/e$n-$engine-out/" >/dev/null \
      || { echo "e$n: the $engine report differs from the in-memory one" >&2; exit 1; }
  done
  echo "e$n: the same report, byte for byte"
done
