package com.nakksha.schemas;

import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka topics of the platform. Each topic has exactly one writing service, is keyed by the
 * aggregate id (consultant, session, client, payment or quotation id, as a String) and carries a
 * fixed set of event types; failed records go to {@code <topic>-dlt}.
 */
public enum Topic {

    IDENTITY_CONSULTANT(Names.IDENTITY_CONSULTANT, "identity-service",
            Set.of("booking-service", "quotation-service", "notification-service", "analytics-service"),
            List.of(
            ConsultantRegistered.class,
            ConsultantProfileUpdated.class,
            ConsultantApproved.class,
            ConsultantRejected.class,
            ConsultantSuspended.class,
            ConsultantEmailLinkRequested.class,
            ConsultantLoginLinkRequested.class)),

    BOOKING_SESSION(Names.BOOKING_SESSION, "booking-service",
            Set.of("payment-service", "notification-service", "analytics-service"),
            List.of(
            SessionBooked.class,
            SessionConfirmed.class,
            SessionRescheduled.class,
            SessionCancelled.class,
            SessionCompleted.class,
            SessionNoShow.class,
            SessionAbandoned.class,
            SessionPaymentUpdated.class,
            SessionHoldExtended.class,
            SessionPaymentDeclined.class)),

    BOOKING_CLIENT(Names.BOOKING_CLIENT, "booking-service",
            Set.of("quotation-service", "analytics-service"),
            List.of(
            ClientCreated.class)),

    PAYMENT_PAYMENT(Names.PAYMENT_PAYMENT, "payment-service",
            Set.of("booking-service", "quotation-service", "notification-service", "analytics-service"),
            List.of(
            PaymentCaptured.class,
            PaymentFailed.class,
            PaymentRefunded.class,
            PaymentReturned.class,
            PaymentOrderOpened.class)),

    QUOTATION_QUOTATION(Names.QUOTATION_QUOTATION, "quotation-service",
            Set.of("booking-service", "payment-service", "notification-service", "analytics-service"),
            List.of(
            QuotationSent.class,
            QuotationViewed.class,
            QuotationAccepted.class,
            QuotationRejected.class,
            QuotationExpired.class,
            QuotationWithdrawn.class));

    private static final String DEAD_LETTER_SUFFIX = "-dlt";

    private final String topicName;
    private final String writer;
    private final Set<String> readers;
    private final Set<Class<? extends SpecificRecord>> valueTypes;

    Topic(String topicName, String writer, Set<String> readers, List<Class<? extends SpecificRecord>> valueTypes) {
        this.topicName = topicName;
        this.writer = writer;
        this.readers = Collections.unmodifiableSet(new TreeSet<>(readers));
        this.valueTypes = Collections.unmodifiableSet(new LinkedHashSet<>(valueTypes));
    }

    public String topicName() {
        return topicName;
    }

    /** Where records go after the listener's retries are exhausted (spring-kafka's {@code -dlt} convention). */
    public String deadLetterTopicName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    public Set<Class<? extends SpecificRecord>> valueTypes() {
        return valueTypes;
    }

    /** The only service allowed to publish to this topic. */
    public String writer() {
        return writer;
    }

    /**
     * The services that consume this topic (and may therefore write its dead-letter topic). Brokers
     * grant read access from this list and services' listeners are checked against it, so a new
     * consumer is declared here first.
     */
    public Set<String> readers() {
        return readers;
    }

    public boolean carries(Class<?> eventType) {
        return valueTypes.contains(eventType);
    }

    /**
     * Every topic of the registry, each followed by its dead-letter topic: what a platform broker must
     * have. The one place the list is made; the launcher, the tests' brokers and the services create from it.
     */
    public static List<String> namesWithDeadLetters() {
        return Arrays.stream(values())
                .flatMap(topic -> Stream.of(topic.topicName(), topic.deadLetterTopicName()))
                .toList();
    }

    /** The topic with this exact name; the dead-letter topic name is not accepted. */
    public static Topic forName(String topicName) {
        return Arrays.stream(values())
                .filter(topic -> topic.topicName.equals(topicName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown topic '" + topicName + "'"));
    }

    /**
     * The topic names as compile-time constants, for annotations such as
     * {@code @KafkaListener(topics = Topic.Names.PAYMENT_PAYMENT)}; the enum takes its names from here.
     */
    public static final class Names {

        public static final String IDENTITY_CONSULTANT = "identity.consultant";
        public static final String BOOKING_SESSION = "booking.session";
        public static final String BOOKING_CLIENT = "booking.client";
        public static final String PAYMENT_PAYMENT = "payment.payment";
        public static final String QUOTATION_QUOTATION = "quotation.quotation";

        private Names() {
        }
    }
}
