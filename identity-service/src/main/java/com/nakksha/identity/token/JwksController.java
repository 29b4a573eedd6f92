package com.nakksha.identity.token;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys every service verifies access tokens with. */
@RestController
class JwksController {

    private final SigningKeys signingKeys;

    JwksController(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> jwks() {
        // Short caching: a new key is published a while before it signs, so clients pick it up in time.
        return signingKeys.jwks().map(jwks -> ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(jwks.toJSONObject(true)));
    }
}
