package com.nakksha.defaults.input;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.web.bind.WebDataBinder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListParameterBindingTest {

    enum Status { PENDING, CONFIRMED }

    @SuppressWarnings("unused")
    void filter(List<Status> status) {
    }

    private final WebDataBinder binder = binder();
    private final MethodParameter status = parameter();

    private static WebDataBinder binder() {
        WebDataBinder binder = new WebDataBinder(null);
        binder.setConversionService(new DefaultFormattingConversionService());
        new ListParameterBinding().splitLists(binder);
        return binder;
    }

    private static MethodParameter parameter() {
        try {
            return new MethodParameter(ListParameterBindingTest.class.getDeclaredMethod("filter", List.class), 0);
        } catch (NoSuchMethodException missing) {
            throw new IllegalStateException(missing);
        }
    }

    @Test
    void bindsCommaSeparatedValuesAndAnEmptyParameter() {
        assertThat(binder.convertIfNecessary("PENDING, CONFIRMED", List.class, status)).containsExactly(Status.PENDING, Status.CONFIRMED);
        assertThat(binder.convertIfNecessary("", List.class, status)).isEmpty();
    }

    @Test
    void refusesBlankElementsWhichSpringWouldBindAsNull() {
        for (String blank : List.of(" ", "PENDING, ", "PENDING,,CONFIRMED")) {
            assertThatThrownBy(() -> binder.convertIfNecessary(blank, List.class, status)).as(blank)
                    .isInstanceOf(TypeMismatchException.class)
                    .rootCause().isInstanceOf(InputRefusedException.class).hasMessage(ListParameterBinding.ListEditor.BLANK);
        }
    }

    @Test
    void refusesUnknownValues() {
        assertThatThrownBy(() -> binder.convertIfNecessary("PENDING,LOST", List.class, status)).isInstanceOf(TypeMismatchException.class);
    }
}
