package com.nakksha.identity.it;

import com.nakksha.identity.AbstractIdentityIT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway's Swagger UI reads each service's OpenAPI description. */
class ApiDescriptionIT extends AbstractIdentityIT {

    @Autowired
    WebTestClient web;

    @Test
    void theApiDescriptionIsPublishedWithoutAToken() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/v1/auth/signup']").exists()
                .jsonPath("$.paths['/api/v1/admin/consultants']").exists()
                .jsonPath("$.paths['/.well-known/jwks.json']").exists();
    }
}
