package com.nakksha.defaults.context;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Spring Boot's {@link DatabaseClient}, made again with the same connection factory and defaults, so
 * that its queries run without the Reactor context's thread-local keys ({@link DriverContext}).
 */
@AutoConfiguration
@ConditionalOnClass(DatabaseClient.class)
public class ContextPropagationAutoConfiguration {

    /** The name of Spring Boot's bean; a client a service makes itself is left as it is. */
    static final String BOOT_DATABASE_CLIENT = "r2dbcDatabaseClient";

    @Bean
    static BeanPostProcessor driverContextDatabaseClient() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DatabaseClient client && BOOT_DATABASE_CLIENT.equals(beanName)) {
                    return DatabaseClient.builder().connectionFactory(client.getConnectionFactory())
                            .executeFunction(new DriverContext()).build();
                }
                return bean;
            }
        };
    }
}
