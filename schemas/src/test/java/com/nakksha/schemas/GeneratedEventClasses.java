package com.nakksha.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/** Every record class avro-maven-plugin generated, found by listing the compiled package, not from our registry. */
public final class GeneratedEventClasses {

    private GeneratedEventClasses() {
    }

    public static Set<Class<? extends SpecificRecord>> all() {
        URL packageDirectory = GeneratedEventClasses.class.getClassLoader().getResource("com/nakksha/events");
        try (Stream<Path> files = Files.list(Path.of(packageDirectory.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> load("com.nakksha.events." + name.substring(0, name.length() - ".class".length())))
                    .filter(SpecificRecord.class::isAssignableFrom)
                    .map(type -> type.asSubclass(SpecificRecord.class))
                    .collect(Collectors.toCollection(() -> new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()))));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException(missing);
        }
    }
}
