package com.nakksha.defaults.it;

import java.time.Year;
import java.util.Map;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints whose input rules are checked by code, for {@link FieldErrorsIT}. */
@RestController
class BirthdayController {

    /** Collects every bad field with {@link FieldErrors}. */
    @GetMapping("/api/v1/public/field-errors-it/birthday")
    Mono<Map<String, Object>> birthday(@RequestParam String year, @RequestParam String name) {
        FieldErrors errors = new FieldErrors();
        Integer parsed = errors.parse("year", () -> Year.of(Integer.parseInt(year)).getValue());
        if (name.isBlank()) {
            errors.reject("name", "must not be blank");
        }
        errors.throwIfAny();
        return Mono.just(Map.of("year", parsed, "name", name));
    }

    /** A rule deep in domain code, thrown inside the reactive chain. */
    @GetMapping("/api/v1/public/field-errors-it/quantity")
    Mono<Integer> quantity(@RequestParam int quantity) {
        return Mono.fromCallable(() -> {
            if (quantity % 2 != 0) {
                throw new InvalidInputException("quantity", "must be even");
            }
            return quantity;
        });
    }
}
