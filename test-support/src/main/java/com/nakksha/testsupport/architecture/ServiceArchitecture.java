package com.nakksha.testsupport.architecture;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.nakksha.schemas.Topic;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules every service keeps (issue 7, "Rules, not habits"). A service's classes live in
 * its root package ({@code com.nakksha.<service>}); a <em>feature</em> is a direct subpackage of the
 * root together with its own subpackages ({@code com.nakksha.identity.login..}); classes directly in
 * the root (the application class, shared web advice) belong to no feature.
 *
 * <p>Each rule is built for one root package and checked against that service's main classes; see
 * {@link ServiceArchitectureTest} for the test every service runs.
 */
public final class ServiceArchitecture {

    /** Packages of HTTP, R2DBC and Avro (with the generated event classes), which domain classes must not touch. */
    static final String[] WEB_STORAGE_AND_WIRE_PACKAGES = {
            "org.springframework.web..", "org.springframework.http..",
            "io.r2dbc..", "org.springframework.r2dbc..", "org.springframework.data.r2dbc..",
            "org.apache.avro..", "com.nakksha.events.."};

    private static final String COMPONENT = "org.springframework.stereotype.Component";
    private static final String REPOSITORY = "org.springframework.stereotype.Repository";
    private static final String SPRING_DATA_REPOSITORY = "org.springframework.data.repository.Repository";
    private static final String ERROR_RESPONSE = "org.springframework.web.ErrorResponse";
    private static final String CONFIGURATION_PROPERTIES = "org.springframework.boot.context.properties.ConfigurationProperties";
    private static final String KAFKA_LISTENER = "org.springframework.kafka.annotation.KafkaListener";
    private static final String KAFKA_LISTENERS = "org.springframework.kafka.annotation.KafkaListeners";

    private ServiceArchitecture() {
    }

    /** All rules for the service rooted at {@code rootPackage}, in the order of the issue. */
    public static List<ArchRule> rules(String rootPackage) {
        return List.of(
                domainClassesUseNoWebStorageOrWireFormat(rootPackage),
                featuresReachOtherFeaturesThroughServices(rootPackage),
                featuresHaveNoCycles(rootPackage),
                listenersNameTopicsFromTheRegistry(),
                listenersReadOnlyTopicsTheRegistryGrantsThem(),
                listenersAreBatchListeners());
    }

    /**
     * Domain classes depend on no Spring web or HTTP type, no R2DBC type and no Avro type (generated
     * events included): those belong to the adapters that translate between the domain and the outside.
     *
     * <p>A <em>domain class</em> is every class of the service that is not an adapter. An adapter is
     * a Spring bean declared by a stereotype ({@code @Component} directly or through another
     * annotation: {@code @Service}, {@code @Repository}, {@code @RestController},
     * {@code @RestControllerAdvice}, {@code @Configuration}, {@code @SpringBootApplication}), a
     * {@code @ConfigurationProperties} type, a Spring Data repository, or an HTTP answer: a Spring
     * {@code ErrorResponse} such as the platform's {@code ProblemException}, whose subclasses state
     * their status by design. A nested class counts as part of its outermost class, so a request
     * record nested in a controller is adapter code. What remains are aggregates, values, events,
     * policies and the refusals they throw; none of them knows how it travels or where it is
     * stored. Adapters are told apart by annotations and supertypes, not by names, so renaming a
     * class does not move it out of the rule.
     */
    public static ArchRule domainClassesUseNoWebStorageOrWireFormat(String rootPackage) {
        return noClasses().that(domainClassesOf(rootPackage))
                .should().dependOnClassesThat().resideInAnyPackage(WEB_STORAGE_AND_WIRE_PACKAGES)
                .because("domain classes must not know HTTP, the database driver or the event wire format")
                .allowEmptyShould(true);
    }

    /**
     * A feature uses another feature through that feature's services, never through its repository.
     *
     * <p>A <em>repository</em> is a class annotated (directly or through another annotation) with
     * {@code @Repository}, a Spring Data repository, or a class whose name ends in
     * {@code Repository}; its nested types (the rows and searches it returns) are part of it. Only
     * classes of the repository's own feature may depend on it; the feature's service is what other
     * features call, so the feature keeps its transaction, event and invariant rules in one place.
     * One violation is reported per using class and repository.
     */
    public static ArchRule featuresReachOtherFeaturesThroughServices(String rootPackage) {
        return classes().that(classesOf(rootPackage))
                .should(useNoRepositoryOfAnotherFeature(rootPackage))
                .allowEmptyShould(true);
    }

    /**
     * No feature depends on another feature that depends back on it, directly or through others:
     * a two-way tie means neither can be understood, moved or split without the other.
     */
    public static ArchRule featuresHaveNoCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").namingSlices("feature $1")
                .should().beFreeOfCycles()
                .allowEmptyShould(true);
    }

    /**
     * Every {@code @KafkaListener} (on a method or a class) names its topics as they are registered
     * in {@link Topic}: each entry of {@code topics} and each {@code @TopicPartition#topic} must equal a
     * {@link Topic#topicName()} or {@link Topic#deadLetterTopicName()}, and {@code topicPattern} is
     * not used. Annotation values are compiled in as plain strings, so the check compares values: a
     * literal equal to a registered name passes, which is harmless because it is that name; any other
     * literal, a property placeholder or an expression fails.
     */
    public static ArchRule listenersNameTopicsFromTheRegistry() {
        return classes().should(nameOnlyRegisteredTopicsInKafkaListeners())
                .allowEmptyShould(true);
    }

    /**
     * Every {@code @KafkaListener} names its consumer group {@code <service>.<purpose>} (e.g.
     * {@code booking-service.payments}), and that service is one of {@link Topic#readers()} of every
     * topic the listener consumes. The registry's reader lists become the brokers' read ACLs
     * (deploy/k8s), so a consumer that is not declared there would be refused in production; this
     * rule refuses it in the build instead. Dead-letter topics are read by the re-drive command, not
     * by listeners, and are not checked here.
     */
    public static ArchRule listenersReadOnlyTopicsTheRegistryGrantsThem() {
        return classes().should(readOnlyTopicsTheRegistryGrants())
                .allowEmptyShould(true);
    }

    /**
     * Every {@code @KafkaListener} is a batch listener ({@code batch = "true"}) and hands its poll to
     * service-defaults' {@code Inbox.handleAll}: one transaction for the poll, the failing record alone
     * retried or dead-lettered. A record listener would commit once per record, which cost the
     * consumers and Postgres as much CPU as the booking that raised the events (issue 15).
     */
    public static ArchRule listenersAreBatchListeners() {
        return classes().should(new ArchCondition<JavaClass>("declare @KafkaListener with batch = \"true\"") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                checkBatch(javaClass.getDescription(), javaClass, events);
                javaClass.getMethods().forEach(method -> checkBatch(method.getDescription(), method, events));
            }
        }).allowEmptyShould(true);
    }

    private static void checkBatch(String where, HasAnnotations<?> element, ConditionEvents events) {
        for (JavaAnnotation<?> listener : listenersOn(element)) {
            if (!strings(listener.get("batch")).contains("true")) {
                events.add(SimpleConditionEvent.violated(element, where
                        + " is a record listener; declare batch = \"true\" and hand the poll to Inbox.handleAll"));
            }
        }
    }

    /** The feature of {@code javaClass}: the first package segment below the root, or "" for the root itself. */
    static String featureOf(String rootPackage, JavaClass javaClass) {
        String packageName = javaClass.getPackageName();
        if (!packageName.startsWith(rootPackage + ".")) {
            return "";
        }
        String below = packageName.substring(rootPackage.length() + 1);
        int dot = below.indexOf('.');
        return dot < 0 ? below : below.substring(0, dot);
    }

    static DescribedPredicate<JavaClass> domainClassesOf(String rootPackage) {
        return new DescribedPredicate<>("are domain classes of " + rootPackage + " (no stereotype, configuration properties, Spring Data repository or HTTP answer)") {
            @Override
            public boolean test(JavaClass javaClass) {
                return inService(rootPackage, javaClass) && !isAdapter(outermost(javaClass));
            }
        };
    }

    static DescribedPredicate<JavaClass> classesOf(String rootPackage) {
        return new DescribedPredicate<>("are classes of " + rootPackage) {
            @Override
            public boolean test(JavaClass javaClass) {
                return inService(rootPackage, javaClass);
            }
        };
    }

    private static boolean inService(String rootPackage, JavaClass javaClass) {
        String packageName = javaClass.getPackageName();
        return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
    }

    private static boolean isAdapter(JavaClass javaClass) {
        return annotatedOrMetaAnnotated(javaClass, COMPONENT)
                || javaClass.isAssignableTo(ERROR_RESPONSE)
                || annotatedOrMetaAnnotated(javaClass, CONFIGURATION_PROPERTIES)
                || javaClass.isAssignableTo(SPRING_DATA_REPOSITORY);
    }

    private static boolean isRepository(JavaClass javaClass) {
        return annotatedOrMetaAnnotated(javaClass, REPOSITORY)
                || javaClass.isAssignableTo(SPRING_DATA_REPOSITORY)
                || javaClass.getSimpleName().endsWith("Repository");
    }

    private static boolean annotatedOrMetaAnnotated(HasAnnotations<?> element, String annotationName) {
        return element.isAnnotatedWith(annotationName) || element.isMetaAnnotatedWith(annotationName);
    }

    private static JavaClass outermost(JavaClass javaClass) {
        JavaClass current = javaClass;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    private static ArchCondition<JavaClass> useNoRepositoryOfAnotherFeature(String rootPackage) {
        return new ArchCondition<>("use no repository of another feature") {
            @Override
            public void check(JavaClass user, ConditionEvents events) {
                String feature = featureOf(rootPackage, user);
                Map<String, Dependency> foreignRepositories = new LinkedHashMap<>();
                for (Dependency dependency : user.getDirectDependenciesFromSelf()) {
                    JavaClass target = outermost(dependency.getTargetClass());
                    if (inService(rootPackage, target) && isRepository(target) && !featureOf(rootPackage, target).equals(feature)) {
                        foreignRepositories.putIfAbsent(target.getName(), dependency);
                    }
                }
                foreignRepositories.forEach((repository, dependency) -> events.add(SimpleConditionEvent.violated(dependency,
                        user.getName() + " (feature '" + feature + "') uses repository " + repository + " of feature '"
                                + featureOf(rootPackage, outermost(dependency.getTargetClass()))
                                + "' instead of that feature's service, e.g. " + dependency.getDescription())));
            }
        };
    }

    private static ArchCondition<JavaClass> nameOnlyRegisteredTopicsInKafkaListeners() {
        Set<String> registered = Set.copyOf(Topic.namesWithDeadLetters());
        return new ArchCondition<>("name only topics registered in " + Topic.class.getName() + " in @KafkaListener") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                checkListeners(javaClass.getDescription(), javaClass, registered, events);
                javaClass.getMethods().forEach(method -> checkListeners(method.getDescription(), method, registered, events));
            }
        };
    }

    private static void checkListeners(String where, HasAnnotations<?> element, Set<String> registered, ConditionEvents events) {
        for (JavaAnnotation<?> listener : listenersOn(element)) {
            for (String topic : strings(listener.get("topics"))) {
                if (!registered.contains(topic)) {
                    events.add(SimpleConditionEvent.violated(element, where + " listens to '" + topic
                            + "', which is not a topic name registered in " + Topic.class.getName()));
                }
            }
            Optional<Object> pattern = listener.get("topicPattern");
            if (pattern.isPresent() && !String.valueOf(pattern.get()).isEmpty()) {
                events.add(SimpleConditionEvent.violated(element, where + " listens by topicPattern '" + pattern.get()
                        + "' instead of naming topics registered in " + Topic.class.getName()));
            }
            for (Object partition : array(listener.get("topicPartitions"))) {
                if (partition instanceof JavaAnnotation<?> topicPartition) {
                    for (String topic : strings(topicPartition.get("topic"))) {
                        if (!registered.contains(topic)) {
                            events.add(SimpleConditionEvent.violated(element, where + " listens to partitions of '" + topic
                                    + "', which is not a topic name registered in " + Topic.class.getName()));
                        }
                    }
                }
            }
        }
    }

    private static ArchCondition<JavaClass> readOnlyTopicsTheRegistryGrants() {
        return new ArchCondition<>("read only topics whose registered readers include the listener's service") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                checkReaders(javaClass.getDescription(), javaClass, events);
                javaClass.getMethods().forEach(method -> checkReaders(method.getDescription(), method, events));
            }
        };
    }

    private static void checkReaders(String where, HasAnnotations<?> element, ConditionEvents events) {
        for (JavaAnnotation<?> listener : listenersOn(element)) {
            String group = strings(listener.get("groupId")).stream().findFirst().orElse("");
            int dot = group.indexOf('.');
            if (dot <= 0 || !group.substring(0, dot).endsWith("-service")) {
                events.add(SimpleConditionEvent.violated(element, where + " has consumer group '" + group
                        + "'; name it <service>.<purpose>, e.g. booking-service.payments"));
                continue;
            }
            String service = group.substring(0, dot);
            for (String topicName : strings(listener.get("topics"))) {
                Arrays.stream(Topic.values())
                        .filter(topic -> topic.topicName().equals(topicName))
                        .filter(topic -> !topic.readers().contains(service))
                        .forEach(topic -> events.add(SimpleConditionEvent.violated(element, where + " consumes '"
                                + topicName + "' as " + service + ", which " + Topic.class.getName() + "."
                                + topic.name() + " does not list among its readers")));
            }
        }
    }

    private static List<JavaAnnotation<?>> listenersOn(HasAnnotations<?> element) {
        Stream<JavaAnnotation<?>> direct = element.getAnnotations().stream()
                .filter(annotation -> annotation.getRawType().getName().equals(KAFKA_LISTENER))
                .map(annotation -> (JavaAnnotation<?>) annotation);
        Stream<JavaAnnotation<?>> repeated = element.getAnnotations().stream()
                .filter(annotation -> annotation.getRawType().getName().equals(KAFKA_LISTENERS))
                .flatMap(container -> Arrays.stream(array(container.get("value"))))
                .filter(JavaAnnotation.class::isInstance)
                .map(annotation -> (JavaAnnotation<?>) annotation);
        return Stream.concat(direct, repeated).toList();
    }

    private static List<String> strings(Optional<Object> value) {
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof Object[] values) {
            return Arrays.stream(values).map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value.get()));
    }

    private static Object[] array(Optional<Object> value) {
        return value.filter(Object[].class::isInstance).map(Object[].class::cast).orElse(new Object[0]);
    }
}
