#!/usr/bin/env bash
# Measures the local stack the way a newcomer meets it: the first start of freshly built jars (no
# extraction or class-data archive of them in .nakksha-cache/run yet, which this script empties: stop
# any stack of this checkout first), a
# cold start (empty data dir: initdb, Kafka format, Liquibase on empty schemas; the jars' archives from
# the first start) until every service is ready, the resident memory (RSS and PSS, from /proc) of
# everything it runs, then a warm start on the same data dir. Builds first unless --no-build.
#   deploy/local/measure-startup.sh [--no-build]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
JAVA_HOME="$(bin/find-jdk)"
export JAVA_HOME
jar=deploy/local/target/nakksha-local.jar

if [[ "${1:-}" != "--no-build" ]]; then
  echo "Building (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi

data_dir="$(mktemp -d /tmp/nakksha-measure.XXXXXX)"
launcher_pid=""
cleanup() {
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait "$launcher_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir" "$data_dir.cold.log" "$data_dir.warm.log"
}
trap cleanup EXIT

# Every process below a pid, itself included.
process_tree() {
  local pid="$1" child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    process_tree "$child"
  done
}

process_name() {
  local cmdline
  cmdline="$(tr '\0' ' ' < /proc/"$1"/cmdline 2>/dev/null || true)"
  case "$cmdline" in
    *kafka.Kafka*) echo "kafka" ;;
    *nakksha-local.jar*) echo "launcher" ;;
    *-jar*) basename "$(awk '{ for (i = 1; i < NF; i++) if ($i == "-jar") print $(i + 1) }' <<< "$cmdline")" .jar ;;
    *redis-server*) echo "redis" ;;
    postgres:*) echo "postgres (server processes)" ;;
    *postgres*) echo "postgres (postmaster)" ;;
    *) cut -c1-40 <<< "$cmdline" ;;
  esac
}

# Starts the launcher in the background and waits for its ready line; sets launcher_pid and elapsed.
start_stack() {
  local log="$1" started
  started=$(date +%s.%N)
  "$JAVA_HOME/bin/java" -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" --data-dir "$data_dir" > "$log" 2>&1 &
  launcher_pid=$!
  until grep -q "Nakksha platform ready in" "$log"; do
    if ! kill -0 "$launcher_pid" 2>/dev/null; then
      echo "The launcher failed:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  elapsed=$(awk -v end="$(date +%s.%N)" -v start="$started" 'BEGIN { printf "%.1f", end - start }')
}

# Resident and proportional memory of one process in KiB: RSS counts shared pages in full for every
# process mapping them (Postgres' buffers, the JDK's class data), PSS splits them among the sharers.
memory_kib() {
  awk '/^Rss:/ { rss = $2 } /^Pss:/ { pss = $2 } END { print rss + 0, pss + 0 }' /proc/"$1"/smaps_rollup 2>/dev/null || echo "0 0"
}

stop_stack() {
  kill -TERM "$launcher_pid"
  wait "$launcher_pid" 2>/dev/null || true
  launcher_pid=""
}

echo "First start of these jars (empty data dir, .nakksha-cache/run emptied)..."
rm -rf .nakksha-cache/run
start_stack "$data_dir.cold.log"
printf "  ready after %s s\n" "$elapsed"
stop_stack
rm -rf "$data_dir" && mkdir -p "$data_dir"

echo "Cold start (empty data dir $data_dir, the jars' extractions and archives from the first start)..."
start_stack "$data_dir.cold.log"
printf "  ready after %s s (launcher says: %s)\n" "$elapsed" "$(grep -o 'ready in [0-9.]* s' "$data_dir.cold.log")"
# The launcher's own timeline (seconds since it started): where the cold start's time goes.
grep -E '^\[ *[0-9.]+s\]' "$data_dir.cold.log" | sed 's/^/    /' || true

sleep 5
postmaster="$(awk '$1 == "postgres" { print $2 }' "$data_dir/launcher.pids")"
declare -A rss_by_name pss_by_name count_by_name
names=()
for pid in $(process_tree "$launcher_pid") ${postmaster:+$(process_tree "$postmaster")}; do
  name="$(process_name "$pid")"
  read -r rss pss <<< "$(memory_kib "$pid")"
  if [[ -z "${count_by_name[$name]:-}" ]]; then
    names+=("$name")
  fi
  count_by_name[$name]=$(( ${count_by_name[$name]:-0} + 1 ))
  rss_by_name[$name]=$(( ${rss_by_name[$name]:-0} + rss ))
  pss_by_name[$name]=$(( ${pss_by_name[$name]:-0} + pss ))
done
total_rss=0 total_pss=0
printf "  %-28s %9s %8s %8s\n" "PROCESS" "PROCESSES" "RSS MiB" "PSS MiB"
for name in "${names[@]}"; do
  printf "  %-28s %9d %8d %8d\n" "$name" "${count_by_name[$name]}" $(( rss_by_name[$name] / 1024 )) $(( pss_by_name[$name] / 1024 ))
  total_rss=$(( total_rss + rss_by_name[$name] ))
  total_pss=$(( total_pss + pss_by_name[$name] ))
done
printf "  %-28s %9s %8d %8d\n" "TOTAL" "" $(( total_rss / 1024 )) $(( total_pss / 1024 ))
stop_stack

echo "Warm start (same data dir)..."
start_stack "$data_dir.warm.log"
printf "  ready after %s s\n" "$elapsed"
stop_stack
rm -f "$data_dir.cold.log" "$data_dir.warm.log"
