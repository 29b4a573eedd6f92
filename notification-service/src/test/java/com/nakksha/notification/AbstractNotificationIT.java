package com.nakksha.notification;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventSerializer;
import com.nakksha.testsupport.NakkshaServiceTest;
import com.nakksha.testsupport.TestClock;
import com.nakksha.testsupport.TestClockConfiguration;
import com.nakksha.testsupport.TestInfrastructure;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * The running service against the JVM's Postgres and Kafka broker, sending over real SMTP to a
 * GreenMail server in the test JVM; all integration tests share one application context.
 */
@NakkshaServiceTest(schema = "notification")
@Import(TestClockConfiguration.class)
public abstract class AbstractNotificationIT {

    /** identity-service's local default link-token key, which notification's application.yaml also carries. */
    protected static final String LINK_KEY_ID = "local-dev";
    protected static final String LINK_KEY = "bG9jYWwtZGV2LWxpbmstdG9rZW4ta2V5LW5vLXNlY3I=";

    /** Signs Resend webhooks in tests (Svix format: whsec_ and base64 of the key). */
    protected static final String RESEND_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** On a fixed free port, so a test can stop it and start it again where the service expects it. */
    protected static final GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        smtp.start();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("nakksha.notification.delivery.poll-interval", () -> "200ms");
        registry.add("nakksha.notification.delivery.initial-backoff", () -> "200ms");
        registry.add("nakksha.notification.delivery.max-backoff", () -> "1s");
        registry.add("nakksha.notification.delivery.max-attempts", () -> "4");
        registry.add("nakksha.notification.booking.payment-mail-delay", () -> "3s");
        registry.add("nakksha.notification.resend.webhook-secret", () -> RESEND_WEBHOOK_SECRET);
        // Tests plan agendas themselves (DailyAgendaIT), at the instant the TestClock says.
        registry.add("nakksha.notification.agenda.initial-delay", () -> "1h");
        registry.add("nakksha.notification.agenda.poll-interval", () -> "1h");
    }


    @Autowired
    protected WebTestClient web;
    @Autowired
    protected TestClock clock;
    @Autowired
    protected DatabaseClient database;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Seals as identity-service seals link tokens (AES-256-GCM, the purpose bound as associated data). */
    protected static String seal(String token, String associatedData) {
        try {
            byte[] iv = new byte[12];
            new java.security.SecureRandom().nextBytes(iv);
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE,
                    new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(LINK_KEY), "AES"),
                    new javax.crypto.spec.GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] box = java.nio.ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return "v1." + LINK_KEY_ID + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(box);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends an event as its owning service would. */
    protected static void send(Topic topic, String key, SpecificRecord event) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().getBrokersAsString()),
                new StringSerializer(), new AvroEventSerializer())) {
            producer.send(new ProducerRecord<>(topic.topicName(), key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + event.getSchema().getName(), e);
        }
    }

    /** Every mail GreenMail received for this address so far. */
    protected static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> recipients(message).stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    /** Waits for the first mail to this address. */
    protected static MimeMessage awaitMailTo(String address) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !mailsTo(address).isEmpty());
        return mailsTo(address).getFirst();
    }

    protected static List<String> recipients(MimeMessage message) {
        try {
            jakarta.mail.Address[] all = message.getAllRecipients();
            return all == null ? List.of() : Arrays.stream(all)
                    .map(address -> ((jakarta.mail.internet.InternetAddress) address).getAddress())
                    .toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static List<String> to(MimeMessage message) throws MessagingException {
        return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    }

    protected String statusOf(java.util.UUID triggerEventId, String template) {
        return database.sql("SELECT status FROM email_log WHERE trigger_event_id = :id AND template = :template")
                .bind("id", triggerEventId).bind("template", template)
                .map(row -> row.get("status", String.class)).one().block();
    }
}
