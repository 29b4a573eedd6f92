package com.nakksha.notification.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.time.RegionZones;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin previews every template rendered with sample data (issue 8): subject, plain text and
 * HTML exactly as the renderer makes them for a recipient in {@code zone} (an IANA zone, default
 * Asia/Kolkata). Nothing is sent or stored.
 */
@RestController
class TemplatePreviewController {

    private final MailRenderer renderer;

    TemplatePreviewController(MailRenderer renderer) {
        this.renderer = renderer;
    }

    @GetMapping("/api/v1/notifications/admin/templates")
    List<TemplateInfo> templates() {
        return Arrays.stream(EmailTemplate.values()).map(template -> new TemplateInfo(template, template.optional())).toList();
    }

    @GetMapping("/api/v1/notifications/admin/templates/{template}/preview")
    Mono<RenderedPreview> preview(@PathVariable EmailTemplate template,
                                  @RequestParam(required = false, defaultValue = "Asia/Kolkata") String zone) {
        ZoneId recipientZone = RegionZones.of(zone)
                .orElseThrow(() -> new InvalidInputException("zone", "must be an IANA time zone such as Asia/Kolkata"));
        return Mono.fromCallable(() -> renderer.render(template, "Meera Iyer", sample(), new Formats(recipientZone), List.of()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(mail -> new RenderedPreview(template, mail.subject(), mail.text(), mail.html()));
    }

    /** Every variable any template reads, with plausible values; times a few days from now. */
    private static Map<String, Object> sample() {
        Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> model = new HashMap<>();
        model.put("firstName", "Asha");
        model.put("clientName", "Meera Iyer");
        model.put("clientEmail", "meera@example.in");
        model.put("consultantName", "Asha Rao");
        model.put("consultantEmail", "asha@example.in");
        model.put("title", "Career consultation");
        model.put("reason", "A clash with another commitment");
        model.put("link", "http://localhost:8080/verify-email?token=sample");
        model.put("loginUrl", "http://localhost:8080/login");
        model.put("reviewUrl", "http://localhost:8080/admin/consultants/sample");
        model.put("expiresAt", start.toString());
        model.put("registeredAt", start.minus(Duration.ofDays(3)).toString());
        model.put("startsAt", start.toString());
        model.put("endsAt", start.plus(Duration.ofHours(1)).toString());
        model.put("previousStartsAt", start.minus(Duration.ofDays(1)).toString());
        model.put("holdExpiresAt", start.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(15)).toString());
        model.put("amountMinor", "150000");
        model.put("currency", "INR");
        model.put("paidMinor", "150000");
        model.put("paidCurrency", "INR");
        model.put("refundMinor", "150000");
        model.put("refundCurrency", "INR");
        model.put("providerPaymentId", "pay_sample");
        model.put("meetingLink", "https://meet.example.in/sample");
        model.put("paymentLink", "http://localhost:8080/pay/sample?capability=sample");
        model.put("manageLink", "http://localhost:8080/api/v1/public/bookings/sample");
        model.put("confirmationLink", "http://localhost:8080/confirm-booking?token=sample");
        model.put("minutesLeft", "14");
        model.put("expectation", "5-7 business days");
        model.put("offset", "24 hours");
        model.put("error", "The card was declined");
        model.put("cancelledBy", "CONSULTANT");
        model.put("validUntil", start.plus(Duration.ofDays(7)).toString());
        model.put("shareUrl", "http://localhost:8080/q/sample");
        model.put("viewCount", "1");
        model.put("day", "today");
        model.put("sessions", List.of(Map.of("title", "Career consultation", "clientName", "Meera Iyer",
                "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "meetingLink", "https://meet.example.in/sample")));
        return model;
    }

    record TemplateInfo(EmailTemplate template, boolean optional) {
    }

    record RenderedPreview(EmailTemplate template, String subject, String text, String html) {
    }
}
