#!/usr/bin/env bash
# Stops what bench/ferretdb/start.sh started on [mongo-port] and deletes its throwaway cluster.
set -uo pipefail
MONGO_PORT="${1:-27690}"
STATE="/tmp/cau-ferretdb-$MONGO_PORT"
[ -d "$STATE" ] || exit 0
if [ -f "$STATE/ferretdb.pid" ]; then
  pid="$(cat "$STATE/ferretdb.pid")"
  kill "$pid" 2>/dev/null && for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
fi
if [ -f "$STATE/pgdata/PG_VERSION" ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$STATE/pgdata" -m fast stop >&2 || true
  else "$PGBIN/pg_ctl" -D "$STATE/pgdata" -m fast stop >&2 || true; fi
fi
rm -rf "$STATE"
