package com.nakksha.booking;

import com.nakksha.testsupport.ServiceIT;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestTokens;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * A consultant as identity-service announces one on Kafka, with a token to call the dashboard as
 * them. Prices are in paise.
 */
public record TestConsultant(UUID id, String slug, String token) {

    public static TestConsultant registered() {
        UUID id = UUID.randomUUID();
        TestConsultant consultant = new TestConsultant(id, "c-" + id.toString().substring(0, 13), TestTokens.approvedConsultant(id));
        consultant.publish(ConsultantRegistered.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(id)
                .setEmail(consultant.slug + "@example.com").setFirstName("Asha").setLastName("Rao")
                .setPhoneCountryCode("+91").setPhoneNumber("9876543210")
                .build());
        return consultant;
    }

    /** Registered, with a profile in {@code timeZone} and these prices (null: not offered), and approved; waits until the page is up. */
    public static TestConsultant approved(WebTestClient web, String timeZone, Long personalPriceMinor, Long webinarPriceMinor) {
        TestConsultant consultant = registered();
        consultant.profile(timeZone, personalPriceMinor, webinarPriceMinor, 1);
        consultant.approve();
        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug)
                .exchange().returnResult(String.class).getStatus().value() == 200);
        return consultant;
    }

    /** The same consultant after identity gave them another slug, announced as profile {@code version}. */
    public TestConsultant withSlug(String newSlug, Long personalPriceMinor, long version) {
        TestConsultant renamed = new TestConsultant(id, newSlug, token);
        renamed.profile("Asia/Kolkata", personalPriceMinor, null, version);
        return renamed;
    }

    public void profile(String timeZone, Long personalPriceMinor, Long webinarPriceMinor, long version) {
        publish(ConsultantProfileUpdated.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(id)
                .setSlug(slug).setFirstName("Asha").setLastName("Rao")
                .setConsultancySector("Careers").setDescription("Career coaching")
                .setPersonalSessionTitle("Career call").setPersonalSessionPriceMinor(personalPriceMinor)
                .setWebinarSessionTitle("Group clinic").setWebinarSessionPriceMinor(webinarPriceMinor)
                .setCurrency("INR").setTimezone(timeZone).setProfileVersion(version)
                .build());
    }

    public void approve() {
        approve(null);
    }

    /** Announces an approval made at account version {@code consultantVersion} (null: a writer without versions); returns its event id. */
    public UUID approve(Long consultantVersion) {
        UUID eventId = UUID.randomUUID();
        publish(ConsultantApproved.newBuilder()
                .setEventId(eventId).setOccurredAt(now()).setConsultantId(id).setApprovedBy(UUID.randomUUID())
                .setConsultantVersion(consultantVersion)
                .build());
        return eventId;
    }

    public void suspend() {
        suspend(null);
    }

    public void suspend(Long consultantVersion) {
        publish(ConsultantSuspended.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(now()).setConsultantId(id).setReason("chargebacks")
                .setSuspendedBy(UUID.randomUUID()).setConsultantVersion(consultantVersion)
                .build());
    }

    /** Sends an event as its owning service would; keyed by consultant for identity events. */
    public static void send(Topic topic, String key, SpecificRecord event) {
        ServiceIT.send(topic, key, event);
    }

    private void publish(SpecificRecord event) {
        send(Topic.IDENTITY_CONSULTANT, id.toString(), event);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
