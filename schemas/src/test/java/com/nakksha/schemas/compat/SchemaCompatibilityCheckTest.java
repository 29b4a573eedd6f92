package com.nakksha.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.events.SessionCompleted;
import com.nakksha.schemas.SampleEvents;
import com.nakksha.schemas.serde.AvroEventCodec;
import com.nakksha.schemas.store.SchemaStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaCompatibilityCheckTest {

    private static final String REAL_HISTORY = "src/main/avro-history";

    @Test
    void realHistoryPasses() {
        SchemaStore history = SchemaStore.fromDirectory(Path.of(REAL_HISTORY));

        assertThat(SchemaCompatibilityCheck.compatibilityProblems(history)).isEmpty();
        assertThat(SchemaCompatibilityCheck.compiledSchemaProblems(history, getClass().getClassLoader())).isEmpty();
        SchemaCompatibilityCheck.main(new String[] {REAL_HISTORY});
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            added-field-without-default  | SessionCompleted v2 cannot read data written with v1: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/4
            removed-field-without-default| SessionCompleted v1 cannot read data written with v2: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/3
            changed-type                 | SessionCompleted v2 cannot read data written with v1: TYPE_MISMATCH at /fields/3/type
            """)
    void catchesAnIncompatibleVersion(String fixture, String expectedProblem) throws URISyntaxException {
        SchemaStore history = SchemaStore.fromDirectory(fixture(fixture));

        assertThat(SchemaCompatibilityCheck.compatibilityProblems(history))
                .anySatisfy(problem -> assertThat(problem).startsWith(expectedProblem));
        assertThatThrownBy(() -> SchemaCompatibilityCheck.main(new String[] {fixture(fixture).toString()}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(expectedProblem);
    }

    @Test
    void changedTypeIsCaughtInBothDirections() throws URISyntaxException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("changed-type"));

        assertThat(SchemaCompatibilityCheck.compatibilityProblems(history)).hasSize(2)
                .anySatisfy(problem -> assertThat(problem).startsWith("SessionCompleted v2 cannot read data written with v1"))
                .anySatisfy(problem -> assertThat(problem).startsWith("SessionCompleted v1 cannot read data written with v2"));
    }

    @Test
    void addingAnOptionalFieldWithADefaultIsCompatible() throws URISyntaxException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("compatible"));

        assertThat(SchemaCompatibilityCheck.compatibilityProblems(history)).isEmpty();
    }

    @Test
    void compiledClassesMustMatchTheNewestVersion() throws URISyntaxException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("compatible"));

        assertThat(SchemaCompatibilityCheck.compiledSchemaProblems(history, getClass().getClassLoader()))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("SessionCompleted: compiled schema differs from the newest history version v2; add it as v3.avsc"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("SessionBooked: carried by topic booking.session but has no schema history"));
    }

    @Test
    void oldAndNewVersionsReadEachOther() throws URISyntaxException, IOException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("compatible"));
        Schema v1 = history.versions("SessionCompleted").get(0).schema();
        Schema v2 = history.versions("SessionCompleted").get(1).schema();
        GenericRecord writtenWithV1 = new GenericData.Record(v1);
        writtenWithV1.put("eventId", "8d4c8a3e-8f53-4bb4-9a57-d1c3a4b5e6f7");
        writtenWithV1.put("occurredAt", 1_774_816_215_123L);
        writtenWithV1.put("consultantId", SampleEvents.CONSULTANT_ID.toString());
        writtenWithV1.put("sessionId", "0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90");
        GenericRecord writtenWithV2 = new GenericData.Record(v2);
        v1.getFields().forEach(field -> writtenWithV2.put(field.name(), writtenWithV1.get(field.name())));
        writtenWithV2.put("note", "Went well");

        GenericRecord v2ReadsV1 = reader(v2, v1).decode(writer(v1).encode(writtenWithV1));
        GenericRecord v1ReadsV2 = reader(v1, v2).decode(writer(v2).encode(writtenWithV2));

        assertThat(v2ReadsV1.get("note")).isNull();
        assertThat(v2ReadsV1.get("sessionId").toString()).isEqualTo("0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90");
        assertThat(v1ReadsV2.getSchema().getField("note")).isNull();
        assertThat(v1ReadsV2.get("sessionId").toString()).isEqualTo("0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90");
    }

    @Test
    void theCodecReadsANewerProducersVersionIntoTheCurrentClass() throws URISyntaxException, IOException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("compatible"));
        Schema v2 = history.versions("SessionCompleted").get(1).schema();
        GenericRecord fromNewerProducer = new GenericData.Record(v2);
        fromNewerProducer.put("eventId", "8d4c8a3e-8f53-4bb4-9a57-d1c3a4b5e6f7");
        fromNewerProducer.put("occurredAt", 1_774_816_215_123L);
        fromNewerProducer.put("consultantId", SampleEvents.CONSULTANT_ID.toString());
        fromNewerProducer.put("sessionId", "0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90");
        fromNewerProducer.put("note", "Went well");
        ByteBuffer bytes = writer(v2).encode(fromNewerProducer);

        SpecificRecord decoded = new AvroEventCodec(history).decode(toArray(bytes));

        assertThat(decoded).isEqualTo(SessionCompleted.newBuilder()
                .setEventId(UUID.fromString("8d4c8a3e-8f53-4bb4-9a57-d1c3a4b5e6f7"))
                .setOccurredAt(Instant.ofEpochMilli(1_774_816_215_123L))
                .setConsultantId(SampleEvents.CONSULTANT_ID)
                .setSessionId(UUID.fromString("0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90"))
                .build());
    }

    @Test
    void aNewerConsumerReadsWhatTheCurrentCodecWrites() throws URISyntaxException, IOException {
        SchemaStore history = SchemaStore.fromDirectory(fixture("compatible"));
        Schema v1 = history.versions("SessionCompleted").get(0).schema();
        Schema v2 = history.versions("SessionCompleted").get(1).schema();
        SpecificRecord current = SampleEvents.all().stream().filter(SessionCompleted.class::isInstance).findFirst().orElseThrow();

        GenericRecord readWithV2 = reader(v2, v1).decode(new AvroEventCodec().encode(current));

        assertThat(readWithV2.get("sessionId").toString()).isEqualTo(current.get(3).toString());
        assertThat(readWithV2.get("note")).isNull();
    }

    private static BinaryMessageEncoder<GenericRecord> writer(Schema schema) {
        return new BinaryMessageEncoder<>(GenericData.get(), schema);
    }

    private static BinaryMessageDecoder<GenericRecord> reader(Schema readerSchema, Schema writerSchema) {
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(GenericData.get(), readerSchema);
        decoder.addSchema(writerSchema);
        return decoder;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private Path fixture(String name) throws URISyntaxException {
        return Path.of(getClass().getResource("/compat-fixtures/" + name).toURI());
    }
}
