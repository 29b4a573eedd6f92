# Sourced by the bench scripts: JFR recordings of running stack JVMs, started and dumped with jcmd (so the
# launcher's JVM options stay as they are), and their summaries. Needs JAVA_HOME and "results" set.
#
#   profile_start <name> <pid> [<seconds>]   settings=profile plus CPU-time sampling (JDK 25+ on Linux, every
#                                            10 ms of CPU per thread); stops by itself after <seconds>, or at
#                                            profile_stop
#   profile_stop <name> <pid>                dumps and stops a recording started without <seconds>
#   profile_summary <name>                   waits for $results/<name>.jfr, writes $results/profile-<name>.txt
#   profile_cpu_samples <file.jfr>           the recording's CPU-time samples with their stacks, as text, for the
#                                            two readers below
#   profile_inclusive_frames <samples.txt>   each method's share of the samples
#   profile_suspects <samples.txt>           issue 15's suspects: their share of the samples

profile_start() {
  local name="$1" pid="$2" duration="${3:-}"
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile "jdk.CPUTimeSample#enabled=true" \
    "jdk.CPUTimeSample#throttle=10ms" ${duration:+"duration=${duration}s"} "filename=$PWD/$results/$name.jfr" \
    > "$results/jfr-start-$name.txt" 2>&1 || echo "JFR did not start on $name (see $results/jfr-start-$name.txt)" >&2
}

profile_stop() {
  "$JAVA_HOME/bin/jcmd" "$2" JFR.stop name=bench > "$results/jfr-stop-$1.txt" 2>&1 || true
}

# Each method counted once per CPU-time sample whose stack holds it: what a call costs with everything below it.
# The summaries read their whole input (awk, not head): the scripts run with pipefail, and a reader that stops early
# would end the pipeline with SIGPIPE and the script with it.
profile_cpu_samples() {
  "$JAVA_HOME/bin/jfr" print --events jdk.CPUTimeSample --stack-depth 512 "$1"
}

profile_inclusive_frames() {
  awk '
    /^jdk.CPUTimeSample/ { samples++; delete seen; next }
    /^    [a-zA-Z]/ { frame = $1; sub(/\(.*/, "", frame); if (!(frame in seen)) { seen[frame] = 1; count[frame]++ } }
    END { for (f in count) printf "%6.1f%%  %s\n", 100 * count[f] / samples, f }' "$1" | sort -rn
}

# The recording's CPU by kind of thread (jdk.ThreadCPULoad; threads numbered alike are one kind): how much went to
# the JIT's compiler threads rather than the application's. Collectors' threads are not Java threads and are left out.
profile_thread_kinds() {
  "$JAVA_HOME/bin/jfr" print --events jdk.ThreadCPULoad "$1" | awk '
    /^jdk.ThreadCPULoad/ { usr = 0; sys = 0; next }
    / user = / { usr = $3 + 0 }
    / system = / { sys = $3 + 0 }
    / eventThread = / {
      kind = $0; sub(/^[^=]*= "?/, "", kind); sub(/"? *\(javaThreadId.*/, "", kind); gsub(/[0-9]+/, "#", kind)
      load[kind] += usr + sys; total += usr + sys }
    END { for (k in load) if (total > 0) printf "%6.1f%%  %s\n", 100 * load[k] / total, k }' | sort -rn
}

# Issue 15's suspects and the other large layers, each as the share of CPU-time samples with one of its frames anywhere
# on the stack (an upper bound: a layer that wraps the rest of the chain, as the gateway's circuit breaker and rate
# limiter do, counts the chain too) and the share whose leaf frame is its own (a lower bound). Frames match by package
# or class name.
profile_suspects() {
  awk '
    BEGIN {
      n = split("logging and MDC|ch\\.qos\\.logback|org\\.slf4j|boot\\.logging|MDC|LogAccessor|commons\\.logging;" \
        "Spring Security|org\\.springframework\\.security;" \
        "circuit breaker|CircuitBreaker|resilience4j;" \
        "rate limiter (Redis)|RateLimiter|io\\.lettuce;" \
        "gateway filters|org\\.springframework\\.cloud\\.gateway;" \
        "R2DBC driver|io\\.r2dbc\\.postgresql;" \
        "SQL text parsed per statement|PostgresqlSqlParser|NamedParameterUtils;" \
        "connection pool|io\\.r2dbc\\.pool|reactor\\.pool;" \
        "free slots|SlotCalculator|booking\\.availability;" \
        "Avro|org\\.apache\\.avro;" \
        "Kafka client|org\\.apache\\.kafka;" \
        "Micrometer metrics and observations|io\\.micrometer\\.core|io\\.micrometer\\.observation|io\\.prometheus;" \
        "tracing|io\\.micrometer\\.tracing|io\\.opentelemetry;" \
        "Jackson|com\\.fasterxml\\.jackson|tools\\.jackson;" \
        "context propagation|io\\.micrometer\\.context|publisher\\.ContextPropagation;" \
        "Netty|io\\.netty;" \
        "Nakksha code|com\\.nakksha", defs, ";")
      for (i = 1; i <= n; i++) { split(defs[i], kv, "|"); name[i] = kv[1]; re[i] = substr(defs[i], length(kv[1]) + 2) }
    }
    function tally() { for (i in hit) stacked[i]++; if (leaf) own[leaf]++ }
    /^jdk.CPUTimeSample/ { if (samples++) tally(); delete hit; leaf = 0; top = 1; next }
    /^    [a-zA-Z]/ {
      for (i = 1; i <= n; i++) if ($1 ~ re[i]) { hit[i] = 1; if (top && !leaf) leaf = i }
      top = 0
    }
    END {
      if (!samples) { print "no CPU-time samples"; exit }
      tally()
      printf "%d samples: on the stack / leaf frame\n", samples
      for (i = 1; i <= n; i++) printf "%6.1f%% %6.1f%%  %s\n", 100 * stacked[i] / samples, 100 * own[i] / samples, name[i]
    }' "$1"
}

profile_summary() {
  local name="$1" file="$results/$1.jfr" samples="$results/$1.cpu-samples.txt" waited=0
  while [[ ! -s "$file" ]] && (( waited < 60 )); do sleep 1; waited=$(( waited + 1 )); done
  # Printed once for both readers: printing is the slow part (5.7 MB of text for 30 s of booking-service).
  profile_cpu_samples "$file" > "$samples"
  { echo "== $name: CPU of its Java threads by kind (compiler threads are the JIT's)"
    profile_thread_kinds "$file" | awk 'NR <= 15'
    echo "== $name: hot methods by CPU time (leaf frames)"
    "$JAVA_HOME/bin/jfr" view --width 200 cpu-time-hot-methods "$file" 2>&1 | awk 'NR <= 40'
    echo "== $name: share of CPU-time samples with the method anywhere on the stack (top 80)"
    profile_inclusive_frames "$samples" | awk 'NR <= 80'
    echo "== $name: issue 15's suspects and the large layers, share of CPU-time samples"
    profile_suspects "$samples"
  } > "$results/profile-$name.txt"
  rm -f "$samples"
  echo "Profile summary: $results/profile-$name.txt"
}
