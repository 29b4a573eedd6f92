package com.nakksha.payment.payable;

import com.nakksha.payment.razorpay.AttemptStatus;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Payables, their attempts and refunds; the invariants themselves are the table constraints. */
@Repository
public class PayableRepository {

    private final DatabaseClient database;

    PayableRepository(DatabaseClient database) {
        this.database = database;
    }

    /** Creates the payable unless it exists (a redelivered or replayed announcement). */
    Mono<Void> insertIfAbsent(Payable payable) {
        return database.sql("""
                        INSERT INTO payable (id, payable_type, consultant_id, amount_minor, currency, description, payer_name,
                            payer_email, payer_phone, capability_hash, hold_expires_at, availability, payment_state,
                            captured_payment_id, captured_minor, refund_reserved_minor, refunded_minor, replica_updated_at,
                            owner_version, created_at, updated_at)
                        VALUES (:id, :type, :consultantId, :amount, :currency, :description, :payerName, :payerEmail,
                            :payerPhone, :capabilityHash, :holdExpiresAt, :availability, :paymentState, NULL, 0, 0, 0,
                            :replicaUpdatedAt, :ownerVersion, :now, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", payable.id())
                .bind("type", payable.type().name())
                .bind("consultantId", payable.consultantId())
                .bind("amount", payable.amountMinor())
                .bind("currency", payable.currency())
                .bind("description", payable.description())
                .bind("payerName", text(payable.payer().name()))
                .bind("payerEmail", text(payable.payer().email()))
                .bind("payerPhone", text(payable.payer().phone()))
                .bind("capabilityHash", text(payable.capabilityHash()))
                .bind("holdExpiresAt", Parameter.fromOrEmpty(payable.holdExpiresAt(), Instant.class))
                .bind("availability", payable.availability().name())
                .bind("paymentState", payable.paymentState().name())
                .bind("replicaUpdatedAt", payable.ownerStamp().occurredAt())
                .bind("ownerVersion", Parameter.fromOrEmpty(payable.ownerStamp().version(), Long.class))
                .bind("now", payable.createdAt())
                .then();
    }

    public Mono<Payable> find(UUID id) {
        return database.sql("SELECT * FROM payable WHERE id = :id").bind("id", id).map(PayableRepository::payable).one();
    }

    /** The payable with its row locked until the transaction ends: every money change goes through here. */
    public Mono<Payable> lock(UUID id) {
        return database.sql("SELECT * FROM payable WHERE id = :id FOR UPDATE").bind("id", id).map(PayableRepository::payable).one();
    }

    public Mono<Void> update(Payable payable) {
        return database.sql("""
                        UPDATE payable SET availability = :availability, payment_state = :paymentState,
                            cancellation_refund_percent = :cancellationRefundPercent,
                            hold_expires_at = :holdExpiresAt, captured_payment_id = :capturedPaymentId,
                            captured_minor = :capturedMinor, refund_reserved_minor = :reserved, refunded_minor = :refunded,
                            replica_updated_at = :replicaUpdatedAt, owner_version = :ownerVersion, updated_at = :updatedAt
                        WHERE id = :id""")
                .bind("id", payable.id())
                .bind("availability", payable.availability().name())
                .bind("paymentState", payable.paymentState().name())
                .bind("cancellationRefundPercent", Parameter.fromOrEmpty(payable.cancellationRefundPercent(), Integer.class))
                .bind("holdExpiresAt", Parameter.fromOrEmpty(payable.holdExpiresAt(), Instant.class))
                .bind("capturedPaymentId", text(payable.capturedPaymentId()))
                .bind("capturedMinor", payable.capturedMinor())
                .bind("reserved", payable.refundReservedMinor())
                .bind("refunded", payable.refundedMinor())
                .bind("replicaUpdatedAt", payable.ownerStamp().occurredAt())
                .bind("ownerVersion", Parameter.fromOrEmpty(payable.ownerStamp().version(), Long.class))
                .bind("updatedAt", payable.updatedAt())
                .then();
    }

    /** The payable a Razorpay order was made for. */
    public Mono<UUID> payableOfOrder(String razorpayOrderId) {
        return database.sql("SELECT payable_id FROM payment_order WHERE razorpay_order_id = :orderId")
                .bind("orderId", razorpayOrderId).map(row -> row.get("payable_id", UUID.class)).one();
    }

    /**
     * Asks for the payable's Razorpay order to be checked at once by reconciliation, whatever its age.
     *
     * @return the order's Razorpay id, or empty when the payable has no order at Razorpay
     */
    Mono<String> requestOrderCheck(UUID payableId, Instant at) {
        return database.sql("""
                        UPDATE payment_order SET check_requested_at = COALESCE(check_requested_at, :at)
                        WHERE payable_id = :payableId AND status = 'CREATED' RETURNING razorpay_order_id""")
                .bind("payableId", payableId).bind("at", at)
                .map(row -> row.get("razorpay_order_id", String.class)).one();
    }

    /**
     * Notes that Razorpay was asked about the order's payments at {@code checkedAt} and all of them were applied;
     * a check asked for before then is answered, one asked for since stays.
     */
    Mono<Void> orderChecked(String razorpayOrderId, Instant checkedAt) {
        return database.sql("""
                        UPDATE payment_order SET last_reconciled_at = :at,
                            check_requested_at = CASE WHEN check_requested_at <= :at THEN NULL ELSE check_requested_at END
                        WHERE razorpay_order_id = :orderId""")
                .bind("orderId", razorpayOrderId).bind("at", checkedAt)
                .then();
    }

    public Mono<PaymentAttempt> findAttempt(String providerPaymentId) {
        return database.sql("SELECT * FROM payment_attempt WHERE razorpay_payment_id = :id")
                .bind("id", providerPaymentId).map(PayableRepository::attempt).one();
    }

    public Mono<PaymentAttempt> findAttempt(UUID id) {
        return database.sql("SELECT * FROM payment_attempt WHERE id = :id").bind("id", id).map(PayableRepository::attempt).one();
    }

    public Mono<Void> saveAttempt(PaymentAttempt attempt, UUID consultantId) {
        return database.sql("""
                        INSERT INTO payment_attempt (id, razorpay_payment_id, razorpay_order_id, payable_id, consultant_id, status,
                            disposition, method, amount_minor, currency, fee_minor, tax_minor, platform_fee_minor, error_code,
                            error_description, authorized_at, captured_at, failed_at, created_at, updated_at)
                        VALUES (:id, :paymentId, :orderId, :payableId, :consultantId, :status, :disposition, :method, :amount,
                            :currency, :fee, :tax, :platformFee, :errorCode, :errorDescription, :authorizedAt, :capturedAt,
                            :failedAt, :createdAt, :updatedAt)
                        ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, disposition = EXCLUDED.disposition,
                            method = EXCLUDED.method, amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
                            fee_minor = EXCLUDED.fee_minor, tax_minor = EXCLUDED.tax_minor,
                            platform_fee_minor = EXCLUDED.platform_fee_minor, error_code = EXCLUDED.error_code,
                            error_description = EXCLUDED.error_description, authorized_at = EXCLUDED.authorized_at,
                            captured_at = EXCLUDED.captured_at, failed_at = EXCLUDED.failed_at, updated_at = EXCLUDED.updated_at""")
                .bind("id", attempt.id())
                .bind("paymentId", attempt.providerPaymentId())
                .bind("orderId", attempt.providerOrderId())
                .bind("payableId", attempt.payableId())
                .bind("consultantId", consultantId)
                .bind("status", attempt.status().name())
                .bind("disposition", attempt.disposition().name())
                .bind("method", text(attempt.method()))
                .bind("amount", attempt.amountMinor())
                .bind("currency", attempt.currency())
                .bind("fee", number(attempt.feeMinor()))
                .bind("tax", number(attempt.taxMinor()))
                .bind("platformFee", number(attempt.platformFeeMinor()))
                .bind("errorCode", text(attempt.errorCode()))
                .bind("errorDescription", text(attempt.errorDescription()))
                .bind("authorizedAt", instant(attempt.authorizedAt()))
                .bind("capturedAt", instant(attempt.capturedAt()))
                .bind("failedAt", instant(attempt.failedAt()))
                .bind("createdAt", attempt.createdAt())
                .bind("updatedAt", attempt.updatedAt())
                .then();
    }

    public Mono<Refund> findRefund(UUID id) {
        return database.sql("SELECT * FROM refund WHERE id = :id").bind("id", id).map(PayableRepository::refund).one();
    }

    public Mono<Refund> findRefundByProviderId(String providerRefundId) {
        return database.sql("SELECT * FROM refund WHERE razorpay_refund_id = :id")
                .bind("id", providerRefundId).map(PayableRepository::refund).one();
    }

    /** A refund Razorpay reported before we learnt its id: the oldest unsettled one of that payment and amount. */
    public Mono<Refund> findUnmatchedRefund(String providerPaymentId, long amountMinor) {
        return database.sql("""
                        SELECT * FROM refund WHERE razorpay_payment_id = :paymentId AND amount_minor = :amount
                            AND razorpay_refund_id IS NULL AND status IN ('REQUESTED', 'PENDING')
                        ORDER BY created_at LIMIT 1""")
                .bind("paymentId", providerPaymentId).bind("amount", amountMinor)
                .map(PayableRepository::refund).one();
    }

    public Mono<Void> saveRefund(Refund refund, UUID consultantId) {
        return database.sql("""
                        INSERT INTO refund (id, payable_id, consultant_id, payment_attempt_id, razorpay_payment_id,
                            razorpay_refund_id, kind, amount_minor, currency, reason, status, idempotency_key,
                            error_description, created_at, updated_at)
                        VALUES (:id, :payableId, :consultantId, :attemptId, :paymentId, :refundId, :kind, :amount, :currency,
                            :reason, :status, :key, :error, :createdAt, :updatedAt)
                        ON CONFLICT (id) DO UPDATE SET razorpay_refund_id = EXCLUDED.razorpay_refund_id,
                            status = EXCLUDED.status, error_description = EXCLUDED.error_description,
                            updated_at = EXCLUDED.updated_at""")
                .bind("id", refund.id())
                .bind("payableId", refund.payableId())
                .bind("consultantId", consultantId)
                .bind("attemptId", refund.attemptId())
                .bind("paymentId", refund.providerPaymentId())
                .bind("refundId", text(refund.providerRefundId()))
                .bind("kind", refund.kind().name())
                .bind("amount", refund.amountMinor())
                .bind("currency", refund.currency())
                .bind("reason", refund.reason())
                .bind("status", refund.status().name())
                .bind("key", refund.idempotencyKey())
                .bind("error", text(refund.errorDescription()))
                .bind("createdAt", refund.createdAt())
                .bind("updatedAt", refund.updatedAt())
                .then();
    }

    /** Refunds decided but not yet accepted by Razorpay, oldest first, for sending (again). */
    public Flux<UUID> unsentRefunds(Instant olderThan, int limit) {
        return database.sql("SELECT id FROM refund WHERE status = 'REQUESTED' AND updated_at < :before ORDER BY created_at LIMIT :limit")
                .bind("before", olderThan).bind("limit", limit)
                .map(row -> row.get("id", UUID.class)).all();
    }

    /**
     * Payments only authorised here, untouched since {@code olderThan} and authorised after {@code notBefore}
     * (Razorpay gives an uncaptured authorisation back after 3 days), oldest first: the captures that may be owed.
     */
    public Flux<PaymentAttempt> authorisedAttempts(Instant olderThan, Instant notBefore, int limit) {
        return database.sql("""
                        SELECT * FROM payment_attempt WHERE status = 'AUTHORIZED' AND disposition = 'OPEN'
                            AND updated_at < :before AND authorized_at > :notBefore ORDER BY updated_at LIMIT :limit""")
                .bind("before", olderThan).bind("notBefore", notBefore).bind("limit", limit)
                .map(PayableRepository::attempt).all();
    }

    /**
     * How many payments authorised after {@code notBefore} are only authorised while their payable would take them:
     * not cancelled, not paid by another payment, not declining payments ({@link Payable#captureOwed}, in SQL).
     */
    public Mono<Long> owedCaptures(Instant notBefore) {
        return database.sql("""
                        SELECT count(*) AS owed FROM payment_attempt a JOIN payable p ON p.id = a.payable_id
                        WHERE a.status = 'AUTHORIZED' AND a.disposition = 'OPEN' AND a.authorized_at > :notBefore
                          AND p.availability <> 'CANCELLED' AND p.captured_payment_id IS NULL AND p.payment_state <> 'RETURNED'
                          AND a.amount_minor = p.amount_minor AND a.currency = p.currency""")
                .bind("notBefore", notBefore)
                .map(row -> row.get("owed", Long.class))
                .one();
    }

    /** How many refunds wait to be accepted by Razorpay (REQUESTED), and when the oldest of them was decided. */
    public Mono<UnsentRefunds> unsentRefunds() {
        return database.sql("SELECT count(*) AS unsent, min(created_at) AS oldest FROM refund WHERE status = 'REQUESTED'")
                .map(row -> new UnsentRefunds(row.get("unsent", Long.class), Optional.ofNullable(row.get("oldest", Instant.class))))
                .one();
    }

    /**
     * @param count refunds decided here that Razorpay has not accepted yet
     * @param oldestDecidedAt when the oldest of them was decided (UTC), empty when there is none
     */
    public record UnsentRefunds(long count, Optional<Instant> oldestDecidedAt) {
    }

    /** Adds a ledger entry once per source and type; a repeated entry changes nothing. */
    public Mono<Void> ledger(UUID consultantId, UUID payableId, UUID attemptId, UUID refundId, String entryType,
                             long amountMinor, String currency, Instant now) {
        return database.sql("""
                        INSERT INTO ledger_entry (consultant_id, payable_id, payment_attempt_id, refund_id, entry_type,
                            amount_minor, currency, created_at)
                        VALUES (:consultantId, :payableId, :attemptId, :refundId, :type, :amount, :currency, :now)
                        ON CONFLICT (COALESCE(payment_attempt_id, refund_id), entry_type) DO NOTHING""")
                .bind("consultantId", consultantId)
                .bind("payableId", payableId)
                .bind("attemptId", Parameter.fromOrEmpty(attemptId, UUID.class))
                .bind("refundId", Parameter.fromOrEmpty(refundId, UUID.class))
                .bind("type", entryType)
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .bind("now", now)
                .then();
    }

    /**
     * Cancels what an accepted capture put in the consultant's ledger (capture, Razorpay's fee, platform
     * fee) with one RETURN entry, sourced by the refund that gives the capture back; once per refund.
     */
    public Mono<Void> reverseLedgerOf(UUID attemptId, UUID refundId, Instant now) {
        return database.sql("""
                        INSERT INTO ledger_entry (consultant_id, payable_id, payment_attempt_id, refund_id, entry_type,
                            amount_minor, currency, created_at)
                        SELECT consultant_id, payable_id, NULL, :refundId, 'RETURN', -sum(amount_minor), min(currency), :now
                        FROM ledger_entry WHERE payment_attempt_id = :attemptId
                        GROUP BY consultant_id, payable_id
                        ON CONFLICT (COALESCE(payment_attempt_id, refund_id), entry_type) DO NOTHING""")
                .bind("attemptId", attemptId)
                .bind("refundId", refundId)
                .bind("now", now)
                .then();
    }

    private static Payable payable(Readable row) {
        return new Payable(
                row.get("id", UUID.class),
                PayableType.valueOf(row.get("payable_type", String.class)),
                row.get("consultant_id", UUID.class),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                row.get("description", String.class),
                new Payable.Payer(row.get("payer_name", String.class), row.get("payer_email", String.class),
                        row.get("payer_phone", String.class)),
                row.get("capability_hash", String.class),
                row.get("hold_expires_at", Instant.class),
                Availability.valueOf(row.get("availability", String.class)),
                row.get("cancellation_refund_percent", Integer.class),
                PaymentState.valueOf(row.get("payment_state", String.class)),
                row.get("captured_payment_id", String.class),
                row.get("captured_minor", Long.class),
                row.get("refund_reserved_minor", Long.class),
                row.get("refunded_minor", Long.class),
                new OwnerStamp(row.get("replica_updated_at", Instant.class), row.get("owner_version", Long.class)),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    private static PaymentAttempt attempt(Readable row) {
        return new PaymentAttempt(
                row.get("id", UUID.class),
                row.get("razorpay_payment_id", String.class),
                row.get("razorpay_order_id", String.class),
                row.get("payable_id", UUID.class),
                AttemptStatus.valueOf(row.get("status", String.class)),
                PaymentAttempt.Disposition.valueOf(row.get("disposition", String.class)),
                row.get("method", String.class),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                row.get("fee_minor", Long.class),
                row.get("tax_minor", Long.class),
                row.get("platform_fee_minor", Long.class),
                row.get("error_code", String.class),
                row.get("error_description", String.class),
                row.get("authorized_at", Instant.class),
                row.get("captured_at", Instant.class),
                row.get("failed_at", Instant.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    private static Refund refund(Readable row) {
        return new Refund(
                row.get("id", UUID.class),
                row.get("payable_id", UUID.class),
                row.get("payment_attempt_id", UUID.class),
                row.get("razorpay_payment_id", String.class),
                Refund.Kind.valueOf(row.get("kind", String.class)),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class),
                row.get("reason", String.class),
                row.get("razorpay_refund_id", String.class),
                Refund.Status.valueOf(row.get("status", String.class)),
                row.get("error_description", String.class),
                row.get("created_at", Instant.class),
                row.get("updated_at", Instant.class));
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static Parameter number(Long value) {
        return Parameter.fromOrEmpty(value, Long.class);
    }

    private static Parameter instant(Instant value) {
        return Parameter.fromOrEmpty(value, Instant.class);
    }
}
