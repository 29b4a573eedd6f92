package com.nakksha.defaults.it;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.testsupport.NakkshaServiceTest;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a query runs without the Reactor context's thread-local keys (the driver's handle operators,
 * several per backend message, set none), while the code after it still finds them in its context.
 * A thread-local accessor of its own counts how often Reactor sets its key's thread local.
 */
@NakkshaServiceTest(schema = "defaultsit")
class DriverContextIT {

    private static final String KEY = "defaults-it.driver-context-probe";
    private static final ThreadLocal<String> probe = new ThreadLocal<>();
    private static final AtomicInteger sets = new AtomicInteger();

    @Autowired
    DatabaseClient database;

    @BeforeAll
    static void registerProbe() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, probe::get, value -> {
            sets.incrementAndGet();
            probe.set(value);
        }, probe::remove);
    }

    @AfterAll
    static void removeProbe() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Test
    void aQueryRunsWithoutTheThreadLocalKeysAndTheCodeAfterItKeepsThem() {
        assertThat(rowsSeeAndAfterSees(50)).containsExactly("none", "request-42");
    }

    @Test
    void theThreadLocalsSetForAQueryDoNotGrowWithItsRows() {
        sets.set(0);
        rowsSeeAndAfterSees(1);
        int forOneRow = sets.getAndSet(0);
        rowsSeeAndAfterSees(500);

        // Those left are set around getting and giving back the connection, and by the handle below.
        assertThat(sets).as("thread locals set from the probe's key for 500 rows").hasValue(forOneRow);
    }

    /** What the row mapper saw of the probe, and what the code after the query sees. */
    private List<String> rowsSeeAndAfterSees(int rows) {
        return database.sql("SELECT generate_series(1, :rows) AS n").bind("rows", rows)
                .map((row, metadata) -> Optional.ofNullable(probe.get()).orElse("none"))
                .all()
                .collectList()
                // Reactor sets the context's thread locals in handle.
                .<List<String>>handle((mapped, sink) -> sink.next(List.of(String.join(",", mapped.stream().distinct().toList()),
                        String.valueOf(probe.get()))))
                .contextWrite(context -> context.put(KEY, "request-42"))
                .block();
    }
}
