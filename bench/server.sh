#!/usr/bin/env bash
# Server benchmarks: binary size, start-to-ready time, idle RSS, and
# document GET/PUT throughput and latency with 50 connections on loopback,
# on SQLite and (when PAGEWRIGHT_TEST_POSTGRES_URL is set) PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=bin/pagewright
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-50}
go build -o bin/loadgen ./bench/loadgen
PORT=18181
URL=http://127.0.0.1:$PORT
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

printf '\n== Pagewright server benchmarks ==\n'
printf 'binary size: %.1f MB (%s bytes)\n' "$(echo "$(stat -c %s $BIN) / 1000000" | bc -l)" "$(stat -c %s $BIN)"

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

start_server() { # $1 label, $2 database url
  rm -rf "$work/data"
  local t0 t1
  t0=$(date +%s%N)
  PAGEWRIGHT_DATABASE_URL="$2" PAGEWRIGHT_LOG_LEVEL=warn "$BIN" serve --addr 127.0.0.1:$PORT --sites-addr off --data-dir "$work/data" 2>"$work/server.log" &
  pid=$!
  until curl -fs "$URL/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  printf '%-10s start to /readyz OK: %d ms\n' "$1" $(( (t1 - t0) / 1000000 ))
}

stop_server() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

prepare() { # creates admin, token, a site and CONNS pages with a ~100-node document
  local jar="$work/jar" csrf token site
  rm -f "$jar"
  csrf=$(curl -fs -c "$jar" -H 'content-type: application/json' "$URL/api/v1/setup" \
    -d '{"organizationName":"Bench","name":"Bench Admin","email":"bench@example.org","password":"bench-password-123"}' | json "['csrfToken']")
  token=$(curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$URL/api/v1/tokens" -d '{"name":"bench"}' | json "['secret']")
  site=$(curl -fs -H "Authorization: Bearer $token" -H 'content-type: application/json' "$URL/api/v1/sites" -d '{"name":"Bench site"}' | json "['id']")
  python3 - "$work/doc.json" <<'PY'
import json, sys
D = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
nodes = {"root": {"id": "root", "type": "Page", "props": {}}}
for i in range(100):
    # fractional-index keys: head "b" + two base-62 digits
    nodes[f"n{i}"] = {"id": f"n{i}", "type": "Text", "parent": "root", "pos": "b" + D[i // 62] + D[i % 62],
                      "props": {"text": f"Paragraph {i}: the flu clinic is open on weekdays from 8am to 6pm."},
                      "styles": {"base": {"margin-bottom": "{space.4}"}}}
json.dump({"schemaVersion": 1, "root": "root", "meta": {"title": "Bench"}, "nodes": nodes}, open(sys.argv[1], "w"))
PY
  ids=()
  for i in $(seq 1 "$CONNS"); do
    local id
    id=$(curl -fs -H "Authorization: Bearer $token" -H 'content-type: application/json' "$URL/api/v1/sites/$site/pages" -d "{\"title\":\"Page $i\"}" | json "['id']")
    curl -fs -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'content-type: application/json' -H 'If-Match: "1"' \
      --data-binary @"$work/doc.json" "$URL/api/v1/pages/$id/document"
    ids+=("$id")
  done
  TOKEN=$token
  PAGES=$(IFS=,; echo "${ids[*]}")
}

run_db() { # $1 label, $2 database url
  start_server "$1" "$2"
  prepare
  sleep 1
  printf '%-10s RSS at idle: %s MB\n' "$1" "$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$pid/status)"
  printf '%-10s document size: %s bytes\n' "$1" "$(stat -c %s "$work/doc.json")"
  bin/loadgen -url "$URL" -token "$TOKEN" -mode get -pages "$PAGES" -c "$CONNS" -d "$DUR" -label "$1 GET document"
  bin/loadgen -url "$URL" -token "$TOKEN" -mode put -pages "$PAGES" -c "$CONNS" -d "$DUR" -label "$1 PUT document"
  bin/loadgen -url "$URL" -token "$TOKEN" -mode get -pages "$PAGES" -c 8 -d "$DUR" -label "$1 GET document"
  bin/loadgen -url "$URL" -token "$TOKEN" -mode put -pages "$PAGES" -c 8 -d "$DUR" -label "$1 PUT document"
  if command -v wrk >/dev/null; then
    echo "-- wrk cross-check, GET document, $CONNS connections, 2 threads:"
    wrk -t2 -c"$CONNS" -d"$DUR" --latency -H "Authorization: Bearer $TOKEN" "$URL/api/v1/pages/${PAGES%%,*}/document" | sed -n '/Latency Distribution/,/Requests\/sec/p'
  fi
  stop_server
}

run_db sqlite ""
if [ -n "${PAGEWRIGHT_TEST_POSTGRES_URL:-}" ]; then
  schema=pwbench_$$
  psql "$PAGEWRIGHT_TEST_POSTGRES_URL" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null
  sep='?'; [[ "$PAGEWRIGHT_TEST_POSTGRES_URL" == *\?* ]] && sep='&'
  run_db postgres "${PAGEWRIGHT_TEST_POSTGRES_URL}${sep}search_path=$schema"
  psql "$PAGEWRIGHT_TEST_POSTGRES_URL" -qc "DROP SCHEMA $schema CASCADE" >/dev/null
else
  echo "postgres: skipped (set PAGEWRIGHT_TEST_POSTGRES_URL)"
fi
