package com.nakksha.schemas.serde;

import com.nakksha.schemas.store.SchemaStore;
import com.nakksha.schemas.store.SchemaVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Encodes events with Avro single-object encoding (marker {@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema, then the binary datum) and
 * decodes them into the current generated class, whichever schema version wrote them: one of the
 * history packaged in this jar or, for versions newer than this build, one that the writer
 * registered at run time (see {@link com.nakksha.schemas.store.SchemaTopic}). Thread-safe.
 */
public final class AvroEventCodec {

    private static final String EVENTS_PACKAGE = SchemaStore.EVENTS_NAMESPACE;
    private static final int HEADER_LENGTH = 10;
    private static final byte MARKER_FIRST = (byte) 0xC3;
    private static final byte MARKER_SECOND = (byte) 0x01;

    static {
        trustEventsPackage();
    }

    private final SchemaStore schemaStore;
    private final org.apache.avro.message.SchemaStore runtimeSchemas;
    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final Map<String, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();
    private final Set<Long> runtimeFingerprintsAdded = ConcurrentHashMap.newKeySet();

    /** A codec over the schema history packaged in this jar. */
    public AvroEventCodec() {
        this(SchemaStore.classpath());
    }

    public AvroEventCodec(SchemaStore schemaStore) {
        this(schemaStore, fingerprint -> null);
    }

    /**
     * A codec that asks {@code runtimeSchemas} for writer fingerprints the packaged history does not
     * have; it may block (e.g. read a topic) and returns {@code null} for a schema it cannot find.
     */
    public AvroEventCodec(SchemaStore schemaStore, org.apache.avro.message.SchemaStore runtimeSchemas) {
        this.schemaStore = schemaStore;
        this.runtimeSchemas = runtimeSchemas;
    }

    public byte[] encode(SpecificRecord event) {
        if (event == null) {
            throw new SerializationException("Cannot encode a null event");
        }
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(event.getClass(), type -> encoderFor(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encoder.encode(event, out);
        } catch (IOException | RuntimeException invalid) {
            throw new SerializationException("Cannot encode " + event.getSchema().getName() + ": " + invalid.getMessage(), invalid);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a single-object encoded event into its current generated class.
     *
     * @throws UnknownWriterSchemaException when the writer's fingerprint is known neither to the
     *         packaged history nor to the run-time schemas (yet); decoding later may succeed
     * @throws SerializationException when the bytes are not an event or cannot be read
     */
    public SpecificRecord decode(byte[] bytes) {
        long fingerprint = fingerprintOf(bytes);
        Optional<SchemaVersion> packaged = schemaStore.find(fingerprint);
        if (packaged.isPresent()) {
            return decode(bytes, packaged.get().eventName(), packaged.get().toString());
        }
        Schema resolved = runtimeSchemas.findByFingerprint(fingerprint);
        if (resolved == null) {
            throw new UnknownWriterSchemaException(fingerprint);
        }
        if (resolved.getType() != Schema.Type.RECORD || !EVENTS_PACKAGE.equals(resolved.getNamespace())) {
            throw new SerializationException("Writer schema " + resolved.getFullName() + " (fingerprint "
                    + Long.toHexString(fingerprint) + ") is not an event of " + EVENTS_PACKAGE);
        }
        String eventName = resolved.getName();
        BinaryMessageDecoder<SpecificRecord> decoder = decoders.computeIfAbsent(eventName, this::decoderFor);
        if (runtimeFingerprintsAdded.add(fingerprint)) {
            decoder.addSchema(resolved);
        }
        return decode(bytes, eventName, eventName + " (run-time schema " + Long.toHexString(fingerprint) + ")");
    }

    private SpecificRecord decode(byte[] bytes, String eventName, String writer) {
        BinaryMessageDecoder<SpecificRecord> decoder = decoders.computeIfAbsent(eventName, this::decoderFor);
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException corrupt) {
            throw new SerializationException("Cannot decode " + writer + ": " + describe(corrupt), corrupt);
        }
    }

    /** Decodes and checks the event type, for callers that know what they expect. */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> expectedType) {
        SpecificRecord event = decode(bytes);
        if (!expectedType.isInstance(event)) {
            throw new SerializationException("Expected " + expectedType.getSimpleName() + " but the message holds "
                    + event.getSchema().getName());
        }
        return expectedType.cast(event);
    }

    private static long fingerprintOf(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new SerializationException("Not an Avro single-object encoded event: "
                    + (bytes == null ? "null" : bytes.length + " bytes") + " is shorter than the 10-byte header");
        }
        if (bytes[0] != MARKER_FIRST || bytes[1] != MARKER_SECOND) {
            throw new SerializationException(String.format(
                    "Not an Avro single-object encoded event: header starts with %02X %02X instead of C3 01",
                    bytes[0], bytes[1]));
        }
        long fingerprint = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFFL);
        }
        return fingerprint;
    }

    private BinaryMessageEncoder<SpecificRecord> encoderFor(SpecificRecord event) {
        Schema schema = event.getSchema();
        long fingerprint = SchemaStore.fingerprint(schema);
        if (schemaStore.find(fingerprint).isEmpty()) {
            throw new SerializationException("Schema of " + schema.getFullName() + " is not in the schema history"
                    + " (fingerprint " + Long.toHexString(fingerprint) + "); consumers could not read it");
        }
        return new BinaryMessageEncoder<>(SpecificData.getForClass(event.getClass()), schema);
    }

    private BinaryMessageDecoder<SpecificRecord> decoderFor(String eventName) {
        Class<?> eventType = eventClass(eventName);
        // The generated class's own model carries its logical-type conversions (Instant, UUID).
        SpecificData model = SpecificData.getForClass(eventType);
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, model.getSchema(eventType));
        for (SchemaVersion version : schemaStore.versions(eventName)) {
            decoder.addSchema(version.schema());
        }
        return decoder;
    }

    private static Class<?> eventClass(String eventName) {
        String className = EVENTS_PACKAGE + "." + eventName;
        try {
            Class<?> type = Class.forName(className, true, AvroEventCodec.class.getClassLoader());
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                throw new SerializationException(className + " is not a generated Avro record");
            }
            return type;
        } catch (ClassNotFoundException missing) {
            throw new SerializationException("No generated class " + className + " for stored schema " + eventName, missing);
        }
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /**
     * Avro 1.12 refuses to instantiate classes outside its trusted set unless
     * {@code org.apache.avro.SERIALIZABLE_PACKAGES} names them; our own generated events are
     * trusted here so that no service needs that JVM flag. Other packages stay untrusted.
     */
    private static synchronized void trustEventsPackage() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof EventsPackage) {
            return;
        }
        ClassSecurityValidator.setGlobal(new EventsPackage(current));
    }

    private record EventsPackage(ClassSecurityPredicate fallback) implements ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return EVENTS_PACKAGE.equals(type.getPackageName()) || fallback.isTrusted(type);
        }

        @Override
        public void forbiddenClass(String className) {
            fallback.forbiddenClass(className);
        }
    }
}
