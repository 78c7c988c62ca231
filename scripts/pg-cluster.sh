#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, with Debian's initdb/pg_ctl.
#   scripts/pg-cluster.sh start DIR   creates and starts a cluster in DIR on a free port on
#                                     127.0.0.1; prints its URL (superuser postgres, trust auth)
#   scripts/pg-cluster.sh stop DIR    stops it (immediately: it is thrown away)
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ]; then
  bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
[ -x "$bindir/initdb" ] || {
  echo "pg-cluster: PostgreSQL's initdb was not found. Install Debian's postgresql (apt-get install postgresql), or set TEST_DATABASE_URL to a server where the user may create databases." >&2
  exit 1
}

# initdb refuses to run as root: run the cluster as the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: pg-cluster.sh start|stop DIR" >&2
  exit 2
  ;;
esac
