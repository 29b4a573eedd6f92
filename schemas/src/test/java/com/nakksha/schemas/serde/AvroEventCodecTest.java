package com.nakksha.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nakksha.events.QuotationExpired;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionNoShow;
import com.nakksha.schemas.GeneratedEventClasses;
import com.nakksha.schemas.SampleEvents;
import com.nakksha.schemas.store.SchemaStore;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroEventCodecTest {

    private final AvroEventCodec codec = new AvroEventCodec();

    static Iterable<SpecificRecord> sampleEvents() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void roundTripsEveryEventType(SpecificRecord event) {
        byte[] bytes = codec.encode(event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long writerFingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(writerFingerprint).isEqualTo(SchemaStore.fingerprint(event.getSchema()));

        SpecificRecord decoded = codec.decode(bytes);
        assertThat(decoded).isInstanceOf(event.getClass()).isEqualTo(event);
    }

    @Test
    void samplesCoverEveryGeneratedEventType() {
        assertThat(SampleEvents.all().stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(GeneratedEventClasses.all());
    }

    @Test
    void decodesIntoTheExpectedTypeOrSaysWhatItHolds() {
        SpecificRecord completed = SampleEvents.all().stream().filter(SessionCompleted.class::isInstance).findFirst().orElseThrow();
        byte[] bytes = codec.encode(completed);

        assertThat(codec.decode(bytes, SessionCompleted.class)).isEqualTo(completed);
        assertThatThrownBy(() -> codec.decode(bytes, SessionNoShow.class))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Expected SessionNoShow but the message holds SessionCompleted");
    }

    @Test
    void rejectsGarbageBytes() {
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0x42;

        assertThatThrownBy(() -> codec.decode(garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Not an Avro single-object encoded event")
                .hasMessageContaining("instead of C3 01");
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xC3, 0x01, 7}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes is shorter than the 10-byte header");
        assertThatThrownBy(() -> codec.decode("{\"eventId\":\"x\"}".getBytes()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void rejectsAnUnknownWriterFingerprint() {
        byte[] bytes = codec.encode(SampleEvents.all().getFirst());
        bytes[9] ^= 0x5A;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UnknownWriterSchemaException.class)
                .hasMessageContaining("Unknown writer schema fingerprint");
    }

    @Test
    void decodesAWriterSchemaNewerThanThisBuildOnceTheRunTimeSchemasHaveIt() throws Exception {
        String current = SessionCompleted.getClassSchema().toString();
        Schema newer = new Schema.Parser().parse(current.substring(0, current.lastIndexOf(']'))
                + ",{\"name\":\"rating\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
        SessionCompleted completed = SampleEvents.all().stream()
                .filter(SessionCompleted.class::isInstance).map(SessionCompleted.class::cast).findFirst().orElseThrow();
        GenericRecord written = new GenericData.Record(newer);
        written.put("eventId", completed.getEventId().toString());
        written.put("occurredAt", completed.getOccurredAt().toEpochMilli());
        written.put("consultantId", completed.getConsultantId().toString());
        written.put("sessionId", completed.getSessionId().toString());
        written.put("rating", 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(written, bytes);
        Map<Long, Schema> registered = new ConcurrentHashMap<>();
        AvroEventCodec consumerCodec = new AvroEventCodec(SchemaStore.classpath(), registered::get);

        assertThatThrownBy(() -> consumerCodec.decode(bytes.toByteArray())).isInstanceOf(UnknownWriterSchemaException.class);
        registered.put(SchemaStore.fingerprint(newer), newer);
        assertThat(consumerCodec.decode(bytes.toByteArray())).isEqualTo(completed);
    }

    @Test
    void rejectsACorruptBodyBehindAValidHeader() {
        SpecificRecord booked = SampleEvents.all().stream()
                .filter(event -> event.getSchema().getName().equals("SessionBooked")).findFirst().orElseThrow();
        byte[] bytes = codec.encode(booked);
        byte[] truncated = Arrays.copyOf(bytes, 30);
        byte[] negativeLength = bytes.clone();
        // The first datum byte is the eventId string length (zig-zag varint); 0x01 decodes to -1.
        negativeLength[10] = 0x01;

        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageMatching("Cannot decode SessionBooked v\\d+: .*");
        assertThatThrownBy(() -> codec.decode(negativeLength))
                .isInstanceOf(SerializationException.class)
                .hasMessageMatching("Cannot decode SessionBooked v\\d+: .*");
    }

    @Test
    void refusesToEncodeAnEventWhoseSchemaIsNotInTheHistory() throws URISyntaxException {
        // This store only knows SessionCompleted.
        Path history = Path.of(getClass().getResource("/compat-fixtures/compatible").toURI());
        AvroEventCodec narrowCodec = new AvroEventCodec(SchemaStore.fromDirectory(history));
        QuotationExpired expired = SampleEvents.all().stream()
                .filter(QuotationExpired.class::isInstance).map(QuotationExpired.class::cast).findFirst().orElseThrow();

        assertThatThrownBy(() -> narrowCodec.encode(expired))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("com.nakksha.events.QuotationExpired is not in the schema history");
    }

    @Test
    void rejectsAnIncompleteEvent() {
        SessionCompleted incomplete = new SessionCompleted();

        assertThatThrownBy(() -> codec.encode(incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot encode SessionCompleted");
    }

    @Test
    void decodesWithoutTheSerializablePackagesSystemProperty() {
        // The surefire configuration of this module deliberately leaves the property out.
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
        SpecificRecord event = SampleEvents.all().get(5);

        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
        assertThat(SpecificData.get().getSchema(event.getClass())).isEqualTo(event.getSchema());
    }
}
