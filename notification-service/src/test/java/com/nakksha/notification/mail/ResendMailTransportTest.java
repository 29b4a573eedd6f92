package com.nakksha.notification.mail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Resend adapter against Resend's API simulated at HTTP level. */
class ResendMailTransportTest {

    private static final WireMockServer resend = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private ResendMailTransport transport;

    @BeforeAll
    static void start() {
        resend.start();
    }

    @AfterAll
    static void stop() {
        resend.stop();
    }

    @BeforeEach
    void setUp() {
        resend.resetAll();
        transport = new ResendMailTransport(
                new ResendProperties(resend.baseUrl(), "re_test_key", "", Duration.ofSeconds(30), Duration.ofMinutes(5)),
                new MailProperties("no-reply@nakksha.local", "Nakksha", 8, Duration.ofSeconds(10), Duration.ofMinutes(30),
                        Duration.ofMinutes(2), 50, "resend", 1));
    }

    @Test
    void sendsBothBodiesTheAttachmentAndTheIdempotencyKeyAndAnswersResendsId() {
        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"4ef9a417-02e9-4d39-ad75-9611e0fcc33c\"}")));
        byte[] ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8);

        String id = transport.send("log-1", "client@example.test", "Meera\r\nBcc: evil@example.test",
                new RenderedMail("Your session", "plain", "<p>html</p>",
                        List.of(new SendTimeCheck.Attachment("invite.ics", "text/calendar; method=REQUEST", ics))));

        assertThat(id).isEqualTo("4ef9a417-02e9-4d39-ad75-9611e0fcc33c");
        resend.verify(postRequestedFor(urlEqualTo("/emails"))
                .withHeader("Authorization", equalTo("Bearer re_test_key"))
                .withHeader("Idempotency-Key", equalTo("log-1"))
                .withRequestBody(matchingJsonPath("$.from", equalTo("Nakksha <no-reply@nakksha.local>")))
                .withRequestBody(matchingJsonPath("$.to[0]", containing("<client@example.test>")))
                .withRequestBody(matchingJsonPath("$.to[0]", equalTo("Meera Bcc: evil@example.test <client@example.test>")
                        .or(equalTo("\"Meera Bcc: evil@example.test\" <client@example.test>"))))
                .withRequestBody(matchingJsonPath("$.subject", equalTo("Your session")))
                .withRequestBody(matchingJsonPath("$.text", equalTo("plain")))
                .withRequestBody(matchingJsonPath("$.html", equalTo("<p>html</p>")))
                .withRequestBody(matchingJsonPath("$.attachments[0].filename", equalTo("invite.ics")))
                .withRequestBody(matchingJsonPath("$.attachments[0].content", equalTo(Base64.getEncoder().encodeToString(ics)))));
        assertThat(resend.getAllServeEvents().getFirst().getRequest().getBodyAsString()).doesNotContain("\r\nBcc");
    }

    /** Issue 13: a row sent again (its answer lost, or the process killed before SENT) is one mail to Resend. */
    @Test
    void everyAttemptOfOneEmailLogRowCarriesTheSameIdempotencyKey() {
        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"4ef9a417-02e9-4d39-ad75-9611e0fcc33c\"}")));
        RenderedMail mail = new RenderedMail("Your receipt", "plain", "<p>html</p>", List.of());

        transport.send("0b7f3c1e-5d7a-4c55-9a7e-1f2d3c4b5a69", "client@example.test", null, mail);
        transport.send("0b7f3c1e-5d7a-4c55-9a7e-1f2d3c4b5a69", "client@example.test", null, mail);

        resend.verify(2, postRequestedFor(urlEqualTo("/emails"))
                .withHeader("Idempotency-Key", equalTo("0b7f3c1e-5d7a-4c55-9a7e-1f2d3c4b5a69")));
    }

    /**
     * A row rendered again after a crash lost the first attempt's answer has another body under the same key: Resend
     * refuses it because that key sent a mail already, which is the mail we owed. A request racing the first is retried.
     */
    @Test
    void aKeyThatAlreadySentTheMailCountsAsSentAndAKeyStillInUseIsRetried() {
        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":409,\"name\":\"invalid_idempotent_request\",\"message\":\"Same idempotency key used with a different request payload.\"}")));
        RenderedMail mail = new RenderedMail("Your session starts in 59 minutes", "plain", "<p>html</p>", List.of());

        assertThat(transport.send("log-4", "client@example.test", null, mail)).isEqualTo(ResendMailTransport.SENT_EARLIER_UNDER_THIS_KEY);

        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":409,\"name\":\"concurrent_idempotent_requests\",\"message\":\"Same idempotency key used while original request is still in progress.\"}")));
        assertThatThrownBy(() -> transport.send("log-5", "client@example.test", null, mail))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(MailTransport.PermanentMailFailure.class)
                .hasMessageContaining("409");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedButARefusedMailFailsForGood() {
        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(429).withBody("{\"message\":\"Too many requests\"}")));
        assertThatThrownBy(() -> transport.send("log-2", "a@example.test", null, new RenderedMail("s", "t", "h", List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("429");

        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> transport.send("log-2", "a@example.test", null, new RenderedMail("s", "t", "h", List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("503");

        resend.stubFor(post("/emails").willReturn(aResponse().withStatus(422)
                .withBody("{\"name\":\"validation_error\",\"message\":\"Invalid `to` field\"}")));
        assertThatThrownBy(() -> transport.send("log-3", "a@example.test", null, new RenderedMail("s", "t", "h", List.of())))
                .isInstanceOf(MailTransport.PermanentMailFailure.class).hasMessageContaining("422").hasMessageContaining("Invalid `to` field");
    }

    @Test
    void anUnreachableProviderIsRetried() {
        resend.stop();
        try {
            assertThatThrownBy(() -> transport.send("log-4", "a@example.test", null, new RenderedMail("s", "t", "h", List.of())))
                    .isInstanceOf(IllegalStateException.class).isNotInstanceOf(MailTransport.PermanentMailFailure.class);
        } finally {
            resend.start();
        }
    }

    @Test
    void anAddressThatIsNotOneFailsWithoutCallingResend() {
        assertThatThrownBy(() -> transport.send("log-5", "not an address", null, new RenderedMail("s", "t", "h", List.of())))
                .isInstanceOf(MailTransport.PermanentMailFailure.class);
        assertThat(resend.getAllServeEvents()).isEmpty();
    }
}
