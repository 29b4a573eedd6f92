#!/usr/bin/env bash
# Public bookings per second and p50/p99 through the gateway at 16 and 64 concurrent clients on distinct
# slots, next to pgbench running the booking's SQL transaction on the same Postgres in the same run.
#
#   deploy/bench/booking-throughput.sh [--no-build] [--seconds 30] [--warmup-seconds 20] [--consultants 6]
#                                      [--clients "16 64"] [--keep-data] [--jfr] [--then-booking-jar JAR]
#                                      [--jvm fast-start|production] [--jfr-services "gateway-service booking-service"]
#                                      [--jit-settle-seconds 900] [--paced-rates "40"]
#
# Builds (unless --no-build), starts the launcher's stack on a temporary data dir with the gateway's
# public-api and auth rate limits and the payment hold raised, onboards consultants through the gateway,
# captures the SQL of one booking from Postgres' statement log, runs the load, runs pgbench as role booking,
# stops the stack and prints a table. Results and logs stay in deploy/bench/results/<timestamp>/. After the
# warm-up the load goes on, a minute at a time, until the services' JIT has caught up (its compiler threads took at
# most 3 % of the services' CPU in the last minute, stack.sh's jit_ticks) or --jit-settle-seconds have passed.
# The stack uses fixed ports, so the run holds /tmp/nakksha-stack.lock and waits for the ports to be free.
# --paced-rates: after the closed-loop steps, a step through the gateway and one straight at booking-service at each
# of these rates (bookings a second, meant to be below what the stack sustains): the CPU a booking costs at a rate the
# load chose, where the closed steps run the stack at saturation ("" skips them).
# Last, free-slot reads and the floor (a request booking-service refuses before any work) through the gateway and
# straight at 16 clients; the table gives each JVM's CPU a booking above that floor.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

# shellcheck source=deploy/bench/stack.sh
source deploy/bench/stack.sh
hold_stack_lock "$@"

build=true seconds=30 warmup_seconds=20 consultants=6 clients="16 64" keep_data=false jfr=false then_jar=""
jit_settle_seconds=900 jit_settled_percent=3 paced_rates="40"
profiled=(gateway-service booking-service)
jvm_profile="${NAKKSHA_JVM:-fast-start}"
while (( $# )); do
  case "$1" in
    --no-build) build=false ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-seconds) warmup_seconds="$2"; shift ;;
    --consultants) consultants="$2"; shift ;;
    --clients) clients="$2"; shift ;;
    --keep-data) keep_data=true ;;
    --jfr) jfr=true ;;
    --jfr-services) jfr=true; read -r -a profiled <<< "$2"; shift ;;
    --then-booking-jar) then_jar="$2"; shift ;;
    --jvm) jvm_profile="$2"; shift ;;
    --jit-settle-seconds) jit_settle_seconds="$2"; shift ;;
    --paced-rates) paced_rates="$2"; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

bench_run ""

background_load="$(cut -d' ' -f1-3 /proc/loadavg)"
wait_for_free_ports

if $build; then
  echo "Building (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
fi

booking_bench_settings
start_stack --jvm "$jvm_profile"

# With --then-booking-jar, twice as many: the second round books for consultants of its own, so that it starts
# from no holds as the first did (each booking counts its consultant's live holds, thousands late in a run).
onboarded=$consultants
[[ -n "$then_jar" ]] && onboarded=$(( consultants * 2 ))
echo "Onboarding $onboarded consultant(s) through the gateway..."
"$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$launcher_classpath" deploy/bench/Onboard.java --data-dir "$data_dir" --count "$onboarded" > "$results/consultants.txt"
slugs="$(head -n "$consultants" "$results/consultants.txt" | cut -d' ' -f1 | paste -sd,)"
then_slugs="$(tail -n +"$(( consultants + 1 ))" "$results/consultants.txt" | cut -d' ' -f1 | paste -sd,)"
first_slug="$(head -1 "$results/consultants.txt" | cut -d' ' -f1)"
echo "Consultants: $slugs"

# One booking with every statement logged (with the backend's pid and role), then logging back to normal.
# The embedded Postgres writes its log to <data-dir>/logs/postgres.log (stderr, no logging collector).
# $1: prefix of the result files ("" or "then-"), $2: the booking's index (slot) for BookingLoad.java, below 17279.
postgres_log="$data_dir/logs/postgres.log"
capture_booking() {
  local log_offset booking_pid
  # booking-service keeps the profile and the availability an earlier booking read (issue 15), as it does for every
  # booking of the load after a consultant's first: one unlogged booking, of the first consultant's last slot, first.
  "$java" deploy/bench/BookingLoad.java --slugs "$first_slug" --once --first-index 17279 > "$results/${1}warm-booking-answer.txt"
  log_offset=$(stat -c %s "$postgres_log")
  superuser_sql -c "ALTER SYSTEM SET log_statement = 'all'" -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] %u '" \
    -c "SELECT pg_reload_conf()" > /dev/null
  sleep 2
  "$java" deploy/bench/BookingLoad.java --slugs "$first_slug" --once --first-index "$2" > "$results/${1}captured-booking-answer.txt"
  sleep 1
  superuser_sql -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" -c "SELECT pg_reload_conf()" > /dev/null
  # The booking's statements: the transaction of the backend that claimed the idempotency key (the same pooled
  # connection also runs the outbox relay's transactions, so the one with the INSERT INTO idempotency_key),
  # and the profile lookup by slug that runs just before it.
  tail -c +"$(( log_offset + 1 ))" "$postgres_log" > "$results/${1}statement-log.txt"
  # The claim is a line inside the statement that writes the outbox rows at commit, so the pid is its log entry's.
  booking_pid="$(awk '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { pid = $4 }
    /INSERT INTO idempotency_key/ { gsub(/[][]/, "", pid); print pid; exit }' "$results/${1}statement-log.txt")"
  if [[ -z "$booking_pid" ]]; then
    echo "No booking statement found in the Postgres log; see $results/${1}statement-log.txt" >&2
    exit 1
  fi
  awk -v pid="[$booking_pid]" '
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
      prefixed = 1; mine = ($4 == pid); entry = / LOG: /
      if (entry && $5 == "booking" && /WHERE slug = /) { lookup = $0; lookup_pid = $4; in_lookup = 1; next }
      in_lookup = in_lookup && !entry && $4 == lookup_pid
      if (in_lookup) { lookup = lookup "\n" $0; next }
    }
    !/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / && in_lookup { lookup = lookup "\n" $0; next }
    !mine { next }
    entry && /statement: BEGIN/ { tx = ""; open = 1 }
    open { tx = tx $0 "\n" }
    /INSERT INTO idempotency_key/ { found = 1 }
    entry && /statement: COMMIT/ { if (found) { print lookup; printf "%s", tx; exit } open = 0 }
  ' "$results/${1}statement-log.txt" > "$results/${1}captured-booking.txt"
  # The order of statements, by their first four words, in the capture and in booking-transaction.sql; a bound
  # parameter ($1 in the capture, :name or a pick from a list, (:list::type[])[:pick], in the script) counts as the
  # same word.
  awk '
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { if (text != "") print text; text = "" }
    /LOG:  (statement|execute [^:]*): / { sub(/.*LOG:  (statement|execute [^:]*): /, ""); text = $0; next }
    /^[ \t]/ && text != "" { text = text " " $0 }
    END { if (text != "") print text }' "$results/${1}captured-booking.txt" \
    | awk '{ print $1, $2, $3, $4 }' | sed -E 's/ *$//; s/\$[0-9]+/?/g' > "$results/${1}captured-order.txt"
  sed -E 's/^\\gset.*/;/' deploy/bench/booking-transaction.sql | grep -vE '^\s*(--|\\|$)' | tr '\n' ' ' | tr ';' '\n' \
    | awk 'NF { print $1, $2, $3, $4 }' | sed -E 's/ *$//; s/:[a-z_]+/?/g; s/\(\?:\?\[\]\)\[\?\]/?/g' \
    > "$results/${1}pgbench-order.txt"
  if diff "$results/${1}captured-order.txt" "$results/${1}pgbench-order.txt" > "$results/${1}order.diff"; then
    sql_check="booking-transaction.sql has the captured statements in the same order ($(wc -l < "$results/${1}captured-order.txt") statements)"
  else
    sql_check="WARNING: booking-transaction.sql differs from the captured booking (see $results/${1}order.diff)"
  fi
  echo "Captured one booking (backend $booking_pid, $(wc -l < "$results/${1}captured-order.txt") statements) -> $results/${1}captured-booking.txt"
  echo "$sql_check"
}
capture_booking "" 0

start_settling

read_component_pids
# Mails notification-service owes and could send now (queued and due): deliveries it has not made by a step's end are
# missing from that step's CPU a booking, as a consumer's lag is.
mails_owed() {
  superuser_sql -At -c "SELECT count(*) FROM notification.email_log WHERE status = 'QUEUED' AND next_attempt_at <= now()"
}
# Runs a step between two CPU snapshots; writes "<component> <cpu seconds>" to cpu-<label>.txt, and the services' JIT
# compiler threads' to jit-<label>.txt.
measured_step() {
  local label="$1" kind; shift
  empty_mail_catcher
  # The JIT's snapshots outside the CPU window, which then spans the step and little more (window-<label>.txt: its
  # start and end): what runs between the snapshots, the consumers catching up above all, is charged to the step.
  jit_ticks > "$results/jit-before-$label.txt"
  cpu_ticks > "$results/cpu-before-$label.txt"
  local window_start="$EPOCHREALTIME"
  "$@"
  cpu_ticks > "$results/cpu-after-$label.txt"
  echo "$window_start $EPOCHREALTIME" > "$results/window-$label.txt"
  jit_ticks > "$results/jit-after-$label.txt"
  consumer_lag > "$results/lag-$label.txt"
  mails_owed > "$results/mails-owed-$label.txt"
  echo "$label: consumers behind at its end: $(tr '\n' ' ' < "$results/lag-$label.txt"); mails owed: $(< "$results/mails-owed-$label.txt")"
  for kind in cpu jit; do
    awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next } { printf "%s %.2f\n", $1, ($2 - before[$1]) / hz }' \
      "$results/$kind-before-$label.txt" "$results/$kind-after-$label.txt" > "$results/$kind-$label.txt"
  done
}
# The share of the services' CPU that their JIT compiler threads took in step $1: "<percent> <service>=<percent>...".
jit_share() {
  awk 'NR == FNR { jit[$1] = $2; next } $1 ~ /-service$/ { cpu[$1] = $2 }
    END {
      for (n in cpu) { all += cpu[n]; compiling += (jit[n] > 0 ? jit[n] : 0)
        line = line sprintf(" %s=%.0f%%", n, (cpu[n] > 0 ? 100 * (jit[n] > 0 ? jit[n] : 0) / cpu[n] : 0)) }
      printf "%.1f%s\n", (all > 0 ? 100 * compiling / all : 0), line
    }' "$results/jit-$1.txt" "$results/cpu-$1.txt"
}

# --jfr: a JFR recording of the gateway and booking-service (or of the --jfr-services) during the first measured
# gateway step (profiling.sh).
# shellcheck source=deploy/bench/profiling.sh
source deploy/bench/profiling.sh
# $1: seconds, $2: prefix of the recordings' names
start_profiles() {
  local name
  for name in "${profiled[@]}"; do profile_start "$2$name" "${component_pid[$name]}" "$1"; done
}
summarise_profiles() {
  local name
  for name in "${profiled[@]}"; do profile_summary "$1$name"; done
}

first_slot="$(date -u -d '+1 day' +%Y-%m-%dT%H:00:00Z)"
next_booking=1
gateway_ok=true
# One load generator for every step of a round (BookingLoad.java --serve): a phase per line written to it, its
# answer read up to END. Started again only for --then-booking-jar's round, which books other consultants.
start_load() {
  coproc LOAD { "$java" deploy/bench/BookingLoad.java --serve --slugs "$slugs" --first-slot "$first_slot" \
    --first-index "$next_booking" 2>> "$results/load-generator.log"; }
}
stop_load() {
  local pid="$LOAD_PID"
  exec {LOAD[1]}>&-
  wait "$pid" || true
}
# $4: where to send (default the gateway; booking-service's own port for the gateway-less steps), $5: --read-slots
gateway_step() {
  local label="$1" clients="$2" duration="$3" target="${4:-http://localhost:8080}" line
  echo "--name $label --clients $clients --seconds $duration --gateway $target ${5:-}" >&"${LOAD[1]}"
  : > "$results/gateway-$label.txt"
  while IFS= read -r line <&"${LOAD[0]}" && [[ "$line" != END ]]; do
    echo "$line" >> "$results/gateway-$label.txt"
  done
  grep -E '^RESULT|^first unexpected' "$results/gateway-$label.txt" || true
  if grep -q '^first unexpected' "$results/gateway-$label.txt"; then gateway_ok=false; fi
  next_booking="$(sed -nE 's/^bookings made: ([0-9]+).*/\1/p' "$results/gateway-$label.txt")"
  if [[ -z "$next_booking" ]]; then
    echo "The load generator failed:" >&2
    tail -20 "$results/gateway-$label.txt" "$results/load-generator.log" >&2
    exit 1
  fi
}

# $1: a prefix for the steps, $2: the warm-up step just measured, the rest: gateway_step's target and options. A minute
# more of the same load at a time until the JIT's compiler threads took at most jit_settled_percent of the services'
# CPU; jit.txt says what each minute took.
settle_jit() {
  local prefix="$1" step="$2" waited=0 share
  shift 2
  while true; do
    share="$(jit_share "$step")"
    echo "${prefix:+${prefix%-}: }JIT's share of the services' CPU after ${waited}s more load: ${share%% *} % (${share#* } )" \
      >> "$results/jit.txt"
    if awk -v s="${share%% *}" -v limit="$jit_settled_percent" 'BEGIN { exit !(s != "" && s + 0 <= limit + 0) }' \
        || (( waited >= jit_settle_seconds )); then
      break
    fi
    step="gateway-${prefix}settle-$waited"
    measured_step "$step" gateway_step "${prefix}settle-$waited" 16 60 "$@" > /dev/null
    waited=$(( waited + 60 ))
  done
  tail -1 "$results/jit.txt"
}

start_load
echo "Gateway load: warm-up ${warmup_seconds}s at 16 clients, then ${seconds}s at each of: $clients (slots from $first_slot)"
measured_step gateway-warmup gateway_step warmup 16 "$warmup_seconds"
settle_jit "" gateway-warmup
first_step=true
for c in $clients; do
  sleep 5
  if $jfr && $first_step; then start_profiles "$seconds" ""; fi
  measured_step "gateway-$c" gateway_step "$c" "$c" "$seconds"
  if $jfr && $first_step; then summarise_profiles ""; fi
  first_step=false
done
# The same bookings straight at booking-service (its public route is the gateway's path), and free-slot reads
# (7-day window) through the gateway and straight, at 16 clients: what the gateway costs.
booking_direct=http://localhost:8082
# Where a step of target "gateway" or "direct" sends its requests.
target_url() { if [[ "$1" == gateway ]]; then echo http://localhost:8080; else echo "$booking_direct"; fi; }
for c in $clients; do
  sleep 5
  measured_step "gateway-direct-$c" gateway_step "direct-$c" "$c" "$seconds" "$booking_direct"
done
# Paced: as many clients as bookings a second, each booking sent at its time by a free client.
for rate in $paced_rates; do
  for target in gateway direct; do
    sleep 5
    url="$(target_url "$target")"
    label=$([[ $target == gateway ]] && echo "paced-$rate" || echo "direct-paced-$rate")
    measured_step "gateway-$label" gateway_step "$label" "$rate" "$seconds" "$url" "--rate $rate"
  done
done
# Reading slots runs code booking did not need yet: its own warm-up and settle first.
measured_step gateway-slots-warmup gateway_step slots-warmup 16 60 http://localhost:8080 --read-slots > /dev/null
settle_jit slots- gateway-slots-warmup http://localhost:8080 --read-slots
for target in gateway direct; do
  sleep 5
  url="$(target_url "$target")"
  measured_step "gateway-slots-$target-16" gateway_step "slots-$target-16" 16 "$seconds" "$url" --read-slots
done
# The floor: a request booking-service refuses before any work (BookingLoad.java --floor: a free-slots read whose date
# is not one, 400), through the gateway and straight, at 16 clients: what any request costs the two JVMs.
measured_step gateway-floor-warmup gateway_step floor-warmup 16 60 http://localhost:8080 --floor > /dev/null
for target in gateway direct; do
  sleep 5
  url="$(target_url "$target")"
  measured_step "gateway-floor-$target-16" gateway_step "floor-$target-16" 16 "$seconds" "$url" --floor
done
cat "$results"/gateway-*.txt | grep '^RESULT' > "$results/gateway.txt"

# The consultants' ids and the row versions (xmin) of their profiles and availabilities, in the order of the slugs:
# what booking-service keeps from a consultant's first booking and requires unchanged at each commit.
read -r consultant_ids profile_versions rules_versions <<< "$(superuser_sql -At -F ' ' -c "
  SELECT string_agg(p.consultant_id::text, ',' ORDER BY o.n), string_agg(p.xmin::text, ',' ORDER BY o.n),
         string_agg(coalesce(a.xmin::text, 'NULL'), ',' ORDER BY o.n)
  FROM unnest('{$slugs}'::text[]) WITH ORDINALITY AS o (slug, n)
  JOIN booking.consultant_profile p ON p.slug = o.slug LEFT JOIN booking.availability a ON a.consultant_id = p.consultant_id")"

# pgbench as the booking role, on the gateway's consultants (booking idx to consultant idx % N, as the gateway's), on
# slots far beyond the gateway's (from 2100 on).
# Each client numbers its own transactions (:n persists per client), so every slot, key and email is distinct;
# each step has its own run number.
pgbench_step=0
pgbench_run() {
  local label="$1" clients="$2" duration="$3"
  pgbench_step=$(( pgbench_step + 1 ))
  local TIMEFORMAT='%U %S'
  { time PGPASSWORD="$(secret booking.password)" pgbench -h localhost -p 15432 -U booking -n \
      -f deploy/bench/booking-transaction.sql -M prepared -c "$clients" -j 2 -T "$duration" -r \
      -D slugs="{$slugs}" -D consultants="{$consultant_ids}" -D profile_versions="{$profile_versions}" \
      -D rules_versions="{$rules_versions}" -D nconsultants="$consultants" -D run="$pgbench_step" -D nclients="$clients" -D n=0 \
      -l --log-prefix="$results/pgbench-log-$label" nakksha > "$results/pgbench-$label.txt" 2>&1 ; } \
    2> "$results/pgbench-client-cpu-$label.txt"
}
# Latency of every transaction from pgbench's -l logs (third column, microseconds): "avg stddev p50 p99" in ms.
latency_stats() {
  cat "$@" | awk '{ print $3 }' | sort -n | awk '
    { v[NR] = $1; sum += $1; sumsq += $1 * $1 }
    END {
      if (NR == 0) { print "nan nan nan nan"; exit }
      mean = sum / NR; var = sumsq / NR - mean * mean; if (var < 0) var = 0
      r50 = int(0.50 * NR + 0.999999); r99 = int(0.99 * NR + 0.999999)
      printf "%.2f %.2f %.2f %.2f\n", mean / 1000, sqrt(var) / 1000, v[r50] / 1000, v[r99] / 1000
    }'
}

# pgbench runs alone: consumers still catching up with the bookings would take CPU from it, and so would
# booking-service's relay publishing pgbench's own outbox rows and the consumers reading them. The services are paused
# for its steps (pause_services) and publish and consume its rows after them; until 2026-12-05 they ran alongside it.
await_consumers
pause_services
echo "pgbench warm-up (${warmup_seconds}s, 16 clients)..."
measured_step pgbench-warmup pgbench_run warmup 16 "$warmup_seconds"
for c in $clients; do
  sleep 5
  echo "pgbench: $c clients, ${seconds}s"
  measured_step "pgbench-$c" pgbench_run "$c" "$c" "$seconds"
  grep -E 'tps =|latency average|number of transactions actually processed|number of failed' "$results/pgbench-$c.txt"
done
resume_services

# --then-booking-jar: the same gateway steps again in the same run after booking-service was restarted from another
# jar (copied over booking-service/target/booking-service.jar; the launcher re-extracts a changed jar), so that two
# builds are compared on the same Postgres, data and background load. pgbench is not run again: both rounds are
# divided by the pgbench figures above.
if [[ -n "$then_jar" ]]; then
  # pgbench's own events, published and consumed once the services resumed, would otherwise land in this round.
  await_consumers
  echo "Restarting booking-service from $then_jar..."
  cp "$then_jar" booking-service/target/booking-service.jar
  bin/nakksha-local restart booking-service --data-dir "$data_dir" > "$results/then-restart.txt" 2>&1
  component_pid[booking-service]="$(awk '$1 == "booking-service" { pid = $2 } END { print pid }' "$data_dir/launcher.pids")"
  slugs="$then_slugs" first_slug="${then_slugs%%,*}"
  # The first consultant of the round's last slot but one: after a long warm-up the load's next index is past the
  # slots of one consultant (the capture books for one).
  capture_booking then- 17278
  stop_load
  start_load
  echo "Gateway load with $then_jar: warm-up ${warmup_seconds}s at 16 clients, then ${seconds}s at each of: $clients"
  measured_step gateway-then-warmup gateway_step then-warmup 16 "$warmup_seconds"
  settle_jit then- gateway-then-warmup
  first_step=true
  for c in $clients; do
    sleep 5
    if $jfr && $first_step; then start_profiles "$seconds" then-; fi
    measured_step "gateway-then-$c" gateway_step "then-$c" "$c" "$seconds"
    if $jfr && $first_step; then summarise_profiles then-; fi
    first_step=false
  done
  cat "$results"/gateway-then-*.txt | grep '^RESULT' > "$results/gateway-then.txt"
fi

stop_load

# Whether the gateway's rate limiter reached Redis (one call per request) or let requests through without it.
uncounted="$(curl -s localhost:8180/actuator/prometheus | awk '/^nakksha_gateway_rate_limit_uncounted_total/ { s += $2 } END { print s + 0 }')"
stop_settling
stop_stack

# The table; with --then-booking-jar, rows "then-N" are the second round, divided by the same pgbench figures.
summary="$results/summary.txt"
rounds=("")
paced_steps="$(for r in $paced_rates; do echo "gateway-paced-$r gateway-direct-paced-$r"; done)"
[[ -n "$then_jar" ]] && rounds+=(then-)
{
  echo "Booking throughput, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared (load average before the stack started: $background_load)"
  echo "${seconds}s per step after ${warmup_seconds}s warm-up; $consultants consultants through the gateway (then-: $consultants others); pgbench on the same $consultants"
  echo "gateway rate limiter: $( (( ${uncounted%.*} == 0 )) && echo "every request checked in Redis" || echo "$uncounted requests passed without Redis")"
  echo "$sql_check"
  sed 's/^/JIT: /' "$results/jit.txt"
  echo "payments settled every 200 ms: $(awk '{ n += $1; if ($1 > max) max = $1 } END { printf "%d bookings in %d sweeps, at most %d a sweep", n, NR, max }' "$results/settled.txt")"
  [[ -n "$then_jar" ]] && echo "then-: booking-service restarted from $then_jar; $(wc -l < "$results/then-captured-order.txt") statements per booking (captured)"
  $gateway_ok || echo "WARNING: some gateway answers were not 201 (see $results/gateway-*.txt)"
  printf '%-8s | %-12s %-9s %-9s %-7s | %-10s %-9s %-9s %-9s %-9s %-6s | %s\n' clients "gateway/s" p50_ms p99_ms non201 \
    "pgbench/s" avg_ms stddev_ms p50_ms p99_ms failed "gateway/pgbench"
  for phase in $(for round in "${rounds[@]}"; do for c in $clients; do echo "$round$c"; done; done); do
    c="${phase#then-}"
    line="$(cat "$results"/gateway*.txt | grep "^RESULT phase=$phase clients=$c " | head -1)"
    value() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$line"; }
    gw_rate="$(value bookings_per_s)"
    pg_out="$results/pgbench-$c.txt"
    pg_tps="$(sed -nE 's/^tps = ([0-9]+\.[0-9]).*/\1/p' "$pg_out" | head -1)"
    pg_failed="$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$pg_out")"
    read -r pg_avg pg_std pg_p50 pg_p99 <<< "$(latency_stats "$results/pgbench-log-$c".*)"
    ratio="$(awk -v g="$gw_rate" -v p="$pg_tps" 'BEGIN { if (p > 0) printf "%.3f", g / p; else print "n/a" }')"
    printf '%-8s | %-12s %-9s %-9s %-7s | %-10s %-9s %-9s %-9s %-9s %-6s | %s\n' "$phase" "$gw_rate" "$(value p50_ms)" "$(value p99_ms)" \
      "$(value other)" "$pg_tps" "$pg_avg" "$pg_std" "$pg_p50" "$pg_p99" "${pg_failed:-?}" "$ratio"
  done
  echo
  echo "Without the gateway: the same load straight at booking-service (:8082), free-slot reads (7-day window), and"
  echo "the floor (a read refused 400 before any work)"
  printf '%-17s | %-12s %-9s %-9s %-7s | %s\n' step "answers/s" p50_ms p99_ms unexpected "gateway/direct"
  for pair in $(for c in $clients; do echo "$c:direct-$c"; done) slots-gateway-16:slots-direct-16 floor-gateway-16:floor-direct-16; do
    for phase in "${pair%%:*}" "${pair#*:}"; do
      c="$(sed -E 's/.*-([0-9]+)$/\1/' <<< "$phase")"
      line="$(grep "^RESULT phase=$phase clients=$c " "$results/gateway.txt" | head -1)"
      value() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$line"; }
      printf '%-17s | %-12s %-9s %-9s %-7s | ' "$([[ $phase == "$c" ]] && echo "gateway-$c" || echo "$phase")" \
        "$(value bookings_per_s)" "$(value p50_ms)" "$(value p99_ms)" "$(value other)"
      if [[ "$phase" == "${pair#*:}" ]]; then
        through="$(grep "^RESULT phase=${pair%%:*} clients=$c " "$results/gateway.txt" | head -1 | sed -E 's/.* bookings_per_s=([^ ]+).*/\1/')"
        awk -v g="$through" -v d="$(value bookings_per_s)" 'BEGIN { if (d > 0) printf "%.3f\n", g / d; else print "n/a" }'
      else
        echo
      fi
    done
  done
  echo
  echo "CPU milliseconds per booking, by process (user + system, from /proc; 'services' = identity, payment,"
  echo "quotation, notification and analytics; the client is BookingLoad.java or pgbench; 'pg:booking' = the part"
  echo "of postgres spent by backends of role booking, not shown for pgbench, whose connections end within its step;"
  echo "'of it JIT' = the part of the gateway's and the six services' CPU spent by their JIT compiler threads)"
  printf '%-24s %8s | %8s %8s %8s %10s %8s %8s %8s | %8s %s | %s\n' step bookings gateway booking postgres pg:booking kafka services client total "(cores busy, CPU window)" "of it JIT"
  for step in $(for round in "${rounds[@]}"; do for c in $clients; do echo "gateway-$round$c"; done; done) \
      $(for c in $clients; do echo "gateway-direct-$c"; done) \
      $paced_steps gateway-slots-gateway-16 gateway-slots-direct-16 gateway-floor-gateway-16 gateway-floor-direct-16 \
      $(for c in $clients; do echo "pgbench-$c"; done); do
    phase="${step#*-}"
    c="${phase##*-}"
    if [[ "$step" == gateway-* ]]; then
      line="$(cat "$results"/gateway*.txt | grep "^RESULT phase=$phase clients=$c " | head -1)"
      bookings="$(sed -E 's/.* booked=([0-9]+).*/\1/' <<< "$line")"
      client_cpu="$(sed -E 's/.* client_cpu_s=([0-9.]+).*/\1/' <<< "$line")"
    else
      bookings="$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$results/pgbench-$c.txt")"
      client_cpu="$(awk '{ print $1 + $2 }' "$results/pgbench-client-cpu-$c.txt")"
    fi
    window="$(awk '{ printf "%.1f", $2 - $1 }' "$results/window-$step.txt")"
    awk -v n="$bookings" -v client="$client_cpu" -v window="$window" -v step="$step" '
      NR == FNR { if ($2 > 0) jit += $2; next }
      { cpu[$1] = $2 }
      END {
        services = cpu["identity-service"] + cpu["payment-service"] + cpu["quotation-service"] + cpu["notification-service"] + cpu["analytics-service"]
        total = cpu["gateway-service"] + cpu["booking-service"] + cpu["postgres"] + cpu["kafka"] + services + client
        ms = (n > 0) ? 1000 / n : 0
        own = (step ~ /^pgbench-/) ? "n/a" : sprintf("%.2f", cpu["postgres-booking"] * ms)
        printf "%-24s %8d | %8.2f %8.2f %8.2f %10s %8.2f %8.2f %8.2f | %8.2f (%.2f, %.1f s) | %8.2f\n", step, n, cpu["gateway-service"] * ms,
          cpu["booking-service"] * ms, cpu["postgres"] * ms, own, cpu["kafka"] * ms, services * ms, client * ms, total * ms, (window > 0) ? total / window : 0, window,
          jit * ms
      }' "$results/jit-$step.txt" "$results/cpu-$step.txt"
  done
  echo
  echo "Above the floor: each JVM's CPU a booking less its CPU a refused request (ms), at 16 clients"
  floor_ms() { # step component
    awk -v c="$2" -v n="$(sed -E 's/.* booked=([0-9]+).*/\1/' <<< "$(grep "^RESULT phase=${1#gateway-} clients=16 " "$results/gateway.txt" | head -1)")" \
      '$1 == c && n > 0 { printf "%.2f", $2 * 1000 / n }' "$results/cpu-$1.txt"
  }
  for pair in gateway-16:gateway-floor-gateway-16 gateway-direct-16:gateway-floor-direct-16; do
    [[ -f "$results/cpu-${pair%%:*}.txt" ]] || continue
    line="${pair%%:*}:"
    for component in gateway-service booking-service; do
      [[ "$pair" == gateway-direct-* && "$component" == gateway-service ]] && continue
      line+="$(awk -v c="$component" -v b="$(floor_ms "${pair%%:*}" "$component")" -v f="$(floor_ms "${pair#*:}" "$component")" \
        'BEGIN { printf " %s %.2f - %.2f = %.2f", c, b, f, b - f }')"
    done
    echo "$line"
  done
  echo
  echo "The same steps' Postgres CPU by role of its live backends (background: checkpointer, WAL writer, autovacuum"
  echo "and the like; postmaster+reaped: the postmaster and ended backends, counted when it reaps them) and each consuming service, ms per booking"
  for step in $(for round in "${rounds[@]}"; do for c in $clients; do echo "gateway-$round$c"; done; done) \
      $(for c in $clients; do echo "gateway-direct-$c"; done) \
      $paced_steps; do
    phase="${step#*-}"
    c="${phase##*-}"
    bookings="$(cat "$results"/gateway*.txt | grep "^RESULT phase=$phase clients=$c " | head -1 | sed -E 's/.* booked=([0-9]+).*/\1/')"
    awk -v n="$bookings" -v step="$step" '
      { cpu[$1] = $2 }
      END {
        ms = (n > 0) ? 1000 / n : 0
        line = sprintf("%-24s", step); roles = 0
        for (k in cpu) if (k ~ /^pg-role-/) { roles += cpu[k]; line = line sprintf(" %s=%.2f", substr(k, 9), cpu[k] * ms) }
        line = line sprintf(" postmaster+reaped=%.2f |", (cpu["postgres"] - roles) * ms)
        split("identity-service payment-service quotation-service notification-service analytics-service", names, " ")
        for (i = 1; i <= 5; i++) line = line sprintf(" %s=%.2f", names[i], cpu[names[i]] * ms)
        print line
      }' "$results/cpu-$step.txt"
  done
} | tee "$summary"
echo "Results in $results"
