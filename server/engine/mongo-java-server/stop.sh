#!/usr/bin/env bash
# Stops the mongo-java-server started by start.sh (SIGTERM via target/mongo.pid, SIGKILL after 10s).
set -euo pipefail

PIDFILE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/target/mongo.pid"
if [[ ! -f "$PIDFILE" ]]; then echo "mongo-java-server not running (no $PIDFILE)" >&2; exit 0; fi
PID="$(cat "$PIDFILE")"
if kill -TERM "$PID" 2>/dev/null; then
  for ((i = 0; i < 100; i++)); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$PID" 2>/dev/null; then echo "pid $PID ignored SIGTERM; sending SIGKILL" >&2; kill -KILL "$PID" || true; fi
  echo "mongo-java-server stopped (pid $PID)" >&2
else
  echo "mongo-java-server (pid $PID) was not running" >&2
fi
rm -f "$PIDFILE"
