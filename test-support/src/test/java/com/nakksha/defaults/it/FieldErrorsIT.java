package com.nakksha.defaults.it;

import java.time.LocalDate;
import java.util.Map;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Field errors found by code, not by bean validation, answer as the same 400 problem. */
@NakkshaServiceTest(schema = "defaultsit")
class FieldErrorsIT {

    @RestController
    static class BirthdayController {

        /** Collects every bad field with {@link FieldErrors}. */
        @GetMapping("/api/v1/public/field-errors-it/birthday")
        Mono<Map<String, Object>> birthday(@RequestParam String day, @RequestParam String name) {
            FieldErrors errors = new FieldErrors();
            LocalDate parsed = errors.parse("day", () -> LocalDate.parse(day));
            if (name.isBlank()) {
                errors.reject("name", "must not be blank");
            }
            errors.throwIfAny();
            return Mono.just(Map.of("day", parsed.toString(), "name", name));
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

    @Autowired
    WebTestClient web;

    @Test
    void everyFieldTheCodeRefusedIsNamedInOne400Problem() {
        web.get().uri("/api/v1/public/field-errors-it/birthday?day=yesterday&name= ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.detail").isEqualTo("Invalid fields: day, name")
                .jsonPath("$.errors[0].field").isEqualTo("day")
                .jsonPath("$.errors[1].field").isEqualTo("name")
                .jsonPath("$.errors[1].message").isEqualTo("must not be blank");
    }

    @Test
    void anInvalidInputFromDomainCodeIsA400NamingTheField() {
        web.get().uri("/api/v1/public/field-errors-it/quantity?quantity=3").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("quantity")
                .jsonPath("$.errors[0].message").isEqualTo("must be even");
    }

    @Test
    void validInputPassesThrough() {
        web.get().uri("/api/v1/public/field-errors-it/birthday?day=2026-06-01&name=Asha").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.day").isEqualTo("2026-06-01");
    }
}
