package com.nakksha.schemas.store;

import com.nakksha.schemas.Topic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every version of every event schema, kept as {@code <EventName>/v<N>.avsc}, indexed by the
 * CRC-64-AVRO fingerprint that single-object encoding writes in front of each message.
 */
public final class SchemaStore implements org.apache.avro.message.SchemaStore {

    public static final String EVENTS_NAMESPACE = "com.nakksha.events";
    public static final String CLASSPATH_ROOT = "avro-history";

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    private final Map<String, List<SchemaVersion>> versionsByEvent;
    private final Map<Long, SchemaVersion> versionsByFingerprint;

    private SchemaStore(Map<String, List<SchemaVersion>> versionsByEvent) {
        this.versionsByEvent = versionsByEvent;
        this.versionsByFingerprint = new LinkedHashMap<>();
        versionsByEvent.values().stream().flatMap(List::stream).forEach(this::indexByFingerprint);
    }

    /** The history packaged in this jar, for every event type a {@link Topic} carries. */
    public static SchemaStore classpath() {
        return PackagedHistory.STORE;
    }

    /**
     * Loads {@code avro-history/<EventName>/v1.avsc}, {@code v2.avsc}, ... for each event type
     * until the next version is missing. Probing by name works inside jars, where a resource
     * directory cannot be listed.
     */
    public static SchemaStore fromClasspath(ClassLoader classLoader, Collection<Class<? extends SpecificRecord>> eventTypes) {
        Map<String, List<SchemaVersion>> versions = new TreeMap<>();
        for (Class<? extends SpecificRecord> eventType : eventTypes) {
            String eventName = eventType.getSimpleName();
            List<SchemaVersion> eventVersions = new ArrayList<>();
            for (int version = 1; ; version++) {
                String resource = CLASSPATH_ROOT + "/" + eventName + "/v" + version + ".avsc";
                URL url = classLoader.getResource(resource);
                if (url == null) {
                    break;
                }
                eventVersions.add(parse(eventName, version, resource, readResource(url, resource)));
            }
            if (eventVersions.isEmpty()) {
                throw new IllegalStateException("No schema history for " + eventName + ": expected classpath resource "
                        + CLASSPATH_ROOT + "/" + eventName + "/v1.avsc");
            }
            versions.put(eventName, List.copyOf(eventVersions));
        }
        return new SchemaStore(versions);
    }

    /**
     * Loads a history directory with one sub-directory per event holding {@code v1.avsc} ...
     * {@code vN.avsc} without gaps.
     */
    public static SchemaStore fromDirectory(Path historyDirectory) {
        if (!Files.isDirectory(historyDirectory)) {
            throw new IllegalArgumentException("Schema history directory does not exist: " + historyDirectory);
        }
        Map<String, List<SchemaVersion>> versions = new TreeMap<>();
        for (Path eventDirectory : list(historyDirectory)) {
            if (!Files.isDirectory(eventDirectory)) {
                throw new IllegalStateException("Unexpected file in schema history (only event directories belong here): "
                        + eventDirectory);
            }
            String eventName = eventDirectory.getFileName().toString();
            versions.put(eventName, loadEventDirectory(eventName, eventDirectory));
        }
        return new SchemaStore(versions);
    }

    /** The version whose fingerprint this is, if the store knows it. */
    public Optional<SchemaVersion> find(long fingerprint) {
        return Optional.ofNullable(versionsByFingerprint.get(fingerprint));
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return find(fingerprint).map(SchemaVersion::schema).orElse(null);
    }

    /** All versions of an event, oldest first; empty when the event is unknown. */
    public List<SchemaVersion> versions(String eventName) {
        return versionsByEvent.getOrDefault(eventName, List.of());
    }

    public Optional<SchemaVersion> latest(String eventName) {
        List<SchemaVersion> versions = versions(eventName);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    public Set<String> eventNames() {
        return new LinkedHashSet<>(versionsByEvent.keySet());
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private void indexByFingerprint(SchemaVersion version) {
        SchemaVersion existing = versionsByFingerprint.get(version.fingerprint());
        if (existing != null && !existing.eventName().equals(version.eventName())) {
            throw new IllegalStateException(existing + " and " + version + " have the same fingerprint "
                    + Long.toHexString(version.fingerprint()));
        }
        // Versions that differ only in docs or defaults share a fingerprint; the newest one reads best.
        versionsByFingerprint.put(version.fingerprint(), version);
    }

    private static List<SchemaVersion> loadEventDirectory(String eventName, Path eventDirectory) {
        Map<Integer, Path> files = new TreeMap<>();
        for (Path file : list(eventDirectory)) {
            Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
            if (!matcher.matches()) {
                throw new IllegalStateException("Unexpected file in schema history of " + eventName
                        + " (expected v<N>.avsc): " + file);
            }
            files.put(Integer.parseInt(matcher.group(1)), file);
        }
        List<SchemaVersion> versions = new ArrayList<>();
        int expected = 1;
        for (Map.Entry<Integer, Path> file : files.entrySet()) {
            if (file.getKey() != expected) {
                throw new IllegalStateException("Schema history of " + eventName + " has a gap: v" + expected
                        + ".avsc is missing before v" + file.getKey() + ".avsc");
            }
            versions.add(parse(eventName, expected, file.getValue().toString(), readFile(file.getValue())));
            expected++;
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("Schema history of " + eventName + " is empty: " + eventDirectory);
        }
        return List.copyOf(versions);
    }

    private static SchemaVersion parse(String eventName, int version, String source, String json) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(json);
        } catch (SchemaParseException invalid) {
            throw new IllegalStateException("Invalid schema " + eventName + " v" + version + " (" + source + "): "
                    + invalid.getMessage(), invalid);
        }
        String expectedName = EVENTS_NAMESPACE + "." + eventName;
        if (schema.getType() != Schema.Type.RECORD || !schema.getFullName().equals(expectedName)) {
            throw new IllegalStateException("Schema " + eventName + " v" + version + " (" + source + ") must be the record "
                    + expectedName + " but is " + schema.getType() + " " + schema.getFullName());
        }
        return new SchemaVersion(eventName, version, schema, fingerprint(schema));
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot list " + directory, unreadable);
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read " + file, unreadable);
        }
    }

    private static String readResource(URL url, String resource) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read classpath resource " + resource, unreadable);
        }
    }

    /** Loaded on first use so that merely referencing the class costs nothing. */
    private static final class PackagedHistory {
        private static final SchemaStore STORE = fromClasspath(
                SchemaStore.class.getClassLoader(),
                Stream.of(Topic.values()).flatMap(topic -> topic.valueTypes().stream()).toList());
    }
}
