#!/usr/bin/env bash
# Downloads mongo-java-server's runtime jars (pom.xml) from Maven Central into target/lib, once.
# Safe to run from several processes at once: each downloads into its own directory and the first
# to finish puts it in place. Needs Java 17 and Maven (mvn) on PATH.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$DIR/target"
[[ -f "$TARGET/lib/.done" && ! "$DIR/pom.xml" -nt "$TARGET/lib/.done" ]] && exit 0

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: mongo-java-server needs Java 17 and Maven; '$tool' is not on PATH" >&2; exit 1; }
done
mkdir -p "$TARGET"
STAGE="$(mktemp -d "$TARGET/lib.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
echo "fetching mongo-java-server jars into $TARGET/lib ..." >&2
if ! mvn -B -q -f "$DIR/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$STAGE/lib" >"$STAGE/mvn.log" 2>&1; then
  echo "error: maven could not fetch the jars; its log:" >&2; cat "$STAGE/mvn.log" >&2; exit 1
fi
touch "$STAGE/lib/.done"
if [[ -f "$TARGET/lib/.done" && ! "$DIR/pom.xml" -nt "$TARGET/lib/.done" ]]; then exit 0; fi  # another process won
rm -rf "$TARGET/lib.old" && { [[ -d "$TARGET/lib" ]] && mv "$TARGET/lib" "$TARGET/lib.old" || true; }
mv "$STAGE/lib" "$TARGET/lib"
rm -rf "$TARGET/lib.old"
