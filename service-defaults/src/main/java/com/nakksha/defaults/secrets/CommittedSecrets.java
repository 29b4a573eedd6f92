package com.nakksha.defaults.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Refuses to start a service outside the {@link LocalProfile local profile} while a secret property
 * (a password, secret, key, or an entry of a key map) holds a value that is committed to the
 * repository: a value written in the service's packaged {@code application.yaml/.yml/.properties}
 * (every profile document, e.g. the {@code local-dev} AES and link-token keys) or one of the
 * platform's derived development defaults (a database password equal to its schema name).
 * A committed value is public, so data encrypted or tokens sealed with it are not protected.
 */
public final class CommittedSecrets {

    private static final List<String> PACKAGED_CONFIG = List.of("application.yaml", "application.yml", "application.properties");
    /** The last name element says password, secret or key ({@code key-secret}, {@code api-key}, {@code tag-key}, {@code keys[0]}). */
    private static final Pattern SECRET_NAME = Pattern.compile("(^|.*[.\\-])(password|secret|key|keys)(\\[\\d+])?$");
    /** Or it is an entry of a key map ({@code nakksha.identity.encryption.keys.k1}). */
    private static final Pattern KEY_MAP_ENTRY = Pattern.compile("(^|.*[.\\-])keys\\.[^.]+$");

    private CommittedSecrets() {
    }

    /**
     * @param derivedDefaults property values the platform derives when nothing is configured
     *                        (service-defaults' connection defaults without the launcher's secrets file)
     * @throws IllegalStateException naming each offending property, when a profile other than
     *                               {@value LocalProfile#NAME} is active and any secret holds a committed value
     */
    public static void refuseOutsideLocalProfile(ConfigurableEnvironment environment, Map<String, Object> derivedDefaults) {
        if (environment.matchesProfiles(LocalProfile.NAME)) {
            return;
        }
        List<String> found = committedIn(environment, committedValues(derivedDefaults));
        if (!found.isEmpty()) {
            throw new IllegalStateException("Refusing to start outside the local profile (active: "
                    + String.join(",", environment.getActiveProfiles()) + ") with committed or default secrets in "
                    + String.join(", ", found) + ": set each to a generated secret (e.g. openssl rand -base64 32)");
        }
    }

    static boolean isSecretName(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replace('_', '.');
        return !normalized.endsWith("-id") && (SECRET_NAME.matcher(normalized).matches() || KEY_MAP_ENTRY.matcher(normalized).matches());
    }

    /** The effective secret properties whose value is one of {@code committed}, by name. */
    static List<String> committedIn(ConfigurableEnvironment environment, Set<String> committed) {
        Set<String> names = new LinkedHashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (isSecretName(name)) {
                        names.add(name);
                    }
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String name : names) {
            String value;
            try {
                value = environment.getProperty(name);
            } catch (IllegalArgumentException unresolvable) {
                continue;
            }
            if (value != null && committed.contains(value.strip())) {
                found.add(name);
            }
        }
        return found;
    }

    static Set<String> committedValues(Map<String, Object> derivedDefaults) {
        Map<String, Object> values = new LinkedHashMap<>(derivedDefaults);
        for (String file : PACKAGED_CONFIG) {
            Resource resource = new ClassPathResource(file);
            if (!resource.exists()) {
                continue;
            }
            PropertySourceLoader loader = file.endsWith(".properties") ? new PropertiesPropertySourceLoader() : new YamlPropertySourceLoader();
            try {
                for (PropertySource<?> document : loader.load(file, resource)) {
                    if (document instanceof EnumerablePropertySource<?> enumerable) {
                        for (String name : enumerable.getPropertyNames()) {
                            values.put(file + ":" + name, enumerable.getProperty(name));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the packaged " + file, e);
            }
        }
        Set<String> committed = new LinkedHashSet<>();
        values.forEach((name, value) -> {
            String text = value == null ? "" : value.toString().strip();
            if (isSecretName(name) && !text.isEmpty() && !text.contains("${")) {
                committed.add(text);
            }
        });
        return committed;
    }
}
