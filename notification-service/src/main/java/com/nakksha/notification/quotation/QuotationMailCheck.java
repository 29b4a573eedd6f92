package com.nakksha.notification.quotation;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.notification.contact.Contact;
import com.nakksha.notification.contact.ContactService;
import com.nakksha.notification.mail.EmailTemplate;
import com.nakksha.notification.mail.QueuedMail;
import com.nakksha.notification.mail.SendTimeCheck;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_ACCEPTED;
import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_EXPIRED;
import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_EXPIRING_SOON;
import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_REJECTED;
import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_SENT;
import static com.nakksha.notification.mail.EmailTemplate.QUOTATION_VIEWED;

/**
 * Quotation mails decide from the quotation as it is when they go out: the quotation mail and the
 * "expiring soon" mail are skipped once the client answered, the consultant withdrew it or it expired;
 * the details shown come from the current replica, and the client's mail attaches the PDF quotation-service
 * rendered when sending (QuotationSent v2).
 */
@Component
class QuotationMailCheck implements SendTimeCheck {

    private static final Set<EmailTemplate> COVERED = EnumSet.of(QUOTATION_SENT, QUOTATION_VIEWED, QUOTATION_ACCEPTED,
            QUOTATION_REJECTED, QUOTATION_EXPIRING_SOON, QUOTATION_EXPIRED);

    private final QuotationReplicaRepository quotations;
    private final ContactService contacts;

    QuotationMailCheck(QuotationReplicaRepository quotations, ContactService contacts) {
        this.quotations = quotations;
        this.contacts = contacts;
    }

    @Override
    public boolean covers(EmailTemplate template) {
        return COVERED.contains(template);
    }

    @Override
    public Mono<Decision> decide(QueuedMail mail) {
        UUID quotationId = UUID.fromString(mail.model().get("quotationId"));
        return quotations.find(quotationId)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("quotation " + quotationId + " is not in the replica")))
                .flatMap(quotation -> contacts.find(quotation.consultantId())
                        .defaultIfEmpty(new Contact(quotation.consultantId(), null, null, null, null))
                        .map(consultant -> decide(mail, quotation, consultant)));
    }

    private static Decision decide(QueuedMail mail, QuotationReplica quotation, Contact consultant) {
        boolean open = quotation.status() == QuotationReplica.Status.SENT;
        if ((mail.template() == QUOTATION_SENT || mail.template() == QUOTATION_EXPIRING_SOON) && !open) {
            return new Skip("the quotation is " + quotation.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (mail.template() == QUOTATION_EXPIRING_SOON && !quotation.validUntil().toString().equals(mail.model().get("validUntil"))) {
            return new Skip("the quotation's validity changed to " + quotation.validUntil());
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", quotation.title());
        model.put("clientName", quotation.clientName());
        model.put("clientEmail", quotation.clientEmail());
        model.put("amountMinor", Long.toString(quotation.amountMinor()));
        model.put("currency", quotation.currency());
        model.put("validUntil", quotation.validUntil().toString());
        model.put("shareUrl", quotation.shareUrl());
        model.put("consultantName", consultant.fullName().isEmpty() ? "your consultant" : consultant.fullName());
        if (mail.template() == QUOTATION_SENT && quotation.pdf() != null) {
            model.put("pdfAttached", true);
            return new Send(model, List.of(new Attachment("quotation-" + quotation.quotationId() + ".pdf", "application/pdf",
                    quotation.pdf())));
        }
        return new Send(model, List.of());
    }
}
