#!/usr/bin/env bash
# Starts mongo-java-server (in-memory backend) in the background, for tests and CI.
# Usage: start.sh [port]   (default 27017). Prints the mongodb:// URI on stdout, progress on stderr.
# MONGO_TEST_OPLOG=1 enables change streams (see COMPAT.md). Stop it with stop.sh.
# The first start downloads the jars from Maven Central into target/lib (a few seconds).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-27017}"
TARGET="$DIR/target"
PIDFILE="$TARGET/mongo.pid"
LOG="$TARGET/mongo-$PORT.log"
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "usage: $0 <port>" >&2; exit 2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "error: mongo-java-server already running (pid $(cat "$PIDFILE")); run $DIR/stop.sh first" >&2; exit 1
fi
if port_open "$PORT"; then
  echo "error: port $PORT is already in use" >&2; exit 1
fi

bash "$DIR/fetch-jars.sh"

# Detach fully (no stdin, output to a log) so callers such as $(start.sh) do not hang.
nohup java ${JAVA_OPTS:-} -cp "$TARGET/lib/*" "$DIR/MongoJavaServer.java" --port "$PORT" </dev/null >"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PIDFILE"

for ((i = 0; i < 600; i++)); do   # 600 x 0.1s = 60s
  if grep -q 'listening on' "$LOG" && port_open "$PORT"; then
    cat "$LOG" >&2
    echo "mongodb://127.0.0.1:$PORT/"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "error: mongo-java-server exited during startup; log ($LOG):" >&2; cat "$LOG" >&2
    rm -f "$PIDFILE"; exit 1
  fi
  sleep 0.1
done
echo "error: mongo-java-server did not accept connections on 127.0.0.1:$PORT within 60s; log ($LOG):" >&2
cat "$LOG" >&2
kill "$PID" 2>/dev/null || true
rm -f "$PIDFILE"
exit 1
