package com.nakksha.notification.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nakksha.events.BookingSource;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionType;
import com.nakksha.infrastructure.process.FreePorts;
import com.nakksha.notification.NotificationApplication;
import com.nakksha.notification.mail.MailProperties;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventSerializer;
import com.nakksha.schemas.tokens.TokenSeal;
import com.nakksha.testsupport.TestInfrastructure;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.awaitility.Awaitility.await;

/**
 * Mails through the whole path (issue 8, "Measure and report"): a burst of public bookings
 * ({@code SessionBooked} on {@code booking.session}, each owing the client's "complete your payment" mail)
 * consumed, owed, checked, rendered and accepted over SMTP by GreenMail, next to the same GreenMail
 * accepting the same messages, already rendered, through the service's own {@code JavaMailSender} in
 * the same run (the SMTP leg alone: the ceiling of the path), one at a time and as many at a time as the
 * delivery job sends ({@code nakksha.notification.delivery.concurrency}), each over a new connection, then over as many
 * connections kept open. Reminders of confirmed sessions come due
 * during the burst, so their lateness (due → sent) is measured under it.
 *
 * <p>Everything runs in one JVM: embedded Postgres and Kafka, the service, GreenMail. Not a test: prints
 * numbers. Run: {@code mvn -B -pl notification-service -am -Pmail-benchmark verify -DskipTests} (see README);
 * {@code -Dbenchmark.jvm=-Dbookings=500} for a shorter run.
 */
public final class MailBenchmark {

    private static final int BOOKINGS = Integer.getInteger("bookings", 2_000);
    private static final int REMINDERS = Integer.getInteger("reminders", 50);
    private static final int CONSULTANTS = Integer.getInteger("consultants", 20);
    /** Reminders come due spread over this window from the start of the burst. */
    private static final Duration REMINDER_WINDOW = Duration.ofSeconds(Integer.getInteger("reminderWindowSeconds", 60));
    private static final Duration TIMEOUT = Duration.ofMinutes(Integer.getInteger("timeoutMinutes", 40));

    public static void main(String[] args) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String brokers = TestInfrastructure.kafka().getBrokersAsString();
        try (ConfigurableApplicationContext service = start(brokers, smtp.getSmtp().getPort());
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new AvroEventSerializer())) {
            DatabaseClient database = service.getBean(DatabaseClient.class);
            byte[] sealKey = Base64.getDecoder().decode(service.getEnvironment()
                    .getProperty("nakksha.notification.link-token-keys.local-dev"));
            List<UUID> consultants = consultants(producer, database);

            // Sessions confirmed before the burst whose 1 h reminder comes due while it runs; their own
            // confirmation mails are sent and out of the way before the burst starts.
            Instant burstStart = Instant.now().plus(Duration.ofSeconds(60)).plusMillis(REMINDERS * 2_000L);
            for (int i = 0; i < REMINDERS; i++) {
                Instant due = burstStart.plusMillis(REMINDER_WINDOW.toMillis() * i / Math.max(1, REMINDERS));
                Instant start = due.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
                UUID sessionId = UUID.randomUUID();
                UUID consultant = consultants.get(i % consultants.size());
                send(producer, Topic.BOOKING_SESSION, sessionId, booked(sessionId, consultant, start, BookingSource.MANUAL,
                        PaymentStatus.PAID, null, null));
                send(producer, Topic.BOOKING_SESSION, sessionId, SessionConfirmed.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(now()).setConsultantId(consultant).setSessionId(sessionId).setClientId(UUID.randomUUID())
                        .setStartsAt(start).setEndsAt(start.plus(Duration.ofHours(1))).setMeetingLink("https://meet.example.test/r").build());
            }
            producer.flush();
            awaitCount(database, "SELECT count(*) FROM email_log WHERE template = 'SESSION_REMINDER' AND status = 'QUEUED'", REMINDERS);
            awaitCount(database, "SELECT count(*) FROM email_log WHERE template <> 'SESSION_REMINDER' AND status = 'QUEUED'", 0);
            if (Instant.now().isAfter(burstStart)) {
                throw new IllegalStateException("setup outlasted the planned burst start; raise the lead time");
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), burstStart).toMillis()));

            String loadBefore = loadAverage();
            long cpuBefore = processCpuNanos();
            Instant produced = Instant.now();
            for (int i = 0; i < BOOKINGS; i++) {
                UUID sessionId = UUID.randomUUID();
                Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
                send(producer, Topic.BOOKING_SESSION, sessionId, booked(sessionId, consultants.get(i % consultants.size()), start,
                        BookingSource.PUBLIC, PaymentStatus.PENDING,
                        TokenSeal.seal("local-dev", sealKey, "cap-" + sessionId, "PAYMENT:" + sessionId),
                        TokenSeal.seal("local-dev", sealKey, token(), "MANAGE:" + sessionId)));
            }
            producer.flush();
            awaitCount(database, "SELECT count(*) FROM email_log WHERE template = 'BOOKING_RECEIVED' AND status <> 'QUEUED'", BOOKINGS);
            awaitCount(database, "SELECT count(*) FROM email_log WHERE template = 'SESSION_REMINDER' AND status <> 'QUEUED'", REMINDERS);
            String loadAfterPath = loadAverage();
            double cpuPerMail = (processCpuNanos() - cpuBefore) / 1e6 / (BOOKINGS + REMINDERS);

            List<Long> pathLatencies = millis(database, """
                    SELECT created_at AS from_at, sent_at AS to_at FROM email_log
                    WHERE template = 'BOOKING_RECEIVED' AND status = 'SENT'""");
            Instant lastSent = database.sql("SELECT max(sent_at) AS last FROM email_log WHERE template = 'BOOKING_RECEIVED'")
                    .map(row -> row.get("last", OffsetDateTime.class).toInstant()).one().block();
            long notSent = count(database, "SELECT count(*) FROM email_log WHERE status IN ('FAILED', 'SKIPPED')");
            double pathRate = pathLatencies.size() / seconds(produced, lastSent);
            List<Long> lateness = millis(database, """
                    SELECT not_before AS from_at, sent_at AS to_at FROM email_log
                    WHERE template = 'SESSION_REMINDER' AND status = 'SENT'""");

            // The same messages again, as GreenMail received them, through the service's own sender: the SMTP leg alone.
            List<MimeMessage> rendered = new ArrayList<>();
            for (MimeMessage received : smtp.getReceivedMessages()) {
                if (received.getSubject().startsWith("Complete your payment")) {
                    rendered.add(new MimeMessage(received));
                }
            }
            JavaMailSender sender = service.getBean(JavaMailSender.class);
            String loadBeforeSmtp = loadAverage();
            List<Long> smtpLatencies = new ArrayList<>();
            long smtpStart = System.nanoTime();
            for (MimeMessage message : rendered) {
                long one = System.nanoTime();
                sender.send(message);
                smtpLatencies.add((System.nanoTime() - one) / 1_000_000);
            }
            double smtpRate = rendered.size() / ((System.nanoTime() - smtpStart) / 1e9);

            // Again, as many at a time as the delivery job sends (each over its own connection, as the job's are).
            int concurrency = service.getBean(MailProperties.class).concurrency();
            List<Long> concurrentLatencies = Collections.synchronizedList(new ArrayList<>());
            long concurrentStart = System.nanoTime();
            Flux.fromIterable(rendered)
                    .flatMap(message -> Mono.fromRunnable(() -> {
                        long one = System.nanoTime();
                        sender.send(message);
                        concurrentLatencies.add((System.nanoTime() - one) / 1_000_000);
                    }).subscribeOn(Schedulers.boundedElastic()), concurrency)
                    .blockLast();
            double concurrentRate = rendered.size() / ((System.nanoTime() - concurrentStart) / 1e9);

            // Again over as many connections kept open as the job sends at once, as the service's transport keeps them.
            JavaMailSenderImpl senderImpl = (JavaMailSenderImpl) sender;
            BlockingQueue<Transport> kept = new ArrayBlockingQueue<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                Transport transport = senderImpl.getSession().getTransport("smtp");
                transport.connect(senderImpl.getHost(), senderImpl.getPort(), null, null);
                kept.add(transport);
            }
            List<Long> keptLatencies = Collections.synchronizedList(new ArrayList<>());
            long keptStart = System.nanoTime();
            Flux.fromIterable(rendered)
                    .flatMap(message -> Mono.fromCallable(() -> {
                        Transport transport = kept.take();
                        long one = System.nanoTime();
                        transport.sendMessage(message, message.getAllRecipients());
                        keptLatencies.add((System.nanoTime() - one) / 1_000_000);
                        kept.add(transport);
                        return message;
                    }).subscribeOn(Schedulers.boundedElastic()), concurrency)
                    .blockLast();
            double keptRate = rendered.size() / ((System.nanoTime() - keptStart) / 1e9);
            for (Transport transport : kept) {
                transport.close();
            }

            System.out.printf("%nMail benchmark (%d bookings, %d reminders due in the first %d s, %d consultants; one JVM: embedded Postgres,"
                    + " Kafka, notification-service, GreenMail)%n", BOOKINGS, REMINDERS, REMINDER_WINDOW.toSeconds(), CONSULTANTS);
            System.out.printf("  load average: before burst %s, after burst %s, after SMTP baseline %s%n", loadBefore, loadAfterPath, loadAverage());
            System.out.printf("  whole path (event -> owed -> checked -> rendered -> SMTP accepted): %,.1f mails/s, %d mails in %.1f s"
                    + " (%d not sent)%n", pathRate, pathLatencies.size(), seconds(produced, lastSent), notSent);
            System.out.printf("    per mail, owed (event consumed) -> SENT: p50 %,d ms, p99 %,d ms, max %,d ms%n",
                    percentile(pathLatencies, 50), percentile(pathLatencies, 99), Collections.max(pathLatencies));
            System.out.printf("    CPU of this JVM (service, broker, GreenMail; not Postgres) per mail sent: %.2f ms%n", cpuPerMail);
            System.out.printf("  SMTP alone, same %d messages pre-rendered, same JavaMailSender, same GreenMail: %,.1f mails/s"
                    + " (load before %s)%n", rendered.size(), smtpRate, loadBeforeSmtp);
            System.out.printf("    per message: p50 %,d ms, p99 %,d ms%n", percentile(smtpLatencies, 50), percentile(smtpLatencies, 99));
            System.out.printf("  SMTP alone, the same messages again, %d at a time (the delivery job's concurrency): %,.1f mails/s%n",
                    concurrency, concurrentRate);
            System.out.printf("    per message: p50 %,d ms, p99 %,d ms%n", percentile(concurrentLatencies, 50), percentile(concurrentLatencies, 99));
            System.out.printf("  SMTP alone over %d kept connections (the service's transport keeps them): %,.1f mails/s%n",
                    concurrency, keptRate);
            System.out.printf("    per message: p50 %,d ms, p99 %,d ms%n", percentile(keptLatencies, 50), percentile(keptLatencies, 99));
            System.out.printf("  whole path / SMTP alone: %.3f x one at a time, %.3f x %d at a time, %.3f x over %d kept connections%n",
                    pathRate / smtpRate, pathRate / concurrentRate, concurrency, pathRate / keptRate, concurrency);
            System.out.printf("  reminder lateness (due -> sent) under the burst: p50 %,d ms, p99 %,d ms, max %,d ms over %d reminders%n",
                    percentile(lateness, 50), percentile(lateness, 99), Collections.max(lateness), lateness.size());
        } finally {
            smtp.stop();
        }
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(String brokers, int smtpPort) {
        TestInfrastructure.DatabaseAccess database = TestInfrastructure.provision("notification");
        Map<String, Object> properties = new HashMap<>(database.springProperties());
        properties.put("spring.kafka.bootstrap-servers", brokers);
        properties.put("nakksha.security.jwks-uri", TestInfrastructure.jwks().uri());
        properties.put("server.port", "0");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", Integer.toString(smtpPort));
        // The pay-link mail goes out at once instead of a minute later, so the burst measures sending, not waiting.
        properties.put("nakksha.notification.booking.payment-mail-delay", "0s");
        properties.put("nakksha.notification.agenda.enabled", "false");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.structured.format.console", "");
        String[] arguments = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(NotificationApplication.class).run(arguments);
    }

    private static List<UUID> consultants(KafkaProducer<String, SpecificRecord> producer, DatabaseClient database) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CONSULTANTS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            send(producer, Topic.IDENTITY_CONSULTANT, id, ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(id).setEmail("consultant." + id + "@example.test").setFirstName("Asha")
                    .setLastName("Rao").setPhoneCountryCode("+91").setPhoneNumber("9800000000").build());
            send(producer, Topic.IDENTITY_CONSULTANT, id, ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(id).setSlug("asha-" + id).setFirstName("Asha").setLastName("Rao")
                    .setCurrency("INR").setTimezone("Asia/Kolkata").setProfileVersion(1).build());
        }
        producer.flush();
        awaitCount(database, "SELECT count(*) FROM contact WHERE time_zone IS NOT NULL", CONSULTANTS);
        // Their "waiting for approval" mails to the admin, out of the way before anything is measured.
        awaitCount(database, "SELECT count(*) FROM email_log WHERE status = 'QUEUED'", 0);
        return ids;
    }

    private static SessionBooked booked(UUID sessionId, UUID consultant, Instant start, BookingSource source, PaymentStatus payment,
                                        String sealedCapability, String sealedManage) {
        return SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(consultant)
                .setSessionId(sessionId).setClientId(UUID.randomUUID()).setClientName("Rahul Client")
                .setClientEmail("client." + sessionId + "@example.test").setSessionType(SessionType.PERSONAL).setTitle("Career call")
                .setStartsAt(start).setEndsAt(start.plus(Duration.ofHours(1))).setDurationMinutes(60).setAmountMinor(150000)
                .setCurrency("INR").setSource(source).setPaymentStatus(payment)
                .setHoldExpiresAt(source == BookingSource.PUBLIC ? now().plus(Duration.ofHours(1)) : null)
                .setConsultantTimezone("Asia/Kolkata").setClientTimezone("Europe/London")
                .setSealedPaymentCapability(sealedCapability).setSealedManageToken(sealedManage).build();
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, Topic topic, UUID key, SpecificRecord event) {
        producer.send(new ProducerRecord<>(topic.topicName(), key.toString(), event));
    }

    /** Polls until the count is reached, printing progress every 30 s (a run cut short still says how far it got). */
    private static void awaitCount(DatabaseClient database, String sql, long expected) {
        AtomicLong nextReport = new AtomicLong(30_000);
        await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .conditionEvaluationListener(condition -> {
                    if (condition.getElapsedTimeInMS() >= nextReport.get()) {
                        System.out.printf("  ... %s of %d after %d s (load %s): %s%n", condition.getValue(), expected,
                                condition.getElapsedTimeInMS() / 1000, loadAverage(), sql);
                        nextReport.addAndGet(30_000);
                    }
                })
                .until(() -> count(database, sql), seen -> seen == expected);
    }

    /** -1 while the database does not answer in time (the machine may be busy); the caller polls again. */
    /** CPU time of this JVM, every thread, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long count(DatabaseClient database, String sql) {
        try {
            return database.sql(sql).map(row -> row.get(0, Long.class)).one().block();
        } catch (RuntimeException busy) {
            return -1;
        }
    }

    private static List<Long> millis(DatabaseClient database, String sql) {
        List<Long> values = database.sql(sql)
                .map(row -> Duration.between(row.get("from_at", OffsetDateTime.class), row.get("to_at", OffsetDateTime.class)).toMillis())
                .all().collectList().block();
        if (values.isEmpty()) {
            throw new IllegalStateException("nothing measured: " + sql);
        }
        return values;
    }

    private static long percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException unavailable) {
            return "n/a";
        }
    }
}
