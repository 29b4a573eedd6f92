# Sourced by the bench scripts: the launcher's stack on a temporary data dir.
#
#   hold_stack_lock "$@"              runs the calling script again under /tmp/nakksha-stack.lock, unless it holds it:
#                                     the stack uses fixed ports, so one bench runs at a time
#   bench_run <prefix>                sets JAVA_HOME, java, launcher_classpath, results
#                                     (deploy/bench/results/<prefix><timestamp>) and data_dir, and traps the exit to
#                                     stop the stack, a sampler_pid the caller set, and delete the data dir unless
#                                     keep_data=true
#   wait_for_free_ports [<port>...]   waits (up to an hour) until the stack's ports and the extra ones are free:
#                                     others may run the stack, which uses fixed ports
#   start_stack [<launcher option>...] starts bin/nakksha-local --no-build on $data_dir and waits until it is ready
#   stop_stack                        stops it (the launcher stops everything it started)
#   read_component_pids               component_pid[<name>] and component_port[<name>] from the launcher's table, once
#                                     the stack is ready
#   cpu_ticks                         prints "<component> <ticks>" for each component (below)
#   thread_ticks                      prints "<component> <thread name> <tid> <ticks>" for every JVM thread
#   jit_ticks                         prints "<service> <ticks>" of each service JVM's JIT compiler threads
#   consumer_lag                      prints "<service> <records>": the records its consumers have yet to read
#   await_consumers [<seconds>]       waits until no consumer lags (up to 600 s), prints how long that took
#   pause_services / resume_services  stops every service JVM with SIGSTOP (Postgres, Kafka, Redis and the mail
#                                     catcher run on) and lets them go on; the exit trap resumes them before stopping
#   booking_bench_settings            exports the SPRING_APPLICATION_JSON the booking benchmarks start the stack with
#   secret <key> / superuser_sql ...  a value of the data dir's secrets.properties; psql as Postgres' superuser
#   start_settling / stop_settling    marks the run's unpaid bookings paid every 200 ms (settle_payments, below),
#                                     until stopped; the exit trap stops it

hold_stack_lock() {
  if [[ -z "${NAKKSHA_STACK_LOCK_HELD:-}" ]]; then
    echo "Waiting for /tmp/nakksha-stack.lock (other runs of the stack)..."
    exec env NAKKSHA_STACK_LOCK_HELD=1 flock /tmp/nakksha-stack.lock "$repo_root/deploy/bench/$(basename "$0")" "$@"
  fi
}

bench_run() {
  JAVA_HOME="$(bin/find-jdk)"
  export JAVA_HOME
  java="$JAVA_HOME/bin/java"
  launcher_classpath=deploy/local/target/nakksha-local.jar
  results="deploy/bench/results/$1$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$results"
  data_dir="$(mktemp -d /tmp/nakksha-bench.XXXXXX)"
  launcher_pid="" sampler_pid=""
  trap end_bench_run EXIT
  trap 'exit 130' INT TERM HUP
}

end_bench_run() {
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [[ -n "${settler_pid:-}" ]]; then stop_settling; fi
  resume_services
  stop_stack
  if ${keep_data:-false}; then echo "Data dir kept: $data_dir"; else rm -rf "$data_dir"; fi
}

stack_ports=(8080 8081 8082 8083 8084 8085 8086 8090 15432 9092 9093)

ports_in_use() {
  local port busy=()
  for port in "$@"; do
    if ss -ltnH "sport = :$port" | grep -q .; then busy+=("$port"); fi
  done
  echo "${busy[*]}"
}

wait_for_free_ports() {
  local ports=("${stack_ports[@]}" "$@") waited=0
  while [[ -n "$(ports_in_use "${ports[@]}")" ]]; do
    if (( waited % 60 == 0 )); then echo "Ports in use: $(ports_in_use "${ports[@]}"); someone else runs the stack, waiting..."; fi
    if (( waited >= 3600 )); then echo "Ports still in use after an hour; giving up." >&2; exit 1; fi
    sleep 10
    waited=$(( waited + 10 ))
  done
}

# The launcher's own readiness wait is 900 s (a busy two-core machine needed more than the default 180 s).
start_stack() {
  echo "Starting the stack on $data_dir (log: $results/launcher.log)..."
  bin/nakksha-local --no-build --timeout 900 "$@" --data-dir "$data_dir" > "$results/launcher.log" 2>&1 &
  launcher_pid=$!
  local deadline=$(( SECONDS + 960 ))
  until grep -q "Nakksha platform ready in" "$results/launcher.log"; do
    if ! kill -0 "$launcher_pid" 2>/dev/null || (( SECONDS > deadline )); then
      echo "The stack did not start:" >&2
      tail -40 "$results/launcher.log" >&2
      exit 1
    fi
    sleep 2
  done
  grep "Nakksha platform ready in" "$results/launcher.log"
}

# The mail catcher keeps every mail it caught in its 128 MiB heap: a long run's mails (about two a booking) filled it
# after some 25,000 bookings, and notification-service's deliveries then failed and were retried, a core's worth of
# CPU the tables did not count. The booking benchmark empties it before each step; a reset also closes its SMTP
# connections, so a mail being handed over at that moment is retried a moment later.
empty_mail_catcher() {
  curl -s -o /dev/null --max-time 10 -X POST http://127.0.0.1:8025/api/service/reset \
    || echo "could not empty the mail catcher" >&2
}

# The consuming services' lag, from their consumers' own records-lag gauges (Kafka's client metrics, refreshed by
# service-defaults' ConsumerClientMeters): a step's CPU a booking leaves out the work its consumers had not done
# when it ended, and that work then runs in whatever step comes next. Each gauge is tagged with the topic's name
# twice, as Kafka spells it and with dots turned into underscores; only the first is summed.
consumer_lag() {
  local name
  for name in "${!component_port[@]}"; do
    # The services with Kafka consumers, on the ports of the launcher's table (the gateway has none).
    if [[ "$name" != *-service || "$name" == gateway-service ]]; then continue; fi
    # A paused service (pause_services) cannot answer; its lag is not measured.
    if [[ " ${paused_pids[*]} " == *" ${component_pid[$name]} "* ]]; then echo "$name paused"; continue; fi
    { curl -s --max-time 5 "http://127.0.0.1:${component_port[$name]}/actuator/prometheus" || true; } \
      | awk -v name="$name" '/^kafka_consumer_fetch_manager_records_lag\{/ && /topic="[a-z]+\.[a-z.-]+"/ {
          value = $NF; if (value == value + 0 && value > 0) sum += value }
        END { printf "%s %d\n", name, sum }'
  done
}

await_consumers() {
  local limit="${1:-600}" started="$SECONDS" behind
  while (( SECONDS - started < limit )); do
    behind="$(consumer_lag | awk '{ sum += $2 } END { print sum + 0 }')"
    if (( behind == 0 )); then
      echo "consumers caught up after $((SECONDS - started)) s"
      return 0
    fi
    sleep 2
  done
  echo "consumers still $behind records behind after ${limit} s" >&2
}

# A stopped JVM holds its connections and its place in the consumer groups and does no work: no relay claims, no
# consuming, no polls. It is resumed before the stack stops, which otherwise would wait on a process that cannot exit.
paused_pids=()
pause_services() {
  local name
  for name in "${!component_pid[@]}"; do
    if [[ "$name" == *-service ]] && kill -STOP "${component_pid[$name]}" 2>/dev/null; then
      paused_pids+=("${component_pid[$name]}")
    fi
  done
}
resume_services() {
  local pid
  for pid in "${paused_pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
  paused_pids=()
}

stop_stack() {
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    echo "Stopping the stack..."
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait "$launcher_pid" 2>/dev/null || true
  fi
  launcher_pid=""
}

# CPU time of each part of the stack (clock ticks of user + system time, from /proc), to say where a booking's
# CPU goes. PIDs from the launcher's table; Postgres is the postmaster, its live backends and reaped children.
# postgres-booking is the part of it spent in the live backends of role booking (the process title Postgres
# writes over its command line names the role): booking-service's pool, its outbox relay included, where the
# rest is the other services consuming the events, Postgres' own background work and reaped connections.
# pg-role-<role> is each role's live backends, pg-role-background the processes without a role (checkpointer, WAL
# writer, autovacuum, ...).
read_component_pids() {
  declare -gA component_pid=() component_port=()
  local name port pid
  while read -r name port pid _; do
    component_pid[$name]=$pid
    component_port[$name]=$port
  done < <(grep -E '^  [a-z-]+ +[0-9]+ +[0-9]+ ' "$results/launcher.log")
  # Not in the launcher's table; its CPU competes for the same cores.
  pid="$(pgrep -f 'greenmail-standalone\.jar' | head -1 || true)"
  if [[ -n "$pid" ]]; then component_pid[mailcatcher]=$pid; fi
}
# "<component> <thread name> <tid> <ticks>" for every thread of the JVMs (Postgres has no threads); spaces in a thread's
# name as "_".
# Sets proc_ticks to the user + system clock ticks in the /proc stat file $1, with $2 = "reaped" those of its reaped
# children too; fails when the process is gone. Builtins only, no process per call: the snapshots read ~600 threads and
# ~35 backends, and forking for each took seconds of a busy machine, which the step it measured was charged for.
read_proc_ticks() {
  local stat fields
  { read -r stat < "$1"; } 2>/dev/null || return 1
  read -r -a fields <<< "${stat##*) }"
  proc_ticks=$(( fields[11] + fields[12] ))
  if [[ "${2:-}" == reaped ]]; then proc_ticks=$(( proc_ticks + fields[13] + fields[14] )); fi
}
thread_ticks() {
  local name pid task comm
  for name in "${!component_pid[@]}"; do
    pid="${component_pid[$name]}"
    [[ "$name" == postgres ]] && continue
    for task in /proc/"$pid"/task/*; do
      { read -r comm < "$task/comm"; } 2>/dev/null && read_proc_ticks "$task/stat" || continue
      echo "$name ${comm// /_} ${task##*/} $proc_ticks"
    done
  done
}
# CPU ticks of each service JVM's JIT compiler threads ("<name> <ticks>", its threads named C1/C2 CompilerThread). With
# seven JVMs on two busy cores a JVM's one C2 thread falls minutes behind: until it has caught up, hot methods run as
# C1's profiling code, and on 2026-12-05 booking-service spent 10-13 ms of CPU a booking for the first ten minutes of
# load against 3-4 ms once compiled. A measurement taken before then measures the JIT. (A compiler thread that exits
# takes its ticks with it: a step's difference can come out below zero.)
jit_ticks() {
  thread_ticks | awk '$1 ~ /-service$/ { jit[$1] += ($2 ~ /^C[12]_CompilerThre/) ? $4 : 0 } END { for (n in jit) print n, jit[n] }'
}
cpu_ticks() {
  local name pid ticks child title role
  for name in "${!component_pid[@]}"; do
    pid="${component_pid[$name]}"
    ticks=0
    if [[ "$name" == postgres ]]; then
      read_proc_ticks "/proc/$pid/stat" reaped && ticks=$proc_ticks
      declare -A role_ticks=()
      for child in $(pgrep -P "$pid"); do
        # A backend can end between pgrep and here.
        title=""
        read_proc_ticks "/proc/$child/stat" || continue
        { read -r -d '' title < "/proc/$child/cmdline"; } 2>/dev/null || true
        ticks=$(( ticks + proc_ticks ))
        role=background
        if [[ "$title" =~ ^postgres:\ ([^ ]+:\ )?([a-z_]+)\ [a-z_]+\ (\[local\]|[0-9.:]+\(?[0-9]*\)?)\  ]]; then
          role="${BASH_REMATCH[2]}"
        fi
        role_ticks[pg-role-$role]=$(( ${role_ticks[pg-role-$role]:-0} + proc_ticks ))
      done
      echo "postgres-booking ${role_ticks[pg-role-booking]:-0}"
      for role in "${!role_ticks[@]}"; do echo "$role ${role_ticks[$role]}"; done
      unset role_ticks
    else
      read_proc_ticks "/proc/$pid/stat" && ticks=$proc_ticks
    fi
    echo "$name $ticks"
  done
}

# The gateway rate-limits public routes per client address (10/s by default), and everything but the bookings
# comes from one address; auth is raised too so that onboarding several consultants does not wait on it. Each
# booking comes from an address of its own (BookingLoad.java's X-Forwarded-For, trusted from 127.0.0.1 as from a
# load balancer), so booking's live-hold caps per address and per email keep their defaults. The launcher
# passes its environment on to its children (identity gets its own SPRING_APPLICATION_JSON); the gateway
# reads the limits, booking-service the payment hold: 2h instead of 15m, so that no hold taken in the run
# expires during it (a booking would then abandon all expired holds of its consultant in its transaction).
# Booking's live-hold cap per consultant keeps its default (20): settle_payments below keeps each consultant's
# unpaid bookings as few as a live consultant's.
booking_bench_settings() {
  export SPRING_APPLICATION_JSON='{"nakksha.gateway.rate-limits.public-api.replenish-rate":100000,"nakksha.gateway.rate-limits.public-api.burst-capacity":100000,"nakksha.gateway.rate-limits.auth.replenish-rate":1000,"nakksha.gateway.rate-limits.auth.burst-capacity":1000,"nakksha.booking.payment-hold":"2h","nakksha.gateway.client-address.trusted-proxies":["127.0.0.1/32"]}'
}

secret() { grep "^$1=" "$data_dir/secrets.properties" | cut -d= -f2-; }
superuser_sql() {
  PGPASSWORD="$(secret postgres.password)" psql -X -q -h localhost -p 15432 -U postgres -d nakksha -v ON_ERROR_STOP=1 "$@"
}

# The clients pay, as far as the live-hold counts can tell: every 200 ms, one statement on one superuser connection
# marks the run's unpaid bookings paid and confirmed, as a captured payment does (Session.confirm: CONFIRMED, PAID,
# the hold gone; no events, which the measured path does not consume). Each consultant then holds a few unpaid
# bookings, as a live one does under the default cap of 20, instead of every booking of the run: each booking
# counts its consultant's live holds, and with thousands of them (before 2026-12-02 evening, the cap raised to
# 1,000,000 for the bench) that count was most of Postgres' CPU per booking, for the service and pgbench alike
# (9.0 ms a call of lock_schedule_for_public_booking at 16,000 live holds against 1.0 ms at 20). The statement's
# CPU is in the postgres column, not in pg:booking; settled.txt has the number of bookings settled by each sweep.
settle_payments() {
  while [[ ! -e "$settle_stop" ]]; do
    echo "WITH settled AS (UPDATE booking.session SET status = 'CONFIRMED', payment_status = 'PAID',
            payment_method = 'RAZORPAY', hold_expires_at = NULL, updated_at = now()
          WHERE status = 'PENDING' AND payment_status = 'PENDING' AND hold_expires_at IS NOT NULL RETURNING 1)
          SELECT count(*) FROM settled;"
    sleep 0.2
  done | superuser_sql -t -A > "$results/settled.txt"
}
start_settling() {
  settle_stop="$results/settle.stop"
  settle_payments &
  settler_pid=$!
}
stop_settling() {
  touch "$settle_stop"
  wait "$settler_pid" 2>/dev/null || true
  settler_pid=""
}
