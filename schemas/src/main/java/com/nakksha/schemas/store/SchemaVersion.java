package com.nakksha.schemas.store;

import org.apache.avro.Schema;

/**
 * One stored version of an event's schema.
 *
 * @param eventName   simple name of the event record, e.g. {@code SessionBooked}
 * @param version     1 for the first version, counting up
 * @param schema      the full, self-contained writer schema of that version
 * @param fingerprint CRC-64-AVRO fingerprint of the schema's parsing canonical form, as written
 *                    into single-object encoded messages
 */
public record SchemaVersion(String eventName, int version, Schema schema, long fingerprint) {

    @Override
    public String toString() {
        return eventName + " v" + version;
    }
}
