package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * How query and path parameters are converted in every service, registered ahead of Spring's
 * defaults: dates and instants are ISO-8601 ({@code 2026-05-01}, {@code 2026-05-01T09:30:00Z}, an
 * offset instead of {@code Z} is fine) within {@link InputRules}' years.
 * Refusals are {@link InputRefusedException}s, answered as a 400 naming the parameter.
 */
public class RequestParameterConversions implements WebFluxConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, Instant.class, bounded(Instant::parse));
        registry.addConverter(String.class, LocalDate.class, bounded(LocalDate::parse));
        registry.addConverter(String.class, LocalDateTime.class, bounded(LocalDateTime::parse));
        registry.addConverter(String.class, OffsetDateTime.class, bounded(OffsetDateTime::parse));
        registry.addConverter(String.class, ZonedDateTime.class, bounded(ZonedDateTime::parse));
    }

    private static <T> Converter<String, T> bounded(Function<String, T> parser) {
        return text -> {
            if (text.isBlank()) {
                return null;
            }
            T value;
            try {
                value = parser.apply(text.trim());
            } catch (DateTimeParseException unparsable) {
                throw new InputRefusedException("must be an ISO-8601 date or time, e.g. 2026-05-01 or 2026-05-01T09:30:00Z");
            }
            String problem = InputRules.temporalProblem(value);
            if (problem != null) {
                throw new InputRefusedException(problem);
            }
            return value;
        };
    }
}
