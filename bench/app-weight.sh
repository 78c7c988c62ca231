#!/usr/bin/env bash
# What the app's own pages cost a phone: transferred bytes, first contentful paint, time to
# hydration and whether any wasm is fetched, for /, /sign-in, /sign-up and /dashboard (signed
# in), each the median of RUNS cold loads in Chromium under a throttled phone profile
# (Slow 4G: 1.6 Mbps down, 750 Kbps up, 150 ms RTT; 4× CPU slowdown; 390 × 844; a new browser
# context, so an empty cache, per load). Then the size of each wasm bundle /pkg serves.
#
#   cargo leptos build --release --precompress && bench/app-weight.sh
#   RUNS=3 bench/app-weight.sh
#
# Starts the release binary on a free loopback port with a fresh SQLite database, as
# scripts/test.sh does; the dashboard's account is signed up through the /sign-up form first
# and its session cookie reused in every fresh context. Needs Node and end2end/node_modules
# (`cd end2end && npm ci`); the browser is Debian's Chromium (CHROMIUM_PATH to change it).
# Targets: /, /sign-in, /sign-up ≤ 40 KB transferred, no .wasm request, first paint ≤ 0.6 s;
# /dashboard hydrated ≤ 1.8 s and ≤ 250 KB transferred; the dashboard's wasm ≤ 250 KB gzip.
source "$(dirname "$0")/lib.sh"

runs=${RUNS:-5}
command -v node >/dev/null || { echo "node is needed" >&2; exit 1; }
[ -d "$root/end2end/node_modules/playwright-core" ] ||
  { echo "no end2end/node_modules: cd end2end && npm ci" >&2; exit 1; }
bench_init
# The hashed /pkg names are in hash.txt beside the binary (cargo-leptos writes it; the server
# looks for it next to its own executable).
hash_txt=$(dirname "$VITAE_BIN")/hash.txt
[ -f "$hash_txt" ] && cp "$hash_txt" "$tmp/hash.txt"
# cargo-leptos writes the site where the workspace's site-root says (target/site beside the
# sources), whatever CARGO_TARGET_DIR is; SITE_ROOT overrides.
site_root=${SITE_ROOT:-}
if [ -z "$site_root" ]; then
  for d in "$root/target/site" "$target_dir/site"; do
    [ -d "$d/pkg" ] && { site_root=$d; break; }
  done
fi
[ -n "$site_root" ] && [ -d "$site_root/pkg" ] ||
  { echo "no site with /pkg: cargo leptos build --release --precompress first" >&2; exit 1; }
ls "$site_root"/pkg/*.wasm.br >/dev/null 2>&1 ||
  echo "note: no precompressed .br files in $site_root/pkg: build with --precompress to measure as served" >&2
# A copy, like the binary: a rebuild during the run must not change what is served.
cp -r "$site_root" "$tmp/app-site"
site_root=$tmp/app-site

port=$(free_port)
base="http://127.0.0.1:$port"
mkdir -p "$tmp/data"
(cd "$tmp/data" && exec env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$site_root" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn "$bin" serve) >"$tmp/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 300); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "the server did not start" >&2; exit 1; }
  sleep 0.1
done

echo "# app pages on a throttled phone — $(machine_line)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$root/bench/app-weight.mjs" --base "$base" --runs "$runs" --out "$tmp/pages.json"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "wasm bundles in /pkg (raw, gzip -9, and as served: the precompressed .br/.gz):"
printf '  %-44s %10s %10s %10s %10s\n' file raw gzip-9 served.br served.gz
wasm_gz_total=0
for f in "$site_root"/pkg/*.wasm; do
  [ -f "$f" ] || continue
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=-; [ -f "$f.br" ] && br=$(wc -c <"$f.br")
  sgz=-; [ -f "$f.gz" ] && sgz=$(wc -c <"$f.gz")
  printf '  %-44s %10s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br" "$sgz"
  wasm_gz_total=$((wasm_gz_total + gz))
done

echo
echo "verdict (median of $runs cold loads):"
while IFS=$'\t' read -r name ok detail; do
  check "$name" "$ok" "$detail"
done < <(node -e '
  const r = require(process.argv[1]);
  const kb = (b) => (b / 1024).toFixed(1) + " KB";
  const s = (ms) => ms == null ? "n/a" : (ms / 1000).toFixed(2) + " s";
  for (const p of r) {
    if (p.path === "/dashboard") {
      console.log(["/dashboard hydrated ≤ 1.8 s", p.hydrated != null && p.hydrated <= 1800 ? 1 : 0, s(p.hydrated)].join("\t"));
      console.log(["/dashboard ≤ 250 KB transferred", p.bytes <= 250 * 1024 ? 1 : 0, kb(p.bytes)].join("\t"));
    } else {
      console.log([`${p.path} ≤ 40 KB transferred`, p.bytes <= 40 * 1024 ? 1 : 0, kb(p.bytes)].join("\t"));
      console.log([`${p.path} no .wasm request`, p.wasmLoads === 0 ? 1 : 0, `${p.wasmLoads} of ${p.runs} loads fetched wasm`].join("\t"));
      console.log([`${p.path} first paint ≤ 0.6 s`, p.fcp != null && p.fcp <= 600 ? 1 : 0, s(p.fcp)].join("\t"));
    }
  }' "$tmp/pages.json")
check "dashboard wasm ≤ 250 KB gzip" "$([ "$wasm_gz_total" -le $((250 * 1024)) ] && echo 1 || echo 0)" \
  "$((wasm_gz_total / 1024)) KB gzip -9 (all bundles)"
[ "$failed_checks" = 0 ]
