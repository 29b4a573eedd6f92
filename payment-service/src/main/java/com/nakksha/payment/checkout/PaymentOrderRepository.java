package com.nakksha.payment.checkout;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class PaymentOrderRepository {

    private final DatabaseClient database;

    PaymentOrderRepository(DatabaseClient database) {
        this.database = database;
    }

    /** @return whether this call created the row (false: an order for the payable exists or is being made) */
    Mono<Boolean> claim(UUID payableId, long amountMinor, String currency, Instant now) {
        return database.sql("""
                        INSERT INTO payment_order (id, payable_id, receipt, amount_minor, currency, status, created_at, updated_at)
                        VALUES (:id, :payableId, :receipt, :amount, :currency, 'CREATING', :now, :now)
                        ON CONFLICT (payable_id) DO NOTHING""")
                .bind("id", UUID.randomUUID())
                .bind("payableId", payableId)
                .bind("receipt", PaymentOrder.receiptFor(payableId))
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .bind("now", now)
                .fetch().rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /** The payable's order, locked: one request at a time talks to Razorpay about it. */
    Mono<PaymentOrder> lock(UUID payableId) {
        return database.sql("SELECT * FROM payment_order WHERE payable_id = :payableId FOR UPDATE")
                .bind("payableId", payableId).map(PaymentOrderRepository::read).one();
    }

    Mono<PaymentOrder> findByRazorpayId(String razorpayOrderId) {
        return database.sql("SELECT * FROM payment_order WHERE razorpay_order_id = :orderId")
                .bind("orderId", razorpayOrderId).map(PaymentOrderRepository::read).one();
    }

    Mono<Void> created(UUID id, String razorpayOrderId, Instant now) {
        return database.sql("UPDATE payment_order SET razorpay_order_id = :orderId, status = 'CREATED', updated_at = :now WHERE id = :id")
                .bind("id", id).bind("orderId", razorpayOrderId).bind("now", now)
                .then();
    }

    private static PaymentOrder read(Readable row) {
        return new PaymentOrder(row.get("id", UUID.class), row.get("payable_id", UUID.class), row.get("receipt", String.class),
                row.get("razorpay_order_id", String.class), row.get("amount_minor", Long.class),
                row.get("currency", String.class), row.get("status", String.class));
    }
}
