#!/usr/bin/env bash
# A/B of one setting in one service, on a running local stack: starts two more instances of the service, A as the
# launcher runs it and B with extra Spring properties, and sends each in turn the same closed-loop free-slot reads
# (BookingLoad.java --read-slots, 16 clients) straight, printing each phase's reads, the instance's CPU a read (user +
# system ticks from /proc) and its p99. Both instances run beside the launcher's own, on the same machine at the same
# hour, so the ratio B/A of a pair holds where absolute figures move with the machine.
#
#   deploy/bench/instance-ab.sh --slugs a,b,c --properties '{"spring.r2dbc.properties.forceBinary":true}'
#       [--service booking-service] [--pairs 4] [--seconds 30] [--warmup-seconds 45]
#
# The stack must run with the production JIT (bin/nakksha-local --jvm production) and have consultants with those
# slugs (deploy/bench/Onboard.java, or the data dir of a booking-throughput.sh --keep-data run). The instances copy
# the launcher's instance's environment (its passwords included, never printed) and command line; their ports are
# 28000 + and 18000 + the service's port. Kafka consumers and the outbox relay of the extra instances join the
# service's own (distinct group.instance.id per port). Both are stopped at exit.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh

service=booking-service pairs=4 seconds=30 warmup=45 slugs="" properties=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --service) service="$2"; shift ;;
    --pairs) pairs="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-seconds) warmup="$2"; shift ;;
    --slugs) slugs="$2"; shift ;;
    --properties) properties="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ -n "$slugs" && -n "$properties" ]] || { echo "--slugs and --properties are required" >&2; exit 2; }

java="$(bin/find-jdk)/bin/java"
running=$(pgrep -f "run/$service/.*$service.jar" | head -1) || { echo "$service is not running" >&2; exit 1; }
port=$(tr '\0' '\n' < "/proc/$running/environ" | sed -n 's/^SERVER_PORT=//p')
mapfile -d '' -t command < "/proc/$running/cmdline"
mapfile -t environment < <(tr '\0' '\n' < "/proc/$running/environ" | grep -v -E '^(SERVER_PORT|SPRING_APPLICATION_JSON)=')
launcher_json=$(tr '\0' '\n' < "/proc/$running/environ" | sed -n 's/^SPRING_APPLICATION_JSON=//p')
launcher_json=${launcher_json:-"{}"}
# B's properties merged into the launcher's own JSON (its later keys win), through the environment: the launcher's
# JSON holds passwords, which a command line would show to ps.
b_json=$(LAUNCHER_JSON="$launcher_json" EXTRA_JSON="$properties" python3 -c \
  'import json, os; a = json.loads(os.environ["LAUNCHER_JSON"]); a.update(json.loads(os.environ["EXTRA_JSON"])); print(json.dumps(a))')

declare -A pid instance_port=([A]=$((28000 + port)) [B]=$((18000 + port)))
stop_instances() { kill "${pid[A]:-}" "${pid[B]:-}" 2>/dev/null || true; }
trap stop_instances EXIT
start_instance() { # name json
  # The environment exported, not given to env(1): passwords stay off every command line.
  (
    for variable in $(compgen -e); do unset "$variable" 2>/dev/null || true; done
    for assignment in "${environment[@]}"; do export "$assignment"; done
    export SERVER_PORT="${instance_port[$1]}" SPRING_APPLICATION_JSON="$2"
    exec "${command[@]}"
  ) > "/tmp/instance-ab-$1.log" 2>&1 &
  pid[$1]=$!
}
start_instance A "$launcher_json"
start_instance B "$b_json"
for name in A B; do
  until curl -sf -o /dev/null "http://localhost:${instance_port[$name]}/actuator/health/readiness"; do
    kill -0 "${pid[$name]}" 2>/dev/null || { echo "instance $name died: /tmp/instance-ab-$name.log" >&2; exit 1; }
    sleep 2
  done
done
echo "A: $service on :${instance_port[A]} as the launcher runs it; B on :${instance_port[B]} with $properties"

ticks() { read_proc_ticks "/proc/$1/stat"; echo "$proc_ticks"; }
phase() { # label name seconds
  local before after result reads
  before=$(ticks "${pid[$2]}")
  result=$("$java" deploy/bench/BookingLoad.java --slugs "$slugs" --gateway "http://localhost:${instance_port[$2]}" \
    --read-slots --warmup-seconds 0 --clients 16 --seconds "$3" 2>&1 | grep '^RESULT' | tail -1)
  after=$(ticks "${pid[$2]}")
  reads=$(sed -E 's/.*booked=([0-9]+).*/\1/' <<< "$result")
  printf '%s %s reads=%s reads_per_s=%s cpu_ms_a_read=%s p99_ms=%s\n' "$1" "$2" "$reads" \
    "$(grep -oE 'bookings_per_s=[0-9.]+' <<< "$result" | cut -d= -f2)" \
    "$(awk -v t=$((after - before)) -v n="$reads" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", t * 1000 / hz / n}')" \
    "$(grep -oE 'p99_ms=[0-9.]+' <<< "$result" | cut -d= -f2)"
}
phase warm-up A "$warmup"
phase warm-up B "$warmup"
for ((pair = 1; pair <= pairs; pair++)); do
  phase "pair-$pair" A "$seconds"
  phase "pair-$pair" B "$seconds"
done
