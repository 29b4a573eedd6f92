package com.nakksha.defaults.context;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Sets the thread locals that travel in a subscriber's Reactor context (the current observation, so
 * the trace and span ids in the logging context and {@code Tracer.currentSpan()}; the request id in
 * the logging context) at the few places that need them. The platform runs Reactor's context
 * propagation in {@code limited} mode, which restores them only inside {@code handle} and {@code tap}:
 * {@code auto} restored them on every signal of every operator, a fifth of booking-service's CPU, most
 * of it per R2DBC backend message (issue 15).
 */
public final class ContextThreadLocals {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private ContextThreadLocals() {
    }

    /**
     * Sets the thread locals held in {@code context} on the current thread; closing the scope puts back
     * what was there before. Those the context does not hold are left as they are.
     */
    public static ContextSnapshot.Scope open(ContextView context) {
        return SNAPSHOTS.setThreadLocalsFrom(context);
    }

    /**
     * {@code source}, subscribed to with the subscriber's thread locals set and passing each of its
     * signals on with them set. Code that runs within the subscription (a {@code Mono.fromSupplier}, a
     * {@code defer}'s supplier) or downstream of a signal on the same thread sees them; code upstream of a
     * later signal, for instance after a database round trip, does not.
     */
    public static <T> Flux<T> restoring(Publisher<T> source) {
        return Flux.from(subscriber -> subscribeRestoring(source, subscriber));
    }

    /** {@link #restoring(Publisher)} for a {@link Mono}. */
    public static <T> Mono<T> restoring(Mono<T> source) {
        return Mono.fromDirect(subscriber -> subscribeRestoring(source, subscriber));
    }

    private static <T> void subscribeRestoring(Publisher<T> source, Subscriber<? super T> subscriber) {
        // Flux.from and Mono.fromDirect pass their subscriber through, and Reactor's are CoreSubscribers.
        @SuppressWarnings("unchecked")
        CoreSubscriber<? super T> actual = (CoreSubscriber<? super T>) subscriber;
        try (ContextSnapshot.Scope scope = open(actual.currentContext())) {
            source.subscribe(new Restoring<>(actual));
        }
    }

    /** Passes signals on with the thread locals set; offers a plain subscription, so no operator fuses across it. */
    private static final class Restoring<T> implements CoreSubscriber<T>, Subscription {

        private final CoreSubscriber<? super T> actual;
        private Subscription upstream;

        Restoring(CoreSubscriber<? super T> actual) {
            this.actual = actual;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(T value) {
            try (ContextSnapshot.Scope scope = open(actual.currentContext())) {
                actual.onNext(value);
            }
        }

        @Override
        public void onError(Throwable error) {
            try (ContextSnapshot.Scope scope = open(actual.currentContext())) {
                actual.onError(error);
            }
        }

        @Override
        public void onComplete() {
            try (ContextSnapshot.Scope scope = open(actual.currentContext())) {
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }
}
