#!/usr/bin/env bash
# Site server benchmark: requests/s and latency of one published page
# served by Pagewright's site server and by nginx serving the same files
# (same machine, same run, same wrk settings, gzip for both: Debian's nginx
# has no brotli module). nginx sends the same security and cache headers
# so that both answer alike. Goal: Pagewright >= 80% of nginx's requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
THREADS=${BENCH_THREADS:-2}
PAGE=${BENCH_PAGE:-/services/flu-clinic/}
PW_ADDR=127.0.0.1:18081
NGINX_ADDR=127.0.0.1:18082
FLOOR_ADDR=127.0.0.1:18083
FAST_ADDR=127.0.0.1:18084

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as nobody when started as root
pw_pid=
nginx_pid=
cleanup() {
  [ -n "$pw_pid" ] && kill "$pw_pid" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

wait_up() { # $1 url, $2 pid, $3 log
  for _ in $(seq 1 200); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 0.05
  done
  echo "not up: $1"; cat "$3"; exit 1
}

printf '\n== Site server benchmarks ==\n'
go build -o "$work/sitebench" ./bench/siteserver
"$work/sitebench" -addr "$PW_ADDR" -static "$work/static" -floor "$FLOOR_ADDR" -floor-page "$PAGE" -fast "$FAST_ADDR" >"$work/pw.log" 2>&1 &
pw_pid=$!
wait_up "http://$PW_ADDR/s/riverside/production/" "$pw_pid" "$work/pw.log"
wait_up "http://$FAST_ADDR/s/riverside/production/" "$pw_pid" "$work/pw.log"
sed -n '1,/^serving/p' "$work/pw.log"

mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  open_file_cache max=1000 inactive=60s;
  gzip_static on;
  gzip_vary on;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen $NGINX_ADDR;
    root $work/static;
    add_header Cache-Control "public, max-age=0, must-revalidate";
    add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
    add_header X-Content-Type-Options nosniff;
    add_header Referrer-Policy strict-origin-when-cross-origin;
    add_header X-Frame-Options SAMEORIGIN;
    add_header Permissions-Policy "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";
  }
}
CONF
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/logs/stdout.log" 2>&1 &
nginx_pid=$!
wait_up "http://$NGINX_ADDR/" "$nginx_pid" "$work/nginx/logs/error.log"

# name|url|extra header
targets=(
  "sites listener (host)|http://$FAST_ADDR$PAGE|Host: www.riverside.example"
  "sites listener (/s/)|http://$FAST_ADDR/s/riverside/production$PAGE|"
  "app listener (host)|http://$PW_ADDR$PAGE|Host: www.riverside.example"
  "app listener (/s/)|http://$PW_ADDR/s/riverside/production$PAGE|"
  "nginx|http://$NGINX_ADDR$PAGE|"
  "net/http floor|http://$FLOOR_ADDR$PAGE|"
)

hdr_args() { [ -n "$1" ] && printf '%s\n' -H "$1"; true; }

# Both must send the same bytes, gzip-encoded.
for t in "${targets[@]}"; do
  IFS='|' read -r name url extra <<<"$t"
  mapfile -t h < <(hdr_args "$extra")
  enc=$(curl -fs -o "$work/body" -D - "${h[@]}" -H 'Accept-Encoding: gzip' "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
  size=$(stat -c %s "$work/body")
  printf '%-24s %s -> %s bytes, Content-Encoding: %s\n' "$name" "$url" "$size" "${enc:-identity}"
  [ "$enc" = gzip ] || { echo "expected a gzip response"; exit 1; }
done

to_ms() { # wrk latency ("812.00us", "1.23ms", "1.02s") in ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

cpu_ticks() { # user+system clock ticks of the given processes (and their reaped children)
  local sum=0 p
  for p in "$@"; do sum=$((sum + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$sum"
}
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid"); }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
# Rounds interleave the servers so that a noisy moment on the machine
# does not favour one of them; each figure is the median of its rounds.
ROUNDS=${BENCH_ROUNDS:-3}
HZ=$(getconf CLK_TCK)
declare -A res
for round in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    IFS='|' read -r name url extra <<<"$t"
    mapfile -t h < <(hdr_args "$extra")
    if [ "$name" = nginx ]; then pids=$(nginx_pids); else pids=$pw_pid; fi
    wrk -t"$THREADS" -c"$CONNS" -d2s "${h[@]}" -H 'Accept-Encoding: gzip' "$url" >/dev/null # warm-up
    c0=$(cpu_ticks $pids)
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --latency "${h[@]}" -H 'Accept-Encoding: gzip' "$url")
    c1=$(cpu_ticks $pids)
    if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then echo "$name: errors during the run:"; echo "$out"; exit 1; fi
    r=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    res[$name,rps]+="$r "
    res[$name,p50]+="$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")") "
    res[$name,p99]+="$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")") "
    res[$name,cpu]+="$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.1f", t / hz / n * 1e6 }') "
    printf 'round %d  %-24s %10s req/s\n' "$round" "$name" "$r"
  done
done

printf '\nwrk -t%s -c%s -d%s --latency -H "Accept-Encoding: gzip" GET %s; %d CPUs shared by server and wrk; median of %d rounds\n' \
  "$THREADS" "$CONNS" "$DUR" "$PAGE" "$(nproc)" "$ROUNDS"
printf '%-24s %12s %9s %9s %14s %9s\n' server requests/s p50_ms p99_ms "server_cpu_us" "vs nginx"
nginx_rps=$(tr ' ' '\n' <<<"${res[nginx,rps]}" | grep . | median)
for t in "${targets[@]}"; do
  IFS='|' read -r name _ _ <<<"$t"
  m() { tr ' ' '\n' <<<"${res[$name,$1]}" | grep . | median; }
  rps=$(m rps)
  printf '%-24s %12s %9s %9s %14s %9s\n' "$name" "$rps" "$(m p50)" "$(m p99)" "$(m cpu)" \
    "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
done
echo "(server_cpu_us: CPU time the server used per request, user + system."
echo " sites listener: pagewright serve's own listener for published sites (--sites-addr, fasthttp fast path);"
echo " app listener: the sites under /s/ and attached domains on the app's net/http listener (--addr);"
echo " net/http floor: the same response bytes and headers from a bare net/http handler configured like the app's server -"
echo " the ceiling for any handler on the app listener.)"
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
