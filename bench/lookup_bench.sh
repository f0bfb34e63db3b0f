#!/bin/bash
# Person lookup by BSN through the API under 64 concurrent connections (wrk on
# loopback), next to the same server's /health in the same run, per backend.
#
#   bench/lookup_bench.sh [--children N] [--seed S] [--duration 10s] [--rounds 3]
#                         [--backends "sqlite postgresql"]
#
# Each round runs /health, then the lookup, on the same server; the verdicts
# use the median round (ratio and p99 each), because on a shared 2-core VM a
# single run of the same binary varies by up to +-20 %. Each run also reports
# the CPU time per request of the server process and of wrk, and the lookup's
# CPU budget that the ratio target implies; after the rounds,
# build/bench/lookup_parts_bench times the store's part of a lookup on the same
# database (session, person bundle, access-log append), one thread, no HTTP.
# PostgreSQL needs INBEELD_BENCH_PG_URL (a server where the script may CREATE
# DATABASE), e.g. from scripts/pg-test-server. Targets (issue 2): lookup p99 <= 5 ms
# and lookup throughput >= 50 % of /health.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${INBEELD_BIN:-build/src/app/inbeeld}
PARTS_BIN=${INBEELD_PARTS_BENCH:-build/bench/lookup_parts_bench}
CHILDREN=100000
SEED=4242
DURATION=10s
ROUNDS=3
BACKENDS="sqlite"
[[ -n "${INBEELD_BENCH_PG_URL:-}" ]] && BACKENDS="sqlite postgresql"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --children) CHILDREN=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --backends) BACKENDS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: run scripts/setup" >&2; exit 2; }
TMP=$(mktemp -d)
SERVER_PID=""
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

echo "lookup bench: $CHILDREN children, seed $SEED, wrk -t2 -c64 -d$DURATION, $ROUNDS rounds, $(nproc) cores"
"$BIN" demo-csv "$TMP/csv" --children "$CHILDREN" --seed "$SEED" >/dev/null
# BSNs of children and parents who have one (column 3 of persons.csv).
tail -n +2 "$TMP/csv/persons.csv" | cut -d, -f3 | grep -E '^[0-9]{9}$' | shuf --random-source=<(yes "$SEED") -n 20000 > "$TMP/bsns.txt"

field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }
# CPU time (user + sys) of the server process so far, in microseconds.
server_cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1e6 / hz}' "/proc/$SERVER_PID/stat"; }
# wrk's RESULT line, plus the CPU time per request of the server process
# (server_us) and of wrk itself (wrk_us): the two share the machine's cores.
run_wrk() {  # url script
  local s0 s1 res n TIMEFORMAT='%U %S'
  s0=$(server_cpu_us)
  { time wrk -t2 -c64 -d"$DURATION" --timeout 5s -s "$2" "$1" >"$TMP/wrk.out"; } 2>"$TMP/wrk.time"
  s1=$(server_cpu_us)
  res=$(grep '^RESULT' "$TMP/wrk.out")
  n=$(field requests "$res")
  echo "$res server_us=$(awk -v a="$s0" -v b="$s1" -v n="$n" 'BEGIN{printf "%.1f", (b - a) / n}')" \
    "wrk_us=$(tail -n 1 "$TMP/wrk.time" | awk -v n="$n" '{printf "%.1f", ($1 + $2) * 1e6 / n}')"
}

declare -A SUMMARY
for backend in $BACKENDS; do
  if [[ $backend == sqlite ]]; then
    URL="sqlite:$TMP/$backend/inbeeld.db"
    KEYS="$TMP/$backend/keys"
  else
    db="bench_$$_$RANDOM"
    psql -q "$INBEELD_BENCH_PG_URL" -c "CREATE DATABASE $db" >/dev/null
    URL="${INBEELD_BENCH_PG_URL%/*}/$db"
    KEYS="$TMP/$backend/keys"
  fi
  mkdir -p "$TMP/$backend"
  "$BIN" demo --database "$URL" --key-dir "$KEYS" --children "$CHILDREN" --seed "$SEED" \
    --listen 127.0.0.1:0 --credentials-out "$TMP/$backend/creds.json" >"$TMP/$backend/out.txt" 2>"$TMP/$backend/err.txt" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "luistert op" "$TMP/$backend/out.txt" 2>/dev/null && break
    kill -0 $SERVER_PID 2>/dev/null || { cat "$TMP/$backend/err.txt"; exit 1; }
    sleep 0.5
  done
  BASE=$(grep -o 'http://[0-9.:]*' "$TMP/$backend/out.txt" | head -1)
  PW=$(node -e "const c=require('$TMP/$backend/creds.json');console.log(c.users.find(u=>u.role==='police').password)")
  TOKEN=$(curl -sf -X POST -H 'content-type: application/json' \
    -d "{\"username\":\"politie\",\"password\":\"$PW\"}" "$BASE/api/v1/sessions" |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).token))")
  # Warm up, then health and lookup back to back on the same server.
  BSN_FILE="$TMP/bsns.txt" TOKEN="$TOKEN" wrk -t2 -c64 -d2s -s bench/lookup.lua "$BASE" >/dev/null
  ratios=(); p99s=(); lrs=(); hcpu=(); hwrk=(); lcpu=(); lwrk=()
  for round in $(seq 1 "$ROUNDS"); do
    H=$(run_wrk "$BASE/health" bench/health.lua)
    L=$(BSN_FILE="$TMP/bsns.txt" TOKEN="$TOKEN" run_wrk "$BASE" bench/lookup.lua)
    hr=$(awk -v r="$(field requests "$H")" -v d="$(field duration_us "$H")" 'BEGIN{printf "%.0f", r/(d/1e6)}')
    lr=$(awk -v r="$(field requests "$L")" -v d="$(field duration_us "$L")" 'BEGIN{printf "%.0f", r/(d/1e6)}')
    ratio=$(awk -v a="$lr" -v b="$hr" 'BEGIN{printf "%.2f", a/b}')
    printf '%-10s round %d %-8s %10s req/s  p50 %7s ms  p90 %7s ms  p99 %7s ms  errors %s non-2xx %s  CPU/request: server %s us, wrk %s us\n' \
      "$backend" "$round" health "$hr" "$(field p50_ms "$H")" "$(field p90_ms "$H")" "$(field p99_ms "$H")" "$(field errors "$H")" "$(field non2xx "$H")" "$(field server_us "$H")" "$(field wrk_us "$H")"
    printf '%-10s round %d %-8s %10s req/s  p50 %7s ms  p90 %7s ms  p99 %7s ms  errors %s non-2xx %s  CPU/request: server %s us, wrk %s us  ratio %s\n' \
      "$backend" "$round" lookup "$lr" "$(field p50_ms "$L")" "$(field p90_ms "$L")" "$(field p99_ms "$L")" "$(field errors "$L")" "$(field non2xx "$L")" "$(field server_us "$L")" "$(field wrk_us "$L")" "$ratio"
    ratios+=("$ratio"); p99s+=("$(field p99_ms "$L")"); lrs+=("$lr")
    hcpu+=("$(field server_us "$H")"); hwrk+=("$(field wrk_us "$H")"); lcpu+=("$(field server_us "$L")"); lwrk+=("$(field wrk_us "$L")")
  done
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
  ratio=$(median "${ratios[@]}"); p99=$(median "${p99s[@]}"); lr=$(median "${lrs[@]}")
  verdict_p99=$(awk -v p="$p99" 'BEGIN{print (p <= 5.0) ? "MET" : "MISSED"}')
  verdict_ratio=$(awk -v r="$ratio" 'BEGIN{print (r >= 0.5) ? "MET" : "MISSED"}')
  echo "$backend (median of $ROUNDS rounds): lookup/health throughput ratio $ratio (target >= 0.50: $verdict_ratio); lookup p99 $p99 ms (target <= 5 ms: $verdict_p99); lookup $lr req/s"
  # With server and wrk saturating the same cores, the throughput ratio is about
  # (health's CPU per request, server + wrk) / (the lookup's): so the ratio
  # target allows the lookup at most 2 x (health server + wrk) - lookup wrk
  # of server CPU. (On PostgreSQL the database's own processes come on top.)
  hc=$(median "${hcpu[@]}"); hw=$(median "${hwrk[@]}"); lc=$(median "${lcpu[@]}"); lw=$(median "${lwrk[@]}")
  budget=$(awk -v a="$hc" -v b="$hw" -v d="$lw" 'BEGIN{printf "%.1f", 2 * (a + b) - d}')
  echo "$backend (median): server CPU per request: health $hc us, lookup $lc us; wrk: health $hw us, lookup $lw us;" \
    "CPU ratio $(awk -v a="$hc" -v b="$hw" -v c="$lc" -v d="$lw" 'BEGIN{printf "%.2f", (a + b) / (c + d)}');" \
    "a ratio of 0.50 allows the lookup $budget us of server CPU"
  # The store's part of a lookup, on one thread without HTTP (the server stopped).
  "$PARTS_BIN" --database "$URL" --key-dir "$KEYS" --bsn-file "$TMP/bsns.txt" \
    --token "$TOKEN" >"$TMP/parts.txt"
  sed "s/^/$backend  /" "$TMP/parts.txt"
  echo "$backend: the store's part alone (pseudonym + session + bundle + one batched access-log entry):" \
    "$(awk '/^  (pseudonym|session|bundle|audit x16) /{for (i = 1; i <= NF; i++) if ($i == "mean") s += $(i + 1)} END{printf "%.1f", s}' "$TMP/parts.txt") us" \
    "on one thread, against the $budget us budget above"
  SUMMARY[$backend]=$lr
done
if [[ -n "${SUMMARY[postgresql]:-}" && -n "${SUMMARY[sqlite]:-}" ]]; then
  echo "postgresql/sqlite lookup throughput ratio: $(awk -v a="${SUMMARY[postgresql]}" -v b="${SUMMARY[sqlite]}" 'BEGIN{printf "%.2f", a/b}')"
fi
