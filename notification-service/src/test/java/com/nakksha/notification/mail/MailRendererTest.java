package com.nakksha.notification.mail;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailRendererTest {

    private static final String HOSTILE = "<script>alert(1)</script>\r\nBcc: evil@example.test";

    private final MailRenderer renderer = new MailRenderer();

    /** Every variable any template reads, with user-entered text that tries markup and header breaks. */
    static Map<String, Object> sample() {
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", HOSTILE);
        model.put("clientName", HOSTILE);
        model.put("consultantName", "Asha <b>Rao</b>");
        model.put("consultantEmail", "asha@example.test");
        model.put("title", HOSTILE);
        model.put("reason", "Double-booked & <i>sorry</i>");
        model.put("link", "http://localhost:8080/verify-email?token=abc");
        model.put("loginUrl", "http://localhost:8080/login");
        model.put("reviewUrl", "http://localhost:8080/admin/consultants/1");
        model.put("expiresAt", "2031-01-15T17:30:00Z");
        model.put("registeredAt", "2031-01-15T17:30:00Z");
        model.put("startsAt", "2031-01-15T17:30:00Z");
        model.put("endsAt", "2031-01-15T18:30:00Z");
        model.put("previousStartsAt", "2031-01-14T17:30:00Z");
        model.put("holdExpiresAt", "2031-01-10T10:00:00Z");
        model.put("amountMinor", "12345650");
        model.put("currency", "INR");
        model.put("paidMinor", "12345650");
        model.put("paidCurrency", "INR");
        model.put("refundMinor", "150000");
        model.put("refundCurrency", "INR");
        model.put("providerPaymentId", "pay_123");
        model.put("meetingLink", "https://meet.example.test/abc");
        model.put("paymentLink", "http://localhost:8080/pay/1?capability=x");
        model.put("minutesLeft", "12");
        model.put("expectation", "5-7 business days");
        model.put("offset", "1 hour");
        model.put("error", "card declined");
        model.put("cancelledBy", "CLIENT");
        model.put("clientEmail", "client@example.test");
        model.put("validUntil", "2031-01-20T18:29:00Z");
        model.put("shareUrl", "http://localhost:8080/q/share-token");
        model.put("viewCount", "2");
        model.put("day", "Wed, 15 Jan 2031");
        model.put("sessions", List.of(Map.of("title", HOSTILE, "clientName", HOSTILE, "startsAt", "2031-01-15T17:30:00Z",
                "endsAt", "2031-01-15T18:30:00Z", "meetingLink", "https://meet.example.test/abc")));
        return model;
    }

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void everyTemplateRendersEscapedHtmlAOneLineSubjectAndTimesInTheRecipientsZone(EmailTemplate template) {
        RenderedMail mail = renderer.render(template, HOSTILE, sample(), new Formats(ZoneId.of("Asia/Kolkata")), List.of());

        assertThat(mail.subject()).isNotBlank().doesNotContain("\r").doesNotContain("\n").doesNotContain("[(");
        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<b>Rao</b>").doesNotContain("<i>sorry</i>")
                .doesNotContain("[(").doesNotContain("${");
        assertThat(mail.text()).isNotBlank().doesNotContain("[(").doesNotContain("${");
        if (mail.text().contains("2031")) {
            assertThat(mail.text()).contains("IST (Asia/Kolkata)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = EmailTemplate.class, names = {"SESSION_CONFIRMED", "PAYMENT_RECEIPT", "BOOKING_RECEIVED",
            "QUOTATION_SENT", "QUOTATION_ACCEPTED"})
    void moneyIsShownInIndianGrouping(EmailTemplate template) {
        RenderedMail mail = renderer.render(template, "Client", sample(), new Formats(ZoneId.of("Asia/Kolkata")), List.of());

        assertThat(mail.text()).contains("₹1,23,456.50");
        assertThat(mail.html()).contains("₹1,23,456.50");
    }

    @ParameterizedTest
    @EnumSource(value = EmailTemplate.class, names = {"BOOKING_RECEIVED", "PAYMENT_FAILED"})
    void theHoldMailsNameThePayLinkAndTheTimeLeft(EmailTemplate template) {
        RenderedMail mail = renderer.render(template, "Client", sample(), new Formats(ZoneId.of("Asia/Kolkata")), List.of());

        assertThat(mail.text()).contains("http://localhost:8080/pay/1?capability=x").contains("12 minutes");
        assertThat(mail.html()).contains("href=\"http://localhost:8080/pay/1?capability=x\"");
    }
}
