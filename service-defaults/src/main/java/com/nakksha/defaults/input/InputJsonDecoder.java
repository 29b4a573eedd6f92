package com.nakksha.defaults.input;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Reads JSON request bodies with the application's {@link JsonMapper} plus {@link InputJacksonModule}.
 * Only the server's decoder gets the rules: responses from Razorpay or other services read
 * through WebClient, and Kafka payloads, are not client input and may well hold line breaks.
 * Runs after Boot's codec configuration (order 0) so its decoder is the one replaced.
 */
public class InputJsonDecoder implements WebFluxConfigurer, Ordered {

    private final JsonMapper mapper;

    public InputJsonDecoder(JsonMapper mapper) {
        this.mapper = mapper.rebuild().addModule(new InputJacksonModule()).build();
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
