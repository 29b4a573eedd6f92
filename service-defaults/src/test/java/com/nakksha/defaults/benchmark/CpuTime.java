package com.nakksha.defaults.benchmark;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.nakksha.testsupport.TestInfrastructure;

/**
 * CPU time used so far, in nanoseconds: by this JVM (the in-process broker included) and by the embedded Postgres
 * (the postmaster, its live children and the children it reaped), read from {@code /proc} in clock ticks of 10 ms;
 * and by this JVM's live Java threads, by family (a thread's name without its numbers, so that a pool's threads add up).
 * The JVM's own threads (garbage collection, the JIT's compilers) are in {@code jvm} and in no family; what they did
 * shows in {@code jitMillis} and {@code gcMillis}, the JVM's own accounts of time spent compiling and collecting, in
 * milliseconds of elapsed time. Postgres' share is also kept by process kind ({@code postgresKinds}): client backends,
 * each background process by its title (autovacuum workers, the checkpointer...), and children that ended.
 */
record CpuTime(long jvm, long postgres, Map<String, Long> threads, long jitMillis, long gcMillis, Map<String, Long> postgresKinds) {

    private static final long NANOS_PER_TICK = 10_000_000;
    private static final List<String> BACKGROUND_PROCESSES = List.of("checkpointer", "background writer", "walwriter", "autovacuum launcher",
            "autovacuum worker", "logical replication launcher", "io worker", "walsummarizer", "archiver");

    static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ProcessHandle postmaster = postmaster();
        Map<String, Long> kinds = new HashMap<>();
        kinds.put("ended", (ticks(postmaster.pid(), true) - ticks(postmaster.pid(), false)) * NANOS_PER_TICK);
        kinds.put("postmaster", ticks(postmaster.pid(), false) * NANOS_PER_TICK);
        postmaster.children().forEach(child -> kinds.merge(kind(child.pid()), ticks(child.pid(), false) * NANOS_PER_TICK, Long::sum));
        long postgres = kinds.values().stream().mapToLong(Long::longValue).sum();
        long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        return new CpuTime(jvm, postgres, threadsByFamily(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gcMillis, kinds);
    }

    /** A thread that ended in between counts only what it used before it ended, as far as {@code earlier} saw. */
    CpuTime minus(CpuTime earlier) {
        Map<String, Long> threadsSince = new HashMap<>();
        threads.forEach((family, nanos) -> threadsSince.put(family, Math.max(0, nanos - earlier.threads.getOrDefault(family, 0L))));
        Map<String, Long> kindsSince = new HashMap<>();
        postgresKinds.forEach((kind, nanos) -> kindsSince.put(kind, Math.max(0, nanos - earlier.postgresKinds.getOrDefault(kind, 0L))));
        return new CpuTime(jvm - earlier.jvm, postgres - earlier.postgres, threadsSince, jitMillis - earlier.jitMillis, gcMillis - earlier.gcMillis,
                kindsSince);
    }

    /** Postgres' processes by kind, in microseconds an event, largest first, those that used any. */
    String postgresKinds(int events) {
        return postgresKinds.entrySet().stream()
                .filter(kind -> kind.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(kind -> String.format("%s %.2f", kind.getKey(), kind.getValue() / 1_000.0 / events))
                .collect(Collectors.joining(", "));
    }

    /** The {@code count} families that used the most, in microseconds an event, largest first, then the JIT's and GC's time. */
    String topThreads(int count, int events) {
        return threads.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(count)
                .map(thread -> String.format("%s %.2f", thread.getKey(), thread.getValue() / 1_000.0 / events))
                .collect(Collectors.joining(", ")) + String.format(" (JIT compiling %d ms, GC %d ms)", jitMillis, gcMillis);
    }

    private static Map<String, Long> threadsByFamily() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<String, Long> families = new HashMap<>();
        for (ThreadInfo thread : bean.getThreadInfo(bean.getAllThreadIds())) {
            long nanos = thread == null ? -1 : bean.getThreadCpuTime(thread.getThreadId());
            if (nanos > 0) {
                families.merge(thread.getThreadName().replaceAll("[0-9]+", "N"), nanos, Long::sum);
            }
        }
        return families;
    }

    /** The cluster's postmaster: the process started with the embedded cluster's port. */
    private static ProcessHandle postmaster() {
        String port = String.valueOf(TestInfrastructure.postgres().getPort());
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                .filter(process -> List.of(process.info().arguments().orElse(new String[0])).contains(port))
                .findFirst().orElseThrow(() -> new IllegalStateException("no postmaster listening on port " + port));
    }

    /** A child's kind from its process title: a background process by name, otherwise a client backend. */
    private static String kind(long pid) {
        try {
            String title = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ').strip();
            for (String background : BACKGROUND_PROCESSES) {
                if (title.contains(": " + background)) {
                    return background;
                }
            }
            return "backends";
        } catch (IOException | RuntimeException e) {
            return "ended";
        }
    }

    /** CPU time one process of any cluster has used so far, in nanoseconds; 0 once it is gone. */
    static long processNanos(long pid) {
        return ticks(pid, false) * NANOS_PER_TICK;
    }

    /** utime + stime (and, with {@code reaped}, cutime + cstime) of a process; 0 once it is gone. */
    private static long ticks(long pid, boolean reaped) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields after the command name start at the third field of proc(5): utime is the 14th.
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return reaped ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
