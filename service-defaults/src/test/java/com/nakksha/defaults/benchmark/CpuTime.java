package com.nakksha.defaults.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.nakksha.testsupport.TestInfrastructure;

/**
 * CPU time used so far, in nanoseconds: by this JVM (the in-process broker included) and by the embedded Postgres
 * (the postmaster, its live children and the children it reaped), read from {@code /proc} in clock ticks of 10 ms.
 */
record CpuTime(long jvm, long postgres) {

    private static final long NANOS_PER_TICK = 10_000_000;

    static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        ProcessHandle postmaster = postmaster();
        long ticks = ticks(postmaster.pid(), true) + postmaster.children().mapToLong(child -> ticks(child.pid(), false)).sum();
        return new CpuTime(jvm, ticks * NANOS_PER_TICK);
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(jvm - earlier.jvm, postgres - earlier.postgres);
    }

    /** The cluster's postmaster: the process started with the embedded cluster's port. */
    private static ProcessHandle postmaster() {
        String port = String.valueOf(TestInfrastructure.postgres().getPort());
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"))
                .filter(process -> List.of(process.info().arguments().orElse(new String[0])).contains(port))
                .findFirst().orElseThrow(() -> new IllegalStateException("no postmaster listening on port " + port));
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
