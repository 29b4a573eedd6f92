package com.nakksha.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Points a {@link NakkshaServiceTest} context at the embedded infrastructure, and keeps its {@link StartupScrape}. */
public class NakkshaContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotation = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).get(NakkshaServiceTest.class);
        if (!annotation.isPresent()) {
            return null;
        }
        return new InfrastructureCustomizer(annotation.getString("schema"), annotation.getBoolean("sharedKafka"));
    }

    /**
     * One consumer-group identity for every context of this JVM, unless a test names its own. On its random port a
     * context would get a random one, and the test contexts of a JVM take turns (Spring pauses the one not in use,
     * stopping its consumers): a static member that stops does not leave its group, so the next context's consumers
     * waited out the paused one's 20 s session before the group gave them partitions (booking-service's tests, 17-19 s
     * at each switch of context). Under the same identity the coordinator hands them over at once.
     */
    private static String instanceId(Environment environment) {
        return environment.getProperty("spring.application.name", "application") + "-test-jvm-" + ProcessHandle.current().pid();
    }

    private record InfrastructureCustomizer(String schema, boolean sharedKafka) implements ContextCustomizer {

        @Override
        public void customizeContext(org.springframework.context.ConfigurableApplicationContext context,
                org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            TestInfrastructure.DatabaseAccess database = TestInfrastructure.provision(schema);
            Map<String, Object> properties = new HashMap<>(database.springProperties());
            if (sharedKafka) {
                properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafka().getBrokersAsString());
            }
            properties.put("nakksha.security.jwks-uri", TestInfrastructure.jwks().uri());
            properties.put("nakksha.security.issuer", TestTokens.ISSUER);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("nakksha-test-infrastructure", properties));
            // A short refresh of the consumers' metrics lets the boot contract see the per-partition lag within seconds.
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource("nakksha-test-instance",
                    Map.of("nakksha.kafka.instance-id", instanceId(context.getEnvironment()),
                            "nakksha.kafka.client-metrics-refresh", "1s")));
            StartupScrape startup = new StartupScrape();
            context.getBeanFactory().registerSingleton(StartupScrape.BEAN_NAME, startup);
            context.addApplicationListener(startup);
        }
    }
}
