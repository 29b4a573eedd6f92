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
 * content) fail the mail for good.
 */
@Component
@ConditionalOnProperty(name = "nakksha.notification.delivery.provider", havingValue = "resend")
class ResendMailTransport implements MailTransport {

    private final RestClient http;
    private final MailProperties delivery;
    private final JsonMapper json = JsonMapper.builder().build();

    ResendMailTransport(ResendProperties properties, MailProperties delivery) {
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
                        if (status.value() == 429 || status.is5xxServerError()) {
                            throw new IllegalStateException(brief);
                        }
                        throw new PermanentMailFailure(brief, null);
                    });
            JsonNode id = json.readTree(answer).get("id");
            if (id == null || id.asString().isBlank()) {
                throw new IllegalStateException("Resend accepted the mail without an id");
            }
            return id.asString();
        } catch (ResourceAccessException e) {
            throw new IllegalStateException("Resend could not be reached: " + e.getMessage(), e);
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
