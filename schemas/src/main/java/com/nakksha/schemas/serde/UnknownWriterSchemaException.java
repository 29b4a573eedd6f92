package com.nakksha.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A message names a writer schema (by fingerprint) that neither this build's schema history nor
 * the schema topic knows yet, typically because a producer with a newer schemas jar was deployed
 * first. The message is not at fault: decoding it again later succeeds once the writer's schema
 * is registered, so consumers retry instead of dead-lettering it.
 */
public class UnknownWriterSchemaException extends SerializationException {

    private final long fingerprint;

    public UnknownWriterSchemaException(long fingerprint) {
        super(String.format("Unknown writer schema fingerprint %016x: neither the schema history in this build nor the"
                + " schema topic has it yet (written with a newer schema, or not an event of this platform)", fingerprint));
        this.fingerprint = fingerprint;
    }

    /** The CRC-64-AVRO fingerprint from the message header. */
    public long fingerprint() {
        return fingerprint;
    }
}
