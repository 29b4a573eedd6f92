package com.nakksha.schemas.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.schemas.GeneratedEventClasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaStoreTest {

    private static final Path HISTORY = Path.of("src/main/avro-history");

    @Test
    void packagedHistoryResolvesEveryCompiledSchemaByFingerprint() {
        SchemaStore store = SchemaStore.classpath();

        assertThat(store.eventNames()).hasSize(GeneratedEventClasses.all().size());
        for (Class<? extends SpecificRecord> eventType : GeneratedEventClasses.all()) {
            Schema compiled = SpecificData.get().getSchema(eventType);
            long fingerprint = SchemaStore.fingerprint(compiled);

            assertThat(store.findByFingerprint(fingerprint)).as(eventType.getSimpleName()).isEqualTo(compiled);
            assertThat(store.find(fingerprint)).get()
                    .isEqualTo(store.latest(eventType.getSimpleName()).orElseThrow());
        }
    }

    @Test
    void packagedHistoryHoldsTheSameVersionsAsTheSourceDirectory() {
        SchemaStore packaged = SchemaStore.classpath();
        SchemaStore source = SchemaStore.fromDirectory(HISTORY);

        assertThat(packaged.eventNames()).containsExactlyInAnyOrderElementsOf(source.eventNames());
        for (String eventName : source.eventNames()) {
            assertThat(packaged.versions(eventName)).as(eventName).isEqualTo(source.versions(eventName));
        }
    }

    @Test
    void unknownFingerprintsAndEventsFindNothing() {
        SchemaStore store = SchemaStore.classpath();

        assertThat(store.find(0x1234_5678_9ABC_DEF0L)).isEmpty();
        assertThat(store.findByFingerprint(0x1234_5678_9ABC_DEF0L)).isNull();
        assertThat(store.versions("NoSuchEvent")).isEmpty();
    }

    @Test
    void refusesAHistoryWithAGap(@TempDir Path history) throws IOException {
        copyVersion(history, "SessionCompleted", 1);
        copyVersion(history, "SessionCompleted", 3);

        assertThatThrownBy(() -> SchemaStore.fromDirectory(history))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema history of SessionCompleted has a gap: v2.avsc is missing before v3.avsc");
    }

    @Test
    void refusesAVersionThatIsAnotherRecord(@TempDir Path history) throws IOException {
        Path directory = Files.createDirectories(history.resolve("SessionCompleted"));
        Files.copy(HISTORY.resolve("SessionNoShow/v1.avsc"), directory.resolve("v1.avsc"));

        assertThatThrownBy(() -> SchemaStore.fromDirectory(history))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be the record com.nakksha.events.SessionCompleted but is RECORD com.nakksha.events.SessionNoShow");
    }

    @Test
    void refusesStrayFiles(@TempDir Path history) throws IOException {
        copyVersion(history, "SessionCompleted", 1);
        Files.writeString(history.resolve("SessionCompleted/latest.avsc"), "{}");

        assertThatThrownBy(() -> SchemaStore.fromDirectory(history))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unexpected file in schema history of SessionCompleted (expected v<N>.avsc)");
    }

    @Test
    void refusesAnInvalidSchema(@TempDir Path history) throws IOException {
        Path directory = Files.createDirectories(history.resolve("SessionCompleted"));
        Files.writeString(directory.resolve("v1.avsc"), "{\"type\": \"record\", \"name\": \"SessionCompleted\"}");

        assertThatThrownBy(() -> SchemaStore.fromDirectory(history))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Invalid schema SessionCompleted v1");
    }

    private static void copyVersion(Path history, String eventName, int version) throws IOException {
        Path directory = Files.createDirectories(history.resolve(eventName));
        Files.copy(HISTORY.resolve(eventName + "/v1.avsc"), directory.resolve("v" + version + ".avsc"));
    }
}
