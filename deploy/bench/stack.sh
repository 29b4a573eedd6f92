# Sourced by the bench scripts: the launcher's stack on a temporary data dir.
#
#   bench_run <prefix>                sets JAVA_HOME, java, launcher_classpath, results
#                                     (deploy/bench/results/<prefix><timestamp>) and data_dir, and traps the exit to
#                                     stop the stack, a sampler_pid the caller set, and delete the data dir unless
#                                     keep_data=true
#   wait_for_free_ports [<port>...]   waits (up to an hour) until the stack's ports and the extra ones are free:
#                                     others may run the stack, which uses fixed ports
#   start_stack [<launcher option>...] starts bin/nakksha-local --no-build on $data_dir and waits until it is ready
#   stop_stack                        stops it (the launcher stops everything it started)

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

stop_stack() {
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    echo "Stopping the stack..."
    kill -TERM "$launcher_pid" 2>/dev/null || true
    wait "$launcher_pid" 2>/dev/null || true
  fi
  launcher_pid=""
}
