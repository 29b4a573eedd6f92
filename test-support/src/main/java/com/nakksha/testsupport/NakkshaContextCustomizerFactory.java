package com.nakksha.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.MergedAnnotations;
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
            StartupScrape startup = new StartupScrape();
            context.getBeanFactory().registerSingleton(StartupScrape.BEAN_NAME, startup);
            context.addApplicationListener(startup);
        }
    }
}
