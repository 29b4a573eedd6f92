package com.nakksha.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for events: any stored schema version is read into the current
 * generated class. Undecodable bytes raise {@link org.apache.kafka.common.errors.SerializationException}.
 */
public class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    private final AvroEventCodec codec;

    public AvroEventDeserializer() {
        this(new AvroEventCodec());
    }

    public AvroEventDeserializer(AvroEventCodec codec) {
        this.codec = codec;
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        // A null value is a tombstone, not an event.
        return data == null ? null : codec.decode(data);
    }
}
