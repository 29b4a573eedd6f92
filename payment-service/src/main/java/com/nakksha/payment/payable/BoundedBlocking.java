package com.nakksha.payment.payable;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where payment-service waits on reactive work from a thread that must wait (scheduler passes, Kafka
 * listeners): never longer than {@code nakksha.payment.blocking-timeout}, so a hung Razorpay or database
 * call cannot hold the thread, and the jobs behind it, forever. Work cut short is rolled back with its
 * transaction and stays where it was (a delivery waiting, a refund REQUESTED, an order open, an event
 * unacknowledged), so the next pass or the listener's retry takes it up again: nothing is dropped.
 */
@Component
public class BoundedBlocking {

    private static final Logger log = LoggerFactory.getLogger(BoundedBlocking.class);

    private final Duration timeout;
    private final MeterRegistry meters;

    BoundedBlocking(PaymentsProperties properties, MeterRegistry meters) {
        this.timeout = properties.blockingTimeout();
        this.meters = meters;
    }

    /**
     * Runs one pass of a scheduled job. A pass that fails or outlasts the timeout is logged and counted
     * ({@code nakksha.payments.job.failures}, tags {@code job} and {@code cause} timeout or error) and
     * left for the next pass; it never throws into the scheduler.
     */
    public void runPass(String job, Mono<?> pass) {
        try {
            pass.timeout(timeout).block();
        } catch (RuntimeException failure) {
            boolean timedOut = failure.getCause() instanceof TimeoutException;
            meters.counter("nakksha.payments.job.failures", "job", job, "cause", timedOut ? "timeout" : "error").increment();
            if (timedOut) {
                log.warn("Job {} did not finish within {}; what it had not done stays for its next pass", job, timeout);
            } else {
                log.warn("Job {} failed; what it had not done stays for its next pass: {}", job, failure.toString());
            }
        }
    }

    /**
     * Waits for {@code handling} for at most the timeout, without counting a failure: for work inside a
     * listener's {@link #counting} handling, which counts it.
     *
     * @throws RuntimeException the handling's own failure, or one caused by a {@link TimeoutException}
     */
    public void block(Mono<?> handling) {
        // The calling thread's trace, if any, goes into the Reactor context, so the outbox rows the handling appends carry it.
        handling.timeout(timeout).contextCapture().block();
    }

    /**
     * Runs a listener's handling of a poll's records (the inbox bounds each transaction). On failure it is counted
     * ({@code nakksha.payments.listener.failures}, tags {@code listener} and {@code cause}: timeout when a
     * {@link TimeoutException} is among its causes, else error) and thrown, so the listener's error handler retries
     * the record and, at last, dead-letters it.
     *
     * @throws RuntimeException the handling's own failure
     */
    public void counting(String listener, Runnable handling) {
        try {
            handling.run();
        } catch (RuntimeException failure) {
            boolean timedOut = false;
            for (Throwable cause = failure; cause != null && !timedOut; cause = cause.getCause() == cause ? null : cause.getCause()) {
                timedOut = cause instanceof TimeoutException;
            }
            meters.counter("nakksha.payments.listener.failures", "listener", listener, "cause", timedOut ? "timeout" : "error")
                    .increment();
            throw failure;
        }
    }
}
