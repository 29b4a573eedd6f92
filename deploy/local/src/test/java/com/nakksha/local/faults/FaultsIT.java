package com.nakksha.local.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nakksha.local.SharedStack;
import com.nakksha.local.journeys.AdminLogin;
import com.nakksha.local.journeys.ConsultantOnboarding;
import com.nakksha.local.journeys.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 on the launcher's stack: the money loop under a seeded load while a seeded schedule kills and
 * pauses the platform's processes, then the reconciliation of everything that must hold afterwards, printed
 * as a report. It runs on the run's shared stack after every journey but the class that stops the stack,
 * which then finds the stack recovered; its checks look at its own load's consultants, clients and payments,
 * or at what must hold for any (no dead letters, lag back to 0). A stack of its own cost a minute of nine JVMs
 * starting and stopping in every build.
 *
 * <p>Issue 16's crash checks live here too: every booking answered 201 stored once and every SessionBooked naming a
 * stored session after Postgres was killed, bookings answered while the broker was away, and the launcher reporting
 * every death.
 *
 * <p>The build runs the short form (one fault of each kind, the first after {@link #SHORT_FORM_LEAD} of load, about a
 * minute of load in all).
 * {@code -Dfaults.long=true} runs the long one (every service killed in turn, Kafka and Postgres twice,
 * pauses of Postgres, Kafka and two services, the broker held down for 30 s; {@code faults.minutes} of load, 5 by
 * default).
 * {@code -Dfaults.seed=N} repeats a run's choices (the build's failsafe configuration passes 1303 unless told
 * otherwise; without the property a run picks one); the seed is printed at the start and in the report.
 */
@Isolated
@Order(SharedStack.STOPS_THE_STACK - 1)
@ExtendWith(SharedStack.class)
class FaultsIT {

    private static final boolean LONG = Boolean.getBoolean("faults.long");
    private static final long SEED = Long.getLong("faults.seed", System.currentTimeMillis() % 100_000);
    /** The short form's load before its first fault (then a gap of 2-4 s of the schedule's own). */
    private static final Duration SHORT_FORM_LEAD = Duration.ofSeconds(5);

    private static Path dataDir;
    private static Properties secrets;
    private static AdminLogin admin;
    private static final PlatformClient client = new PlatformClient();

    @BeforeAll
    static void takeTheSharedStack() {
        System.out.println("faults: seed " + SEED + (LONG ? ", long form" : ", short form"));
        dataDir = SharedStack.dataDir();
        secrets = SharedStack.secrets();
        admin = new AdminLogin(client, dataDir);
    }

    @Test
    void everyCountReconcilesAfterProcessesAreKilledAndPausedUnderTheMoneyLoop() throws Exception {
        Answers answers = new Answers();
        // Side by side: each onboarding mostly waits for its verification mail and for its approval to reach booking.
        List<Future<ConsultantOnboarding.Consultant>> onboardings = new ArrayList<>();
        try (ExecutorService onboarding = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < (LONG ? 6 : 3) + 1; i++) {
                onboardings.add(onboarding.submit(() -> ConsultantOnboarding.approvedConsultant(client, admin)));
            }
        }
        List<LoadConsultant> consultants = new ArrayList<>();
        for (Future<ConsultantOnboarding.Consultant> onboarded : onboardings.subList(0, onboardings.size() - 1)) {
            consultants.add(new LoadConsultant(onboarded.get(), client, answers));
        }
        ConsultantOnboarding.Consultant moderated = onboardings.getLast().get();
        FaultSchedule schedule = LONG ? FaultSchedule.longForm(dataDir, SEED) : FaultSchedule.shortForm(dataDir, SEED);
        Duration load = LONG ? Duration.ofMinutes(Long.getLong("faults.minutes", 5)) : Duration.ofMinutes(1);
        Instant began = Instant.now();
        List<MoneyLoad.Attempt> attempts;
        int launcherLinesBefore = 0;
        Reconciliation reconciliation;
        Duration quiet;
        try (TopicTail topics = new TopicTail()) {
            RazorpaySide razorpay = new RazorpaySide(secrets, answers);
            MoneyLoad money = new MoneyLoad(client, razorpay, topics, answers, consultants, SEED);
            money.start(LONG ? 8 : 4);
            money.moderate(moderated, admin);
            try {
                // The long form's load runs a third of its time before the first fault; the short form's runs on the
                // journeys' warm stack, where a few seconds of its four workers put work in flight. The rest of the
                // load goes on while the faults run, and after.
                Duration beforeTheFaults = LONG ? load.dividedBy(3) : SHORT_FORM_LEAD;
                Thread.sleep(beforeTheFaults);
                launcherLinesBefore = SharedStack.launcherOutput().size();
                long faultsStarted = System.nanoTime();
                schedule.run();
                Duration rest = load.minus(beforeTheFaults).minus(Duration.ofNanos(System.nanoTime() - faultsStarted));
                if (!rest.isNegative()) {
                    Thread.sleep(rest);
                }
            } finally {
                schedule.resumeAll();
                attempts = money.stop();
            }
            reconciliation = new Reconciliation(client, razorpay, topics, consultants, attempts, answers, admin, moderated);
            quiet = reconciliation.awaitQuiet();
            List<Reconciliation.Check> checks = new ArrayList<>(reconciliation.run());
            List<String> launcherLines = List.copyOf(SharedStack.launcherOutput());
            checks.add(Reconciliation.killsReported(schedule.outcomes(), launcherLines.subList(launcherLinesBefore, launcherLines.size())));
            checks.add(reconciliation.bookedWhileTheBrokerWasAway(schedule.outcomes()));
            String report = report(began, schedule, attempts, answers, checks);
            System.out.println(report);
            Files.writeString(Path.of("target", "faults-report-" + SEED + ".txt"), report);
            assertThat(schedule.outcomes()).as("every fault recovered from within " + FaultSchedule.RECOVERY_BOUND)
                    .allSatisfy(outcome -> assertThat(outcome.recovered()).as(outcome.toString()).isNotNull());
            assertThat(checks).as(report).allSatisfy(check -> assertThat(check.mismatches()).as(check.name()).isEmpty());
            assertThat(quiet).as("lag and backlogs back to 0").isNotNull();
        }
    }

    private static String report(Instant began, FaultSchedule schedule, List<MoneyLoad.Attempt> attempts, Answers answers,
                                 List<Reconciliation.Check> checks) {
        StringBuilder report = new StringBuilder();
        String nl = System.lineSeparator();
        report.append("==== Faults report: seed ").append(SEED).append(LONG ? ", long form" : ", short form").append(", started ")
                .append(began).append(", ").append(Duration.between(began, Instant.now()).toSeconds()).append(" s, load average ")
                .append(String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(nl).append("Faults:").append(nl);
        schedule.outcomes().forEach(outcome -> report.append("  ").append(outcome).append(nl));
        report.append("Load (").append(attempts.size()).append(" attempts):").append(nl);
        MoneyLoad.summary(attempts).forEach((what, count) -> report.append(String.format("  %-40s %6d%n", what, count)));
        report.append("Answers (").append(answers.all().size()).append("):").append(nl);
        answers.counts().forEach((what, count) -> report.append(String.format("  %-40s %6d%n", what, count)));
        report.append("Checks:").append(nl);
        checks.forEach(check -> report.append("  ").append(check).append(nl));
        long mismatches = checks.stream().mapToLong(check -> check.mismatches().size()).sum();
        report.append("==== ").append(mismatches).append(" mismatches").append(nl);
        return report.toString();
    }
}
