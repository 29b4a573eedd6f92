package com.nakksha.identity.token;

import com.nakksha.defaults.security.SecurityProperties;
import com.nakksha.defaults.security.TokenClaimsValidator;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import reactor.core.publisher.Flux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * identity-service checks tokens against its own key store instead of fetching its own JWKS over
 * HTTP; the rules are the platform's: RS256 only (no {@code none}, no HMAC with the public key),
 * a known {@code kid}, issuer, a required expiry, and claims that fit the audience.
 */
@Configuration(proxyBeanMethods = false)
class IdentityTokenDecoderConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(SigningKeys signingKeys, SecurityProperties security) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> jwt.getHeader().getKeyID() == null ? Flux.empty() : signingKeys.publishedKey(jwt.getHeader().getKeyID()))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
                        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null)))
                .build();
        decoder.setClaimSetConverter(TokenClaimsValidator.claimSetConverter());
        decoder.setJwtValidator(TokenClaimsValidator.platformValidator(security.issuer()));
        return decoder;
    }
}
