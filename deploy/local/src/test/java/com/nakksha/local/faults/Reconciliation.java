package com.nakksha.local.faults;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.SessionBooked;
import com.nakksha.local.journeys.AdminLogin;
import com.nakksha.local.journeys.ConsultantOnboarding;
import com.nakksha.local.PlatformService;
import com.nakksha.local.journeys.PlatformClient;
import com.nakksha.local.kafka.LocalKafka;
import com.nakksha.local.mail.MailCatcher;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * What must hold after a run with faults (issue 13), read from the platform's APIs through the gateway, from
 * its topics, from the Razorpay simulator and the mail catcher; never from a service's tables. Each check
 * counts what it looked at and names every mismatch with its ids.
 */
final class Reconciliation {

    /** Consumer lag and outbox backlogs must be back to 0 within this after the load and the last fault ended. */
    static final Duration QUIET_BOUND = Duration.ofMinutes(5);

    /** @param notes figures the report shows beside the check that are not mismatches (e.g. re-deliveries of one mail) */
    record Check(String name, long checked, List<String> mismatches, List<String> notes) {
        Check(String name, long checked, List<String> mismatches) {
            this(name, checked, mismatches, List.of());
        }

        @Override
        public String toString() {
            return String.format("%-58s %6d checked, %s", name, checked,
                    mismatches.isEmpty() ? "OK" : mismatches.size() + " MISMATCHES:\n      " + String.join("\n      ", mismatches))
                    + (notes.isEmpty() ? "" : "\n      note: " + String.join("\n      note: ", notes));
        }
    }

    private final PlatformClient client;
    private final RazorpaySide razorpay;
    private final TopicTail topics;
    private final List<LoadConsultant> consultants;
    private final List<MoneyLoad.Attempt> attempts;
    private final Answers answers;
    private final AdminLogin admin;
    private final ConsultantOnboarding.Consultant moderated;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> quietReport = new ArrayList<>();
    private Duration quietAfter;

    Reconciliation(PlatformClient client, RazorpaySide razorpay, TopicTail topics, List<LoadConsultant> consultants,
                   List<MoneyLoad.Attempt> attempts, Answers answers, AdminLogin admin, ConsultantOnboarding.Consultant moderated) {
        this.admin = admin;
        this.moderated = moderated;
        this.client = client;
        this.razorpay = razorpay;
        this.topics = topics;
        this.consultants = consultants;
        this.attempts = attempts;
        this.answers = answers;
    }

    /**
     * Waits until every consumer group's lag and every service's outbox backlog is 0, payment-service has no refund
     * Razorpay has not accepted (seed 1303 reconciled once before a refund decided just before payment-service was
     * killed was sent), the topic tail has read every record, and the simulator has delivered every webhook (a refund's
     * webhooks refused while payment-service was down arrive with its retries; seed 1303 reconciled before one did).
     *
     * @return how long that took, or null when it did not happen within {@link #QUIET_BOUND}
     */
    Duration awaitQuiet() {
        long started = System.nanoTime();
        AtomicInteger quietRounds = new AtomicInteger();
        try {
            // Twice in a row, 2 s apart: a consumer that retries a record keeps its lag at 1 only now and then.
            await().atMost(QUIET_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2))
                    .until(() -> quietRounds.updateAndGet(rounds -> busyNow() ? 0 : rounds + 1) == 2);
        } catch (ConditionTimeoutException stillBusy) {
            return null;
        }
        quietAfter = Duration.ofNanos(System.nanoTime() - started);
        return quietAfter;
    }

    /** Whether anything is still owed; what is goes to the quiet report. */
    private boolean busyNow() {
        List<String> busy = new ArrayList<>();
        try {
            busy.addAll(consumerLag(group -> !group.startsWith("journeys-")));
            busy.addAll(backlogs());
            busy.addAll(tailBehind());
            int webhooks = razorpay.outstandingWebhooks();
            if (webhooks != 0) {
                busy.add("the Razorpay simulator has " + webhooks + " webhook deliveries outstanding");
            }
        } catch (RuntimeException e) {
            busy.add("could not read lag or backlog: " + e);
        }
        if (!busy.equals(quietReport)) {
            // What the wait is for, as it changes: the report keeps only the last state.
            System.out.println("faults: waiting for quiet: " + (busy.isEmpty() ? "nothing owed" : String.join("; ", busy)));
        }
        quietReport.clear();
        quietReport.addAll(busy);
        return !busy.isEmpty();
    }

    List<Check> run() throws Exception {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("lag 0, outbox backlogs 0 within " + QUIET_BOUND.toMinutes() + " min" + (quietAfter == null ? "" : " (took "
                + quietAfter.toSeconds() + " s)"), 1, quietAfter == null ? List.copyOf(quietReport) : List.of()));
        Map<String, Map<String, JsonNode>> sessionsByConsultant = new HashMap<>();
        List<String> listing = new ArrayList<>();
        for (LoadConsultant consultant : consultants) {
            sessionsByConsultant.put(consultant.id(), sessions(consultant, listing));
        }
        Map<String, JsonNode> sessions = new HashMap<>();
        sessionsByConsultant.values().forEach(sessions::putAll);
        checks.add(bookingsExactlyOnce(sessions, listing));
        checks.add(publishedBookingsStored(sessions));
        checks.add(noOverlaps(sessionsByConsultant));
        List<PaymentCaptured> captured = distinct(topics.all(PaymentCaptured.class), event -> event.getEventId().toString());
        List<PaymentRefunded> refunded = distinct(topics.all(PaymentRefunded.class), event -> event.getEventId().toString());
        List<PaymentReturned> returned = distinct(topics.all(PaymentReturned.class), event -> event.getEventId().toString());
        checks.add(capturesExactlyOnce(captured, returned));
        checks.add(paidSessionsSettled(sessions, captured, refunded, returned));
        checks.add(quotationsPaid());
        checks.add(pageFollowsTheLastDecision());
        checks.add(refundsRecorded(refunded, returned));
        checks.add(ledgers(captured, refunded, returned));
        checks.add(analytics("analytics dashboard = recomputation from the same events", sessionsByConsultant));
        checks.add(rebuild());
        checks.add(analytics("analytics dashboard after a rebuild = recomputation from the same events", sessionsByConsultant));
        checks.add(mailsOnce());
        checks.add(deadLetters());
        checks.add(answersAllowed());
        checks.add(retriesAnsweredAsSent());
        return checks;
    }

    private Check bookingsExactlyOnce(Map<String, JsonNode> sessions, List<String> listing) {
        List<String> mismatches = new ArrayList<>(listing);
        Map<String, List<JsonNode>> byEmail = sessions.values().stream()
                .collect(Collectors.groupingBy(session -> session.path("client").path("email").asText().toLowerCase()));
        long checked = 0;
        for (MoneyLoad.Attempt attempt : attempts) {
            if (attempt.kind != MoneyLoad.Kind.BOOKING) {
                continue;
            }
            checked++;
            List<JsonNode> found = byEmail.getOrDefault(attempt.clientEmail, List.of());
            if (Objects.equals(attempt.createStatus, 201)) {
                if (found.size() != 1 || !found.getFirst().path("id").asText().equals(attempt.payableId)) {
                    mismatches.add("booking answered 201 as " + attempt.payableId + " but the consultant's list holds "
                            + found.stream().map(session -> session.path("id").asText()).toList() + " for " + attempt.clientEmail);
                }
            } else if (found.size() > 1 || (!found.isEmpty() && attempt.createStatus != null && attempt.createStatus >= 400
                    && attempt.createStatus < 500)) {
                mismatches.add("booking answered " + attempt.createStatus + " (" + attempt.clientEmail + ") yet sessions "
                        + found.stream().map(session -> session.path("id").asText()).toList() + " exist");
            }
        }
        return new Check("every 201 booking exists exactly once", checked, mismatches);
    }

    /**
     * Issue 16: with Postgres killed, a booking whose commit the database lost must not have been announced either
     * (two runs of a launcher without durable commits had 22 and 32 SessionBooked on the topic for sessions the
     * database no longer had). Every SessionBooked of the load's consultants names a session booking-service lists.
     */
    private Check publishedBookingsStored(Map<String, JsonNode> sessions) {
        Set<String> loadConsultants = consultants.stream().map(LoadConsultant::id).collect(Collectors.toSet());
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        for (SessionBooked booked : topics.all(SessionBooked.class)) {
            if (!loadConsultants.contains(booked.getConsultantId().toString())) {
                continue;
            }
            checked++;
            if (!sessions.containsKey(booked.getSessionId().toString())) {
                mismatches.add("SessionBooked " + booked.getEventId() + " names session " + booked.getSessionId()
                        + ", which booking-service does not list for consultant " + booked.getConsultantId());
            }
        }
        return new Check("every SessionBooked names a session booking-service has", checked, mismatches);
    }

    /**
     * The launcher said so for every process a fault killed ("WARNING: Kafka exited", "WARNING: Postgres ... is gone",
     * "WARNING: &lt;service&gt; (pid N) exited"), each after the one for the fault before: a fault waits for the restart,
     * which the launcher reports after the death.
     *
     * @param launcherLines the lines the launcher printed from just before the first fault on, in order
     */
    static Check killsReported(List<FaultSchedule.Outcome> outcomes, List<String> launcherLines) {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        int from = 0;
        for (FaultSchedule.Outcome outcome : outcomes) {
            if (outcome.fault().kind() == FaultSchedule.Kind.PAUSE) {
                continue;
            }
            checked++;
            String process = outcome.fault().process();
            String expected = switch (process) {
                case "kafka" -> "WARNING: Kafka exited";
                case "postgres" -> "WARNING: Postgres";
                default -> "WARNING: " + process + " (pid " + outcome.pid() + ") exited";
            };
            int found = -1;
            for (int i = from; i < launcherLines.size() && found < 0; i++) {
                if (launcherLines.get(i).contains(expected)) {
                    found = i;
                }
            }
            if (found < 0) {
                mismatches.add("no \"" + expected + "\" from the launcher after " + outcome);
            } else {
                from = found + 1;
            }
        }
        return new Check("the launcher reported every killed process", checked, mismatches);
    }

    /**
     * Bookings go on while the broker is away (issue 16: services keep events in their outboxes): some booking was
     * answered 201 between each kill of Kafka and the stack being ready again.
     */
    Check bookedWhileTheBrokerWasAway(List<FaultSchedule.Outcome> outcomes) {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        for (FaultSchedule.Outcome outcome : outcomes) {
            if (!outcome.fault().process().equals("kafka") || outcome.fault().kind() == FaultSchedule.Kind.PAUSE
                    || outcome.recovered() == null) {
                continue;
            }
            checked++;
            Instant back = outcome.at().plus(outcome.recovered());
            long booked = answers.all().stream()
                    .filter(answer -> answer.operation().equals("book") && answer.status() == 201)
                    .filter(answer -> !answer.at().isBefore(outcome.at()) && !answer.at().isAfter(back))
                    .count();
            if (booked == 0) {
                mismatches.add("no booking answered 201 between " + outcome + " and " + back);
            }
        }
        return new Check("bookings answered 201 while Kafka was away", checked, mismatches);
    }

    private Check noOverlaps(Map<String, Map<String, JsonNode>> sessionsByConsultant) {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        for (var entry : sessionsByConsultant.entrySet()) {
            List<JsonNode> live = entry.getValue().values().stream()
                    .filter(session -> !Set.of("CANCELLED", "ABANDONED").contains(session.path("status").asText()))
                    .sorted(Comparator.comparing(session -> Instant.parse(session.path("startsAt").asText()))).toList();
            checked += live.size();
            for (int i = 1; i < live.size(); i++) {
                JsonNode before = live.get(i - 1);
                JsonNode after = live.get(i);
                if (Instant.parse(after.path("startsAt").asText()).isBefore(Instant.parse(before.path("endsAt").asText()))) {
                    mismatches.add("consultant " + entry.getKey() + ": live sessions " + before.path("id").asText() + " and "
                            + after.path("id").asText() + " overlap at " + after.path("startsAt").asText());
                }
            }
        }
        return new Check("no two live sessions of a consultant overlap (seats 1)", checked, mismatches);
    }

    /**
     * A payment the simulator took is captured once (PaymentCaptured). One whose session the consultant cancelled before
     * payment-service learnt of the payment (its webhooks lost, the client never verified) cannot be accepted any more:
     * payment-service finds it by checking the cancelled session's order and gives it back in full (PaymentReturned, no
     * PaymentCaptured); the refunds check holds it to the full amount.
     */
    private Check capturesExactlyOnce(List<PaymentCaptured> captured, List<PaymentReturned> returned) {
        List<String> mismatches = new ArrayList<>();
        Map<String, List<PaymentCaptured>> byProviderPayment = captured.stream()
                .collect(Collectors.groupingBy(event -> String.valueOf(event.getProviderPaymentId())));
        byProviderPayment.forEach((paymentId, events) -> {
            if (events.size() > 1) {
                mismatches.add("Razorpay payment " + paymentId + " captured " + events.size() + " times: events "
                        + events.stream().map(event -> event.getEventId().toString()).toList());
            }
        });
        long checked = 0;
        for (MoneyLoad.Attempt attempt : attempts) {
            if (attempt.paid()) {
                checked++;
                boolean returnedAfterCancel = attempt.cancelled && returned.stream()
                        .anyMatch(event -> String.valueOf(event.getProviderPaymentId()).equals(attempt.providerPaymentId));
                if (!byProviderPayment.containsKey(attempt.providerPaymentId) && !returnedAfterCancel) {
                    mismatches.add("paid on the simulator, no PaymentCaptured" + (attempt.cancelled ? " nor PaymentReturned" : "")
                            + ": " + attempt);
                }
            } else if (attempt.payableId != null && captured.stream().anyMatch(event -> event.getPayableId().toString().equals(attempt.payableId))) {
                mismatches.add("never paid successfully, yet captured: " + attempt);
            }
        }
        return new Check("every order paid on the simulator captured exactly once (or returned, cancelled first)", checked, mismatches);
    }

    private Check paidSessionsSettled(Map<String, JsonNode> sessions, List<PaymentCaptured> captured, List<PaymentRefunded> refunded,
                                      List<PaymentReturned> returned) {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        Set<String> capturedPayables = captured.stream().map(event -> event.getPayableId().toString()).collect(Collectors.toSet());
        for (MoneyLoad.Attempt attempt : attempts) {
            if (attempt.kind != MoneyLoad.Kind.BOOKING || !capturedPayables.contains(attempt.payableId)) {
                continue;
            }
            checked++;
            JsonNode session = sessions.get(attempt.payableId);
            if (session == null) {
                mismatches.add("captured session missing from its consultant's list: " + attempt);
                continue;
            }
            String status = session.path("status").asText();
            String payment = session.path("paymentStatus").asText();
            long refundedMinor = refunded.stream().filter(event -> event.getPayableId().toString().equals(attempt.payableId))
                    .mapToLong(PaymentRefunded::getAmountMinor).sum()
                    + returned.stream().filter(event -> event.getPayableId().toString().equals(attempt.payableId))
                    .mapToLong(PaymentReturned::getAmountMinor).sum();
            boolean confirmedAndPaid = status.equals("CONFIRMED") && payment.equals("PAID");
            boolean refundedInFull = payment.equals("REFUNDED") && refundedMinor == MoneyLoad.SESSION_AMOUNT_MINOR;
            if (attempt.cancelled ? !(status.equals("CANCELLED") && refundedInFull) : confirmedAndPaid == refundedInFull) {
                mismatches.add("session " + attempt.payableId + " is " + status + "/" + payment + ", refund events total " + refundedMinor
                        + " paise" + (attempt.cancelled ? " after the consultant cancelled" : "") + ": " + attempt);
            }
        }
        return new Check("captured session CONFIRMED+PAID xor refunded in full", checked, mismatches);
    }

    /**
     * The consultant the admin suspended and reinstated in turn while the faults ran: booking's public page is open
     * exactly when identity's last decision is an approval (replicas keep the newest decision by consultantVersion).
     */
    private Check pageFollowsTheLastDecision() {
        List<String> mismatches = new ArrayList<>();
        long decisions = answers.all().stream()
                .filter(answer -> moderated.id().equals(answer.subject()) && answer.status() == 200).count();
        PlatformClient.Response account = client.get("/api/v1/admin/consultants/" + moderated.id(), admin.accessToken());
        PlatformClient.Response page = client.get("/api/v1/public/consultants/" + moderated.slug(), null);
        int expected = account.status() == 200 && "APPROVED".equals(account.text("status")) ? 200 : 404;
        if (account.status() != 200 || page.status() != expected) {
            mismatches.add("identity answers " + account + ", the public page " + page.status() + " (expected " + expected + ")");
        }
        return new Check("public page follows the last of " + decisions + " suspensions and reinstatements", 1, mismatches);
    }

    private Check quotationsPaid() {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        for (MoneyLoad.Attempt attempt : attempts) {
            if (attempt.kind != MoneyLoad.Kind.QUOTATION || !attempt.paid()) {
                continue;
            }
            checked++;
            LoadConsultant consultant = consultantOf(attempt);
            PlatformClient.Response quotation = client.get("/api/v1/quotations/" + attempt.payableId, consultant.accessToken());
            if (quotation.status() != 200 || !quotation.text("status").equals("ACCEPTED") || !quotation.json().path("paid").asBoolean()) {
                mismatches.add("paid quotation answers " + quotation + ": " + attempt);
            }
        }
        return new Check("every paid quotation ACCEPTED and paid", checked, mismatches);
    }

    /** A capture the payable could not take is refunded by payment-service itself and announced as PaymentReturned. */
    private Check refundsRecorded(List<PaymentRefunded> refunded, List<PaymentReturned> returned) {
        List<String> mismatches = new ArrayList<>();
        Map<String, List<PaymentRefunded>> byRefund = topics.all(PaymentRefunded.class).stream()
                .collect(Collectors.groupingBy(event -> event.getRefundId().toString()));
        byRefund.forEach((refundId, events) -> {
            if (events.stream().map(event -> event.getEventId().toString()).distinct().count() > 1) {
                mismatches.add("refund " + refundId + " announced by " + events.size() + " different PaymentRefunded events");
            }
        });
        long checked = 0;
        for (MoneyLoad.Attempt attempt : attempts) {
            if (!attempt.paid()) {
                continue;
            }
            checked++;
            long announced = refunded.stream().filter(event -> String.valueOf(event.getProviderPaymentId()).equals(attempt.providerPaymentId))
                    .mapToLong(PaymentRefunded::getAmountMinor).sum()
                    + returned.stream().filter(event -> String.valueOf(event.getProviderPaymentId()).equals(attempt.providerPaymentId))
                    .mapToLong(PaymentReturned::getAmountMinor).sum();
            JsonNode payment = razorpay.payment(attempt.providerPaymentId);
            long atRazorpay = payment.path("amount_refunded").asLong();
            if (announced != atRazorpay) {
                mismatches.add("payment " + attempt.providerPaymentId + ": refunded " + atRazorpay + " paise at Razorpay, PaymentRefunded and PaymentReturned events say "
                        + announced + ": " + attempt);
            }
            if (attempt.cancelled && atRazorpay != payment.path("amount").asLong()) {
                mismatches.add("cancelled by the consultant, refunded " + atRazorpay + " of " + payment.path("amount").asLong() + " paise: " + attempt);
            }
        }
        return new Check("refunds at Razorpay = PaymentRefunded + PaymentReturned events (" + byRefund.size() + " refunds)", checked, mismatches);
    }

    private Check ledgers(List<PaymentCaptured> captured, List<PaymentRefunded> refunded, List<PaymentReturned> returned) {
        List<String> mismatches = new ArrayList<>();
        Set<String> returnedPayments = returned.stream().map(event -> event.getPaymentId().toString()).collect(Collectors.toSet());
        for (LoadConsultant consultant : consultants) {
            List<PaymentCaptured> kept = captured.stream().filter(event -> event.getConsultantId().toString().equals(consultant.id())
                    && !returnedPayments.contains(event.getPaymentId().toString())).toList();
            long gross = kept.stream().mapToLong(PaymentCaptured::getAmountMinor).sum();
            long providerFee = kept.stream().mapToLong(event -> orZero(event.getProviderFeeMinor())).sum();
            long platformFee = kept.stream().mapToLong(event -> orZero(event.getPlatformFeeMinor())).sum();
            long refunds = refunded.stream().filter(event -> event.getConsultantId().toString().equals(consultant.id()))
                    .mapToLong(PaymentRefunded::getAmountMinor).sum();
            PlatformClient.Response ledger = client.get("/api/v1/payments/ledger", consultant.accessToken());
            if (ledger.status() != 200) {
                mismatches.add("consultant " + consultant.id() + " ledger answered " + ledger);
                continue;
            }
            JsonNode totals = null;
            for (JsonNode candidate : ledger.json().path("totals")) {
                if (candidate.path("currency").asText().equals("INR")) {
                    totals = candidate;
                }
            }
            long[] expected = {gross, providerFee, platformFee, refunds, gross - providerFee - platformFee - refunds};
            long[] actual = totals == null ? new long[5] : new long[]{totals.path("grossCapturedMinor").asLong(),
                    totals.path("razorpayFeeMinor").asLong(), totals.path("platformFeeMinor").asLong(), totals.path("refundsMinor").asLong(),
                    totals.path("netOwedMinor").asLong()};
            if (!java.util.Arrays.equals(expected, actual)) {
                mismatches.add("consultant " + consultant.id() + " ledger [gross, razorpay fee, platform fee, refunds, net] is "
                        + java.util.Arrays.toString(actual) + ", the topics give " + java.util.Arrays.toString(expected));
            }
        }
        return new Check("consultant ledgers = captures - fees - refunds (topics)", consultants.size(), mismatches);
    }

    /** analytics-service's live listener (its {@code Projection.CONSUMER}); its committed offsets say what the dashboard has applied. */
    static final String ANALYTICS_GROUP = "analytics-service.projection";
    /** How long one consultant's dashboard read is retried while that consultant's events keep changing. */
    private static final Duration STABLE_BOUND = Duration.ofMinutes(3);

    /**
     * Each consultant's dashboard over every day the run touched (money days are the run's, session days 2 to 61 days
     * ahead) against {@link DashboardRecount}: analytics-service's README definitions recomputed from the topics. Both
     * sides are taken at one moment: booking-service keeps abandoning the holds of unpaid bookings as they run out
     * (15 to 30 minutes after booking, so through the reconciliation of a long run), and seed 1304 compared a session
     * list read before the capture, refund and ledger checks with a dashboard read after them, so every hold that ran
     * out in between was PENDING on one side and ABANDONED on the other (sessions 1 to 6 short per consultant, money
     * equal). Here the consultant's events are read, the dashboard is read once analytics has applied all of them, and
     * the events are read again: only when no event of that consultant arrived meanwhile is the dashboard compared
     * (it then shows exactly those events); otherwise it is tried again.
     */
    private Check analytics(String name, Map<String, Map<String, JsonNode>> sessionsByConsultant) throws InterruptedException {
        List<String> mismatches = new ArrayList<>();
        Set<String> booked = topics.all(SessionBooked.class).stream().map(event -> event.getSessionId().toString()).collect(Collectors.toSet());
        LocalDate today = LocalDate.now(MoneyLoad.ZONE);
        LocalDate from = today.minusDays(2);
        LocalDate to = today.plusDays(65);
        for (LoadConsultant consultant : consultants) {
            sessionsByConsultant.getOrDefault(consultant.id(), Map.of()).keySet().stream().filter(id -> !booked.contains(id))
                    .forEach(id -> mismatches.add("session " + id + " listed by booking-service has no SessionBooked on the topic"));
            String mismatch = dashboardAgainstTopics(consultant, from, to);
            if (mismatch != null) {
                mismatches.add(mismatch);
            }
        }
        return new Check(name, consultants.size(), mismatches);
    }

    /** @return null when the consultant's dashboard equals the recomputation of the same events, else what differs */
    private String dashboardAgainstTopics(LoadConsultant consultant, LocalDate from, LocalDate to) throws InterruptedException {
        UUID id = UUID.fromString(consultant.id());
        long deadline = System.nanoTime() + STABLE_BOUND.toNanos();
        int tries = 0;
        while (true) {
            tries++;
            // Read first, then wait for analytics: its committed offsets then lie past every record read (the tail
            // cannot read beyond the end offsets), so the dashboard has applied at least these events.
            String behind = awaitTailAtEnd(deadline);
            List<SpecificRecord> before = eventsOf(id);
            String lagging = behind != null ? behind : awaitAnalyticsCaughtUp(deadline);
            if (lagging != null) {
                return "consultant " + consultant.id() + ": " + lagging;
            }
            PlatformClient.Response dashboard = client.get("/api/v1/analytics/dashboard?timeframe=custom&from=" + from + "&to=" + to,
                    consultant.accessToken());
            // Everything published before the dashboard answered is then read, so the dashboard showed at most these.
            behind = awaitTailAtEnd(deadline);
            List<SpecificRecord> after = eventsOf(id);
            if (dashboard.status() != 200) {
                return "consultant " + consultant.id() + " dashboard answered " + dashboard;
            }
            if (behind == null && after.size() == before.size()) {
                DashboardRecount recount = new DashboardRecount(before);
                List<String> differences = recount.figures(from, to).differences(dashboard.json().path("metrics"));
                if (differences.isEmpty()) {
                    return null;
                }
                List<String> movedBack = recount.movedBack();
                return "consultant " + consultant.id() + " dashboard/recomputed from " + before.size() + " events: " + differences
                        + (movedBack.isEmpty() ? "" : "; sessions booking-service moved back (current/furthest): " + movedBack);
            }
            if (System.nanoTime() > deadline) {
                return "consultant " + consultant.id() + ": its events kept arriving for " + STABLE_BOUND.toMinutes() + " min (" + tries
                        + " tries, " + (after.size() - before.size()) + " new during the last dashboard read)";
            }
        }
    }

    /** The consultant's events in the order the tail read them (per partition, the topic's order). */
    private List<SpecificRecord> eventsOf(UUID consultantId) {
        return topics.events().stream().map(TopicTail.Event::value)
                .filter(event -> consultantId.equals(EventMetadata.consultantId(event))).toList();
    }

    /** @return null once the tail has read every partition to its end, else what is still behind at the deadline */
    private String awaitTailAtEnd(long deadline) {
        return awaitEmpty(this::tailBehind, deadline);
    }

    /** @return null once analytics' listener has committed every partition to its end, else its lag at the deadline */
    private String awaitAnalyticsCaughtUp(long deadline) {
        return awaitEmpty(() -> consumerLag(ANALYTICS_GROUP::equals), deadline);
    }

    private static String awaitEmpty(java.util.function.Supplier<List<String>> busy, long deadline) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        try {
            await().atMost(left.plusMillis(1)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> busy.get().isEmpty());
            return null;
        } catch (ConditionTimeoutException stillBusy) {
            return String.join("; ", busy.get());
        }
    }

    /** An admin's rebuild of the analytics projection from the topics, waited for until its generation serves. */
    private Check rebuild() {
        PlatformClient.Response started = client.post("/api/v1/admin/analytics/rebuild", admin.accessToken(), Map.of());
        if (started.status() != 202) {
            return new Check("analytics rebuild finishes", 1, List.of("rebuild answered " + started));
        }
        int generation = started.json().path("generation").asInt();
        AtomicReference<String> state = new AtomicReference<>("");
        try {
            await().atMost(FaultSchedule.RECOVERY_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        state.set(rebuildState(generation));
                        return state.get().startsWith("ACTIVE") || state.get().startsWith("FAILED");
                    });
        } catch (ConditionTimeoutException notFinished) {
            // Reported below with the last state seen.
        }
        return new Check("analytics rebuild (generation " + generation + ") serves", 1,
                state.get().startsWith("ACTIVE") ? List.of() : List.of("generation " + generation + " is " + state.get()));
    }

    /** The state and failure of a rebuild generation as the admin API lists it; empty while it is not listed. */
    private String rebuildState(int generation) {
        String state = "";
        for (JsonNode candidate : client.get("/api/v1/admin/analytics/rebuild", admin.accessToken()).json()) {
            if (candidate.path("generation").asInt() == generation) {
                state = candidate.path("state").asText() + " " + candidate.path("failure").asText();
            }
        }
        return state;
    }

    /** notification-service's session-reminder.subject.txt begins so. */
    private static final String REMINDER_SUBJECT = "Reminder:";

    /**
     * Every mail owed was sent once. The catcher cannot see notification's (event, template, recipient), but every load
     * client has its own address and each template its own subject, so (subject, client address) stands for it. A mail
     * owed twice is two email log rows, hence two Message-IDs (notification derives a mail's Message-ID from its row):
     * that is a mismatch. The same Message-ID received twice is one owed mail sent again because notification-service
     * died after the SMTP server took it and before its SENT mark committed; SMTP has no idempotency key, so no sender
     * can rule that out, and receiving systems recognise the copy by its Message-ID. Those are counted in a note
     * ({@link ReceivedMails}).
     */
    private Check mailsOnce() throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> redeliveries = new ArrayList<>();
        long checked = 0;
        long copies = 0;
        for (MoneyLoad.Attempt attempt : attempts) {
            if (attempt.payableId == null) {
                continue;
            }
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create("http://" + MailCatcher.HOST + ":" + MailCatcher.API_PORT
                        + "/api/user/" + URLEncoder.encode(attempt.clientEmail, StandardCharsets.UTF_8) + "/messages/"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                mismatches.add("mail catcher unreachable (the launcher starts it when it can; its log says why not): " + e);
                break;
            }
            // GreenMail 2.1 knows an address only once a mail reached it: before, it answers 400 "User '<address>' not found".
            if (response.statusCode() == 404 || response.statusCode() == 400 && response.body().contains("not found")) {
                continue;
            }
            if (response.statusCode() != 200) {
                mismatches.add("mail catcher answered " + response.statusCode() + " for " + attempt.clientEmail);
                continue;
            }
            ReceivedMails received = ReceivedMails.of(PlatformClient.JSON.readTree(response.body()));
            checked += received.count();
            received.owedMoreThanOnce().forEach((subject, messageIds) -> mismatches.add(messageIds.size() + " mails \"" + subject
                    + "\" to " + attempt.clientEmail + " (Message-IDs " + messageIds + "): " + attempt));
            copies += received.redeliveries();
            received.redelivered().forEach(copy -> redeliveries.add(copy + " to " + attempt.clientEmail));
            for (String subject : received.bySubject().keySet()) {
                // The load's sessions start 2 to 61 days ahead, so no reminder falls due during a run; one for a
                // cancelled session would have been sent for a plan the cancellation should have taken back.
                if (attempt.cancelled && subject.startsWith(REMINDER_SUBJECT)) {
                    mismatches.add("\"" + subject + "\" to " + attempt.clientEmail + " for a session its consultant cancelled: " + attempt);
                }
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(copies + " re-deliveries of a Message-ID already received (sent again after a kill between SMTP and the SENT mark)");
        notes.addAll(redeliveries);
        return new Check("each mail once: one Message-ID per (subject, client address), no reminder of a cancelled session",
                checked, mismatches, notes);
    }

    private Check deadLetters() {
        List<String> mismatches = new ArrayList<>();
        long checked = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalKafka.BOOTSTRAP_SERVERS, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                consumer.partitionsFor(topic.deadLetterTopicName(), Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            checked = partitions.size();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int seen = 0;
                while (seen < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        seen++;
                        mismatches.add(record.topic() + "@" + record.offset() + " key " + (record.key() == null ? null
                                : new String(record.key(), StandardCharsets.UTF_8)) + ": " + header(record, "kafka_dlt-exception-fqcn")
                                + " " + header(record, "kafka_dlt-exception-message"));
                    }
                }
            }
        }
        return new Check("dead-letter topics empty (partitions)", checked, mismatches);
    }

    private Check retriesAnsweredAsSent() {
        List<Answers.Retry> retries = answers.retries();
        List<String> mismatches = retries.stream().filter(Answers.Retry::refused).map(retry -> "retry refused: " + retry).toList();
        return new Check("a retry after a 503 or no answer is not refused (cancel, verify, quotation create/send/accept)",
                retries.size(), mismatches);
    }

    private Check answersAllowed() {
        List<String> mismatches = new ArrayList<>();
        List<Answers.Answer> all = answers.all();
        for (Answers.Answer answer : all) {
            String violation = answer.violation();
            if (violation != null) {
                mismatches.add(violation + ": " + answer);
            }
        }
        return new Check("answers only 2xx, 4xx problem, 503 problem + Retry-After", all.size(), mismatches);
    }

    /** Every session of the consultant, page by page; a session listed twice is reported in {@code problems}. */
    private Map<String, JsonNode> sessions(LoadConsultant consultant, List<String> problems) {
        Map<String, JsonNode> sessions = new LinkedHashMap<>();
        for (int page = 0; ; page++) {
            int current = page;
            PlatformClient.Response answer = client.get("/api/v1/sessions?size=100&sort=startsAt,asc&page=" + current, consultant.accessToken());
            if (answer.status() != 200) {
                problems.add("consultant " + consultant.id() + " sessions page " + page + " answered " + answer);
                return sessions;
            }
            for (JsonNode session : answer.json().path("items")) {
                if (sessions.put(session.path("id").asText(), session) != null) {
                    problems.add("session " + session.path("id").asText() + " listed twice");
                }
            }
            if (page + 1 >= answer.json().path("totalPages").asInt()) {
                return sessions;
            }
        }
    }

    private LoadConsultant consultantOf(MoneyLoad.Attempt attempt) {
        return consultants.stream().filter(consultant -> consultant.id().equals(attempt.consultantId)).findFirst().orElseThrow();
    }

    /** Partitions on which a consumer group that {@code groups} accepts has not committed up to the end. */
    private List<String> consumerLag(java.util.function.Predicate<String> groups) {
        List<String> lagging = new ArrayList<>();
        Properties config = LocalKafka.adminConfig();
        try (Admin admin = Admin.create(config)) {
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
                if (!groups.test(group.groupId())) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                committed.forEach((partition, offset) -> {
                    long lag = ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
                    if (lag > 0) {
                        lagging.add("group " + group.groupId() + " lags " + lag + " on " + partition);
                    }
                });
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return lagging;
    }

    /**
     * What the services' metrics say is still owed, one scrape per service: every outbox backlog, and payment-service's
     * refunds not accepted by Razorpay (one decided just before it died is sent by the retry pass of its next start).
     */
    private List<String> backlogs() {
        List<String> backlogged = new ArrayList<>();
        for (PlatformService service : FaultSchedule.TARGET_SERVICES) {
            if (service.schema().isEmpty()) {
                continue;
            }
            Map<String, String> owed = new LinkedHashMap<>();
            owed.put("nakksha_outbox_backlog", "outbox backlog");
            if (service == PlatformService.PAYMENT) {
                owed.put("nakksha_payments_refunds_unsent", "refunds not accepted by Razorpay");
                owed.put("nakksha_payments_captures_owed", "authorised payments not captured");
                owed.put("nakksha_payments_webhooks_waiting", "webhook deliveries not processed");
            }
            backlogged.addAll(metricsNotAtZero(service, owed));
        }
        return backlogged;
    }

    /**
     * Each of a service's metrics (name to what it counts) summed over its series that is not 0, with why: above it,
     * not exported yet (NaN or absent), or the service not answering.
     */
    private List<String> metricsNotAtZero(PlatformService service, Map<String, String> metrics) {
        HttpResponse<String> scrape;
        try {
            scrape = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return List.of(service.module() + " metrics unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (scrape.statusCode() != 200) {
            return List.of(service.module() + " metrics answered " + scrape.statusCode());
        }
        List<String> notAtZero = new ArrayList<>();
        metrics.forEach((metric, what) -> {
            List<Double> values = scrape.body().lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toList();
            double sum = values.stream().mapToDouble(Double::doubleValue).sum();
            if (values.isEmpty() || !(sum == 0)) {
                notAtZero.add(service.module() + " " + what + " " + (values.isEmpty() ? "not exported" : sum));
            }
        });
        return notAtZero;
    }

    /** Partitions whose end the topic tail has not read yet. */
    private List<String> tailBehind() {
        List<String> behind = new ArrayList<>();
        Map<TopicPartition, Long> positions = topics.positions();
        try (Admin admin = Admin.create(LocalKafka.adminConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            positions.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                if (positions.get(partition) < end.offset()) {
                    behind.add("topic tail at " + positions.get(partition) + " of " + end.offset() + " on " + partition);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (positions.isEmpty()) {
            behind.add("topic tail has not polled yet");
        }
        return behind;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long orZero(Long minor) {
        return minor == null ? 0 : minor;
    }

    private static <T> List<T> distinct(List<T> events, Function<T, String> id) {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(event -> seen.add(id.apply(event))).toList();
    }
}
