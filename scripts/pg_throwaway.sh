#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the server-mode tests: 127.0.0.1, a free port, a temp dir,
# run as a non-root user (initdb refuses root). Usage:
#   eval "$(bash scripts/pg_throwaway.sh start)"   # exports TTHC_TEST_DATABASE_URL, TTHC_PG_DIR
#   bash scripts/pg_throwaway.sh stop "$TTHC_PG_DIR"
set -euo pipefail
action="${1:-start}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$action" = stop ]; then
  dir="${2:?cluster dir}"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi
dir="$(mktemp -d /tmp/tthc-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
password="tthc-$RANDOM$RANDOM"
printf '%s\n' "$password" > "$dir/pw"
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown -R postgres "$dir"
fi
as_owner "$bindir/initdb" -D "$dir/data" -U tthc --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=60" start >/dev/null
PGPASSWORD="$password" psql -q -h 127.0.0.1 -p "$port" -U tthc -d postgres -c "CREATE DATABASE tthc_test" >/dev/null
echo "export TTHC_PG_DIR='$dir'"
echo "export TTHC_TEST_DATABASE_URL='postgresql+pg8000://tthc:$password@127.0.0.1:$port/tthc_test'"
