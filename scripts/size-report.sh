#!/usr/bin/env bash
# Prints the raw and compressed sizes of what /pkg serves (the browser's download).
# Run after a release build: cargo leptos build --release
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${1:-target/site/pkg}
[ -d "$pkg" ] || { echo "no $pkg: build first (cargo leptos build --release)" >&2; exit 1; }
printf '%-40s %10s %10s %10s\n' file raw gzip-9 brotli
total_raw=0 total_gz=0
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  if command -v brotli >/dev/null; then br=$(brotli -c -q 11 "$f" | wc -c); else br="-"; fi
  printf '%-40s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '%-40s %10s %10s\n' total "$total_raw" "$total_gz"
