#!/usr/bin/env bash
# Benchmarks a public site (/username) against nginx serving the same HTML as a static file.
#
#   bench/public-page.sh            # after `cargo leptos build --release`
#   STYLE=bento DURATION=10s bench/public-page.sh
#
# Starts the release binary on a free loopback port with a fresh SQLite database, seeds one live
# site with `vitae users import` (end2end/fixtures/grace.json), then runs `wrk -t2 -c64` against
# the page and, when nginx is installed, against nginx serving the page's HTML from a file, in the
# same run. Prints requests/s and p99 latency of both, and the page weight: the gzip-compressed
# bytes of everything a first visit downloads (HTML with inline CSS and JS; images and fonts aside).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
bin=$target_dir/release/vitae
style=${STYLE:-simple}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x "$bin" ] || { echo "no $bin: run cargo leptos build --release first" >&2; exit 1; }
[ -d "$root/target/site" ] || { echo "no target/site: run cargo leptos build --release first" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
run_env() { env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$root/target/site" RUST_LOG=warn "$@"; }

mkdir -p "$tmp/data" "$tmp/www"
chmod a+rx "$tmp" "$tmp/www" # nginx workers run as nobody
(cd "$tmp/data" && run_env "$bin" users import "$root/end2end/fixtures/grace.json" \
  --username bench --email bench@example.com --live --style "$style" >/dev/null)

port=$(free_port)
(cd "$tmp/data" && exec env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$root/target/site" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn "$bin" serve) >"$tmp/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/bench"
curl -fs "$url" -o "$tmp/www/bench.html"

# Page weight: what a first visit transfers, compressed as served (the server keeps a gzip copy).
gz=$(curl -fs -H 'Accept-Encoding: gzip' "$url" | wc -c)
raw=$(wc -c <"$tmp/www/bench.html")
external=$(grep -Eo '<(script|link)[^>]+(src|href)="[^"]+\.(js|css|wasm)"' "$tmp/www/bench.html" | wc -l || true)

# wrk prints "Requests/sec: N" and, with --latency, "99% N.NNms".
measure() { # name url
  local out
  curl -fs "$2" >/dev/null # warm
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$2")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-28s %12s req/s   p99 %8s\n' "$1" "$rps" "$p99"
  echo "$rps" >"$tmp/$3.rps"
}

echo "wrk -t2 -c$connections -d$duration, style=$style, $(nproc) cores, $(date -u +%FT%TZ)"
measure "vitae /bench" "$url" vitae

if command -v nginx >/dev/null; then
  nport=$(free_port)
  mkdir -p "$tmp/nginx"
  cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=16 inactive=60s;
  keepalive_requests 1000000;
  types { text/html html; }
  client_body_temp_path $tmp/nginx;
  proxy_temp_path $tmp/nginx;
  fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx;
  scgi_temp_path $tmp/nginx;
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
CONF
  nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>"$tmp/nginx/start.log" &
  pids+=($!)
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$nport/bench.html" >/dev/null && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:$nport/bench.html" >/dev/null || { cat "$tmp/nginx/start.log" "$tmp/nginx/error.log" >&2; exit 1; }
  measure "nginx static bench.html" "http://127.0.0.1:$nport/bench.html" nginx
  awk -v v="$(cat "$tmp/vitae.rps")" -v n="$(cat "$tmp/nginx.rps")" \
    'BEGIN { printf "vitae / nginx                %11.0f%%\n", 100 * v / n }'
else
  echo "nginx not installed: no static-file baseline (apt-get install nginx-light)"
fi
echo "page weight: $raw bytes raw, $gz bytes gzip (HTML with inline CSS + JS); $external external CSS/JS/wasm files"
