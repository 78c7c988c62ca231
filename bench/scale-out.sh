#!/usr/bin/env bash
# Scale-out: three instances behind nginx (round-robin), one PostgreSQL, and Debian's pgbouncer in
# pool_mode=transaction between them — the stand-in for Supabase's Supavisor on port 6543.
#
#   bench/scale-out.sh        # after `cargo leptos build --release`
#   ROUNDS=5 DURATION=5 MODES=none VITAE_BIN=/path/to/older/vitae bench/scale-out.sh
#
# Reports, for each way an instance can hear changes (MODE=direct: DATABASE_DIRECT_URL, LISTEN on
# a session connection; MODE=none: nothing, pages are checked before they are served):
#   starts    instances started at once on a migrated database (MODE=direct: each migrating
#             again over the direct connection)
#   mix       16 people at once (sign up, sign in, dashboard, save, publish, public page, sign out,
#             the signed-out session on every instance, the other session): requests ok/failed
#   signouts  sign-outs through nginx, each session then refused by every instance
#   coherence unpublish through nginx → 404 from every instance: max and median of 20 rounds,
#             right after the page was read, after 2 s of quiet, and under read load (wrk)
#   guesses   30 wrong passwords for one e-mail round-robin from one client address: 429s; then
#             another person, from another address, signs in
#   logs      ERROR/WARN lines in the instances' and pgbouncer's logs
#   throughput wrk on public pages: one instance direct, three behind nginx
# The bench client runs on 127.0.0.1 like nginx, so with TRUSTED_PROXIES=127.0.0.1/32 the
# X-Forwarded-For it sends stands for "the address on the internet" that a real proxy would write.
source "$(dirname "$0")/lib.sh"

command -v nginx >/dev/null || { echo "nginx is needed (apt-get install nginx)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
pgbouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
[ -x "$pgbouncer" ] || { echo "pgbouncer is needed (apt-get install pgbouncer)" >&2; exit 1; }
rounds=${ROUNDS:-20}
duration=${DURATION:-10}

bench_init
pg_start_new
direct_url=$DATABASE_URL

# --- pgbouncer ----------------------------------------------------------------------------------
bouncer_port=$(free_port)
mkdir -p "$tmp/pgbouncer"
cat >"$tmp/pgbouncer/pgbouncer.ini" <<INI
[databases]
vitae = host=127.0.0.1 port=$pg_port dbname=vitae user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
; sqlx sends it at start-up; Supavisor ignores it too.
ignore_startup_parameters = extra_float_digits
logfile = $tmp/pgbouncer/pgbouncer.log
pidfile = $tmp/pgbouncer/pgbouncer.pid
INI
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$tmp/pgbouncer"
as_pg "$pgbouncer" "$tmp/pgbouncer/pgbouncer.ini" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$bouncer_port) 2>/dev/null && break; sleep 0.1; done
pooled_url="postgres://vitae:x@127.0.0.1:$bouncer_port/vitae"

# --- instances and nginx ------------------------------------------------------------------------
instance_pids=()
instances=()
start_instances() { # MODE; sets instances, instance_pids and up (how many answered /healthz)
  local mode=$1 i port extra
  for pid in "${instance_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  instance_pids=()
  instances=()
  for i in 1 2 3; do
    port=$(free_port)
    extra="DATABASE_POOL_MODE=transaction TRUSTED_PROXIES=127.0.0.1/32 AUTO_MIGRATE=false"
    # With a direct connection the instances also migrate there (all three at once).
    [ "$mode" = direct ] && extra="DATABASE_POOL_MODE=transaction TRUSTED_PROXIES=127.0.0.1/32 DATABASE_DIRECT_URL=$direct_url AUTO_MIGRATE=true"
    mkdir -p "$tmp/i$i"
    # shellcheck disable=SC2086
    (cd "$tmp/i$i" && exec env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$site_root" \
      RUST_LOG=warn DATABASE_URL="$pooled_url" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
      DATABASE_MAX_CONNECTIONS=10 $extra "$bin" serve) >>"$tmp/instances.log" 2>&1 &
    instance_pids+=($!)
    pids+=($!)
    instances+=("http://127.0.0.1:$port")
  done
  local inst
  up=0
  for inst in "${instances[@]}"; do
    for _ in $(seq 1 300); do curl -fs "$inst/healthz" >/dev/null 2>&1 && { up=$((up + 1)); break; }; sleep 0.1; done
  done
}

nginx_port=$(free_port)
write_nginx() {
  mkdir -p "$tmp/nginx"
  cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream vitae {
    server ${instances[0]#http://};
    server ${instances[1]#http://};
    server ${instances[2]#http://};
    keepalive 64;
  }
  client_body_temp_path $tmp/nginx;
  proxy_temp_path $tmp/nginx;
  fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx;
  scgi_temp_path $tmp/nginx;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://vitae;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
  if [ -f "$tmp/nginx/nginx.pid" ]; then
    nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" -s reload
    sleep 0.5
  else
    nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx"
  fi
}
base="http://127.0.0.1:$nginx_port"

rps() { # URL-or-pages-file
  wrk -t2 -c64 -d"${duration}s" --latency -s bench/public-pages.lua "$1" -- "$tmp/pages.txt" 2>/dev/null |
    awk '/Requests\/sec/ {print int($2)}'
}

# --- starts -------------------------------------------------------------------------------------
# Migrated once over the direct connection, as the README says; then instances start on it.
(cd "$tmp" && vitae_env "$bin" migrate >/dev/null)
modes=${MODES:-direct none}
for mode in $modes; do
  say "starts ($mode): 5 × 3 instances at once"
  started=0
  for _ in 1 2 3 4 5; do
    start_instances "$mode"
    started=$((started + up))
  done
  echo "starts       $mode: $started/15 up"
done

missed=0
# check LABEL JSON PYTHON-EXPRESSION-OVER-d: prints the figures and [ok] or [MISS].
check() {
  local label=$1 json=$2 expr=$3 verdict
  verdict=$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print('ok' if ($expr) else 'MISS')" "$json" 2>/dev/null || echo MISS)
  [ "$verdict" = ok ] || missed=$((missed + 1))
  printf '%-24s %s  [%s] %s\n' "$label" "$json" "$verdict" "$expr"
}

for mode in $modes; do
  say "mode $mode"
  start_instances "$mode"
  [ "$up" = 3 ] || { tail -20 "$tmp/instances.log" >&2; exit 1; }
  write_nginx
  : >"$tmp/instances.log"
  : >"$tmp/pgbouncer/pgbouncer.log" 2>/dev/null || true
  all=$(IFS=,; echo "${instances[*]}")
  echo "--- $mode: $([ "$mode" = direct ] && echo 'LISTEN on DATABASE_DIRECT_URL' || echo 'no direct connection: pages checked before they are served')"
  check "mix" "$(client mix --instances "$all" --people 16 --rounds 4)" "d['failed'] == 0"
  check "signouts" "$(client signouts --instances "$all" --count 24)" "d['effective'] == d['sign_outs']"
  check "coherence, just read" "$(client coherence --instances "$all" --rounds "$rounds")" "d['max_s'] <= 1.0"
  check "coherence, after 2 s" "$(client coherence --instances "$all" --rounds "$rounds" --idle 2)" "d['max_s'] <= 1.0"
  # Read load: wrk over other people's pages through nginx while the rounds run.
  # (Retried: an older build failed some of these through the pooler.)
  for _ in 1 2 3; do
    client signup --prefix "load$RANDOM" --count 8 --parallel 2 >"$tmp/load.tsv" &&
      client publish --accounts "$tmp/load.tsv" --live 8 >"$tmp/pages.txt" && break
  done
  wrk -t2 -c64 -d600s -s bench/public-pages.lua "$base" -- "$tmp/pages.txt" >/dev/null 2>&1 &
  wrk_pid=$!
  sleep 1
  check "coherence, read load" "$(client coherence --instances "$all" --rounds "$rounds")" "d['max_s'] <= 1.0"
  kill "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null || true
  check "guesses" "$(client guess --instances "$all" --count 30)" "d['refused'] >= 20 and d['owner_signs_in']"
  errors=$(grep -cE ' (ERROR|WARN) ' "$tmp/instances.log" || true)
  bouncer_errors=$(grep -ciE 'error|warning' "$tmp/pgbouncer/pgbouncer.log" || true)
  check "logs" "{\"instances\": $errors, \"pgbouncer\": $bouncer_errors}" "d['instances'] == 0 and d['pgbouncer'] == 0"
  grep -E ' (ERROR|WARN) ' "$tmp/instances.log" | head -5 >&2 || true
  if [ "$mode" = direct ]; then
    one=$(rps "${instances[0]}")
    three=$(rps "$base")
    echo "throughput               public pages, wrk -c64: one instance $one req/s; three behind nginx $three req/s"
  fi
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$missed" = 0 ] || { echo "$missed target(s) missed" >&2; exit 1; }
