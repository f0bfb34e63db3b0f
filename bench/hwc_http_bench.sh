#!/usr/bin/env bash
# hwc_http_bench.sh [BUILD_DIR] [RATE] [SECONDS]: Handle with Care, incident accepted →
# notices queued through the HTTP API. Starts `inbeeld demo` (SQLite, 2,000 children) on a
# free port, logs in as the demo police user, exports the children with their addresses, and
# runs `hwc_bench http` at RATE incidents/s (default 100) for SECONDS (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}; RATE=${2:-100}; SECONDS_=${3:-20}
dir=$(mktemp -d /tmp/hwc-http-bench.XXXXXX)
"$BUILD/src/app/inbeeld" demo --database "sqlite:$dir/db" --children 2000 --listen 127.0.0.1:0 \
  --credentials-out "$dir/creds.json" --workers 16 >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 600); do grep -q "luistert op" "$dir/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$dir/server.log" | head -1)
pw=$(node -e "const c=require('$dir/creds.json');console.log(c.users.find(u=>u.role==='police').password)")
token=$(curl -s -X POST "$url/api/v1/sessions" -H 'content-type: application/json' \
  -d "{\"username\":\"politie\",\"password\":\"$pw\"}" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).token))")
sqlite3 "$dir/db" "SELECT p.id || '|' || h.postcode || '|' || h.house_number FROM persons p JOIN households h ON h.id = p.household_id
  WHERE p.relation = 'child' AND p.birth_date > date('now', '-18 years')" >"$dir/children.txt"
"$BUILD/bench/hwc_bench" http --url "$url" --token "$token" --children "$dir/children.txt" --rate "$RATE" --seconds "$SECONDS_"
