#!/usr/bin/env bash
# Starts the in-memory MongoDB-compatible test server (mongo-java-server) in the background.
# Usage: tests/db/start.sh [port]   (default 27017). Prints the mongodb:// URI on stdout, progress on stderr.
# MONGO_TEST_OPLOG=1 enables change streams (see COMPAT.md).
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-27017}"
TARGET="$DIR/target"
PIDFILE="$TARGET/mongo.pid"
LOG="$TARGET/mongo-$PORT.log"
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "usage: $0 <port>" >&2; exit 2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "error: test mongo already running (pid $(cat "$PIDFILE")); run $DIR/stop.sh first" >&2; exit 1
fi
if port_open "$PORT"; then
  echo "error: port $PORT is already in use" >&2; exit 1
fi

mkdir -p "$TARGET"
# One-time setup: download jars into target/lib (works with an empty ~/.m2), then compile the launcher.
if [[ ! -f "$TARGET/lib/.done" || "$DIR/pom.xml" -nt "$TARGET/lib/.done" ]]; then
  echo "fetching mongo-java-server jars into $TARGET/lib ..." >&2
  rm -rf "$TARGET/lib"
  if ! mvn -B -q -f "$DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$TARGET/lib" >"$TARGET/mvn.log" 2>&1; then
    echo "error: maven failed; log ($TARGET/mvn.log):" >&2; cat "$TARGET/mvn.log" >&2; exit 1
  fi
  touch "$TARGET/lib/.done"
fi
if [[ ! -f "$TARGET/classes/MongoTestServer.class" || "$DIR/MongoTestServer.java" -nt "$TARGET/classes/MongoTestServer.class" ]]; then
  javac -nowarn -cp "$TARGET/lib/*" -d "$TARGET/classes" "$DIR/MongoTestServer.java"
fi

# Detach fully (no stdin, output to a log) so callers such as $(start.sh) do not hang.
nohup java ${JAVA_OPTS:-} -cp "$TARGET/classes:$TARGET/lib/*" MongoTestServer "$PORT" </dev/null >"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PIDFILE"

for ((i = 0; i < 600; i++)); do   # 600 x 0.1s = 60s
  if grep -q 'listening on' "$LOG" && port_open "$PORT"; then
    cat "$LOG" >&2
    echo "mongodb://127.0.0.1:$PORT/"
    exit 0
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "error: test mongo exited during startup; log ($LOG):" >&2; cat "$LOG" >&2
    rm -f "$PIDFILE"; exit 1
  fi
  sleep 0.1
done
echo "error: test mongo did not accept connections on 127.0.0.1:$PORT within 60s; log ($LOG):" >&2
cat "$LOG" >&2
kill "$PID" 2>/dev/null || true
rm -f "$PIDFILE"
exit 1
