package com.nakksha.infrastructure.process;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The JDK running this JVM and its class path, reused for Java children (the Kafka broker, the
 * launcher's services), so they run on the JDK the caller picked and find the broker jars.
 */
public record JavaRuntime(Path executable, String launcherClassPath) {

    public static JavaRuntime current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Absolute entries: the children run in another working directory. A jar's manifest
        // Class-Path (the executable launcher jar, Surefire's booter jar) is followed by the child JVM.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return new JavaRuntime(java, classPath);
    }
}
