#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster, then stops and removes the cluster.
#
#   scripts/with-postgres.sh cargo test -p app --features ssr
#
# The command sees TEST_DATABASE_URL (the superuser, password authentication over TCP), so every
# test binary shares this one cluster instead of starting its own; each test still makes its own
# database. Uses Debian's PostgreSQL (/usr/lib/postgresql/N/bin) or $PG_BINDIR. As root, the
# server runs as the `postgres` user, since initdb refuses to run as root.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

bindir="${PG_BINDIR:-}"
if [ -z "$bindir" ]; then
    # The newest version installed.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        bindir="$dir"
    done
fi
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
    bindir="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "$0: no PostgreSQL found: install it (Debian: apt-get install postgresql) or set PG_BINDIR" >&2
    exit 1
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/vitae-pg-XXXXXX")"
password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$password" >"$dir/pwfile"

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$dir"
fi

cleanup() {
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --no-sync --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}

# A free port: ask the kernel for one, then try the next few if something takes it first.
started=
for attempt in 1 2 3 4 5; do
    port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
        echo $((20000 + $$ % 20000 + attempt)))"
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null; then
        started=1
        break
    fi
done
if [ -z "$started" ]; then
    echo "$0: the cluster did not start; its log:" >&2
    cat "$dir/server.log" >&2
    exit 1
fi

export TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port ($dir)" >&2
"$@"
