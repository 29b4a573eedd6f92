#!/usr/bin/env bash
# CPU the launcher's stack spends while nobody uses it: each component's CPU in milliseconds per second over a
# window without requests, once the stack has settled, and the JVM threads that spent it, grouped by kind.
#
#   deploy/bench/idle-cpu.sh [--no-build] [--settle-seconds 90] [--seconds 60] [--jvm production|fast-start]
#
# Builds (unless --no-build), starts the stack on a temporary data dir, waits --settle-seconds after it is ready,
# reads /proc for --seconds, stops the stack and prints the table. Results stay in deploy/bench/results/idle-<timestamp>/.
# To compare two builds, run the script of each checkout in turn, more than once: the JIT's compiler threads
# still work at idle (7-52 ms/s in deploy/bench/README.md's runs) and differ from run to run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh
hold_stack_lock "$@"

build=true settle_seconds=90 seconds=60 jvm_profile=production
while (( $# )); do
  case "$1" in
    --no-build) build=false ;;
    --settle-seconds) settle_seconds="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --jvm) jvm_profile="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

bench_run "idle-"
background_load="$(cut -d' ' -f1-3 /proc/loadavg)"
wait_for_free_ports
if $build; then
  echo "Building (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi
start_stack --jvm "$jvm_profile"
read_component_pids
echo "Settling for ${settle_seconds}s..."
sleep "$settle_seconds"

cpu_ticks > "$results/cpu-before.txt"
thread_ticks > "$results/threads-before.txt"
sleep "$seconds"
cpu_ticks > "$results/cpu-after.txt"
thread_ticks > "$results/threads-after.txt"
stop_stack

hz="$(getconf CLK_TCK)"
{
  echo "Idle stack, $(git rev-parse --short HEAD), --jvm $jvm_profile, ${settle_seconds}s after ready, over ${seconds}s"
  echo "load average before the start: $background_load"
  echo
  echo "ms of CPU per second, by component (postgres holds its pg-role-* and postgres-booking parts):"
  awk -v hz="$hz" -v s="$seconds" 'NR == FNR { before[$1] = $2; next }
    { ms = ($2 - before[$1]) * 1000 / hz / s; printf "%8.1f  %s\n", ms, $1; if ($1 !~ /^(pg-role-|postgres-booking)/) total += ms }
    END { printf "%8.1f  total\n", total }' "$results/cpu-before.txt" "$results/cpu-after.txt" | sort -rn
  echo
  echo "ms of CPU per second, by JVM thread kind (digits in names as #), the 30 largest:"
  awk -v hz="$hz" -v s="$seconds" 'NR == FNR { before[$1 " " $2 " " $3] = $4; next }
    ($1 " " $2 " " $3) in before { kind = $2; gsub(/[0-9]+/, "#", kind); spent[$1 " " kind] += ($4 - before[$1 " " $2 " " $3]) * 1000 / hz / s }
    END { for (k in spent) if (spent[k] > 0) printf "%8.1f  %s\n", spent[k], k }' \
    "$results/threads-before.txt" "$results/threads-after.txt" | sort -rn | head -30
} | tee "$results/summary.txt"
