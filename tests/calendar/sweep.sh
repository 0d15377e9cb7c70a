#!/usr/bin/env bash
# The calendar sweep (issue 16): runs the unit projects and the integration suites that deal with
# deadlines, service levels, reminders and reports with the whole machine's clock moved to instants
# that catch tests which read the real calendar: a weekend, a national holiday, the last day of a
# month and of February, New Year's Eve one minute before midnight, a Friday night, and a DST switch
# in the host's time zone. A test that passes today and fails at one of these instants depends on
# the day it runs and needs a fixed clock (deps.now / clockFrom in integration, vi.setSystemTime in
# unit tests).
#
# Usage: npm run test:calendar [-- LABEL...]   (no label: every instant; `--list` lists them)
# Needs libfaketime (Debian: `apt-get install faketime`). Slow (about 5 minutes an instant on 2 cores), so
# it is not part of `npm test`.
#
# The clock is moved by an offset (libfaketime's FAKETIME=+Ns), not pinned, so it still advances, and
# every node process sees the same time: vitest and its workers, and the child servers the tests
# start (tests/support/process.ts passes LD_PRELOAD and FAKETIME on). The test database keeps the
# real clock (see start_db); the instants are always ahead of it.
#
# Environment: CALENDAR_DB_PORT (default 27299) for the sweep's own mongo-java-server;
# CALENDAR_LOGS (default /tmp/cau-calendar) for one log per instant and step.
set -uo pipefail

ROOT="${CALENDAR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"
PORT="${CALENDAR_DB_PORT:-27299}"
LOGS="${CALENDAR_LOGS:-/tmp/cau-calendar}"
mkdir -p "$LOGS"

# The instants, always the next ones to come (a moved clock behind the database's would let its TTL
# indexes delete what the app just wrote): label | instant | TZ of the processes. São Paulo has had
# no DST since 2019, so its offset is always -03:00.
sp() { TZ=America/Sao_Paulo date -d "$1" '+%Y-%m-%dT%H:%M:%S%:z'; }
future() { [[ $(date -d "$1" +%s) -gt $(( $(date +%s) + 3600 )) ]]; }
year=$(TZ=America/Sao_Paulo date +%Y)
next_date() { # next_date MM-DD HH:MM: that day this year, or next year if it has passed
  if future "$(sp "$year-$1 $2")"; then sp "$year-$1 $2"; else sp "$((year + 1))-$1 $2"; fi
}
for ((k = 1; k <= 14; k++)); do   # the next last day of a month on a weekday, neither December nor February
  month_end=$(sp "$(TZ=America/Sao_Paulo date +%Y-%m-01) +$k month -1 day 23:50")
  future "$month_end" && [[ $(TZ=America/Sao_Paulo date -d "$month_end" +%u) -le 5 ]] && [[ ! "$month_end" =~ ^....-(12|02)- ]] && break
done
feb_end=$(sp "$year-03-01 -1 day 12:00")
future "$feb_end" || feb_end=$(sp "$((year + 1))-03-01 -1 day 12:00")
dst_year=$year; future "$(TZ=America/New_York date -d "$year-03-14 00:00" +%FT%T%:z)" || dst_year=$((year + 1))
for d in 08 09 10 11 12 13 14; do   # US DST starts on the second Sunday of March, 02:00
  [[ $(date -d "$dst_year-03-$d" +%u) -eq 7 ]] && dst_switch=$(TZ=America/New_York date -d "$dst_year-03-$d 01:59" +%FT%T%:z)
done
INSTANTS=(
  "saturday|$(sp 'next saturday 10:00')|America/Sao_Paulo"
  "christmas|$(next_date 12-25 10:00)|America/Sao_Paulo"
  "new-years-eve|$(next_date 12-31 23:59)|America/Sao_Paulo"
  "month-end|$month_end|America/Sao_Paulo"   # 23:50: the tests cross into the next month
  "february-end|$feb_end|America/Sao_Paulo"
  # Friday night on a UTC host (most CI machines), where it is already Saturday 02:30.
  "friday-night-utc-host|$(sp 'next friday 23:30')|UTC"
  "sunday|$(sp 'next sunday 10:00')|America/Sao_Paulo"
  "friday-night|$(sp 'next friday 23:30')|America/Sao_Paulo"
  # A host whose zone has DST, a minute before its clocks jump (01:59 EST -> 03:00 EDT).
  "dst-host|$dst_switch|America/New_York"
)

UNIT_PROJECTS=(shared server client widget desktop)
INTEGRATION_FILES=(
  integration/deadlines.test.ts
  integration/deadline-settings.test.ts
  integration/reminder-short-wait.test.ts
  integration/reports.test.ts
  integration/workspace-reports.test.ts
  integration/workspace-context.test.ts
  integration/desk-queue.test.ts
  integration/mail.test.ts
)

if [[ "${1:-}" == "--list" ]]; then printf '%s\n' "${INSTANTS[@]}" | tr '|' '\t'; exit 0; fi
# The library itself rather than the faketime command, which forks: killing it would orphan the database.
LIBFAKETIME="${LIBFAKETIME:-$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 /usr/local/lib/faketime/libfaketime.so.1 2>/dev/null | head -1)}"
[[ -f "$LIBFAKETIME" ]] || { echo "calendar sweep: needs libfaketime (apt-get install faketime, or LIBFAKETIME=/path/libfaketime.so.1)" >&2; exit 2; }
bash server/engine/mongo-java-server/fetch-jars.sh >/dev/null

# The sweep's own in-memory mongo-java-server, on the real clock: the JVM under libfaketime stalls
# (its connections time out). Not start.sh, whose pid file would clash with a database the developer
# already runs from this checkout.
db_pid=
uri=
start_db() {
  local log="$1"
  java -cp "server/engine/mongo-java-server/target/lib/*" server/engine/mongo-java-server/MongoJavaServer.java \
    --port "$PORT" </dev/null >"$log" 2>&1 &
  db_pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q 'listening on' "$log" && { uri="mongodb://127.0.0.1:$PORT/"; return 0; }
    kill -0 "$db_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_db() { [[ -n "$db_pid" ]] && kill "$db_pid" 2>/dev/null && wait "$db_pid" 2>/dev/null; db_pid=; }
trap stop_db EXIT

selected=("$@")
wanted() { [[ ${#selected[@]} -eq 0 ]] && return 0; local s; for s in "${selected[@]}"; do [[ "$s" == "$1" ]] && return 0; done; return 1; }

export DONT_FAKE_MONOTONIC=1   # timers and performance.now() keep real elapsed time
unset MONGODB_URI
results=()
failed=0
for entry in "${INSTANTS[@]}"; do
  IFS='|' read -r label instant zone <<<"$entry"
  wanted "$label" || continue
  offset=$(( $(date -d "$instant" +%s) - $(date +%s) ))
  fake=(env TZ="$zone" LD_PRELOAD="$LIBFAKETIME" FAKETIME="$(printf '%+ds' "$offset")")
  # faketime must really move node's clock, or the run proves nothing.
  seen=$("${fake[@]}" node -e 'process.stdout.write(String(Math.floor(Date.now() / 1000)))')
  want=$(date -d "$instant" +%s)
  if (( seen - want > 30 || want - seen > 30 )); then
    echo "calendar sweep: faketime did not move node's clock ($seen, wanted $want)" >&2; exit 2
  fi
  echo "== $label: $instant, TZ=$zone (node reads $("${fake[@]}" node -e 'process.stdout.write(new Date().toString())'))"

  start=$(date +%s)
  # --retry=1: a test that fails because of the day fails again at the same instant; one that failed
  # only because the machine was busy (focus and timer tests on 2 shared cores) passes the second time.
  "${fake[@]}" npx vitest run --retry=1 $(printf -- '--project %s ' "${UNIT_PROJECTS[@]}") >"$LOGS/$label-unit.log" 2>&1
  unit=$?
  if ! start_db "$LOGS/$label-db.log"; then
    integration=1; echo "   could not start the database: $LOGS/$label-db.log"
  else
    MONGODB_URI="$uri" "${fake[@]}" npx vitest run --retry=1 --project integration "${INTEGRATION_FILES[@]}" >"$LOGS/$label-integration.log" 2>&1
    integration=$?
    # Many integration tests measure seconds (2-second deadlines and service levels): on a busy
    # machine they fail on any day. The files that failed run again at once on the real clock; a
    # file that passes there and failed at the instant is the one to look at.
    if [[ $integration -ne 0 ]]; then
      mapfile -t failing < <(sed -E 's/\x1b\[[0-9;]*m//g' "$LOGS/$label-integration.log" | grep -oE 'FAIL +integration +integration/[^ ]+\.test\.ts' | awk '{print $3}' | sort -u)
      if [[ ${#failing[@]} -gt 0 ]]; then
        MONGODB_URI="$uri" npx vitest run --retry=1 --project integration "${failing[@]}" >"$LOGS/$label-control.log" 2>&1
        control=$([[ $? -eq 0 ]] && echo "pass on the real clock (run after, maybe on a quieter machine: run both side by side before concluding)" || echo "fail on the real clock too: not the calendar")
        echo "   control run of ${failing[*]}: $control"
      fi
    fi
  fi
  stop_db
  took=$(( $(date +%s) - start ))
  summary() { sed -E 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^\s*(Test Files|Tests)\s' | sed -E 's/^ +//; s/  +/ /g' | tr '\n' ' '; }
  line="$label ($instant, TZ=$zone): unit $([[ $unit -eq 0 ]] && echo pass || echo FAIL) [$(summary "$LOGS/$label-unit.log")]; integration $([[ $integration -eq 0 ]] && echo pass || echo FAIL) [$(summary "$LOGS/$label-integration.log" 2>/dev/null)]; ${took}s"
  echo "   $line"
  if [[ $unit -ne 0 || $integration -ne 0 ]]; then
    failed=1
    sed -E 's/\x1b\[[0-9;]*m//g' "$LOGS/$label-unit.log" "$LOGS/$label-integration.log" 2>/dev/null | grep -E '^\s*(FAIL|×)' | sort -u | sed 's/^/     /'
  fi
  results+=("$line")
done

echo
echo "calendar sweep (logs in $LOGS):"
printf '  %s\n' "${results[@]}"
exit $failed
