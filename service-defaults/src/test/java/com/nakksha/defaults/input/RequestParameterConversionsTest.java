package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.springframework.format.support.DefaultFormattingConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParameterConversionsTest {

    private final DefaultFormattingConversionService conversions = conversions();

    private static DefaultFormattingConversionService conversions() {
        DefaultFormattingConversionService service = new DefaultFormattingConversionService();
        new RequestParameterConversions().addFormatters(service);
        return service;
    }

    @Test
    void bindsIsoDatesAndInstantsWithinTheSupportedYears() {
        assertThat(conversions.convert("2026-05-01", LocalDate.class)).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(conversions.convert("2026-05-01T09:30:00Z", Instant.class)).isEqualTo(Instant.parse("2026-05-01T09:30:00Z"));
        assertThat(conversions.convert("2026-05-01T15:00:00+05:30", Instant.class)).isEqualTo(Instant.parse("2026-05-01T09:30:00Z"));
    }

    @Test
    void refusesDatesAndInstantsOutsideTheSupportedYears() {
        assertThatThrownBy(() -> conversions.convert("+300000-01-01", LocalDate.class))
                .rootCause().isInstanceOf(InputRefusedException.class).hasMessage(InputRules.DATE_RANGE);
        assertThatThrownBy(() -> conversions.convert("+300000-01-01T00:00:00Z", Instant.class))
                .rootCause().isInstanceOf(InputRefusedException.class).hasMessage(InputRules.DATE_RANGE);
        assertThatThrownBy(() -> conversions.convert("1/5/26", LocalDate.class))
                .rootCause().isInstanceOf(InputRefusedException.class).hasMessageStartingWith("must be an ISO-8601");
    }
}
