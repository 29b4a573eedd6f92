package com.nakksha.payment.razorpay;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.razorpay.Order;
import com.razorpay.Payment;
import com.razorpay.RazorpayClient;
import com.razorpay.RazorpayException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import okhttp3.HttpUrl;
import org.json.JSONObject;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RazorpayGateway} through razorpay-java. Each blocking SDK call runs on Reactor's
 * boundedElastic scheduler under a timeout and the {@code razorpay} circuit breaker, which counts
 * only the calls Razorpay did not answer (a 4xx is an answer).
 */
public class RazorpaySdkGateway implements RazorpayGateway {

    static final String CIRCUIT_BREAKER = "razorpay";

    private static final Logger log = LoggerFactory.getLogger(RazorpaySdkGateway.class);

    private final RazorpayClient client;
    private final RazorpayProperties properties;
    private final HttpUrl baseUrl;
    private final CircuitBreaker breaker;
    private final JsonMapper json;
    private final Clock clock;

    public RazorpaySdkGateway(RazorpayProperties properties, CircuitBreakerRegistry breakers, JsonMapper json, Clock clock) {
        RazorpaySdkHttpClient.install();
        this.properties = properties;
        this.baseUrl = RazorpaySdkHttpClient.baseUrl(properties.baseUrl());
        this.json = json;
        this.clock = clock;
        // Opens when half of the last 20 calls (at least 10) went unanswered; a 4xx is an answer.
        this.breaker = breakers.circuitBreaker(CIRCUIT_BREAKER, CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .ignoreExceptions(RazorpayRejectedException.class)
                .build());
        try {
            this.client = new RazorpayClient(properties.keyId(), properties.keySecret());
        } catch (RazorpayException unusable) {
            throw new IllegalStateException("razorpay-java could not start: " + unusable.getMessage(), unusable);
        }
    }

    @Override
    public Mono<RazorpayOrder> createOrder(NewOrder order) {
        JSONObject request = new JSONObject()
                .put("amount", order.amountMinor())
                .put("currency", order.currency())
                .put("receipt", order.receipt())
                .put("notes", new JSONObject(order.notes()));
        return call("create order", null, () -> toOrder(client.orders.create(request)))
                .onErrorResume(RazorpayUnavailableException.class, unanswered -> findOrderByReceipt(order.receipt())
                        // The outage is what the client must hear, whatever the lookup answered.
                        .onErrorResume(lookupFailed -> Mono.just(Optional.empty()))
                        .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(unanswered))));
    }

    @Override
    public Mono<Optional<RazorpayOrder>> findOrderByReceipt(String receipt) {
        return call("find order", null, () -> {
            List<Order> orders = client.orders.fetchAll(new JSONObject().put("receipt", receipt));
            return orders.stream().map(RazorpaySdkGateway::toOrder).filter(found -> receipt.equals(found.receipt())).findFirst();
        });
    }

    @Override
    public Mono<ProviderPayment> fetchPayment(String providerPaymentId) {
        return call("fetch payment", null, () -> toPayment(client.payments.fetch(providerPaymentId)));
    }

    @Override
    public Mono<List<ProviderPayment>> paymentsOfOrder(String providerOrderId) {
        return call("fetch payments of order", null,
                () -> client.orders.fetchPayments(providerOrderId).stream().map(this::toPayment).toList());
    }

    @Override
    public Mono<ProviderPayment> capturePayment(String providerPaymentId, long amountMinor, String currency) {
        JSONObject request = new JSONObject().put("amount", amountMinor).put("currency", currency);
        return call("capture payment", null, () -> toPayment(client.payments.capture(providerPaymentId, request)));
    }

    @Override
    public Mono<RazorpayRefund> createRefund(String providerPaymentId, long amountMinor, String idempotencyKey,
                                             Map<String, String> notes) {
        JSONObject request = new JSONObject()
                .put("amount", amountMinor)
                .put("speed", "normal")
                .put("notes", new JSONObject(notes));
        return call("create refund", idempotencyKey, () -> {
            com.razorpay.Refund refund = client.payments.refund(providerPaymentId, request);
            JSONObject body = refund.toJson();
            return new RazorpayRefund(body.getString("id"), body.optString("payment_id", providerPaymentId),
                    body.optLong("amount", amountMinor), body.optString("status", "pending"));
        });
    }

    private <T> Mono<T> call(String what, String idempotencyKey, Callable<T> sdkCall) {
        // Restoring the caller's thread locals on the worker thread, so a failure's log line carries its trace.
        Mono<T> blocking = ContextThreadLocals.restoring(Mono.fromCallable(() -> {
            RazorpaySdkHttpClient.CallContext context = new RazorpaySdkHttpClient.CallContext(
                    baseUrl, properties.connectTimeout(), properties.timeout(), idempotencyKey);
            RazorpaySdkHttpClient.CALL.set(context);
            try {
                return sdkCall.call();
            } catch (RazorpayException failure) {
                throw classify(what, context.status, failure);
            } finally {
                RazorpaySdkHttpClient.CALL.remove();
            }
        })).subscribeOn(Schedulers.boundedElastic());
        return blocking
                .timeout(properties.timeout().plusMillis(250))
                .onErrorMap(TimeoutException.class,
                        slow -> new RazorpayUnavailableException("Razorpay did not answer " + what + " within " + properties.timeout(), slow))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(CallNotPermittedException.class,
                        open -> new RazorpayUnavailableException("Razorpay calls are paused after repeated failures", open));
    }

    private static RuntimeException classify(String what, int status, RazorpayException failure) {
        if (status >= 400 && status < 500 && status != 429) {
            return new RazorpayRejectedException(status, failure.getMessage());
        }
        log.warn("Razorpay {} failed (HTTP status {}): {}", what, status < 0 ? "none" : status, failure.getMessage());
        return new RazorpayUnavailableException("Razorpay could not " + what, failure);
    }

    private ProviderPayment toPayment(Payment payment) {
        return RazorpayPaymentEntity.read(json.readTree(payment.toJson().toString()), clock.instant());
    }

    private static RazorpayOrder toOrder(Order order) {
        JSONObject body = order.toJson();
        return new RazorpayOrder(body.getString("id"), body.optLong("amount"), body.optString("currency"),
                body.isNull("receipt") ? null : body.optString("receipt", null), body.optString("status"));
    }
}
