#!/usr/bin/env bash
# The quality table of every shipped template as a visitor gets it: starts
# Pagewright, installs every shipped template into one site through the API
# (the clinic home page as the site's home page, "/"; the others at
# /<template slug>/), deploys production once, and for each published page
# reports:
#   - Lighthouse (npm, against Debian's chromium) mobile and desktop scores:
#     performance, accessibility, best practices and SEO (the last three are
#     the lower of the two runs), and the mobile FCP, LCP, TBT and CLS;
#   - Nu errors: the Nu HTML Checker (npm vnu-jar, with the machine's Java)
#     over the HTML the site server sends;
#   - axe violations: Lighthouse's accessibility category is axe-core; every
#     accessibility audit that fails (score 0) on the mobile or the desktop
#     run counts as one violation (an axe rule broken, on any number of
#     elements). Their names are printed under the table.
# Goals (DESIGN.md §1.3): mobile performance >= 95, desktop 100, no Nu
# errors, no axe violations. Exits 1 when a template misses one.
# Lighthouse runs one page at a time: about 25 s a template (two runs), some
# 7 minutes in all on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/pagewright}
LH_VERSION=13.5.0
LH_DIR=${LIGHTHOUSE_DIR:-$HOME/.cache/pagewright-bench/lighthouse-$LH_VERSION}
VNU_DIR=${VNU_DIR:-$HOME/.cache/pagewright-bench/vnu-jar}
PORT=${BENCH_PORT:-18192}
URL=http://127.0.0.1:$PORT
MOBILE_GOAL=95
DESKTOP_GOAL=100
CHROME=${CHROME_PATH:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROME" ]; then echo "templates: chromium not found (apt-get install -y chromium)"; exit 1; fi
command -v java >/dev/null || { echo "templates: java not found (apt-get install -y default-jre-headless)"; exit 1; }
[ -x "$BIN" ] || { echo "templates: $BIN not built (make build)"; exit 1; }
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  echo "installing lighthouse $LH_VERSION into $LH_DIR"
  mkdir -p "$LH_DIR"
  npm install --silent --no-audit --no-fund --prefix "$LH_DIR" "lighthouse@$LH_VERSION" >/dev/null
fi
# The checker the Go tests use (web/node_modules, from npm ci in web/), else
# the same npm package in the cache.
VNU=web/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$VNU" ]; then
  VNU=$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar
  if [ ! -f "$VNU" ]; then
    version=$(python3 -c "import json; print(json.load(open('web/package.json'))['devDependencies']['vnu-jar'])" 2>/dev/null || echo latest)
    echo "installing vnu-jar $version into $VNU_DIR"
    mkdir -p "$VNU_DIR"
    npm install --silent --no-audit --no-fund --prefix "$VNU_DIR" "vnu-jar@$version" >/dev/null
  fi
fi

work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
started=$(date +%s)

PAGEWRIGHT_LOG_LEVEL=warn PAGEWRIGHT_DATABASE_URL= "$BIN" serve --addr 127.0.0.1:$PORT --sites-addr off --data-dir "$work/data" 2>"$work/server.log" &
pid=$!
until curl -fs "$URL/readyz" >/dev/null 2>&1; do kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }; sleep 0.05; done

jar="$work/jar"
csrf=$(curl -fs -c "$jar" -H 'content-type: application/json' "$URL/api/v1/setup" \
  -d '{"organizationName":"Bench","name":"Bench Admin","email":"bench@example.org","password":"bench-password-123"}' | json "['csrfToken']")
token=$(curl -fs -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$URL/api/v1/tokens" -d '{"name":"bench"}' | json "['secret']")
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
site=$(curl -fs "${auth[@]}" "$URL/api/v1/sites" -d '{"name":"Riverside Community Health"}')
site_id=$(echo "$site" | json "['id']"); site_slug=$(echo "$site" | json "['slug']")

# Every shipped template, by name: "<slug> <id>" lines.
curl -fs "${auth[@]}" "$URL/api/v1/templates?limit=60&sort=name" |
  python3 -c "import sys,json; [print(t['slug'], t['id']) for t in json.load(sys.stdin)['items'] if t['builtin']]" >"$work/templates"
[ -s "$work/templates" ] || { echo "templates: no shipped templates listed"; exit 1; }
while read -r slug id; do
  page_slug=$slug; [ "$slug" = clinic-landing ] && page_slug=home
  curl -fs -o /dev/null "${auth[@]}" "$URL/api/v1/templates/$id/install" -d "{\"siteId\":\"$site_id\",\"slug\":\"$page_slug\"}" ||
    { echo "templates: installing $slug failed"; exit 1; }
done <"$work/templates"

dep=$(curl -fs "${auth[@]}" -X POST "$URL/api/v1/sites/$site_id/environments/production/deployments" -d '{"message":"Template quality"}' | json "['id']")
for _ in $(seq 1 600); do
  status=$(curl -fs "${auth[@]}" "$URL/api/v1/deployments/$dep" | json "['status']")
  [ "$status" = success ] && break
  [ "$status" = failed ] && { curl -fs "${auth[@]}" "$URL/api/v1/deployments/$dep"; exit 1; }
  sleep 0.1
done
[ "$status" = success ] || { echo "templates: the deployment did not finish"; exit 1; }
base="$URL/s/$site_slug/production"
path_of() { if [ "$1" = clinic-landing ]; then echo /; else echo "/$1/"; fi; }

# The HTML as served, and the Nu HTML Checker over all of it in one JVM.
mkdir -p "$work/html" "$work/lh"
while read -r slug _; do
  curl -fs -o "$work/html/$slug.html" "$base$(path_of "$slug")" || { echo "templates: GET $base$(path_of "$slug") failed"; exit 1; }
done <"$work/templates"
java -jar "$VNU" --format json --errors-only --stdout "$work"/html/*.html >"$work/nu.json" 2>"$work/nu.log" || true
python3 - "$work/nu.json" >"$work/nu-counts" <<'PY'
import json, os, sys
try:
    msgs = json.load(open(sys.argv[1]))["messages"]
except Exception as e:
    sys.exit(f"templates: the Nu HTML Checker's output is not JSON: {e}")
counts = {}
for m in msgs:
    if m.get("type") == "info":
        continue
    name = os.path.basename(m.get("url", "")).removesuffix(".html")
    counts[name] = counts.get(name, 0) + 1
    print(f"nu {name}:{m.get('lastLine')}:{m.get('firstColumn')}: {m.get('message')}", file=sys.stderr)
json.dump(counts, sys.stdout)
PY

total=$(wc -l <"$work/templates")
printf 'Lighthouse %s on %d published template pages (%s/…), mobile then desktop\n' "$LH_VERSION" "$total" "$base"
n=0
while read -r slug _; do
  n=$((n + 1))
  for form in mobile desktop; do
    preset=(); [ "$form" = desktop ] && preset=(--preset=desktop)
    CHROME_PATH="$CHROME" "$LH_DIR/node_modules/.bin/lighthouse" "$base$(path_of "$slug")" "${preset[@]}" --quiet \
      --only-categories=performance,accessibility,best-practices,seo --max-wait-for-load=20000 \
      --output=json --output-path="$work/lh/$slug-$form.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$work/chrome-$form" \
      >/dev/null 2>"$work/lh-$slug-$form.log" || { echo "templates: lighthouse failed on $slug ($form)"; tail -20 "$work/lh-$slug-$form.log"; exit 1; }
  done
  printf '  %2d/%d %s\n' "$n" "$total" "$slug"
done <"$work/templates"

python3 - "$work" "$MOBILE_GOAL" "$DESKTOP_GOAL" "$started" <<'PY'
import json, sys, time
work, mobile_goal, desktop_goal, started = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
slugs = [l.split()[0] for l in open(f"{work}/templates")]
nu = json.load(open(f"{work}/nu-counts"))

def load(slug, form):
    r = json.load(open(f"{work}/lh/{slug}-{form}.json"))
    c, a = r["categories"], r["audits"]
    score = lambda k: round((c[k]["score"] or 0) * 100)
    failed_a11y = {ref["id"] for ref in c["accessibility"]["auditRefs"]
                   if a[ref["id"]].get("score") == 0 and a[ref["id"]].get("scoreDisplayMode") == "binary"}
    below = sorted(k for k, v in a.items() if v.get("score") is not None and v["score"] < 0.9
                   and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    ms = lambda k: a[k].get("numericValue") or 0
    return {"perf": score("performance"), "a11y": score("accessibility"), "bp": score("best-practices"),
            "seo": score("seo"), "fcp": ms("first-contentful-paint"), "lcp": ms("largest-contentful-paint"),
            "tbt": ms("total-blocking-time"), "cls": ms("cumulative-layout-shift"),
            "axe": failed_a11y, "below": below, "warnings": r.get("runWarnings", [])}

rows, notes, fails = [], [], []
for s in slugs:
    m, d = load(s, "mobile"), load(s, "desktop")
    axe = sorted(m["axe"] | d["axe"])
    row = {"slug": s, "m": m, "d": d, "a11y": min(m["a11y"], d["a11y"]), "bp": min(m["bp"], d["bp"]),
           "seo": min(m["seo"], d["seo"]), "nu": nu.get(s, 0), "axe": axe}
    rows.append(row)
    why = []
    if m["perf"] < mobile_goal: why.append(f"mobile performance {m['perf']} < {mobile_goal}")
    if d["perf"] < desktop_goal: why.append(f"desktop performance {d['perf']} < {desktop_goal}")
    if row["nu"]: why.append(f"{row['nu']} Nu errors")
    if axe: why.append("axe: " + ", ".join(axe))
    if why:
        fails.append(s)
        below = sorted(set(m["below"]) | set(d["below"]))
        notes.append(f"  {s}: " + "; ".join(why) + (f" (below 0.9: {', '.join(below[:10])})" if below else ""))

head = ("template", "mobile perf", "desktop perf", "a11y", "best practices", "SEO", "mobile LCP", "Nu errors", "axe violations")
w = [max(len("vaccination-campaign"), max(len(r["slug"]) for r in rows))] + [len(h) for h in head[1:]]
line = lambda cells: " | ".join(str(c).rjust(w[i]) if i else str(c).ljust(w[i]) for i, c in enumerate(cells))
print()
print(line(head))
print("-+-".join("-" * x for x in w))
for r in rows:
    print(line((r["slug"], r["m"]["perf"], r["d"]["perf"], r["a11y"], r["bp"], r["seo"], f"{r['m']['lcp'] / 1000:.2f} s", r["nu"], len(r["axe"]))))

print("\nMobile Web Vitals (simulated slow 4G, 4x CPU slowdown):")
vh = ("template", "FCP", "LCP", "TBT", "CLS")
vw = [w[0], 8, 8, 8, 6]
vline = lambda cells: " | ".join(str(c).rjust(vw[i]) if i else str(c).ljust(vw[i]) for i, c in enumerate(cells))
print(vline(vh))
print("-+-".join("-" * x for x in vw))
for r in rows:
    m = r["m"]
    print(vline((r["slug"], f"{m['fcp'] / 1000:.2f} s", f"{m['lcp'] / 1000:.2f} s", f"{round(m['tbt'])} ms", f"{m['cls']:.3f}")))

warnings = sorted({x for r in rows for f in ("m", "d") for x in r[f]["warnings"]})
for x in warnings[:3]:
    print(f"\nLighthouse warning: {x[:300]}")

min_m = min(r["m"]["perf"] for r in rows)
min_d = min(r["d"]["perf"] for r in rows)
nu_total = sum(r["nu"] for r in rows)
axe_total = sum(len(r["axe"]) for r in rows)
ok = lambda b: "yes" if b else "NO"
print(f"\nSummary: {len(rows)} templates; min mobile performance {min_m} (goal >= {mobile_goal}: {ok(min_m >= mobile_goal)}), "
      f"min desktop performance {min_d} (goal {desktop_goal}: {ok(min_d >= desktop_goal)}), "
      f"Nu errors {nu_total} (goal 0: {ok(nu_total == 0)}), axe violations {axe_total} (goal 0: {ok(axe_total == 0)}); "
      f"took {round(time.time() - started)} s")
if fails:
    print(f"\n{len(fails)} templates miss a goal:")
    print("\n".join(notes))
    sys.exit(1)
print("Every shipped template meets the goals.")
PY
