package com.nakksha.schemas.compat;

import com.nakksha.schemas.Topic;
import com.nakksha.schemas.store.SchemaStore;
import com.nakksha.schemas.store.SchemaVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Build-time guard of the schema history. Fails when a version of an event cannot read data
 * written by an earlier version or the other way round (so producers and consumers can be
 * deployed in any order), or when the compiled event classes differ from the newest stored
 * version (so every schema that reaches Kafka is in the history consumers resolve from).
 */
public final class SchemaCompatibilityCheck {

    private SchemaCompatibilityCheck() {
    }

    /** {@code args[0]}: the schema history directory, e.g. {@code src/main/avro-history}. */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: SchemaCompatibilityCheck <schema history directory>");
        }
        SchemaStore history = SchemaStore.fromDirectory(Path.of(args[0]));
        List<String> problems = new ArrayList<>(compatibilityProblems(history));
        problems.addAll(compiledSchemaProblems(history, SchemaCompatibilityCheck.class.getClassLoader()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Schema history check failed for " + args[0] + ":\n - "
                    + String.join("\n - ", problems));
        }
    }

    /** Every pair of versions of one event must read each other's data. */
    public static List<String> compatibilityProblems(SchemaStore history) {
        List<String> problems = new ArrayList<>();
        for (String eventName : history.eventNames()) {
            List<SchemaVersion> versions = history.versions(eventName);
            for (int newer = 1; newer < versions.size(); newer++) {
                for (int older = 0; older < newer; older++) {
                    check(versions.get(newer), versions.get(older)).ifPresent(problems::add);
                    check(versions.get(older), versions.get(newer)).ifPresent(problems::add);
                }
            }
        }
        return problems;
    }

    /**
     * Every event a topic carries has a history, every history belongs to a generated class, and
     * each class's compiled schema equals its newest history version exactly (docs included).
     */
    public static List<String> compiledSchemaProblems(SchemaStore history, ClassLoader classLoader) {
        List<String> problems = new ArrayList<>();
        Set<String> eventNames = new LinkedHashSet<>(history.eventNames());
        for (Topic topic : Topic.values()) {
            for (Class<? extends SpecificRecord> eventType : topic.valueTypes()) {
                if (history.versions(eventType.getSimpleName()).isEmpty()) {
                    problems.add(eventType.getSimpleName() + ": carried by topic " + topic.topicName()
                            + " but has no schema history; add " + eventType.getSimpleName() + "/v1.avsc with:\n"
                            + SchemaFormatter.format("json/pretty", SpecificData.get().getSchema(eventType)));
                }
            }
        }
        for (String eventName : eventNames) {
            SchemaVersion newest = history.latest(eventName).orElseThrow();
            Optional<Schema> compiled = compiledSchema(eventName, classLoader);
            if (compiled.isEmpty()) {
                problems.add(eventName + ": has a schema history but no generated class "
                        + SchemaStore.EVENTS_NAMESPACE + "." + eventName);
            } else if (!compiled.get().toString().equals(newest.schema().toString())) {
                problems.add(eventName + ": compiled schema differs from the newest history version v" + newest.version()
                        + "; add it as v" + (newest.version() + 1) + ".avsc (the check then proves it compatible):\n"
                        + SchemaFormatter.format("json/pretty", compiled.get()));
            }
        }
        return problems;
    }

    private static Optional<String> check(SchemaVersion reader, SchemaVersion writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String reasons = result.getResult().getIncompatibilities().stream()
                .map(incompatibility -> incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                        + incompatibility.getMessage())
                .collect(Collectors.joining("; "));
        return Optional.of(reader.eventName() + " v" + reader.version() + " cannot read data written with v"
                + writer.version() + ": " + reasons);
    }

    private static Optional<Schema> compiledSchema(String eventName, ClassLoader classLoader) {
        try {
            Class<?> type = Class.forName(SchemaStore.EVENTS_NAMESPACE + "." + eventName, false, classLoader);
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            return Optional.of(SpecificData.get().getSchema(type));
        } catch (ClassNotFoundException missing) {
            return Optional.empty();
        }
    }
}
