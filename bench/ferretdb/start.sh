#!/usr/bin/env bash
# Starts FerretDB v1.24 on a throwaway PostgreSQL cluster for the benchmarks and prints its
# mongodb:// URI on stdout (everything else goes to stderr).
#   bench/ferretdb/start.sh [mongo-port] [pg-port]      defaults 27690 54329
#   FERRETDB_HANDLER=sqlite bench/ferretdb/start.sh     SQLite instead of PostgreSQL
# PostgreSQL comes from Debian (installed with apt-get when missing); the cluster lives in /tmp and
# runs as the `postgres` user; the Go main in this folder is built into /tmp, not into the repo.
# bench/ferretdb/stop.sh stops both and deletes the cluster.
set -euo pipefail
MONGO_PORT="${1:-27690}"
PG_PORT="${2:-54329}"
HANDLER="${FERRETDB_HANDLER:-postgresql}"
HERE="$(cd "$(dirname "$0")" && pwd)"
STATE="/tmp/cau-ferretdb-$MONGO_PORT"
PGDATA="$STATE/pgdata"
BIN=/tmp/cau-ferretdb-bin
log() { echo "ferretdb/start.sh: $*" >&2; }

mkdir -p "$STATE"
if [ -f "$STATE/ferretdb.pid" ] && kill -0 "$(cat "$STATE/ferretdb.pid")" 2>/dev/null; then
  log "already running (pid $(cat "$STATE/ferretdb.pid"))"
  echo "mongodb://127.0.0.1:$MONGO_PORT/"
  exit 0
fi

if [ "$HANDLER" = postgresql ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$PGBIN" ]; then
    log "installing PostgreSQL from Debian"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  # PostgreSQL refuses to run as root: the cluster belongs to an unprivileged user.
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || useradd --system --no-create-home "$PGUSER_OS"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi; }
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA" && chown -R "$PGUSER_OS" "$STATE" 2>/dev/null || true
    log "initialising a cluster in $PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust --no-sync >&2
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    # Benchmark settings for a 2-core, 24 GB machine; durability as in production (fsync on).
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$STATE/postgres.log" -w \
      -o "-p $PG_PORT -k $STATE -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200 -c work_mem=16MB" start >&2
  fi
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" | grep -q 1 ||
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ferretdb
fi

if [ ! -x "$BIN" ] || [ -n "$(find "$HERE" -newer "$BIN" \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) 2>/dev/null)" ]; then
  log "building FerretDB into $BIN (a few minutes the first time)"
  (cd "$HERE" && go build -o "$BIN" .) >&2
fi

mkdir -p "$STATE/sqlite"
nohup "$BIN" -listen "127.0.0.1:$MONGO_PORT" -handler "$HANDLER" \
  -postgresql-url "postgres://postgres@127.0.0.1:$PG_PORT/ferretdb" -sqlite-url "file:$STATE/sqlite/" \
  </dev/null >"$STATE/ferretdb.log" 2>&1 &
echo $! >"$STATE/ferretdb.pid"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$MONGO_PORT") 2>/dev/null; then
    log "FerretDB ($HANDLER) pid $(cat "$STATE/ferretdb.pid"), log $STATE/ferretdb.log"
    echo "mongodb://127.0.0.1:$MONGO_PORT/"
    exit 0
  fi
  kill -0 "$(cat "$STATE/ferretdb.pid")" 2>/dev/null || { tail -20 "$STATE/ferretdb.log" >&2; exit 1; }
  sleep 0.2
done
log "FerretDB did not open port $MONGO_PORT"; tail -20 "$STATE/ferretdb.log" >&2; exit 1
