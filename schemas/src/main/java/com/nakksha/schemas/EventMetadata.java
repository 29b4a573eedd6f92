package com.nakksha.schemas;

import java.time.Instant;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Reads the fields every event carries, whatever its type. */
public final class EventMetadata {

    private EventMetadata() {
    }

    public static UUID eventId(SpecificRecord event) {
        return uuid(event, "eventId");
    }

    public static Instant occurredAt(SpecificRecord event) {
        Object value = value(event, "occurredAt");
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Long epochMillis) {
            return Instant.ofEpochMilli(epochMillis);
        }
        throw new IllegalArgumentException(
                event.getSchema().getFullName() + ".occurredAt is not a timestamp: " + value.getClass().getName());
    }

    public static UUID consultantId(SpecificRecord event) {
        return uuid(event, "consultantId");
    }

    private static UUID uuid(SpecificRecord event, String fieldName) {
        Object value = value(event, fieldName);
        if (value instanceof UUID uuid) {
            return uuid;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException notAUuid) {
            throw new IllegalArgumentException(
                    event.getSchema().getFullName() + "." + fieldName + " is not a UUID: '" + value + "'", notAUuid);
        }
    }

    private static Object value(SpecificRecord event, String fieldName) {
        Schema.Field field = event.getSchema().getField(fieldName);
        if (field == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no field " + fieldName);
        }
        Object value = event.get(field.pos());
        if (value == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + "." + fieldName + " is not set");
        }
        return value;
    }
}
