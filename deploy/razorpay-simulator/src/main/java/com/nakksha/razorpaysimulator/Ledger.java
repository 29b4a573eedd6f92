package com.nakksha.razorpaysimulator;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Razorpay's books in memory: orders, payments, refunds, and the rules the API enforces on them
 * (FACTS.md §4, §5). Every change returns the webhook events it raises, each carrying a snapshot of its
 * entities taken at that moment, as Razorpay's payloads do. One lock for everything: it is a simulator.
 */
@Component
public class Ledger {

    /** Razorpay's minimum for orders and refunds: INR 1.00. */
    static final long MINIMUM_PAISE = 100;
    static final int MAX_RECEIPT_LENGTH = 40;
    static final int MAX_NOTES = 15;
    static final int MAX_NOTE_LENGTH = 256;

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom IDS = new SecureRandom();

    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, IdempotentRefund> refundsByKey = new LinkedHashMap<>();
    private final Fees fees;
    private final String accountId;
    private final Clock clock;

    public Ledger(SimulatorProperties properties, Clock clock) {
        this.fees = new Fees(properties.feeBasisPoints(), properties.gstBasisPoints());
        this.accountId = properties.accountId();
        this.clock = clock;
    }

    /** A webhook to send: the event name and its body before serialisation. */
    public record Event(String name, Map<String, Object> body) {
    }

    /** What a change answers: the entity as the API shows it now, and the events it raised. */
    public record Change(Map<String, Object> entity, List<Event> events) {
    }

    /** How the person at the checkout ends the payment. */
    public enum Outcome { SUCCESS, FAIL }

    /** Whether a successful payment is captured at once (the account default) or waits for the capture API. */
    public enum Capture { AUTOMATIC, MANUAL }

    public synchronized Map<String, Object> createOrder(Object amount, String currency, String receipt, Object notes) {
        long paise = paise(amount, "amount");
        if (paise < MINIMUM_PAISE) {
            throw RazorpayError.badRequest("The amount must be at least INR 1.00", "amount");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw RazorpayError.badRequest("The currency must be a 3-letter ISO code", "currency");
        }
        if (receipt != null && receipt.length() > MAX_RECEIPT_LENGTH) {
            throw RazorpayError.badRequest("receipt may not be greater than 40 characters", "receipt");
        }
        Order order = new Order(id("order_"), paise, currency, receipt, notes(notes), now());
        orders.put(order.id, order);
        return order.json();
    }

    public synchronized Map<String, Object> order(String id) {
        return find(orders, id).json();
    }

    /** Newest first, like Razorpay's lists; only {@code receipt} filters. */
    public synchronized List<Map<String, Object>> orders(String receipt) {
        List<Map<String, Object>> found = new ArrayList<>();
        orders.values().stream().filter(order -> receipt == null || receipt.equals(order.receipt))
                .forEach(order -> found.addFirst(order.json()));
        return found;
    }

    public synchronized List<Map<String, Object>> paymentsOfOrder(String orderId) {
        find(orders, orderId);
        List<Map<String, Object>> found = new ArrayList<>();
        payments.values().stream().filter(payment -> payment.orderId.equals(orderId)).forEach(payment -> found.addFirst(payment.json()));
        return found;
    }

    public synchronized Map<String, Object> payment(String id) {
        return find(payments, id).json();
    }

    /**
     * Razorpay's side of Checkout: a new payment on the order, authorised and (by default) captured, or
     * failed at the bank. Events: payment.authorized, payment.captured, order.paid; or payment.failed.
     */
    public synchronized Change pay(String orderId, String method, Outcome outcome, Capture capture, String email, String contact) {
        Order order = find(orders, orderId);
        if (order.status.equals("paid")) {
            throw RazorpayError.badRequest("Order has already been paid; no more payments are accepted", "order_id");
        }
        Method paidWith = Method.parse(method);
        Payment payment = new Payment(id("pay_"), order, paidWith, email, contact, now());
        payments.put(payment.id, payment);
        order.attempts++;
        order.status = "attempted";
        List<Event> events = new ArrayList<>();
        if (outcome == Outcome.FAIL) {
            payment.status = "failed";
            payment.errorCode = "BAD_REQUEST_ERROR";
            payment.errorDescription = "Payment failed";
            payment.errorSource = "bank";
            payment.errorStep = "payment_authorization";
            payment.errorReason = "payment_failed";
            events.add(event("payment.failed", List.of("payment"), Map.of("payment", payment.json())));
            return new Change(payment.json(), events);
        }
        payment.status = "authorized";
        events.add(event("payment.authorized", List.of("payment"), Map.of("payment", payment.json())));
        if (capture == Capture.AUTOMATIC) {
            events.addAll(captured(payment, order));
        }
        return new Change(payment.json(), events);
    }

    /** {@code POST /v1/payments/{id}/capture}: the amount must be the authorised amount. */
    public synchronized Change capture(String paymentId, Object amount, String currency) {
        Payment payment = find(payments, paymentId);
        if (payment.captured) {
            throw RazorpayError.badRequest("This payment has already been captured", null);
        }
        if (!payment.status.equals("authorized")) {
            throw RazorpayError.badRequest("Only payments which have been authorized and not yet captured can be captured", null);
        }
        if (paise(amount, "amount") != payment.amount) {
            throw RazorpayError.badRequest("Capture amount must be equal to the amount authorized", "amount");
        }
        if (currency != null && !currency.equals(payment.currency)) {
            throw RazorpayError.badRequest("Currency should be same as that of the payment", "currency");
        }
        List<Event> events = captured(payment, orders.get(payment.orderId));
        return new Change(payment.json(), events);
    }

    private List<Event> captured(Payment payment, Order order) {
        payment.status = "captured";
        payment.captured = true;
        Fees.Charged charged = fees.on(payment.amount);
        payment.fee = charged.feeIncludingTax();
        payment.tax = charged.tax();
        order.status = "paid";
        order.amountPaid = payment.amount;
        List<Event> events = new ArrayList<>();
        events.add(event("payment.captured", List.of("payment"), Map.of("payment", payment.json())));
        Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
        entities.put("payment", payment.json());
        entities.put("order", order.json());
        events.add(event("order.paid", List.of("payment", "order"), entities));
        return events;
    }

    /**
     * {@code POST /v1/payments/{id}/refund} with {@code X-Refund-Idempotency}: the same key and body answer
     * the first refund again, the same key with another body is refused. The refund starts {@code pending}
     * (refund.created) and is settled by {@link #settleRefund}.
     *
     * @param amount paise; null refunds what is left
     */
    public synchronized Change refund(String paymentId, Object amount, String speed, Object notes, String receipt, String idempotencyKey) {
        Payment payment = find(payments, paymentId);
        String fingerprint = paymentId + "|" + amount + "|" + speed + "|" + notes + "|" + receipt;
        if (idempotencyKey != null) {
            if (!idempotencyKey.matches("[A-Za-z0-9_-]{10,}")) {
                throw RazorpayError.badRequest("The idempotency key must be at least 10 characters of letters, digits, _ and -", "X-Refund-Idempotency");
            }
            IdempotentRefund earlier = refundsByKey.get(idempotencyKey);
            if (earlier != null) {
                if (!earlier.fingerprint.equals(fingerprint)) {
                    throw RazorpayError.badRequest("Different request with the same idempotency key has already been processed", null);
                }
                return new Change(refunds.get(earlier.refundId).json(), List.of());
            }
        }
        if (!payment.captured) {
            throw RazorpayError.badRequest("The payment has not been captured and cannot be refunded", null);
        }
        long left = payment.amount - payment.amountRefunded;
        if (left == 0) {
            throw RazorpayError.badRequest("The payment has been fully refunded already", null);
        }
        long paise = amount == null ? left : paise(amount, "amount");
        if (paise < MINIMUM_PAISE) {
            throw RazorpayError.badRequest("The refund amount must be at least INR 1.00", "amount");
        }
        if (paise > left) {
            throw RazorpayError.badRequest("The refund amount provided is greater than amount captured", "amount");
        }
        Refund refund = new Refund(id("rfnd_"), payment, paise, notes(notes), receipt, speed, now());
        refunds.put(refund.id, refund);
        if (idempotencyKey != null) {
            refundsByKey.put(idempotencyKey, new IdempotentRefund(fingerprint, refund.id));
        }
        payment.amountRefunded += paise;
        payment.refundStatus = payment.amountRefunded == payment.amount ? "full" : "partial";
        if (payment.amountRefunded == payment.amount) {
            payment.status = "refunded";
        }
        return new Change(refund.json(), List.of(refundEvent("refund.created", refund, payment)));
    }

    /** The bank confirms a refund: {@code processed}, refund.processed. Nothing if it is no longer pending. */
    public synchronized Optional<Event> settleRefund(String refundId) {
        Refund refund = find(refunds, refundId);
        if (!refund.status.equals("pending")) {
            return Optional.empty();
        }
        refund.status = "processed";
        refund.speedProcessed = "normal";
        refund.arn = "ARN" + id("").substring(0, 10).toUpperCase();
        return Optional.of(refundEvent("refund.processed", refund, payments.get(refund.paymentId)));
    }

    public synchronized Map<String, Object> refund(String id) {
        return find(refunds, id).json();
    }

    public synchronized List<Map<String, Object>> refundsOfPayment(String paymentId) {
        find(payments, paymentId);
        List<Map<String, Object>> found = new ArrayList<>();
        refunds.values().stream().filter(refund -> refund.paymentId.equals(paymentId)).forEach(refund -> found.addFirst(refund.json()));
        return found;
    }

    private Event refundEvent(String name, Refund refund, Payment payment) {
        Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
        entities.put("refund", refund.json());
        entities.put("payment", payment.json());
        return event(name, List.of("refund", "payment"), entities);
    }

    /** The envelope of FACTS.md §1; the event id travels only in the {@code x-razorpay-event-id} header. */
    private Event event(String name, List<String> contains, Map<String, Map<String, Object>> entities) {
        Map<String, Object> payload = new LinkedHashMap<>();
        entities.forEach((entityName, entity) -> payload.put(entityName, Map.of("entity", entity)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", "event");
        body.put("account_id", accountId);
        body.put("event", name);
        body.put("contains", contains);
        body.put("payload", payload);
        body.put("created_at", now());
        return new Event(name, body);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static <T> T find(Map<String, T> entities, String id) {
        T found = entities.get(id);
        if (found == null) {
            throw RazorpayError.notFound();
        }
        return found;
    }

    private static long paise(Object amount, String field) {
        if (amount instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        if (amount instanceof String text && text.matches("\\d{1,15}")) {
            return Long.parseLong(text);
        }
        throw RazorpayError.badRequest("The " + field + " must be an integer (paise)", field);
    }

    /** Razorpay sends empty notes as {@code []}, otherwise an object (FACTS.md §1). */
    private static Object notes(Object notes) {
        if (notes == null || notes instanceof List<?> list && list.isEmpty()) {
            return List.of();
        }
        if (!(notes instanceof Map<?, ?> map)) {
            throw RazorpayError.badRequest("notes must be an object", "notes");
        }
        if (map.size() > MAX_NOTES) {
            throw RazorpayError.badRequest("notes may have at most 15 keys", "notes");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String text = Objects.toString(value, "");
            if (text.length() > MAX_NOTE_LENGTH) {
                throw RazorpayError.badRequest("notes values may be at most 256 characters", "notes");
            }
            copy.put(String.valueOf(key), text);
        });
        return copy.isEmpty() ? List.of() : copy;
    }

    private static String id(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 14; i++) {
            id.append(ID_ALPHABET.charAt(IDS.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    @SuppressWarnings("unchecked")
    private static Object copyOf(Object notes) {
        return notes instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, String>) map) : List.of();
    }

    private record IdempotentRefund(String fingerprint, String refundId) {
    }

    /** The methods a person can pick at the checkout, with the fields Razorpay fills for each. */
    enum Method {
        UPI, CARD, NETBANKING, WALLET;

        static Method parse(String method) {
            if (method == null || method.isBlank()) {
                return UPI;
            }
            try {
                return valueOf(method.trim().toUpperCase());
            } catch (IllegalArgumentException unknown) {
                throw RazorpayError.badRequest("method must be one of upi, card, netbanking, wallet", "method");
            }
        }

        String razorpayName() {
            return name().toLowerCase();
        }
    }

    private static final class Order {
        final String id;
        final long amount;
        final String currency;
        final String receipt;
        final Object notes;
        final long createdAt;
        String status = "created";
        long amountPaid;
        int attempts;

        Order(String id, long amount, String currency, String receipt, Object notes, long createdAt) {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.receipt = receipt;
            this.notes = notes;
            this.createdAt = createdAt;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("entity", "order");
            json.put("amount", amount);
            json.put("amount_paid", amountPaid);
            json.put("amount_due", amount - amountPaid);
            json.put("currency", currency);
            json.put("receipt", receipt);
            json.put("offer_id", null);
            json.put("status", status);
            json.put("attempts", attempts);
            json.put("notes", copyOf(notes));
            json.put("created_at", createdAt);
            return json;
        }
    }

    private static final class Payment {
        final String id;
        final String orderId;
        final long amount;
        final String currency;
        final Method method;
        final String email;
        final String contact;
        final Object notes;
        final long createdAt;
        final String rrn;
        String status = "created";
        boolean captured;
        long amountRefunded;
        String refundStatus;
        Long fee;
        Long tax;
        String errorCode;
        String errorDescription;
        String errorSource;
        String errorStep;
        String errorReason;

        Payment(String id, Order order, Method method, String email, String contact, long createdAt) {
            this.id = id;
            this.orderId = order.id;
            this.amount = order.amount;
            this.currency = order.currency;
            this.method = method;
            this.email = email == null || email.isBlank() ? "client@example.test" : email;
            this.contact = contact == null || contact.isBlank() ? "+919800000000" : contact;
            this.notes = order.notes;
            this.createdAt = createdAt;
            this.rrn = String.valueOf(100_000_000_000L + Math.floorMod(id.hashCode(), 899_999_999_999L));
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("entity", "payment");
            json.put("amount", amount);
            json.put("currency", currency);
            json.put("status", status);
            json.put("order_id", orderId);
            json.put("invoice_id", null);
            json.put("international", false);
            json.put("method", method.razorpayName());
            json.put("amount_refunded", amountRefunded);
            json.put("refund_status", refundStatus);
            json.put("captured", captured);
            json.put("description", "Nakksha session");
            json.put("card_id", method == Method.CARD ? "card_" + id.substring(4) : null);
            if (method == Method.CARD) {
                Map<String, Object> card = new LinkedHashMap<>();
                card.put("id", "card_" + id.substring(4));
                card.put("entity", "card");
                card.put("name", "Test Client");
                card.put("last4", "1111");
                card.put("network", "Visa");
                card.put("type", "debit");
                card.put("issuer", null);
                card.put("international", false);
                card.put("emi", false);
                json.put("card", card);
            }
            json.put("bank", method == Method.NETBANKING ? "HDFC" : null);
            json.put("wallet", method == Method.WALLET ? "paytm" : null);
            json.put("vpa", method == Method.UPI ? "client@okexample" : null);
            json.put("email", email);
            json.put("contact", contact);
            json.put("notes", copyOf(notes));
            json.put("fee", fee);
            json.put("tax", tax);
            json.put("error_code", errorCode);
            json.put("error_description", errorDescription);
            json.put("error_source", errorSource);
            json.put("error_step", errorStep);
            json.put("error_reason", errorReason);
            Map<String, Object> acquirer = new LinkedHashMap<>();
            switch (method) {
                case UPI, CARD -> acquirer.put("rrn", status.equals("failed") ? null : rrn);
                case NETBANKING -> acquirer.put("bank_transaction_id", status.equals("failed") ? null : rrn);
                case WALLET -> acquirer.put("transaction_id", status.equals("failed") ? null : rrn);
            }
            json.put("acquirer_data", acquirer);
            json.put("created_at", createdAt);
            if (method == Method.UPI) {
                Map<String, Object> upi = new LinkedHashMap<>();
                upi.put("payer_account_type", "bank_account");
                upi.put("vpa", "client@okexample");
                json.put("upi", upi);
            }
            if (captured) {
                json.put("base_amount", amount);
                json.put("amount_transferred", 0);
            }
            return json;
        }
    }

    private static final class Refund {
        final String id;
        final String paymentId;
        final long amount;
        final String currency;
        final Object notes;
        final String receipt;
        final String speedRequested;
        final long createdAt;
        String status = "pending";
        String speedProcessed;
        String arn;

        Refund(String id, Payment payment, long amount, Object notes, String receipt, String speedRequested, long createdAt) {
            this.id = id;
            this.paymentId = payment.id;
            this.amount = amount;
            this.currency = payment.currency;
            this.notes = notes;
            this.receipt = receipt;
            this.speedRequested = speedRequested;
            this.createdAt = createdAt;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("entity", "refund");
            json.put("amount", amount);
            json.put("currency", currency);
            json.put("payment_id", paymentId);
            json.put("notes", copyOf(notes));
            json.put("receipt", receipt);
            Map<String, Object> acquirer = new LinkedHashMap<>();
            acquirer.put("arn", arn);
            json.put("acquirer_data", acquirer);
            json.put("created_at", createdAt);
            json.put("batch_id", null);
            json.put("status", status);
            // Present only when a speed was asked for (FACTS.md §5).
            if (speedRequested != null) {
                json.put("speed_processed", speedProcessed);
                json.put("speed_requested", speedRequested);
            }
            return json;
        }
    }
}
