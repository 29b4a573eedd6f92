package com.nakksha.payment.checkout;

import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.payment.payable.Payable;
import com.nakksha.payment.payable.PayableService;
import com.nakksha.payment.razorpay.RazorpayGateway;
import com.nakksha.payment.razorpay.RazorpayProperties;
import com.nakksha.schemas.tokens.PaymentCapabilityToken;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The client's side of paying: an order for a payable it holds the payment capability of, and the
 * verification of what Razorpay Checkout handed back. The amount is always the payable's own.
 */
@Service
class CheckoutService {

    private static final String CHECKOUT_NAME = "Nakksha";
    private static final Duration ARRIVAL_POLL = Duration.ofMillis(50);

    private final PayableService payments;
    private final PaymentOrderRepository orders;
    private final RazorpayGateway razorpay;
    private final RazorpayProperties razorpayProperties;
    private final TransactionalOperator transactions;
    private final CheckoutProperties checkoutProperties;
    private final List<byte[]> tagKeys;
    private final Clock clock;

    CheckoutService(PayableService payments, PaymentOrderRepository orders,
                    RazorpayGateway razorpay, RazorpayProperties razorpayProperties, TransactionalOperator transactions,
                    CheckoutProperties checkoutProperties, Clock clock) {
        this.checkoutProperties = checkoutProperties;
        this.tagKeys = checkoutProperties.tagKeys();
        this.payments = payments;
        this.orders = orders;
        this.razorpay = razorpay;
        this.razorpayProperties = razorpayProperties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The payable's Razorpay order, made once: asking again returns the same order while it can be paid.
     *
     * A capability booking tagged for this payable ({@link PaymentCapabilityToken}) whose SessionBooked has
     * not arrived yet waits up to {@code nakksha.payment.checkout.payable-arrival-wait} for it; the replica
     * stays the only source of the amount and the payer.
     *
     * @throws NotFoundProblem when the payable is unknown or the capability is not its (so ids cannot be probed)
     * @throws PayableOnItsWayException when the capability is booking's for this payable but the payable has
     *         not arrived within the wait (503, retry)
     * @throws ConflictProblem when the payable is paid, abandoned, cancelled or below Razorpay's minimum
     */
    Mono<CheckoutRequests.CheckoutOrder> order(UUID payableId, String capability) {
        String presented = sha256Hex(capability);
        return payments.find(payableId)
                .switchIfEmpty(Mono.defer(() -> arriving(payableId, capability)))
                .filter(payable -> payable.grantsPaymentTo(presented))
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Payable " + payableId)))
                .flatMap(payable -> {
                    String refusal = payable.whyNotPayable();
                    if (refusal != null) {
                        return Mono.error(new ConflictProblem("Not payable", "This booking cannot be paid: " + refusal));
                    }
                    // The claim commits on its own, so a create that fails leaves a trace to look up by receipt;
                    // the row lock then lets one request at a time (for at most the Razorpay timeout) make the order.
                    return orders.claim(payable.id(), payable.amountMinor(), payable.currency(), now())
                            .flatMap(fresh -> transactions.transactional(orders.lock(payable.id())
                                    .flatMap(order -> order.created() ? Mono.just(order) : create(payable, order, fresh))))
                            .map(order -> answer(payable, order));
                });
    }

    /** The payable once it arrives, when booking issued the capability for it; empty (404) for anything else. */
    private Mono<Payable> arriving(UUID payableId, String capability) {
        if (!PaymentCapabilityToken.isIssuedFor(capability, payableId, tagKeys)) {
            return Mono.empty();
        }
        Duration wait = checkoutProperties.payableArrivalWait();
        return Mono.defer(() -> payments.find(payableId))
                .repeatWhenEmpty(polls -> polls.delayElements(ARRIVAL_POLL))
                .timeout(wait, Mono.error(() -> new PayableOnItsWayException(Duration.ofSeconds(1))));
    }

    /**
     * A fresh claim creates the order; a claim left behind by a create whose answer never came looks the
     * order up by receipt first, so Razorpay never holds two orders for one payable. The order's first
     * recording raises PaymentOrderOpened in the same transaction; asking again raises nothing.
     */
    private Mono<PaymentOrder> create(Payable payable, PaymentOrder order, boolean fresh) {
        RazorpayGateway.NewOrder request = new RazorpayGateway.NewOrder(order.amountMinor(), order.currency(), order.receipt(),
                Map.of("nakksha_payable_id", payable.id().toString(),
                        "nakksha_payable_type", payable.type().name(),
                        "nakksha_consultant_id", payable.consultantId().toString()));
        Mono<RazorpayGateway.RazorpayOrder> made = fresh
                ? razorpay.createOrder(request)
                : razorpay.findOrderByReceipt(order.receipt())
                        .flatMap(found -> found.map(Mono::just).orElseGet(() -> razorpay.createOrder(request)));
        return made.flatMap(razorpayOrder -> orders.created(order.id(), razorpayOrder.id(), now())
                .then(payments.orderOpened(payable, razorpayOrder.id(), order.amountMinor(), order.currency()))
                .thenReturn(new PaymentOrder(order.id(), order.payableId(), order.receipt(), razorpayOrder.id(),
                        order.amountMinor(), order.currency(), "CREATED")));
    }

    /**
     * Checks the Checkout signature (hex HMAC-SHA256 of {@code order_id|payment_id} with the key secret,
     * over the order id we stored), then asks Razorpay for the payment, since the browser is not trusted
     * for its status, and applies it as a webhook would, capturing it when it is only authorised.
     *
     * @throws InvalidInputException when the signature does not match or the payment is of another order
     * @throws NotFoundProblem when the order is not ours
     */
    Mono<CheckoutRequests.Verified> verify(CheckoutRequests.Verification verification) {
        return orders.findByRazorpayId(verification.razorpay_order_id())
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Order " + verification.razorpay_order_id())))
                .flatMap(order -> {
                    byte[] expected = hmac(razorpayProperties.keySecret(), order.razorpayOrderId() + "|" + verification.razorpay_payment_id());
                    if (!MessageDigest.isEqual(expected, hexOrEmpty(verification.razorpay_signature()))) {
                        return Mono.error(new InvalidInputException("razorpay_signature", "does not match the order and payment"));
                    }
                    return razorpay.fetchPayment(verification.razorpay_payment_id())
                            .flatMap(payment -> payment.providerOrderId().equals(order.razorpayOrderId())
                                    ? payments.applyAndFollowUp(payment, order.payableId())
                                    : Mono.error(new InvalidInputException("razorpay_payment_id", "belongs to another order")))
                            .then(payments.find(order.payableId()))
                            .map(payable -> new CheckoutRequests.Verified(payable.id(), payable.paymentState().name()));
                });
    }

    private CheckoutRequests.CheckoutOrder answer(Payable payable, PaymentOrder order) {
        int digits = Math.max(0, Currency.getInstance(payable.currency()).getDefaultFractionDigits());
        return new CheckoutRequests.CheckoutOrder(razorpayProperties.keyId(), order.razorpayOrderId(),
                BigDecimal.valueOf(order.amountMinor(), digits).toPlainString(), order.amountMinor(), order.currency(),
                CHECKOUT_NAME, payable.description(),
                new CheckoutRequests.Prefill(payable.payer().name(), payable.payer().email(), payable.payer().phone()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Lowercase hex SHA-256 of the capability's UTF-8 bytes: what booking puts in SessionBooked. */
    static String sha256Hex(String capability) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(capability.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }

    private static byte[] hexOrEmpty(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return new byte[0];
        }
    }
}
