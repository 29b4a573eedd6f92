package com.nakksha.defaults.input;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** {@link InputRules} for every service: JSON bodies, query and path parameters. */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class InputDefaultsAutoConfiguration {

    @Bean
    InputJsonDecoder inputJsonDecoder(JsonMapper mapper) {
        return new InputJsonDecoder(mapper);
    }

    @Bean
    RequestTextFilter requestTextFilter() {
        return new RequestTextFilter();
    }

    @Bean
    ListParameterBinding listParameterBinding() {
        return new ListParameterBinding();
    }

    @Bean
    RequestParameterConversions requestParameterConversions() {
        return new RequestParameterConversions();
    }
}
