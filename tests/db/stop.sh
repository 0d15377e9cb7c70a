#!/usr/bin/env bash
# Kept for habit and older scripts: the test database now lives in server/engine/mongo-java-server/.
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/server/engine/mongo-java-server/stop.sh" "$@"
