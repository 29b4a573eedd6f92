package com.nakksha.notification.mail;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Resend's HTTP API ({@code POST /emails}), chosen with {@code nakksha.notification.delivery.provider=resend}.
 * The email log id is sent as the {@code Idempotency-Key}, so a retry after a lost answer does not send
 * the mail twice. 429 and 5xx are retried by the delivery job; other 4xx (a refused address or
 * content) fail the mail for good. Two 409s are about the key, not the mail (Resend, "Idempotency keys"):
 * {@code concurrent_idempotent_requests} (the first request with the key is still running) is retried, and
 * {@code invalid_idempotent_request} (the key already sent a mail, with another body) means our earlier attempt
 * went out and only its answer was lost: the row was rendered again after a crash, so the body differs. That
 * mail counts as sent, with no provider id to link Resend's webhooks to.
 */
@Component
@ConditionalOnProperty(name = "nakksha.notification.delivery.provider", havingValue = "resend")
class ResendMailTransport implements MailTransport {

    private final RestClient http;
    private final MailProperties delivery;
    private final JsonMapper json = JsonMapper.builder().build();

    /** What {@link #send} answers for a mail this key already sent: the provider's id of it is not known. */
    static final String SENT_EARLIER_UNDER_THIS_KEY = "";

    ResendMailTransport(ResendProperties properties, MailProperties delivery) {
        JakartaMailStreamProvider.nameAngusMail();
        if (properties.apiKey().isBlank()) {
            throw new IllegalStateException("nakksha.notification.resend.api-key must be set when the provider is resend");
        }
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
        requests.setReadTimeout(properties.timeout());
        this.http = RestClient.builder()
                .baseUrl(properties.baseUrl())
                .requestFactory(requests)
                .defaultHeader("Authorization", "Bearer " + properties.apiKey())
                .build();
        this.delivery = delivery;
    }

    @Override
    public String send(String idempotencyKey, String recipient, String recipientName, RenderedMail mail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", address(delivery.from(), delivery.fromName()));
        body.put("to", List.of(address(recipient, recipientName)));
        body.put("subject", HeaderText.clean(mail.subject()));
        body.put("html", mail.html());
        body.put("text", mail.text());
        List<Map<String, String>> attachments = new ArrayList<>();
        for (SendTimeCheck.Attachment attachment : mail.attachments()) {
            attachments.add(Map.of("filename", attachment.fileName(),
                    "content", Base64.getEncoder().encodeToString(attachment.content()),
                    "content_type", attachment.contentType()));
        }
        if (!attachments.isEmpty()) {
            body.put("attachments", attachments);
        }
        try {
            String answer = http.post().uri("/emails")
                    .header("Idempotency-Key", idempotencyKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(json.writeValueAsString(body))
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        String text = new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        if (status.is2xxSuccessful()) {
                            return text;
                        }
                        String brief = "Resend answered " + status.value() + ": " + (text.length() > 300 ? text.substring(0, 300) : text);
                        if (status.value() == 409 && "invalid_idempotent_request".equals(errorName(text))) {
                            return null;
                        }
                        if (status.value() == 429 || status.value() == 409 || status.is5xxServerError()) {
                            throw new IllegalStateException(brief);
                        }
                        throw new PermanentMailFailure(brief, null);
                    });
            if (answer == null) {
                return SENT_EARLIER_UNDER_THIS_KEY;
            }
            JsonNode id = json.readTree(answer).get("id");
            if (id == null || id.asString().isBlank()) {
                throw new IllegalStateException("Resend accepted the mail without an id");
            }
            return id.asString();
        } catch (ResourceAccessException e) {
            throw new IllegalStateException("Resend could not be reached: " + e.getMessage(), e);
        }
    }

    /** Resend's error {@code name}, or null when the body is not its error JSON. */
    private String errorName(String body) {
        try {
            JsonNode name = json.readTree(body).get("name");
            return name == null ? null : name.asString();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** {@code "Name <address>"} with the name cleaned of line breaks and quoted as RFC 5322 wants. */
    private static String address(String email, String name) {
        try {
            InternetAddress address = new InternetAddress(email, true);
            String personal = HeaderText.clean(name);
            if (!personal.isEmpty()) {
                address.setPersonal(personal, "UTF-8");
            }
            return address.toUnicodeString();
        } catch (AddressException | java.io.UnsupportedEncodingException e) {
            throw new PermanentMailFailure("not a valid recipient address", e);
        }
    }
}
