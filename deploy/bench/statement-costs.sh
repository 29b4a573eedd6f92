#!/usr/bin/env bash
# What each database role's statements cost a public booking: starts the launcher's stack (production JIT, the booking
# benchmark's settings) with Postgres' pg_stat_statements loaded, onboards consultants, books through the gateway at
# 16 clients for a warm-up, resets the statistics, books for the measured seconds, and prints per role, then per
# statement, the calls and the time in statements (execution and planning, nested statements of functions apart) a
# booking, with each call's mean time and shared buffers. Time is elapsed, waits for locks and for the WAL flush at
# commit included, not CPU; buffers are pages the statement touched, the work a plan does.
#
#   deploy/bench/statement-costs.sh [--no-build] [--seconds 60] [--warmup-seconds 300] [--consultants 8]
#                                   [--data-dir DIR] [--keep-data]
#
# --data-dir: a stopped stack's data dir (booking-throughput.sh --keep-data keeps one) instead of a new one: its
# Postgres then also preloads pg_stat_statements at later starts. Fresh consultants are onboarded either way, so
# their slots are free. The payments the bookings await are settled by SQL every 200 ms, as in booking-throughput.sh.
# Results (pg_stat_statements as TSV, the load's output) in deploy/bench/results/statements-<timestamp>.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh
hold_stack_lock "$@"

build=true seconds=60 warmup_seconds=300 consultants=8 given_data_dir="" keep_data=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=false ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-seconds) warmup_seconds="$2"; shift ;;
    --consultants) consultants="$2"; shift ;;
    --data-dir) given_data_dir="$2"; shift ;;
    --keep-data) keep_data=true ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if $build; then echo "Building (mvn -B -q -DskipTests package)..."; mvn -B -q -DskipTests package; fi
bench_run statements-
if [[ -n "$given_data_dir" ]]; then
  rmdir "$data_dir"
  data_dir="$given_data_dir"
  keep_data=true
fi
wait_for_free_ports
booking_bench_settings

# The launcher starts Postgres with settings of its own on the command line; a library to preload comes from the data
# dir's postgresql.auto.conf (ALTER SYSTEM), read at the next start. A new data dir has none before its first start.
start_stack --jvm production
if [[ "$(superuser_sql -At -c 'SHOW shared_preload_libraries')" != *pg_stat_statements* ]]; then
  superuser_sql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" \
    -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on"
  stop_stack
  mv "$results/launcher.log" "$results/launcher-first.log"
  start_stack --jvm production
fi
superuser_sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
read_component_pids

echo "Onboarding $consultants consultant(s) through the gateway..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/Onboard.java --data-dir "$data_dir" --count "$consultants" > "$results/consultants.txt"
slugs="$(cut -d' ' -f1 "$results/consultants.txt" | paste -sd,)"

start_settling

# Slots on a fixed grid for both runs of the load: the second starts at the index after the first one's last.
first_slot="$(date -u -d '+1 day' +%Y-%m-%dT%H:00:00Z)"
book() {
  "$java" deploy/bench/BookingLoad.java --slugs "$slugs" --warmup-seconds 1 --clients 16 --seconds "$2" \
    --first-index "$3" --first-slot "$first_slot" --name "$1" > "$results/load-$1.txt" 2>&1
  grep '^RESULT phase='"$1" "$results/load-$1.txt"
}
echo "Warm-up: ${warmup_seconds}s at 16 clients"
book warmup "$warmup_seconds" 0
next="$(sed -nE 's/^bookings made: ([0-9]+).*/\1/p' "$results/load-warmup.txt")"
await_consumers 300
superuser_sql -At -c "SELECT pg_stat_statements_reset()" > /dev/null
echo "Measured: ${seconds}s at 16 clients"
book measured "$seconds" "$next"
booked="$(sed -nE 's/^RESULT phase=measured .* booked=([0-9]+) .*/\1/p' "$results/load-measured.txt")"
await_consumers 300
stop_settling

# psql reads a \copy to the end of its line.
statistics="SELECT u.rolname AS role, s.toplevel, s.calls, s.total_exec_time, s.total_plan_time, s.rows,"
statistics+=" s.shared_blks_hit + s.shared_blks_read AS buffers, regexp_replace(s.query, '\s+', ' ', 'g') AS query"
statistics+=" FROM pg_stat_statements s JOIN pg_roles u ON u.oid = s.userid ORDER BY s.total_exec_time + s.total_plan_time DESC"
superuser_sql -c "\copy ($statistics) TO '$repo_root/$results/pg_stat_statements.tsv' WITH (FORMAT csv, HEADER, DELIMITER E'\t')"

echo
echo "$booked bookings in ${seconds}s (their consumers caught up before the statistics were read); per booking:"
printf "%-14s %10s %10s\n" role statements ms
awk -F'\t' -v n="$booked" 'NR > 1 && $2 == "t" { calls[$1] += $3; ms[$1] += $4 + $5 }
  END { for (r in calls) printf "%-14s %10.2f %10.3f\n", r, calls[r] / n, ms[r] / n }' \
  "$results/pg_stat_statements.tsv" | sort -k3 -rn
echo
echo "Statements by time a booking ('nested': run by a function, its time also in the function's call):"
awk -F'\t' -v n="$booked" 'NR > 1 && $3 > 0 {
    printf "%-13s %-6s %7.3f calls %7.3f ms  %7.3f ms a call %7.0f buffers a call  %s\n", $1, ($2 == "t" ? "top" : "nested"),
      $3 / n, ($4 + $5) / n, ($4 + $5) / $3, $7 / $3, substr($8, 1, 110) }' "$results/pg_stat_statements.tsv" \
  | sort -k5 -rn | head -40
echo "Results in $results"
