#!/usr/bin/env bash
# Lighthouse scores of a published page: starts Pagewright, publishes the
# sample flu clinic landing page (internal/render/testdata/flu-clinic.json)
# to production through the API, and runs Lighthouse (npm, against
# Debian's chromium) on it, desktop and mobile. Goal: performance 100 on
# desktop and at least 95 on mobile.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=bin/pagewright
LH_VERSION=13.5.0
LH_DIR=${LIGHTHOUSE_DIR:-$HOME/.cache/pagewright-bench/lighthouse-$LH_VERSION}
PORT=18191
URL=http://127.0.0.1:$PORT
CHROME=${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROME" ]; then echo "lighthouse: chromium not found (apt-get install -y chromium)"; exit 1; fi
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  echo "installing lighthouse $LH_VERSION into $LH_DIR"
  mkdir -p "$LH_DIR"
  npm install --silent --no-audit --no-fund --prefix "$LH_DIR" "lighthouse@$LH_VERSION" >/dev/null
fi
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

PAGEWRIGHT_LOG_LEVEL=warn PAGEWRIGHT_DATABASE_URL= "$BIN" serve --addr 127.0.0.1:$PORT --sites-addr off --data-dir "$work/data" 2>"$work/server.log" &
pid=$!
until curl -fs "$URL/readyz" >/dev/null 2>&1; do kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }; sleep 0.05; done

jar="$work/jar"
csrf=$(curl -fs -c "$jar" -H 'content-type: application/json' "$URL/api/v1/setup" \
  -d '{"organizationName":"Bench","name":"Bench Admin","email":"bench@example.org","password":"bench-password-123"}' | json "['csrfToken']")
token=$(curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$URL/api/v1/tokens" -d '{"name":"bench"}' | json "['secret']")
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
site=$(curl -fs "${auth[@]}" "$URL/api/v1/sites" -d '{"name":"Riverside Clinics"}')
site_id=$(echo "$site" | json "['id']"); site_slug=$(echo "$site" | json "['slug']")
page=$(curl -fs "${auth[@]}" "$URL/api/v1/sites/$site_id/pages" -d '{"title":"Flu clinic","slug":"home"}' | json "['id']")
# A real photo-sized image for the hero (a 1200×800 PNG gradient), through
# the image library, so the page gets its responsive variants.
python3 - "$work/nurse.png" <<'PY'
import struct, sys, zlib
w, h = 1200, 800
rows = b"".join(b"\x00" + bytes(c for x in range(w) for c in (x * 255 // w, y * 255 // h, 160)) for y in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
asset=$(curl -fs -H "Authorization: Bearer $token" -F "file=@$work/nurse.png;type=image/png" -F "alt=A nurse smiling at a patient" \
  "$URL/api/v1/sites/$site_id/assets" | json "['id']")
for _ in $(seq 1 300); do
  [ "$(curl -fs "${auth[@]}" "$URL/api/v1/assets/$asset" | json "['status']")" = ready ] && break
  sleep 0.1
done
sed "s#/assets/flu/nurse.jpg#asset:$asset#" internal/render/testdata/flu-clinic.json > "$work/doc.json"
curl -fs -o /dev/null -X PUT "${auth[@]}" -H 'If-Match: "1"' --data-binary @"$work/doc.json" "$URL/api/v1/pages/$page/document"
dep=$(curl -fs "${auth[@]}" -X POST "$URL/api/v1/sites/$site_id/environments/production/deployments" -d '{"message":"Lighthouse"}' | json "['id']")
for _ in $(seq 1 600); do
  status=$(curl -fs "${auth[@]}" "$URL/api/v1/deployments/$dep" | json "['status']")
  [ "$status" = success ] && break
  [ "$status" = failed ] && { curl -fs "${auth[@]}" "$URL/api/v1/deployments/$dep"; exit 1; }
  sleep 0.1
done
target="$URL/s/$site_slug/production/"
printf '\n== Lighthouse %s on the published sample page (%s) ==\n' "$LH_VERSION" "$target"
printf '%-8s %12s %14s %15s %6s %8s %8s %8s\n' form performance accessibility best-practices seo "FCP ms" "LCP ms" "TBT ms"
for form in desktop mobile; do
  preset=(); [ "$form" = desktop ] && preset=(--preset=desktop)
  CHROME_PATH="$CHROME" "$LH_DIR/node_modules/.bin/lighthouse" "$target" "${preset[@]}" --quiet --output=json --output-path="$work/$form.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$work/chrome-$form" \
    >/dev/null 2>"$work/lh-$form.log" || { tail -20 "$work/lh-$form.log"; exit 1; }
  python3 - "$work/$form.json" "$form" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c, a = r["categories"], r["audits"]
s = lambda k: round((c[k]["score"] or 0) * 100)
ms = lambda k: round(a[k]["numericValue"])
print(f'{sys.argv[2]:<8} {s("performance"):>12} {s("accessibility"):>14} {s("best-practices"):>15} {s("seo"):>6} {ms("first-contentful-paint"):>8} {ms("largest-contentful-paint"):>8} {ms("total-blocking-time"):>8}')
fails = [k for k, v in a.items() if v.get("score") is not None and v["score"] < 0.9 and v.get("scoreDisplayMode") in ("binary", "numeric")]
if fails:
    print("         below 0.9:", ", ".join(sorted(fails)[:12]))
for item in (a.get("errors-in-console", {}).get("details") or {}).get("items", [])[:3]:
    print("         console:", item.get("source"), str(item.get("description", ""))[:160], item.get("sourceLocation", {}).get("url", ""))
PY
done
