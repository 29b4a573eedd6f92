package com.nakksha.notification.quotation;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

@Repository
class QuotationReplicaRepository {

    private final DatabaseClient database;

    QuotationReplicaRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<QuotationReplica> find(UUID quotationId) {
        return database.sql("SELECT * FROM quotation WHERE quotation_id = :id").bind("id", quotationId)
                .map(QuotationReplicaRepository::read).one();
    }

    /**
     * A sent quotation, its details as the send carried them; true when applied. quotation-service sends a quotation
     * once (DRAFT to SENT, and nothing returns to DRAFT), so a QuotationSent meeting a quotation that was answered,
     * withdrawn or expired (one re-driven from the dead-letter topic after those) changes nothing: false.
     */
    Mono<Boolean> sent(QuotationReplica quotation, Instant now) {
        return database.sql("""
                        INSERT INTO quotation (quotation_id, consultant_id, client_name, client_email, title, amount_minor,
                            currency, valid_until, share_url, status, pdf, updated_at)
                        VALUES (:id, :consultant, :clientName, :clientEmail, :title, :amount, :currency, :validUntil,
                            :shareUrl, 'SENT', :pdf, :now)
                        ON CONFLICT (quotation_id) DO UPDATE SET client_name = :clientName, client_email = :clientEmail,
                            title = :title, amount_minor = :amount, currency = :currency, valid_until = :validUntil,
                            share_url = :shareUrl, status = 'SENT', pdf = :pdf, updated_at = :now
                        WHERE quotation.status = 'SENT'""")
                .bind("id", quotation.quotationId()).bind("consultant", quotation.consultantId())
                .bind("clientName", quotation.clientName()).bind("clientEmail", quotation.clientEmail())
                .bind("title", quotation.title()).bind("amount", quotation.amountMinor()).bind("currency", quotation.currency())
                .bind("validUntil", utc(quotation.validUntil())).bind("shareUrl", quotation.shareUrl())
                .bind("pdf", Parameter.fromOrEmpty(quotation.pdf() == null ? null : ByteBuffer.wrap(quotation.pdf()), ByteBuffer.class))
                .bind("now", utc(now))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * The quotation's end (answered, withdrawn, expired). Fails when the replica lacks the quotation: QuotationSent
     * comes first on the same topic and key, so it was dead-lettered, and this event has to follow it there, or a
     * re-drive of the send alone would reopen the quotation and mail the client a link to it.
     */
    Mono<Void> answered(UUID quotationId, QuotationReplica.Status status, Instant now) {
        return database.sql("UPDATE quotation SET status = :status, updated_at = :now WHERE quotation_id = :id")
                .bind("status", status.name()).bind("now", utc(now)).bind("id", quotationId)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty() : Mono.error(new IllegalStateException(
                        "quotation " + quotationId + " is not in the replica (QuotationSent not applied)")));
    }

    private static QuotationReplica read(Readable row) {
        return new QuotationReplica(row.get("quotation_id", UUID.class), row.get("consultant_id", UUID.class),
                row.get("client_name", String.class), row.get("client_email", String.class), row.get("title", String.class),
                row.get("amount_minor", Long.class), row.get("currency", String.class),
                row.get("valid_until", OffsetDateTime.class).toInstant(), row.get("share_url", String.class),
                QuotationReplica.Status.valueOf(row.get("status", String.class)), bytes(row.get("pdf", ByteBuffer.class)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
