package com.nakksha.defaults.it;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;

import com.nakksha.testsupport.NakkshaServiceTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * bytea columns come back byte for byte, as {@code byte[]} and as {@link ByteBuffer}: in Postgres' binary format from
 * statements with parameters (service-defaults asks for binary results), in its text format from statements without,
 * which the driver sends as simple queries, through service-defaults' decoder (connection/ByteaTextCodecs) rather
 * than the driver's regular expression; bytes bound as parameters are still encoded by the driver.
 */
@NakkshaServiceTest(schema = "defaultsit")
class ByteaReadsIT {

    private static final byte[] EVERY_BYTE = new byte[512];

    static {
        for (int i = 0; i < EVERY_BYTE.length; i++) {
            EVERY_BYTE[i] = (byte) i;
        }
    }

    @Autowired
    DatabaseClient database;

    @Autowired
    ConnectionFactory connections;

    @Test
    void everyByteValueReadsBackAsBytesAndAsABuffer() {
        String hex = HexFormat.of().formatHex(EVERY_BYTE);

        byte[] bytes = database.sql("SELECT decode(:hex, 'hex') AS b").bind("hex", hex)
                .map(row -> row.get("b", byte[].class)).one().block();
        ByteBuffer buffer = database.sql("SELECT decode(:hex, 'hex') AS b").bind("hex", hex)
                .map(row -> row.get("b", ByteBuffer.class)).one().block();
        byte[] empty = database.sql("SELECT ''::bytea AS b").map(row -> row.get("b", byte[].class)).one().block();
        byte[] asText = database.sql("SELECT decode('%s', 'hex') AS b".formatted(hex))
                .map(row -> row.get("b", byte[].class)).one().block();

        String boundBytes = database.sql("SELECT encode(:b, 'hex') AS h").bind("b", EVERY_BYTE)
                .map(row -> row.get("h", String.class)).one().block();
        String boundBuffer = database.sql("SELECT encode(:b, 'hex') AS h").bind("b", ByteBuffer.wrap(EVERY_BYTE))
                .map(row -> row.get("h", String.class)).one().block();
        Boolean boundNull = database.sql("SELECT CAST(:b AS BYTEA) IS NULL AS n")
                .bind("b", org.springframework.r2dbc.core.Parameter.empty(byte[].class))
                .map(row -> row.get("n", Boolean.class)).one().block();

        assertThat(bytes).isEqualTo(EVERY_BYTE);
        assertThat(boundBytes).isEqualTo(hex);
        assertThat(boundBuffer).isEqualTo(hex);
        assertThat(boundNull).isTrue();
        assertThat(buffer).isEqualTo(ByteBuffer.wrap(EVERY_BYTE));
        assertThat(empty).isEmpty();
        assertThat(asText).isEqualTo(EVERY_BYTE);
    }

    @Test
    void resultsOfStatementsWithParametersArriveInBinaryWhateverTheSessionsTextFormat() {
        // In binary a bytea is its bytes whatever bytea_output says, and a timestamptz one long; in text the escape
        // format fails service-defaults' decoder. Results in binary are service-defaults' forceBinary (issue 15).
        Object[] values = withEscapeOutput(connection -> Mono.from(connection.createStatement(
                        "SELECT decode($1, 'hex') AS b, CAST($2 AS TIMESTAMPTZ) AS t")
                        .bind("$1", "00ff").bind("$2", "2026-12-05T10:15:30.123456Z").execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> new Object[] {
                        row.get("b", byte[].class), row.get("t", Instant.class)})))).block();

        assertThat((byte[]) values[0]).containsExactly(0x00, 0xff);
        assertThat(values[1]).isEqualTo(Instant.parse("2026-12-05T10:15:30.123456Z"));
    }

    @Test
    void theDecoderInUseIsServiceDefaultsOne() {
        // Only service-defaults' decoder names this: the driver's says "ByteBuf does not contain BYTEA hex format".
        // The select has no parameter, so the driver sends it as a simple query, whose results are always text.
        Mono<byte[]> escaped = withEscapeOutput(connection -> Mono.from(connection.createStatement(
                        "SELECT decode('00ff', 'hex') AS b").execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> row.get("b", byte[].class)))));

        assertThatThrownBy(escaped::block).hasMessageContaining("bytea value is not in the hex text format");
        // As many at once as the pool holds, so the connection the test used answers one of them.
        assertThat(Flux.range(0, 10)
                .flatMap(i -> database.sql("SELECT current_setting('bytea_output') AS o, pg_sleep(0.05)")
                        .map(row -> row.get("o", String.class)).one(), 10)
                .collectList().block())
                .as("every pooled connection's bytea_output afterwards").containsOnly("hex");
    }

    /**
     * {@code read} on a connection of its own inside a transaction with {@code bytea_output = 'escape'}, rolled back
     * whatever the outcome. SET LOCAL: the connection goes back to the pool the other test classes of this context
     * use, and a session-wide escape format left on it stopped their outbox relay (a CI run, 2026-12-03).
     */
    private <T> Mono<T> withEscapeOutput(Function<Connection, Mono<T>> read) {
        return Mono.usingWhen(Mono.from(connections.create()),
                connection -> Mono.from(connection.beginTransaction())
                        .thenMany(Flux.from(connection.createStatement("SET LOCAL bytea_output = 'escape'").execute())
                                .flatMap(result -> result.getRowsUpdated()))
                        .then(read.apply(connection))
                        .flatMap(value -> Mono.from(connection.rollbackTransaction()).thenReturn(value))
                        .onErrorResume(error -> Mono.from(connection.rollbackTransaction()).then(Mono.error(error))),
                Connection::close);
    }
}
