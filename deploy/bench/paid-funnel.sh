#!/usr/bin/env bash
# The paid-booking funnel through the gateway with Gatling (deploy/bench/gatling): slots -> book -> order ->
# pay on the Razorpay simulator -> CONFIRMED, in an open workload; prints funnels per second and the funnel's
# p50/p99 from Gatling's report.
#
#   deploy/bench/paid-funnel.sh [--no-build] [--users-per-sec 2] [--seconds 20] [--consultants 2]
#                               [--confirm-timeout 60] [--keep-data]
#
# Builds (unless --no-build), starts the launcher's stack on a temporary data dir with the gateway's public-api
# and auth rate limits raised and 127.0.0.1 trusted as a proxy (each virtual user sends its own X-Forwarded-For),
# onboards consultants through the gateway, runs the simulation, stops the stack. Results and Gatling's report
# stay in deploy/bench/results/funnel-<timestamp>/. Holds /tmp/nakksha-stack.lock like the other bench scripts.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh
hold_stack_lock "$@"

build=true users_per_sec=2 seconds=20 consultants=2 confirm_timeout=60 keep_data=false
while (( $# )); do
  case "$1" in
    --no-build) build=false ;;
    --users-per-sec) users_per_sec="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --consultants) consultants="$2"; shift ;;
    --confirm-timeout) confirm_timeout="$2"; shift ;;
    --keep-data) keep_data=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

bench_run "funnel-"

wait_for_free_ports

if $build; then
  echo "Building (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi

# Every virtual user has its own address in X-Forwarded-For, which the gateway believes only from a trusted
# proxy: here the load generator on 127.0.0.1. The public-api and auth limits are raised anyway, as in the other
# scripts, so that a run measures the funnel and not the limiter; booking's live-hold cap per consultant too,
# since at a high arrival rate more than 20 unpaid bookings of one consultant may wait for their payment at once.
export SPRING_APPLICATION_JSON='{"nakksha.gateway.client-address.trusted-proxies":["127.0.0.1/32"],"nakksha.gateway.rate-limits.public-api.replenish-rate":100000,"nakksha.gateway.rate-limits.public-api.burst-capacity":100000,"nakksha.gateway.rate-limits.auth.replenish-rate":1000,"nakksha.gateway.rate-limits.auth.burst-capacity":1000,"nakksha.booking.hold-limits.per-consultant":1000000}'

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start_stack

echo "Onboarding $consultants consultant(s) through the gateway..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/Onboard.java --data-dir "$data_dir" --count "$consultants" > "$results/consultants.txt"
slugs="$(cut -d' ' -f1 "$results/consultants.txt" | paste -sd,)"
echo "Consultants: $slugs"

# The 1-minute load average every 5 s while the simulation runs (the machine may be shared).
( while true; do cut -d' ' -f1 /proc/loadavg; sleep 5; done ) > "$results/loadavg.txt" &
sampler_pid=$!

echo "Gatling: $users_per_sec users/s for ${seconds}s (confirmation timeout ${confirm_timeout}s)..."
gatling_ok=true
mvn -B -o -f deploy/bench/gatling/pom.xml gatling:test -Dslugs="$slugs" -DusersPerSec="$users_per_sec" \
  -DdurationSeconds="$seconds" -DconfirmTimeoutSeconds="$confirm_timeout" > "$results/gatling.txt" 2>&1 || gatling_ok=false
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
load_during="$(sort -n "$results/loadavg.txt" | awk '{ v[NR] = $1 } END { printf "min %s, median %s, max %s", v[1], v[int((NR + 1) / 2)], v[NR] }')"

report="$(ls -td deploy/bench/gatling/target/gatling/paidbookingfunnelsimulation-* 2>/dev/null | head -1)"
if [[ -z "$report" || ! -f "$report/index.html" ]]; then
  echo "Gatling left no report:" >&2
  tail -40 "$results/gatling.txt" >&2
  exit 1
fi
cp -r "$report" "$results/gatling-report"

# Gatling 3.15 writes no stats.json and its console summary has no group rows: the figures come from the
# report's statistics table, whose columns are total, OK, KO, % KO, count/s, then min, p50, p75, p95, p99, max,
# mean and standard deviation in ms (percentiles over OK and KO together; gatling.conf's defaults 50/75/95/99).
# $1: the row's id prefix ("group_" for the funnel group, "req_" for requests), $2: the row's position.
report_row() {
  awk -v prefix="<tr id=\"$1" -v wanted="$2" '
    on && /<\/tr>/ && values != "" { print name "|" values; exit }
    index($0, prefix) { row++; on = (row == wanted) }
    on && /class="ellipsed-name"/ { n = $0; sub(/.*class="ellipsed-name">/, "", n); sub(/<.*/, "", n); name = n }
    on && /<td class="value/ { v = $0; sub(/.*col-[0-9]+">/, "", v); sub(/<.*/, "", v); values = values " " v }' "$report/index.html"
}

{
  echo "Paid-booking funnel, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (shared: load average before the stack started $load_before; 1-min load average during the simulation: $load_during)"
  echo "$users_per_sec users/s for ${seconds}s, $consultants consultant(s); report: $results/gatling-report/index.html"
  $gatling_ok || echo "WARNING: Gatling failed or an assertion did not hold (see $results/gatling.txt)"
  IFS='|' read -r _ funnel <<< "$(report_row group_ 1)"
  read -r total ok ko _ per_s _ p50 p75 p95 p99 max _ <<< "$funnel"
  echo "funnels: $total started, $ok CONFIRMED, $ko failed; $(awk -v n="$ok" -v s="$seconds" 'BEGIN { printf "%.2f", n / s }') CONFIRMED sessions/s over the ${seconds}s of arrivals (Gatling's count/s over the whole run: $per_s)"
  echo "funnel time (ms): p50 $p50  p75 $p75  p95 $p95  p99 $p99  max $max"
  echo "requests inside the funnel (ms):"
  row=1
  while line="$(report_row req_ "$row")" && [[ -n "$line" ]]; do
    IFS='|' read -r name values <<< "$line"
    read -r total _ ko _ _ _ p50 _ _ p99 _ <<< "$values"
    printf '  %-22s %6s requests (%s KO)  p50 %6s  p99 %6s\n' "$name" "$total" "$ko" "$p50" "$p99"
    row=$(( row + 1 ))
  done
} | tee "$results/summary.txt"
echo "Results in $results"
$gatling_ok
