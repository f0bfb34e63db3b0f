#!/usr/bin/env bash
# backends_bench.sh: the same benchmarks on SQLite and PostgreSQL side by side in
# one run, with the PostgreSQL/SQLite ratios (issue 3).
#
#   INBEELD_BENCH_PG_URL=postgresql://postgres@127.0.0.1:PORT/postgres bench/backends_bench.sh [BUILD_DIR]
#
# Runs (1) bench/lookup_bench.sh on both backends (person lookup through the
# API, next to /health), (2) build/bench/signal_bench on both (signal intake
# with matching, rules, outbox and access log; the radar of a household with
# 200 events) at SIGNAL_CHILDREN (default 200000) children and SIGNAL_PRELOAD
# (default 100000) active signals. The PostgreSQL URL must let the script
# CREATE DATABASE (scripts/pg-test-server gives such a server).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
: "${INBEELD_BENCH_PG_URL:?set INBEELD_BENCH_PG_URL (e.g. from scripts/pg-test-server start DIR PORT)}"
CHILDREN=${SIGNAL_CHILDREN:-200000}
PRELOAD=${SIGNAL_PRELOAD:-100000}
MEASURE=${SIGNAL_MEASURE:-10000}
echo "== backends_bench: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) =="

echo; echo "== person lookup (bench/lookup_bench.sh) =="
INBEELD_BIN="$BUILD/src/app/inbeeld" INBEELD_BENCH_PG_URL="$INBEELD_BENCH_PG_URL" bench/lookup_bench.sh --backends "sqlite postgresql"

echo; echo "== signal intake and the radar (signal_bench: $CHILDREN children, $PRELOAD active signals) =="
tmp=$(mktemp -d /tmp/backends-bench.XXXXXX)
db="bench_signals_$$"
cleanup() { psql -q "$INBEELD_BENCH_PG_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
"$BUILD/bench/signal_bench" --children "$CHILDREN" --signals "$PRELOAD" --measure "$MEASURE" --url "sqlite:$tmp/s.db" | tee "$tmp/sqlite.txt"
psql -q "$INBEELD_BENCH_PG_URL" -c "CREATE DATABASE $db" >/dev/null
"$BUILD/bench/signal_bench" --children "$CHILDREN" --signals "$PRELOAD" --measure "$MEASURE" --url "${INBEELD_BENCH_PG_URL%/*}/$db" | tee "$tmp/pg.txt"
rate() { sed -nE 's/^register: .* = ([0-9]+)\/s.*/\1/p' "$1"; }
p99() { sed -nE "s/^$2.* p99 ([0-9.]+) ms.*/\1/p" "$1"; }
echo
printf 'signal intake: PostgreSQL/SQLite throughput %s; register p99 SQLite %s ms, PostgreSQL %s ms; radar p99 SQLite %s ms, PostgreSQL %s ms\n' \
  "$(awk -v a="$(rate "$tmp/pg.txt")" -v b="$(rate "$tmp/sqlite.txt")" 'BEGIN{printf "%.2f", a/b}')" \
  "$(p99 "$tmp/sqlite.txt" 'register latency')" "$(p99 "$tmp/pg.txt" 'register latency')" \
  "$(p99 "$tmp/sqlite.txt" 'radar')" "$(p99 "$tmp/pg.txt" 'radar')"
