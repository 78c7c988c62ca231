# Shared by the bench/ scripts (sourced, not run): a throwaway PostgreSQL cluster, the release
# binary started on a free port, seeding people, memory and machine readings.
#
# Every script sets `tmp` (its scratch directory) and calls `bench_init` first; everything it
# starts is stopped, and the scratch directory removed, when the script exits.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
# The release binary; `cargo leptos build --release` or `cargo build --release -p vitae --bin vitae`.
VITAE_BIN=${VITAE_BIN:-$target_dir/release/vitae}

pids=()
pg_dir=""
pg_bin=""
bench_init() {
  command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 1; }
  [ -x "$VITAE_BIN" ] || {
    echo "no $VITAE_BIN: run \`cargo leptos build --release\` (or \`cargo build --release -p vitae --bin vitae\`) first" >&2
    exit 1
  }
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/vitae-bench-XXXXXX")
  chmod 755 "$tmp"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  # A copy: a rebuild of target/ during the run must not change the binary under test.
  cp "$VITAE_BIN" "$tmp/vitae"
  bin=$tmp/vitae
  # Public pages and the API need no wasm; the app's own pages want target/site when it exists.
  site_root=$target_dir/site
  [ -d "$site_root" ] || { site_root=$tmp/site; mkdir -p "$site_root"; }
}

bench_cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP_TMP:-}" ]; then
    echo "kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
client() { python3 "$root/bench/client.py" --base "$base" "$@"; }
say() { printf '%s  %s\n' "$(date -u +%T)" "$*" >&2; }

# --- PostgreSQL ---------------------------------------------------------------------------------

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a new cluster (fsync on, as in production) and sets DATABASE_URL to a fresh database.
pg_start_new() {
  pg_bin=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL: apt-get install postgresql (or set PG_BINDIR)" >&2; exit 1; }
  pg_dir=$tmp/pg
  mkdir -p "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust --encoding=UTF8 \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
  pg_port=$(free_port)
  pg_start
  as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc 'create database vitae' >/dev/null
  DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/vitae"
}

pg_start() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

# fast (the default: clients are disconnected, a clean shutdown) or immediate (a crash).
pg_stop() { as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m "${1:-fast}" -w stop >/dev/null; }

# --- the server ---------------------------------------------------------------------------------

# The environment the server and the CLI run with (nothing inherited but PATH and HOME).
vitae_env() {
  env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$site_root" RUST_LOG="${RUST_LOG:-warn}" \
    DATABASE_URL="$DATABASE_URL" ${VITAE_EXTRA_ENV:-} "$@"
}

# Starts `vitae serve` in $1 (its working directory), as user $2 when given; sets server_pid, base.
server_start() {
  local dir=$1 user=${2:-}
  port=$(free_port)
  base="http://127.0.0.1:$port"
  local run=()
  [ -n "$user" ] && run=(setpriv --reuid="$user" --regid="$user" --clear-groups)
  (cd "$dir" && exec "${run[@]}" env -i PATH="$PATH" HOME="$HOME" LEPTOS_SITE_ROOT="$site_root" \
    RUST_LOG="${RUST_LOG:-warn}" DATABASE_URL="$DATABASE_URL" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    ${VITAE_EXTRA_ENV:-} "$bin" serve) >>"$tmp/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  local _
  for _ in $(seq 1 300); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "the server did not start" >&2; exit 1; }
    sleep 0.1
  done
  echo "the server did not answer /healthz in 30 s" >&2
  exit 1
}

# --- people -------------------------------------------------------------------------------------

# seed USERS LIVE WRITERS [USER]: WRITERS built-in accounts signed up over HTTP (their cookies in
# $tmp/writers.tsv), the rest imported with `vitae users import`; LIVE of all of them published.
# The live usernames end up in $tmp/pages.txt, for wrk.
seed() {
  local users=$1 live=$2 writers=$3 as=${4:-}
  local writers_live=$(( (writers * live + users - 1) / users ))
  local imported=$(( users - writers )) imported_live=$(( live - writers_live ))
  say "seeding $users people: $writers accounts over HTTP, $imported with \`vitae users import\`; $live live"
  client signup --count "$writers" --parallel 2 >"$tmp/writers.tsv"
  client publish --accounts "$tmp/writers.tsv" --live "$writers_live" >"$tmp/pages.txt"
  # Varied résumés: the JSON Resume files of the evaluation set, and the end-to-end fixture.
  local fixtures=("$root/end2end/fixtures/grace.json")
  local f
  for f in "$root"/../shared/eval/dev/*.truth.json; do [ -e "$f" ] && fixtures+=("$f"); done
  local i list=$tmp/import.txt
  : >"$list"
  for i in $(seq 1 "$imported"); do
    printf 'user-%04d %s %s\n' "$i" "${fixtures[$(( i % ${#fixtures[@]} ))]}" \
      "$([ "$i" -le "$imported_live" ] && echo --live || echo --no-live)" >>"$list"
  done
  local style=(simple bento)
  local run=()
  [ -n "$as" ] && run=(setpriv --reuid="$as" --regid="$as" --clear-groups)
  # shellcheck disable=SC2016
  (cd "$tmp" && xargs -P 2 -L 1 "${run[@]}" env -i PATH="$PATH" HOME="$HOME" RUST_LOG=error \
    DATABASE_URL="$DATABASE_URL" sh -c '
      live=""; [ "$3" = --live ] && live=--live
      style=simple; case "$1" in *[13579]) style=bento;; esac
      exec "$0" users import "$2" --username "$1" --email "$1@bench.test" --style "$style" $live >/dev/null
    ' "$bin" <"$list")
  awk '$3 == "--live" {print $1}' "$list" >>"$tmp/pages.txt"
  say "seeded: $(wc -l <"$tmp/pages.txt") live sites"
}

# --- readings -----------------------------------------------------------------------------------

rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
peak_mb() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# Starts a new peak (VmHWM) measurement for the process.
reset_peak() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }

# Samples the 1-minute load average every 5 s while $1 is alive; prints "min–max" at the end.
loadavg_watch() {
  local out=$1
  : >"$out"
  (while true; do cut -d' ' -f1 /proc/loadavg >>"$out"; sleep 5; done) &
  loadavg_pid=$!
  pids+=("$loadavg_pid")
}
loadavg_report() {
  kill "$loadavg_pid" 2>/dev/null || true
  cut -d' ' -f1 /proc/loadavg >>"$1"
  sort -n "$1" | awk 'NR == 1 {min = $1} {max = $1} END {printf "%s–%s", min, max}'
}

machine_line() {
  local commit dirty=""
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$root" diff --quiet HEAD 2>/dev/null || dirty=" (work tree with uncommitted changes)"
  printf '%s UTC, commit %s%s, %s cores, %s GB memory, %s\n' "$(date -u '+%Y-%m-%d %H:%M')" \
    "$commit" "$dirty" "$(nproc)" "$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)" \
    "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
}

# check NAME OK(0/1) DETAIL: one line of the verdict, remembered for the exit status.
failed_checks=0
check() {
  if [ "$2" = 1 ]; then
    printf '  [ok]   %s — %s\n' "$1" "$3"
  else
    printf '  [MISS] %s — %s\n' "$1" "$3"
    failed_checks=$((failed_checks + 1))
  fi
}
