package com.nakksha.defaults.input;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** {@link InputRules} for every service: JSON bodies, query and path parameters. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class InputDefaultsAutoConfiguration {

    @Bean
    InputJacksonModule inputJacksonModule() {
        return new InputJacksonModule();
    }

    @Bean
    RequestTextFilter requestTextFilter() {
        return new RequestTextFilter();
    }

    @Bean
    RequestParameterConversions requestParameterConversions() {
        return new RequestParameterConversions();
    }
}
