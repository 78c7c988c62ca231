#!/usr/bin/env bash
# Database faults: the load of bench/load.sh while the database goes away for a moment.
#
#   bench/db-faults.sh                  # PostgreSQL, then the two SQLite faults
#   bench/db-faults.sh postgres         # one of them (postgres, sqlite, sqlite-lock)
#   PG_STOP_MODE=immediate bench/db-faults.sh postgres   # a crash rather than a clean stop
#
# PostgreSQL: the throwaway cluster is stopped (`pg_ctl stop -m fast`) OUTAGE_AT seconds (10) into
# a DURATION-second run (30) and started again OUTAGE seconds (5) later.
# SQLite: the server runs as an unprivileged user (root ignores file modes) and the database
# file's directory is made read-only (chmod 555) for OUTAGE seconds, then writable again. In WAL
# mode with its files open this changes nothing for a running server (SQLite creates no file
# while it runs), so sqlite-lock adds a fault that bites: another process takes the write lock
# (BEGIN IMMEDIATE) for OUTAGE seconds, as a long transaction typed by hand would.
#
# Throughout: wrk over random public pages (-c64, 10 s socket timeout, so a hang shows as latency
# rather than disappearing), the writer saving résumés through the API, and a probe that asks
# /readyz and a random page ten times a second. Afterwards the writer's log is compared with the
# database (`vitae users show` for every writer account).
#
# Targets: /readyz answers 503 during the outage; no request takes longer than 2 s; within 5 s
# of the database being back every probe and save is a 200 again, without restarting Vitae;
# every save answered 200 is in the database; every failed save got an error status.
source "$(dirname "$0")/lib.sh"

duration=${DURATION:-30}
outage_at=${OUTAGE_AT:-10}
outage=${OUTAGE:-5}
connections=${CONNECTIONS:-64}
users=${USERS:-1000}
live=${LIVE:-800}
writers=${WRITERS:-50}
write_rate=${WRITE_RATE:-10}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(postgres sqlite sqlite-lock)

bench_init
echo "db-faults: $(machine_line)"

# One run against whichever database DATABASE_URL names; $1 is the kind, $2 the user to run as.
run() {
  local kind=$1 as=${2:-}
  : >"$tmp/server.log"
  server_start "$work" "$as"
  local pid=$server_pid
  seed "$users" "$live" "$writers" "$as"
  wrk -t2 -c16 -d3s -s bench/public-pages.lua "$base" -- "$tmp/pages.txt" >/dev/null
  reset_peak "$pid"
  loadavg_watch "$tmp/loadavg"
  say "$kind: ${duration}s of load; the database goes away at ${outage_at}s for ${outage}s"
  client probe --pages "$tmp/pages.txt" --duration "$duration" --log "$tmp/probe.jsonl" &
  local probe_pid=$!
  client write --accounts "$tmp/writers.tsv" --duration "$duration" --rate "$write_rate" \
    --log "$tmp/writes.jsonl" &
  local writer_pid=$!
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s bench/public-pages.lua \
    "$base" -- "$tmp/pages.txt" >"$tmp/wrk.txt" &
  local wrk_pid=$!
  pids+=("$probe_pid" "$writer_pid" "$wrk_pid")
  sleep "$outage_at"
  local down up
  fault_down_at="" fault_up_at=""
  fault_begin
  # The outage: from when the fault is in place to when it is lifted. Postgres says in its log
  # when it had shut down and when it accepted connections again (pg_ctl -w notices both a
  # little later); otherwise the moments fault_begin and fault_end return.
  down=${fault_down_at:-$(date +%s.%N)}
  sleep "$outage"
  fault_end
  up=${fault_up_at:-$(date +%s.%N)}
  say "$kind: the database was away for $(awk -v a="$down" -v b="$up" 'BEGIN {printf "%.1f", b - a}') s"
  wait "$wrk_pid" "$writer_pid" "$probe_pid"
  local load alive=0
  load=$(loadavg_report "$tmp/loadavg")
  kill -0 "$pid" 2>/dev/null && alive=1

  local report verify
  report=$(client fault-report --probe "$tmp/probe.jsonl" --writes "$tmp/writes.jsonl" --down "$down" --up "$up")
  verify=$(client verify --accounts "$tmp/writers.tsv" --log "$tmp/writes.jsonl" --vitae "$vitae_cli" 2>"$tmp/verify.err") || true
  field() { python3 -c "import json,sys; d=json.loads(sys.argv[1])
for k in sys.argv[2].split('.'): d = d.get(k, 0) if isinstance(d, dict) else 0
print(d)" "$1" "$2"; }
  get() { sed -n "/^bench $1/s/.*\b$2=\([0-9.]*\).*/\1/p" "$tmp/wrk.txt"; }
  local statuses wrk_max other5xx
  statuses=$(sed -n 's/^bench statuses //p' "$tmp/wrk.txt")
  wrk_max=$(get latency_ms max)
  other5xx=$(tr ' ' '\n' <<<"$statuses" | awk -F= '$1 ~ /^5/ && $1 != 503 {n += $2} END {print n + 0}')
  local saves5xx
  saves5xx=$(python3 -c "import json,sys; d=json.loads(sys.argv[1])['saves']['status_counts']; print(sum(v for k,v in d.items() if k.startswith('5') and k!='503'))" "$report")

  echo
  echo "== $kind: database away for $(field "$report" outage_s) s ($fault_words) =="
  echo "public pages (wrk -c$connections): $(get requests rps) req/s  p50 $(get latency_ms p50) ms  p99 $(get latency_ms p99) ms  max $wrk_max ms"
  echo "  statuses: $statuses; socket errors: $(sed -n 's/^bench errors //p' "$tmp/wrk.txt")"
  echo "probe: $report"
  echo "database vs. the writer's log: $verify"
  sed 's/^/  /' "$tmp/verify.err" | head -5
  echo "server: pid $pid $([ $alive = 1 ] && echo 'still running (never restarted)' || echo 'DIED'), RSS $(rss_mb "$pid" 2>/dev/null || echo ?) MB, peak $(peak_mb "$pid" 2>/dev/null || echo ?) MB; load average $load"
  if [ "$kind" = postgres ]; then
    check "/readyz 503 during the outage" \
      "$(python3 -c "import json,sys; d=json.loads(sys.argv[1])['readyz_during_outage']; print(int(d.get('503',0)>0 and d.get('200',0)==0))" "$report")" \
      "$(field "$report" readyz_during_outage)"
  else
    echo "  (/readyz only reads, and this fault does not stop SQLite readers: $(field "$report" readyz_during_outage))"
  fi
  check "no request longer than 2 s" \
    "$(awk -v w="$wrk_max" -v p="$(field "$report" slowest_probe_s)" 'BEGIN {print (w < 2000 && p < 2) ? 1 : 0}')" \
    "wrk max $wrk_max ms, slowest probe $(field "$report" slowest_probe_s) s ($(field "$report" slowest_probe)), slowest save $(field "$report" saves.max_ms) ms"
  check "all 200 again within 5 s of the database being back" \
    "$(awk -v r="$(field "$report" all_200_again_s_after_up)" 'BEGIN {print (r <= 5) ? 1 : 0}')" \
    "$(field "$report" all_200_again_s_after_up) s"
  check "no 5xx but 503 (documented: 'briefly unavailable')" "$([ "$other5xx" = 0 ] && [ "$saves5xx" = 0 ] && echo 1 || echo 0)" \
    "$other5xx others on pages; saves: $(field "$report" saves.status_counts)"
  check "the server kept running" "$alive" "pid $pid"
  check "every save answered 200 is in the database" \
    "$([ "$(field "$verify" acknowledged_saves_lost)" = 0 ] && [ -n "$verify" ] && echo 1 || echo 0)" \
    "$(field "$verify" acknowledged_saves_lost) lost of $(field "$report" saves.ok) acknowledged; $(field "$verify" failed_saves_that_committed) failed saves were committed anyway"
  check "every failed save got an error status" \
    "$([ "$(field "$report" saves.failed_without_answer)" = 0 ] && echo 1 || echo 0)" \
    "$(field "$report" saves.failed_with_status) with a status, $(field "$report" saves.failed_without_answer) without an answer"
  grep -q 'panicked' "$tmp/server.log" && { echo "  the server log has a panic:"; grep -m3 panicked "$tmp/server.log"; failed_checks=$((failed_checks + 1)); }
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
}

# A fresh SQLite database in $1, it and the `vitae` command line ($vitae_cli) run as an
# unprivileged user ($user): as root, a read-only directory is still writable.
sqlite_as_nobody() {
  user=65534
  work=$1
  mkdir -p "$work/data"
  chown -R "$user:$user" "$work"
  DATABASE_URL="sqlite://$work/data/vitae.db"
  vitae_cli=$tmp/vitae-cli
  printf '#!/bin/sh\nexec setpriv --reuid=%s --regid=%s --clear-groups env -i PATH="$PATH" DATABASE_URL="%s" RUST_LOG=error "%s" "$@"\n' \
    "$user" "$user" "$DATABASE_URL" "$bin" >"$vitae_cli"
  chmod +x "$vitae_cli"
}

for kind in "${kinds[@]}"; do
  case $kind in
    postgres)
      pg_start_new
      work=$tmp/pg-work
      mkdir -p "$work"
      vitae_cli=$tmp/vitae-cli
      printf '#!/bin/sh\nexec env -i PATH="$PATH" DATABASE_URL="%s" RUST_LOG=error "%s" "$@"\n' "$DATABASE_URL" "$bin" >"$vitae_cli"
      chmod +x "$vitae_cli"
      fault_words="pg_ctl stop -m ${PG_STOP_MODE:-fast}, then start"
      # The time of the last line of the cluster's log matching $1, in seconds since the epoch.
      pg_log_time() {
        date -d "$(grep "$1" "$pg_dir/server.log" | tail -1 | awk '{print $1, $2, $3}')" +%s.%N
      }
      fault_begin() {
        pg_stop "${PG_STOP_MODE:-fast}"
        fault_down_at=$(pg_log_time 'database system is shut down\|received immediate shutdown request')
      }
      fault_end() {
        pg_start
        fault_up_at=$(pg_log_time 'database system is ready to accept connections')
      }
      run postgres
      pg_stop fast
      ;;
    sqlite)
      sqlite_as_nobody "$tmp/sqlite-work"
      fault_words="chmod 555 on the database's directory, then 755"
      fault_begin() { chmod 555 "$work/data"; }
      fault_end() { chmod 755 "$work/data"; }
      run sqlite "$user"
      ;;
    sqlite-lock)
      # Another process holds SQLite's write lock (a long transaction by hand, a bulk import):
      # writers wait up to the busy timeout (5 s), readers go on (WAL).
      sqlite_as_nobody "$tmp/sqlite-lock-work"
      fault_words="another process holds the write lock (BEGIN IMMEDIATE), then commits"
      fault_begin() {
        rm -f "$tmp/locked"
        python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
c.execute("begin immediate")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
c.execute("commit")' "$work/data/vitae.db" "$tmp/locked" "$outage" &
        locker_pid=$!
        pids+=("$locker_pid")
        while [ ! -e "$tmp/locked" ]; do sleep 0.05; done
      }
      fault_end() { wait "$locker_pid"; }
      # fault_begin holds the lock for the whole outage; the main loop's sleep runs alongside.
      run sqlite-lock "$user"
      ;;
    *) echo "usage: $0 [postgres] [sqlite] [sqlite-lock]" >&2; exit 2 ;;
  esac
done
exit $(( failed_checks > 0 ))
