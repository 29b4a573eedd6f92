package com.nakksha.defaults.input;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.format.support.DefaultFormattingConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestParameterConversionsTest {

    enum Status { PENDING, CONFIRMED }

    private final DefaultFormattingConversionService conversions = conversions();

    private static DefaultFormattingConversionService conversions() {
        DefaultFormattingConversionService service = new DefaultFormattingConversionService();
        new RequestParameterConversions().addFormatters(service);
        return service;
    }

    private static final TypeDescriptor STATUS_LIST = TypeDescriptor.collection(List.class, TypeDescriptor.valueOf(Status.class));

    @SuppressWarnings("unchecked")
    private List<Status> statuses(Object source) {
        return (List<Status>) conversions.convert(source, TypeDescriptor.forObject(source), STATUS_LIST);
    }

    @Test
    void bindsCommaSeparatedAndRepeatedEnumLists() {
        assertThat(statuses("PENDING, CONFIRMED")).containsExactly(Status.PENDING, Status.CONFIRMED);
        assertThat(statuses(List.of("PENDING", "CONFIRMED"))).containsExactly(Status.PENDING, Status.CONFIRMED);
        assertThat(statuses("")).isEmpty();
    }

    @Test
    void refusesBlankElementsInsteadOfBindingNull() {
        for (Object blank : List.<Object>of(" ", "PENDING, ", "PENDING,,CONFIRMED", List.of("PENDING", " "))) {
            assertThatThrownBy(() -> statuses(blank)).as("%s", blank)
                    .isInstanceOf(ConversionFailedException.class)
                    .hasRootCauseInstanceOf(InputRefusedException.class)
                    .rootCause().hasMessageStartingWith("must not contain blank values");
        }
    }

    @Test
    void refusesUnknownValuesNamingTheKnownOnes() {
        assertThatThrownBy(() -> statuses("PENDING,LOST"))
                .rootCause().isInstanceOf(InputRefusedException.class).hasMessage("must be one or more of [PENDING, CONFIRMED]");
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
