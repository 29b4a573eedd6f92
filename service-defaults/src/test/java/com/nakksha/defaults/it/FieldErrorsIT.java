package com.nakksha.defaults.it;

import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Field errors found by code, not by bean validation, answer as the same 400 problem (endpoints in {@link BirthdayController}). */
@NakkshaServiceTest(schema = "defaultsit")
class FieldErrorsIT {

    @Autowired
    WebTestClient web;

    @Test
    void everyFieldTheCodeRefusedIsNamedInOne400Problem() {
        web.get().uri("/api/v1/public/field-errors-it/birthday?year=last&name= ").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Invalid request")
                .jsonPath("$.detail").isEqualTo("Invalid fields: year, name")
                .jsonPath("$.errors[0].field").isEqualTo("year")
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
        web.get().uri("/api/v1/public/field-errors-it/birthday?year=1990&name=Asha").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.year").isEqualTo(1990);
    }
}
