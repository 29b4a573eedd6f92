package com.nakksha.defaults.context;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.r2dbc.core.ExecuteFunction;

/**
 * Runs the R2DBC driver's part of a query (executing it, reading its results, mapping its rows) on a
 * Reactor context without the keys that Reactor sets thread locals from. Even in {@code limited} mode
 * Reactor sets them in every {@code handle} operator, and r2dbc-postgresql handles each backend
 * message in several: about 100 times per booking request, each opening and closing an observation
 * scope. The driver and our row mappers log nothing that needs them; what runs downstream of a query
 * keeps the whole context.
 */
final class DriverContext implements ExecuteFunction {

    @Override
    public Publisher<? extends Result> execute(Statement statement) {
        return Flux.from(statement.execute()).<Result>map(WithoutThreadLocals::new).contextWrite(DriverContext::withoutThreadLocals);
    }

    static Context withoutThreadLocals(Context context) {
        Context stripped = context;
        // Read each time: accessors are registered as their classes load (the request id's by RequestIdFilter).
        for (ThreadLocalAccessor<?> accessor : ContextRegistry.getInstance().getThreadLocalAccessors()) {
            stripped = stripped.delete(accessor.key());
        }
        return stripped;
    }

    /** Keeps a Mono a Mono: the driver may rely on its publisher being read to the end, never cancelled after one item. */
    static <T> Publisher<T> withoutThreadLocals(Publisher<T> driver) {
        if (driver instanceof Mono<T> mono) {
            return mono.contextWrite(DriverContext::withoutThreadLocals);
        }
        return Flux.from(driver).contextWrite(DriverContext::withoutThreadLocals);
    }

    /** A result whose publishers run without the thread locals' keys. */
    private record WithoutThreadLocals(Result result) implements Result {

        @Override
        public Publisher<Long> getRowsUpdated() {
            return withoutThreadLocals(result.getRowsUpdated());
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return withoutThreadLocals(result.<T>map(mapping));
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return withoutThreadLocals(result.<T>map(mapping));
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            return new WithoutThreadLocals(result.filter(filter));
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return withoutThreadLocals(result.<T>flatMap(mapping));
        }
    }
}
