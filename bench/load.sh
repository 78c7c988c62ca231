#!/usr/bin/env bash
# Load: public pages under wrk while résumés are being saved, on PostgreSQL.
#
#   bench/load.sh                       # after `cargo leptos build --release`
#   DURATION=10 USERS=200 LIVE=160 bench/load.sh   # a quick try
#
# Starts a throwaway PostgreSQL cluster (fsync on) and the release binary on a free loopback
# port, seeds USERS people (default 1,000) of whom LIVE (800) are published: WRITERS (50) are
# built-in accounts signed up over HTTP (POST /api/sign-up: argon2, so not all 1,000), the rest
# are imported with `vitae users import` from the evaluation set's JSON Resume files. Then, for
# DURATION seconds (60), at the same time:
#   - wrk -t2 -c64 over random live pages (bench/public-pages.lua), gzip accepted;
#   - a writer saving résumés through the real API (POST /api/resume/save with the account's
#     session cookie) at WRITE_RATE saves/s (10) for random writer accounts (bench/client.py).
# Prints requests/s, p50/p99/max latency, socket errors and non-2xx answers of the pages; the
# saves' count, statuses and latency; the server's RSS before and after, and its peak; the load
# average of the machine during the run (wrk, the writer, Postgres and the server share it).
#
# Targets: zero errors and zero 5xx; page p99 ≤ 20 ms while writes run; RSS under 150 MB.
source "$(dirname "$0")/lib.sh"

duration=${DURATION:-60}
connections=${CONNECTIONS:-64}
users=${USERS:-1000}
live=${LIVE:-800}
writers=${WRITERS:-50}
write_rate=${WRITE_RATE:-10}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

bench_init
echo "load: $(machine_line)"
pg_start_new
server_start "$tmp"
seed "$users" "$live" "$writers"

say "warming the page cache (every live page once)"
wrk -t2 -c16 -d5s -s bench/public-pages.lua "$base" -- "$tmp/pages.txt" >/dev/null
rss_before=$(rss_mb "$server_pid")
reset_peak "$server_pid"

say "wrk -t2 -c$connections for ${duration}s over $(wc -l <"$tmp/pages.txt") pages; writer at $write_rate saves/s"
loadavg_watch "$tmp/loadavg"
if [ "$write_rate" != 0 ]; then
  client write --accounts "$tmp/writers.tsv" --duration "$duration" --rate "$write_rate" \
    --log "$tmp/writes.jsonl" &
else
  : >"$tmp/writes.jsonl" # WRITE_RATE=0: pages alone, for comparison
  sleep 0 &
fi
writer_pid=$!
pids+=("$writer_pid")
wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s bench/public-pages.lua \
  "$base" -- "$tmp/pages.txt" >"$tmp/wrk.txt"
wait "$writer_pid"
load=$(loadavg_report "$tmp/loadavg")
rss_after=$(rss_mb "$server_pid")
peak=$(peak_mb "$server_pid")

# wrk's lines from public-pages.lua: "bench key=value ..."
get() { sed -n "/^bench $1/s/.*\b$2=\([0-9.]*\).*/\1/p" "$tmp/wrk.txt"; }
rps=$(get requests rps)
p50=$(get latency_ms p50)
p99=$(get latency_ms p99)
max=$(get latency_ms max)
statuses=$(sed -n 's/^bench statuses //p' "$tmp/wrk.txt")
socket_errors=$(awk '/^bench errors/ {n = 0; for (i = 3; i <= NF; i++) {split($i, kv, "="); n += kv[2]} print n}' "$tmp/wrk.txt")
non2xx=$(tr ' ' '\n' <<<"$statuses" | awk -F= '$1 !~ /^2/ && $1 != "" {n += $2} END {print n + 0}')
fivexx=$(tr ' ' '\n' <<<"$statuses" | awk -F= '$1 ~ /^5/ {n += $2} END {print n + 0}')
writes=$(client summary --log "$tmp/writes.jsonl")
wfield() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$writes" "$1"; }

echo
echo "public pages (wrk -t2 -c$connections -d${duration}s, random among $(wc -l <"$tmp/pages.txt") live sites of $users):"
echo "  $rps req/s   p50 $p50 ms   p99 $p99 ms   max $max ms"
echo "  socket errors: $(sed -n 's/^bench errors //p' "$tmp/wrk.txt")"
echo "  statuses: $statuses   (non-2xx: $non2xx)"
echo "résumé saves (POST /api/resume/save, $write_rate/s target, $writers accounts):"
echo "  $writes"
echo "server RSS: $rss_before MB before, $rss_after MB after, peak $peak MB during the run"
echo "load average (1 min) during the run: $load on $(nproc) cores"
echo
echo "targets:"
check "zero errors" "$([ "$socket_errors" = 0 ] && [ "$(wfield failed_without_answer)" = 0 ] && echo 1 || echo 0)" \
  "$socket_errors socket errors (pages), $(wfield failed_without_answer) saves without an answer"
check "zero 5xx" "$([ "$fivexx" = 0 ] && [ "$(wfield 5xx)" = 0 ] && echo 1 || echo 0)" \
  "$fivexx on pages, $(wfield 5xx) on saves; non-2xx on pages: $non2xx, saves not 200: $(( $(wfield saves) - $(wfield ok) ))"
check "page p99 ≤ 20 ms while writes run" "$(awk -v p="$p99" 'BEGIN {print (p <= 20) ? 1 : 0}')" "p99 $p99 ms"
check "RSS under 150 MB" "$(awk -v a="$rss_after" -v p="$peak" 'BEGIN {print (a < 150 && p < 150) ? 1 : 0}')" \
  "after $rss_after MB, peak $peak MB"
grep -c 'panicked' "$tmp/server.log" >/dev/null && { echo "the server log has a panic:"; grep -m3 panicked "$tmp/server.log"; failed_checks=$((failed_checks + 1)); }
exit $(( failed_checks > 0 ))
