import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a command (the build) and says which module's processes spent the machine's CPU: every process under the
 * command is sampled from {@code /proc} twice a second and charged to the module directory (one holding a
 * {@code pom.xml}) that is its working directory or its nearest ancestor's, so a test JVM's embedded Postgres,
 * broker process and the local stack's services count for that test's module; Maven's own JVM counts as
 * {@code (reactor)}. Embedded Postgres daemonizes (init becomes its parent), so every {@code postgres} process counts
 * apart, from the first sample on for one older than the command. CPU is user + system time in seconds of one core.
 * A process that lives less than half a second between two samples is missed; the total next to the machine's busy
 * time (from {@code /proc/stat}) shows how much that is.
 *
 * <p>Linux only. {@code java deploy/bench/BuildCpu.java mvn -B -T 2C verify} from the repository root; the
 * command's own output goes through, the table comes after it on standard error.
 */
public class BuildCpu {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    /** {@code /proc}'s clock ticks (USER_HZ), 100 a second on every Linux the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** One process as last seen; {@code started} (clock ticks after boot) tells a reused pid from the process before. */
    record Sample(long pid, long started, long parent, String name, Path cwd, long ticks) {

        String key() {
            return pid + "@" + started;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java deploy/bench/BuildCpu.java <command> [args...]");
            System.exit(2);
        }
        Path root = Path.of("").toAbsolutePath();
        long busyBefore = machineBusyTicks();
        long started = System.nanoTime();
        Process build = new ProcessBuilder(args).inheritIO().start();
        Map<String, Sample> seen = new HashMap<>();
        Map<String, Long> before = new HashMap<>();
        long buildStarted = read(build.pid()).map(Sample::started).orElse(0L);
        while (build.isAlive()) {
            sample(build.pid(), buildStarted, seen, before);
            Thread.sleep(INTERVAL);
        }
        int exit = build.waitFor();
        double wall = (System.nanoTime() - started) / 1e9;
        double busy = (machineBusyTicks() - busyBefore) / TICKS_PER_SECOND;

        Map<String, Double> byModule = new TreeMap<>();
        Map<String, Double> byProcess = new TreeMap<>();
        // A parent is looked up by pid: the newest process that had it is the one alive when its children were.
        Map<Long, Sample> byPid = new HashMap<>();
        seen.values().forEach(process -> byPid.merge(process.pid(), process, (a, b) -> a.started() > b.started() ? a : b));
        for (Sample sample : seen.values()) {
            String module = moduleOf(sample, byPid, root);
            double seconds = (sample.ticks() - before.getOrDefault(sample.key(), 0L)) / TICKS_PER_SECOND;
            byModule.merge(module, seconds, Double::sum);
            byProcess.merge(module + " / " + sample.name(), seconds, Double::sum);
        }
        double total = byModule.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nwall %.0f s, machine busy %.0f core-s, counted here %.0f core-s%n", wall, busy, total));
        byModule.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> table.append(String.format("%8.1f  %s%n", entry.getValue(), entry.getKey())));
        table.append(String.format("%nby process name within a module (above 5 core-s):%n"));
        byProcess.entrySet().stream().filter(entry -> entry.getValue() >= 5)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> table.append(String.format("%8.1f  %s%n", entry.getValue(), entry.getKey())));
        System.err.print(table);
        System.exit(exit);
    }

    /**
     * Adds or refreshes every live process descended from {@code top}, and every Postgres process; a process's ticks only
     * grow, so the last sample counts.
     */
    private static void sample(long top, long topStarted, Map<String, Sample> seen, Map<String, Long> before) {
        Map<Long, Sample> now = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(path -> path.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).map(BuildCpu::read).flatMap(Optional::stream)
                    .forEach(sample -> now.put(sample.pid(), sample));
        } catch (IOException e) {
            return;
        }
        for (Sample sample : now.values()) {
            // Embedded Postgres daemonizes (its postmaster's parent is init): its processes count apart.
            if (descends(sample.pid(), top, now) || sample.name().equals("postgres")) {
                // A process older than the command (the machine's own Postgres) counts from the first sample on.
                if (sample.started() < topStarted) {
                    before.putIfAbsent(sample.key(), sample.ticks());
                }
                // A process is named once, when first seen: by its exit its command line reads empty.
                Sample known = seen.get(sample.key());
                String name = known != null ? known.name() : describe(sample.name(), sample.pid());
                seen.put(sample.key(), new Sample(sample.pid(), sample.started(), sample.parent(), name, sample.cwd(), sample.ticks()));
            }
        }
    }

    /** A JVM by what it runs (its jar, the test booter, or its main class); any other process by its name. */
    private static String describe(String name, long pid) {
        if (!name.equals("java")) {
            return name;
        }
        try {
            List<String> command = List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
            if (command.stream().anyMatch(arg -> arg.contains("surefire"))) {
                return "java test JVM";
            }
            int jar = command.indexOf("-jar");
            if (jar >= 0 && jar + 1 < command.size()) {
                return "java " + Path.of(command.get(jar + 1)).getFileName();
            }
            return command.stream().skip(1).filter(arg -> arg.matches("[a-z]+(\\.[A-Za-z0-9_$]+)+")).findFirst()
                    .map(main -> "java " + main).orElse("java");
        } catch (IOException | RuntimeException e) {
            return "java";
        }
    }

    private static boolean descends(long pid, long top, Map<Long, Sample> processes) {
        for (long at = pid; at > 1; ) {
            if (at == top) {
                return true;
            }
            Sample sample = processes.get(at);
            if (sample == null) {
                return false;
            }
            at = sample.parent();
        }
        return false;
    }

    private static Optional<Sample> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The name is in parentheses and may hold spaces; the fields after it are space-separated.
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            String[] fields = stat.substring(close + 2).split(" ");
            long parent = Long.parseLong(fields[1]);
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long started = Long.parseLong(fields[19]);
            Path cwd;
            try {
                cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            } catch (IOException | UnsupportedOperationException e) {
                cwd = Path.of("/");
            }
            return Optional.of(new Sample(pid, started, parent, name, cwd, ticks));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The module directory of the process's working directory, else of its nearest ancestor's that has one. */
    private static String moduleOf(Sample sample, Map<Long, Sample> byPid, Path root) {
        List<Long> visited = new ArrayList<>();
        for (Sample at = sample; at != null && !visited.contains(at.pid()); at = byPid.get(at.parent())) {
            visited.add(at.pid());
            for (Path dir = at.cwd(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return root.relativize(dir).toString();
                }
            }
        }
        return sample.name().equals("postgres") ? "(Postgres, any module's)" : "(reactor)";
    }

    private static long machineBusyTicks() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        long busy = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(cpu[i]);
            }
        }
        return busy;
    }
}
