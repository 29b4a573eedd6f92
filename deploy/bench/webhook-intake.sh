#!/usr/bin/env bash
# Razorpay webhook intake on the launcher's stack: deliveries/s and p50/p99 to the 2xx at 16 concurrent
# senders against payment-service's webhook endpoint, the same through the gateway, and a bare endpoint
# that only stores the raw body in the same Postgres, one after the other in the same run; then the time
# from a payment.captured delivery to the session being CONFIRMED and PAID, one session after another.
#
#   deploy/bench/webhook-intake.sh [--no-build] [--seconds 20] [--warmup-seconds 10] [--clients 16]
#                                  [--sessions 60] [--keep-data] [--jfr]
#
# Builds (unless --no-build), starts the stack on a temporary data dir with the gateway's webhook, public and
# auth rate limits raised (all load comes from one address), onboards one consultant through the gateway,
# runs WebhookBench.java, stops the stack and prints a table with the load average during the run.
# Results stay in deploy/bench/results/webhooks-<timestamp>/. Holds /tmp/nakksha-stack.lock like the others.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh
hold_stack_lock "$@"

build=true seconds=20 warmup_seconds=10 clients=16 sessions=60 keep_data=false jfr=false
while (( $# )); do
  case "$1" in
    --no-build) build=false ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-seconds) warmup_seconds="$2"; shift ;;
    --clients) clients="$2"; shift ;;
    --sessions) sessions="$2"; shift ;;
    --keep-data) keep_data=true ;;
    --jfr) jfr=true ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

bench_run "webhooks-"

wait_for_free_ports 18090

if $build; then
  echo "Building (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi

# All load comes from one address: the gateway's per-address buckets for webhooks (50/s by default), public
# pages and sign-in are raised. The payment hold is 2h so that no hold expires during the run.
export SPRING_APPLICATION_JSON='{"nakksha.gateway.rate-limits.webhooks.replenish-rate":100000,"nakksha.gateway.rate-limits.webhooks.burst-capacity":100000,"nakksha.gateway.rate-limits.public-api.replenish-rate":100000,"nakksha.gateway.rate-limits.public-api.burst-capacity":100000,"nakksha.gateway.rate-limits.auth.replenish-rate":1000,"nakksha.gateway.rate-limits.auth.burst-capacity":1000,"nakksha.booking.payment-hold":"2h"}'

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start_stack

echo "Onboarding a consultant through the gateway..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/Onboard.java --data-dir "$data_dir" --count 1 > "$results/consultants.txt"
slug="$(head -1 "$results/consultants.txt" | cut -d' ' -f1)"

# The 1-minute load average every 5 s while the measurements run (the machine may be shared).
( while true; do cut -d' ' -f1 /proc/loadavg; sleep 5; done ) > "$results/loadavg.txt" &
sampler_pid=$!

# --jfr: a JFR recording of payment-service over the whole intake step (all three targets; only the payment-service
# and gateway targets reach it), summarised by profiling.sh.
# shellcheck source=deploy/bench/profiling.sh
source deploy/bench/profiling.sh
payment_pid="$(grep -E '^  payment-service +[0-9]+ +[0-9]+ ' "$results/launcher.log" | awk '{ print $3; exit }')"
if $jfr; then profile_start payment-service "$payment_pid"; fi
echo "Intake: ${warmup_seconds}s warm-up then ${seconds}s at $clients senders, per target (bare, payment-service, gateway)..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/WebhookBench.java intake \
  --data-dir "$data_dir" --clients "$clients" --seconds "$seconds" --warmup-seconds "$warmup_seconds" | tee "$results/intake.txt"
if $jfr; then profile_stop payment-service "$payment_pid"; profile_summary payment-service; fi
echo "payment.captured -> CONFIRMED+PAID, $sessions sessions one after another..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/WebhookBench.java confirm \
  --data-dir "$data_dir" --slug "$slug" --sessions "$sessions" | tee "$results/confirm.txt"
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
load_during="$(sort -n "$results/loadavg.txt" | awk '{ v[NR] = $1 } END { printf "min %s, median %s, max %s", v[1], v[int((NR + 1) / 2)], v[NR] }')"

{
  echo "Webhook intake, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (shared: load average before the stack started $load_before; 1-min load average during the measurements: $load_during)"
  printf '%-16s %8s %10s %9s %9s %9s %7s\n' target clients "deliv/s" p50_ms p99_ms max_ms non2xx
  grep '^RESULT target=' "$results/intake.txt" | while read -r line; do
    value() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$line"; }
    printf '%-16s %8s %10s %9s %9s %9s %7s\n' "$(value target)" "$(value clients)" "$(value per_s)" "$(value p50_ms)" \
      "$(value p99_ms)" "$(value max_ms)" "$(value non2xx)"
  done
  grep '^RESULT confirm' "$results/confirm.txt" | sed 's/^RESULT confirm/payment.captured delivery -> session CONFIRMED+PAID:/'
} | tee "$results/summary.txt"
echo "Results in $results"
