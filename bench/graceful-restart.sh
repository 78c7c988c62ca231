#!/usr/bin/env bash
# Graceful restart: SIGTERM while the server is under load.
#
#   bench/graceful-restart.sh           # after `cargo leptos build --release`
#
# The release binary on SQLite with 100 people (80 live, 10 writer accounts). Under wrk -c64
# over the public pages and the writer saving résumés, four uploads are in flight (each body
# trickled over 4 s) and one slow-loris upload (1 byte/s) is connected when the server gets
# SIGTERM. A probe opens a new connection every 50 ms throughout.
#
# Targets: the in-flight uploads complete (200); no new connection is accepted after the signal;
# the process exits, with status 0, within 10 s — even with the slow-loris upload still open.
source "$(dirname "$0")/lib.sh"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
bench_init
echo "graceful-restart: $(machine_line)"
mkdir -p "$tmp/data"
DATABASE_URL="sqlite://$tmp/data/vitae.db"
server_start "$tmp"
pid=$server_pid
seed 100 80 10
pdf=$(ls "$root"/../shared/eval/dev/*.pdf 2>/dev/null | head -1 || true)
if [ -z "$pdf" ]; then pdf=$tmp/resume.pdf; client make-pdf --size 120000 --out "$pdf"; fi

loadavg_watch "$tmp/loadavg"
wrk -t2 -c64 -d20s --timeout 10s --latency -s bench/public-pages.lua "$base" -- "$tmp/pages.txt" >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
client write --accounts "$tmp/writers.tsv" --duration 20 --rate 10 --log "$tmp/writes.jsonl" &
writer_pid=$!
client connect-probe --duration 20 >"$tmp/connects.jsonl" &
probe_pid=$!
pids+=("$wrk_pid" "$writer_pid" "$probe_pid")
sleep 3
client inflight --accounts "$tmp/writers.tsv" --file "$pdf" --count 4 --seconds 4 >"$tmp/inflight.jsonl" &
inflight_pid=$!
client slow --accounts "$tmp/writers.tsv" --what body --give-up 60 >"$tmp/slow.json" &
slow_pid=$!
pids+=("$inflight_pid" "$slow_pid")
sleep 1.5

say "SIGTERM to the server (pid $pid) with uploads in flight"
term_at=$(date +%s.%N)
kill -TERM "$pid"
# `wait` returns when the process exits (kill -0 would still see it until it is reaped).
(sleep 30; kill -KILL "$pid" 2>/dev/null) &
killer=$!
set +e
wait "$pid"
status=$?
set -e
exit_s=$(awk -v a="$term_at" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
kill "$killer" 2>/dev/null || true
wait "$inflight_pid" || true
wait "$slow_pid" || true
# wrk, the writer and the probe run their 20 s out (against a closed port by then).
wait "$wrk_pid" "$writer_pid" "$probe_pid" 2>/dev/null || true
load=$(loadavg_report "$tmp/loadavg")

inflight_ok=$(grep -c '"status": 200' "$tmp/inflight.jsonl" || true)
accepted_after=$(python3 -c "
import json, sys
t = float(sys.argv[1]) + 0.1
rows = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
after = [r for r in rows if r['t'] > t]
print(sum(1 for r in after if isinstance(r['outcome'], int)), len(after),
      sum(1 for r in rows if r['t'] <= t and r['outcome'] == 200))
" "$term_at" "$tmp/connects.jsonl")
read -r accepted probes_after before_ok <<<"$accepted_after"

echo
echo "in-flight uploads at the signal: $(wc -l <"$tmp/inflight.jsonl"), answered 200: $inflight_ok"
sed 's/^/  /' "$tmp/inflight.jsonl"
echo "slow-loris upload: $(cat "$tmp/slow.json")"
echo "new connections: $before_ok answered before the signal; after it, $accepted accepted of $probes_after tried"
echo "exit: $exit_s s after SIGTERM, status $status"
echo "wrk (20 s; the server was gone for the last part): statuses $(sed -n 's/^bench statuses //p' "$tmp/wrk.txt"); socket errors $(sed -n 's/^bench errors //p' "$tmp/wrk.txt")"
echo "saves: $(client summary --log "$tmp/writes.jsonl")"
echo "load average during the run: $load"
echo "server log after the signal:"
grep -iE 'shutting|in-flight|exiting|error|panic' "$tmp/server.log" | sed 's/^/  /' | tail -5 || true
echo
echo "targets:"
check "in-flight requests complete" "$([ "$inflight_ok" = 4 ] && echo 1 || echo 0)" "$inflight_ok of 4 uploads answered 200"
check "no new connections after SIGTERM" "$([ "$accepted" = 0 ] && [ "$probes_after" -gt 0 ] && echo 1 || echo 0)" \
  "$accepted of $probes_after accepted"
check "exit within 10 s" "$(awk -v e="$exit_s" -v s="$status" 'BEGIN {print (e ~ /^[0-9.]+$/ && e <= 10 && s == 0) ? 1 : 0}')" \
  "$exit_s s, exit status $status"
exit $(( failed_checks > 0 ))
