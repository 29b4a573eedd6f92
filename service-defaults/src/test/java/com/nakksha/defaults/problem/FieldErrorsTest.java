package com.nakksha.defaults.problem;

import java.util.List;

import com.nakksha.defaults.problem.InvalidInputException.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class FieldErrorsTest {

    @Test
    void nothingRecordedThrowsNothing() {
        FieldErrors errors = new FieldErrors();

        Integer age = errors.parse("age", () -> 42);
        String nickname = errors.parseOptional("nickname", null, () -> {
            throw new IllegalArgumentException("never parsed");
        });

        assertThat(age).isEqualTo(42);
        assertThat(nickname).isNull();
        assertThatNoException().isThrownBy(errors::throwIfAny);
    }

    @Test
    void everyRefusedFieldIsNamedInOneException() {
        FieldErrors errors = new FieldErrors();

        Integer age = errors.parse("age", () -> {
            throw new IllegalArgumentException("must be a whole number");
        });
        errors.parseOptional("slug", "Bad Slug", () -> {
            throw new IllegalArgumentException("lowercase letters and dashes only");
        });
        errors.reject("email", "is taken");

        assertThat(age).isNull();
        assertThatThrownBy(errors::throwIfAny)
                .isInstanceOfSatisfying(InvalidInputException.class, invalid -> assertThat(invalid.violations()).containsExactly(
                        new Violation("age", "must be a whole number"),
                        new Violation("slug", "lowercase letters and dashes only"),
                        new Violation("email", "is taken")))
                .hasMessage("age: must be a whole number; slug: lowercase letters and dashes only; email: is taken");
    }

    @Test
    void anInvalidInputNamesAtLeastOneField() {
        assertThatThrownBy(() -> new InvalidInputException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
